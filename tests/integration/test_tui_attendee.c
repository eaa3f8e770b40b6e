/* An attendee (列席) at a seat console, end to end at 80x24: 丁卫国 (副市长) is given seat 101,
 * signs in there, never counts for the quorum nor votes, asks for the floor on the deliberation;
 * the request waits until the secretary approves it with y on the speakers tab (after the two
 * scheduled speakers), then gives him the floor and the display shows him speaking.  A
 * floor_request of an attendee is refused in plain words.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18, ATTENDEE = 101, ATTENDEE_SEAT = 101, DELIBERATION_INDEX = 1 };

TUI_ROOM(SEATS, "attendee")

static void start(struct tui *t, const char *session, const char *sub, const char *ini)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, "", sub, "", ini, cmd, sizeof cmd);
    if (!t->started)
        tui_start(t, session, 80, 24, cmd);
    else
        tui_start(t, session, 80, 24, cmd);
}

static void an_attendee_asks_for_the_floor(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    room_enroll(r, "member", ATTENDEE_SEAT, "seat-101");
    room_enroll(r, "display", 0, "display-1");
    room_hub_start(r);
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"member_update\",\"id\":%d,\"kind\":\"attendee\",\"name\":\"丁卫国\","
            "\"title\":\"副市长\",\"group\":\"\",\"number\":%d,\"flag\":false}",
            ATTENDEE, ATTENDEE_SEAT);
    start(t, "att", "seat", "seat-101.ini");
    start(t, "sec", "secretary", "secretary-1.ini");
    start(t, "disp", "display", "display-1.ini");
    wait_for(t, "att", "座位 101  丁卫国");
    tui_keys(t, "att", "Enter"); /* signs in: no PIN */
    wait_for(t, "att", "签到成功");
    room_sign_in(r, SEATS);
    wait_for(t, "disp", "已签到 18/35"); /* the attendee is not counted */
    int item = room_item_at(r, DELIBERATION_INDEX);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    wait_for(t, "att", "1  申请发言");
    tui_keys(t, "att", "1");
    wait_for(t, "att", "您已申请发言，等候会务批准。");
    wait_for(t, "disp", "等候发言（2 人）"); /* the two scheduled speakers, not him yet */
    tui_keys(t, "sec", "3");
    wait_row_with(t, "sec", "丁卫国", "待批准");
    tui_keys(t, "sec", "End");
    wait_row_with(t, "sec", "> ", "丁卫国");
    tui_keys(t, "sec", "y");
    wait_for(t, "att", "您已申请发言，排在第 3 位（共 3 人等候）。");
    wait_for(t, "disp", "等候发言（3 人）");
    tui_keys(t, "sec", "Enter"); /* the floor to the one marked */
    wait_for(t, "disp", "发言人：丁卫国  副市长");
    wait_for(t, "att", "您正在发言。");
    /* an attendee's floor_request (the members' command) is refused in plain words */
    int rc;
    cJSON *a = room_ctl(r, "seat-101", NULL, &rc,
                        "{\"type\":\"floor_request\",\"item\":%d,\"person\":%d}", item, ATTENDEE);
    assert_int_equal(rc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "not_allowed");
    cJSON_Delete(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_attendee_asks_for_the_floor, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
