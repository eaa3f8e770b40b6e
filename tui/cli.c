/* The command line.  Two tables say everything: `options` (every option, its value and
 * where it is stored) and `subcommands` (every subcommand, the options it accepts, its
 * positional arguments and its usage).  The parser, the usage text and the tests read them.
 * Parsing is done by hand: no global state, exact option names only (no abbreviations). */
#include "tui/cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/text.h"

enum value_kind {
    VAL_FLAG,    /* no value; sets a bool */
    VAL_TEXT,    /* any non-empty text (a file name) */
    VAL_CHOICE,  /* one of the words in metavar, "a|b|c" */
    VAL_NUMBER,  /* a whole number from min to max */
    VAL_ADDRESS, /* HOST:PORT or [IPV6]:PORT */
};

enum option_id {
    OPT_DB,
    OPT_LISTEN,
    OPT_ACCEPT_BROKEN_CHAIN,
    OPT_ROLE,
    OPT_SEAT,
    OPT_REVOKE,
    OPT_MEETING,
    OPT_FORMAT,
    OPT_OUT,
    OPT_SEATS,
    OPT_AUTO,
    OPT_TMUX,
    OPT_PIN,
    OPT_WATCH,
    OPT_STATE,
    OPT_TIMEOUT,
    OPT_EXAM,
    OPT_NOMINEE,
    OPT_GROUP,
    /* common to every subcommand */
    OPT_CONFIG,
    OPT_LANG,
    OPT_HELP,
    OPT_VERSION,
    OPT_OPINIONS,
    OPT_TODAY,
    OPT_COUNT
};

#define BIT(o)      (1u << (o))
#define OPTS_COMMON (BIT(OPT_CONFIG) | BIT(OPT_LANG) | BIT(OPT_HELP) | BIT(OPT_VERSION))
#define OPTS_HUB    (BIT(OPT_DB) | BIT(OPT_LISTEN) | BIT(OPT_ACCEPT_BROKEN_CHAIN))

struct option_row {
    const char *name; /* the long name, without "--" */
    char short_name;  /* 0 when there is none */
    enum value_kind kind;
    const char *metavar; /* what the value looks like; VAL_CHOICE: the choices, "a|b|c" */
    int min, max;        /* VAL_NUMBER */
    size_t field;        /* offsetof(struct cli, ...): bool, int or const char * by kind */
    const char *help;
};

#define FIELD(f) offsetof(struct cli, f)

