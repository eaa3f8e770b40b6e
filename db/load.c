/* Recovery: the hub's state rebuilt from the newest snapshot and the journal rows after it,
 * the whole chain verified on the way, and the open secret ballots' tallies restored from
 * the encrypted store. */
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "db/ballot_store.h"
#include "db/exam_store.h"
#include "db/replay.h"

struct load {
    struct db *db;
    unsigned flags;
    struct db_load_info *info;
};

/* A chain problem: note the lowest seq; without the accept flag, stop there. */
static enum db_status note_chain(struct load *l, int64_t seq, const char *what,
                                 struct db_error *err)
{
    struct db_load_info *info = l->info;
    if (!info->chain_bad_seq || seq < info->chain_bad_seq) {
        info->chain_bad_seq = seq;
        snprintf(info->chain_what, sizeof info->chain_what, "%s", what);
    }
    info->chain_problems++;
    if (l->flags & DB_ACCEPT_BROKEN_CHAIN) return DB_OK;
    return db_fail(err, l->db->path, DB_ERR_CHAIN, seq, "the journal's hash chain is broken: %s",
                   what);
}

static enum db_status on_chain(void *ctx, int64_t seq, const char *what, struct db_error *err)
{
    return note_chain(ctx, seq, what, err);
}

/* An event that does not decode or apply: the state cannot be rebuilt, flag or no flag. */
static enum db_status on_replay(void *ctx, int64_t seq, const char *what, struct db_error *err)
{
    const struct load *l = ctx;
    return db_fail(err, l->db->path, DB_ERR_REPLAY, seq, "%s", what);
}

/* The newest snapshot, when it decodes and belongs to this chain (its hash is the journal's
 * at its seq).  *s is NULL and *seq 0 when there is none to use; *foreign is the seq of a
 * snapshot that does not belong to the chain (a chain problem, noted after the replay so
 * that a broken row before it is named first), else 0. */
static enum db_status newest_snapshot(struct load *l, struct core_state **s, int64_t *seq,
                                      int64_t *foreign, struct db_error *err)
{
    static const char sql[] = "SELECT seq, chain, body FROM snapshot ORDER BY seq DESC LIMIT 1";
    *s = NULL;
    *seq = 0;
    *foreign = 0;
    sqlite3_stmt *st = db_prepare(l->db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(l->db, err, 0, "reading the snapshot");
    }
    int64_t at = sqlite3_column_int64(st, 0);
    unsigned char chain[DB_HASH_BYTES], row[DB_HASH_BYTES];
    bool chain_ok = sqlite3_column_bytes(st, 1) == DB_HASH_BYTES;
    if (chain_ok) memcpy(chain, sqlite3_column_blob(st, 1), DB_HASH_BYTES);
    const char *body = (const char *)sqlite3_column_text(st, 2);
    struct core_error cerr;
    if (!body || snapshot_decode(body, (size_t)sqlite3_column_bytes(st, 2), s, &cerr) != ERR_OK)
        *s = NULL; /* a cache that does not decode: replay from the start instead */
    sqlite3_reset(st);
    bool found = false;
    enum db_status out = replay_row_hash(l->db, at, row, &found, err);
    if (out == DB_OK && *s && !(found && chain_ok && memcmp(chain, row, sizeof row) == 0)) {
        core_state_free(*s);
        *s = NULL;
        *foreign = at;
    }
    if (out != DB_OK) {
        core_state_free(*s);
        *s = NULL;
    }
    if (*s) *seq = at;
    return out;
}

enum db_status db_load(struct db *db, unsigned flags, struct core_state **out,
                       struct db_load_info *info, struct db_error *err)
{
    struct db_load_info scratch;
    if (!info) info = &scratch;
    memset(info, 0, sizeof *info);
    *out = NULL;
    struct load l = {.db = db, .flags = flags, .info = info};
    struct core_state *s = NULL;
    int64_t from = 0, foreign = 0;
    /* one read transaction: the snapshot, the journal and the store as of one moment */
    enum db_status rc = db_exec(db, "BEGIN", err);
    if (rc == DB_OK) rc = newest_snapshot(&l, &s, &from, &foreign, err);
    if (rc == DB_OK && !s) {
        /* replay starts from the default rules: rules_changed events carry any others */
        s = core_state_new(NULL);
        if (!s) rc = db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    }
    const struct replay_hooks hooks = {.ctx = &l, .chain = on_chain, .replay = on_replay};
    struct replay_result res;
    if (rc == DB_OK) rc = replay_journal(db, s, from, &hooks, &res, err);
    if (rc == DB_OK && foreign)
        rc = note_chain(&l, foreign, "the snapshot there does not match the journal's hash", err);
    if (rc == DB_OK)
        rc = ballot_store_restore(db, s, &info->secret_ballots, &info->secret_choices, err);
    if (rc == DB_OK) rc = exam_store_restore(db, s, err);
    db_rollback(db); /* ends the read transaction */
    if (rc != DB_OK) {
        core_state_free(s);
        return rc;
    }
    info->events = res.rows;
    info->snapshot_seq = from;
    info->replayed = res.applied;
    *out = s;
    return DB_OK;
}

/* A past meeting: the journal is replayed from the start, and the state is taken just before
 * the next meeting is created (meeting_created starts a new record); the latest meeting is
 * the state at the end. */
struct meeting_find {
    struct load l; /* first: the chain and replay hooks see a struct load */
    int32_t number;
    struct core_state *found;
};

static enum db_status before_event(void *ctx, const struct core_state *s, const struct event *e,
                                   struct db_error *err)
{
    struct meeting_find *m = ctx;
    if (m->found || e->type != EV_MEETING_CREATED || s->meeting.state == MEETING_NONE ||
        s->meeting.number != m->number)
        return DB_OK;
    char *text = snapshot_encode(s); /* a closed meeting's state is all public */
    struct core_error cerr;
    enum core_err rc = text ? snapshot_decode(text, strlen(text), &m->found, &cerr) : ERR_TOO_MANY;
    free(text);
    return rc == ERR_OK ? DB_OK
                        : db_fail(err, m->l.db->path, DB_ERR_NOMEM, e->seq, "out of memory");
}

enum db_status db_load_meeting(struct db *db, int32_t number, struct core_state **out,
                               struct db_error *err)
{
    struct db_load_info info;
    memset(&info, 0, sizeof info);
    struct meeting_find m = {.l = {.db = db, .flags = 0, .info = &info}, .number = number};
    const struct replay_hooks hooks = {
        .ctx = &m, .chain = on_chain, .replay = on_replay, .before = before_event};
    struct replay_result res;
    *out = NULL;
    struct core_state *s = core_state_new(NULL);
    enum db_status rc =
        s ? db_exec(db, "BEGIN", err) : db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    if (rc == DB_OK) rc = replay_journal(db, s, 0, &hooks, &res, err);
    bool latest =
        rc == DB_OK && !m.found && s->meeting.state != MEETING_NONE && s->meeting.number == number;
    if (latest) rc = ballot_store_restore(db, s, &info.secret_ballots, &info.secret_choices, err);
    db_rollback(db);
    if (rc == DB_OK && !m.found && !latest)
        rc = db_fail(err, db->path, DB_ERR_ARG, 0, "no meeting number %d in the journal",
                     (int)number);
    if (rc != DB_OK || m.found) core_state_free(s);
    if (rc != DB_OK) {
        core_state_free(m.found);
        return rc;
    }
    *out = m.found ? m.found : s;
    return DB_OK;
}
