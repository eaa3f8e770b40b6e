/* Sittings (PROCEDURES §2): the meeting sits in plenary (全体会议), splits into groups that sit
 * in parallel (分组会议), or sits as one joint group sitting (联组会议); the chair calls everyone
 * back to plenary for the votes.  Each group has a convener (召集人): the one the secretary
 * named, else the members take turns meeting by meeting. */
#include <string.h>

#include "core/internal.h"

const struct group *core_group(const struct core_state *s, int32_t sitting)
{
    return sitting >= 1 && sitting <= s->meeting.group_count ? &s->meeting.groups[sitting - 1]
                                                             : NULL;
}

int32_t core_group_sitting(const struct core_state *s, const char *name)
{
    for (int i = 0; name[0] && i < s->meeting.group_count; i++)
        if (strcmp(s->meeting.groups[i].name, name) == 0) return i + 1;
    return 0;
}

int32_t core_sitting_of(const struct core_state *s, int32_t person)
{
    if (s->meeting.sits == SITS_PLENARY) return SITTING_PLENARY;
    if (s->meeting.sits == SITS_JOINT) return SITTING_JOINT;
    const struct person *who = core_person(s, person);
    int32_t k = who ? core_group_sitting(s, who->group) : 0;
    return k ? k : -1;
}

static bool in_group(const struct person *x, const struct group *g)
{
    return x->kind == PERSON_MEMBER && strcmp(x->group, g->name) == 0;
}

int32_t core_group_members(const struct core_state *s, int32_t sitting, int32_t *signed_in)
{
    const struct group *g = core_group(s, sitting);
    int32_t n = 0, here = 0;
    for (int i = 0; g && i < s->person_count; i++) {
        n += in_group(&s->people[i], g);
        here += in_group(&s->people[i], g) && s->people[i].attendance == ATT_PRESENT;
    }
    if (signed_in) *signed_in = here;
    return n;
}

int32_t core_convener(const struct core_state *s, int32_t sitting)
{
    const struct group *g = core_group(s, sitting);
    if (!g) return 0;
    const struct person *named = core_person(s, g->convener);
    if (named && in_group(named, g)) return named->id;
    int32_t n = core_group_members(s, sitting, NULL);
    if (n == 0) return 0;
    int32_t turn = (s->meeting.number > 0 ? s->meeting.number - 1 : 0) % n;
    for (int i = 0; i < s->person_count; i++)
        if (in_group(&s->people[i], g) && turn-- == 0) return s->people[i].id;
    return 0;
}

const char *core_note(const struct item *it, int32_t sitting)
{
    if (sitting == SITTING_PLENARY) return it->note;
    for (int i = 0; i < it->sitting_note_count; i++)
        if (it->sitting_notes[i].sitting == sitting) return it->sitting_notes[i].text;
    return "";
}

/* Store the note of a group's or the joint sitting's deliberation of the item. */
enum core_err sitting_note_set(struct item *it, int32_t sitting, const char *text)
{
    for (int i = 0; i < it->sitting_note_count; i++)
        if (it->sitting_notes[i].sitting == sitting) {
            copy_text(it->sitting_notes[i].text, sizeof it->sitting_notes[i].text, text);
            return ERR_OK;
        }
    if (grow((void **)&it->sitting_notes, &it->sitting_note_cap, it->sitting_note_count + 1,
             sizeof *it->sitting_notes))
        return ERR_TOO_MANY;
    struct sitting_note *n = &it->sitting_notes[it->sitting_note_count++];
    n->sitting = sitting;
    copy_text(n->text, sizeof n->text, text);
    return ERR_OK;
}

bool core_floor_any(const struct item *it)
{
    for (int i = 0; i < it->speaker_count; i++)
        if (it->speakers[i].state == SPK_SPEAKING) return true;
    return false;
}

/* The members' groups not yet in the meeting's table, in roster order (one more than there is
 * room for at most: enough to tell there are too many). */
enum { NEW_GROUPS_MAX = GROUPS_MAX + 1 };
static int new_groups(const struct core_state *s, const char *names[NEW_GROUPS_MAX])
{
    int n = 0;
    for (int i = 0; i < s->person_count && n < NEW_GROUPS_MAX; i++) {
        const struct person *x = &s->people[i];
        if (x->kind != PERSON_MEMBER || !x->group[0] || core_group_sitting(s, x->group)) continue;
        bool seen = false;
        for (int k = 0; k < n && !seen; k++) seen = strcmp(names[k], x->group) == 0;
        if (!seen) names[n++] = x->group;
    }
    return n;
}

