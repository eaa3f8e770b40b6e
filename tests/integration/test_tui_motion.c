/* Inquiry motions (质询案) end to end at 80x24: a member drafts one at the seat, four more
 * co-sign (one at a seat in tmux, the rest with `cmte ctl`), it is registered at the fifth
 * signature and not at the fourth; a second signature from the same seat and one from an
 * attendee's seat are refused in plain words; the secretary places it on the agenda and records
 * the written answer in the motions tab; three of the five proposers are dissatisfied and the
 * display shows 再作答复 (second answer, in English and monochrome too); the minutes list it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, ATTENDEE = 101, ATTENDEE_SEAT = 40 }; /* 20 of 35: a quorum */

static int open_room(void **state)
{
    static struct tui t;
    if (!tui_open(&t, SEATS, "motion")) {
        *state = NULL;
        return 0;
    }
    room_enroll(&t.room, "display", 0, "display-1");
    room_enroll(&t.room, "member", ATTENDEE_SEAT, "seat-40"); /* given to an attendee below */
    *state = &t;
    return 0;
}

static void start(struct tui *t, const char *session, const char *sub, const char *prefix,
                  const char *options, const char *cfg)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, prefix, sub, options, cfg, cmd, sizeof cmd);
    if (!t->started)
        tui_start(t, session, 80, 24, cmd);
    else
        tui_start(t, session, 80, 24, cmd);
}

static cJSON *first_motion(cJSON *state)
{
    cJSON *m =
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(state, "state"), "motions"), 0);
    if (!m) fail_msg("no motion in the state");
    return m;
}

static double motion_number(struct room *r, const char *key)
{
    cJSON *s = room_state(r, "secretary-1");
    double v = cJSON_GetNumberValue(cJSON_GetObjectItem(first_motion(s), key));
    cJSON_Delete(s);
    return v;
}

/* The attendee 丁卫国 (101) gets seat 40, whose console seat-40 is. */
static void seat_the_attendee(struct room *r)
{
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"member_update\",\"id\":%d,\"kind\":\"attendee\",\"name\":\"丁卫国\","
            "\"title\":\"副市长\",\"group\":\"\",\"number\":%d,\"flag\":false}",
            ATTENDEE, ATTENDEE_SEAT);
}

static void draft_at_the_seat(struct tui *t)
{
    start(t, "s1", "seat", "", "", "seat-1.ini");
    wait_for(t, "s1", "座位 1  陈立新");
    wait_for(t, "s1", "m 质询案");
    tui_keys(t, "s1", "m");
    wait_for(t, "s1", "尚无质询案。");
    tui_keys(t, "s1", "0");
    wait_for(t, "s1", "受质询机关：");
    type_text(t, "s1", "市生态环境局");
    tui_keys(t, "s1", "Enter");
    type_text(t, "s1", "河道污染问题");
    tui_keys(t, "s1", "Enter");
    type_text(t, "s1", "请说明污染原因和整改时间表。");
    tui_keys(t, "s1", "Enter");
    wait_row_with(t, "s1", "河道污染问题", "联名 1/5");
    wait_for(t, "s1", "您：提案人");
}

static void cosign_at_a_seat_and_twice(struct tui *t)
{
    start(t, "s2", "seat", "", "", "seat-2.ini");
    wait_for(t, "s2", "座位 2");
    tui_keys(t, "s2", "m");
    wait_for(t, "s2", "1 联名");
    tui_keys(t, "s2", "1");
    wait_row_with(t, "s2", "河道污染问题", "联名 2/5");
    wait_for(t, "s2", "您：已联名");
    tui_keys(t, "s2", "1"); /* the same seat again */
    wait_for(t, "s2", "[!] 已拒绝：您已联名此质询案。");
    wait_row_with(t, "s1", "河道污染问题", "联名 2/5");
}

static void an_attendee_cannot_sign(struct tui *t)
{
    seat_the_attendee(&t->room);
    start(t, "s40", "seat", "", "", "seat-40.ini");
    wait_for(t, "s40", "丁卫国");
    tui_keys(t, "s40", "m");
    wait_row_with(t, "s40", "河道污染问题", "联名 2/5");
    tui_keys(t, "s40", "1");
    wait_for(t, "s40", "[!] 已拒绝：只有常委会组成人员可以提出或联名质询案。");
    wait_row_with(t, "s1", "河道污染问题", "联名 2/5");
}

static void registered_at_the_fifth(struct tui *t)
{
    struct room *r = &t->room;
    int id = (int)motion_number(r, "id");
    room_ok(r, "seat-3", NULL, "{\"type\":\"motion_sign\",\"id\":%d,\"person\":3}", id);
    room_ok(r, "seat-4", NULL, "{\"type\":\"motion_sign\",\"id\":%d,\"person\":4}", id);
    wait_row_with(t, "s1", "联名 4/5", "征集联名中");
    assert_int_equal(room_journal_count(r, "motion_registered"), 0);
    assert_true(motion_number(r, "registered_at") == 0);
    room_ok(r, "seat-5", NULL, "{\"type\":\"motion_sign\",\"id\":%d,\"person\":5}", id);
    wait_row_with(t, "s1", "联名 5", "已登记");
    assert_int_equal(room_journal_count(r, "motion_registered"), 1);
    assert_true(motion_number(r, "registered_at") > 0);
    /* a sixth signature: the motion takes no more */
    int rc;
    cJSON *a =
        room_ctl(r, "seat-6", NULL, &rc, "{\"type\":\"motion_sign\",\"id\":%d,\"person\":6}", id);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "motion_state");
    cJSON_Delete(a);
}

