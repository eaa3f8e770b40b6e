/* cmte.ini.  One table, keys[], says for every key where its value lives, how it is checked
 * and what its default is; loading a file, config_defaults(), config_set() and the
 * documentation (config_key()) all read it.
 *
 * inih is used as Debian builds it: no line numbers for the handler, lines of at most
 * INI_MAX_LINE bytes (longer ones are split), multi-line values, ';' inline comments.  So
 * our own readers feed it one line at a time: they count lines (for "FILE:LINE:" and "set
 * twice"), refuse over-long and indented lines instead of letting inih split or join them,
 * and check [section] headers, which inih does not report. */
#define _POSIX_C_SOURCE 200809L

#include "tui/config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum key_type {
    KEY_HOST,        /* host name or IP address */
    KEY_PATH,        /* file; relative to the folder of the file that set it */
    KEY_PATH_OFF,    /* the same, or empty for none */
    KEY_HEX_KEY,     /* empty or 64 hex digits */
    KEY_INT,         /* int32_t in min..max */
    KEY_BOOL,        /* bool */
    KEY_LANGUAGE,    /* enum ui_language */
    KEY_OPTIONS,     /* struct core_rules: the evaluation options */
    KEY_BASE,        /* enum rule_base */
    KEY_THRESHOLD,   /* enum rule_threshold */
    KEY_CHOICE_RULE, /* int: enum choice_rule */
    KEY_REANSWER,    /* bool: "any" (true) or "majority" */
    KEY_ADOPTION,    /* bool: "vote" (true) or "chair" */
};

struct key_row {
    struct config_key_info info;
    enum key_type type;
    size_t offset; /* of the value in struct config */
    size_t size;   /* of the value (the buffer, for text) */
    int32_t min, max;
    const char *unit; /* of an integer, for range errors */
};

/* clang-format off */
#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)
#define ROW(sec, key, type, f, def, help) {{sec, key, def, help}, type, FIELD(f), 0, 0, NULL}
#define INT(sec, key, f, lo, hi, unit, def, help) \
    {{sec, key, def, help}, KEY_INT, FIELD(f), lo, hi, unit}
#define LIMIT(key, kind, def, help) \
    INT("limits", key, rules.speech_limit_s[kind], 10, 7200, "seconds", def, help)
/* clang-format on */

