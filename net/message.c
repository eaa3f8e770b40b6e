/* The messages inside the secure channel: see message.h. */
#include "net/message.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/json.h"

#define ID_MAX ((int64_t)1 << 52) /* the largest whole number a JSON double holds exactly */
enum { SEAT_MAX = 99999, PERIOD_MAX_MS = 600000 };

static enum core_err bad(struct core_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum core_err bad(struct core_error *err, const char *fmt, ...)
{
    if (err) {
        err->code = ERR_BAD_MESSAGE;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        va_end(ap);
    }
    return ERR_BAD_MESSAGE;
}

static enum core_err out_of_memory(struct core_error *err)
{
    if (err) {
        err->code = ERR_TOO_MANY;
        snprintf(err->detail, sizeof err->detail, "out of memory");
    }
    return ERR_TOO_MANY;
}

/* Say where a refusal from a nested decoder happened: "command: 'person' is missing". */
static enum core_err inside(enum core_err rc, struct core_error *err, const char *where)
{
    if (rc != ERR_OK && err) {
        char inner[sizeof err->detail];
        memcpy(inner, err->detail, sizeof inner);
        inner[sizeof inner - 1] = '\0';
        snprintf(err->detail, sizeof err->detail, "%.20s: %.70s", where, inner);
    }
    return rc;
}

/* --- Names ----------------------------------------------------------------------------- */

#define X_NAME(e, s) s,
static const char *const type_names[] = {MSG_TYPES(X_NAME)};
#undef X_NAME

const char *msg_type_name(enum msg_type t)
{
    return (int)t >= 0 && t < MSG_TYPE_COUNT ? type_names[t] : NULL;
}

/* An error's name on the wire is its identifier in lower case ("already_cast"), taken from
 * CORE_ERRORS so that the list cannot fall out of step with the core. */
#define X_IDENT(e, s) #e,
static const char *const error_idents[] = {CORE_ERRORS(X_IDENT)};
#undef X_IDENT

bool msg_error_name(enum core_err e, char out[MSG_ERROR_NAME_MAX])
{
    if ((int)e < 0 || e >= ERR_COUNT || strlen(error_idents[e]) >= MSG_ERROR_NAME_MAX) return false;
    const char *s = error_idents[e];
    size_t i = 0;
    for (; s[i]; i++) out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    out[i] = '\0';
    return true;
}

static int error_parse(const char *s)
{
    char name[MSG_ERROR_NAME_MAX];
    for (int i = 0; i < ERR_COUNT; i++)
        if (msg_error_name((enum core_err)i, name) && strcmp(name, s) == 0) return i;
    return -1;
}

static const char *role_at(int i)
{
    return role_name((enum role)i);
}

static bool console_role(enum role r)
{
    return r == ROLE_MEMBER || r == ROLE_SECRETARY || r == ROLE_DISPLAY || r == ROLE_CHAIR ||
           r == ROLE_EXAMINEE || r == ROLE_VISITOR;
}

bool msg_cid_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok || n + 1 >= MSG_CID_MAX) return false;
    }
    return n > 0;
}

static bool pin_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9') return false;
    return n > 0 && n < MSG_PIN_MAX;
}

/* --- Text made safe to encode ----------------------------------------------------------- */

/* Bytes of the well-formed UTF-8 sequence at s that is not a control character, or 0.  The
 * same rules as the core's text check (no overlong forms, surrogates, values past U+10FFFF,
 * C0 or C1 controls), which the decoder applies to every text. */
