/* Deliberation opinions (审议意见) in the database over two meetings: adopted at meeting 12
 * (2026-11-23), the report evaluated 不满意 at meeting 13 (2027-02-20); a hub reopened rebuilds
 * the very same state from the journal: the opinion sent back for a second report, due
 * 2027-05-20, and the draft left a draft. */
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

enum { MEMBERS = 8 };

static int draft(struct hub *h, int32_t item, const char *text, int32_t *id)
{
    struct command c = dbt_cmd(CMD_OPINION_DRAFT);
    c.p.item = item;
    snprintf(c.p.detail, sizeof c.p.detail, "市生态环境局");
    snprintf(c.p.text, sizeof c.p.text, "%s", text);
    int rc = hub_send(h, ROLE_SECRETARY, 0, &c);
    *id = h->last.events[0].p.id;
    return rc;
}

/* Meeting 12: the report deliberated, one opinion adopted, another left a draft; closed. */
static void first_meeting(struct hub *h, int32_t *adopted, int32_t *left)
{
    int32_t report;
    OK(hub_item(h, ITEM_DELIBERATION, "关于环境状况的报告", false, &report));
    OK(hub_chair(h, CMD_ITEM_OPEN, report));
    OK(draft(h, report, "建议加强源头管控。", adopted));
    OK(draft(h, report, "建议完善监测网络。", left));
    struct command c = dbt_cmd(CMD_OPINION_ADOPT);
    c.p.id = *adopted;
    OK(hub_send(h, ROLE_CHAIR, 0, &c));
    OK(hub_chair(h, CMD_ITEM_CLOSE, report));
    c = dbt_cmd(CMD_MEETING_CLOSE);
    OK(hub_send(h, ROLE_CHAIR, 0, &c));
}

/* Meeting 13: the report on the opinion evaluated by all eight, 不满意. */
static void second_meeting(struct hub *h, int32_t opinion)
{
    struct command c = dbt_cmd(CMD_MEETING_CREATE);
    c.p.number = 13;
    snprintf(c.p.date, sizeof c.p.date, "2027-02-20");
    snprintf(c.p.title, sizeof c.p.title, "第十三次会议");
    OK(hub_send(h, ROLE_SECRETARY, 0, &c));
    int32_t item, subject;
    OK(hub_item(h, ITEM_EVALUATION, "审议意见办理情况的报告", true, &item));
    OK(hub_subject(h, item, "市生态环境局", &subject));
    c = dbt_cmd(CMD_OPINION_LINK);
    c.p.id = opinion;
    c.p.item = item;
    OK(hub_send(h, ROLE_SECRETARY, 0, &c));
    OK(hub_open_meeting(h, MEMBERS));
    OK(hub_chair(h, CMD_ITEM_OPEN, item));
    OK(hub_chair(h, CMD_BALLOT_OPEN, item));
    int32_t unsatisfied = 2;
    for (int32_t m = 1; m <= MEMBERS; m++) OK(hub_cast(h, m, item, 1, &subject, &unsatisfied));
    OK(hub_chair(h, CMD_BALLOT_CLOSE, item));
    OK(hub_chair(h, CMD_ITEM_CLOSE, item));
}

static void opinions_replay_from_the_journal(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    int32_t adopted, left;
    OK(hub_init(h));
    OK(hub_roster(h, MEMBERS));
    OK(hub_open_meeting(h, MEMBERS));
    first_meeting(h, &adopted, &left);
    second_meeting(h, adopted);
    char *before = snapshot_encode(h->s);
    struct db_load_info info;
    OK(hub_reopen(h, &info));
    char *after = snapshot_encode(h->s);
    assert_string_equal(before, after);
    const struct opinion *o = core_opinion(h->s, adopted);
    assert_non_null(o);
    assert_int_equal(o->state, OPINION_REHEARING);
    assert_string_equal(o->adopted_date, "2026-11-23");
    assert_string_equal(o->due, "2027-05-20");
    assert_int_equal(o->hearings, 1);
    assert_int_equal(o->report_meeting, 13);
    assert_int_equal(core_opinion(h->s, left)->state, OPINION_DRAFT);
    free(before);
    free(after);
    hub_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opinions_replay_from_the_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
