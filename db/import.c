/* Roster CSV and agenda INI → commands through the core.  See import.h. */
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <ini.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db/import.h"

enum { LINE_MAX_BYTES = 4096 };

/* Where a command came from, for the report. */
struct source {
    const char *path;
    int line;
    FILE *report;
    int bad;
    struct core_state *s;
    int64_t now;
    struct import_result *out;
    const char *dir; /* the agenda's folder, where documents are read; NULL: no files */
    int pending_count, pending_cap;
    struct pending_document *pending; /* documents read, added after the agenda's items */
};

struct pending_document {
    struct command c;
    int line;
    char *text; /* owned until kept */
    size_t len;
};

/* One line per bad row: what a row held is quoted in the reason, so its control characters
 * (a newline in a quoted field, an escape sequence) are shown as '?' and long values cut. */
__attribute__((format(printf, 2, 3))) static void bad_row(struct source *src, const char *fmt, ...)
{
    char reason[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    for (unsigned char *c = (unsigned char *)reason; *c; c++)
        if (*c < 0x20 || *c == 0x7F) *c = '?';
    fprintf(src->report, "%s:%d: %s\n", src->path, src->line, reason);
    src->bad++;
}

int event_list_push(struct event_list *l, const struct event *e)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        struct event *p = realloc(l->events, (size_t)cap * sizeof *p);
        if (!p) return -1;
        l->events = p;
        l->cap = cap;
    }
    l->events[l->count++] = *e;
    return 0;
}

/* Send one command as the secretary; on success apply and keep its events and return the
 * first event (for ids the core assigned), else report the row and return NULL. */
static const struct event *send(struct source *src, const struct command *c)
{
    static const struct actor secretary = {ROLE_SECRETARY, 0};
    struct event_batch batch;
    struct core_error err;
    if (core_validate(src->s, &secretary, c, src->now, &batch, &err) != ERR_OK) {
        bad_row(src, "%s%s%s", core_err_message(err.code), err.detail[0] ? ": " : "", err.detail);
        return NULL;
    }
    int first = src->out->events.count;
    for (int i = 0; i < batch.count; i++) {
        if (core_apply(src->s, &batch.events[i]) != ERR_OK ||
            event_list_push(&src->out->events, &batch.events[i])) {
            bad_row(src, "cannot be applied");
            return NULL;
        }
    }
    return &src->out->events.events[first];
}

void import_result_free(struct import_result *r)
{
    free(r->events.events);
    free(r->pins);
    for (int i = 0; i < r->document_count; i++) free(r->documents[i].text);
    free(r->documents);
    memset(r, 0, sizeof *r);
}

/* Text helpers. */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

static bool to_int(const char *s, long min, long max, int32_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max) return false;
    *out = (int32_t)v;
    return true;
}

static bool set_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) return false;
    memcpy(dst, src, n + 1);
    return true;
}

/* Split s at '|' into at most max trimmed parts; returns the count. */
static int split_bar(char *s, char **parts, int max)
{
    int n = 0;
    for (char *p = s; n < max;) {
        char *bar = strchr(p, '|');
        if (bar) *bar = '\0';
        parts[n++] = trim(p);
        if (!bar) break;
        p = bar + 1;
    }
    return n;
}

/* Roster CSV: a header row naming the columns (English or Chinese), then one person a row.
 * UTF-8 with or without a BOM; fields may be quoted ("a, b" and "say ""hi"""). */

enum column { COL_ID, COL_NAME, COL_TITLE, COL_GROUP, COL_SEAT, COL_KIND, COL_PIN, COL_COUNT };

static const char *const column_names[COL_COUNT][4] = {
    [COL_ID] = {"id", "编号", "序号", NULL},       [COL_NAME] = {"name", "姓名", NULL},
    [COL_TITLE] = {"title", "职务", NULL},         [COL_GROUP] = {"group", "小组", "分组", NULL},
    [COL_SEAT] = {"seat", "座位号", "座位", NULL}, [COL_KIND] = {"kind", "类别", NULL},
    [COL_PIN] = {"pin", "PIN", "密码", NULL},
};

