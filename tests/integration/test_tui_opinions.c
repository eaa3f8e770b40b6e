/* The secretary's opinions tab (8 审议意见) at 80x24 in Chinese: on the open deliberation the
 * secretary drafts an opinion (the organ prefilled with the item's department, the text typed),
 * edits it (another organ, another text), the chair adopts it (A on the chair's console, then y)
 * and the row shows its state and due date, three months after the meeting's; at the next
 * meeting the secretary links it to the report item with l, and a second link is refused in
 * plain words; an opinion adopted at a meeting dated before the hub's clock shows overdue; the
 * tab in English and monochrome.  In a room of its own, under [rules] opinion_adoption = vote,
 * v puts the drafts to a vote, and the vote's result adopts them or leaves them drafts. */
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

/* The hub started, every member signed in, the meeting and its first item open (by a script
 * with a secretary and a chair of its own: ctl as a console's name would take its place), and
 * secretary-1's console shown; the item's id. */
static int secretary_on_the_first_item(struct tui *t)
{
    struct room *r = &t->room;
    room_enroll(r, "secretary", 0, "secretary-2");
    room_enroll(r, "chair", 0, "chair-2");
    room_hub_start(r);
    room_sign_in(r, SEATS);
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_open\"}");
    int item = first_item(r);
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    tui_console(t, "sec", "", "secretary", "", "secretary-1.ini");
    wait_for(t, "sec", "8 审议意见"); /* the eighth tab fits at 80 columns */
    return item;
}

static void draft_and_edit(struct tui *t)
{
    tui_keys(t, "sec", "8");
    wait_for(t, "sec", "尚无审议意见：按d就上面的议题起草。");
    wait_for(t, "sec", first_report);
    tui_keys(t, "sec", "v"); /* the chair adopts them here */
    wait_for(t, "sec", "[!] 审议意见由会议主持人通过（主持人控制台按A），不付表决。");
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
    tui_console(t, "chair", "", "chair", "", "chair-1.ini");
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
    tui_console(t, "en", "env TERM=vt100 NO_COLOR=1 ", "secretary", "--lang en ",
                "secretary-3.ini");
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
    room_enroll(r, "secretary", 0, "secretary-3");
    secretary_on_the_first_item(t);
    draft_and_edit(t);
    adopted_with_its_due_date(t);
    linked_at_the_next_meeting(t);
    overdue_by_the_hubs_date(t);
    in_english(t);
}

/* ---- [rules] opinion_adoption = vote: a room of its own ---- */

/* The id of the agenda's last item, as the hub has it, and its ballot's one subject. */
static int last_item(struct room *r, int *subject)
{
    cJSON *s = room_state(r, "secretary-2");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    cJSON *it = cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1);
    int id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id"));
    cJSON *subjects = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "ballot"), "subjects");
    *subject =
        (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(subjects, 0), "id"));
    cJSON_Delete(s);
    return id;
}

/* The vote item v put last on the agenda, opened and voted on by every member present from
 * seat first on with the option (0 for, 1 against), then closed; seat_votes runs once the
 * ballot is open (the members before first vote there). */
static void vote_on_it(struct tui *t, int option, int first, void (*seat_votes)(struct tui *))
{
    struct room *r = &t->room;
    int subject, item = last_item(r, &subject);
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    room_ok(r, "chair-2", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", item);
    if (seat_votes) seat_votes(t);
    for (int seat = first; seat <= SEATS; seat++) room_cast(r, seat, item, subject, option);
    room_ok(r, "chair-2", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", item);
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_close\",\"id\":%d}", item);
}

/* v on the secretary's console, the title as prefilled (the first report's drafts). */
static void put_to_the_vote(struct tui *t)
{
    tui_keys(t, "sec", "v");
    wait_for(t, "sec", "表决事项的标题："); /* prefilled; its end shown, where the cursor is */
    wait_for(t, "sec", "环境保护目标完成情况的报告的审议意见");
    tui_keys(t, "sec", "Enter");
    wait_for(t, "sec", "交市人民政府；已提请表决");
}

/* The two drafts the vote adopts, each with its organ, on the pane. */
static void shows_the_drafts_voted(struct tui *t, const char *pane)
{
    wait_for(t, pane, "交市人民政府：建议加强重污染天气应急管控。");
    wait_for(t, pane, "交市人民政府：建议按季度公开监测数据。");
}

/* The display and seat 1's console show the two drafts the vote adopts; the member votes
 * for. */
static void seat_reads_and_votes(struct tui *t)
{
    room_enroll(&t->room, "display", 0, "display-1");
    tui_console(t, "disp", "", "display", "", "display-1.ini");
    wait_for(t, "disp", "表决进行中");
    shows_the_drafts_voted(t, "disp");
    tui_console(t, "s1", "", "seat", "", "seat-1.ini");
    wait_for(t, "s1", "1  开始表决");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "表决：第 1 项，共 1 项");
    shows_the_drafts_voted(t, "s1");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "表决：请核对您的选择");
    tui_keys(t, "s1", "Enter");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "已记录：您的票已计入。");
}

