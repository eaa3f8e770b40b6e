/* `cmte bench`: the consoles, real links (handshake, encryption, replica) in this process on
 * one loop: one per member, a chair's and a secretary's.  Each notes when it synced, when it
 * applied each fan-out round, and when its last command was answered.  See bench.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/channel.h"
#include "net/frame.h"
#include "net/message.h"
#include "tui/bench.h"

static const char round_prefix[] = "bench round ";

void bench_round_text(int r, char *out, size_t len)
{
    snprintf(out, len, "%s%d", round_prefix, r);
}

int bench_round_of(const char *text)
{
    size_t n = sizeof round_prefix - 1;
    if (strncmp(text, round_prefix, n) != 0) return -1;
    char *end;
    long r = strtol(text + n, &end, 10);
    return *end || r < 0 || r > 1000000 ? -1 : (int)r;
}

static bool is_member(const struct bench_console *k)
{
    return k->index < k->fleet->n;
}

static void on_status(void *ctx, enum link_status st, const char *why)
{
    struct bench_console *k = ctx;
    (void)why;
    if (st == LINK_CONNECTING) k->connecting_ns = bench_now_ns();
}

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct bench_console *k = ctx;
    (void)s, (void)seq;
    if (k->synced) return;
    k->synced = true;
    k->synced_ns = bench_now_ns();
    k->fleet->nsynced++;
}

/* The size of the frame the hub sends for these events: framing, seal and signature. */
static size_t frame_bytes(const struct event *ev, int n)
{
    static const unsigned char chain[MSG_CHAIN_BYTES]; /* any chain is as long */
    char *text = msg_encode_events(ev, n, chain);
    size_t len = text ? strlen(text) : 0;
    free(text);
    return FRAME_HEADER + BCAST_OVERHEAD + len;
}

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct bench_console *k = ctx;
    struct bench_fleet *f = k->fleet;
    int64_t now = bench_now_ns();
    (void)s;
    if (!is_member(k)) return;
    for (int i = 0; i < n; i++) {
        int r = ev[i].type == EV_NOTE_CHANGED ? bench_round_of(ev[i].p.text) : -1;
        if (r < 0 || r >= f->rounds) continue;
        int64_t *at = &f->applied_ns[(size_t)r * (size_t)f->n + (size_t)k->index];
        if (!*at) *at = now;
        if (!f->broadcast_bytes && n == 1) f->broadcast_bytes = frame_bytes(ev, n);
    }
}

static void on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct bench_console *k = ctx;
    (void)c;
    if (k->answered) return;
    k->answered = true;
    k->answered_ns = bench_now_ns();
    k->answer_ok = a->ok;
    k->answer_first = a->first;
    if (is_member(k)) k->fleet->nanswered++;
}

static const struct link_events fleet_events = {
    .status = on_status,
    .synced = on_synced,
    .applied = on_applied,
    .answer = on_answer,
};

struct bench_fleet *bench_fleet_start(struct bench_loop *bl, const struct bench_hub *h, int rounds)
{
    struct bench_fleet *f = calloc(1, sizeof *f);
    int total = h->n + 2;
    if (f) f->c = calloc((size_t)total, sizeof *f->c);
    if (f) f->applied_ns = calloc((size_t)rounds * (size_t)h->n + 1, sizeof *f->applied_ns);
    if (!f || !f->c || !f->applied_ns) {
        if (f) free(f->c);
        free(f);
        return NULL;
    }
    f->bl = bl;
    f->n = h->n;
    f->rounds = rounds;
    for (int i = 0; i < total; i++) {
        struct bench_console *k = &f->c[i];
        const struct key_pair *key = i < h->n    ? &h->seats[i].key
                                     : i == h->n ? &h->chair
                                                 : &h->secretary;
        struct link_options o = bench_hub_link_options(h, key);
        o.mss = BENCH_LAN_MSS;
        *k = (struct bench_console){.fleet = f, .index = i};
        k->link = link_start(bl->loop, &o, &fleet_events, k);
        key_wipe(&o.key);
        f->open += k->link != NULL;
    }
    return f;
}

