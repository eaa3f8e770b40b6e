/* The speaker list (发言): requests from seats, additions by the secretary (scheduled
 * speakers 重点审议发言 first, non-members such as a reporter), reordering, the floor granted
 * and ended, time extended.  Overrun is shown, never cut: the speech ends when ended. */
#include <string.h>

#include "core/internal.h"

static bool on_list(const struct item *it, int32_t sitting, int32_t person, enum speaker_state st)
{
    for (int i = 0; i < it->speaker_count; i++) {
        const struct speaker *x = &it->speakers[i];
        if (x->person == person && x->state == st && x->sitting == sitting) return true;
    }
    return false;
}

/* The limit a speech takes: a group's first speech on the item is longer than the next ones
 * (PROCEDURES §2.3), the joint sitting has its own. */
static enum speech_kind sitting_kind(const struct item *it, int32_t sitting, int32_t person,
                                     enum speech_kind asked)
{
    if (sitting == SITTING_JOINT) return SPEECH_JOINT;
    if (sitting != SITTING_PLENARY)
        return on_list(it, sitting, person, SPK_DONE) ? SPEECH_GROUP_NEXT : SPEECH_GROUP_FIRST;
    return asked;
}

static enum speech_kind default_kind(const struct item *it)
{
    return it->kind == ITEM_APPOINTMENT ? SPEECH_STATEMENT : SPEECH_PLENARY;
}

/* Not twice on one list; a second speech where the rules allow it (always in a group). */
static enum core_err check_new_speaker(const struct core_state *s, const struct item *it,
                                       int32_t sitting, int32_t person, struct core_error *err)
{
    if (on_list(it, sitting, person, SPK_WAITING) || on_list(it, sitting, person, SPK_SPEAKING) ||
        on_list(it, sitting, person, SPK_ASKING))
        return refuse(err, ERR_ALREADY_ON_LIST, "person %d", (int)person);
    bool group = sitting != SITTING_PLENARY && sitting != SITTING_JOINT;
    if (!group && !s->rules.speak_twice && on_list(it, sitting, person, SPK_DONE))
        return refuse(err, ERR_ALREADY_SPOKE, "person %d", (int)person);
    return ERR_OK;
}

/* The group sitting person convenes now, 0 when none. */
static int32_t convened_by(const struct core_state *s, int32_t person)
{
    for (int32_t k = 1; k <= s->meeting.group_count; k++)
        if (core_convener(s, k) == person) return k;
    return 0;
}

/* A member runs a list only while the groups sit, and only the list of the group they
 * convene; a secretary or the chair runs any. */
static enum core_err need_runner(const struct core_state *s, const struct actor *a, int32_t sitting,
                                 struct core_error *err)
{
    if (a->role != ROLE_MEMBER) return ERR_OK;
    int32_t own = s->meeting.sits == SITS_GROUPS ? convened_by(s, a->person) : 0;
    if (own && own == sitting) return ERR_OK;
    if (own) return refuse(err, ERR_WRONG_GROUP, "the convener of %s", core_group(s, own)->name);
    return refuse(err, ERR_NOT_CONVENER, "sitting %d", (int)sitting);
}

/* The sitting a speaker action is for: the one the meeting sits as; while the groups sit, the
 * person's group (sitting, when given, must name it), or for no person the group sitting asked
 * for (a convener's own when none is). */