int csv_record(struct csv *c, char *buf, size_t cap, char **fields, int *line, const char **why)
{
    size_t n = 0;
    int count = 0;
    bool quoted = false, in_field = false;
    *line = c->line;
    if (c->p >= c->end) return 0;
    fields[count++] = buf;
    for (; c->p < c->end; c->p++) {
        char ch = *c->p;
        if (n + 2 >= cap) return *why = "row too long", -1;
        if (quoted) {
            if (ch == '"' && c->p + 1 < c->end && c->p[1] == '"')
                buf[n++] = *c->p++;
            else if (ch == '"')
                quoted = false;
            else
                buf[n++] = ch, c->line += ch == '\n';
            continue;
        }
        if (ch == '"' && !in_field)
            quoted = in_field = true;
        else if (ch == '"')
            return *why = "a quote inside an unquoted field", -1;
        else if (ch == ',') {
            if (count == CSV_FIELDS_MAX) return *why = "too many fields", -1;
            buf[n++] = '\0';
            fields[count++] = buf + n;
            in_field = false;
        } else if (ch == '\n') {
            c->p++;
            c->line++;
            break;
        } else if (ch != '\r')
            buf[n++] = ch, in_field = true;
    }
    if (quoted) return *why = "a quoted field is not closed", -1;
    buf[n] = '\0';
    return count;
}

static int column_of(const char *name)
{
    for (int c = 0; c < COL_COUNT; c++)
        for (int k = 0; column_names[c][k]; k++)
            if (strcmp(column_names[c][k], name) == 0) return c;
    return -1;
}

/* The header: which field holds which column; -1 when absent. */
static bool read_header(struct source *src, char **fields, int n, int map[COL_COUNT])
{
    for (int c = 0; c < COL_COUNT; c++) map[c] = -1;
    for (int i = 0; i < n; i++) {
        int c = column_of(trim(fields[i]));
        if (c < 0) return bad_row(src, "unknown column '%s'", fields[i]), false;
        if (map[c] >= 0) return bad_row(src, "column '%s' twice", fields[i]), false;
        map[c] = i;
    }
    if (map[COL_ID] < 0 || map[COL_NAME] < 0)
        return bad_row(src, "the header needs the columns id (编号) and name (姓名)"), false;
    return true;
}

static const char *field(char **fields, int n, const int map[COL_COUNT], enum column c)
{
    return map[c] >= 0 && map[c] < n ? trim(fields[map[c]]) : "";
}

static bool person_kind(const char *s, int32_t *kind)
{
    if (!*s || !strcmp(s, "member") || !strcmp(s, "组成人员") || !strcmp(s, "委员"))
        return *kind = PERSON_MEMBER, true;
    if (!strcmp(s, "attendee") || !strcmp(s, "列席")) return *kind = PERSON_ATTENDEE, true;
    return false;
}

static bool pin_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || n > 8) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static void keep_pin(struct source *src, int32_t person, const char *pin)
{
    struct import_result *r = src->out;
    if (r->pin_count == r->pin_cap) {
        int cap = r->pin_cap ? r->pin_cap * 2 : 32;
        struct imported_pin *p = realloc(r->pins, (size_t)cap * sizeof *p);
        if (!p) return bad_row(src, "out of memory");
        r->pins = p;
        r->pin_cap = cap;
    }
    r->pins[r->pin_count].person = person;
    snprintf(r->pins[r->pin_count++].pin, sizeof r->pins[0].pin, "%s", pin);
}

/* A person already on the roster before this file is updated; one added twice is an error. */
static void roster_row(struct source *src, char **fields, int n, const int map[COL_COUNT],
                       int known)
{
    struct command c = {.type = CMD_MEMBER_ADD};
    const char *pin = field(fields, n, map, COL_PIN);
    const char *seat = field(fields, n, map, COL_SEAT);
    if (!to_int(field(fields, n, map, COL_ID), 1, INT32_MAX, &c.p.id))
        return bad_row(src, "id '%s' is not a positive whole number",
                       field(fields, n, map, COL_ID));
    if (*seat && !to_int(seat, 1, 1000000, &c.p.number))
        return bad_row(src, "seat '%s' is not a positive whole number", seat);
    if (!person_kind(field(fields, n, map, COL_KIND), &c.p.kind))
        return bad_row(src, "kind '%s' is not member (组成人员) or attendee (列席)",
                       field(fields, n, map, COL_KIND));
    if (*pin && !pin_ok(pin)) return bad_row(src, "PIN must be 4 to 8 digits");
    if (!set_text(c.p.name, sizeof c.p.name, field(fields, n, map, COL_NAME)) ||
        !set_text(c.p.title, sizeof c.p.title, field(fields, n, map, COL_TITLE)) ||
        !set_text(c.p.group, sizeof c.p.group, field(fields, n, map, COL_GROUP)))
        return bad_row(src, "a name, title or group is too long");
    c.p.flag = *pin != '\0';
    int at = core_person_index(src->s, c.p.id);
    if (at >= 0 && at < known) c.type = CMD_MEMBER_UPDATE;
    if (send(src, &c) && *pin) keep_pin(src, c.p.id, pin);
}

