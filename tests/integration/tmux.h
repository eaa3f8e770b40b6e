/* End-to-end tests of the consoles in tmux: a detached tmux server of the test's own (its socket
 * inside the room), panes running the real binary, and the screen read back with capture-pane,
 * waiting for each expected text, never for a fixed time.  Used with room.h. */
#ifndef CMTE_TESTS_TMUX_H
#define CMTE_TESTS_TMUX_H

#include "room.h"

enum { TMUX_WAIT_MS = 20000, TMUX_POLL_MS = 50 };

struct tui {
    struct room room;
    char tmux[PATH_MAX];
    char socket[64];
    char tmpdir[PATH_MAX + 16];
    char **env;
    bool started;
};

/* tmux on PATH, as posix_spawn does not search it. */
static inline bool find_tmux(char *out, size_t cap)
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
static inline char **tmux_environ(struct tui *t)
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
/* not inline: inlined, GCC 12 takes its output pointer for a dangling one */
__attribute__((noinline, unused)) static int tmux_args(struct tui *t, char **out,
                                                       const char *const args[])
{
    char *argv[32] = {t->tmux, "-L", t->socket, "-f", "/dev/null"};
    int n = 5;
    for (; n < 31 && args[n - 5]; n++) argv[n] = (char *)args[n - 5];
    argv[n] = NULL;
    char *o = NULL, *e = NULL;
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

static inline char *screen_of(struct tui *t, const char *target)
{
    char *text = NULL;
    if (tmux(t, &text, "capture-pane", "-p", "-t", target) != 0) {
        free(text);
        return calloc(1, 1);
    }
    return text;
}

/* Wait until the pane shows text (present) or no longer shows it (!present). */
static inline void wait_screen(struct tui *t, const char *target, const char *text, bool present)
{
    for (int waited = 0;; waited += TMUX_POLL_MS) {
        char *screen = screen_of(t, target);
        bool shown = strstr(screen, text) != NULL;
        if (shown == present) {
            free(screen);
            return;
        }
        if (waited >= TMUX_WAIT_MS) {
            static char shown_text[1 << 16]; /* fail_msg does not return: screen freed first */
            snprintf(shown_text, sizeof shown_text, "%s", screen);
            free(screen);
            fail_msg("after %d s the screen %s \"%s\":\n%s", TMUX_WAIT_MS / 1000,
                     present ? "does not show" : "still shows", text, shown_text);
        }
        free(screen);
        room_sleep_ms(TMUX_POLL_MS);
    }
}
#define wait_for(t, target, text)  wait_screen((t), (target), (text), true)
#define wait_gone(t, target, text) wait_screen((t), (target), (text), false)

/* Row n (from 0) of the pane, "" past its end; caller frees. */
static inline char *screen_row(struct tui *t, const char *target, int n)
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

static inline void wait_row_starts(struct tui *t, const char *target, int n, const char *prefix)
{
    for (int waited = 0;; waited += TMUX_POLL_MS) {
        char *row = screen_row(t, target, n);
        bool ok = strncmp(row, prefix, strlen(prefix)) == 0;
        free(row);
        if (ok) return;
        if (waited >= TMUX_WAIT_MS) {
            char *screen = screen_of(t, target);
            fail_msg("row %d does not start with \"%s\":\n%s", n, prefix, screen);
        }
        room_sleep_ms(TMUX_POLL_MS);
    }
}

/* No colour in a pane: its attributes are only bold and reverse. */
static inline void assert_monochrome(struct tui *t, const char *target)
{
    char *text = NULL;
    int rc = tmux(t, &text, "capture-pane", "-p", "-e", "-t", target);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "\033[7m")); /* the bars */
    for (const char *p = text; (p = strstr(p, "\033[")) != NULL; p += 2) {
        int code = atoi(p + 2);
        if ((code >= 30 && code <= 37) || (code >= 40 && code <= 47))
            fail_msg("a colour (SGR %d) on a monochrome terminal:\n%s", code, text);
    }
    free(text);
}

/* Text typed into the pane as it is (Chinese included). */
static inline void type_text(struct tui *t, const char *target, const char *text)
{
    assert_int_equal(tmux(t, NULL, "send-keys", "-t", target, "-l", text), 0);
}

/* Wait until one row of the pane holds both a and b. */
static inline void wait_row_with(struct tui *t, const char *target, const char *a, const char *b)
{
    for (int waited = 0;; waited += TMUX_POLL_MS) {
        char *screen = screen_of(t, target);
        bool found = false;
        for (char *row = screen; row && *row && !found;) {
            char *nl = strchr(row, '\n');
            if (nl) *nl = '\0';
            found = strstr(row, a) && strstr(row, b);
            row = nl ? nl + 1 : NULL;
        }
        free(screen);
        if (found) return;
        if (waited >= TMUX_WAIT_MS) {
            screen = screen_of(t, target);
            fail_msg("no row with \"%s\" and \"%s\":\n%s", a, b, screen);
        }
        room_sleep_ms(TMUX_POLL_MS);
    }
}