/* A draft left when meeting 12 closes: at meeting 13, marked, v puts it to a vote there, and
 * that meeting's vote adopts it with a due date from that meeting's. */
static void left_for_the_next_meeting(struct tui *t, int item)
{
    struct room *r = &t->room;
    room_ok(r, "secretary-2", NULL,
            "{\"type\":\"opinion_draft\",\"item\":%d,\"detail\":\"\",\"text\":\"%s\"}", item,
            "建议建立重点排污单位名录。");
    wait_row_with(t, "sec", "草案", "市人民政府");
    next_meeting(r, 13, "2027-02-20", "deliberation", "关于城市绿化的报告", "市园林局");
    room_sign_in(r, SEATS);
    room_ok(r, "chair-2", NULL, "{\"type\":\"meeting_open\"}");
    wait_for(t, "sec", "关于城市绿化的报告"); /* the item worked on, with no draft */
    tui_keys(t, "sec", "Down");
    wait_for(t, "sec", "建议建立重点排污单位名录。");
    put_to_the_vote(t);
    vote_on_it(t, 0, 1, NULL);
    wait_for(t, "sec", "2027-02-20通过，2027-05-20前报告");
}

/* v with no draft is refused before a title is asked; with two drafts it asks the vote's title
 * (prefilled), the vote item joins the agenda and the draft says it is put to a vote; voted
 * down, the drafts stay and say v puts them again; at the second, seat 1's console shows
 * the drafts it votes on, and it passes and adopts both, with their due date; a draft left to the
 * next meeting is put to a vote there. */
static void put_to_a_vote(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    room_configure(r, "[rules]\nopinion_adoption = vote\n");
    int item = secretary_on_the_first_item(t);
    tui_keys(t, "sec", "8");
    wait_for(t, "sec", first_report);
    tui_keys(t, "sec", "v");
    wait_for(t, "sec", "[!] 该议题没有待表决的审议意见草案：按d起草。");
    static const char *const texts[] = {"建议加强重污染天气应急管控。", "建议按季度公开监测数据。"};
    for (int i = 0; i < 2; i++)
        room_ok(r, "secretary-2", NULL,
                "{\"type\":\"opinion_draft\",\"item\":%d,\"detail\":\"\",\"text\":\"%s\"}", item,
                texts[i]);
    room_ok(r, "chair-2", NULL, "{\"type\":\"item_close\",\"id\":%d}", item);
    wait_for(t, "sec", texts[0]);
    put_to_the_vote(t);
    vote_on_it(t, 1, 1, NULL);
    wait_for(t, "sec", "；表决未通过：按v可再次提请表决");
    wait_row_with(t, "sec", "草案", "市人民政府");
    put_to_the_vote(t);
    vote_on_it(t, 0, 2, seat_reads_and_votes);
    wait_for(t, "sec", "2026-11-23通过，2027-02-23前报告");
    tui_keys(t, "sec", "Down");
    wait_for(t, "sec", texts[1]);
    wait_for(t, "sec", "2026-11-23通过，2027-02-23前报告");
    assert_int_equal(room_journal_count(r, "opinion_adopted"), 0); /* adopted by the vote */
    assert_int_equal(room_journal_count(r, "opinion_placed"), 2);
    tui_keys(t, "sec", "v");
    wait_for(t, "sec", "[!] 该议题没有待表决的审议意见草案：按d起草。");
    left_for_the_next_meeting(t, item);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(opinions_tab, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(put_to_a_vote, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