static int clean_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return c >= 0x20 && c != 0x7F;
    int n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4)) return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if ((c == 0xC2 && s[1] <= 0x9F) || (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* Cut the NUL-terminated s at its first byte that is not clean text.  A core error's detail
 * can end in a sequence cut short by its buffer, or quote raw bytes of a refused key; the
 * peer would refuse the whole message, so the text is cut rather than sent. */
static void clean_text(char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    for (int k = clean_seq(u); k > 0; k = clean_seq(u + n)) n += (size_t)k;
    s[n] = '\0';
}

/* --- Encoding ----------------------------------------------------------------------------- */

static bool add_num(cJSON *o, const char *key, int64_t v)
{
    return json_add_int(o, key, v);
}

static bool add_str(cJSON *o, const char *key, const char *s)
{
    return s && cJSON_AddStringToObject(o, key, s) != NULL;
}

/* Free text from a buffer of cap bytes (not trusted to hold a NUL), cleaned as above. */
static bool add_text(cJSON *o, const char *key, const char *s, size_t cap)
{
    char buf[MSG_REASON_MAX];
    size_t lim = (cap < sizeof buf ? cap : sizeof buf) - 1;
    const char *end = memchr(s, '\0', lim);
    size_t n = end ? (size_t)(end - s) : lim;
    memcpy(buf, s, n);
    buf[n] = '\0';
    clean_text(buf);
    return add_str(o, key, buf);
}

/* Takes v: added to o, or deleted. */
static bool add_item(cJSON *o, const char *key, cJSON *v)
{
    if (v && cJSON_AddItemToObject(o, key, v)) return true;
    cJSON_Delete(v);
    return false;
}

static bool welcome_to_json(cJSON *o, const struct msg *m)
{
    const struct msg_welcome *w = &m->u.welcome;
    return add_num(o, "console", w->console) && add_text(o, "name", w->name, sizeof w->name) &&
           add_str(o, "role", role_name(w->role)) && add_num(o, "seat", w->seat) &&
           add_num(o, "hub_time", w->hub_time) && add_num(o, "heartbeat_ms", w->heartbeat_ms) &&
           add_num(o, "timeout_ms", w->timeout_ms);
}

/* n bytes (a key, a hash: at most 32) as 2n lowercase hex digits. */
static bool add_hex(cJSON *o, const char *key, const unsigned char *b, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char text[2 * 32 + 1];
    if (n > 32) return false;
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = hex[b[i] >> 4];
        text[2 * i + 1] = hex[b[i] & 15];
    }
    text[2 * n] = '\0';
    return add_str(o, key, text);
}

static bool key_to_json(cJSON *o, const struct msg *m)
{
    return add_num(o, "id", m->u.key.id) && add_hex(o, "key", m->u.key.key, MSG_KEY_BYTES);
}

static bool snapshot_msg_to_json(cJSON *o, const struct msg *m)
{
    return m->u.snapshot.state && add_num(o, "seq", m->u.snapshot.seq) &&
           add_hex(o, "chain", m->u.snapshot.chain, MSG_CHAIN_BYTES) &&
           add_item(o, "state", snapshot_to_json(m->u.snapshot.state));
}

static bool answer_to_json(cJSON *o, const struct msg *m)
{
    const struct msg_answer *a = &m->u.answer;
    if (!add_str(o, "cid", a->cid) || !cJSON_AddBoolToObject(o, "ok", a->ok)) return false;
    if (a->ok) return add_num(o, "first", a->first) && add_num(o, "last", a->last);
    char name[MSG_ERROR_NAME_MAX];
    return msg_error_name(a->code, name) && add_str(o, "error", name) &&
           add_text(o, "detail", a->detail, sizeof a->detail);
}

static bool beat_to_json(cJSON *o, const struct msg *m)
{
    return add_num(o, "now", m->u.beat.now);
}

static bool bye_to_json(cJSON *o, const struct msg *m)
{
    return add_text(o, "reason", m->u.bye.reason, sizeof m->u.bye.reason);
}

static bool command_msg_to_json(cJSON *o, const struct msg *m)
{
    const struct msg_command *c = &m->u.command;
    return add_str(o, "cid", c->cid) && add_item(o, "command", command_to_json(&c->command)) &&
           (!c->pin[0] || add_str(o, "pin", c->pin));
}

static cJSON *question_to_json(const struct exam_question *q)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !add_str(o, "kind", exam_kind_name(q->kind)) || !add_str(o, "text", q->text)) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON *opts = cJSON_AddArrayToObject(o, "options");
    for (int i = 0; opts && i < q->option_count; i++)
        cJSON_AddItemToArray(opts, cJSON_CreateString(q->options[i]));
    return o; /* never q->answer */
}

