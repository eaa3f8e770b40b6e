/* `cmte bench`: the reference, Redis pub/sub.  redis-server runs on loopback at a free port
 * (nothing saved), N subscriber connections on the bench's loop SUBSCRIBE to one channel and a
 * publisher PUBLISHes each round's message, the size of cmte's broadcast of the same event.
 * The latency is from the PUBLISH's write to each subscriber's read of the message.  The few
 * RESP forms involved (arrays of bulk strings and integers) are parsed here by hand.
 * See bench.h. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/wire.h"
#include "tui/bench.h"
#include "tui/i18n.h"

enum { CONNECT_MS = 10000, READ_CHUNK = 65536 };

struct sub {
    struct bench_redis *owner;
    uv_tcp_t tcp;
    uv_connect_t connect;
    char *buf;
    size_t len, cap;
    int index; /* 0..n-1; n: the publisher */
    bool subscribed, open;
};

struct bench_redis {
    struct bench_loop *bl;
    pid_t pid;
    int port, n, rounds;
    struct sub *subs; /* n subscribers, then the publisher */
    int nsubscribed, nopen, nfailed;
    int64_t *sent_ns;   /* [round] */
    int64_t *recv_ns;   /* [round * n + i] */
    int *received;      /* [round]: subscribers that have it */
    char log[128];      /* redis-server's output */
    char payload[8192]; /* scratch for one PUBLISH */
};

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    static char chunk[READ_CHUNK]; /* one loop, one read at a time */
    (void)h, (void)suggested;
    *buf = uv_buf_init(chunk, sizeof chunk);
}

/* One RESP value at p (n bytes): its length, 0 when incomplete, -1 when not understood.  For
 * an array, the first element's text goes to kind and the last one's to last (bulk strings). */
static long resp_value(const char *p, size_t n, const char **kind, const char **last, int depth)
{
    const char *eol = memchr(p, '\r', n);
    if (!eol || (size_t)(eol - p) + 2 > n) return 0;
    long head = (long)(eol - p) + 2, v = strtol(p + 1, NULL, 10);
    switch (p[0]) {
    case ':':
    case '+':
        return head;
    case '$':
        if (v < 0) return head;
        if ((size_t)head + (size_t)v + 2 > n) return 0;
        if (last) *last = p + head;
        return head + v + 2;
    case '*':
        if (depth > 0 || v < 0) return -1;
        for (long i = 0, at = head; i < v; i++) {
            const char *text = NULL;
            long len = resp_value(p + at, n - (size_t)at, NULL, &text, 1);
            if (len <= 0) return len;
            if (i == 0 && kind) *kind = text;
            if (last) *last = text;
            at += len;
            if (i == v - 1) return at;
        }
        return head;
    default:
        return -1;
    }
}

static void got(struct sub *s, const char *kind, const char *last, int64_t now)
{
    struct bench_redis *r = s->owner;
    if (!kind) return;
    if (strncmp(kind, "subscribe", 9) == 0 && !s->subscribed) {
        s->subscribed = true;
        r->nsubscribed++;
    } else if (strncmp(kind, "message", 7) == 0 && last && last[0] == 'r') {
        int round = atoi(last + 1);
        if (round < 0 || round >= r->rounds) return;
        int64_t *at = &r->recv_ns[(size_t)round * (size_t)r->n + (size_t)s->index];
        if (!*at) {
            *at = now;
            r->received[round]++;
        }
    }
}

static void closed(uv_handle_t *h)
{
    struct sub *s = h->data;
    free(s->buf);
    s->buf = NULL;
    s->open = false;
    s->owner->nopen--;
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf)
{
    struct sub *s = st->data;
    int64_t now = bench_now_ns();
    if (nread < 0) {
        s->owner->nfailed++;
        return uv_close((uv_handle_t *)st, closed);
    }
    if (s->len + (size_t)nread > s->cap) {
        size_t cap = (s->len + (size_t)nread) * 2;
        char *p = realloc(s->buf, cap);
        if (!p) return uv_close((uv_handle_t *)st, closed);
        s->buf = p, s->cap = cap;
    }
    memcpy(s->buf + s->len, buf->base, (size_t)nread);
    s->len += (size_t)nread;
    size_t at = 0;
    for (;;) {
        const char *kind = NULL, *last = NULL;
        long len = resp_value(s->buf + at, s->len - at, &kind, &last, 0);
        if (len < 0) return uv_close((uv_handle_t *)st, closed);
        if (len == 0) break;
        if (s->index < s->owner->n) got(s, kind, last, now);
        at += (size_t)len;
    }
    memmove(s->buf, s->buf + at, s->len - at);
    s->len -= at;
}

static void on_written(uv_write_t *w, int status)
{
    (void)status; /* a failed write shows as a read error */
    free(w);
}

static void send_text(struct sub *s, const char *text, size_t len)
{
    uv_write_t *w = malloc(sizeof *w + len);
    if (!w) return;
    memcpy(w + 1, text, len);
    uv_buf_t b = uv_buf_init((char *)(w + 1), (unsigned)len);
    if (uv_write(w, (uv_stream_t *)&s->tcp, &b, 1, on_written) < 0) free(w);
}

static void on_connect(uv_connect_t *c, int status)
{
    struct sub *s = c->data;
    if (status < 0 || uv_read_start((uv_stream_t *)&s->tcp, on_alloc, on_read) < 0) {
        s->owner->nfailed++;
        return;
    }
    static const char subscribe[] = "*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nbench\r\n";
    if (s->index < s->owner->n)
        send_text(s, subscribe, sizeof subscribe - 1);
    else
        s->subscribed = true; /* the publisher */
}

