/* The interface language: the built-in .mo reader on the built catalogue and on hostile files,
 * the sentinel, every core error in Chinese, and the built binary choosing its language
 * itself (Chinese by default, whatever the environment's locale says). */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/spawn.h"
#include "tui/cli.h"
#include "tui/i18n.h"
#include "tui/mo.h"
#include "tui/text.h"
#include "tui/views.h"

static const char NOT_FOUND[] = "Chinese messages not found; using English";

/* ---- the built catalogue ---- */

static char locale_dir[4096]; /* dirname($CMTE_BIN)/locale */
static char catalogue[4200];  /* .../zh_CN/LC_MESSAGES/cmte.mo */

/* tests/run sets CMTE_BIN=BUILD/cmte; the Makefile builds BUILD/locale beside it. */
static int find_built_catalogue(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "CMTE_BIN is not set (tests/run sets it)\n");
        return -1;
    }
    const char *slash = strrchr(bin, '/');
    int n = slash ? (int)(slash - bin) : 1;
    snprintf(locale_dir, sizeof locale_dir, "%.*s/locale", n, slash ? bin : ".");
    snprintf(catalogue, sizeof catalogue, "%s/zh_CN/LC_MESSAGES/cmte.mo", locale_dir);
    return 0;
}

static void use_built_catalogue(void)
{
    assert_int_equal(setenv("CMTE_LOCALEDIR", locale_dir, 1), 0);
}

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("%s: cannot open", path);
    unsigned char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *size = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void reader_reads_the_built_catalogue(void **state)
{
    (void)state;
    char err[256] = "";
    struct mo_catalog *c = mo_open(catalogue, err, sizeof err);
    if (!c) fail_msg("%s", err);
    assert_string_equal(mo_lookup(c, "@lang"), "zh_CN");
    assert_string_equal(mo_lookup(c, "usage:"), "用法：");
    assert_null(mo_lookup(c, "no such message in the catalogue"));
    assert_true(mo_count(c) > 50);
    for (uint32_t i = 0; i < mo_count(c); i++) { /* each message is found by binary search */
        const char *id, *str;
        mo_entry(c, i, &id, &str);
        assert_non_null(id);
        assert_string_equal(mo_lookup(c, id), str);
    }
    const char *id, *str;
    mo_entry(c, mo_count(c), &id, &str);
    assert_null(id);
    mo_close(c);
}

/* Where gettext answers (glibc before 2.39), it and the reader agree on every message. */
static void reader_agrees_with_gettext(void **state)
{
    (void)state;
    char err[256];
    use_built_catalogue();
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
    if (i18n_source() != I18N_GETTEXT) skip();
    struct mo_catalog *c = mo_open(catalogue, err, sizeof err);
    assert_non_null(c);
    for (uint32_t i = 0; i < mo_count(c); i++) {
        const char *id, *str;
        mo_entry(c, i, &id, &str);
        if (*id) assert_string_equal(dgettext(I18N_DOMAIN, id), str);
    }
    mo_close(c);
}

/* ---- catalogues written here ---- */

struct fake_entry {
    const char *id, *str;
    size_t id_len, str_len; /* 0: strlen(); else with embedded NULs (plural forms) */
};

enum { FAKE_MAX = 1024 };

static void put32(unsigned char *p, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++) p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A catalogue of n messages (sorted by the caller) in either byte order; returns its size. */
static size_t fake_mo(unsigned char *buf, const struct fake_entry *m, uint32_t n, bool big)
{
    uint32_t orig = 28, trans = orig + 8 * n, at = trans + 8 * n;
    memset(buf, 0, FAKE_MAX);
    put32(buf, 0x950412deu, big);
    put32(buf + 8, n, big);
    put32(buf + 12, orig, big);
    put32(buf + 16, trans, big);
    for (uint32_t i = 0; i < n; i++) {
        size_t lens[2] = {m[i].id_len ? m[i].id_len : strlen(m[i].id),
                          m[i].str_len ? m[i].str_len : strlen(m[i].str)};
        const char *texts[2] = {m[i].id, m[i].str};
        uint32_t tables[2] = {orig, trans};
        for (int k = 0; k < 2; k++) {
            assert_true(at + lens[k] + 1 < FAKE_MAX);
            put32(buf + tables[k] + 8 * i, (uint32_t)lens[k], big);
            put32(buf + tables[k] + 8 * i + 4, at, big);
            memcpy(buf + at, texts[k], lens[k]);
            at += (uint32_t)lens[k] + 1;
        }
    }
    return at;
}

