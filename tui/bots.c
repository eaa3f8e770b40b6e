/* Simulated members.  See bots.h.  Each bot looks at its replica after every change and plans
 * at most one action at a time, on a timer; when the timer fires it looks again, since the
 * meeting may have moved on, and sends the command only if it still makes sense. */
#include "tui/bots.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

enum intent {
    NOTHING,
    SIGN_IN,
    REQUEST_FLOOR,
    REGISTER_QUESTION,
    CAST,
    EXAM_START,
    EXAM_ANSWER,
    EXAM_HAND_IN,
    CONVENE_GRANT, /* a group's convener gives the floor to the next in the group */
    CONVENE_END    /* and ends the speech */
};

struct bot {
    struct bots *owner;
    struct link *link;
    struct bot_seat seat;
    uv_timer_t timer;
    enum intent planned;
    int32_t decided_item;    /* the item whose floor or question has been thought about */
    int64_t decided_sits;    /* in the sitting that began then (meeting.sits_since) */
    bool waiting;            /* a command of this bot waits for its answer */
    struct msg_paper *paper; /* a simulated nominee's running paper */
    int answered;            /* its questions answered */
};

struct bots {
    uv_loop_t *loop;
    struct bots_options o;
    struct bot *bot;
    int n;
    int open; /* links and timers not yet closed */
    uint64_t rng;
    void (*done)(void *ctx);
    void *done_ctx;
};

/* Questions a member might put; the sample meeting's language. */
static const char *const questions[] = {
    "请问这项工作下一步有哪些具体安排？",
    "请问资金使用绩效如何评价，群众反映的问题怎样整改落实？",
    "请问部门之间如何协同，避免推诿扯皮？",
};

static uint32_t draw(struct bots *b, uint32_t n)
{
    b->rng ^= b->rng << 13;
    b->rng ^= b->rng >> 7;
    b->rng ^= b->rng << 17;
    return (uint32_t)(b->rng >> 11) % n;
}

/* A pause of lo..hi seconds, scaled by the pace, in ms. */
static uint64_t pause_ms(struct bots *b, int lo, int hi)
{
    uint32_t ms = (uint32_t)lo * 1000 + draw(b, (uint32_t)(hi - lo) * 1000 + 1);
    return (uint64_t)(ms * b->o.pace);
}

static const struct person *me(const struct bot *t, const struct core_state *s)
{
    return core_person_at_seat(s, t->seat.seat);
}

/* ---- a simulated nominee ---- */

static bool paper_running(const struct bot *t, const struct exam_record *x)
{
    return x->state == EXAM_RUNNING && t->paper && t->paper->attempt == x->attempts;
}

/* The exam as soon as it can be taken (again), then each question, then the hand-in. */
static enum intent exam_intent(struct bot *t, const struct core_state *s, uint64_t *ms)
{
    struct bots *b = t->owner;
    const struct item *it = NULL;
    const struct exam_record *x = core_exam(s, t->seat.nominee, &it);
    if (!x) return NOTHING;
    if (x->state != EXAM_RUNNING) {
        bool again = !x->passed && x->attempts < 1 + s->rules.exam.retakes &&
                     it->ballot.state == BALLOT_NONE && it->state != ITEM_CLOSED;
        return again ? (*ms = pause_ms(b, 1, 3), EXAM_START) : NOTHING;
    }
    if (!paper_running(t, x)) return NOTHING; /* the paper is on its way */
    if (t->answered < t->paper->count) return *ms = pause_ms(b, 1, 4), EXAM_ANSWER;
    return *ms = pause_ms(b, 1, 3), EXAM_HAND_IN;
}

/* The answer studied (the bank's), but for the first question, answered wrong. */
static int32_t studied_answer(const struct bot *t, int q)
{
    const struct exam_question *asked = &t->paper->questions[q];
    const struct exam_bank *bank = t->owner->o.bank;
    uint8_t key = 1;
    for (int i = 0; bank && i < bank->count; i++)
        if (strcmp(bank->q[i].text, asked->text) == 0) key = bank->q[i].answer;
    if (q == 0) key = key == 1 ? 2 : 1;
    return key;
}

