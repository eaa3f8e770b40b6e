/* The simulated chair.  See chairbot.h.  After every commit (and every answer) the chair looks
 * at the meeting and plans its next command after a pause; when the pause is over it looks
 * again, so that what it sends fits the meeting as it is then. */
#include "tui/chairbot.h"

#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/narrate.h"

enum {
    SPEECH_PAUSES = 3, /* a speech or an answer lasts this many pauses */
    WAIT_PAUSES = 10,  /* how long members get to ask for the floor or a question */
    LATE_PAUSES = 100, /* how long the chair waits for a member still to come or to cast */
    REFUSALS_MAX = 5,  /* refusals in a row before the chair gives up */
    IDLE_PAUSES = 400, /* pauses without a commit before the chair gives up */
};

struct chairbot {
    struct chairbot_options o;
    struct hub *hub;
    uv_timer_t timer;
    bool waiting;        /* a command waits for its answer */
    bool planned;        /* the timer runs */
    bool done;           /* finished was called */
    int refusals, idle;  /* in a row */
    int32_t opened_item; /* the open item, and the pauses since it opened or changed */
    int item_pauses;
    int32_t followed_item; /* the item whose first question had its follow-up */
    int32_t split_item;    /* the deliberation the groups sat on */
};

/* ---- what the chair does next ---- */

/* A group still at it: someone speaking or waiting in one of the groups. */
static bool groups_busy(const struct core_state *s, const struct item *it)
{
    for (int32_t k = 1; k <= s->meeting.group_count; k++)
        if (core_floor(it, k) || core_next_speaker(s, it, k)) return true;
    return false;
}

static bool roster_has_groups(const struct core_state *s)
{
    for (int i = 0; i < s->person_count; i++)
        if (s->people[i].kind == PERSON_MEMBER && s->people[i].group[0]) return true;
    return false;
}

/* A report heard in plenary is deliberated in the groups (PROCEDURES §2), whose conveners run
 * their lists; once the groups are done the chair calls everyone back.  false: not now. */
static bool sitting_step(struct chairbot *c, const struct core_state *s, const struct item *it,
                         struct command *cmd)
{
    cmd->type = CMD_SITTING_SET;
    if (s->meeting.sits == SITS_GROUPS) {
        cmd->p.kind = SITS_PLENARY;
        return !groups_busy(s, it) && c->item_pauses >= WAIT_PAUSES;
    }
    if (it->kind != ITEM_DELIBERATION || c->split_item == it->id || !roster_has_groups(s))
        return false;
    c->split_item = it->id;
    cmd->p.kind = SITS_GROUPS;
    return true;
}

static bool question_waiting(const struct core_state *s, const struct item *it)
{
    for (int i = 0; i < it->question_count; i++) {
        const struct person *p = core_person(s, it->questions[i].member);
        if (it->questions[i].state == Q_WAITING && p && p->attendance == ATT_PRESENT) return true;
    }
    return false;
}

static const struct item *next_pending(const struct core_state *s)
{
    for (int i = 0; i < s->item_count; i++)
        if (s->items[i].state == ITEM_PENDING) return &s->items[i];
    return NULL;
}

/* The running question's next step. */
static void question_step(struct chairbot *c, const struct item *it, const struct question *q,
                          struct command *cmd)
{
    switch (q->state) {
    case Q_ASKING:
        cmd->type = CMD_ANSWER_START;
        if (!q->respondent && it->respondent_count) cmd->p.respondent = it->respondents[0].id;
        break;
    case Q_ANSWERING:
        cmd->type = c->followed_item != it->id ? CMD_FOLLOWUP_START : CMD_QUESTION_END;
        if (cmd->type == CMD_FOLLOWUP_START) c->followed_item = it->id;
        break;
    case Q_FOLLOWUP:
        cmd->type = CMD_FOLLOWUP_ANSWER_START;
        break;
    default:
        cmd->type = CMD_QUESTION_END;
        break;
    }
}

/* The speech a subject of an appointment makes before the vote: a statement (供职发言), a
 * defence (申辩), or none (a dismissal). */
static int speech_of(const struct subject *sub)
{
    if (!sub->nominee.is_case) return SPEECH_STATEMENT;
    if (sub->nominee.kind == CASE_DISMISS) return -1;
    return sub->nominee.kind == CASE_REMOVE ? SPEECH_DEFENCE : SPEECH_STATEMENT;
}

/* Each nominee's speech goes on the list before the vote; the first nominee without one, or
 * -1. */
