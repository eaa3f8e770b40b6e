/* Ballots: satisfaction evaluations (满意度测评) and votes (表决, appointments person by person).
 * Open → each signed-in member casts once per subject → close → results by the rules.  When
 * the keypads fail or the chair calls a show of hands or a paper ballot, the secretary enters
 * the counts instead (ballot_count): they replace what the keypads gave, no more votes than
 * members present, and the same rules give the result.
 * Secret ballots: the public form of a cast carries no choice, and no state links a member
 * to a choice: the marks say only "cast", the counts are kept apart. */
#include <string.h>

#include "core/internal.h"

static const char *const vote_options[] = {"赞成", "反对", "弃权"};

static bool is_ballot(const struct item *it)
{
    return it->kind == ITEM_EVALUATION || it->kind == ITEM_VOTE || it->kind == ITEM_APPOINTMENT ||
           it->kind == ITEM_CHOICE;
}

bool core_on_vote(const struct ballot *b, int k)
{
    return b->state == BALLOT_OPEN && k >= 0 && k < b->subject_count &&
           b->subjects[k].round == b->round;
}

bool core_vote_on_paper(const struct core_state *s, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    for (int k = 0; s->rules.removal_paper && k < b->subject_count; k++)
        if (core_on_vote(b, k) && b->subjects[k].nominee.is_case &&
            b->subjects[k].nominee.kind == CASE_REMOVE)
            return true;
    return false;
}

int32_t core_next_case(const struct item *it)
{
    for (int k = 0; it->kind == ITEM_APPOINTMENT && k < it->ballot.subject_count; k++)
        if (!it->ballot.subjects[k].round) return it->ballot.subjects[k].id;
    return 0;
}

int core_cases_waiting(const struct item *it)
{
    int n = 0;
    for (int k = 0; it->kind == ITEM_APPOINTMENT && k < it->ballot.subject_count; k++)
        n += it->ballot.subjects[k].round == 0;
    return n;
}

static int subject_index(const struct ballot *b, int32_t id)
{
    for (int i = 0; i < b->subject_count; i++)
        if (b->subjects[i].id == id) return i;
    return -1;
}

/* An appointment votes its cases one at a time, or those still waiting together; any other
 * ballot is opened once for all its subjects. */
static enum core_err check_round(const struct item *it, int32_t subject, struct core_error *err)
{
    const struct ballot *b = &it->ballot;
    if (it->kind != ITEM_APPOINTMENT) {
        if (b->state != BALLOT_NONE) return refuse(err, ERR_BALLOT_STATE, "already opened");
        if (subject) return refuse(err, ERR_ITEM_KIND, "only an appointment votes case by case");
        return ERR_OK;
    }
    if (b->state == BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "already open");
    if (b->subject_count > 0 && core_cases_waiting(it) == 0)
        return refuse(err, ERR_BALLOT_STATE, "every case has been voted on");
    int k = subject ? subject_index(b, subject) : 0;
    if (k < 0) return refuse(err, ERR_UNKNOWN_SUBJECT, "%d", (int)subject);
    if (subject && b->subjects[k].round)
        return refuse(err, ERR_BALLOT_STATE, "%s has been voted on", b->subjects[k].name);
    return ERR_OK;
}

VALIDATOR(validate_ballot_open)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = need_plenary(s, err);
    if (rc != ERR_OK) return rc;
    if (!is_ballot(it)) return refuse(err, ERR_ITEM_KIND, "not a ballot");
    if (it->ballot.subject_count == 0) return refuse(err, ERR_NO_SUBJECTS, NULL);
    if ((rc = check_round(it, p->subject, err)) != ERR_OK) return rc;
    if (core_floor(it, SITTING_PLENARY)) return refuse(err, ERR_FLOOR_TAKEN, NULL);
    if (it->kind == ITEM_CHOICE && (rc = choice_open_check(it, err)) != ERR_OK) return rc;
    rc = exam_all_passed(s, it, p->subject, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_BALLOT_OPENED, p);
    return ERR_OK;
}

