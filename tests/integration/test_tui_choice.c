/* Choice ballots (差额票决) end to end, at 80x24.  Chinese: a choice item of four candidates,
 * choose two, added by commands (the sample committee votes on no projects); a seat chooses two
 * by keys (a third is refused in words), reviews and confirms; the secretary enters one member's
 * paper ballot; the others cast through `cmte ctl`, and the hub, killed in the middle, comes back
 * with the sealed tally; the display and the secretary show the progress, then the candidates
 * ranked with their votes and marks under the statutory heading, by the default rule (more than
 * half of all members), with the unfilled seat.  English on a monochrome terminal, the rule
 * "most": a seat chooses one of three by keys (a second refused), two candidates tie for the
 * one seat, the chair's key bar offers the run-off, the chair adds it with v, and it stands
 * right after the first ballot with the tied as its candidates.  Skipped without tmux. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18 };

TUI_ROOM(SEATS, "choice")

/* A choice item added after the sample agenda: its id, and its candidates' ids in cand. */
static int add_choice(struct room *r, const char *title, int k, const char *const *names, int n,
                      int *cand)
{
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"item_add\",\"kind\":\"choice\",\"title\":\"%s\",\"detail\":\"\","
            "\"name\":\"\",\"number\":0,\"text\":\"\",\"flag\":true,\"choose\":%d}",
            title, k);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    cJSON *last = cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1);
    int item = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(last, "id"));
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(last, "choose")), k);
    cJSON_Delete(s);
    for (int i = 0; i < n; i++) {
        room_ok(r, "secretary-1", NULL,
                "{\"type\":\"subject_add\",\"item\":%d,\"title\":\"%s\",\"detail\":\"\"}", item,
                names[i]);
        cand[i] = item + 1 + i; /* ids are given in order */
    }
    return item;
}

static void open_ballot(struct room *r, int item)
{
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", item);
}

/* Seat `seat` chooses the candidates a and b (0 for none) through `cmte ctl`. */
static void cast(struct room *r, int seat, int item, int a, int b)
{
    char name[32], choices[128] = "";
    snprintf(name, sizeof name, "seat-%d", seat);
    if (a) snprintf(choices, sizeof choices, "{\"subject\":%d,\"option\":0}", a);
    if (b) {
        size_t len = strlen(choices);
        snprintf(choices + len, sizeof choices - len, ",{\"subject\":%d,\"option\":0}", b);
    }
    room_ok(r, name, NULL, "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":[%s]}",
            item, seat, choices);
}

static void start_display(struct tui *t, const char *prefix, const char *options)
{
    room_enroll(&t->room, "display", 0, "display-1");
    tui_console(t, "disp", prefix, "display", options, "display-1.ini");
}

/* ---- Chinese: a seat chooses two of four; the display ranks ------------------------------ */

