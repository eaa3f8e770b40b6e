/* The schema: a new database is at the current version with the hub's settings; a database
 * made at every earlier version is migrated on open and works; a newer one, another
 * program's, or a file that is not SQLite is refused with a message naming it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/internal.h"
#include "db/journal.h"
#include "db/schema.h"
#include "db_fixture.h"

struct place {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    static struct place p;
    if (dbt_mkdir(p.dir, sizeof p.dir) != 0) return -1;
    *state = &p;
    return 0;
}

static int teardown(void **state)
{
    struct place *p = *state;
    dbt_rmdir(p->dir);
    return 0;
}

static const char *fresh_path(struct place *p, const char *name)
{
    snprintf(p->path, sizeof p->path, "%s/%s", p->dir, name);
    return p->path;
}

static int64_t pragma(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void a_new_database_is_current(void **state)
{
    struct place *p = *state;
    struct db *db;
    struct db_error err;
    struct db_hub_key key;
    dbt_keypair(&key);
    assert_int_equal(db_open(fresh_path(p, "new.db"), &key, &db, &err), DB_OK);
    assert_true(db_schema_current() >= 1);
    assert_int_equal(pragma(db->h, "PRAGMA user_version"), db_schema_current());
    assert_int_equal(pragma(db->h, "PRAGMA application_id"), DB_APPLICATION_ID);
    /* the hub's connection */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(pragma(db->h, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(pragma(db->h, "PRAGMA foreign_keys"), 1);
    assert_int_equal(pragma(db->h, "PRAGMA secure_delete"), 1);
    assert_true(pragma(db->h, "PRAGMA busy_timeout") > 0);
    assert_int_equal(pragma(db->h,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                            "('journal', 'snapshot', 'ballot_key', 'secret_choice', 'seat_pin', "
                            "'console', 'origin')"),
                     7);
    assert_int_equal(pragma(db->h, "SELECT count(*) FROM sqlite_master WHERE name = "
                                   "'secret_choice' AND sql LIKE '%WITHOUT ROWID%'"),
                     1);
    db_close(db);
    /* opening it again changes nothing */
    assert_int_equal(db_open(p->path, &key, &db, &err), DB_OK);
    assert_int_equal(pragma(db->h, "PRAGMA user_version"), db_schema_current());
    db_close(db);
}

/* What a filler wrote: journal rows and, of them, members; and a PIN to try. */
struct filled {
    int events, members;
    int32_t pin_person;
    const char *pin;
};

/* Journal, as cmte of schema version 1 did, the events of secretary command c (applied to s)
 * after row *seq chained to prev. */
static void journal_v1(sqlite3 *h, struct core_state *s, const struct command *c, int64_t *seq,
                       unsigned char prev[32])
{
    static const struct actor secretary = {ROLE_SECRETARY, 0};
    struct event_batch b;
    struct core_error cerr;
    assert_int_equal(core_validate(s, &secretary, c, DBT_T0 - 60000 + *seq, &b, &cerr), ERR_OK);
    for (int i = 0; i < b.count; i++) {
        struct event *e = &b.events[i];
        e->seq = ++*seq;
        char *body = event_encode(e, true);
        assert_non_null(body);
        const char *role = role_name(e->actor.role), *type = event_name(e->type);
        struct journal_row r = {.seq = e->seq,
                                .time = e->time,
                                .role = role,
                                .role_len = strlen(role),
                                .person = e->actor.person,
                                .type = type,
                                .type_len = strlen(type),
                                .body = body,
                                .body_len = strlen(body)};
        journal_row_hash(prev, &r, prev);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(h,
                                            "INSERT INTO journal (seq, time, actor_role, "
                                            "actor_person, type, body, hash) VALUES (?, ?, ?, ?, "
                                            "?, ?, ?)",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_int64(st, 1, r.seq);
        sqlite3_bind_int64(st, 2, r.time);
        sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, r.person);
        sqlite3_bind_text(st, 5, type, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, body, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 7, prev, 32, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        free(body);
        assert_int_equal(core_apply(s, e), ERR_OK);
    }
}

/* Version 1: a roster of two members in the journal, and a seat PIN. */
static struct filled fill_v1(sqlite3 *h)
{
    struct filled f = {.events = 2, .members = 2, .pin_person = 101, .pin = "4711"};
    struct core_state *s = core_state_new(NULL);
    assert_non_null(s);
    unsigned char prev[32] = {0};
    int64_t seq = 0;
    for (int32_t id = 101; id <= 102; id++) {
        struct command c = dbt_cmd(CMD_MEMBER_ADD);
        c.p.id = id;
        c.p.kind = PERSON_MEMBER;
        c.p.number = id;
        snprintf(c.p.name, sizeof c.p.name, "委员%d", (int)id);
        journal_v1(h, s, &c, &seq, prev);
    }
    core_state_free(s);
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str(hash, f.pin, strlen(f.pin),
                                       crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE),
                     0);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(h, "INSERT INTO seat_pin (person, hash) VALUES (?, ?)", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, f.pin_person);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    return f;
}

/* Version 2: version 1's rows and an enrolled console. */
static struct filled fill_v2(sqlite3 *h)
{
    struct filled f = fill_v1(h);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO console (name, role, seat, public_key, enrolled_at) "
                                  "VALUES ('seat-1', 'member', 1, x'00', 1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return f;
}

/* Version 3: version 2's rows and a question of the law exam's bank. */
static struct filled fill_v3(sqlite3 *h)
{
    struct filled f = fill_v2(h);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO exam_question (kind, text, options, answer, source) "
                                  "VALUES ('truefalse', 'q', '', 1, 'b.csv:2')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return f;
}

/* For each earlier version v: a database made by steps 1..v (what that version of cmte
 * created), with what that version could hold, opens, migrates, keeps its rows and carries a
 * meeting.  When a step is added, give the version before it a filler here that writes its
 * rows. */
static struct filled fill_at(sqlite3 *h, int version)
{
    struct filled none = {0};
    switch (version) {
    case 0: /* an empty file, nothing to fill */
        return none;
    case 1:
        return fill_v1(h);
    case 2:
        return fill_v2(h);
    case 3:
        return fill_v3(h);
    default:
        fail_msg("no filler for schema version %d", version);
        return none;
    }
}

/* What the filler wrote is still there: its PIN opens its seat, the whole chain verifies. */
static void kept(struct hub *hb, const struct filled *f, int64_t events)
{
    struct db_error err;
    if (f->pin) {
        bool has_pin = false, ok = false;
        assert_int_equal(db_pin_check(hb->db, f->pin_person, f->pin, &has_pin, &ok, &err), DB_OK);
        assert_true(has_pin);
        assert_true(ok);
    }
    struct db_verify_summary sum;
    assert_int_equal(db_verify(hb->path, NULL, &sum, &err), DB_OK);
    assert_int_equal(sum.events, events);
    assert_int_equal(sum.chain_problems + sum.tally_problems + sum.other_problems, 0);
}

static void databases_of_every_earlier_version_open(void **state)
{
    struct place *p = *state;
    struct db_hub_key key;
    dbt_keypair(&key);
    for (int v = 0; v < db_schema_current(); v++) {
        char name[32];
        snprintf(name, sizeof name, "v%d.db", v);
        const char *path = fresh_path(p, name);
        sqlite3 *h;
        struct db_error err;
        assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
        assert_int_equal(db_schema_migrate(h, path, v, &err), DB_OK);
        assert_int_equal(pragma(h, "PRAGMA user_version"), v);
        struct filled f = fill_at(h, v);
        sqlite3_close(h);

        struct hub hub, *hb = &hub;
        memset(hb, 0, sizeof *hb);
        hb->buf = calloc(DBT_BATCH_MAX, sizeof *hb->buf);
        hb->now = DBT_T0;
        hb->key = key;
        snprintf(hb->path, sizeof hb->path, "%s", path);
        assert_int_equal(db_open(path, &key, &hb->db, &err), DB_OK);
        assert_int_equal(pragma(hb->db->h, "PRAGMA user_version"), db_schema_current());
        assert_int_equal(db_load(hb->db, 0, &hb->s, NULL, &err), DB_OK);
        assert_int_equal(core_members(hb->s), f.members);
        assert_int_equal(hub_roster(hb, 5), 0);
        assert_int_equal(hub_open_meeting(hb, 5), 0);
        struct db_load_info info;
        assert_int_equal(hub_reopen(hb, &info), 0);
        assert_int_equal(info.events, f.events + 5 + 1 + 5 + 1);
        assert_int_equal(core_members(hb->s), f.members + 5);
        kept(hb, &f, info.events);
        hb->dir[0] = '\0'; /* the folder is the test's */
        hub_free(hb);
    }
}

static void a_newer_database_is_refused(void **state)
{
    struct place *p = *state;
    struct db *db;
    struct db_error err;
    const char *path = fresh_path(p, "future.db");
    assert_int_equal(db_open(path, NULL, &db, &err), DB_OK);
    db_close(db);
    sqlite3 *h;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", db_schema_current() + 1);
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    size_t len0, len1;
    unsigned char *before = dbt_slurp(path, &len0);

    assert_int_equal(db_open(path, NULL, &db, &err), DB_ERR_VERSION);
    assert_null(db);
    char want[256];
    snprintf(want, sizeof want,
             "%s: schema version %d is newer than this cmte knows (up to %d): use a newer cmte",
             path, db_schema_current() + 1, db_schema_current());
    assert_string_equal(err.message, want);
    assert_int_equal(db_open_readonly(path, &db, &err), DB_ERR_VERSION);
    assert_string_equal(err.message, want);

    unsigned char *after = dbt_slurp(path, &len1); /* refused before anything was changed */
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
}

static void other_files_are_refused(void **state)
{
    struct place *p = *state;
    struct db *db;
    struct db_error err;
    sqlite3 *h;

    const char *path = fresh_path(p, "other-program.db");
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE accounts (id INTEGER)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(db_open(path, NULL, &db, &err), DB_ERR_NOT_CMTE);
    assert_non_null(strstr(err.message, "no cmte schema version"));

    path = fresh_path(p, "app-id.db");
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA application_id = 42", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(db_open(path, NULL, &db, &err), DB_ERR_NOT_CMTE);
    assert_non_null(strstr(err.message, "another program (application_id 42)"));

    path = fresh_path(p, "text.db");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++) fputs("not a database at all. ", f);
    fclose(f);
    assert_int_equal(db_open(path, NULL, &db, &err), DB_ERR_NOT_CMTE);
    char want[256];
    snprintf(want, sizeof want, "%s: not an SQLite database", path);
    assert_string_equal(err.message, want);
    assert_int_equal(db_open_readonly(path, &db, &err), DB_ERR_NOT_CMTE);
    assert_string_equal(err.message, want);

    path = fresh_path(p, "missing.db");
    assert_int_equal(db_open_readonly(path, &db, &err), DB_ERR_NO_FILE);
    snprintf(want, sizeof want, "%s: no such file", path);
    assert_string_equal(err.message, want);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);

    assert_int_equal(db_open_readonly(p->dir, &db, &err), DB_ERR_NOT_CMTE);
    assert_non_null(strstr(err.message, "not a regular file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_database_is_current),
        cmocka_unit_test(databases_of_every_earlier_version_open),
        cmocka_unit_test(a_newer_database_is_refused),
        cmocka_unit_test(other_files_are_refused),
    };
    return cmocka_run_group_tests_name("db schema", tests, setup, teardown);
}