static int statement_missing(const struct item *it)
{
    if (it->kind != ITEM_APPOINTMENT || it->ballot.state != BALLOT_NONE) return -1;
    for (int k = 0; k < it->ballot.subject_count; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        bool listed = speech_of(sub) < 0;
        for (int i = 0; i < it->speaker_count && !listed; i++)
            listed = (int)it->speakers[i].kind == speech_of(sub) &&
                     strcmp(it->speakers[i].name, sub->name) == 0;
        if (!listed) return k;
    }
    return -1;
}

/* After the appointments pass: the certificates, then all appointees swear together, led by
 * the first; false when there is no oath to take. */
static bool oath_step(struct chairbot *c, const struct item *it, struct command *cmd)
{
    if (it->kind != ITEM_APPOINTMENT || it->ballot.state != BALLOT_CLOSED) return false;
    if (it->oath.running) {
        if (c->item_pauses < SPEECH_PAUSES) return cmd->type = CMD_COUNT, true; /* wait */
        return cmd->type = CMD_OATH_END, true;
    }
    int32_t ids[SUBJECTS_MAX];
    cmd->p.choice_count = core_swearers(it, ids);
    if (cmd->p.choice_count == 0) return false;
    for (int i = 0; i < cmd->p.choice_count; i++) cmd->p.choices[i] = (struct choice){ids[i], 0};
    if (!it->oath.certificates) return cmd->type = CMD_CERTIFICATES_GIVE, true;
    cmd->type = CMD_OATH_START;
    cmd->p.kind = OATH_COLLECTIVE;
    cmd->p.id = cmd->p.choices[0].subject;
    return true;
}

/* Where the law exam is required, a nominee still taking it (or with a retake left) is waited
 * for before the vote. */
static bool exam_pending(const struct core_state *s, const struct item *it)
{
    if (!s->rules.exam.required || it->kind != ITEM_APPOINTMENT) return false;
    for (int k = 0; k < it->ballot.subject_count; k++) {
        const struct exam_record *x = &it->ballot.subjects[k].exam;
        if (!core_case_needs_exam(&it->ballot.subjects[k])) continue;
        if (!x->passed && (x->state == EXAM_RUNNING || x->attempts < 1 + s->rules.exam.retakes))
            return true;
    }
    return false;
}

static bool ballot_step(struct chairbot *c, const struct core_state *s, const struct item *it,
                        struct command *cmd)
{
    const struct ballot *b = &it->ballot;
    bool to_open = b->state == BALLOT_NONE || (b->state == BALLOT_CLOSED && core_cases_waiting(it));
    if (to_open && exam_pending(s, it)) return false;
    if (to_open) {
        cmd->type = CMD_BALLOT_OPEN; /* an appointment: case by case (逐人表决) */
        cmd->p.subject = core_next_case(it);
        return true;
    }
    if (b->state != BALLOT_OPEN) return false;
    if (b->voters < core_signed_in(s) && c->idle < LATE_PAUSES) return false;
    cmd->type = CMD_BALLOT_CLOSE;
    return true;
}

/* The open item's next step; false: nothing yet (the members are still at it). */
static bool item_step(struct chairbot *c, const struct core_state *s, const struct item *it,
                      struct command *cmd)
{
    cmd->p.item = it->id;
    if (s->meeting.sits == SITS_GROUPS) return sitting_step(c, s, it, cmd);
    if (core_floor(it, SITTING_PLENARY)) {
        if (c->item_pauses < SPEECH_PAUSES) return false;
        return cmd->type = CMD_SPEECH_END, true;
    }
    const struct question *q = core_active_question(it);
    if (q) {
        if (c->item_pauses < SPEECH_PAUSES) return false;
        question_step(c, it, q, cmd);
        return true;
    }
    int nominee = statement_missing(it);
    if (nominee >= 0) {
        cmd->type = CMD_SPEAKER_ADD;
        cmd->p.kind = speech_of(&it->ballot.subjects[nominee]);
        /* a nominee's name came in a name field (nominee_add), so it fits one */
        snprintf(cmd->p.name, sizeof cmd->p.name, "%.*s", (int)sizeof cmd->p.name - 1,
                 it->ballot.subjects[nominee].name);
        return true;
    }
    if (it->ballot.state != BALLOT_OPEN && core_next_speaker(s, it, SITTING_PLENARY))
        return cmd->type = CMD_FLOOR_GRANT, true;
    if (it->kind == ITEM_INQUIRY && question_waiting(s, it))
        return cmd->type = CMD_QUESTION_CALL, true;
    if (c->item_pauses < WAIT_PAUSES) return false; /* members may still ask */
    if (sitting_step(c, s, it, cmd)) return true;
    memset(&cmd->p, 0, sizeof cmd->p);
    cmd->p.item = it->id;
    bool ballot = it->kind == ITEM_EVALUATION || it->kind == ITEM_VOTE ||
                  it->kind == ITEM_APPOINTMENT || it->kind == ITEM_CHOICE;
    if (ballot && ballot_step(c, s, it, cmd)) return true;
    if (ballot && it->ballot.state == BALLOT_OPEN) return false;
    if (oath_step(c, it, cmd)) return cmd->type != CMD_COUNT;
    cmd->type = CMD_ITEM_CLOSE;
    cmd->p.id = it->id;
    return true;
}

