/* Group sittings end to end at 80x24 (PROCEDURES §2): the report heard in plenary, the chair
 * splits the meeting into its three groups (G, confirmed), two conveners run their groups' lists
 * from their own seats at the same time — 第一组's named by the secretary on the roster tab (c
 * on 欧阳明, seat 8), 第二组's by the turn of meeting 12 (朱家豪, seat 15) — each speaker with a
 * 15-minute countdown on the display's overview, where 第三组, every member taken out of it
 * beforehand, shows it has nobody; a request for another group's list is refused; the chair
 * calls everyone back (P), the speech still running ends, and the vote counts everyone present
 * once.  The briefing lists the speeches group by group.  In Chinese, and in English in
 * monochrome.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18, DELIBERATION_INDEX = 1, VOTE_INDEX = 4, GROUP_TWO = 2 };

TUI_ROOM(SEATS, "sittings")

struct words { /* what each language's screens say */
    const char *lang, *env, *overview, *convener, *first_speaks, *second_speaks, *sitting_line,
        *plenary_again, *ask_groups, *ask_plenary, *named, *note_label, *chair_ready, *nobody;
};

static const struct words zh = {
    "--lang zh ",
    "",
    "分组会议进行中（3 个小组）",
    "g 下一位发言",
    "第一组      欧阳明      吴晓东",
    "第二组      朱家豪      何志刚",
    "第一组（分组会议）  召集人 欧阳明   出席 4/10",
    "等候发言（2 人）",
    "分组审议当前议程项？",
    "恢复全体会议？",
    "委员，召集人",
    "议题 1 的记录（第一组（分组会议））：",
    "G 分组会议",
    "（无成员）",
};
static const struct words en = {
    "--lang en ",
    "env TERM=vt100 NO_COLOR=1 ",
    "The groups sit (3)",
    "g next speaker",
    "第一组      欧阳明      吴晓东",
    "第二组      朱家豪      何志刚",
    "第一组 (group sitting)  convener 欧阳明   present 4/10",
    "Waiting to speak (2)",
    "Split into groups on the open item?",
    "Back to plenary?",
    "委员, convener",
    "Note on item 1, 第一组 (group sitting):",
    "G groups",
    "(no members)",
};

static void start(struct tui *t, const struct words *w, const char *session, const char *sub,
                  const char *ini)
{
    tui_console(t, session, w->env, sub, w->lang, ini);
}

/* The secretary takes every member (组成人员) of 第三组 out of any group (roster tab g, left
 * empty): the group still sits, with nobody to convene it. */
static void third_group_emptied(struct room *r)
{
    cJSON *s = room_state(r, "secretary-1"), *p;
    int moved = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "people"))
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(p, "group")), "第三组") != 0) continue;
        room_ok(r, "secretary-1", NULL,
                "{\"type\":\"member_update\",\"id\":%d,\"kind\":\"member\",\"name\":\"%s\","
                "\"title\":\"%s\",\"group\":\"\",\"number\":%d,\"flag\":%s}",
                (int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "id")),
                cJSON_GetStringValue(cJSON_GetObjectItem(p, "name")),
                cJSON_GetStringValue(cJSON_GetObjectItem(p, "title")),
                (int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "seat")),
                cJSON_IsTrue(cJSON_GetObjectItem(p, "has_pin")) ? "true" : "false");
        moved++;
    }
    cJSON_Delete(s);
    assert_int_equal(moved, 9);
}

static void request(struct room *r, int seat, int item)
{
    char name[32];
    snprintf(name, sizeof name, "seat-%d", seat);
    room_ok(r, name, NULL, "{\"type\":\"floor_request\",\"item\":%d,\"person\":%d}", item, seat);
}

/* The groups split and two conveners give the floor at once; a request for another group's
 * list is refused. */
static void two_groups_sit(struct tui *t, const struct words *w, int delib)
{
    struct room *r = &t->room;
    wait_for(t, "chair", w->chair_ready); /* the open item's keys: the chair has the meeting */
    tui_keys(t, "chair", "G");
    wait_for(t, "chair", w->ask_groups);
    tui_keys(t, "chair", "y");
    wait_for(t, "disp", w->overview);
    wait_row_with(t, "disp", "第三组", w->nobody);
    request(r, 11, delib); /* 吴晓东, 第一组 */
    request(r, 18, delib); /* 何志刚, 第二组 */
    int rc;
    cJSON *a = room_ctl(r, "seat-14", NULL, &rc,
                        "{\"type\":\"floor_request\",\"item\":%d,\"person\":14,\"sitting\":%d}",
                        delib, GROUP_TWO); /* 马红梅 of 第一组 asks on 第二组's list */
    assert_int_equal(rc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "wrong_group");
    cJSON_Delete(a);
    wait_for(t, "s8", w->convener);
    wait_for(t, "s15", w->convener);
    tui_keys(t, "s8", "g");
    tui_keys(t, "s15", "g");
    wait_for(t, "disp", w->first_speaks);
    wait_for(t, "disp", w->second_speaks);
    wait_for(t, "disp", "15:00");
    wait_for(t, "s8", w->sitting_line);
    tui_keys(t, "s8", "e"); /* 第一组's speech ends; 第二组's runs on */
    wait_gone(t, "disp", w->first_speaks);
    tui_keys(t, "sec", "5"); /* the notes tab follows the first group: its own note */
    wait_for(t, "sec", w->note_label);
    tui_keys(t, "sec", "Enter");
    type_text(t, "sec", "小组认为应加快整改。");
    tui_keys(t, "sec", "Enter");
    wait_row_with(t, "sec", "审议市人民政府", "小组认为应加快整改。");
}

