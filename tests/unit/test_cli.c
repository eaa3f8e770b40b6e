/* The command line: every subcommand, every option where it applies and where it does not,
 * every error message, and the built binary's exit codes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/spawn.h"
#include "tui/cli.h"

#define SUB(s)   (1u << (s))
#define ALL_SUBS ((1u << SUB_COUNT) - 2u) /* every subcommand but SUB_NONE */
#define DB_SUBS                                                                                    \
    (SUB(SUB_CHAIR) | SUB(SUB_SERVE) | SUB(SUB_ENROLL) | SUB(SUB_IMPORT) | SUB(SUB_EXPORT) |       \
     SUB(SUB_VERIFY) | SUB(SUB_DEMO))
#define HUB_SUBS (SUB(SUB_CHAIR) | SUB(SUB_SERVE))

/* What the specification says, written out apart from the code's own table. */
static const struct sub_spec {
    enum subcommand sub;
    const char *name;
    const char *arg; /* a positional argument it needs, or NULL */
} sub_specs[] = {
    {SUB_CHAIR, "chair", NULL},
    {SUB_SERVE, "serve", NULL},
    {SUB_SEAT, "seat", NULL},
    {SUB_SECRETARY, "secretary", NULL},
    {SUB_DISPLAY, "display", NULL},
    {SUB_ENROLL, "enroll", NULL},
    {SUB_IMPORT, "import", "roster.csv"},
    {SUB_EXPORT, "export", NULL},
    {SUB_VERIFY, "verify", NULL},
    {SUB_DEMO, "demo", NULL},
    {SUB_CTL, "ctl", NULL},
    {SUB_BENCH, "bench", NULL},
    {SUB_EXAMINEE, "examinee", NULL},
};
enum { SUB_SPECS = sizeof sub_specs / sizeof sub_specs[0] };

static const struct opt_spec {
    const char *name;  /* as typed */
    const char *value; /* a good value; NULL for a flag */
    unsigned subs;     /* SUB() of every subcommand that accepts it */
} opt_specs[] = {
    {"--config", "my.ini", ALL_SUBS},
    {"--lang", "en", ALL_SUBS},
    {"--help", NULL, ALL_SUBS},
    {"-h", NULL, ALL_SUBS},
    {"--version", NULL, ALL_SUBS},
    {"--db", "x.db", DB_SUBS},
    {"--listen", "[::1]:7710", HUB_SUBS},
    {"--accept-broken-chain", NULL, HUB_SUBS},
    {"--role", "secretary", SUB(SUB_ENROLL)},
    {"--seat", "12", SUB(SUB_ENROLL)},
    {"--revoke", NULL, SUB(SUB_ENROLL)},
    {"--out", "out.txt", SUB(SUB_ENROLL) | SUB(SUB_EXPORT)},
    {"--meeting", "3", SUB(SUB_EXPORT)},
    {"--format", "csv", SUB(SUB_EXPORT)},
    {"--seats", "40", SUB(SUB_DEMO) | SUB(SUB_BENCH)},
    {"--auto", NULL, SUB(SUB_DEMO)},
    {"--tmux", NULL, SUB(SUB_DEMO)},
    {"--pin", "1234", SUB(SUB_CTL)},
    {"--watch", NULL, SUB(SUB_CTL)},
    {"--state", NULL, SUB(SUB_CTL)},
    {"--timeout", "5", SUB(SUB_CTL)},
    {"--exam", NULL, SUB(SUB_IMPORT)},
    {"--nominee", "7", SUB(SUB_ENROLL)},
};
enum { OPT_SPECS = sizeof opt_specs / sizeof opt_specs[0] };

/* ---- helpers ---- */

enum { MAX_ARGS = 16 };

struct parsed {
    int rc;
    struct cli cli;
    char err[256];
    char *argv[MAX_ARGS + 2];
};

