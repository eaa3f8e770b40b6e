/* The roster (组成人员 and 列席) and attendance: members added before the meeting, sign-in
 * 签到, leave 请假, and the seat console's link kept apart from attendance. */
#include <string.h>

#include "core/internal.h"

static bool roster_editable(const struct core_state *s)
{
    return s->meeting.state == MEETING_NONE || s->meeting.state == MEETING_SCHEDULED;
}

static bool meeting_running(const struct core_state *s)
{
    enum meeting_state m = s->meeting.state;
    return m == MEETING_SCHEDULED || m == MEETING_OPEN || m == MEETING_SUSPENDED;
}

static enum core_err check_person_fields(const struct core_state *s, const struct params *p,
                                         struct core_error *err)
{
    if (p->id <= 0) return refuse(err, ERR_BAD_VALUE, "id");
    if (!p->name[0]) return refuse(err, ERR_BAD_VALUE, "name is empty");
    if (p->number < 0) return refuse(err, ERR_BAD_VALUE, "seat");
    for (int i = 0; i < s->person_count; i++) {
        const struct person *o = &s->people[i];
        if (o->id != p->id && p->number && o->seat == p->number)
            return refuse(err, ERR_DUPLICATE, "seat %d is %s's", (int)p->number, o->name);
    }
    return ERR_OK;
}

VALIDATOR(validate_member_add)
{
    (void)a;
    if (!roster_editable(s)) return refuse(err, ERR_MEETING_STATE, "roster fixed once opened");
    if (s->person_count >= PEOPLE_MAX) return refuse(err, ERR_TOO_MANY, "people");
    if (core_person(s, p->id)) return refuse(err, ERR_DUPLICATE, "person %d", (int)p->id);
    enum core_err rc = check_person_fields(s, p, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_MEMBER_ADDED, p);
    return ERR_OK;
}

VALIDATOR(validate_member_update)
{
    (void)a;
    struct person *old = core_person(s, p->id);
    if (!old) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->id);
    if (!roster_editable(s) && (int32_t)old->kind != p->kind)
        return refuse(err, ERR_MEETING_STATE, "kind fixed once opened");
    if (s->meeting.sits == SITS_GROUPS && strcmp(old->group, p->group) != 0)
        return refuse(err, ERR_SITTING_STATE, "the groups sit: change %s's group after", old->name);
    enum core_err rc = check_person_fields(s, p, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_MEMBER_UPDATED, p);
    return ERR_OK;
}

VALIDATOR(validate_member_remove)
{
    (void)a;
    if (!roster_editable(s)) return refuse(err, ERR_MEETING_STATE, "roster fixed once opened");
    if (!core_person(s, p->id)) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->id);
    emit(out, EV_MEMBER_REMOVED, p);
    return ERR_OK;
}

VALIDATOR(validate_sign_in)
{
    enum core_err rc = need_self(a, p->person, err);
    if (rc != ERR_OK) return rc;
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (!meeting_running(s)) return refuse(err, ERR_MEETING_STATE, NULL);
    const struct person *who = core_person(s, p->person);
    if (!who) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
    if (who->attendance == ATT_PRESENT) return refuse(err, ERR_ALREADY_SIGNED_IN, "%s", who->name);
    emit(out, EV_SIGNED_IN, p);
    return ERR_OK;
}

VALIDATOR(validate_attendance_set)
{
    (void)a;
    if (!meeting_running(s)) return refuse(err, ERR_MEETING_STATE, NULL);
    if (!core_person(s, p->person))
        return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
    if (p->kind == ATT_LEAVE && !p->text[0])
        return refuse(err, ERR_BAD_VALUE, "leave needs a reason");
    if (strlen(p->text) >= TEXT_MAX_BYTES) return refuse(err, ERR_BAD_VALUE, "reason too long");
    emit(out, EV_ATTENDANCE_CHANGED, p);
    return ERR_OK;
}

VALIDATOR(validate_link_set)
{
    (void)a;
    if (!core_person(s, p->person))
        return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
    emit(out, EV_LINK_CHANGED, p);
    return ERR_OK;
}

/* Appliers. */

static void person_fill(struct person *x, const struct params *p)
{
    x->id = p->id;
    x->kind = (enum person_kind)p->kind;
    copy_text(x->name, sizeof x->name, p->name);
    copy_text(x->title, sizeof x->title, p->title);
    copy_text(x->group, sizeof x->group, p->group);
    x->seat = p->number;
    x->has_pin = p->flag;
}

APPLIER(apply_member_added)
{
    if (core_person(s, e->p.id)) return ERR_DUPLICATE;
    if (grow((void **)&s->people, &s->person_cap, s->person_count + 1, sizeof *s->people))
        return ERR_TOO_MANY;
    struct person *x = &s->people[s->person_count++];
    memset(x, 0, sizeof *x);
    person_fill(x, &e->p);
    return core_person_added(s) == 0 ? ERR_OK : ERR_TOO_MANY;
}

APPLIER(apply_member_updated)
{
    struct person *x = core_person(s, e->p.id);
    if (!x) return ERR_UNKNOWN_PERSON;
    person_fill(x, &e->p);
    return ERR_OK;
}

APPLIER(apply_member_removed)
{
    int i = core_person_index(s, e->p.id);
    if (i < 0) return ERR_UNKNOWN_PERSON;
    remove_at(s->people, &s->person_count, i, sizeof *s->people);
    return core_people_indexed(s) == 0 ? ERR_OK : ERR_TOO_MANY;
}

APPLIER(apply_signed_in)
{
    struct person *x = core_person(s, e->p.person);
    if (!x) return ERR_UNKNOWN_PERSON;
    x->attendance = ATT_PRESENT;
    x->signed_in_at = e->time;
    x->reason[0] = '\0';
    return ERR_OK;
}

APPLIER(apply_attendance_changed)
{
    struct person *x = core_person(s, e->p.person);
    if (!x) return ERR_UNKNOWN_PERSON;
    x->attendance = (enum attendance)e->p.kind;
    if (x->attendance == ATT_PRESENT && !x->signed_in_at) x->signed_in_at = e->time;
    if (x->attendance != ATT_PRESENT) x->signed_in_at = 0;
    copy_text(x->reason, sizeof x->reason, e->p.text);
    return ERR_OK;
}

APPLIER(apply_link_changed)
{
    struct person *x = core_person(s, e->p.person);
    if (!x) return ERR_UNKNOWN_PERSON;
    x->connected = e->p.flag;
    return ERR_OK;
}
