/* Inquiry motions (质询案, PROCEDURES.md §3): the threshold of signatures (the proposer's
 * counts), the refusals, placing on the agenda, the answer, and the second answer (再作答复)
 * under the majority and the any rule; with numbers.  The codec and snapshot round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

enum { COMMITTEE = 12, ATTENDEE_ID = 40 };

static void committee(struct fixture *f)
{
    fx_init(f, COMMITTEE);
    assert_int_equal(fx_member_add(f, ATTENDEE_ID, "列席人", PERSON_ATTENDEE), ERR_OK);
}

static struct command c_draft(int32_t person, const char *organ, const char *subject)
{
    struct command c = cmd(CMD_MOTION_DRAFT);
    c.p.person = person;
    snprintf(c.p.detail, sizeof c.p.detail, "%s", organ);
    snprintf(c.p.title, sizeof c.p.title, "%s", subject);
    snprintf(c.p.text, sizeof c.p.text, "请说明整改进展。");
    return c;
}

static struct command c_person(enum command_type t, int32_t motion, int32_t person)
{
    struct command c = c_id(t, motion);
    c.p.person = person;
    return c;
}

static struct command c_judge(int32_t motion, int32_t person, bool satisfied)
{
    struct command c = c_person(CMD_MOTION_JUDGE, motion, person);
    c.p.flag = satisfied;
    return c;
}

static struct command c_answer(int32_t motion, const char *date)
{
    struct command c = c_id(CMD_MOTION_ANSWER, motion);
    snprintf(c.p.date, sizeof c.p.date, "%s", date);
    snprintf(c.p.text, sizeof c.p.text, "书面答复：已完成整改。");
    return c;
}

/* Member 1 drafts; members 2..signers co-sign.  Returns the motion's id. */
static int32_t motion_with(struct fixture *f, int signers)
{
    const struct event_batch *b =
        check_accept(f, seat(1), c_draft(1, "市生态环境局", "河道污染"), HERE);
    int32_t id = b->events[0].p.id;
    for (int p = 2; p <= signers; p++)
        check_accept(f, seat(p), c_person(CMD_MOTION_SIGN, id, p), HERE);
    return id;
}

TEST(the_second_answer_rule_with_numbers)
{
    assert_false(motion_reanswer_due(false, 2, 5));
    assert_true(motion_reanswer_due(false, 3, 5));
    assert_false(motion_reanswer_due(false, 2, 4)); /* half is not more than half */
    assert_true(motion_reanswer_due(false, 3, 4));
    assert_true(motion_reanswer_due(true, 1, 5));
    assert_false(motion_reanswer_due(true, 0, 5));
    assert_false(motion_reanswer_due(false, 0, 1));
}

TEST(registered_exactly_at_the_fifth_signature_and_not_one_before)
{
    struct fixture f;
    committee(&f);
    assert_int_equal(f.s->rules.motion_signatures, 5);
    int32_t id = motion_with(&f, 4);
    const struct motion *m = core_motion(f.s, id);
    assert_int_equal(m->signer_count, 4);
    assert_int_equal(m->state, MOTION_SIGNING);
    assert_int_equal(m->registered_at, 0);
    const struct event_batch *b = check_accept(&f, seat(5), c_person(CMD_MOTION_SIGN, id, 5), HERE);
    assert_int_equal(b->count, 2);
    assert_int_equal(b->events[1].type, EV_MOTION_REGISTERED);
    assert_int_equal(m->state, MOTION_REGISTERED);
    assert_int_equal(m->registered_at, f.now); /* stamped with the hub's time */
    assert_int_equal(m->signers[0], 1);
    assert_int_equal(m->signers[4], 5);
    /* a county's three: registered at the third */
    fx_free(&f);
    committee(&f);
    f.s->rules.motion_signatures = 3;
    id = motion_with(&f, 2);
    assert_int_equal(core_motion(f.s, id)->state, MOTION_SIGNING);
    check_accept(&f, seat(3), c_person(CMD_MOTION_SIGN, id, 3), HERE);
    assert_int_equal(core_motion(f.s, id)->state, MOTION_REGISTERED);
    /* one signature: the draft registers at once */
    f.s->rules.motion_signatures = 1;
    b = check_accept(&f, seat(4), c_draft(4, "县法院", "执行难"), HERE);
    assert_int_equal(b->count, 2);
    assert_int_equal(core_motion(f.s, b->events[0].p.id)->state, MOTION_REGISTERED);
    fx_free(&f);
}