static void the_secretary_places_and_records_the_answer(struct tui *t)
{
    start(t, "sec", "secretary", "", "", "secretary-1.ini");
    wait_for(t, "sec", "7 质询案");
    tui_keys(t, "sec", "7");
    wait_row_with(t, "sec", "河道污染问题", "已登记");
    tui_keys(t, "sec", "p");
    wait_row_with(t, "sec", "河道污染问题", "已列入议程");
    tui_keys(t, "sec", "w");
    wait_for(t, "sec", "答复日期");
    tui_keys(t, "sec", "C-u");
    type_text(t, "sec", "2026-11-24");
    tui_keys(t, "sec", "Enter");
    wait_for(t, "sec", "书面答复的内容");
    type_text(t, "sec", "已制定整改方案，年底前完成。");
    tui_keys(t, "sec", "Enter");
    wait_row_with(t, "sec", "河道污染问题", "已书面答复");
    wait_for(t, "sec", "书面答复 2026-11-24：已制定整改方案");
}

static void three_of_five_dissatisfied(struct tui *t)
{
    struct room *r = &t->room;
    int id = (int)motion_number(r, "id"), item = (int)motion_number(r, "item");
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    start(t, "app", "display", "", "", "display-1.ini");
    wait_for(t, "app", "质询案  受质询机关：市生态环境局");
    wait_for(t, "app", "满意 0  不满意 0  未表态 5");
    /* the organ's head answered at the meeting too, under the motion_answer limit */
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"speaker_add\",\"item\":%d,\"person\":0,\"name\":\"市生态环境局局长\","
            "\"flag\":false,\"kind\":\"motion_answer\"}",
            item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"floor_grant\",\"item\":%d,\"id\":0}", item);
    wait_for(t, "app", "（答复质询案）");
    wait_for(t, "app", "（限时 15:00）");
    room_ok(r, "chair-1", NULL, "{\"type\":\"speech_end\",\"item\":%d}", item);
    wait_gone(t, "app", "（限时 15:00）");
    tui_keys(t, "s1", "4");
    wait_for(t, "s1", "您：不满意");
    tui_keys(t, "s2", "4");
    room_ok(r, "seat-4", NULL, "{\"type\":\"motion_judge\",\"id\":%d,\"person\":4,\"flag\":true}",
            id);
    room_ok(r, "seat-5", NULL, "{\"type\":\"motion_judge\",\"id\":%d,\"person\":5,\"flag\":true}",
            id);
    wait_for(t, "app", "满意 2  不满意 2  未表态 1");
    char *screen = screen_of(t, "app");
    assert_null(strstr(screen, "再作答复")); /* two of five: not yet */
    free(screen);
    room_ok(r, "seat-3", NULL, "{\"type\":\"motion_judge\",\"id\":%d,\"person\":3,\"flag\":false}",
            id);
    wait_for(t, "app", "满意 2  不满意 3  未表态 0");
    wait_for(t, "app", "[!] 要求再作答复");
    wait_row_with(t, "s1", "河道污染问题", "再作答复");
}

/* English, monochrome: the display and a seat. */
static void in_english(struct tui *t)
{
    start(t, "en", "display", "env TERM=vt100 NO_COLOR=1 ", "--lang en ", "display-1.ini");
    wait_for(t, "en", "Inquiry motion  to: 市生态环境局");
    wait_for(t, "en", "satisfied 2  dissatisfied 3  not yet said 0");
    wait_for(t, "en", "[!] A second answer is asked for");
    assert_monochrome(t, "en");
    start(t, "s6", "seat", "env TERM=vt100 NO_COLOR=1 ", "--lang en ", "seat-6.ini");
    wait_for(t, "s6", "m motions");
    tui_keys(t, "s6", "m");
    wait_row_with(t, "s6", "5 signed", "second answer");
    tui_keys(t, "s6", "1");
    wait_for(t, "s6", "[!] Refused: this motion no longer takes signatures.");
    assert_monochrome(t, "s6");
}

static void the_minutes_list_it(struct tui *t)
{
    struct room *r = &t->room;
    char out[PATH_MAX];
    room_path(r, "minutes.md", out, sizeof out);
    assert_int_equal(room_run(r, NULL, "export", "--config", r->config, "--lang", "zh", "--format",
                              "md", "--out", out),
                     0);
    char *md = room_file(r, "minutes.md");
    assert_non_null(strstr(md, "## 质询案"));
    assert_non_null(strstr(md, "- 受质询机关：市生态环境局"));
    assert_non_null(strstr(md, "- 提案人（5人）：陈立新（提案人）"));
    assert_non_null(strstr(md, "- 书面答复，2026-11-24：已制定整改方案"));
    assert_non_null(strstr(md, "- 要求再作答复。"));
    free(md);
}

static void motion_end_to_end(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    room_hub_start(&t->room);
    room_sign_in(&t->room, SEATS);
    draft_at_the_seat(t);
    cosign_at_a_seat_and_twice(t);
    an_attendee_cannot_sign(t);
    registered_at_the_fifth(t);
    the_secretary_places_and_records_the_answer(t);
    three_of_five_dissatisfied(t);
    in_english(t);
    the_minutes_list_it(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(motion_end_to_end, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