static const struct key_row keys[] = {
    ROW("hub", "address", KEY_HOST, hub_host, "127.0.0.1", "Host the consoles connect to"),
    ROW("hub", "listen", KEY_HOST, listen_host, "0.0.0.0",
        "Address the hub listens on (0.0.0.0: every IPv4 interface)"),
    INT("hub", "port", port, 1, 65535, NULL, "7710", "TCP port of the hub"),
    ROW("hub", "trace", KEY_PATH_OFF, trace_path, "",
        "File the hub appends one line per commit to (for cmte bench); empty: none"),
    ROW("keys", "hub_key", KEY_PATH, hub_key, "hub.key", "The hub's long-term secret key file"),
    ROW("keys", "console_secret", KEY_HEX_KEY, console_secret, "",
        "This console's secret key, 64 hex digits (written by cmte enroll); empty on the hub"),
    ROW("keys", "hub_public", KEY_HEX_KEY, hub_public, "",
        "Pinned public key of the hub, 64 hex digits; empty on the hub"),
    ROW("database", "path", KEY_PATH, db_path, "cmte.db", "The meeting database"),
    ROW("ui", "language", KEY_LANGUAGE, language, "zh", "Language of the interface"),
    INT("ui", "escdelay", escdelay_ms, 0, 1000, "milliseconds", "50",
        "How long to wait after Esc for the rest of a key sequence"),
    ROW("rules", "quorum", KEY_THRESHOLD, rules.quorum.threshold, "more-than-half",
        "Share of all members who must sign in for a sitting to open"),
    ROW("rules", "vote_base", KEY_BASE, rules.vote.base, "all",
        "What a vote's majority is taken of"),
    ROW("rules", "vote_threshold", KEY_THRESHOLD, rules.vote.threshold, "more-than-half",
        "The majority a vote needs to pass"),
    ROW("rules", "evaluation_base", KEY_BASE, rules.evaluation.base, "all",
        "What an evaluation's majority is taken of"),
    ROW("rules", "evaluation_threshold", KEY_THRESHOLD, rules.evaluation.threshold,
        "more-than-half", "The majority that decides an evaluation's verdict"),
    ROW("rules", "evaluation_options", KEY_OPTIONS, rules, "满意,基本满意,不满意",
        "Evaluation choices, best first, separated by commas"),
    ROW("rules", "evaluation_secret", KEY_BOOL, rules.evaluation_secret, "yes",
        "Are evaluations secret ballots?"),
    ROW("rules", "vote_secret", KEY_BOOL, rules.vote_secret, "yes",
        "Are votes secret? (an item may still be a named vote)"),
    INT("rules", "followups", rules.followups_per_question, 0, 5, NULL, "1",
        "Follow-up questions (追问) per inquiry question"),
    ROW("rules", "speak_twice", KEY_BOOL, rules.speak_twice, "yes",
        "May a member take the floor twice on one item?"),
    ROW("rules", "choice_rule", KEY_CHOICE_RULE, rules.choice_rule, "majority-all",
        "Who is elected on a choice ballot (差额票决): the k with most votes among those with more "
        "than half of all members, of the ballots cast, or with no threshold"),
    ROW("rules", "choice_secret", KEY_BOOL, rules.choice_secret, "yes",
        "Are choice ballots secret? (an item may still be named)"),
    ROW("rules", "removal_paper", KEY_BOOL, rules.removal_paper, "yes",
        "Is a removal (撤职案) voted by paper ballot, counted by hand with scrutineers?"),
    INT("rules", "motion_signatures", rules.motion_signatures, 1, MOTION_SIGNATURES_MAX, NULL, "5",
        "Signatures (the proposer's included) that register an inquiry motion (质询案)"),
    ROW("rules", "motion_reanswer", KEY_REANSWER, rules.motion_reanswer_any, "majority",
        "Who marks a motion for a second answer (再作答复): more than half of its proposers "
        "dissatisfied, or any one"),
    INT("rules", "opinion_months", rules.opinion_months, OPINION_MONTHS_MIN, OPINION_MONTHS_MAX,
        NULL, "3", "Months the organ has to report on the deliberation opinions (审议意见)"),
    ROW("rules", "opinion_adoption", KEY_ADOPTION, rules.opinion_by_vote, "chair",
        "Who adopts the deliberation opinions (审议意见): the chair, or a vote of the meeting"),
    LIMIT("plenary", SPEECH_PLENARY, "600", "Deliberation speech in a plenary sitting (审议发言)"),
    LIMIT("joint", SPEECH_JOINT, "600", "Speech in a joint group sitting (联组会议)"),
    LIMIT("group_first", SPEECH_GROUP_FIRST, "900", "First speech on an item in a group sitting"),
    LIMIT("group_next", SPEECH_GROUP_NEXT, "600", "Later speeches on an item in a group sitting"),
    LIMIT("question", SPEECH_QUESTION, "180", "Inquiry question (提问)"),
    LIMIT("answer", SPEECH_ANSWER, "300", "Answer to an inquiry question (回答)"),
    LIMIT("followup", SPEECH_FOLLOWUP, "120", "Follow-up question (追问)"),
    LIMIT("followup_answer", SPEECH_FOLLOWUP_ANSWER, "180", "Answer to a follow-up question"),
    LIMIT("statement", SPEECH_STATEMENT, "300", "Statement before an appointment (供职发言)"),
    LIMIT("defence", SPEECH_DEFENCE, "600", "Defence of a person facing removal (申辩)"),
    LIMIT("motion_answer", SPEECH_MOTION_ANSWER, "900",
          "Answer to an inquiry motion at the meeting, by the organ's head (质询案答复)"),
    INT("limits", "warning", rules.warning_s, 0, 600, "seconds", "60",
        "Warning before the end of any speech"),
    ROW("exam", "required", KEY_BOOL, rules.exam.required, "no",
        "Must a nominee pass the law exam (任前法律知识考试) before the appointment vote?"),
    INT("exam", "questions", exam_questions, 1, EXAM_QUESTIONS_MAX, NULL, "20",
        "Questions on one exam paper"),
    INT("exam", "minutes", rules.exam.minutes, 1, EXAM_MINUTES_MAX, "minutes", "90",
        "Time limit of an exam paper"),
    INT("exam", "pass", rules.exam.pass_mark, 0, 100, "points", "60", "Pass mark, of 100"),
    INT("exam", "retakes", rules.exam.retakes, 0, EXAM_ATTEMPTS_MAX - 1, NULL, "1",
        "Retakes (补考) after a failed paper"),
    ROW("exam", "bank", KEY_PATH_OFF, exam_bank, "",
        "The question bank file cmte import --exam reads by default; empty: none"),
    INT("documents", "max_bytes", document_max_bytes, 1024, 16777216, "bytes", "1048576",
        "Largest document (report, draft, résumé) an agenda may name"),
    INT("net", "heartbeat_ms", heartbeat_ms, 100, 60000, "milliseconds", "2000",
        "Interval between heartbeats"),
    INT("net", "timeout_ms", timeout_ms, 500, 600000, "milliseconds", "6000",
        "Silence after which a peer is lost; more than heartbeat_ms"),
    INT("net", "queue_limit", queue_limit_bytes, 65536, 1073741824, "bytes", "4194304",
        "Most unsent data queued for one connection"),
    INT("net", "frame_max", frame_max_bytes, 4096, 16777216, "bytes", "1048576",
        "Largest message accepted"),
    INT("net", "command_rate", command_rate, 0, 100000, "commands a second", "50",
        "Commands one connection may send a second, over time (0: no limit)"),
    INT("net", "command_burst", command_burst, 1, 100000, "commands", "200",
        "Commands one connection may send at once, before command_rate applies"),
};
#define KEY_COUNT (sizeof keys / sizeof keys[0])

