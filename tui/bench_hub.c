/* `cmte bench`: the hub under test.  A temporary folder holds the meeting's database (the
 * sample committee fitted to N members, tui/demo.h), the hub's key, its configuration (on
 * 127.0.0.1 at a free port, with a commit trace), its log and trace; every member's console is
 * enrolled with a key the bench keeps (as tui/demo_live.c does), and so are a chair's and a
 * secretary's console and one more seat for a real seat console.  The hub itself is this
 * program, `cmte serve`, in a child process.  See bench.h. */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/import.h"
#include "net/keys.h"
#include "tui/bench.h"
#include "tui/console.h"
#include "tui/demo.h"
#include "tui/i18n.h"

static const char *pin_of(const struct imported_pin *pins, int n, int32_t person)
{
    for (int i = 0; i < n; i++)
        if (pins[i].person == person) return pins[i].pin;
    return "";
}

static enum db_status enroll(struct db *db, enum role role, int32_t seat, const char *name,
                             struct key_pair *k, struct db_console *out, struct db_error *err)
{
    struct db_console dc = {.role = role, .seat = seat};
    snprintf(dc.name, sizeof dc.name, "%s", name);
    if (key_generate(k) < 0) {
        snprintf(err->message, sizeof err->message, "libsodium cannot start");
        return DB_ERR_ARG;
    }
    memcpy(dc.public_key, k->public_key, sizeof dc.public_key);
    enum db_status rc = db_console_enroll(db, &dc, err);
    if (out) *out = dc;
    return rc;
}

/* A console for each of the first n members with a seat (the next one gets the extra seat's),
 * then the chair's and the secretary's. */
static enum db_status enroll_all(struct bench_hub *h, struct db *db, const struct core_state *s,
                                 const struct imported_pin *pins, int npins, struct db_error *err)
{
    enum db_status rc = DB_OK;
    bool extra = false;
    char name[64];
    for (int i = 0; rc == DB_OK && i < s->person_count; i++) {
        const struct person *p = &s->people[i];
        if (p->kind != PERSON_MEMBER || p->seat <= 0 || extra) continue;
        if (h->n == h->cap_seats) {
            rc =
                enroll(db, ROLE_MEMBER, p->seat, "bench-seat", &h->seat_key, &h->seat_console, err);
            extra = true;
            continue;
        }
        struct bot_seat *b = &h->seats[h->n++];
        snprintf(name, sizeof name, "bench-%d", (int)p->seat);
        rc = enroll(db, ROLE_MEMBER, p->seat, name, &b->key, NULL, err);
        b->seat = p->seat;
        snprintf(b->pin, sizeof b->pin, "%s", pin_of(pins, npins, p->id));
    }
    if (rc == DB_OK) rc = enroll(db, ROLE_CHAIR, 0, "bench-chair", &h->chair, NULL, err);
    if (rc == DB_OK)
        rc = enroll(db, ROLE_SECRETARY, 0, "bench-secretary", &h->secretary, NULL, err);
    if (rc == DB_OK && (h->n < h->cap_seats || !extra)) {
        snprintf(err->message, sizeof err->message, "only %d seats", h->n);
        rc = DB_ERR_ARG;
    }
    return rc;
}

static int enroll_consoles(struct bench_hub *h, const struct db_hub_key *key,
                           const struct imported_pin *pins, int npins)
{
    struct db *db = NULL;
    struct core_state *s = NULL;
    struct db_error err;
    enum db_status rc = db_open(h->db, key, &db, &err);
    if (rc == DB_OK) rc = db_load(db, 0, &s, NULL, &err);
    if (rc == DB_OK) rc = enroll_all(h, db, s, pins, npins, &err);
    if (rc != DB_OK) fprintf(stderr, "cmte: bench: %s\n", err.message);
    core_state_free(s);
    db_close(db);
    return rc == DB_OK ? 0 : -1;
}

/* The hub's configuration: this machine's loopback, a free port, the trace; the network
 * settings of the bench's own configuration. */
static int write_ini(const struct bench_hub *h)
{
    FILE *f = fopen(h->ini, "w");
    if (!f) return -1;
    const struct config *c = h->cfg;
    fprintf(f, "[hub]\naddress = 127.0.0.1\nlisten = 127.0.0.1\nport = %d\ntrace = trace\n\n",
            h->port);
    fprintf(f, "[keys]\nhub_key = hub.key\n\n[database]\npath = bench.db\n\n");
    fprintf(f, "[ui]\nlanguage = %s\n\n", c->language == LANG_EN ? "en" : "zh");
    fprintf(f, "[net]\nheartbeat_ms = %d\ntimeout_ms = %d\nqueue_limit = %d\nframe_max = %d\n",
            (int)c->heartbeat_ms, (int)c->timeout_ms, (int)c->queue_limit_bytes,
            (int)c->frame_max_bytes);
    return fclose(f) == 0 ? 0 : -1;
}

