/* The pre-appointment law exam (任前法律知识考试) of a nominee on an appointment item: a paper
 * drawn by the hub (exam_start), answers given until the deadline (exam_answer), then handed
 * in by the examinee, the secretary or the hub at the deadline (exam_hand_in), scored here.
 * One retake (补考) by default after a fail.  Where the rules require it, a nominee without a
 * pass cannot be put to a vote (ballot.c asks exam_all_passed).
 * The paper's questions, their answers and the answers given live only in the hub's state
 * (s->papers): the public forms of exam_started and exam_answered carry none (event_publicize). */
#include <string.h>

#include "core/internal.h"

int32_t exam_score(const uint8_t *key, const uint8_t *given, int32_t n)
{
    if (n <= 0) return 0;
    int32_t right = 0;
    for (int32_t i = 0; i < n; i++) right += key[i] != 0 && given[i] == key[i];
    return (200 * right + n) / (2 * n); /* 100 * right / n, rounded half up */
}

/* ---- the hub's papers ---- */

static struct exam_paper *paper_of(const struct core_state *s, int32_t subject)
{
    for (int i = 0; i < s->paper_count; i++)
        if (s->papers[i].subject == subject) return &s->papers[i];
    return NULL;
}

const struct exam_paper *core_exam_paper(const struct core_state *s, int32_t subject)
{
    return paper_of(s, subject);
}

/* The nominee's paper, new and empty; NULL when out of memory. */
static struct exam_paper *paper_new(struct core_state *s, int32_t subject)
{
    struct exam_paper *p = paper_of(s, subject);
    if (!p && grow((void **)&s->papers, &s->paper_cap, s->paper_count + 1, sizeof *s->papers))
        return NULL;
    if (!p) p = &s->papers[s->paper_count++];
    memset(p, 0, sizeof *p);
    p->subject = subject;
    return p;
}

static void paper_drop(struct core_state *s, int32_t subject)
{
    struct exam_paper *p = paper_of(s, subject);
    if (p) remove_at(s->papers, &s->paper_count, (int)(p - s->papers), sizeof *p);
}

bool exam_answered(const struct exam_record *x, int q)
{
    return q >= 0 && q < EXAM_QUESTIONS_MAX && (x->answered[q / 32] >> (q % 32) & 1u);
}

static void mark_answered(struct exam_record *x, int q, bool on)
{
    uint32_t bit = 1u << (q % 32);
    x->answered[q / 32] = on ? x->answered[q / 32] | bit : x->answered[q / 32] & ~bit;
}

static struct subject *nominee(const struct core_state *s, int32_t item, int32_t id,
                               struct item **it)
{
    *it = core_item(s, item);
    if (!*it || (*it)->kind != ITEM_APPOINTMENT) return NULL;
    return core_subject(&(*it)->ballot, id);
}

const struct exam_record *core_exam(const struct core_state *s, int32_t subject,
                                    const struct item **item)
{
    for (int i = 0; i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (it->kind != ITEM_APPOINTMENT) continue;
        const struct subject *sub = core_subject(&it->ballot, subject);
        if (!sub) continue;
        if (item) *item = it;
        return &sub->exam;
    }
    return NULL;
}

/* The item, the nominee, and the actor's right to act for them: an examinee console only for
 * its own nominee. */
static enum core_err need_nominee(const struct core_state *s, const struct actor *a,
                                  const struct params *p, struct subject **sub,
                                  struct core_error *err)
{
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->kind != ITEM_APPOINTMENT) return refuse(err, ERR_ITEM_KIND, "not an appointment");
    *sub = nominee(s, p->item, p->id, &it);
    if (!*sub) return refuse(err, ERR_UNKNOWN_SUBJECT, "nominee %d", (int)p->id);
    if (a->role == ROLE_EXAMINEE && a->person != p->id)
        return refuse(err, ERR_NOT_YOURS, "examinee of %d acting for %d", (int)a->person,
                      (int)p->id);
    return ERR_OK;
}

