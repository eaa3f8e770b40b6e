/* Choice ballots (差额票决): n candidates (the item's subjects), each member chooses up to k
 * (the item's choose).  A cast is one ballot: the member names the chosen candidates, and the
 * event lists every candidate with option 0 (chosen) or 1 (not chosen), so the public form,
 * which hides the options, says only that the member has cast, never whom they chose.  The
 * results rank the candidates; the rule (rules.choice_rule) decides who is elected, a tie for
 * the last seats is flagged, and the chair may add a run-off (再次投票) among the tied. */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

enum { CHOSEN = 0, NOT_CHOSEN = 1 };

static const char *const choice_options[] = {"选择", "不选"};
static const char runoff_suffix[] = "（再次投票）";

enum core_err choice_open_check(const struct item *it, struct core_error *err)
{
    int n = it->ballot.subject_count;
    if (n < 2) return refuse(err, ERR_BAD_VALUE, "a choice ballot needs two or more candidates");
    if (it->choose < 1 || it->choose >= n)
        return refuse(err, ERR_BAD_VALUE, "choose %d of %d candidates: 1 to %d", (int)it->choose, n,
                      n - 1);
    return ERR_OK;
}

static int candidate_index(const struct ballot *b, int32_t id)
{
    for (int i = 0; i < b->subject_count; i++)
        if (b->subjects[i].id == id) return i;
    return -1;
}

static bool has_cast(const struct ballot *b, int who)
{
    const uint8_t *m = ballot_mark(b, who, 0);
    return m && *m;
}

static int chosen_in(const struct params *p)
{
    int n = 0;
    for (int i = 0; i < p->choice_count; i++) n += p->choices[i].option == CHOSEN;
    return n;
}

/* The member's ballot: known candidates, each named once, with option 0 (chosen) or 1 (not
 * chosen, as a secretary entering a whole paper ballot may say), at most k chosen. */
static enum core_err check_chosen(const struct item *it, const struct params *p,
                                  struct core_error *err)
{
    const struct ballot *b = &it->ballot;
    if (chosen_in(p) > it->choose)
        return refuse(err, ERR_TOO_MANY, "%d candidates chosen, at most %d", chosen_in(p),
                      (int)it->choose);
    for (int i = 0; i < p->choice_count; i++) {
        const struct choice *c = &p->choices[i];
        if (candidate_index(b, c->subject) < 0)
            return refuse(err, ERR_UNKNOWN_SUBJECT, "%d", (int)c->subject);
        if (c->option != CHOSEN && c->option != NOT_CHOSEN)
            return refuse(err, ERR_BAD_OPTION, "option %d: 0 chosen, 1 not chosen", (int)c->option);
        for (int j = 0; j < i; j++)
            if (p->choices[j].subject == c->subject)
                return refuse(err, ERR_DUPLICATE, "candidate %d named twice", (int)c->subject);
    }
    return ERR_OK;
}

enum core_err choice_cast(const struct core_state *s, const struct item *it, const struct params *p,
                          struct event_batch *out, struct core_error *err)
{
    const struct ballot *b = &it->ballot;
    if (has_cast(b, core_person_index(s, p->person)))
        return refuse(err, ERR_ALREADY_CAST, "already cast on this ballot");
    enum core_err rc = check_chosen(it, p, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_BALLOT_CAST_RECORDED, NULL);
    e->p.item = p->item;
    e->p.person = p->person;
    e->p.flag = b->secret;
    e->p.choice_count = b->subject_count;
    for (int k = 0; k < b->subject_count; k++) {
        e->p.choices[k] = (struct choice){b->subjects[k].id, NOT_CHOSEN};
        for (int i = 0; i < p->choice_count; i++)
            if (p->choices[i].subject == b->subjects[k].id)
                e->p.choices[k].option = p->choices[i].option;
    }
    return ERR_OK;
}

/* A choice cast names every candidate once, and chooses at most k of them (options hidden in
 * the public form count as neither). */
enum core_err choice_cast_fits(const struct item *it, const struct params *p)
{
    const struct ballot *b = &it->ballot;
    if (p->choice_count != b->subject_count) return ERR_BAD_VALUE;
    int chosen = 0;
    for (int i = 0; i < p->choice_count; i++) {
        chosen += p->choices[i].option == CHOSEN;
        for (int j = 0; j < i; j++)
            if (p->choices[j].subject == p->choices[i].subject) return ERR_ALREADY_CAST;
    }
    return chosen > it->choose ? ERR_TOO_MANY : ERR_OK;
}

void choice_ballot_setup(struct ballot *b, const struct core_rules *r)
{
    b->option_count = 2;
    for (int i = 0; i < 2; i++) copy_text(b->options[i], OPTION_LABEL_MAX, choice_options[i]);
    b->rule = (struct majority_rule){BASE_ALL_MEMBERS, MORE_THAN_HALF};
    b->choice_rule = r->choice_rule >= 0 && r->choice_rule < CHOICE_RULE_COUNT
                         ? r->choice_rule
                         : CHOICE_MAJORITY_ALL;
}

