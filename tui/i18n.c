/* The interface language (DESIGN.md 3, TUI.md 4).  gettext honours LANGUAGE under any locale
 * but C, and C.UTF-8 always exists on Debian, so cmte sets a UTF-8 locale and LANGUAGE itself,
 * whatever it inherits.  glibc 2.39 and later ignore LANGUAGE under C.UTF-8 as well:
 * the sentinel message "@lang", which the catalogue translates to its own folder's name
 * ("zh_CN"), shows whether gettext answers, and when it does not the .mo file is read by
 * tui/mo.c.  English needs no catalogue: the msgids are English. */
#define _POSIX_C_SOURCE 200809L

#include "tui/i18n.h"

#include <langinfo.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tui/mo.h"
#include "tui/program.h"

#ifndef CMTE_PREFIX
#define CMTE_PREFIX "/usr/local"
#endif

/* TRANSLATORS: never shown.  Translate it to the name of the catalogue's folder ("zh_CN"):
   cmte asks for it at start-up to check that the catalogue answers. */
#define SENTINEL N_("@lang")

enum { CATALOGUE_MAX = PATH_MAX + 64, WHY_MAX = 400 };

/* Per language: the name of its catalogue's folder, which is also what LANGUAGE is set to
 * and what the catalogue translates SENTINEL to; and its name in the warning when that
 * catalogue does not answer (NULL: the msgids are in this language). */
static const struct language {
    const char *code;
    const char *name;
} languages[] = {
    [LANG_ZH] = {"zh_CN", "Chinese"},
    [LANG_EN] = {"en", NULL},
};

static struct {
    enum i18n_source source;
    struct mo_catalog *reader;     /* I18N_READER */
    char catalogue[CATALOGUE_MAX]; /* the .mo file in use, "" for none */
} state;

/* ---- the locale ---- */

/* "xx_YY.UTF-8", "C.utf8", ... */
static bool names_utf8(const char *locale)
{
    const char *dot = locale ? strchr(locale, '.') : NULL;
    if (!dot) return false;
    size_t n = strcspn(dot + 1, "@");
    return (n == 5 && strncasecmp(dot + 1, "UTF-8", 5) == 0) ||
           (n == 4 && strncasecmp(dot + 1, "UTF8", 4) == 0);
}

/* The environment's locale when it is UTF-8, else C.UTF-8 (TUI.md 1.2, 4.1).  Only LC_CTYPE
 * (wide characters) and LC_MESSAGES: LC_NUMERIC stays "C" for printf and strtod. */
static void use_utf8_locale(void)
{
    if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    if (!names_utf8(setlocale(LC_MESSAGES, ""))) setlocale(LC_MESSAGES, "C.UTF-8");
}

/* ---- finding the catalogue ---- */

/* The folder `locale` beside the running program (the build folder holds one). */
static bool locale_beside_program(char *out, size_t size)
{
    static const char tail[] = "/locale";
    if (!program_dir(out, size)) return false;
    size_t n = strlen(out);
    if (n + sizeof tail > size) return false;
    memcpy(out + n, tail, sizeof tail);
    return true;
}

/* dir/code/LC_MESSAGES/cmte.mo, when that file can be read; dir and path absolute. */
static bool catalogue_in(const char *dir, const char *code, char *abs_dir, char *path, size_t size)
{
    if (!realpath(dir, abs_dir)) return false;
    int n = snprintf(path, size, "%s/%s/LC_MESSAGES/%s.mo", abs_dir, code, I18N_DOMAIN);
    return n > 0 && (size_t)n < size && access(path, R_OK) == 0;
}

/* The first folder holding code's catalogue: $CMTE_LOCALEDIR alone when it is set, else
 * the one beside the program, then PREFIX/share/locale. */
static bool find_catalogue(const char *code, char dir[static PATH_MAX], char *path, size_t size)
{
    const char *env = getenv("CMTE_LOCALEDIR");
    char beside[PATH_MAX];
    if (env && *env) return catalogue_in(env, code, dir, path, size);
    if (locale_beside_program(beside, sizeof beside) && catalogue_in(beside, code, dir, path, size))
        return true;
    return catalogue_in(CMTE_PREFIX "/share/locale", code, dir, path, size);
}

/* ---- the sources of translations ---- */

static void use_msgids(void)
{
    mo_close(state.reader);
    state.reader = NULL;
    state.source = I18N_NONE;
    state.catalogue[0] = '\0';
}

/* Point gettext at dir and ask it the sentinel.  textdomain() also tells gettext to forget
 * what it looked up before, in case LANGUAGE changed. */
static bool gettext_answers(const char *dir, const char *code)
{
    if (!bindtextdomain(I18N_DOMAIN, dir) || !bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") ||
        !textdomain(I18N_DOMAIN))
        return false;
    return strcmp(dgettext(I18N_DOMAIN, SENTINEL), code) == 0;
}

int i18n_use_reader(const char *path, char *err, size_t errlen)
{
    struct mo_catalog *c = mo_open(path, err, errlen);
    if (!c) return -1;
    if (!mo_lookup(c, SENTINEL)) {
        snprintf(err, errlen, "%s: no %s message", path, SENTINEL);
        mo_close(c);
        return -1;
    }
    use_msgids();
    state.reader = c;
    state.source = I18N_READER;
    snprintf(state.catalogue, sizeof state.catalogue, "%s", path);
    return 0;
}

/* English after all, with one line for the user saying so. */
static int fall_back(const struct language *l, const char *why, char *err, size_t errlen)
{
    use_msgids();
    setenv("LANGUAGE", languages[LANG_EN].code, 1);
    if (why)
        snprintf(err, errlen, "%s messages not usable: %s; using English", l->name, why);
    else
        snprintf(err, errlen, "%s messages not found; using English", l->name);
    return -1;
}

int i18n_init(enum ui_language lang, char *err, size_t errlen)
{
    const struct language *l = &languages[lang == LANG_EN ? LANG_EN : LANG_ZH];
    char dir[PATH_MAX], path[CATALOGUE_MAX], why[WHY_MAX];
    if (errlen > 0) err[0] = '\0';
    use_utf8_locale();
    use_msgids();
    setenv("LANGUAGE", l->code, 1);
    if (!l->name) return 0;
    if (!find_catalogue(l->code, dir, path, sizeof path)) return fall_back(l, NULL, err, errlen);
    if (gettext_answers(dir, l->code)) {
        state.source = I18N_GETTEXT;
        snprintf(state.catalogue, sizeof state.catalogue, "%s", path);
        return 0;
    }
    if (i18n_use_reader(path, why, sizeof why) == 0) return 0;
    return fall_back(l, why, err, errlen);
}

/* ---- translating ---- */

const char *i18n_gettext(const char *msgid)
{
    const char *t = NULL;
    if (*msgid == '\0') return msgid; /* "" is the catalogue's header */
    switch (state.source) {
    case I18N_GETTEXT:
        return dgettext(I18N_DOMAIN, msgid);
    case I18N_READER:
        t = mo_lookup(state.reader, msgid);
        break;
    case I18N_NONE:
        break;
    }
    return t ? t : msgid;
}

const char *i18n_core_err(enum core_err e)
{
    return i18n_gettext(core_err_message(e));
}

enum i18n_source i18n_source(void)
{
    return state.source;
}

const char *i18n_catalogue(void)
{
    return state.catalogue;
}
