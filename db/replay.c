/* The walk over the journal shared by recovery and verify.  See replay.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "db/journal.h"
#include "db/replay.h"

enum { WHAT_MAX = 256 };

struct walk {
    struct db *db;
    struct core_state *s;
    int64_t apply_after;
    const struct replay_hooks *h;
    struct replay_result *res;
    struct event *e;                   /* one decoded event, on the heap (a few kB) */
    unsigned char prev[DB_HASH_BYTES]; /* the previous row's stored hash */
    int64_t prev_seq;
};

/* Append "; " and the formatted text to what (WHAT_MAX bytes), cutting what does not fit. */
static void add_what(char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_what(char *what, const char *fmt, ...)
{
    size_t n = strlen(what);
    if (n && n + 2 < WHAT_MAX) {
        memcpy(what + n, "; ", 3);
        n += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what + n, WHAT_MAX - n, fmt, ap);
    va_end(ap);
}

static enum db_status report_chain(struct walk *w, int64_t seq, const char *what,
                                   struct db_error *err)
{
    return w->h->chain ? w->h->chain(w->h->ctx, seq, what, err) : DB_OK;
}

/* A row that does not decode or apply: tell the hook, then stop applying. */
static enum db_status report_replay(struct walk *w, int64_t seq, const char *what,
                                    struct db_error *err)
{
    w->res->stopped = true;
    if (w->h->replay) return w->h->replay(w->h->ctx, seq, what, err);
    return db_fail(err, w->db->path, DB_ERR_REPLAY, seq, "%s", what);
}

/* Rows missing before r: a gap in seq. */
static enum db_status check_gap(struct walk *w, const struct journal_row *r, struct db_error *err)
{
    char what[WHAT_MAX] = "";
    int64_t missing = w->prev_seq + 1;
    if (r->seq == missing) return DB_OK;
    if (r->seq < missing) {
        add_what(what, "seq %lld is out of order", (long long)r->seq);
        return report_chain(w, r->seq, what, err);
    }
    if (r->seq == missing + 1)
        add_what(what, "gap in seq: row %lld is missing", (long long)missing);
    else
        add_what(what, "gap in seq: rows %lld to %lld are missing", (long long)missing,
                 (long long)(r->seq - 1));
    return report_chain(w, missing, what, err);
}

static bool field_is(const char *stored, size_t len, const char *want)
{
    return want && strlen(want) == len && memcmp(stored, want, len) == 0;
}

/* The row's own columns against its hash and its decoded body. */
static void row_problems(const struct walk *w, const struct journal_row *r, const struct event *e,
                         char *what)
{
    unsigned char want[DB_HASH_BYTES];
    journal_row_hash(w->prev, r, want);
    if (r->hash_len != DB_HASH_BYTES || memcmp(r->hash, want, DB_HASH_BYTES) != 0)
        add_what(what, "hash mismatch (the row was changed, or rows before it removed)");
    if (!e) return;
    if (e->seq != r->seq) add_what(what, "the body says seq %lld", (long long)e->seq);
    if (e->time != r->time) add_what(what, "the body says time %lld", (long long)e->time);
    if (!field_is(r->type, r->type_len, event_name(e->type)))
        add_what(what, "the body is a %s, the row says %.*s", event_name(e->type), (int)r->type_len,
                 r->type);
    if (!field_is(r->role, r->role_len, role_name(e->actor.role)) || e->actor.person != r->person)
        add_what(what, "the body's actor is %s %d, the row's %.*s %lld", role_name(e->actor.role),
                 (int)e->actor.person, (int)r->role_len, r->role, (long long)r->person);
}

static enum db_status apply_row(struct walk *w, int64_t seq, struct db_error *err)
{
    const struct replay_hooks *h = w->h;
    w->e->seq = seq;
    enum db_status rc = h->before ? h->before(h->ctx, w->s, w->e, err) : DB_OK;
    if (rc != DB_OK) return rc;
    enum core_err ce = core_apply(w->s, w->e);
    if (ce != ERR_OK) {
        char what[WHAT_MAX];
        snprintf(what, sizeof what, "%s does not apply: %s", event_name(w->e->type),
                 core_err_message(ce));
        return report_replay(w, seq, what, err);
    }
    w->res->applied++;
    return h->after ? h->after(h->ctx, w->s, w->e, w->prev, err) : DB_OK;
}

static enum db_status walk_row(struct walk *w, const struct journal_row *r, struct db_error *err)
{
    enum db_status rc = check_gap(w, r, err);
    if (rc != DB_OK) return rc;
    bool apply = !w->res->stopped && r->seq > w->apply_after;
    struct core_error cerr = {0};
    bool decoded = apply && event_decode(r->body, r->body_len, w->e, &cerr) == ERR_OK;
    char what[WHAT_MAX] = "";
    row_problems(w, r, decoded ? w->e : NULL, what);
    memset(w->prev, 0, sizeof w->prev);
    if (r->hash)
        memcpy(w->prev, r->hash, r->hash_len < DB_HASH_BYTES ? r->hash_len : DB_HASH_BYTES);
    w->prev_seq = r->seq;
    if (what[0]) rc = report_chain(w, r->seq, what, err);
    if (rc != DB_OK || !apply) return rc;
    if (!decoded) {
        snprintf(what, sizeof what, "the body does not decode: %s%s%s", core_err_message(cerr.code),
                 cerr.detail[0] ? ": " : "", cerr.detail);
        return report_replay(w, r->seq, what, err);
    }
    return apply_row(w, r->seq, err);
}

enum db_status replay_journal(struct db *db, struct core_state *s, int64_t apply_after,
                              const struct replay_hooks *hooks, struct replay_result *res,
                              struct db_error *err)
{
    static const char sql_rows[] = "SELECT " JOURNAL_COLUMNS " FROM journal ORDER BY seq";
    memset(res, 0, sizeof *res);
    struct walk w = {.db = db, .s = s, .apply_after = apply_after, .h = hooks, .res = res};
    w.e = malloc(sizeof *w.e);
    if (!w.e) return db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    sqlite3_stmt *st = db_prepare(db, sql_rows, err);
    enum db_status rc = st ? DB_OK : err ? err->code : DB_ERR_SQLITE;
    int step = SQLITE_DONE;
    while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct journal_row r;
        journal_row_read(st, &r);
        res->rows++;
        rc = walk_row(&w, &r, err);
    }
    if (rc == DB_OK && step != SQLITE_DONE)
        rc = db_sqlite_fail(db, err, w.prev_seq + 1, "reading the journal");
    if (st) sqlite3_reset(st);
    res->last_seq = w.prev_seq;
    memcpy(res->last_hash, w.prev, sizeof w.prev);
    free(w.e);
    return rc;
}

enum db_status replay_row_hash(struct db *db, int64_t seq, unsigned char hash[32], bool *found,
                               struct db_error *err)
{
    static const char sql[] = "SELECT hash FROM journal WHERE seq = ?1";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, seq);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DB_HASH_BYTES;
    if (*found) memcpy(hash, sqlite3_column_blob(st, 0), DB_HASH_BYTES);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_sqlite_fail(db, err, seq, "reading a journal row's hash");
    return DB_OK;
}
