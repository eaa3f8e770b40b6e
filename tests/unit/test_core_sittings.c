/* Sittings (PROCEDURES §2): groups sit in parallel with their own speaker lists and countdowns
 * (15 minutes for a first speech on an item, 10 after), run by their conveners; a member moves
 * to another group between meetings and the convener turns rotate; back in plenary the vote
 * counts everyone once.  The refusals, and the state through a snapshot.
 *
 * The committee of 12: the fixture puts member i in 第(1 + i % 3)组, so in roster order the
 * groups are 第2组 (1, 4, 7, 10: sitting 1), 第3组 (2, 5, 8, 11: sitting 2) and 第1组 (3, 6, 9,
 * 12: sitting 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

enum { COMMITTEE = 12, G2 = 1, G3 = 2, G1 = 3 };

static struct command c_sits(enum sitting_mode mode)
{
    struct command c = cmd(CMD_SITTING_SET);
    c.p.kind = mode;
    return c;
}

static struct command c_request(int32_t item, int32_t person, int32_t sitting)
{
    struct command c = c_item(CMD_FLOOR_REQUEST, item);
    c.p.person = person;
    c.p.sitting = sitting;
    return c;
}

static struct command c_floor(enum command_type t, int32_t item, int32_t sitting)
{
    struct command c = c_item(t, item);
    c.p.sitting = sitting;
    c.p.seconds = 120;
    return c;
}

static struct command c_convener(const char *group, int32_t person)
{
    struct command c = cmd(CMD_CONVENER_SET);
    snprintf(c.p.group, sizeof c.p.group, "%s", group);
    c.p.person = person;
    return c;
}

/* member_update moving person to group, the rest as the roster has it. */
static struct command c_move(const struct fixture *f, int32_t person, const char *group)
{
    const struct person *x = core_person(f->s, person);
    struct command c = cmd(CMD_MEMBER_UPDATE);
    c.p.id = person;
    c.p.number = x->seat;
    snprintf(c.p.name, sizeof c.p.name, "%s", x->name);
    snprintf(c.p.title, sizeof c.p.title, "%s", x->title);
    snprintf(c.p.group, sizeof c.p.group, "%s", group);
    return c;
}

/* Meeting 12 open with everyone signed in, a report under deliberation; returns its id. */
static int32_t deliberating(struct fixture *f)
{
    fx_init(f, COMMITTEE);
    assert_int_equal(fx_open(f, COMMITTEE), ERR_OK);
    int32_t report = fx_item(f, ITEM_DELIBERATION, "关于本市生态环境状况的报告", false);
    assert_int_equal(fx_item_cmd(f, CMD_ITEM_OPEN, report), ERR_OK);
    return report;
}

static const struct speaker *last_speaker(const struct fixture *f, int32_t item)
{
    const struct item *it = core_item(f->s, item);
    return core_speaker(it, f->last.events[0].p.id);
}

TEST(two_groups_sit_in_parallel_with_their_own_lists_and_countdowns)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_accept(&f, SEC, c_convener("第2组", 4), HERE);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);
    assert_int_equal(f.s->meeting.group_count, 3);
    assert_string_equal(core_group(f.s, G3)->name, "第3组");
    assert_int_equal(core_convener(f.s, G2), 4);  /* named by the secretary */
    assert_int_equal(core_convener(f.s, G3), 11); /* meeting 12: the 4th of 4 takes the turn */
    assert_int_equal(core_sitting_of(f.s, 7), G2);

    check_accept(&f, seat(1), c_request(report, 1, 0), HERE);
    assert_int_equal(last_speaker(&f, report)->sitting, G2);
    assert_int_equal(last_speaker(&f, report)->kind, SPEECH_GROUP_FIRST);
    check_accept(&f, seat(2), c_request(report, 2, G3), HERE);
    assert_int_equal(last_speaker(&f, report)->sitting, G3);

    /* each convener gives the floor in their own group: two speeches at once */
    check_accept(&f, seat(4), c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    check_accept(&f, seat(11), c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    const struct item *it = core_item(f.s, report);
    assert_int_equal(core_floor(it, G2)->person, 1);
    assert_int_equal(core_floor(it, G3)->person, 2);
    assert_int_equal(core_floor(it, G2)->limit_s, 900);
    assert_null(core_floor(it, SITTING_PLENARY));

    check_accept(&f, seat(4), c_floor(CMD_TIME_EXTEND, report, 0), HERE);
    assert_int_equal(core_floor(it, G2)->extension_s, 120);
    assert_int_equal(core_floor(it, G3)->extension_s, 0);
    check_accept(&f, SEC, c_floor(CMD_SPEECH_END, report, G3), HERE);
    assert_null(core_floor(it, G3));
    assert_int_equal(core_floor(it, G2)->person, 1);

    /* a second speech on the same item in a group: 10 minutes */
    check_accept(&f, seat(4), c_floor(CMD_SPEECH_END, report, 0), HERE);
    check_accept(&f, seat(1), c_request(report, 1, 0), HERE);
    assert_int_equal(last_speaker(&f, report)->kind, SPEECH_GROUP_NEXT);
    check_accept(&f, SEC, c_floor(CMD_FLOOR_GRANT, report, G2), HERE);
    assert_int_equal(core_floor(it, G2)->limit_s, 600);
    fx_free(&f);
}

TEST(a_group_speech_request_from_another_group_and_other_wrong_commands_are_refused)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_refuse(&f, seat(4), c_floor(CMD_FLOOR_GRANT, report, 0), ERR_NOT_CONVENER, HERE);
    check_refuse(&f, SEC, c_sits(SITS_GROUPS), ERR_NOT_ALLOWED, HERE);
    check_refuse(&f, SEC, c_convener("第2组", 2), ERR_WRONG_GROUP, HERE);
    check_refuse(&f, SEC, c_convener("第2组", 99), ERR_UNKNOWN_PERSON, HERE);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);
    check_refuse(&f, CHAIR, c_sits(SITS_GROUPS), ERR_SITTING_STATE, HERE);

    check_refuse(&f, seat(1), c_request(report, 1, G3), ERR_WRONG_GROUP, HERE);
    struct command add = c_item(CMD_SPEAKER_ADD, report);
    add.p.person = 2; /* of 第3组, added by the convener of 第2组 */
    check_refuse(&f, seat(10), add, ERR_WRONG_GROUP, HERE);
    check_refuse(&f, seat(10), c_floor(CMD_SPEECH_END, report, G3), ERR_WRONG_GROUP, HERE);
    check_refuse(&f, seat(7), c_floor(CMD_FLOOR_GRANT, report, 0), ERR_NOT_CONVENER, HERE);
    check_refuse(&f, SEC, c_floor(CMD_FLOOR_GRANT, report, 0), ERR_SITTING_STATE, HERE);

    check_refuse(&f, CHAIR, c_item(CMD_BALLOT_OPEN, report), ERR_SITTING_STATE, HERE);
    check_refuse(&f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_ANOTHER_ITEM_OPEN, HERE);

    struct command move = c_move(&f, 3, "第2组");
    check_refuse(&f, SEC, move, ERR_SITTING_STATE, HERE);
    fx_free(&f);
}

