/* `cmte bench`: fan-out at a meeting's rate.  Each round the secretary's link sets a note on
 * an item (the round's number in its text): the latency runs from the hub's commit (its trace:
 * just before the broadcast is queued) to each member link's apply.  The Redis reference
 * publishes a message of the same size to as many subscribers.  The rounds run in blocks, cmte
 * and Redis interleaved (A B, B A, ...), one event every BENCH_GAP_MS; each block gives a
 * cmte/Redis ratio, reported as the median with its spread (DESIGN.md §3, Network).  Each
 * round also counts the CPU time the server's process and this one (the consoles' or the
 * subscribers') spent on it. */
#include <stdlib.h>
#include <string.h>

#include "tui/bench.h"
#include "tui/i18n.h"

struct cpu_sum {
    int64_t server, clients; /* ns, over the rounds so far */
    bool failed;             /* a clock could not be read */
};

struct fan {
    struct bench_ctx *x;
    int64_t next_ns;                     /* when the next event may go */
    int64_t commit_ns[BENCH_ROUNDS];     /* cmte: each round's commit */
    int cmte_done, redis_done;           /* rounds run so far */
    int64_t *lat[2];                     /* [peer][round * n + i], ns */
    double block_ratio[2][BENCH_BLOCKS]; /* [p50 or p99][block] */
    struct cpu_sum cpu[2];               /* [peer] */
};

enum { CMTE, REDIS };

/* At a meeting's rate: the next event BENCH_GAP_MS after the last one. */
static bool pace(struct fan *f)
{
    int64_t wait = (f->next_ns - bench_now_ns()) / 1000000;
    if (wait > 0 && !bench_sleep(f->x->bl, wait)) return false;
    f->next_ns = bench_now_ns() + (int64_t)BENCH_GAP_MS * 1000000;
    return true;
}

/* The CPU times of the server and of this process so far. */
struct cpu_mark {
    int64_t server, clients;
};

static struct cpu_mark cpu_now(pid_t server)
{
    return (struct cpu_mark){bench_cpu_ns(server), bench_cpu_ns(0)};
}

/* Count a round of peer, from start until now. */
static void cpu_add(struct fan *f, int peer, struct cpu_mark start, pid_t server)
{
    struct cpu_mark end = cpu_now(server);
    struct cpu_sum *s = &f->cpu[peer];
    if (server <= 0 || start.server < 0 || start.clients < 0 || end.server < 0 || end.clients < 0)
        s->failed = true;
    s->server += end.server - start.server;
    s->clients += end.clients - start.clients;
}

static bool cmte_round(struct fan *f, int r)
{
    struct bench_ctx *x = f->x;
    struct bench_console *sec = bench_fleet_secretary(x->fleet);
    struct command c = {.type = CMD_NOTE_SET};
    c.p.item = x->note_item;
    bench_round_text(r, c.p.text, sizeof c.p.text);
    if (!pace(f)) return false;
    struct cpu_mark start = cpu_now(x->hub.pid);
    if (!bench_fleet_send(sec, &c, "") || !bench_fleet_wait_answer(sec, BENCH_STEP_MS) ||
        !bench_fleet_wait_round(x->fleet, r, BENCH_STEP_MS))
        return false;
    cpu_add(f, CMTE, start, x->hub.pid);
    const struct bench_trace *t = bench_hub_commit_of(&x->hub, sec->answer_first);
    if (!t) return false;
    f->commit_ns[r] = t->ns;
    int n = x->fleet->n;
    for (int i = 0; i < n; i++)
        f->lat[CMTE][r * n + i] = x->fleet->applied_ns[(size_t)r * (size_t)n + (size_t)i] - t->ns;
    return true;
}

static bool redis_round(struct fan *f, int r)
{
    struct bench_ctx *x = f->x;
    pid_t server = bench_redis_pid(x->redis);
    if (!pace(f)) return false;
    struct cpu_mark start = cpu_now(server);
    if (!bench_redis_round(x->redis, r, x->fleet->broadcast_bytes)) return false;
    cpu_add(f, REDIS, start, server);
    int n = x->fleet->n;
    for (int i = 0; i < n; i++) f->lat[REDIS][r * n + i] = bench_redis_latency(x->redis, r, i);
    return true;
}

