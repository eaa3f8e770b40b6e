/* The secretary's console end to end: a real hub, `cmte secretary` in a detached tmux pane, the
 * chair and the seats driven with `cmte ctl`, and both the screen (tmux capture-pane) and the
 * hub's state (`cmte ctl --state`) read back after each step, waiting for each expected text,
 * never for a fixed time.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { QUORUM = 18, DELIBERATION = 1, INQUIRY = 4, LEAVE = 2 };

static const char *const MEETING_TITLE = "市第十七届人民代表大会常务委员会第十二次会议";
static const char *const NEW_ITEM = "听取关于代表建议办理情况的汇报";

static void sign_in(struct room *r, int seats)
{
    for (int seat = 1; seat <= seats; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
}

/* The index of the item with this title in the hub's agenda, -1 when absent. */
static int agenda_place(struct room *r, const char *title, int *id)
{
    cJSON *s = room_state(r, "secretary-1"), *it;
    int i = 0, found = -1;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items"))
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "title")), title) == 0) {
            found = i;
            if (id) *id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id"));
        }
        i++;
    }
    cJSON_Delete(s);
    return found;
}

/* The names in an item's array (speakers, respondents), joined by '|'. */
static void item_names(struct room *r, int item, const char *what, const char *field, char *out,
                       size_t n)
{
    cJSON *s = room_state(r, "secretary-1"), *x;
    out[0] = '\0';
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(room_item(s, item), what))
    {
        size_t len = strlen(out);
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(x, field));
        snprintf(out + len, n - len, "%s|", v ? v : "?");
    }
    cJSON_Delete(s);
}

TUI_ROOM(QUORUM, "secretary")

/* 罗永红 (seat 21) on leave for a business trip, typed in Chinese. */
static void roster_marks_leave(struct tui *t)
{
    struct room *r = &t->room;
    char cd[sizeof r->dir + 16];
    snprintf(cd, sizeof cd, "cd '%s' && ", r->dir); /* the exports are written here */
    tui_console(t, "app", cd, "secretary", "", "secretary-1.ini");
    wait_for(t, "app", "已签到 0/35");
    wait_for(t, "app", "1 名单");
    wait_for(t, "app", "6 导出");
    wait_row_with(t, "app", "> ", "陈立新");
    sign_in(r, QUORUM);
    wait_for(t, "app", "已签到 18/35");
    wait_row_with(t, "app", "张志华", "已签到");

    tui_keys(t, "app", "PgDn", "PgDn", "Home");
    for (int i = 0; i < 20; i++) tui_keys(t, "app", "Down");
    wait_row_with(t, "app", "> ", "罗永红");
    tui_keys(t, "app", "l");
    wait_for(t, "app", "罗永红的请假原因：");
    type_text(t, "app", "出差");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", "罗永红", "请假（出差）");
    wait_for(t, "app", "请假 1");

    cJSON *s = room_state(r, "secretary-1"), *p = room_person(s, 21);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "attendance")), LEAVE);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(p, "reason")), "出差");
    cJSON_Delete(s);
}

/* An item of the kind "other" added at the end, then moved one place up. */
static void agenda_adds_and_moves(struct tui *t)
{
    struct room *r = &t->room;
    tui_keys(t, "app", "2");
    wait_for(t, "app", "a 添加议题");
    wait_row_with(t, "app", "> ", "审议市人民政府关于2025年度");
    /* the selected item's document, read-only: title, size, the start of its SHA-256 */
    wait_row_with(t, "app", "文件：", "报告全文   1980字节   SHA-256 2ec247121d8c");
    tui_keys(t, "app", "a");
    wait_for(t, "app", "新议题的类别：");
    tui_keys(t, "app", "End", "Enter");
    wait_for(t, "app", "新的「其他」议题的标题：");
    type_text(t, "app", NEW_ITEM);
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", " 6.", NEW_ITEM);
    assert_int_equal(agenda_place(r, NEW_ITEM, NULL), 5);

    tui_keys(t, "app", "End");
    wait_row_with(t, "app", "> ", NEW_ITEM);
    tui_keys(t, "app", "[");
    wait_row_with(t, "app", " 5.", NEW_ITEM);
    assert_int_equal(agenda_place(r, NEW_ITEM, NULL), 4);
}

