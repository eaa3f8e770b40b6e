/* Holding the meeting on this machine.  See hosting.h. */
#include "tui/hosting.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "net/keys.h"
#include "tui/i18n.h"

/* The hub's key (created on first start) and its database, loaded. */
static int load(const struct cli *cli, const struct config *cfg, struct key_pair *key,
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

void hosting_raise_fd_limit(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

/* [hub] trace, appended to; NULL when not set.  -1 when it cannot be opened. */
static int open_trace(const struct cli *cli, const struct config *cfg, FILE **trace)
{
    *trace = NULL;
    if (!cfg->trace_path[0]) return 0;
    *trace = fopen(cfg->trace_path, "a");
    if (*trace) return 0;
    fprintf(stderr, _("cmte: %s: cannot write the trace %s: %m\n"), subcommand_name(cli->sub),
            cfg->trace_path);
    return -1;
}

int hosting_open(const struct cli *cli, const struct config *cfg, FILE *log, struct hosting *h)
{
    struct key_pair key;
    FILE *trace;
    memset(h, 0, sizeof *h);
    hosting_raise_fd_limit();
    if (open_trace(cli, cfg, &trace) < 0) return EXIT_FAIL;
    int rc = load(cli, cfg, &key, &h->db, &h->state);
    if (rc != EXIT_OK) {
        if (trace) fclose(trace);
        return rc;
    }
    h->o = (struct hub_options){
        .listen_host = cfg->listen_host,
        .port = cfg->port,
        .key = key,
        .heartbeat_ms = cfg->heartbeat_ms,
        .timeout_ms = cfg->timeout_ms,
        .queue_limit = (size_t)cfg->queue_limit_bytes,
        .frame_max = (size_t)cfg->frame_max_bytes,
        .command_rate = cfg->command_rate,
        .command_burst = cfg->command_burst,
        .load_flags = cli->accept_broken_chain ? DB_ACCEPT_BROKEN_CHAIN : 0,
        .rules = &cfg->rules,
        .log = log,
        .trace = trace,
        .exam_questions = cfg->exam_questions,
    };
    key_wipe(&key);
    return EXIT_OK;
}

void hosting_close(struct hosting *h)
{
    key_wipe(&h->o.key);
    if (h->o.trace) fclose(h->o.trace);
    h->o.trace = NULL;
    db_close(h->db);
    h->db = NULL;
}