static const struct fake_entry fake_msgs[] = {
    {"", "Content-Type: text/plain; charset=UTF-8\n", 0, 0},
    {"@lang", "zh_CN", 0, 0},
    {"ballot", "\xe6\x8a\x95\xe7\xa5\xa8", 0, 0},         /* 投票 */
    {"seat\0seats", "\xe5\xba\xa7\xe5\xb8\xad\0", 10, 7}, /* a plural entry: one form */
};
enum { FAKE_MSGS = sizeof fake_msgs / sizeof fake_msgs[0] };

static void reader_reads_both_byte_orders(void **state)
{
    (void)state;
    unsigned char buf[FAKE_MAX];
    char err[256];
    for (int big = 0; big <= 1; big++) {
        size_t size = fake_mo(buf, fake_msgs, FAKE_MSGS, big);
        struct mo_catalog *c = mo_from_bytes(buf, size, "fake.mo", err, sizeof err);
        if (!c) fail_msg("%s", err);
        assert_string_equal(mo_lookup(c, "@lang"), "zh_CN");
        assert_string_equal(mo_lookup(c, "ballot"), "投票");
        assert_string_equal(mo_lookup(c, "seat"), "座席");
        assert_null(mo_lookup(c, "seats"));
        assert_null(mo_lookup(c, "absent"));
        mo_close(c);
    }
}

/* A good fake catalogue with the 32-bit word at off replaced (little-endian). */
struct hostile {
    const char *what;
    size_t off;   /* patch the word here, */
    uint32_t val; /* with this value; off 0 and val 0: no patch */
    long size;    /* cut the file to this many bytes, or -1 */
    const char *expect;
};

static void reader_refuses_hostile_catalogues(void **state)
{
    (void)state;
    const size_t o0 = 28, t0 = 28 + 8 * FAKE_MSGS; /* the two tables */
    const struct hostile cases[] = {
        {"empty", 0, 0, 0, "too short for a message catalogue (0 bytes)"},
        {"shorter than the header", 0, 0, 27, "too short"},
        {"bad magic", 0, 0x12345678u, -1, "bad magic number"},
        {"revision 2", 4, 2u << 16, -1, "unsupported catalogue revision 2"},
        {"huge N", 8, 0xffffffffu, -1, "4294967295 messages do not fit in the file"},
        {"N past the end", 8, 1000, -1, "do not fit"},
        {"originals past the end", 12, 0xfffffff0u, -1, "do not fit"},
        {"translations past the end", 16, 1u << 30, -1, "do not fit"},
        {"string offset past the end", o0 + 8 + 4, 0xffffff00u, -1, "message 1 lies past the end"},
        {"string length past the end", t0 + 16, 0xffffffffu, -1, "message 2 lies past the end"},
        {"length without room for the NUL", o0 + 8, 6, -1, "message 1 is not ended by a NUL"},
        {"truncated strings", 0, 0, 150, "message 2 lies past the end"},
    };
    unsigned char buf[FAKE_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct hostile *h = &cases[i];
        size_t size = fake_mo(buf, fake_msgs, FAKE_MSGS, false);
        if (h->off || h->val) put32(buf + h->off, h->val, false);
        if (h->size >= 0) size = (size_t)h->size;
        char err[256] = "";
        struct mo_catalog *c = mo_from_bytes(buf, size, "bad.mo", err, sizeof err);
        if (c) fail_msg("%s: accepted", h->what);
        if (strncmp(err, "bad.mo: ", 8) != 0 || !strstr(err, h->expect))
            fail_msg("%s: %s", h->what, err);
    }
}

static void reader_refuses_other_charsets(void **state)
{
    (void)state;
    struct fake_entry m[FAKE_MSGS];
    memcpy(m, fake_msgs, sizeof m);
    m[0].str = "Content-Type: text/plain; charset=GB2312\n";
    unsigned char buf[FAKE_MAX];
    char err[256];
    size_t size = fake_mo(buf, m, FAKE_MSGS, false);
    assert_null(mo_from_bytes(buf, size, "gb.mo", err, sizeof err));
    assert_string_equal(err, "gb.mo: the charset is GB2312, not UTF-8");
    size = fake_mo(buf, m + 1, FAKE_MSGS - 1, false);
    assert_null(mo_from_bytes(buf, size, "none.mo", err, sizeof err));
    assert_string_equal(err, "none.mo: no charset in the catalogue's header");
    m[0].str = "Content-Type: text/plain; charset=utf-8\n";
    size = fake_mo(buf, m, FAKE_MSGS, true);
    struct mo_catalog *c = mo_from_bytes(buf, size, "lower.mo", err, sizeof err);
    assert_non_null(c);
    mo_close(c);
}