static void import_roster(struct source *src, const char *text, size_t len)
{
    struct csv c = {text, text + len, 1};
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) c.p += 3;
    char buf[LINE_MAX_BYTES];
    char *fields[CSV_FIELDS_MAX];
    int map[COL_COUNT], n;
    const char *why = NULL;
    bool header = true;
    int known = src->s->person_count;
    while ((n = csv_record(&c, buf, sizeof buf, fields, &src->line, &why)) != 0) {
        if (n < 0) {
            bad_row(src, "%s", why);
            if (c.p < c.end && (c.p = memchr(c.p, '\n', (size_t)(c.end - c.p))))
                c.p++, c.line++;
            else
                break;
            continue;
        }
        if (n == 1 && !*trim(fields[0])) continue; /* blank line */
        if (header && !read_header(src, fields, n, map)) return;
        if (!header) roster_row(src, fields, n, map, known);
        header = false;
    }
    if (header) bad_row(src, "no header row");
}

/* Agenda INI: [meeting], then [item.N] sections in order (see conf/sample-meeting.ini).
 * inih reads lines of at most 199 bytes; a longer value continues on indented lines, which
 * are joined to it as they are. */

struct entry {
    char key[32];
    char *value; /* owned */
    int line;
};

struct agenda {
    struct source *src;
    FILE *file;
    int line;          /* lines read so far */
    bool continuation; /* the last line read was indented */
    bool too_long;     /* the last line read did not fit, and was reported */
    char section[64];
    int section_line;
    int count, cap;
    struct entry *entries; /* the current section's keys, in order */
    bool meeting_seen;
};

static char *read_line(char *buf, int size, void *stream)
{
    struct agenda *a = stream;
    if (!fgets(buf, size, a->file)) return NULL;
    a->line++;
    size_t n = strlen(buf);
    a->too_long = n == (size_t)size - 1 && buf[n - 1] != '\n' && !feof(a->file);
    if (a->too_long) { /* report it, and drop the rest of the line */
        int ch;
        while ((ch = fgetc(a->file)) != EOF && ch != '\n') continue;
        a->src->line = a->line;
        bad_row(a->src, "line longer than %d bytes: continue the value on an indented line",
                size - 2);
        buf[0] = '\0';
    }
    a->continuation = buf[0] == ' ' || buf[0] == '\t';
    return buf;
}

static void clear_entries(struct agenda *a)
{
    for (int i = 0; i < a->count; i++) free(a->entries[i].value);
    a->count = 0;
}

static struct entry *add_entry(struct agenda *a, const char *key, const char *value)
{
    if (a->count == a->cap) {
        int cap = a->cap ? a->cap * 2 : 16;
        struct entry *p = realloc(a->entries, (size_t)cap * sizeof *p);
        if (!p) return NULL;
        a->entries = p;
        a->cap = cap;
    }
    struct entry *e = &a->entries[a->count];
    e->value = strdup(value);
    if (!e->value) return NULL;
    snprintf(e->key, sizeof e->key, "%s", key);
    e->line = a->line;
    a->count++;
    return e;
}

static bool append_value(struct entry *e, const char *more)
{
    size_t n = strlen(e->value), m = strlen(more);
    char *v = realloc(e->value, n + m + 1);
    if (!v) return false;
    memcpy(v + n, more, m + 1);
    e->value = v;
    return true;
}

static const char *const item_kinds[] = {"deliberation", "inquiry", "evaluation", "vote",
                                         "appointment",  "other",   "choice"};

