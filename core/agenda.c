/* The agenda (议程): ordered items, one open at a time, each pending → open → closed (or
 * deferred); respondents of inquiries and subjects of ballots belong to their items. */
#include <string.h>

#include "core/internal.h"

static bool is_ballot_kind(int32_t kind)
{
    return kind == ITEM_EVALUATION || kind == ITEM_VOTE || kind == ITEM_APPOINTMENT ||
           kind == ITEM_CHOICE;
}

/* choose (k) belongs to choice items; whether 1 <= k < n is checked when the ballot opens. */
static enum core_err check_choose(int32_t kind, const struct params *p, struct core_error *err)
{
    if (kind != ITEM_CHOICE && p->choose != 0)
        return refuse(err, ERR_BAD_VALUE, "choose: only a choice item has it");
    if (p->choose < 0 || p->choose > SUBJECTS_MAX)
        return refuse(err, ERR_BAD_VALUE, "choose %d: 0 to %d", (int)p->choose, SUBJECTS_MAX);
    return ERR_OK;
}

static enum core_err check_item_fields(const struct params *p, struct core_error *err)
{
    if (!p->title[0]) return refuse(err, ERR_BAD_VALUE, "title is empty");
    if (p->number < 0 || p->number > 24 * 60) return refuse(err, ERR_BAD_VALUE, "planned minutes");
    int lines = 0;
    for (const char *t = p->text; *t; t++) lines += *t == '\n';
    if (p->text[0] && lines + 1 > ATTACH_MAX) return refuse(err, ERR_TOO_MANY, "attachments");
    return ERR_OK;
}

static bool meeting_editable(const struct core_state *s)
{
    enum meeting_state m = s->meeting.state;
    return m == MEETING_SCHEDULED || m == MEETING_OPEN || m == MEETING_SUSPENDED;
}

VALIDATOR(validate_item_add)
{
    (void)a;
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (!meeting_editable(s)) return refuse(err, ERR_MEETING_STATE, "meeting closed");
    if (s->item_count >= ITEMS_MAX) return refuse(err, ERR_TOO_MANY, "items");
    enum core_err rc = check_item_fields(p, err);
    if (rc == ERR_OK) rc = check_choose(p->kind, p, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_ITEM_ADDED, p);
    e->p.id = s->next_id;
    if (p->kind == ITEM_VOTE) { /* a vote's one subject is the motion itself */
        struct event *sub = emit(out, EV_SUBJECT_ADDED, NULL);
        sub->p.item = s->next_id;
        sub->p.id = s->next_id + 1;
        copy_text(sub->p.title, TITLE_MAX_BYTES, p->title);
    }
    return ERR_OK;
}

VALIDATOR(validate_item_update)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->id, &it, err);
    if (rc == ERR_OK) rc = check_item_fields(p, err);
    if (rc == ERR_OK) rc = check_choose(it->kind, p, err);
    if (rc != ERR_OK) return rc;
    if (it->state == ITEM_CLOSED) return refuse(err, ERR_ITEM_STATE, "item %d closed", (int)p->id);
    if (it->ballot.state != BALLOT_NONE && p->flag != it->ballot.secret)
        return refuse(err, ERR_BALLOT_STATE, "secrecy fixed once the ballot opened");
    if (it->ballot.state != BALLOT_NONE && p->choose != it->choose)
        return refuse(err, ERR_BALLOT_STATE, "choose fixed once the ballot opened");
    emit(out, EV_ITEM_UPDATED, p);
    return ERR_OK;
}

VALIDATOR(validate_item_remove)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->id, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state != ITEM_PENDING) return refuse(err, ERR_ITEM_STATE, "only a pending item");
    emit(out, EV_ITEM_REMOVED, p);
    return ERR_OK;
}

VALIDATOR(validate_item_move)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->id, &it, err);
    if (rc != ERR_OK) return rc;
    if (!meeting_editable(s)) return refuse(err, ERR_MEETING_STATE, "meeting closed");
    if (p->position < 0 || p->position >= s->item_count)
        return refuse(err, ERR_BAD_VALUE, "position %d of %d", (int)p->position, s->item_count);
    emit(out, EV_ITEM_MOVED, p);
    return ERR_OK;
}

VALIDATOR(validate_item_open)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_item(s, p->id, &it, err);
    if (rc != ERR_OK) return rc;
    if (s->meeting.current_item)
        return refuse(err, ERR_ANOTHER_ITEM_OPEN, "item %d", (int)s->meeting.current_item);
    if (it->state != ITEM_PENDING && it->state != ITEM_DEFERRED)
        return refuse(err, ERR_ITEM_STATE, "item %d", (int)p->id);
    emit(out, EV_ITEM_OPENED, p);
    return ERR_OK;
}

static enum core_err need_item_idle(const struct item *it, struct core_error *err)
{
    if (core_floor_any(it)) return refuse(err, ERR_FLOOR_TAKEN, NULL);
    if (core_active_question(it)) return refuse(err, ERR_QUESTION_STATE, "a question runs");
    if (it->ballot.state == BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "ballot open");
    if (it->oath.running) return refuse(err, ERR_OATH_STATE, "the oath is running");
    return ERR_OK;
}

