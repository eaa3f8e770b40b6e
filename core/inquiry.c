/* Special inquiry (专题询问): members register questions to respondents (pre-registered by the
 * secretary, or live from a seat); the chair calls the next questioner; each question runs
 * question → answer → follow-up 追问 → its answer, each turn with its own limit, and every
 * turn is kept for the minutes. */
#include <string.h>

#include "core/internal.h"

VALIDATOR(validate_question_register)
{
    struct item *it;
    struct person *who;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = need_member(s, p->person, &who, err);
    if (rc != ERR_OK) return rc;
    if (it->kind != ITEM_INQUIRY) return refuse(err, ERR_ITEM_KIND, "not an inquiry");
    bool by_secretary = a->role == ROLE_SECRETARY;
    if (it->state != ITEM_OPEN && !(by_secretary && it->state == ITEM_PENDING))
        return refuse(err, ERR_ITEM_STATE, "item %d", (int)p->item);
    if (!by_secretary && who->attendance != ATT_PRESENT)
        return refuse(err, ERR_NOT_SIGNED_IN, "%s", who->name);
    if (p->respondent && !core_respondent(it, p->respondent))
        return refuse(err, ERR_UNKNOWN_RESPONDENT, "%d", (int)p->respondent);
    if (strlen(p->text) >= TEXT_MAX_BYTES) return refuse(err, ERR_BAD_VALUE, "text too long");
    struct event *e = emit(out, EV_QUESTION_REGISTERED, p);
    e->p.id = s->next_id;
    e->p.flag = by_secretary;
    return ERR_OK;
}

VALIDATOR(validate_question_withdraw)
{
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct question *q = core_question(it, p->id);
    if (!q) return refuse(err, ERR_UNKNOWN_QUESTION, "%d", (int)p->id);
    rc = need_self(a, q->member, err);
    if (rc != ERR_OK) return rc;
    if (q->state != Q_WAITING) return refuse(err, ERR_QUESTION_STATE, "already asked");
    emit(out, EV_QUESTION_WITHDRAWN, p);
    return ERR_OK;
}

static bool present(const struct core_state *s, int32_t person)
{
    const struct person *p = core_person(s, person);
    return p && p->attendance == ATT_PRESENT;
}

/* The next question whose member is in the room: an absent member's question waits. */
static const struct question *next_waiting(const struct core_state *s, const struct item *it)
{
    for (int i = 0; i < it->question_count; i++)
        if (it->questions[i].state == Q_WAITING && present(s, it->questions[i].member))
            return &it->questions[i];
    return NULL;
}

VALIDATOR(validate_question_call)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->kind != ITEM_INQUIRY) return refuse(err, ERR_ITEM_KIND, "not an inquiry");
    if (s->meeting.sits == SITS_GROUPS)
        return refuse(err, ERR_SITTING_STATE, "the groups sit: inquiries in plenary or joint");
    if (core_active_question(it)) return refuse(err, ERR_QUESTION_STATE, "a question runs");
    if (core_floor(it, core_sitting_of(s, 0))) return refuse(err, ERR_FLOOR_TAKEN, NULL);
    const struct question *q = p->id ? core_question(it, p->id) : next_waiting(s, it);
    if (!q && !p->id) return refuse(err, ERR_LIST_EMPTY, "among those present");
    if (!q || q->state != Q_WAITING) return refuse(err, ERR_UNKNOWN_QUESTION, "%d", (int)p->id);
    if (!present(s, q->member))
        return refuse(err, ERR_NOT_SIGNED_IN, "%s", core_person(s, q->member)->name);
    struct event *e = emit(out, EV_QUESTION_CALLED, NULL);
    e->p.item = it->id;
    e->p.id = q->id;
    e->p.seconds = s->rules.speech_limit_s[SPEECH_QUESTION];
    return ERR_OK;
}

/* The running question of an open item, which must be at step `at` (or `or_at`). */
static enum core_err need_step(const struct core_state *s, const struct params *p,
                               enum question_state at, enum question_state or_at,
                               const struct question **q, struct core_error *err)
{
    struct item *it;
    enum core_err rc = need_open_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    *q = core_active_question(it);
    if (!*q) return refuse(err, ERR_QUESTION_STATE, "no question runs");
    if ((*q)->state != at && (*q)->state != or_at)
        return refuse(err, ERR_QUESTION_STATE, "question %d", (int)(*q)->id);
    return ERR_OK;
}

static int32_t last_answerer(const struct question *q)
{
    for (int t = q->turn_count - 1; t >= 0; t--)
        if (q->turns[t].phase == Q_ANSWERING) return q->turns[t].who;
    return 0;
}