/* The chair opens the meeting and the deliberation; removing it is refused, in words. */
static void agenda_refusal_in_words(struct tui *t)
{
    struct room *r = &t->room;
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", DELIBERATION);
    wait_row_with(t, "app", " 1.", "进行中");
    tui_keys(t, "app", "Home");
    wait_row_with(t, "app", "> ", "审议市人民政府关于2025年度");
    tui_keys(t, "app", "d");
    wait_for(t, "app", "从议程中删除议题");
    tui_keys(t, "app", "y");
    wait_for(t, "app", "[!] 未执行：");
    wait_for(t, "app", "该项议程当前的状态不允许该操作");
    assert_true(agenda_place(r, "审议市人民政府关于2025年度环境状况和环境保护目标完成情况的报告",
                             NULL) == 0);
}

/* Speakers: a member and a guest added, the guest moved before the member, the floor given,
 * the clock running, one more minute, the speech ended. */
static void speakers_and_the_floor(struct tui *t)
{
    struct room *r = &t->room;
    char names[512], a[16], b[16];
    tui_keys(t, "app", "3");
    wait_for(t, "app", "发言名单（2 人，2 人等候）");
    wait_row_with(t, "app", "欧阳明", "重点审议发言");
    tui_keys(t, "app", "a");
    wait_for(t, "app", "从名单中添加发言人：");
    type_text(t, "app", "王秀英");
    wait_row_with(t, "app", "> ", "王秀英");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", " 3.", "王秀英");
    tui_keys(t, "app", "n");
    wait_for(t, "app", "不在名单上的发言人的姓名：");
    type_text(t, "app", "周明远");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", " 4.", "周明远");
    wait_row_with(t, "app", "周明远", "非组成人员");

    tui_keys(t, "app", "End");
    wait_row_with(t, "app", "> ", "周明远");
    tui_keys(t, "app", "[");
    wait_row_with(t, "app", " 3.", "周明远");
    item_names(r, DELIBERATION, "speakers", "name", names, sizeof names);
    assert_string_equal(names, "欧阳明|马红梅|周明远|王秀英|");

    tui_keys(t, "app", "g");
    wait_for(t, "app", "发言人：欧阳明");
    wait_for(t, "app", "剩余 ");
    shown_after(t, "app", "剩余 ", a);
    for (int waited = 0; (shown_after(t, "app", "剩余 ", b), strcmp(a, b) == 0); waited += 50) {
        if (waited > 5000) fail_msg("the countdown stays at %s", a);
        room_sleep_ms(50);
    }
    assert_true(strcmp(b, a) < 0); /* it counts down */
    tui_keys(t, "app", "x");
    wait_for(t, "app", "（限时 11:00）");
}

static void resize_in_the_middle(struct tui *t)
{
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "app", "-x", "130", "-y", "40"), 0);
    wait_row_starts(t, "app", 39, "F1 帮助");
    wait_for(t, "app", "发言人：欧阳明");
    tui_keys(t, "app", "1");
    wait_row_with(t, "app", "小组", "出席");
    wait_row_with(t, "app", "罗永红", "第二组");
    tui_keys(t, "app", "3");
    wait_for(t, "app", "发言人：欧阳明");
    tui_keys(t, "app", "e");
    wait_row_with(t, "app", "欧阳明", "已发言 00:");
    wait_for(t, "app", "当前无人发言。");
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "app", "-x", "80", "-y", "24"), 0);
    wait_row_starts(t, "app", 23, "F1 帮助");
}

/* A respondent added and a question registered for 王秀英 on the pending inquiry. */
static void inquiry_respondent_and_question(struct tui *t)
{
    struct room *r = &t->room;
    char names[512];
    tui_keys(t, "app", "4");
    wait_for(t, "app", "围绕大气污染防治工作开展专题询问");
    wait_for(t, "app", "应询人（3 位）：");
    tui_keys(t, "app", "r");
    wait_for(t, "app", "应询人的姓名：");
    type_text(t, "app", "孙丽");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "职务：");
    type_text(t, "app", "局长");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "部门：");
    type_text(t, "app", "市水务局");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", "孙丽", "市水务局");
    item_names(r, INQUIRY, "respondents", "name", names, sizeof names);
    assert_string_equal(names, "丁卫国|沈建华|韦晓光|孙丽|");

    tui_keys(t, "app", "a");
    wait_for(t, "app", "为哪位组成人员登记询问？");
    type_text(t, "app", "王秀英");
    wait_row_with(t, "app", "> ", "王秀英");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "向谁提问？");
    tui_keys(t, "app", "End", "Enter");
    wait_for(t, "app", "问题（可以不填）：");
    type_text(t, "app", "水源地保护有何进展？");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", "王秀英", "问孙丽");
    item_names(r, INQUIRY, "questions", "text", names, sizeof names);
    assert_non_null(strstr(names, "水源地保护有何进展？|"));
}