static bool paper_to_json(cJSON *o, const struct msg *m)
{
    const struct msg_paper *p = m->u.paper;
    if (!p || p->count < 1 || p->count > EXAM_QUESTIONS_MAX || !add_num(o, "item", p->item) ||
        !add_num(o, "subject", p->subject) || !add_num(o, "attempt", p->attempt))
        return false;
    cJSON *qs = cJSON_AddArrayToObject(o, "questions");
    int given[EXAM_QUESTIONS_MAX];
    for (int i = 0; qs && i < p->count; i++) {
        cJSON *q = question_to_json(&p->questions[i]);
        if (!q || !cJSON_AddItemToArray(qs, q)) return cJSON_Delete(q), false;
        given[i] = p->given[i];
    }
    return qs && add_item(o, "given", cJSON_CreateIntArray(given, p->count));
}

static bool doc_get_to_json(cJSON *o, const struct msg *m)
{
    return add_num(o, "id", m->u.doc_get.id);
}

static bool doc_part_to_json(cJSON *o, const struct msg *m)
{
    const char *text = m->u.doc_part.text;
    size_t len = m->u.doc_part.len;
    if (!text || len == 0 || len > MSG_DOC_PART_MAX || memchr(text, '\0', len)) return false;
    char *copy = strndup(text, len);
    cJSON *s = copy ? cJSON_CreateString(copy) : NULL;
    free(copy);
    return add_num(o, "id", m->u.doc_part.id) && add_num(o, "offset", m->u.doc_part.offset) &&
           add_num(o, "size", m->u.doc_part.size) && add_item(o, "text", s);
}

/* No replica (seq 0): an empty chain. */
static bool resume_to_json(cJSON *o, const struct msg *m)
{
    if (!add_num(o, "seq", m->u.resume.seq)) return false;
    if (m->u.resume.seq == 0) return add_str(o, "chain", "");
    return add_hex(o, "chain", m->u.resume.chain, MSG_CHAIN_BYTES);
}

static bool resumed_to_json(cJSON *o, const struct msg *m)
{
    return add_num(o, "seq", m->u.resumed.seq);
}

char *msg_encode_events(const struct event *events, int count,
                        const unsigned char chain[MSG_CHAIN_BYTES])
{
    if (!events || !chain || count < 1 || count > MSG_EVENTS_MAX) return NULL; /* refused */
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = o && add_str(o, "t", "events") && add_hex(o, "chain", chain, MSG_CHAIN_BYTES)
                     ? cJSON_AddArrayToObject(o, "events")
                     : NULL;
    bool ok = arr != NULL;
    for (int i = 0; ok && i < count; i++) {
        cJSON *e = event_to_json(&events[i], true);
        ok = e && cJSON_AddItemToArray(arr, e);
    }
    char *text = ok ? json_print(o) : NULL;
    cJSON_Delete(o);
    return text;
}

typedef bool (*encode_fn)(cJSON *o, const struct msg *m);
static const encode_fn encoders[MSG_TYPE_COUNT] = {
    [MSG_WELCOME] = welcome_to_json,
    [MSG_KEY] = key_to_json,
    [MSG_SNAPSHOT] = snapshot_msg_to_json,
    [MSG_ANSWER] = answer_to_json,
    [MSG_BEAT] = beat_to_json,
    [MSG_BYE] = bye_to_json,
    [MSG_COMMAND] = command_msg_to_json,
    [MSG_PAPER] = paper_to_json,
    [MSG_DOC_GET] = doc_get_to_json,
    [MSG_DOC_PART] = doc_part_to_json,
    [MSG_RESUME] = resume_to_json,
    [MSG_RESUMED] = resumed_to_json,
};

char *msg_encode(const struct msg *m)
{
    if (!m || (int)m->type < 0 || m->type >= MSG_TYPE_COUNT) return NULL;
    if (m->type == MSG_EVENTS)
        return msg_encode_events(m->u.events.events, m->u.events.count, m->u.events.chain);
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    if (o && add_str(o, "t", type_names[m->type]) && encoders[m->type](o, m)) text = json_print(o);
    cJSON_Delete(o);
    return text;
}

