/* Property test: thousands of random command sequences (seeded, reproducible).  After every
 * step: a replica that applied only the broadcast (public) events has the hub's public state;
 * the snapshot round-trips; a refused command changed nothing; nobody has two ballots on one
 * subject; on the hub the tallies add up to the receipts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_fixture.h"

enum { SEEDS = 100, STEPS = 100 };

struct rng {
    uint64_t x;
};

static uint32_t next(struct rng *r)
{
    r->x ^= r->x << 13;
    r->x ^= r->x >> 7;
    r->x ^= r->x << 17;
    return (uint32_t)(r->x >> 11);
}

static int pick(struct rng *r, int n)
{
    return n > 0 ? (int)(next(r) % (uint32_t)n) : 0;
}

static const enum command_type flow[] = {
    CMD_SIGN_IN,      CMD_MEETING_OPEN,      CMD_MEETING_RESUME,
    CMD_ITEM_OPEN,    CMD_ITEM_CLOSE,        CMD_BALLOT_OPEN,
    CMD_BALLOT_CAST,  CMD_BALLOT_CAST,       CMD_BALLOT_CAST,
    CMD_BALLOT_CLOSE, CMD_FLOOR_REQUEST,     CMD_FLOOR_GRANT,
    CMD_SPEECH_END,   CMD_QUESTION_REGISTER, CMD_QUESTION_CALL,
    CMD_ANSWER_START, CMD_FOLLOWUP_START,    CMD_FOLLOWUP_ANSWER_START,
    CMD_QUESTION_END, CMD_TIME_EXTEND,       CMD_SUBJECT_ADD,
    CMD_EXAM_START,   CMD_EXAM_ANSWER,       CMD_EXAM_ANSWER,
    CMD_EXAM_HAND_IN,
};

static int32_t any_item(struct rng *r, const struct core_state *s)
{
    if (s->meeting.current_item && pick(r, 4)) return s->meeting.current_item;
    if (s->item_count == 0 || pick(r, 20) == 0) return pick(r, 60);
    return s->items[pick(r, s->item_count)].id;
}

static int32_t any_person(struct rng *r, const struct core_state *s)
{
    if (s->person_count == 0 || pick(r, 30) == 0) return pick(r, 80);
    return s->people[pick(r, s->person_count)].id;
}

/* An id of something on the item (speaker, question, subject, respondent), or junk. */
static int32_t any_thing(struct rng *r, const struct core_state *s, int32_t item_id)
{
    const struct item *it = core_item(s, item_id);
    if (!it || pick(r, 10) == 0) return pick(r, 3) ? 0 : pick(r, s->next_id + 5);
    int which = pick(r, 4);
    if (which == 0 && it->speaker_count) return it->speakers[pick(r, it->speaker_count)].id;
    if (which == 1 && it->question_count) return it->questions[pick(r, it->question_count)].id;
    if (which == 2 && it->ballot.subject_count)
        return it->ballot.subjects[pick(r, it->ballot.subject_count)].id;
    if (which == 3 && it->respondent_count)
        return it->respondents[pick(r, it->respondent_count)].id;
    return 0;
}

static enum role pick_role(struct rng *r, enum command_type t)
{
    static const uint32_t all = (1u << ROLE_COUNT) - 1;
    uint32_t roles = pick(r, 10) ? command_specs[t].roles : all;
    for (;;) {
        enum role x = (enum role)pick(r, ROLE_COUNT);
        if (roles & (1u << x)) return x;
    }
}

/* A paper as the hub draws it (now and then with a question twice or a bad answer), an answer
 * (now and then out of range). */
