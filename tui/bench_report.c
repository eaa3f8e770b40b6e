/* `cmte bench`: the figures.  A Markdown table (one column per N), a few lines on the reconnect
 * storm and the goals of issue 7 (measured at the largest N), then one JSON object on a line of
 * its own for programs.  See bench.h. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "tui/bench.h"
#include "tui/i18n.h"

enum { HUB_GOAL_KIB = 64 * 1024, SEAT_GOAL_KIB = 8 * 1024 };
#define STORM_GOAL_MS     100.0
#define RECONNECT_GOAL_MS 2000.0

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int64_t bench_quantile(int64_t *v, int n, double q)
{
    if (n <= 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    double at = q * n;
    int rank = (int)at + ((double)(int)at < at); /* the nearest rank: at, rounded up */
    return v[rank < 1 ? 0 : rank > n ? n - 1 : rank - 1];
}

struct bench_spread bench_spread_of(double *v, int n)
{
    struct bench_spread s = {0, 0, 0};
    if (n <= 0) return s;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    s.min = v[0];
    s.max = v[n - 1];
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return s;
}

/* ---- the table ---- */

typedef void (*cell_fn)(char *out, size_t len, const struct bench_result *r);

#define CELL(name, fmt, ...)                                                                       \
    static void name(char *out, size_t len, const struct bench_result *r)                          \
    {                                                                                              \
        snprintf(out, len, fmt, __VA_ARGS__);                                                      \
    }
CELL(c_p50, "%.2f", r->cmte.p50)
CELL(c_p99, "%.2f", r->cmte.p99)
CELL(c_max, "%.2f", r->cmte.max)
CELL(c_last, "%.2f / %.2f", r->cmte.last_p50, r->cmte.last_p99)
CELL(c_first, "%.2f", r->cmte.first_p50)
CELL(r_first, "%.2f", r->redis.first_p50)
CELL(r_p50, "%.2f", r->redis.p50)
CELL(r_p99, "%.2f", r->redis.p99)
CELL(r_max, "%.2f", r->redis.max)
CELL(r_last, "%.2f / %.2f", r->redis.last_p50, r->redis.last_p99)
CELL(ratio50, "%.2f (%.2f-%.2f)", r->ratio_p50.median, r->ratio_p50.min, r->ratio_p50.max)
CELL(ratio99, "%.2f (%.2f-%.2f)", r->ratio_p99.median, r->ratio_p99.min, r->ratio_p99.max)
CELL(bytes, "%zu", r->message_bytes)
CELL(groups, "%d", r->groups)
CELL(s_last, "%.1f", r->storm_last_ms)
CELL(s_ack, "%.1f / %.1f", r->storm_p50_ms, r->storm_p99_ms)
CELL(s_read, "%.1f / %.1f / %.1f", r->storm_read_p50_ms, r->storm_read_p99_ms,
     r->storm_read_last_ms)
CELL(s_count, "%d / %d", r->acked, r->ballots)
CELL(s_commits, "%d", r->commits)
CELL(rc_listen, "%.0f", r->listen_ms)
CELL(rc_all, "%.0f", r->resync_ms)
CELL(rc_attempt, "%.0f / %.0f", r->attempt_p50_ms, r->attempt_max_ms)
CELL(rc_sync, "%.0f", r->attempt_sync_max_ms)
CELL(hub_rss, "%.1f", (double)r->hub_rss_kib / 1024)
CELL(hub_peak, "%.1f", (double)r->hub_peak_kib / 1024)

/* "server / clients" CPU of a round, ms. */
static void cpu_cell(char *out, size_t len, const struct bench_latency *l)
{
    if (l->cpu_server_ms < 0)
        snprintf(out, len, "%s", _("not measured"));
    else
        snprintf(out, len, "%.1f / %.1f", l->cpu_server_ms, l->cpu_clients_ms);
}

static void c_cpu(char *out, size_t len, const struct bench_result *r)
{
    cpu_cell(out, len, &r->cmte);
}

static void r_cpu(char *out, size_t len, const struct bench_result *r)
{
    cpu_cell(out, len, &r->redis);
}

static void seat_rss(char *out, size_t len, const struct bench_result *r)
{
    if (r->seat_rss_kib < 0)
        snprintf(out, len, "%s", _("not measured"));
    else
        snprintf(out, len, "%.1f", (double)r->seat_rss_kib / 1024);
}