static void reader_refuses_what_is_not_a_file(void **state)
{
    (void)state;
    char err[512];
    char want[512];
    snprintf(want, sizeof want, "/nonexistent/cmte.mo: %s", strerror(ENOENT));
    assert_null(mo_open("/nonexistent/cmte.mo", err, sizeof err));
    assert_string_equal(err, want);
    assert_null(mo_open("/", err, sizeof err));
    assert_string_equal(err, "/: not a regular file");
}

/* Every cut of the real catalogue and many random corruptions: refused with a reason, or
 * read, and then every lookup stays inside the file (the sanitizer build watches). */
static void reader_survives_truncation_and_corruption(void **state)
{
    (void)state;
    size_t size;
    unsigned char *good = read_file(catalogue, &size);
    unsigned char *bad = malloc(size);
    assert_non_null(bad);
    const char *probes[] = {"", "@lang", "usage:", "Options:", "zzz", "a", "\xff"};
    uint32_t seed = 12345;
    for (size_t round = 0; round < size + 3000; round++) {
        size_t n = size;
        memcpy(bad, good, size);
        if (round < size) {
            n = round; /* every cut */
        } else {
            for (int k = 0; k < 1 + (int)(round % 4); k++) { /* a few random bytes */
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % (round % 2 ? 64 : size); /* often the header */
                bad[at] = (unsigned char)(seed >> 24);
            }
        }
        char err[256] = "";
        struct mo_catalog *c = mo_from_bytes(bad, n, "x.mo", err, sizeof err);
        if (!c) {
            assert_true(strncmp(err, "x.mo: ", 6) == 0 && strlen(err) > 6);
            continue;
        }
        for (size_t p = 0; p < sizeof probes / sizeof probes[0]; p++) mo_lookup(c, probes[p]);
        for (uint32_t i = 0; i < mo_count(c); i++) {
            const char *id, *str;
            mo_entry(c, i, &id, &str);
            mo_lookup(c, id);
        }
        mo_close(c);
    }
    free(bad);
    free(good);
}

/* ---- i18n_init ---- */

static void sentinel_and_languages(void **state)
{
    (void)state;
    char err[256];
    use_built_catalogue();
    for (int round = 0; round < 2; round++) { /* Chinese again after English */
        assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
        assert_string_equal(err, "");
        assert_string_equal(_("@lang"), "zh_CN");
        assert_string_equal(_("usage:"), "用法：");
        assert_int_not_equal(i18n_source(), I18N_NONE);
        assert_non_null(strstr(i18n_catalogue(), "/zh_CN/LC_MESSAGES/cmte.mo"));
        assert_string_equal(getenv("LANGUAGE"), "zh_CN");
        assert_string_equal(nl_langinfo(CODESET), "UTF-8");
        assert_string_equal(setlocale(LC_NUMERIC, NULL), "C");

        assert_int_equal(i18n_init(LANG_EN, err, sizeof err), 0);
        assert_string_equal(err, "");
        assert_string_equal(_("@lang"), "@lang");
        assert_string_equal(_("usage:"), "usage:");
        assert_int_equal(i18n_source(), I18N_NONE);
        assert_string_equal(i18n_catalogue(), "");
        assert_string_equal(getenv("LANGUAGE"), "en");
    }
    assert_string_equal(_(""), "");
}

static char *usage_text(enum subcommand s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    cli_usage(s, f);
    fclose(f);
    return text;
}

/* What i18n_init falls back to when gettext does not answer (glibc 2.39 and later): the same
 * texts come out. */
static void the_reader_serves_when_gettext_does_not(void **state)
{
    (void)state;
    char err[512], *before[SUB_COUNT];
    use_built_catalogue();
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
    for (int s = 0; s < SUB_COUNT; s++) before[s] = usage_text((enum subcommand)s);
    assert_int_equal(i18n_use_reader(catalogue, err, sizeof err), 0);
    for (int s = 0; s < SUB_COUNT; s++) {
        char *after = usage_text((enum subcommand)s);
        assert_string_equal(after, before[s]);
        free(after);
        free(before[s]);
    }
    assert_int_equal(i18n_source(), I18N_READER);
    assert_string_equal(i18n_catalogue(), catalogue);
    assert_string_equal(_("@lang"), "zh_CN");
    assert_string_equal(_("Options:"), "选项：");
    assert_string_equal(_("not a message anywhere"), "not a message anywhere");
    assert_string_equal(i18n_core_err(ERR_NOT_SIGNED_IN), "请先签到");
    assert_int_equal(i18n_use_reader("/nonexistent.mo", err, sizeof err), -1);
    assert_int_equal(i18n_source(), I18N_READER); /* unchanged */
    assert_string_equal(_("Options:"), "选项：");
}