struct bench_console *bench_fleet_chair(struct bench_fleet *f)
{
    return &f->c[f->n];
}

struct bench_console *bench_fleet_secretary(struct bench_fleet *f)
{
    return &f->c[f->n + 1];
}

static bool all_synced(void *ctx)
{
    struct bench_fleet *f = ctx;
    return f->nsynced == f->n + 2;
}

bool bench_fleet_wait_synced(struct bench_fleet *f, int64_t timeout_ms)
{
    return bench_wait(f->bl, all_synced, f, timeout_ms);
}

void bench_fleet_unsync(struct bench_fleet *f)
{
    for (int i = 0; i < f->n + 2; i++) f->c[i].synced = false;
    f->nsynced = 0;
}

bool bench_fleet_send(struct bench_console *k, const struct command *c, const char *pin)
{
    if (k->answered && is_member(k)) k->fleet->nanswered--;
    k->answered = k->answer_ok = false;
    k->sent_ns = bench_now_ns();
    return link_send(k->link, c, pin, NULL);
}

static bool answered(void *ctx)
{
    const struct bench_console *k = ctx;
    return k->answered;
}

bool bench_fleet_wait_answer(struct bench_console *k, int64_t timeout_ms)
{
    return bench_wait(k->fleet->bl, answered, k, timeout_ms) && k->answer_ok;
}

static bool all_answered(void *ctx)
{
    struct bench_fleet *f = ctx;
    return f->nanswered == f->n;
}

bool bench_fleet_wait_all_answers(struct bench_fleet *f, int64_t timeout_ms)
{
    return bench_wait(f->bl, all_answered, f, timeout_ms);
}

struct round_wait {
    struct bench_fleet *f;
    int r;
};

static bool round_applied(void *ctx)
{
    const struct round_wait *w = ctx;
    const int64_t *at = &w->f->applied_ns[(size_t)w->r * (size_t)w->f->n];
    for (int i = 0; i < w->f->n; i++)
        if (!at[i]) return false;
    return true;
}

bool bench_fleet_wait_round(struct bench_fleet *f, int r, int64_t timeout_ms)
{
    struct round_wait w = {f, r};
    return bench_wait(f->bl, round_applied, &w, timeout_ms);
}

struct state_wait {
    struct bench_fleet *f;
    bool (*ok)(const struct core_state *, void *);
    void *ctx;
};

static bool states_ok(void *ctx)
{
    const struct state_wait *w = ctx;
    for (int i = 0; i < w->f->n; i++) {
        const struct core_state *s = link_state(w->f->c[i].link, NULL);
        if (!s || !w->ok(s, w->ctx)) return false;
    }
    return true;
}

bool bench_fleet_wait_state(struct bench_fleet *f, bool (*ok)(const struct core_state *, void *),
                            void *ctx, int64_t timeout_ms)
{
    struct state_wait w = {f, ok, ctx};
    return bench_wait(f->bl, states_ok, &w, timeout_ms);
}

static void on_stopped(void *ctx)
{
    struct bench_fleet *f = ctx;
    f->open--;
}

static bool all_closed(void *ctx)
{
    const struct bench_fleet *f = ctx;
    return f->open == 0;
}

void bench_fleet_stop(struct bench_fleet *f)
{
    if (!f) return;
    for (int i = 0; i < f->n + 2; i++)
        if (f->c[i].link) link_stop(f->c[i].link, on_stopped, f);
    bool interrupted = f->bl->interrupted; /* the links close even after Ctrl-C */
    f->bl->interrupted = false;
    bench_wait(f->bl, all_closed, f, 10000);
    f->bl->interrupted = interrupted;
    free(f->applied_ns);
    free(f->c);
    free(f);
}
