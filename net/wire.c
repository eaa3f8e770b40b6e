/* A frame connection: see wire.h. */
#include "net/wire.h"

#include <netinet/in.h>
#include <netinet/tcp.h> /* TCP_MAXSEG */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wbuf *wbuf_new(size_t payload_len)
{
    if (payload_len == 0 || payload_len > FRAME_LEN_LIMIT) return NULL;
    struct wbuf *b = malloc(sizeof *b + FRAME_HEADER + payload_len);
    if (!b) return NULL;
    b->refs = 1;
    b->len = FRAME_HEADER + payload_len;
    frame_header(b->data, payload_len);
    return b;
}

struct wbuf *wbuf_raw(size_t len)
{
    struct wbuf *b = len ? malloc(sizeof *b + len) : NULL;
    if (!b) return NULL;
    b->refs = 1;
    b->len = len;
    return b;
}

void wbuf_unref(struct wbuf *b)
{
    if (b && --b->refs == 0) free(b);
}

struct write_req {
    uv_write_t req;
    struct wire *wire;
    int n;
    size_t bytes;
    struct wbuf *bufs[];
};

static void fail(struct wire *w, const char *why, bool bad_frame)
{
    if (w->closing) return;
    wire_close(w);
    if (w->ops->failed) w->ops->failed(w, why, bad_frame);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    static _Thread_local char slab[65536]; /* read data is copied into the reader at once */
    (void)suggested;
    *buf = uv_buf_init(slab, sizeof slab);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    struct wire *w = s->data;
    if (n == 0 || w->closing) return;
    if (n < 0) {
        fail(w, n == UV_EOF ? "closed by the peer" : uv_strerror((int)n), false);
        return;
    }
    const uint8_t *data = (const uint8_t *)buf->base, *p;
    size_t left = (size_t)n, len;
    int rc;
    while (!w->closing && (rc = frame_reader_take(&w->reader, &data, &left, &p, &len)) == 1)
        w->ops->frame(w, p, len);
    if (w->closing) return;
    if (rc < 0 || frame_reader_feed(&w->reader, data, left) < 0) {
        fail(w, frame_reader_error(&w->reader), true);
        return;
    }
    while (!w->closing && (rc = frame_reader_next(&w->reader, &p, &len)) == 1)
        w->ops->frame(w, p, len);
    if (!w->closing && rc < 0) fail(w, frame_reader_error(&w->reader), true);
}

int wire_tcp_init(uv_loop_t *loop, uv_tcp_t *tcp, int family, int mss)
{
    int rc = uv_tcp_init_ex(loop, tcp, mss > 0 ? (unsigned)family : AF_UNSPEC);
    uv_os_fd_t fd;
    if (rc == 0 && mss > 0 && uv_fileno((uv_handle_t *)tcp, &fd) == 0)
        setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss); /* else the default */
    return rc;
}

int wire_init(struct wire *w, const struct wire_ops *ops, void *owner, size_t frame_max,
              size_t limit)
{
    w->ops = ops;
    w->owner = owner;
    w->pending = NULL;
    w->npending = w->cap = 0;
    w->queued = 0;
    w->limit = limit;
    w->closing = false;
    w->tcp.data = w;
    uv_tcp_nodelay(&w->tcp, 1);
    return frame_reader_init(&w->reader, frame_max);
}

int wire_read_start(struct wire *w)
{
    return uv_read_start((uv_stream_t *)&w->tcp, on_alloc, on_read);
}

bool wire_queue_pair(struct wire *w, struct wbuf *a, struct wbuf *b)
{
    if (w->closing) return true;
    if (w->queued > 0 && w->queued + a->len + b->len > w->limit) return false;
    if (w->npending + 2 > w->cap) {
        int cap = w->cap ? 2 * w->cap : 8;
        while (cap < w->npending + 2) cap *= 2;
        struct wbuf **p = realloc(w->pending, (size_t)cap * sizeof *p);
        if (!p) return false;
        w->pending = p;
        w->cap = cap;
    }
    a->refs++;
    b->refs++;
    w->pending[w->npending++] = a;
    w->pending[w->npending++] = b;
    w->queued += a->len + b->len;
    return true;
}

bool wire_queue(struct wire *w, struct wbuf *b)
{
    if (w->closing) return true; /* nothing to do: it is going anyway */
    if (w->queued > 0 && w->queued + b->len > w->limit) return false; /* one may be larger */
    if (w->npending == w->cap) {
        int cap = w->cap ? 2 * w->cap : 8;
        struct wbuf **p = realloc(w->pending, (size_t)cap * sizeof *p);
        if (!p) return false;
        w->pending = p;
        w->cap = cap;
    }
    b->refs++;
    w->pending[w->npending++] = b;
    w->queued += b->len;
    return true;
}

