/* The hub's connections: accept, the handshake against the registry of enrolled consoles, the
 * console's resume and the welcome (key, then resumed or the snapshot), messages, heartbeats
 * and drops.  See hub.h and docs/PROTOCOL.md. */
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"
#include "net/pack.h"

static struct conn *conn_of(struct wire *w)
{
    return w->owner;
}

void conn_wants_flush(struct conn *c)
{
    struct hub *h = c->hub;
    if (c->flush_listed) return;
    c->flush_listed = true;
    c->flush_next = NULL;
    if (h->flush_tail)
        h->flush_tail->flush_next = c;
    else
        h->flush_head = c;
    h->flush_tail = c;
}

static void unlist_flush(struct conn *c)
{
    struct hub *h = c->hub;
    struct conn *before = NULL;
    for (struct conn *x = h->flush_head; x && x != c; x = x->flush_next) before = x;
    if (before)
        before->flush_next = c->flush_next;
    else
        h->flush_head = c->flush_next;
    if (h->flush_tail == c) h->flush_tail = before;
    c->flush_listed = false;
}

static void unlink_conn(struct conn *c)
{
    struct hub *h = c->hub;
    if (c->flush_listed) unlist_flush(c);
    if (c->prev)
        c->prev->next = c->next;
    else if (h->conns == c)
        h->conns = c->next;
    if (c->next) c->next->prev = c->prev;
    c->prev = c->next = NULL;
}

/* Leaving: a member's seat shows as disconnected (attendance unchanged), unless a newer
 * connection of the same console has taken over. */
static void forget_session(struct conn *c)
{
    struct session *s = c->session;
    if (!s) return;
    c->session = NULL;
    c->hub->ready--;
    if (s->conn != c) return;
    s->conn = NULL;
    if (!c->hub->stopping) commit_link_changed(c->hub, s, false);
}

static void on_failed(struct wire *w, const char *why, bool bad_frame)
{
    struct conn *c = conn_of(w);
    hub_log(c->hub, c, "%s: %s", bad_frame ? "dropped" : "connection ended", why);
    forget_session(c);
}

static void on_closed(struct wire *w)
{
    struct conn *c = conn_of(w);
    struct hub *h = c->hub;
    unlink_conn(c);
    sodium_memzero(&c->hs, sizeof c->hs);
    sodium_memzero(&c->ch, sizeof c->ch);
    free(c);
    hub_maybe_stopped(h);
}

void conn_drop(struct conn *c, const char *why)
{
    if (c->wire.closing) return;
    hub_log(c->hub, c, "dropped: %s", why);
    forget_session(c);
    wire_close(&c->wire);
}

void conn_bye(struct conn *c, const char *why)
{
    struct msg m = {.type = MSG_BYE};
    snprintf(m.u.bye.reason, sizeof m.u.bye.reason, "%s", why);
    conn_send_msg(c, &m);
    wire_flush(&c->wire);
    conn_drop(c, why);
}

/* After queueing to c: flushed at the end of the loop turn, or dropped when the wire refused
 * (it holds too much already: the console does not keep up). */
static void queued_or_drop(struct conn *c, bool queued)
{
    c->last_tx = uv_now(c->hub->loop);
    if (queued) return conn_wants_flush(c);
    char why[96];
    snprintf(why, sizeof why, "more than %zu bytes waiting: the console does not read",
             c->wire.limit);
    conn_drop(c, why);
}

/* Queue a frame (the caller keeps its reference); a console that cannot keep up is dropped. */
void conn_queue(struct conn *c, struct wbuf *b)
{
    queued_or_drop(c, wire_queue(&c->wire, b));
}

struct wbuf *broadcast_frame(struct hub *h, uint64_t first_seq, const char *text,
                             uint8_t digest[BCAST_DIGEST])
{
    size_t len = strlen(text), body_len = len;
    uint8_t *packed = pack(text, len, &body_len);
    const uint8_t *body = packed ? packed : (const uint8_t *)text;
    struct wbuf *w = wbuf_new(body_len + BCAST_OVERHEAD);
    char err[CHAN_ERROR_MAX];
    if (w && bcast_seal(&h->bkey, first_seq, body, body_len, wbuf_payload(w), digest, err,
                        sizeof err) < 0) {
        wbuf_unref(w);
        w = NULL;
    }
    if (w) w->len -= BCAST_TAG; /* sealed once; each link's tag goes after it */
    free(packed);
    return w;
}

