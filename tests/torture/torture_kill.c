/* Scenario 1, the hub killed: a secret evaluation, then a named vote, every member casting at a
 * moment drawn at random while the hub is killed with SIGKILL at other random moments (and once
 * more, perhaps, just after the chair closes the ballot) and started again on the same
 * database.  Every acknowledged cast is in the journal exactly once, every console comes back
 * in step, each ballot completes with counts equal to the casts, and the journal verifies. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 30000 };

struct killer {
    struct tt_fleet *f;
    struct tt_hub *h;
    struct tt_result *r;
    int32_t item;
    int (*choice)(int i, int k);
    int64_t *cast_at, *kill_at;
    int *order;
    int ncasts, next_cast, nkills, next_kill;
    bool recovering, broken;
    int64_t killed_ns;
    int resent;
};

int tt_choice_evaluation(int i, int k)
{
    return (i * 7 + k) % 3;
}

static int choice_vote(int i, int k)
{
    return (i + 2 * k) % 3;
}

static void note_recovered(struct killer *x, int64_t now)
{
    double took = tt_ms(now - x->killed_ns);
    if (took > x->r->recover_ms) x->r->recover_ms = took;
    x->recovering = false;
}

/* Kill the hub and start it again at once; its consoles find their way back by themselves. */
static void kill_hub(struct killer *x)
{
    tt_hub_stop(x->h, SIGKILL);
    x->r->faults++;
    x->killed_ns = bench_now_ns();
    x->recovering = true;
    tt_fleet_unsync(x->f);
    if (tt_hub_start(x->h, x->f->bl) < 0) x->broken = true;
}

/* One turn of the loop: the casts and the kills now due; done when all are answered. */
static bool drive(void *ctx)
{
    struct killer *x = ctx;
    int64_t now = bench_now_ns();
    while (x->next_cast < x->ncasts && x->cast_at[x->next_cast] <= now)
        tt_cast(x->f, x->order[x->next_cast++], x->item, x->choice);
    if (x->next_kill < x->nkills && x->kill_at[x->next_kill] <= now) {
        x->next_kill++;
        kill_hub(x);
        return x->broken;
    }
    if (x->recovering) x->resent += tt_fleet_mark_resent(x->f);
    if (x->recovering && x->f->nsynced == x->f->total) note_recovered(x, now);
    return x->broken || (x->next_cast == x->ncasts && x->next_kill == x->nkills && !x->recovering &&
                         x->f->answered == x->f->sent);
}

static void schedule(struct killer *x, int window_ms)
{
    int64_t start = bench_now_ns();
    for (int i = 0; i < x->ncasts; i++) x->order[i] = i;
    for (int i = x->ncasts - 1; i > 0; i--) { /* the members in a random order */
        int j = tt_between(0, i), t = x->order[i];
        x->order[i] = x->order[j];
        x->order[j] = t;
    }
    for (int i = 0; i < x->ncasts; i++)
        x->cast_at[i] = start + (int64_t)window_ms * 1000000 * i / x->ncasts;
    for (int i = 0; i < x->nkills; i++)
        x->kill_at[i] = start + (int64_t)tt_between(0, window_ms) * 1000000;
    qsort(x->kill_at, (size_t)x->nkills, sizeof *x->kill_at, tt_cmp_i64);
}

/* The chair closes; half the time the hub is killed a few ms later, before or after the close
 * is durable.  The close is answered all the same (resent, or answered from the journal). */
static bool close_ballot(struct killer *x)
{
    struct command c = {.type = CMD_BALLOT_CLOSE};
    c.p.item = x->item;
    struct tt_console *chair = tt_console(x->f, TT_CHAIR);
    if (!tt_send(chair, &c)) return false;
    if (tt_rand() % 2) {
        bench_sleep(x->f->bl, tt_between(0, 30));
        kill_hub(x);
        if (x->broken || !tt_fleet_wait_synced(x->f, STEP_MS)) return false;
        note_recovered(x, bench_now_ns());
    }
    if (!tt_fleet_wait_answers(x->f, STEP_MS)) return false;
    return chair->cmds[chair->ncmds - 1].ok;
}

static bool closed_everywhere(void *ctx)
{
    const struct killer *x = ctx;
    for (int i = 0; i < x->f->total; i++) {
        const struct core_state *s = link_state(x->f->c[i].link, NULL);
        const struct item *it = s ? core_item(s, x->item) : NULL;
        if (!it || it->ballot.state != BALLOT_CLOSED) return false;
    }
    return true;
}

static bool ballot(struct killer *x, int window_ms)
{
    if (!tt_chair(x->f, CMD_ITEM_OPEN, x->item) || !tt_chair(x->f, CMD_BALLOT_OPEN, x->item)) {
        tt_fail(x->r, "the chair could not open item %d's ballot", (int)x->item);
        return false;
    }
    if (!tt_wait_state_item(x->f, x->item, BALLOT_OPEN, STEP_MS)) {
        tt_fail(x->r, "the consoles did not see the ballot open");
        return false;
    }
    x->next_cast = x->next_kill = 0;
    schedule(x, window_ms);
    if (!bench_wait(x->f->bl, drive, x, 120000) || x->broken) {
        tt_fail(x->r, "the casts were not all answered (%d of %d)", x->f->answered, x->f->sent);
        return false;
    }
    if (!close_ballot(x)) {
        tt_fail(x->r, "the ballot of item %d did not close", (int)x->item);
        return false;
    }
    if (!bench_wait(x->f->bl, closed_everywhere, x, STEP_MS)) {
        tt_fail(x->r, "not every console shows the ballot of item %d closed", (int)x->item);
        return false;
    }
    return tt_check_results(x->f, x->item, x->choice, x->r) &&
           tt_chair(x->f, CMD_ITEM_CLOSE, x->item);
}

static bool run(struct killer *x, const struct tt_profile *p)
{
    int window = p->full ? 8000 : 2000;
    x->item = tt_pending_item(x->f, ITEM_EVALUATION);
    x->choice = tt_choice_evaluation;
    if (!x->item || !ballot(x, window)) return false;
    x->item = tt_pending_item(x->f, ITEM_VOTE);
    x->choice = choice_vote;
    if (!x->item || !tt_make_named(x->f, x->item)) {
        tt_fail(x->r, "no vote to hold by name");
        return false;
    }
    return ballot(x, window);
}

void tt_hub_killed(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    bench_loop_open(&bl);
    struct tt_fleet *f = tt_room_open(&bl, &h, p->seats, r);
    struct killer x = {.f = f, .h = &h, .r = r, .ncasts = p->seats, .nkills = p->kills};
    x.cast_at = calloc((size_t)p->seats, sizeof *x.cast_at);
    x.kill_at = calloc((size_t)p->kills + 1, sizeof *x.kill_at);
    x.order = calloc((size_t)p->seats, sizeof *x.order);
    if (f && x.cast_at && x.kill_at && x.order && run(&x, p)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
        if (f->leaks) tt_fail(r, "%d secret options reached the consoles", f->leaks);
        tt_note(r, "%d seats, a secret evaluation and a named vote, %d commands resent", p->seats,
                x.resent);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    free(x.cast_at);
    free(x.kill_at);
    free(x.order);
    tt_room_close(&bl, &h, f);
}