TEST(back_in_plenary_running_speeches_end_and_the_vote_counts_everyone_once)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);
    check_accept(&f, seat(5), c_request(report, 5, 0), HERE);
    check_accept(&f, seat(3), c_request(report, 3, 0), HERE);
    check_accept(&f, seat(11), c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    int64_t back = f.now + 1000;
    check_accept(&f, CHAIR, c_sits(SITS_PLENARY), HERE);
    const struct item *it = core_item(f.s, report);
    const struct speaker *sp = &it->speakers[0];
    assert_int_equal(sp->person, 5);
    assert_int_equal(sp->state, SPK_DONE);
    assert_int_equal(sp->ended_at, back);
    assert_int_equal(it->speakers[1].state, SPK_WAITING); /* 第1组's list keeps its request */
    check_refuse(&f, seat(11), c_floor(CMD_FLOOR_GRANT, report, 0), ERR_NOT_CONVENER, HERE);
    check_refuse(&f, SEC, c_floor(CMD_FLOOR_GRANT, report, G1), ERR_SITTING_STATE, HERE);

    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_CLOSE, report), ERR_OK);
    int32_t vote = fx_item(&f, ITEM_VOTE, "关于本市生态环境状况报告的决议", false);
    int32_t draft = core_item(f.s, vote)->ballot.subjects[0].id; /* a vote's own motion */
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, vote), ERR_OK);
    check_accept(&f, CHAIR, c_item(CMD_BALLOT_OPEN, vote), HERE);
    for (int32_t m = 1; m <= COMMITTEE; m++)
        check_accept(&f, seat(m), c_cast(vote, m, draft, 0), HERE);
    check_refuse(&f, seat(5), c_cast(vote, 5, draft, 0), ERR_ALREADY_CAST, HERE);
    check_accept(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, vote), HERE);
    const struct ballot *b = &core_item(f.s, vote)->ballot;
    assert_int_equal(b->voters, COMMITTEE);
    assert_int_equal(b->members, COMMITTEE);
    assert_int_equal(b->subjects[0].counts[0], COMMITTEE);
    assert_int_equal(b->subjects[0].verdict, 1);
    fx_free(&f);
}

static void close_meeting(struct fixture *f, int32_t report)
{
    check_accept(f, CHAIR, c_sits(SITS_PLENARY), HERE);
    assert_int_equal(fx_item_cmd(f, CMD_ITEM_CLOSE, report), ERR_OK);
    check_accept(f, CHAIR, cmd(CMD_MEETING_CLOSE), HERE);
}

