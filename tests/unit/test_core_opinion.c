/* Deliberation opinions (审议意见, PROCEDURES.md §5): due dates by the calendar (month ends, leap
 * years), overdue by date, adoption by the chair and by a vote, the report heard at a later
 * meeting and evaluated (不满意: a second report with a new due date; 满意: closed), the
 * refusals, and the codec and snapshot round trips; with numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

#define REFUSE(f, a, c, code) check_refuse((f), (a), (c), (code), HERE)

enum { COMMITTEE = 12, PRESENT = 8 };

static const char organ[] = "市生态环境局";

static void meeting(struct fixture *f, int32_t number, const char *date)
{
    struct command c = cmd(CMD_MEETING_CREATE);
    c.p.number = number;
    snprintf(c.p.date, sizeof c.p.date, "%s", date);
    snprintf(c.p.title, sizeof c.p.title, "第%d次会议", (int)number);
    check_accept(f, SEC, c, HERE);
}

/* Members 1..12; meeting 12 on date, open with 8 present, adoption as by_vote says. */
static void committee(struct fixture *f, const char *date, bool by_vote)
{
    assert_int_equal(fx_members(f, NULL, COMMITTEE), ERR_OK);
    struct command rules = cmd(CMD_RULES_SET);
    rules_default(&rules.p.rules);
    rules.p.rules.opinion_by_vote = by_vote;
    check_accept(f, HUB, rules, HERE);
    meeting(f, 12, date);
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
}

/* A deliberation item of the department, opened; its id. */
static int32_t deliberation(struct fixture *f, const char *department)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_DELIBERATION;
    snprintf(c.p.title, sizeof c.p.title, "关于本市环境状况的报告");
    snprintf(c.p.detail, sizeof c.p.detail, "%s", department);
    int32_t id = check_accept(f, SEC, c, HERE)->events[0].p.id;
    check_accept(f, CHAIR, c_id(CMD_ITEM_OPEN, id), HERE);
    return id;
}

static struct command c_draft(int32_t item, const char *to, const char *text)
{
    struct command c = c_item(CMD_OPINION_DRAFT, item);
    snprintf(c.p.detail, sizeof c.p.detail, "%s", to);
    snprintf(c.p.text, sizeof c.p.text, "%s", text);
    return c;
}

static int32_t draft(struct fixture *f, int32_t item, const char *text)
{
    return check_accept(f, SEC, c_draft(item, "", text), HERE)->events[0].p.id;
}

static const struct opinion *opinion(const struct fixture *f, int32_t id)
{
    const struct opinion *o = core_opinion(f->s, id);
    assert_non_null(o);
    return o;
}

/* Close the open item and the meeting; the next meeting on date, open. */
static void next_meeting(struct fixture *f, int32_t open_item, int32_t number, const char *date)
{
    if (open_item) check_accept(f, CHAIR, c_id(CMD_ITEM_CLOSE, open_item), HERE);
    check_accept(f, CHAIR, cmd(CMD_MEETING_CLOSE), HERE);
    meeting(f, number, date);
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
}

/* Meeting 12 of 2026-11-30 deliberates the report and the chair adopts one opinion, due
 * 2027-02-28; then meeting 13 of 2027-02-25 opens.  The opinion's id. */
static int32_t adopted_then_next_meeting(struct fixture *f)
{
    committee(f, "2026-11-30", false);
    int32_t item = deliberation(f, organ);
    int32_t id = draft(f, item, "建议加强重污染天气应急管控。");
    check_accept(f, CHAIR, c_id(CMD_OPINION_ADOPT, id), HERE);
    next_meeting(f, item, 13, "2027-02-25");
    return id;
}

/* An evaluation of the report on the opinions, linked to them, opened. */
static int32_t report_item(struct fixture *f, const int32_t *ids, int n)
{
    int32_t item = fx_item(f, ITEM_EVALUATION, "审议意见办理情况的报告", true);
    assert_true(item && fx_subject(f, item, organ));
    for (int i = 0; i < n; i++) {
        struct command link = c_item(CMD_OPINION_LINK, item);
        link.p.id = ids[i];
        check_accept(f, SEC, link, HERE);
    }
    check_accept(f, CHAIR, c_id(CMD_ITEM_OPEN, item), HERE);
    return item;
}