static enum core_err target_sitting(const struct core_state *s, const struct actor *a,
                                    const struct params *p, int32_t person, int32_t *out,
                                    struct core_error *err)
{
    *out = core_sitting_of(s, person);
    if (s->meeting.sits != SITS_GROUPS) {
        if (p->sitting && p->sitting != *out)
            return refuse(err, ERR_SITTING_STATE, "sitting %d: the meeting sits as %s",
                          (int)p->sitting, sitting_mode_name(s->meeting.sits));
        return ERR_OK;
    }
    const struct person *who = person ? core_person(s, person) : NULL;
    if (who && *out < 0) return refuse(err, ERR_WRONG_GROUP, "%s is in no group", who->name);
    if (who && p->sitting && p->sitting != *out)
        return refuse(err, ERR_WRONG_GROUP, "%s sits in %s", who->name, core_group(s, *out)->name);
    if (who) return ERR_OK;
    *out = p->sitting ? p->sitting : a->role == ROLE_MEMBER ? convened_by(s, a->person) : 0;
    if (!*out && a->role == ROLE_MEMBER) return refuse(err, ERR_NOT_CONVENER, "no group");
    if (!core_group(s, *out))
        return refuse(err, ERR_SITTING_STATE, "the groups sit: name the group's sitting");
    return ERR_OK;
}

/* A request for the floor from the person's own seat: a member's is on the list at once, an
 * attendee's (列席) awaits approval. */
static enum core_err request(const struct core_state *s, const struct actor *a,
                             const struct params *p, enum event_type t, struct event_batch *out,
                             struct core_error *err)
{
    struct item *it;
    struct person *who;
    int32_t sitting;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc == ERR_OK && t == EV_SPEAKER_ADDED) rc = need_member(s, p->person, &who, err);
    if (rc != ERR_OK) return rc;
    if (t == EV_FLOOR_ASKED) {
        who = core_person(s, p->person);
        if (!who) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
        if (who->kind != PERSON_ATTENDEE)
            return refuse(err, ERR_BAD_VALUE, "%s is a member: floor_request", who->name);
    }
    if (who->attendance != ATT_PRESENT) return refuse(err, ERR_NOT_SIGNED_IN, "%s", who->name);
    rc = target_sitting(s, a, p, who->id, &sitting, err);
    if (rc == ERR_OK) rc = check_new_speaker(s, it, sitting, p->person, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, t, NULL);
    e->p.item = it->id;
    e->p.id = s->next_id;
    e->p.person = who->id;
    copy_text(e->p.name, sizeof e->p.name, who->name);
    e->p.kind = sitting_kind(it, sitting, who->id, default_kind(it));
    e->p.number = sitting;
    return ERR_OK;
}

VALIDATOR(validate_floor_request)
{
    return request(s, a, p, EV_SPEAKER_ADDED, out, err);
}

VALIDATOR(validate_floor_ask)
{
    return request(s, a, p, EV_FLOOR_ASKED, out, err);
}

VALIDATOR(validate_floor_approve)
{
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct speaker *sp = core_speaker(it, p->id);
    if (!sp || sp->state != SPK_ASKING)
        return refuse(err, ERR_UNKNOWN_SPEAKER, "no request %d awaiting approval", (int)p->id);
    rc = need_runner(s, a, sp->sitting, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_FLOOR_APPROVED, p);
    return ERR_OK;
}

/* The record of a speech (who, when, how long, and what was said in brief), in any sitting. */
VALIDATOR(validate_summary_set)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct speaker *sp = core_speaker(it, p->id);
    if (!sp) return refuse(err, ERR_UNKNOWN_SPEAKER, "speaker %d", (int)p->id);
    if (sp->state != SPK_SPEAKING && sp->state != SPK_DONE)
        return refuse(err, ERR_UNKNOWN_SPEAKER, "%s has not spoken", sp->name);
    if (strlen(p->text) >= TEXT_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "summary: at most %d bytes", TEXT_MAX_BYTES - 1);
    emit(out, EV_SUMMARY_CHANGED, p);
    return ERR_OK;
}

/* The person's request still on the sitting's list: waiting, or awaiting approval. */
static struct speaker *waiting_of(const struct item *it, int32_t sitting, int32_t person)
{
    for (int i = 0; i < it->speaker_count; i++) {
        struct speaker *x = &it->speakers[i];
        if (x->person == person && x->sitting == sitting &&
            (x->state == SPK_WAITING || x->state == SPK_ASKING))
            return x;
    }
    return NULL;
}

