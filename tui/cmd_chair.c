/* `cmte chair`: the chair's console.  On the hub's machine (a configuration without
 * console_secret) it holds the meeting itself: the hub runs in this process and serves every
 * other console, its log goes to the file DB.log beside the database, and the chair's view
 * reads and acts through it (hub_attach, hub_submit); quitting stops the hub.  With the file
 * `cmte enroll --role chair` wrote, it is a console like the others, over a link. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

#include "tui/chair.h"
#include "tui/commands.h"
#include "tui/console.h"
#include "tui/hosting.h"
#include "tui/i18n.h"

enum { SENT_KEPT = 64 };

struct chair_app {
    struct hosting ho;
    struct chair_hooks hooks;
    const char *sub; /* the subcommand, for messages */
    struct hub *hub;
    struct screen *screen;
    struct view_base *view;
    FILE *log;
    /* the chair's commands by client id, until their answers come */
    struct {
        char cid[MSG_CID_MAX];
        struct command c;
    } sent[SENT_KEPT];
    int next;
};

/* ---- the feed of the hub in this process ---- */

static const struct core_state *local_state(void *src, int64_t *seq)
{
    struct chair_app *app = src;
    return app->hub ? hub_public_state(app->hub, seq) : NULL;
}

static int64_t local_now(void *src)
{
    (void)src;
    return hub_clock_ms();
}

static bool local_send(void *src, const struct command *c, const char *pin, char *cid)
{
    struct chair_app *app = src;
    (void)pin;
    if (!app->hub) return false;
    int slot = app->next++ % SENT_KEPT;
    app->sent[slot].c = *c;
    hub_submit(app->hub, c, app->sent[slot].cid);
    if (cid) snprintf(cid, MSG_CID_MAX, "%s", app->sent[slot].cid);
    return true;
}

static const struct feed_ops local_ops = {local_state, local_now, local_send};

/* ---- the hub's reports, as a link would give them ---- */

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct chair_app *app = ctx;
    chair_events.synced(app->view, s, seq);
}

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct chair_app *app = ctx;
    chair_events.applied(app->view, s, ev, n);
}

static void on_answer(void *ctx, const struct msg_answer *a)
{
    struct chair_app *app = ctx;
    const struct command *c = NULL;
    for (int i = 0; i < SENT_KEPT; i++)
        if (strcmp(app->sent[i].cid, a->cid) == 0) c = &app->sent[i].c;
    chair_events.answer(app->view, c, a);
}

static const struct hub_local_events local_events = {on_synced, on_applied, on_answer};

/* ---- life ---- */

static void on_quit(void *ctx)
{
    struct chair_app *app = ctx;
    if (app->screen) screen_close(app->screen);
    if (app->hub) hub_stop(app->hub, NULL, NULL);
    if (app->hub && app->hooks.stopping) app->hooks.stopping(app->hooks.ctx);
    app->screen = NULL;
    app->hub = NULL;
}

/* The hub's log beside the database: the terminal is the chair's. */
static FILE *open_log(const struct cli *cli, const struct config *cfg)
{
    const char *sub = subcommand_name(cli->sub);
    char path[CONFIG_PATH_MAX + 8];
    snprintf(path, sizeof path, "%s.log", cfg->db_path);
    FILE *f = fopen(path, "a");
    if (!f)
        fprintf(stderr, _("cmte: %s: cannot write the hub's log %s: %m\n"), sub, path);
    else
        fprintf(stderr, _("cmte: %s: the hub's log is %s\n"), sub, path);
    return f;
}

/* Start the hub and attach the chair's view to it; false when it cannot serve. */
static bool start_hub(struct chair_app *app, uv_loop_t *loop)
{
    char err[256];
    if (hub_start(loop, app->ho.db, app->ho.state, &app->ho.o, &app->hub, err, sizeof err) < 0) {
        app->hub = NULL;
        screen_close(app->screen);
        app->screen = NULL;
        fprintf(stderr, "cmte: %s: %s\n", app->sub, err);
        return false;
    }
    app->view->feed = (struct feed){&local_ops, app};
    hub_attach(app->hub, ROLE_CHAIR, &local_events, app);
    struct msg_welcome w = {.role = ROLE_CHAIR};
    snprintf(w.name, sizeof w.name, _("chair, hub port %d"), hub_port(app->hub));
    chair_events.status(app->view, LINK_ONLINE, "");
    chair_events.welcome(app->view, &w);
    if (app->hooks.started) app->hooks.started(app->hooks.ctx, loop, app->hub, &app->ho.o.key);
    return true;
}

static int hold_meeting(const struct cli *cli, const struct config *cfg, struct view_base *view,
                        const struct chair_hooks *hooks)
{
    struct chair_app app = {.view = view, .sub = subcommand_name(cli->sub)};
    if (hooks) app.hooks = *hooks;
    app.log = open_log(cli, cfg);
    if (!app.log) return EXIT_FAIL;
    int rc = hosting_open(cli, cfg, app.log, &app.ho);
    if (rc != EXIT_OK) {
        fclose(app.log);
        return rc;
    }
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    struct screen_options so = {.escdelay_ms = cfg->escdelay_ms, .quit = on_quit, .quit_ctx = &app};
    char err[256];
    app.screen = screen_open(loop, &chair_view, view, &so, err, sizeof err);
    if (!app.screen) {
        core_state_free(app.ho.state);
        fprintf(stderr, "cmte: %s: %s\n", app.sub, err);
        rc = EXIT_FAIL;
    } else {
        view->screen = app.screen;
        if (!start_hub(&app, loop)) rc = EXIT_FAIL;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    hosting_close(&app.ho);
    fclose(app.log);
    return rc;
}

int chair_hold(const struct cli *cli, const struct config *cfg, const struct chair_hooks *hooks)
{
    struct chair *c = chair_new();
    if (!c) return EXIT_FAIL;
    int rc = hold_meeting(cli, cfg, (struct view_base *)c, hooks);
    chair_free(c);
    return rc;
}

int cmd_chair(const struct cli *cli, const struct config *cfg)
{
    if (!cfg->console_secret[0]) return chair_hold(cli, cfg, NULL);
    struct chair *c = chair_new();
    if (!c) return EXIT_FAIL;
    struct console_spec spec = {"chair", &chair_view, &chair_events, (struct view_base *)c};
    int rc = console_run(cfg, &spec);
    chair_free(c);
    return rc;
}