static void fill_exam(struct bot *t, const struct item *it, enum intent planned, struct command *c)
{
    c->type = planned == EXAM_START    ? CMD_EXAM_START
              : planned == EXAM_ANSWER ? CMD_EXAM_ANSWER
                                       : CMD_EXAM_HAND_IN;
    c->p.item = it->id;
    c->p.id = t->seat.nominee;
    if (planned != EXAM_ANSWER) return;
    c->p.position = t->answered;
    c->p.number = studied_answer(t, t->answered);
    t->answered++;
}

static void exam_act(struct bot *t, const struct core_state *s, enum intent planned)
{
    uint64_t ms;
    const struct item *it = NULL;
    if (!core_exam(s, t->seat.nominee, &it) || exam_intent(t, s, &ms) != planned) return;
    struct command c = {.type = CMD_EXAM_START};
    fill_exam(t, it, planned, &c);
    t->waiting = link_send(t->link, &c, "", NULL);
}

/* ---- a simulated member ---- */

/* The group sitting the member convenes while the groups sit, 0 when none. */
static int32_t convened(const struct core_state *s, const struct person *p)
{
    int32_t k = s->meeting.sits == SITS_GROUPS ? core_sitting_of(s, p->id) : 0;
    return k > 0 && core_convener(s, k) == p->id ? k : 0;
}

/* A convener runs the group's list: the next speaker, and the end of a speech after a while. */
static enum intent convene_intent(struct bot *t, const struct core_state *s, const struct item *it,
                                  const struct person *p, uint64_t *ms)
{
    int32_t k = convened(s, p);
    if (!k) return NOTHING;
    if (core_floor(it, k)) return *ms = pause_ms(t->owner, 3, 6), CONVENE_END;
    if (core_next_speaker(s, it, k)) return *ms = pause_ms(t->owner, 1, 2), CONVENE_GRANT;
    return NOTHING;
}

/* Once an item and again in each sitting, a member may ask for the floor: a group's members
 * (a handful) more often than the whole committee's; a convener runs the list instead. */
static enum intent floor_intent(struct bot *t, const struct core_state *s, const struct item *it,
                                const struct person *p, uint64_t *ms)
{
    struct bots *b = t->owner;
    if (t->decided_item == it->id && t->decided_sits == s->meeting.sits_since) return NOTHING;
    t->decided_item = it->id;
    t->decided_sits = s->meeting.sits_since;
    bool groups = s->meeting.sits == SITS_GROUPS;
    if (groups && (core_sitting_of(s, p->id) < 0 || convened(s, p))) return NOTHING;
    if (it->kind == ITEM_DELIBERATION && draw(b, groups ? 3 : 6) == 0)
        return *ms = pause_ms(b, 1, 8), REQUEST_FLOOR;
    if (it->kind == ITEM_INQUIRY && !groups && draw(b, 8) == 0)
        return *ms = pause_ms(b, 2, 10), REGISTER_QUESTION;
    return NOTHING;
}

/* What to do next, and after how long a pause (in *ms); NOTHING when nothing is to be done. */
static enum intent next_intent(struct bot *t, const struct core_state *s, uint64_t *ms)
{
    struct bots *b = t->owner;
    if (t->seat.nominee) return exam_intent(t, s, ms);
    const struct person *p = me(t, s);
    enum meeting_state m = s->meeting.state;
    if (!p || m == MEETING_NONE || m == MEETING_CLOSED) return NOTHING;
    if (p->attendance == ATT_ABSENT && t->seat.away) return NOTHING;
    if (p->attendance == ATT_ABSENT) return *ms = pause_ms(b, 0, 6), SIGN_IN;
    const struct item *it = core_open_item(s);
    if (p->attendance != ATT_PRESENT || !it || m != MEETING_OPEN) return NOTHING;
    if (it->ballot.state == BALLOT_OPEN && !core_cast_done(s, it, p->id) &&
        !core_vote_on_paper(s, it))
        return *ms = pause_ms(b, 1, 10), CAST;
    if (p->kind != PERSON_MEMBER) return NOTHING;
    enum intent run = convene_intent(t, s, it, p, ms);
    return run != NOTHING ? run : floor_intent(t, s, it, p, ms);
}

