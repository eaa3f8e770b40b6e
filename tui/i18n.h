/* Translatable text.  _() translates a message where it is used; N_() only marks a string
 * (in a static table) for the catalogue, and the code passes it through _() when it prints.
 *
 * The language is cmte's own choice ([ui] language or --lang), never the machine's locale:
 * i18n_init() sets a UTF-8 locale, points gettext at cmte's catalogue and checks that it
 * answers; when it does not (glibc 2.39 and later under C.UTF-8, TUI.md 4.3) the catalogue is
 * read directly (tui/mo.c).  Before i18n_init(), and in English, _() returns the msgid. */
#ifndef CMTE_TUI_I18N_H
#define CMTE_TUI_I18N_H

#include <stddef.h>

#include "core/core.h"
#include "tui/config.h"

#define _(s)  i18n_gettext(s)
#define N_(s) (s)

#define I18N_DOMAIN "cmte"

/* Where the translations come from. */
enum i18n_source {
    I18N_NONE,    /* nowhere: the msgids, in English */
    I18N_GETTEXT, /* libc's gettext */
    I18N_READER,  /* the built-in reader of the .mo file */
};

/* Set LC_CTYPE and LC_MESSAGES to a UTF-8 locale (C.UTF-8 when the environment gives none;
 * LC_NUMERIC stays "C"), set LANGUAGE, and find the catalogue of lang in the first of
 * $CMTE_LOCALEDIR (when set, the only place looked at), the folder `locale` beside the
 * running program, PREFIX/share/locale.  Returns 0; or -1 when Chinese was asked for and no
 * catalogue answers, with err = "Chinese messages not found; using English" (or "Chinese
 * messages not usable: PATH: reason; using English"), one line to show as a warning, and
 * English in use.  May be called again to change the language.  Nothing may call
 * setlocale(..., "") afterwards: under an inherited "C", wide characters and gettext would
 * stop working. */
int i18n_init(enum ui_language lang, char *err, size_t errlen);

/* The translation of msgid in the language chosen, or msgid itself. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));

/* A core error's message in the language chosen. */
const char *i18n_core_err(enum core_err e);

enum i18n_source i18n_source(void);

/* The catalogue in use (a .mo file), or "" in English. */
const char *i18n_catalogue(void);

/* Answer _() from the .mo file at path with the built-in reader, as i18n_init() does when
 * gettext does not answer (tests use it to try the reader where gettext works).
 * Returns 0, or -1 with err, leaving the current source in place. */
int i18n_use_reader(const char *path, char *err, size_t errlen);

#endif
