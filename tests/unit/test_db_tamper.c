/* Tampering with the database behind the hub's back, with sqlite3 directly: a changed byte,
 * a deleted row, two swapped bodies, and (by someone who also rewrites the hashes) changed
 * results, a body that does not decode, an event that does not apply, leftover secrets.
 * db_verify names the first bad seq; db_load refuses, and loads with the accept flag where
 * the state can still be rebuilt. */
#define _GNU_SOURCE /* open_memstream */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/journal.h"
#include "db_fixture.h"

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

/* The pristine meeting, built once; each test tampers with a copy. */
struct pristine {
    struct hub hub;
    char copy[160];
    int64_t events;
    int64_t note_seq;         /* a note_changed row nothing depends on */
    int64_t sign_in_seq;      /* two adjacent signed_in rows: sign_in_seq, sign_in_seq + 1 */
    int64_t eval_closed_seq;  /* the secret evaluation's ballot_closed */
    int64_t vote_closed_seq;  /* the named vote's ballot_closed */
    int64_t snapshot_seq;     /* a snapshot after both */
    struct core_state *state; /* the state it was built to */
};

static int64_t last_seq(struct hub *h)
{
    int64_t seq;
    db_head(h->db, &seq, NULL);
    return seq;
}

static int build(void **state)
{
    static struct pristine p;
    struct hub *h = &p.hub;
    if (hub_init(h) != 0 || hub_roster(h, 35) != 0) return -1;
    p.sign_in_seq = last_seq(h) + 1;
    if (hub_open_meeting(h, 30) != 0) return -1;
    int32_t delib, eval, vote, subjects[SUBJECTS_MAX], motion[1];
    if (hub_deliberation(h, &delib) != 0) return -1;
    struct command note = dbt_cmd(CMD_NOTE_SET);
    note.p.item = delib;
    snprintf(note.p.text, sizeof note.p.text, "abc");
    if (hub_send(h, ROLE_SECRETARY, 0, &note) != 0) return -1;
    p.note_seq = last_seq(h);
    if (hub_ballot_open(h, ITEM_EVALUATION, true, 2, &eval, subjects) != 0) return -1;
    for (int m = 1; m <= 30; m++) {
        int32_t options[2] = {m % 3, m % 2};
        if (hub_cast(h, m, eval, 2, subjects, options) != 0) return -1;
    }
    if (hub_chair(h, CMD_BALLOT_CLOSE, eval) != 0) return -1;
    p.eval_closed_seq = last_seq(h);
    if (hub_chair(h, CMD_ITEM_CLOSE, eval) != 0) return -1;
    if (hub_ballot_open(h, ITEM_VOTE, false, 1, &vote, motion) != 0) return -1;
    for (int m = 1; m <= 30; m++)
        if (hub_cast(h, m, vote, 1, motion, (int32_t[]){m % 3}) != 0) return -1;
    if (hub_chair(h, CMD_BALLOT_CLOSE, vote) != 0) return -1;
    p.vote_closed_seq = last_seq(h);
    if (hub_chair(h, CMD_ITEM_CLOSE, vote) != 0) return -1;
    if (db_snapshot(h->db, h->s, &h->dberr) != DB_OK) return -1;
    p.snapshot_seq = last_seq(h);
    int32_t eval2, subj2[SUBJECTS_MAX];
    if (hub_ballot_open(h, ITEM_EVALUATION, true, 1, &eval2, subj2) != 0) return -1;
    for (int m = 1; m <= 5; m++)
        if (hub_cast(h, m, eval2, 1, subj2, (int32_t[]){0}) != 0) return -1;
    p.events = last_seq(h);
    p.state = h->s;
    h->s = NULL;
    db_close(h->db); /* checkpoints: the database is one file now */
    h->db = NULL;
    snprintf(p.copy, sizeof p.copy, "%.100s/tampered.db", h->dir);
    *state = &p;
    return 0;
}

static int teardown(void **state)
{
    struct pristine *p = *state;
    core_state_free(p->state);
    hub_free(&p->hub);
    return 0;
}

