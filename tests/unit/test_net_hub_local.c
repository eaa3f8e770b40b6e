/* The console in the hub's own process (the chair console of `cmte chair`, hub_attach): it
 * hears each commit, and nothing once it has stopped the hub: its screen is gone by then, while
 * an append already on its way still ends in the journal.  A hub on 127.0.0.1, any free port,
 * over a database in a fresh folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <uv.h>

#include "db/db.h"
#include "net/hub.h"
#include "net/keys.h"
#include "tmpdir.h"

struct heard {
    bool stopping;  /* hub_stop was called */
    bool stopped;   /* its callback came */
    int applied;    /* commits reported */
    int after_stop; /* reports of any kind after hub_stop */
};

static void heard_one(struct heard *h, bool applied)
{
    h->applied += applied;
    h->after_stop += h->stopping;
}

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    (void)s, (void)seq;
    heard_one(ctx, false);
}

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    (void)s, (void)ev, (void)n;
    heard_one(ctx, true);
}

static void on_answer(void *ctx, const struct msg_answer *a)
{
    (void)a;
    heard_one(ctx, false);
}

static const struct hub_local_events events = {on_synced, on_applied, on_answer};

static void on_stopped(void *ctx)
{
    ((struct heard *)ctx)->stopped = true;
}

struct fixture {
    char dir[64];
    uv_loop_t loop;
    struct db *db;
    struct core_rules rules;
    struct hub *hub;
    struct heard heard;
};

/* A hub started on a new database with rules unlike the defaults: its first append (the rules)
 * is on its way in the thread pool when hub_start returns. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct key_pair key;
    struct db_hub_key dbkey;
    struct db_error e;
    struct core_state *st = NULL;
    char err[256], path[128];
    if (!f || dbt_mkdir(f->dir, sizeof f->dir) != 0 || key_generate(&key) < 0 ||
        key_to_db_hub_key(&key, &dbkey) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/cmte.db", f->dir);
    if (db_open(path, &dbkey, &f->db, &e) != DB_OK || db_load(f->db, 0, &st, NULL, &e) != DB_OK)
        return -1;
    rules_default(&f->rules);
    f->rules.speak_twice = !f->rules.speak_twice;
    struct hub_options o = {.listen_host = "127.0.0.1",
                            .key = key,
                            .heartbeat_ms = 1000,
                            .timeout_ms = 3000,
                            .queue_limit = 1 << 20,
                            .frame_max = 1 << 20,
                            .rules = &f->rules};
    uv_loop_init(&f->loop);
    if (hub_start(&f->loop, f->db, st, &o, &f->hub, err, sizeof err) < 0) return -1;
    key_wipe(&key);
    sodium_memzero(&dbkey, sizeof dbkey);
    if (hub_attach(f->hub, ROLE_CHAIR, &events, &f->heard) < 0) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f->hub && !f->heard.stopping) hub_stop(f->hub, on_stopped, &f->heard);
    uv_run(&f->loop, UV_RUN_DEFAULT);
    uv_loop_close(&f->loop);
    db_close(f->db);
    dbt_rmdir(f->dir);
    free(f);
    return 0;
}

static int64_t journal_head(const struct fixture *f)
{
    int64_t seq = 0;
    unsigned char hash[32];
    db_head(f->db, &seq, hash);
    return seq;
}

static void a_commit_is_heard(void **state)
{
    struct fixture *f = *state;
    for (int turns = 0; f->heard.applied == 0 && turns < 200; turns++)
        uv_run(&f->loop, UV_RUN_ONCE);
    assert_int_equal(f->heard.applied, 1);
    assert_int_equal(journal_head(f), 1);
}

static void nothing_is_heard_after_stop(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(f->heard.applied, 0); /* the rules' append has not come back yet */
    f->heard.stopping = true;
    hub_stop(f->hub, on_stopped, &f->heard);
    uv_run(&f->loop, UV_RUN_DEFAULT);
    assert_true(f->heard.stopped);
    assert_int_equal(f->heard.after_stop, 0);
    assert_int_equal(journal_head(f), 1); /* the append it waited for is stored */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_commit_is_heard, setup, teardown),
        cmocka_unit_test_setup_teardown(nothing_is_heard_after_stop, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
