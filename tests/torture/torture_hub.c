/* The hub under torture: the meeting prepared as `cmte bench` prepares it, a display console
 * enrolled too, and `cmte serve` (CMTE_BIN) started, killed and started again on the same
 * database, in a network namespace when asked.  See torture.h. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db/db.h"
#include "torture.h"

static int enroll_display(struct tt_hub *h)
{
    struct db_hub_key key;
    struct db *db = NULL;
    struct db_error err;
    struct db_console dc = {.role = ROLE_DISPLAY};
    snprintf(dc.name, sizeof dc.name, "torture-display");
    if (key_generate(&h->display) < 0 || key_to_db_hub_key(&h->b.key, &key) < 0) return -1;
    memcpy(dc.public_key, h->display.public_key, sizeof dc.public_key);
    enum db_status rc = db_open(h->b.db, &key, &db, &err);
    if (rc == DB_OK) rc = db_console_enroll(db, &dc, &err);
    if (rc != DB_OK) tt_say("cannot enroll the display: %s", err.message);
    db_close(db);
    sodium_memzero(&key, sizeof key);
    return rc == DB_OK ? 0 : -1;
}

int tt_hub_prepare(struct tt_hub *h, int n)
{
    static struct config cfg; /* bench_hub keeps a pointer to it */
    config_defaults(&cfg);
    cfg.language = LANG_EN;
    memset(h, 0, sizeof *h);
    const char *bin = getenv("CMTE_BIN");
    if (!bin || !realpath(bin, h->exe)) {
        tt_say("CMTE_BIN does not name the cmte program (make torture sets it)");
        return -1;
    }
    if (bench_hub_prepare(&h->b, &cfg, n) < 0) return -1;
    snprintf(h->listen, sizeof h->listen, "127.0.0.1");
    snprintf(h->host, sizeof h->host, "127.0.0.1");
    h->port = h->link_port = h->b.port;
    snprintf(h->db, sizeof h->db, "%s", h->b.db);
    h->heartbeat_ms = 300;
    h->timeout_ms = 1500;
    h->queue_limit = 4 << 20;
    h->command_rate = h->command_burst = -1;
    return enroll_display(h);
}

static int write_ini(const struct tt_hub *h)
{
    FILE *f = fopen(h->b.ini, "w");
    if (!f) return -1;
    fprintf(f, "[hub]\naddress = %s\nlisten = %s\nport = %d\n\n", h->listen, h->listen, h->port);
    fprintf(f, "[keys]\nhub_key = hub.key\n\n[database]\npath = %s\n\n[ui]\nlanguage = en\n\n",
            h->db);
    fprintf(f, "[net]\nheartbeat_ms = %d\ntimeout_ms = %d\nqueue_limit = %d\n", h->heartbeat_ms,
            h->timeout_ms, h->queue_limit);
    if (h->command_rate >= 0) fprintf(f, "command_rate = %d\n", h->command_rate);
    if (h->command_burst >= 0) fprintf(f, "command_burst = %d\n", h->command_burst);
    return fclose(f) == 0 ? 0 : -1;
}

struct serving {
    const struct tt_hub *h;
    int before;
};

static bool serving(void *ctx)
{
    const struct serving *s = ctx;
    return tt_hub_log_count(s->h, "hub: serving on") > s->before;
}

int tt_hub_start(struct tt_hub *h, struct bench_loop *bl)
{
    if (write_ini(h) < 0) {
        tt_say("cannot write %s", h->b.ini);
        return -1;
    }
    struct serving s = {h, tt_hub_log_count(h, "hub: serving on")};
    char *plain[] = {h->exe, "serve", "--config", h->b.ini, NULL};
    char *in_ns[] = {"ip",       "netns",  "exec", (char *)h->netns, h->exe, "serve",
                     "--config", h->b.ini, NULL};
    h->b.pid = bench_spawn(h->netns ? in_ns : plain, h->b.log);
    if (h->b.pid < 0) return -1;
    h->starts++;
    if (bench_wait(bl, serving, &s, 30000)) return 0;
    tt_say("the hub did not start; see %s", h->b.log);
    return -1;
}

void tt_hub_stop(struct tt_hub *h, int sig)
{
    bench_kill(&h->b.pid, sig);
}

void tt_hub_close(struct tt_hub *h)
{
    key_wipe(&h->display);
    if (getenv("CMTE_TORTURE_KEEP") && h->b.dir[0]) { /* for a look afterwards */
        tt_say("kept %s", h->b.dir);
        tt_hub_stop(h, SIGKILL);
        h->b.dir[0] = '\0';
    }
    bench_hub_close(&h->b);
}

int tt_hub_log_count(const struct tt_hub *h, const char *text)
{
    FILE *f = fopen(h->b.log, "r");
    char line[2048];
    int n = 0;
    while (f && fgets(line, sizeof line, f)) n += strstr(line, text) != NULL;
    if (f) fclose(f);
    return n;
}

int tt_hub_fds(const struct tt_hub *h)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)h->b.pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

struct link_options tt_hub_link(const struct tt_hub *h, const struct key_pair *k, bool direct)
{
    struct link_options o = bench_hub_link_options(&h->b, k);
    o.host = direct ? h->listen : h->host;
    o.port = direct ? h->port : h->link_port;
    o.heartbeat_ms = h->heartbeat_ms;
    o.timeout_ms = h->timeout_ms;
    return o;
}