/* Parse "cmte" followed by up to MAX_ARGS words (a NULL ends them). */
static int parse_words(struct parsed *p, char *const *words)
{
    int argc = 0;
    p->argv[argc++] = "cmte";
    while (words[argc - 1]) {
        assert_true(argc <= MAX_ARGS);
        p->argv[argc] = words[argc - 1];
        argc++;
    }
    p->argv[argc] = NULL;
    p->rc = cli_parse(argc, p->argv, &p->cli, p->err, sizeof p->err);
    return p->rc;
}

#define PARSE(p, ...) parse_words((p), (char *[]){__VA_ARGS__, NULL})

static void expect_error(char *const *words, const char *message)
{
    struct parsed p;
    assert_int_equal(parse_words(&p, words), EXIT_USAGE);
    assert_string_equal(p.err, message);
}

#define EXPECT_ERROR(message, ...) expect_error((char *[]){__VA_ARGS__, NULL}, (message))

/* Did the option (given with value) land in its field? */
static bool option_took_effect(const struct cli *c, const char *name, const char *value)
{
    static const struct {
        const char *name;
        size_t text;
    } texts[] = {
        {"--config", offsetof(struct cli, config)}, {"--lang", offsetof(struct cli, lang)},
        {"--db", offsetof(struct cli, db)},         {"--listen", offsetof(struct cli, listen)},
        {"--role", offsetof(struct cli, role)},     {"--out", offsetof(struct cli, out)},
        {"--format", offsetof(struct cli, format)}, {"--pin", offsetof(struct cli, pin)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (strcmp(name, texts[i].name) != 0) continue;
        const char *got = *(const char *const *)(const void *)((const char *)c + texts[i].text);
        return got && strcmp(got, value) == 0;
    }
    if (strcmp(name, "--seat") == 0) return c->seat == atoi(value);
    if (strcmp(name, "--meeting") == 0) return c->meeting == atoi(value);
    if (strcmp(name, "--seats") == 0) return c->seats == atoi(value);
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) return c->help;
    if (strcmp(name, "--version") == 0) return c->version;
    if (strcmp(name, "--accept-broken-chain") == 0) return c->accept_broken_chain;
    if (strcmp(name, "--revoke") == 0) return c->revoke;
    if (strcmp(name, "--auto") == 0) return c->automatic;
    if (strcmp(name, "--tmux") == 0) return c->tmux;
    if (strcmp(name, "--watch") == 0) return c->watch;
    if (strcmp(name, "--state") == 0) return c->state;
    if (strcmp(name, "--timeout") == 0) return c->timeout == atoi(value);
    if (strcmp(name, "--exam") == 0) return c->exam;
    if (strcmp(name, "--nominee") == 0) return c->nominee == atoi(value);
    fail_msg("no check for %s", name);
    return false;
}

/* Parse: SUB [OPTION [VALUE]] [ARG]; equals: OPTION=VALUE as one word. */
static void try_option(const struct sub_spec *s, const struct opt_spec *o, bool equals)
{
    char joined[128];
    char *words[6];
    int n = 0;
    words[n++] = (char *)s->name;
    if (equals) {
        snprintf(joined, sizeof joined, "%s=%s", o->name, o->value);
        words[n++] = joined;
    } else {
        words[n++] = (char *)o->name;
        if (o->value) words[n++] = (char *)o->value;
    }
    if (s->arg) words[n++] = (char *)s->arg;
    words[n] = NULL;

    struct parsed p;
    parse_words(&p, words);
    if (o->subs & SUB(s->sub)) {
        if (p.rc != EXIT_OK) fail_msg("%s %s: %s", s->name, o->name, p.err);
        assert_int_equal(p.cli.sub, s->sub);
        assert_true(option_took_effect(&p.cli, o->name, o->value));
    } else {
        char want[256];
        snprintf(want, sizeof want, "cmte: %s: option '%s' does not apply to %s", s->name, o->name,
                 s->name);
        assert_int_equal(p.rc, EXIT_USAGE);
        assert_string_equal(p.err, want);
    }
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

/* Does text mention the option name as a whole word ("--seat" but not in "--seats")? */
static bool mentions_option(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *at = strstr(text, name); at; at = strstr(at + 1, name)) {
        char before = at == text ? ' ' : at[-1];
        char after = at[n];
        if (before != '-' && !(after >= 'a' && after <= 'z') && after != '-') return true;
    }
    return false;
}