/* --- Decoding ----------------------------------------------------------------------------- */

static enum core_err cid_from_json(const cJSON *o, char cid[MSG_CID_MAX], struct core_error *err)
{
    enum core_err rc = json_str(o, "cid", cid, MSG_CID_MAX, false, err);
    if (rc == ERR_OK && !msg_cid_ok(cid)) return bad(err, "'cid' is not a client id");
    return rc;
}

static enum core_err welcome_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t",        "console",      "name",       "role", "seat",
                                       "hub_time", "heartbeat_ms", "timeout_ms", NULL};
    struct msg_welcome *w = &m->u.welcome;
    int role = 0;
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_int(o, "console", 0, ID_MAX, &w->console, err);
    if (rc == ERR_OK) rc = json_str(o, "name", w->name, sizeof w->name, false, err);
    if (rc == ERR_OK) rc = json_name(o, "role", role_at, ROLE_COUNT, &role, err);
    if (rc == ERR_OK && !console_role((enum role)role))
        rc = bad(err, "'role' is not a console's role");
    if (rc == ERR_OK) rc = json_i32(o, "seat", 0, SEAT_MAX, &w->seat, err);
    if (rc == ERR_OK) rc = json_int(o, "hub_time", 0, ID_MAX, &w->hub_time, err);
    if (rc == ERR_OK) rc = json_i32(o, "heartbeat_ms", 1, PERIOD_MAX_MS, &w->heartbeat_ms, err);
    if (rc == ERR_OK) rc = json_i32(o, "timeout_ms", 1, PERIOD_MAX_MS, &w->timeout_ms, err);
    w->role = (enum role)role;
    return rc;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* o's key as exactly 2n lowercase hex digits, into out[n]. */
static enum core_err hex_from_json(const cJSON *o, const char *key, unsigned char *out, size_t n,
                                   struct core_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) return bad(err, "'%s' is missing", key);
    const char *s = cJSON_GetStringValue(v);
    if (!s || strlen(s) != 2 * n) return bad(err, "'%s' is not %zu hex digits", key, 2 * n);
    for (size_t i = 0; i < n; i++) {
        int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return bad(err, "'%s' is not %zu hex digits", key, 2 * n);
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return ERR_OK;
}

static enum core_err key_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "id", "key", NULL};
    int64_t id = 0;
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_int(o, "id", 0, UINT32_MAX, &id, err);
    if (rc != ERR_OK) return rc;
    m->u.key.id = (uint32_t)id;
    return hex_from_json(o, "key", m->u.key.key, MSG_KEY_BYTES, err);
}

static enum core_err snapshot_msg_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "seq", "chain", "state", NULL};
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_int(o, "seq", 0, ID_MAX, &m->u.snapshot.seq, err);
    if (rc == ERR_OK) rc = hex_from_json(o, "chain", m->u.snapshot.chain, MSG_CHAIN_BYTES, err);
    if (rc != ERR_OK) return rc;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "state");
    if (!s) return bad(err, "'state' is missing");
    return inside(snapshot_from_json(s, &m->u.snapshot.state, err), err, "state");
}

static enum core_err answer_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const ok_keys[] = {"t", "cid", "ok", "first", "last", NULL};
    static const char *const error_keys[] = {"t", "cid", "ok", "error", "detail", NULL};
    struct msg_answer *a = &m->u.answer;
    enum core_err rc = json_bool(o, "ok", &a->ok, err);
    if (rc == ERR_OK) rc = json_only(o, a->ok ? ok_keys : error_keys, err);
    if (rc == ERR_OK) rc = cid_from_json(o, a->cid, err);
    if (rc != ERR_OK) return rc;
    if (a->ok) {
        rc = json_int(o, "first", 0, ID_MAX, &a->first, err);
        if (rc == ERR_OK) rc = json_int(o, "last", 0, ID_MAX, &a->last, err);
        if (rc == ERR_OK && a->first > a->last) rc = bad(err, "'first' is after 'last'");
        return rc;
    }
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    if (!e) return bad(err, "'error' is missing");
    const char *name = cJSON_GetStringValue(e);
    int code = name ? error_parse(name) : -1;
    if (code <= ERR_OK) return bad(err, "'error' is not a known error");
    a->code = (enum core_err)code;
    return json_str(o, "detail", a->detail, sizeof a->detail, false, err);
}

