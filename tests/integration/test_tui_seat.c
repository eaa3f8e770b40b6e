/* The member's seat console end to end: a real hub, `cmte seat` for seats 1 and 5 (seat 5 has a
 * PIN) in detached tmux panes, driven by keypad keys only (digits, arrows, Enter, Esc), the
 * chair's commands through `cmte ctl`, and each screen read back with `tmux capture-pane`
 * (waiting for each expected text, never for a fixed time).  Chinese at 80x24 with seat 1
 * resized to 200x50 in the middle; then English on a monochrome terminal.  Skipped when tmux
 * is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, DELIBERATION = 1, INQUIRY = 4, EVALUATION = 11, VOTE = 14, APPOINTMENT = 16 };

TUI_ROOM(SEATS, "seat")

/* `cmte seat` for seat-N in a new tmux session named name, cols x rows. */
static void start_seat(struct tui *t, const char *name, int seat, int cols, int rows,
                       const char *prefix, const char *options)
{
    char cmd[3 * PATH_MAX], cfg[32];
    snprintf(cfg, sizeof cfg, "seat-%d.ini", seat);
    tui_command(t, prefix, "seat", options, cfg, cmd, sizeof cmd);
    tui_start(t, name, cols, rows, cmd);
}

static void chair(struct room *r, const char *type, const char *key, int id)
{
    room_ok(r, "chair-1", NULL, "{\"type\":\"%s\",\"%s\":%d}", type, key, id);
}

/* The number of casts the hub's journal holds. */
static int64_t casts(struct room *r)
{
    return room_journal_count(r, "ballot_cast");
}

/* ---- Chinese ---- */

static void seats_sign_in(struct tui *t)
{
    struct room *r = &t->room;
    start_seat(t, "s1", 1, 80, 24, "", "");
    start_seat(t, "s5", 5, 80, 24, "", "");
    wait_for(t, "s1", "座位 1  陈立新  主任");
    wait_for(t, "s1", "[!] 您尚未签到。");
    wait_for(t, "s1", "1  签到");
    wait_for(t, "s5", "座位 5  刘建平  副主任");
    wait_for(t, "s5", "[!] 未签到");

    tui_keys(t, "s1", "Enter"); /* no PIN at seat 1: Enter signs in */
    wait_for(t, "s1", "签到成功。");
    wait_row_starts(t, "s1", 1, " 座位 1  陈立新  主任");
    wait_gone(t, "s1", "[!] 未签到");

    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", "请输入 PIN，然后按 Enter：");
    tui_keys(t, "s5", "1", "2", "3", "4", "Enter");
    wait_for(t, "s5", "[!] PIN 不正确，请重新输入。");
    assert_int_equal(room_journal_count(r, "signed_in"), 1);
    tui_keys(t, "s5", "-l", room_pin(5));
    wait_for(t, "s5", "PIN：******");
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", "签到成功。");
    wait_gone(t, "s5", "[!] 未签到");
    assert_int_equal(room_journal_count(r, "signed_in"), 2);

    /* the others, to a quorum; seat 6 stays out for the English part */
    for (int seat = 2; seat <= SEATS; seat++) {
        if (seat == 5 || seat == 6) continue;
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    wait_for(t, "s1", "进行中");
}

static void seats_take_the_floor(struct tui *t)
{
    struct room *r = &t->room;
    chair(r, "item_open", "id", DELIBERATION);
    wait_for(t, "s1", "【听取和审议报告】");
    wait_for(t, "s1", "1  申请发言");
    /* the two scheduled speakers come first */
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "您已申请发言，排在第 3 位（共 3 人等候）。");
    wait_for(t, "s1", "3. 陈立新");
    wait_for(t, "s1", "1  撤回发言申请");
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", "您已申请发言，排在第 4 位（共 4 人等候）。");
    wait_for(t, "s1", "排在第 3 位（共 4 人等候）");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "1  申请发言");
    wait_gone(t, "s1", "排在第");
    wait_for(t, "s5", "您已申请发言，排在第 3 位（共 3 人等候）。");

    tui_keys(t, "s1", "F1");
    wait_for(t, "s1", "座席：按键");
    wait_for(t, "s1", "按任意键关闭");
    tui_keys(t, "s1", "Escape");
    wait_gone(t, "s1", "座席：按键");
    chair(r, "item_close", "id", DELIBERATION);
}

/* Seat 1 registers a question to the second respondent, keypad only (no text), and
 * withdraws it. */
