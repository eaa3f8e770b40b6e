/* `cmte serve`: the hub without a console.  Loads the meeting from the database, serves the
 * consoles until SIGINT or SIGTERM, and logs to stderr. */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "db/db.h"
#include "net/hub.h"
#include "net/keys.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/i18n.h"

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

/* The hub's key (created on first start) and its database, loaded. */
static int hub_open(const struct cli *cli, const struct config *cfg, struct key_pair *key,
                    struct db **db, struct core_state **state)
{
    char err[512];
    bool created = false;
    struct db_hub_key dbkey;
    struct db_error e;
    if (key_file_load_or_create(cfg->hub_key, key, &created, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: %s: %s\n", subcommand_name(cli->sub), err);
        return EXIT_FAIL;
    }
    char hex[KEY_HEX];
    key_public_hex(key->public_key, hex);
    fprintf(stderr,
            created ? _("cmte: created the hub key %s, public key %s\n")
                    : _("cmte: hub key %s, public key %s\n"),
            cfg->hub_key, hex);
    unsigned flags = cli->accept_broken_chain ? DB_ACCEPT_BROKEN_CHAIN : 0;
    struct db_load_info info;
    if (key_to_db_hub_key(key, &dbkey) < 0 || db_open(cfg->db_path, &dbkey, db, &e) != DB_OK ||
        db_load(*db, flags, state, &info, &e) != DB_OK) {
        sodium_memzero(&dbkey, sizeof dbkey);
        fprintf(stderr, "cmte: %s: %s\n", subcommand_name(cli->sub), e.message);
        if (e.code == DB_ERR_CHAIN)
            fprintf(stderr,
                    _("cmte: start with --accept-broken-chain to hold the meeting anyway\n"));
        db_close(*db);
        *db = NULL;
        return EXIT_FAIL;
    }
    sodium_memzero(&dbkey, sizeof dbkey);
    if (info.chain_bad_seq)
        fprintf(stderr, _("cmte: warning: the journal's chain is broken at seq %lld: %s\n"),
                (long long)info.chain_bad_seq, info.chain_what);
    return EXIT_OK;
}

int cmd_serve(const struct cli *cli, const struct config *cfg)
{
    struct key_pair key;
    struct db *db = NULL;
    struct core_state *state = NULL;
    int rc = hub_open(cli, cfg, &key, &db, &state);
    if (rc != EXIT_OK) return rc;
    struct hub_options o = {
        .listen_host = cfg->listen_host,
        .port = cfg->port,
        .key = key,
        .heartbeat_ms = cfg->heartbeat_ms,
        .timeout_ms = cfg->timeout_ms,
        .queue_limit = (size_t)cfg->queue_limit_bytes,
        .frame_max = (size_t)cfg->frame_max_bytes,
        .load_flags = cli->accept_broken_chain ? DB_ACCEPT_BROKEN_CHAIN : 0,
        .rules = &cfg->rules,
        .log = stderr,
    };
    key_wipe(&key);
    signal(SIGPIPE, SIG_IGN);
    uv_loop_t *loop = uv_default_loop();
    struct serve s = {0};
    char err[256];
    if (hub_start(loop, db, state, &o, &s.hub, err, sizeof err) < 0) {
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
    key_wipe(&o.key);
    uv_loop_close(loop);
    db_close(db);
    return rc;
}