VALIDATOR(validate_item_close)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_open_item(s, p->id, &it, err);
    if (rc == ERR_OK) rc = need_item_idle(it, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_ITEM_CLOSED, p);
    return ERR_OK;
}

VALIDATOR(validate_item_defer)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->id, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state != ITEM_PENDING && it->state != ITEM_OPEN)
        return refuse(err, ERR_ITEM_STATE, "item %d", (int)p->id);
    if (it->ballot.state != BALLOT_NONE) return refuse(err, ERR_BALLOT_STATE, "ballot opened");
    rc = need_item_idle(it, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_ITEM_DEFERRED, p);
    return ERR_OK;
}

VALIDATOR(validate_note_set)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (p->sitting && p->sitting != SITTING_JOINT && !core_group(s, p->sitting))
        return refuse(err, ERR_BAD_VALUE, "sitting %d: not one of the meeting's", (int)p->sitting);
    emit(out, EV_NOTE_CHANGED, p);
    return ERR_OK;
}

VALIDATOR(validate_respondent_add)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->kind != ITEM_INQUIRY) return refuse(err, ERR_ITEM_KIND, "not an inquiry");
    if (it->state != ITEM_PENDING && it->state != ITEM_OPEN)
        return refuse(err, ERR_ITEM_STATE, "item %d", (int)p->item);
    if (!p->name[0]) return refuse(err, ERR_BAD_VALUE, "name is empty");
    if (strlen(p->title) >= TITLE_MAX_BYTES) return refuse(err, ERR_BAD_VALUE, "post too long");
    struct event *e = emit(out, EV_RESPONDENT_ADDED, p);
    e->p.id = s->next_id;
    return ERR_OK;
}

static bool respondent_in_use(const struct item *it, int32_t id)
{
    for (int i = 0; i < it->question_count; i++) {
        const struct question *q = &it->questions[i];
        if (q->respondent == id) return true;
        for (int t = 0; t < q->turn_count; t++)
            if ((q->turns[t].phase == Q_ANSWERING || q->turns[t].phase == Q_FOLLOWUP_ANSWER) &&
                q->turns[t].who == id)
                return true;
    }
    return false;
}

VALIDATOR(validate_respondent_remove)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (!core_respondent(it, p->id)) return refuse(err, ERR_UNKNOWN_RESPONDENT, "%d", (int)p->id);
    if (respondent_in_use(it, p->id)) return refuse(err, ERR_IN_USE, "a question names them");
    emit(out, EV_RESPONDENT_REMOVED, p);
    return ERR_OK;
}

VALIDATOR(validate_subject_add)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (!is_ballot_kind(it->kind)) return refuse(err, ERR_ITEM_KIND, "not a ballot");
    if (it->state == ITEM_CLOSED)
        return refuse(err, ERR_ITEM_STATE, "item %d closed", (int)p->item);
    if (it->ballot.state != BALLOT_NONE)
        return refuse(err, ERR_BALLOT_STATE, "ballot already opened");
    if (it->ballot.subject_count >= SUBJECTS_MAX) return refuse(err, ERR_TOO_MANY, "subjects");
    if (!p->title[0] || strlen(p->title) >= TITLE_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "subject name");
    struct event *e = emit(out, EV_SUBJECT_ADDED, p);
    e->p.id = s->next_id;
    return ERR_OK;
}

VALIDATOR(validate_subject_remove)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (!core_subject(&it->ballot, p->id))
        return refuse(err, ERR_UNKNOWN_SUBJECT, "%d", (int)p->id);
    if (it->ballot.state != BALLOT_NONE) return refuse(err, ERR_BALLOT_STATE, "ballot opened");
    emit(out, EV_SUBJECT_REMOVED, p);
    return ERR_OK;
}

/* Appliers. */

static void take_id(struct core_state *s, int32_t id)
{
    if (id >= s->next_id) s->next_id = id + 1;
}

static void item_fill(struct item *it, const struct params *p)
{
    copy_text(it->title, sizeof it->title, p->title);
    copy_text(it->reporter, sizeof it->reporter, p->name);
    copy_text(it->department, sizeof it->department, p->detail);
    it->planned_min = p->number;
    it->ballot.secret = p->flag;
    it->choose = p->choose;
    it->attachment_count = 0;
    const char *t = p->text;
    while (*t && it->attachment_count < ATTACH_MAX) {
        const char *nl = strchr(t, '\n');
        size_t n = nl ? (size_t)(nl - t) : strlen(t);
        char *dst = it->attachments[it->attachment_count++];
        if (n >= TITLE_MAX_BYTES) n = TITLE_MAX_BYTES - 1;
        memcpy(dst, t, n);
        dst[n] = '\0';
        t += nl ? (size_t)(nl - t) + 1 : strlen(t);
    }
}

