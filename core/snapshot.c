/* The public snapshot: the whole state a console needs on (re)connect, as JSON.  Each entity's
 * scalar members are listed once in a table that drives both directions. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/internal.h"
#include "core/json.h"

enum { SNAPSHOT_VERSION = 1 };

enum member_type { M_I32, M_I64, M_BOOL, M_STR, M_TEXT, M_ENUM };

struct member_desc {
    const char *key;
    enum member_type type;
    size_t offset, size;
    int32_t max; /* M_I32: largest value; M_ENUM: number of values */
};

#define D(T, k, m, t, mx)                                                                          \
    {                                                                                              \
        k, t, offsetof(T, m), sizeof(((T *)0)->m), mx                                              \
    }
static const struct member_desc person_desc[] = {
    D(struct person, "id", id, M_I32, INT32_MAX),
    D(struct person, "kind", kind, M_ENUM, PERSON_KIND_COUNT),
    D(struct person, "name", name, M_STR, 0),
    D(struct person, "title", title, M_STR, 0),
    D(struct person, "group", group, M_STR, 0),
    D(struct person, "seat", seat, M_I32, 1000000),
    D(struct person, "has_pin", has_pin, M_BOOL, 0),
    D(struct person, "attendance", attendance, M_ENUM, ATT_COUNT),
    D(struct person, "signed_in_at", signed_in_at, M_I64, 0),
    D(struct person, "reason", reason, M_TEXT, 0),
    D(struct person, "connected", connected, M_BOOL, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc meeting_desc[] = {
    D(struct meeting, "state", state, M_ENUM, MEETING_STATE_COUNT),
    D(struct meeting, "number", number, M_I32, 1000000),
    D(struct meeting, "date", date, M_STR, 0),
    D(struct meeting, "title", title, M_STR, 0),
    D(struct meeting, "opened_at", opened_at, M_I64, 0),
    D(struct meeting, "closed_at", closed_at, M_I64, 0),
    D(struct meeting, "current_item", current_item, M_I32, INT32_MAX),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc sitting_note_desc[] = {
    D(struct sitting_note, "sitting", sitting, M_I32, SITTING_JOINT),
    D(struct sitting_note, "text", text, M_TEXT, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc group_desc[] = {
    D(struct group, "name", name, M_STR, 0),
    D(struct group, "convener", convener, M_I32, INT32_MAX),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc item_desc[] = {
    D(struct item, "id", id, M_I32, INT32_MAX),
    D(struct item, "kind", kind, M_ENUM, ITEM_KIND_COUNT),
    D(struct item, "state", state, M_ENUM, ITEM_STATE_COUNT),
    D(struct item, "title", title, M_STR, 0),
    D(struct item, "reporter", reporter, M_STR, 0),
    D(struct item, "department", department, M_STR, 0),
    D(struct item, "planned_min", planned_min, M_I32, 24 * 60),
    D(struct item, "note", note, M_TEXT, 0),
    D(struct item, "opened_at", opened_at, M_I64, 0),
    D(struct item, "closed_at", closed_at, M_I64, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc speaker_desc[] = {
    D(struct speaker, "id", id, M_I32, INT32_MAX),
    D(struct speaker, "sitting", sitting, M_I32, 1000),
    D(struct speaker, "person", person, M_I32, INT32_MAX),
    D(struct speaker, "name", name, M_STR, 0),
    D(struct speaker, "scheduled", scheduled, M_BOOL, 0),
    D(struct speaker, "kind", kind, M_ENUM, SPEECH_KIND_COUNT),
    D(struct speaker, "state", state, M_ENUM, SPK_STATE_COUNT),
    D(struct speaker, "started_at", started_at, M_I64, 0),
    D(struct speaker, "ended_at", ended_at, M_I64, 0),
    D(struct speaker, "limit", limit_s, M_I32, 86400),
    D(struct speaker, "extension", extension_s, M_I32, INT32_MAX),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc respondent_desc[] = {
    D(struct respondent, "id", id, M_I32, INT32_MAX),
    D(struct respondent, "name", name, M_STR, 0),
    D(struct respondent, "post", post, M_STR, 0),
    D(struct respondent, "department", department, M_STR, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc document_desc[] = {
    D(struct document, "id", id, M_I32, INT32_MAX),
    D(struct document, "title", title, M_STR, 0),
    D(struct document, "size", size, M_I32, INT32_MAX),
    D(struct document, "sha256", sha256, M_STR, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc question_desc[] = {
    D(struct question, "id", id, M_I32, INT32_MAX),
    D(struct question, "member", member, M_I32, INT32_MAX),
    D(struct question, "respondent", respondent, M_I32, INT32_MAX),
    D(struct question, "text", text, M_TEXT, 0),
    D(struct question, "preregistered", preregistered, M_BOOL, 0),
    D(struct question, "state", state, M_ENUM, Q_STATE_COUNT),
    D(struct question, "followups", followups, M_I32, 5),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc turn_desc[] = {
    D(struct turn, "phase", phase, M_ENUM, Q_STATE_COUNT),
    D(struct turn, "who", who, M_I32, INT32_MAX),
    D(struct turn, "started_at", started_at, M_I64, 0),
    D(struct turn, "ended_at", ended_at, M_I64, 0),
    D(struct turn, "limit", limit_s, M_I32, 86400),
    D(struct turn, "extension", extension_s, M_I32, INT32_MAX),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc nominee_desc[] = {
    D(struct nominee, "case", kind, M_ENUM, CASE_KIND_COUNT),
    D(struct nominee, "organ", organ, M_STR, 0),
    D(struct nominee, "statement", statement, M_TEXT, 0),
    D(struct nominee, "swearing", swearing, M_BOOL, 0),
    D(struct nominee, "sworn", sworn, M_ENUM, OATH_FORM_COUNT),
    D(struct nominee, "leader", leader, M_BOOL, 0),
    D(struct nominee, "sworn_at", sworn_at, M_I64, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc oath_desc[] = {
    D(struct oath, "certificates", certificates, M_BOOL, 0),
    D(struct oath, "running", running, M_BOOL, 0),
    D(struct oath, "form", form, M_ENUM, OATH_FORM_COUNT),
    D(struct oath, "leader", leader, M_I32, INT32_MAX),
    D(struct oath, "started_at", started_at, M_I64, 0),
    D(struct oath, "ended_at", ended_at, M_I64, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc ballot_desc[] = {
    D(struct ballot, "state", state, M_ENUM, BALLOT_STATE_COUNT),
    D(struct ballot, "secret", secret, M_BOOL, 0),
    D(struct ballot, "members", members, M_I32, PEOPLE_MAX),
    D(struct ballot, "signed_in", signed_in, M_I32, PEOPLE_MAX),
    D(struct ballot, "voters", voters, M_I32, PEOPLE_MAX),
    D(struct ballot, "opened_at", opened_at, M_I64, 0),
    D(struct ballot, "closed_at", closed_at, M_I64, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc subject_desc[] = {
    D(struct subject, "id", id, M_I32, INT32_MAX),
    D(struct subject, "name", name, M_STR, 0),
    D(struct subject, "detail", detail, M_STR, 0),
    D(struct subject, "cast", cast, M_I32, PEOPLE_MAX),
    D(struct subject, "verdict", verdict, M_I32, OPTIONS_MAX),
    D(struct subject, "flagged", flagged, M_BOOL, 0),
    {NULL, 0, 0, 0, 0},
};
/* The vote a subject was put to; absent in snapshots from before votes case by case. */
static const struct member_desc vote_desc[] = {
    D(struct subject, "round", round, M_I32, INT32_MAX),
    D(struct subject, "members", members, M_I32, PEOPLE_MAX),
    D(struct subject, "signed_in", signed_in, M_I32, PEOPLE_MAX),
    D(struct subject, "method", method, M_ENUM, COUNT_METHOD_COUNT),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc exam_desc[] = {
    D(struct exam_record, "state", state, M_ENUM, EXAM_STATE_COUNT),
    D(struct exam_record, "attempts", attempts, M_I32, EXAM_ATTEMPTS_MAX),
    D(struct exam_record, "started_at", started_at, M_I64, 0),
    D(struct exam_record, "deadline", deadline, M_I64, 0),
    D(struct exam_record, "questions", questions, M_I32, EXAM_QUESTIONS_MAX),
    D(struct exam_record, "passed", passed, M_BOOL, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc motion_desc[] = {
    D(struct motion, "id", id, M_I32, INT32_MAX),
    D(struct motion, "state", state, M_ENUM, MOTION_STATE_COUNT),
    D(struct motion, "organ", organ, M_STR, 0),
    D(struct motion, "subject", subject, M_STR, 0),
    D(struct motion, "text", text, M_TEXT, 0),
    D(struct motion, "signer_count", signer_count, M_I32, MOTION_SIGNERS_MAX),
    D(struct motion, "drafted_at", drafted_at, M_I64, 0),
    D(struct motion, "registered_at", registered_at, M_I64, 0),
    D(struct motion, "item", item, M_I32, INT32_MAX),
    D(struct motion, "answered", answered, M_BOOL, 0),
    D(struct motion, "oral", oral, M_BOOL, 0),
    D(struct motion, "answer_date", answer_date, M_STR, 0),
    D(struct motion, "answer", answer, M_TEXT, 0),
    D(struct motion, "reanswer", reanswer, M_BOOL, 0),
    {NULL, 0, 0, 0, 0},
};
static const struct member_desc opinion_desc[] = {
    D(struct opinion, "id", id, M_I32, INT32_MAX),
    D(struct opinion, "state", state, M_ENUM, OPINION_STATE_COUNT),
    D(struct opinion, "meeting", meeting, M_I32, INT32_MAX),
    D(struct opinion, "item", item, M_I32, INT32_MAX),
    D(struct opinion, "item_title", item_title, M_STR, 0),
    D(struct opinion, "organ", organ, M_STR, 0),
    D(struct opinion, "text", text, M_TEXT, 0),
    D(struct opinion, "drafted_at", drafted_at, M_I64, 0),
    D(struct opinion, "adopted_at", adopted_at, M_I64, 0),
    D(struct opinion, "adopted_date", adopted_date, M_STR, 0),
    D(struct opinion, "adopted_meeting", adopted_meeting, M_I32, INT32_MAX),
    D(struct opinion, "due", due, M_STR, 0),
    D(struct opinion, "vote_item", vote_item, M_I32, INT32_MAX),
    D(struct opinion, "report_item", report_item, M_I32, INT32_MAX),
    D(struct opinion, "report_meeting", report_meeting, M_I32, INT32_MAX),
    D(struct opinion, "hearings", hearings, M_I32, INT32_MAX),
    {NULL, 0, 0, 0, 0},
};
#undef D

/* Generic members. */

static void members_to_json(cJSON *o, const struct member_desc *d, const void *obj)
{
    for (; d->key; d++) {
        const char *m = (const char *)obj + d->offset;
        switch (d->type) {
        case M_I32:
            cJSON_AddNumberToObject(o, d->key, *(const int32_t *)m);
            break;
        case M_ENUM:
            cJSON_AddNumberToObject(o, d->key, *(const int *)m);
            break;
        case M_I64:
            json_add_int(o, d->key, *(const int64_t *)m);
            break;
        case M_BOOL:
            cJSON_AddBoolToObject(o, d->key, *(const bool *)m);
            break;
        case M_STR:
        case M_TEXT:
            cJSON_AddStringToObject(o, d->key, m);
            break;
        }
    }
}

/* Member d from its JSON value v (NULL when the key is missing). */
static enum core_err member_from_value(const cJSON *v, const struct member_desc *d, char *m,
                                       struct core_error *err)
{
    int64_t n;
    enum core_err rc;
    switch (d->type) {
    case M_I32:
        rc = json_int_value(v, d->key, 0, d->max, &n, err);
        if (rc == ERR_OK) *(int32_t *)m = (int32_t)n;
        return rc;
    case M_ENUM:
        rc = json_int_value(v, d->key, 0, d->max - 1, &n, err);
        if (rc == ERR_OK) *(int *)m = (int)n;
        return rc;
    case M_I64:
        return json_int_value(v, d->key, 0, (int64_t)1 << 52, (int64_t *)m, err);
    case M_BOOL:
        return json_bool_value(v, d->key, (bool *)m, err);
    case M_STR:
        return json_str_value(v, d->key, m, d->size, false, err);
    case M_TEXT:
        return json_str_value(v, d->key, m, d->size, true, err);
    }
    return ERR_OK;
}

static bool listed(const char *const *keys, const char *key)
{
    for (; keys && *keys; keys++)
        if (strcmp(*keys, key) == 0) return true;
    return false;
}

/* Read the members of d from o into obj; the keys of o must be d's plus `extra`, each once.
 * One walk over o's members: a snapshot has thousands of these objects. */
static enum core_err members_from_json(const cJSON *o, const struct member_desc *d,
                                       const char *const *extra, void *obj, struct core_error *err)
{
    enum { MEMBERS_MAX = 24 };
    const cJSON *found[MEMBERS_MAX] = {NULL};
    if (!cJSON_IsObject(o)) return refuse(err, ERR_BAD_MESSAGE, "not an object");
    for (const cJSON *v = o->child; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        int k = 0;
        while (d[k].key && strcmp(d[k].key, key) != 0) k++;
        bool twice = d[k].key ? found[k] != NULL : false;
        for (const cJSON *w = v->next; !d[k].key && !twice && w; w = w->next)
            twice = w->string && strcmp(w->string, key) == 0; /* an extra key, checked here */
        if (twice) return refuse(err, ERR_BAD_MESSAGE, "key '%.40s' twice", key);
        if (!d[k].key && !listed(extra, key))
            return refuse(err, ERR_BAD_MESSAGE, "unknown key '%.40s'", key);
        if (d[k].key) found[k] = v;
    }
    for (int k = 0; d[k].key; k++) {
        enum core_err rc = member_from_value(found[k], &d[k], (char *)obj + d[k].offset, err);
        if (rc != ERR_OK) return rc;
    }
    return ERR_OK;
}

/* Encoding. */

/* A nominee's exam, public: the scores, and which questions are answered, never how. */
static cJSON *exam_to_json(const struct exam_record *x)
{
    cJSON *o = cJSON_CreateObject();
    members_to_json(o, exam_desc, x);
    cJSON_AddItemToObject(o, "scores", cJSON_CreateIntArray(x->scores, EXAM_ATTEMPTS_MAX));
    int answered[EXAM_QUESTIONS_MAX] = {0};
    for (int q = 0; q < x->questions; q++) answered[q] = exam_answered(x, q);
    cJSON_AddItemToObject(o, "answered", cJSON_CreateIntArray(answered, x->questions));
    return o;
}

static cJSON *ballot_to_json(const struct core_state *s, const struct ballot *b)
{
    cJSON *o = cJSON_CreateObject();
    members_to_json(o, ballot_desc, b);
    if (b->round > 1) cJSON_AddNumberToObject(o, "round", b->round); /* votes case by case */
    cJSON *opts = cJSON_AddArrayToObject(o, "options");
    for (int i = 0; i < b->option_count; i++)
        cJSON_AddItemToArray(opts, cJSON_CreateString(b->options[i]));
    cJSON_AddItemToObject(o, "rule", majority_to_json(&b->rule));
    if (b->method != COUNT_KEYPAD) { /* written only when counted by hand: older readers agree */
        cJSON_AddStringToObject(o, "method", kind_name(KN_METHOD, b->method));
        cJSON_AddStringToObject(o, "scrutineers", b->scrutineers);
    }
    if (b->choice_rule) /* written only when not the default: older readers agree */
        cJSON_AddStringToObject(o, "choice_rule",
                                choice_rule_name((enum choice_rule)b->choice_rule));
    bool hide = b->secret && b->state == BALLOT_OPEN && b->method == COUNT_KEYPAD;
    cJSON *subs = cJSON_AddArrayToObject(o, "subjects");
    for (int i = 0; i < b->subject_count; i++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, subject_desc, &b->subjects[i]);
        int32_t zero[OPTIONS_MAX] = {0};
        cJSON_AddItemToObject(
            x, "counts", cJSON_CreateIntArray(hide ? zero : b->subjects[i].counts, OPTIONS_MAX));
        if (b->state != BALLOT_NONE) /* a case still waiting says so: round 0 */
            members_to_json(cJSON_AddObjectToObject(x, "vote"), vote_desc, &b->subjects[i]);
        if (b->subjects[i].nominee.is_case) /* only for a person's case: older readers agree */
            members_to_json(cJSON_AddObjectToObject(x, "nominee"), nominee_desc,
                            &b->subjects[i].nominee);
        if (b->subjects[i].exam.attempts) /* written only once examined: older readers agree */
            cJSON_AddItemToObject(x, "exam", exam_to_json(&b->subjects[i].exam));
        cJSON_AddItemToArray(subs, x);
    }
    cJSON *marks = cJSON_AddArrayToObject(o, "marks");
    for (int p = 0; b->marks && p < b->marks_people && p < s->person_count; p++) {
        int m[SUBJECTS_MAX], any = 0;
        for (int k = 0; k < b->subject_count; k++) any |= m[k] = *ballot_mark(b, p, k);
        if (!any) continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "person", s->people[p].id);
        cJSON_AddItemToObject(x, "marks", cJSON_CreateIntArray(m, b->subject_count));
        cJSON_AddItemToArray(marks, x);
    }
    return o;
}

static cJSON *question_to_json(const struct question *q)
{
    cJSON *o = cJSON_CreateObject();
    members_to_json(o, question_desc, q);
    cJSON *turns = cJSON_AddArrayToObject(o, "turns");
    for (int t = 0; t < q->turn_count; t++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, turn_desc, &q->turns[t]);
        cJSON_AddItemToArray(turns, x);
    }
    return o;
}

static cJSON *item_to_json(const struct core_state *s, const struct item *it)
{
    cJSON *o = cJSON_CreateObject();
    members_to_json(o, item_desc, it);
    cJSON *att = cJSON_AddArrayToObject(o, "attachments");
    for (int i = 0; i < it->attachment_count; i++)
        cJSON_AddItemToArray(att, cJSON_CreateString(it->attachments[i]));
    cJSON *a = cJSON_AddArrayToObject(o, "speakers");
    for (int i = 0; i < it->speaker_count; i++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, speaker_desc, &it->speakers[i]);
        if (it->speakers[i].summary[0]) /* written only when there is one: older readers agree */
            cJSON_AddStringToObject(x, "summary", it->speakers[i].summary);
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "respondents");
    for (int i = 0; i < it->respondent_count; i++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, respondent_desc, &it->respondents[i]);
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "questions");
    for (int i = 0; i < it->question_count; i++)
        cJSON_AddItemToArray(a, question_to_json(&it->questions[i]));
    cJSON_AddItemToObject(o, "ballot", ballot_to_json(s, &it->ballot));
    if (it->oath.certificates) /* written once the oath's first step is done */
        members_to_json(cJSON_AddObjectToObject(o, "oath"), oath_desc, &it->oath);
    if (it->choose) cJSON_AddNumberToObject(o, "choose", it->choose); /* choice items only */
    if (it->runoff_of) cJSON_AddNumberToObject(o, "runoff_of", it->runoff_of);
    if (it->sitting_note_count) { /* the groups' notes: written only when there are some */
        cJSON *n = cJSON_AddArrayToObject(o, "sitting_notes");
        for (int i = 0; i < it->sitting_note_count; i++) {
            cJSON *x = cJSON_CreateObject();
            members_to_json(x, sitting_note_desc, &it->sitting_notes[i]);
            cJSON_AddItemToArray(n, x);
        }
    }
    if (it->document_count) { /* written only when there are documents, as older snapshots */
        cJSON *d = cJSON_AddArrayToObject(o, "documents");
        for (int i = 0; i < it->document_count; i++) {
            cJSON *x = cJSON_CreateObject();
            members_to_json(x, document_desc, &it->documents[i]);
            cJSON_AddItemToArray(d, x);
        }
    }
    return o;
}

static cJSON *int_array_to_json(const int32_t *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

/* How the meeting sits and its groups, written only once it has groups: snapshots before
 * them read as a plenary with none. */
static void sittings_to_json(cJSON *o, const struct meeting *m)
{
    if (m->sits == SITS_PLENARY && m->group_count == 0) return;
    cJSON *x = cJSON_AddObjectToObject(o, "sittings");
    cJSON_AddStringToObject(x, "sits", sitting_mode_name(m->sits));
    json_add_int(x, "since", m->sits_since);
    cJSON *a = cJSON_AddArrayToObject(x, "groups");
    for (int i = 0; i < m->group_count; i++) {
        cJSON *g = cJSON_CreateObject();
        members_to_json(g, group_desc, &m->groups[i]);
        cJSON_AddItemToArray(a, g);
    }
}

/* Written only when there are motions: snapshots before them read as none. */
static void motions_to_json(cJSON *o, const struct core_state *s)
{
    if (!s->motion_count) return;
    cJSON *a = cJSON_AddArrayToObject(o, "motions");
    for (int i = 0; i < s->motion_count; i++) {
        const struct motion *m = &s->motions[i];
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, motion_desc, m);
        cJSON_AddItemToObject(x, "signers", int_array_to_json(m->signers, m->signer_count));
        cJSON_AddItemToObject(x, "verdicts", int_array_to_json(m->verdicts, m->signer_count));
        cJSON_AddItemToArray(a, x);
    }
}

/* Written only when there are opinions: snapshots before them read as none. */
static void opinions_to_json(cJSON *o, const struct core_state *s)
{
    if (!s->opinion_count) return;
    cJSON *a = cJSON_AddArrayToObject(o, "opinions");
    for (int i = 0; i < s->opinion_count; i++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, opinion_desc, &s->opinions[i]);
        cJSON_AddItemToArray(a, x);
    }
}

cJSON *snapshot_to_json(const struct core_state *s)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddNumberToObject(o, "version", SNAPSHOT_VERSION);
    cJSON_AddItemToObject(o, "rules", rules_to_json(&s->rules));
    cJSON_AddNumberToObject(o, "next_id", s->next_id);
    json_add_int(o, "last_time", s->last_time);
    cJSON *people = cJSON_AddArrayToObject(o, "people");
    for (int i = 0; i < s->person_count; i++) {
        cJSON *x = cJSON_CreateObject();
        members_to_json(x, person_desc, &s->people[i]);
        cJSON_AddItemToArray(people, x);
    }
    cJSON *m = cJSON_AddObjectToObject(o, "meeting");
    members_to_json(m, meeting_desc, &s->meeting);
    sittings_to_json(m, &s->meeting);
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (int i = 0; i < s->item_count; i++)
        cJSON_AddItemToArray(items, item_to_json(s, &s->items[i]));
    motions_to_json(o, s);
    opinions_to_json(o, s);
    return o;
}

char *snapshot_encode(const struct core_state *s)
{
    cJSON *o = snapshot_to_json(s);
    char *text = json_print(o);
    cJSON_Delete(o);
    return text;
}

/* Decoding. */

/* Each element of the array o[key] (at most max) is passed to fn with its index. */
typedef enum core_err (*element_fn)(const cJSON *x, int i, void *ctx, struct core_error *err);
static enum core_err each(const cJSON *o, const char *key, int max, element_fn fn, void *ctx,
                          struct core_error *err)
{
    const cJSON *arr = NULL, *x; /* json_array sets it only when it succeeds */
    enum core_err rc = json_array(o, key, max, &arr, err);
    int i = 0;
    cJSON_ArrayForEach(x, arr)
    {
        if (rc != ERR_OK) break;
        rc = fn(x, i++, ctx, err);
    }
    return rc;
}

static enum core_err label_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    char(*labels)[OPTION_LABEL_MAX] = ctx;
    if (!cJSON_IsString(x) || !x->valuestring || strlen(x->valuestring) >= OPTION_LABEL_MAX ||
        !text_ok(x->valuestring, false))
        return refuse(err, ERR_BAD_MESSAGE, "option label");
    strcpy(labels[i], x->valuestring);
    return ERR_OK;
}

static enum core_err int_array(const cJSON *o, const char *key, int count, int32_t max,
                               int32_t *out, struct core_error *err)
{
    const cJSON *arr;
    enum core_err rc = json_array(o, key, count, &arr, err);
    if (rc != ERR_OK) return rc;
    if (cJSON_GetArraySize(arr) != count) return refuse(err, ERR_BAD_MESSAGE, "%s", key);
    for (int k = 0; k < count; k++) {
        const cJSON *n = cJSON_GetArrayItem(arr, k);
        if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > max ||
            n->valuedouble != (int32_t)n->valuedouble)
            return refuse(err, ERR_BAD_MESSAGE, "%s", key);
        out[k] = (int32_t)n->valuedouble;
    }
    return ERR_OK;
}

static enum core_err exam_from_json(const cJSON *o, struct exam_record *x, struct core_error *err)
{
    static const char *const extra[] = {"scores", "answered", NULL};
    memset(x, 0, sizeof *x);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "exam");
    if (!v) return ERR_OK;
    int32_t answered[EXAM_QUESTIONS_MAX];
    enum core_err rc = members_from_json(v, exam_desc, extra, x, err);
    if (rc == ERR_OK) rc = int_array(v, "scores", EXAM_ATTEMPTS_MAX, 100, x->scores, err);
    if (rc == ERR_OK) rc = int_array(v, "answered", x->questions, 1, answered, err);
    if (rc != ERR_OK) return rc;
    if (x->attempts == 0 || (x->state == EXAM_NONE) || x->deadline < x->started_at)
        return refuse(err, ERR_BAD_MESSAGE, "exam");
    for (int q = 0; q < x->questions; q++)
        if (answered[q]) x->answered[q / 32] |= 1u << (q % 32);
    return ERR_OK;
}

static enum core_err subject_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const extra[] = {"counts", "nominee", "vote", "exam", NULL};
    struct ballot *b = ctx;
    struct subject *sub = i == b->subject_count ? ballot_subject_new(b) : NULL;
    if (!sub) return refuse(err, ERR_TOO_MANY, "subjects");
    const cJSON *nominee = cJSON_GetObjectItemCaseSensitive(x, "nominee");
    const cJSON *vote = cJSON_GetObjectItemCaseSensitive(x, "vote");
    enum core_err rc = members_from_json(x, subject_desc, extra, sub, err);
    /* before votes case by case, every subject of an opened ballot was on its one vote */
    sub->round = b->state != BALLOT_NONE;
    sub->members = b->members, sub->signed_in = b->signed_in, sub->method = b->method;
    if (rc == ERR_OK && vote) rc = members_from_json(vote, vote_desc, NULL, sub, err);
    memset(&sub->nominee, 0, sizeof sub->nominee);
    sub->nominee.is_case = nominee != NULL;
    if (rc == ERR_OK && nominee)
        rc = members_from_json(nominee, nominee_desc, NULL, &sub->nominee, err);
    const cJSON *counts;
    if (rc == ERR_OK) rc = json_array(x, "counts", OPTIONS_MAX, &counts, err);
    if (rc != ERR_OK) return rc;
    if (cJSON_GetArraySize(counts) != OPTIONS_MAX) return refuse(err, ERR_BAD_MESSAGE, "counts");
    for (int k = 0; k < OPTIONS_MAX; k++) {
        const cJSON *n = cJSON_GetArrayItem(counts, k);
        if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > PEOPLE_MAX ||
            n->valuedouble != (int32_t)n->valuedouble)
            return refuse(err, ERR_BAD_MESSAGE, "counts");
        sub->counts[k] = (int32_t)n->valuedouble;
    }
    return exam_from_json(x, &sub->exam, err);
}

struct marks_ctx {
    struct core_state *s;
    struct ballot *b;
};

static enum core_err marks_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const keys[] = {"person", "marks", NULL};
    (void)i;
    struct marks_ctx *c = ctx;
    int32_t id;
    const cJSON *arr;
    enum core_err rc = json_only(x, keys, err);
    if (rc == ERR_OK) rc = json_i32(x, "person", 1, INT32_MAX, &id, err);
    if (rc == ERR_OK) rc = json_array(x, "marks", c->b->subject_count, &arr, err);
    if (rc != ERR_OK) return rc;
    int who = core_person_index(c->s, id);
    if (who < 0 || cJSON_GetArraySize(arr) != c->b->subject_count)
        return refuse(err, ERR_BAD_MESSAGE, "marks of person %d", (int)id);
    for (int k = 0; k < c->b->subject_count; k++) {
        const cJSON *n = cJSON_GetArrayItem(arr, k);
        uint8_t *m = ballot_mark(c->b, who, k);
        if (!m || !cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1 + OPTIONS_MAX ||
            n->valuedouble != (uint8_t)n->valuedouble)
            return refuse(err, ERR_BAD_MESSAGE, "marks of person %d", (int)id);
        *m = (uint8_t)n->valuedouble;
    }
    return ERR_OK;
}

static const char *method_name(int i)
{
    return kind_name(KN_METHOD, i);
}

/* A count by hand, when there was one (the keys are absent otherwise). */
static enum core_err count_method_from_json(const cJSON *o, struct ballot *b,
                                            struct core_error *err)
{
    b->method = COUNT_KEYPAD;
    b->scrutineers[0] = '\0';
    if (!cJSON_GetObjectItemCaseSensitive(o, "method")) return ERR_OK;
    int m;
    enum core_err rc = json_name(o, "method", method_name, COUNT_METHOD_COUNT, &m, err);
    if (rc == ERR_OK) b->method = (enum count_method)m;
    if (rc == ERR_OK)
        rc = json_str(o, "scrutineers", b->scrutineers, sizeof b->scrutineers, true, err);
    return rc;
}

static const char *choice_rule_at(int i)
{
    return choice_rule_name((enum choice_rule)i);
}

static enum core_err choice_rule_from_json(const cJSON *o, struct ballot *b, struct core_error *err)
{
    b->choice_rule = CHOICE_MAJORITY_ALL;
    if (!cJSON_GetObjectItemCaseSensitive(o, "choice_rule")) return ERR_OK;
    return json_name(o, "choice_rule", choice_rule_at, CHOICE_RULE_COUNT, &b->choice_rule, err);
}

/* Keys of a choice item, absent on every other item (and in snapshots older than them). */
static enum core_err optional_i32(const cJSON *o, const char *key, int32_t max, int32_t *out,
                                  struct core_error *err)
{
    *out = 0;
    if (!cJSON_GetObjectItemCaseSensitive(o, key)) return ERR_OK;
    return json_i32(o, key, 0, max, out, err);
}

static enum core_err ballot_from_json(const cJSON *o, struct core_state *s, struct ballot *b,
                                      struct core_error *err)
{
    static const char *const extra[] = {"options",     "rule",  "subjects",    "marks", "method",
                                        "scrutineers", "round", "choice_rule", NULL};
    const cJSON *opts;
    enum core_err rc = members_from_json(o, ballot_desc, extra, b, err);
    b->round = b->state != BALLOT_NONE; /* before votes case by case: one vote */
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "round"))
        rc = json_i32(o, "round", 0, INT32_MAX, &b->round, err);
    if (rc == ERR_OK) rc = count_method_from_json(o, b, err);
    if (rc == ERR_OK) rc = choice_rule_from_json(o, b, err);
    if (rc == ERR_OK) rc = majority_from_json(o, "rule", &b->rule, err);
    if (rc == ERR_OK) rc = json_array(o, "options", OPTIONS_MAX, &opts, err);
    if (rc == ERR_OK) b->option_count = cJSON_GetArraySize(opts);
    if (rc == ERR_OK) rc = each(o, "options", OPTIONS_MAX, label_at, b->options, err);
    if (rc == ERR_OK) rc = each(o, "subjects", SUBJECTS_MAX, subject_at, b, err);
    if (rc != ERR_OK) return rc;
    if (b->state != BALLOT_NONE && ballot_resize_marks(b, s->person_count))
        return refuse(err, ERR_TOO_MANY, "marks");
    struct marks_ctx ctx = {s, b};
    return each(o, "marks", PEOPLE_MAX, marks_at, &ctx, err);
}

static enum core_err turn_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct question *q = ctx;
    q->turn_count = i + 1;
    return members_from_json(x, turn_desc, NULL, &q->turns[i], err);
}

#define GROW_AT(arr, count, cap, i, err)                                                           \
    do {                                                                                           \
        if (grow((void **)&(arr), &(cap), (i) + 1, sizeof *(arr)))                                 \
            return refuse(err, ERR_TOO_MANY, "out of memory");                                     \
        (count) = (i) + 1;                                                                         \
    } while (0)

static enum core_err speaker_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const extra[] = {"summary", NULL};
    struct item *it = ctx;
    GROW_AT(it->speakers, it->speaker_count, it->speaker_cap, i, err);
    struct speaker *sp = &it->speakers[i];
    enum core_err rc = members_from_json(x, speaker_desc, extra, sp, err);
    sp->summary[0] = '\0';
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(x, "summary"))
        rc = json_str(x, "summary", sp->summary, sizeof sp->summary, true, err);
    return rc;
}

static enum core_err respondent_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct item *it = ctx;
    GROW_AT(it->respondents, it->respondent_count, it->respondent_cap, i, err);
    return members_from_json(x, respondent_desc, NULL, &it->respondents[i], err);
}

static enum core_err question_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const extra[] = {"turns", NULL};
    struct item *it = ctx;
    GROW_AT(it->questions, it->question_count, it->question_cap, i, err);
    enum core_err rc = members_from_json(x, question_desc, extra, &it->questions[i], err);
    return rc == ERR_OK ? each(x, "turns", TURNS_MAX, turn_at, &it->questions[i], err) : rc;
}

static enum core_err attachment_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct item *it = ctx;
    if (!cJSON_IsString(x) || !x->valuestring || strlen(x->valuestring) >= TITLE_MAX_BYTES ||
        !text_ok(x->valuestring, false))
        return refuse(err, ERR_BAD_MESSAGE, "attachment");
    strcpy(it->attachments[i], x->valuestring);
    it->attachment_count = i + 1;
    return ERR_OK;
}

static enum core_err document_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct item *it = ctx;
    enum core_err rc = members_from_json(x, document_desc, NULL, &it->documents[i], err);
    if (rc == ERR_OK) it->document_count = i + 1;
    return rc;
}

static enum core_err sitting_note_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct item *it = ctx;
    GROW_AT(it->sitting_notes, it->sitting_note_count, it->sitting_note_cap, i, err);
    return members_from_json(x, sitting_note_desc, NULL, &it->sitting_notes[i], err);
}

static enum core_err item_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const extra[] = {"attachments", "speakers",      "respondents", "questions",
                                        "ballot",      "oath",          "choose",      "runoff_of",
                                        "documents",   "sitting_notes", NULL};
    struct core_state *s = ctx;
    GROW_AT(s->items, s->item_count, s->item_cap, i, err);
    struct item *it = &s->items[i];
    const cJSON *ballot = cJSON_GetObjectItemCaseSensitive(x, "ballot");
    enum core_err rc = members_from_json(x, item_desc, extra, it, err);
    if (rc == ERR_OK) rc = each(x, "attachments", ATTACH_MAX, attachment_at, it, err);
    if (rc == ERR_OK) rc = each(x, "speakers", 100000, speaker_at, it, err);
    if (rc == ERR_OK) rc = each(x, "respondents", 1000, respondent_at, it, err);
    if (rc == ERR_OK) rc = each(x, "questions", 100000, question_at, it, err);
    if (rc == ERR_OK && !cJSON_IsObject(ballot)) rc = refuse(err, ERR_BAD_MESSAGE, "'ballot'");
    if (rc == ERR_OK) rc = ballot_from_json(ballot, s, &it->ballot, err);
    const cJSON *oath = cJSON_GetObjectItemCaseSensitive(x, "oath");
    if (rc == ERR_OK && oath) rc = members_from_json(oath, oath_desc, NULL, &it->oath, err);
    if (rc == ERR_OK) rc = optional_i32(x, "choose", SUBJECTS_MAX, &it->choose, err);
    if (rc == ERR_OK) rc = optional_i32(x, "runoff_of", INT32_MAX, &it->runoff_of, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(x, "documents"))
        rc = each(x, "documents", DOCS_MAX, document_at, it, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(x, "sitting_notes"))
        rc = each(x, "sitting_notes", GROUPS_MAX + 1, sitting_note_at, it, err);
    return rc;
}

