/* DESIGN.md §3: a secret evaluation of 35 members with known choices.  While it is open,
 * nothing in the database, its WAL or any table links a member to a choice without the hub's
 * key; after it closes, nothing of the choices is left at all (the encrypted rows, their key
 * and their pages are gone from the file and the WAL is empty), and the results are right. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db_fixture.h"

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

enum { MEMBERS = 35, SUBJECTS = 2, ROWS = MEMBERS * SUBJECTS, BOX = 25, NONCE = 24, RID = 16 };

/* The known choices: subject 0 by i % 3, subject 1 by a different pattern. */
static int32_t choice_of(int member, int subject)
{
    return subject == 0 ? member % 3 : member <= 12 ? 0 : member <= 30 ? 1 : 2;
}

/* What the test keeps of the store while the ballot is open, to look for after it closes. */
struct seen {
    unsigned char rid[ROWS][RID], nonce[ROWS][NONCE], box[ROWS][BOX];
    unsigned char sealed[80], key[32];
    int rows;
};

static sqlite3 *open_raw(const char *path)
{
    sqlite3 *x;
    assert_int_equal(sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return x;
}

/* The columns of a table, comma-separated. */
static void columns_of(sqlite3 *x, const char *table, char *out, size_t len)
{
    char sql[128];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    assert_int_equal(sqlite3_prepare_v2(x, sql, -1, &st, NULL), SQLITE_OK);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, len - n, "%s%s", n ? "," : "", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
}

/* Every journal body: receipts of casts name the member and the subject, never an option. */
static void journal_has_no_choice(sqlite3 *x)
{
    sqlite3_stmt *st;
    int casts = 0;
    assert_int_equal(sqlite3_prepare_v2(x, "SELECT type, body FROM journal", -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *body = (const char *)sqlite3_column_text(st, 1);
        if (strstr(body, "\"option\"")) fail_msg("a choice in the journal: %s", body);
        if (strcmp(type, "ballot_cast") == 0) {
            casts++;
            assert_non_null(strstr(body, "\"person\""));
            assert_non_null(strstr(body, "\"subject\""));
        }
    }
    sqlite3_finalize(st);
    assert_int_equal(casts, MEMBERS);
}

/* The sealed key opens with the hub's key only; the boxes with the ballot key only, and
 * they hold exactly the known choices (so nothing else is in them). */
static void store_holds_only_sealed_choices(sqlite3 *x, const struct db_hub_key *hub,
                                            const int32_t *subjects, struct seen *seen)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(x, "SELECT item, sealed FROM ballot_key", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(st, 1), (int)sizeof seen->sealed);
    memcpy(seen->sealed, sqlite3_column_blob(st, 1), sizeof seen->sealed);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    struct db_hub_key other;
    dbt_keypair(&other);
    assert_int_not_equal(crypto_box_seal_open(seen->key, seen->sealed, sizeof seen->sealed,
                                              other.public_key, other.secret_key),
                         0);
    assert_int_equal(crypto_box_seal_open(seen->key, seen->sealed, sizeof seen->sealed,
                                          hub->public_key, hub->secret_key),
                     0);

    int32_t counts[SUBJECTS][OPTIONS_MAX] = {{0}}, want[SUBJECTS][OPTIONS_MAX] = {{0}};
    for (int m = 1; m <= MEMBERS; m++)
        for (int k = 0; k < SUBJECTS; k++) want[k][choice_of(m, k)]++;
    unsigned char zero_key[32] = {0}, plain[9];
    assert_int_equal(
        sqlite3_prepare_v2(x, "SELECT rid, nonce, box FROM secret_choice", -1, &st, NULL),
        SQLITE_OK);
    seen->rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int i = seen->rows++;
        assert_true(i < ROWS);
        assert_int_equal(sqlite3_column_bytes(st, 0), RID);
        assert_int_equal(sqlite3_column_bytes(st, 1), NONCE);
        assert_int_equal(sqlite3_column_bytes(st, 2), BOX);
        memcpy(seen->rid[i], sqlite3_column_blob(st, 0), RID);
        memcpy(seen->nonce[i], sqlite3_column_blob(st, 1), NONCE);
        memcpy(seen->box[i], sqlite3_column_blob(st, 2), BOX);
        assert_int_not_equal(
            crypto_secretbox_open_easy(plain, seen->box[i], BOX, seen->nonce[i], zero_key), 0);
        assert_int_equal(
            crypto_secretbox_open_easy(plain, seen->box[i], BOX, seen->nonce[i], seen->key), 0);
        assert_int_equal(plain[0], 1);
        int32_t subject = (int32_t)((uint32_t)plain[1] << 24 | (uint32_t)plain[2] << 16 |
                                    (uint32_t)plain[3] << 8 | plain[4]);
        int32_t option = (int32_t)((uint32_t)plain[5] << 24 | (uint32_t)plain[6] << 16 |
                                   (uint32_t)plain[7] << 8 | plain[8]);
        int k = subject == subjects[0] ? 0 : subject == subjects[1] ? 1 : -1;
        assert_true(k >= 0 && option >= 0 && option < OPTIONS_MAX);
        counts[k][option]++;
    }
    sqlite3_finalize(st);
    assert_int_equal(seen->rows, ROWS);
    assert_memory_equal(counts, want, sizeof want);
    for (int i = 0; i < seen->rows; i++) /* a nonce used twice under one key would leak */
        for (int j = i + 1; j < seen->rows; j++)
            assert_memory_not_equal(seen->nonce[i], seen->nonce[j], NONCE);
}