/* Every line at most 79 bytes (the usage text is ASCII for now). */
static void assert_fits_80_columns(const char *text)
{
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 79) fail_msg("line too long: %.*s", (int)len, line);
        line = end ? end + 1 : line + len;
    }
}

/* ---- parsing ---- */

static void every_subcommand_parses(void **state)
{
    (void)state;
    for (int i = 0; i < SUB_SPECS; i++) {
        const struct sub_spec *s = &sub_specs[i];
        struct parsed p;
        if (s->arg)
            PARSE(&p, (char *)s->name, (char *)s->arg);
        else
            PARSE(&p, (char *)s->name);
        if (p.rc != EXIT_OK) fail_msg("%s: %s", s->name, p.err);
        assert_int_equal(p.cli.sub, s->sub);
        assert_string_equal(subcommand_name(s->sub), s->name);
        assert_false(p.cli.help);
        assert_false(p.cli.version);
        assert_null(p.cli.config);
        assert_null(p.cli.db);
        assert_null(p.cli.lang);
        assert_null(p.cli.listen);
        assert_int_equal(p.cli.seat, -1);
        assert_int_equal(p.cli.meeting, -1);
        assert_int_equal(p.cli.seats, -1);
        assert_int_equal(p.cli.nargs, s->arg ? 1 : 0);
    }
    assert_int_equal(SUB_SPECS, SUB_COUNT - 1);
}

static void every_option_where_it_applies(void **state)
{
    (void)state;
    for (int i = 0; i < SUB_SPECS; i++)
        for (int j = 0; j < OPT_SPECS; j++) try_option(&sub_specs[i], &opt_specs[j], false);
}

static void every_option_with_equals(void **state)
{
    (void)state;
    for (int i = 0; i < SUB_SPECS; i++)
        for (int j = 0; j < OPT_SPECS; j++)
            if (opt_specs[j].value) try_option(&sub_specs[i], &opt_specs[j], true);
}

static void flags_take_no_value(void **state)
{
    (void)state;
    EXPECT_ERROR("cmte: demo: option '--auto' takes no value", "demo", "--auto=yes");
    EXPECT_ERROR("cmte: chair: option '--help' takes no value", "chair", "--help=1");
    EXPECT_ERROR("cmte: option '--version' takes no value", "--version=1");
}

static void values_are_needed(void **state)
{
    (void)state;
    EXPECT_ERROR("cmte: export: option '--format' needs a value", "export", "--format");
    EXPECT_ERROR("cmte: chair: option '--db' needs a value", "chair", "--db=");
    EXPECT_ERROR("cmte: seat: option '--config' needs a value", "seat", "--config", "");
    /* the next word is the value, even when it looks like an option (as in getopt) */
    EXPECT_ERROR("cmte: export: --format: '--out' is not one of md, csv, json, brief", "export",
                 "--format", "--out");
}

static void the_documented_messages(void **state)
{
    (void)state;
    EXPECT_ERROR("cmte: seat: unknown option '--x'", "seat", "--x");
    EXPECT_ERROR("cmte: seat: unknown option '--x'", "seat", "--x=1");
    EXPECT_ERROR("cmte: seat: unknown option '-x'", "seat", "-x");
    EXPECT_ERROR("cmte: unknown subcommand 'sate'", "sate");
    EXPECT_ERROR("cmte: export: --format: 'pdf' is not one of md, csv, json, brief", "export",
                 "--format", "pdf");
    EXPECT_ERROR("cmte: enroll: --seat: 'x' is not a positive whole number", "enroll", "--seat",
                 "x");
    EXPECT_ERROR("cmte: verify: too many arguments", "verify", "a.db", "b.db");
    EXPECT_ERROR("cmte: import: missing FILE", "import");
    EXPECT_ERROR("cmte: import: missing FILE", "import", "--db", "x.db");
    struct parsed bank; /* import --exam alone: the configured question bank */
    assert_int_equal(PARSE(&bank, "import", "--exam"), EXIT_OK);
    assert_true(bank.cli.exam);
    assert_int_equal(bank.cli.nargs, 0);
    EXPECT_ERROR("cmte: seat: option '--db' does not apply to seat", "seat", "--db", "x.db");
}