static void random_exam(struct rng *r, const struct core_state *s, struct command *c)
{
    struct params *p = &c->p;
    bool exam =
        c->type == CMD_EXAM_START || c->type == CMD_EXAM_ANSWER || c->type == CMD_EXAM_HAND_IN;
    const struct item *nominated = NULL; /* the appointment, mostly */
    for (int i = 0; i < s->item_count && !nominated; i++)
        if (s->items[i].kind == ITEM_APPOINTMENT) nominated = &s->items[i];
    if (exam && pick(r, 5) && nominated && nominated->ballot.subject_count) {
        p->item = nominated->id;
        p->id = nominated->ballot.subjects[pick(r, nominated->ballot.subject_count)].id;
    }
    if (c->type == CMD_EXAM_ANSWER) p->number = pick(r, 12) ? pick(r, 16) : 16 + pick(r, 3);
    if (c->type != CMD_EXAM_START || pick(r, 8) == 0) return;
    p->paper_count = 1 + pick(r, 6);
    for (int i = 0; i < p->paper_count; i++) {
        p->paper[i] = pick(r, 20) ? 1000 + i : 1000;
        p->paper_key[i] = (uint8_t)(pick(r, 20) ? 1 + pick(r, 15) : pick(r, 40));
    }
}

static void random_params(struct rng *r, const struct core_state *s, struct command *c)
{
    struct params *p = &c->p;
    p->item = any_item(r, s);
    p->id = pick(r, 3) ? any_thing(r, s, p->item) : any_item(r, s);
    if (c->type == CMD_MEMBER_ADD || c->type == CMD_MEMBER_UPDATE || c->type == CMD_MEMBER_REMOVE)
        p->id = pick(r, 2) ? any_person(r, s) : 100 + pick(r, 50);
    p->person = any_person(r, s);
    const struct item *target = core_item(s, p->item);
    p->respondent = target && target->respondent_count && pick(r, 2)
                        ? target->respondents[pick(r, target->respondent_count)].id
                    : pick(r, 8) ? 0
                                 : any_thing(r, s, p->item);
    p->position = pick(r, 6);
    p->seconds = pick(r, 8) ? 30 * (1 + pick(r, 4)) : -pick(r, 5);
    p->number = 1 + pick(r, 40);
    p->kind = pick(r, 6);
    p->flag = pick(r, 2);
    snprintf(p->name, sizeof p->name, "%s%d", pick(r, 2) ? "欧阳明" : "", pick(r, 9));
    snprintf(p->title, sizeof p->title, "%s%d", pick(r, 8) ? "关于议题的报告" : "", pick(r, 99));
    snprintf(p->group, sizeof p->group, "第%d组", pick(r, 3));
    snprintf(p->date, sizeof p->date, pick(r, 10) ? "2026-11-%02d" : "20261-1-%d", 1 + pick(r, 28));
    snprintf(p->detail, sizeof p->detail, "市环保局");
    snprintf(p->text, sizeof p->text, pick(r, 4) ? "请问进展如何？" : "");
    const struct item *it = core_item(s, p->item);
    int subjects = it ? it->ballot.subject_count : 0;
    p->choice_count = 1 + pick(r, subjects > 1 ? subjects : 2);
    int first = pick(r, subjects + 1);
    for (int i = 0; i < p->choice_count; i++) { /* mostly distinct subjects of the item */
        p->choices[i].subject = subjects && pick(r, 12)
                                    ? it->ballot.subjects[(first + i) % subjects].id
                                    : any_thing(r, s, p->item);
        p->choices[i].option = pick(r, 12) ? pick(r, 3) : pick(r, 5);
    }
    if ((c->type == CMD_FLOOR_GRANT || c->type == CMD_QUESTION_CALL) && pick(r, 2)) p->id = 0;
    rules_default(&p->rules);
    random_exam(r, s, c);
}