void conn_queue_broadcast(struct conn *c, struct wbuf *frame, const uint8_t *digest)
{
    struct wbuf *tag = wbuf_raw(BCAST_TAG);
    if (!tag) return conn_drop(c, "out of memory");
    bcast_tag(&c->ch, digest, tag->data);
    bool queued = wire_queue_pair(&c->wire, frame, tag);
    wbuf_unref(tag);
    queued_or_drop(c, queued);
}

static void queue_payload(struct conn *c, struct wbuf *b)
{
    conn_queue(c, b);
    wbuf_unref(b);
}

static void send_plain(struct conn *c, const uint8_t *p, size_t len)
{
    struct wbuf *b = wbuf_new(len);
    if (!b) return conn_drop(c, "out of memory");
    memcpy(wbuf_payload(b), p, len);
    queue_payload(c, b);
}

/* Refuse before authentication: a reason the console can show, then close. */
static void refuse(struct conn *c, const char *reason)
{
    hub_log(c->hub, c, "refused: %s", reason);
    uint8_t r[CHAN_REFUSAL_MAX];
    size_t n = chan_refusal(reason, r);
    send_plain(c, r, n);
    wire_flush(&c->wire);
    wire_close(&c->wire);
}

static void send_sealed(struct conn *c, const char *text, size_t len)
{
    struct wbuf *b = wbuf_new(len + CHAN_SEAL_OVERHEAD);
    char err[CHAN_ERROR_MAX];
    if (!b) return conn_drop(c, "out of memory");
    if (chan_seal(&c->ch, (const uint8_t *)text, len, wbuf_payload(b), err, sizeof err) < 0) {
        wbuf_unref(b);
        return conn_drop(c, err);
    }
    queue_payload(c, b);
}

void conn_send_msg(struct conn *c, const struct msg *m)
{
    if (c->wire.closing || c->phase != PHASE_READY) return;
    char *text = msg_encode(m);
    if (!text) return conn_drop(c, "out of memory");
    send_sealed(c, text, strlen(text));
    free(text);
}

/* The snapshot of the committed state, sealed like a broadcast (meeting key, hub's signature,
 * its seq as first_seq) once per seq and key, and the same bytes queued to every console that
 * connects: a thousand consoles coming back share one copy and one encryption. */
static struct wbuf *snapshot_frame(struct hub *h)
{
    if (h->snapshot_frame && h->snapshot_seq == h->seq && h->snapshot_key == h->bkey.id)
        return h->snapshot_frame;
    wbuf_unref(h->snapshot_frame);
    h->snapshot_frame = NULL;
    struct msg m = {.type = MSG_SNAPSHOT};
    m.u.snapshot.seq = h->seq;
    memcpy(m.u.snapshot.chain, h->chain, MSG_CHAIN_BYTES);
    m.u.snapshot.state = h->public;
    char *text = msg_encode(&m);
    struct wbuf *w = text ? broadcast_frame(h, (uint64_t)h->seq, text, h->snapshot_digest) : NULL;
    free(text);
    h->snapshot_frame = w;
    h->snapshot_seq = h->seq;
    h->snapshot_key = h->bkey.id;
    return w;
}

static void send_snapshot(struct conn *c)
{
    struct wbuf *w = snapshot_frame(c->hub);
    if (!w) return conn_drop(c, "cannot make the snapshot");
    conn_queue_broadcast(c, w, c->hub->snapshot_digest);
}

void conn_send_key(struct conn *c)
{
    struct msg m = {.type = MSG_KEY};
    m.u.key.id = c->hub->bkey.id;
    memcpy(m.u.key.key, c->hub->bkey.key, sizeof m.u.key.key);
    conn_send_msg(c, &m);
    sodium_memzero(&m, sizeof m);
}

/* Does the console's replica hold exactly the committed state: the same seq of the same
 * journal?  A console with none says seq 0. */
static bool in_step(const struct hub *h, int64_t seq, const unsigned char chain[MSG_CHAIN_BYTES])
{
    return seq > 0 && seq == h->seq && memcmp(chain, h->chain, MSG_CHAIN_BYTES) == 0;
}

/* The replica is kept: the broadcasts from the next seq on follow. */
static void send_resumed(struct conn *c)
{
    struct msg m = {.type = MSG_RESUMED};
    m.u.resumed.seq = c->hub->seq;
    conn_send_msg(c, &m);
}