struct row {
    const char *label;
    cell_fn cell;
    bool redis; /* only with the reference */
};

static const struct row rows[] = {
    {N_("fan-out p50, ms"), c_p50, false},
    {N_("fan-out p99, ms"), c_p99, false},
    {N_("fan-out max, ms"), c_max, false},
    {N_("last console p50 / p99, ms"), c_last, false},
    {N_("first console p50, ms"), c_first, false},
    {N_("Redis p50, ms"), r_p50, true},
    {N_("Redis p99, ms"), r_p99, true},
    {N_("Redis max, ms"), r_max, true},
    {N_("Redis last subscriber p50 / p99, ms"), r_last, true},
    {N_("Redis first subscriber p50, ms"), r_first, true},
    {N_("cmte/Redis p50, median (spread)"), ratio50, true},
    {N_("cmte/Redis p99, median (spread)"), ratio99, true},
    {N_("CPU per round: hub / the consoles' process, ms"), c_cpu, false},
    {N_("CPU per round: redis-server / the subscribers' process, ms"), r_cpu, true},
    {N_("broadcast frame, bytes"), bytes, false},
    {N_("groups sitting during the fan-out"), groups, false},
    {N_("ballot storm: all durable and answered, ms"), s_last, false},
    {N_("ballot storm: answer p50 / p99, ms"), s_ack, false},
    {N_("ballot storm: answer read by the link p50 / p99 / last, ms"), s_read, false},
    {N_("ballot storm: answered / cast"), s_count, false},
    {N_("ballot storm: commits"), s_commits, false},
    {N_("restart: hub listening, ms"), rc_listen, false},
    {N_("restart: all consoles in sync, ms"), rc_all, false},
    {N_("restart: last attempt p50 / max, ms"), rc_attempt, false},
    {N_("restart: last attempt to sync, max ms"), rc_sync, false},
    {N_("hub RSS, MiB"), hub_rss, false},
    {N_("hub peak RSS, MiB"), hub_peak, false},
    {N_("seat console RSS, MiB"), seat_rss, false},
};

static void table(FILE *out, const struct bench_result *r, int count, bool redis)
{
    fprintf(out, "| %s |", _("measure"));
    for (int i = 0; i < count; i++) fprintf(out, " N = %d |", r[i].n);
    fprintf(out, "\n|---|");
    for (int i = 0; i < count; i++) fprintf(out, "---:|");
    fputc('\n', out);
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        if (rows[k].redis && !redis) continue;
        fprintf(out, "| %s |", _(rows[k].label));
        for (int i = 0; i < count; i++) {
            char cell[96];
            rows[k].cell(cell, sizeof cell, &r[i]);
            fprintf(out, " %s |", cell);
        }
        fputc('\n', out);
    }
}

/* ---- the words ---- */

static void cpu_words(FILE *out, struct bench_cpus cpus)
{
    if (cpus.clients > 0)
        fprintf(out,
                _("- CPUs: %d for this process (every console and subscriber), %d for the hub "
                  "and redis-server, as on separate machines.\n"),
                cpus.clients, cpus.servers);
    else
        fprintf(out, _("- One CPU only: the consoles and the servers took turns on it.\n"));
    fprintf(out,
            _("- Every console and subscriber asked for Ethernet's TCP segment size, %d bytes, as "
              "on a LAN.\n"),
            BENCH_LAN_MSS);
}

static void reconnect_words(FILE *out, const struct bench_result *r)
{
    fprintf(out,
            _("- Restart at N = %d: the hub listened %.0f ms after it was started again and every "
              "console was in sync after %.0f ms. The links' backoff (200 ms doubling to 5 s, "
              "jittered) explains the wait until each one's last attempt, %.0f ms after the "
              "restart at the median and %.0f ms at the latest; from that attempt to in sync took "
              "at most %.0f ms (connection, handshake, then resumed or a snapshot).\n"),
            r->n, r->listen_ms, r->resync_ms, r->attempt_p50_ms, r->attempt_max_ms,
            r->attempt_sync_max_ms);
}

static const char *verdict(bool met)
{
    return met ? _("met") : _("missed");
}