static void a_missing_catalogue_means_english(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(setenv("CMTE_LOCALEDIR", "/nonexistent", 1), 0);
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), -1);
    assert_string_equal(err, NOT_FOUND);
    assert_int_equal(i18n_source(), I18N_NONE);
    assert_string_equal(_("usage:"), "usage:");
    assert_string_equal(getenv("LANGUAGE"), "en");
    assert_int_equal(i18n_init(LANG_EN, err, sizeof err), 0); /* English needs none */
    assert_string_equal(err, "");
}

/* A catalogue that is there but broken: English, and the warning says why. */
static void a_broken_catalogue_means_english(void **state)
{
    (void)state;
    char dir[] = "/tmp/cmte-test-i18n-XXXXXX", path[128], err[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/zh_CN", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/cmte.mo", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("not a catalogue, but long enough to have a header", f);
    fclose(f);
    assert_int_equal(setenv("CMTE_LOCALEDIR", dir, 1), 0);
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), -1);
    assert_true(strncmp(err, "Chinese messages not usable: /", 30) == 0);
    assert_non_null(strstr(err, "/zh_CN/LC_MESSAGES/cmte.mo: not a message catalogue (bad magic "
                                "number); using English"));
    assert_int_equal(i18n_source(), I18N_NONE);
    assert_string_equal(_("usage:"), "usage:");
    unlink(path);
    snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/zh_CN", dir);
    rmdir(path);
    rmdir(dir);
}

/* ---- the catalogue's content ---- */

static void every_core_error_is_translated(void **state)
{
    (void)state;
    char err[256];
    struct mo_catalog *c = mo_open(catalogue, err, sizeof err);
    assert_non_null(c);
    use_built_catalogue();
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
    for (int e = 0; e < ERR_COUNT; e++) {
        const char *english = core_err_message((enum core_err)e);
        const char *chinese = mo_lookup(c, english);
        if (!chinese || strcmp(chinese, english) == 0) fail_msg("no translation of '%s'", english);
        assert_string_equal(i18n_core_err((enum core_err)e), chinese);
    }
    mo_close(c);
    assert_int_equal(i18n_init(LANG_EN, err, sizeof err), 0);
    assert_string_equal(i18n_core_err(ERR_NO_QUORUM), core_err_message(ERR_NO_QUORUM));
}

/* The hub's reasons for refusing a console, as its status line says them. */
static void refusals_are_said_in_plain_words(void **state)
{
    (void)state;
    char err[256];
    use_built_catalogue();
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
    assert_string_equal(base_refusal_words("the hub refused this console: console key 1a2b:3c4d "
                                           "is not enrolled on this hub"),
                        "本终端未在此会议主机登记");
    assert_string_equal(base_refusal_words("connection to the hub lost: this console was revoked"),
                        "本终端已被注销：请会务人员重新登记");
    assert_string_equal(base_refusal_words("bad hello: protocol version 1, this hub speaks 2"),
                        "会议主机运行的是另一版本的 cmte");
    assert_string_equal(base_refusal_words("something new"), "something new");
    assert_int_equal(i18n_init(LANG_EN, err, sizeof err), 0);
    assert_string_equal(base_refusal_words("console seat-1 (key ab) was revoked"),
                        "this console was revoked: ask the secretary to enrol it again");
}

static void assert_fits_80_columns(const char *text)
{
    char line[1024];
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        assert_true(n < sizeof line);
        memcpy(line, s, n);
        line[n] = '\0';
        if (text_width(line) > 79) fail_msg("wider than 79 columns: %s", line);
        s += n + (s[n] == '\n');
    }
}

/* The usage texts in Chinese: within 80 columns, and wrapped lines indented by columns. */
static void chinese_usage_fits_80_columns(void **state)
{
    (void)state;
    char err[256];
    use_built_catalogue();
    assert_int_equal(i18n_init(LANG_ZH, err, sizeof err), 0);
    for (int s = SUB_NONE; s < SUB_COUNT; s++) {
        char *text = usage_text((enum subcommand)s);
        assert_true(strncmp(text, "用法： cmte", strlen("用法： cmte")) == 0);
        assert_fits_80_columns(text);
        free(text);
    }
    char *text = usage_text(SUB_ENROLL);
    /* "用法： cmte enroll " is 18 columns: the continuation starts under the first option */
    assert_non_null(strstr(text, "\n                   [--"));
    free(text);
}

