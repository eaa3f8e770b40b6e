/* A TCP proxy in front of the hub, on this process's loop, for faults the links cannot make by
 * themselves: connections cut at random (both ends closed, as a pulled cable or a rebooted
 * switch would), and consoles that stop reading or read one byte a second (the proxy stops
 * reading the hub, whose queue for that console then fills).  Its sockets towards the hub have
 * a small receive buffer when asked, so that a console that does not read is felt at once
 * rather than after megabytes of kernel buffers.  See torture.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "torture.h"

enum { SLOW_MS = 1000, SMALL_WINDOW = 4096 };

struct pair {
    struct tt_proxy *p;
    struct pair *prev, *next;
    uv_tcp_t client, hub;
    uv_connect_t connect;
    uv_timer_t slow;
    int handles; /* still open */
    bool up, closing, reading_hub;
};

struct tt_proxy {
    uv_loop_t *loop;
    uv_tcp_t listener;
    struct sockaddr_storage hub;
    enum tt_proxy_mode mode;
    bool small_window;
    struct pair *pairs;
    int open, port;
    bool stopping, listener_closed;
    char slot[1]; /* the one byte a slow console reads at a time */
};

/* Once stopped: when the listener and every pair are closed. */
static void maybe_free(struct tt_proxy *p)
{
    if (p->stopping && p->listener_closed && p->open == 0) free(p);
}

static void on_pair_closed(uv_handle_t *h)
{
    struct pair *x = h->data;
    struct tt_proxy *p = x->p;
    if (--x->handles > 0) return;
    if (x->prev)
        x->prev->next = x->next;
    else
        p->pairs = x->next;
    if (x->next) x->next->prev = x->prev;
    p->open--;
    free(x);
    maybe_free(p);
}

static void close_pair(struct pair *x)
{
    if (x->closing) return;
    x->closing = true;
    uv_close((uv_handle_t *)&x->client, on_pair_closed);
    uv_close((uv_handle_t *)&x->hub, on_pair_closed);
    uv_close((uv_handle_t *)&x->slow, on_pair_closed);
}

struct copy {
    uv_write_t req;
    struct pair *x;
    char bytes[];
};

static void on_written(uv_write_t *w, int status)
{
    struct copy *c = (struct copy *)w;
    if (status < 0) close_pair(c->x);
    free(c);
}

static void forward(struct pair *x, uv_tcp_t *to, const char *bytes, size_t n)
{
    struct copy *c = malloc(sizeof *c + n);
    if (!c) return close_pair(x);
    c->x = x;
    memcpy(c->bytes, bytes, n);
    uv_buf_t b = uv_buf_init(c->bytes, (unsigned)n);
    if (uv_write(&c->req, (uv_stream_t *)to, &b, 1, on_written) < 0) {
        free(c);
        close_pair(x);
    }
}

static void alloc_big(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
    (void)h;
    b->base = malloc(suggested);
    b->len = b->base ? suggested : 0;
}

static void alloc_hub(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
    struct pair *x = h->data;
    if (x->p->mode != TT_SLOW) return alloc_big(h, suggested, b);
    *b = uv_buf_init(x->p->slot, 1);
}

static void apply_mode(struct pair *x);

static void on_slow(uv_timer_t *t)
{
    apply_mode(t->data);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    struct pair *x = s->data;
    bool from_hub = s == (uv_stream_t *)&x->hub;
    if (n > 0) forward(x, from_hub ? &x->client : &x->hub, b->base, (size_t)n);
    if (b->base != x->p->slot) free(b->base);
    if (n < 0) return close_pair(x);
    if (n > 0 && from_hub && x->p->mode == TT_SLOW && !x->closing) { /* the next byte later */
        uv_read_stop(s);
        x->reading_hub = false;
        uv_timer_start(&x->slow, on_slow, SLOW_MS, 0);
    }
}

/* Read the hub's side as the mode says. */
static void apply_mode(struct pair *x)
{
    if (!x->up || x->closing) return;
    bool waiting = uv_is_active((uv_handle_t *)&x->slow);
    bool read = x->p->mode == TT_PASS || (x->p->mode == TT_SLOW && !waiting);
    if (x->p->mode == TT_PASS && waiting) uv_timer_stop(&x->slow);
    if (read && !x->reading_hub)
        uv_read_start((uv_stream_t *)&x->hub, alloc_hub, on_read);
    else if (!read && x->reading_hub)
        uv_read_stop((uv_stream_t *)&x->hub);
    x->reading_hub = read;
}