static int make_files(struct bench_hub *h, int n)
{
    struct config c = *h->cfg;
    snprintf(c.db_path, sizeof c.db_path, "%s", h->db);
    struct db_hub_key key;
    struct imported_pin *pins = NULL;
    int npins = 0, rc = -1;
    char path[128], err[256];
    bool created;
    snprintf(path, sizeof path, "%s/hub.key", h->dir);
    if (key_file_load_or_create(path, &h->key, &created, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: bench: %s\n", err);
        return -1;
    }
    snprintf(path, sizeof path, "%s/prepare.log", h->dir); /* what the preparation did */
    FILE *log = fopen(path, "w");
    if (log && key_to_db_hub_key(&h->key, &key) == 0 &&
        demo_prepare(&c, h->db, &key, n + 1, &pins, &npins, log) == 0)
        rc = enroll_consoles(h, &key, pins, npins);
    else
        fprintf(stderr, _("cmte: bench: cannot prepare the meeting; see %s\n"), path);
    if (log) fclose(log);
    sodium_memzero(&key, sizeof key);
    if (pins) sodium_memzero(pins, (size_t)npins * sizeof *pins);
    free(pins);
    if (rc == 0 && write_ini(h) < 0) {
        fprintf(stderr, _("cmte: bench: cannot write %s\n"), h->ini);
        rc = -1;
    }
    return rc;
}

int bench_hub_prepare(struct bench_hub *h, const struct config *cfg, int n)
{
    memset(h, 0, sizeof *h);
    h->pid = -1;
    h->cfg = cfg;
    const char *tmp = getenv("TMPDIR");
    snprintf(h->dir, sizeof h->dir, "%s/cmte-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ssize_t len = readlink("/proc/self/exe", h->exe, sizeof h->exe - 1);
    if (len <= 0 || !mkdtemp(h->dir)) {
        perror("cmte: bench");
        h->dir[0] = '\0';
        return -1;
    }
    h->exe[len] = '\0';
    snprintf(h->ini, sizeof h->ini, "%s/cmte.ini", h->dir);
    snprintf(h->trace_path, sizeof h->trace_path, "%s/trace", h->dir);
    snprintf(h->log, sizeof h->log, "%s/hub.log", h->dir);
    snprintf(h->db, sizeof h->db, "%s/bench.db", h->dir);
    h->port = bench_free_port();
    h->cap_seats = n;
    h->seats = calloc((size_t)n, sizeof *h->seats);
    if (h->port < 0 || !h->seats) return -1;
    return make_files(h, n);
}

struct started {
    struct bench_hub *h;
    char line[64];
    long from; /* the log's size when this start began */
};

static bool listening(void *ctx)
{
    struct started *s = ctx;
    FILE *f = fopen(s->h->log, "r");
    char line[1024];
    bool found = false;
    if (f && fseek(f, s->from, SEEK_SET) == 0)
        while (!found && fgets(line, sizeof line, f)) found = strstr(line, s->line) != NULL;
    if (f) fclose(f);
    return found;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "r");
    long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : 0;
    if (f) fclose(f);
    return n < 0 ? 0 : n;
}

int bench_hub_start(struct bench_hub *h, struct bench_loop *bl)
{
    struct started s = {.h = h, .from = file_size(h->log)};
    snprintf(s.line, sizeof s.line, "serving on 127.0.0.1 port %d", h->port);
    char *argv[] = {h->exe, "serve", "--config", h->ini, NULL};
    h->pid = bench_spawn(argv, h->log);
    if (h->pid < 0) return -1;
    if (bench_wait(bl, listening, &s, 30000)) return 0;
    if (!bl->interrupted)
        fprintf(stderr, _("cmte: bench: the hub did not start; see %s\n"), h->log);
    return -1;
}

static void add_trace(struct bench_hub *h, const struct bench_trace *t)
{
    if (h->ntrace == h->cap_trace) {
        int cap = h->cap_trace ? 2 * h->cap_trace : 256;
        struct bench_trace *p = realloc(h->trace, (size_t)cap * sizeof *p);
        if (!p) return;
        h->trace = p;
        h->cap_trace = cap;
    }
    h->trace[h->ntrace++] = *t;
}

void bench_hub_read_trace(struct bench_hub *h)
{
    FILE *f = fopen(h->trace_path, "r");
    char line[256];
    if (!f || fseek(f, h->trace_read, SEEK_SET) != 0) {
        if (f) fclose(f);
        return;
    }
    while (fgets(line, sizeof line, f) && strchr(line, '\n')) { /* whole lines only */
        struct bench_trace t;
        long long first, last, ns;
        if (sscanf(line, "%lld %lld %d %lld", &first, &last, &t.events, &ns) == 4) {
            t.first = first, t.last = last, t.ns = ns;
            add_trace(h, &t);
        }
        h->trace_read += (long)strlen(line);
    }
    fclose(f);
}

const struct bench_trace *bench_hub_commit_of(struct bench_hub *h, int64_t seq)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = h->ntrace - 1; i >= 0; i--)
            if (h->trace[i].first <= seq && seq <= h->trace[i].last) return &h->trace[i];
        bench_hub_read_trace(h);
    }
    return NULL;
}

struct link_options bench_hub_link_options(const struct bench_hub *h, const struct key_pair *k)
{
    struct link_options o;
    console_net_options(h->cfg, &o);
    o.host = "127.0.0.1";
    o.port = h->port;
    o.key = *k;
    memcpy(o.hub_public, h->key.public_key, sizeof o.hub_public);
    return o;
}

int bench_hub_seat_file(const struct bench_hub *h, const char *path)
{
    struct config c = *h->cfg;
    snprintf(c.hub_host, sizeof c.hub_host, "127.0.0.1");
    c.port = h->port;
    return console_file_write(path, &c, &h->key, &h->seat_key, &h->seat_console, "bench");
}

void bench_hub_close(struct bench_hub *h)
{
    bench_kill(&h->pid, SIGKILL);
    for (int i = 0; h->seats && i < h->n; i++) key_wipe(&h->seats[i].key);
    free(h->seats);
    free(h->trace);
    key_wipe(&h->key);
    key_wipe(&h->chair);
    key_wipe(&h->secretary);
    key_wipe(&h->seat_key);
    if (h->dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", h->dir);
        if (system(cmd) != 0) fprintf(stderr, _("cmte: bench: cannot remove %s\n"), h->dir);
    }
    memset(h, 0, sizeof *h);
    h->pid = -1;
}
