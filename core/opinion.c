/* Deliberation opinions (审议意见, PROCEDURES §5): the secretary drafts the committee's opinions
 * on a deliberated item from the records; the chair adopts them, or (under [rules]
 * opinion_adoption = vote) the secretary puts the drafts to a vote item and its passing adopts
 * them.  Adoption fixes the due date: the meeting's date plus [rules] opinion_months, by the
 * calendar.  A later meeting's item hearing the organ's report links back to them; when it
 * closes they are closed, or sent back for a second report (再次报告) with a new due date when
 * the item is an evaluation whose result is the worst verdict (不满意). */
#include <string.h>

#include "core/internal.h"

static const char *const state_names[OPINION_STATE_COUNT] = {"draft", "adopted", "reported",
                                                             "closed", "rehearing"};

const char *opinion_state_name(enum opinion_state st)
{
    return (int)st >= 0 && st < OPINION_STATE_COUNT ? state_names[st] : NULL;
}

struct opinion *core_opinion(const struct core_state *s, int32_t id)
{
    for (int i = 0; id && i < s->opinion_count; i++)
        if (s->opinions[i].id == id) return (struct opinion *)&s->opinions[i];
    return NULL;
}

enum opinion_state core_opinion_state(const struct core_state *s, const struct opinion *o)
{
    if (o->state != OPINION_REPORTED || core_item(s, o->report_item)) return o->state;
    return o->hearings ? OPINION_REHEARING : OPINION_ADOPTED;
}

bool core_opinion_awaiting(const struct core_state *s, const struct opinion *o)
{
    enum opinion_state st = core_opinion_state(s, o);
    return st == OPINION_ADOPTED || st == OPINION_REHEARING;
}

bool core_opinion_overdue(const struct core_state *s, const struct opinion *o, const char *today)
{
    return core_opinion_awaiting(s, o) && date_before(o->due, today);
}

bool core_evaluation_unsatisfied(const struct item *it)
{
    const struct ballot *b = &it->ballot;
    if (it->kind != ITEM_EVALUATION || b->state != BALLOT_CLOSED) return false;
    for (int i = 0; i < b->subject_count; i++)
        if (b->subjects[i].verdict == b->option_count - 1) return true;
    return false;
}

static enum core_err need_opinion(const struct core_state *s, int32_t id, struct opinion **o,
                                  struct core_error *err)
{
    *o = core_opinion(s, id);
    return *o ? ERR_OK : refuse(err, ERR_UNKNOWN_OPINION, "opinion %d", (int)id);
}

static enum core_err need_draft(const struct core_state *s, const struct opinion *o,
                                struct core_error *err)
{
    if (o->state != OPINION_DRAFT)
        return refuse(err, ERR_OPINION_STATE, "opinion %d is %s, not a draft", (int)o->id,
                      state_names[o->state]);
    const struct item *vote = core_item(s, o->vote_item);
    if (vote && vote->ballot.state == BALLOT_OPEN)
        return refuse(err, ERR_BALLOT_STATE, "opinion %d is being voted on (item %d)", (int)o->id,
                      (int)vote->id);
    return ERR_OK;
}

/* The organ (detail) and the text of a draft or an edit; the organ defaults to the item's
 * department (done by the caller). */
static enum core_err check_draft_text(const char *organ, const char *text, struct core_error *err)
{
    if (!organ[0]) return refuse(err, ERR_BAD_VALUE, "organ (detail) is empty");
    if (!text[0]) return refuse(err, ERR_BAD_VALUE, "text is empty");
    if (strlen(text) >= OPINION_TEXT_MAX)
        return refuse(err, ERR_BAD_VALUE, "text is too long: %zu bytes, at most %d", strlen(text),
                      OPINION_TEXT_MAX - 1);
    return ERR_OK;
}

/* Opinions are drafted on a report deliberated (听取和审议) or a special inquiry (专题询问). */
static enum core_err need_deliberated(const struct core_state *s, int32_t id, struct item **it,
                                      struct core_error *err)
{
    enum core_err rc = need_item(s, id, it, err);
    if (rc != ERR_OK) return rc;
    if ((*it)->kind != ITEM_DELIBERATION && (*it)->kind != ITEM_INQUIRY)
        return refuse(err, ERR_ITEM_KIND, "item %d is a %s, not a deliberation or an inquiry",
                      (int)id, item_kind_name((*it)->kind));
    if ((*it)->state == ITEM_PENDING)
        return refuse(err, ERR_ITEM_STATE, "item %d not yet deliberated", (int)id);
    return ERR_OK;
}