/* The five characters after prefix on the screen ("09:59"); "" when absent. */
static inline void shown_after(struct tui *t, const char *target, const char *prefix, char out[16])
{
    char *screen = screen_of(t, target), *at = strstr(screen, prefix);
    snprintf(out, 16, "%.5s", at ? at + strlen(prefix) : "");
    free(screen);
}

/* The shell command of a pane: `cmte SUB --config ROOM/CFG` with options, then its exit
 * status on the screen (the pane stays to be read). */
static inline void tui_command(struct tui *t, const char *prefix, const char *sub,
                               const char *options, const char *cfg_name, char *out, size_t cap)
{
    char bin[PATH_MAX], cfg[PATH_MAX];
    if (!realpath(room_bin(), bin)) fail_msg("cannot find %s", room_bin());
    room_path(&t->room, cfg_name, cfg, sizeof cfg);
    snprintf(out, cap, "%s'%s' %s %s--config '%s'; echo cmte-exited $?; sleep 60", prefix, bin, sub,
             options, cfg);
}

/* Keys into a pane, as tmux send-keys names them ("Enter", "Down", "F1", "q"). */
#define tui_keys(t, target, ...)                                                                   \
    assert_int_equal(tmux((t), NULL, "send-keys", "-t", (target), __VA_ARGS__), 0)

/* A session of the room's tmux: its name, size and command (the first starts the server). */
static inline void tui_start(struct tui *t, const char *session, int cols, int rows,
                             const char *cmd)
{
    char x[16], y[16];
    snprintf(x, sizeof x, "%d", cols);
    snprintf(y, sizeof y, "%d", rows);
    t->started = true;
    assert_int_equal(tmux(t, NULL, "new-session", "-d", "-s", session, "-x", x, "-y", y, cmd), 0);
}

/* A console in a session of its own at 80x24: `cmte SUB` as tui_command makes it. */
static inline void tui_console(struct tui *t, const char *session, const char *prefix,
                               const char *sub, const char *options, const char *cfg_name)
{
    char cmd[3 * PATH_MAX];
    tui_command(t, prefix, sub, options, cfg_name, cmd, sizeof cmd);
    tui_start(t, session, 80, 24, cmd);
}

/* A room of seats with a tmux of its own; false (and nothing opened) when there is no tmux. */
static inline bool tui_open(struct tui *t, int seats, const char *name)
{
    memset(t, 0, sizeof *t);
    if (!find_tmux(t->tmux, sizeof t->tmux)) return false;
    room_open(&t->room, seats);
    snprintf(t->socket, sizeof t->socket, "cmte-%s-%ld", name, (long)getpid());
    t->env = tmux_environ(t);
    return true;
}

/* The processes of the panes: each pane's shell and the shell's children. */
static inline int tui_pane_processes(struct tui *t, pid_t *pids, int cap)
{
    char *out = NULL;
    int n = 0;
    if (tmux(t, &out, "list-panes", "-a", "-F", "#{pane_pid}") == 0) {
        for (char *save = NULL, *p = strtok_r(out, "\n", &save); p && n < cap;
             p = strtok_r(NULL, "\n", &save)) {
            long shell = atol(p), child;
            char path[64];
            pids[n++] = (pid_t)shell;
            snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", shell, shell);
            FILE *f = fopen(path, "r");
            while (f && n < cap && fscanf(f, "%ld", &child) == 1) pids[n++] = (pid_t)child;
            if (f) fclose(f);
        }
    }
    free(out);
    return n;
}

/* Gone, or a zombie no one reaps yet (a process not ours). */
static inline bool tui_process_gone(pid_t pid)
{
    char path[64], state = 'Z';
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f) return true;
    if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1) state = 'Z';
    fclose(f);
    return state == 'Z';
}

/* Runs even when a test fails: no tmux server and no process outlives the test.  The consoles
 * still running quit on the hangup; they are waited for, so that what a sanitizer found in
 * them at their end is reported too.  The number of sanitizer reports of an error. */
static inline int tui_close(struct tui *t)
{
    pid_t pids[64];
    int n = 0;
    if (t->started) {
        n = tui_pane_processes(t, pids, 64);
        tmux(t, NULL, "kill-server");
    }
    for (int i = 0, waited = 0; i < n && waited < TMUX_WAIT_MS;) {
        if (tui_process_gone(pids[i])) {
            i++;
            continue;
        }
        room_sleep_ms(TMUX_POLL_MS);
        waited += TMUX_POLL_MS;
    }
    int reports = room_close(&t->room);
    free(t->env);
    return reports;
}

/* cmocka's teardown of a test's room with its own tmux (the state is the struct tui, or NULL
 * where tmux is missing); a sanitizer's report fails the test. */
static inline int tui_teardown(void **state)
{
    return *state && tui_close(*state) ? -1 : 0;
}

/* cmocka's setup of a test's room of `seats` with its own tmux: the state is the struct tui, or
 * NULL where tmux is missing (the test then skips); tui_teardown ends it. */
#define TUI_ROOM(seats, name)                                                                      \
    static int open_room(void **state)                                                             \
    {                                                                                              \
        static struct tui t;                                                                       \
        *state = tui_open(&t, (seats), (name)) ? &t : NULL;                                        \
        return 0;                                                                                  \
    }

#endif
