/* A console's link options.  See console.h. */
#include "tui/console.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tui/cli.h"
#include "tui/i18n.h"

void console_net_options(const struct config *cfg, struct link_options *o)
{
    *o = (struct link_options){.host = cfg->hub_host,
                               .port = cfg->port,
                               .frame_max = (size_t)cfg->frame_max_bytes,
                               .queue_limit = (size_t)cfg->queue_limit_bytes,
                               .heartbeat_ms = cfg->heartbeat_ms,
                               .timeout_ms = cfg->timeout_ms,
                               .retry_min_ms = CONSOLE_RETRY_MIN_MS,
                               .retry_max_ms = CONSOLE_RETRY_MAX_MS};
}

int console_link_options(const struct config *cfg, struct link_options *o)
{
    char err[128];
    console_net_options(cfg, o);
    o->give_back = true; /* the process's one link */
    if (!cfg->console_secret[0] || !cfg->hub_public[0]) {
        fprintf(stderr,
                _("cmte: %s: not a console's configuration (no console_secret or "
                  "hub_public): use the file `cmte enroll` wrote\n"),
                cfg->source[0] ? cfg->source : "-");
        return -1;
    }
    if (key_from_seed_hex(cfg->console_secret, &o->key, err, sizeof err) < 0 ||
        key_public_from_hex(cfg->hub_public, o->hub_public, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: %s: %s\n", cfg->source, err);
        return -1;
    }
    return 0;
}

int console_file_write(const char *path, const struct config *cfg, const struct key_pair *hub,
                       const struct key_pair *me, const struct db_console *c, const char *who)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        fprintf(stderr, "cmte: %s: %s: %s\n", who, path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    char hub_hex[KEY_HEX], seed[KEY_HEX];
    key_public_hex(hub->public_key, hub_hex);
    key_seed_hex(me, seed);
    fprintf(f, "; cmte: the configuration of console %s (%s", c->name, role_name(c->role));
    if (c->seat) fprintf(f, ", seat %d", (int)c->seat);
    fprintf(f, ").\n; Keep it private: it holds the console's secret key.\n\n");
    fprintf(f, "[hub]\naddress = %s\nport = %d\n\n", cfg->hub_host, (int)cfg->port);
    fprintf(f, "[keys]\nhub_public = %s\nconsole_secret = %s\n\n", hub_hex, seed);
    fprintf(f, "[ui]\nlanguage = %s\n", cfg->language == LANG_EN ? "en" : "zh");
    sodium_memzero(seed, sizeof seed);
    if (fclose(f) != 0) {
        fprintf(stderr, "cmte: %s: %s: %s\n", who, path, strerror(errno));
        unlink(path);
        return -1;
    }
    return 0;
}

/* ---- the feed of a link ---- */

static const struct core_state *link_feed_state(void *src, int64_t *seq)
{
    return link_state(src, seq);
}

static int64_t link_feed_now(void *src)
{
    return link_hub_now(src);
}

static bool link_feed_send(void *src, const struct command *c, const char *pin, char *cid)
{
    return link_send(src, c, pin, cid);
}

const struct feed_ops feed_link_ops = {link_feed_state, link_feed_now, link_feed_send};

/* ---- running a console ---- */

struct console_app {
    struct screen *screen;
    struct link *link;
};

static void on_quit(void *ctx)
{
    struct console_app *app = ctx;
    if (app->screen) screen_close(app->screen);
    if (app->link) link_stop(app->link, NULL, NULL);
    app->screen = NULL;
    app->link = NULL;
}

int console_run(const struct config *cfg, const struct console_spec *spec)
{
    struct link_options o;
    if (console_link_options(cfg, &o) < 0) return EXIT_CONFIG;
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    struct console_app app = {0};
    struct screen_options so = {.escdelay_ms = cfg->escdelay_ms, .quit = on_quit, .quit_ctx = &app};
    char err[256];
    int rc = EXIT_OK;
    app.screen = screen_open(loop, spec->view, spec->base, &so, err, sizeof err);
    if (!app.screen) {
        fprintf(stderr, "cmte: %s: %s\n", spec->what, err);
        rc = EXIT_FAIL;
    } else {
        spec->base->screen = app.screen;
        app.link = link_start(loop, &o, spec->events, spec->base);
        spec->base->feed = (struct feed){&feed_link_ops, app.link};
        if (!app.link) {
            rc = EXIT_FAIL;
            on_quit(&app);
        }
    }
    key_wipe(&o.key);
    uv_run(loop, UV_RUN_DEFAULT); /* until the user quits (or a closed handle finishes) */
    uv_loop_close(loop);
    return rc;
}