static bool parse_item_kind(const char *s, int32_t *kind)
{
    for (int i = 0; i < (int)(sizeof item_kinds / sizeof item_kinds[0]); i++)
        if (!strcmp(s, item_kinds[i])) return *kind = i, true;
    return false;
}

static bool parse_yes_no(const char *s, bool *out)
{
    if (!strcmp(s, "yes") || !strcmp(s, "true")) return *out = true, true;
    if (!strcmp(s, "no") || !strcmp(s, "false")) return *out = false, true;
    return false;
}

static void flush_meeting(struct agenda *a)
{
    struct source *src = a->src;
    struct command c = {.type = CMD_MEETING_CREATE};
    bool ok = true;
    for (int i = 0; i < a->count; i++) {
        const struct entry *e = &a->entries[i];
        src->line = e->line;
        if (!strcmp(e->key, "number"))
            ok = to_int(e->value, 1, 1000000, &c.p.number);
        else if (!strcmp(e->key, "date"))
            ok = set_text(c.p.date, sizeof c.p.date, e->value);
        else if (!strcmp(e->key, "title"))
            ok = set_text(c.p.title, sizeof c.p.title, e->value);
        else
            bad_row(src, "unknown key '%s' in [meeting]", e->key);
        if (!ok) return bad_row(src, "%s: bad value '%s'", e->key, e->value);
    }
    src->line = a->section_line;
    send(src, &c);
    a->meeting_seen = true;
}

/* The scalar keys of an item, into item_add; lists are read after the item exists. */
static bool item_scalar(struct source *src, struct command *c, const struct entry *e,
                        bool *secret_set)
{
    size_t n = strlen(c->p.text);
    if (!strcmp(e->key, "kind")) {
        if (!parse_item_kind(e->value, &c->p.kind))
            return bad_row(src, "unknown kind '%s'", e->value), false;
    } else if (!strcmp(e->key, "title")) {
        if (!set_text(c->p.title, sizeof c->p.title, e->value))
            return bad_row(src, "title too long"), false;
    } else if (!strcmp(e->key, "reporter")) {
        if (!set_text(c->p.name, sizeof c->p.name, e->value))
            return bad_row(src, "reporter too long"), false;
    } else if (!strcmp(e->key, "department")) {
        if (!set_text(c->p.detail, sizeof c->p.detail, e->value))
            return bad_row(src, "department too long"), false;
    } else if (!strcmp(e->key, "minutes")) {
        if (!to_int(e->value, 0, 24 * 60, &c->p.number))
            return bad_row(src, "minutes '%s'", e->value), false;
    } else if (!strcmp(e->key, "secret")) {
        if (!parse_yes_no(e->value, &c->p.flag)) return bad_row(src, "secret is yes or no"), false;
        *secret_set = true;
    } else if (!strcmp(e->key, "choose")) {
        if (!to_int(e->value, 1, SUBJECTS_MAX - 1, &c->p.choose))
            return bad_row(src, "choose '%s': how many candidates each member may choose, 1 to %d",
                           e->value, SUBJECTS_MAX - 1),
                   false;
    } else if (!strcmp(e->key, "attachment")) {
        if (n + strlen(e->value) + 2 > sizeof c->p.text)
            return bad_row(src, "attachments too long"), false;
        snprintf(c->p.text + n, sizeof c->p.text - n, "%s%s", n ? "\n" : "", e->value);
    }
    return true;
}

static bool is_list_key(const char *k)
{
    return !strcmp(k, "respondent") || !strcmp(k, "question") || !strcmp(k, "subject") ||
           !strcmp(k, "speaker") || !strcmp(k, "nominee") || !strcmp(k, "document") ||
           !strcmp(k, "opinions");
}

struct item_ids {
    int32_t item;
    int respondents;
    int32_t respondent[64];
};

static void list_respondent(struct source *src, struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_RESPONDENT_ADD};
    c.p.item = ids->item;
    if (n < 1 || !*f[0]) return bad_row(src, "respondent: name | post | department");
    if (!set_text(c.p.name, sizeof c.p.name, f[0]) ||
        !set_text(c.p.title, sizeof c.p.title, n > 1 ? f[1] : "") ||
        !set_text(c.p.detail, sizeof c.p.detail, n > 2 ? f[2] : ""))
        return bad_row(src, "respondent: a part is too long");
    const struct event *e = send(src, &c);
    if (e && ids->respondents < 64) ids->respondent[ids->respondents++] = e->p.id;
}