static bool next_command(struct chairbot *c, const struct core_state *s, struct command *cmd)
{
    memset(cmd, 0, sizeof *cmd);
    switch (s->meeting.state) {
    case MEETING_SCHEDULED:
        if (!core_quorum(s) || (core_signed_in(s) < c->o.members_in && c->idle < LATE_PAUSES))
            return false;
        return cmd->type = CMD_MEETING_OPEN, true;
    case MEETING_SUSPENDED:
        return cmd->type = CMD_MEETING_RESUME, true;
    case MEETING_OPEN:
        break;
    default:
        return false;
    }
    const struct item *it = core_open_item(s);
    if (it) return item_step(c, s, it, cmd);
    const struct item *next = next_pending(s);
    if (!next) return cmd->type = CMD_MEETING_CLOSE, true;
    cmd->type = CMD_ITEM_OPEN;
    cmd->p.id = next->id;
    return true;
}

/* ---- the loop ---- */

static void finish(struct chairbot *c, bool ok)
{
    if (c->done) return;
    c->done = true;
    uv_timer_stop(&c->timer);
    if (c->o.finished) c->o.finished(c->o.ctx, ok);
}

static void on_pause(uv_timer_t *t);

static void plan(struct chairbot *c)
{
    if (c->done || c->waiting || c->planned) return;
    c->planned = true;
    uv_timer_start(&c->timer, on_pause, (uint64_t)c->o.pause_ms, 0);
}

static void on_pause(uv_timer_t *t)
{
    struct chairbot *c = t->data;
    c->planned = false;
    const struct core_state *s = hub_public_state(c->hub, NULL);
    c->item_pauses++;
    if (s->meeting.state == MEETING_CLOSED) return finish(c, true);
    if (++c->idle > IDLE_PAUSES) {
        fprintf(c->o.out, _("the chair gives up: nothing moves any more\n"));
        return finish(c, false);
    }
    struct command cmd;
    if (!next_command(c, s, &cmd)) return plan(c);
    c->waiting = true;
    hub_submit(c->hub, &cmd, NULL);
}

/* ---- the hub's reports ---- */

static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct chairbot *c = ctx;
    c->idle = 0;
    for (int i = 0; i < n; i++) {
        narrate_event(c->o.out, s, &ev[i]);
        bool step = ev[i].type == EV_ITEM_OPENED || ev[i].type == EV_FLOOR_GRANTED ||
                    ev[i].type == EV_QUESTION_CALLED || ev[i].type == EV_ANSWER_STARTED ||
                    ev[i].type == EV_FOLLOWUP_STARTED || ev[i].type == EV_FOLLOWUP_ANSWER_STARTED ||
                    ev[i].type == EV_BALLOT_OPENED || ev[i].type == EV_OATH_STARTED ||
                    ev[i].type == EV_SITTING_CHANGED;
        if (step) c->item_pauses = 0; /* a new step: its own time */
    }
    fflush(c->o.out);
    plan(c);
}

static void on_answer(void *ctx, const struct msg_answer *a)
{
    struct chairbot *c = ctx;
    c->waiting = false;
    if (a->ok) {
        c->refusals = 0;
    } else {
        fprintf(c->o.out, _("refused: %s %s\n"), i18n_core_err(a->code), a->detail);
        if (++c->refusals >= REFUSALS_MAX) return finish(c, false);
    }
    plan(c);
}

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    (void)s, (void)seq;
    plan(ctx);
}

static const struct hub_local_events chair_events = {on_synced, on_applied, on_answer};

struct chairbot *chairbot_start(uv_loop_t *loop, struct hub *hub, const struct chairbot_options *o)
{
    struct chairbot *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->o = *o;
    c->hub = hub;
    uv_timer_init(loop, &c->timer);
    c->timer.data = c;
    if (hub_attach(hub, ROLE_CHAIR, &chair_events, c) < 0) {
        chairbot_stop(c);
        return NULL;
    }
    return c;
}

static void on_closed(uv_handle_t *h)
{
    free(h->data);
}

void chairbot_stop(struct chairbot *c)
{
    c->done = true;
    uv_close((uv_handle_t *)&c->timer, on_closed);
}
