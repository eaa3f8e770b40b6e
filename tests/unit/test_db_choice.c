/* A secret choice ballot (差额票决) in the database: the journal's casts name no candidate, the
 * store keeps each member's ballot sealed (one row per candidate, chosen or not), a hub killed
 * in the middle of the ballot comes back with the same tally, and the close leaves nothing
 * sealed behind.  A run-off replays like any other event. */
#define _GNU_SOURCE /* kill */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>

#include <sqlite3.h>

#include "db/ballot_store.h"
#include "db_fixture.h"

enum { MEMBERS = 35, PRESENT = 35, CANDIDATES = 5, CHOOSE = 2 };

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

/* Member m's ballot: candidates a and b of the five, or fewer (m % 7 == 0 casts a blank one). */
static int ballot_of(int32_t m, const int32_t *cand, int32_t *chosen)
{
    if (m % 7 == 0) return 0;
    chosen[0] = cand[m % 3];
    if (m % 5 == 0) return 1;
    chosen[1] = cand[3 + m % 2];
    return 2;
}

static int cast_range(struct hub *h, int32_t item, const int32_t *cand, int from, int to)
{
    for (int32_t m = from; m <= to; m++) {
        struct command c = dbt_cmd(CMD_BALLOT_CAST);
        int32_t chosen[CHOOSE];
        c.p.item = item;
        c.p.person = m;
        c.p.choice_count = ballot_of(m, cand, chosen);
        for (int i = 0; i < c.p.choice_count; i++) c.p.choices[i] = (struct choice){chosen[i], 0};
        int rc = hub_send(h, ROLE_MEMBER, m, &c);
        if (rc != 0) return rc;
    }
    return 0;
}

static void expected_votes(const int32_t *cand, int to, int32_t *votes)
{
    memset(votes, 0, sizeof(int32_t) * CANDIDATES);
    for (int32_t m = 1; m <= to; m++) {
        int32_t chosen[CHOOSE];
        int n = ballot_of(m, cand, chosen);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < CANDIDATES; k++) votes[k] += chosen[i] == cand[k];
    }
}

static int32_t choice_item(struct hub *h, int32_t *cand)
{
    struct command c = dbt_cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_CHOICE;
    c.p.choose = CHOOSE;
    c.p.flag = true;
    snprintf(c.p.title, sizeof c.p.title, "2027年民生实事项目票决");
    OK(hub_send(h, ROLE_SECRETARY, 0, &c));
    int32_t item = h->last.events[0].p.id;
    static const char *const names[CANDIDATES] = {"老旧小区改造", "社区食堂", "口袋公园",
                                                  "学校午餐", "公交线网"};
    for (int k = 0; k < CANDIDATES; k++) OK(hub_subject(h, item, names[k], &cand[k]));
    OK(hub_chair(h, CMD_ITEM_OPEN, item));
    OK(hub_chair(h, CMD_BALLOT_OPEN, item));
    return item;
}

