/* `cmte verify`: the journal's chain, its tallies and its snapshots checked on a read-only
 * connection, every problem one line of the report.  It holds no hub key, so it counts the
 * secret ballot store but cannot open it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "db/ballot_store.h"
#include "db/replay.h"

enum { REPORT_LINES_MAX = 50 };

struct verify {
    struct db *db;
    FILE *out;
    struct db_verify_summary *sum;
    int lines, unshown;
    int64_t stopped_at;
    int64_t *snaps; /* the snapshots' seqs, ascending */
    int snap_count, next_snap;
};

/* One problem: counted in *count, and one line of the report, "FILE: seq N: text" (no seq
 * part when seq is 0). */
static void problem(struct verify *v, int *count, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(struct verify *v, int *count, int64_t seq, const char *fmt, ...)
{
    ++*count;
    if (v->lines >= REPORT_LINES_MAX) {
        v->unshown++;
        return;
    }
    v->lines++;
    if (!v->out) return;
    if (seq > 0)
        fprintf(v->out, "%s: seq %lld: ", v->db->path, (long long)seq);
    else
        fprintf(v->out, "%s: ", v->db->path);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(v->out, fmt, ap);
    va_end(ap);
    fputc('\n', v->out);
}

static void chain_problem(struct verify *v, int64_t seq, const char *what)
{
    if (!v->sum->first_bad_seq) v->sum->first_bad_seq = seq;
    problem(v, &v->sum->chain_problems, seq, "%s", what);
}

static enum db_status on_chain(void *ctx, int64_t seq, const char *what, struct db_error *err)
{
    (void)err;
    chain_problem(ctx, seq, what);
    return DB_OK;
}

static enum db_status on_replay(void *ctx, int64_t seq, const char *what, struct db_error *err)
{
    (void)err;
    struct verify *v = ctx;
    char line[320];
    snprintf(line, sizeof line, "%s (the events after it are checked for their hashes only)", what);
    chain_problem(v, seq, line);
    v->stopped_at = seq;
    return DB_OK;
}

/* ---- tallies ---- */

static int32_t counts_sum(const int32_t *counts)
{
    int32_t n = 0;
    for (int o = 0; o < OPTIONS_MAX; o++) n += counts[o];
    return n;
}

/* A closed ballot's counts against its receipts: per subject, the counts add up to the
 * ballot_cast rows that name it, not more than the members; a named ballot's counts are
 * the receipts' choices. */
static void check_closed(struct verify *v, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    if (!it || it->ballot.state != BALLOT_OPEN) return; /* it will not apply: reported then */
    const struct ballot *b = &it->ballot;
    if (e->p.members != core_members(s))
        problem(v, &v->sum->tally_problems, e->seq,
                "item %d: the result says %d members, the roster has %d", (int)it->id,
                (int)e->p.members, (int)core_members(s));
    for (int i = 0; i < e->p.result_count; i++) {
        const struct subject_counts *r = &e->p.results[i];
        const struct subject *sub = core_subject(b, r->subject);
        if (!sub) continue;
        int32_t total = counts_sum(r->counts);
        if (total != sub->cast)
            problem(v, &v->sum->tally_problems, e->seq,
                    "item %d subject %d: the counts add up to %d but there are %d receipts",
                    (int)it->id, (int)r->subject, (int)total, (int)sub->cast);
        if (total > e->p.members)
            problem(v, &v->sum->tally_problems, e->seq,
                    "item %d subject %d: %d counted, more than the %d members", (int)it->id,
                    (int)r->subject, (int)total, (int)e->p.members);
        for (int o = 0; !b->secret && o < OPTIONS_MAX; o++)
            if (r->counts[o] != sub->counts[o])
                problem(v, &v->sum->tally_problems, e->seq,
                        "item %d subject %d option %d: %d counted, %d named receipts", (int)it->id,
                        (int)r->subject, o, (int)r->counts[o], (int)sub->counts[o]);
    }
}

static enum db_status on_before(void *ctx, const struct core_state *s, const struct event *e,
                                struct db_error *err)
{
    (void)err;
    struct verify *v = ctx;
    if (e->type != EV_BALLOT_CLOSED) return DB_OK;
    check_closed(v, s, e);
    return DB_OK;
}

/* ---- snapshots ---- */

static enum db_status load_snapshot_seqs(struct verify *v, struct db_error *err)
{
    static const char sql[] = "SELECT seq FROM snapshot ORDER BY seq";
    sqlite3_stmt *st = db_prepare(v->db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (v->snap_count == cap) {
            cap = cap ? 2 * cap : 4;
            int64_t *more = realloc(v->snaps, (size_t)cap * sizeof *more);
            if (!more) {
                sqlite3_reset(st);
                return db_fail(err, v->db->path, DB_ERR_NOMEM, 0, "out of memory");
            }
            v->snaps = more;
        }
        v->snaps[v->snap_count++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(v->db, err, 0, "reading the snapshots");
}

static void snapshot_problem(struct verify *v, int64_t seq, const char *what)
{
    problem(v, &v->sum->other_problems, seq, "the snapshot there %s", what);
}

/* The snapshot at e->seq against the replayed state and the row's hash. */
static enum db_status check_snapshot(struct verify *v, const struct core_state *s,
                                     const struct event *e, const unsigned char hash[32],
                                     struct db_error *err)
{
    static const char sql[] = "SELECT chain, body FROM snapshot WHERE seq = ?1";
    sqlite3_stmt *st = db_prepare(v->db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, e->seq);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_sqlite_fail(v->db, err, e->seq, "reading a snapshot");
    }
    char *mine = snapshot_encode(s);
    const char *body = (const char *)sqlite3_column_text(st, 1);
    if (sqlite3_column_bytes(st, 0) != DB_HASH_BYTES ||
        memcmp(sqlite3_column_blob(st, 0), hash, DB_HASH_BYTES) != 0)
        snapshot_problem(v, e->seq, "does not match the journal's hash");
    if (!mine || !body || strcmp(mine, body) != 0)
        snapshot_problem(v, e->seq, "differs from the state the journal replays to");
    free(mine);
    sqlite3_reset(st);
    return DB_OK;
}

static enum db_status on_after(void *ctx, const struct core_state *s, const struct event *e,
                               const unsigned char hash[32], struct db_error *err)
{
    struct verify *v = ctx;
    if (e->type == EV_BALLOT_CLOSED) v->sum->closed_ballots++;
    for (; v->next_snap < v->snap_count && v->snaps[v->next_snap] < e->seq; v->next_snap++)
        snapshot_problem(v, v->snaps[v->next_snap], "has no journal row to compare with");
    if (v->next_snap < v->snap_count && v->snaps[v->next_snap] == e->seq) {
        v->next_snap++;
        return check_snapshot(v, s, e, hash, err);
    }
    return DB_OK;
}

/* ---- the secret ballot store ---- */

static int64_t receipts(const struct ballot *b)
{
    int64_t n = 0;
    for (int k = 0; k < b->subject_count; k++) n += b->subjects[k].cast;
    return n;
}

static const struct ballot_census *census_of(const struct ballot_census *c, int n, int32_t item)
{
    for (int i = 0; i < n; i++)
        if (c[i].item == item) return &c[i];
    return NULL;
}

/* Every open secret ballot has its key and one stored choice per receipt choice; nothing is
 * stored for any other item. */
static enum db_status check_store(struct verify *v, const struct core_state *s,
                                  struct db_error *err)
{
    struct ballot_census *c;
    int n;
    enum db_status rc = ballot_store_census(v->db, &c, &n, err);
    if (rc != DB_OK) return rc;
    for (int i = 0; i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (it->ballot.state != BALLOT_OPEN) continue;
        v->sum->open_ballots++;
        if (!it->ballot.secret || it->ballot.method != COUNT_KEYPAD) continue; /* nothing kept */
        const struct ballot_census *x = census_of(c, n, it->id);
        int64_t stored = x ? x->choices : 0, cast = receipts(&it->ballot);
        if (stored != cast)
            problem(v, &v->sum->tally_problems, 0,
                    "item %d: %lld secret choices stored for %lld receipt choices", (int)it->id,
                    (long long)stored, (long long)cast);
        if (!x || x->keys != 1)
            problem(v, &v->sum->tally_problems, 0,
                    "item %d: the open secret ballot has no sealed key", (int)it->id);
        if (x && x->malformed)
            problem(v, &v->sum->tally_problems, 0, "item %d: %lld stored rows have the wrong size",
                    (int)it->id, (long long)x->malformed);
    }
    for (int i = 0; i < n; i++) {
        const struct item *it = core_item(s, c[i].item);
        if (!it || it->ballot.state != BALLOT_OPEN || !it->ballot.secret ||
            it->ballot.method != COUNT_KEYPAD)
            problem(
                v, &v->sum->tally_problems, 0,
                "item %d: %lld secret choices and %d keys remain, but no secret ballot of it is "
                "open",
                (int)c[i].item, (long long)c[i].choices, c[i].keys);
    }
    free(c);
    return DB_OK;
}

/* ---- the whole check ---- */

static const char *plural(int n)
{
    return n == 1 ? "" : "s";
}

static void summary(const struct verify *v)
{
    const struct db_verify_summary *sum = v->sum;
    if (!v->out) return;
    if (v->unshown)
        fprintf(v->out, "%s: ... and %d more problem%s not shown\n", v->db->path, v->unshown,
                plural(v->unshown));
    fprintf(v->out, "journal: %lld events, ", (long long)sum->events);
    if (sum->chain_problems)
        fprintf(v->out, "chain broken at seq %lld (%d problem%s)", (long long)sum->first_bad_seq,
                sum->chain_problems, plural(sum->chain_problems));
    else
        fprintf(v->out, "chain intact");
    fprintf(v->out, "; ballots: %d closed, %d open, ", sum->closed_ballots, sum->open_ballots);
    if (v->stopped_at)
        fprintf(v->out, "tallies checked up to seq %lld", (long long)v->stopped_at);
    else if (sum->tally_problems)
        fprintf(v->out, "tallies DO NOT match (%d problem%s)", sum->tally_problems,
                plural(sum->tally_problems));
    else
        fprintf(v->out, "tallies match");
    if (sum->other_problems)
        fprintf(v->out, "; snapshots: %d problem%s", sum->other_problems,
                plural(sum->other_problems));
    fputc('\n', v->out);
}

static enum db_status run(struct verify *v, struct db_error *err)
{
    struct core_state *s = core_state_new(NULL);
    if (!s) return db_fail(err, v->db->path, DB_ERR_NOMEM, 0, "out of memory");
    const struct replay_hooks hooks = {
        .ctx = v, .chain = on_chain, .replay = on_replay, .before = on_before, .after = on_after};
    struct replay_result res;
    /* one read transaction: a hub appending meanwhile does not change what is checked */
    enum db_status rc = db_exec(v->db, "BEGIN", err);
    if (rc == DB_OK) rc = load_snapshot_seqs(v, err);
    if (rc == DB_OK) rc = replay_journal(v->db, s, 0, &hooks, &res, err);
    if (rc == DB_OK) {
        v->sum->events = res.rows;
        for (; !res.stopped && v->next_snap < v->snap_count; v->next_snap++)
            snapshot_problem(v, v->snaps[v->next_snap], "has no journal row to compare with");
        if (!res.stopped) rc = check_store(v, s, err);
    }
    db_rollback(v->db); /* ends the read transaction */
    core_state_free(s);
    return rc;
}

enum db_status db_verify(const char *path, FILE *report, struct db_verify_summary *sum,
                         struct db_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct verify v = {.out = report, .sum = sum};
    enum db_status rc = db_open_readonly(path, &v.db, err);
    if (rc != DB_OK) return rc;
    rc = run(&v, err);
    if (rc == DB_OK) summary(&v);
    free(v.snaps);
    db_close(v.db);
    return rc;
}
