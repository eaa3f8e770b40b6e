/* `cmte bench`: running the loop until something has happened.  See bench.h. */
#include <signal.h>
#include <time.h>

#include "tui/bench.h"

enum { TICK_MS = 2 }; /* how often a wait looks again, at least */

int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_tick(uv_timer_t *t)
{
    (void)t; /* only wakes the loop */
}

static void on_signal(uv_signal_t *s, int signum)
{
    struct bench_loop *bl = s->data;
    (void)signum;
    bl->interrupted = true;
}

int bench_loop_open(struct bench_loop *bl)
{
    bl->loop = uv_default_loop();
    bl->interrupted = false;
    uv_timer_init(bl->loop, &bl->tick);
    uv_signal_init(bl->loop, &bl->sigint);
    uv_signal_init(bl->loop, &bl->sigterm);
    bl->sigint.data = bl->sigterm.data = bl;
    uv_timer_start(&bl->tick, on_tick, TICK_MS, TICK_MS);
    uv_signal_start(&bl->sigint, on_signal, SIGINT);
    uv_signal_start(&bl->sigterm, on_signal, SIGTERM);
    return 0;
}

void bench_loop_close(struct bench_loop *bl)
{
    uv_close((uv_handle_t *)&bl->tick, NULL);
    uv_close((uv_handle_t *)&bl->sigint, NULL);
    uv_close((uv_handle_t *)&bl->sigterm, NULL);
    uv_run(bl->loop, UV_RUN_DEFAULT);
    uv_loop_close(bl->loop);
}

bool bench_wait(struct bench_loop *bl, bool (*done)(void *ctx), void *ctx, int64_t timeout_ms)
{
    int64_t until = bench_now_ns() + timeout_ms * 1000000;
    while (!bl->interrupted) {
        if (done(ctx)) return true;
        if (bench_now_ns() >= until) return false;
        uv_run(bl->loop, UV_RUN_ONCE);
    }
    return false;
}

static bool never(void *ctx)
{
    (void)ctx;
    return false;
}

bool bench_sleep(struct bench_loop *bl, int64_t ms)
{
    bench_wait(bl, never, NULL, ms);
    return !bl->interrupted;
}
