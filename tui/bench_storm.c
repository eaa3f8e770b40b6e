/* `cmte bench`: the two storms.  The ballot storm: the chair opens an evaluation and its ballot,
 * and once every member's replica shows it open, every member casts in the same loop turn; an
 * answer comes only once the cast is durable.  The reconnect storm: the hub is killed (SIGKILL,
 * as in a crash) and started again on the same database; every link finds its way back by
 * itself, with its jittered backoff (200 ms doubling to 5 s).  See bench.h. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "tui/bench.h"
#include "tui/i18n.h"

enum { STORM_MS = 60000, RESYNC_MS = 60000 };

static double ms(int64_t ns)
{
    return (double)ns / 1e6;
}

static bool fail(struct bench_ctx *x, const char *what)
{
    if (!x->bl->interrupted) fprintf(stderr, _("cmte: bench: N = %d: %s\n"), x->out->n, what);
    return false;
}

bool bench_chair_does(struct bench_ctx *x, enum command_type type, int32_t item, int kind)
{
    struct bench_console *chair = bench_fleet_chair(x->fleet);
    struct command c = {.type = type};
    c.p.id = c.p.item = item;
    c.p.kind = kind;
    return bench_fleet_send(chair, &c, "") && bench_fleet_wait_answer(chair, BENCH_STEP_MS) &&
           chair->answer_ok;
}

static bool ballot_open(const struct core_state *s, void *ctx)
{
    const struct item *it = core_item(s, *(const int32_t *)ctx);
    return it && it->ballot.state == BALLOT_OPEN;
}

/* Member i's cast: the first option on every subject. */
static void cast_of(struct bench_ctx *x, int i, struct command *c)
{
    const struct core_state *s = link_state(x->fleet->c[i].link, NULL);
    const struct item *it = core_item(s, x->ballot_item);
    *c = (struct command){.type = CMD_BALLOT_CAST};
    c->p.item = x->ballot_item;
    const struct person *p = core_person_at_seat(s, x->hub.seats[i].seat);
    if (p) c->p.person = p->id;
    c->p.choice_count = it->ballot.subject_count;
    for (int k = 0; k < it->ballot.subject_count; k++)
        c->p.choices[k] = (struct choice){it->ballot.subjects[k].id, 0};
}

/* The trace lines from `from` on that hold the seqs first..last. */
static int commits_between(struct bench_hub *h, int from, int64_t first, int64_t last)
{
    bench_hub_read_trace(h);
    int count = 0;
    for (int i = from; i < h->ntrace; i++)
        count += h->trace[i].last >= first && h->trace[i].first <= last;
    return count;
}

/* Each answered cast: from its send to the hub's commit of it (hub[]), and to the link's read
 * of the answer (read[]); the seqs they span. */
static int storm_samples(struct bench_ctx *x, int64_t start, int64_t *hub, int64_t *read,
                         int64_t last[2], int64_t seqs[2])
{
    struct bench_fleet *f = x->fleet;
    int n = 0;
    last[0] = last[1] = seqs[1] = 0;
    seqs[0] = INT64_MAX;
    for (int i = 0; i < f->n; i++) {
        const struct bench_console *k = &f->c[i];
        const struct bench_trace *t =
            k->answer_ok ? bench_hub_commit_of(&x->hub, k->answer_first) : NULL;
        if (!t) continue;
        hub[n] = t->ns - k->sent_ns;
        read[n++] = k->answered_ns - k->sent_ns;
        if (t->ns - start > last[0]) last[0] = t->ns - start;
        if (k->answered_ns - start > last[1]) last[1] = k->answered_ns - start;
        if (k->answer_first < seqs[0]) seqs[0] = k->answer_first;
        if (k->answer_first > seqs[1]) seqs[1] = k->answer_first;
    }
    return n;
}

