/* Scenario 4, slow and stuck consoles: a tenth of the members reach the hub through a proxy
 * with a small window, which first stops reading from the hub altogether, then reads one byte a
 * second.  The secretary sets large notes hundreds of times a second (a fan-out each: megabytes
 * a second, as fast as the hub answers, so that the hub's kernel buffers fill up before its own
 * queue); the other
 * members' latency is measured before and while the stuck ones hang on, the hub drops the stuck
 * ones once their queue passes [net] queue_limit (its log says so), and once the proxy passes
 * bytes again they come back by themselves and resync. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 20000, GAP_MS = 10, ROUNDS = 60, ROUNDS_MAX = 1000, FILLERS = 7, UNANSWERED = 16 };

struct stuck {
    struct tt_fleet *f;
    struct tt_hub *h;
    struct tt_proxy *proxy;
    struct tt_result *r;
    int32_t item;
    int normal; /* members [0, normal) are straight to the hub */
};

struct latency {
    double p50, p99;
};

/* A large note that is no round, to fill the queues of the consoles that do not read: printable
 * characters drawn at random, since a broadcast body of repeated bytes is packed to almost nothing.
 */
static void filler(struct stuck *x)
{
    static uint32_t seed = 12345;
    struct command c = {.type = CMD_NOTE_SET};
    c.p.item = x->item;
    for (size_t i = 0; i + 1 < sizeof c.p.text; i++) {
        seed = seed * 1103515245u + 12345u;
        c.p.text[i] = (char)('!' + (seed >> 16) % 94);
    }
    tt_send(tt_console(x->f, TT_SECRETARY), &c);
}

static int drops(const struct stuck *x)
{
    return tt_hub_log_count(x->h, "the console does not read");
}

/* Fan-outs GAP_MS apart, ROUNDS of them, or (until) more until the hub has dropped every
 * console behind the proxy; the normal members' latency over all of them. */
static bool fan_out(struct stuck *x, int until, struct latency *out)
{
    struct tt_fleet *f = x->f;
    int first = f->round_at, side = f->n - x->normal;
    for (int k = 0; k < (until < 0 ? ROUNDS : ROUNDS_MAX); k++) {
        if (until >= 0 && k >= ROUNDS && drops(x) - until >= side) break;
        if (!tt_round(f, x->item, true)) {
            tt_fail(x->r, "more fan-out rounds than the fleet keeps");
            return false;
        }
        for (int i = 0; i < FILLERS && f->sent - f->answered < UNANSWERED; i++) filler(x);
        bench_sleep(f->bl, GAP_MS);
    }
    int64_t *v = malloc((size_t)(f->round_at - first) * (size_t)x->normal * sizeof *v);
    int n = 0;
    bool all = v != NULL;
    for (int k = first; all && k < f->round_at; k++) {
        all = tt_wait_round(f, k, 0, x->normal, STEP_MS);
        for (int i = 0; all && i < x->normal; i++)
            v[n++] = f->applied_ns[(size_t)k * (size_t)f->n + (size_t)i] - f->round_sent_ns[k];
    }
    if (all) {
        out->p50 = tt_ms(bench_quantile(v, n, 0.50));
        out->p99 = tt_ms(bench_quantile(v, n, 0.99));
    }
    free(v);
    if (!all)
        tt_fail(x->r, "a fan-out did not reach every other member within %d s", STEP_MS / 1000);
    if (all && !tt_fleet_wait_answers(f, STEP_MS)) tt_fail(x->r, "the notes were not all answered");
    return all && x->r->ok;
}

static bool side_back(void *ctx)
{
    const struct stuck *x = ctx;
    for (int i = x->normal; i < x->f->n; i++) {
        const struct tt_console *k = &x->f->c[i];
        if (!k->synced || link_status(k->link) != LINK_ONLINE) return false;
    }
    return true;
}

/* One kind of trouble: the others' latency while it lasts, the drops, the recovery. */
static bool trouble(struct stuck *x, enum tt_proxy_mode mode, struct latency *during)
{
    int before = drops(x);
    tt_proxy_mode(x->proxy, mode);
    if (!fan_out(x, before, during)) return false;
    int dropped = drops(x) - before;
    x->r->faults += x->f->n - x->normal;
    if (dropped == 0) {
        tt_fail(x->r, "no console was dropped for not reading");
        return false;
    }
    for (int i = x->normal; i < x->f->n; i++) x->f->c[i].synced = false;
    int64_t freed = bench_now_ns();
    tt_proxy_mode(x->proxy, TT_PASS);
    if (!bench_wait(x->f->bl, side_back, x, STEP_MS)) {
        tt_fail(x->r, "the stuck consoles did not come back");
        return false;
    }
    double took = tt_ms(bench_now_ns() - freed);
    if (took > x->r->recover_ms) x->r->recover_ms = took;
    tt_note(x->r, "%s: %d dropped", mode == TT_STUCK ? "not reading" : "1 byte/s", dropped);
    return true;
}

static bool run(struct stuck *x)
{
    struct latency base, stuck, slow;
    x->item = tt_pending_item(x->f, ITEM_DELIBERATION);
    if (!x->item || !tt_chair(x->f, CMD_ITEM_OPEN, x->item)) {
        tt_fail(x->r, "no item for the notes");
        return false;
    }
    if (!fan_out(x, -1, &base) || !trouble(x, TT_STUCK, &stuck) || !trouble(x, TT_SLOW, &slow))
        return false;
    tt_note(x->r,
            "the others' fan-out p50/p99: %.1f/%.1f ms before, %.1f/%.1f stuck, %.1f/%.1f slow",
            base.p50, base.p99, stuck.p50, stuck.p99, slow.p50, slow.p99);
    return true;
}

void tt_stuck_consoles(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    struct tt_fleet *f = NULL;
    struct tt_proxy *proxy = NULL;
    int seats = p->full ? 100 : 20;
    bench_loop_open(&bl);
    if (tt_room_prepare(&bl, &h, seats, r)) {
        h.queue_limit = 65536; /* the least the configuration allows */
        h.timeout_ms = 10000;  /* the hub drops them for their queue, not for silence */
        h.command_rate = 0;    /* the secretary's notes come faster than any person's */
        if (tt_hub_start(&h, &bl) == 0 &&
            (proxy = tt_proxy_start(bl.loop, h.listen, h.port, true)) != NULL) {
            h.side_port = tt_proxy_port(proxy);
            h.side_from = seats - (seats / 10 > 2 ? seats / 10 : 2);
            f = tt_room_join(&bl, &h, r);
        }
    }
    struct stuck x = {.f = f, .h = &h, .proxy = proxy, .r = r, .normal = h.side_from};
    if (f && run(&x)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    tt_fleet_stop(f);
    tt_proxy_stop(proxy);
    tt_room_close(&bl, &h, NULL);
}