static enum core_err beat_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "now", NULL};
    enum core_err rc = json_only(o, keys, err);
    return rc == ERR_OK ? json_int(o, "now", 0, ID_MAX, &m->u.beat.now, err) : rc;
}

static enum core_err bye_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "reason", NULL};
    enum core_err rc = json_only(o, keys, err);
    return rc == ERR_OK ? json_str(o, "reason", m->u.bye.reason, sizeof m->u.bye.reason, false, err)
                        : rc;
}

static const char *exam_kind_at(int i)
{
    return exam_kind_name((enum exam_kind)i);
}

static enum core_err question_from_json(const cJSON *x, struct exam_question *q,
                                        struct core_error *err)
{
    static const char *const keys[] = {"kind", "text", "options", NULL};
    const cJSON *opts, *v;
    int kind = 0;
    memset(q, 0, sizeof *q);
    enum core_err rc = json_only(x, keys, err);
    if (rc == ERR_OK) rc = json_name(x, "kind", exam_kind_at, EXAM_KIND_COUNT, &kind, err);
    if (rc == ERR_OK) rc = json_str(x, "text", q->text, sizeof q->text, false, err);
    if (rc == ERR_OK) rc = json_array(x, "options", EXAM_OPTIONS_MAX, &opts, err);
    if (rc != ERR_OK) return rc;
    q->kind = (enum exam_kind)kind;
    cJSON_ArrayForEach(v, opts)
    {
        const char *s = cJSON_GetStringValue(v);
        if (!s || !*s || strlen(s) >= EXAM_OPTION_MAX) return bad(err, "an option is not text");
        strcpy(q->options[q->option_count++], s);
    }
    if ((q->kind == EXAM_TRUEFALSE) != (q->option_count == 0) || q->option_count == 1)
        return bad(err, "the options do not fit the kind");
    return ERR_OK;
}

static enum core_err paper_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t",         "item",  "subject", "attempt",
                                       "questions", "given", NULL};
    struct msg_paper *p = m->u.paper = calloc(1, sizeof *p);
    if (!p) return out_of_memory(err);
    const cJSON *qs, *given, *x;
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_i32(o, "item", 1, INT32_MAX, &p->item, err);
    if (rc == ERR_OK) rc = json_i32(o, "subject", 1, INT32_MAX, &p->subject, err);
    if (rc == ERR_OK) rc = json_i32(o, "attempt", 1, EXAM_ATTEMPTS_MAX, &p->attempt, err);
    if (rc == ERR_OK) rc = json_array(o, "questions", EXAM_QUESTIONS_MAX, &qs, err);
    if (rc == ERR_OK) rc = json_array(o, "given", EXAM_QUESTIONS_MAX, &given, err);
    if (rc != ERR_OK) return rc;
    p->count = cJSON_GetArraySize(qs);
    if (p->count < 1 || cJSON_GetArraySize(given) != p->count)
        return bad(err, "'questions' and 'given' do not match");
    int i = 0;
    cJSON_ArrayForEach(x, qs)
    {
        rc = inside(question_from_json(x, &p->questions[i++], err), err, "questions");
        if (rc != ERR_OK) return rc;
    }
    i = 0;
    cJSON_ArrayForEach(x, given)
    {
        if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble >= EXAM_HIDDEN ||
            x->valuedouble != (int)x->valuedouble)
            return bad(err, "'given' holds a value that is not an answer");
        p->given[i++] = (uint8_t)x->valuedouble;
    }
    return ERR_OK;
}

static enum core_err doc_get_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "id", NULL};
    enum core_err rc = json_only(o, keys, err);
    return rc == ERR_OK ? json_i32(o, "id", 1, INT32_MAX, &m->u.doc_get.id, err) : rc;
}