static enum core_err check_choices(const struct core_state *s, const struct item *it,
                                   const struct params *p, struct core_error *err)
{
    const struct ballot *b = &it->ballot;
    int who = core_person_index(s, p->person);
    if (p->choice_count <= 0) return refuse(err, ERR_BAD_VALUE, "no choices");
    for (int i = 0; i < p->choice_count; i++) {
        const struct choice *c = &p->choices[i];
        int k = subject_index(b, c->subject);
        if (k < 0) return refuse(err, ERR_UNKNOWN_SUBJECT, "%d", (int)c->subject);
        if (!core_on_vote(b, k))
            return refuse(err, ERR_UNKNOWN_SUBJECT, "%s is not on this vote", b->subjects[k].name);
        if (c->option < 0 || c->option >= b->option_count)
            return refuse(err, ERR_BAD_OPTION, "option %d", (int)c->option);
        const uint8_t *m = ballot_mark(b, who, k);
        if (m && *m) return refuse(err, ERR_ALREADY_CAST, "subject %d", (int)c->subject);
        for (int j = 0; j < i; j++)
            if (p->choices[j].subject == c->subject)
                return refuse(err, ERR_ALREADY_CAST, "subject %d twice", (int)c->subject);
    }
    return ERR_OK;
}

VALIDATOR(validate_ballot_cast)
{
    struct item *it;
    struct person *who;
    enum core_err rc = need_self(a, p->person, err);
    if (rc == ERR_OK) rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc == ERR_OK) rc = need_member(s, p->person, &who, err);
    if (rc != ERR_OK) return rc;
    if (it->ballot.state != BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "not open");
    if (it->ballot.method != COUNT_KEYPAD)
        return refuse(err, ERR_BALLOT_STATE, "the ballot was counted by hand");
    if (core_vote_on_paper(s, it))
        return refuse(err, ERR_BALLOT_STATE, "a removal is voted on paper: the count is entered");
    if (who->attendance != ATT_PRESENT) return refuse(err, ERR_NOT_SIGNED_IN, "%s", who->name);
    if (it->kind == ITEM_CHOICE) return choice_cast(s, it, p, out, err);
    rc = check_choices(s, it, p, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_BALLOT_CAST_RECORDED, p);
    e->p.flag = it->ballot.secret;
    return ERR_OK;
}

VALIDATOR(validate_ballot_close)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct ballot *b = &it->ballot;
    if (b->state != BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "not open");
    if (b->method == COUNT_KEYPAD && core_vote_on_paper(s, it))
        return refuse(err, ERR_BALLOT_STATE, "the paper ballots are not counted yet");
    struct event *e = emit(out, EV_BALLOT_CLOSED, NULL);
    e->p.item = it->id;
    e->p.members = core_members(s);
    e->p.signed_in = core_signed_in(s);
    e->p.result_count = 0;
    for (int i = 0; i < b->subject_count; i++) {
        if (!core_on_vote(b, i)) continue;
        struct subject_counts *r = &e->p.results[e->p.result_count++];
        r->subject = b->subjects[i].id;
        memcpy(r->counts, b->subjects[i].counts, sizeof r->counts);
    }
    return ERR_OK;
}

static int32_t counted(const int32_t *counts)
{
    int32_t n = 0;
    for (int o = 0; o < OPTIONS_MAX; o++) n += counts[o];
    return n;
}

int core_on_vote_count(const struct ballot *b)
{
    int n = 0;
    for (int k = 0; k < b->subject_count; k++) n += core_on_vote(b, k);
    return n;
}

/* Every subject on the vote once, each count within the options, no more votes than members
 * present. */
static enum core_err check_counts(const struct core_state *s, const struct ballot *b,
                                  const struct params *p, struct core_error *err)
{
    if (p->result_count != core_on_vote_count(b))
        return refuse(err, ERR_BAD_VALUE, "%d subjects counted, the vote has %d",
                      (int)p->result_count, core_on_vote_count(b));
    int32_t present = core_signed_in(s);
    for (int i = 0; i < p->result_count; i++) {
        const struct subject_counts *r = &p->results[i];
        if (!core_on_vote(b, subject_index(b, r->subject)))
            return refuse(err, ERR_UNKNOWN_SUBJECT, "%d is not on this vote", (int)r->subject);
        for (int j = 0; j < i; j++)
            if (p->results[j].subject == r->subject)
                return refuse(err, ERR_BAD_VALUE, "subject %d counted twice", (int)r->subject);
        for (int o = 0; o < OPTIONS_MAX; o++)
            if (r->counts[o] < 0 || (o >= b->option_count && r->counts[o] > 0))
                return refuse(err, ERR_BAD_OPTION, "option %d", o);
        if (counted(r->counts) > present)
            return refuse(err, ERR_TOO_MANY, "%d votes on subject %d, %d members present",
                          (int)counted(r->counts), (int)r->subject, (int)present);
    }
    return ERR_OK;
}