static void a_seat_chooses_two_of_four(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    room_hub_start(r);
    static const char *const names[] = {"老旧小区改造", "社区食堂", "口袋公园", "学校午餐"};
    int cand[4];
    int item = add_choice(r, "2027年民生实事项目票决", 2, names, 4, cand);
    room_sign_in(r, SEATS);
    open_ballot(r, item);

    tui_console(t, "s1", "", "seat", "", "seat-1.ini");
    start_display(t, "", "");
    tui_console(t, "sec", "", "secretary", "", "secretary-1.ini");
    wait_for(t, "sec", "已签到 18/35");
    tui_keys(t, "sec", "2"); /* the agenda, on the open item */
    wait_for(t, "sec", "每人最多选2项（共4项）");
    wait_for(t, "sec", "已投票 0 人");
    wait_for(t, "disp", "差额票决进行中（无记名）");
    wait_for(t, "disp", "每人最多选2项（共4项）。");
    wait_for(t, "s1", "1  开始投票");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "差额票决：最多选2项（共4项）");
    wait_for(t, "s1", "已选 0/2");
    tui_keys(t, "s1", "1", "3");
    wait_for(t, "s1", "已选 2/2");
    wait_for(t, "s1", "[x] 口袋公园");
    tui_keys(t, "s1", "2"); /* a third: refused in words, nothing changes */
    wait_for(t, "s1", "[!] 最多只能选2项：请先取消一项再选。");
    wait_for(t, "s1", "[ ] 社区食堂");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "请核对您的选择");
    wait_for(t, "s1", "1. 老旧小区改造");
    wait_for(t, "s1", "2. 口袋公园");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "提交这张选票？");
    tui_keys(t, "s1", "Enter"); /* not the confirmation key */
    wait_for(t, "s1", "[!] 尚未提交");
    assert_int_equal(room_journal_count(r, "ballot_cast"), 0);
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "已记录：您的票已计入。");
    wait_for(t, "disp", "已表决 1/18");
    assert_int_equal(room_journal_count(r, "ballot_cast"), 1);

    /* 王秀英 (seat 2) hands in a paper ballot: the secretary enters it from the roster */
    tui_keys(t, "sec", "1");
    tui_keys(t, "sec", "Down");
    wait_row_with(t, "sec", "> ", "王秀英");
    tui_keys(t, "sec", "v");
    static const char *const marks[] = {"1", "1", "2", "2"};
    for (int k = 0; k < 4; k++) {
        char prompt[128];
        snprintf(prompt, sizeof prompt, "王秀英，第 %d 项（共 4 项）（1 选择  2 不选）：", k + 1);
        wait_for(t, "sec", prompt);
        tui_keys(t, "sec", marks[k], "Enter");
    }
    wait_for(t, "sec", "为王秀英录入表决：1 选择, 2 选择, 3 不选, 4 不选？");
    tui_keys(t, "sec", "y");
    wait_for(t, "disp", "已表决 2/18");
    tui_keys(t, "sec", "2");
    /* the others: 老旧小区改造 by all, 社区食堂 by 9, 口袋公园 by 4 more, 学校午餐 by 3 */
    for (int seat = 3; seat <= SEATS; seat++) {
        int second = seat <= 10 ? cand[1] : seat <= 14 ? cand[2] : seat <= 17 ? cand[3] : 0;
        cast(r, seat, item, cand[0], second);
        if (seat == 10) { /* the hub killed mid-ballot: it restores the sealed tally */
            room_hub_stop(r, SIGKILL);
            room_hub_start(r);
        }
    }
    wait_for(t, "disp", "已表决 18/18");
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", item);
    wait_for(t, "disp", "本次会议应到35人，出席18人，符合法定人数；收回选票18张");
    wait_for(t, "disp", "获得全体组成人员过半数选票（18票）者中，得票多的2项当选");
    wait_for(t, "disp", "当选1项（应选2项）；1个名额空缺");
    wait_row_with(t, "disp", " 1. 老旧小区改造", "18票");
    wait_row_with(t, "disp", " 2. 社区食堂", "9票");
    wait_row_with(t, "disp", " 3. 口袋公园", "5票");
    wait_row_with(t, "disp", " 4. 学校午餐", "3票");
    wait_row_with(t, "disp", "18票", "当选");
    wait_row_with(t, "disp", "9票", "未当选");
    wait_for(t, "sec", "当选1项（应选2项）；1个名额空缺");
    wait_row_with(t, "sec", " 1. 老旧小区改造", "18票");
    char *out = NULL;
    assert_int_equal(room_run(r, &out, "verify", "--lang", "en", "--config", r->config), 0);
    assert_non_null(strstr(out, "tallies match"));
    free(out);
}

/* ---- English, monochrome: a tie and the chair's run-off ---------------------------------- */