static void goals(FILE *out, const struct bench_result *r, bool redis)
{
    fprintf(out, _("\nGoals of issue 7, at N = %d:\n"), r->n);
    if (!redis) {
        fprintf(out, _("- fan-out p99 no worse than Redis's: not measured (no Redis)\n"));
    } else {
        fprintf(out,
                _("- fan-out p99 no worse than Redis's: cmte/Redis %.2f (median of blocks): %s\n"),
                r->ratio_p99.median, verdict(r->ratio_p99.median <= 1.0));
        if (r->cmte.cpu_server_ms >= 0 && r->redis.cpu_server_ms >= 0)
            fprintf(
                out,
                _("  CPU per round: the hub %.1f ms, redis-server %.1f ms; this process, where "
                  "every console or subscriber reads: %.1f ms for the consoles, %.1f ms for the "
                  "subscribers\n"),
                r->cmte.cpu_server_ms, r->redis.cpu_server_ms, r->cmte.cpu_clients_ms,
                r->redis.cpu_clients_ms);
    }
    fprintf(out, _("- every ballot durable and answered within 100 ms: %.1f ms: %s\n"),
            r->storm_last_ms, verdict(r->storm_last_ms <= STORM_GOAL_MS && r->acked == r->ballots));
    fprintf(out, _("- every console back in sync within 2 s of a restart: %.0f ms: %s\n"),
            r->resync_ms, verdict(r->resync_ms <= RECONNECT_GOAL_MS && r->resynced == r->n));
    fprintf(out, _("- hub under 64 MiB: %.1f MiB: %s\n"), (double)r->hub_rss_kib / 1024,
            verdict(r->hub_rss_kib < HUB_GOAL_KIB));
    if (r->seat_rss_kib >= 0)
        fprintf(out, _("- seat console under 8 MiB: %.1f MiB: %s\n"),
                (double)r->seat_rss_kib / 1024, verdict(r->seat_rss_kib < SEAT_GOAL_KIB));
    else
        fprintf(out, _("- seat console under 8 MiB: not measured (no tmux)\n"));
    fputc('\n', out);
}

/* ---- the JSON ---- */

/* A figure, null when not measured (below 0). */
static void add_measured(cJSON *o, const char *name, double v)
{
    if (v < 0)
        cJSON_AddNullToObject(o, name);
    else
        cJSON_AddNumberToObject(o, name, v);
}

static cJSON *latency_json(const struct bench_latency *l)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "p50_ms", l->p50);
    cJSON_AddNumberToObject(o, "p99_ms", l->p99);
    cJSON_AddNumberToObject(o, "max_ms", l->max);
    cJSON_AddNumberToObject(o, "last_p50_ms", l->last_p50);
    cJSON_AddNumberToObject(o, "last_p99_ms", l->last_p99);
    cJSON_AddNumberToObject(o, "first_p50_ms", l->first_p50);
    cJSON_AddNumberToObject(o, "samples", l->samples);
    add_measured(o, "cpu_server_ms", l->cpu_server_ms);
    add_measured(o, "cpu_clients_ms", l->cpu_clients_ms);
    return o;
}

static cJSON *spread_json(const struct bench_spread *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "median", s->median);
    cJSON_AddNumberToObject(o, "min", s->min);
    cJSON_AddNumberToObject(o, "max", s->max);
    return o;
}

