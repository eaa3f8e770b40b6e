/* Counts by hand (手工计票) end to end: with a secret vote open, the secretary's console in tmux
 * enters one member's vote given by video, then a show of hands for the whole room, by keys; more
 * hands than members present are refused in words and change nothing; the counts entered are what
 * the chair's close announces, on the display too, with the method; the journal verifies.  Skipped
 * when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18, VOTE_INDEX = 4 };

TUI_ROOM(SEATS, "hands")

/* The secretary types the counts: method 1 (hands), no scrutineers, then each option. */
static void enter_counts(struct tui *t, const char *yes, const char *no, const char *abstain)
{
    tui_keys(t, "sec", "h");
    wait_for(t, "sec", "计票方式：1 举手表决，2 纸质投票，3 其他方式：");
    tui_keys(t, "sec", "Enter"); /* 1, as offered */
    wait_for(t, "sec", "监票人（举手表决可不填）：");
    tui_keys(t, "sec", "Enter");
    const char *const counts[] = {yes, no, abstain};
    const char *const options[] = {"「赞成」票数：", "「反对」票数：", "「弃权」票数："};
    for (int o = 0; o < 3; o++) {
        wait_for(t, "sec", options[o]);
        type_text(t, "sec", counts[o]);
        tui_keys(t, "sec", "Enter");
    }
    wait_for(t, "sec", "录入以下计票结果（举手表决）？");
    tui_keys(t, "sec", "y");
}

static void a_show_of_hands(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    room_enroll(r, "display", 0, "display-1");
    room_hub_start(r);
    room_sign_in(r, SEATS);
    int item = room_item_at(r, VOTE_INDEX);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", item);
    room_ok(r, "seat-1", NULL,
            "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":1,\"choices\":"
            "[{\"subject\":%d,\"option\":0}]}",
            item, item + 1);

    tui_console(t, "sec", "", "secretary", "", "secretary-1.ini");
    tui_console(t, "disp", "", "display", "", "display-1.ini");
    wait_for(t, "sec", "已签到 18/35");
    /* 王秀英 votes by video: the secretary enters her choice from the roster */
    tui_keys(t, "sec", "Down");
    wait_row_with(t, "sec", "> ", "王秀英");
    tui_keys(t, "sec", "v");
    wait_for(t, "sec", "王秀英，第 1 项（共 1 项）（1 赞成  2 反对  3 弃权）：");
    tui_keys(t, "sec", "1", "Enter");
    wait_for(t, "sec", "为王秀英录入表决：1 赞成？");
    tui_keys(t, "sec", "y");
    wait_for(t, "disp", "已表决 2/18");
    assert_int_equal(room_journal_count(r, "ballot_cast"), 2);
    tui_keys(t, "sec", "2");
    wait_row_with(t, "sec", ">  4.", "进行中"); /* the agenda, on the open item */

    enter_counts(t, "17", "2", "0"); /* 19 hands, 18 present */
    wait_for(t, "sec", "[!] 未执行：");
    wait_for(t, "sec", "19 votes on subject");
    assert_int_equal(room_journal_count(r, "ballot_counted"), 0);

    enter_counts(t, "15", "2", "1");
    wait_for(t, "disp", "录入人工计票结果");
    assert_int_equal(room_journal_count(r, "ballot_counted"), 1);
    /* the keypads no longer take votes */
    int rc;
    cJSON *a = room_ctl(r, "seat-2", NULL, &rc,
                        "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":2,\"choices\":"
                        "[{\"subject\":%d,\"option\":0}]}",
                        item, item + 1);
    assert_int_not_equal(rc, 0);
    cJSON_Delete(a);

    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", item);
    wait_for(t, "disp", "表决结果  应到 35 人  出席 18 人  投票 18 人  未按 0 人");
    wait_for(t, "disp", "计票方式：举手表决");
    wait_for(t, "disp", "15票赞成，2票反对，1票弃权，未通过"); /* 15 of 35 */
    char *out = NULL;
    assert_int_equal(room_run(r, &out, "verify", "--lang", "en", "--config", r->config), 0);
    assert_non_null(strstr(out, "tallies match"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_show_of_hands, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
