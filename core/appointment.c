/* Appointments (人事任免): the cases on an appointment item (a person, a post, the nominating
 * organ, 任命/免职/撤职/代理), a written statement for an absent nominee, and the constitutional
 * oath (宪法宣誓) after the votes pass and the certificates (任命书) are handed over.  Each case
 * is a subject of the item's ballot, so it is voted on and announced like any subject. */
#include <string.h>

#include "core/internal.h"

static bool appoints(enum case_kind k)
{
    return k == CASE_APPOINT || k == CASE_ACTING;
}

bool core_case_passed(const struct item *it, const struct subject *sub)
{
    const struct ballot *b = &it->ballot;
    bool on_vote_now = b->state == BALLOT_OPEN && sub->round == b->round;
    return sub->round > 0 && !on_vote_now && sub->verdict == 1;
}

bool core_may_swear(const struct item *it, const struct subject *sub)
{
    return sub->nominee.is_case && appoints(sub->nominee.kind) && core_case_passed(it, sub) &&
           sub->nominee.sworn == OATH_NONE;
}

/* Is a later case (after item i, subject k in agenda order) a dismissal or removal from the
 * post of appointment `a`, not yet put to a vote? */
static const struct subject *later_removal(const struct core_state *s, int i, int k,
                                           const struct subject *a)
{
    for (; i < s->item_count; i++, k = -1) {
        const struct ballot *b = &s->items[i].ballot;
        for (int j = k + 1; j < b->subject_count; j++) {
            const struct subject *r = &b->subjects[j];
            if (r->nominee.is_case && !appoints(r->nominee.kind) && !r->round &&
                strcmp(r->detail, a->detail) == 0)
                return r;
        }
    }
    return NULL;
}

bool core_case_order_wrong(const struct core_state *s, const struct subject **appointment,
                           const struct subject **removal)
{
    for (int i = 0; i < s->item_count; i++) {
        const struct ballot *b = &s->items[i].ballot;
        if (s->items[i].kind != ITEM_APPOINTMENT) continue;
        for (int k = 0; k < b->subject_count; k++) {
            const struct subject *a = &b->subjects[k];
            if (!a->nominee.is_case || !appoints(a->nominee.kind) || a->round) continue;
            const struct subject *r = later_removal(s, i, k, a);
            if (!r) continue;
            *appointment = a;
            *removal = r;
            return true;
        }
    }
    return false;
}

static enum core_err need_appointment(const struct core_state *s, int32_t id, struct item **it,
                                      struct core_error *err)
{
    enum core_err rc = need_item(s, id, it, err);
    if (rc != ERR_OK) return rc;
    if ((*it)->kind != ITEM_APPOINTMENT) return refuse(err, ERR_ITEM_KIND, "not an appointment");
    if ((*it)->state == ITEM_CLOSED) return refuse(err, ERR_ITEM_STATE, "item %d closed", (int)id);
    return ERR_OK;
}

static enum core_err need_case(const struct item *it, int32_t id, struct subject **sub,
                               struct core_error *err)
{
    *sub = core_subject(&it->ballot, id);
    if (!*sub || !(*sub)->nominee.is_case) return refuse(err, ERR_NOT_A_NOMINEE, "%d", (int)id);
    return ERR_OK;
}

VALIDATOR(validate_nominee_add)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_appointment(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->ballot.state != BALLOT_NONE)
        return refuse(err, ERR_BALLOT_STATE, "ballot already opened");
    if (it->ballot.subject_count >= SUBJECTS_MAX) return refuse(err, ERR_TOO_MANY, "nominees");
    if (!p->name[0]) return refuse(err, ERR_BAD_VALUE, "name is empty");
    if (!p->title[0] || strlen(p->title) >= TITLE_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "post is empty or too long");
    if (strlen(p->detail) >= TITLE_MAX_BYTES) return refuse(err, ERR_BAD_VALUE, "organ too long");
    struct event *e = emit(out, EV_NOMINEE_ADDED, p);
    e->p.id = s->next_id;
    return ERR_OK;
}

VALIDATOR(validate_statement_record)
{
    (void)a;
    struct item *it;
    struct subject *sub;
    enum core_err rc = need_appointment(s, p->item, &it, err);
    if (rc == ERR_OK) rc = need_case(it, p->id, &sub, err);
    if (rc != ERR_OK) return rc;
    if (!p->text[0]) return refuse(err, ERR_BAD_VALUE, "the statement is empty");
    if (strlen(p->text) >= TEXT_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "statement: at most %d bytes", TEXT_MAX_BYTES - 1);
    emit(out, EV_STATEMENT_RECORDED, p);
    return ERR_OK;
}

int core_swearers(const struct item *it, int32_t ids[SUBJECTS_MAX])
{
    int n = 0;
    for (int k = 0; k < it->ballot.subject_count; k++)
        if (core_may_swear(it, &it->ballot.subjects[k])) {
            if (ids) ids[n] = it->ballot.subjects[k].id;
            n++;
        }
    return n;
}

