/* A console's link: see link.h and docs/PROTOCOL.md. */
#include "net/link.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif
#include <string.h>
#include <time.h>

#include "net/channel.h"
#include "net/pack.h"
#include "net/wire.h"

enum { OUTBOX_MAX = 256 };

enum phase { P_IDLE, P_CONNECTING, P_WELCOME, P_SYNCING, P_READY };

struct outgoing {
    char cid[MSG_CID_MAX];
    struct command command;
    char pin[MSG_PIN_MAX];
};

/* One TCP connection; a new one for every attempt, freed when closed. */
struct attempt {
    struct wire wire;
    struct link *link;
    uv_connect_t connect;
    bool connected;
};

struct link {
    uv_loop_t *loop;
    struct link_options o;
    struct link_events ev;
    void *ctx;
    enum phase phase;
    enum link_status status;
    struct attempt *att;
    uv_getaddrinfo_t resolve;
    bool resolving;
    uv_timer_t retry, beat;
    uv_prepare_t flush;
    int handles_open;
    int32_t backoff_ms;
    uint64_t last_rx;
    struct chan_handshake hs;
    struct chan ch;
    struct bcast_key bkey;
    bool have_key;
    struct core_state *state;
    int64_t seq;
    unsigned char chain[MSG_CHAIN_BYTES]; /* the journal's hash at seq */
    bool resumable;                       /* state is exactly the hub's at (seq, chain) */
    int64_t clock_offset;                 /* hub clock minus ours, ms */
    char instance[17]; /* random per process: client ids never repeat across runs */
    uint64_t counter;
    struct outgoing *outbox;
    int nout;
    struct { /* the document being received, part by part */
        int32_t id;
        size_t size, received;
        char *text;
    } doc;
    bool stopping;
    void (*stopped)(void *ctx);
    void *stopped_ctx;
};

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_status(struct link *l, enum link_status st, const char *why)
{
    l->status = st;
    if (l->ev.status) l->ev.status(l->ctx, st, why ? why : "");
}

static void connect_now(struct link *l);

static void on_retry(uv_timer_t *t)
{
    connect_now(t->data);
}

/* Jittered exponential backoff: a room of consoles does not come back all at once. */
static void schedule_retry(struct link *l, bool slow)
{
    if (l->stopping) return;
    int32_t delay = slow ? l->o.retry_max_ms : l->backoff_ms;
    l->backoff_ms = l->backoff_ms * 2 > l->o.retry_max_ms ? l->o.retry_max_ms : l->backoff_ms * 2;
    uint32_t half = (uint32_t)delay / 2;
    uint64_t wait = half + randombytes_uniform(half + 1);
    uv_timer_start(&l->retry, on_retry, wait, 0);
}

/* Leave the current connection (if any) and try again later. */
static void lose(struct link *l, enum link_status st, const char *why)
{
    if (l->att) {
        wire_close(&l->att->wire);
        l->att->link = NULL;
        l->att = NULL;
    }
    sodium_memzero(&l->hs, sizeof l->hs);
    l->phase = P_IDLE;
    if (l->stopping) return;
    set_status(l, st, why);
    schedule_retry(l, st == LINK_REFUSED);
}

static void on_flush(uv_prepare_t *p);

static void queue_frame(struct link *l, const uint8_t *p, size_t len)
{
    struct wbuf *b = wbuf_new(len);
    if (!b) return lose(l, LINK_OFFLINE, "out of memory");
    memcpy(wbuf_payload(b), p, len);
    bool ok = wire_queue(&l->att->wire, b);
    wbuf_unref(b);
    if (!ok) return lose(l, LINK_OFFLINE, "the hub does not read");
    if (!uv_is_closing((uv_handle_t *)&l->flush))
        uv_prepare_start(&l->flush, on_flush); /* at the end of this loop turn, once */
}