static enum core_err person_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct core_state *s = ctx;
    GROW_AT(s->people, s->person_count, s->person_cap, i, err);
    return members_from_json(x, person_desc, NULL, &s->people[i], err);
}

static enum core_err motion_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    static const char *const extra[] = {"signers", "verdicts", NULL};
    struct core_state *s = ctx;
    struct motion *m = &s->motions[i];
    memset(m, 0, sizeof *m);
    enum core_err rc = members_from_json(x, motion_desc, extra, m, err);
    if (rc == ERR_OK && m->signer_count < 1) rc = refuse(err, ERR_BAD_MESSAGE, "motion signers");
    if (rc == ERR_OK) rc = int_array(x, "signers", m->signer_count, INT32_MAX, m->signers, err);
    if (rc == ERR_OK)
        rc = int_array(x, "verdicts", m->signer_count, VERDICT_COUNT - 1, m->verdicts, err);
    if (rc == ERR_OK) s->motion_count = i + 1;
    return rc;
}

static enum core_err group_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct meeting *m = ctx;
    enum core_err rc = members_from_json(x, group_desc, NULL, &m->groups[i], err);
    if (rc == ERR_OK) m->group_count = i + 1;
    return rc;
}

static const char *sits_name(int i)
{
    return sitting_mode_name((enum sitting_mode)i);
}

