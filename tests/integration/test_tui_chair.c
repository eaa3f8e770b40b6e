/* The chair's console end to end: `cmte chair` holding the meeting in a tmux pane (the hub in
 * its own process), the members acting with `cmte ctl` at their seats, and every chair action
 * taken by keys and read back from the screen.  Then a remote chair console (enrolled as
 * chair) against `cmte serve`, in English and monochrome.  Skipped when tmux is not
 * installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, INQUIRY = 2, EVALUATION = 3, VOTE = 4 };

static int open_room(void **state)
{
    static struct tui t;
    if (!tui_open(&t, SEATS, "chair")) {
        *state = NULL;
        return 0;
    }
    room_configure(&t.room, "[limits]\nplenary = 10\n"); /* a speech runs over in seconds */
    *state = &t;
    return 0;
}

/* The id of agenda item n (1-based, in order) and of its k-th subject, from the hub's state. */
static int item_id(struct room *r, int n, int subject)
{
    cJSON *s = room_state(r, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    cJSON *it = cJSON_GetArrayItem(items, n - 1);
    if (!it) fail_msg("no item %d", n);
    cJSON *found = it;
    if (subject >= 0) {
        cJSON *subjects = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "ballot"), "subjects");
        found = cJSON_GetArrayItem(subjects, subject);
    }
    int id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(found, "id"));
    cJSON_Delete(s);
    return id;
}

/* Members 1..n cast: option `yes` on every subject, `no` on every subject for the last one. */
static void cast(struct room *r, int item, int subjects, int n, int yes, int no)
{
    for (int seat = 1; seat <= n; seat++) {
        char name[32], choices[256] = "";
        snprintf(name, sizeof name, "seat-%d", seat);
        for (int k = 0; k < subjects; k++) {
            size_t len = strlen(choices);
            snprintf(choices + len, sizeof choices - len, "%s{\"subject\":%d,\"option\":%d}",
                     k ? "," : "", item_id(r, item, k), seat == n ? no : yes);
        }
        room_ok(r, name, NULL,
                "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":[%s]}",
                item_id(r, item, -1), seat, choices);
    }
}

static void start_chair(struct tui *t)
{
    tui_console(t, "app", "", "chair", "", "cmte.ini");
    wait_for(t, "app", "已签到 0/35");
    wait_for(t, "app", "等待组成人员签到");
    wait_row_starts(t, "app", 23, "F1 帮助  o 宣布开会");
}

static void chair_opens_and_runs_a_speech(struct tui *t)
{
    struct room *r = &t->room;
    room_sign_in(r, SEATS);
    wait_for(t, "app", "已签到 20/35");
    wait_for(t, "app", "已符合法定人数：按 o 宣布开会");
    tui_keys(t, "app", "o");
    wait_for(t, "app", "进行中");
    wait_for(t, "app", ">  1. 未开始");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "【听取和审议报告】");
    wait_for(t, "app", "议程：正在进行第 1 项，共 5 项");

    tui_keys(t, "app", "g"); /* the scheduled speakers first: 欧阳明 (8) */
    wait_for(t, "app", "发言人：欧阳明");
    wait_for(t, "app", "剩余 00:0"); /* a 10 s limit, counting down */
    wait_for(t, "app", "1. 马红梅");
    wait_row_starts(t, "app", 23, "F1 帮助  e 结束  + 延时一分钟");
    tui_keys(t, "app", "+");
    wait_for(t, "app", "（限时 01:10）");
    tui_keys(t, "app", "e");
    wait_for(t, "app", "欧阳明 发言结束");
    wait_for(t, "app", "等候发言（1 人）");
}

/* Closing asks first: any key but y leaves the item open. */
static void chair_closes_with_a_question(struct tui *t, const char *next_kind)
{
    tui_keys(t, "app", "c");
    wait_for(t, "app", "结束议程项「");
    wait_for(t, "app", "（y：确定，其他键：取消）");
    tui_keys(t, "app", "n");
    wait_for(t, "app", "未执行。");
    tui_keys(t, "app", "c");
    wait_for(t, "app", "（y：确定，其他键：取消）");
    tui_keys(t, "app", "y");
    wait_for(t, "app", "用方向键选择议程项");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", next_kind);
}

static void chair_runs_the_inquiry(struct tui *t)
{
    chair_closes_with_a_question(t, "【专题询问】");
    wait_for(t, "app", "待提问（3 个）");
    tui_keys(t, "app", "n"); /* 9 asks 沈建华 */
    wait_for(t, "app", "提问人：");
    wait_for(t, "app", "应询人：沈建华");
    wait_for(t, "app", "【提问】");
    tui_keys(t, "app", "r");
    wait_for(t, "app", "【回答】");
    tui_keys(t, "app", "f");
    wait_for(t, "app", "【追问】");
    tui_keys(t, "app", "r");
    wait_for(t, "app", "【回答追问】");
    tui_keys(t, "app", "e");
    wait_for(t, "app", "待提问（2 个）");
    tui_keys(t, "app", "n", "e", "n"); /* the second, ended; the third names nobody */
    wait_gone(t, "app", "待提问");
    tui_keys(t, "app", "r");
    wait_for(t, "app", "该问题未指定应询人");
    tui_keys(t, "app", "Down", "Down", "Enter");
    wait_for(t, "app", "应询人：韦晓光");
    wait_for(t, "app", "【回答】");
    tui_keys(t, "app", "e");
}