VALIDATOR(validate_floor_withdraw)
{
    struct item *it;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct speaker *sp = waiting_of(it, core_sitting_of(s, p->person), p->person);
    if (!sp) return refuse(err, ERR_UNKNOWN_SPEAKER, "person %d is not waiting", (int)p->person);
    struct event *e = emit(out, EV_SPEAKER_REMOVED, NULL);
    e->p.item = it->id;
    e->p.id = sp->id;
    return ERR_OK;
}

VALIDATOR(validate_speaker_add)
{
    struct item *it;
    int32_t sitting;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state != ITEM_PENDING && it->state != ITEM_OPEN)
        return refuse(err, ERR_ITEM_STATE, "item %d", (int)p->item);
    const struct person *who = p->person ? core_person(s, p->person) : NULL;
    if (p->person && !who) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
    if (!who && !p->name[0]) return refuse(err, ERR_BAD_VALUE, "a non-member speaker needs a name");
    rc = target_sitting(s, a, p, p->person, &sitting, err);
    if (rc == ERR_OK) rc = need_runner(s, a, sitting, err);
    if (rc == ERR_OK && who) rc = check_new_speaker(s, it, sitting, p->person, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_SPEAKER_ADDED, p);
    if (who) copy_text(e->p.name, sizeof e->p.name, who->name);
    e->p.id = s->next_id;
    e->p.number = sitting;
    e->p.sitting = 0;
    if (p->kind == SPEECH_PLENARY) e->p.kind = sitting_kind(it, sitting, p->person, SPEECH_PLENARY);
    return ERR_OK;
}

/* The speaker p->id waiting (or asking, when or_asking) on a list the actor may run. */
static enum core_err need_waiting(const struct core_state *s, const struct actor *a,
                                  const struct params *p, struct item **it, bool or_asking,
                                  const struct speaker **sp, struct core_error *err)
{
    enum core_err rc = need_item(s, p->item, it, err);
    if (rc != ERR_OK) return rc;
    *sp = core_speaker(*it, p->id);
    if (!*sp) return refuse(err, ERR_UNKNOWN_SPEAKER, "speaker %d", (int)p->id);
    if ((*sp)->state != SPK_WAITING && !(or_asking && (*sp)->state == SPK_ASKING))
        return refuse(err, ERR_UNKNOWN_SPEAKER, "speaker %d has spoken", (int)p->id);
    return need_runner(s, a, (*sp)->sitting, err);
}

/* Off the list: a speaker waiting, or an attendee's request not approved. */
VALIDATOR(validate_speaker_remove)
{
    struct item *it;
    const struct speaker *sp;
    enum core_err rc = need_waiting(s, a, p, &it, true, &sp, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_SPEAKER_REMOVED, p);
    return ERR_OK;
}

int core_waiting(const struct item *it, int32_t sitting)
{
    int n = 0;
    for (int i = 0; i < it->speaker_count; i++)
        n += it->speakers[i].state == SPK_WAITING && it->speakers[i].sitting == sitting;
    return n;
}

VALIDATOR(validate_speaker_move)
{
    struct item *it;
    const struct speaker *sp;
    enum core_err rc = need_waiting(s, a, p, &it, false, &sp, err);
    if (rc != ERR_OK) return rc;
    if (p->position < 0 || p->position >= core_waiting(it, sp->sitting))
        return refuse(err, ERR_BAD_VALUE, "position %d", (int)p->position);
    emit(out, EV_SPEAKER_MOVED, p);
    return ERR_OK;
}

/* A non-member speaker (person 0) is there when called; a person must be signed in. */
static bool in_room(const struct core_state *s, const struct speaker *sp)
{
    const struct person *p = sp->person ? core_person(s, sp->person) : NULL;
    return !sp->person || (p && p->attendance == ATT_PRESENT);
}