/* The members present evaluate the report: `option` from each, then the ballot and the item
 * close. */
static void evaluate(struct fixture *f, int32_t item, int32_t option)
{
    check_accept(f, CHAIR, c_item(CMD_BALLOT_OPEN, item), HERE);
    int32_t subject = core_item(f->s, item)->ballot.subjects[0].id;
    for (int m = 1; m <= PRESENT; m++)
        assert_int_equal(fx_cast(f, m, item, subject, option), ERR_OK);
    check_accept(f, CHAIR, c_item(CMD_BALLOT_CLOSE, item), HERE);
    check_accept(f, CHAIR, c_id(CMD_ITEM_CLOSE, item), HERE);
}

TEST(due_dates_by_the_calendar_with_numbers)
{
    char d[11];
    assert_true(date_add_months("2026-11-23", 3, d));
    assert_string_equal(d, "2027-02-23");
    assert_true(date_add_months("2026-11-30", 3, d)); /* February has 28 days in 2027 */
    assert_string_equal(d, "2027-02-28");
    assert_true(date_add_months("2027-11-30", 3, d)); /* and 29 in 2028 */
    assert_string_equal(d, "2028-02-29");
    assert_true(date_add_months("2028-02-29", 6, d));
    assert_string_equal(d, "2028-08-29");
    assert_true(date_add_months("2026-08-31", 2, d));
    assert_string_equal(d, "2026-10-31");
    assert_true(date_add_months("2026-05-31", 6, d)); /* Chongqing's six months */
    assert_string_equal(d, "2026-11-30");
    assert_true(date_add_months("2100-12-31", 2, d)); /* 2101 is no leap year */
    assert_string_equal(d, "2101-02-28");
    assert_true(date_add_months("2099-12-31", 2, d)); /* 2100 is none either */
    assert_string_equal(d, "2100-02-28");
    assert_true(date_add_months("1999-12-31", 2, d)); /* 2000 is one */
    assert_string_equal(d, "2000-02-29");
    assert_false(date_add_months("2026-02-30", 3, d));
    assert_false(date_add_months("2026-13-01", 3, d));
    assert_false(date_add_months("2026-1-01", 3, d));
    assert_false(date_add_months("2026-11-23", -1, d));
}

TEST(overdue_the_day_after_the_due_date_and_not_on_it)
{
    struct fixture f;
    committee(&f, "2026-11-30", false);
    int32_t item = deliberation(&f, organ);
    int32_t id = draft(&f, item, "建议加强重污染天气应急管控。");
    assert_false(core_opinion_overdue(f.s, opinion(&f, id), "2027-03-01")); /* a draft */
    check_accept(&f, CHAIR, c_id(CMD_OPINION_ADOPT, id), HERE);
    const struct opinion *o = opinion(&f, id);
    assert_string_equal(o->due, "2027-02-28");
    assert_false(core_opinion_overdue(f.s, o, "2026-12-01"));
    assert_false(core_opinion_overdue(f.s, o, "2027-02-27"));
    assert_false(core_opinion_overdue(f.s, o, "2027-02-28"));
    assert_true(core_opinion_overdue(f.s, o, "2027-03-01"));
    assert_true(core_opinion_overdue(f.s, o, "2028-01-01"));
    assert_true(date_before("2027-02-28", "2027-03-01"));
    assert_false(date_before("2027-02-28", "2027-02-28"));
    assert_false(date_before("2027-12-31", "2027-02-28"));
    fx_free(&f);
}