enum { SHOWN_MAX = 48, SHOWN_CUT = 40, HEX_KEY_LEN = 64 };

/* --- Messages ------------------------------------------------------------------------ */

/* Write the reason a value is refused; returns -1. */
__attribute__((format(printf, 3, 4))) static int refuse(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* A value as it is quoted in a message: cut to SHOWN_CUT bytes (at a character boundary),
 * control characters as '?'. */
static const char *shown(const char *s, char out[static SHOWN_MAX])
{
    size_t n = strlen(s);
    bool cut = n > SHOWN_CUT;
    if (cut) {
        n = SHOWN_CUT;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[i] = ch < 0x20 || ch == 0x7F ? '?' : (char)ch;
    }
    strcpy(out + n, cut ? "..." : "");
    return out;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return true;
    return false;
}

/* --- Values ------------------------------------------------------------------------- */

/* Text that fits a buffer of `size` bytes and has no control characters. */
static int check_text(const char *value, size_t size, char *why, size_t len)
{
    char v[SHOWN_MAX];
    if (strlen(value) >= size)
        return refuse(why, len, "'%s' is longer than %zu bytes", shown(value, v), size - 1);
    if (has_control(value))
        return refuse(why, len, "'%s' contains a control character", shown(value, v));
    return 0;
}

static int set_host(char *field, size_t size, const char *value, char *why, size_t len)
{
    char v[SHOWN_MAX];
    if (check_text(value, size, why, len)) return -1;
    static const char host_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789.-:_%";
    if (!*value || value[strspn(value, host_chars)])
        return refuse(why, len, "'%s' is not a host name or IP address", shown(value, v));
    strcpy(field, value);
    return 0;
}

/* dir is the folder of the configuration file with its trailing '/', or "". */
static int set_path(char *field, size_t size, const char *value, const char *dir, char *why,
                    size_t len)
{
    char v[SHOWN_MAX];
    if (check_text(value, size, why, len)) return -1;
    if (!*value) return refuse(why, len, "a file name is needed");
    const char *prefix = value[0] == '/' ? "" : dir;
    if (strlen(prefix) + strlen(value) >= size)
        return refuse(why, len, "'%s' is longer than %zu bytes once taken relative to %s",
                      shown(value, v), size - 1, dir);
    snprintf(field, size, "%s%s", prefix, value);
    return 0;
}

static int set_hex_key(char *field, size_t size, const char *value, char *why, size_t len)
{
    size_t n = strlen(value);
    if (n != 0 && n != HEX_KEY_LEN)
        return refuse(why, len, "expected %d hex digits or nothing, got %zu characters",
                      HEX_KEY_LEN, n);
    size_t bad = strspn(value, "0123456789abcdefABCDEF");
    if (bad != n) return refuse(why, len, "character %zu is not a hex digit", bad + 1);
    snprintf(field, size, "%s", value);
    return 0;
}

static int set_int(int32_t *field, const struct key_row *row, const char *value, char *why,
                   size_t len)
{
    char v[SHOWN_MAX];
    const char *digits = value + (*value == '+' || *value == '-');
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (*digits < '0' || *digits > '9' || *end)
        return refuse(why, len, "'%s' is not a whole number", shown(value, v));
    if (errno == ERANGE || n < row->min || n > row->max)
        return refuse(why, len, "%s is out of range %ld..%ld%s%s%s", shown(value, v),
                      (long)row->min, (long)row->max, row->unit ? " (" : "",
                      row->unit ? row->unit : "", row->unit ? ")" : "");
    *field = (int32_t)n;
    return 0;
}

static int set_bool(bool *field, const char *value, char *why, size_t len)
{
    static const char *const words[] = {"yes", "no", "true", "false", "on", "off", "1", "0"};
    char v[SHOWN_MAX];
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcasecmp(value, words[i]) == 0) {
            *field = i % 2 == 0;
            return 0;
        }
    }
    return refuse(why, len, "'%s' is not one of yes, no (or true, false, on, off, 1, 0)",
                  shown(value, v));
}

