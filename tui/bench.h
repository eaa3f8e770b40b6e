/* `cmte bench`: the pieces of tui/bench*.c.  The hub runs as a child process (the real
 * `cmte serve`) on a temporary database; the consoles are links in this process on one libuv
 * loop; the bench drives them step by step, running the loop until what it waits for has
 * happened (bench_wait), and times everything with CLOCK_MONOTONIC, which the hub's trace
 * ([hub] trace) shares. */
#ifndef CMTE_TUI_BENCH_H
#define CMTE_TUI_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <uv.h>

#include "db/db.h"
#include "net/link.h"
#include "tui/bots.h"
#include "tui/config.h"

enum {
    BENCH_ROUNDS = 60,    /* fan-out events per N, for cmte and for Redis each */
    BENCH_BLOCKS = 12,    /* interleaved blocks of rounds: A B, B A, ... */
    BENCH_GAP_MS = 100,   /* a meeting's rate: one event every 100 ms */
    BENCH_STEP_MS = 5000, /* the longest wait for one round or one answer */
    /* The TCP segment size every console and subscriber asks for: Ethernet's (1500 bytes
     * less IP and TCP headers with timestamps), as on a LAN.  Loopback's would be 64 KB: a
     * console that received its snapshot in such segments then acknowledges each small
     * broadcast as it reads it, in its own time, not on arrival as on a LAN (the kernel's
     * heuristic compares a segment with the largest seen). */
    BENCH_LAN_MSS = 1448,
};

int64_t bench_now_ns(void);

/* ---- the loop (bench_loop.c) ---- */

/* The loop, woken at least every few ms, and Ctrl-C (SIGINT, SIGTERM) noticed. */
struct bench_loop {
    uv_loop_t *loop;
    uv_timer_t tick;
    uv_signal_t sigint, sigterm;
    bool interrupted;
};
int bench_loop_open(struct bench_loop *bl);
void bench_loop_close(struct bench_loop *bl);
/* Run the loop until done(ctx) is true: true then; false after timeout_ms or on Ctrl-C. */
bool bench_wait(struct bench_loop *bl, bool (*done)(void *ctx), void *ctx, int64_t timeout_ms);
/* Run the loop for ms; false on Ctrl-C. */
bool bench_sleep(struct bench_loop *bl, int64_t ms);

/* ---- processes (bench_proc.c) ---- */

/* Split the CPUs this process may use, as a hub and its consoles on separate machines: the
 * first for this process (every console and subscriber), the others for the processes
 * bench_spawn starts (the hub, redis-server).  Otherwise the scheduler tends to put a server
 * and this process on one CPU, taking turns at every write (a socket's wakeup pulls the reader
 * to the writer's CPU), while the other CPU idles.  The CPUs on each side, 0 and 0 when
 * there is only one (nothing pinned). */
struct bench_cpus {
    int clients, servers;
};
struct bench_cpus bench_cpus_split(void);

/* Start argv[0] with argv, its output appended to log (stdout and stderr); it dies with this
 * process.  The pid, or -1 (said on standard error). */
pid_t bench_spawn(char *const argv[], const char *log);
/* Send sig (if *pid > 0), reap it, and set *pid to -1. */
void bench_kill(pid_t *pid, int sig);
/* A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"), or -1. */
long bench_memory_kib(pid_t pid, const char *field);
/* The CPU time the process has used so far, all its threads (ns), or -1. */
int64_t bench_cpu_ns(pid_t pid);
/* A TCP port free on 127.0.0.1 just now, or -1. */
int bench_free_port(void);
/* Does the file contain text? */
bool bench_file_has(const char *path, const char *text);
/* Is the program on the PATH? */
bool bench_have(const char *program);

/* ---- the hub and its database (bench_hub.c) ---- */

struct bench_trace {
    int64_t first, last;
    int events;
    int64_t ns; /* just before the broadcast was queued */
};

