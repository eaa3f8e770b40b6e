/* Inquiry motions (质询案, PROCEDURES §3): drafted by a member, co-signed by others until the
 * rules' threshold of signatures (the proposer's counts) registers it; withdrawn by the proposer
 * before that; placed on the agenda by the secretary as an item of its own; answered at the
 * meeting or in writing; then each signer says satisfied or not, and enough dissatisfied signers
 * (a majority, or any one where the rules say so) mark it for a second answer (再作答复). */
#include <string.h>

#include "core/internal.h"

struct motion *core_motion(const struct core_state *s, int32_t id)
{
    for (int i = 0; i < s->motion_count; i++)
        if (s->motions[i].id == id) return (struct motion *)&s->motions[i];
    return NULL;
}

struct motion *core_motion_of_item(const struct core_state *s, int32_t item)
{
    for (int i = 0; item && i < s->motion_count; i++)
        if (s->motions[i].item == item) return (struct motion *)&s->motions[i];
    return NULL;
}

int core_motion_signer(const struct motion *m, int32_t person)
{
    for (int i = 0; i < m->signer_count; i++)
        if (m->signers[i] == person) return i;
    return -1;
}

int32_t core_motion_verdicts(const struct motion *m, enum motion_verdict v)
{
    int32_t n = 0;
    for (int i = 0; i < m->signer_count; i++) n += m->verdicts[i] == (int32_t)v;
    return n;
}

static const char *const state_words[MOTION_STATE_COUNT] = {"awaiting signatures", "withdrawn",
                                                            "registered"};

static enum core_err need_motion(const struct core_state *s, int32_t id, struct motion **m,
                                 struct core_error *err)
{
    *m = core_motion(s, id);
    return *m ? ERR_OK : refuse(err, ERR_UNKNOWN_MOTION, "motion %d", (int)id);
}

static enum core_err need_state(const struct motion *m, enum motion_state want,
                                struct core_error *err)
{
    if (m->state == want) return ERR_OK;
    return refuse(err, ERR_MOTION_STATE, "motion %d %s", (int)m->id, state_words[m->state]);
}

/* The member acting for themselves from their seat. */
static enum core_err need_own_member(const struct core_state *s, const struct actor *a,
                                     int32_t person, struct core_error *err)
{
    struct person *who;
    enum core_err rc = need_self(a, person, err);
    return rc == ERR_OK ? need_member(s, person, &who, err) : rc;
}

static enum core_err check_text(const char *field, const char *t, size_t cap,
                                struct core_error *err)
{
    if (!t[0]) return refuse(err, ERR_BAD_VALUE, "%s is empty", field);
    if (strlen(t) >= cap) return refuse(err, ERR_BAD_VALUE, "%s is too long", field);
    return ERR_OK;
}

VALIDATOR(validate_motion_draft)
{
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc == ERR_OK) rc = need_own_member(s, a, p->person, err);
    if (rc == ERR_OK) rc = check_text("organ (detail)", p->detail, TITLE_MAX_BYTES, err);
    if (rc == ERR_OK) rc = check_text("subject (title)", p->title, TITLE_MAX_BYTES, err);
    if (rc == ERR_OK) rc = check_text("text", p->text, TEXT_MAX_BYTES, err);
    if (rc != ERR_OK) return rc;
    if (s->motion_count >= MOTIONS_MAX) return refuse(err, ERR_TOO_MANY, "motions");
    struct event *e = emit(out, EV_MOTION_DRAFTED, p);
    e->p.id = s->next_id;
    if (s->rules.motion_signatures <= 1) emit(out, EV_MOTION_REGISTERED, NULL)->p.id = e->p.id;
    return ERR_OK;
}

VALIDATOR(validate_motion_sign)
{
    struct motion *m;
    enum core_err rc = need_own_member(s, a, p->person, err);
    if (rc == ERR_OK) rc = need_motion(s, p->id, &m, err);
    if (rc == ERR_OK) rc = need_state(m, MOTION_SIGNING, err);
    if (rc != ERR_OK) return rc;
    int k = core_motion_signer(m, p->person);
    if (k >= 0)
        return refuse(err, ERR_DUPLICATE, "member %d has already signed motion %d%s",
                      (int)p->person, (int)m->id, k == 0 ? " as its proposer" : "");
    if (m->signer_count >= MOTION_SIGNERS_MAX) return refuse(err, ERR_TOO_MANY, "signatures");
    emit(out, EV_MOTION_SIGNED, p);
    if (m->signer_count + 1 >= s->rules.motion_signatures)
        emit(out, EV_MOTION_REGISTERED, NULL)->p.id = m->id;
    return ERR_OK;
}

VALIDATOR(validate_motion_withdraw)
{
    struct motion *m;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_motion(s, p->id, &m, err);
    if (rc == ERR_OK) rc = need_state(m, MOTION_SIGNING, err);
    if (rc != ERR_OK) return rc;
    if (m->signers[0] != p->person)
        return refuse(err, ERR_NOT_YOURS, "only the proposer withdraws motion %d", (int)m->id);
    emit(out, EV_MOTION_WITHDRAWN, p);
    return ERR_OK;
}

