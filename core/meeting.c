/* The meeting: 第N次会议 scheduled → open ⇄ suspended (休会) → closed; opening needs a quorum
 * (全体组成人员过半数出席).  And the rules, which change only between sittings. */
#include <string.h>

#include "core/internal.h"

bool date_ok(const char *d)
{
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return false;
    int month = (d[5] - '0') * 10 + (d[6] - '0');
    int day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

VALIDATOR(validate_meeting_create)
{
    (void)a;
    if (s->meeting.state != MEETING_NONE && s->meeting.state != MEETING_CLOSED)
        return refuse(err, ERR_MEETING_STATE, "close the current meeting first");
    if (p->number <= 0) return refuse(err, ERR_BAD_VALUE, "number");
    if (!date_ok(p->date))
        return refuse(err, ERR_BAD_VALUE, "date '%s' is not YYYY-MM-DD", p->date);
    emit(out, EV_MEETING_CREATED, p);
    return ERR_OK;
}

static bool floor_busy(const struct core_state *s)
{
    const struct item *it = core_open_item(s);
    if (!it) return false;
    return core_floor_any(it) || core_active_question(it) || it->ballot.state == BALLOT_OPEN;
}

VALIDATOR(validate_meeting_open)
{
    (void)a;
    (void)p;
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (s->meeting.state != MEETING_SCHEDULED)
        return refuse(err, ERR_MEETING_STATE, "%s", meeting_state_name(s->meeting.state));
    if (!core_quorum(s))
        return refuse(err, ERR_NO_QUORUM, "%d of %d signed in", (int)core_signed_in(s),
                      (int)core_members(s));
    struct event *e = emit(out, EV_MEETING_OPENED, NULL);
    e->p.members = core_members(s);
    e->p.signed_in = core_signed_in(s);
    return ERR_OK;
}

VALIDATOR(validate_meeting_suspend)
{
    (void)a;
    (void)p;
    enum core_err rc = need_meeting_open(s, err);
    if (rc != ERR_OK) return rc;
    if (floor_busy(s)) return refuse(err, ERR_FLOOR_TAKEN, "a speech, question or ballot runs");
    emit(out, EV_MEETING_SUSPENDED, NULL);
    return ERR_OK;
}

VALIDATOR(validate_meeting_resume)
{
    (void)a;
    (void)p;
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (s->meeting.state != MEETING_SUSPENDED)
        return refuse(err, ERR_MEETING_STATE, "%s", meeting_state_name(s->meeting.state));
    emit(out, EV_MEETING_RESUMED, NULL);
    return ERR_OK;
}

VALIDATOR(validate_meeting_close)
{
    (void)a;
    (void)p;
    if (s->meeting.state != MEETING_OPEN && s->meeting.state != MEETING_SUSPENDED)
        return refuse(err, ERR_MEETING_STATE, "%s", meeting_state_name(s->meeting.state));
    if (s->meeting.current_item)
        return refuse(err, ERR_ANOTHER_ITEM_OPEN, "item %d", (int)s->meeting.current_item);
    enum core_err rc = need_plenary(s, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_MEETING_CLOSED, NULL);
    e->p.members = core_members(s);
    e->p.signed_in = core_signed_in(s);
    return ERR_OK;
}

static bool rules_ok(const struct core_rules *r)
{
    if (r->evaluation_option_count < 2 || r->evaluation_option_count > OPTIONS_MAX) return false;
    for (int i = 0; i < r->evaluation_option_count; i++)
        if (!r->evaluation_options[i][0]) return false;
    for (int k = 0; k < SPEECH_KIND_COUNT; k++)
        if (r->speech_limit_s[k] <= 0) return false;
    return r->warning_s >= 0 && r->followups_per_question >= 0 && r->followups_per_question <= 5;
}

VALIDATOR(validate_rules_set)
{
    (void)a;
    if (s->meeting.state == MEETING_OPEN || s->meeting.state == MEETING_SUSPENDED)
        return refuse(err, ERR_MEETING_STATE, "rules change only between meetings");
    if (!rules_ok(&p->rules)) return refuse(err, ERR_BAD_VALUE, "rules");
    emit(out, EV_RULES_CHANGED, p);
    return ERR_OK;
}

/* Appliers. */

APPLIER(apply_meeting_created)
{
    for (int i = 0; i < s->item_count; i++) item_free(&s->items[i]);
    s->item_count = 0;
    for (int i = 0; i < s->person_count; i++) {
        struct person *x = &s->people[i];
        x->attendance = ATT_ABSENT;
        x->signed_in_at = 0;
        x->reason[0] = '\0';
    }
    memset(&s->meeting, 0, sizeof s->meeting);
    s->meeting.state = MEETING_SCHEDULED;
    s->meeting.number = e->p.number;
    copy_text(s->meeting.date, sizeof s->meeting.date, e->p.date);
    copy_text(s->meeting.title, sizeof s->meeting.title, e->p.title);
    return ERR_OK;
}

static enum core_err meeting_to(struct core_state *s, enum meeting_state from1,
                                enum meeting_state from2, enum meeting_state to)
{
    if (s->meeting.state != from1 && s->meeting.state != from2) return ERR_MEETING_STATE;
    s->meeting.state = to;
    return ERR_OK;
}

APPLIER(apply_meeting_opened)
{
    enum core_err rc = meeting_to(s, MEETING_SCHEDULED, MEETING_SCHEDULED, MEETING_OPEN);
    if (rc == ERR_OK) s->meeting.opened_at = e->time;
    return rc;
}

APPLIER(apply_meeting_suspended)
{
    (void)e;
    return meeting_to(s, MEETING_OPEN, MEETING_OPEN, MEETING_SUSPENDED);
}

APPLIER(apply_meeting_resumed)
{
    (void)e;
    return meeting_to(s, MEETING_SUSPENDED, MEETING_SUSPENDED, MEETING_OPEN);
}

APPLIER(apply_meeting_closed)
{
    enum core_err rc = meeting_to(s, MEETING_OPEN, MEETING_SUSPENDED, MEETING_CLOSED);
    if (rc == ERR_OK) s->meeting.closed_at = e->time;
    return rc;
}

APPLIER(apply_rules_changed)
{
    s->rules = e->p.rules;
    return ERR_OK;
}