VALIDATOR(validate_opinion_draft)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc == ERR_OK) rc = need_deliberated(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const char *organ = p->detail[0] ? p->detail : it->department;
    rc = check_draft_text(organ, p->text, err);
    if (rc != ERR_OK) return rc;
    if (s->opinion_count >= OPINIONS_MAX) return refuse(err, ERR_TOO_MANY, "opinions");
    struct event *e = emit(out, EV_OPINION_DRAFTED, p);
    e->p.id = s->next_id;
    e->p.number = s->meeting.number;
    copy_text(e->p.title, sizeof e->p.title, it->title);
    copy_text(e->p.detail, sizeof e->p.detail, organ);
    return ERR_OK;
}

VALIDATOR(validate_opinion_edit)
{
    (void)a;
    struct opinion *o;
    enum core_err rc = need_opinion(s, p->id, &o, err);
    if (rc == ERR_OK) rc = need_draft(s, o, err);
    if (rc != ERR_OK) return rc;
    const char *organ = p->detail[0] ? p->detail : o->organ;
    rc = check_draft_text(organ, p->text, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_OPINION_EDITED, p);
    copy_text(e->p.detail, sizeof e->p.detail, organ);
    return ERR_OK;
}

/* The due date from the meeting's date; the meeting's date must be one of the calendar. */
static enum core_err due_date(const struct core_state *s, char due[DATE_MAX_BYTES],
                              struct core_error *err)
{
    if (!date_add_months(s->meeting.date, s->rules.opinion_months, due))
        return refuse(err, ERR_BAD_VALUE, "the meeting's date '%s' is not a date of the calendar",
                      s->meeting.date);
    return ERR_OK;
}

VALIDATOR(validate_opinion_adopt)
{
    (void)a;
    struct opinion *o;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc == ERR_OK) rc = need_opinion(s, p->id, &o, err);
    if (rc != ERR_OK) return rc;
    if (o->state != OPINION_DRAFT)
        return refuse(err, ERR_DUPLICATE, "opinion %d is already adopted", (int)o->id);
    if (s->rules.opinion_by_vote)
        return refuse(err, ERR_NOT_ALLOWED,
                      "opinions are adopted by a vote ([rules] opinion_adoption = vote)");
    rc = need_draft(s, o, err);
    struct event *e = rc == ERR_OK ? emit(out, EV_OPINION_ADOPTED, p) : NULL;
    if (e) {
        e->p.number = s->meeting.number;
        rc = due_date(s, e->p.date, err);
    }
    return rc;
}

/* A draft of the item that waits for a vote: not on a vote item still on the agenda, or on one
 * whose vote failed. */
static bool draft_unplaced(const struct core_state *s, const struct opinion *o, int32_t item)
{
    if (o->state != OPINION_DRAFT || o->item != item) return false;
    const struct item *vote = core_item(s, o->vote_item);
    return !vote || vote->ballot.state == BALLOT_CLOSED;
}

int core_opinion_drafts_waiting(const struct core_state *s, int32_t item)
{
    int n = 0;
    for (int i = 0; i < s->opinion_count; i++) n += draft_unplaced(s, &s->opinions[i], item);
    return n;
}

VALIDATOR(validate_opinion_place)
{
    (void)a;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc != ERR_OK) return rc;
    if (!s->rules.opinion_by_vote)
        return refuse(err, ERR_NOT_ALLOWED,
                      "opinions are adopted by the chair ([rules] opinion_adoption = chair)");
    if (!p->title[0]) return refuse(err, ERR_BAD_VALUE, "the vote item's title is empty");
    if (!core_opinion_drafts_waiting(s, p->item))
        return refuse(err, ERR_OPINION_STATE, "item %d has no draft opinion to put to a vote",
                      (int)p->item);
    if (s->item_count >= ITEMS_MAX) return refuse(err, ERR_TOO_MANY, "items");
    /* a vote item as item_add makes one: its one subject is the motion itself */
    struct event *item = emit(out, EV_ITEM_ADDED, NULL);
    item->p.id = s->next_id;
    item->p.kind = ITEM_VOTE;
    item->p.flag = s->rules.vote_secret;
    copy_text(item->p.title, sizeof item->p.title, p->title);
    struct event *sub = emit(out, EV_SUBJECT_ADDED, NULL);
    sub->p.item = item->p.id;
    sub->p.id = s->next_id + 1;
    copy_text(sub->p.title, TITLE_MAX_BYTES, p->title);
    struct event *e = emit(out, EV_OPINION_PLACED, NULL);
    e->p.id = p->item;
    e->p.item = item->p.id;
    return ERR_OK;
}

/* The organ's report on an opinion is heard on an item of a later meeting: a deliberation (the
 * report heard) or an evaluation (the report evaluated). */