static const struct option_row options[OPT_COUNT] = {
    [OPT_DB] = {"db", 0, VAL_TEXT, "FILE", 0, 0, FIELD(db),
                N_("the meeting database (overrides [database] path)")},
    [OPT_LISTEN] = {"listen", 0, VAL_ADDRESS, "HOST:PORT", 0, 0, FIELD(listen),
                    N_("where the hub listens (overrides [hub] listen, port)")},
    [OPT_ACCEPT_BROKEN_CHAIN] = {"accept-broken-chain", 0, VAL_FLAG, NULL, 0, 0,
                                 FIELD(accept_broken_chain),
                                 N_("start even though the journal's hash chain is broken")},
    [OPT_ROLE] = {"role", 0, VAL_CHOICE, "member|secretary|display|chair|examinee|visitor", 0, 0,
                  FIELD(role), N_("the role of the console being enrolled")},
    [OPT_SEAT] = {"seat", 0, VAL_NUMBER, "N", 1, INT_MAX, FIELD(seat),
                  N_("the seat number of a member's console")},
    [OPT_REVOKE] = {"revoke", 0, VAL_FLAG, NULL, 0, 0, FIELD(revoke),
                    N_("revoke the console NAME instead of enrolling one")},
    [OPT_MEETING] = {"meeting", 0, VAL_NUMBER, "N", 1, INT_MAX, FIELD(meeting),
                     N_("the meeting's number (the Nth meeting)")},
    [OPT_FORMAT] = {"format", 0, VAL_CHOICE, "md|csv|json|brief", 0, 0, FIELD(format),
                    N_("minutes (Markdown), results (CSV, JSON) or briefing")},
    [OPT_OUT] = {"out", 0, VAL_TEXT, "FILE", 0, 0, FIELD(out), N_("write the output to FILE")},
    [OPT_SEATS] = {"seats", 0, VAL_NUMBER, "N", 1, 5000, FIELD(seats),
                   N_("the number of simulated seats (1 to 5000)")},
    [OPT_AUTO] = {"auto", 0, VAL_FLAG, NULL, 0, 0, FIELD(automatic),
                  N_("play the whole meeting without waiting for keys")},
    [OPT_TMUX] = {"tmux", 0, VAL_FLAG, NULL, 0, 0, FIELD(tmux),
                  N_("show the consoles side by side in tmux")},
    [OPT_PIN] = {"pin", 0, VAL_TEXT, "PIN", 0, 0, FIELD(pin),
                 N_("the seat's PIN, sent with a sign_in command")},
    [OPT_WATCH] = {"watch", 0, VAL_FLAG, NULL, 0, 0, FIELD(watch),
                   N_("stay connected and print every event as one JSON line")},
    [OPT_STATE] = {"state", 0, VAL_FLAG, NULL, 0, 0, FIELD(state),
                   N_("print the meeting's state as the hub has it, and exit")},
    [OPT_TIMEOUT] = {"timeout", 0, VAL_NUMBER, "SECONDS", 1, 3600, FIELD(timeout),
                     N_("how long to wait for the answer (default 10)")},
    [OPT_EXAM] = {"exam", 0, VAL_FLAG, NULL, 0, 0, FIELD(exam),
                  N_("the files are exam question banks (none: [exam] bank)")},
    [OPT_NOMINEE] = {"nominee", 0, VAL_NUMBER, "N", 1, INT_MAX, FIELD(nominee),
                     N_("the nominee (id) an examinee console is for")},
    [OPT_GROUP] = {"group", 0, VAL_TEXT, "NAME", 0, 0, FIELD(group),
                   N_("one group's briefing (with --format brief)")},
    [OPT_CONFIG] = {"config", 0, VAL_TEXT, "FILE", 0, 0, FIELD(config),
                    N_("read this configuration file, not the usual ones")},
    [OPT_LANG] = {"lang", 0, VAL_CHOICE, "zh|en", 0, 0, FIELD(lang),
                  N_("interface language (overrides [ui] language)")},
    [OPT_HELP] = {"help", 'h', VAL_FLAG, NULL, 0, 0, FIELD(help), N_("show this help and exit")},
    [OPT_VERSION] = {"version", 0, VAL_FLAG, NULL, 0, 0, FIELD(version),
                     N_("show the version and exit")},
    [OPT_OPINIONS] = {"opinions", 0, VAL_FLAG, NULL, 0, 0, FIELD(opinions),
                      N_("the open deliberation opinions, the overdue apart")},
    [OPT_TODAY] = {"today", 0, VAL_TEXT, "YYYY-MM-DD", 0, 0, FIELD(today),
                   N_("the date they are overdue on (default: today)")},
};

struct subcommand_row {
    const char *name;
    const char *summary;
    unsigned options;     /* BIT(enum option_id) of every option it accepts */
    int min_args;         /* positional arguments: at least min_args ... */
    int max_args;         /* ... and at most max_args, -1 for no limit */
    const char *arg_name; /* what a positional argument is, for "missing FILE" */
    bool arg_is_db;       /* the argument is the database, an alternative to --db */
    const char *usage;    /* after "cmte NAME": the subcommand's own options and arguments */
};