static void send_msg(struct link *l, const struct msg *m)
{
    char *text = msg_encode(m);
    size_t len = text ? strlen(text) : 0;
    uint8_t *sealed = text ? malloc(len + CHAN_SEAL_OVERHEAD) : NULL;
    char err[CHAN_ERROR_MAX];
    if (!sealed) {
        free(text);
        return lose(l, LINK_OFFLINE, "out of memory");
    }
    if (chan_seal(&l->ch, (const uint8_t *)text, len, sealed, err, sizeof err) == 0)
        queue_frame(l, sealed, len + CHAN_SEAL_OVERHEAD);
    else
        lose(l, LINK_OFFLINE, err);
    free(sealed);
    free(text);
}

static void send_command(struct link *l, const struct outgoing *o)
{
    struct msg m = {.type = MSG_COMMAND};
    snprintf(m.u.command.cid, sizeof m.u.command.cid, "%s", o->cid);
    m.u.command.command = o->command;
    snprintf(m.u.command.pin, sizeof m.u.command.pin, "%s", o->pin);
    send_msg(l, &m);
    sodium_memzero(&m.u.command.pin, sizeof m.u.command.pin);
}

/* ---- what the hub sends ---- */

static void doc_forget(struct link *l)
{
    free(l->doc.text);
    memset(&l->doc, 0, sizeof l->doc);
}

/* The replica's record of document id: its SHA-256, or NULL when it has none. */
static const char *doc_hash(const struct core_state *s, int32_t id)
{
    for (int i = 0; s && i < s->item_count; i++) {
        const struct document *d = core_document(&s->items[i], id);
        if (d) return d->sha256;
    }
    return NULL;
}

static bool doc_matches(const struct link *l)
{
    const char *want = doc_hash(l->state, l->doc.id);
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(hash, (const unsigned char *)l->doc.text, l->doc.size);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return want && strcmp(want, hex) == 0;
}

/* Parts come in order, one document after another: a part that does not follow on is a hub
 * that broke the protocol. */
static void on_doc_part(struct link *l, const struct msg *m)
{
    const struct msg_doc_part *p = &m->u.doc_part;
    if (p->offset == 0) {
        doc_forget(l);
        l->doc.text = malloc((size_t)p->size + 1);
        if (!l->doc.text) return lose(l, LINK_OFFLINE, "out of memory");
        l->doc.id = p->id;
        l->doc.size = (size_t)p->size;
    }
    if (!l->doc.text || p->id != l->doc.id || (size_t)p->offset != l->doc.received ||
        (size_t)p->size != l->doc.size)
        return lose(l, LINK_OFFLINE, "a document's part does not follow on");
    memcpy(l->doc.text + l->doc.received, p->text, p->len);
    l->doc.received += p->len;
    bool whole = l->doc.received == l->doc.size, ok = false;
    if (whole) {
        l->doc.text[l->doc.size] = '\0';
        ok = doc_matches(l);
    }
    if (l->ev.document)
        l->ev.document(l->ctx, l->doc.id, l->doc.received, l->doc.size,
                       whole && ok ? l->doc.text : NULL, ok);
    if (whole) doc_forget(l);
}

/* In step with the hub (after its snapshot, or resumed): the commands not yet answered go
 * again. */
static void in_step(struct link *l)
{
    l->phase = P_READY;
    l->backoff_ms = l->o.retry_min_ms;
    set_status(l, LINK_ONLINE, NULL);
    if (l->ev.synced) l->ev.synced(l->ctx, l->state, l->seq);
    for (int i = 0; l->phase == P_READY && i < l->nout; i++) send_command(l, &l->outbox[i]);
}

static void on_snapshot(struct link *l, struct msg *m)
{
    core_state_free(l->state);
    doc_forget(l); /* a part of the last connection never follows on */
    l->state = m->u.snapshot.state;
    m->u.snapshot.state = NULL;
    l->seq = m->u.snapshot.seq;
    memcpy(l->chain, m->u.snapshot.chain, MSG_CHAIN_BYTES);
    l->resumable = true;
    in_step(l);
}

/* The hub found the replica in step: it is kept as it is. */
static void on_resumed(struct link *l, const struct msg *m)
{
    if (l->phase != P_SYNCING || !l->resumable || m->u.resumed.seq != l->seq)
        return lose(l, LINK_OFFLINE, "resumed where this console did not ask to");
    doc_forget(l);
    in_step(l);
}