APPLIER(apply_item_added)
{
    if (core_item(s, e->p.id) || e->p.kind < 0 || e->p.kind >= ITEM_KIND_COUNT)
        return ERR_BAD_MESSAGE;
    if (grow((void **)&s->items, &s->item_cap, s->item_count + 1, sizeof *s->items))
        return ERR_TOO_MANY;
    struct item *it = &s->items[s->item_count++];
    memset(it, 0, sizeof *it);
    it->id = e->p.id;
    it->kind = (enum item_kind)e->p.kind;
    item_fill(it, &e->p);
    take_id(s, e->p.id);
    return ERR_OK;
}

APPLIER(apply_item_updated)
{
    struct item *it = core_item(s, e->p.id);
    if (!it) return ERR_UNKNOWN_ITEM;
    item_fill(it, &e->p);
    if (it->kind == ITEM_VOTE && it->ballot.state == BALLOT_NONE && it->ballot.subject_count == 1)
        copy_text(it->ballot.subjects[0].name, TITLE_MAX_BYTES, it->title); /* the motion */
    return ERR_OK;
}

static int item_index(const struct core_state *s, int32_t id)
{
    for (int i = 0; i < s->item_count; i++)
        if (s->items[i].id == id) return i;
    return -1;
}

APPLIER(apply_item_removed)
{
    int i = item_index(s, e->p.id);
    if (i < 0) return ERR_UNKNOWN_ITEM;
    item_free(&s->items[i]);
    remove_at(s->items, &s->item_count, i, sizeof *s->items);
    return ERR_OK;
}

APPLIER(apply_item_moved)
{
    int from = item_index(s, e->p.id), to = e->p.position;
    if (from < 0) return ERR_UNKNOWN_ITEM;
    if (to < 0 || to >= s->item_count) return ERR_BAD_VALUE;
    struct item moving = s->items[from];
    if (from < to)
        memmove(&s->items[from], &s->items[from + 1], (size_t)(to - from) * sizeof moving);
    else
        memmove(&s->items[to + 1], &s->items[to], (size_t)(from - to) * sizeof moving);
    s->items[to] = moving;
    return ERR_OK;
}

APPLIER(apply_item_opened)
{
    struct item *it = core_item(s, e->p.id);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (s->meeting.current_item) return ERR_ANOTHER_ITEM_OPEN;
    it->state = ITEM_OPEN;
    if (!it->opened_at) it->opened_at = e->time;
    it->closed_at = 0; /* a deferred item reopened is not closed */
    s->meeting.current_item = it->id;
    return ERR_OK;
}

static enum core_err item_leave(struct core_state *s, const struct event *e, enum item_state to)
{
    struct item *it = core_item(s, e->p.id);
    if (!it) return ERR_UNKNOWN_ITEM;
    it->state = to;
    it->closed_at = e->time;
    if (s->meeting.current_item == it->id) s->meeting.current_item = 0;
    return ERR_OK;
}

APPLIER(apply_item_closed)
{
    enum core_err rc = item_leave(s, e, ITEM_CLOSED);
    if (rc == ERR_OK) opinions_item_closed(s, core_item(s, e->p.id));
    return rc;
}

APPLIER(apply_item_deferred)
{
    return item_leave(s, e, ITEM_DEFERRED);
}

APPLIER(apply_note_changed)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (e->p.sitting) return sitting_note_set(it, e->p.sitting, e->p.text);
    copy_text(it->note, sizeof it->note, e->p.text);
    return ERR_OK;
}

APPLIER(apply_respondent_added)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (grow((void **)&it->respondents, &it->respondent_cap, it->respondent_count + 1,
             sizeof *it->respondents))
        return ERR_TOO_MANY;
    struct respondent *r = &it->respondents[it->respondent_count++];
    r->id = e->p.id;
    copy_text(r->name, sizeof r->name, e->p.name);
    copy_text(r->post, sizeof r->post, e->p.title);
    copy_text(r->department, sizeof r->department, e->p.detail);
    take_id(s, e->p.id);
    return ERR_OK;
}

APPLIER(apply_respondent_removed)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    for (int i = 0; i < it->respondent_count; i++) {
        if (it->respondents[i].id != e->p.id) continue;
        remove_at(it->respondents, &it->respondent_count, i, sizeof *it->respondents);
        return ERR_OK;
    }
    return ERR_UNKNOWN_RESPONDENT;
}

APPLIER(apply_subject_added)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct subject *sub = ballot_subject_new(&it->ballot);
    if (!sub) return ERR_TOO_MANY;
    sub->id = e->p.id;
    copy_text(sub->name, sizeof sub->name, e->p.title);
    copy_text(sub->detail, sizeof sub->detail, e->p.detail);
    take_id(s, e->p.id);
    return ERR_OK;
}

APPLIER(apply_subject_removed)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    for (int i = 0; i < b->subject_count; i++) {
        if (b->subjects[i].id != e->p.id) continue;
        remove_at(b->subjects, &b->subject_count, i, sizeof *b->subjects);
        return ERR_OK;
    }
    return ERR_UNKNOWN_SUBJECT;
}
