/* `cmte demo --tmux`: the demo's meeting with every console on screen at once.  Started outside
 * tmux, the demo starts tmux (a session of its own) and runs itself again inside it; inside,
 * its pane holds the hub, the chair's console and the simulated members, and it opens the
 * display, a secretary's console and a seat for the person to try (seat DEMO_OWN_SEAT, left to
 * no simulated member) beside it: side by side when the window has room for four 80x24
 * consoles, else in windows of their own.  The consoles are real: enrolled, with files of their
 * own, over links to the hub. */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/keys.h"
#include "tui/console.h"
#include "tui/demo.h"
#include "tui/i18n.h"

extern char **environ;

enum { ROOM_COLS = 2 * 80 + 1, ROOM_ROWS = 2 * 24 + 1 }; /* four consoles tiled, borders too */

static const struct {
    const char *name, *sub;
    enum role role;
    int32_t seat;
} consoles[DEMO_PANES] = {
    {"display", "display", ROLE_DISPLAY, 0},
    {"secretary", "secretary", ROLE_SECRETARY, 0},
    {"seat", "seat", ROLE_MEMBER, DEMO_OWN_SEAT},
};

static bool self_path(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0) return false;
    out[n] = '\0';
    return true;
}

int demo_tmux_enter(const struct cli *cli, const struct config *cfg)
{
    char self[PATH_MAX], seats[16];
    if (!self_path(self, sizeof self)) return EXIT_FAIL;
    char *argv[16] = {"tmux", "new-session", "-s", "cmte-demo", self, "demo", "--tmux"};
    int n = 7;
    if (cli->config) argv[n++] = "--config", argv[n++] = (char *)cli->config;
    if (cli->db) argv[n++] = "--db", argv[n++] = (char *)cfg->db_path;
    snprintf(seats, sizeof seats, "%d", cli->seats);
    if (cli->seats > 0) argv[n++] = "--seats", argv[n++] = seats;
    argv[n++] = "--lang", argv[n++] = cfg->language == LANG_EN ? "en" : "zh";
    argv[n] = NULL;
    execvp("tmux", argv);
    fprintf(stderr, _("cmte: demo: --tmux needs tmux: %s\n"), strerror(errno));
    return EXIT_FAIL;
}

int demo_panes_enroll(struct demo_panes *dp, struct db *db, char *err, size_t errlen)
{
    for (int i = 0; i < DEMO_PANES; i++) {
        struct db_console dc = {.role = consoles[i].role, .seat = consoles[i].seat};
        snprintf(dc.name, sizeof dc.name, "demo-%s", consoles[i].name);
        struct db_error e;
        if (key_generate(&dp->key[i]) < 0) return snprintf(err, errlen, "no key"), -1;
        memcpy(dc.public_key, dp->key[i].public_key, sizeof dc.public_key);
        if (db_console_enroll(db, &dc, &e) != DB_OK)
            return snprintf(err, errlen, "%s", e.message), -1;
        dp->console[i] = dc;
    }
    return 0;
}

/* tmux args...; its first line of output into out (may be NULL).  0 when it succeeded. */
static int run_tmux(char *out, size_t cap, char *const argv[])
{
    int fds[2];
    if (pipe(fds) < 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "tmux", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    char buf[256] = "";
    ssize_t n = rc == 0 ? read(fds[0], buf, sizeof buf - 1) : 0;
    buf[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    buf[strcspn(buf, "\n")] = '\0';
    if (out) snprintf(out, cap, "%s", buf);
    return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Whether this pane's window can hold the four consoles tiled. */
static bool room_for_four(const char *pane)
{
    char size[64];
    char *argv[] = {"tmux", "display-message", "-p",
                    "-t",   (char *)pane,      "#{window_width} #{window_height}",
                    NULL};
    int w = 0, h = 0;
    return run_tmux(size, sizeof size, argv) == 0 && sscanf(size, "%d %d", &w, &h) == 2 &&
           w >= ROOM_COLS && h >= ROOM_ROWS;
}

void demo_panes_open(struct demo_panes *dp, const struct config *cfg, const struct key_pair *hub,
                     const char *dir)
{
    const char *here = getenv("TMUX_PANE");
    char self[PATH_MAX];
    if (!here || !self_path(self, sizeof self)) return;
    bool tiled = room_for_four(here);
    for (int i = 0; i < DEMO_PANES; i++) {
        char path[PATH_MAX], cmd[3 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.ini", dir, consoles[i].name);
        if (console_file_write(path, cfg, hub, &dp->key[i], &dp->console[i], "demo") < 0) continue;
        snprintf(cmd, sizeof cmd, "'%s' %s --config '%s'", self, consoles[i].sub, path);
        char *split[] = {"tmux",       "split-window", "-d",         "-P", "-F",
                         "#{pane_id}", "-t",           (char *)here, cmd,  NULL};
        char *window[] = {"tmux", "new-window", "-d", "-P",
                          "-F",   "#{pane_id}", "-n", (char *)consoles[i].name,
                          cmd,    NULL};
        run_tmux(dp->pane[i], sizeof dp->pane[i], tiled ? split : window);
        if (tiled) {
            char *tile[] = {"tmux", "select-layout", "-t", (char *)here, "tiled", NULL};
            run_tmux(NULL, 0, tile);
        }
    }
}

void demo_panes_close(struct demo_panes *dp)
{
    for (int i = 0; i < DEMO_PANES; i++) {
        if (dp->pane[i][0]) {
            char *argv[] = {"tmux", "kill-pane", "-t", dp->pane[i], NULL};
            run_tmux(NULL, 0, argv);
        }
        dp->pane[i][0] = '\0';
        key_wipe(&dp->key[i]);
    }
}