/* The first message after the handshake: where the replica stands, so that a console in step
 * is not sent the whole snapshot again. */
static void send_resume(struct link *l)
{
    struct msg m = {.type = MSG_RESUME};
    if (l->state && l->resumable) {
        m.u.resume.seq = l->seq;
        memcpy(m.u.resume.chain, l->chain, MSG_CHAIN_BYTES);
    }
    send_msg(l, &m);
}

static void on_answer(struct link *l, const struct msg_answer *a)
{
    for (int i = 0; i < l->nout; i++) {
        if (strcmp(l->outbox[i].cid, a->cid) != 0) continue;
        struct outgoing done = l->outbox[i];
        memmove(&l->outbox[i], &l->outbox[i + 1], (size_t)(l->nout - i - 1) * sizeof *l->outbox);
        l->nout--;
        sodium_memzero(done.pin, sizeof done.pin);
        if (l->ev.answer) l->ev.answer(l->ctx, &done.command, a);
        return;
    }
}

static void on_sealed(struct link *l, const uint8_t *p, size_t len)
{
    uint8_t *plain = len > CHAN_SEAL_OVERHEAD ? malloc(len - CHAN_SEAL_OVERHEAD) : NULL;
    size_t n = 0;
    char err[CHAN_ERROR_MAX];
    if (!plain) return lose(l, LINK_OFFLINE, "a sealed message too short");
    if (chan_open(&l->ch, p, len, plain, &n, err, sizeof err) < 0) {
        free(plain);
        return lose(l, LINK_OFFLINE, err);
    }
    struct msg m;
    struct core_error ce;
    enum core_err rc = msg_decode((const char *)plain, n, &m, &ce);
    sodium_memzero(plain, n);
    free(plain);
    if (rc != ERR_OK) {
        char why[160];
        snprintf(why, sizeof why, "a message from the hub does not decode: %s", ce.detail);
        return lose(l, LINK_OFFLINE, why);
    }
    switch (m.type) {
    case MSG_WELCOME:
        l->o.heartbeat_ms = m.u.welcome.heartbeat_ms;
        l->o.timeout_ms = m.u.welcome.timeout_ms;
        l->clock_offset = m.u.welcome.hub_time - wall_ms();
        uv_timer_set_repeat(&l->beat, (uint64_t)l->o.heartbeat_ms);
        uv_timer_again(&l->beat); /* at the hub's pace now, not after one beat at ours */
        if (l->ev.welcome) l->ev.welcome(l->ctx, &m.u.welcome);
        break;
    case MSG_KEY:
        l->bkey.id = m.u.key.id;
        memcpy(l->bkey.key, m.u.key.key, sizeof l->bkey.key);
        l->have_key = true;
        break;
    case MSG_ANSWER:
        on_answer(l, &m.u.answer);
        break;
    case MSG_BEAT:
        l->clock_offset = m.u.beat.now - wall_ms();
        break;
    case MSG_BYE:
        lose(l, LINK_OFFLINE, m.u.bye.reason);
        break;
    case MSG_RESUMED:
        on_resumed(l, &m);
        break;
    case MSG_PAPER:
        if (l->ev.paper) l->ev.paper(l->ctx, m.u.paper);
        msg_free(&m);
        return;
    case MSG_DOC_PART: /* freed before the union is wiped below, which would lose its text */
        on_doc_part(l, &m);
        msg_free(&m);
        return;
    default:
        lose(l, LINK_OFFLINE, "the hub sent a message a hub may not send");
    }
    sodium_memzero(&m.u.key, sizeof m.u.key);
    msg_free(&m);
}

/* A batch applied in part leaves a replica no journal row describes: not resumable until it
 * is whole. */
static void apply_events(struct link *l, struct msg *m)
{
    l->resumable = false;
    for (int i = 0; i < m->u.events.count; i++) {
        if (core_apply(l->state, &m->u.events.events[i]) != ERR_OK)
            return lose(l, LINK_OFFLINE, "an event does not apply: resynchronising");
        l->seq = m->u.events.events[i].seq;
    }
    memcpy(l->chain, m->u.events.chain, MSG_CHAIN_BYTES);
    l->resumable = true;
    if (l->ev.applied) l->ev.applied(l->ctx, l->state, m->u.events.events, m->u.events.count);
}

