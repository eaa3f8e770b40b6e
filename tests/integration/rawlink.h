/* A console that speaks the protocol by hand (docs/PROTOCOL.md) over a blocking socket to
 * 127.0.0.1, for the tests that must do what cmte's own link never does: replay a frame, send
 * garbage, stay silent, stop reading, connect with a key that is not enrolled or pin another
 * hub.  Frames are written whole and read with a deadline; the handshake, the sealed messages
 * and the broadcasts use net/channel.h like the real link.  Header-only, for
 * tests/integration/ (with room.h and cmocka). */
#ifndef CMTE_TESTS_RAWLINK_H
#define CMTE_TESTS_RAWLINK_H

#include <poll.h>
#include <stdarg.h>
#include <time.h>

#include "net/channel.h"
#include "net/frame.h"
#include "net/message.h"
#include "net/pack.h"
#include "room.h"

enum {
    RAW_FRAME_MAX = 1 << 22, /* the largest frame a raw console reads (a snapshot fits) */
    RAW_WHY_MAX = 512,
    RAW_PEER_MAX = 64,
};

enum raw_rc {
    RAW_OK = 0,
    RAW_REFUSED = -1, /* the hub sent a refusal: why holds its reason */
    RAW_CLOSED = -2,  /* end of stream, or reset */
    RAW_TIMEOUT = -3,
    RAW_BAD = -4, /* the hub sent what it never should: why says what */
};

struct raw {
    int fd;
    char peer[RAW_PEER_MAX]; /* "127.0.0.1:PORT " as the hub's log names this connection (kept
                              * after raw_close, for the log) */
    struct key_pair me;
    unsigned char hub_pk[KEY_PUBLIC_BYTES]; /* the hub key this console pins */
    struct chan ch;
    bool ready;                 /* the handshake is done */
    struct msg_welcome welcome; /* once raw_ready has read it */
    struct bcast_key bkey;      /* the meeting key of the last "key" message */
    bool have_key;
    int64_t seq; /* the last journal seq the console holds: snapshot, then broadcasts */
    unsigned char chain[MSG_CHAIN_BYTES]; /* the journal's hash at seq, as the hub said */
    int broadcasts;                       /* broadcasts opened */
    char why[RAW_WHY_MAX];
    uint8_t *last; /* the last sealed frame sent, header included, for a replay */
    size_t last_len;
    uint8_t *buf, *plain; /* the last frame read is buf[0, len) */
    size_t len;
};

static inline int64_t raw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline const char *raw_rc_name(int rc)
{
    switch (rc) {
    case RAW_OK:
        return "ok";
    case RAW_REFUSED:
        return "refused";
    case RAW_CLOSED:
        return "closed";
    case RAW_TIMEOUT:
        return "timed out";
    default:
        return "bad";
    }
}

static inline void raw_init(struct raw *x)
{
    memset(x, 0, sizeof *x);
    x->fd = -1;
    x->buf = malloc(RAW_FRAME_MAX);
    x->plain = malloc(RAW_FRAME_MAX);
    assert_non_null(x->buf);
    assert_non_null(x->plain);
}

static inline void raw_close(struct raw *x)
{
    if (x->fd >= 0) close(x->fd);
    x->fd = -1;
    x->ready = x->have_key = false;
    free(x->last);
    free(x->buf);
    free(x->plain);
    x->last = x->buf = x->plain = NULL;
    sodium_memzero(&x->ch, sizeof x->ch);
    sodium_memzero(&x->bkey, sizeof x->bkey);
    key_wipe(&x->me);
}

/* A console's keys, from the configuration `cmte enroll` wrote for it (DIR/NAME.ini): its
 * `console_secret` seed and the `hub_public` key it pins. */
