/* The consoles under torture: real links (handshake, encryption, replica, resends) on this
 * process's loop, each remembering every command it sent and the answer it got.  See
 * torture.h. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 20000 };

static const char round_prefix[] = "torture round ";

static bool is_member(const struct tt_console *k)
{
    return k->index < k->fleet->n;
}

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct tt_console *k = ctx;
    (void)seq;
    k->syncs++;
    const struct person *p = core_person_at_seat(s, k->seat);
    if (p) k->person = p->id;
    if (k->synced) return;
    k->synced = true;
    k->fleet->nsynced++;
}

static void note_round(struct tt_console *k, const struct event *e, int64_t now)
{
    struct tt_fleet *f = k->fleet;
    size_t n = sizeof round_prefix - 1;
    if (!is_member(k) || strncmp(e->p.text, round_prefix, n) != 0) return;
    long r = strtol(e->p.text + n, NULL, 10);
    if (r < 0 || r >= f->rounds) return;
    int64_t *at = &f->applied_ns[(size_t)r * (size_t)f->n + (size_t)k->index];
    if (!*at) *at = now;
}

/* What any console receives must never carry the option of a secret cast. */
static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct tt_console *k = ctx;
    int64_t now = bench_now_ns();
    (void)s;
    for (int i = 0; i < n; i++) {
        if (ev[i].type == EV_NOTE_CHANGED) note_round(k, &ev[i], now);
        if (ev[i].type != EV_BALLOT_CAST_RECORDED || !ev[i].p.flag) continue;
        for (int c = 0; c < ev[i].p.choice_count; c++)
            k->fleet->leaks += ev[i].p.choices[c].option != -1;
    }
}

static struct tt_cmd *find_cmd(struct tt_console *k, const char *cid)
{
    for (int i = k->ncmds - 1; i >= 0; i--)
        if (strcmp(k->cmds[i].cid, cid) == 0) return &k->cmds[i];
    return NULL;
}

static void on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct tt_console *k = ctx;
    struct tt_cmd *t = find_cmd(k, a->cid);
    (void)c;
    if (!t || t->answered) return;
    t->answered = true;
    t->answered_ns = bench_now_ns();
    t->ok = a->ok;
    t->code = a->ok ? ERR_OK : a->code;
    t->first = a->first;
    t->last = a->last;
    k->fleet->answered++;
    if (!a->ok) k->fleet->refusals[t->code]++;
}

static const struct link_events fleet_events = {
    .synced = on_synced,
    .applied = on_applied,
    .answer = on_answer,
};

static const struct key_pair *key_of(struct tt_fleet *f, int i)
{
    const struct bench_hub *b = &f->hub->b;
    if (i < f->n) return &b->seats[i].key;
    return i == f->n ? &b->chair : i == f->n + 1 ? &b->secretary : &f->hub->display;
}

struct tt_fleet *tt_fleet_start(struct bench_loop *bl, struct tt_hub *h, int rounds)
{
    struct tt_fleet *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->bl = bl;
    f->hub = h;
    f->n = h->b.n;
    f->total = f->n + 3;
    f->rounds = rounds;
    f->c = calloc((size_t)f->total, sizeof *f->c);
    f->applied_ns = calloc((size_t)rounds * (size_t)f->n + 1, sizeof *f->applied_ns);
    f->round_sent_ns = calloc((size_t)rounds + 1, sizeof *f->round_sent_ns);
    if (!f->c || !f->applied_ns || !f->round_sent_ns) {
        tt_fleet_stop(f);
        return NULL;
    }
    for (int i = 0; i < f->total; i++) {
        struct tt_console *k = &f->c[i];
        *k = (struct tt_console){.fleet = f, .index = i};
        if (i < f->n) k->seat = h->b.seats[i].seat, k->pin = h->b.seats[i].pin;
        struct link_options o = tt_hub_link(h, key_of(f, i), i >= f->n);
        if (h->side_port && i >= h->side_from && i < f->n)
            o.host = "127.0.0.1", o.port = h->side_port;
        k->link = link_start(bl->loop, &o, &fleet_events, k);
        key_wipe(&o.key);
        f->open += k->link != NULL;
    }
    return f;
}

struct tt_console *tt_console(struct tt_fleet *f, int which)
{
    return which >= 0 ? &f->c[which] : &f->c[f->n - 1 - which];
}

static bool all_synced(void *ctx)
{
    const struct tt_fleet *f = ctx;
    return f->nsynced == f->total;
}

bool tt_fleet_wait_synced(struct tt_fleet *f, int64_t timeout_ms)
{
    return bench_wait(f->bl, all_synced, f, timeout_ms);
}

void tt_fleet_unsync(struct tt_fleet *f)
{
    for (int i = 0; i < f->total; i++) f->c[i].synced = false;
    f->nsynced = 0;
}

struct tt_cmd *tt_send(struct tt_console *k, const struct command *c)
{
    if (k->ncmds == k->cap) {
        int cap = k->cap ? 2 * k->cap : 16;
        struct tt_cmd *p = realloc(k->cmds, (size_t)cap * sizeof *p);
        if (!p) return NULL;
        k->cmds = p;
        k->cap = cap;
    }
    struct tt_cmd *t = &k->cmds[k->ncmds];
    *t = (struct tt_cmd){.type = c->type, .item = c->p.item, .person = c->p.person};
    t->sent_ns = bench_now_ns();
    const char *pin = c->type == CMD_SIGN_IN && k->pin ? k->pin : "";
    if (!link_send(k->link, c, pin, t->cid)) return NULL;
    k->ncmds++;
    k->fleet->sent++;
    return t;
}