static const char *language_name(int i)
{
    static const char *const names[] = {[LANG_ZH] = "zh", [LANG_EN] = "en"};
    return i >= 0 && i < (int)(sizeof names / sizeof names[0]) ? names[i] : NULL;
}

static int language_parse(const char *s)
{
    for (int i = 0; language_name(i); i++)
        if (strcmp(s, language_name(i)) == 0) return i;
    return -1;
}

static const char *base_name(int i)
{
    return i < 0 ? NULL : rule_base_name((enum rule_base)i);
}

static const char *threshold_name(int i)
{
    return i < 0 ? NULL : rule_threshold_name((enum rule_threshold)i);
}

static const char *choice_name(int i)
{
    return i < 0 ? NULL : choice_rule_name((enum choice_rule)i);
}

static const char *reanswer_name(int i)
{
    return i == 0 ? "majority" : i == 1 ? "any" : NULL;
}

static int reanswer_parse(const char *s)
{
    return strcmp(s, "majority") == 0 ? 0 : strcmp(s, "any") == 0 ? 1 : -1;
}

static const char *adoption_name(int i)
{
    return i == 0 ? "chair" : i == 1 ? "vote" : NULL;
}

static int adoption_parse(const char *s)
{
    return strcmp(s, "chair") == 0 ? 0 : strcmp(s, "vote") == 0 ? 1 : -1;
}

/* One of a list of names; *out is its index. */
static int parse_choice(int *out, const char *value, int (*parse)(const char *),
                        const char *(*name)(int), char *why, size_t len)
{
    char v[SHOWN_MAX];
    *out = parse(value);
    if (*out >= 0) return 0;
    int n = snprintf(why, len, "'%s' is not one of ", shown(value, v));
    for (int i = 0; name(i) && n >= 0 && (size_t)n < len; i++)
        n += snprintf(why + n, len - (size_t)n, "%s%s", i ? ", " : "", name(i));
    return -1;
}