static void chair_runs_the_evaluation(struct tui *t)
{
    struct room *r = &t->room;
    chair_closes_with_a_question(t, "【满意度测评】");
    wait_for(t, "app", "测评尚未开始");
    tui_keys(t, "app", "b");
    wait_for(t, "app", "已测评 0/20");
    cast(r, EVALUATION, 2, 5, 0, 2);
    wait_for(t, "app", "已测评 5/20");
    tui_keys(t, "app", "x");
    wait_for(t, "app", "结束投票并公布结果？出席 20 人中已有 5 人投票");
    tui_keys(t, "app", "y");
    wait_for(t, "app", "满意度测评结果  应到 35 人  出席 20 人  投票 5 人  未按 15 人");
    wait_for(t, "app", "测评结果：不满意"); /* 4 of 35 is not more than half */
}

static void chair_runs_the_vote(struct tui *t)
{
    struct room *r = &t->room;
    chair_closes_with_a_question(t, "【表决】");
    tui_keys(t, "app", "b");
    wait_for(t, "app", "已表决 0/20");
    cast(r, VOTE, 1, 20, 0, 1);
    wait_for(t, "app", "已表决 20/20");
    tui_keys(t, "app", "x", "y");
    wait_for(t, "app", "19票赞成，1票反对，0票弃权，通过");
}

static void chair_resizes(struct tui *t)
{
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "app", "-x", "200", "-y", "50"), 0);
    wait_row_starts(t, "app", 49, "F1 帮助");
    wait_for(t, "app", "19票赞成");
    tui_keys(t, "app", "F1");
    wait_for(t, "app", "主持人：按键");
    wait_for(t, "app", "结束投票并公布结果（先确认）");
    tui_keys(t, "app", "Escape");
    wait_gone(t, "app", "主持人：按键");
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "app", "-x", "80", "-y", "24"), 0);
    wait_row_starts(t, "app", 23, "F1 帮助");
}

static void chair_closes_the_meeting(struct tui *t)
{
    tui_keys(t, "app", "C");
    wait_for(t, "app", "宣布闭会？此操作不能撤销。");
    tui_keys(t, "app", "y"); /* the vote is still open: the hub says no, in words */
    wait_for(t, "app", "[!] 未执行：另一项议程正在进行");
    tui_keys(t, "app", "c", "y");
    wait_for(t, "app", "用方向键选择议程项");
    tui_keys(t, "app", "C", "y");
    wait_for(t, "app", "会议已结束。");
    tui_keys(t, "app", "q");
    wait_for(t, "app", "确定退出？");
    tui_keys(t, "app", "y");
    wait_for(t, "app", "cmte-exited 0");
}

static void chair_end_to_end(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    start_chair(t);
    chair_opens_and_runs_a_speech(t);
    chair_runs_the_inquiry(t);
    chair_runs_the_evaluation(t);
    chair_runs_the_vote(t);
    chair_resizes(t);
    chair_closes_the_meeting(t);
    /* the journal holds the chair's actions as the chair's */
    assert_int_equal(room_db_number(&t->room,
                                    "SELECT count(*) FROM journal WHERE type = ? AND actor_role = "
                                    "'chair'",
                                    "ballot_closed"),
                     2);
}

/* A chair console enrolled as such, over a link to `cmte serve`, in English without colour. */
static void remote_chair_in_english(void **state)
{
    struct tui *t = *state;
    if (!t) skip();
    struct room *r = &t->room;
    room_hub_start(r);
    tui_console(t, "app", "env TERM=vt100 NO_COLOR=1 ", "chair", "--lang en ", "chair-1.ini");
    wait_for(t, "app", "Signed in 0/35");
    wait_for(t, "app", "chair-1");
    room_sign_in(r, SEATS);
    wait_for(t, "app", "Quorum present: press o to open the meeting.");
    tui_keys(t, "app", "o");
    wait_for(t, "app", "in session");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "[deliberation of a report]");
    tui_keys(t, "app", "g");
    wait_for(t, "app", "Speaking: ");
    wait_for(t, "app", "F1 help  e end  + one more minute");
    assert_monochrome(t, "app");
    room_hub_stop(r, SIGKILL);
    wait_for(t, "app", "[!] Connection to the meeting host lost; reconnecting...");
    room_hub_start(r);
    wait_gone(t, "app", "Connection to the meeting host lost");
    tui_keys(t, "app", "e");
    wait_for(t, "app", "ends the speech");
    tui_keys(t, "app", "c", "y");
    wait_for(t, "app", "Choose an item with the arrows");
    tui_keys(t, "app", "C", "y");
    wait_for(t, "app", "The meeting is closed.");
    tui_keys(t, "app", "q", "y");
    wait_for(t, "app", "cmte-exited 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(chair_end_to_end, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(remote_chair_in_english, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