static void list_subject(struct source *src, const struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_SUBJECT_ADD};
    c.p.item = ids->item;
    if (!set_text(c.p.title, sizeof c.p.title, f[0]) ||
        !set_text(c.p.detail, sizeof c.p.detail, n > 1 ? f[1] : ""))
        return bad_row(src, "subject: a part is too long");
    send(src, &c);
}

/* 任命/免职/撤职/代理, or the names used in encoding. */
static int case_parse(const char *s)
{
    static const char *const zh[CASE_KIND_COUNT] = {"任命", "免职", "撤职", "代理"};
    for (int k = 0; k < CASE_KIND_COUNT; k++)
        if (!strcmp(s, zh[k]) || !strcmp(s, case_kind_name((enum case_kind)k))) return k;
    return -1;
}

/* A nominee's case; who is appointed makes a statement (供职发言) and who faces removal a
 * defence (申辩), each placed on the item's speaker list (the secretary may take them off). */
static void list_nominee(struct source *src, const struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_NOMINEE_ADD};
    const struct item *it = core_item(src->s, ids->item);
    c.p.item = ids->item;
    if (n < 2 || !*f[0] || !*f[1]) return bad_row(src, "nominee: name | post | organ | case");
    c.p.kind = n > 3 && *f[3] ? case_parse(f[3]) : CASE_APPOINT;
    if (c.p.kind < 0)
        return bad_row(src, "nominee: case '%s' is not 任命, 免职, 撤职 or 代理", f[3]);
    if (!set_text(c.p.name, sizeof c.p.name, f[0]) ||
        !set_text(c.p.title, sizeof c.p.title, f[1]) ||
        !set_text(c.p.detail, sizeof c.p.detail,
                  n > 2 && *f[2] ? f[2]
                  : it           ? it->department
                                 : ""))
        return bad_row(src, "nominee: a part is too long");
    if (!send(src, &c) || c.p.kind == CASE_DISMISS) return;
    struct command sp = {.type = CMD_SPEAKER_ADD};
    sp.p.item = ids->item;
    set_text(sp.p.name, sizeof sp.p.name, c.p.name);
    sp.p.kind = c.p.kind == CASE_REMOVE ? SPEECH_DEFENCE : SPEECH_STATEMENT;
    send(src, &sp);
}

static void list_speaker(struct source *src, const struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_SPEAKER_ADD};
    c.p.item = ids->item;
    if (!to_int(f[0], 1, INT32_MAX, &c.p.person))
        return bad_row(src, "speaker: member id '%s'", f[0]);
    c.p.flag = n > 1 && !strcmp(f[1], "scheduled");
    if (n > 1 && !c.p.flag && *f[1]) return bad_row(src, "speaker: '%s' is not 'scheduled'", f[1]);
    const struct item *it = core_item(src->s, ids->item);
    c.p.kind = it && it->kind == ITEM_APPOINTMENT ? SPEECH_STATEMENT : SPEECH_PLENARY;
    send(src, &c);
}

static void list_question(struct source *src, const struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_QUESTION_REGISTER};
    int32_t nth;
    c.p.item = ids->item;
    if (n < 3) return bad_row(src, "question: member id | respondent number | text");
    if (!to_int(f[0], 1, INT32_MAX, &c.p.person))
        return bad_row(src, "question: member id '%s'", f[0]);
    if (!to_int(f[1], 0, ids->respondents, &nth))
        return bad_row(src, "question: respondent number '%s' (0 to %d)", f[1], ids->respondents);
    c.p.respondent = nth ? ids->respondent[nth - 1] : 0;
    if (!set_text(c.p.text, sizeof c.p.text, f[2])) return bad_row(src, "question: text too long");
    send(src, &c);
}

/* Documents (document = title | path): the file read whole, its path relative to the agenda's
 * folder, and checked before anything is kept. */

/* The line (from 1) of the first byte that is not UTF-8 or is a control character other than
 * newline, tab and CR, with *why; 0 when the text is good. */