static enum core_err check_split(const struct core_state *s, const struct item *it,
                                 struct core_error *err)
{
    if (it->ballot.state == BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "ballot open");
    if (core_active_question(it)) return refuse(err, ERR_QUESTION_STATE, "a question runs");
    if (s->meeting.sits == SITS_PLENARY && core_floor(it, SITTING_PLENARY))
        return refuse(err, ERR_FLOOR_TAKEN, "in plenary");
    const char *names[NEW_GROUPS_MAX];
    int fresh = new_groups(s, names);
    if (s->meeting.group_count + fresh == 0)
        return refuse(err, ERR_SITTING_STATE, "no member has a group on the roster");
    if (s->meeting.group_count + fresh > GROUPS_MAX)
        return refuse(err, ERR_TOO_MANY, "groups: at most %d", GROUPS_MAX);
    return ERR_OK;
}

VALIDATOR(validate_sitting_set)
{
    (void)a;
    enum core_err rc = need_meeting_open(s, err);
    if (rc != ERR_OK) return rc;
    if (p->kind == (int32_t)s->meeting.sits)
        return refuse(err, ERR_SITTING_STATE, "already %s", sitting_mode_name(s->meeting.sits));
    if (p->kind != SITS_PLENARY) {
        struct item *it = core_open_item(s);
        if (!it) return refuse(err, ERR_ITEM_STATE, "no item open to deliberate");
        rc = check_split(s, it, err);
        if (rc != ERR_OK) return rc;
    }
    emit(out, EV_SITTING_CHANGED, p);
    return ERR_OK;
}

VALIDATOR(validate_convener_set)
{
    (void)a;
    enum core_err rc = need_meeting_not_closed(s, err);
    if (rc != ERR_OK) return rc;
    const struct person *who = core_person(s, p->person);
    if (!who) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)p->person);
    if (who->kind != PERSON_MEMBER) return refuse(err, ERR_NOT_A_MEMBER, "%s", who->name);
    if (strcmp(who->group, p->group) != 0)
        return refuse(err, ERR_WRONG_GROUP, "%s is in %s, not %s", who->name,
                      who->group[0] ? who->group : "no group", p->group);
    if (!core_group_sitting(s, p->group) && s->meeting.group_count >= GROUPS_MAX)
        return refuse(err, ERR_TOO_MANY, "groups: at most %d", GROUPS_MAX);
    emit(out, EV_CONVENER_NAMED, p);
    return ERR_OK;
}

static struct group *add_group(struct core_state *s, const char *name)
{
    int32_t k = core_group_sitting(s, name);
    if (k) return &s->meeting.groups[k - 1];
    if (s->meeting.group_count >= GROUPS_MAX) return NULL;
    struct group *g = &s->meeting.groups[s->meeting.group_count++];
    memset(g, 0, sizeof *g);
    copy_text(g->name, sizeof g->name, name);
    return g;
}

/* The groups take their sittings in roster order, whenever the first is named. */
static enum core_err add_new_groups(struct core_state *s)
{
    const char *names[NEW_GROUPS_MAX];
    int n = new_groups(s, names);
    for (int i = 0; i < n; i++)
        if (!add_group(s, names[i])) return ERR_TOO_MANY;
    return ERR_OK;
}

/* Does sitting k sit while the meeting sits as mode? */
static bool sits_in(int32_t k, enum sitting_mode mode)
{
    if (mode == SITS_GROUPS) return k >= 1 && k <= GROUPS_MAX;
    return k == (mode == SITS_JOINT ? SITTING_JOINT : SITTING_PLENARY);
}

/* Speeches of the sittings that rise end when the meeting sits otherwise. */
static void end_risen(struct core_state *s, enum sitting_mode mode, int64_t now)
{
    for (int i = 0; i < s->item_count; i++)
        for (int k = 0; k < s->items[i].speaker_count; k++) {
            struct speaker *sp = &s->items[i].speakers[k];
            if (sp->state != SPK_SPEAKING || sits_in(sp->sitting, mode)) continue;
            sp->state = SPK_DONE;
            sp->ended_at = now;
        }
}

APPLIER(apply_sitting_changed)
{
    if (e->p.kind < 0 || e->p.kind >= SITS_MODE_COUNT) return ERR_BAD_VALUE;
    enum sitting_mode mode = (enum sitting_mode)e->p.kind;
    if (mode == SITS_GROUPS && add_new_groups(s) != ERR_OK) return ERR_TOO_MANY;
    end_risen(s, mode, e->time);
    s->meeting.sits = mode;
    s->meeting.sits_since = e->time;
    return ERR_OK;
}

APPLIER(apply_convener_named)
{
    enum core_err rc = add_new_groups(s);
    if (rc != ERR_OK) return rc;
    struct group *g = add_group(s, e->p.group);
    if (!g) return ERR_TOO_MANY;
    g->convener = e->p.person;
    return ERR_OK;
}