/* The welcome, the meeting key, then resumed or the snapshot (and a running exam's paper). */
static void welcome(struct conn *c, int64_t seq, const unsigned char chain[MSG_CHAIN_BYTES])
{
    struct hub *h = c->hub;
    const struct db_console *dc = &c->session->console;
    struct msg m = {.type = MSG_WELCOME};
    m.u.welcome.console = dc->id;
    snprintf(m.u.welcome.name, sizeof m.u.welcome.name, "%s", dc->name);
    m.u.welcome.role = dc->role;
    m.u.welcome.seat = dc->role == ROLE_EXAMINEE ? dc->nominee : dc->seat;
    m.u.welcome.hub_time = hub_clock_ms();
    m.u.welcome.heartbeat_ms = h->o.heartbeat_ms;
    m.u.welcome.timeout_ms = h->o.timeout_ms;
    conn_send_msg(c, &m);
    conn_send_key(c);
    if (in_step(h, seq, chain)) {
        hub_log(h, c, "resumed at seq %lld", (long long)seq);
        send_resumed(c);
    } else {
        if (seq > 0)
            hub_log(h, c, "its replica at seq %lld is not the journal's at seq %lld: snapshot",
                    (long long)seq, (long long)h->seq);
        send_snapshot(c);
    }
    exam_paper_to(h, c);
}

static void authenticated(struct conn *c, const struct db_console *dc)
{
    struct hub *h = c->hub;
    struct session *s = session_for(h, dc);
    if (!s) return conn_drop(c, "out of memory");
    struct conn *old = s->conn;
    s->console = *dc;
    s->conn = c;
    if (old) conn_drop(old, "replaced by a new connection of the same console");
    c->session = s;
    c->phase = PHASE_RESUME; /* nothing goes to it before its resume */
    h->ready++;
    hub_log(h, c, "connected as %s", role_name(dc->role));
    commit_link_changed(h, s, true);
}

/* After the registry was (re)read: go on with a hello that waited for it. */
void conn_lookup_done(struct conn *c)
{
    struct hub *h = c->hub;
    char fp[KEY_FINGERPRINT];
    key_fingerprint(c->console_pk, fp);
    const struct db_console *dc = hub_registry_find(h, c->console_pk);
    char why[128];
    if (!dc) {
        snprintf(why, sizeof why, "console key %s is not enrolled on this hub", fp);
        return refuse(c, why);
    }
    if (dc->revoked_at) {
        snprintf(why, sizeof why, "console %s (key %s) was revoked", dc->name, fp);
        return refuse(c, why);
    }
    uint8_t w[CHAN_WELCOME_BYTES];
    char err[CHAN_ERROR_MAX];
    if (chan_hub_welcome(&c->hs, &h->o.key, c->hello, CHAN_HELLO_BYTES, w, err, sizeof err) < 0)
        return refuse(c, err);
    c->phase = PHASE_AUTH;
    send_plain(c, w, sizeof w);
}

static void on_hello(struct conn *c, const uint8_t *p, size_t len)
{
    unsigned char pinned[KEY_PUBLIC_BYTES];
    char err[CHAN_ERROR_MAX];
    if (chan_hub_read_hello(p, len, c->console_pk, pinned, err, sizeof err) < 0)
        return refuse(c, err);
    if (memcmp(pinned, c->hub->o.key.public_key, KEY_PUBLIC_BYTES) != 0)
        return refuse(c, "the console pins another hub key: enroll it with this hub");
    memcpy(c->hello, p, CHAN_HELLO_BYTES);
    /* the registry is looked at again first (a cheap check when nothing changed): a console
     * enrolled or revoked since it was read is known as it is now */
    c->phase = PHASE_LOOKUP;
    hub_request_refresh(c->hub);
}

static void on_auth(struct conn *c, const uint8_t *p, size_t len)
{
    char err[CHAN_ERROR_MAX];
    if (chan_hub_finish(&c->hs, c->console_pk, p, len, &c->ch, err, sizeof err) < 0)
        return refuse(c, err);
    const struct db_console *dc = hub_registry_find(c->hub, c->console_pk);
    if (!dc || dc->revoked_at) return refuse(c, "the console was revoked");
    authenticated(c, dc);
}

/* A sealed message opened and decoded into *m (to msg_free); false when c was dropped. */
static bool open_message(struct conn *c, const uint8_t *p, size_t len, struct msg *m)
{
    uint8_t *plain = len > CHAN_SEAL_OVERHEAD ? malloc(len - CHAN_SEAL_OVERHEAD) : NULL;
    size_t n = 0;
    char err[CHAN_ERROR_MAX];
    if (!plain) {
        conn_drop(c, "a sealed message too short to hold anything");
        return false;
    }
    if (chan_open(&c->ch, p, len, plain, &n, err, sizeof err) < 0) {
        free(plain);
        conn_drop(c, err);
        return false;
    }
    struct core_error ce;
    enum core_err rc = msg_decode((const char *)plain, n, m, &ce);
    free(plain);
    if (rc == ERR_OK) return true;
    char why[160];
    snprintf(why, sizeof why, "a message that does not decode: %s", ce.detail);
    conn_drop(c, why);
    return false;
}