static void storm_figures(struct bench_ctx *x, int64_t start, int traced)
{
    struct bench_result *out = x->out;
    int64_t *hub = malloc((size_t)x->fleet->n * sizeof *hub), last[2], seqs[2];
    int64_t *read = malloc((size_t)x->fleet->n * sizeof *read);
    if (hub && read) {
        int n = out->acked = storm_samples(x, start, hub, read, last, seqs);
        out->storm_last_ms = ms(last[0]);
        out->storm_p50_ms = ms(bench_quantile(hub, n, 0.50));
        out->storm_p99_ms = ms(bench_quantile(hub, n, 0.99));
        out->storm_read_last_ms = ms(last[1]);
        out->storm_read_p50_ms = ms(bench_quantile(read, n, 0.50));
        out->storm_read_p99_ms = ms(bench_quantile(read, n, 0.99));
        out->commits = n ? commits_between(&x->hub, traced, seqs[0], seqs[1]) : 0;
    }
    free(hub);
    free(read);
}

bool bench_storm(struct bench_ctx *x)
{
    struct bench_fleet *f = x->fleet;
    if (!bench_chair_does(x, CMD_ITEM_OPEN, x->ballot_item, 0) ||
        !bench_chair_does(x, CMD_BALLOT_OPEN, x->ballot_item, 0))
        return fail(x, _("the chair could not open the ballot"));
    if (!bench_fleet_wait_state(f, ballot_open, &x->ballot_item, BENCH_STEP_MS))
        return fail(x, _("the consoles did not see the ballot open"));
    struct command *casts = malloc((size_t)f->n * sizeof *casts);
    if (!casts) return fail(x, _("out of memory"));
    for (int i = 0; i < f->n; i++) cast_of(x, i, &casts[i]);
    bench_hub_read_trace(&x->hub);
    int traced = x->hub.ntrace;
    int64_t start = bench_now_ns();
    for (int i = 0; i < f->n; i++) bench_fleet_send(&f->c[i], &casts[i], "");
    free(casts);
    x->out->ballots = f->n;
    bool all = bench_fleet_wait_all_answers(f, STORM_MS);
    storm_figures(x, start, traced);
    return all ? true : fail(x, _("the ballot storm was not all answered"));
}

static bool all_lost(void *ctx)
{
    const struct bench_fleet *f = ctx;
    for (int i = 0; i < f->n + 2; i++)
        if (link_status(f->c[i].link) == LINK_ONLINE) return false;
    return true;
}

static void reconnect_figures(struct bench_ctx *x, int64_t restart)
{
    struct bench_fleet *f = x->fleet;
    struct bench_result *out = x->out;
    int64_t *attempt = malloc((size_t)f->n * sizeof *attempt), all = 0, attempt_sync = 0;
    for (int i = 0; i < f->n; i++) {
        const struct bench_console *k = &f->c[i];
        if (!k->synced) continue;
        int64_t tried = k->connecting_ns > restart ? k->connecting_ns - restart : 0;
        if (attempt) attempt[out->resynced] = tried;
        out->resynced++;
        if (k->synced_ns - restart > all) all = k->synced_ns - restart;
        if (k->synced_ns - restart - tried > attempt_sync)
            attempt_sync = k->synced_ns - restart - tried;
    }
    out->resync_ms = ms(all);
    out->attempt_sync_max_ms = ms(attempt_sync);
    if (attempt) {
        out->attempt_p50_ms = ms(bench_quantile(attempt, out->resynced, 0.50));
        out->attempt_max_ms = ms(bench_quantile(attempt, out->resynced, 1.0));
    }
    free(attempt);
}

bool bench_reconnect(struct bench_ctx *x)
{
    struct bench_fleet *f = x->fleet;
    bench_kill(&x->hub.pid, SIGKILL);
    if (!bench_wait(x->bl, all_lost, f, BENCH_STEP_MS))
        return fail(x, _("the consoles did not notice the hub's end"));
    bench_fleet_unsync(f);
    int64_t restart = bench_now_ns();
    if (bench_hub_start(&x->hub, x->bl) < 0) return false;
    x->out->listen_ms = ms(bench_now_ns() - restart);
    bool all = bench_fleet_wait_synced(f, RESYNC_MS);
    reconnect_figures(x, restart);
    return all ? true : fail(x, _("the consoles did not all come back"));
}