/* A step a chair or member would plausibly take next, so sequences reach deep states. */
static enum command_type sensible(struct rng *r, const struct core_state *s)
{
    if (s->meeting.state == MEETING_SCHEDULED)
        return core_quorum(s) ? CMD_MEETING_OPEN : CMD_SIGN_IN;
    if (s->meeting.state == MEETING_SUSPENDED) return CMD_MEETING_RESUME;
    const struct item *it = core_open_item(s);
    if (!it) return CMD_ITEM_OPEN;
    if (it->ballot.state == BALLOT_OPEN) return pick(r, 8) ? CMD_BALLOT_CAST : CMD_BALLOT_CLOSE;
    const struct question *q = core_active_question(it);
    if (q) {
        static const enum command_type next[] = {[Q_ASKING] = CMD_ANSWER_START,
                                                 [Q_ANSWERING] = CMD_FOLLOWUP_START,
                                                 [Q_FOLLOWUP] = CMD_FOLLOWUP_ANSWER_START,
                                                 [Q_FOLLOWUP_ANSWER] = CMD_QUESTION_END};
        return pick(r, 4) ? next[q->state] : CMD_QUESTION_END;
    }
    if (core_floor(it, SITTING_PLENARY)) return pick(r, 3) ? CMD_SPEECH_END : CMD_TIME_EXTEND;
    switch (it->kind) {
    case ITEM_INQUIRY:
        return pick(r, 2) ? CMD_QUESTION_REGISTER : CMD_QUESTION_CALL;
    case ITEM_EVALUATION:
    case ITEM_VOTE:
    case ITEM_APPOINTMENT:
        if (it->ballot.state == BALLOT_NONE) return CMD_BALLOT_OPEN;
        return CMD_ITEM_CLOSE;
    default:
        return pick(r, 3) ? (pick(r, 2) ? CMD_FLOOR_REQUEST : CMD_FLOOR_GRANT) : CMD_ITEM_CLOSE;
    }
}

static void random_command(struct rng *r, const struct core_state *s, struct command *c,
                           struct actor *a)
{
    memset(c, 0, sizeof *c);
    int dice = pick(r, 8);
    c->type = dice < 4   ? sensible(r, s)
              : dice < 7 ? flow[pick(r, (int)(sizeof flow / sizeof flow[0]))]
                         : (enum command_type)pick(r, CMD_COUNT);
    random_params(r, s, c);
    a->role = pick_role(r, c->type);
    a->person = 0;
    if (a->role == ROLE_EXAMINEE) a->person = pick(r, 6) ? c->p.id : any_thing(r, s, c->p.item);
    if (a->role == ROLE_MEMBER || a->role == ROLE_ATTENDEE) {
        a->person = any_person(r, s);
        if (pick(r, 10)) c->p.person = a->person;
    }
}

static char *snap(const struct core_state *s)
{
    char *t = snapshot_encode(s);
    assert_non_null(t);
    return t;
}

/* Per ballot and subject: cast == receipts (marked people); on the hub, counts add up. */
static void check_ballots(const struct core_state *s, bool hub)
{
    for (int i = 0; i < s->item_count; i++) {
        const struct ballot *b = &s->items[i].ballot;
        if (b->state == BALLOT_NONE) continue;
        for (int k = 0; k < b->subject_count; k++) {
            int32_t receipts = 0, tally = 0;
            for (int p = 0; p < b->marks_people; p++)
                receipts += b->marks[p * SUBJECTS_MAX + k] != 0;
            for (int o = 0; o < OPTIONS_MAX; o++) tally += b->subjects[k].counts[o];
            assert_int_equal(receipts, b->subjects[k].cast);
            if (hub || b->state == BALLOT_CLOSED) assert_int_equal(tally, receipts);
        }
    }
}

static void check_command_round_trip(const struct command *c)
{
    char *a = command_encode(c);
    struct command back;
    struct core_error err;
    assert_non_null(a);
    if (command_decode(a, strlen(a), &back, &err) == ERR_OK) {
        char *b = command_encode(&back);
        assert_string_equal(a, b);
        free(b);
    }
    free(a);
}

/* Send the hub's events to the replica in their public form, through the codec. */
static void replicate(struct core_state *replica, const struct event_batch *batch)
{
    for (int i = 0; i < batch->count; i++) {
        char *text = event_encode(&batch->events[i], true);
        struct event e;
        struct core_error err;
        if (event_decode(text, strlen(text), &e, &err) != ERR_OK)
            fail_msg("decode: %s: %s", err.detail, text);
        enum core_err rc = core_apply(replica, &e);
        if (rc != ERR_OK) fail_msg("replica apply: %s: %s", core_err_message(rc), text);
        free(text);
    }
}

static long seen[EV_COUNT]; /* events accepted, by type, over all seeds */