VALIDATOR(validate_answer_start)
{
    (void)a;
    const struct question *q;
    enum core_err rc = need_step(s, p, Q_ASKING, Q_ASKING, &q, err);
    if (rc != ERR_OK) return rc;
    int32_t who = p->respondent ? p->respondent : q->respondent;
    if (!who) return refuse(err, ERR_UNKNOWN_RESPONDENT, "the question names none: assign one");
    if (!core_respondent(core_item(s, p->item), who))
        return refuse(err, ERR_UNKNOWN_RESPONDENT, "%d", (int)who);
    struct event *e = emit(out, EV_ANSWER_STARTED, NULL);
    e->p.item = p->item;
    e->p.id = q->id;
    e->p.respondent = who;
    e->p.seconds = s->rules.speech_limit_s[SPEECH_ANSWER];
    return ERR_OK;
}

VALIDATOR(validate_followup_start)
{
    (void)a;
    const struct question *q;
    enum core_err rc = need_step(s, p, Q_ANSWERING, Q_FOLLOWUP_ANSWER, &q, err);
    if (rc != ERR_OK) return rc;
    if (q->followups >= s->rules.followups_per_question)
        return refuse(err, ERR_NO_FOLLOWUP_LEFT, "%d used", (int)q->followups);
    if (q->turn_count + 2 > TURNS_MAX) return refuse(err, ERR_TOO_MANY, "turns");
    struct event *e = emit(out, EV_FOLLOWUP_STARTED, NULL);
    e->p.item = p->item;
    e->p.id = q->id;
    e->p.seconds = s->rules.speech_limit_s[SPEECH_FOLLOWUP];
    return ERR_OK;
}

VALIDATOR(validate_followup_answer_start)
{
    (void)a;
    const struct question *q;
    enum core_err rc = need_step(s, p, Q_FOLLOWUP, Q_FOLLOWUP, &q, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_FOLLOWUP_ANSWER_STARTED, NULL);
    e->p.item = p->item;
    e->p.id = q->id;
    e->p.respondent = last_answerer(q);
    e->p.seconds = s->rules.speech_limit_s[SPEECH_FOLLOWUP_ANSWER];
    return ERR_OK;
}

VALIDATOR(validate_question_end)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_open_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct question *q = core_active_question(it);
    if (!q) return refuse(err, ERR_QUESTION_STATE, "no question runs");
    struct event *e = emit(out, EV_QUESTION_ENDED, NULL);
    e->p.item = it->id;
    e->p.id = q->id;
    return ERR_OK;
}

/* Appliers. */

APPLIER(apply_question_registered)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (grow((void **)&it->questions, &it->question_cap, it->question_count + 1,
             sizeof *it->questions))
        return ERR_TOO_MANY;
    struct question *q = &it->questions[it->question_count++];
    memset(q, 0, sizeof *q);
    q->id = e->p.id;
    q->member = e->p.person;
    q->respondent = e->p.respondent;
    copy_text(q->text, sizeof q->text, e->p.text);
    q->preregistered = e->p.flag;
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}

APPLIER(apply_question_withdrawn)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    for (int i = 0; i < it->question_count; i++) {
        if (it->questions[i].id != e->p.id) continue;
        remove_at(it->questions, &it->question_count, i, sizeof *it->questions);
        return ERR_OK;
    }
    return ERR_UNKNOWN_QUESTION;
}

/* End the running turn and start the next one of the given phase. */
static enum core_err next_turn(struct core_state *s, const struct event *e,
                               enum question_state phase, int32_t who)
{
    struct item *it = core_item(s, e->p.item);
    struct question *q = it ? core_question(it, e->p.id) : NULL;
    if (!q) return ERR_UNKNOWN_QUESTION;
    if (q->turn_count >= TURNS_MAX) return ERR_TOO_MANY;
    if (q->turn_count) q->turns[q->turn_count - 1].ended_at = e->time;
    struct turn *t = &q->turns[q->turn_count++];
    memset(t, 0, sizeof *t);
    t->phase = phase;
    t->who = who;
    t->started_at = e->time;
    t->limit_s = e->p.seconds;
    q->state = phase;
    if (phase == Q_FOLLOWUP) q->followups++;
    return ERR_OK;
}

static int32_t asker(const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    const struct question *q = it ? core_question(it, e->p.id) : NULL;
    return q ? q->member : 0;
}

APPLIER(apply_question_called)
{
    return next_turn(s, e, Q_ASKING, asker(s, e));
}

APPLIER(apply_answer_started)
{
    return next_turn(s, e, Q_ANSWERING, e->p.respondent);
}

APPLIER(apply_followup_started)
{
    return next_turn(s, e, Q_FOLLOWUP, asker(s, e));
}

APPLIER(apply_followup_answer_started)
{
    return next_turn(s, e, Q_FOLLOWUP_ANSWER, e->p.respondent);
}

APPLIER(apply_question_ended)
{
    struct item *it = core_item(s, e->p.item);
    struct question *q = it ? core_question(it, e->p.id) : NULL;
    if (!q) return ERR_UNKNOWN_QUESTION;
    if (q->turn_count) q->turns[q->turn_count - 1].ended_at = e->time;
    q->state = Q_DONE;
    return ERR_OK;
}