VALIDATOR(validate_certificates_give)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_appointment(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state != ITEM_OPEN)
        return refuse(err, ERR_ITEM_STATE, "item %d not open", (int)p->item);
    if (it->ballot.state != BALLOT_CLOSED) return refuse(err, ERR_BALLOT_STATE, "not yet voted");
    if (it->oath.certificates) return refuse(err, ERR_DUPLICATE, "certificates already given");
    if (core_swearers(it, NULL) == 0)
        return refuse(err, ERR_OATH_STATE, "no appointment on this item passed");
    emit(out, EV_CERTIFICATES_GIVEN, p);
    return ERR_OK;
}

/* Each swearer once, each an appointee who passed and has not sworn; the leader among them. */
static enum core_err check_swearers(const struct item *it, const struct params *p,
                                    struct core_error *err)
{
    bool leader_swears = false;
    for (int i = 0; i < p->choice_count; i++) {
        int32_t id = p->choices[i].subject;
        struct subject *sub;
        enum core_err rc = need_case(it, id, &sub, err);
        if (rc != ERR_OK) return rc;
        if (!core_may_swear(it, sub))
            return refuse(err, ERR_OATH_STATE, "%s: not an appointee who passed and has not sworn",
                          sub->name);
        for (int j = 0; j < i; j++)
            if (p->choices[j].subject == id)
                return refuse(err, ERR_DUPLICATE, "%s twice", sub->name);
        leader_swears |= id == p->id;
    }
    if (!leader_swears) return refuse(err, ERR_BAD_VALUE, "the leader must be among the swearers");
    return ERR_OK;
}

VALIDATOR(validate_oath_start)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_appointment(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state != ITEM_OPEN)
        return refuse(err, ERR_ITEM_STATE, "item %d not open", (int)p->item);
    if (!it->oath.certificates) return refuse(err, ERR_OATH_STATE, "certificates not yet given");
    if (it->oath.running) return refuse(err, ERR_OATH_STATE, "an oath is running");
    if ((rc = need_plenary(s, err)) != ERR_OK) return rc;
    if (core_floor(it, SITTING_PLENARY)) return refuse(err, ERR_FLOOR_TAKEN, NULL);
    if (p->kind != OATH_INDIVIDUAL && p->kind != OATH_COLLECTIVE)
        return refuse(err, ERR_BAD_VALUE, "kind: individual or collective");
    if (p->choice_count < 1) return refuse(err, ERR_BAD_VALUE, "nobody to swear");
    if (p->kind == OATH_INDIVIDUAL && p->choice_count != 1)
        return refuse(err, ERR_BAD_VALUE, "an individual oath has one swearer");
    rc = check_swearers(it, p, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_OATH_STARTED, p);
    return ERR_OK;
}

VALIDATOR(validate_oath_end)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_appointment(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (!it->oath.running) return refuse(err, ERR_OATH_STATE, "no oath is running");
    emit(out, EV_OATH_ENDED, p);
    return ERR_OK;
}

/* Appliers. */

APPLIER(apply_nominee_added)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if ((unsigned)e->p.kind >= CASE_KIND_COUNT) return ERR_BAD_VALUE;
    struct subject *sub = ballot_subject_new(&it->ballot);
    if (!sub) return ERR_TOO_MANY;
    sub->id = e->p.id;
    copy_text(sub->name, sizeof sub->name, e->p.name);
    copy_text(sub->detail, sizeof sub->detail, e->p.title);
    sub->nominee.is_case = true;
    sub->nominee.kind = (enum case_kind)e->p.kind;
    copy_text(sub->nominee.organ, sizeof sub->nominee.organ, e->p.detail);
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}

static struct subject *case_of(struct core_state *s, const struct event *e, struct item **it)
{
    *it = core_item(s, e->p.item);
    struct subject *sub = *it ? core_subject(&(*it)->ballot, e->p.id) : NULL;
    return sub && sub->nominee.is_case ? sub : NULL;
}

APPLIER(apply_statement_recorded)
{
    struct item *it;
    struct subject *sub = case_of(s, e, &it);
    if (!sub) return ERR_NOT_A_NOMINEE;
    copy_text(sub->nominee.statement, sizeof sub->nominee.statement, e->p.text);
    return ERR_OK;
}

APPLIER(apply_certificates_given)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    it->oath.certificates = true;
    return ERR_OK;
}

APPLIER(apply_oath_started)
{
    struct item *it;
    struct subject *leader = case_of(s, e, &it);
    if (!leader || it->oath.running) return ERR_OATH_STATE;
    for (int i = 0; i < e->p.choice_count; i++)
        if (!core_subject(&it->ballot, e->p.choices[i].subject)) return ERR_NOT_A_NOMINEE;
    for (int i = 0; i < e->p.choice_count; i++)
        core_subject(&it->ballot, e->p.choices[i].subject)->nominee.swearing = true;
    it->oath.running = true;
    it->oath.form = (enum oath_form)e->p.kind;
    it->oath.leader = e->p.id;
    it->oath.started_at = e->time;
    return ERR_OK;
}

APPLIER(apply_oath_ended)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (!it->oath.running) return ERR_OATH_STATE;
    for (int k = 0; k < it->ballot.subject_count; k++) {
        struct nominee *n = &it->ballot.subjects[k].nominee;
        if (!n->swearing) continue;
        n->swearing = false;
        n->sworn = it->oath.form;
        n->leader = it->ballot.subjects[k].id == it->oath.leader;
        n->sworn_at = e->time;
    }
    it->oath.running = false;
    it->oath.ended_at = e->time;
    return ERR_OK;
}
