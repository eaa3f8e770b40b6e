/* The big-screen display end to end: a real hub, `cmte display` in a detached 80x24 tmux pane,
 * the meeting driven with `cmte ctl` as the chair and the seats, and the screen read back with
 * `tmux capture-pane` (waiting for each expected text, never for a fixed time).  Skipped when
 * tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, DELIBERATION = 1, EVALUATION = 11 };

static int subject_id(struct room *r, int item, int k)
{
    cJSON *s = room_state(r, "secretary-1");
    cJSON *it, *found = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items"))
    {
        if (cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id")) == item) found = it;
    }
    if (!found) fail_msg("no item %d", item);
    cJSON *subjects = cJSON_GetObjectItem(cJSON_GetObjectItem(found, "ballot"), "subjects");
    int id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(subjects, k), "id"));
    cJSON_Delete(s);
    return id;
}

static int open_room(void **state)
{
    static struct tui t;
    if (!tui_open(&t, SEATS, "display")) {
        *state = NULL;
        return 0;
    }
    room_enroll(&t.room, "display", 0, "display-1");
    room_configure(&t.room, "[limits]\nplenary = 10\n"); /* a speech runs over in seconds */
    *state = &t;
    return 0;
}

/* The meeting seen on the display, in Chinese and in colour, as it runs. */
static void display_follows_the_meeting(struct tui *t)
{
    struct room *r = &t->room;
    tui_console(t, "app", "", "display", "", "display-1.ini");
    wait_for(t, "app", "已签到 0/35");
    wait_for(t, "app", "已连接会议主机");

    room_sign_in(r, SEATS);
    wait_for(t, "app", "已签到 20/35");
    wait_for(t, "app", "符合法定人数");

    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", DELIBERATION);
    wait_for(t, "app", "【听取和审议报告】");
    wait_for(t, "app", "审议市人民政府关于2025年度环境状况和环境保护目标完成情况的报告");

    /* the scheduled speakers come first: 欧阳明 (8), then 马红梅 (14) waits */
    room_ok(r, "chair-1", NULL, "{\"type\":\"floor_grant\",\"item\":%d,\"id\":0}", DELIBERATION);
    wait_for(t, "app", "发言人：欧阳明");
    wait_for(t, "app", "剩余 00:");
    wait_for(t, "app", "（限时 00:10）");
    wait_for(t, "app", "1. 马红梅");
}

static void display_resizes_and_helps(struct tui *t)
{
    wait_row_starts(t, "app", 23, "F1 帮助");
    assert_int_equal(tmux(t, NULL, "resize-window", "-t", "app", "-x", "100", "-y", "30"), 0);
    wait_row_starts(t, "app", 29, "F1 帮助");
    wait_for(t, "app", "发言人：欧阳明");

    assert_int_equal(tmux(t, NULL, "send-keys", "-t", "app", "F1"), 0);
    wait_for(t, "app", "大屏：按键");
    wait_for(t, "app", "按任意键关闭");
    assert_int_equal(tmux(t, NULL, "send-keys", "-t", "app", "Escape"), 0);
    wait_gone(t, "app", "大屏：按键");
    wait_for(t, "app", "发言人：欧阳明");
}

static void display_survives_the_hub(struct tui *t)
{
    struct room *r = &t->room;
    room_hub_stop(r, SIGKILL);
    wait_for(t, "app", "与会议主机的连接已断开，正在重连");
    room_hub_start(r);
    wait_gone(t, "app", "与会议主机的连接已断开");
    wait_for(t, "app", "发言人：欧阳明");
    /* the 10 s speech runs over, and the display says by how much */
    wait_for(t, "app", "[!] 超时 00:");
}

static void display_shows_the_ballot(struct tui *t)
{
    struct room *r = &t->room;
    room_ok(r, "chair-1", NULL, "{\"type\":\"speech_end\",\"item\":%d}", DELIBERATION);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", DELIBERATION);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", EVALUATION);
    wait_for(t, "app", "测评尚未开始");
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", EVALUATION);
    wait_for(t, "app", "已测评 0/20");
    int subject[2] = {subject_id(r, EVALUATION, 0), subject_id(r, EVALUATION, 1)};
    for (int seat = 1; seat <= 5; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, NULL,
                "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":"
                "[{\"subject\":%d,\"option\":0},{\"subject\":%d,\"option\":%d}]}",
                EVALUATION, seat, subject[0], subject[1], seat == 5 ? 1 : 0);
    }
    wait_for(t, "app", "已测评 5/20");
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", EVALUATION);
    wait_for(t, "app", "满意度测评结果  应到 35 人  出席 20 人  投票 5 人  未按 15 人");
    wait_for(t, "app", "占全体组成人员");
    /* 5 of 5 voters, 5 of 35 members: 100.0% and 14.3%; 4 and 1 on the second subject */
    wait_for(t, "app", "5      100.0%           14.3%");
    wait_for(t, "app", "4       80.0%           11.4%");
    wait_for(t, "app", "测评结果：不满意"); /* 5 is not more than half of 35 */

    assert_int_equal(tmux(t, NULL, "send-keys", "-t", "app", "q"), 0);
    wait_for(t, "app", "cmte-exited 0");
}

/* English, on a terminal without colours. */
static void display_in_english_and_monochrome(struct tui *t)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, "env TERM=vt100 NO_COLOR=1 ", "display", "--lang en ", "display-1.ini", cmd,
                sizeof cmd);
    assert_int_equal(tmux(t, NULL, "new-window", "-t", "app", "-n", "en", cmd), 0);
    wait_for(t, "app:en", "Signed in 20/35");
    wait_for(t, "app:en", "quorum present");
    wait_for(t, "app:en", "Results of the evaluation");
    wait_for(t, "app:en", "Verdict: ");
    wait_for(t, "app:en", "F1 help");
    assert_monochrome(t, "app:en");
    assert_int_equal(tmux(t, NULL, "send-keys", "-t", "app:en", "F10"), 0);
    wait_for(t, "app:en", "cmte-exited 0");
}

static void display_end_to_end(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    room_hub_start(&t->room);
    display_follows_the_meeting(t);
    display_resizes_and_helps(t);
    display_survives_the_hub(t);
    display_shows_the_ballot(t);
    display_in_english_and_monochrome(t);
}

/* Without a terminal the display says so and exits. */
static void display_needs_a_terminal(void **state)
{
    (void)state;
    struct room r;
    room_open(&r, 0);
    room_enroll(&r, "display", 0, "display-1");
    char cfg[PATH_MAX], *out, *err;
    room_path(&r, "display-1.ini", cfg, sizeof cfg);
    char *argv[] = {(char *)room_bin(), "display", "--lang", "en", "--config", cfg, NULL};
    int rc = spawn_capture(r.dir, argv, r.env, &out, &err);
    assert_int_equal(room_close(&r), 0);
    assert_int_equal(rc, 1);
    assert_string_equal(err, "cmte: display: standard input and output must be a terminal\n");
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(display_end_to_end, open_room, tui_teardown),
        cmocka_unit_test(display_needs_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