struct bench_hub {
    char dir[64], ini[96], trace_path[96], log[96], db[96];
    char exe[4096];
    const struct config *cfg;
    int port;
    pid_t pid;
    struct key_pair key;
    struct bot_seat *seats; /* the N members' consoles, with their PINs */
    int n, cap_seats;
    struct key_pair chair, secretary, seat_key;
    struct db_console seat_console; /* the extra seat, for a real seat console */
    struct bench_trace *trace;      /* every line read so far */
    int ntrace, cap_trace;
    long trace_read; /* bytes of the trace file read */
};

/* A temporary folder with the database of n members (plus one for a real seat console), the
 * consoles enrolled, and the hub's configuration.  0, or -1 (said on standard error). */
int bench_hub_prepare(struct bench_hub *h, const struct config *cfg, int n);
/* Start `cmte serve` and wait until it listens.  0, or -1. */
int bench_hub_start(struct bench_hub *h, struct bench_loop *bl);
/* The trace lines written since the last call, appended to h->trace. */
void bench_hub_read_trace(struct bench_hub *h);
/* The trace line of the commit holding seq, or NULL. */
const struct bench_trace *bench_hub_commit_of(struct bench_hub *h, int64_t seq);
/* The link options of a console with key k. */
struct link_options bench_hub_link_options(const struct bench_hub *h, const struct key_pair *k);
/* Write the configuration of the extra seat's console to path.  0, or -1. */
int bench_hub_seat_file(const struct bench_hub *h, const char *path);
/* Stop the hub, wipe the keys, remove the folder. */
void bench_hub_close(struct bench_hub *h);

/* ---- the consoles (bench_fleet.c) ---- */

struct bench_fleet;
struct bench_console {
    struct bench_fleet *fleet;
    struct link *link;
    int index; /* 0..n-1 for members; n: chair, n+1: secretary */
    bool synced;
    int64_t synced_ns, connecting_ns; /* the last snapshot; the last connection attempt */
    int64_t sent_ns, answered_ns;     /* the last command and its answer */
    bool answered, answer_ok;
    int64_t answer_first; /* its first seq */
};

struct bench_fleet {
    struct bench_loop *bl;
    struct bench_console *c; /* n members, then the chair and the secretary */
    int n, open;
    int nsynced, nanswered;
    int64_t *applied_ns; /* fan-out: [round * n + member], 0 until applied */
    int rounds;
    size_t broadcast_bytes; /* the frame of one fan-out event, as the hub sends it */
};

/* Start the links (members, chair, secretary); NULL when out of memory. */
struct bench_fleet *bench_fleet_start(struct bench_loop *bl, const struct bench_hub *h, int rounds);
struct bench_console *bench_fleet_chair(struct bench_fleet *f);
struct bench_console *bench_fleet_secretary(struct bench_fleet *f);
/* Wait until every link is synced (since bench_fleet_unsync). */
bool bench_fleet_wait_synced(struct bench_fleet *f, int64_t timeout_ms);
void bench_fleet_unsync(struct bench_fleet *f);
/* Send c from console k (pin for a sign-in) and note the time. */
bool bench_fleet_send(struct bench_console *k, const struct command *c, const char *pin);
/* Wait for the answer to console k's last command; true when it came and says ok. */
bool bench_fleet_wait_answer(struct bench_console *k, int64_t timeout_ms);
/* Wait until every member has its answer (since their sends). */
bool bench_fleet_wait_all_answers(struct bench_fleet *f, int64_t timeout_ms);
/* Wait until every member has applied fan-out round r. */
bool bench_fleet_wait_round(struct bench_fleet *f, int r, int64_t timeout_ms);
/* Wait until every member's replica satisfies ok(replica, ctx). */
bool bench_fleet_wait_state(struct bench_fleet *f, bool (*ok)(const struct core_state *, void *),
                            void *ctx, int64_t timeout_ms);
/* Stop every link and wait for them to close. */
void bench_fleet_stop(struct bench_fleet *f);

/* The text of fan-out round r, and back (-1 when text is not one). */
void bench_round_text(int r, char *out, size_t len);
int bench_round_of(const char *text);

/* ---- Redis pub/sub, the reference (bench_redis.c) ---- */

struct bench_redis;
/* Start redis-server in dir and subscribe n connections.  NULL (said on standard error) when it
 * cannot. */