TEST(the_chair_adopts_a_draft_the_due_date_is_the_meetings_plus_the_months)
{
    struct fixture f;
    committee(&f, "2026-11-23", false);
    f.s->rules.opinion_months = 6; /* Chongqing */
    int32_t item = deliberation(&f, organ);
    int32_t id = draft(&f, item, "建议完善监测网络。");
    const struct opinion *o = opinion(&f, id);
    assert_int_equal(o->state, OPINION_DRAFT);
    assert_string_equal(o->organ, organ); /* the item's department */
    assert_string_equal(o->item_title, "关于本市环境状况的报告");
    assert_int_equal(o->meeting, 12);
    struct command edit = c_id(CMD_OPINION_EDIT, id);
    snprintf(edit.p.detail, sizeof edit.p.detail, "市人民政府");
    snprintf(edit.p.text, sizeof edit.p.text, "建议完善大气监测网络。");
    check_accept(&f, SEC, edit, HERE);
    assert_string_equal(o->organ, "市人民政府");
    assert_string_equal(o->text, "建议完善大气监测网络。");
    const struct event_batch *b = check_accept(&f, CHAIR, c_id(CMD_OPINION_ADOPT, id), HERE);
    assert_string_equal(b->events[0].p.date, "2027-05-23");
    assert_int_equal(o->state, OPINION_ADOPTED);
    assert_string_equal(o->due, "2027-05-23");
    assert_string_equal(o->adopted_date, "2026-11-23");
    assert_int_equal(o->adopted_meeting, 12);
    fx_free(&f);
}

static struct command c_place(int32_t item)
{
    struct command c = c_item(CMD_OPINION_PLACE, item);
    snprintf(c.p.title, sizeof c.p.title, "关于环境状况报告的审议意见");
    return c;
}

/* The deliberated item closes and the vote item opens its ballot. */
static void vote_opened(struct fixture *f, int32_t item, int32_t vote)
{
    check_accept(f, CHAIR, c_id(CMD_ITEM_CLOSE, item), HERE);
    check_accept(f, CHAIR, c_id(CMD_ITEM_OPEN, vote), HERE);
    check_accept(f, CHAIR, c_item(CMD_BALLOT_OPEN, vote), HERE);
}

/* Under opinion_adoption = vote: the drafts go to a vote item; failing keeps them drafts, and
 * they may be put to a vote again; passing adopts every draft on it, and only those. */
TEST(a_vote_adopts_the_drafts_put_to_it_when_it_passes)
{
    struct fixture f;
    committee(&f, "2026-11-30", true);
    int32_t item = deliberation(&f, organ);
    int32_t a = draft(&f, item, "意见一");
    int32_t b = draft(&f, item, "意见二");
    REFUSE(&f, CHAIR, c_id(CMD_OPINION_ADOPT, a), ERR_NOT_ALLOWED);
    const struct event_batch *e = check_accept(&f, SEC, c_place(item), HERE);
    assert_int_equal(e->count, 3);
    int32_t vote = e->events[0].p.id, subject = e->events[1].p.id;
    assert_int_equal(core_item(f.s, vote)->kind, ITEM_VOTE);
    assert_int_equal(opinion(&f, a)->vote_item, vote);
    REFUSE(&f, SEC, c_place(item), ERR_OPINION_STATE); /* both are on the vote already */
    int32_t late = draft(&f, item, "意见三");          /* drafted after: not on this vote */
    vote_opened(&f, item, vote);
    struct command edit = c_id(CMD_OPINION_EDIT, a);
    snprintf(edit.p.text, sizeof edit.p.text, "改");
    REFUSE(&f, SEC, edit, ERR_BALLOT_STATE); /* not while it is voted on */
    for (int m = 1; m <= 7; m++) assert_int_equal(fx_cast(&f, m, vote, subject, 0), ERR_OK);
    check_accept(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, vote), HERE); /* 7 of 12: passed */
    assert_int_equal(opinion(&f, a)->state, OPINION_ADOPTED);
    assert_int_equal(opinion(&f, b)->state, OPINION_ADOPTED);
    assert_string_equal(opinion(&f, b)->due, "2027-02-28");
    assert_int_equal(opinion(&f, late)->state, OPINION_DRAFT);
    fx_free(&f);
}

TEST(a_failed_vote_leaves_the_drafts_to_be_voted_again)
{
    struct fixture f;
    committee(&f, "2026-11-30", true);
    int32_t item = deliberation(&f, organ);
    int32_t a = draft(&f, item, "意见一");
    const struct event_batch *e = check_accept(&f, SEC, c_place(item), HERE);
    int32_t vote = e->events[0].p.id, subject = e->events[1].p.id;
    vote_opened(&f, item, vote);
    for (int m = 1; m <= 6; m++) assert_int_equal(fx_cast(&f, m, vote, subject, 0), ERR_OK);
    check_accept(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, vote), HERE); /* 6 of 12: not more than half */
    assert_int_equal(opinion(&f, a)->state, OPINION_DRAFT);
    check_accept(&f, SEC, c_place(item), HERE); /* on a second vote item */
    fx_free(&f);
}