static const struct subcommand_row subcommands[SUB_COUNT] = {
    [SUB_CHAIR] = {"chair", N_("hold the meeting and run the chair's console"),
                   OPTS_COMMON | OPTS_HUB, 0, 0, NULL, false,
                   "[--db FILE] [--listen HOST:PORT] [--accept-broken-chain]"},
    [SUB_SERVE] = {"serve", N_("hold the meeting without a console"), OPTS_COMMON | OPTS_HUB, 0, 0,
                   NULL, false, "[--db FILE] [--listen HOST:PORT] [--accept-broken-chain]"},
    [SUB_SEAT] = {"seat", N_("run a member's seat console"), OPTS_COMMON, 0, 0, NULL, false, ""},
    [SUB_SECRETARY] = {"secretary", N_("run a secretary's console"), OPTS_COMMON, 0, 0, NULL, false,
                       ""},
    [SUB_DISPLAY] = {"display", N_("run the big-screen display"), OPTS_COMMON, 0, 0, NULL, false,
                     ""},
    [SUB_ENROLL] = {"enroll", N_("enrol a console with the hub, revoke one, or list them"),
                    OPTS_COMMON | BIT(OPT_DB) | BIT(OPT_ROLE) | BIT(OPT_SEAT) | BIT(OPT_REVOKE) |
                        BIT(OPT_OUT) | BIT(OPT_NOMINEE),
                    0, 1, "NAME", false,
                    "[--db FILE] [--role ROLE [--seat N] [--out FILE] [NAME]] [--nominee N] "
                    "[--revoke NAME]"},
    [SUB_IMPORT] = {"import", N_("read a roster, agendas or exam questions into the database"),
                    OPTS_COMMON | BIT(OPT_DB) | BIT(OPT_EXAM), 1, -1, "FILE", false,
                    "[--db FILE] FILE... | --exam [FILE...]"},
    [SUB_EXPORT] = {"export", N_("write the minutes (Markdown) or results (CSV, JSON)"),
                    OPTS_COMMON | BIT(OPT_DB) | BIT(OPT_MEETING) | BIT(OPT_FORMAT) | BIT(OPT_OUT) |
                        BIT(OPT_GROUP) | BIT(OPT_OPINIONS) | BIT(OPT_TODAY),
                    0, 0, NULL, false,
                    "[--db FILE] [--meeting N] [--format md|csv|json|brief [--group NAME]] "
                    "[--out FILE] [--opinions [--today YYYY-MM-DD]]"},
    [SUB_VERIFY] = {"verify", N_("check the journal's hash chain"), OPTS_COMMON | BIT(OPT_DB), 0, 1,
                    "DB", true, "[--db FILE | DB]"},
    [SUB_DEMO] = {"demo", N_("run a sample meeting with simulated seats"),
                  OPTS_COMMON | BIT(OPT_DB) | BIT(OPT_SEATS) | BIT(OPT_AUTO) | BIT(OPT_TMUX), 0, 0,
                  NULL, false, "[--db FILE] [--seats N] [--auto] [--tmux]"},
    [SUB_CTL] = {"ctl", N_("send one command as an enrolled console, or watch the meeting"),
                 OPTS_COMMON | BIT(OPT_PIN) | BIT(OPT_WATCH) | BIT(OPT_STATE) | BIT(OPT_TIMEOUT), 0,
                 1, "COMMAND", false,
                 "[--timeout SECONDS] [--pin PIN] COMMAND | --watch | --state"},
    [SUB_BENCH] = {"bench", N_("measure the hub under load"), OPTS_COMMON | BIT(OPT_SEATS), 0, 0,
                   NULL, false, "[--seats N]"},
    [SUB_EXAMINEE] = {"examinee", N_("run a nominee's law exam console"), OPTS_COMMON, 0, 0, NULL,
                      false, ""},
};

struct parser {
    struct cli *out;
    char *err;
    size_t errlen;
    const char *where; /* the subcommand (or "help") the message is about; NULL for none */
};

/* ---- errors ---- */

__attribute__((format(printf, 2, 3))) static int fail(struct parser *p, const char *fmt, ...)
{
    if (p->errlen == 0) return EXIT_USAGE;
    int n = p->where ? snprintf(p->err, p->errlen, "cmte: %s: ", p->where)
                     : snprintf(p->err, p->errlen, "cmte: ");
    if (n >= 0 && (size_t)n < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return EXIT_USAGE;
}

/* ---- values ---- */

/* A whole number of decimal digits only (no sign, no spaces), from min to max. */
static bool parse_number(const char *s, int min, int max, int *value)
{
    long long n = 0;
    if (*s == '\0') return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        n = n * 10 + (*s - '0');
        if (n > max) return false;
    }
    if (n < min) return false;
    *value = (int)n;
    return true;
}

/* Letters, digits and ".-:_%" (a zone in "fe80::1%eth0"), as [hub] listen accepts. */
static bool is_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr(".-:_%", c));
}