int tt_fleet_mark_resent(struct tt_fleet *f)
{
    int marked = 0;
    for (int i = 0; i < f->total; i++) {
        struct tt_console *k = &f->c[i];
        if (link_status(k->link) == LINK_ONLINE) continue;
        for (int c = 0; c < k->ncmds; c++) {
            struct tt_cmd *t = &k->cmds[c];
            marked += !t->answered && !t->resent;
            t->resent |= !t->answered;
        }
    }
    return marked;
}

static bool all_answered(void *ctx)
{
    const struct tt_fleet *f = ctx;
    return f->answered == f->sent;
}

bool tt_fleet_wait_answers(struct tt_fleet *f, int64_t timeout_ms)
{
    return bench_wait(f->bl, all_answered, f, timeout_ms);
}

struct one {
    struct tt_console *k;
    int index;
};

static bool answered(void *ctx)
{
    const struct one *o = ctx;
    return o->k->cmds[o->index].answered;
}

bool tt_do(struct tt_console *k, const struct command *c, int64_t timeout_ms)
{
    struct tt_cmd *t = tt_send(k, c);
    if (!t) return false;
    struct one o = {k, (int)(t - k->cmds)};
    if (!bench_wait(k->fleet->bl, answered, &o, timeout_ms)) return false;
    t = &k->cmds[o.index];
    if (!t->ok) tt_say("%s refused: %s", command_name(c->type), core_err_message(t->code));
    return t->ok;
}

bool tt_chair(struct tt_fleet *f, enum command_type type, int32_t item)
{
    struct command c = {.type = type};
    c.p.id = c.p.item = item;
    return tt_do(tt_console(f, TT_CHAIR), &c, STEP_MS);
}

bool tt_fleet_open_meeting(struct tt_fleet *f)
{
    for (int i = 0; i < f->n; i++) {
        struct command c = {.type = CMD_SIGN_IN};
        c.p.person = f->c[i].person;
        if (!tt_send(&f->c[i], &c)) return false;
    }
    if (!tt_fleet_wait_answers(f, 120000)) return false;
    for (int i = 0; i < f->n; i++)
        if (!f->c[i].cmds[0].ok) return false;
    return tt_chair(f, CMD_MEETING_OPEN, 0);
}

const struct core_state *tt_state(struct tt_fleet *f)
{
    return link_state(tt_console(f, TT_SECRETARY)->link, NULL);
}

int32_t tt_pending_item(struct tt_fleet *f, enum item_kind kind)
{
    const struct core_state *s = tt_state(f);
    for (int i = 0; s && i < s->item_count; i++)
        if (s->items[i].kind == kind && s->items[i].state == ITEM_PENDING) return s->items[i].id;
    return 0;
}

struct tt_cmd *tt_cast(struct tt_fleet *f, int i, int32_t item, int (*choice)(int i, int k))
{
    const struct item *it = core_item(tt_state(f), item);
    if (!it) return NULL;
    struct command c = {.type = CMD_BALLOT_CAST};
    c.p.item = item;
    c.p.person = f->c[i].person;
    c.p.choice_count = it->ballot.subject_count;
    for (int k = 0; k < it->ballot.subject_count; k++)
        c.p.choices[k] =
            (struct choice){it->ballot.subjects[k].id, choice(i, k) % it->ballot.option_count};
    return tt_send(&f->c[i], &c);
}

bool tt_round(struct tt_fleet *f, int32_t item, bool big)
{
    if (f->round_at >= f->rounds) return false;
    struct command c = {.type = CMD_NOTE_SET};
    c.p.item = item;
    int n = snprintf(c.p.text, sizeof c.p.text, "%s%d ", round_prefix, f->round_at);
    if (big) memset(c.p.text + n, '.', sizeof c.p.text - (size_t)n - 1);
    f->round_sent_ns[f->round_at++] = bench_now_ns();
    return tt_send(tt_console(f, TT_SECRETARY), &c) != NULL;
}

struct round_wait {
    struct tt_fleet *f;
    int r, from, to;
};

static bool round_applied(void *ctx)
{
    const struct round_wait *w = ctx;
    const int64_t *at = &w->f->applied_ns[(size_t)w->r * (size_t)w->f->n];
    for (int i = w->from; i < w->to; i++)
        if (!at[i]) return false;
    return true;
}

bool tt_wait_round(struct tt_fleet *f, int r, int from, int to, int64_t timeout_ms)
{
    struct round_wait w = {f, r, from, to};
    return bench_wait(f->bl, round_applied, &w, timeout_ms);
}

static void on_stopped(void *ctx)
{
    struct tt_fleet *f = ctx;
    f->open--;
}

static bool all_closed(void *ctx)
{
    const struct tt_fleet *f = ctx;
    return f->open == 0;
}

void tt_fleet_stop(struct tt_fleet *f)
{
    if (!f) return;
    for (int i = 0; f->c && i < f->total; i++)
        if (f->c[i].link) link_stop(f->c[i].link, on_stopped, f);
    bench_wait(f->bl, all_closed, f, 10000);
    for (int i = 0; f->c && i < f->total; i++) free(f->c[i].cmds);
    free(f->c);
    free(f->applied_ns);
    free(f->round_sent_ns);
    free(f);
}
