/* One TCP connection carrying frames (net/frame.h), for the hub and the link alike: a frame
 * reader on the way in, and on the way out a bounded queue of frames that is flushed with one
 * vectored write when the owner asks (once per loop turn).  Frames are reference-counted so
 * that a broadcast, sealed once, is queued to every connection without copies. */
#ifndef CMTE_NET_WIRE_H
#define CMTE_NET_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "net/frame.h"

/* One frame to send: header and payload, contiguous. */
struct wbuf {
    int refs;
    size_t len; /* FRAME_HEADER + payload bytes */
    uint8_t data[];
};

/* A frame with room for payload_len bytes (header written); refs = 1.  NULL when out of
 * memory or payload_len is 0. */
struct wbuf *wbuf_new(size_t payload_len);
static inline uint8_t *wbuf_payload(struct wbuf *b)
{
    return b->data + FRAME_HEADER;
}
void wbuf_unref(struct wbuf *b);
/* Bytes without a frame header (refs = 1): the rest of a frame whose header and first part are
 * in another wbuf (a broadcast's per-link tag).  NULL when out of memory. */
struct wbuf *wbuf_raw(size_t len);

struct wire;
struct wire_ops {
    /* A complete payload; valid during the call only.  The callee may close the wire. */
    void (*frame)(struct wire *w, const uint8_t *payload, size_t len);
    /* The connection failed or ended (EOF, read error, bad frame, write error): why says which,
     * and bad_frame whether the peer broke the framing (a violation, not a mere loss).
     * The wire is closing already. */
    void (*failed)(struct wire *w, const char *why, bool bad_frame);
    /* After uv_close: the wire's memory may go. */
    void (*closed)(struct wire *w);
};

struct wire {
    uv_tcp_t tcp;
    struct frame_reader reader;
    const struct wire_ops *ops;
    void *owner;
    struct wbuf **pending; /* queued, not yet written */
    int npending, cap;
    size_t queued; /* bytes pending plus bytes handed to uv_write and not yet done */
    size_t limit;  /* most bytes queued */
    bool closing;
};

/* Initialise a TCP handle for a connection to make: with mss > 0 its socket is made at once
 * (of family) and asks for that maximum segment size, which must be set before connecting
 * (the bench asks for Ethernet's on loopback); with 0, as uv_tcp_init.  0, or a libuv error. */
int wire_tcp_init(uv_loop_t *loop, uv_tcp_t *tcp, int family, int mss);

/* Set up w around its already initialised tcp handle (uv_tcp_init, or uv_accept done). */
int wire_init(struct wire *w, const struct wire_ops *ops, void *owner, size_t frame_max,
              size_t limit);
int wire_read_start(struct wire *w);

/* Queue a frame (takes a reference).  false when the queue would pass its limit: the frame is
 * not queued, and the caller drops the connection (a console that does not read).  A frame
 * larger than the limit (a big snapshot) goes when nothing else is waiting. */
bool wire_queue(struct wire *w, struct wbuf *b);

/* Queue a and then b, both or neither (b is the rest of a's frame). */
bool wire_queue_pair(struct wire *w, struct wbuf *a, struct wbuf *b);

/* Hand everything pending to one vectored uv_write.  false when the write cannot start (the
 * wire is then failed and closing). */
bool wire_flush(struct wire *w);

bool wire_has_pending(const struct wire *w);

/* Close (idempotent); ops->closed follows.  Queued frames are released. */
void wire_close(struct wire *w);

/* "ADDRESS:PORT" of the peer, for logs. */
void wire_peer(const struct wire *w, char *out, size_t cap);

#endif