static void a_killed_hub_comes_back_with_the_same_choice_tally(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    int32_t cand[CANDIDATES], votes[CANDIDATES];
    OK(hub_init(h));
    OK(hub_roster(h, MEMBERS));
    OK(hub_open_meeting(h, PRESENT));
    int32_t item = choice_item(h, cand);
    OK(cast_range(h, item, cand, 1, 20));

    /* a child carries on with more casts on the same database and is killed without closing */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (cast_range(h, item, cand, 21, 30) != 0) _exit(3);
        kill(getpid(), SIGKILL);
        _exit(4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    /* the journal names no candidate; the store holds one sealed row per candidate a ballot */
    assert_int_equal(dbt_rows(h->path,
                              "SELECT count(*) FROM journal WHERE type = 'ballot_cast' AND "
                              "body LIKE '%option%'"),
                     0);
    assert_int_equal(dbt_rows(h->path, "SELECT count(*) FROM secret_choice"), 30 * CANDIDATES);

    struct db_load_info info;
    OK(hub_reopen(h, &info));
    assert_int_equal(info.secret_ballots, 1);
    assert_int_equal(info.secret_choices, 30 * CANDIDATES);
    const struct ballot *b = &core_item(h->s, item)->ballot;
    expected_votes(cand, 30, votes);
    for (int k = 0; k < CANDIDATES; k++) {
        assert_int_equal(b->subjects[k].counts[0], votes[k]);
        assert_int_equal(b->subjects[k].counts[0] + b->subjects[k].counts[1], 30);
    }
    assert_int_equal(b->voters, 30);

    /* the ballot goes on after the restart, a member who cast before is still refused */
    OK(cast_range(h, item, cand, 31, 35));
    assert_int_equal(cast_range(h, item, cand, 3, 3), ERR_ALREADY_CAST);
    OK(hub_chair(h, CMD_BALLOT_CLOSE, item));
    expected_votes(cand, 35, votes);
    for (int k = 0; k < CANDIDATES; k++) assert_int_equal(b->subjects[k].counts[0], votes[k]);
    assert_int_equal(dbt_rows(h->path, "SELECT count(*) FROM secret_choice"), 0);
    assert_int_equal(dbt_rows(h->path, "SELECT count(*) FROM ballot_key"), 0);

    /* and the closed results replay the same */
    OK(hub_reopen(h, &info));
    b = &core_item(h->s, item)->ballot;
    assert_int_equal(info.secret_ballots, 0);
    for (int k = 0; k < CANDIDATES; k++) assert_int_equal(b->subjects[k].counts[0], votes[k]);
    struct db_verify_summary sum;
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(db_verify(h->path, out, &sum, &h->dberr), DB_OK);
    fclose(out);
    assert_int_equal(sum.tally_problems + sum.chain_problems + sum.other_problems, 0);
    hub_free(h);
}

/* Two of the five tie for the second seat under "most"; the run-off is journaled and replays
 * with the same ids, after the first ballot. */
static void a_runoff_replays_from_the_journal(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    int32_t cand[CANDIDATES];
    OK(hub_init(h));
    h->s->rules.choice_rule = CHOICE_MOST;
    struct command rules = dbt_cmd(CMD_RULES_SET);
    rules.p.rules = h->s->rules;
    OK(hub_send(h, ROLE_HUB, 0, &rules));
    OK(hub_roster(h, 6));
    OK(hub_open_meeting(h, 6));
    int32_t item = choice_item(h, cand);
    const int32_t pairs[6][2] = {{0, 1}, {0, 2}, {0, 1}, {0, 2}, {3, 4}, {3, 4}};
    for (int32_t m = 1; m <= 6; m++) {
        struct command c = dbt_cmd(CMD_BALLOT_CAST);
        c.p.item = item;
        c.p.person = m;
        c.p.choice_count = 2;
        for (int i = 0; i < 2; i++) c.p.choices[i] = (struct choice){cand[pairs[m - 1][i]], 0};
        OK(hub_send(h, ROLE_MEMBER, m, &c));
    }
    OK(hub_chair(h, CMD_BALLOT_CLOSE, item)); /* 4, 2, 2, 2, 2: four tied for one seat */
    OK(hub_chair(h, CMD_BALLOT_RUNOFF, item));
    int32_t runoff = h->last.events[0].p.id;
    struct db_load_info info;
    char *before = snapshot_encode(h->s);
    OK(hub_reopen(h, &info));
    char *after = snapshot_encode(h->s);
    assert_string_equal(before, after);
    const struct item *r = core_item(h->s, runoff);
    assert_non_null(r);
    assert_int_equal(r->runoff_of, item);
    assert_int_equal(r->ballot.subject_count, 4);
    assert_int_equal(r->choose, 1);
    free(before);
    free(after);
    hub_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_killed_hub_comes_back_with_the_same_choice_tally),
        cmocka_unit_test(a_runoff_replays_from_the_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
