/* `cmte ctl`: a scripting client.  As an enrolled console (its configuration file), send one
 * command and print the answer as JSON (exit 0, or 1 when refused), print the public state as
 * the hub has it (--state), or stay connected and print every event as one JSON line (--watch),
 * with a line for every (re)synchronisation and, on SIGINT or SIGTERM, one for the final state:
 * its seq and a digest (BLAKE2b of the public snapshot) that equals the hub's when in step. */
#include <cJSON.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "core/codec.h"
#include "net/link.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"
#include "tui/i18n.h"

enum { DEFAULT_TIMEOUT_S = 10 };

struct ctl {
    const struct cli *cli;
    struct link *link;
    struct command command;
    bool sent;
    int rc;
    uv_timer_t deadline;
    uv_signal_t sigint, sigterm;
};

static void print_line(cJSON *o)
{
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    if (text) printf("%s\n", text);
    fflush(stdout);
    free(text);
    cJSON_Delete(o);
}

/* {"t":kind,"seq":N,"digest":HEX} (+ the state itself when asked). */
static void print_state(const char *kind, const struct core_state *s, int64_t seq, bool whole)
{
    char *text = snapshot_encode(s);
    unsigned char h[32];
    char hex[65];
    crypto_generichash(h, sizeof h, (const unsigned char *)text, text ? strlen(text) : 0, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "t", kind);
    cJSON_AddNumberToObject(o, "seq", (double)seq);
    cJSON_AddStringToObject(o, "digest", hex);
    if (whole && text) cJSON_AddItemToObject(o, "state", cJSON_Parse(text));
    print_line(o);
    free(text);
}

static void finish(struct ctl *c, int rc)
{
    c->rc = rc;
    uv_timer_stop(&c->deadline);
    uv_close((uv_handle_t *)&c->deadline, NULL);
    uv_close((uv_handle_t *)&c->sigint, NULL);
    uv_close((uv_handle_t *)&c->sigterm, NULL);
    if (c->link) link_stop(c->link, NULL, NULL);
    c->link = NULL;
}

static void on_status(void *ctx, enum link_status st, const char *why)
{
    struct ctl *c = ctx;
    if (st == LINK_OFFLINE || st == LINK_REFUSED) fprintf(stderr, "cmte: ctl: %s\n", why);
    if (st == LINK_REFUSED && !c->cli->watch && c->link) finish(c, EXIT_FAIL);
}

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct ctl *c = ctx;
    if (c->cli->state) return finish(c, (print_state("state", s, seq, true), EXIT_OK));
    if (c->cli->watch) return print_state("synced", s, seq, false);
    if (!c->sent && link_send(c->link, &c->command, c->cli->pin, NULL)) c->sent = true;
}

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct ctl *c = ctx;
    (void)s;
    if (!c->cli->watch) return;
    for (int i = 0; i < n; i++) print_line(event_to_json(&ev[i], true));
}

static void on_answer(void *ctx, const struct command *cmd, const struct msg_answer *a)
{
    struct ctl *c = ctx;
    (void)cmd;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "ok", a->ok);
    if (a->ok) {
        cJSON_AddNumberToObject(o, "first", (double)a->first);
        cJSON_AddNumberToObject(o, "last", (double)a->last);
    } else {
        char name[MSG_ERROR_NAME_MAX];
        cJSON_AddStringToObject(o, "error", msg_error_name(a->code, name) ? name : "?");
        cJSON_AddStringToObject(o, "message", i18n_core_err(a->code));
        cJSON_AddStringToObject(o, "detail", a->detail);
    }
    print_line(o);
    if (c->link) finish(c, a->ok ? EXIT_OK : EXIT_FAIL);
}

static void on_deadline(uv_timer_t *t)
{
    struct ctl *c = t->data;
    fprintf(stderr, _("cmte: ctl: no answer from the hub within %d s\n"),
            c->cli->timeout > 0 ? c->cli->timeout : DEFAULT_TIMEOUT_S);
    finish(c, EXIT_FAIL);
}

static void on_signal(uv_signal_t *h, int signum)
{
    struct ctl *c = h->data;
    (void)signum;
    int64_t seq = 0;
    const struct core_state *s = c->link ? link_state(c->link, &seq) : NULL;
    if (c->cli->watch && s) print_state("state", s, seq, false);
    finish(c, c->cli->watch ? EXIT_OK : EXIT_FAIL);
}

static int check_usage(const struct cli *cli, struct command *cmd)
{
    int modes = (cli->watch ? 1 : 0) + (cli->state ? 1 : 0) + (cli->nargs ? 1 : 0);
    if (modes != 1) {
        fprintf(stderr, _("cmte: ctl: give one COMMAND, or --watch, or --state\n"));
        return EXIT_USAGE;
    }
    if (!cli->nargs) return EXIT_OK;
    struct core_error err;
    const char *text = cli->args[0];
    if (command_decode(text, strlen(text), cmd, &err) != ERR_OK) {
        fprintf(stderr, _("cmte: ctl: the command is not valid: %s (%s)\n"),
                i18n_core_err(err.code), err.detail);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_ctl(const struct cli *cli, const struct config *cfg)
{
    struct ctl c = {.cli = cli, .rc = EXIT_FAIL};
    struct link_options o;
    int rc = check_usage(cli, &c.command);
    if (rc != EXIT_OK) return rc;
    if (console_link_options(cfg, &o) < 0) return EXIT_CONFIG;
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    uv_timer_init(loop, &c.deadline);
    uv_signal_init(loop, &c.sigint);
    uv_signal_init(loop, &c.sigterm);
    c.deadline.data = c.sigint.data = c.sigterm.data = &c;
    uv_signal_start(&c.sigint, on_signal, SIGINT);
    uv_signal_start(&c.sigterm, on_signal, SIGTERM);
    if (!cli->watch) {
        int seconds = cli->timeout > 0 ? cli->timeout : DEFAULT_TIMEOUT_S;
        uv_timer_start(&c.deadline, on_deadline, (uint64_t)seconds * 1000, 0);
    }
    struct link_events ev = {
        .status = on_status, .synced = on_synced, .applied = on_applied, .answer = on_answer};
    c.link = link_start(loop, &o, &ev, &c);
    key_wipe(&o.key);
    if (!c.link) finish(&c, EXIT_FAIL);
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    return c.rc;
}