/* A part holds 1..MSG_DOC_PART_MAX bytes of text inside [0, size). */
static enum core_err doc_part_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "id", "offset", "size", "text", NULL};
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_i32(o, "id", 1, INT32_MAX, &m->u.doc_part.id, err);
    if (rc == ERR_OK) rc = json_i32(o, "offset", 0, INT32_MAX, &m->u.doc_part.offset, err);
    if (rc == ERR_OK) rc = json_i32(o, "size", 1, INT32_MAX, &m->u.doc_part.size, err);
    if (rc != ERR_OK) return rc;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!v) return bad(err, "'text' is missing");
    if (!cJSON_IsString(v) || !v->valuestring) return bad(err, "'text' is not text");
    size_t len = strlen(v->valuestring);
    if (len == 0 || len > MSG_DOC_PART_MAX) return bad(err, "'text' is empty or too long");
    if ((int64_t)m->u.doc_part.offset + (int64_t)len > m->u.doc_part.size)
        return bad(err, "'text' runs past 'size'");
    m->u.doc_part.text = strdup(v->valuestring);
    if (!m->u.doc_part.text) return out_of_memory(err);
    m->u.doc_part.len = len;
    return ERR_OK;
}

static bool secret_choice_shown(const struct event *e)
{
    if (e->type != EV_BALLOT_CAST_RECORDED || !e->p.flag) return false;
    for (int i = 0; i < e->p.choice_count; i++)
        if (e->p.choices[i].option >= 0) return true;
    return false;
}

/* What a broadcast must not carry in its i-th event, decoded; NULL when nothing. */
static const char *event_misfit(const struct event *e, int i)
{
    if (secret_choice_shown(e)) return "a secret ballot's cast shows a choice";
    if (e->type == EV_EXAM_ANSWERED && e->p.number != 0 && e->p.number != EXAM_HIDDEN)
        return "an exam answer is shown";
    if (i == 0 && e->seq < 1) return "'seq' is not a journal seq";
    if (i > 0 && e->seq != e[-1].seq + 1) return "'seq' does not follow on";
    return NULL;
}

/* The i-th event; where it is wrong the error names it (formatted then only: a console
 * decodes every event of every broadcast). */
static enum core_err event_at(const cJSON *x, int i, struct event *e, struct core_error *err)
{
    enum core_err rc = event_from_json(x, e, err);
    const char *misfit = rc == ERR_OK ? event_misfit(e, i) : NULL;
    if (misfit) rc = bad(err, "%s", misfit);
    if (rc == ERR_OK) return rc;
    char where[24];
    snprintf(where, sizeof where, "events[%d]", i);
    return inside(rc, err, where);
}

/* Room for more of the n events, grown as they decode: a struct event is some 4 KB, so
 * memory for a batch of junk is not taken before its first event is even read. */
static bool grow_events(struct msg *m, int *cap, int n)
{
    int more = *cap == 0 ? 16 : *cap * 2;
    if (more > n) more = n;
    struct event *e = realloc(m->u.events.events, (size_t)more * sizeof *e);
    if (!e) return false;
    m->u.events.events = e;
    *cap = more;
    return true;
}

static enum core_err events_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "chain", "events", NULL};
    const cJSON *arr = NULL, *x;
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = hex_from_json(o, "chain", m->u.events.chain, MSG_CHAIN_BYTES, err);
    if (rc == ERR_OK) rc = json_array(o, "events", MSG_EVENTS_MAX, &arr, err);
    if (rc != ERR_OK) return rc;
    int n = cJSON_GetArraySize(arr), cap = 0;
    if (n == 0) return bad(err, "'events' is empty");
    cJSON_ArrayForEach(x, arr)
    {
        int i = m->u.events.count;
        if (i == cap && !grow_events(m, &cap, n)) return out_of_memory(err);
        rc = event_at(x, i, &m->u.events.events[i], err);
        if (rc != ERR_OK) return rc;
        m->u.events.count++;
    }
    return ERR_OK;
}