bool wire_has_pending(const struct wire *w)
{
    return w->npending > 0 && !w->closing;
}

static void on_write(uv_write_t *req, int status)
{
    struct write_req *r = (struct write_req *)req;
    struct wire *w = r->wire;
    for (int i = 0; i < r->n; i++) wbuf_unref(r->bufs[i]);
    w->queued -= r->bytes;
    free(r);
    if (status < 0 && status != UV_ECANCELED) fail(w, uv_strerror(status), false);
}

/* Drop the first count pending frames, written whole. */
static void written_whole(struct wire *w, int count)
{
    for (int i = 0; i < count; i++) {
        w->queued -= w->pending[i]->len;
        wbuf_unref(w->pending[i]);
    }
    w->npending -= count;
    memmove(w->pending, w->pending + count, (size_t)w->npending * sizeof *w->pending);
}

/* What uv_try_write took of the pending frames: those written whole go; *part is how much of
 * the next one went (its rest goes through uv_write). */
static void took(struct wire *w, size_t bytes, size_t *part)
{
    int whole = 0;
    while (whole < w->npending && bytes >= w->pending[whole]->len)
        bytes -= w->pending[whole++]->len;
    written_whole(w, whole);
    *part = bytes;
    w->queued -= bytes;
}

/* The rest, from part bytes into the first pending frame, to uv_write. */
static bool write_rest(struct wire *w, size_t part)
{
    int n = w->npending;
    struct write_req *r = malloc(sizeof *r + (size_t)n * sizeof r->bufs[0]);
    uv_buf_t *iov = malloc((size_t)n * sizeof *iov); /* libuv copies the array */
    if (!r || !iov) {
        free(r);
        free(iov);
        fail(w, "out of memory", false);
        return false;
    }
    r->wire = w;
    r->n = n;
    r->bytes = 0;
    for (int i = 0; i < n; i++) {
        size_t skip = i == 0 ? part : 0;
        r->bufs[i] = w->pending[i];
        r->bytes += w->pending[i]->len - skip;
        iov[i] =
            uv_buf_init((char *)w->pending[i]->data + skip, (unsigned)(w->pending[i]->len - skip));
    }
    w->npending = 0;
    int rc = uv_write(&r->req, (uv_stream_t *)&w->tcp, iov, (unsigned)n, on_write);
    free(iov);
    if (rc < 0) {
        for (int i = 0; i < n; i++) wbuf_unref(r->bufs[i]);
        w->queued -= r->bytes;
        free(r);
        fail(w, uv_strerror(rc), false);
        return false;
    }
    return true;
}

/* First a write without a request (uv_try_write refuses while earlier writes are still on
 * their way, so the order holds): a console that reads costs no allocation, no callback and no
 * change to the loop's watch of its socket. */
bool wire_flush(struct wire *w)
{
    if (!wire_has_pending(w)) return true;
    enum { ON_STACK = 16 };
    uv_buf_t stack[ON_STACK];
    int n = w->npending < ON_STACK ? w->npending : ON_STACK;
    for (int i = 0; i < n; i++)
        stack[i] = uv_buf_init((char *)w->pending[i]->data, (unsigned)w->pending[i]->len);
    int rc = uv_try_write((uv_stream_t *)&w->tcp, stack, (unsigned)n);
    if (rc < 0 && rc != UV_EAGAIN) {
        fail(w, uv_strerror(rc), false);
        return false;
    }
    size_t part = 0;
    if (rc > 0) took(w, (size_t)rc, &part);
    return w->npending == 0 || write_rest(w, part);
}

static void on_close(uv_handle_t *h)
{
    struct wire *w = h->data;
    frame_reader_free(&w->reader);
    free(w->pending);
    w->pending = NULL;
    if (w->ops->closed) w->ops->closed(w);
}

void wire_close(struct wire *w)
{
    if (w->closing) return;
    w->closing = true;
    for (int i = 0; i < w->npending; i++) {
        w->queued -= w->pending[i]->len;
        wbuf_unref(w->pending[i]);
    }
    w->npending = 0;
    uv_close((uv_handle_t *)&w->tcp, on_close);
}

void wire_peer(const struct wire *w, char *out, size_t cap)
{
    struct sockaddr_storage ss;
    int len = sizeof ss;
    char host[64] = "?";
    int port = 0;
    if (uv_tcp_getpeername(&w->tcp, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET6) {
            const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
            uv_ip6_name(a, host, sizeof host);
            port = ntohs(a->sin6_port);
        } else {
            const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
            uv_ip4_name(a, host, sizeof host);
            port = ntohs(a->sin_port);
        }
    }
    snprintf(out, cap, "%s:%d", host, port);
}
