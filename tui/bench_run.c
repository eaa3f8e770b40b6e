/* `cmte bench`: everything measured at one N, in order: the hub and its N consoles (plus a
 * real seat console in tmux), every member signed in and the meeting opened, the fan-out with
 * the Redis reference interleaved, the memory of the hub and of the seat console, the ballot
 * storm, the reconnect storm; then every process and file is gone.  See bench.h. */
#include <stdio.h>
#include <string.h>

#include "core/model.h"
#include "tui/bench.h"
#include "tui/i18n.h"

enum { CONNECT_MS = 120000, SIGN_IN_MS = 60000 };

static bool failed(struct bench_ctx *x, const char *what)
{
    if (!x->bl->interrupted) fprintf(stderr, _("cmte: bench: N = %d: %s\n"), x->out->n, what);
    return false;
}

/* The first item (for notes) and the first evaluation (for the ballot), from a replica. */
static bool find_items(struct bench_ctx *x)
{
    const struct core_state *s = link_state(bench_fleet_secretary(x->fleet)->link, NULL);
    for (int i = 0; s && i < s->item_count; i++) {
        if (!x->note_item) x->note_item = s->items[i].id;
        if (!x->ballot_item && s->items[i].kind == ITEM_EVALUATION) x->ballot_item = s->items[i].id;
    }
    return x->note_item && x->ballot_item ? true : failed(x, _("the sample has no evaluation"));
}

/* Every member signs in at its seat (with its PIN when it has one); the chair opens. */
static bool open_meeting(struct bench_ctx *x)
{
    struct bench_fleet *f = x->fleet;
    for (int i = 0; i < f->n; i++) {
        const struct core_state *s = link_state(f->c[i].link, NULL);
        const struct person *p = s ? core_person_at_seat(s, x->hub.seats[i].seat) : NULL;
        struct command c = {.type = CMD_SIGN_IN};
        c.p.person = p ? p->id : 0;
        bench_fleet_send(&f->c[i], &c, x->hub.seats[i].pin);
    }
    if (!bench_fleet_wait_all_answers(f, SIGN_IN_MS)) return failed(x, _("sign-in timed out"));
    for (int i = 0; i < f->n; i++)
        if (!f->c[i].answer_ok) return failed(x, _("a member could not sign in"));
    struct command open = {.type = CMD_MEETING_OPEN};
    struct bench_console *chair = bench_fleet_chair(f);
    bench_fleet_send(chair, &open, "");
    return bench_fleet_wait_answer(chair, BENCH_STEP_MS) ? true
                                                         : failed(x, _("the meeting did not open"));
}

static bool groups_sit(const struct core_state *s, void *ctx)
{
    (void)ctx;
    return s->meeting.sits == SITS_GROUPS;
}

/* The fan-out runs as a meeting's deliberation does: the first item open and the groups
 * sitting in parallel (issue 11: the goals hold with groups sitting). */
static bool split_into_groups(struct bench_ctx *x)
{
    if (!bench_chair_does(x, CMD_ITEM_OPEN, x->note_item, 0) ||
        !bench_chair_does(x, CMD_SITTING_SET, 0, SITS_GROUPS) ||
        !bench_fleet_wait_state(x->fleet, groups_sit, NULL, BENCH_STEP_MS))
        return failed(x, _("the groups did not sit"));
    const struct core_state *s = link_state(bench_fleet_chair(x->fleet)->link, NULL);
    x->out->groups = s ? s->meeting.group_count : 0;
    return true;
}

/* Back to plenary, and the item closed, for the ballot. */
static bool back_to_plenary(struct bench_ctx *x)
{
    return bench_chair_does(x, CMD_SITTING_SET, 0, SITS_PLENARY) &&
                   bench_chair_does(x, CMD_ITEM_CLOSE, x->note_item, 0)
               ? true
               : failed(x, _("the meeting did not sit in plenary again"));
}

static bool seat_connected(const struct core_state *s, void *ctx)
{
    const struct person *p = core_person_at_seat(s, *(const int32_t *)ctx);
    return p && p->connected;
}

static bool start(struct bench_ctx *x, const struct config *cfg, int n)
{
    fprintf(stderr, _("cmte: bench: N = %d: preparing the meeting's database\n"), n);
    if (bench_hub_prepare(&x->hub, cfg, n) < 0) return failed(x, _("no database"));
    if (bench_hub_start(&x->hub, x->bl) < 0) return false;
    bench_seat_start(&x->seat, &x->hub);
    fprintf(stderr, _("cmte: bench: N = %d: connecting the consoles\n"), n);
    x->fleet = bench_fleet_start(x->bl, &x->hub, BENCH_ROUNDS);
    if (!x->fleet) return failed(x, _("out of memory"));
    if (!bench_fleet_wait_synced(x->fleet, CONNECT_MS))
        return failed(x, _("the consoles did not all connect"));
    if (!find_items(x)) return false;
    fprintf(stderr, _("cmte: bench: N = %d: signing in\n"), n);
    if (!open_meeting(x) || !split_into_groups(x)) return false;
    int32_t seat = x->hub.seat_console.seat;
    if (x->seat.pid > 0 && !bench_fleet_wait_state(x->fleet, seat_connected, &seat, 20000)) {
        failed(x, _("the seat console did not connect"));
        bench_seat_stop(&x->seat);
    }
    return true;
}

static void stop(struct bench_ctx *x)
{
    bench_redis_stop(x->redis);
    x->redis = NULL;
    bench_fleet_stop(x->fleet);
    x->fleet = NULL;
    bench_seat_stop(&x->seat);
    bench_hub_close(&x->hub);
}

bool bench_run(struct bench_loop *bl, const struct config *cfg, int n, bool redis,
               struct bench_result *out)
{
    struct bench_ctx x = {.bl = bl, .out = out};
    x.seat.pid = -1;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->rounds = BENCH_ROUNDS;
    out->hub_rss_kib = out->hub_peak_kib = out->seat_rss_kib = -1;
    bool ok = start(&x, cfg, n);
    if (ok && redis) {
        x.redis = bench_redis_start(bl, x.hub.dir, n, BENCH_ROUNDS);
        ok = x.redis != NULL;
    }
    if (ok) {
        fprintf(stderr, _("cmte: bench: N = %d: fan-out\n"), n);
        ok = bench_fanout(&x);
    }
    if (ok) { /* N consoles connected and in sync, a meeting's worth of events applied */
        out->hub_rss_kib = bench_memory_kib(x.hub.pid, "VmRSS");
        out->hub_peak_kib = bench_memory_kib(x.hub.pid, "VmHWM");
        if (x.seat.pid > 0) out->seat_rss_kib = bench_memory_kib(x.seat.pid, "VmRSS");
        bench_redis_stop(x.redis);
        x.redis = NULL;
        fprintf(stderr, _("cmte: bench: N = %d: ballot storm\n"), n);
        ok = back_to_plenary(&x) && bench_storm(&x);
    }
    if (ok) {
        fprintf(stderr, _("cmte: bench: N = %d: reconnect storm\n"), n);
        ok = bench_reconnect(&x);
    }
    stop(&x);
    return ok && !bl->interrupted;
}