static enum core_err check_paper(const struct params *p, struct core_error *err)
{
    if (p->paper_count <= 0) return refuse(err, ERR_EXAM_BANK, NULL);
    if (p->paper_count > EXAM_QUESTIONS_MAX)
        return refuse(err, ERR_TOO_MANY, "%d questions", (int)p->paper_count);
    for (int i = 0; i < p->paper_count; i++) {
        if (p->paper_key[i] == 0 || p->paper_key[i] >= EXAM_HIDDEN)
            return refuse(err, ERR_BAD_VALUE, "answer of question %d", (int)p->paper[i]);
        for (int j = 0; j < i; j++)
            if (p->paper[j] == p->paper[i])
                return refuse(err, ERR_DUPLICATE, "question %d twice", (int)p->paper[i]);
    }
    return ERR_OK;
}

VALIDATOR(validate_exam_start)
{
    struct subject *sub;
    enum core_err rc = need_nominee(s, a, p, &sub, err);
    if (rc != ERR_OK) return rc;
    const struct item *it = core_item(s, p->item);
    if (it->state == ITEM_CLOSED || sub->round)
        return refuse(err, ERR_ITEM_STATE, "item %d is closed or %s has been put to the vote",
                      (int)p->item, sub->name);
    if (!core_case_needs_exam(sub))
        return refuse(err, ERR_EXAM_STATE, "%s: a dismissal or removal takes no exam", sub->name);
    const struct exam_record *x = &sub->exam;
    if (x->state == EXAM_RUNNING) return refuse(err, ERR_EXAM_STATE, "a paper is running");
    if (x->passed) return refuse(err, ERR_EXAM_STATE, "%s has passed", sub->name);
    if (x->attempts >= 1 + s->rules.exam.retakes || x->attempts >= EXAM_ATTEMPTS_MAX)
        return refuse(err, ERR_NO_RETAKE_LEFT, "%s: %d attempts", sub->name, (int)x->attempts);
    rc = check_paper(p, err);
    if (rc != ERR_OK) return rc;
    struct event *e = emit(out, EV_EXAM_STARTED, p);
    e->p.number = x->attempts + 1;
    e->p.position = p->paper_count;
    e->p.seconds = s->rules.exam.minutes * 60;
    return ERR_OK;
}

/* A running paper, and the hub's time before its deadline (past it, the paper may have been
 * handed in by the hub already: the answer is late either way). */
static enum core_err need_running(const struct subject *sub, int64_t now, struct core_error *err)
{
    const struct exam_record *x = &sub->exam;
    if (x->attempts > 0 && now > x->deadline)
        return refuse(err, ERR_EXAM_TIME_UP, "the deadline of %s's paper has passed", sub->name);
    if (x->state != EXAM_RUNNING)
        return refuse(err, ERR_EXAM_STATE, "no paper of %s is running", sub->name);
    return ERR_OK;
}

VALIDATOR(validate_exam_answer)
{
    struct subject *sub;
    enum core_err rc = need_nominee(s, a, p, &sub, err);
    if (rc == ERR_OK) rc = need_running(sub, p->now, err);
    if (rc != ERR_OK) return rc;
    if (p->position >= sub->exam.questions)
        return refuse(err, ERR_BAD_VALUE, "question %d of %d", (int)p->position + 1,
                      (int)sub->exam.questions);
    if (p->number >= EXAM_HIDDEN) return refuse(err, ERR_BAD_OPTION, "answer %d", (int)p->number);
    emit(out, EV_EXAM_ANSWERED, p);
    return ERR_OK;
}

/* Handed in by the examinee or the secretary, or by the hub at the deadline: scored here. */
VALIDATOR(validate_exam_hand_in)
{
    struct subject *sub;
    enum core_err rc = need_nominee(s, a, p, &sub, err);
    if (rc != ERR_OK) return rc;
    const struct exam_record *x = &sub->exam;
    if (x->state != EXAM_RUNNING)
        return refuse(err, ERR_EXAM_STATE, "no paper of %s is running", sub->name);
    const struct exam_paper *paper = paper_of(s, sub->id);
    struct event *e = emit(out, EV_EXAM_FINISHED, p);
    e->p.number = paper ? exam_score(paper->key, paper->given, x->questions) : 0;
    e->p.flag = e->p.number >= s->rules.exam.pass_mark;
    e->p.position = x->attempts;
    return ERR_OK;
}

bool core_case_needs_exam(const struct subject *sub)
{
    return !sub->nominee.is_case || sub->nominee.kind == CASE_APPOINT ||
           sub->nominee.kind == CASE_ACTING;
}

/* Every appointment about to be put to the vote (the one case `subject`, or all still waiting)
 * has passed, where the rules require the exam; else refuse naming the first who has not. */
