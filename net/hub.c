/* The hub: lifecycle, listener, heartbeats, the flush once per loop turn, the registry of
 * enrolled consoles and the log.  See hub.h; connections are in hub_conn.c, the path of a
 * command in hub_commit.c. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codec.h"
#include "net/hub_internal.h"

int64_t hub_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hub_log(struct hub *h, const struct conn *c, const char *fmt, ...)
{
    if (!h->o.log) return;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    fprintf(h->o.log, "%s hub", when);
    if (c) {
        const char *name = c->session ? c->session->console.name : "-";
        fprintf(h->o.log, " %s %s", c->peer, name);
    }
    fputs(": ", h->o.log);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(h->o.log, fmt, ap);
    va_end(ap);
    fputc('\n', h->o.log);
    fflush(h->o.log);
}

const struct db_console *hub_registry_find(const struct hub *h, const unsigned char pk[32])
{
    for (int i = 0; i < h->nregistry; i++)
        if (memcmp(h->registry[i].public_key, pk, KEY_PUBLIC_BYTES) == 0) return &h->registry[i];
    return NULL;
}

int hub_set_state(struct hub *h, struct core_state *state, char *err, size_t errlen)
{
    char *text = snapshot_encode(state);
    struct core_state *pub = NULL;
    struct core_error ce;
    if (!text || snapshot_decode(text, strlen(text), &pub, &ce) != ERR_OK) {
        snprintf(err, errlen, "cannot make the public state: %s", text ? ce.detail : "no memory");
        free(text);
        return -1;
    }
    free(text);
    core_state_free(h->state);
    core_state_free(h->public);
    h->state = state;
    h->public = pub;
    db_head(h->db, &h->seq, h->chain);
    if (h->local && h->local_ev.synced) h->local_ev.synced(h->local_ctx, h->public, h->seq);
    return 0;
}

void hub_request_refresh(struct hub *h)
{
    h->refresh_wanted = true;
    commit_kick(h);
}

static void on_connection(uv_stream_t *server, int status)
{
    struct hub *h = server->data;
    if (status < 0) {
        hub_log(h, NULL, "accept failed: %s", uv_strerror(status));
        return;
    }
    conn_accept(h);
}

/* The watch runs ten times per timeout, so that a silent console is found within the
 * timeout itself; heartbeats go out (to the consoles sent nothing else for that long) and the
 * registry is looked at every heartbeat. */
static uint64_t watch_period(const struct hub_options *o)
{
    uint64_t tenth = (uint64_t)o->timeout_ms / 10;
    return tenth < (uint64_t)o->heartbeat_ms ? tenth : (uint64_t)o->heartbeat_ms;
}

static void on_beat(uv_timer_t *t)
{
    struct hub *h = t->data;
    uint64_t now = uv_now(h->loop);
    bool beat = now - h->last_beat >= (uint64_t)h->o.heartbeat_ms;
    if (beat) h->last_beat = now;
    uint64_t silence = (uint64_t)h->o.timeout_ms - watch_period(&h->o);
    for (struct conn *c = h->conns, *next; c; c = next) {
        next = c->next;
        conn_tick(c, now, silence, (uint64_t)h->o.heartbeat_ms);
    }
    if (beat) hub_request_refresh(h);
    if (h->links_unsettled && now >= h->links_settle_at) commit_links_settled(h);
    if (beat) exam_deadlines(h);
}

static void on_docs_turn(uv_idle_t *i)
{
    (void)i; /* nothing: an active idle handle only keeps the loop from waiting */
}

/* Once per loop turn, just before the loop waits: everything queued goes out, one vectored
 * write per connection.  Only the connections listed are looked at (a loop turn that reads
 * one command must not cost a walk over a thousand consoles).  One still taking documents
 * stays listed for the next turn; when its socket took everything at once, no write will
 * complete to wake the loop, so the idle handle keeps it turning. */
static void on_flush(uv_prepare_t *p)
{
    struct hub *h = p->data;
    struct conn *c = h->flush_head, *next;
    h->flush_head = h->flush_tail = NULL; /* listing from now on is for the next turn */
    for (; c; c = next) {
        next = c->flush_next;
        docs_send_part(c); /* c is still marked listed: what it queues goes just below */
        if (wire_has_pending(&c->wire)) wire_flush(&c->wire);
        c->flush_listed = false;
        if (c->ndoc_wanted > 0 && !c->wire.closing) conn_wants_flush(c);
    }
    bool next_turn = false;
    for (c = h->flush_head; c && !next_turn; c = c->flush_next)
        next_turn = (c->phase == PHASE_READY && c->wire.queued == 0) || wire_has_pending(&c->wire);
    if (next_turn)
        uv_idle_start(&h->docs_turn, on_docs_turn);
    else
        uv_idle_stop(&h->docs_turn);
}

static int listen_on(struct hub *h, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    const char *host = h->o.listen_host;
    int rc = strchr(host, ':') ? uv_ip6_addr(host, h->o.port, (struct sockaddr_in6 *)&ss)
                               : uv_ip4_addr(host, h->o.port, (struct sockaddr_in *)&ss);
    if (rc == 0) rc = uv_tcp_bind(&h->listener, (const struct sockaddr *)&ss, 0);
    if (rc == 0) rc = uv_listen((uv_stream_t *)&h->listener, 511, on_connection);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s port %d: %s", host, h->o.port, uv_strerror(rc));
        return -1;
    }
    int len = sizeof ss;
    uv_tcp_getsockname(&h->listener, (struct sockaddr *)&ss, &len);
    h->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                             : ((struct sockaddr_in *)&ss)->sin_port);
    return 0;
}

