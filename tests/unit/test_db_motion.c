/* Inquiry motions (质询案) in the database: drafted, co-signed to registration, placed, answered
 * and judged, then a hub reopened rebuilds the very same state from the journal (the motion's
 * signers, verdicts, second-answer flag and the item it is on); a withdrawn one too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db_fixture.h"

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

static int draft(struct hub *h, int32_t person, const char *subject, int32_t *id)
{
    struct command c = dbt_cmd(CMD_MOTION_DRAFT);
    c.p.person = person;
    snprintf(c.p.detail, sizeof c.p.detail, "市生态环境局");
    snprintf(c.p.title, sizeof c.p.title, "%s", subject);
    snprintf(c.p.text, sizeof c.p.text, "请说明原因和整改时间表。");
    int rc = hub_send(h, ROLE_MEMBER, person, &c);
    *id = h->last.events[0].p.id;
    return rc;
}

static int by_member(struct hub *h, enum command_type t, int32_t id, int32_t person, bool flag)
{
    struct command c = dbt_cmd(t);
    c.p.id = id;
    c.p.person = person;
    c.p.flag = flag;
    return hub_send(h, ROLE_MEMBER, person, &c);
}

static void a_judged_motion_replays_from_the_journal(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    int32_t id, gone;
    OK(hub_init(h));
    OK(hub_roster(h, 8));
    OK(hub_open_meeting(h, 8));
    OK(draft(h, 7, "撤回的质询", &gone));
    OK(by_member(h, CMD_MOTION_WITHDRAW, gone, 7, false));
    OK(draft(h, 1, "河道污染", &id));
    for (int32_t m = 2; m <= 5; m++) OK(by_member(h, CMD_MOTION_SIGN, id, m, false));
    struct command c = dbt_cmd(CMD_MOTION_PLACE);
    c.p.id = id;
    OK(hub_send(h, ROLE_SECRETARY, 0, &c));
    c = dbt_cmd(CMD_MOTION_ANSWER);
    c.p.id = id;
    snprintf(c.p.date, sizeof c.p.date, "2026-11-24");
    snprintf(c.p.text, sizeof c.p.text, "书面答复：已制定整改方案。");
    OK(hub_send(h, ROLE_SECRETARY, 0, &c));
    for (int32_t m = 1; m <= 5; m++) OK(by_member(h, CMD_MOTION_JUDGE, id, m, m > 3));
    char *before = snapshot_encode(h->s);
    struct db_load_info info;
    OK(hub_reopen(h, &info));
    char *after = snapshot_encode(h->s);
    assert_string_equal(before, after);
    const struct motion *m = core_motion(h->s, id);
    assert_non_null(m);
    assert_int_equal(m->state, MOTION_REGISTERED);
    assert_int_equal(m->signer_count, 5);
    assert_true(m->reanswer);
    assert_non_null(core_item(h->s, m->item));
    assert_int_equal(core_motion(h->s, gone)->state, MOTION_WITHDRAWN);
    /* the next command after the replay takes up where the journal left off */
    OK(draft(h, 6, "第三件", &gone));
    assert_true(gone > m->item);
    free(before);
    free(after);
    hub_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_judged_motion_replays_from_the_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