/* The console's first message says where its replica stands: the welcome follows. */
static void on_resume(struct conn *c, const uint8_t *p, size_t len)
{
    struct msg m;
    if (!open_message(c, p, len, &m)) return;
    if (m.type != MSG_RESUME) {
        char why[96];
        snprintf(why, sizeof why, "its first message is %s, not resume (an older console?)",
                 msg_type_name(m.type));
        msg_free(&m);
        return conn_drop(c, why);
    }
    c->phase = PHASE_READY;
    welcome(c, m.u.resume.seq, m.u.resume.chain);
    msg_free(&m);
}

static void on_message(struct conn *c, const uint8_t *p, size_t len)
{
    struct msg m;
    if (!open_message(c, p, len, &m)) return;
    if (m.type == MSG_COMMAND)
        commit_command(c->hub, c->session, &m.u.command);
    else if (m.type == MSG_DOC_GET)
        docs_want(c, m.u.doc_get.id);
    else if (m.type != MSG_BEAT)
        conn_drop(c, "a message a console may not send");
    msg_free(&m);
}

static void on_frame(struct wire *w, const uint8_t *p, size_t len)
{
    struct conn *c = conn_of(w);
    c->last_rx = uv_now(c->hub->loop);
    switch (c->phase) {
    case PHASE_HELLO:
        return on_hello(c, p, len);
    case PHASE_LOOKUP:
        return conn_drop(c, "sent more before the hub answered its hello");
    case PHASE_AUTH:
        return on_auth(c, p, len);
    case PHASE_RESUME:
        return on_resume(c, p, len);
    case PHASE_READY:
        return on_message(c, p, len);
    }
}

static const struct wire_ops conn_ops = {on_frame, on_failed, on_closed};

void conn_accept(struct hub *h)
{
    struct conn *c = calloc(1, sizeof *c);
    if (!c) return;
    c->hub = h;
    uv_tcp_init(h->loop, &c->wire.tcp);
    bool ok = wire_init(&c->wire, &conn_ops, c, h->o.frame_max, h->o.queue_limit) == 0;
    c->next = h->conns; /* on_closed unlinks it, whatever happens next */
    if (h->conns) h->conns->prev = c;
    h->conns = c;
    c->started = c->last_rx = c->tokens_at = uv_now(h->loop);
    c->tokens = h->o.command_burst;
    if (!ok || uv_accept((uv_stream_t *)&h->listener, (uv_stream_t *)&c->wire.tcp) < 0) {
        wire_close(&c->wire);
        return;
    }
    wire_peer(&c->wire, c->peer, sizeof c->peer);
    if (wire_read_start(&c->wire) < 0) conn_drop(c, "cannot read");
}

bool conn_allow_command(struct conn *c)
{
    const struct hub_options *o = &c->hub->o;
    if (o->command_rate <= 0) return true;
    uint64_t now = uv_now(c->hub->loop);
    c->tokens += (double)(now - c->tokens_at) * o->command_rate / 1000.0;
    if (c->tokens > o->command_burst) c->tokens = o->command_burst;
    c->tokens_at = now;
    if (c->tokens >= 1) {
        c->tokens -= 1;
        c->limited = false;
        return true;
    }
    if (!c->limited)
        hub_log(c->hub, c,
                "refused: more than %d commands a second (bursts of %d); refusing until "
                "it slows down",
                (int)o->command_rate, (int)o->command_burst);
    c->limited = true;
    return false;
}

/* Any frame tells the console the hub is there: a console the broadcasts keep busy gets no
 * heartbeat (a thousand of them, sealed one by one, would cost as much as a broadcast). */
void conn_tick(struct conn *c, uint64_t now, uint64_t silence, uint64_t heartbeat)
{
    if (c->wire.closing) return;
    if (c->phase != PHASE_READY) {
        if (now - c->started > silence) conn_drop(c, "no handshake in time");
        return;
    }
    if (now - c->last_rx > silence) {
        char why[64];
        snprintf(why, sizeof why, "silent for %llu ms", (unsigned long long)(now - c->last_rx));
        return conn_drop(c, why);
    }
    if (now - c->last_tx < heartbeat) return;
    struct msg m = {.type = MSG_BEAT};
    m.u.beat.now = hub_clock_ms();
    conn_send_msg(c, &m);
}