int cli_listen_split(const char *s, char *host, size_t hostlen, int *port)
{
    const char *h = s, *colon;
    size_t len;
    if (s[0] == '[') { /* [IPV6]:PORT */
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':') return -1;
        h = s + 1;
        len = (size_t)(close - h);
        colon = close + 1;
        if (!memchr(h, ':', len)) return -1;
    } else { /* HOST:PORT; a bare IPv6 address is ambiguous and refused */
        colon = strrchr(s, ':');
        if (!colon) return -1;
        len = (size_t)(colon - s);
        if (memchr(s, ':', len)) return -1;
    }
    if (len == 0 || len >= hostlen) return -1;
    for (size_t i = 0; i < len; i++)
        if (!is_host_char(h[i])) return -1;
    if (!parse_number(colon + 1, 1, 65535, port)) return -1;
    memcpy(host, h, len);
    host[len] = '\0';
    return 0;
}

/* Is word one of the '|'-separated choices? */
static bool is_choice(const char *choices, const char *word)
{
    size_t n = strlen(word);
    for (const char *c = choices; c;) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == n && strncmp(c, word, n) == 0) return true;
        c = bar ? bar + 1 : NULL;
    }
    return false;
}

/* "a|b|c" -> "a, b, c" */
static void list_choices(const char *choices, char *buf, size_t len)
{
    size_t w = 0;
    for (const char *c = choices; *c && w + 3 < len; c++) {
        if (*c == '|') {
            buf[w++] = ',';
            buf[w++] = ' ';
        } else {
            buf[w++] = *c;
        }
    }
    buf[w] = '\0';
}

static void *field_of(struct cli *out, const struct option_row *o)
{
    return (char *)out + o->field;
}

static void set_flag(struct cli *out, const struct option_row *o)
{
    *(bool *)field_of(out, o) = true;
}

/* Check v, a value of o (not a flag), and store it. */
static int store_value(struct parser *p, const struct option_row *o, const char *v)
{
    char buf[256];
    int n;
    switch (o->kind) {
    case VAL_CHOICE:
        if (!is_choice(o->metavar, v)) {
            list_choices(o->metavar, buf, sizeof buf);
            return fail(p, _("--%s: '%s' is not one of %s"), o->name, v, buf);
        }
        break;
    case VAL_NUMBER:
        if (!parse_number(v, o->min, o->max, &n)) {
            if (o->max == INT_MAX)
                return fail(p, _("--%s: '%s' is not a positive whole number"), o->name, v);
            return fail(p, _("--%s: '%s' is not a whole number from %d to %d"), o->name, v, o->min,
                        o->max);
        }
        *(int *)field_of(p->out, o) = n;
        return EXIT_OK;
    case VAL_ADDRESS:
        if (cli_listen_split(v, buf, sizeof buf, &n) != 0)
            return fail(p, _("--%s: '%s' is not HOST:PORT (port 1 to 65535, IPv6 as [ADDR]:PORT)"),
                        o->name, v);
        break;
    case VAL_FLAG: /* never here: parse_option sets flags */
    case VAL_TEXT:
        break;
    }
    *(const char **)field_of(p->out, o) = v;
    return EXIT_OK;
}

/* ---- options ---- */

/* The option arg names ("--name", "--name=value" or "-h"); namelen is the length of the
 * name as written, without any "=value". */
static const struct option_row *find_option(const char *arg, size_t *namelen)
{
    const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
    *namelen = eq ? (size_t)(eq - arg) : strlen(arg);
    for (int i = 0; i < OPT_COUNT; i++) {
        const struct option_row *o = &options[i];
        if (arg[1] == '-') {
            size_t n = *namelen - 2;
            if (n > 0 && strncmp(arg + 2, o->name, n) == 0 && o->name[n] == '\0') return o;
        } else if (o->short_name && arg[1] == o->short_name && arg[2] == '\0') {
            return o;
        }
    }
    return NULL;
}

/* argv[*i] is an option of the subcommand p->where, with options allowed as in mask. */
static int parse_option(struct parser *p, unsigned mask, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    size_t namelen;
    const struct option_row *o = find_option(arg, &namelen);
    if (!o) return fail(p, _("unknown option '%.*s'"), (int)namelen, arg);
    if (!(mask & BIT(o - options)))
        return fail(p, _("option '--%s' does not apply to %s"), o->name, p->where);
    const char *value = arg[namelen] == '=' ? arg + namelen + 1 : NULL;
    if (o->kind == VAL_FLAG) {
        if (value) return fail(p, _("option '--%s' takes no value"), o->name);
        set_flag(p->out, o);
        return EXIT_OK;
    }
    if (!value && *i + 1 < argc) value = argv[++*i];
    if (!value || *value == '\0') return fail(p, _("option '--%s' needs a value"), o->name);
    return store_value(p, o, value);
}