static void seat_asks(struct tui *t)
{
    struct room *r = &t->room;
    int64_t registered = room_journal_count(r, "question_registered"); /* the agenda's own */
    chair(r, "item_open", "id", INQUIRY);
    wait_for(t, "s1", "【专题询问】");
    wait_for(t, "s1", "1  登记询问");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "登记询问：请选择应询人");
    wait_for(t, "s1", "2  沈建华  局长  市生态环境局");
    wait_for(t, "s1", "0  不指定应询人");
    tui_keys(t, "s1", "2");
    wait_for(t, "s1", "登记询问（应询人：沈建华）");
    wait_for(t, "s1", "问题内容（可不填写，直接按 Enter）：");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "请核对您的询问：");
    wait_for(t, "s1", "（未填写内容，点名时当场提问）");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "您的询问已登记，排在第 4 位（共 4 个待提问）。");
    wait_for(t, "s1", "4. 陈立新");
    assert_int_equal(room_journal_count(r, "question_registered"), registered + 1);
    wait_for(t, "s1", "2  撤回询问");
    tui_keys(t, "s1", "2");
    wait_gone(t, "s1", "4. 陈立新");
    wait_gone(t, "s1", "撤回询问");
    assert_int_equal(room_journal_count(r, "question_withdrawn"), 1);
    chair(r, "item_close", "id", INQUIRY);
}

/* Seat 1 scores 满意 and 基本满意 with digits and arrows; no stray key submits; a resize on the
 * way keeps every choice. */
static void seat1_scores(struct tui *t)
{
    struct room *r = &t->room;
    wait_for(t, "s1", "请对每一项进行测评：按 1 开始。");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "满意度测评：第 1 项，共 2 项");
    wait_for(t, "s1", "市生态环境局关于大气污染防治工作情况的报告");
    wait_for(t, "s1", "1  满意");
    wait_for(t, "s1", "3  不满意");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "满意度测评：第 2 项，共 2 项");
    tui_keys(t, "s1", "Down");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "满意度测评：请核对您的选择");
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "s1", "-x", "200", "-y", "50"), 0);
    wait_row_starts(t, "s1", 49, "F1 帮助");
    wait_for(t, "s1", "1. 市生态环境局关于大气污染防治工作情况的报告");
    char *row = screen_row(t, "s1", 5);
    assert_non_null(strstr(row, "满意"));
    free(row);
    row = screen_row(t, "s1", 6);
    assert_non_null(strstr(row, "2. 市住房和城乡建设局关于建筑工地扬尘治理情况的报告"));
    assert_non_null(strstr(row, "基本满意"));
    free(row);

    tui_keys(t, "s1", "Enter"); /* the review's Enter only asks */
    wait_for(t, "s1", "满意度测评：确认提交以上选择吗？");
    wait_for(t, "s1", "按 1 确认提交，按 Esc 返回修改。");
    tui_keys(t, "s1", "Enter"); /* a stray Enter, a stray digit: nothing is sent */
    wait_for(t, "s1", "[!] 尚未提交：按 1 确认提交，或按 Esc 返回。");
    tui_keys(t, "s1", "2");
    tui_keys(t, "s1", "Escape");
    wait_for(t, "s1", "满意度测评：请核对您的选择");
    assert_int_equal(casts(r), 0);
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "确认提交以上选择吗？");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "已记录：您的测评已计入。");
    wait_gone(t, "s1", "开始测评");
    assert_int_equal(casts(r), 1);
}

/* Seat 5 scores 满意 and 不满意, changing the second from the review. */
static void seat5_scores(struct tui *t)
{
    struct room *r = &t->room;
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "满意度测评：第 1 项，共 2 项");
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "满意度测评：第 2 项，共 2 项");
    tui_keys(t, "s5", "2");
    wait_for(t, "s5", "满意度测评：请核对您的选择");
    tui_keys(t, "s5", "2"); /* change subject 2 */
    wait_for(t, "s5", "满意度测评：第 2 项，共 2 项");
    wait_for(t, "s5", "2  基本满意 （已选）");
    tui_keys(t, "s5", "3");
    wait_for(t, "s5", "满意度测评：请核对您的选择");
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", "确认提交以上选择吗？");
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "已记录：您的测评已计入。");
    assert_int_equal(casts(r), 2);
}

static void seats_evaluate(struct tui *t)
{
    struct room *r = &t->room;
    chair(r, "item_open", "id", EVALUATION);
    wait_for(t, "s1", "测评尚未开始");
    wait_gone(t, "s1", "开始测评");
    chair(r, "ballot_open", "item", EVALUATION);
    seat1_scores(t);
    seat5_scores(t);

    /* each seat counted once on each subject */
    cJSON *s = room_state(r, "secretary-1");
    cJSON *subjects =
        cJSON_GetObjectItem(cJSON_GetObjectItem(room_item(s, EVALUATION), "ballot"), "subjects");
    cJSON *sub;
    cJSON_ArrayForEach(sub, subjects)
    {
        assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(sub, "cast")), 2);
    }
    cJSON_Delete(s);

    chair(r, "ballot_close", "item", EVALUATION);
    const char *summary = "满意度测评结果  应到 35 人  出席 19 人  投票 2 人  未按 17 人";
    wait_for(t, "s1", summary);
    wait_for(t, "s5", summary);
    /* 满意 2 of 2 on the first; 基本满意 1 and 不满意 1 on the second */
    wait_for(t, "s5", "2      100.0%            5.7%");
    wait_for(t, "s5", "1       50.0%            2.9%");
    wait_for(t, "s1", "测评结果：不满意"); /* 2 of 35 is not more than half */
}