/* --- Evaluation options ------------------------------------------------------------- */

/* The length of the UTF-8 character at s (n bytes left) and its code point, or 0 when
 * the bytes are not UTF-8 (overlong forms and surrogates included). */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t k = s[0] < 0x80 ? 1 : s[0] < 0xC0 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (k == 0 || k > n || s[0] > 0xF4) return 0;
    *cp = k == 1 ? s[0] : s[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        *cp = *cp << 6 | (s[i] & 0x3F);
    }
    bool bad = *cp < min_cp[k] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF);
    return bad ? 0 : k;
}

/* Label number `nth` is s[0..n), spaces around it already trimmed. */
static int check_label(const char *s, size_t n, int nth, char *why, size_t len)
{
    if (n == 0) return refuse(why, len, "label %d is empty", nth);
    if (n >= OPTION_LABEL_MAX)
        return refuse(why, len, "label %d is longer than %d bytes", nth, OPTION_LABEL_MAX - 1);
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        k = utf8_char((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) return refuse(why, len, "label %d is not valid UTF-8", nth);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return refuse(why, len, "label %d contains a control character", nth);
    }
    return 0;
}

static int count_labels(const char *value)
{
    int n = 1;
    for (; *value; value++) n += *value == ',';
    return n;
}

static int set_options(struct core_rules *r, const char *value, char *why, size_t len)
{
    int count = count_labels(value);
    if (count < 2 || count > OPTIONS_MAX)
        return refuse(why, len, "%d label%s given, 2..%d needed, separated by commas", count,
                      count == 1 ? "" : "s", OPTIONS_MAX);
    char labels[OPTIONS_MAX][OPTION_LABEL_MAX] = {{0}}; /* copied whole, unused ones too */
    for (int i = 0; i < count; i++) {
        size_t n = strcspn(value, ",");
        const char *next = value + n + (value[n] == ',');
        while (n > 0 && (*value == ' ' || *value == '\t')) value++, n--;
        while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t')) n--;
        if (check_label(value, n, i + 1, why, len)) return -1;
        memcpy(labels[i], value, n);
        labels[i][n] = '\0';
        for (int j = 0; j < i; j++) {
            if (strcmp(labels[i], labels[j]) == 0)
                return refuse(why, len, "'%s' is given twice", labels[i]);
        }
        value = next;
    }
    memcpy(r->evaluation_options, labels, sizeof labels);
    r->evaluation_option_count = count;
    return 0;
}

/* --- One key -------------------------------------------------------------------------- */

/* Check value and store it in row's field of c; or -1 with why (not naming the key). */
static int set_value(struct config *c, const struct key_row *row, const char *value,
                     const char *dir, char *why, size_t len)
{
    void *field = (char *)c + row->offset;
    int i;
    switch (row->type) {
    case KEY_HOST:
        return set_host(field, row->size, value, why, len);
    case KEY_PATH:
        return set_path(field, row->size, value, dir, why, len);
    case KEY_PATH_OFF:
        if (*value) return set_path(field, row->size, value, dir, why, len);
        *(char *)field = '\0';
        return 0;
    case KEY_HEX_KEY:
        return set_hex_key(field, row->size, value, why, len);
    case KEY_INT:
        return set_int(field, row, value, why, len);
    case KEY_BOOL:
        return set_bool(field, value, why, len);
    case KEY_OPTIONS:
        return set_options(field, value, why, len);
    case KEY_LANGUAGE:
        if (parse_choice(&i, value, language_parse, language_name, why, len)) return -1;
        *(enum ui_language *)field = (enum ui_language)i;
        return 0;
    case KEY_BASE:
        if (parse_choice(&i, value, rule_base_parse, base_name, why, len)) return -1;
        *(enum rule_base *)field = (enum rule_base)i;
        return 0;
    case KEY_THRESHOLD:
        if (parse_choice(&i, value, rule_threshold_parse, threshold_name, why, len)) return -1;
        *(enum rule_threshold *)field = (enum rule_threshold)i;
        return 0;
    case KEY_CHOICE_RULE:
        if (parse_choice(&i, value, choice_rule_parse, choice_name, why, len)) return -1;
        *(int *)field = i;
        return 0;
    case KEY_REANSWER:
        if (parse_choice(&i, value, reanswer_parse, reanswer_name, why, len)) return -1;
        *(bool *)field = i == 1;
        return 0;
    case KEY_ADOPTION:
        if (parse_choice(&i, value, adoption_parse, adoption_name, why, len)) return -1;
        *(bool *)field = i == 1;
        return 0;
    }
    return -1;
}