/* A fresh copy of the pristine database to tamper with. */
static const char *fresh_copy(struct pristine *p)
{
    size_t len;
    unsigned char *bytes = dbt_slurp(p->hub.path, &len);
    assert_non_null(bytes);
    FILE *f = fopen(p->copy, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    char side[200];
    snprintf(side, sizeof side, "%.180s-wal", p->copy);
    unlink(side);
    snprintf(side, sizeof side, "%.180s-shm", p->copy);
    unlink(side);
    return p->copy;
}

static void sql(const char *path, const char *text)
{
    sqlite3 *x;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &x), SQLITE_OK);
    if (sqlite3_exec(x, text, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", text, msg);
    sqlite3_close(x);
}

/* What a forger who knows the chain does: recompute every hash from row `from` on. */
static void rehash(const char *path, int64_t from)
{
    sqlite3 *x;
    sqlite3_stmt *rd, *wr;
    assert_int_equal(sqlite3_open(path, &x), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(x, "SELECT " JOURNAL_COLUMNS " FROM journal ORDER BY seq",
                                        -1, &rd, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(x, "UPDATE journal SET hash = ?1 WHERE seq = ?2", -1, &wr, NULL),
        SQLITE_OK);
    sqlite3_exec(x, "BEGIN", NULL, NULL, NULL);
    unsigned char prev[32] = {0}, hash[32];
    while (sqlite3_step(rd) == SQLITE_ROW) {
        struct journal_row r;
        journal_row_read(rd, &r);
        if (r.seq >= from) {
            journal_row_hash(prev, &r, hash);
            sqlite3_bind_blob(wr, 1, hash, 32, SQLITE_TRANSIENT);
            sqlite3_bind_int64(wr, 2, r.seq);
            assert_int_equal(sqlite3_step(wr), SQLITE_DONE);
            sqlite3_reset(wr);
            memcpy(prev, hash, 32);
        } else {
            memcpy(prev, r.hash, 32);
        }
    }
    sqlite3_exec(x, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(rd);
    sqlite3_finalize(wr);
    sqlite3_close(x);
}

/* db_verify's report as text (caller frees), and its summary. */
static char *verify(const char *path, struct db_verify_summary *sum)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct db_error err;
    assert_non_null(f);
    if (db_verify(path, f, sum, &err) != DB_OK) fail_msg("%s", err.message);
    fclose(f);
    return text;
}

/* db_load without the accept flag must give want (naming the seq when it fails); then, with
 * the flag, a broken chain loads and anything else fails the same.  Returns the state loaded
 * (NULL when none). */
static struct core_state *load(struct pristine *p, const char *path, enum db_status want,
                               int64_t seq, struct db_load_info *info)
{
    struct db *db;
    struct db_error err;
    struct core_state *s = NULL;
    if (db_open(path, &p->hub.key, &db, &err) != DB_OK) fail_msg("%s", err.message);
    assert_int_equal(db_load(db, 0, &s, info, &err), want);
    if (want != DB_OK) {
        char at[48];
        snprintf(at, sizeof at, "seq %lld:", (long long)seq);
        assert_null(s);
        assert_int_equal(err.seq, seq);
        if (!strstr(err.message, at) || !strstr(err.message, path))
            fail_msg("message does not name %s and %s: %s", path, at, err.message);
        enum db_status flagged = want == DB_ERR_CHAIN ? DB_OK : want;
        if (db_load(db, DB_ACCEPT_BROKEN_CHAIN, &s, info, &err) != flagged)
            fail_msg("with the accept flag: %s", err.message);
    }
    db_close(db);
    return s;
}

static void clean(void **state)
{
    struct pristine *p = *state;
    struct db_verify_summary sum;
    char *report = verify(fresh_copy(p), &sum);
    char want[160];
    snprintf(want, sizeof want,
             "journal: %lld events, chain intact; ballots: 2 closed, 1 open, tallies match\n",
             (long long)p->events);
    assert_string_equal(report, want);
    assert_int_equal(sum.first_bad_seq, 0);
    free(report);
    struct db_load_info info;
    struct core_state *s = load(p, p->copy, DB_OK, 0, &info);
    assert_true(dbt_same_snapshot(s, p->state));
    assert_true(dbt_same_counts(s, p->state));
    assert_int_equal(info.snapshot_seq, p->snapshot_seq);
    core_state_free(s);
}

static void expect_first_bad(const char *report, const struct db_verify_summary *sum, int64_t seq,
                             const char *what)
{
    char line[64];
    snprintf(line, sizeof line, ": seq %lld: ", (long long)seq);
    assert_int_equal(sum->first_bad_seq, seq);
    const char *first = strstr(report, ": seq ");
    if (!first || strncmp(first, line, strlen(line)) != 0 || !strstr(first, what))
        fail_msg("expected the first problem at seq %lld (%s):\n%s", (long long)seq, what, report);
    snprintf(line, sizeof line, "chain broken at seq %lld", (long long)seq);
    assert_non_null(strstr(report, line));
}

static void one_changed_byte(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[160];
    snprintf(text, sizeof text,
             "UPDATE journal SET body = replace(body, '\"abc\"', '\"axc\"') WHERE seq = %lld",
             (long long)p->note_seq);
    sql(path, text);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, p->note_seq, "hash mismatch");
    assert_int_equal(sum.chain_problems, 1);
    free(report);
    struct db_load_info info;
    struct core_state *s = load(p, path, DB_ERR_CHAIN, p->note_seq, &info);
    assert_non_null(s);
    assert_int_equal(info.chain_bad_seq, p->note_seq);
    /* the snapshot after the forged row still belongs to the chain: the state comes from it */
    assert_int_equal(info.snapshot_seq, p->snapshot_seq);
    assert_true(dbt_same_snapshot(s, p->state));
    core_state_free(s);

    /* without the snapshot the forged row is replayed, and the forgery is in the state */
    sql(path, "DELETE FROM snapshot");
    s = load(p, path, DB_ERR_CHAIN, p->note_seq, &info);
    assert_int_equal(info.snapshot_seq, 0);
    bool forged = false;
    for (int i = 0; i < s->item_count; i++) forged |= strcmp(s->items[i].note, "axc") == 0;
    assert_true(forged);
    core_state_free(s);
}

static void a_deleted_row(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[96];
    snprintf(text, sizeof text, "DELETE FROM journal WHERE seq = %lld", (long long)p->note_seq);
    sql(path, text);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, p->note_seq, "gap in seq");
    assert_int_equal(sum.chain_problems, 2); /* the gap, and the next row's hash */
    free(report);
    struct db_load_info info;
    struct core_state *s = load(p, path, DB_ERR_CHAIN, p->note_seq, &info);
    assert_non_null(s);
    assert_int_equal(info.chain_bad_seq, p->note_seq);
    core_state_free(s);
}