static cJSON *run_json(const struct bench_result *r)
{
    cJSON *o = cJSON_CreateObject(), *x;
    cJSON_AddNumberToObject(o, "n", r->n);
    cJSON_AddNumberToObject(o, "message_bytes", (double)r->message_bytes);
    cJSON_AddNumberToObject(o, "groups", r->groups);
    cJSON_AddItemToObject(o, "fanout", latency_json(&r->cmte));
    if (r->redis_ran) {
        cJSON_AddItemToObject(o, "redis", latency_json(&r->redis));
        x = cJSON_AddObjectToObject(o, "ratio");
        cJSON_AddItemToObject(x, "p50", spread_json(&r->ratio_p50));
        cJSON_AddItemToObject(x, "p99", spread_json(&r->ratio_p99));
    } else {
        cJSON_AddNullToObject(o, "redis");
        cJSON_AddNullToObject(o, "ratio");
    }
    x = cJSON_AddObjectToObject(o, "storm");
    cJSON_AddNumberToObject(x, "ballots", r->ballots);
    cJSON_AddNumberToObject(x, "acked", r->acked);
    cJSON_AddNumberToObject(x, "commits", r->commits);
    cJSON_AddNumberToObject(x, "last_ms", r->storm_last_ms);
    cJSON_AddNumberToObject(x, "p50_ms", r->storm_p50_ms);
    cJSON_AddNumberToObject(x, "p99_ms", r->storm_p99_ms);
    cJSON_AddNumberToObject(x, "read_last_ms", r->storm_read_last_ms);
    cJSON_AddNumberToObject(x, "read_p50_ms", r->storm_read_p50_ms);
    cJSON_AddNumberToObject(x, "read_p99_ms", r->storm_read_p99_ms);
    x = cJSON_AddObjectToObject(o, "reconnect");
    cJSON_AddNumberToObject(x, "consoles", r->n);
    cJSON_AddNumberToObject(x, "resynced", r->resynced);
    cJSON_AddNumberToObject(x, "listen_ms", r->listen_ms);
    cJSON_AddNumberToObject(x, "all_synced_ms", r->resync_ms);
    cJSON_AddNumberToObject(x, "last_attempt_p50_ms", r->attempt_p50_ms);
    cJSON_AddNumberToObject(x, "last_attempt_max_ms", r->attempt_max_ms);
    cJSON_AddNumberToObject(x, "attempt_to_sync_max_ms", r->attempt_sync_max_ms);
    x = cJSON_AddObjectToObject(o, "memory");
    add_measured(x, "hub_rss_kib", (double)r->hub_rss_kib);
    add_measured(x, "hub_peak_kib", (double)r->hub_peak_kib);
    add_measured(x, "seat_rss_kib", (double)r->seat_rss_kib);
    return o;
}

static cJSON *goals_json(const struct bench_result *r, bool redis)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", r->n);
    if (redis)
        cJSON_AddBoolToObject(o, "fanout_p99_vs_redis", r->ratio_p99.median <= 1.0);
    else
        cJSON_AddNullToObject(o, "fanout_p99_vs_redis");
    cJSON_AddBoolToObject(o, "storm_100ms",
                          r->storm_last_ms <= STORM_GOAL_MS && r->acked == r->ballots);
    cJSON_AddBoolToObject(o, "reconnect_2s",
                          r->resync_ms <= RECONNECT_GOAL_MS && r->resynced == r->n);
    cJSON_AddBoolToObject(o, "hub_64mib", r->hub_rss_kib < HUB_GOAL_KIB);
    if (r->seat_rss_kib >= 0)
        cJSON_AddBoolToObject(o, "seat_8mib", r->seat_rss_kib < SEAT_GOAL_KIB);
    else
        cJSON_AddNullToObject(o, "seat_8mib");
    return o;
}

static void json(FILE *out, const struct bench_result *r, int count, bool redis,
                 struct bench_cpus cpus)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "version", CMTE_VERSION);
    cJSON_AddNumberToObject(o, "rounds", BENCH_ROUNDS);
    cJSON_AddNumberToObject(o, "blocks", BENCH_BLOCKS);
    cJSON_AddNumberToObject(o, "gap_ms", BENCH_GAP_MS);
    cJSON_AddBoolToObject(o, "redis", redis);
    cJSON_AddNumberToObject(o, "mss", BENCH_LAN_MSS);
    if (cpus.clients > 0) {
        cJSON *x = cJSON_AddObjectToObject(o, "cpus");
        cJSON_AddNumberToObject(x, "clients", cpus.clients);
        cJSON_AddNumberToObject(x, "servers", cpus.servers);
    } else {
        cJSON_AddNullToObject(o, "cpus");
    }
    cJSON *runs = cJSON_AddArrayToObject(o, "runs");
    for (int i = 0; i < count; i++) cJSON_AddItemToArray(runs, run_json(&r[i]));
    cJSON_AddItemToObject(o, "goals", goals_json(&r[count - 1], redis));
    char *text = cJSON_PrintUnformatted(o);
    if (text) fprintf(out, "%s\n", text);
    free(text);
    cJSON_Delete(o);
}

void bench_report(FILE *out, const struct bench_result *r, int count, bool redis,
                  struct bench_cpus cpus)
{
    if (count <= 0) return;
    table(out, r, count, redis);
    fputc('\n', out);
    cpu_words(out, cpus);
    for (int i = 0; i < count; i++) reconnect_words(out, &r[i]);
    goals(out, &r[count - 1], redis);
    json(out, r, count, redis, cpus);
    fflush(out);
}