static bool known_section(const char *name, size_t n)
{
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strlen(keys[i].info.section) == n && memcmp(keys[i].info.section, name, n) == 0)
            return true;
    return false;
}

/* The row for section.key, or NULL with msg saying what is wrong. */
static const struct key_row *find_key(const char *section, const char *key, char *msg, size_t len)
{
    char s[SHOWN_MAX], k[SHOWN_MAX];
    if (!section || !*section) {
        snprintf(msg, len, "key '%s' is outside any section", shown(key, k));
        return NULL;
    }
    if (!known_section(section, strlen(section))) {
        snprintf(msg, len, "unknown section [%s]", shown(section, s));
        return NULL;
    }
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].info.section, section) == 0 && strcmp(keys[i].info.key, key) == 0)
            return &keys[i];
    snprintf(msg, len, "unknown key '%s' in section [%s]", shown(key, k), shown(section, s));
    return NULL;
}

/* --- Parsing a file -------------------------------------------------------------------- */

struct parse {
    struct config work;         /* copied back to the caller's only when all is well */
    const char *name;           /* the file, for messages */
    char dir[CONFIG_PATH_MAX];  /* its folder with a trailing '/', or "" */
    FILE *file;                 /* read from this, */
    const char *text;           /* or this */
    int read_errno;             /* when reading the file failed */
    int line;                   /* lines read */
    int set_on[KEY_COUNT];      /* the line that set each key, 0 = not set */
    bool failed;                /* msg holds the first error, */
    int err_line;               /* which is on this line (0: about the whole file) */
    char msg[CONFIG_ERROR_MAX]; /* without "FILE:LINE: " */
};

/* Record the first error, on `line` (0: about the whole file); returns false. */
__attribute__((format(printf, 3, 4))) static bool parse_error(struct parse *p, int line,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->failed = true;
    p->err_line = line;
    return false;
}

static bool check_section_line(struct parse *p, const char *s)
{
    const char *end = strchr(s, ']');
    if (!end || known_section(s + 1, (size_t)(end - s - 1))) return true; /* or inih's error */
    char name[SHOWN_MAX + 1], v[SHOWN_MAX];
    size_t n = (size_t)(end - s - 1) < SHOWN_MAX ? (size_t)(end - s - 1) : SHOWN_MAX;
    memcpy(name, s + 1, n);
    name[n] = '\0';
    return parse_error(p, p->line, "unknown section [%s]", shown(name, v));
}

/* Called for each line (n bytes) before inih sees it; false stops the parse with p->msg
 * set.  size is inih's buffer: a line that fills it did not fit. */
static bool accept_line(struct parse *p, const char *line, size_t n, int size)
{
    p->line++;
    if (n == (size_t)size - 1 && line[n - 1] != '\n')
        return parse_error(p, p->line, "the line is longer than %d bytes", size - 2);
    if (memchr(line, '\0', n)) return parse_error(p, p->line, "the line contains a NUL byte");
    if (p->line == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0) line += 3;
    if (*line == ' ' || *line == '\t') {
        const char *s = line + strspn(line, " \t\r\n");
        if (*s && *s != ';' && *s != '#')
            return parse_error(p, p->line,
                               "the line is indented (a value cannot go on over lines)");
    }
    return *line != '[' || check_section_line(p, line);
}