static void two_swapped_bodies(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[400];
    long long a = p->sign_in_seq + 2, b = p->sign_in_seq + 3;
    snprintf(text, sizeof text,
             "CREATE TEMP TABLE two AS SELECT seq, body FROM journal WHERE seq IN (%lld, %lld);"
             "UPDATE journal SET body = (SELECT body FROM two WHERE two.seq = %lld - journal.seq)"
             " WHERE seq IN (%lld, %lld)",
             a, b, a + b, a, b);
    sql(path, text);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, a, "the body says seq");
    assert_int_equal(sum.chain_problems, 2);
    free(report);
    struct db_load_info info;
    struct core_state *s = load(p, path, DB_ERR_CHAIN, a, &info);
    assert_non_null(s);
    assert_int_equal(info.chain_problems, 2);
    core_state_free(s);
}

/* A forger who rewrites the hashes after changing results: the chain is whole again, but
 * the counts no longer add up to the receipts, and the snapshot after it no longer matches. */
static void forged_results(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[200];
    /* the secret evaluation: one more 满意 on the first subject (more than its receipts) */
    snprintf(text, sizeof text,
             "UPDATE journal SET body = replace(body, '\"counts\":[10,', '\"counts\":[11,') "
             "WHERE seq = %lld",
             (long long)p->eval_closed_seq);
    sql(path, text);
    /* and 30 more on the second subject: more than the 35 members */
    snprintf(text, sizeof text,
             "UPDATE journal SET body = replace(body, '\"counts\":[15,', '\"counts\":[45,') "
             "WHERE seq = %lld",
             (long long)p->eval_closed_seq);
    sql(path, text);
    /* the named vote: one 反对 turned 赞成 (the same total, but not the named choices) */
    snprintf(text, sizeof text,
             "UPDATE journal SET body = replace(body, '\"counts\":[10,10,', '\"counts\":[11,9,') "
             "WHERE seq = %lld",
             (long long)p->vote_closed_seq);
    sql(path, text);
    rehash(path, p->eval_closed_seq);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    assert_int_equal(sum.chain_problems, 0);
    assert_int_equal(sum.tally_problems, 5); /* eval: 1 + 2 on its subjects; vote: 2 options */
    char line[96];
    snprintf(line, sizeof line, ": seq %lld: item ", (long long)p->eval_closed_seq);
    assert_non_null(strstr(report, line));
    assert_non_null(strstr(report, "the counts add up to 31 but there are 30 receipts"));
    assert_non_null(strstr(report, "the counts add up to 60 but there are 30 receipts"));
    assert_non_null(strstr(report, "60 counted, more than the 35 members"));
    snprintf(line, sizeof line, ": seq %lld: item ", (long long)p->vote_closed_seq);
    assert_non_null(strstr(report, line));
    assert_non_null(strstr(report, "tallies DO NOT match"));
    assert_non_null(strstr(report, "the snapshot there does not match the journal's hash"));
    free(report);
    /* the hub starts from the snapshot, whose hash no longer matches the rewritten chain */
    core_state_free(load(p, path, DB_ERR_CHAIN, p->snapshot_seq, NULL));
}