/* Adopted at meeting 12 (2026-11-30, due 2027-02-28); the report evaluated at meeting 13 on
 * 2027-02-25: 不满意 sends it back with a new due date, 2027-05-25; heard again at meeting 14,
 * 满意 closes it. */
TEST(an_unsatisfactory_report_is_heard_again_and_a_satisfactory_one_closes_it)
{
    struct fixture f;
    int32_t id = adopted_then_next_meeting(&f);
    int32_t report = report_item(&f, &id, 1);
    const struct opinion *o = opinion(&f, id);
    assert_int_equal(o->state, OPINION_REPORTED);
    assert_false(core_opinion_overdue(f.s, o, "2027-03-01")); /* the report is before us */
    evaluate(&f, report, 2);                                  /* 8 of 12 不满意 */
    assert_true(core_evaluation_unsatisfied(core_item(f.s, report)));
    assert_int_equal(o->state, OPINION_REHEARING);
    assert_string_equal(o->due, "2027-05-25");
    assert_int_equal(o->hearings, 1);
    assert_int_equal(o->report_meeting, 13);
    assert_false(core_opinion_overdue(f.s, o, "2027-05-25"));
    assert_true(core_opinion_overdue(f.s, o, "2027-05-26"));
    next_meeting(&f, 0, 14, "2027-05-20");
    report = report_item(&f, &id, 1);
    evaluate(&f, report, 0); /* 8 of 12 满意 */
    assert_int_equal(o->state, OPINION_CLOSED);
    assert_int_equal(o->hearings, 2);
    assert_false(core_opinion_overdue(f.s, o, "2030-01-01"));
    fx_free(&f);
}

/* A report heard on a deliberation item (no evaluation) closes the opinions it handles. */
TEST(a_report_heard_without_evaluation_closes_the_opinions)
{
    struct fixture f;
    committee(&f, "2026-11-30", false);
    int32_t item = deliberation(&f, organ);
    int32_t ids[2] = {draft(&f, item, "意见一"), draft(&f, item, "意见二")};
    for (int i = 0; i < 2; i++) check_accept(&f, CHAIR, c_id(CMD_OPINION_ADOPT, ids[i]), HERE);
    next_meeting(&f, item, 13, "2027-02-25");
    int32_t report = fx_item(&f, ITEM_DELIBERATION, "审议意见办理情况的报告", false);
    for (int i = 0; i < 2; i++) {
        struct command link = c_item(CMD_OPINION_LINK, report);
        link.p.id = ids[i];
        check_accept(&f, SEC, link, HERE);
    }
    check_accept(&f, CHAIR, c_id(CMD_ITEM_OPEN, report), HERE);
    check_accept(&f, CHAIR, c_id(CMD_ITEM_CLOSE, report), HERE);
    for (int i = 0; i < 2; i++) assert_int_equal(opinion(&f, ids[i])->state, OPINION_CLOSED);
    fx_free(&f);
}

