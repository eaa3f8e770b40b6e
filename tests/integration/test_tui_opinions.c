/* The secretary's opinions tab (8 审议意见) at 80x24 in Chinese: on the open deliberation the
 * secretary drafts an opinion (the organ prefilled with the item's department, the text typed),
 * edits it (another organ, another text), the chair adopts it (A on the chair's console, then y)
 * and the row shows its state and due date, three months after the meeting's; at the next
 * meeting the secretary links it to the report item with l, and a second link is refused in
 * plain words; an opinion adopted at a meeting dated before the hub's clock shows overdue; the
 * tab in English and monochrome. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18 };

TUI_ROOM(SEATS, "opinions")

static const char first_report[] = "审议市人民政府关于2025年度环境状况";

static int first_opinion(struct room *r, const char *key)
{
    cJSON *s = room_state(r, "secretary-2");
    cJSON *o =
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "opinions"), 0);
    if (!o) fail_msg("no opinion in the state");
    int v = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
    cJSON_Delete(s);
    return v;
}

/* The id of the first item on the agenda, as the hub has it. */
static int first_item(struct room *r)
{
    cJSON *s = room_state(r, "secretary-2");
    int item = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items"), 0),
        "id"));
    cJSON_Delete(s);
    return item;
}

/* The next meeting on date with one item of the kind (a report of the department); its id. */
static int next_meeting(struct room *r, int number, const char *date, const char *kind,
                        const char *title, const char *department)
{
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_close\"}");
    room_ok(r, "secretary-2", NULL,
            "{\"type\":\"meeting_create\",\"number\":%d,\"date\":\"%s\",\"title\":\"第%d次会议\"}",
            number, date, number);
    room_ok(
        r, "secretary-2", NULL,
        "{\"type\":\"item_add\",\"kind\":\"%s\",\"title\":\"%s\",\"detail\":\"%s\",\"name\":\"\","
        "\"number\":30,\"text\":\"\",\"flag\":true}",
        kind, title, department);
    return first_item(r);
}

static void draft_and_edit(struct tui *t)
{
    tui_keys(t, "sec", "8");
    wait_for(t, "sec", "尚无审议意见：按d就上面的议题起草。");
    wait_for(t, "sec", first_report);
    tui_keys(t, "sec", "d");
    wait_for(t, "sec", "交办机关： 市人民政府"); /* the item's department */
    tui_keys(t, "sec", "Enter");
    wait_for(t, "sec", "审议意见：");
    type_text(t, "sec", "建议加强重污染天气应急管控。");
    tui_keys(t, "sec", "Enter");
    wait_row_with(t, "sec", "草案", "市人民政府");
    wait_for(t, "sec", "建议加强重污染天气应急管控。");
    tui_keys(t, "sec", "e");
    wait_for(t, "sec", "交办机关： 市人民政府");
    tui_keys(t, "sec", "C-u");
    type_text(t, "sec", "市生态环境局");
    tui_keys(t, "sec", "Enter");
    wait_for(t, "sec", "审议意见： 建议加强重污染天气应急管控。"); /* the draft's text to edit */
    tui_keys(t, "sec", "C-u");
    type_text(t, "sec", "建议完善大气环境监测网络，按季度公开监测数据。");
    tui_keys(t, "sec", "Enter");
    wait_row_with(t, "sec", "草案", "市生态环境局");
    wait_for(t, "sec", "建议完善大气环境监测网络，按季度公开监测数据。");
}

/* The chair's console: A asks about the draft, y adopts it. */
static void adopted_with_its_due_date(struct tui *t)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, "", "chair", "", "chair-1.ini", cmd, sizeof cmd);
    tui_start(t, "chair", 80, 24, cmd);
    wait_for(t, "chair", "进行中");
    tui_keys(t, "chair", "A");
    wait_for(t, "chair", "通过第");
    wait_for(t, "chair", "号审议意见（交市生态环境局）");
    tui_keys(t, "chair", "y");
    wait_row_with(t, "sec", "已交办，待报告", "2027-02-23");
    wait_for(t, "sec", "2026-11-23通过，2027-02-23前报告");
    /* the status line says it in words */
    wait_for(t, "sec", "审议意见已通过，2027-02-23前报告");
}

/* Meeting 13: an evaluation of the report; the tab turns to it, l links the opinion. */
static void linked_at_the_next_meeting(struct tui *t)
{
    struct room *r = &t->room;
    int delib = first_opinion(r, "item");
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_close\",\"id\":%d}", delib);
    next_meeting(r, 13, "2027-02-20", "evaluation", "审议意见办理情况的报告", "市生态环境局");
    wait_for(t, "sec", "审议意见办理情况的报告");
    tui_keys(t, "sec", "l");
    wait_row_with(t, "sec", "报告已列入议程", "市生态环境局");
    tui_keys(t, "sec", "l");
    wait_for(t, "sec", "[!] 未执行：该审议意见当前的环节不允许该操作");
}

/* A meeting dated before the hub's clock (2026-06-01): the opinion it adopts is due
 * 2026-09-01, past already, and its row says so. */
static void overdue_by_the_hubs_date(struct tui *t)
{
    struct room *r = &t->room;
    room_sign_in(r, SEATS);
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_open\"}");
    int item =
        next_meeting(r, 14, "2026-06-01", "deliberation", "关于水污染防治的报告", "市水务局");
    room_sign_in(r, SEATS);
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    room_ok(
        r, "secretary-2", NULL,
        "{\"type\":\"opinion_draft\",\"item\":%d,\"detail\":\"\",\"text\":\"建议加快管网建设。\"}",
        item);
    wait_row_with(t, "sec", "草案", "市水务局");
    tui_keys(t, "sec", "Down");
    tui_keys(t, "chair", "A");
    wait_for(t, "chair", "号审议意见（交市水务局）");
    tui_keys(t, "chair", "y");
    wait_row_with(t, "sec", "2026-09-01逾期", "市水务局");
    /* the other's report item was left pending at meeting 13: its report is awaited again */
    wait_row_with(t, "sec", "已交办，待报告", "市生态环境局");
}

/* The same tab in English and monochrome, from another secretary's console. */
static void in_english(struct tui *t)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, "env TERM=vt100 NO_COLOR=1 ", "secretary", "--lang en ", "secretary-3.ini", cmd,
                sizeof cmd);
    tui_start(t, "en", 80, 24, cmd);
    wait_for(t, "en", "8 Opinions");
    tui_keys(t, "en", "8");
    wait_row_with(t, "en", "2026-09-01 overdue", "市水务局");
    wait_row_with(t, "en", "report awaited", "市生态环境局");
    wait_for(t, "en", "d draft");
    assert_monochrome(t, "en");
}

static void opinions_tab(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    /* ctl as a console's name would take its place: the script has a secretary and a chair of
     * its own */
    room_enroll(r, "secretary", 0, "secretary-2");
    room_enroll(r, "chair", 0, "chair-2");
    room_enroll(r, "secretary", 0, "secretary-3");
    room_hub_start(r);
    room_sign_in(r, SEATS);
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_open\"}");
    int item = first_item(r);
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    char cmd[3 * PATH_MAX];
    tui_command(t, "", "secretary", "", "secretary-1.ini", cmd, sizeof cmd);
    tui_start(t, "sec", 80, 24, cmd);
    wait_for(t, "sec", "8 审议意见"); /* the eighth tab fits at 80 columns */
    draft_and_edit(t);
    adopted_with_its_due_date(t);
    linked_at_the_next_meeting(t);
    overdue_by_the_hubs_date(t);
    in_english(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(opinions_tab, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