/* Every hash damaged: every row is reported, the report stays short. */
static void every_hash_damaged(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    sql(path, "UPDATE journal SET hash = zeroblob(32)");
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, 1, "hash mismatch");
    assert_int_equal(sum.chain_problems, p->events);
    char more[64];
    snprintf(more, sizeof more, "... and %lld more problems not shown",
             (long long)(p->events + 1 - 50)); /* and the snapshot's hash */
    assert_non_null(strstr(report, more));
    free(report);
    core_state_free(load(p, path, DB_ERR_CHAIN, 1, NULL));
}

static void an_event_that_does_not_apply(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[200];
    long long seq = p->sign_in_seq + 4;
    snprintf(text, sizeof text,
             "UPDATE journal SET body = replace(body, '\"person\":5}', '\"person\":99}'), "
             "actor_person = 99 WHERE seq = %lld",
             seq);
    sql(path, text);
    rehash(path, seq);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, seq, "does not apply");
    assert_non_null(strstr(report, "tallies checked up to seq"));
    free(report);
    /* the snapshot after it no longer matches the rewritten chain, so the replay starts from
     * the first row and stops at the event: the state cannot be rebuilt, flag or no flag */
    assert_null(load(p, path, DB_ERR_REPLAY, seq, NULL));
}

static void a_body_that_does_not_decode(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    char text[200];
    snprintf(text, sizeof text, "UPDATE journal SET body = substr(body, 2) WHERE seq = %lld",
             (long long)p->note_seq);
    sql(path, text);
    rehash(path, p->note_seq);
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    expect_first_bad(report, &sum, p->note_seq, "does not decode");
    free(report);
    assert_null(load(p, path, DB_ERR_REPLAY, p->note_seq, NULL));
}

/* Encrypted choices or a key left for a ballot that is closed: a secrecy leak, reported. */
static void leftover_secrets(void **state)
{
    struct pristine *p = *state;
    const char *path = fresh_copy(p);
    sql(path, "INSERT INTO secret_choice VALUES (randomblob(16), 1, randomblob(24), "
              "randomblob(25))");
    struct db_verify_summary sum;
    char *report = verify(path, &sum);
    assert_int_equal(sum.chain_problems, 0);
    assert_true(sum.tally_problems >= 1);
    assert_non_null(strstr(report, "remain, but no secret ballot of it is open"));
    free(report);
    struct db *db;
    struct db_error err;
    struct core_state *s;
    assert_int_equal(db_open(path, &p->hub.key, &db, &err), DB_OK);
    assert_int_equal(db_load(db, DB_ACCEPT_BROKEN_CHAIN, &s, NULL, &err), DB_ERR_SECRET);
    assert_non_null(strstr(err.message, "remain"));
    db_close(db);

    /* and an open secret ballot missing a stored choice */
    path = fresh_copy(p);
    sql(path, "DELETE FROM secret_choice WHERE rid = (SELECT min(rid) FROM secret_choice)");
    report = verify(path, &sum);
    assert_non_null(strstr(report, "4 secret choices stored for 5 receipt choices"));
    free(report);
    assert_int_equal(db_open(path, &p->hub.key, &db, &err), DB_OK);
    assert_int_equal(db_load(db, 0, &s, NULL, &err), DB_ERR_SECRET);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean),
        cmocka_unit_test(one_changed_byte),
        cmocka_unit_test(a_deleted_row),
        cmocka_unit_test(two_swapped_bodies),
        cmocka_unit_test(forged_results),
        cmocka_unit_test(every_hash_damaged),
        cmocka_unit_test(an_event_that_does_not_apply),
        cmocka_unit_test(a_body_that_does_not_decode),
        cmocka_unit_test(leftover_secrets),
    };
    return cmocka_run_group_tests_name("db tamper", tests, build, teardown);
}
