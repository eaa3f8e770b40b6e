/* `cmte verify` as built (CMTE_BIN): a clean journal exits 0 with its one-line summary, a
 * tampered one exits 1 naming the seq, a missing or foreign file exits 1 with one clear line,
 * and the database is never created nor changed (bytes, mtime, no side files left). */
#define _GNU_SOURCE /* struct stat's st_mtim */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/schema.h"
#include "db_fixture.h"
#include "tests/unit/spawn.h"

struct run {
    int status;
    char *out, *err;
};

/* CMTE_BIN verify ARGS... with no configuration from the caller's environment. */
static struct run run_verify(const char *dir, const char *const *args)
{
    const char *bin = getenv("CMTE_BIN");
    char xdg[200];
    snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%.100s/noconfig", dir);
    char *argv[12] = {(char *)bin, "verify", "--lang", "en"};
    int n = 4;
    for (int i = 0; args[i]; i++) argv[n++] = (char *)args[i];
    argv[n] = NULL;
    char **env = spawn_clean_environ(xdg);
    struct run r;
    r.status = spawn_capture(dir, argv, env, &r.out, &r.err);
    free(env);
    return r;
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

/* The files of a folder, with sizes and mtimes, as one string, to compare before and after.
 * A -shm file is listed by name only: it is SQLite's shared index of the WAL, where every
 * reader of a live database records its read mark. */
static void listing(const char *dir, char *out, size_t len)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    out[0] = '\0';
    while ((de = readdir(d))) {
        char p[512];
        struct stat st;
        if (de->d_name[0] == '.' || strstr(de->d_name, ".txt")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        assert_int_equal(stat(p, &st), 0);
        size_t n = strlen(out);
        if (strstr(de->d_name, "-shm"))
            snprintf(out + n, len - n, "%s;", de->d_name);
        else
            snprintf(out + n, len - n, "%s:%lld:%lld.%09ld;", de->d_name, (long long)st.st_size,
                     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    }
    closedir(d);
}

struct sitting {
    struct hub hub;
    int64_t events;
    int32_t open_item, open_subject;
};

/* A meeting with a closed secret evaluation and an open one; the hub stays open when
 * keep_open (its WAL holds the newest commits). */
static void build(struct sitting *m, bool keep_open)
{
    struct hub *h = &m->hub;
    int32_t e1, e2, s1[SUBJECTS_MAX], s2[SUBJECTS_MAX];
    assert_int_equal(hub_init(h), 0);
    assert_int_equal(hub_roster(h, 20), 0);
    assert_int_equal(hub_open_meeting(h, 18), 0);
    assert_int_equal(hub_ballot_open(h, ITEM_EVALUATION, true, 2, &e1, s1), 0);
    for (int i = 1; i <= 18; i++)
        assert_int_equal(hub_cast(h, i, e1, 2, s1, (int32_t[]){i % 3, 0}), 0);
    assert_int_equal(hub_chair(h, CMD_BALLOT_CLOSE, e1), 0);
    assert_int_equal(hub_chair(h, CMD_ITEM_CLOSE, e1), 0);
    assert_int_equal(hub_ballot_open(h, ITEM_EVALUATION, true, 1, &e2, s2), 0);
    for (int i = 1; i <= 6; i++) assert_int_equal(hub_cast(h, i, e2, 1, s2, (int32_t[]){1}), 0);
    db_head(h->db, &m->events, NULL);
    m->open_item = e2;
    m->open_subject = s2[0];
    if (!keep_open) {
        db_close(h->db);
        h->db = NULL;
    }
}

static void a_clean_journal(void **state)
{
    (void)state;
    if (!getenv("CMTE_BIN")) skip();
    struct sitting m;
    build(&m, false);
    char want[160], before[1024], after[1024];
    snprintf(want, sizeof want,
             "journal: %lld events, chain intact; ballots: 1 closed, 1 open, tallies match\n",
             (long long)m.events);
    size_t len0, len1;
    unsigned char *bytes0 = dbt_slurp(m.hub.path, &len0);
    listing(m.hub.dir, before, sizeof before);
    const char *forms[][3] = {{m.hub.path, NULL}, {"--db", m.hub.path, NULL}};
    for (int f = 0; f < 2; f++) {
        struct run r = run_verify(m.hub.dir, forms[f]);
        assert_string_equal(r.err, "");
        assert_string_equal(r.out, want);
        assert_int_equal(r.status, 0);
        run_free(&r);
    }
    listing(m.hub.dir, after, sizeof after);
    assert_string_equal(before, after); /* same size and mtime, and no -wal or -shm left */
    unsigned char *bytes1 = dbt_slurp(m.hub.path, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(bytes0, bytes1, len0);
    free(bytes0);
    free(bytes1);
    hub_free(&m.hub);
}

/* During a sitting: the hub has the database open and its newest commits are in the WAL. */
static void while_the_hub_runs(void **state)
{
    (void)state;
    if (!getenv("CMTE_BIN")) skip();
    struct sitting m;
    build(&m, true);
    char want[160], before[1024], after[1024];
    snprintf(want, sizeof want,
             "journal: %lld events, chain intact; ballots: 1 closed, 1 open, tallies match\n",
             (long long)m.events);
    listing(m.hub.dir, before, sizeof before);
    struct run r = run_verify(m.hub.dir, (const char *[]){m.hub.path, NULL});
    assert_string_equal(r.out, want);
    assert_int_equal(r.status, 0);
    run_free(&r);
    listing(m.hub.dir, after, sizeof after);
    assert_string_equal(before, after);
    /* and the hub goes on */
    assert_int_equal(hub_cast(&m.hub, 7, m.open_item, 1, &m.open_subject, (int32_t[]){2}), 0);
    hub_free(&m.hub);
}

static void a_tampered_journal(void **state)
{
    (void)state;
    if (!getenv("CMTE_BIN")) skip();
    struct sitting m;
    build(&m, false);
    sqlite3 *x;
    assert_int_equal(sqlite3_open(m.hub.path, &x), SQLITE_OK);
    assert_int_equal(sqlite3_exec(x,
                                  "UPDATE journal SET body = replace(body, '委员07', '委员70') "
                                  "WHERE seq = 7",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_changes(x), 1);
    sqlite3_close(x);
    struct run r = run_verify(m.hub.dir, (const char *[]){"--db", m.hub.path, NULL});
    assert_int_equal(r.status, 1);
    char line[256];
    snprintf(line, sizeof line, "%s: seq 7: hash mismatch", m.hub.path);
    assert_true(strncmp(r.out, line, strlen(line)) == 0);
    assert_non_null(strstr(r.out, "chain broken at seq 7 (1 problem)"));
    assert_string_equal(r.err, "");
    run_free(&r);
    hub_free(&m.hub);
}

static void files_that_are_not_journals(void **state)
{
    (void)state;
    if (!getenv("CMTE_BIN")) skip();
    char dir[64], path[128], want[256];
    assert_int_equal(dbt_mkdir(dir, sizeof dir), 0);

    snprintf(path, sizeof path, "%s/missing.db", dir);
    struct run r = run_verify(dir, (const char *[]){path, NULL});
    snprintf(want, sizeof want, "cmte: verify: %s: no such file\n", path);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, want);
    assert_string_equal(r.out, "");
    run_free(&r);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0); /* not created */

    snprintf(path, sizeof path, "%s/notes.txt.db", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, only some notes about one\n", f);
    fclose(f);
    r = run_verify(dir, (const char *[]){path, NULL});
    snprintf(want, sizeof want, "cmte: verify: %s: not an SQLite database\n", path);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, want);
    run_free(&r);

    snprintf(path, sizeof path, "%s/future.db", dir);
    sqlite3 *x;
    char text[64];
    snprintf(text, sizeof text, "PRAGMA user_version = %d", db_schema_current() + 1);
    assert_int_equal(sqlite3_open(path, &x), SQLITE_OK);
    assert_int_equal(sqlite3_exec(x, text, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(x);
    r = run_verify(dir, (const char *[]){path, NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "is newer than this cmte knows"));
    run_free(&r);

    snprintf(path, sizeof path, "%s/empty.db", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    r = run_verify(dir, (const char *[]){path, NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not a cmte journal"));
    run_free(&r);
    dbt_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_clean_journal),
        cmocka_unit_test(while_the_hub_runs),
        cmocka_unit_test(a_tampered_journal),
        cmocka_unit_test(files_that_are_not_journals),
    };
    return cmocka_run_group_tests_name("db verify", tests, NULL, NULL);
}