static void on_timer(uv_timer_t *h);

static void think(struct bot *t)
{
    const struct core_state *s = link_state(t->link, NULL);
    if (!s || t->planned != NOTHING || t->waiting || t->owner->done) return;
    uint64_t ms = 0;
    t->planned = next_intent(t, s, &ms);
    if (t->planned != NOTHING) uv_timer_start(&t->timer, on_timer, ms, 0);
}

/* An option, mostly the first: 满意 or 赞成 more often than not. */
static int32_t choose(struct bots *b, const struct item *it)
{
    uint32_t r = draw(b, 100);
    int32_t o = r < 75 ? 0 : r < 93 ? 1 : 2;
    return o < it->ballot.option_count ? o : 0;
}

/* A choice ballot: up to k candidates, the first ones favoured, never one twice. */
static void fill_choice(struct bots *b, const struct item *it, struct command *c)
{
    int n = it->ballot.subject_count, want = (int)it->choose - (draw(b, 100) < 15);
    for (int k = 0; k < n && c->p.choice_count < want; k++) {
        uint32_t odds = (uint32_t)(85 - 50 * k / n); /* the first candidates more often */
        if (draw(b, 100) < odds || n - k <= want - c->p.choice_count)
            c->p.choices[c->p.choice_count++] = (struct choice){it->ballot.subjects[k].id, 0};
    }
}

static void fill_cast(struct bot *t, const struct core_state *s, const struct item *it,
                      int32_t person, struct command *c)
{
    c->type = CMD_BALLOT_CAST;
    if (it->kind == ITEM_CHOICE) return fill_choice(t->owner, it, c);
    for (int k = 0; k < it->ballot.subject_count; k++) {
        if (!core_on_vote(&it->ballot, k) || core_has_cast(s, it, person, k)) continue;
        struct choice *ch = &c->p.choices[c->p.choice_count++];
        ch->subject = it->ballot.subjects[k].id;
        ch->option = choose(t->owner, it);
    }
}

static void fill_question(struct bot *t, const struct item *it, struct command *c)
{
    struct bots *b = t->owner;
    c->type = CMD_QUESTION_REGISTER;
    if (it->respondent_count > 0)
        c->p.respondent = it->respondents[draw(b, (uint32_t)it->respondent_count)].id;
    snprintf(c->p.text, sizeof c->p.text, "%s",
             questions[draw(b, sizeof questions / sizeof questions[0])]);
}

/* Whether the planned action still makes sense, the meeting having moved on meanwhile. */
static bool still_wanted(const struct bot *t, const struct core_state *s, enum intent planned)
{
    const struct person *p = me(t, s);
    const struct item *it = core_open_item(s);
    enum meeting_state m = s->meeting.state;
    if (!p) return false;
    if (planned == SIGN_IN)
        return p->attendance == ATT_ABSENT && m != MEETING_NONE && m != MEETING_CLOSED;
    if (p->attendance != ATT_PRESENT || !it || m != MEETING_OPEN) return false;
    if (planned == CAST)
        return it->ballot.state == BALLOT_OPEN && !core_cast_done(s, it, p->id) &&
               !core_vote_on_paper(s, it);
    if (planned == CONVENE_GRANT)
        return convened(s, p) && !core_floor(it, convened(s, p)) &&
               core_next_speaker(s, it, convened(s, p));
    if (planned == CONVENE_END) return convened(s, p) && core_floor(it, convened(s, p));
    return it->id == t->decided_item && s->meeting.sits_since == t->decided_sits;
}