static void on_connected(uv_connect_t *c, int status)
{
    struct pair *x = c->data;
    if (x->closing) return;
    if (status < 0) return close_pair(x);
    x->up = true;
    uv_read_start((uv_stream_t *)&x->client, alloc_big, on_read);
    apply_mode(x);
}

/* The socket towards the hub, with a small receive buffer when asked (set before connecting,
 * so that the window the hub sees is small from the start). */
static int open_hub_side(struct pair *x)
{
    int fd = socket(x->p->hub.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int size = SMALL_WINDOW;
    if (fd < 0) return -1;
    if (x->p->small_window) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (uv_tcp_open(&x->hub, fd) < 0) {
        close(fd);
        return -1;
    }
    x->connect.data = x;
    return uv_tcp_connect(&x->connect, &x->hub, (const struct sockaddr *)&x->p->hub, on_connected);
}

static void on_accept(uv_stream_t *server, int status)
{
    struct tt_proxy *p = server->data;
    struct pair *x = status < 0 ? NULL : calloc(1, sizeof *x);
    if (!x) return;
    x->p = p;
    x->handles = 3;
    uv_tcp_init(p->loop, &x->client);
    uv_tcp_init(p->loop, &x->hub);
    uv_timer_init(p->loop, &x->slow);
    x->client.data = x->hub.data = x->slow.data = x;
    x->next = p->pairs;
    if (p->pairs) p->pairs->prev = x;
    p->pairs = x;
    p->open++;
    if (uv_accept(server, (uv_stream_t *)&x->client) < 0 || open_hub_side(x) < 0) close_pair(x);
}

struct tt_proxy *tt_proxy_start(uv_loop_t *loop, const char *host, int port, bool small_window)
{
    struct tt_proxy *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->loop = loop;
    p->small_window = small_window;
    struct sockaddr_in me;
    uv_ip4_addr("127.0.0.1", 0, &me);
    uv_tcp_init(loop, &p->listener);
    p->listener.data = p;
    int len = sizeof me;
    if (uv_ip4_addr(host, port, (struct sockaddr_in *)&p->hub) < 0 ||
        uv_tcp_bind(&p->listener, (const struct sockaddr *)&me, 0) < 0 ||
        uv_listen((uv_stream_t *)&p->listener, 511, on_accept) < 0 ||
        uv_tcp_getsockname(&p->listener, (struct sockaddr *)&me, &len) < 0) {
        tt_proxy_stop(p);
        return NULL;
    }
    p->port = ntohs(me.sin_port);
    return p;
}

int tt_proxy_port(const struct tt_proxy *p)
{
    return p->port;
}

void tt_proxy_mode(struct tt_proxy *p, enum tt_proxy_mode mode)
{
    p->mode = mode;
    for (struct pair *x = p->pairs; x; x = x->next) apply_mode(x);
}

int tt_proxy_cut(struct tt_proxy *p, int count)
{
    int cut = 0;
    for (; cut < count; cut++) {
        int live = 0;
        for (struct pair *x = p->pairs; x; x = x->next) live += x->up && !x->closing;
        if (!live) break;
        int pick = tt_between(0, live - 1);
        for (struct pair *x = p->pairs; x; x = x->next)
            if (x->up && !x->closing && pick-- == 0) {
                close_pair(x);
                break;
            }
    }
    return cut;
}

int tt_proxy_open(const struct tt_proxy *p)
{
    return p->open;
}

static void on_listener_closed(uv_handle_t *h)
{
    struct tt_proxy *p = h->data;
    p->listener_closed = true;
    maybe_free(p);
}

void tt_proxy_stop(struct tt_proxy *p)
{
    if (!p) return;
    p->stopping = true;
    for (struct pair *x = p->pairs; x; x = x->next) close_pair(x);
    uv_close((uv_handle_t *)&p->listener, on_listener_closed);
}