TEST(a_signature_from_an_attendee_twice_by_the_proposer_or_on_a_closed_motion_is_refused)
{
    struct fixture f;
    committee(&f);
    int32_t id = motion_with(&f, 3);
    check_refuse(&f, as(ROLE_ATTENDEE, ATTENDEE_ID), c_person(CMD_MOTION_SIGN, id, ATTENDEE_ID),
                 ERR_NOT_ALLOWED, HERE);
    check_refuse(&f, SEC, c_person(CMD_MOTION_SIGN, id, 4), ERR_NOT_ALLOWED, HERE);
    check_refuse(&f, seat(ATTENDEE_ID), c_person(CMD_MOTION_SIGN, id, ATTENDEE_ID),
                 ERR_NOT_A_MEMBER, HERE);
    check_refuse(&f, seat(2), c_person(CMD_MOTION_SIGN, id, 2), ERR_DUPLICATE, HERE);
    check_refuse(&f, seat(1), c_person(CMD_MOTION_SIGN, id, 1), ERR_DUPLICATE, HERE);
    check_refuse(&f, seat(4), c_person(CMD_MOTION_SIGN, id, 5), ERR_NOT_YOURS, HERE);
    check_refuse(&f, seat(4), c_person(CMD_MOTION_SIGN, 999, 4), ERR_UNKNOWN_MOTION, HERE);
    check_refuse(&f, seat(4), c_draft(4, "", "x"), ERR_BAD_VALUE, HERE);
    check_refuse(&f, seat(4), c_draft(4, "局", ""), ERR_BAD_VALUE, HERE);
    check_refuse(&f, seat(ATTENDEE_ID), c_draft(ATTENDEE_ID, "局", "x"), ERR_NOT_A_MEMBER, HERE);
    /* only the proposer withdraws, and only before registration */
    check_refuse(&f, seat(2), c_person(CMD_MOTION_WITHDRAW, id, 2), ERR_NOT_YOURS, HERE);
    check_accept(&f, seat(1), c_person(CMD_MOTION_WITHDRAW, id, 1), HERE);
    assert_int_equal(core_motion(f.s, id)->state, MOTION_WITHDRAWN);
    check_refuse(&f, seat(4), c_person(CMD_MOTION_SIGN, id, 4), ERR_MOTION_STATE, HERE);
    check_refuse(&f, SEC, c_id(CMD_MOTION_PLACE, id), ERR_MOTION_STATE, HERE);
    int32_t reg = motion_with(&f, 5);
    check_refuse(&f, seat(6), c_person(CMD_MOTION_SIGN, reg, 6), ERR_MOTION_STATE, HERE);
    check_refuse(&f, seat(1), c_person(CMD_MOTION_WITHDRAW, reg, 1), ERR_MOTION_STATE, HERE);
    fx_free(&f);
}

TEST(a_registered_motion_is_placed_at_the_end_of_the_agenda_once)
{
    struct fixture f;
    committee(&f);
    int32_t first = fx_item(&f, ITEM_DELIBERATION, "听取报告", false);
    int32_t id = motion_with(&f, 4);
    check_refuse(&f, SEC, c_id(CMD_MOTION_PLACE, id), ERR_MOTION_STATE, HERE);
    check_accept(&f, seat(5), c_person(CMD_MOTION_SIGN, id, 5), HERE);
    check_refuse(&f, seat(1), c_id(CMD_MOTION_PLACE, id), ERR_NOT_ALLOWED, HERE);
    const struct event_batch *b = check_accept(&f, SEC, c_id(CMD_MOTION_PLACE, id), HERE);
    int32_t item = b->events[1].p.item;
    assert_int_equal(f.s->item_count, 2);
    assert_int_equal(f.s->items[0].id, first);
    const struct item *it = &f.s->items[1];
    assert_int_equal(it->id, item);
    assert_int_equal(it->kind, ITEM_OTHER);
    assert_string_equal(it->title, "河道污染");
    assert_string_equal(core_motion_of_item(f.s, item)->organ, "市生态环境局");
    assert_ptr_equal(core_motion_of_item(f.s, item), core_motion(f.s, id));
    check_refuse(&f, SEC, c_id(CMD_MOTION_PLACE, id), ERR_DUPLICATE, HERE);
    fx_free(&f);
}