/* A big broadcast (a snapshot, a storm of ballots) is decoded into many small allocations
 * that are freed once it is applied; a console runs for hours, so that memory goes back to
 * the system rather than staying in the allocator's free lists. */
static void give_back(const struct link *l, size_t text_len)
{
    enum { BIG_TEXT = 8 * 1024 };
#ifdef __GLIBC__
    if (l->o.give_back && text_len >= BIG_TEXT) malloc_trim(0);
#else
    (void)l, (void)text_len;
#endif
}

/* A broadcast's message: opened with the meeting key and this link's tag, unpacked, decoded.
 * *text_len: the size of its text.  false with why filled when it does not open. */
static bool broadcast_msg(struct link *l, const uint8_t *p, size_t len, uint64_t *first,
                          struct msg *m, size_t *text_len, char *why, size_t whylen)
{
    uint8_t *plain = malloc(len - BCAST_OVERHEAD);
    const char *text;
    char *unpacked = NULL;
    size_t n = 0;
    *text_len = 0;
    if (!plain) {
        snprintf(why, whylen, "out of memory");
        return false;
    }
    bool ok = bcast_open(&l->bkey, &l->ch, p, len, first, plain, &n, why, whylen) == 0 &&
              unpack(plain, n, PACK_TEXT_MAX, &text, text_len, &unpacked, why, whylen) == 0;
    struct core_error ce;
    if (ok && msg_decode(text, *text_len, m, &ce) != ERR_OK) {
        snprintf(why, whylen, "a broadcast that does not decode (%.60s): resynchronising",
                 ce.detail);
        ok = false;
    }
    free(unpacked);
    free(plain);
    return ok;
}

/* A broadcast: the snapshot while syncing (its seq as first_seq), then batches of events. */
static void on_broadcast(struct link *l, const uint8_t *p, size_t len)
{
    bool syncing = l->phase == P_SYNCING;
    if ((!syncing && l->phase != P_READY) || !l->have_key || len <= BCAST_OVERHEAD)
        return lose(l, LINK_OFFLINE, "a broadcast out of turn");
    uint64_t first = 0;
    size_t text_len;
    struct msg m;
    char why[CHAN_ERROR_MAX];
    if (!broadcast_msg(l, p, len, &first, &m, &text_len, why, sizeof why))
        return lose(l, LINK_OFFLINE, why);
    if (syncing && m.type == MSG_SNAPSHOT && first == (uint64_t)m.u.snapshot.seq) {
        on_snapshot(l, &m);
    } else if (syncing || m.type != MSG_EVENTS || first != (uint64_t)l->seq + 1 ||
               m.u.events.events[0].seq != (int64_t)first) {
        msg_free(&m);
        return lose(l, LINK_OFFLINE, "a broadcast out of sequence: resynchronising");
    } else {
        apply_events(l, &m);
    }
    msg_free(&m);
    give_back(l, text_len);
}

static void on_welcome(struct link *l, const uint8_t *p, size_t len)
{
    char err[CHAN_REFUSAL_MAX + 40];
    if (len > 0 && p[0] == 'R') {
        char reason[CHAN_REFUSAL_MAX];
        chan_refusal_read(p, len, reason, sizeof reason);
        snprintf(err, sizeof err, "the hub refused this console: %s", reason);
        return lose(l, LINK_REFUSED, err);
    }
    uint8_t auth[CHAN_AUTH_BYTES];
    if (chan_console_finish(&l->hs, &l->o.key, l->o.hub_public, p, len, auth, &l->ch, err,
                            sizeof err) < 0)
        return lose(l, LINK_REFUSED, err);
    l->phase = P_SYNCING;
    queue_frame(l, auth, sizeof auth);
    if (l->att) send_resume(l); /* still connected: queue_frame may have lost it */
}