enum core_err exam_all_passed(const struct core_state *s, const struct item *it, int32_t subject,
                              struct core_error *err)
{
    if (!s->rules.exam.required || it->kind != ITEM_APPOINTMENT) return ERR_OK;
    for (int i = 0; i < it->ballot.subject_count; i++) {
        const struct subject *sub = &it->ballot.subjects[i];
        if (sub->round || (subject && sub->id != subject) || !core_case_needs_exam(sub)) continue;
        if (!sub->exam.passed) return refuse(err, ERR_NO_EXAM_PASS, "%s", sub->name);
    }
    return ERR_OK;
}

/* Appliers: each checks that the event fits before it changes anything. */

APPLIER(apply_exam_started)
{
    struct item *it;
    struct subject *sub = nominee(s, e->p.item, e->p.id, &it);
    if (!sub) return ERR_UNKNOWN_SUBJECT;
    struct exam_record *x = &sub->exam;
    if (x->state == EXAM_RUNNING || e->p.number != x->attempts + 1 ||
        e->p.number > EXAM_ATTEMPTS_MAX || e->p.position <= 0 || e->p.position > EXAM_QUESTIONS_MAX)
        return ERR_EXAM_STATE;
    x->state = EXAM_RUNNING;
    x->attempts = e->p.number;
    x->started_at = e->time;
    x->deadline = e->time + (int64_t)e->p.seconds * 1000;
    x->questions = e->p.position;
    memset(x->answered, 0, sizeof x->answered);
    paper_drop(s, sub->id);
    if (e->p.paper_count != x->questions) return ERR_OK; /* a replica: the public form */
    struct exam_paper *p = paper_new(s, sub->id);        /* the hub's own form has the paper */
    if (!p) return ERR_OK; /* out of memory: the hand-in scores what is known, nothing */
    memcpy(p->question, e->p.paper, (size_t)x->questions * sizeof *p->question);
    memcpy(p->key, e->p.paper_key, (size_t)x->questions);
    return ERR_OK;
}

APPLIER(apply_exam_answered)
{
    struct item *it;
    struct subject *sub = nominee(s, e->p.item, e->p.id, &it);
    if (!sub) return ERR_UNKNOWN_SUBJECT;
    struct exam_record *x = &sub->exam;
    if (x->state != EXAM_RUNNING || e->p.position < 0 || e->p.position >= x->questions ||
        e->p.number < 0 || e->p.number > EXAM_HIDDEN)
        return ERR_EXAM_STATE;
    mark_answered(x, e->p.position, e->p.number != 0);
    struct exam_paper *p = paper_of(s, sub->id);
    if (p && e->p.number < EXAM_HIDDEN) p->given[e->p.position] = (uint8_t)e->p.number;
    return ERR_OK;
}

APPLIER(apply_exam_finished)
{
    struct item *it;
    struct subject *sub = nominee(s, e->p.item, e->p.id, &it);
    if (!sub) return ERR_UNKNOWN_SUBJECT;
    struct exam_record *x = &sub->exam;
    if (x->state != EXAM_RUNNING || e->p.number < 0 || e->p.number > 100) return ERR_EXAM_STATE;
    x->state = EXAM_DONE;
    x->scores[x->attempts - 1] = e->p.number;
    x->passed = e->p.flag;
    paper_drop(s, sub->id);
    return ERR_OK;
}

enum core_err core_exam_restore(struct core_state *s, int32_t item, int32_t subject,
                                int32_t position, int32_t question, uint8_t key, uint8_t given)
{
    struct item *it;
    struct subject *sub = nominee(s, item, subject, &it);
    if (!sub) return ERR_UNKNOWN_SUBJECT;
    struct exam_record *x = &sub->exam;
    if (x->state != EXAM_RUNNING) return ERR_EXAM_STATE;
    if (position < 0 || position >= x->questions || key == 0 || key >= EXAM_HIDDEN ||
        given >= EXAM_HIDDEN)
        return ERR_BAD_VALUE;
    struct exam_paper *p = paper_of(s, subject);
    if (!p) p = paper_new(s, subject);
    if (!p) return ERR_TOO_MANY;
    p->question[position] = question;
    p->key[position] = key;
    p->given[position] = given;
    mark_answered(x, position, given != 0);
    return ERR_OK;
}