static int load_registry(struct hub *h, char *err, size_t errlen)
{
    struct db_error e;
    if (db_console_list(h->db, &h->registry, &h->nregistry, &e) != DB_OK ||
        commit_load_origins(h, &e) < 0 || commit_load_pins(h, &e) < 0 ||
        exam_load_bank(h, &e) < 0 || docs_load(h, &e) < 0) {
        snprintf(err, errlen, "%s", e.message);
        return -1;
    }
    db_changed_elsewhere(h->db); /* from now on, a change means someone else's */
    return 0;
}

int hub_start(uv_loop_t *loop, struct db *db, struct core_state *state, const struct hub_options *o,
              struct hub **out, char *err, size_t errlen)
{
    struct hub *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    h->loop = loop;
    h->db = db;
    h->o = *o;
    bcast_key_new(&h->bkey, 1);
    commit_init(h);
    if (hub_set_state(h, state, err, errlen) < 0) {
        core_state_free(state);
        goto fail;
    }
    if (load_registry(h, err, errlen) < 0) goto fail;
    uv_tcp_init(loop, &h->listener);
    uv_timer_init(loop, &h->beat);
    uv_prepare_init(loop, &h->flush);
    uv_idle_init(loop, &h->docs_turn);
    h->listener.data = h->beat.data = h->flush.data = h->docs_turn.data = h;
    h->handles_open = 4;
    if (listen_on(h, err, errlen) < 0) {
        hub_stop(h, NULL, NULL);
        return -1;
    }
    h->last_beat = uv_now(loop);
    uv_timer_start(&h->beat, on_beat, watch_period(o), watch_period(o));
    uv_prepare_start(&h->flush, on_flush);
    uv_unref((uv_handle_t *)&h->flush);
    hub_log(h, NULL, "serving on %s port %d, journal at seq %lld", o->listen_host, h->port,
            (long long)h->seq);
    /* the seats the journal says are connected have a timeout to come back before they are
     * recorded as gone: a restart then costs no link event for each console that returns */
    h->links_unsettled = true;
    h->links_settle_at = uv_now(loop) + (uint64_t)o->timeout_ms;
    commit_rules(h, o->rules);
    *out = h;
    return 0;
fail:
    core_state_free(h->state);
    core_state_free(h->public);
    commit_free(h);
    exam_free(h);
    docs_free(h);
    free(h->registry);
    free(h);
    return -1;
}

int hub_attach(struct hub *h, enum role role, const struct hub_local_events *ev, void *ctx)
{
    if (h->local) return -1;
    h->local = calloc(1, sizeof *h->local);
    if (!h->local) return -1;
    h->local->console.role = role; /* console id 0: no enrolled console */
    snprintf(h->local->console.name, sizeof h->local->console.name, "%s (in the hub)",
             role_name(role));
    h->local_ev = *ev;
    h->local_ctx = ctx;
    if (ev->synced) ev->synced(ctx, h->public, h->seq);
    return 0;
}

void hub_submit(struct hub *h, const struct command *c, char *cid)
{
    struct msg_command m = {.command = *c};
    snprintf(m.cid, sizeof m.cid, "L%llu", (unsigned long long)++h->local_cids);
    if (cid) snprintf(cid, MSG_CID_MAX, "%s", m.cid);
    commit_command(h, h->local, &m);
}

const struct core_state *hub_public_state(const struct hub *h, int64_t *seq)
{
    if (seq) *seq = h->seq;
    return h->public;
}

int hub_port(const struct hub *h)
{
    return h->port;
}

static void finish_stop(struct hub *h)
{
    if (h->handles_open > 0 || h->conns || !commit_idle(h)) return;
    void (*done)(void *) = h->stopped;
    void *ctx = h->stopped_ctx;
    commit_free(h);
    core_state_free(h->public);
    core_state_free(h->state);
    for (int i = 0; i < h->nsessions; i++) free(h->sessions[i]);
    free(h->local);
    free(h->sessions);
    free(h->registry);
    exam_free(h);
    docs_free(h);
    sodium_memzero(&h->bkey, sizeof h->bkey);
    free(h);
    if (done) done(ctx);
}

static void on_handle_closed(uv_handle_t *hd)
{
    struct hub *h = hd->data;
    h->handles_open--;
    finish_stop(h);
}

void hub_maybe_stopped(struct hub *h)
{
    if (h->stopping) finish_stop(h);
}

void hub_stop(struct hub *h, void (*done)(void *ctx), void *ctx)
{
    h->stopping = true;
    h->stopped = done;
    h->stopped_ctx = ctx;
    /* the console in the process asked for the stop, and its screen is gone: an append still on
     * its way is stored, but not reported to it */
    h->local_ev = (struct hub_local_events){0};
    for (struct conn *c = h->conns; c; c = c->next) conn_drop(c, "the hub is stopping");
    uv_close((uv_handle_t *)&h->listener, on_handle_closed);
    uv_close((uv_handle_t *)&h->beat, on_handle_closed);
    uv_close((uv_handle_t *)&h->flush, on_handle_closed);
    uv_close((uv_handle_t *)&h->docs_turn, on_handle_closed);
}
