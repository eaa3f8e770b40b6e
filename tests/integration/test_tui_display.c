/* The big-screen display end to end: a real hub, `cmte display` in a detached 80x24 tmux pane,
 * the meeting driven with `cmte ctl` as the chair and the seats, and the screen read back with
 * `tmux capture-pane` (waiting for each expected text, never for a fixed time).  Skipped when
 * tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "room.h"

enum { SEATS = 20, DELIBERATION = 1, EVALUATION = 11, WAIT_MS = 20000, POLL_MS = 50 };

struct tui {
    struct room room;
    char tmux[PATH_MAX];
    char socket[64];
    char tmpdir[PATH_MAX + 16];
    char **env;
    bool started;
};

/* tmux on PATH, as posix_spawn does not search it. */
static bool find_tmux(char *out, size_t cap)
{
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s", path ? path : "/usr/bin:/bin");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(out, cap, "%s/tmux", d);
        if (access(out, X_OK) == 0) return true;
    }
    return false;
}

/* The room's environment without TMUX, with tmux's sockets inside the room. */
static char **tmux_environ(struct tui *t)
{
    size_t n = 0, k = 0;
    while (t->room.env[n]) n++;
    char **env = calloc(n + 2, sizeof *env);
    assert_non_null(env);
    for (size_t i = 0; i < n; i++)
        if (strncmp(t->room.env[i], "TMUX=", 5) != 0) env[k++] = t->room.env[i];
    snprintf(t->tmpdir, sizeof t->tmpdir, "TMUX_TMPDIR=%s", t->room.dir);
    env[k++] = t->tmpdir;
    return env;
}

/* tmux -L SOCKET -f /dev/null args...; its exit status, *out its output (may be NULL). */
static int tmux_args(struct tui *t, char **out, const char *const args[])
{
    char *argv[32] = {t->tmux, "-L", t->socket, "-f", "/dev/null"};
    int n = 5;
    for (; n < 31 && args[n - 5]; n++) argv[n] = (char *)args[n - 5];
    argv[n] = NULL;
    char *o, *e;
    int rc = spawn_capture(t->room.dir, argv, t->env, &o, &e);
    if (e[0]) fprintf(stderr, "# tmux %s: %s", args[0], e);
    free(e);
    if (out)
        *out = o;
    else
        free(o);
    return rc;
}
#define tmux(t, out, ...) tmux_args((t), (out), (const char *[]){__VA_ARGS__, NULL})

static char *screen_of(struct tui *t, const char *target)
{
    char *text = NULL;
    if (tmux(t, &text, "capture-pane", "-p", "-t", target) != 0) {
        free(text);
        return calloc(1, 1);
    }
    return text;
}

/* Wait until the pane shows text (present) or no longer shows it (!present). */
static void wait_screen(struct tui *t, const char *target, const char *text, bool present)
{
    for (int waited = 0;; waited += POLL_MS) {
        char *screen = screen_of(t, target);
        bool shown = strstr(screen, text) != NULL;
        if (shown == present) {
            free(screen);
            return;
        }
        if (waited >= WAIT_MS)
            fail_msg("after %d s the screen %s \"%s\":\n%s", WAIT_MS / 1000,
                     present ? "does not show" : "still shows", text, screen);
        free(screen);
        room_sleep_ms(POLL_MS);
    }
}
#define wait_for(t, target, text)  wait_screen((t), (target), (text), true)
#define wait_gone(t, target, text) wait_screen((t), (target), (text), false)

/* Row n (from 0) of the pane, "" past its end; caller frees. */
static char *screen_row(struct tui *t, const char *target, int n)
{
    char *screen = screen_of(t, target), *line = screen;
    for (int i = 0; i < n && line; i++) {
        line = strchr(line, '\n');
        if (line) line++;
    }
    char *row = strdup(line ? line : "");
    char *nl = strchr(row, '\n');
    if (nl) *nl = '\0';
    free(screen);
    return row;
}