static int text_fault(const unsigned char *t, size_t len, const char **why)
{
    int line = 1;
    for (size_t i = 0; i < len;) {
        unsigned char c = t[i];
        if (c == '\n') line++;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)
                return *why = "a control character", line;
            i++;
            continue;
        }
        if (c < 0xC2 || c > 0xF4) return *why = "not UTF-8", line;
        int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1; /* continuation bytes */
        uint32_t cp = c & (0x3Fu >> n);
        if (i + (size_t)n >= len) return *why = "not UTF-8", line;
        for (int k = 1; k <= n; k++) {
            if ((t[i + k] & 0xC0) != 0x80) return *why = "not UTF-8", line;
            cp = cp << 6 | (t[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return *why = "not UTF-8", line;
        if (cp >= 0x80 && cp < 0xA0) return *why = "a control character", line;
        i += (size_t)n + 1;
    }
    return 0;
}

static bool keep_document(struct source *src, int32_t id, const char *hex, char *text, size_t len)
{
    struct import_result *r = src->out;
    if (r->document_count == r->document_cap) {
        int cap = r->document_cap ? r->document_cap * 2 : 8;
        struct imported_document *p = realloc(r->documents, (size_t)cap * sizeof *p);
        if (!p) return false;
        r->documents = p;
        r->document_cap = cap;
    }
    struct imported_document *d = &r->documents[r->document_count++];
    d->id = id;
    memcpy(d->sha256, hex, sizeof d->sha256 - 1); /* 64 hex digits */
    d->sha256[sizeof d->sha256 - 1] = '\0';
    d->text = text;
    d->len = len;
    return true;
}

/* Read a document whole into *text (malloc'd); false with the reason reported. */
static bool read_document(struct source *src, const char *path, char **text, size_t *len)
{
    size_t max = src->out->document_max ? src->out->document_max : DOCUMENT_MAX_BYTES_DEFAULT;
    char full[4096];
    if (snprintf(full, sizeof full, "%s/%s", path[0] == '/' ? "" : src->dir, path) >=
        (int)sizeof full)
        return bad_row(src, "document '%s': path too long", path), false;
    FILE *f = fopen(path[0] == '/' ? path : full, "rb");
    if (!f) return bad_row(src, "document '%s': missing (%s)", path, strerror(errno)), false;
    *text = malloc(max + 1);
    *len = *text ? fread(*text, 1, max + 1, f) : 0;
    bool read_error = ferror(f) != 0;
    fclose(f);
    const char *why = !*text       ? "out of memory"
                      : read_error ? "cannot be read"
                      : *len == 0  ? "empty"
                                   : NULL;
    if (!why && *len > max) {
        bad_row(src, "document '%s': too big: over the bound of %zu bytes ([documents] max_bytes)",
                path, max);
    } else if (why) {
        bad_row(src, "document '%s': %s", path, why);
    } else {
        int line = text_fault((const unsigned char *)*text, *len, &why);
        if (!line) return true;
        bad_row(src, "document '%s': %s at its line %d", path, why, line);
    }
    free(*text);
    *text = NULL;
    return false;
}

static void list_document(struct source *src, const struct item_ids *ids, char **f, int n)
{
    struct command c = {.type = CMD_DOCUMENT_ADD};
    c.p.item = ids->item;
    if (n != 2 || !*f[0] || !*f[1]) return bad_row(src, "document: title | path");
    if (!src->dir) return bad_row(src, "document '%s': only an agenda file may name one", f[1]);
    if (!set_text(c.p.title, TITLE_MAX_BYTES, f[0]))
        return bad_row(src, "document: title too long");
    char *text;
    size_t len;
    if (!read_document(src, f[1], &text, &len)) return;
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, (const unsigned char *)text, len);
    sodium_bin2hex(c.p.detail, sizeof c.p.detail, hash, sizeof hash);
    c.p.size = (int32_t)len;
    if (src->pending_count == src->pending_cap) {
        int cap = src->pending_cap ? src->pending_cap * 2 : 4;
        struct pending_document *p = realloc(src->pending, (size_t)cap * sizeof *p);
        if (!p) return free(text), bad_row(src, "out of memory");
        src->pending = p;
        src->pending_cap = cap;
    }
    src->pending[src->pending_count++] = (struct pending_document){c, src->line, text, len};
}

/* The documents read, sent after every item of the file: the ids of items, subjects and
 * speakers stay what they are without documents. */