/* inih's readers: one line, with its newline, as much as fits. */
static char *read_file_line(char *buf, int size, void *stream)
{
    struct parse *p = stream;
    size_t n = 0;
    int ch = 0;
    while (!p->failed && n + 1 < (size_t)size && ch != '\n' && (ch = getc(p->file)) != EOF)
        buf[n++] = (char)ch;
    if (ferror(p->file)) p->read_errno = errno;
    if (n == 0 || p->read_errno) return NULL;
    buf[n] = '\0';
    return accept_line(p, buf, n, size) ? buf : NULL;
}

static char *read_text_line(char *buf, int size, void *stream)
{
    struct parse *p = stream;
    if (p->failed || !*p->text || size < 2) return NULL;
    size_t n = strcspn(p->text, "\n");
    n += p->text[n] == '\n';
    if (n > (size_t)size - 1) n = (size_t)size - 1;
    memcpy(buf, p->text, n);
    buf[n] = '\0';
    p->text += n;
    return accept_line(p, buf, n, size) ? buf : NULL;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
    struct parse *p = user;
    char why[CONFIG_ERROR_MAX];
    const struct key_row *row = find_key(section, key, why, sizeof why);
    if (!row) return parse_error(p, p->line, "%s", why);
    int *first = &p->set_on[row - keys];
    if (*first)
        return parse_error(p, p->line, "%s.%s is set twice (first on line %d)", row->info.section,
                           row->info.key, *first);
    *first = p->line;
    if (set_value(&p->work, row, value, p->dir, why, sizeof why))
        return parse_error(p, p->line, "%s.%s: %s", row->info.section, row->info.key, why);
    return 1;
}

/* The line of this file that set section.key, or 0. */
static int line_of(const struct parse *p, const char *section, const char *key)
{
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].info.section, section) == 0 && strcmp(keys[i].info.key, key) == 0)
            return p->set_on[i];
    return 0;
}

/* Checks of one key against another, once the whole file is read. */
static void check_together(struct parse *p)
{
    const struct config *c = &p->work;
    if (c->timeout_ms > c->heartbeat_ms) return;
    int line = line_of(p, "net", "timeout_ms");
    parse_error(p, line ? line : line_of(p, "net", "heartbeat_ms"),
                "net.timeout_ms (%ld) must be greater than net.heartbeat_ms (%ld)",
                (long)c->timeout_ms, (long)c->heartbeat_ms);
}

/* Set up p to parse the file `name` over *c. */
static int start_parse(struct parse *p, const struct config *c, const char *name, char *err,
                       size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->work = *c;
    p->name = name;
    if (snprintf(p->work.source, sizeof p->work.source, "%s", name) >= (int)sizeof p->work.source) {
        snprintf(err, errlen, "%.40s...: the file name is too long", name);
        return -1;
    }
    const char *slash = strrchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) + 1 : 0;
    memcpy(p->dir, name, n);
    p->dir[n] = '\0';
    return 0;
}

/* After inih: the first error of inih's (rc) and ours, or copy the result back to *c. */
static int finish_parse(struct parse *p, int rc, struct config *c, char *err, size_t errlen)
{
    if (rc > 0 && (!p->failed || rc < p->err_line))
        parse_error(p, rc, "syntax error (expected [section] or key = value)");
    else if (rc < 0 && !p->failed)
        parse_error(p, 0, "out of memory");
    else if (p->read_errno && !p->failed)
        parse_error(p, 0, "cannot read: %s", strerror(p->read_errno));
    if (!p->failed) check_together(p);
    if (!p->failed) {
        *c = p->work;
        return 0;
    }
    if (p->err_line > 0)
        snprintf(err, errlen, "%s:%d: %s", p->name, p->err_line, p->msg);
    else
        snprintf(err, errlen, "%s: %s", p->name, p->msg);
    return -1;
}