static inline void raw_keys(struct raw *x, const struct room *r, const char *name)
{
    char file[96], err[128], hex[KEY_HEX];
    bool secret = false, hub = false;
    snprintf(file, sizeof file, "%s.ini", name);
    char *text = room_file(r, file), *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (sscanf(line, " console_secret = %64[0-9a-fA-F]", hex) == 1) {
            if (key_from_seed_hex(hex, &x->me, err, sizeof err) != 0)
                fail_msg("%s: console_secret: %s", file, err);
            secret = true;
        } else if (sscanf(line, " hub_public = %64[0-9a-fA-F]", hex) == 1) {
            if (key_public_from_hex(hex, x->hub_pk, err, sizeof err) != 0)
                fail_msg("%s: hub_public: %s", file, err);
            hub = true;
        }
    }
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(text, strlen(text));
    free(text);
    if (!secret || !hub) fail_msg("%s: no console_secret or no hub_public line", file);
}

/* A blocking TCP connection to the room's hub.  rcvbuf > 0 sets SO_RCVBUF first, so that the
 * window the console offers is small from the start. */
static inline void raw_connect(struct raw *x, const struct room *r, int rcvbuf)
{
    x->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(x->fd >= 0);
    if (rcvbuf > 0)
        assert_int_equal(setsockopt(x->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf), 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)r->port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(x->fd, (struct sockaddr *)&a, sizeof a) != 0)
        fail_msg("connect to 127.0.0.1:%d: %s", r->port, strerror(errno));
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(x->fd, (struct sockaddr *)&a, &len), 0);
    snprintf(x->peer, sizeof x->peer, "127.0.0.1:%d ", ntohs(a.sin_port));
}

/* Write all n bytes; false when the hub has closed the connection. */
static inline bool raw_write(struct raw *x, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = send(x->fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        b += w;
        n -= (size_t)w;
    }
    return true;
}

/* One frame: the 4-byte big-endian length, then the payload. */
static inline bool raw_write_frame(struct raw *x, const void *payload, size_t n)
{
    uint8_t h[FRAME_HEADER];
    assert_int_equal(frame_header(h, n), 0);
    return raw_write(x, h, sizeof h) && raw_write(x, payload, n);
}

/* Read exactly n bytes before the deadline (raw_now_ms). */
static inline int raw_read_exact(struct raw *x, uint8_t *p, size_t n, int64_t deadline)
{
    while (n > 0) {
        int64_t left = deadline - raw_now_ms();
        struct pollfd pf = {.fd = x->fd, .events = POLLIN};
        int ready = poll(&pf, 1, left > 0 ? (int)left : 0);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return RAW_TIMEOUT;
        ssize_t got = recv(x->fd, p, n, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return RAW_CLOSED; /* end of stream, or reset */
        p += got;
        n -= (size_t)got;
    }
    return RAW_OK;
}

/* The next frame's payload into buf[0, len). */
static inline int raw_read_frame(struct raw *x, int64_t deadline)
{
    uint8_t h[FRAME_HEADER];
    int rc = raw_read_exact(x, h, sizeof h, deadline);
    if (rc != RAW_OK) return rc;
    x->len = frame_header_len(h);
    if (x->len == 0 || x->len > RAW_FRAME_MAX) {
        snprintf(x->why, sizeof x->why, "the hub sent a frame of %zu bytes", x->len);
        return RAW_BAD;
    }
    return raw_read_exact(x, x->buf, x->len, deadline);
}

/* The handshake, on a connected socket: hello; welcome (or a refusal); auth. */
static inline int raw_handshake(struct raw *x, int timeout_ms)
{
    struct chan_handshake hs;
    uint8_t hello[CHAN_HELLO_BYTES], auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX + CHAN_REFUSAL_MAX];
    assert_int_equal(chan_console_hello(&hs, &x->me, x->hub_pk, hello, err, sizeof err), 0);
    int rc = raw_write_frame(x, hello, sizeof hello) ? raw_read_frame(x, raw_now_ms() + timeout_ms)
                                                     : RAW_CLOSED;
    if (rc == RAW_OK && x->buf[0] == 'R') {
        chan_refusal_read(x->buf, x->len, x->why, sizeof x->why);
        rc = RAW_REFUSED;
    } else if (rc == RAW_OK) {
        if (chan_console_finish(&hs, &x->me, x->hub_pk, x->buf, x->len, auth, &x->ch, err,
                                sizeof err) != 0) {
            snprintf(x->why, sizeof x->why, "%s", err);
            return RAW_BAD; /* hs is wiped */
        }
        x->ready = raw_write_frame(x, auth, sizeof auth);
        return x->ready ? RAW_OK : RAW_CLOSED;
    }
    sodium_memzero(&hs, sizeof hs);
    return rc;
}