static enum core_err command_msg_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "cid", "command", "pin", NULL};
    struct msg_command *c = &m->u.command;
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = cid_from_json(o, c->cid, err);
    if (rc != ERR_OK) return rc;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "command");
    if (!v) return bad(err, "'command' is missing");
    if (!cJSON_IsObject(v)) return bad(err, "'command' is not an object");
    rc = inside(command_from_json(v, &c->command, err), err, "command");
    if (rc != ERR_OK || !cJSON_GetObjectItemCaseSensitive(o, "pin")) return rc;
    if (c->command.type != CMD_SIGN_IN) return bad(err, "'pin' is only for sign_in");
    rc = json_str(o, "pin", c->pin, sizeof c->pin, false, err);
    if (rc == ERR_OK && !pin_ok(c->pin)) rc = bad(err, "'pin' is not digits");
    return rc;
}

/* A console with no replica says seq 0 and an empty chain; any other seq needs its chain. */
static enum core_err resume_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "seq", "chain", NULL};
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = json_int(o, "seq", 0, ID_MAX, &m->u.resume.seq, err);
    if (rc != ERR_OK) return rc;
    if (m->u.resume.seq > 0)
        return hex_from_json(o, "chain", m->u.resume.chain, MSG_CHAIN_BYTES, err);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "chain");
    if (!v) return bad(err, "'chain' is missing");
    const char *s = cJSON_GetStringValue(v);
    return s && !*s ? ERR_OK : bad(err, "'chain' is not empty at seq 0");
}

static enum core_err resumed_from_json(const cJSON *o, struct msg *m, struct core_error *err)
{
    static const char *const keys[] = {"t", "seq", NULL};
    enum core_err rc = json_only(o, keys, err);
    return rc == ERR_OK ? json_int(o, "seq", 1, ID_MAX, &m->u.resumed.seq, err) : rc;
}

typedef enum core_err (*decode_fn)(const cJSON *o, struct msg *m, struct core_error *err);
static const decode_fn decoders[MSG_TYPE_COUNT] = {
    [MSG_WELCOME] = welcome_from_json,
    [MSG_KEY] = key_from_json,
    [MSG_SNAPSHOT] = snapshot_msg_from_json,
    [MSG_ANSWER] = answer_from_json,
    [MSG_BEAT] = beat_from_json,
    [MSG_BYE] = bye_from_json,
    [MSG_EVENTS] = events_from_json,
    [MSG_COMMAND] = command_msg_from_json,
    [MSG_PAPER] = paper_from_json,
    [MSG_DOC_GET] = doc_get_from_json,
    [MSG_DOC_PART] = doc_part_from_json,
    [MSG_RESUME] = resume_from_json,
    [MSG_RESUMED] = resumed_from_json,
};

static enum core_err kind_from_json(const cJSON *o, enum msg_type *t, struct core_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "t");
    if (!v) return bad(err, "'t' is missing");
    if (!cJSON_IsString(v) || !v->valuestring) return bad(err, "'t' is not text");
    for (int i = 0; i < MSG_TYPE_COUNT; i++)
        if (strcmp(type_names[i], v->valuestring) == 0) {
            *t = (enum msg_type)i;
            return ERR_OK;
        }
    return bad(err, "'t' is not a known message");
}

enum core_err msg_decode(const char *text, size_t len, struct msg *m, struct core_error *err)
{
    memset(m, 0, sizeof *m);
    m->type = MSG_TYPE_COUNT;
    cJSON *o;
    enum msg_type t = MSG_TYPE_COUNT;
    enum core_err rc = json_parse_object(text, len, &o, err);
    if (rc == ERR_OK) rc = kind_from_json(o, &t, err);
    if (rc == ERR_OK) {
        m->type = t; /* so that msg_free releases what a refused decoder left */
        rc = decoders[t](o, m, err);
    }
    cJSON_Delete(o);
    if (rc != ERR_OK) msg_free(m);
    return rc;
}

void msg_free(struct msg *m)
{
    if (!m) return;
    if (m->type == MSG_SNAPSHOT) core_state_free(m->u.snapshot.state);
    if (m->type == MSG_EVENTS) free(m->u.events.events);
    if (m->type == MSG_PAPER) free(m->u.paper);
    if (m->type == MSG_DOC_PART) free(m->u.doc_part.text);
    memset(m, 0, sizeof *m);
    m->type = MSG_TYPE_COUNT;
}