static void more_messages(void **state)
{
    (void)state;
    EXPECT_ERROR("cmte: seat: --lang: 'fr' is not one of zh, en", "seat", "--lang", "fr");
    EXPECT_ERROR("cmte: enroll: --role: 'boss' is not one of member, secretary, display, chair, "
                 "examinee, visitor",
                 "enroll", "--role=boss");
    EXPECT_ERROR("cmte: export: --meeting: '0' is not a positive whole number", "export",
                 "--meeting", "0");
    EXPECT_ERROR("cmte: enroll: --seat: '-3' is not a positive whole number", "enroll", "--seat",
                 "-3");
    EXPECT_ERROR("cmte: enroll: --seat: '99999999999' is not a positive whole number", "enroll",
                 "--seat", "99999999999");
    EXPECT_ERROR("cmte: demo: --seats: '0' is not a whole number from 1 to 5000", "demo", "--seats",
                 "0");
    EXPECT_ERROR("cmte: demo: --seats: '5001' is not a whole number from 1 to 5000", "demo",
                 "--seats=5001");
    EXPECT_ERROR("cmte: seat: unexpected argument 'extra'", "seat", "extra");
    EXPECT_ERROR("cmte: verify: give the database either as DB or with --db", "verify", "--db",
                 "a.db", "b.db");
    EXPECT_ERROR("cmte: missing subcommand", "--");
    EXPECT_ERROR("cmte: unknown option '--bogus'", "--bogus", "seat");
    EXPECT_ERROR("cmte: option '--lang' goes after the subcommand", "--lang", "en", "seat");
    EXPECT_ERROR("cmte: help: too many arguments", "help", "seat", "chair");
    EXPECT_ERROR("cmte: help: unknown option '--x'", "help", "--x");
    EXPECT_ERROR("cmte: unknown subcommand 'sate'", "help", "sate");
}

static void no_arguments_is_a_usage_error(void **state)
{
    (void)state;
    struct parsed p;
    char *argv[] = {"cmte", NULL};
    p.rc = cli_parse(1, argv, &p.cli, p.err, sizeof p.err);
    assert_int_equal(p.rc, EXIT_USAGE);
    assert_string_equal(p.err, "cmte: missing subcommand");
    assert_int_equal(p.cli.sub, SUB_NONE);
}

static void numbers_in_range(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(PARSE(&p, "demo", "--seats", "5000"), EXIT_OK);
    assert_int_equal(p.cli.seats, 5000);
    assert_int_equal(PARSE(&p, "demo", "--seats=1"), EXIT_OK);
    assert_int_equal(p.cli.seats, 1);
    assert_int_equal(PARSE(&p, "enroll", "--seat", "2147483647"), EXIT_OK);
    assert_int_equal(p.cli.seat, 2147483647);
    assert_int_equal(PARSE(&p, "enroll", "--seat", "2147483648"), EXIT_USAGE);
    assert_int_equal(PARSE(&p, "enroll", "--seat", "+3"), EXIT_USAGE);
    assert_int_equal(PARSE(&p, "enroll", "--seat", "3 "), EXIT_USAGE);
    assert_int_equal(PARSE(&p, "export", "--meeting", "007"), EXIT_OK);
    assert_int_equal(p.cli.meeting, 7);
}