VALIDATOR(validate_ballot_count)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_meeting_open(s, err);
    if (rc == ERR_OK) rc = need_open_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    const struct ballot *b = &it->ballot;
    if (b->state != BALLOT_OPEN) return refuse(err, ERR_BALLOT_STATE, "not open");
    if (it->kind == ITEM_CHOICE)
        return refuse(err, ERR_ITEM_KIND, "a choice ballot is not counted by hand");
    if (p->kind == COUNT_KEYPAD) return refuse(err, ERR_BAD_VALUE, "kind: not by hand");
    if (p->kind != COUNT_PAPER && core_vote_on_paper(s, it))
        return refuse(err, ERR_BAD_VALUE, "a removal is counted from paper ballots");
    if (p->kind == COUNT_PAPER && !p->text[0])
        return refuse(err, ERR_BAD_VALUE, "a paper ballot names its scrutineers");
    if (strlen(p->text) >= TEXT_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "scrutineers: too long");
    rc = check_counts(s, b, p, err);
    if (rc != ERR_OK) return rc;
    emit(out, EV_BALLOT_COUNTED, p);
    return ERR_OK;
}

/* Appliers. */

/* The options and rule, copied when the ballot first opens. */
static void ballot_setup(struct core_state *s, struct item *it)
{
    struct ballot *b = &it->ballot;
    if (it->kind == ITEM_CHOICE) {
        choice_ballot_setup(b, &s->rules);
    } else if (it->kind == ITEM_EVALUATION) {
        b->option_count = s->rules.evaluation_option_count;
        memcpy(b->options, s->rules.evaluation_options, sizeof b->options);
        b->rule = s->rules.evaluation;
    } else {
        b->option_count = 3;
        for (int i = 0; i < 3; i++) copy_text(b->options[i], OPTION_LABEL_MAX, vote_options[i]);
        b->rule = s->rules.vote;
    }
    b->scrutineers[0] = '\0';
}

/* A vote opens: on one subject (a case of an appointment), or on all still waiting. */
APPLIER(apply_ballot_opened)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    int one = e->p.subject ? subject_index(b, e->p.subject) : -1;
    if (b->state == BALLOT_OPEN || (b->state == BALLOT_CLOSED && it->kind != ITEM_APPOINTMENT) ||
        (e->p.subject && (one < 0 || b->subjects[one].round)))
        return ERR_BALLOT_STATE;
    if (ballot_resize_marks(b, s->person_count)) return ERR_TOO_MANY;
    if (b->state == BALLOT_NONE) ballot_setup(s, it);
    b->round++;
    for (int i = 0; i < b->subject_count; i++) {
        struct subject *sub = &b->subjects[i];
        if (sub->round || (one >= 0 && i != one)) continue;
        sub->round = b->round;
        memset(sub->counts, 0, sizeof sub->counts);
        sub->cast = 0;
    }
    b->voters = 0;
    b->method = COUNT_KEYPAD;
    b->state = BALLOT_OPEN;
    b->opened_at = e->time;
    return ERR_OK;
}

/* Check a cast against the ballot before touching anything, so a bad event changes nothing. */
static enum core_err cast_fits(const struct ballot *b, int who, const struct params *p)
{
    if (b->state != BALLOT_OPEN || b->method != COUNT_KEYPAD) return ERR_BALLOT_STATE;
    if (who < 0 || p->choice_count <= 0) return ERR_UNKNOWN_PERSON;
    for (int i = 0; i < p->choice_count; i++) {
        int k = subject_index(b, p->choices[i].subject);
        if (!core_on_vote(b, k)) return ERR_UNKNOWN_SUBJECT;
        if (p->choices[i].option >= b->option_count) return ERR_BAD_OPTION;
        const uint8_t *m = ballot_mark(b, who, k);
        if (!m) return ERR_UNKNOWN_PERSON;
        if (*m) return ERR_ALREADY_CAST;
    }
    return ERR_OK;
}

