/* `cmte display`: the big-screen display (大屏).  A link to the hub keeps the replica; the
 * screen draws the display view (tui/view_display.c) from it. */
#include <signal.h>
#include <stdio.h>
#include <uv.h>

#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"
#include "tui/i18n.h"
#include "tui/views.h"

struct display_app {
    struct screen *screen;
    struct link *link;
    int rc;
};

static void on_quit(void *ctx)
{
    struct display_app *app = ctx;
    if (app->screen) screen_close(app->screen);
    if (app->link) link_stop(app->link, NULL, NULL);
    app->screen = NULL;
    app->link = NULL;
}

int cmd_display(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct link_options o;
    if (console_link_options(cfg, &o) < 0) return EXIT_CONFIG;
    struct display *d = display_new();
    if (!d) {
        key_wipe(&o.key);
        return EXIT_FAIL;
    }
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    struct display_app app = {.rc = EXIT_OK};
    struct screen_options so = {.escdelay_ms = cfg->escdelay_ms, .quit = on_quit, .quit_ctx = &app};
    char err[256];
    app.screen = screen_open(loop, &display_view, d, &so, err, sizeof err);
    if (!app.screen) {
        key_wipe(&o.key);
        display_free(d);
        fprintf(stderr, "cmte: display: %s\n", err);
        uv_run(loop, UV_RUN_DEFAULT); /* lets a closed handle finish */
        uv_loop_close(loop);
        return EXIT_FAIL;
    }
    display_set_screen(d, app.screen);
    app.link = link_start(loop, &o, &display_events, d);
    key_wipe(&o.key);
    display_set_link(d, app.link);
    if (!app.link) {
        app.rc = EXIT_FAIL;
        on_quit(&app);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    display_free(d);
    return app.rc;
}
