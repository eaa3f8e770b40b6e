/* The journal: a realistic meeting appended batch by batch and rebuilt from the database
 * (with and without snapshots, during an open secret ballot too), failed appends that change
 * nothing, and the chain's bytes as documented in db/journal.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/ballot_store.h"
#include "db_fixture.h"

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

/* Rebuild the state from the file on a second connection and compare it with the live one:
 * the public snapshot and every count, the hub's private ones included. */
static void reload_equals(struct hub *h, struct db_load_info *info)
{
    struct db *db;
    struct core_state *s;
    struct db_error err;
    if (db_open(h->path, &h->key, &db, &err) != DB_OK) fail_msg("%s", err.message);
    if (db_load(db, 0, &s, info, &err) != DB_OK) fail_msg("%s", err.message);
    assert_true(dbt_same_snapshot(h->s, s));
    assert_true(dbt_same_counts(h->s, s));
    int64_t head;
    db_head(h->db, &head, NULL);
    assert_int_equal(info->events, head);
    assert_int_equal(info->chain_bad_seq, 0);
    core_state_free(s);
    db_close(db);
}

static int64_t rows(const char *path, const char *sql)
{
    sqlite3 *x;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(x, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(x);
    return n;
}

static void secret_evaluation_casts(struct hub *h, int32_t item, const int32_t *subjects, int from,
                                    int to)
{
    hub_batch(h, true); /* several seats' casts in one commit, as group commit does */
    for (int m = from; m <= to; m++) {
        int32_t options[2] = {m % 3, (m / 4) % 3};
        OK(hub_cast(h, m, item, 2, subjects, options));
        if (m % 7 == 0) OK(hub_flush(h));
    }
    OK(hub_flush(h));
    hub_batch(h, false);
}

static void a_meeting_survives_reopening(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_load_info info;
    OK(hub_init(h));
    OK(hub_roster(h, 35));
    OK(hub_open_meeting(h, 30));
    int32_t delib, inquiry, eval, vote, subjects[SUBJECTS_MAX], motion[1];
    OK(hub_deliberation(h, &delib));
    reload_equals(h, &info);
    OK(hub_inquiry(h, &inquiry));
    reload_equals(h, &info);

    OK(hub_ballot_open(h, ITEM_EVALUATION, true, 2, &eval, subjects));
    secret_evaluation_casts(h, eval, subjects, 1, 17);
    reload_equals(h, &info); /* open: the private counts come back from the store */
    assert_int_equal(info.secret_ballots, 1);
    assert_int_equal(info.secret_choices, 17 * 2);

    /* a real restart in the middle of the ballot, and the casts go on */
    int32_t before[SUBJECTS_MAX][OPTIONS_MAX], after[SUBJECTS_MAX][OPTIONS_MAX];
    hub_counts(h->s, eval, before);
    OK(hub_reopen(h, &info));
    hub_counts(h->s, eval, after);
    assert_memory_equal(before, after, sizeof before);
    secret_evaluation_casts(h, eval, subjects, 18, 30);
    OK(hub_chair(h, CMD_BALLOT_CLOSE, eval));
    OK(hub_chair(h, CMD_ITEM_CLOSE, eval));
    const struct item *it = core_item(h->s, eval);
    for (int k = 0; k < 2; k++) {
        int32_t want[OPTIONS_MAX] = {0};
        for (int m = 1; m <= 30; m++) want[k == 0 ? m % 3 : (m / 4) % 3]++;
        assert_memory_equal(it->ballot.subjects[k].counts, want, sizeof want);
    }
    reload_equals(h, &info);
    assert_int_equal(info.secret_ballots, 0);

    OK(hub_ballot_open(h, ITEM_VOTE, false, 1, &vote, motion));
    for (int m = 1; m <= 30; m++) {
        int32_t option = m <= 20 ? 0 : 1 + m % 2;
        OK(hub_cast(h, m, vote, 1, motion, &option));
    }
    reload_equals(h, &info); /* an open named ballot: its choices are in the journal */
    OK(hub_chair(h, CMD_BALLOT_CLOSE, vote));
    OK(hub_chair(h, CMD_ITEM_CLOSE, vote));
    struct command close = dbt_cmd(CMD_MEETING_CLOSE);
    OK(hub_send(h, ROLE_CHAIR, 0, &close));
    reload_equals(h, &info);
    assert_int_equal(info.replayed, info.events);
    assert_int_equal(core_item(h->s, vote)->ballot.subjects[0].counts[0], 20);
    assert_int_equal(rows(h->path, "SELECT count(*) FROM secret_choice"), 0);
    hub_free(h);
}

static void snapshots_shorten_the_replay(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_load_info info;
    struct db_error err;
    OK(hub_init(h));
    assert_int_equal(db_snapshot(h->db, h->s, &err), DB_ERR_ARG); /* nothing journaled yet */
    OK(hub_roster(h, 35));
    OK(hub_open_meeting(h, 33));
    int32_t delib, eval, subjects[SUBJECTS_MAX];
    OK(hub_deliberation(h, &delib));
    assert_int_equal(db_snapshot(h->db, h->s, &err), DB_OK);
    int64_t snap;
    db_head(h->db, &snap, NULL);
    OK(hub_inquiry(h, &delib));
    reload_equals(h, &info);
    assert_int_equal(info.snapshot_seq, snap);
    assert_int_equal(info.replayed, info.events - snap);

    /* a snapshot in the middle of a secret ballot stores no count; reload restores all */
    OK(hub_ballot_open(h, ITEM_EVALUATION, true, 2, &eval, subjects));
    secret_evaluation_casts(h, eval, subjects, 1, 12);
    assert_int_equal(db_snapshot(h->db, h->s, &err), DB_OK);
    db_head(h->db, &snap, NULL);
    secret_evaluation_casts(h, eval, subjects, 13, 25);
    reload_equals(h, &info);
    assert_int_equal(info.snapshot_seq, snap);
    assert_int_equal(info.secret_choices, 25 * 2);
    struct core_state *from_snapshot;
    struct core_error cerr;
    sqlite3 *x;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(h->path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(x, "SELECT body FROM snapshot WHERE seq = ?1", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, snap);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(snapshot_decode((const char *)sqlite3_column_text(st, 0),
                                     (size_t)sqlite3_column_bytes(st, 0), &from_snapshot, &cerr),
                     ERR_OK);
    sqlite3_finalize(st);
    sqlite3_close(x);
    const struct item *it = core_item(from_snapshot, eval);
    for (int k = 0; k < 2; k++) {
        int32_t zero[OPTIONS_MAX] = {0};
        assert_int_equal(it->ballot.subjects[k].cast, 12);
        assert_memory_equal(it->ballot.subjects[k].counts, zero, sizeof zero);
    }
    core_state_free(from_snapshot);

    /* only the newest few are kept */
    for (int i = 0; i < 5; i++) {
        secret_evaluation_casts(h, eval, subjects, 26 + i, 26 + i);
        assert_int_equal(db_snapshot(h->db, h->s, &err), DB_OK);
    }
    assert_int_equal(rows(h->path, "SELECT count(*) FROM snapshot"), 3);
    reload_equals(h, &info);
    OK(hub_chair(h, CMD_BALLOT_CLOSE, eval));
    reload_equals(h, &info);
    hub_free(h);
}

static void one_append_carries_many_commands(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    OK(hub_init(h));
    OK(hub_roster(h, 35)); /* 35 member_added + meeting_created in one transaction */
    int64_t head;
    db_head(h->db, &head, NULL);
    assert_int_equal(head, 36);
    hub_batch(h, true);
    for (int m = 1; m <= 20; m++) OK(hub_sign_in(h, m));
    struct event *batch = h->buf;
    int n = h->pending;
    OK(hub_flush(h));
    for (int i = 0; i < n; i++) assert_int_equal(batch[i].seq, 37 + i);
    assert_int_equal(rows(h->path, "SELECT max(seq) - min(seq) + 1 - count(*) FROM journal"), 0);
    hub_free(h);
}

/* A batch that fails half-way is rolled back whole, and nothing is numbered. */
static void a_failed_append_changes_nothing(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    OK(hub_roster(h, 35));
    OK(hub_open_meeting(h, 30));
    int32_t eval, subjects[SUBJECTS_MAX];
    OK(hub_ballot_open(h, ITEM_EVALUATION, true, 2, &eval, subjects));
    int64_t head;
    unsigned char hash[32], hash_after[32];
    db_head(h->db, &head, hash);

    struct event ev[3];
    memset(ev, 0, sizeof ev);
    for (int i = 0; i < 3; i++) {
        ev[i].type = EV_BALLOT_CAST_RECORDED;
        ev[i].time = h->now + 1000;
        ev[i].actor.role = ROLE_MEMBER;
        ev[i].actor.person = ev[i].p.person = 1 + i;
        ev[i].p.item = eval;
        ev[i].p.flag = true;
        ev[i].p.choice_count = 1;
        ev[i].p.choices[0].subject = subjects[0];
        ev[i].p.choices[0].option = 1;
    }
    ev[2].p.flag = false; /* a secret ballot's cast marked named: its choice would be public */
    assert_int_equal(db_append(h->db, ev, 3, &err), DB_ERR_ARG);
    assert_int_equal(err.seq, head + 3);
    assert_non_null(strstr(err.message, h->path));
    assert_non_null(strstr(err.message, "secret"));
    ev[2].p.flag = true;
    ev[2].p.choices[0].option = -1; /* a secret cast without its choice */
    assert_int_equal(db_append(h->db, ev, 3, &err), DB_ERR_ARG);
    ev[2].p.choices[0].option = 1;
    ev[2].p.item = 999; /* no such ballot: no key */
    assert_int_equal(db_append(h->db, ev, 3, &err), DB_ERR_ARG);
    ev[2].type = (enum event_type)EV_COUNT;
    assert_int_equal(db_append(h->db, ev, 3, &err), DB_ERR_ARG);
    for (int i = 0; i < 3; i++) assert_int_equal(ev[i].seq, 0);
    int64_t now_head;
    db_head(h->db, &now_head, hash_after);
    assert_int_equal(now_head, head);
    assert_memory_equal(hash, hash_after, sizeof hash);
    assert_int_equal(rows(h->path, "SELECT max(seq) FROM journal"), head);
    assert_int_equal(rows(h->path, "SELECT count(*) FROM secret_choice"), 0);
    assert_int_equal(db_append(h->db, ev, 0, &err), DB_OK);

    /* and the next good batch follows on */
    OK(hub_cast(h, 1, eval, 1, subjects, (int32_t[]){2}));
    assert_int_equal(h->last.events[0].seq, head + 1);
    assert_int_equal(rows(h->path, "SELECT count(*) FROM secret_choice"), 1);
    hub_free(h);
}

static void put_be(crypto_generichash_state *g, uint64_t v, int bytes)
{
    unsigned char b[8];
    for (int i = 0; i < bytes; i++) b[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
    crypto_generichash_update(g, b, (size_t)bytes);
}

/* The hash of each row, computed here from the bytes documented in db/journal.c. */
static void the_chain_is_as_documented(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    OK(hub_init(h));
    OK(hub_roster(h, 3));
    sqlite3 *x;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(h->path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(x,
                                        "SELECT seq, time, actor_role, actor_person, type, body, "
                                        "hash FROM journal ORDER BY seq",
                                        -1, &st, NULL),
                     SQLITE_OK);
    unsigned char prev[32] = {0}, mine[32];
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        crypto_generichash_state g;
        crypto_generichash_init(&g, NULL, 0, 32);
        crypto_generichash_update(&g, prev, 32);
        put_be(&g, (uint64_t)sqlite3_column_int64(st, 0), 8);
        put_be(&g, (uint64_t)sqlite3_column_int64(st, 1), 8);
        for (int col = 2; col <= 5; col++) {
            if (col == 3) {
                put_be(&g, (uint64_t)sqlite3_column_int64(st, 3), 8);
                continue;
            }
            const unsigned char *t = sqlite3_column_text(st, col);
            put_be(&g, (uint64_t)sqlite3_column_bytes(st, col), 4);
            crypto_generichash_update(&g, t, (size_t)sqlite3_column_bytes(st, col));
        }
        crypto_generichash_final(&g, mine, 32);
        assert_int_equal(sqlite3_column_bytes(st, 6), 32);
        assert_memory_equal(sqlite3_column_blob(st, 6), mine, 32);
        memcpy(prev, mine, 32);
        n++;
    }
    assert_int_equal(n, 4);
    sqlite3_finalize(st);
    sqlite3_close(x);
    hub_free(h);
}

static void read_only_and_keyless_handles(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    struct db *ro, *keyless;
    struct core_state *s;
    OK(hub_init(h));
    OK(hub_roster(h, 35));
    OK(hub_open_meeting(h, 30));
    int32_t eval, subjects[SUBJECTS_MAX];
    OK(hub_ballot_open(h, ITEM_EVALUATION, true, 1, &eval, subjects));
    OK(hub_cast(h, 5, eval, 1, subjects, (int32_t[]){0}));

    assert_int_equal(db_open_readonly(h->path, &ro, &err), DB_OK);
    assert_int_equal(db_append(ro, h->last.events, 1, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(db_snapshot(ro, h->s, &err), DB_ERR_ARG);
    db_close(ro);

    /* without the hub's key an open secret ballot cannot be restored, nor cast on */
    assert_int_equal(db_open(h->path, NULL, &keyless, &err), DB_OK);
    assert_int_equal(db_load(keyless, 0, &s, NULL, &err), DB_ERR_SECRET);
    assert_null(s);
    assert_non_null(strstr(err.message, "no hub key"));
    struct event cast = h->last.events[0];
    cast.p.person = cast.actor.person = 6;
    assert_int_equal(db_append(keyless, &cast, 1, &err), DB_ERR_SECRET);
    db_close(keyless);

    /* nor with another hub's key */
    struct db_hub_key other;
    dbt_keypair(&other);
    assert_int_equal(db_open(h->path, &other, &keyless, &err), DB_OK);
    assert_int_equal(db_load(keyless, 0, &s, NULL, &err), DB_ERR_SECRET);
    assert_non_null(strstr(err.message, "does not open with this hub key"));
    db_close(keyless);
    hub_free(h);
}

/* A secret ballot counted by hand: the keypads' sealed choices go with the count, a reopened
 * hub has the hand counts (and no choice to restore), and the journal verifies. */
static void a_count_by_hand_replaces_the_sealed_choices(void **state)
{
    (void)state;
    struct hub h;
    int32_t item, subjects[2], options[2] = {0, 1};
    assert_int_equal(hub_init(&h), 0);
    assert_int_equal(hub_roster(&h, 10), 0);
    assert_int_equal(hub_open_meeting(&h, 8), 0);
    assert_int_equal(hub_ballot_open(&h, ITEM_EVALUATION, true, 2, &item, subjects), 0);
    for (int32_t m = 1; m <= 3; m++)
        assert_int_equal(hub_cast(&h, m, item, 2, subjects, options), ERR_OK);
    struct command c = dbt_cmd(CMD_BALLOT_COUNT);
    c.p.item = item;
    c.p.kind = COUNT_PAPER;
    snprintf(c.p.text, sizeof c.p.text, "李国强\n张志华");
    c.p.result_count = 2;
    const int32_t counts[2][3] = {{5, 2, 1}, {6, 1, 0}};
    for (int k = 0; k < 2; k++) {
        c.p.results[k].subject = subjects[k];
        memcpy(c.p.results[k].counts, counts[k], sizeof counts[k]);
    }
    assert_int_equal(hub_send(&h, ROLE_SECRETARY, 0, &c), ERR_OK);
    struct ballot_census *census = NULL;
    int n = -1;
    assert_int_equal(ballot_store_census(h.db, &census, &n, &h.dberr), DB_OK);
    assert_int_equal(n, 0); /* nothing sealed is kept any more */
    free(census);
    struct db_load_info info;
    assert_int_equal(hub_reopen(&h, &info), 0);
    const struct ballot *b = &core_item(h.s, item)->ballot;
    assert_int_equal(b->method, COUNT_PAPER);
    for (int k = 0; k < 2; k++)
        for (int o = 0; o < 3; o++) assert_int_equal(b->subjects[k].counts[o], counts[k][o]);
    assert_int_equal(hub_chair(&h, CMD_BALLOT_CLOSE, item), ERR_OK);
    struct db_verify_summary sum;
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(db_verify(h.path, out, &sum, &h.dberr), DB_OK);
    fclose(out);
    assert_int_equal(sum.tally_problems + sum.chain_problems + sum.other_problems, 0);
    hub_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_meeting_survives_reopening),
        cmocka_unit_test(snapshots_shorten_the_replay),
        cmocka_unit_test(one_append_carries_many_commands),
        cmocka_unit_test(a_failed_append_changes_nothing),
        cmocka_unit_test(the_chain_is_as_documented),
        cmocka_unit_test(read_only_and_keyless_handles),
        cmocka_unit_test(a_count_by_hand_replaces_the_sealed_choices),
    };
    return cmocka_run_group_tests_name("db journal", tests, NULL, NULL);
}
