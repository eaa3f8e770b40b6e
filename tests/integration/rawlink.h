/* A console that speaks the protocol by hand (docs/PROTOCOL.md), with blocking sockets, for the
 * tests that must do what cmte's own link never does: replay a frame, send garbage, stay
 * silent, connect with a key that is not enrolled.  Header-only, for tests/integration/. */
#ifndef CMTE_TESTS_RAWLINK_H
#define CMTE_TESTS_RAWLINK_H

#include <poll.h>

#include "net/channel.h"
#include "net/frame.h"
#include "net/message.h"
#include "room.h"

enum { RAW_MAX = 1 << 21 };

struct raw {
    int fd;
    struct key_pair me;
    unsigned char hub_pk[KEY_PUBLIC_BYTES];
    struct chan ch;
    uint8_t *last; /* the last sealed frame sent (header and payload), for replays */
    size_t last_len;
    uint8_t *buf;
};

static inline int raw_connect(const struct room *r)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)r->port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static inline void raw_write(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w <= 0) return; /* the hub closed it: the caller finds out by reading */
        b += w;
        n -= (size_t)w;
    }
}

static inline void raw_frame(int fd, const uint8_t *p, size_t n)
{
    uint8_t h[FRAME_HEADER];
    frame_header(h, n);
    raw_write(fd, h, sizeof h);
    raw_write(fd, p, n);
}

/* Read exactly n bytes within timeout_ms; false on EOF, error or timeout. */
static inline bool raw_read_all(int fd, uint8_t *p, size_t n, int timeout_ms)
{
    while (n > 0) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, timeout_ms) <= 0) return false;
        ssize_t got = recv(fd, p, n, 0);
        if (got <= 0) return false;
        p += got;
        n -= (size_t)got;
    }
    return true;
}

/* The next frame's payload into buf; its length, or -1 when the hub closed or went quiet. */
static inline ssize_t raw_read_frame(int fd, uint8_t *buf, size_t cap, int timeout_ms)
{
    uint8_t h[FRAME_HEADER];
    if (!raw_read_all(fd, h, sizeof h, timeout_ms)) return -1;
    size_t n = frame_header_len(h);
    if (n == 0 || n > cap) return -1;
    return raw_read_all(fd, buf, n, timeout_ms) ? (ssize_t)n : -1;
}

/* A console's keys, from the configuration `cmte enroll` wrote for it. */
static inline void raw_keys(const struct room *r, const char *name, struct key_pair *me,
                            unsigned char hub_pk[KEY_PUBLIC_BYTES])
{
    char file[64], err[128];
    snprintf(file, sizeof file, "%s.ini", name);
    char *text = room_file(r, file);
    const char *secret = strstr(text, "console_secret = "), *hub = strstr(text, "hub_public = ");
    assert_non_null(secret);
    assert_non_null(hub);
    char hex[KEY_HEX];
    snprintf(hex, sizeof hex, "%.64s", secret + strlen("console_secret = "));
    assert_int_equal(key_from_seed_hex(hex, me, err, sizeof err), 0);
    snprintf(hex, sizeof hex, "%.64s", hub + strlen("hub_public = "));
    assert_int_equal(key_public_from_hex(hex, hub_pk, err, sizeof err), 0);
    free(text);
}

/* Connect and shake hands as (me, pinning hub_pk).  0, or -1 with why: the hub's refusal
 * ("refused by the hub: ...") or "closed". */
static inline int raw_open_keys(struct raw *x, const struct room *r, char *why, size_t cap)
{
    x->buf = x->buf ? x->buf : malloc(RAW_MAX);
    x->fd = raw_connect(r);
    struct chan_handshake hs;
    uint8_t hello[CHAN_HELLO_BYTES], auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX + CHAN_REFUSAL_MAX];
    assert_int_equal(chan_console_hello(&hs, &x->me, x->hub_pk, hello, err, sizeof err), 0);
    raw_frame(x->fd, hello, sizeof hello);
    ssize_t n = raw_read_frame(x->fd, x->buf, RAW_MAX, 5000);
    if (n < 0) {
        snprintf(why, cap, "closed");
        return -1;
    }
    if (chan_console_finish(&hs, &x->me, x->hub_pk, x->buf, (size_t)n, auth, &x->ch, err,
                            sizeof err) < 0) {
        snprintf(why, cap, "%s", err);
        return -1;
    }
    raw_frame(x->fd, auth, sizeof auth);
    return 0;
}

static inline int raw_open(struct raw *x, const struct room *r, const char *name, char *why,
                           size_t cap)
{
    raw_keys(r, name, &x->me, x->hub_pk);
    return raw_open_keys(x, r, why, cap);
}

/* Seal and send a message; the frame is kept for a replay. */
static inline void raw_send(struct raw *x, const char *json)
{
    size_t n = strlen(json);
    free(x->last);
    x->last_len = FRAME_HEADER + n + CHAN_SEAL_OVERHEAD;
    x->last = malloc(x->last_len);
    char err[CHAN_ERROR_MAX];
    assert_int_equal(
        chan_seal(&x->ch, (const uint8_t *)json, n, x->last + FRAME_HEADER, err, sizeof err), 0);
    frame_header(x->last, n + CHAN_SEAL_OVERHEAD);
    raw_write(x->fd, x->last, x->last_len);
}

/* The next sealed message (broadcasts are skipped); false when the link closed or went quiet. */
static inline bool raw_recv(struct raw *x, struct msg *m, int timeout_ms)
{
    for (;;) {
        ssize_t n = raw_read_frame(x->fd, x->buf, RAW_MAX, timeout_ms);
        if (n < 0) return false;
        if (x->buf[0] == 'B') continue;
        static uint8_t plain[RAW_MAX];
        size_t len;
        char err[CHAN_ERROR_MAX];
        struct core_error ce;
        assert_int_equal(chan_open(&x->ch, x->buf, (size_t)n, plain, &len, err, sizeof err), 0);
        assert_int_equal(msg_decode((const char *)plain, len, m, &ce), ERR_OK);
        return true;
    }
}

/* The next message of kind t (others are skipped). */
static inline bool raw_expect(struct raw *x, enum msg_type t, struct msg *m, int timeout_ms)
{
    while (raw_recv(x, m, timeout_ms)) {
        if (m->type == t) return true;
        msg_free(m);
    }
    return false;
}

/* Has the hub closed the connection (within timeout_ms)? */
static inline bool raw_closed(struct raw *x, int timeout_ms)
{
    for (;;) {
        ssize_t n = raw_read_frame(x->fd, x->buf, RAW_MAX, timeout_ms);
        if (n < 0) {
            struct pollfd pf = {.fd = x->fd, .events = POLLIN};
            uint8_t b;
            return poll(&pf, 1, 0) == 1 && recv(x->fd, &b, 1, 0) <= 0;
        }
    }
}

static inline void raw_close(struct raw *x)
{
    if (x->fd >= 0) close(x->fd);
    x->fd = -1;
    free(x->last);
    x->last = NULL;
    free(x->buf);
    x->buf = NULL;
}

#endif