static void connect_one(struct bench_redis *r, struct sub *s, const struct sockaddr *addr)
{
    s->owner = r;
    s->tcp.data = s->connect.data = s;
    if (wire_tcp_init(r->bl->loop, &s->tcp, AF_INET, BENCH_LAN_MSS) < 0) { /* as the links' */
        r->nfailed++;
        return;
    }
    uv_tcp_nodelay(&s->tcp, 1);
    s->open = true;
    r->nopen++;
    if (uv_tcp_connect(&s->connect, &s->tcp, addr, on_connect) < 0) r->nfailed++;
}

static bool ready(void *ctx)
{
    const struct bench_redis *r = ctx;
    return r->nfailed > 0 || (r->nsubscribed == r->n && r->subs[r->n].subscribed);
}

static bool up(void *ctx)
{
    const struct bench_redis *r = ctx;
    return bench_file_has(r->log, "Ready to accept connections");
}

static int spawn(struct bench_redis *r, const char *dir)
{
    char port[16];
    snprintf(port, sizeof port, "%d", r->port);
    snprintf(r->log, sizeof r->log, "%s/redis.log", dir);
    char *argv[] = {"redis-server", "--port",       port,        "--bind",
                    "127.0.0.1",    "--save",       "",          "--appendonly",
                    "no",           "--dir",        (char *)dir, "--daemonize",
                    "no",           "--maxclients", "20000",     NULL};
    r->pid = bench_spawn(argv, r->log);
    return r->pid > 0 && bench_wait(r->bl, up, r, CONNECT_MS) ? 0 : -1;
}

struct bench_redis *bench_redis_start(struct bench_loop *bl, const char *dir, int n, int rounds)
{
    struct bench_redis *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->bl = bl, r->n = n, r->rounds = rounds, r->pid = -1;
    r->port = bench_free_port();
    r->subs = calloc((size_t)n + 1, sizeof *r->subs);
    r->sent_ns = calloc((size_t)rounds, sizeof *r->sent_ns);
    r->received = calloc((size_t)rounds, sizeof *r->received);
    r->recv_ns = calloc((size_t)rounds * (size_t)n, sizeof *r->recv_ns);
    bool ok = r->subs && r->sent_ns && r->received && r->recv_ns && spawn(r, dir) == 0;
    struct sockaddr_in addr;
    uv_ip4_addr("127.0.0.1", r->port, &addr);
    for (int i = 0; ok && i <= n; i++) {
        r->subs[i].index = i;
        connect_one(r, &r->subs[i], (const struct sockaddr *)&addr);
    }
    if (ok && bench_wait(bl, ready, r, CONNECT_MS) && !r->nfailed) return r;
    if (!bl->interrupted) fprintf(stderr, _("cmte: bench: Redis did not start (see %s)\n"), dir);
    bench_redis_stop(r);
    return NULL;
}

struct round_wait {
    struct bench_redis *r;
    int round;
};

static bool delivered(void *ctx)
{
    const struct round_wait *w = ctx;
    return w->r->received[w->round] == w->r->n || w->r->nfailed > 0;
}

bool bench_redis_round(struct bench_redis *r, int round, size_t size)
{
    char body[8192 - 64];
    if (size >= sizeof body) size = sizeof body - 1;
    int head = snprintf(body, sizeof body, "r%d ", round);
    if ((size_t)head < size) memset(body + head, 'x', size - (size_t)head);
    size_t len = size > (size_t)head ? size : (size_t)head;
    int n = snprintf(r->payload, sizeof r->payload,
                     "*3\r\n$7\r\nPUBLISH\r\n$5\r\nbench\r\n$%zu\r\n", len);
    memcpy(r->payload + n, body, len);
    memcpy(r->payload + n + len, "\r\n", 2);
    r->sent_ns[round] = bench_now_ns();
    send_text(&r->subs[r->n], r->payload, (size_t)n + len + 2);
    struct round_wait w = {r, round};
    return bench_wait(r->bl, delivered, &w, BENCH_STEP_MS) && !r->nfailed;
}

int64_t bench_redis_latency(const struct bench_redis *r, int round, int i)
{
    int64_t at = r->recv_ns[(size_t)round * (size_t)r->n + (size_t)i];
    return at ? at - r->sent_ns[round] : 0;
}

pid_t bench_redis_pid(const struct bench_redis *r)
{
    return r->pid;
}

static bool all_closed(void *ctx)
{
    const struct bench_redis *r = ctx;
    return r->nopen == 0;
}

void bench_redis_stop(struct bench_redis *r)
{
    if (!r) return;
    for (int i = 0; r->subs && i <= r->n; i++)
        if (r->subs[i].open && !uv_is_closing((uv_handle_t *)&r->subs[i].tcp))
            uv_close((uv_handle_t *)&r->subs[i].tcp, closed);
    bool interrupted = r->bl->interrupted; /* the handles close even after Ctrl-C */
    r->bl->interrupted = false;
    bench_wait(r->bl, all_closed, r, 5000);
    r->bl->interrupted = interrupted;
    bench_kill(&r->pid, SIGKILL);
    free(r->subs);
    free(r->sent_ns);
    free(r->received);
    free(r->recv_ns);
    free(r);
}
