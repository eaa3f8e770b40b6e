/* `cmte bench`: one real seat console (`cmte seat`) for its memory, in a detached tmux session
 * on a tmux server of the bench's own (-L), which the bench kills afterwards.  See bench.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/bench.h"
#include "tui/i18n.h"

/* The pane's process: the console itself, as the session runs it with exec. */
static pid_t pane_pid(const struct bench_seat *s)
{
    char cmd[128], line[64];
    snprintf(cmd, sizeof cmd, "tmux -L %s list-panes -F '#{pane_pid}' 2>/dev/null", s->socket);
    FILE *p = popen(cmd, "r");
    long pid = -1;
    if (p && fgets(line, sizeof line, p)) pid = strtol(line, NULL, 10);
    if (p) pclose(p);
    return pid > 0 ? (pid_t)pid : -1;
}

bool bench_seat_start(struct bench_seat *s, const struct bench_hub *h)
{
    s->pid = -1;
    snprintf(s->socket, sizeof s->socket, "cmte-bench-%d", (int)getpid());
    if (!bench_have("tmux")) {
        fprintf(stderr, _("cmte: bench: tmux is not installed: no seat console's memory\n"));
        return false;
    }
    char file[128], cmd[4096 + 512];
    snprintf(file, sizeof file, "%s/seat.ini", h->dir);
    if (bench_hub_seat_file(h, file) < 0) return false;
    snprintf(cmd, sizeof cmd,
             "tmux -L %s -f /dev/null new-session -d -x 80 -y 24 \"exec '%s' seat --config '%s'\"",
             s->socket, h->exe, file);
    if (system(cmd) == 0) s->pid = pane_pid(s);
    if (s->pid < 0) {
        fprintf(stderr, _("cmte: bench: the seat console did not start in tmux\n"));
        bench_seat_stop(s);
    }
    return s->pid > 0;
}

void bench_seat_stop(struct bench_seat *s)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "tmux -L %s kill-server >/dev/null 2>&1", s->socket);
    int rc = s->socket[0] ? system(cmd) : 0; /* not 0 when no server was left: the same */
    (void)rc;
    s->pid = -1;
}