static void add_documents(struct source *src)
{
    for (int i = 0; i < src->pending_count; i++) {
        struct pending_document *d = &src->pending[i];
        src->line = d->line;
        const struct event *e = send(src, &d->c);
        if (e && keep_document(src, e->p.id, d->c.p.detail, d->text, d->len)) continue;
        if (e) bad_row(src, "out of memory");
        free(d->text);
    }
    free(src->pending);
    src->pending = NULL;
    src->pending_count = src->pending_cap = 0;
}

/* `opinions = 3, 4`: the item hears the organs' reports on these deliberation opinions of an
 * earlier meeting (审议意见办理情况的报告). */
static void list_opinions(struct source *src, const struct item_ids *ids, char *value)
{
    struct command c = {.type = CMD_OPINION_LINK};
    c.p.item = ids->item;
    char *save = NULL;
    for (char *t = strtok_r(value, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save)) {
        if (!to_int(t, 1, INT32_MAX, &c.p.id))
            return bad_row(src, "opinions: '%s' is not an opinion's number (opinions = 3, 4)", t);
        send(src, &c);
    }
}

static void item_lists(struct agenda *a, struct item_ids *ids)
{
    for (int i = 0; i < a->count; i++) {
        struct entry *e = &a->entries[i];
        if (!is_list_key(e->key)) continue;
        a->src->line = e->line;
        if (!strcmp(e->key, "opinions")) {
            list_opinions(a->src, ids, e->value);
            continue;
        }
        char *f[4];
        int n = split_bar(e->value, f, 4);
        if (!strcmp(e->key, "respondent"))
            list_respondent(a->src, ids, f, n);
        else if (!strcmp(e->key, "subject"))
            list_subject(a->src, ids, f, n);
        else if (!strcmp(e->key, "speaker"))
            list_speaker(a->src, ids, f, n);
        else if (!strcmp(e->key, "nominee"))
            list_nominee(a->src, ids, f, n);
        else if (!strcmp(e->key, "document"))
            list_document(a->src, ids, f, n);
        else
            list_question(a->src, ids, f, n);
    }
}

/* A choice item's k must leave a choice: fewer than its candidates (said at the choose line). */
static void check_candidates(struct agenda *a, int32_t item, int32_t choose)
{
    const struct item *it = core_item(a->src->s, item);
    int n = it ? it->ballot.subject_count : 0;
    if (choose < n) return;
    for (int i = 0; i < a->count; i++)
        if (!strcmp(a->entries[i].key, "choose")) a->src->line = a->entries[i].line;
    bad_row(a->src,
            "choose = %d needs more than %d candidates (subject = name | detail); [%s] has %d",
            (int)choose, (int)choose, a->section, n);
}

static void flush_item(struct agenda *a)
{
    struct source *src = a->src;
    struct command c = {.type = CMD_ITEM_ADD};
    bool secret_set = false, ok = true;
    c.p.kind = -1;
    for (int i = 0; i < a->count && ok; i++) {
        const struct entry *e = &a->entries[i];
        src->line = e->line;
        if (!is_list_key(e->key) && strcmp(e->key, "kind") && strcmp(e->key, "title") &&
            strcmp(e->key, "reporter") && strcmp(e->key, "department") &&
            strcmp(e->key, "minutes") && strcmp(e->key, "secret") && strcmp(e->key, "attachment") &&
            strcmp(e->key, "choose"))
            bad_row(src, "unknown key '%s' in [%s]", e->key, a->section);
        else
            ok = item_scalar(src, &c, e, &secret_set);
    }
    src->line = a->section_line;
    if (!ok) return;
    if (c.p.kind < 0) return bad_row(src, "[%s] has no kind", a->section);
    if (c.p.kind == ITEM_CHOICE && !c.p.choose)
        return bad_row(src,
                       "[%s] kind = choice needs choose = k (candidates each member may "
                       "choose)",
                       a->section);
    if (!secret_set)
        c.p.flag = c.p.kind == ITEM_EVALUATION ? src->s->rules.evaluation_secret
                   : c.p.kind == ITEM_CHOICE   ? src->s->rules.choice_secret
                                               : src->s->rules.vote_secret;
    const struct event *e = send(src, &c);
    if (!e) return;
    struct item_ids ids = {.item = e->p.id};
    item_lists(a, &ids);
    if (c.p.kind == ITEM_CHOICE) check_candidates(a, ids.item, c.p.choose);
}