static void wait_row_starts(struct tui *t, const char *target, int n, const char *prefix)
{
    for (int waited = 0;; waited += POLL_MS) {
        char *row = screen_row(t, target, n);
        bool ok = strncmp(row, prefix, strlen(prefix)) == 0;
        free(row);
        if (ok) return;
        if (waited >= WAIT_MS) {
            char *screen = screen_of(t, target);
            fail_msg("row %d does not start with \"%s\":\n%s", n, prefix, screen);
        }
        room_sleep_ms(POLL_MS);
    }
}

/* The shell command of a pane: the display, then its exit status on the screen. */
static void display_command(struct tui *t, const char *prefix, const char *lang, char *out,
                            size_t cap)
{
    char bin[PATH_MAX], cfg[PATH_MAX];
    if (!realpath(room_bin(), bin)) fail_msg("cannot find %s", room_bin());
    room_path(&t->room, "display-1.ini", cfg, sizeof cfg);
    snprintf(out, cap, "%s'%s' display %s--config '%s'; echo cmte-exited $?; sleep 60", prefix, bin,
             lang, cfg);
}

static void sign_in_all(struct room *r)
{
    for (int seat = 1; seat <= SEATS; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
}

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

/* No colour in a pane: its attributes are only bold and reverse. */
static void assert_monochrome(struct tui *t, const char *target)
{
    char *text = NULL;
    assert_int_equal(tmux(t, &text, "capture-pane", "-p", "-e", "-t", target), 0);
    assert_non_null(strstr(text, "\033[7m")); /* the bars */
    for (const char *p = text; (p = strstr(p, "\033[")) != NULL; p += 2) {
        int code = atoi(p + 2);
        if ((code >= 30 && code <= 37) || (code >= 40 && code <= 47))
            fail_msg("a colour (SGR %d) on a monochrome terminal:\n%s", code, text);
    }
    free(text);
}

static int open_room(void **state)
{
    static struct tui t;
    memset(&t, 0, sizeof t);
    if (!find_tmux(t.tmux, sizeof t.tmux)) {
        *state = NULL;
        return 0;
    }
    room_open(&t.room, SEATS);
    room_enroll(&t.room, "display", 0, "display-1");
    FILE *f = fopen(t.room.config, "a");
    assert_non_null(f);
    fputs("[limits]\nplenary = 10\n", f); /* a speech runs over in seconds */
    fclose(f);
    snprintf(t.socket, sizeof t.socket, "cmte-display-%ld", (long)getpid());
    t.env = tmux_environ(&t);
    *state = &t;
    return 0;
}

/* Runs even when a test fails: no tmux server and no process outlives the test. */
static int close_room(void **state)
{
    struct tui *t = *state;
    if (!t) return 0;
    if (t->started) tmux(t, NULL, "kill-server");
    room_close(&t->room);
    free(t->env);
    return 0;
}

/* The meeting seen on the display, in Chinese and in colour, as it runs. */
static void display_follows_the_meeting(struct tui *t)
{
    struct room *r = &t->room;
    char cmd[3 * PATH_MAX];
    display_command(t, "", "", cmd, sizeof cmd);
    t->started = true;
    assert_int_equal(tmux(t, NULL, "new-session", "-d", "-s", "app", "-x", "80", "-y", "24", cmd),
                     0);
    wait_for(t, "app", "已签到 0/35");
    wait_for(t, "app", "已连接会议主机");

    sign_in_all(r);
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
    display_command(t, "env TERM=vt100 NO_COLOR=1 ", "--lang en ", cmd, sizeof cmd);
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
    room_close(&r);
    assert_int_equal(rc, 1);
    assert_string_equal(err, "cmte: display: standard input and output must be a terminal\n");
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(display_end_to_end, open_room, close_room),
        cmocka_unit_test(display_needs_a_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