static void choices(void **state)
{
    (void)state;
    static const char *const good[][2] = {
        {"--lang", "zh"},     {"--lang", "en"},     {"--format", "md"},    {"--format", "csv"},
        {"--format", "json"}, {"--role", "member"}, {"--role", "display"}, {"--role", "secretary"},
    };
    static const char *const bad[][2] = {
        {"--lang", "z"},     {"--lang", "zhh"},    {"--lang", "ZH"},      {"--format", "m"},
        {"--format", "md|"}, {"--format", "csv,"}, {"--role", "members"},
    };
    struct parsed p;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *sub = strcmp(good[i][0], "--lang") == 0   ? "seat"
                          : strcmp(good[i][0], "--role") == 0 ? "enroll"
                                                              : "export";
        assert_int_equal(PARSE(&p, (char *)sub, (char *)good[i][0], (char *)good[i][1]), EXIT_OK);
        assert_true(option_took_effect(&p.cli, good[i][0], good[i][1]));
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *sub = strcmp(bad[i][0], "--lang") == 0   ? "seat"
                          : strcmp(bad[i][0], "--role") == 0 ? "enroll"
                                                             : "export";
        assert_int_equal(PARSE(&p, (char *)sub, (char *)bad[i][0], (char *)bad[i][1]), EXIT_USAGE);
    }
}

static void listen_addresses(void **state)
{
    (void)state;
    static const struct {
        const char *text, *host;
        int port;
    } good[] = {
        {"0.0.0.0:7710", "0.0.0.0", 7710},
        {"[::1]:7710", "::1", 7710},
        {"hub.local:1", "hub.local", 1},
        {"[fe80::1%eth0]:65535", "fe80::1%eth0", 65535},
        {"h:00080", "h", 80},
    };
    static const char *const bad[] = {
        ":7710",   "host:",     "host:0",  "host:65536", "host",     "::1:7710", "[::1]",
        "[]:7710", "[::1]7710", "host:1a", "ho st:1",    "[host]:1", "host:-1",  "host:+1",
    };
    char host[64];
    int port;
    struct parsed p;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(cli_listen_split(good[i].text, host, sizeof host, &port), 0);
        assert_string_equal(host, good[i].host);
        assert_int_equal(port, good[i].port);
        assert_int_equal(PARSE(&p, "serve", "--listen", (char *)good[i].text), EXIT_OK);
        assert_string_equal(p.cli.listen, good[i].text);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[256];
        if (cli_listen_split(bad[i], host, sizeof host, &port) == 0) fail_msg("%s", bad[i]);
        assert_int_equal(PARSE(&p, "chair", "--listen", (char *)bad[i]), EXIT_USAGE);
        snprintf(want, sizeof want,
                 "cmte: chair: --listen: '%s' is not HOST:PORT (port 1 to 65535, IPv6 as "
                 "[ADDR]:PORT)",
                 bad[i]);
        assert_string_equal(p.err, want);
    }
    assert_int_equal(cli_listen_split("abcdef:1", host, 6, &port), -1);
    assert_int_equal(cli_listen_split("abcde:1", host, 6, &port), 0);
}

static void help_and_version(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(PARSE(&p, "--help"), EXIT_OK);
    assert_true(p.cli.help);
    assert_int_equal(p.cli.sub, SUB_NONE);
    assert_int_equal(PARSE(&p, "-h"), EXIT_OK);
    assert_true(p.cli.help);
    assert_int_equal(PARSE(&p, "--version"), EXIT_OK);
    assert_true(p.cli.version);
    assert_false(p.cli.help);
    assert_int_equal(PARSE(&p, "help"), EXIT_OK);
    assert_true(p.cli.help);
    assert_int_equal(p.cli.sub, SUB_NONE);
    for (int i = 0; i < SUB_SPECS; i++) {
        assert_int_equal(PARSE(&p, "help", (char *)sub_specs[i].name), EXIT_OK);
        assert_true(p.cli.help);
        assert_int_equal(p.cli.sub, sub_specs[i].sub);
        /* --help needs no positional arguments (import) */
        assert_int_equal(PARSE(&p, (char *)sub_specs[i].name, "--help"), EXIT_OK);
        assert_true(p.cli.help);
        assert_int_equal(p.cli.sub, sub_specs[i].sub);
    }
    assert_int_equal(PARSE(&p, "--help", "export"), EXIT_OK);
    assert_true(p.cli.help);
    assert_int_equal(p.cli.sub, SUB_EXPORT);
    assert_int_equal(PARSE(&p, "import", "-h"), EXIT_OK);
    assert_int_equal(PARSE(&p, "verify", "--version"), EXIT_OK);
    assert_true(p.cli.version);
}