static void on_frame(struct wire *w, const uint8_t *p, size_t len)
{
    struct attempt *a = w->owner;
    struct link *l = a->link;
    if (!l) return;
    l->last_rx = uv_now(l->loop);
    if (l->phase == P_WELCOME) return on_welcome(l, p, len);
    if (len > 0 && p[0] == 'S') return on_sealed(l, p, len);
    if (len > 0 && p[0] == 'B') return on_broadcast(l, p, len);
    lose(l, LINK_OFFLINE, "a frame of an unknown kind");
}

static void on_failed(struct wire *w, const char *why, bool bad_frame)
{
    (void)bad_frame; /* either way: reconnect and resync */
    struct attempt *a = w->owner;
    struct link *l = a->link;
    if (!l) return;
    a->link = NULL;
    l->att = NULL; /* its wire is closing already */
    char text[160];
    snprintf(text, sizeof text, "connection to the hub lost: %s", why);
    lose(l, LINK_OFFLINE, text);
}

static void on_closed(struct wire *w)
{
    free(w->owner);
}

static const struct wire_ops attempt_ops = {on_frame, on_failed, on_closed};

/* ---- connecting ---- */

static void on_connect(uv_connect_t *req, int status)
{
    struct attempt *a = req->data;
    struct link *l = a->link;
    if (!l) return; /* abandoned: its wire is closing */
    if (status < 0) {
        char why[128];
        snprintf(why, sizeof why, "cannot reach the hub at %s port %d: %s", l->o.host, l->o.port,
                 uv_strerror(status));
        return lose(l, LINK_OFFLINE, why);
    }
    uint8_t hello[CHAN_HELLO_BYTES];
    char err[CHAN_ERROR_MAX];
    if (wire_read_start(&a->wire) < 0 ||
        chan_console_hello(&l->hs, &l->o.key, l->o.hub_public, hello, err, sizeof err) < 0)
        return lose(l, LINK_OFFLINE, "cannot start the handshake");
    l->phase = P_WELCOME;
    l->last_rx = uv_now(l->loop);
    queue_frame(l, hello, sizeof hello);
}

static void maybe_free(struct link *l);

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
    struct link *l = req->data;
    l->resolving = false;
    if (l->stopping || status < 0) {
        uv_freeaddrinfo(res);
        if (l->stopping) return maybe_free(l);
        char why[160];
        snprintf(why, sizeof why, "cannot find the hub %s: %s", l->o.host, uv_strerror(status));
        return lose(l, LINK_OFFLINE, why);
    }
    struct attempt *a = calloc(1, sizeof *a);
    if (!a) {
        uv_freeaddrinfo(res);
        return lose(l, LINK_OFFLINE, "out of memory");
    }
    a->link = l;
    int rc = wire_tcp_init(l->loop, &a->wire.tcp, res->ai_family, l->o.mss);
    if (rc < 0) {
        uv_freeaddrinfo(res);
        free(a);
        return lose(l, LINK_OFFLINE, uv_strerror(rc));
    }
    wire_init(&a->wire, &attempt_ops, a, l->o.frame_max, l->o.queue_limit);
    l->att = a;
    a->connect.data = a;
    rc = uv_tcp_connect(&a->connect, &a->wire.tcp, res->ai_addr, on_connect);
    uv_freeaddrinfo(res);
    if (rc < 0) lose(l, LINK_OFFLINE, uv_strerror(rc));
}