/* ---- the built binary ---- */

struct run {
    int status;
    char out[16384], err[4096];
};

/* Run CMTE_BIN with args (NULL-ended) in a made-up environment: env (NULL-ended, may be NULL)
 * plus PATH and a configuration folder holding `config` as cmte/cmte.ini (unless NULL). */
static void run_cmte(struct run *r, const char *const *env, const char *config,
                     const char *const *args)
{
    const char *bin = getenv("CMTE_BIN");
    char dir[] = "/tmp/cmte-test-i18n-XXXXXX", ini[96], xdg[96];
    assert_non_null(mkdtemp(dir));
    snprintf(ini, sizeof ini, "%s/cmte", dir);
    snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s", dir);
    if (config) {
        assert_int_equal(mkdir(ini, 0700), 0);
        snprintf(ini, sizeof ini, "%s/cmte/cmte.ini", dir);
        FILE *f = fopen(ini, "w");
        assert_non_null(f);
        fputs(config, f);
        fclose(f);
    }
    char *argv[16] = {(char *)bin}, *envp[16] = {"PATH=/usr/bin:/bin", xdg};
    for (int i = 0; args[i]; i++) {
        assert_true(i + 2 < 16);
        argv[i + 1] = (char *)args[i];
    }
    for (int i = 0; env && env[i]; i++) {
        assert_true(i + 3 < 16);
        envp[i + 2] = (char *)env[i];
    }
    char *text_out, *text_err;
    r->status = spawn_capture(dir, argv, envp, &text_out, &text_err);
    snprintf(r->out, sizeof r->out, "%s", text_out);
    snprintf(r->err, sizeof r->err, "%s", text_err);
    free(text_out);
    free(text_err);
    if (config) {
        unlink(ini);
        snprintf(ini, sizeof ini, "%s/cmte", dir);
        rmdir(ini);
    }
    rmdir(dir);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define ENV(...)  ((const char *const[]){__VA_ARGS__, NULL})

/* A C locale and no LANGUAGE, the thin client's usual case. */
static const char *const plain_c[] = {"LC_ALL=C", "LANG=", "LANGUAGE=", NULL};

static void assert_starts(const char *text, const char *prefix)
{
    if (strncmp(text, prefix, strlen(prefix)) != 0)
        fail_msg("expected '%s' at the start of:\n%s", prefix, text);
}

static void binary_speaks_chinese_by_default(void **state)
{
    (void)state;
    struct run r;
    run_cmte(&r, plain_c, NULL, ARGS("help", "seat"));
    assert_int_equal(r.status, EXIT_OK);
    assert_starts(r.out, "用法： cmte seat\n\n运行组成人员的座席终端\n\n选项：\n");
    assert_string_equal(r.err, "");

    run_cmte(&r, NULL, NULL, ARGS("--help")); /* no locale variable at all */
    assert_int_equal(r.status, EXIT_OK);
    assert_non_null(strstr(r.out, "\n子命令：\n"));
    assert_string_equal(r.err, "");

    /* the environment asks for English: the program decides, and says Chinese */
    run_cmte(&r, ENV("LANG=en_US.UTF-8", "LC_ALL=C.UTF-8", "LANGUAGE=en"), NULL,
             ARGS("help", "seat"));
    assert_starts(r.out, "用法： cmte seat");
}

static void binary_speaks_english_when_asked(void **state)
{
    (void)state;
    struct run r;
    run_cmte(&r, plain_c, NULL, ARGS("seat", "--help", "--lang", "en"));
    assert_int_equal(r.status, EXIT_OK);
    assert_starts(r.out, "usage: cmte seat\n\nrun a member's seat console\n\nOptions:\n");
    assert_string_equal(r.err, "");

    run_cmte(&r, plain_c, "[ui]\nlanguage = en\n", ARGS("help", "seat"));
    assert_starts(r.out, "usage: cmte seat");
    assert_string_equal(r.err, "");

    /* --lang wins over the configuration */
    run_cmte(&r, plain_c, "[ui]\nlanguage = en\n", ARGS("seat", "-h", "--lang", "zh"));
    assert_starts(r.out, "用法： cmte seat");
}

static void binary_messages_follow_the_language(void **state)
{
    (void)state;
    struct run r;
    run_cmte(&r, plain_c, NULL, ARGS("bench", "--seats", "0"));
    assert_int_equal(r.status, EXIT_USAGE);
    assert_starts(r.err, "cmte: bench: --seats: 「0」不是 1 至 5000 之间的整数\n用法： cmte bench");

    run_cmte(&r, plain_c, NULL, ARGS("nosuch"));
    assert_int_equal(r.status, EXIT_USAGE);
    assert_starts(r.err, "cmte: 未知子命令「nosuch」\n用法： cmte SUBCOMMAND");

    /* a usage error after --lang en is in English */
    run_cmte(&r, plain_c, NULL, ARGS("seat", "--lang", "en", "--bogus"));
    assert_int_equal(r.status, EXIT_USAGE);
    assert_starts(r.err, "cmte: seat: unknown option '--bogus'\nusage: cmte seat");

    /* and one in a configuration that says English */
    run_cmte(&r, plain_c, "[ui]\nlanguage = en\n", ARGS("seat", "--bogus"));
    assert_starts(r.err, "cmte: seat: unknown option '--bogus'\n");

    /* a broken configuration: --help still answers (in Chinese), the rest refuses */
    run_cmte(&r, plain_c, "[ui]\nlanguage = fr\n", ARGS("help", "seat"));
    assert_int_equal(r.status, EXIT_OK);
    assert_starts(r.out, "用法： cmte seat");
    run_cmte(&r, plain_c, "[ui]\nlanguage = fr\n", ARGS("seat"));
    assert_int_equal(r.status, EXIT_CONFIG);
    assert_non_null(strstr(r.err, "ui.language: 'fr' is not one of zh, en"));
}

static void binary_without_catalogue_warns_once(void **state)
{
    (void)state;
    struct run r;
    char want[160];
    snprintf(want, sizeof want, "cmte: %s\n", NOT_FOUND);
    run_cmte(&r, ENV("CMTE_LOCALEDIR=/nonexistent"), NULL, ARGS("help", "seat"));
    assert_int_equal(r.status, EXIT_OK);
    assert_starts(r.out, "usage: cmte seat\n");
    assert_string_equal(r.err, want);

    run_cmte(&r, ENV("CMTE_LOCALEDIR=/nonexistent"), NULL, ARGS("bench", "--seats", "0"));
    assert_int_equal(r.status, EXIT_USAGE);
    snprintf(want, sizeof want,
             "cmte: %s\ncmte: bench: --seats: '0' is not a whole number from 1 to 5000\n",
             NOT_FOUND);
    assert_starts(r.err, want);

    run_cmte(&r, ENV("CMTE_LOCALEDIR=/nonexistent"), NULL, ARGS("seat", "-h", "--lang", "en"));
    assert_string_equal(r.err, "");
    run_cmte(&r, ENV("CMTE_LOCALEDIR=/nonexistent"), NULL, ARGS("--version"));
    assert_string_equal(r.out, "cmte " CMTE_VERSION "\n");
    assert_string_equal(r.err, "");
}

#define BIN_TEST(f) cmocka_unit_test_setup(f, needs_binary)

static int needs_binary(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    return bin && *bin && access(bin, X_OK) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_reads_the_built_catalogue),
        cmocka_unit_test(reader_agrees_with_gettext),
        cmocka_unit_test(reader_reads_both_byte_orders),
        cmocka_unit_test(reader_refuses_hostile_catalogues),
        cmocka_unit_test(reader_refuses_other_charsets),
        cmocka_unit_test(reader_refuses_what_is_not_a_file),
        cmocka_unit_test(reader_survives_truncation_and_corruption),
        cmocka_unit_test(sentinel_and_languages),
        cmocka_unit_test(the_reader_serves_when_gettext_does_not),
        cmocka_unit_test(a_missing_catalogue_means_english),
        cmocka_unit_test(a_broken_catalogue_means_english),
        cmocka_unit_test(every_core_error_is_translated),
        cmocka_unit_test(refusals_are_said_in_plain_words),
        cmocka_unit_test(chinese_usage_fits_80_columns),
        BIN_TEST(binary_speaks_chinese_by_default),
        BIN_TEST(binary_speaks_english_when_asked),
        BIN_TEST(binary_messages_follow_the_language),
        BIN_TEST(binary_without_catalogue_warns_once),
    };
    return cmocka_run_group_tests_name("i18n", tests, find_built_catalogue, NULL);
}