/* p50 and p99 of rounds [from, to) of one peer. */
static void block_quantiles(const struct fan *f, int peer, int from, int to, int64_t q[2])
{
    int n = f->x->fleet->n, count = (to - from) * n;
    int64_t *v = malloc((size_t)count * sizeof *v);
    q[0] = q[1] = 0;
    if (!v) return;
    memcpy(v, f->lat[peer] + (size_t)from * (size_t)n, (size_t)count * sizeof *v);
    q[0] = bench_quantile(v, count, 0.50);
    q[1] = bench_quantile(v, count, 0.99);
    free(v);
}

static bool run_block(struct fan *f, int b, int per_block)
{
    bool redis = f->x->redis != NULL;
    int from = b * per_block, to = from + per_block;
    for (int k = 0; k < (redis ? 2 : 1); k++) {
        bool cmte_turn = !redis || (k == 0) == (b % 2 == 0); /* A B, then B A */
        for (int r = from; r < to; r++)
            if (!(cmte_turn ? cmte_round(f, r) : redis_round(f, r))) return false;
    }
    if (!redis) return true;
    int64_t c[2], d[2];
    block_quantiles(f, CMTE, from, to, c);
    block_quantiles(f, REDIS, from, to, d);
    for (int q = 0; q < 2; q++) f->block_ratio[q][b] = d[q] > 0 ? (double)c[q] / (double)d[q] : 0;
    return true;
}

static double ms(int64_t ns)
{
    return (double)ns / 1e6;
}

/* p50, p99, max over every console and round; p50, p99 of each round's slowest; p50 of each
 * round's quickest. */
static void summarize(const struct fan *f, int peer, struct bench_latency *out)
{
    int n = f->x->fleet->n, rounds = BENCH_ROUNDS, count = rounds * n;
    int64_t *v = malloc((size_t)count * sizeof *v), last[BENCH_ROUNDS], first[BENCH_ROUNDS];
    if (!v) return;
    memcpy(v, f->lat[peer], (size_t)count * sizeof *v);
    for (int r = 0; r < rounds; r++) {
        last[r] = 0;
        first[r] = INT64_MAX;
        for (int i = 0; i < n; i++) {
            if (v[r * n + i] > last[r]) last[r] = v[r * n + i];
            if (v[r * n + i] < first[r]) first[r] = v[r * n + i];
        }
    }
    out->first_p50 = ms(bench_quantile(first, rounds, 0.50));
    out->samples = count;
    out->p50 = ms(bench_quantile(v, count, 0.50));
    out->p99 = ms(bench_quantile(v, count, 0.99));
    out->max = ms(bench_quantile(v, count, 1.0));
    out->last_p50 = ms(bench_quantile(last, rounds, 0.50));
    out->last_p99 = ms(bench_quantile(last, rounds, 0.99));
    const struct cpu_sum *cpu = &f->cpu[peer];
    out->cpu_server_ms = cpu->failed ? -1 : ms(cpu->server / rounds);
    out->cpu_clients_ms = cpu->failed ? -1 : ms(cpu->clients / rounds);
    free(v);
}

bool bench_fanout(struct bench_ctx *x)
{
    struct fan f = {.x = x, .next_ns = bench_now_ns()};
    int n = x->fleet->n, per_block = BENCH_ROUNDS / BENCH_BLOCKS;
    f.lat[CMTE] = calloc((size_t)BENCH_ROUNDS * (size_t)n, sizeof(int64_t));
    f.lat[REDIS] = calloc((size_t)BENCH_ROUNDS * (size_t)n, sizeof(int64_t));
    bool ok = f.lat[CMTE] && f.lat[REDIS];
    for (int b = 0; ok && b < BENCH_BLOCKS; b++) ok = run_block(&f, b, per_block);
    if (ok) {
        struct bench_result *out = x->out;
        out->message_bytes = x->fleet->broadcast_bytes;
        summarize(&f, CMTE, &out->cmte);
        out->redis_ran = x->redis != NULL;
        if (out->redis_ran) {
            summarize(&f, REDIS, &out->redis);
            out->ratio_p50 = bench_spread_of(f.block_ratio[0], BENCH_BLOCKS);
            out->ratio_p99 = bench_spread_of(f.block_ratio[1], BENCH_BLOCKS);
        }
    } else if (!x->bl->interrupted) {
        fprintf(stderr, _("cmte: bench: N = %d: fan-out: a round was not delivered in time\n"), n);
    }
    free(f.lat[CMTE]);
    free(f.lat[REDIS]);
    return ok;
}