static void positional_arguments(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(PARSE(&p, "import", "a.csv", "--db", "m.db", "b.ini", "c.csv"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 3);
    assert_string_equal(p.cli.args[0], "a.csv");
    assert_string_equal(p.cli.args[1], "b.ini");
    assert_string_equal(p.cli.args[2], "c.csv");
    assert_string_equal(p.cli.db, "m.db");

    assert_int_equal(PARSE(&p, "import", "--", "-odd.csv", "--db"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 2);
    assert_string_equal(p.cli.args[0], "-odd.csv");
    assert_string_equal(p.cli.args[1], "--db");
    assert_null(p.cli.db);

    assert_int_equal(PARSE(&p, "import", "-"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 1);
    assert_string_equal(p.cli.args[0], "-");

    assert_int_equal(PARSE(&p, "verify"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 0);
    assert_null(p.cli.db);
    assert_int_equal(PARSE(&p, "verify", "meeting.db"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 1);
    assert_string_equal(p.cli.db, "meeting.db");
    assert_int_equal(PARSE(&p, "verify", "--db", "meeting.db"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 0);
    assert_string_equal(p.cli.db, "meeting.db");

    assert_int_equal(PARSE(&p, "enroll", "--revoke", "seat-12"), EXIT_OK);
    assert_string_equal(p.cli.args[0], "seat-12");
    assert_int_equal(PARSE(&p, "ctl", "{\"type\":\"meeting_open\"}"), EXIT_OK);
    assert_int_equal(p.cli.nargs, 1);
    for (int i = 0; i < SUB_SPECS; i++) {
        enum subcommand sub = sub_specs[i].sub;
        bool takes_one = sub == SUB_VERIFY || sub == SUB_ENROLL || sub == SUB_CTL;
        if (sub == SUB_IMPORT) continue;
        if (takes_one)
            assert_int_equal(PARSE(&p, (char *)sub_specs[i].name, "one", "two"), EXIT_USAGE);
        else
            assert_int_equal(PARSE(&p, (char *)sub_specs[i].name, "stray"), EXIT_USAGE);
    }
}

static void later_options_win(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(PARSE(&p, "chair", "--db", "a.db", "--db=b.db"), EXIT_OK);
    assert_string_equal(p.cli.db, "b.db");
}

/* cli_parse keeps no state between calls. */
static void repeated_calls_agree(void **state)
{
    (void)state;
    static const char *const cases[][4] = {
        {"seat", "--x", NULL},
        {"export", "--format", "csv", NULL},
        {"import", "a", "b", NULL},
        {"enroll", "--seat", "x", NULL},
        {"demo", "--auto", NULL},
        {"help", "verify", NULL},
        {"sate", NULL},
        {"verify", "db", "--lang", NULL},
        {"chair", "--listen", "h:1", NULL},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    struct parsed first[N];
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < N; k++) {
            int i = round == 1 ? N - 1 - k : k; /* forwards, backwards, forwards */
            struct parsed p;
            parse_words(&p, (char *const *)cases[i]);
            if (round == 0) {
                first[i] = p;
                continue;
            }
            assert_int_equal(p.rc, first[i].rc);
            assert_string_equal(p.err, first[i].err);
            assert_int_equal(p.cli.sub, first[i].cli.sub);
            assert_int_equal(p.cli.nargs, first[i].cli.nargs);
            assert_int_equal(p.cli.help, first[i].cli.help);
            assert_int_equal(p.cli.automatic, first[i].cli.automatic);
            assert_int_equal(p.cli.seat, first[i].cli.seat);
            assert_int_equal(p.cli.format != NULL, first[i].cli.format != NULL);
            assert_int_equal(p.cli.listen != NULL, first[i].cli.listen != NULL);
        }
    }
}

static void error_messages_are_one_line(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(PARSE(&p, "seat", "--x"), EXIT_USAGE);
    assert_null(strchr(p.err, '\n'));
    /* a short buffer truncates, never overflows */
    char small[12];
    char *argv[] = {"cmte", "seat", "--a-very-long-unknown-option", NULL};
    struct cli cli;
    assert_int_equal(cli_parse(3, argv, &cli, small, sizeof small), EXIT_USAGE);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* ---- usage ---- */

static void program_usage_lists_every_subcommand(void **state)
{
    (void)state;
    char *text = usage_text(SUB_NONE);
    assert_non_null(strstr(text, "usage: cmte"));
    for (int i = 0; i < SUB_SPECS; i++) {
        char line[64];
        snprintf(line, sizeof line, "\n  %s ", sub_specs[i].name);
        if (!strstr(text, line)) fail_msg("no %s in:\n%s", sub_specs[i].name, text);
    }
    assert_non_null(strstr(text, "\n  help "));
    assert_true(mentions_option(text, "--config"));
    assert_true(mentions_option(text, "--lang"));
    assert_true(mentions_option(text, "--help"));
    assert_fits_80_columns(text);
    free(text);
}

static void subcommand_usage_lists_its_options(void **state)
{
    (void)state;
    for (int i = 0; i < SUB_SPECS; i++) {
        const struct sub_spec *s = &sub_specs[i];
        char *text = usage_text(s->sub);
        char head[64];
        snprintf(head, sizeof head, "usage: cmte %s", s->name);
        assert_true(strncmp(text, head, strlen(head)) == 0);
        for (int j = 0; j < OPT_SPECS; j++) {
            const struct opt_spec *o = &opt_specs[j];
            bool listed = o->name[1] == '-' ? mentions_option(text, o->name)
                                            : strstr(text, "-h, --help") != NULL;
            if (listed != ((o->subs & SUB(s->sub)) != 0))
                fail_msg("%s: %s %s", s->name, o->name, listed ? "listed" : "missing");
        }
        assert_fits_80_columns(text);
        free(text);
    }
}

/* ---- the built binary ---- */

struct bin_case {
    const char *args[8]; /* NULL after the last */
    int status;
    const char *out_has;  /* stdout contains this, or NULL: stdout is empty */
    const char *err_line; /* stderr's first line starts with this; NULL: stderr is empty */
    bool err_one_line;    /* stderr is that one line */
};

/* The user's configuration in the child's XDG_CONFIG_HOME says language = en, so that the
 * messages compared here are the English ones (test_i18n checks the Chinese default). */
static void write_english_config(const char *folder, const char *path)
{
    assert_int_equal(mkdir(folder, 0700), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[ui]\nlanguage = en\n", f);
    fclose(f);
}

/* Run CMTE_BIN with args; its stdout and stderr are returned in *out and *err. */
static int run_binary(const char *bin, const char *const *args, char **out, char **err)
{
    char dir[] = "/tmp/cmte-test-cli-XXXXXX";
    char conf_dir[64], conf_path[80], xdg[96];
    assert_non_null(mkdtemp(dir));
    snprintf(conf_dir, sizeof conf_dir, "%s/cmte", dir);
    snprintf(conf_path, sizeof conf_path, "%s/cmte.ini", conf_dir);
    snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s", dir);
    write_english_config(conf_dir, conf_path);
    char *argv[10] = {(char *)bin};
    for (int i = 0; args[i]; i++) {
        assert_true(i + 2 < 10);
        argv[i + 1] = (char *)args[i];
    }
    char **env = spawn_clean_environ(xdg);
    int status = spawn_capture(dir, argv, env, out, err);
    free(env);
    unlink(conf_path);
    rmdir(conf_dir);
    rmdir(dir);
    return status;
}

static void binary_case(void **state)
{
    const struct bin_case *c = *state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin || !*bin) skip();
    char *out, *err;
    int status = run_binary(bin, c->args, &out, &err);
    if (status != c->status)
        fail_msg("%s: exit %d, expected %d; stderr: %s", c->args[0] ? c->args[0] : "", status,
                 c->status, err);
    if (c->out_has)
        assert_non_null(strstr(out, c->out_has));
    else
        assert_string_equal(out, "");
    if (c->err_line) {
        assert_true(strncmp(err, c->err_line, strlen(c->err_line)) == 0);
        char *nl = strchr(err, '\n');
        assert_non_null(nl);
        if (c->err_one_line) assert_string_equal(nl + 1, "");
    } else {
        assert_string_equal(err, "");
    }
    free(out);
    free(err);
}

static const struct bin_case bin_cases[] = {
    {{"--version"}, EXIT_OK, "cmte " CMTE_VERSION "\n", NULL, false},
    {{"--help"}, EXIT_OK, "usage: cmte", NULL, false},
    {{"help", "export"}, EXIT_OK, "usage: cmte export", NULL, false},
    {{"seat", "-h"}, EXIT_OK, "usage: cmte seat", NULL, false},
    {{"nosuch"}, EXIT_USAGE, NULL, "cmte: unknown subcommand 'nosuch'\n", false},
    {{"seat", "--bogus"}, EXIT_USAGE, NULL, "cmte: seat: unknown option '--bogus'\n", false},
    {{NULL}, EXIT_USAGE, NULL, "cmte: missing subcommand\n", false},
    {{"chair", "--config", "/nonexistent"}, EXIT_CONFIG, NULL, "cmte: ", true},
    {{"verify", "--db", "/nonexistent/cmte.db"}, EXIT_FAIL, NULL, "cmte: verify: ", true},
    {{"verify", "--lang", "en", "/nonexistent/cmte.db"},
     EXIT_FAIL,
     NULL,
     "cmte: verify: /nonexistent/cmte.db: no such file\n",
     true},
    {{"chair", "--lang", "en", "--listen", "[::1]:7711", "--db=/nonexistent/x.db"},
     EXIT_FAIL,
     NULL,
     "cmte: chair: cannot write the hub's log /nonexistent/x.db.log: No such file or directory\n",
     true},
};

#define BIN_TEST(i, name)                                                                          \
    {                                                                                              \
        "binary: " name, binary_case, NULL, NULL, (void *)&bin_cases[i]                            \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_subcommand_parses),
        cmocka_unit_test(every_option_where_it_applies),
        cmocka_unit_test(every_option_with_equals),
        cmocka_unit_test(flags_take_no_value),
        cmocka_unit_test(values_are_needed),
        cmocka_unit_test(the_documented_messages),
        cmocka_unit_test(more_messages),
        cmocka_unit_test(no_arguments_is_a_usage_error),
        cmocka_unit_test(numbers_in_range),
        cmocka_unit_test(choices),
        cmocka_unit_test(listen_addresses),
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(positional_arguments),
        cmocka_unit_test(later_options_win),
        cmocka_unit_test(repeated_calls_agree),
        cmocka_unit_test(error_messages_are_one_line),
        cmocka_unit_test(program_usage_lists_every_subcommand),
        cmocka_unit_test(subcommand_usage_lists_its_options),
        BIN_TEST(0, "--version"),
        BIN_TEST(1, "--help"),
        BIN_TEST(2, "help export"),
        BIN_TEST(3, "seat -h"),
        BIN_TEST(4, "nosuch"),
        BIN_TEST(5, "seat --bogus"),
        BIN_TEST(6, "no arguments"),
        BIN_TEST(7, "chair --config /nonexistent"),
        BIN_TEST(8, "verify"),
        BIN_TEST(9, "verify --lang en"),
        BIN_TEST(10, "chair with overrides"),
    };
    _Static_assert(sizeof bin_cases / sizeof bin_cases[0] == 11, "a BIN_TEST per case");
    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