/* A file that sets console_secret must be private, like an SSH key. */
static int check_private(const struct config *before, const struct config *after, FILE *f,
                         const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (strcmp(before->console_secret, after->console_secret) == 0) return 0;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) == 0) return 0;
    snprintf(err, errlen, "%s: holds console_secret but others may read it (chmod 600 %s)", path,
             path);
    return -1;
}

static int load_open_file(struct config *c, const char *path, FILE *f, char *err, size_t errlen)
{
    struct parse p;
    if (start_parse(&p, c, path, err, errlen)) return -1;
    p.file = f;
    int rc = ini_parse_stream(read_file_line, &p, on_key, &p);
    struct config *before = malloc(sizeof *before);
    if (!before) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    *before = *c;
    rc = finish_parse(&p, rc, c, err, errlen);
    if (rc == 0 && check_private(before, c, f, path, err, errlen) != 0) {
        *c = *before;
        rc = -1;
    }
    free(before);
    return rc;
}

int config_load_string(struct config *c, const char *name, const char *text, char *err,
                       size_t errlen)
{
    struct parse p;
    if (start_parse(&p, c, name, err, errlen)) return -1;
    p.text = text;
    int rc = ini_parse_stream(read_text_line, &p, on_key, &p);
    return finish_parse(&p, rc, c, err, errlen);
}

/* 1 when an optional file is absent, else as config_load_file. */
static int load_file(struct config *c, const char *path, bool optional, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f && optional && (errno == ENOENT || errno == ENOTDIR)) return 1;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = load_open_file(c, path, f, err, errlen);
    fclose(f);
    return rc;
}

int config_load_file(struct config *c, const char *path, char *err, size_t errlen)
{
    return load_file(c, path, false, err, errlen);
}

/* --- The public rest ------------------------------------------------------------------- */

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    rules_default(&c->rules);
    for (size_t i = 0; i < KEY_COUNT; i++) {
        char why[CONFIG_ERROR_MAX];
        if (set_value(c, &keys[i], keys[i].info.default_text, "", why, sizeof why))
            abort(); /* a bad default in keys[]: the unit tests catch it */
    }
}

int config_set(struct config *c, const char *section, const char *key, const char *value, char *err,
               size_t errlen)
{
    const struct key_row *row = find_key(section, key ? key : "", err, errlen);
    if (!row) return -1;
    char why[CONFIG_ERROR_MAX];
    if (set_value(c, row, value ? value : "", "", why, sizeof why) == 0) return 0;
    snprintf(err, errlen, "%s.%s: %s", row->info.section, row->info.key, why);
    return -1;
}

/* $XDG_CONFIG_HOME/cmte/cmte.ini, or ~/.config/...; "" when neither variable helps.
 * A relative XDG_CONFIG_HOME is ignored, as the XDG specification says. */
static void user_config_path(char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n = 0;
    if (xdg && xdg[0] == '/')
        n = snprintf(out, size, "%s/cmte/cmte.ini", xdg);
    else if (home && *home)
        n = snprintf(out, size, "%s/.config/cmte/cmte.ini", home);
    if (n <= 0 || (size_t)n >= size) out[0] = '\0';
}

int config_load(struct config *c, const char *explicit_path, char *err, size_t errlen)
{
    config_defaults(c);
    if (explicit_path) return load_file(c, explicit_path, false, err, errlen);
    const char *env = getenv("CMTE_CONFIG");
    if (env && *env) return load_file(c, env, false, err, errlen);
    char user[CONFIG_PATH_MAX];
    user_config_path(user, sizeof user);
    int rc = *user ? load_file(c, user, true, err, errlen) : 1;
    if (rc <= 0) return rc;
    rc = load_file(c, "/etc/cmte/cmte.ini", true, err, errlen);
    return rc < 0 ? -1 : 0;
}

size_t config_key_count(void)
{
    return KEY_COUNT;
}

const struct config_key_info *config_key(size_t i)
{
    return i < KEY_COUNT ? &keys[i].info : NULL;
}