VALIDATOR(validate_opinion_link)
{
    (void)a;
    struct opinion *o;
    struct item *it;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc == ERR_OK) rc = need_opinion(s, p->id, &o, err);
    if (rc == ERR_OK) rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->kind != ITEM_DELIBERATION && it->kind != ITEM_EVALUATION)
        return refuse(err, ERR_ITEM_KIND,
                      "item %d is a %s: a report is heard on a deliberation or an evaluation",
                      (int)it->id, item_kind_name(it->kind));
    if (it->state == ITEM_CLOSED) return refuse(err, ERR_ITEM_STATE, "item %d closed", (int)it->id);
    if (!core_opinion_awaiting(s, o))
        return refuse(err, ERR_OPINION_STATE, "opinion %d is %s: no report is awaited", (int)o->id,
                      state_names[core_opinion_state(s, o)]);
    if (o->meeting == s->meeting.number)
        return refuse(err, ERR_OPINION_STATE,
                      "opinion %d is of this meeting: reported at a later one", (int)o->id);
    emit(out, EV_OPINION_LINKED, p);
    return ERR_OK;
}

/* Appliers: each checks that the event fits the state (a replica out of step refuses it). */

APPLIER(apply_opinion_drafted)
{
    if (core_opinion(s, e->p.id) || s->opinion_count >= OPINIONS_MAX ||
        strlen(e->p.text) >= OPINION_TEXT_MAX)
        return ERR_BAD_MESSAGE;
    if (grow((void **)&s->opinions, &s->opinion_cap, s->opinion_count + 1, sizeof *s->opinions))
        return ERR_TOO_MANY;
    struct opinion *o = &s->opinions[s->opinion_count++];
    memset(o, 0, sizeof *o);
    o->id = e->p.id;
    o->state = OPINION_DRAFT;
    o->meeting = e->p.number;
    o->item = e->p.item;
    copy_text(o->item_title, sizeof o->item_title, e->p.title);
    copy_text(o->organ, sizeof o->organ, e->p.detail);
    copy_text(o->text, sizeof o->text, e->p.text);
    o->drafted_at = e->time;
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}

APPLIER(apply_opinion_edited)
{
    struct opinion *o = core_opinion(s, e->p.id);
    if (!o || o->state != OPINION_DRAFT || strlen(e->p.text) >= OPINION_TEXT_MAX)
        return ERR_BAD_MESSAGE;
    copy_text(o->organ, sizeof o->organ, e->p.detail);
    copy_text(o->text, sizeof o->text, e->p.text);
    return ERR_OK;
}

static void adopt(struct opinion *o, const struct core_state *s, const char *due, int64_t time)
{
    o->state = OPINION_ADOPTED;
    o->adopted_at = time;
    o->adopted_meeting = s->meeting.number;
    copy_text(o->adopted_date, sizeof o->adopted_date, s->meeting.date);
    copy_text(o->due, sizeof o->due, due);
}

APPLIER(apply_opinion_adopted)
{
    struct opinion *o = core_opinion(s, e->p.id);
    if (!o || o->state != OPINION_DRAFT || !date_ok(e->p.date)) return ERR_BAD_MESSAGE;
    adopt(o, s, e->p.date, e->time);
    return ERR_OK;
}

APPLIER(apply_opinion_placed)
{
    if (!core_item(s, e->p.item) || !core_opinion_drafts_waiting(s, e->p.id))
        return ERR_BAD_MESSAGE;
    for (int i = 0; i < s->opinion_count; i++)
        if (draft_unplaced(s, &s->opinions[i], e->p.id)) s->opinions[i].vote_item = e->p.item;
    return ERR_OK;
}

APPLIER(apply_opinion_linked)
{
    struct opinion *o = core_opinion(s, e->p.id);
    if (!o || !core_item(s, e->p.item) || !core_opinion_awaiting(s, o)) return ERR_BAD_MESSAGE;
    o->state = OPINION_REPORTED;
    o->report_item = e->p.item;
    return ERR_OK;
}

void opinions_vote_closed(struct core_state *s, const struct item *it, int64_t time)
{
    if (it->kind != ITEM_VOTE || it->ballot.subject_count < 1) return;
    if (it->ballot.subjects[0].verdict != 1) return; /* failed: they stay drafts */
    char due[DATE_MAX_BYTES] = "";
    date_add_months(s->meeting.date, s->rules.opinion_months, due);
    for (int i = 0; i < s->opinion_count; i++) {
        struct opinion *o = &s->opinions[i];
        if (o->state == OPINION_DRAFT && o->vote_item == it->id) adopt(o, s, due, time);
    }
}

void opinions_item_closed(struct core_state *s, const struct item *it)
{
    bool again = core_evaluation_unsatisfied(it);
    char due[DATE_MAX_BYTES] = "";
    date_add_months(s->meeting.date, s->rules.opinion_months, due);
    for (int i = 0; i < s->opinion_count; i++) {
        struct opinion *o = &s->opinions[i];
        if (o->state != OPINION_REPORTED || o->report_item != it->id) continue;
        o->hearings++;
        o->report_meeting = s->meeting.number;
        o->state = again ? OPINION_REHEARING : OPINION_CLOSED;
        if (again) copy_text(o->due, sizeof o->due, due);
    }
}