/* The tables, their columns and their rowids, read the way anyone with the file could. */
static void tables_link_nobody_to_a_choice(const char *path, const struct db_hub_key *hub,
                                           const int32_t *subjects, struct seen *seen)
{
    sqlite3 *x = open_raw(path);
    char cols[256];
    columns_of(x, "secret_choice", cols, sizeof cols);
    assert_string_equal(cols, "rid,item,nonce,box"); /* no member, no time */
    columns_of(x, "ballot_key", cols, sizeof cols);
    assert_string_equal(cols, "item,sealed");
    sqlite3_stmt *st = NULL;
    /* no rowid: the physical order of the rows is the order of their random ids */
    assert_int_not_equal(sqlite3_prepare_v2(x, "SELECT rowid FROM secret_choice", -1, &st, NULL),
                         SQLITE_OK);
    sqlite3_finalize(st);
    journal_has_no_choice(x);
    store_holds_only_sealed_choices(x, hub, subjects, seen);

    /* the snapshot taken during the ballot has no counts */
    assert_int_equal(sqlite3_prepare_v2(x, "SELECT body FROM snapshot", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *body = (const char *)sqlite3_column_text(st, 0);
    assert_non_null(strstr(body, "\"counts\":[0,0,0,0,0]"));
    struct core_state *snap;
    struct core_error cerr;
    assert_int_equal(snapshot_decode(body, strlen(body), &snap, &cerr), ERR_OK);
    for (int i = 0; i < snap->item_count; i++)
        for (int k = 0; k < snap->items[i].ballot.subject_count; k++)
            for (int o = 0; o < OPTIONS_MAX; o++)
                assert_int_equal(snap->items[i].ballot.subjects[k].counts[o], 0);
    core_state_free(snap);
    sqlite3_finalize(st);
    sqlite3_close(x);
}

/* The raw bytes of the file and its WAL: no choice, no ballot key in the clear. */
static void raw_files_hold_no_choice(const char *path, const struct db_hub_key *hub,
                                     const struct seen *seen)
{
    char wal[160];
    snprintf(wal, sizeof wal, "%.150s-wal", path);
    const char *files[] = {path, wal};
    for (int f = 0; f < 2; f++) {
        size_t len;
        unsigned char *bytes = dbt_slurp(files[f], &len);
        assert_non_null(bytes);
        assert_true(len > 0);
        assert_false(dbt_contains(bytes, len, "\"option\"", 8));
        assert_false(dbt_contains(bytes, len, seen->key, sizeof seen->key));
        assert_false(dbt_contains(bytes, len, hub->secret_key, sizeof hub->secret_key));
        free(bytes);
    }
}

static int boxes_in_main_file(const char *path, const struct seen *seen)
{
    size_t len;
    unsigned char *bytes = dbt_slurp(path, &len);
    int n = 0;
    for (int i = 0; i < seen->rows; i++) n += dbt_contains(bytes, len, seen->box[i], BOX);
    free(bytes);
    return n;
}

/* After the close: no row, no page, no WAL frame holds anything of the store. */
static void nothing_left(const char *path, const struct seen *seen)
{
    sqlite3 *x = open_raw(path);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(x,
                                        "SELECT (SELECT count(*) FROM secret_choice) + "
                                        "(SELECT count(*) FROM ballot_key)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(x);

    char wal[160];
    struct stat sb;
    snprintf(wal, sizeof wal, "%.150s-wal", path);
    assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
    size_t len;
    unsigned char *bytes = dbt_slurp(path, &len);
    assert_non_null(bytes);
    assert_false(dbt_contains(bytes, len, seen->sealed, sizeof seen->sealed));
    for (int i = 0; i < seen->rows; i++) {
        if (dbt_contains(bytes, len, seen->box[i], BOX)) fail_msg("box %d is still in the file", i);
        if (dbt_contains(bytes, len, seen->nonce[i], NONCE))
            fail_msg("nonce %d is still in the file", i);
        if (dbt_contains(bytes, len, seen->rid[i], RID)) fail_msg("rid %d is still in the file", i);
    }
    free(bytes);
}

static void a_secret_evaluation_stays_secret(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    static struct seen seen;
    OK(hub_init(h));
    OK(hub_roster(h, MEMBERS));
    OK(hub_open_meeting(h, MEMBERS));
    int32_t item, subjects[SUBJECTS_MAX];
    OK(hub_ballot_open(h, ITEM_EVALUATION, true, SUBJECTS, &item, subjects));
    for (int m = 1; m <= MEMBERS; m++) {
        hub_batch(h, m > 20); /* the first one by one, the rest in group commits of five */
        int32_t options[SUBJECTS] = {choice_of(m, 0), choice_of(m, 1)};
        OK(hub_cast(h, m, item, SUBJECTS, subjects, options));
        if (m % 5 == 0) OK(hub_flush(h));
        if (m == 17) assert_int_equal(db_snapshot(h->db, h->s, &h->dberr), DB_OK);
        if (m == 25) { /* a restart checkpoints: these choices' pages reach the main file */
            int32_t live[SUBJECTS_MAX][OPTIONS_MAX], loaded[SUBJECTS_MAX][OPTIONS_MAX];
            hub_counts(h->s, item, live);
            OK(hub_reopen(h, NULL));
            hub_counts(h->s, item, loaded);
            assert_memory_equal(live, loaded, sizeof live);
        }
    }
    OK(hub_flush(h));
    hub_batch(h, false);

    tables_link_nobody_to_a_choice(h->path, &h->key, subjects, &seen);
    raw_files_hold_no_choice(h->path, &h->key, &seen);
    assert_true(boxes_in_main_file(h->path, &seen) >= 2 * 25); /* so the scan below means it */

    OK(hub_chair(h, CMD_BALLOT_CLOSE, item));
    assert_false(db_scrub_pending(h->db));
    nothing_left(h->path, &seen);

    const struct event *closed = &h->last.events[0];
    assert_int_equal(closed->type, EV_BALLOT_CLOSED);
    const struct item *it = core_item(h->s, item);
    for (int k = 0; k < SUBJECTS; k++) {
        int32_t want[OPTIONS_MAX] = {0};
        for (int m = 1; m <= MEMBERS; m++) want[choice_of(m, k)]++;
        assert_memory_equal(it->ballot.subjects[k].counts, want, sizeof want);
        assert_memory_equal(closed->p.results[k].counts, want, sizeof want);
    }
    struct db_load_info info;
    int32_t live[SUBJECTS_MAX][OPTIONS_MAX], loaded[SUBJECTS_MAX][OPTIONS_MAX];
    hub_counts(h->s, item, live);
    OK(hub_reopen(h, &info));
    hub_counts(h->s, item, loaded);
    assert_memory_equal(live, loaded, sizeof live);
    sodium_memzero(&seen, sizeof seen);
    hub_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_secret_evaluation_stays_secret),
    };
    return cmocka_run_group_tests_name("db secrecy", tests, NULL, NULL);
}