static int run_seed(uint64_t seed)
{
    struct rng r = {seed * 0x9E3779B97F4A7C15ULL + 1};
    struct fixture f;
    fx_init(&f, 5 + pick(&r, 30));
    const char *kinds_titles[] = {"审议报告", "专题询问", "满意度测评", "表决", "任免", "其他"};
    for (int k = 0; k < 6; k++) fx_item(&f, (enum item_kind)k, kinds_titles[k], pick(&r, 3) != 0);
    static const char *const names[] = {"市生态环境局", "市水务局"};
    for (int i = 0; i < 2; i++) {
        struct command c = cmd(CMD_RESPONDENT_ADD);
        c.p.item = f.s->items[1].id;
        snprintf(c.p.name, sizeof c.p.name, "局长%d", i);
        snprintf(c.p.detail, sizeof c.p.detail, "%s", names[i]);
        assert_int_equal(fx_send(&f, as(ROLE_SECRETARY, 0), &c), ERR_OK);
        fx_subject(&f, f.s->items[2].id, names[i]);
        fx_subject(&f, f.s->items[4].id, names[i]);
    }
    if (pick(&r, 3)) fx_open(&f, (int)core_members(f.s)); /* most sequences start in session */
    struct core_state *replica = NULL;
    char *start = snap(f.s);
    struct core_error err;
    assert_int_equal(snapshot_decode(start, strlen(start), &replica, &err), ERR_OK);
    free(start);
    int accepted = 0;
    for (int step = 0; step < STEPS; step++) {
        struct command c;
        struct actor a;
        random_command(&r, f.s, &c, &a);
        check_command_round_trip(&c);
        char *before = snap(f.s);
        f.now += 1 + pick(&r, 5000);
        struct event_batch batch;
        enum core_err rc = core_validate(f.s, &a, &c, f.now, &batch, &err);
        if (rc == ERR_OK) {
            accepted++;
            for (int i = 0; i < batch.count; i++) {
                assert_int_equal(core_apply(f.s, &batch.events[i]), ERR_OK);
                seen[batch.events[i].type]++;
            }
            replicate(replica, &batch);
        }
        char *hub = snap(f.s), *rep = snap(replica);
        if (rc != ERR_OK) { /* a refused command yields nothing and changes nothing */
            assert_int_equal(batch.count, 0);
            assert_string_equal(before, hub);
        }
        if (strcmp(hub, rep) != 0)
            fail_msg("seed %llu step %d: replica differs", (unsigned long long)seed, step);
        struct core_state *back;
        assert_int_equal(snapshot_decode(hub, strlen(hub), &back, &err), ERR_OK);
        char *again = snap(back);
        assert_string_equal(hub, again);
        check_ballots(f.s, true);
        check_ballots(replica, false);
        core_state_free(back);
        free(before), free(hub), free(rep), free(again);
    }
    core_state_free(replica);
    fx_free(&f);
    return accepted;
}

static void random_sequences(void **state)
{
    (void)state;
    long accepted = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) accepted += run_seed(seed);
    static const enum event_type reached[] = {
        EV_MEETING_OPENED, EV_SPEECH_ENDED,  EV_ANSWER_STARTED,       EV_FOLLOWUP_STARTED,
        EV_QUESTION_ENDED, EV_BALLOT_OPENED, EV_BALLOT_CAST_RECORDED, EV_BALLOT_CLOSED,
        EV_EXAM_STARTED,   EV_EXAM_ANSWERED, EV_EXAM_FINISHED,
    };
    if (getenv("CMTE_PROPERTY_STATS"))
        for (int t = 0; t < EV_COUNT; t++) printf("%-26s %ld\n", event_name(t), seen[t]);
    if (getenv("CMTE_PROPERTY_STATS")) printf("accepted %ld of %d\n", accepted, SEEDS * STEPS);
    /* the generator must reach real meetings, not only refusals */
    assert_true(accepted > SEEDS * STEPS / 5);
    for (size_t i = 0; i < sizeof reached / sizeof reached[0]; i++)
        if (seen[reached[i]] == 0) fail_msg("no %s in any sequence", event_name(reached[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(random_sequences)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