/* Seal one message (JSON text) and send it as an 'S' frame, kept in last for raw_replay. */
static inline bool raw_send(struct raw *x, const char *json)
{
    size_t n = strlen(json);
    free(x->last);
    x->last_len = FRAME_HEADER + n + CHAN_SEAL_OVERHEAD;
    x->last = malloc(x->last_len);
    assert_non_null(x->last);
    char err[CHAN_ERROR_MAX];
    if (chan_seal(&x->ch, (const uint8_t *)json, n, x->last + FRAME_HEADER, err, sizeof err) != 0)
        fail_msg("chan_seal: %s", err);
    assert_int_equal(frame_header(x->last, n + CHAN_SEAL_OVERHEAD), 0);
    return raw_write(x, x->last, x->last_len);
}

__attribute__((format(printf, 2, 3))) static inline bool raw_sendf(struct raw *x, const char *fmt,
                                                                   ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *json = malloc((size_t)n + 1);
    assert_non_null(json);
    va_start(ap, fmt);
    vsnprintf(json, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = raw_send(x, json);
    free(json);
    return ok;
}

/* The first message after the handshake: where the replica stands (seq 0 and chain NULL: it has
 * none). */
static inline bool raw_resume(struct raw *x, int64_t seq, const unsigned char *chain)
{
    struct msg m = {.type = MSG_RESUME};
    m.u.resume.seq = chain ? seq : 0;
    if (chain) memcpy(m.u.resume.chain, chain, MSG_CHAIN_BYTES);
    char *json = msg_encode(&m);
    assert_non_null(json);
    bool ok = raw_send(x, json);
    free(json);
    return ok;
}

/* raw_keys, raw_connect, raw_handshake and a resume from (seq, chain). */
static inline int raw_open_at(struct raw *x, const struct room *r, const char *name, int rcvbuf,
                              int timeout_ms, int64_t seq, const unsigned char *chain)
{
    raw_keys(x, r, name);
    raw_connect(x, r, rcvbuf);
    int rc = raw_handshake(x, timeout_ms);
    if (rc == RAW_OK && !raw_resume(x, seq, chain)) rc = RAW_CLOSED;
    return rc;
}

/* The same for a console with no replica: the hub sends it the snapshot. */
static inline int raw_open(struct raw *x, const struct room *r, const char *name, int rcvbuf,
                           int timeout_ms)
{
    return raw_open_at(x, r, name, rcvbuf, timeout_ms, 0, NULL);
}

/* The last sealed frame again, byte for byte. */
static inline bool raw_replay(struct raw *x)
{
    assert_non_null(x->last);
    return raw_write(x, x->last, x->last_len);
}

/* A broadcast in buf: opened with the meeting key, decoded, checked to follow the seq held (a
 * snapshot is sealed the same way, its own seq as first_seq). */
static inline int raw_open_broadcast(struct raw *x, struct msg *m)
{
    char err[CHAN_ERROR_MAX];
    struct core_error ce;
    uint64_t first = 0;
    size_t n = 0;
    if (!x->have_key) {
        snprintf(x->why, sizeof x->why, "a broadcast before any meeting key");
        return RAW_BAD;
    }
    if (x->len <= BCAST_OVERHEAD ||
        bcast_open(&x->bkey, &x->ch, x->buf, x->len, &first, x->plain, &n, err, sizeof err)) {
        snprintf(x->why, sizeof x->why, "a broadcast that does not open with key %u: %s",
                 (unsigned)x->bkey.id, x->len <= BCAST_OVERHEAD ? "too short" : err);
        return RAW_BAD;
    }
    const char *text;
    size_t text_len;
    char *unpacked;
    if (unpack(x->plain, n, PACK_TEXT_MAX, &text, &text_len, &unpacked, err, sizeof err) < 0) {
        snprintf(x->why, sizeof x->why, "a broadcast body that does not unpack: %s", err);
        return RAW_BAD;
    }
    enum core_err rc = msg_decode(text, text_len, m, &ce);
    free(unpacked);
    if (rc != ERR_OK) {
        snprintf(x->why, sizeof x->why, "a broadcast body that does not decode: %s", ce.detail);
        return RAW_BAD;
    }
    if (m->type == MSG_SNAPSHOT && (int64_t)first == m->u.snapshot.seq) {
        x->seq = m->u.snapshot.seq;
        memcpy(x->chain, m->u.snapshot.chain, MSG_CHAIN_BYTES);
        return RAW_OK;
    }
    if (m->type != MSG_EVENTS || m->u.events.count < 1) {
        snprintf(x->why, sizeof x->why, "a broadcast of a %s message", msg_type_name(m->type));
        msg_free(m);
        return RAW_BAD;
    }
    if ((int64_t)first != x->seq + 1 || m->u.events.events[0].seq != (int64_t)first) {
        snprintf(x->why, sizeof x->why, "a broadcast from seq %llu, %lld expected",
                 (unsigned long long)first, (long long)(x->seq + 1));
        msg_free(m);
        return RAW_BAD;
    }
    x->seq = m->u.events.events[m->u.events.count - 1].seq;
    memcpy(x->chain, m->u.events.chain, MSG_CHAIN_BYTES);
    x->broadcasts++;
    return RAW_OK;
}

/* The next frame as a message before the deadline: a sealed one, or a broadcast (as its
 * "events" message) when broadcasts is true, else consumed.  A "key" message becomes the
 * meeting key, a snapshot sets seq.  RAW_OK with *m to msg_free. */
static inline int raw_read_msg(struct raw *x, struct msg *m, bool broadcasts, int64_t deadline)
{
    for (;;) {
        int rc = raw_read_frame(x, deadline);
        if (rc != RAW_OK) return rc;
        if (x->buf[0] == 'B') {
            rc = raw_open_broadcast(x, m);
            if (rc != RAW_OK || broadcasts || m->type == MSG_SNAPSHOT) return rc;
            msg_free(m);
            continue;
        }
        char err[CHAN_ERROR_MAX];
        struct core_error ce;
        size_t n = 0;
        if (x->buf[0] != 'S' || x->len <= CHAN_SEAL_OVERHEAD ||
            chan_open(&x->ch, x->buf, x->len, x->plain, &n, err, sizeof err) != 0) {
            snprintf(x->why, sizeof x->why, "a frame of kind '%c' (%zu bytes) that does not open",
                     x->buf[0], x->len);
            return RAW_BAD;
        }
        if (msg_decode((const char *)x->plain, n, m, &ce) != ERR_OK) {
            snprintf(x->why, sizeof x->why, "a message that does not decode: %s", ce.detail);
            return RAW_BAD;
        }
        if (m->type == MSG_KEY) {
            x->bkey.id = m->u.key.id;
            memcpy(x->bkey.key, m->u.key.key, sizeof x->bkey.key);
            x->have_key = true;
        }
        return RAW_OK;
    }
}

/* The next sealed message (broadcasts are opened and consumed), within timeout_ms. */
static inline int raw_recv(struct raw *x, struct msg *m, int timeout_ms)
{
    return raw_read_msg(x, m, false, raw_now_ms() + timeout_ms);
}

/* The next message of kind t within timeout_ms (MSG_EVENTS: the next broadcast); others are
 * skipped.  False when the link closed or nothing came; a broken frame from the hub fails the
 * test. */
static inline bool raw_expect(struct raw *x, enum msg_type t, struct msg *m, int timeout_ms)
{
    int64_t deadline = raw_now_ms() + timeout_ms;
    for (;;) {
        int rc = raw_read_msg(x, m, t == MSG_EVENTS, deadline);
        if (rc == RAW_BAD) fail_msg("%s%s", x->peer, x->why);
        if (rc != RAW_OK) return false;
        if (m->type == t) return true;
        msg_free(m);
    }
}

/* The seq of the next broadcast event of type ev (and of person, when person > 0) within
 * timeout_ms; -1 when none came. */
static inline int64_t raw_await_event(struct raw *x, enum event_type ev, int32_t person,
                                      int timeout_ms)
{
    int64_t deadline = raw_now_ms() + timeout_ms;
    struct msg m;
    while (raw_expect(x, MSG_EVENTS, &m, (int)(deadline - raw_now_ms()))) {
        int64_t seq = -1;
        for (int i = 0; i < m.u.events.count && seq < 0; i++) {
            const struct event *e = &m.u.events.events[i];
            if (e->type == ev && (person <= 0 || e->p.person == person)) seq = e->seq;
        }
        msg_free(&m);
        if (seq >= 0) return seq;
        if (raw_now_ms() >= deadline) break;
    }
    return -1;
}

/* Connected and in step as console name: the handshake, then welcome, key and snapshot in
 * that order (docs/PROTOCOL.md, "A session"). */
static inline void raw_ready(struct raw *x, const struct room *r, const char *name)
{
    raw_init(x);
    int rc = raw_open(x, r, name, 0, 5000);
    if (rc != RAW_OK) fail_msg("%s: handshake %s: %s", name, raw_rc_name(rc), x->why);
    const enum msg_type order[] = {MSG_WELCOME, MSG_KEY, MSG_SNAPSHOT};
    for (int i = 0; i < 3; i++) {
        struct msg m;
        rc = raw_recv(x, &m, 5000);
        if (rc != RAW_OK)
            fail_msg("%s: %s before its %s: %s", name, raw_rc_name(rc), msg_type_name(order[i]),
                     x->why);
        if (m.type != order[i])
            fail_msg("%s: %s where %s was expected", name, msg_type_name(m.type),
                     msg_type_name(order[i]));
        if (m.type == MSG_WELCOME) x->welcome = m.u.welcome;
        msg_free(&m);
    }
}

/* Send {"t":"command","cid":cid,"command":command} (and "pin" when pin is not NULL) and wait
 * for the answer with that cid. */
static inline struct msg_answer raw_command(struct raw *x, const char *cid, const char *command,
                                            const char *pin, int timeout_ms)
{
    if (pin)
        raw_sendf(x, "{\"t\":\"command\",\"cid\":\"%s\",\"command\":%s,\"pin\":\"%s\"}", cid,
                  command, pin);
    else
        raw_sendf(x, "{\"t\":\"command\",\"cid\":\"%s\",\"command\":%s}", cid, command);
    int64_t deadline = raw_now_ms() + timeout_ms;
    struct msg m;
    for (;;) {
        if (!raw_expect(x, MSG_ANSWER, &m, (int)(deadline - raw_now_ms())))
            fail_msg("%sno answer to %s (%s)", x->peer, cid, command);
        struct msg_answer a = m.u.answer;
        msg_free(&m);
        if (strcmp(a.cid, cid) == 0) return a;
    }
}

/* Has the hub closed the connection within timeout_ms?  Whatever it sends first is read and
 * thrown away. */
static inline bool raw_closed(struct raw *x, int timeout_ms)
{
    int64_t deadline = raw_now_ms() + timeout_ms;
    for (;;) {
        int64_t left = deadline - raw_now_ms();
        struct pollfd pf = {.fd = x->fd, .events = POLLIN};
        int ready = poll(&pf, 1, left > 0 ? (int)left : 0);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        ssize_t got = recv(x->fd, x->buf, RAW_FRAME_MAX, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return true;
    }
}

#endif
