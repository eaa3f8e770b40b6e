/* The question bank's decoder (the format is in exam_bank.h).  Pure: text in, questions and a
 * report out. */
#include "db/exam_bank.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db/import.h"

static const char header[] = "type,question,A,B,C,D,answer";

enum { EXAM_COLUMNS = 7, ROW_MAX_BYTES = 4096 };

static const char *const kind_names[EXAM_KIND_COUNT][2] = {
    [EXAM_SINGLE] = {"single", "单选"},
    [EXAM_MULTIPLE] = {"multiple", "多选"},
    [EXAM_TRUEFALSE] = {"truefalse", "判断"},
};

const char *exam_kind_name(enum exam_kind k)
{
    return (int)k >= 0 && k < EXAM_KIND_COUNT ? kind_names[k][0] : NULL;
}

void exam_bank_free(struct exam_bank *b)
{
    free(b->q);
    memset(b, 0, sizeof *b);
}

struct reader {
    const char *name;
    FILE *report;
    int line, bad;
};

__attribute__((format(printf, 2, 3))) static void bad_row(struct reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->report, "%s:%d: ", r->name, r->line);
    vfprintf(r->report, fmt, ap);
    fputc('\n', r->report);
    va_end(ap);
    r->bad++;
}

/* Valid UTF-8 (no overlong forms, no surrogates) with no control character. */
static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xE0) == 0xC0 ? 1
                : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0 || (n == 1 && *p < 0xC2)) return false;
        uint32_t c = n ? *p & (0x3F >> n) : *p;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            c = c << 6 | (p[i] & 0x3F);
        }
        if ((n == 2 && c < 0x800) || (n == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
            (c >= 0xD800 && c <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return true;
    return false;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

static int kind_of(const char *s)
{
    for (int k = 0; k < EXAM_KIND_COUNT; k++)
        if (!strcmp(s, kind_names[k][0]) || !strcmp(s, kind_names[k][1])) return k;
    return -1;
}

/* The options of a choice: A.. without a gap, two or more; none for true/false. */
static bool read_options(struct reader *r, struct exam_question *q, char **opts)
{
    int last = -1;
    for (int i = 0; i < EXAM_OPTIONS_MAX; i++)
        if (*opts[i]) last = i;
    if (q->kind == EXAM_TRUEFALSE) {
        if (last >= 0) return bad_row(r, "a true/false question has no options A-D"), false;
        return true;
    }
    for (int i = 0; i <= last; i++) {
        if (!*opts[i])
            return bad_row(r, "option %c is empty but a later one is not", 'A' + i), false;
        if (strlen(opts[i]) >= EXAM_OPTION_MAX)
            return bad_row(r, "option %c is longer than %d bytes", 'A' + i, EXAM_OPTION_MAX - 1),
                   false;
        for (int j = 0; j < i; j++)
            if (!strcmp(opts[i], opts[j]))
                return bad_row(r, "options %c and %c are the same", 'A' + j, 'A' + i), false;
        strcpy(q->options[i], opts[i]);
    }
    q->option_count = last + 1;
    if (q->option_count < 2) return bad_row(r, "a choice needs two options or more"), false;
    return true;
}

static bool true_false_answer(struct reader *r, struct exam_question *q, const char *s)
{
    if (!strcmp(s, "T") || !strcmp(s, "t") || !strcmp(s, "对")) return q->answer = 1, true;
    if (!strcmp(s, "F") || !strcmp(s, "f") || !strcmp(s, "错")) return q->answer = 2, true;
    return bad_row(r, "answer '%s' is not among the options: T or F (对 or 错)", s), false;
}

static bool read_answer(struct reader *r, struct exam_question *q, const char *s)
{
    if (!*s) return bad_row(r, "no answer"), false;
    if (q->kind == EXAM_TRUEFALSE) return true_false_answer(r, q, s);
    int letters = 0;
    for (const char *p = s; *p; p++) {
        int k = *p >= 'a' && *p <= 'z' ? *p - 'a' : *p - 'A';
        if (k < 0 || k >= q->option_count)
            return bad_row(r, "answer '%s' is not among the options A-%c", s,
                           'A' + q->option_count - 1),
                   false;
        if (q->answer & (1u << k))
            return bad_row(r, "answer '%s' names %c twice", s, 'A' + k), false;
        q->answer |= (uint8_t)(1u << k);
        letters++;
    }
    if (q->kind == EXAM_SINGLE && letters != 1)
        return bad_row(r, "a single choice has one answer, not '%s'", s), false;
    if (q->kind == EXAM_MULTIPLE && letters < 2)
        return bad_row(r, "a multiple choice has two answers or more, not '%s'", s), false;
    return true;
}

static bool duplicate(struct reader *r, const struct exam_bank *b, int from, const char *text)
{
    for (int i = from; i < b->count; i++)
        if (!strcmp(b->q[i].text, text))
            return bad_row(r, "duplicate question: the same text as line %d", b->q[i].line), true;
    return false;
}

/* One row of fields into q; false (reported) when it is bad. */
static bool read_row(struct reader *r, char **f, int n, struct exam_question *q)
{
    memset(q, 0, sizeof *q);
    q->line = r->line;
    if (n != EXAM_COLUMNS)
        return bad_row(r, "expected %d fields (%s), found %d", EXAM_COLUMNS, header, n), false;
    for (int i = 0; i < n; i++) {
        if (!utf8_ok(f[i])) return bad_row(r, "not UTF-8"), false;
        if (has_control(f[i])) return bad_row(r, "a control character in field %d", i + 1), false;
        f[i] = trim(f[i]);
    }
    int k = kind_of(f[0]);
    if (k < 0) return bad_row(r, "wrong type '%s': single, multiple or truefalse", f[0]), false;
    q->kind = (enum exam_kind)k;
    if (!*f[1]) return bad_row(r, "empty question text"), false;
    if (strlen(f[1]) >= EXAM_TEXT_MAX)
        return bad_row(r, "the question is longer than %d bytes", EXAM_TEXT_MAX - 1), false;
    strcpy(q->text, f[1]);
    return read_options(r, q, f + 2) && read_answer(r, q, f[6]);
}

/* Blank lines and lines starting with '#' (comments), before the next record. */
static void skip_comments(struct csv *c)
{
    while (c->p < c->end) {
        const char *q = c->p;
        while (q < c->end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < c->end && *q != '\n' && *q != '#') return;
        const char *nl = memchr(q, '\n', (size_t)(c->end - q));
        c->p = nl ? nl + 1 : c->end;
        c->line++;
    }
}

bool exam_bank_push(struct exam_bank *b, const struct exam_question *q)
{
    if (b->count == b->cap) {
        int cap = b->cap ? 2 * b->cap : 64;
        struct exam_question *n = realloc(b->q, (size_t)cap * sizeof *n);
        if (!n) return false;
        b->q = n;
        b->cap = cap;
    }
    b->q[b->count++] = *q;
    return true;
}

/* The header row, after a BOM, blank lines and comments; false (reported) when absent. */
static bool read_header(struct reader *r, struct csv *c, char *buf, char **f)
{
    const char *why = NULL;
    skip_comments(c);
    int n = csv_record(c, buf, ROW_MAX_BYTES, f, &r->line, &why);
    if (n == 0) return bad_row(r, "no header row '%s'", header), false;
    if (n < 0) return bad_row(r, "%s", why), false;
    for (int i = 0; i < n; i++) f[i] = trim(f[i]);
    char joined[ROW_MAX_BYTES] = "";
    for (int i = 0; i < n && strlen(joined) + strlen(f[i]) + 2 < sizeof joined; i++)
        strcat(strcat(joined, i ? "," : ""), f[i]);
    if (strcmp(joined, header) != 0)
        return bad_row(r, "the header row must be '%s'", header), false;
    return true;
}

int exam_bank_decode(const char *name, const char *text, size_t len, struct exam_bank *out,
                     FILE *report)
{
    struct reader r = {name, report, 1, 0};
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
    if (memchr(text, '\0', len)) return bad_row(&r, "a NUL byte: not a text file"), r.bad;
    struct csv c = {text, text + len, 1};
    char *buf = malloc(ROW_MAX_BYTES), *f[CSV_FIELDS_MAX];
    struct exam_question *q = malloc(sizeof *q);
    if (!buf || !q || !read_header(&r, &c, buf ? buf : "", f)) {
        if (!buf || !q) bad_row(&r, "out of memory");
        free(buf);
        free(q);
        return r.bad;
    }
    int first = out->count, n;
    const char *why = NULL;
    for (skip_comments(&c); (n = csv_record(&c, buf, ROW_MAX_BYTES, f, &r.line, &why)) != 0;
         skip_comments(&c)) {
        if (n < 0) { /* reported, and the rest of its line dropped */
            bad_row(&r, "%s", why);
            const char *nl = memchr(c.p, '\n', (size_t)(c.end - c.p));
            if (!nl) break;
            c.p = nl + 1;
            c.line++;
            continue;
        }
        if (!read_row(&r, f, n, q) || duplicate(&r, out, first, q->text)) continue;
        if (out->count - first >= EXAM_BANK_MAX)
            bad_row(&r, "more than %d questions in one file", EXAM_BANK_MAX);
        else if (!exam_bank_push(out, q))
            bad_row(&r, "out of memory");
    }
    free(buf);
    free(q);
    return r.bad;
}

bool exam_bank_header(const char *text, size_t len)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
    struct csv c = {text, text + len, 1};
    skip_comments(&c);
    size_t n = strlen(header), left = (size_t)(c.end - c.p);
    return left >= n && !memcmp(c.p, header, n) && (left == n || c.p[n] == '\n' || c.p[n] == '\r');
}