TEST(a_member_moves_to_another_group_between_meetings_and_conveners_take_turns)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);
    assert_int_equal(core_sitting_of(f.s, 3), G1);
    assert_int_equal(core_convener(f.s, G2), 10); /* meeting 12: (12 - 1) % 4 → the 4th */
    close_meeting(&f, report);

    struct command next = cmd(CMD_MEETING_CREATE);
    next.p.number = 13;
    snprintf(next.p.date, sizeof next.p.date, "2026-12-28");
    snprintf(next.p.title, sizeof next.p.title, "第十三次会议");
    check_accept(&f, SEC, next, HERE);
    struct command move = c_move(&f, 3, "第2组");
    check_accept(&f, SEC, move, HERE);
    assert_int_equal(fx_open(&f, COMMITTEE), ERR_OK);
    report = fx_item(&f, ITEM_DELIBERATION, "关于全市食品安全工作情况的报告", false);
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, report), ERR_OK);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);

    assert_int_equal(core_group_members(f.s, G2, NULL), 5); /* 1, 3, 4, 7, 10 */
    assert_int_equal(core_group_members(f.s, G1, NULL), 3); /* 6, 9, 12 */
    assert_int_equal(core_sitting_of(f.s, 3), G2);
    assert_int_equal(core_convener(f.s, G2), 4); /* meeting 13: (13 - 1) % 5 → the 3rd */
    check_accept(&f, seat(3), c_request(report, 3, 0), HERE);
    check_refuse(&f, seat(12), c_floor(CMD_FLOOR_GRANT, report, 0), ERR_NOT_CONVENER, HERE);
    check_refuse(&f, seat(6), c_floor(CMD_FLOOR_GRANT, report, 0), ERR_LIST_EMPTY, HERE);
    check_accept(&f, seat(4), c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    assert_int_equal(core_floor(core_item(f.s, report), G2)->person, 3);
    fx_free(&f);
}

TEST(the_joint_sitting_has_its_own_list_and_limit_and_the_chair_runs_it)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_accept(&f, seat(6), c_request(report, 6, 0), HERE); /* plenary, waiting */
    check_accept(&f, CHAIR, c_sits(SITS_JOINT), HERE);
    check_accept(&f, seat(2), c_request(report, 2, 0), HERE);
    assert_int_equal(last_speaker(&f, report)->sitting, SITTING_JOINT);
    assert_int_equal(last_speaker(&f, report)->kind, SPEECH_JOINT);
    check_accept(&f, CHAIR, c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    const struct item *it = core_item(f.s, report);
    assert_int_equal(core_floor(it, SITTING_JOINT)->person, 2);
    assert_int_equal(core_floor(it, SITTING_JOINT)->limit_s, 600);
    check_refuse(&f, seat(1), c_request(report, 1, G2), ERR_SITTING_STATE, HERE);
    check_accept(&f, CHAIR, c_floor(CMD_SPEECH_END, report, 0), HERE);
    check_accept(&f, CHAIR, c_sits(SITS_PLENARY), HERE);
    check_accept(&f, CHAIR, c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    assert_int_equal(core_floor(it, SITTING_PLENARY)->person, 6);
    fx_free(&f);
}

TEST(sittings_survive_a_snapshot_and_their_commands_round_trip)
{
    struct fixture f;
    int32_t report = deliberating(&f);
    check_accept(&f, SEC, c_convener("第3组", 5), HERE);
    check_accept(&f, CHAIR, c_sits(SITS_GROUPS), HERE);
    check_accept(&f, seat(5), c_request(report, 5, 0), HERE);
    check_accept(&f, seat(5), c_floor(CMD_FLOOR_GRANT, report, 0), HERE);
    check_accept(&f, seat(5), c_floor(CMD_TIME_EXTEND, report, 0), HERE);
    struct core_error err;
    struct event ev = f.last.events[0];
    char *text = event_encode(&ev, true);
    struct event back;
    assert_int_equal(event_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.p.sitting, G3);
    free(text);
    struct command cmds[] = {c_sits(SITS_JOINT), c_convener("第1组", 3), c_request(report, 3, G1)};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        text = command_encode(&cmds[i]);
        struct command again;
        assert_int_equal(command_decode(text, strlen(text), &again, &err), ERR_OK);
        char *twice = command_encode(&again);
        assert_string_equal(text, twice);
        free(text);
        free(twice);
    }

    char *a = snapshot_encode(f.s);
    struct core_state *copy;
    assert_int_equal(snapshot_decode(a, strlen(a), &copy, &err), ERR_OK);
    char *b = snapshot_encode(copy);
    assert_string_equal(a, b);
    assert_int_equal(copy->meeting.sits, SITS_GROUPS);
    assert_int_equal(core_convener(copy, G3), 5);
    assert_int_equal(core_floor(core_item(copy, report), G3)->extension_s, 120);
    free(a);
    free(b);
    core_state_free(copy);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_groups_sit_in_parallel_with_their_own_lists_and_countdowns),
        cmocka_unit_test(
            a_group_speech_request_from_another_group_and_other_wrong_commands_are_refused),
        cmocka_unit_test(back_in_plenary_running_speeches_end_and_the_vote_counts_everyone_once),
        cmocka_unit_test(a_member_moves_to_another_group_between_meetings_and_conveners_take_turns),
        cmocka_unit_test(the_joint_sitting_has_its_own_list_and_limit_and_the_chair_runs_it),
        cmocka_unit_test(sittings_survive_a_snapshot_and_their_commands_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