APPLIER(apply_ballot_cast_recorded)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    int who = core_person_index(s, e->p.person);
    enum core_err rc = cast_fits(b, who, &e->p);
    if (rc == ERR_OK && it->kind == ITEM_CHOICE) rc = choice_cast_fits(it, &e->p);
    if (rc != ERR_OK) return rc;
    bool first = true; /* the member's first cast on this vote */
    for (int k = 0; k < b->subject_count; k++)
        if (core_on_vote(b, k) && *ballot_mark(b, who, k)) first = false;
    for (int i = 0; i < e->p.choice_count; i++) {
        const struct choice *c = &e->p.choices[i];
        int k = subject_index(b, c->subject);
        b->subjects[k].cast++;
        /* the option is known here on the hub, and everywhere for a named ballot */
        if (c->option >= 0) b->subjects[k].counts[c->option]++;
        *ballot_mark(b, who, k) = (uint8_t)(b->secret || c->option < 0 ? 1 : 2 + c->option);
    }
    b->voters += first;
    return ERR_OK;
}

/* The result of a subject of the vote just closed, with the counts it was taken against. */
static void subject_result(struct subject *sub, const struct ballot *b, const struct item *it)
{
    int32_t cast = 0;
    for (int o = 0; o < b->option_count; o++) cast += sub->counts[o];
    sub->members = b->members;
    sub->signed_in = b->signed_in;
    sub->method = b->method;
    sub->flagged = false;
    if (it->kind == ITEM_EVALUATION)
        sub->verdict = evaluation_verdict(&b->rule, sub->counts, b->option_count, b->members,
                                          b->signed_in, &sub->flagged);
    else
        sub->verdict = vote_passes(&b->rule, sub->counts[0], cast, b->members, b->signed_in);
}

/* results names each subject on the vote once, and nothing else. */
static enum core_err results_fit(const struct ballot *b, const struct params *p)
{
    if (b->state != BALLOT_OPEN || p->result_count != core_on_vote_count(b))
        return ERR_BALLOT_STATE;
    for (int i = 0; i < p->result_count; i++) {
        if (!core_on_vote(b, subject_index(b, p->results[i].subject))) return ERR_UNKNOWN_SUBJECT;
        for (int j = 0; j < i; j++)
            if (p->results[j].subject == p->results[i].subject) return ERR_BAD_VALUE;
    }
    return ERR_OK;
}

APPLIER(apply_ballot_closed)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    enum core_err rc = results_fit(b, &e->p);
    if (rc != ERR_OK) return rc;
    b->members = e->p.members;
    b->signed_in = e->p.signed_in;
    for (int i = 0; i < e->p.result_count; i++) {
        struct subject *sub = &b->subjects[subject_index(b, e->p.results[i].subject)];
        memcpy(sub->counts, e->p.results[i].counts, sizeof sub->counts);
        subject_result(sub, b, it);
    }
    if (it->kind == ITEM_CHOICE) choice_results(it);
    b->state = BALLOT_CLOSED;
    b->closed_at = e->time;
    opinions_vote_closed(s, it, e->time);
    return ERR_OK;
}

/* The counts by hand replace the keypads': public, as a show of hands is. */
APPLIER(apply_ballot_counted)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    if (e->p.kind <= COUNT_KEYPAD || e->p.kind >= COUNT_METHOD_COUNT) return ERR_BALLOT_STATE;
    enum core_err rc = results_fit(b, &e->p);
    if (rc != ERR_OK) return rc;
    b->voters = 0;
    for (int i = 0; i < e->p.result_count; i++) {
        struct subject *sub = &b->subjects[subject_index(b, e->p.results[i].subject)];
        memcpy(sub->counts, e->p.results[i].counts, sizeof sub->counts);
        sub->cast = counted(sub->counts);
        if (sub->cast > b->voters) b->voters = sub->cast; /* at least as many hands */
    }
    b->method = (enum count_method)e->p.kind;
    copy_text(b->scrutineers, sizeof b->scrutineers, e->p.text);
    return ERR_OK;
}

enum core_err core_tally_restore(struct core_state *s, int32_t item, int32_t subject,
                                 int32_t option)
{
    struct item *it = core_item(s, item);
    if (!it) return ERR_UNKNOWN_ITEM;
    struct ballot *b = &it->ballot;
    if (b->state != BALLOT_OPEN || !b->secret || b->method != COUNT_KEYPAD) return ERR_BALLOT_STATE;
    int k = subject_index(b, subject);
    if (!core_on_vote(b, k)) return ERR_UNKNOWN_SUBJECT;
    if (option < 0 || option >= b->option_count) return ERR_BAD_OPTION;
    b->subjects[k].counts[option]++;
    return ERR_OK;
}