static enum core_err sittings_from_json(const cJSON *meeting, struct meeting *m,
                                        struct core_error *err)
{
    static const char *const keys[] = {"sits", "since", "groups", NULL};
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(meeting, "sittings");
    if (!x) return ERR_OK;
    int sits = 0;
    enum core_err rc = json_only(x, keys, err);
    if (rc == ERR_OK) rc = json_name(x, "sits", sits_name, SITS_MODE_COUNT, &sits, err);
    if (rc == ERR_OK) rc = json_int(x, "since", 0, (int64_t)1 << 52, &m->sits_since, err);
    if (rc == ERR_OK) rc = each(x, "groups", GROUPS_MAX, group_at, m, err);
    m->sits = (enum sitting_mode)sits;
    return rc;
}

static enum core_err opinion_at(const cJSON *x, int i, void *ctx, struct core_error *err)
{
    struct core_state *s = ctx;
    GROW_AT(s->opinions, s->opinion_count, s->opinion_cap, i, err);
    struct opinion *op = &s->opinions[i];
    memset(op, 0, sizeof *op);
    return members_from_json(x, opinion_desc, NULL, op, err);
}

static enum core_err snapshot_fill(const cJSON *o, struct core_state *s, struct core_error *err)
{
    static const char *const keys[] = {"version", "rules", "next_id", "last_time", "people",
                                       "meeting", "items", "motions", "opinions",  NULL};
    static const char *const sittings_key[] = {"sittings", NULL};
    int32_t version;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(o, "rules");
    const cJSON *meeting = cJSON_GetObjectItemCaseSensitive(o, "meeting");
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK)
        rc = json_i32(o, "version", SNAPSHOT_VERSION, SNAPSHOT_VERSION, &version, err);
    if (rc == ERR_OK)
        rc = rules ? rules_from_json(rules, &s->rules, err)
                   : refuse(err, ERR_BAD_MESSAGE, "'rules' is missing");
    if (rc == ERR_OK) rc = json_i32(o, "next_id", 1, INT32_MAX, &s->next_id, err);
    if (rc == ERR_OK) rc = json_int(o, "last_time", 0, (int64_t)1 << 52, &s->last_time, err);
    if (rc == ERR_OK) rc = each(o, "people", PEOPLE_MAX, person_at, s, err);
    if (rc == ERR_OK && core_people_indexed(s) != 0) rc = refuse(err, ERR_TOO_MANY, "people");
    if (rc == ERR_OK && !cJSON_IsObject(meeting)) rc = refuse(err, ERR_BAD_MESSAGE, "'meeting'");
    if (rc == ERR_OK) rc = members_from_json(meeting, meeting_desc, sittings_key, &s->meeting, err);
    if (rc == ERR_OK) rc = sittings_from_json(meeting, &s->meeting, err);
    if (rc == ERR_OK) rc = each(o, "items", ITEMS_MAX, item_at, s, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "motions"))
        rc = each(o, "motions", MOTIONS_MAX, motion_at, s, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "opinions"))
        rc = each(o, "opinions", OPINIONS_MAX, opinion_at, s, err);
    return rc;
}

enum core_err snapshot_from_json(const cJSON *o, struct core_state **out, struct core_error *err)
{
    *out = NULL;
    struct core_state *s = core_state_new(NULL);
    if (!s) return refuse(err, ERR_TOO_MANY, "out of memory");
    enum core_err rc = snapshot_fill(o, s, err);
    if (rc != ERR_OK) {
        core_state_free(s);
        return rc;
    }
    *out = s;
    return ERR_OK;
}

enum core_err snapshot_decode(const char *text, size_t len, struct core_state **out,
                              struct core_error *err)
{
    cJSON *o;
    *out = NULL;
    enum core_err rc = json_parse_object(text, len, &o, err);
    if (rc == ERR_OK) rc = snapshot_from_json(o, out, err);
    cJSON_Delete(o);
    return rc;
}