VALIDATOR(validate_motion_place)
{
    (void)a;
    struct motion *m;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc == ERR_OK) rc = need_motion(s, p->id, &m, err);
    if (rc == ERR_OK) rc = need_state(m, MOTION_REGISTERED, err);
    if (rc != ERR_OK) return rc;
    if (m->item && core_item(s, m->item))
        return refuse(err, ERR_DUPLICATE, "motion %d is item %d", (int)m->id, (int)m->item);
    if (s->item_count >= ITEMS_MAX) return refuse(err, ERR_TOO_MANY, "items");
    /* an item of its own (kind other): every console opens, runs, closes and exports it, and the
     * organ's answer at the meeting takes the floor on its speaker list */
    struct event *item = emit(out, EV_ITEM_ADDED, NULL);
    item->p.id = s->next_id;
    item->p.kind = ITEM_OTHER;
    copy_text(item->p.title, sizeof item->p.title, m->subject); /* the organ: on the motion */
    struct event *e = emit(out, EV_MOTION_PLACED, NULL);
    e->p.id = m->id;
    e->p.item = item->p.id;
    return ERR_OK;
}

VALIDATOR(validate_motion_answer)
{
    (void)a;
    struct motion *m;
    enum core_err rc = need_motion(s, p->id, &m, err);
    if (rc == ERR_OK) rc = need_state(m, MOTION_REGISTERED, err);
    if (rc == ERR_OK) rc = check_text("answer (text)", p->text, TEXT_MAX_BYTES, err);
    if (rc != ERR_OK) return rc;
    if (!date_ok(p->date))
        return refuse(err, ERR_BAD_VALUE, "date '%s' is not YYYY-MM-DD", p->date);
    if (m->answered && !m->reanswer)
        return refuse(err, ERR_DUPLICATE, "motion %d is answered", (int)m->id);
    emit(out, EV_MOTION_ANSWERED, p);
    return ERR_OK;
}

VALIDATOR(validate_motion_judge)
{
    struct motion *m;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_motion(s, p->id, &m, err);
    if (rc != ERR_OK) return rc;
    if (!m->answered)
        return refuse(err, ERR_MOTION_STATE, "motion %d not answered yet", (int)m->id);
    int k = core_motion_signer(m, p->person);
    if (k < 0)
        return refuse(err, ERR_NOT_A_PROPOSER, "person %d did not sign motion %d", (int)p->person,
                      (int)m->id);
    if (m->verdicts[k] != VERDICT_NONE)
        return refuse(err, ERR_DUPLICATE, "member %d has already said", (int)p->person);
    emit(out, EV_MOTION_JUDGED, p);
    return ERR_OK;
}

/* Appliers: each checks that the event fits the state (a replica out of step refuses it). */

APPLIER(apply_motion_drafted)
{
    if (core_motion(s, e->p.id) || s->motion_count >= MOTIONS_MAX) return ERR_BAD_MESSAGE;
    struct motion *m = &s->motions[s->motion_count++];
    memset(m, 0, sizeof *m);
    m->id = e->p.id;
    m->state = MOTION_SIGNING;
    copy_text(m->organ, sizeof m->organ, e->p.detail);
    copy_text(m->subject, sizeof m->subject, e->p.title);
    copy_text(m->text, sizeof m->text, e->p.text);
    m->signers[0] = e->p.person;
    m->signer_count = 1;
    m->drafted_at = e->time;
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}

APPLIER(apply_motion_signed)
{
    struct motion *m = core_motion(s, e->p.id);
    if (!m || m->state != MOTION_SIGNING || m->signer_count >= MOTION_SIGNERS_MAX ||
        core_motion_signer(m, e->p.person) >= 0)
        return ERR_BAD_MESSAGE;
    m->signers[m->signer_count++] = e->p.person;
    return ERR_OK;
}

APPLIER(apply_motion_registered)
{
    struct motion *m = core_motion(s, e->p.id);
    if (!m || m->state != MOTION_SIGNING) return ERR_BAD_MESSAGE;
    m->state = MOTION_REGISTERED;
    m->registered_at = e->time;
    return ERR_OK;
}

APPLIER(apply_motion_withdrawn)
{
    struct motion *m = core_motion(s, e->p.id);
    if (!m || m->state != MOTION_SIGNING) return ERR_BAD_MESSAGE;
    m->state = MOTION_WITHDRAWN;
    return ERR_OK;
}

APPLIER(apply_motion_placed)
{
    struct motion *m = core_motion(s, e->p.id);
    if (!m || m->state != MOTION_REGISTERED || !core_item(s, e->p.item)) return ERR_BAD_MESSAGE;
    m->item = e->p.item;
    return ERR_OK;
}

/* A (second) answer: the signers say again what they think of it. */
APPLIER(apply_motion_answered)
{
    struct motion *m = core_motion(s, e->p.id);
    if (!m || m->state != MOTION_REGISTERED) return ERR_BAD_MESSAGE;
    m->answered = true;
    m->oral = e->p.flag;
    copy_text(m->answer_date, sizeof m->answer_date, e->p.date);
    copy_text(m->answer, sizeof m->answer, e->p.text);
    memset(m->verdicts, 0, sizeof m->verdicts);
    m->reanswer = false;
    return ERR_OK;
}

APPLIER(apply_motion_judged)
{
    struct motion *m = core_motion(s, e->p.id);
    int k = m ? core_motion_signer(m, e->p.person) : -1;
    if (k < 0 || !m->answered || m->verdicts[k] != VERDICT_NONE) return ERR_BAD_MESSAGE;
    m->verdicts[k] = e->p.flag ? VERDICT_SATISFIED : VERDICT_DISSATISFIED;
    m->reanswer =
        motion_reanswer_due(s->rules.motion_reanswer_any,
                            core_motion_verdicts(m, VERDICT_DISSATISFIED), m->signer_count);
    return ERR_OK;
}