static void vote_back_in_plenary(struct tui *t, const struct words *w, int delib)
{
    struct room *r = &t->room;
    tui_keys(t, "chair", "P");
    wait_for(t, "chair", w->ask_plenary);
    tui_keys(t, "chair", "y");
    wait_gone(t, "disp", w->overview);
    wait_for(t, "disp", w->plenary_again); /* the plenary's list again: its two scheduled */
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", delib);
    int vote = room_item_at(r, VOTE_INDEX);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", vote);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", vote);
    for (int seat = 1; seat <= SEATS; seat++) room_cast(r, seat, vote, vote + 1, 0);
    int rc;
    cJSON *a = room_ctl(r, "seat-8", NULL, &rc,
                        "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":8,\"choices\":"
                        "[{\"subject\":%d,\"option\":0}]}",
                        vote, vote + 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "already_cast");
    cJSON_Delete(a);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", vote);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *sub = room_first_subject(s, VOTE_INDEX);
    assert_int_equal(room_count_of(sub, 0), SEATS);
    assert_int_equal(
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(sub, "vote"), "signed_in")),
        SEATS);
    cJSON_Delete(s);
}

static long offset(const char *text, const char *part)
{
    const char *at = strstr(text, part);
    return at ? (long)(at - text) : -1;
}

/* The export in format (the briefing of one group with group), written to DIR/name: its text
 * (caller frees). */
static char *brief(struct room *r, const char *name, const char *format, const char *group)
{
    char path[PATH_MAX];
    room_path(r, name, path, sizeof path);
    int rc = group ? room_run(r, NULL, "export", "--config", r->config, "--lang", "zh", "--format",
                              format, "--group", group, "--out", path)
                   : room_run(r, NULL, "export", "--config", r->config, "--lang", "zh", "--format",
                              format, "--out", path);
    assert_int_equal(rc, 0);
    return room_file(r, name);
}

/* The briefing: the speeches under their groups' names; one group's alone with --group. */
static void briefing(struct room *r)
{
    char *all = brief(r, "brief.md", "brief", NULL);
    long one = offset(all, "### 第一组（分组会议）"), two = offset(all, "### 第二组（分组会议）");
    assert_true(one >= 0 && two > one);
    assert_true(one < offset(all, "吴晓东") && offset(all, "吴晓东") < two);
    assert_true(two < offset(all, "何志刚"));
    long note = offset(all, "> 小组认为应加快整改。");
    assert_true(one < note && note < two); /* 第一组's note, under 第一组 */
    free(all);
    char *minutes = brief(r, "minutes.md", "md", NULL);
    assert_true(offset(minutes, "#### 会务备注（第一组（分组会议））\n\n> 小组认为应加快整改。") >
                0);
    assert_true(offset(minutes, "| 第二组（分组会议） | 何志刚 |") > 0);
    free(minutes);
    char *group = brief(r, "brief-2.md", "brief", "第二组");
    assert_int_equal(offset(group, "吴晓东"), -1);
    assert_true(offset(group, "何志刚") > 0);
    free(group);
    assert_int_not_equal(room_run(r, NULL, "export", "--config", r->config, "--format", "brief",
                                  "--group", "第九组"),
                         0);
}

static void groups_then_plenary(void **state, const struct words *w)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    room_enroll(r, "display", 0, "display-1");
    room_hub_start(r);
    room_sign_in(r, SEATS);
    int delib = room_item_at(r, DELIBERATION_INDEX);
    start(t, w, "sec", "secretary", "secretary-1.ini");
    wait_for(t, "sec", "欧阳明");
    tui_keys(t, "sec", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "c");
    wait_row_with(t, "sec", "欧阳明", w->named);
    third_group_emptied(r);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", delib);
    start(t, w, "chair", "chair", "chair-1.ini");
    start(t, w, "s8", "seat", "seat-8.ini");
    start(t, w, "s15", "seat", "seat-15.ini");
    start(t, w, "disp", "display", "display-1.ini");
    two_groups_sit(t, w, delib);
    vote_back_in_plenary(t, w, delib);
    if (w == &zh) briefing(r);
}

static void in_chinese(void **state)
{
    groups_then_plenary(state, &zh);
}

static void in_english_monochrome(void **state)
{
    groups_then_plenary(state, &en);
    struct tui *t = *state;
    if (t) assert_monochrome(t, "disp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(in_chinese, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(in_english_monochrome, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