struct bench_redis *bench_redis_start(struct bench_loop *bl, const char *dir, int n, int rounds);
/* Publish round r as a message of size bytes and wait until every subscriber has it. */
bool bench_redis_round(struct bench_redis *r, int round, size_t size);
/* Latency of round r to subscriber i, ns (0: not received). */
int64_t bench_redis_latency(const struct bench_redis *r, int round, int i);
pid_t bench_redis_pid(const struct bench_redis *r);
void bench_redis_stop(struct bench_redis *r);

/* ---- a real seat console in tmux, for its memory (bench_seat.c) ---- */

struct bench_seat {
    char socket[64]; /* tmux -L: a server of the bench's own */
    pid_t pid;       /* the console's, -1 when not running */
};
/* Start `cmte seat` for the hub's extra seat in a detached tmux session; false (with the
 * reason on standard error) when tmux is missing or it does not start. */
bool bench_seat_start(struct bench_seat *s, const struct bench_hub *h);
void bench_seat_stop(struct bench_seat *s);

/* ---- one N (bench_run.c) and the figures (bench_report.c) ---- */

struct bench_spread {
    double median, min, max;
};

struct bench_latency {
    double p50, p99, max, last_p50, last_p99; /* ms; last: each round's slowest console */
    double first_p50;                         /* ms: each round's quickest console */
    int samples;
    /* CPU time of a round, mean ms (-1: not measured): the server's process (the hub or
     * redis-server), and this process, where every console or subscriber reads */
    double cpu_server_ms, cpu_clients_ms;
};

struct bench_result {
    int n;
    int rounds;
    size_t message_bytes;
    struct bench_latency cmte, redis;
    bool redis_ran;
    struct bench_spread ratio_p50, ratio_p99; /* cmte/Redis per interleaved block */
    /* the ballot storm, timed at the hub (its trace: the commit, the answers queued right
     * after) and at the links (the answer read, after the broadcast before it) */
    int groups; /* the groups sitting in parallel while the fan-out ran */
    int ballots, acked, commits;
    double storm_last_ms, storm_p50_ms, storm_p99_ms;
    double storm_read_last_ms, storm_read_p50_ms, storm_read_p99_ms;
    /* the reconnect storm */
    int resynced;
    double listen_ms, resync_ms;           /* from the restart: the hub listens, all in sync */
    double attempt_p50_ms, attempt_max_ms; /* from the restart to each link's last attempt */
    double attempt_sync_max_ms;            /* from a link's last attempt to its sync, slowest */
    /* memory */
    long hub_rss_kib, hub_peak_kib, seat_rss_kib; /* -1: not measured */
};

/* What one N's measures share (bench_run.c sets it up). */
struct bench_ctx {
    struct bench_loop *bl;
    struct bench_hub hub;
    struct bench_fleet *fleet;
    struct bench_redis *redis; /* NULL: no reference */
    struct bench_seat seat;
    struct bench_result *out;
    int32_t note_item, ballot_item; /* the first item; the first evaluation */
};

/* Fan-out, cmte and Redis interleaved (bench_fanout.c); the ballot storm and the reconnect
 * storm (bench_storm.c).  false when a step failed (said on standard error). */
bool bench_fanout(struct bench_ctx *x);
/* The chair's command on item (id and item) with kind, answered and accepted. */
bool bench_chair_does(struct bench_ctx *x, enum command_type type, int32_t item, int kind);
bool bench_storm(struct bench_ctx *x);
bool bench_reconnect(struct bench_ctx *x);

/* Measure at n consoles; false when it could not (said on standard error) or on Ctrl-C. */
bool bench_run(struct bench_loop *bl, const struct config *cfg, int n, bool redis,
               struct bench_result *out);

/* The q-quantile (0..1) of n values, sorted in place; 0 for none. */
int64_t bench_quantile(int64_t *v, int n, double q);
/* Median, least and greatest of n ratios (sorted in place). */
struct bench_spread bench_spread_of(double *v, int n);
/* The Markdown table, then the JSON object on one line. */
void bench_report(FILE *out, const struct bench_result *r, int count, bool redis,
                  struct bench_cpus cpus);

#endif