TEST(wrong_input_is_refused_and_changes_nothing)
{
    struct fixture f;
    committee(&f, "2026-11-30", false);
    int32_t item = deliberation(&f, "");
    REFUSE(&f, SEC, c_draft(999, organ, "意见"), ERR_UNKNOWN_ITEM);
    REFUSE(&f, SEC, c_draft(item, "", "意见"), ERR_BAD_VALUE); /* no organ, no department */
    REFUSE(&f, SEC, c_draft(item, organ, ""), ERR_BAD_VALUE);
    struct command long_text = c_draft(item, organ, "");
    memset(long_text.p.text, 'x', OPINION_TEXT_MAX);
    long_text.p.text[OPINION_TEXT_MAX] = '\0';
    REFUSE(&f, SEC, long_text, ERR_BAD_VALUE);
    long_text.p.text[OPINION_TEXT_MAX - 1] = '\0'; /* 1535 bytes: the most there is room for */
    check_accept(&f, SEC, long_text, HERE);
    REFUSE(&f, seat(1), c_draft(item, organ, "意见"), ERR_NOT_ALLOWED);
    REFUSE(&f, CHAIR, c_draft(item, organ, "意见"), ERR_NOT_ALLOWED);
    int32_t vote = fx_item(&f, ITEM_VOTE, "关于批准决算的决议", false);
    REFUSE(&f, SEC, c_draft(vote, organ, "意见"), ERR_ITEM_KIND);
    int32_t id = check_accept(&f, SEC, c_draft(item, organ, "意见"), HERE)->events[0].p.id;
    REFUSE(&f, SEC, c_id(CMD_OPINION_ADOPT, id), ERR_NOT_ALLOWED);
    REFUSE(&f, CHAIR, c_id(CMD_OPINION_ADOPT, 999), ERR_UNKNOWN_OPINION);
    check_accept(&f, CHAIR, c_id(CMD_OPINION_ADOPT, id), HERE);
    REFUSE(&f, CHAIR, c_id(CMD_OPINION_ADOPT, id), ERR_DUPLICATE);
    next_meeting(&f, item, 13, "2027-02-25");
    struct command link = c_item(CMD_OPINION_LINK, fx_item(&f, ITEM_VOTE, "决议", false));
    link.p.id = id;
    REFUSE(&f, SEC, link, ERR_ITEM_KIND); /* a report is not heard on a vote */
    link.p.item = fx_item(&f, ITEM_APPOINTMENT, "人事任免", true);
    REFUSE(&f, SEC, link, ERR_ITEM_KIND);
    link.p.item = 999;
    REFUSE(&f, SEC, link, ERR_UNKNOWN_ITEM);
    link.p.item = fx_item(&f, ITEM_EVALUATION, "审议意见办理情况的报告", true);
    REFUSE(&f, seat(2), link, ERR_NOT_ALLOWED);
    link.p.id = 999;
    REFUSE(&f, SEC, link, ERR_UNKNOWN_OPINION);
    fx_free(&f);
}

TEST(every_opinion_command_round_trips_and_opinions_survive_a_snapshot)
{
    struct fixture f;
    committee(&f, "2026-11-30", false);
    int32_t item = deliberation(&f, organ);
    int32_t id = draft(&f, item, "建议：一、加强管控；\n二、完善监测。");
    check_accept(&f, CHAIR, c_id(CMD_OPINION_ADOPT, id), HERE);
    draft(&f, item, "草稿");
    struct command place = c_item(CMD_OPINION_PLACE, item);
    snprintf(place.p.title, sizeof place.p.title, "审议意见");
    struct command link = c_item(CMD_OPINION_LINK, 40);
    link.p.id = id;
    struct command edit = c_id(CMD_OPINION_EDIT, id);
    snprintf(edit.p.text, sizeof edit.p.text, "改");
    struct command cmds[] = {c_draft(item, organ, "意见"), edit, c_id(CMD_OPINION_ADOPT, id), place,
                             link};
    struct core_error err;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *text = command_encode(&cmds[i]);
        struct command back;
        assert_int_equal(command_decode(text, strlen(text), &back, &err), ERR_OK);
        char *again = command_encode(&back);
        assert_string_equal(text, again);
        free(text);
        free(again);
    }
    struct event ev = {.type = EV_OPINION_ADOPTED, .time = T0, .actor = CHAIR};
    ev.p.id = id;
    ev.p.number = 12;
    snprintf(ev.p.date, sizeof ev.p.date, "2027-02-28");
    char *text = event_encode(&ev, true);
    struct event back;
    assert_int_equal(event_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.type, EV_OPINION_ADOPTED);
    assert_string_equal(back.p.date, "2027-02-28");
    free(text);

    char *a = snapshot_encode(f.s);
    assert_non_null(strstr(a, "\"opinions\""));
    struct core_state *copy;
    assert_int_equal(snapshot_decode(a, strlen(a), &copy, &err), ERR_OK);
    char *b = snapshot_encode(copy);
    assert_string_equal(a, b);
    assert_int_equal(copy->opinion_count, 2);
    const struct opinion *o = core_opinion(copy, id);
    assert_non_null(o);
    assert_int_equal(o->state, OPINION_ADOPTED);
    assert_string_equal(o->due, "2027-02-28");
    assert_string_equal(o->text, "建议：一、加强管控；\n二、完善监测。");
    free(a);
    free(b);
    core_state_free(copy);
    fx_free(&f);
}