static void note_and_export(struct tui *t)
{
    struct room *r = &t->room;
    tui_keys(t, "app", "5");
    wait_for(t, "app", "议题 1 的记录："); /* the open item, the inquiry tab kept its own */
    tui_keys(t, "app", "Down");
    wait_for(t, "app", "议题 2 的记录：");
    tui_keys(t, "app", "Up");
    wait_for(t, "app", "议题 1 的记录：");
    tui_keys(t, "app", "Enter");
    wait_for(t, "app", "本议题的记录：");
    type_text(t, "app", "委员们赞成报告");
    tui_keys(t, "app", "Enter");
    wait_row_with(t, "app", " 1.", "委员们赞成报告");
    cJSON *s = room_state(r, "secretary-1");
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(room_item(s, DELIBERATION), "note")),
        "委员们赞成报告");
    cJSON_Delete(s);

    tui_keys(t, "app", "6");
    wait_for(t, "app", "minutes-2026-11-23.md");
    tui_keys(t, "app", "a");
    wait_for(t, "app", "3/3 已写入");
    wait_for(t, "app", "已写入 3 个文件，共 3 个。");
    char *minutes = room_file(r, "minutes-2026-11-23.md");
    assert_non_null(strstr(minutes, MEETING_TITLE));
    assert_non_null(strstr(minutes, "委员们赞成报告"));
    assert_non_null(strstr(minutes, "欧阳明"));
    free(minutes);
    char *json = room_file(r, "results-2026-11-23.json");
    assert_non_null(strstr(json, "\"source\":\t\"replica\""));
    free(json);

    tui_keys(t, "app", "F1");
    wait_for(t, "app", "会务：按键");
    tui_keys(t, "app", "Escape");
    wait_gone(t, "app", "会务：按键");
    tui_keys(t, "app", "q");
    wait_for(t, "app", "确定退出？");
    tui_keys(t, "app", "y");
    wait_for(t, "app", "cmte-exited 0");
}

/* English, shorter: another member on leave, and the keys. */
static void secretary_in_english(struct tui *t)
{
    struct room *r = &t->room;
    char cmd[3 * PATH_MAX];
    tui_command(t, "env TERM=vt100 NO_COLOR=1 ", "secretary", "--lang en ", "secretary-1.ini", cmd,
                sizeof cmd);
    assert_int_equal(tmux(t, NULL, "new-window", "-t", "app", "-n", "en", cmd), 0);
    wait_for(t, "app:en", "Signed in 18/35");
    wait_for(t, "app:en", "1 Roster");
    /* vt100 has no End key: its sequence must not act as '[' or '4' */
    tui_keys(t, "app:en", "End", "Down");
    wait_row_with(t, "app:en", "> ", "王秀英");
    wait_for(t, "app:en", "Full name");
    for (int i = 0; i < 36; i++) tui_keys(t, "app:en", "Down");
    wait_row_with(t, "app:en", "> ", "范志强");
    wait_row_with(t, "app:en", "罗永红", "on leave (出差)");
    tui_keys(t, "app:en", "l");
    wait_for(t, "app:en", "Reason for the leave of 范志强:");
    type_text(t, "app:en", "quarantine?"); /* q and ? are text while typing */
    tui_keys(t, "app:en", "Enter");
    wait_row_with(t, "app:en", "范志强", "on leave (quarantine?)");
    cJSON *s = room_state(r, "secretary-1");
    assert_int_equal(
        (int)cJSON_GetNumberValue(cJSON_GetObjectItem(room_person(s, 103), "attendance")), LEAVE);
    cJSON_Delete(s);
    tui_keys(t, "app:en", "3");
    wait_for(t, "app:en", "The floor is free.");
    wait_row_with(t, "app:en", "周明远", "not a member");
    assert_monochrome(t, "app:en");
    tui_keys(t, "app:en", "F10");
    wait_for(t, "app:en", "Quit?");
    tui_keys(t, "app:en", "y");
    wait_for(t, "app:en", "cmte-exited 0");
}

static void secretary_end_to_end(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    room_hub_start(&t->room);
    roster_marks_leave(t);
    agenda_adds_and_moves(t);
    agenda_refusal_in_words(t);
    speakers_and_the_floor(t);
    resize_in_the_middle(t);
    inquiry_respondent_and_question(t);
    note_and_export(t);
    secretary_in_english(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(secretary_end_to_end, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