static void act(struct bot *t)
{
    const struct core_state *s = link_state(t->link, NULL);
    enum intent planned = t->planned;
    t->planned = NOTHING;
    if (s && t->seat.nominee) {
        exam_act(t, s, planned);
        return think(t);
    }
    if (!s || !still_wanted(t, s, planned)) return think(t);
    const struct person *p = me(t, s);
    const struct item *it = core_open_item(s);
    struct command c = {.type = CMD_SIGN_IN};
    c.p.person = p->id;
    if (it) c.p.item = it->id;
    if (planned == REQUEST_FLOOR) c.type = CMD_FLOOR_REQUEST;
    if (planned == CONVENE_GRANT || planned == CONVENE_END) {
        c.type = planned == CONVENE_GRANT ? CMD_FLOOR_GRANT : CMD_SPEECH_END;
        c.p.sitting = convened(s, p);
    }
    if (planned == REGISTER_QUESTION) fill_question(t, it, &c);
    if (planned == CAST) fill_cast(t, s, it, p->id, &c);
    t->waiting = link_send(t->link, &c, planned == SIGN_IN ? t->seat.pin : "", NULL);
}

static void on_timer(uv_timer_t *h)
{
    act(h->data);
}

/* ---- the link's reports ---- */

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    (void)s, (void)seq;
    think(ctx);
}

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    (void)s, (void)ev, (void)n;
    think(ctx);
}

static void on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct bot *t = ctx;
    (void)c, (void)a; /* a refusal: the replica tells what to do next */
    t->waiting = false;
    think(t);
}

static void on_paper(void *ctx, const struct msg_paper *p)
{
    struct bot *t = ctx;
    if (!t->paper) t->paper = malloc(sizeof *t->paper);
    if (!t->paper) return;
    *t->paper = *p;
    t->answered = 0;
    while (t->answered < p->count && p->given[t->answered]) t->answered++; /* after a reconnect */
    think(t);
}

static const struct link_events bot_events = {
    .synced = on_synced,
    .applied = on_applied,
    .answer = on_answer,
    .paper = on_paper,
};

/* ---- life ---- */

struct bots *bots_start(uv_loop_t *loop, const struct bots_options *o, const struct bot_seat *seats,
                        int n)
{
    struct bots *b = calloc(1, sizeof *b);
    if (b) b->bot = calloc((size_t)(n > 0 ? n : 1), sizeof *b->bot);
    if (!b || !b->bot) {
        free(b);
        return NULL;
    }
    b->loop = loop;
    b->o = *o;
    b->n = n;
    b->rng = 0x9E3779B97F4A7C15ull ^ o->seed;
    for (int i = 0; i < n; i++) {
        struct bot *t = &b->bot[i];
        t->owner = b;
        t->seat = seats[i];
        uv_timer_init(loop, &t->timer);
        t->timer.data = t;
        struct link_options lo = o->link;
        lo.key = t->seat.key;
        t->link = link_start(loop, &lo, &bot_events, t);
        sodium_memzero(&lo.key, sizeof lo.key);
        b->open += 1 + (t->link != NULL);
    }
    return b;
}

static void closed_one(struct bots *b)
{
    if (--b->open > 0) return;
    void (*done)(void *) = b->done;
    void *ctx = b->done_ctx;
    for (int i = 0; i < b->n; i++) {
        key_wipe(&b->bot[i].seat.key);
        free(b->bot[i].paper);
    }
    free(b->bot);
    free(b);
    if (done) done(ctx);
}

static void on_link_stopped(void *ctx)
{
    struct bot *t = ctx;
    closed_one(t->owner);
}

static void on_timer_closed(uv_handle_t *h)
{
    struct bot *t = h->data;
    closed_one(t->owner);
}

static void no_done(void *ctx)
{
    (void)ctx;
}

void bots_stop(struct bots *b, void (*done)(void *ctx), void *ctx)
{
    b->done = done ? done : no_done; /* set: the bots think no more */
    b->done_ctx = ctx;
    b->open++; /* held until every close is asked for */
    for (int i = 0; i < b->n; i++) {
        struct bot *t = &b->bot[i];
        uv_close((uv_handle_t *)&t->timer, on_timer_closed);
        if (t->link) link_stop(t->link, on_link_stopped, t);
    }
    closed_one(b);
}