TEST(snapshots_and_rules_from_before_opinions_still_read)
{
    struct fixture f;
    committee(&f, "2026-11-30", false);
    char *a = snapshot_encode(f.s);
    assert_null(strstr(a, "\"opinions\""));
    struct core_state *copy;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &copy, &err), ERR_OK);
    assert_int_equal(copy->opinion_count, 0);
    core_state_free(copy);
    free(a);
    struct core_rules r, r2;
    rules_default(&r);
    assert_int_equal(r.opinion_months, 3);
    r.opinion_months = 6;
    r.opinion_by_vote = true;
    cJSON *o = rules_to_json(&r);
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_true(rules_equal(&r, &r2));
    cJSON_DeleteItemFromObject(o, "opinion_months");
    cJSON_DeleteItemFromObject(o, "opinion_adoption");
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_int_equal(r2.opinion_months, 3);
    assert_false(r2.opinion_by_vote);
    cJSON_AddNumberToObject(o, "opinion_months", 7);
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_BAD_MESSAGE);
    cJSON_Delete(o);
    fx_free(&f);
}

/* A report item left pending when its meeting closes: at the next meeting the report is awaited
 * again (overdue by its first due date), and it may be linked anew. */
TEST(a_report_left_unheard_is_awaited_again)
{
    struct fixture f;
    int32_t id = adopted_then_next_meeting(&f);
    int32_t report = fx_item(&f, ITEM_EVALUATION, "审议意见办理情况的报告", true);
    struct command link = c_item(CMD_OPINION_LINK, report);
    link.p.id = id;
    check_accept(&f, SEC, link, HERE);
    const struct opinion *o = opinion(&f, id);
    assert_int_equal(core_opinion_state(f.s, o), OPINION_REPORTED);
    assert_false(core_opinion_overdue(f.s, o, "2027-03-01"));
    REFUSE(&f, SEC, link, ERR_OPINION_STATE); /* linked already */
    next_meeting(&f, 0, 14, "2027-05-20");
    assert_int_equal(o->state, OPINION_REPORTED);
    assert_int_equal(core_opinion_state(f.s, o), OPINION_ADOPTED);
    assert_true(core_opinion_overdue(f.s, o, "2027-03-01"));
    link.p.item = fx_item(&f, ITEM_DELIBERATION, "审议意见办理情况的报告", false);
    check_accept(&f, SEC, link, HERE);
    assert_int_equal(core_opinion_state(f.s, o), OPINION_REPORTED);
    fx_free(&f);
}

/* Opinions outlive the meeting: the next meeting's creation resets the agenda, not them. */
TEST(opinions_survive_the_next_meeting)
{
    struct fixture f;
    int32_t id = adopted_then_next_meeting(&f);
    assert_int_equal(f.s->item_count, 0);
    assert_int_equal(f.s->opinion_count, 1);
    assert_string_equal(opinion(&f, id)->item_title, "关于本市环境状况的报告");
    assert_true(core_opinion_awaiting(f.s, opinion(&f, id)));
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(due_dates_by_the_calendar_with_numbers),
        cmocka_unit_test(overdue_the_day_after_the_due_date_and_not_on_it),
        cmocka_unit_test(the_chair_adopts_a_draft_the_due_date_is_the_meetings_plus_the_months),
        cmocka_unit_test(a_vote_adopts_the_drafts_put_to_it_when_it_passes),
        cmocka_unit_test(a_failed_vote_leaves_the_drafts_to_be_voted_again),
        cmocka_unit_test(an_unsatisfactory_report_is_heard_again_and_a_satisfactory_one_closes_it),
        cmocka_unit_test(a_report_heard_without_evaluation_closes_the_opinions),
        cmocka_unit_test(wrong_input_is_refused_and_changes_nothing),
        cmocka_unit_test(every_opinion_command_round_trips_and_opinions_survive_a_snapshot),
        cmocka_unit_test(snapshots_and_rules_from_before_opinions_still_read),
        cmocka_unit_test(opinions_survive_the_next_meeting),
        cmocka_unit_test(a_report_left_unheard_is_awaited_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