/* Five proposers; the answer in writing; `dissatisfied` of them say so, the rest satisfied. */
static const struct motion *judged(struct fixture *f, bool any, int dissatisfied)
{
    committee(f);
    f->s->rules.motion_reanswer_any = any;
    int32_t id = motion_with(f, 5);
    check_refuse(f, seat(1), c_judge(id, 1, false), ERR_MOTION_STATE, HERE);
    check_refuse(f, SEC, c_answer(id, "2026-13-01"), ERR_BAD_VALUE, HERE);
    check_accept(f, SEC, c_answer(id, "2026-11-30"), HERE);
    for (int p = 1; p <= 5; p++) check_accept(f, seat(p), c_judge(id, p, p > dissatisfied), HERE);
    return core_motion(f->s, id);
}

TEST(five_proposers_three_dissatisfied_mark_a_second_answer_and_two_do_not)
{
    struct fixture f;
    const struct motion *m = judged(&f, false, 3);
    assert_true(m->answered);
    assert_false(m->oral);
    assert_string_equal(m->answer_date, "2026-11-30");
    assert_int_equal(core_motion_verdicts(m, VERDICT_DISSATISFIED), 3);
    assert_int_equal(core_motion_verdicts(m, VERDICT_SATISFIED), 2);
    assert_true(m->reanswer);
    /* a second answer is recorded, and the proposers say again */
    struct command again = c_answer(m->id, "2026-12-05");
    again.p.flag = true;
    check_accept(&f, SEC, again, HERE);
    assert_true(m->oral);
    assert_false(m->reanswer);
    assert_int_equal(core_motion_verdicts(m, VERDICT_NONE), 5);
    check_accept(&f, seat(1), c_judge(m->id, 1, true), HERE);
    check_refuse(&f, SEC, c_answer(m->id, "2026-12-06"), ERR_DUPLICATE, HERE);
    fx_free(&f);

    m = judged(&f, false, 2);
    assert_false(m->reanswer);
    check_refuse(&f, SEC, c_answer(m->id, "2026-12-01"), ERR_DUPLICATE, HERE);
    check_refuse(&f, seat(1), c_judge(m->id, 1, true), ERR_DUPLICATE, HERE);
    check_refuse(&f, seat(6), c_judge(m->id, 6, false), ERR_NOT_A_PROPOSER, HERE);
    check_refuse(&f, seat(6), c_judge(m->id, 2, false), ERR_NOT_YOURS, HERE);
    fx_free(&f);
}

TEST(with_the_any_rule_one_dissatisfied_proposer_marks_a_second_answer)
{
    struct fixture f;
    const struct motion *m = judged(&f, true, 1);
    assert_true(m->reanswer);
    fx_free(&f);
    m = judged(&f, true, 0);
    assert_false(m->reanswer);
    fx_free(&f);
}