static void flush_section(struct agenda *a)
{
    if (!a->section[0]) return;
    if (!strcmp(a->section, "meeting"))
        flush_meeting(a);
    else if (!strncmp(a->section, "item.", 5)) {
        a->src->line = a->section_line;
        if (!a->meeting_seen && a->src->s->meeting.state == MEETING_NONE)
            bad_row(a->src, "[meeting] must come before the items");
        else
            flush_item(a);
    } else {
        a->src->line = a->section_line;
        bad_row(a->src, "unknown section [%s]", a->section);
    }
    clear_entries(a);
}

static int on_agenda_key(void *user, const char *section, const char *key, const char *value)
{
    struct agenda *a = user;
    a->src->line = a->line;
    if (strcmp(section, a->section) != 0) {
        flush_section(a);
        snprintf(a->section, sizeof a->section, "%s", section);
        a->section_line = a->line; /* the first key's line stands for the section */
    }
    if (a->continuation && a->count && !strcmp(a->entries[a->count - 1].key, key))
        return append_value(&a->entries[a->count - 1], value) ? 1 : 0;
    return add_entry(a, key, value) ? 1 : 0;
}

static void import_agenda(struct source *src, FILE *f)
{
    struct agenda a = {.src = src, .file = f};
    int rc = ini_parse_stream(read_line, &a, on_agenda_key, &a);
    if (rc > 0) { /* inih's first line that is neither a section nor key = value */
        src->line = rc;
        bad_row(src, "not a [section] or key = value line");
    }
    flush_section(&a);
    clear_entries(&a);
    free(a.entries);
    add_documents(src);
    if (!a.meeting_seen && src->s->meeting.state == MEETING_NONE && src->bad == 0) {
        src->line = a.line;
        bad_row(src, "no [meeting] section");
    }
}

/* Files. */

enum { FILE_MAX_BYTES = 16 << 20 };

static char *slurp(FILE *f, size_t *len)
{
    char *buf = malloc(FILE_MAX_BYTES + 1);
    if (!buf) return NULL;
    *len = fread(buf, 1, FILE_MAX_BYTES + 1, f);
    if (*len > FILE_MAX_BYTES || ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

enum import_kind import_kind_of(const char *path)
{
    if (ends_with(path, ".csv")) return IMPORT_ROSTER;
    if (ends_with(path, ".ini")) return IMPORT_AGENDA;
    return IMPORT_UNKNOWN;
}

/* One file's text, of a known kind, under the name its rows are reported with. */
static int import_text(struct source *src, enum import_kind kind, const char *text, size_t len)
{
    if (memchr(text, '\0', len)) {
        bad_row(src, "a NUL byte: not a text file");
    } else if (kind == IMPORT_ROSTER) {
        import_roster(src, text, len);
    } else {
        FILE *f = fmemopen((void *)text, len ? len : 1, "rb");
        if (!f) return -1;
        import_agenda(src, f);
        fclose(f);
    }
    return src->bad;
}

static int import_in(const char *name, const char *dir, enum import_kind kind, const char *text,
                     size_t len, struct core_state *s, int64_t now, struct import_result *out,
                     FILE *report)
{
    struct source src = {name, 0, report, 0, s, now, out, dir};
    if (kind != IMPORT_ROSTER && kind != IMPORT_AGENDA) return -1;
    return import_text(&src, kind, text, len);
}

int import_buffer(const char *name, enum import_kind kind, const char *text, size_t len,
                  struct core_state *s, int64_t now, struct import_result *out, FILE *report)
{
    return import_in(name, NULL, kind, text, len, s, now, out, report);
}

int import_file(const char *path, struct core_state *s, int64_t now, struct import_result *out,
                FILE *report)
{
    enum import_kind kind = import_kind_of(path);
    if (kind == IMPORT_UNKNOWN) {
        fprintf(report, "%s: not a roster (.csv) or an agenda (.ini)\n", path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(report, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t len;
    char *text = slurp(f, &len);
    fclose(f);
    if (!text) {
        fprintf(report, "%s: cannot be read (over 16 MiB?)\n", path);
        return -1;
    }
    char *copy = strdup(path);
    int bad = copy ? import_in(path, dirname(copy), kind, text, len, s, now, out, report) : -1;
    free(copy);
    free(text);
    return bad;
}