/* A vote: seat 5 for, seat 1 against, each with its confirmation. */
static void seats_vote(struct tui *t)
{
    struct room *r = &t->room;
    chair(r, "item_close", "id", EVALUATION);
    chair(r, "item_open", "id", VOTE);
    chair(r, "ballot_open", "item", VOTE);
    wait_for(t, "s5", "请表决：按 1 开始。");
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "表决：第 1 项，共 1 项");
    wait_for(t, "s5", "1  赞成");
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "表决：请核对您的选择");
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", "表决：确认提交以上选择吗？");
    tui_keys(t, "s5", "1");
    wait_for(t, "s5", "已记录：您的表决已计入。");

    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "表决：第 1 项，共 1 项");
    tui_keys(t, "s1", "Down");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "表决：请核对您的选择");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "表决：确认提交以上选择吗？");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "[!] 尚未提交");
    assert_int_equal(casts(r), 3);
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "已记录：您的表决已计入。");
    assert_int_equal(casts(r), 4);

    chair(r, "ballot_close", "item", VOTE);
    wait_for(t, "s1", "表决结果  应到 35 人  出席 19 人  投票 2 人  未按 17 人");
    wait_for(t, "s5", "1票赞成，1票反对，0票弃权，未通过");
}

/* A lost hub shows at once; the seat comes back by itself, still signed in, its vote kept. */
static void seat_survives_the_hub(struct tui *t)
{
    struct room *r = &t->room;
    room_hub_stop(r, SIGKILL);
    wait_for(t, "s5", "[!] 与会议主机的连接已断开，正在重连");
    room_hub_start(r);
    wait_gone(t, "s5", "与会议主机的连接已断开");
    wait_for(t, "s5", "1票赞成，1票反对，0票弃权，未通过");
    wait_row_starts(t, "s5", 1, " 座位 5  刘建平  副主任");
    wait_for(t, "s5", "已签到");
    assert_int_equal(casts(r), 4);
}

/* q asks first; any key but y stays. */
static void seat_quits(struct tui *t, const char *target)
{
    tui_keys(t, target, "q");
    wait_for(t, target, "退出？");
    tui_keys(t, target, "1");
    wait_gone(t, target, "退出？");
    tui_keys(t, target, "q");
    wait_for(t, target, "退出？");
    tui_keys(t, target, "y");
    wait_for(t, target, "cmte-exited 0");
}

/* ---- English, monochrome ---- */

static void seat_in_english(struct tui *t)
{
    struct room *r = &t->room;
    chair(r, "item_close", "id", VOTE);
    start_seat(t, "en", 6, 100, 30, "env TERM=vt100 NO_COLOR=1 ", "--lang en ");
    wait_for(t, "en", "Seat 6  杨丽娟");
    wait_for(t, "en", "[!] You have not signed in.");
    tui_keys(t, "en", "Enter");
    wait_for(t, "en", "Signed in.");
    chair(r, "item_open", "id", APPOINTMENT);
    chair(r, "ballot_open", "item", APPOINTMENT);
    wait_for(t, "en", "Please vote: press 1.");
    tui_keys(t, "en", "1");
    wait_for(t, "en", "Vote: subject 1 of 3");
    wait_for(t, "en", "dismiss 王建国");
    tui_keys(t, "en", "3");
    wait_for(t, "en", "Vote: subject 2 of 3");
    wait_for(t, "en", "appoint 张卫民");
    tui_keys(t, "en", "1");
    wait_for(t, "en", "Vote: subject 3 of 3");
    tui_keys(t, "en", "2");
    wait_for(t, "en", "Vote: check your choices");
    tui_keys(t, "en", "Enter");
    wait_for(t, "en", "Vote: submit these choices?");
    tui_keys(t, "en", "1");
    wait_for(t, "en", "Recorded: your vote has been counted.");
    assert_int_equal(casts(r), 5);

    chair(r, "ballot_close", "item", APPOINTMENT);
    wait_for(t, "en", "Results of the vote  members 35  present 20  voted 1  did not vote 19");
    wait_for(t, "en", "0 for, 0 against, 1 abstaining: not adopted");
    wait_for(t, "en", "1 for, 0 against, 0 abstaining: not adopted");
    wait_for(t, "en", "0 for, 1 against, 0 abstaining: not adopted");
    assert_monochrome(t, "en");
    tui_keys(t, "en", "q");
    wait_for(t, "en", "Quit?");
    tui_keys(t, "en", "y");
    wait_for(t, "en", "cmte-exited 0");
}

static void seat_end_to_end(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    room_hub_start(&t->room);
    seats_sign_in(t);
    seats_take_the_floor(t);
    seat_asks(t);
    seats_evaluate(t);
    seats_vote(t);
    seat_survives_the_hub(t);
    seat_quits(t, "s1");
    seat_quits(t, "s5");
    seat_in_english(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(seat_end_to_end, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