/* ---- positional arguments ---- */

static int check_args(struct parser *p, const struct subcommand_row *s)
{
    struct cli *out = p->out;
    if (out->help || out->version) return EXIT_OK;
    int min_args = out->exam ? 0 : s->min_args; /* import --exam: the configured bank */
    if (out->nargs < min_args) return fail(p, _("missing %s"), s->arg_name);
    if (s->max_args >= 0 && out->nargs > s->max_args) {
        if (s->max_args == 0) return fail(p, _("unexpected argument '%s'"), out->args[0]);
        return fail(p, _("too many arguments"));
    }
    if (s->arg_is_db && out->nargs == 1) {
        if (out->db) return fail(p, _("give the database either as %s or with --db"), s->arg_name);
        out->db = out->args[0];
    }
    return EXIT_OK;
}

/* Options and arguments may come in any order; "--" ends the options.  The positional
 * arguments are gathered at the front of argv[first..], as GNU getopt does. */
static int parse_subcommand(struct parser *p, enum subcommand sub, int argc, char **argv, int first)
{
    const struct subcommand_row *s = &subcommands[sub];
    int kept = first;
    bool only_args = false;
    p->out->sub = sub;
    p->where = s->name;
    for (int i = first; i < argc; i++) {
        char *arg = argv[i];
        if (only_args || arg[0] != '-' || arg[1] == '\0') {
            argv[kept++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_args = true;
        } else {
            int rc = parse_option(p, s->options, argc, argv, &i);
            if (rc != EXIT_OK) return rc;
        }
    }
    p->out->args = argv + first;
    p->out->nargs = kept - first;
    return check_args(p, s);
}

static enum subcommand find_subcommand(const char *name)
{
    for (int s = SUB_NONE + 1; s < SUB_COUNT; s++)
        if (strcmp(subcommands[s].name, name) == 0) return (enum subcommand)s;
    return SUB_NONE;
}

/* cmte help [SUBCOMMAND] */
static int parse_help(struct parser *p, int n, char **args)
{
    p->out->help = true;
    p->where = "help";
    if (n == 0) return EXIT_OK;
    if (args[0][0] == '-') return fail(p, _("unknown option '%s'"), args[0]);
    if (n > 1) return fail(p, _("too many arguments"));
    p->where = NULL;
    p->out->sub = find_subcommand(args[0]);
    if (p->out->sub == SUB_NONE) return fail(p, _("unknown subcommand '%s'"), args[0]);
    return EXIT_OK;
}

/* The options before the subcommand: --help, -h, --version. */
static int parse_global(struct parser *p, int argc, char **argv, int *i)
{
    for (; *i < argc && argv[*i][0] == '-' && argv[*i][1] != '\0'; ++*i) {
        const char *arg = argv[*i];
        size_t namelen;
        const struct option_row *o = find_option(arg, &namelen);
        if (strcmp(arg, "--") == 0) {
            ++*i;
            break;
        }
        if (o == &options[OPT_HELP] || o == &options[OPT_VERSION]) {
            if (arg[namelen] == '=') return fail(p, _("option '--%s' takes no value"), o->name);
            set_flag(p->out, o);
        } else if (o) {
            return fail(p, _("option '%.*s' goes after the subcommand"), (int)namelen, arg);
        } else {
            return fail(p, _("unknown option '%.*s'"), (int)namelen, arg);
        }
    }
    return EXIT_OK;
}

static void cli_init(struct cli *out)
{
    *out = (struct cli){
        .sub = SUB_NONE, .seat = -1, .meeting = -1, .seats = -1, .timeout = -1, .nominee = -1};
}

int cli_parse(int argc, char **argv, struct cli *out, char *err, size_t errlen)
{
    cli_init(out);
    if (errlen > 0) err[0] = '\0';
    struct parser p = {out, err, errlen, NULL};
    int i = 1;
    int rc = parse_global(&p, argc, argv, &i);
    if (rc != EXIT_OK) return rc;
    if (i >= argc) {
        if (out->help || out->version) return EXIT_OK;
        return fail(&p, _("missing subcommand"));
    }
    if (strcmp(argv[i], "help") == 0) return parse_help(&p, argc - i - 1, argv + i + 1);
    enum subcommand sub = find_subcommand(argv[i]);
    if (sub == SUB_NONE) return fail(&p, _("unknown subcommand '%s'"), argv[i]);
    return parse_subcommand(&p, sub, argc, argv, i + 1);
}

const char *subcommand_name(enum subcommand s)
{
    if (s <= SUB_NONE || s >= SUB_COUNT) return "";
    return subcommands[s].name;
}

/* ---- usage ---- */

enum { USAGE_WIDTH = 79, HELP_COLUMN = 26 };

/* The length of the next word of a usage line; a bracketed group is one word. */
static size_t usage_word(const char *s)
{
    size_t n = 0;
    int depth = 0;
    for (; s[n] && (depth > 0 || s[n] != ' '); n++) {
        if (s[n] == '[') depth++;
        if (s[n] == ']') depth--;
    }
    return n;
}

/* lead, then the words of text, wrapped under the first word (lead may be Chinese: its
 * columns, not its bytes, decide the indent). */
static void print_wrapped(FILE *f, const char *lead, const char *text)
{
    fputs(lead, f);
    int indent = text_width(lead) + 1;
    int col = indent - 1;
    while (*text) {
        size_t n = usage_word(text);
        if (n == 0) {
            text++;
            continue;
        }
        if (col > indent && col + 1 + (int)n > USAGE_WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else {
            fputc(' ', f);
            col++;
        }
        col += fprintf(f, "%.*s", (int)n, text);
        text += n;
    }
    fputc('\n', f);
}

static void print_option(FILE *f, const struct option_row *o)
{
    char label[64];
    const char *metavar = o->metavar ? o->metavar : "";
    if (o->short_name)
        snprintf(label, sizeof label, "-%c, --%s%s%s", o->short_name, o->name, *metavar ? " " : "",
                 metavar);
    else
        snprintf(label, sizeof label, "--%s%s%s", o->name, *metavar ? " " : "", metavar);
    if (strlen(label) + 4 > HELP_COLUMN)
        fprintf(f, "  %s\n%*s%s\n", label, HELP_COLUMN, "", _(o->help));
    else
        fprintf(f, "  %-*s%s\n", HELP_COLUMN - 2, label, _(o->help));
}

/* The options in mask: those of the subcommand first, then the common ones. */
static void print_options(FILE *f, unsigned mask)
{
    for (int i = 0; i < OPT_COUNT; i++)
        if ((mask & BIT(i)) && !(OPTS_COMMON & BIT(i))) print_option(f, &options[i]);
    for (int i = 0; i < OPT_COUNT; i++)
        if (mask & OPTS_COMMON & BIT(i)) print_option(f, &options[i]);
}

static void usage_program(FILE *f)
{
    const char *usage = _("usage:");
    int indent = text_width(usage) + 1;
    fprintf(f, "%s cmte SUBCOMMAND [OPTION]... [ARG]...\n", usage);
    fprintf(f, "%*scmte help [SUBCOMMAND]\n", indent, "");
    fprintf(f, "%*scmte --help | --version\n\n", indent, "");
    fprintf(f, "%s\n", _("Subcommands:"));
    for (int s = SUB_NONE + 1; s < SUB_COUNT; s++)
        fprintf(f, "  %-11s %s\n", subcommands[s].name, _(subcommands[s].summary));
    fprintf(f, "  %-11s %s\n\n", "help", _("show the usage of cmte or of one subcommand"));
    fprintf(f, "%s\n", _("Options of every subcommand:"));
    print_options(f, OPTS_COMMON);
    fprintf(f, "\n%s\n", _("'cmte help SUBCOMMAND' lists a subcommand's own options."));
    fprintf(f, "%s\n", _("Not every subcommand is available in this version: cmte(1) says which."));
}

void cli_usage(enum subcommand s, FILE *f)
{
    if (s <= SUB_NONE || s >= SUB_COUNT) {
        usage_program(f);
        return;
    }
    const struct subcommand_row *row = &subcommands[s];
    char lead[64];
    snprintf(lead, sizeof lead, "%s cmte %s", _("usage:"), row->name);
    print_wrapped(f, lead, row->usage);
    fprintf(f, "\n%s\n\n%s\n", _(row->summary), _("Options:"));
    print_options(f, row->options);
}
