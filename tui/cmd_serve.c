/* `cmte serve`: the hub without a console.  Loads the meeting from the database, serves the
 * consoles until SIGINT or SIGTERM, and logs to stderr. */
#include <signal.h>
#include <stdio.h>
#include <uv.h>

#include "tui/commands.h"
#include "tui/hosting.h"

struct serve {
    struct hub *hub;
    uv_signal_t sigint, sigterm;
};

static void on_stopped(void *ctx)
{
    struct serve *s = ctx;
    uv_close((uv_handle_t *)&s->sigint, NULL);
    uv_close((uv_handle_t *)&s->sigterm, NULL);
}

static void on_signal(uv_signal_t *h, int signum)
{
    struct serve *s = h->data;
    (void)signum;
    uv_signal_stop(&s->sigint);
    uv_signal_stop(&s->sigterm);
    if (s->hub) hub_stop(s->hub, on_stopped, s);
    s->hub = NULL;
}

int cmd_serve(const struct cli *cli, const struct config *cfg)
{
    struct hosting ho;
    int rc = hosting_open(cli, cfg, stderr, &ho);
    if (rc != EXIT_OK) return rc;
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    struct serve s = {0};
    char err[256];
    if (hub_start(loop, ho.db, ho.state, &ho.o, &s.hub, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: serve: %s\n", err);
        rc = EXIT_FAIL;
    } else {
        uv_signal_init(loop, &s.sigint);
        uv_signal_init(loop, &s.sigterm);
        s.sigint.data = s.sigterm.data = &s;
        uv_signal_start(&s.sigint, on_signal, SIGINT);
        uv_signal_start(&s.sigterm, on_signal, SIGTERM);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    hosting_close(&ho);
    return rc;
}