const struct speaker *core_next_speaker(const struct core_state *s, const struct item *it,
                                        int32_t sitting)
{
    for (int i = 0; i < it->speaker_count; i++) {
        const struct speaker *x = &it->speakers[i];
        if (x->state == SPK_WAITING && x->sitting == sitting && in_room(s, x)) return x;
    }
    return NULL;
}

/* The sitting a floor action is for, and the actor may run it. */
static enum core_err floor_sitting(const struct core_state *s, const struct actor *a,
                                   const struct params *p, int32_t *sitting, struct core_error *err)
{
    enum core_err rc = target_sitting(s, a, p, 0, sitting, err);
    return rc == ERR_OK ? need_runner(s, a, *sitting, err) : rc;
}

VALIDATOR(validate_floor_grant)
{
    struct item *it;
    int32_t sitting;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = floor_sitting(s, a, p, &sitting, err);
    if (rc != ERR_OK) return rc;
    if (core_floor(it, sitting)) return refuse(err, ERR_FLOOR_TAKEN, NULL);
    if (core_active_question(it)) return refuse(err, ERR_QUESTION_STATE, "a question runs");
    if (it->ballot.state == BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "ballot open");
    const struct speaker *sp = p->id ? core_speaker(it, p->id) : core_next_speaker(s, it, sitting);
    if (!sp && !p->id) return refuse(err, ERR_LIST_EMPTY, "among those present");
    if (!sp || sp->state != SPK_WAITING || sp->sitting != sitting)
        return refuse(err, ERR_UNKNOWN_SPEAKER, "speaker %d", (int)p->id);
    if (!in_room(s, sp)) return refuse(err, ERR_NOT_SIGNED_IN, "%s", sp->name);
    struct event *e = emit(out, EV_FLOOR_GRANTED, NULL);
    e->p.item = it->id;
    e->p.id = sp->id;
    e->p.seconds = s->rules.speech_limit_s[sp->kind];
    return ERR_OK;
}

VALIDATOR(validate_speech_end)
{
    struct item *it;
    int32_t sitting;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = floor_sitting(s, a, p, &sitting, err);
    if (rc != ERR_OK) return rc;
    const struct speaker *sp = core_floor(it, sitting);
    if (!sp) return refuse(err, ERR_NOBODY_SPEAKING, NULL);
    struct event *e = emit(out, EV_SPEECH_ENDED, NULL);
    e->p.item = it->id;
    e->p.id = sp->id;
    return ERR_OK;
}

VALIDATOR(validate_time_extend)
{
    struct item *it;
    int32_t sitting;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = floor_sitting(s, a, p, &sitting, err);
    if (rc != ERR_OK) return rc;
    if (p->seconds <= 0 || p->seconds > 3600) return refuse(err, ERR_BAD_VALUE, "seconds 1..3600");
    if (!core_floor(it, sitting) && !core_active_question(it))
        return refuse(err, ERR_NOBODY_SPEAKING, NULL);
    emit(out, EV_TIME_EXTENDED, p)->p.sitting = sitting;
    return ERR_OK;
}

/* Appliers. */

/* Scheduled speakers go after the last waiting scheduled one; requests at the end. */
static int insert_at(const struct item *it, int32_t sitting, bool scheduled)
{
    if (!scheduled) return it->speaker_count;
    for (int i = 0; i < it->speaker_count; i++) {
        const struct speaker *x = &it->speakers[i];
        if (x->state == SPK_WAITING && !x->scheduled && x->sitting == sitting) return i;
    }
    return it->speaker_count;
}

