/* Scenario 8, the soak (make torture only): an accelerated sitting of many rounds across every
 * seat, each round a vote added to the agenda, opened, cast by every member, closed (secret and
 * named in turn), a run of notes, and a fifth of the links cut through the proxy and coming
 * back.  After each round the hub's resident memory and open files are sampled; past the first
 * third (the warm-up: caches filling) neither may grow beyond a small margin, and at the end
 * every acknowledged command is in the journal once. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 60000, NOTES = 10, RSS_SLACK_KIB = 2048 };

struct soak {
    struct tt_fleet *f;
    struct tt_hub *h;
    struct tt_proxy *proxy;
    struct tt_result *r;
    long *rss;
    int *fds;
};

static bool add_vote(struct soak *x, int round)
{
    struct command c = {.type = CMD_ITEM_ADD};
    c.p.kind = ITEM_VOTE;
    snprintf(c.p.title, sizeof c.p.title, "soak vote %d", round);
    c.p.number = 5;
    c.p.flag = round % 2 == 0; /* secret, named, secret, ... */
    return tt_do(tt_console(x->f, TT_SECRETARY), &c, STEP_MS);
}

static int choice(int i, int k)
{
    return (i * 5 + k) % 3;
}

static bool links_back(void *ctx)
{
    const struct soak *x = ctx;
    for (int i = 0; i < x->f->n; i++)
        if (link_status(x->f->c[i].link) != LINK_ONLINE) return false;
    return true;
}

static bool round_of(struct soak *x, int round)
{
    struct tt_fleet *f = x->f;
    int32_t item = tt_pending_item(f, ITEM_VOTE);
    if (!add_vote(x, round) || !item || !tt_chair(f, CMD_ITEM_OPEN, item) ||
        !tt_chair(f, CMD_BALLOT_OPEN, item) || !tt_wait_state_item(f, item, BALLOT_OPEN, STEP_MS))
        return false;
    x->r->faults += tt_proxy_cut(x->proxy, f->n / 5);
    for (int i = 0; i < f->n; i++) tt_cast(f, i, item, choice);
    for (int k = 0; k < NOTES; k++) tt_round(f, item, false);
    if (!tt_fleet_wait_answers(f, STEP_MS) || !tt_chair(f, CMD_BALLOT_CLOSE, item) ||
        !tt_check_results(f, item, choice, x->r) || !tt_chair(f, CMD_ITEM_CLOSE, item))
        return false;
    bench_sleep(f->bl, 50);
    return bench_wait(f->bl, links_back, x, STEP_MS);
}

static long most(const long *v, int from, int to)
{
    long m = 0;
    for (int i = from; i < to; i++) m = v[i] > m ? v[i] : m;
    return m;
}

static bool run(struct soak *x, int rounds)
{
    for (int k = 0; k < rounds; k++) {
        if (!round_of(x, k)) {
            tt_fail(x->r, "round %d did not go through", k);
            return false;
        }
        x->rss[k] = bench_memory_kib(x->h->b.pid, "VmRSS");
        x->fds[k] = tt_hub_fds(x->h);
    }
    int64_t seq = 0;
    link_state(tt_console(x->f, TT_SECRETARY)->link, &seq);
    int warm = rounds / 3;
    long rss_warm = most(x->rss, 0, warm), rss_end = most(x->rss, rounds - warm, rounds);
    int fds_warm = x->fds[warm - 1], fds_end = x->fds[rounds - 1];
    if (rss_end > rss_warm + RSS_SLACK_KIB + rss_warm / 10)
        tt_fail(x->r, "the hub's memory grew after the warm-up: %ld KiB, then %ld KiB", rss_warm,
                rss_end);
    if (fds_end > fds_warm)
        tt_fail(x->r, "the hub's open files grew: %d after the warm-up, %d at the end", fds_warm,
                fds_end);
    tt_note(x->r,
            "%d rounds, %lld events; hub RSS %ld KiB after the warm-up, %ld KiB at the end; "
            "open files %d and %d",
            rounds, (long long)seq, rss_warm, rss_end, fds_warm, fds_end);
    return x->r->ok;
}

void tt_soak(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    struct tt_fleet *f = NULL;
    struct tt_proxy *proxy = NULL;
    bench_loop_open(&bl);
    if (tt_room_prepare(&bl, &h, p->seats, r) && tt_hub_start(&h, &bl) == 0 &&
        (proxy = tt_proxy_start(bl.loop, h.listen, h.port, false)) != NULL) {
        h.link_port = tt_proxy_port(proxy);
        f = tt_room_join(&bl, &h, r);
    }
    struct soak x = {.f = f, .h = &h, .proxy = proxy, .r = r};
    int rounds = p->soak_rounds;
    x.rss = calloc((size_t)rounds, sizeof *x.rss);
    x.fds = calloc((size_t)rounds, sizeof *x.fds);
    if (f && x.rss && x.fds && rounds >= 3 && run(&x, rounds)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    free(x.rss);
    free(x.fds);
    tt_fleet_stop(f);
    tt_proxy_stop(proxy);
    tt_room_close(&bl, &h, NULL);
}