/* On close: verdict 1 elected, 2 tied for the last seats (flagged), 0 not elected. */
void choice_results(struct item *it)
{
    struct ballot *b = &it->ballot;
    int32_t votes[SUBJECTS_MAX];
    enum choice_status status[SUBJECTS_MAX];
    for (int i = 0; i < b->subject_count; i++) votes[i] = b->subjects[i].counts[CHOSEN];
    choice_result((enum choice_rule)b->choice_rule, votes, b->subject_count, it->choose, b->members,
                  b->voters, status);
    for (int i = 0; i < b->subject_count; i++) {
        b->subjects[i].verdict = (int)status[i];
        b->subjects[i].flagged = status[i] == CHOICE_TIED;
    }
}

int core_choice_seats_left(const struct item *it)
{
    const struct ballot *b = &it->ballot;
    if (it->kind != ITEM_CHOICE || b->state != BALLOT_CLOSED) return 0;
    int elected = 0;
    for (int i = 0; i < b->subject_count; i++) elected += b->subjects[i].verdict == CHOICE_ELECTED;
    return it->choose > elected ? it->choose - elected : 0;
}

int core_choice_tied(const struct item *it)
{
    const struct ballot *b = &it->ballot;
    int tied = 0;
    if (it->kind != ITEM_CHOICE || b->state != BALLOT_CLOSED) return 0;
    for (int i = 0; i < b->subject_count; i++) tied += b->subjects[i].flagged;
    return tied;
}

struct item *core_runoff_of(const struct core_state *s, int32_t item)
{
    for (int i = 0; i < s->item_count; i++)
        if (s->items[i].runoff_of == item) return &s->items[i];
    return NULL;
}

/* The run-off's title: the first ballot's, cut at a character boundary to leave room for the
 * suffix. */
static void runoff_title(char *out, size_t cap, const char *title)
{
    size_t n = strlen(title), room = cap - sizeof runoff_suffix;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80) n--;
    }
    snprintf(out, cap, "%.*s%s", (int)n, title, runoff_suffix);
}

VALIDATOR(validate_ballot_runoff)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (s->meeting.state == MEETING_CLOSED) return refuse(err, ERR_MEETING_STATE, "meeting closed");
    if (it->kind != ITEM_CHOICE) return refuse(err, ERR_ITEM_KIND, "not a choice item");
    if (it->ballot.state != BALLOT_CLOSED) return refuse(err, ERR_BALLOT_STATE, "not closed");
    if (!core_choice_tied(it)) return refuse(err, ERR_BAD_VALUE, "no tie to decide");
    const struct item *before = core_runoff_of(s, it->id);
    if (before)
        return refuse(err, ERR_DUPLICATE, "run-off already added: item %d", (int)before->id);
    if (s->item_count >= ITEMS_MAX) return refuse(err, ERR_TOO_MANY, "items");
    struct event *e = emit(out, EV_RUNOFF_ADDED, NULL);
    e->p.item = it->id;
    e->p.id = s->next_id;
    e->p.choose = core_choice_seats_left(it);
    e->p.flag = it->ballot.secret;
    runoff_title(e->p.title, sizeof e->p.title, it->title);
    return ERR_OK;
}

static int item_position(const struct core_state *s, int32_t id)
{
    for (int i = 0; i < s->item_count; i++)
        if (s->items[i].id == id) return i;
    return -1;
}

static enum core_err runoff_fill(struct item *r, const struct item *first, const struct event *e)
{
    r->id = e->p.id;
    r->kind = ITEM_CHOICE;
    r->runoff_of = first->id;
    r->choose = e->p.choose;
    r->ballot.secret = e->p.flag;
    copy_text(r->title, sizeof r->title, e->p.title);
    copy_text(r->reporter, sizeof r->reporter, first->reporter);
    copy_text(r->department, sizeof r->department, first->department);
    int32_t id = e->p.id;
    for (int i = 0; i < first->ballot.subject_count; i++) {
        const struct subject *c = &first->ballot.subjects[i];
        if (!c->flagged) continue;
        struct subject *sub = ballot_subject_new(&r->ballot);
        if (!sub) return ERR_TOO_MANY;
        sub->id = ++id;
        copy_text(sub->name, sizeof sub->name, c->name);
        copy_text(sub->detail, sizeof sub->detail, c->detail);
    }
    return ERR_OK;
}

/* The run-off goes right after the first ballot; its candidates take the ids after its own. */
APPLIER(apply_runoff_added)
{
    int at = item_position(s, e->p.item);
    if (at < 0) return ERR_UNKNOWN_ITEM;
    const struct item *first = &s->items[at];
    int tied = core_choice_tied(first);
    if (!tied || core_item(s, e->p.id) || core_runoff_of(s, first->id)) return ERR_BAD_MESSAGE;
    if (e->p.choose < 1 || e->p.choose >= tied) return ERR_BAD_VALUE;
    struct item r = {0}; /* filled first: a failure leaves the agenda as it was */
    if (runoff_fill(&r, first, e) != ERR_OK ||
        grow((void **)&s->items, &s->item_cap, s->item_count + 1, sizeof *s->items)) {
        item_free(&r);
        return ERR_TOO_MANY;
    }
    gap_at(s->items, &s->item_count, at + 1, sizeof *s->items);
    s->items[at + 1] = r;
    if (e->p.id + tied >= s->next_id) s->next_id = e->p.id + tied + 1;
    return ERR_OK;
}
