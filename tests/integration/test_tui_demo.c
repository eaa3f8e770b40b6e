/* `cmte demo` on a terminal, end to end in tmux: the simulated members come in over real links
 * and sign in, the person at the chair's console opens the meeting and an evaluation by keys,
 * every simulated member casts, the results show, and the kept journal verifies.  Skipped
 * when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

TUI_ROOM(0, "demo")

/* Enter on the agenda opens the number-th item, of the kind.  The agenda's rows show kinds
 * too: the strip's "under way" says it is open. */
static void open_from_agenda(struct tui *t, int number, const char *kind)
{
    tui_keys(t, "app", "Enter");
    char open[64];
    snprintf(open, sizeof open, "议程：正在进行第 %d 项", number);
    wait_for(t, "app", open);
    wait_for(t, "app", kind);
}

/* The open item closed, the next one opened from the agenda. */
static void next_item(struct tui *t, int number, const char *kind)
{
    tui_keys(t, "app", "c", "y");
    wait_for(t, "app", "用方向键选择议程项");
    open_from_agenda(t, number, kind);
}

static void demo_is_a_meeting_to_chair(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    char bin[PATH_MAX], db[PATH_MAX], cmd[3 * PATH_MAX];
    if (!realpath(room_bin(), bin)) fail_msg("cannot find %s", room_bin());
    room_path(&t->room, "demo.db", db, sizeof db);
    snprintf(cmd, sizeof cmd, "'%s' demo --db '%s'; echo cmte-exited $?; sleep 60", bin, db);
    tui_start(t, "app", 80, 24, cmd);
    wait_for(t, "app", "席位在线 35");
    /* the sample's PINs typed by the simulated seats; one in 17 stays away */
    wait_for(t, "app", "已签到 33/35");
    tui_keys(t, "app", "o");
    wait_for(t, "app", "进行中");
    open_from_agenda(t, 1, "【听取和审议报告】");
    tui_keys(t, "app", "g");
    wait_for(t, "app", "发言人：欧阳明");
    tui_keys(t, "app", "e");
    next_item(t, 2, "【专题询问】");
    next_item(t, 3, "【满意度测评】");
    tui_keys(t, "app", "b");
    wait_for(t, "app", "已测评 33/33");
    tui_keys(t, "app", "x", "y");
    wait_for(t, "app", "满意度测评结果  应到 35 人  出席 33 人  投票 33 人  未按 0 人");
    tui_keys(t, "app", "q", "y");
    wait_for(t, "app", "cmte-exited 0");
    char *out = NULL;
    assert_int_equal(room_run(&t->room, &out, "verify", "--lang", "en", db), 0);
    free(out);
    assert_int_equal(room_db_number_in(&t->room, "demo.db",
                                       "SELECT count(*) FROM journal WHERE type = ?",
                                       "ballot_cast"),
                     33);
}

/* The ids of the panes of window "app" ("%0 %3 %2 %1"), in tmux's order; caller frees. */
static char *panes_of(struct tui *t)
{
    char *out = NULL;
    assert_int_equal(tmux(t, &out, "list-panes", "-t", "app", "-F", "#{pane_id}"), 0);
    return out;
}

/* With --tmux, the display, a secretary and the person's own seat open beside the chair. */
static void demo_shows_every_console(void **state)
{
    struct tui *t = *state;
    if (!t) skip();
    char bin[PATH_MAX], cmd[2 * PATH_MAX];
    if (!realpath(room_bin(), bin)) fail_msg("cannot find %s", room_bin());
    snprintf(cmd, sizeof cmd, "'%s' demo --tmux; echo cmte-exited $?; sleep 60", bin);
    tui_start(t, "app", 170, 50, cmd);  /* inside tmux: the panes open in its window */
    wait_for(t, "app", "已签到 32/35"); /* all but the person at seat 1 and two away */
    char *ids = panes_of(t), *save = NULL;
    char seat[16] = "", display[16] = "", secretary[16] = "";
    int n = 0;
    for (char *id = strtok_r(ids, "\n", &save); id; id = strtok_r(NULL, "\n", &save), n++) {
        char *screen = screen_of(t, id);
        if (strstr(screen, "座位 1  陈立新")) snprintf(seat, sizeof seat, "%s", id);
        if (strstr(screen, "1 名单")) snprintf(secretary, sizeof secretary, "%s", id);
        if (strstr(screen, "会议尚未开始") && !strstr(screen, "座位"))
            snprintf(display, sizeof display, "%s", id);
        free(screen);
    }
    free(ids);
    assert_int_equal(n, 4);
    if (!seat[0] || !secretary[0] || !display[0])
        fail_msg("seat %s, secretary %s, display %s", seat, secretary, display);
    tui_keys(t, seat, "Enter"); /* the person signs in at the seat */
    wait_for(t, seat, "签到成功。");
    wait_for(t, "app", "已签到 33/35");
    wait_for(t, display, "已签到 33/35");
    tui_keys(t, "app", "q", "y"); /* the chair quits: the other consoles go with it */
    wait_for(t, "app", "cmte-exited 0");
    ids = panes_of(t);
    int left = 0;
    for (const char *c = ids; *c; c++) left += *c == '\n';
    assert_int_equal(left, 1); /* the demo's own pane, showing its exit */
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(demo_is_a_meeting_to_chair, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(demo_shows_every_console, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