static void connect_now(struct link *l)
{
    if (l->stopping || l->att || l->resolving) return;
    l->phase = P_CONNECTING;
    l->have_key = false;
    set_status(l, LINK_CONNECTING, NULL);
    char port[16];
    snprintf(port, sizeof port, "%d", l->o.port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    l->resolve.data = l;
    l->resolving = true;
    if (uv_getaddrinfo(l->loop, &l->resolve, on_resolved, l->o.host, port, &hints) < 0) {
        l->resolving = false;
        lose(l, LINK_OFFLINE, "cannot look up the hub's address");
    }
}

/* ---- timers, flush ---- */

static void on_beat(uv_timer_t *t)
{
    struct link *l = t->data;
    if (!l->att || l->phase == P_CONNECTING) return;
    uint64_t now = uv_now(l->loop);
    if (now - l->last_rx > (uint64_t)l->o.timeout_ms)
        return lose(l, LINK_OFFLINE, "the hub has been silent too long");
    if (l->phase == P_READY || l->phase == P_SYNCING) {
        struct msg m = {.type = MSG_BEAT};
        send_msg(l, &m);
    }
}

/* Started when a frame is queued, stopped once it is written: an idle link costs its loop
 * nothing (the bench holds a thousand links on one loop). */
static void on_flush(uv_prepare_t *p)
{
    struct link *l = p->data;
    uv_prepare_stop(p);
    if (l->att && wire_has_pending(&l->att->wire)) wire_flush(&l->att->wire);
}

struct link *link_start(uv_loop_t *loop, const struct link_options *o,
                        const struct link_events *events, void *ctx)
{
    struct link *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->loop = loop;
    l->o = *o;
    if (events) l->ev = *events;
    l->ctx = ctx;
    l->backoff_ms = o->retry_min_ms;
    unsigned char r[8];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(l->instance, sizeof l->instance, r, sizeof r);
    uv_timer_init(loop, &l->retry);
    uv_timer_init(loop, &l->beat);
    uv_prepare_init(loop, &l->flush);
    l->retry.data = l->beat.data = l->flush.data = l;
    l->handles_open = 3;
    uv_timer_start(&l->beat, on_beat, (uint64_t)o->heartbeat_ms, (uint64_t)o->heartbeat_ms);
    uv_unref((uv_handle_t *)&l->flush);
    connect_now(l);
    return l;
}

bool link_document_get(struct link *l, int32_t id)
{
    if (l->phase != P_READY) return false;
    struct msg m = {.type = MSG_DOC_GET};
    m.u.doc_get.id = id;
    send_msg(l, &m);
    return true;
}

bool link_send(struct link *l, const struct command *c, const char *pin, char *cid)
{
    if (l->nout == OUTBOX_MAX) return false;
    struct outgoing *n = realloc(l->outbox, (size_t)(l->nout + 1) * sizeof *n);
    if (!n) return false;
    l->outbox = n;
    struct outgoing *o = &n[l->nout++];
    memset(o, 0, sizeof *o);
    snprintf(o->cid, sizeof o->cid, "%s-%llu", l->instance, (unsigned long long)++l->counter);
    o->command = *c;
    snprintf(o->pin, sizeof o->pin, "%s", pin ? pin : "");
    if (cid) snprintf(cid, MSG_CID_MAX, "%s", o->cid);
    if (l->phase == P_READY) send_command(l, o);
    return true;
}

const struct core_state *link_state(const struct link *l, int64_t *seq)
{
    if (seq) *seq = l->seq;
    return l->state;
}

enum link_status link_status(const struct link *l)
{
    return l->status;
}

int64_t link_hub_now(const struct link *l)
{
    return wall_ms() + l->clock_offset;
}

/* Once every handle is closed and no lookup is pending. */
static void maybe_free(struct link *l)
{
    if (l->handles_open > 0 || l->resolving) return;
    void (*done)(void *) = l->stopped;
    void *ctx = l->stopped_ctx;
    core_state_free(l->state);
    doc_forget(l);
    for (int i = 0; i < l->nout; i++) sodium_memzero(l->outbox[i].pin, MSG_PIN_MAX);
    free(l->outbox);
    sodium_memzero(l, sizeof *l);
    free(l);
    if (done) done(ctx);
}

static void on_handle_closed(uv_handle_t *h)
{
    struct link *l = h->data;
    l->handles_open--;
    maybe_free(l);
}

void link_stop(struct link *l, void (*done)(void *ctx), void *ctx)
{
    l->stopping = true;
    l->stopped = done;
    l->stopped_ctx = ctx;
    lose(l, LINK_OFFLINE, "stopped");
    if (l->resolving) uv_cancel((uv_req_t *)&l->resolve);
    uv_close((uv_handle_t *)&l->retry, on_handle_closed);
    uv_close((uv_handle_t *)&l->beat, on_handle_closed);
    uv_close((uv_handle_t *)&l->flush, on_handle_closed);
}