APPLIER(apply_speaker_added)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (e->p.kind < 0 || e->p.kind >= SPEECH_KIND_COUNT) return ERR_BAD_VALUE;
    if (grow((void **)&it->speakers, &it->speaker_cap, it->speaker_count + 1, sizeof *it->speakers))
        return ERR_TOO_MANY;
    int at = insert_at(it, e->p.number, e->p.flag);
    gap_at(it->speakers, &it->speaker_count, at, sizeof *it->speakers);
    struct speaker *sp = &it->speakers[at];
    memset(sp, 0, sizeof *sp);
    sp->id = e->p.id;
    sp->sitting = e->p.number;
    sp->person = e->p.person;
    copy_text(sp->name, sizeof sp->name, e->p.name);
    sp->scheduled = e->p.flag;
    sp->kind = (enum speech_kind)e->p.kind;
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}

APPLIER(apply_floor_asked)
{
    enum core_err rc = apply_speaker_added(s, e);
    if (rc != ERR_OK) return rc;
    core_speaker(core_item(s, e->p.item), e->p.id)->state = SPK_ASKING;
    return ERR_OK;
}

APPLIER(apply_summary_changed)
{
    struct item *it = core_item(s, e->p.item);
    struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
    if (!sp) return ERR_UNKNOWN_SPEAKER;
    copy_text(sp->summary, sizeof sp->summary, e->p.text);
    return ERR_OK;
}

APPLIER(apply_floor_approved)
{
    struct item *it = core_item(s, e->p.item);
    struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
    if (!sp || sp->state != SPK_ASKING) return ERR_UNKNOWN_SPEAKER;
    sp->state = SPK_WAITING;
    return ERR_OK;
}

static int speaker_index(const struct item *it, int32_t id)
{
    for (int i = 0; i < it->speaker_count; i++)
        if (it->speakers[i].id == id) return i;
    return -1;
}

APPLIER(apply_speaker_removed)
{
    struct item *it = core_item(s, e->p.item);
    int i = it ? speaker_index(it, e->p.id) : -1;
    if (i < 0) return ERR_UNKNOWN_SPEAKER;
    remove_at(it->speakers, &it->speaker_count, i, sizeof *it->speakers);
    return ERR_OK;
}

/* Move a waiting speaker to the given place among those waiting. */
APPLIER(apply_speaker_moved)
{
    struct item *it = core_item(s, e->p.item);
    int from = it ? speaker_index(it, e->p.id) : -1;
    if (from < 0) return ERR_UNKNOWN_SPEAKER;
    struct speaker moving = it->speakers[from];
    remove_at(it->speakers, &it->speaker_count, from, sizeof moving);
    int to = it->speaker_count, seen = 0;
    for (int i = 0; i < it->speaker_count; i++) {
        if (it->speakers[i].state != SPK_WAITING || it->speakers[i].sitting != moving.sitting)
            continue;
        if (seen++ == e->p.position) {
            to = i;
            break;
        }
    }
    gap_at(it->speakers, &it->speaker_count, to, sizeof moving);
    it->speakers[to] = moving;
    return ERR_OK;
}

APPLIER(apply_floor_granted)
{
    struct item *it = core_item(s, e->p.item);
    struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
    if (!sp || sp->state != SPK_WAITING) return ERR_UNKNOWN_SPEAKER;
    sp->state = SPK_SPEAKING;
    sp->started_at = e->time;
    sp->limit_s = e->p.seconds;
    return ERR_OK;
}

APPLIER(apply_speech_ended)
{
    struct item *it = core_item(s, e->p.item);
    struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
    if (!sp || sp->state != SPK_SPEAKING) return ERR_NOBODY_SPEAKING;
    sp->state = SPK_DONE;
    sp->ended_at = e->time;
    return ERR_OK;
}

APPLIER(apply_time_extended)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct speaker *sp = core_floor(it, e->p.sitting);
    if (sp) {
        sp->extension_s += e->p.seconds;
        return ERR_OK;
    }
    struct question *q = core_active_question(it);
    if (!q || q->turn_count == 0) return ERR_NOBODY_SPEAKING;
    q->turns[q->turn_count - 1].extension_s += e->p.seconds;
    return ERR_OK;
}
