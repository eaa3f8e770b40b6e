/* Scenario 2, seats dropping: the members' links go through a proxy that cuts a fifth of them
 * at random moments, first while the members ask for the floor (a third of them withdrawing
 * again) and the chair gives it, then during a secret evaluation.  A link cut with commands
 * unanswered sends them again on its next connection: each must be answered with its first
 * answer and recorded once (a request applied again after its withdrawal would be a second row
 * with the same client id), and every member's command is accepted. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 30000, NOTICE_MS = 20 };

struct dropper {
    struct tt_fleet *f;
    struct tt_proxy *proxy;
    struct tt_result *r;
    int32_t item;
    int window_ms, cuts_left, per_cut;
    int64_t start, next_cut, cut_at, *due; /* due[i]: member i's next command; 0: none */
    int *step;                             /* member i's next step */
    bool recovering;
    int resent;
};

static bool all_online(const struct dropper *x)
{
    for (int i = 0; i < x->f->n; i++)
        if (link_status(x->f->c[i].link) != LINK_ONLINE) return false;
    return true;
}

static void maybe_cut(struct dropper *x, int64_t now)
{
    if (x->recovering) x->resent += tt_fleet_mark_resent(x->f);
    if (x->recovering && now - x->cut_at > NOTICE_MS * 1000000LL && all_online(x)) {
        double took = tt_ms(now - x->cut_at);
        if (took > x->r->recover_ms) x->r->recover_ms = took;
        x->recovering = false;
    }
    if (x->cuts_left == 0 || now < x->next_cut || x->recovering) return;
    x->cuts_left--;
    x->r->faults += tt_proxy_cut(x->proxy, x->per_cut);
    x->cut_at = now;
    x->recovering = true;
    x->next_cut = now + (int64_t)tt_between(x->window_ms / 8, x->window_ms / 3) * 1000000;
}

/* Member i's speeches: ask for the floor; every third withdraws a little later. */
static void speech_step(struct dropper *x, int i, int64_t now)
{
    struct command c = {.type = x->step[i] == 0 ? CMD_FLOOR_REQUEST : CMD_FLOOR_WITHDRAW};
    c.p.item = x->item;
    c.p.person = x->f->c[i].person;
    tt_send(&x->f->c[i], &c);
    x->due[i] = x->step[i]++ == 0 && i % 3 == 0 ? now + tt_between(50, 400) * 1000000LL : 0;
}

static void cast_step(struct dropper *x, int i, int64_t now)
{
    (void)now;
    tt_cast(x->f, i, x->item, tt_choice_evaluation);
    x->due[i] = 0;
}

/* Is member i on the item's speaker list already (the agenda's scheduled speakers are)? */
static bool listed(struct dropper *x, int i)
{
    const struct item *it = core_item(tt_state(x->f), x->item);
    for (int k = 0; it && k < it->speaker_count; k++)
        if (it->speakers[k].person == x->f->c[i].person) return true;
    return false;
}

struct phase {
    struct dropper *x;
    void (*step)(struct dropper *x, int i, int64_t now);
};

static bool drive(void *ctx)
{
    struct phase *ph = ctx;
    struct dropper *x = ph->x;
    int64_t now = bench_now_ns();
    bool pending = false;
    for (int i = 0; i < x->f->n; i++) {
        if (x->due[i] && x->due[i] <= now) ph->step(x, i, now);
        pending |= x->due[i] != 0;
    }
    maybe_cut(x, now);
    return !pending && x->cuts_left == 0 && !x->recovering && x->f->answered == x->f->sent;
}

static bool run_phase(struct dropper *x, void (*step)(struct dropper *, int, int64_t), int cuts)
{
    struct phase ph = {x, step};
    x->start = bench_now_ns();
    for (int i = 0; i < x->f->n; i++) {
        x->due[i] = x->start + tt_between(1, x->window_ms) * 1000000LL;
        x->step[i] = 0;
        if (step == speech_step && listed(x, i)) x->due[i] = 0;
    }
    x->cuts_left = cuts;
    x->next_cut = x->start + tt_between(0, x->window_ms / 4) * 1000000LL;
    if (bench_wait(x->f->bl, drive, &ph, 120000)) return true;
    tt_fail(x->r, "not every command was answered (%d of %d)", x->f->answered, x->f->sent);
    return false;
}

/* The chair gives the floor to the first three waiting and ends each speech. */
static bool speeches(struct dropper *x)
{
    for (int k = 0; k < 3; k++) {
        struct command grant = {.type = CMD_FLOOR_GRANT}, end = {.type = CMD_SPEECH_END};
        grant.p.item = end.p.item = x->item;
        if (!tt_do(tt_console(x->f, TT_CHAIR), &grant, STEP_MS) ||
            !tt_do(tt_console(x->f, TT_CHAIR), &end, STEP_MS))
            return false;
    }
    return tt_chair(x->f, CMD_ITEM_CLOSE, x->item);
}

static bool members_all_accepted(struct dropper *x)
{
    for (int i = 0; i < x->f->n; i++)
        for (int k = 0; k < x->f->c[i].ncmds; k++) {
            const struct tt_cmd *t = &x->f->c[i].cmds[k];
            if (t->answered && t->ok) continue;
            tt_fail(x->r, "a member's %s was %s: %s", command_name(t->type),
                    t->answered ? "refused" : "not answered", core_err_message(t->code));
            return false;
        }
    return true;
}

static bool run(struct dropper *x, const struct tt_profile *p)
{
    int half = p->cuts / 2 > 0 ? p->cuts / 2 : 1;
    x->item = tt_pending_item(x->f, ITEM_DELIBERATION);
    if (!x->item || !tt_chair(x->f, CMD_ITEM_OPEN, x->item) || !run_phase(x, speech_step, half))
        return false;
    if (!speeches(x)) {
        tt_fail(x->r, "the chair could not hold the speeches");
        return false;
    }
    x->item = tt_pending_item(x->f, ITEM_EVALUATION);
    if (!x->item || !tt_chair(x->f, CMD_ITEM_OPEN, x->item) ||
        !tt_chair(x->f, CMD_BALLOT_OPEN, x->item) ||
        !tt_wait_state_item(x->f, x->item, BALLOT_OPEN, STEP_MS)) {
        tt_fail(x->r, "the evaluation did not open");
        return false;
    }
    if (!run_phase(x, cast_step, p->cuts - half)) return false;
    if (!tt_chair(x->f, CMD_BALLOT_CLOSE, x->item) ||
        !tt_wait_state_item(x->f, x->item, BALLOT_CLOSED, STEP_MS)) {
        tt_fail(x->r, "the evaluation did not close everywhere");
        return false;
    }
    return members_all_accepted(x) && tt_check_results(x->f, x->item, tt_choice_evaluation, x->r);
}

void tt_seats_dropping(const struct tt_profile *p, struct tt_result *r)
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
    struct dropper x = {.f = f, .proxy = proxy, .r = r, .window_ms = p->full ? 8000 : 2500};
    x.per_cut = p->seats / 5 > 0 ? p->seats / 5 : 1;
    x.due = calloc((size_t)p->seats, sizeof *x.due);
    x.step = calloc((size_t)p->seats, sizeof *x.step);
    if (f && x.due && x.step && run(&x, p)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
        tt_note(r, "%d cuts of %d links each, %d commands resent", p->cuts, x.per_cut, x.resent);
        if (!x.resent) tt_note(r, "no command was in flight at a cut");
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    free(x.due);
    free(x.step);
    tt_fleet_stop(f);
    tt_proxy_stop(proxy);
    tt_room_close(&bl, &h, NULL);
}