TEST(every_motion_event_round_trips_and_the_motion_survives_a_snapshot)
{
    struct fixture f;
    const struct motion *m = judged(&f, false, 3);
    check_accept(&f, SEC, c_id(CMD_MOTION_PLACE, m->id), HERE);
    struct command cmds[] = {c_draft(1, "局", "题"),
                             c_person(CMD_MOTION_SIGN, 3, 2),
                             c_person(CMD_MOTION_WITHDRAW, 3, 1),
                             c_id(CMD_MOTION_PLACE, 3),
                             c_answer(3, "2026-11-30"),
                             c_judge(3, 2, true)};
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
    struct event ev = {.type = EV_MOTION_JUDGED, .time = T0, .actor = seat(2)};
    ev.p = cmds[5].p;
    char *text = event_encode(&ev, true);
    struct event back;
    assert_int_equal(event_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.type, EV_MOTION_JUDGED);
    assert_true(back.p.flag);
    free(text);

    char *a = snapshot_encode(f.s);
    assert_non_null(strstr(a, "\"motions\""));
    struct core_state *copy;
    assert_int_equal(snapshot_decode(a, strlen(a), &copy, &err), ERR_OK);
    char *b = snapshot_encode(copy);
    assert_string_equal(a, b);
    const struct motion *mc = core_motion(copy, m->id);
    assert_true(mc->reanswer);
    assert_int_equal(mc->signer_count, 5);
    assert_int_equal(mc->verdicts[0], VERDICT_DISSATISFIED);
    assert_int_equal(mc->item, m->item);
    assert_int_equal(copy->next_id, f.s->next_id);
    free(a);
    free(b);
    core_state_free(copy);
    fx_free(&f);
}

TEST(snapshots_and_rules_from_before_motions_still_read)
{
    struct fixture f;
    committee(&f);
    char *a = snapshot_encode(f.s);
    assert_null(strstr(a, "\"motions\""));
    struct core_state *copy;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &copy, &err), ERR_OK);
    assert_int_equal(copy->motion_count, 0);
    core_state_free(copy);
    free(a);
    struct core_rules r, r2;
    rules_default(&r);
    r.motion_signatures = 10;
    r.motion_reanswer_any = true;
    cJSON *o = rules_to_json(&r);
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_true(rules_equal(&r, &r2));
    cJSON_DeleteItemFromObject(o, "motion_signatures");
    cJSON_DeleteItemFromObject(o, "motion_reanswer");
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_int_equal(r2.motion_signatures, 5);
    assert_false(r2.motion_reanswer_any);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(o, "limits"), "motion_answer");
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_int_equal(r2.speech_limit_s[SPEECH_MOTION_ANSWER], 900);
    cJSON_AddNumberToObject(o, "motion_signatures", 31);
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_BAD_MESSAGE);
    cJSON_Delete(o);
    fx_free(&f);
}

TEST(the_organs_head_answers_at_the_meeting_under_the_motion_answer_limit)
{
    struct fixture f;
    committee(&f);
    int32_t id = motion_with(&f, 5);
    int32_t item = check_accept(&f, SEC, c_id(CMD_MOTION_PLACE, id), HERE)->events[1].p.item;
    assert_int_equal(fx_open(&f, 8), ERR_OK);
    check_accept(&f, CHAIR, c_id(CMD_ITEM_OPEN, item), HERE);
    struct command c = c_item(CMD_SPEAKER_ADD, item);
    snprintf(c.p.name, sizeof c.p.name, "市生态环境局局长");
    c.p.kind = SPEECH_MOTION_ANSWER;
    check_accept(&f, SEC, c, HERE);
    const struct event_batch *b = check_accept(&f, CHAIR, c_item(CMD_FLOOR_GRANT, item), HERE);
    assert_int_equal(b->events[0].p.seconds, 900); /* [limits] motion_answer */
    struct command answer = c_answer(id, "2026-11-23");
    answer.p.flag = true;
    check_accept(&f, SEC, answer, HERE);
    assert_true(core_motion(f.s, id)->oral);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_second_answer_rule_with_numbers),
        cmocka_unit_test(registered_exactly_at_the_fifth_signature_and_not_one_before),
        cmocka_unit_test(
            a_signature_from_an_attendee_twice_by_the_proposer_or_on_a_closed_motion_is_refused),
        cmocka_unit_test(a_registered_motion_is_placed_at_the_end_of_the_agenda_once),
        cmocka_unit_test(five_proposers_three_dissatisfied_mark_a_second_answer_and_two_do_not),
        cmocka_unit_test(with_the_any_rule_one_dissatisfied_proposer_marks_a_second_answer),
        cmocka_unit_test(every_motion_event_round_trips_and_the_motion_survives_a_snapshot),
        cmocka_unit_test(snapshots_and_rules_from_before_motions_still_read),
        cmocka_unit_test(the_organs_head_answers_at_the_meeting_under_the_motion_answer_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