static void a_tie_and_the_chairs_runoff(void **state)
{
    struct tui *t = *state;
    if (!t) skip();
    struct room *r = &t->room;
    room_configure(r, "[rules]\nchoice_rule = most\n");
    room_hub_start(r);
    static const char *const names[] = {"Bus lanes", "School meals", "Pocket parks"};
    int cand[3];
    int item = add_choice(r, "Projects 2027", 1, names, 3, cand);
    room_sign_in(r, SEATS);
    open_ballot(r, item);
    tui_console(t, "chair", "env TERM=vt100 NO_COLOR=1 ", "chair", "--lang en ", "chair-1.ini");
    start_display(t, "env TERM=vt100 NO_COLOR=1 ", "--lang en ");
    /* seat 1 chooses by keys: one of three, a second refused in words */
    tui_console(t, "s1", "env TERM=vt100 NO_COLOR=1 ", "seat", "--lang en ", "seat-1.ini");
    wait_for(t, "s1", "1  Start choosing");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "Choice ballot: choose up to 1 of 3");
    tui_keys(t, "s1", "Down", "Up", "Space");
    wait_for(t, "s1", "Chosen 1/1");
    wait_for(t, "s1", "[x] Bus lanes");
    tui_keys(t, "s1", "3");
    wait_for(t, "s1", "[!] You may choose at most 1: un-choose one before choosing another.");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "check your choices");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "submit this ballot?");
    assert_monochrome(t, "s1");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "Recorded: your ballot has been counted.");
    for (int seat = 2; seat <= SEATS; seat++)
        cast(r, seat, item, cand[seat <= 7 ? 0 : seat <= 14 ? 1 : 2], 0);
    wait_for(t, "disp", "Voted 18/18");
    wait_for(t, "chair", "x close the ballot"); /* no run-off key while the ballot runs */
    wait_gone(t, "chair", "v run-off");
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", item);
    wait_for(t, "disp", "Members 35, present 18, a quorum; 18 ballots cast");
    wait_for(t, "disp", "0 of 1 seats filled; 2 tied with equal votes, 1 left: a run-off decides");
    wait_row_with(t, "disp", " 1. Bus lanes", "tied");
    wait_row_with(t, "disp", " 2. School meals", "tied");
    wait_row_with(t, "disp", " 3. Pocket parks", "not elected");
    assert_monochrome(t, "disp");

    wait_for(t, "chair", "v run-off");
    tui_keys(t, "chair", "a"); /* from the agenda too, on the item with the tie */
    wait_for(t, "chair", "F1 help  v run-off  Up, Down");
    tui_keys(t, "chair", "v");
    wait_for(t, "chair", "Add a run-off among the 2 tied? Seats left: 1");
    tui_keys(t, "chair", "y");
    wait_gone(t, "chair", "v run-off");
    assert_int_equal(room_journal_count(r, "runoff_added"), 1);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    int n = cJSON_GetArraySize(items), at = -1;
    for (int i = 0; i < n; i++)
        if ((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, i), "id")) ==
            item)
            at = i;
    assert_true(at >= 0 && at + 1 < n);
    cJSON *runoff = cJSON_GetArrayItem(items, at + 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(runoff, "title")),
                        "Projects 2027（再次投票）");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(runoff, "choose")), 1);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(runoff, "runoff_of")), item);
    cJSON *subs = cJSON_GetObjectItem(cJSON_GetObjectItem(runoff, "ballot"), "subjects");
    assert_int_equal(cJSON_GetArraySize(subs), 2);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(subs, 0), "name")),
        "Bus lanes");
    cJSON_Delete(s);
    /* a second run-off for the same tie is refused */
    int rc;
    cJSON *a = room_ctl(r, "chair-1", NULL, &rc, "{\"type\":\"ballot_runoff\",\"item\":%d}", item);
    assert_int_not_equal(rc, 0);
    cJSON_Delete(a);
    assert_monochrome(t, "chair");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_seat_chooses_two_of_four, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(a_tie_and_the_chairs_runoff, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
