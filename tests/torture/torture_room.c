/* A room for a scenario: the meeting prepared, the hub started, the consoles connected, every
 * member signed in and the meeting opened; and what several scenarios ask of it.  See
 * torture.h. */
#include <signal.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { CONNECT_MS = 120000 };

int tt_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

bool tt_room_prepare(struct bench_loop *bl, struct tt_hub *h, int seats, struct tt_result *r)
{
    (void)bl;
    if (tt_hub_prepare(h, seats) == 0) return true;
    tt_fail(r, "cannot prepare a meeting of %d members", seats);
    return false;
}

struct tt_fleet *tt_room_join(struct bench_loop *bl, struct tt_hub *h, struct tt_result *r)
{
    if (h->b.pid <= 0 && tt_hub_start(h, bl) < 0) {
        tt_fail(r, "the hub did not start");
        return NULL;
    }
    struct tt_fleet *f = tt_fleet_start(bl, h, 2048);
    if (!f) {
        tt_fail(r, "out of memory");
        return NULL;
    }
    if (!tt_fleet_wait_synced(f, CONNECT_MS)) {
        tt_fail(r, "only %d of %d consoles connected", f->nsynced, f->total);
    } else if (!tt_fleet_open_meeting(f)) {
        tt_fail(r, "the members could not sign in, or the meeting did not open");
    } else {
        return f;
    }
    tt_fleet_stop(f);
    return NULL;
}

struct tt_fleet *tt_room_open(struct bench_loop *bl, struct tt_hub *h, int seats,
                              struct tt_result *r)
{
    if (!tt_room_prepare(bl, h, seats, r)) return NULL;
    return tt_room_join(bl, h, r);
}

void tt_room_close(struct bench_loop *bl, struct tt_hub *h, struct tt_fleet *f)
{
    tt_fleet_stop(f);
    tt_hub_stop(h, SIGTERM);
    tt_hub_close(h);
    bench_loop_close(bl);
}

struct item_wait {
    struct tt_fleet *f;
    int32_t item;
    enum ballot_state state;
};

static bool item_seen(void *ctx)
{
    const struct item_wait *w = ctx;
    for (int i = 0; i < w->f->total; i++) {
        const struct core_state *s = link_state(w->f->c[i].link, NULL);
        const struct item *it = s ? core_item(s, w->item) : NULL;
        if (!it || it->ballot.state != w->state) return false;
    }
    return true;
}

bool tt_wait_state_item(struct tt_fleet *f, int32_t item, enum ballot_state state,
                        int64_t timeout_ms)
{
    struct item_wait w = {f, item, state};
    return bench_wait(f->bl, item_seen, &w, timeout_ms);
}

bool tt_make_named(struct tt_fleet *f, int32_t item)
{
    const struct item *it = core_item(tt_state(f), item);
    if (!it) return false;
    struct command c = {.type = CMD_ITEM_UPDATE};
    c.p.id = item;
    snprintf(c.p.title, sizeof c.p.title, "%s", it->title);
    snprintf(c.p.name, sizeof c.p.name, "%s", it->reporter);
    snprintf(c.p.detail, sizeof c.p.detail, "%s", it->department);
    c.p.number = it->planned_min;
    for (int i = 0; i < it->attachment_count; i++) {
        size_t n = strlen(c.p.text);
        snprintf(c.p.text + n, sizeof c.p.text - n, "%s%s", i ? "\n" : "", it->attachments[i]);
    }
    c.p.flag = false;
    return tt_do(tt_console(f, TT_SECRETARY), &c, 20000);
}
