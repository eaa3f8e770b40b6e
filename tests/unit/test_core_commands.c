/* Every command of the table (core/command.c), one by one: accepted from the roles its row
 * names, with the events it yields (ids assigned, hub time and actor stamped) and the effect a
 * user would see; refused for every role its row leaves out and for a seat acting for someone
 * else; refused in a wrong state with the specific error, the state unchanged.  The last two
 * tests check that every command type was accepted and refused in a wrong state somewhere.
 * The meeting rules of DESIGN.md §2, end to end, are in test_core_flow.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

/* ---- sending, and what is checked on every send ------------------------------------------ */

static bool accepted[CMD_COUNT]; /* command types accepted somewhere in this file */
static bool refused[CMD_COUNT];  /* command types refused in a wrong state somewhere */

/* The shared checks, and which command types passed them. */
static const struct event_batch *accept_at(struct fixture *f, struct actor a, struct command c,
                                           const char *where)
{
    const struct event_batch *b = check_accept(f, a, c, where);
    accepted[c.type] = true;
    return b;
}
#define ACCEPT(f, a, c) accept_at((f), (a), (c), HERE)

static void refuse_at(const struct fixture *f, struct actor a, struct command c, enum core_err want,
                      const char *where)
{
    check_refuse(f, a, c, want, where);
    bool known = (int)c.type >= 0 && c.type < CMD_COUNT;
    if (known && want != ERR_NOT_ALLOWED && want != ERR_NOT_YOURS) refused[c.type] = true;
}
#define REFUSE(f, a, c, code) refuse_at((f), (a), (c), (code), HERE)

static void expect_types(const struct event_batch *b, int n, ...)
{
    assert_int_equal(b->count, n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        enum event_type t = (enum event_type)va_arg(ap, int);
        if (b->events[i].type != t)
            fail_msg("event %d is %s, want %s", i, event_name(b->events[i].type), event_name(t));
    }
    va_end(ap);
}

/* ---- commands ------------------------------------------------------------------------------ */

static struct command c_item_id(enum command_type t, int32_t item, int32_t id)
{
    struct command c = c_item(t, item);
    c.p.id = id;
    return c;
}

static struct command c_person(enum command_type t, int32_t item, int32_t person)
{
    struct command c = c_item(t, item);
    c.p.person = person;
    return c;
}

static struct command c_member(enum command_type t, int32_t id, const char *name,
                               enum person_kind kind, int32_t seat_no)
{
    struct command c = c_id(t, id);
    c.p.kind = kind;
    snprintf(c.p.name, sizeof c.p.name, "%s", name);
    snprintf(c.p.title, sizeof c.p.title, "委员");
    snprintf(c.p.group, sizeof c.p.group, "第一组");
    c.p.number = seat_no;
    return c;
}

static struct command c_meeting(int32_t number, const char *date)
{
    struct command c = cmd(CMD_MEETING_CREATE);
    c.p.number = number;
    snprintf(c.p.date, sizeof c.p.date, "%s", date);
    snprintf(c.p.title, sizeof c.p.title, "第%d次会议", (int)number);
    return c;
}

static struct command c_attendance(int32_t person, enum attendance k, const char *reason)
{
    struct command c = c_person(CMD_ATTENDANCE_SET, 0, person);
    c.p.kind = k;
    snprintf(c.p.text, sizeof c.p.text, "%s", reason);
    return c;
}

static struct command c_link(int32_t person, bool up)
{
    struct command c = c_person(CMD_LINK_SET, 0, person);
    c.p.flag = up;
    return c;
}

static struct command c_rules(const struct core_rules *r)
{
    struct command c = cmd(CMD_RULES_SET);
    c.p.rules = *r;
    return c;
}

static struct command c_new_item(enum item_kind kind, const char *title)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = kind;
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    return c;
}

static struct command c_move(enum command_type t, int32_t item, int32_t id, int32_t position)
{
    struct command c = c_item_id(t, item, id);
    c.p.position = position;
    return c;
}

static struct command c_named(enum command_type t, int32_t item, const char *name,
                              const char *title, const char *detail)
{
    struct command c = c_item(t, item);
    snprintf(c.p.name, sizeof c.p.name, "%s", name);
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    snprintf(c.p.detail, sizeof c.p.detail, "%s", detail);
    return c;
}

static struct command c_speaker(int32_t item, int32_t person, const char *name, bool scheduled)
{
    struct command c = c_person(CMD_SPEAKER_ADD, item, person);
    snprintf(c.p.name, sizeof c.p.name, "%s", name);
    c.p.flag = scheduled;
    c.p.kind = SPEECH_PLENARY;
    return c;
}

static struct command c_extend(int32_t item, int32_t seconds)
{
    struct command c = c_item(CMD_TIME_EXTEND, item);
    c.p.seconds = seconds;
    return c;
}

static struct command c_question(int32_t item, int32_t person, int32_t respondent, const char *text)
{
    struct command c = c_person(CMD_QUESTION_REGISTER, item, person);
    c.p.respondent = respondent;
    snprintf(c.p.text, sizeof c.p.text, "%s", text);
    return c;
}

static struct command c_answer(int32_t item, int32_t respondent)
{
    struct command c = c_item(CMD_ANSWER_START, item);
    c.p.respondent = respondent;
    return c;
}

/* ---- the scene: a committee of six, an attendee, and one item of every kind --------------- */

enum { MEMBERS = 6, PRESENT = 4, ATTENDEE = 7, NOBODY = 99 };

struct scene {
    struct fixture f;
    int32_t delib, inquiry, eval, vote, appoint; /* items */
    int32_t resp, resp2;                         /* respondents of the inquiry */
    int32_t eval_sub[2], vote_sub, appoint_sub;  /* subjects */
};

static int32_t add_respondent(struct fixture *f, int32_t item, const char *name, const char *dept)
{
    return ACCEPT(f, SEC, c_named(CMD_RESPONDENT_ADD, item, name, "局长", dept))->events[0].p.id;
}

/* Members 1..6 and attendee 7 (列席) on the roster, 第12次会议 scheduled with five items; when
 * `open`, members 1..4 signed in and the meeting open (5 and 6 are not signed in). */
static void scene_init(struct scene *sc, bool open)
{
    memset(sc, 0, sizeof *sc);
    struct fixture *f = &sc->f;
    fx_init(f, MEMBERS);
    assert_int_equal(fx_member_add(f, ATTENDEE, "列席甲", PERSON_ATTENDEE), ERR_OK);
    sc->delib = fx_item(f, ITEM_DELIBERATION, "关于本市环境状况的报告", false);
    sc->inquiry = fx_item(f, ITEM_INQUIRY, "专题询问：大气污染防治", false);
    sc->resp = add_respondent(f, sc->inquiry, "王局长", "市生态环境局");
    sc->resp2 = add_respondent(f, sc->inquiry, "李局长", "市水务局");
    sc->eval = fx_item(f, ITEM_EVALUATION, "满意度测评", true);
    sc->eval_sub[0] = fx_subject(f, sc->eval, "市生态环境局");
    sc->eval_sub[1] = fx_subject(f, sc->eval, "市水务局");
    sc->vote = fx_item(f, ITEM_VOTE, "关于批准决算的决议", false); /* a named vote */
    sc->vote_sub = f->last.events[1].p.id;
    sc->appoint = fx_item(f, ITEM_APPOINTMENT, "人事任免", true);
    sc->appoint_sub = fx_subject(f, sc->appoint, "张三");
    assert_true(sc->delib && sc->inquiry && sc->eval && sc->vote && sc->appoint);
    assert_true(sc->eval_sub[0] && sc->eval_sub[1] && sc->vote_sub && sc->appoint_sub);
    if (open) assert_int_equal(fx_open(f, PRESENT), ERR_OK);
}

static void scene_free(struct scene *sc)
{
    fx_free(&sc->f);
}

static struct item *item_of(const struct fixture *f, int32_t id)
{
    struct item *it = core_item(f->s, id);
    assert_non_null(it);
    return it;
}

static void open_item(struct fixture *f, int32_t item)
{
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_OPEN, item));
}

static int32_t request(struct fixture *f, int32_t item, int32_t person)
{
    return ACCEPT(f, seat(person), c_person(CMD_FLOOR_REQUEST, item, person))->events[0].p.id;
}

static int32_t add_speaker(struct fixture *f, int32_t item, int32_t person, bool scheduled)
{
    return ACCEPT(f, SEC, c_speaker(item, person, "", scheduled))->events[0].p.id;
}

static void grant(struct fixture *f, int32_t item, int32_t speaker)
{
    ACCEPT(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, item, speaker));
}

static int32_t ask(struct fixture *f, int32_t item, int32_t person, int32_t respondent)
{
    return ACCEPT(f, seat(person), c_question(item, person, respondent, "治理进展如何？"))
        ->events[0]
        .p.id;
}

/* The inquiry open, member 1's question to the first respondent brought to step `at`. */
static int32_t question_at(struct scene *sc, enum question_state at)
{
    struct fixture *f = &sc->f;
    open_item(f, sc->inquiry);
    int32_t q = ask(f, sc->inquiry, 1, sc->resp);
    static const enum command_type steps[] = {CMD_QUESTION_CALL, CMD_ANSWER_START,
                                              CMD_FOLLOWUP_START, CMD_FOLLOWUP_ANSWER_START,
                                              CMD_QUESTION_END};
    for (int i = 0; i < (int)at && i < 5; i++) ACCEPT(f, CHAIR, c_item(steps[i], sc->inquiry));
    return q;
}

static void open_ballot(struct fixture *f, int32_t item)
{
    open_item(f, item);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, item));
}

static struct question *question_of(const struct fixture *f, int32_t item, int32_t id)
{
    struct question *q = core_question(item_of(f, item), id);
    assert_non_null(q);
    return q;
}

static struct speaker *speaker_of(const struct fixture *f, int32_t item, int32_t id)
{
    struct speaker *sp = core_speaker(item_of(f, item), id);
    assert_non_null(sp);
    return sp;
}

/* ---- appointments: cases, statements, the oath ------------------------------------------------
 */

static struct command c_nominee(int32_t item, const char *name, const char *post,
                                enum case_kind kind)
{
    struct command c = c_named(CMD_NOMINEE_ADD, item, name, post, "市人民政府");
    c.p.kind = kind;
    return c;
}

static int32_t add_nominee(struct fixture *f, int32_t item, const char *name, const char *post,
                           enum case_kind kind)
{
    return ACCEPT(f, SEC, c_nominee(item, name, post, kind))->events[0].p.id;
}

/* Everyone present (members 1..4 of 6) votes on every subject of the appointment item: 反对 on
 * subject `against` (0: none), 赞成 on the others; then the chair closes the ballot. */
static void vote_appointments(struct scene *sc, int32_t against)
{
    struct fixture *f = &sc->f;
    open_ballot(f, sc->appoint);
    const struct ballot *b = &item_of(f, sc->appoint)->ballot;
    for (int32_t m = 1; m <= PRESENT; m++) {
        struct command c = c_cast(sc->appoint, m, 0, 0);
        c.p.choice_count = b->subject_count;
        for (int k = 0; k < b->subject_count; k++)
            c.p.choices[k] = (struct choice){b->subjects[k].id, b->subjects[k].id == against};
        ACCEPT(f, seat(m), c);
    }
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc->appoint));
}

/* A vote opened on one subject (a case of an appointment). */
static struct command c_open_case(int32_t item, int32_t subject)
{
    struct command c = c_item(CMD_BALLOT_OPEN, item);
    c.p.subject = subject;
    return c;
}

static struct command c_oath(int32_t item, enum oath_form form, int32_t leader, int n,
                             const int32_t *swearers)
{
    struct command c = c_item_id(CMD_OATH_START, item, leader);
    c.p.kind = form;
    c.p.choice_count = n;
    for (int i = 0; i < n; i++) c.p.choices[i] = (struct choice){swearers[i], 0};
    return c;
}

/* A nominee voted in (four of six members: more than half of all), the certificates handed
 * over when `certificates`; returns the nominee's id. */
static int32_t appointee(struct scene *sc, bool certificates)
{
    int32_t n = add_nominee(&sc->f, sc->appoint, "李四", "市水务局局长", CASE_APPOINT);
    vote_appointments(sc, 0);
    if (certificates) ACCEPT(&sc->f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc->appoint));
    return n;
}

/* The attendee (列席) signed in asks for the floor on the open deliberation; the request's id. */
static int32_t attendee_asks(struct scene *sc)
{
    struct fixture *f = &sc->f;
    open_item(f, sc->delib);
    ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, ATTENDEE));
    return ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_ASK, sc->delib, ATTENDEE))
        ->events[0]
        .p.id;
}

/* ---- inquiry motions ------------------------------------------------------------------------ */

/* A motion drafted by member 1 and co-signed by members 2..signers (5 register it). */
static int32_t motion_signed_by(struct fixture *f, int signers)
{
    struct command c = c_person(CMD_MOTION_DRAFT, 0, 1);
    snprintf(c.p.detail, sizeof c.p.detail, "市住建局");
    snprintf(c.p.title, sizeof c.p.title, "老旧小区改造");
    snprintf(c.p.text, sizeof c.p.text, "请说明进度。");
    int32_t id = ACCEPT(f, seat(1), c)->events[0].p.id;
    for (int m = 2; m <= signers; m++) {
        struct command sign = c_person(CMD_MOTION_SIGN, 0, m);
        sign.p.id = id;
        ACCEPT(f, seat(m), sign);
    }
    return id;
}

static struct command c_motion_answer(int32_t id)
{
    struct command c = c_id(CMD_MOTION_ANSWER, id);
    snprintf(c.p.date, sizeof c.p.date, "2026-11-30");
    snprintf(c.p.text, sizeof c.p.text, "书面答复。");
    return c;
}

static void motion_example(enum command_type t, struct fixture *f, struct command *c,
                           struct actor *a)
{
    if (t == CMD_MOTION_DRAFT) {
        int32_t id = motion_signed_by(f, 1);
        *c = c_person(t, 0, 2), *a = seat(2);
        snprintf(c->p.detail, sizeof c->p.detail, "%s", core_motion(f->s, id)->organ);
        snprintf(c->p.title, sizeof c->p.title, "第二件");
        snprintf(c->p.text, sizeof c->p.text, "内容");
        return;
    }
    int32_t id = motion_signed_by(f, t == CMD_MOTION_SIGN || t == CMD_MOTION_WITHDRAW ? 4 : 5);
    *c = c_person(t, 0, t == CMD_MOTION_SIGN ? 5 : 1), *a = seat(c->p.person);
    c->p.id = id;
    if (t == CMD_MOTION_PLACE) *c = c_id(t, id), *a = SEC;
    if (t == CMD_MOTION_ANSWER) *c = c_motion_answer(id), *a = SEC;
    if (t == CMD_MOTION_JUDGE) ACCEPT(f, SEC, c_motion_answer(id));
}

/* A draft opinion on the deliberation item, opened; its id. */
static int32_t opinion_drafted(struct fixture *f, int32_t delib)
{
    open_item(f, delib);
    struct command c = c_item(CMD_OPINION_DRAFT, delib);
    snprintf(c.p.detail, sizeof c.p.detail, "市生态环境局");
    snprintf(c.p.text, sizeof c.p.text, "建议加强重污染天气应急管控。");
    return ACCEPT(f, SEC, c)->events[0].p.id;
}

static void opinion_example(enum command_type t, struct scene *sc, struct command *c,
                            struct actor *a)
{
    struct fixture *f = &sc->f;
    int32_t id = opinion_drafted(f, sc->delib);
    *a = SEC;
    if (t == CMD_OPINION_DRAFT || t == CMD_OPINION_EDIT) {
        *c = t == CMD_OPINION_DRAFT ? c_item(t, sc->delib) : c_id(t, id);
        snprintf(c->p.detail, sizeof c->p.detail, "市水务局");
        snprintf(c->p.text, sizeof c->p.text, "建议完善监测网络。");
    } else if (t == CMD_OPINION_ADOPT) {
        *c = c_id(t, id), *a = CHAIR;
    } else if (t == CMD_OPINION_PLACE) {
        f->s->rules.opinion_by_vote = true;
        *c = c_item(t, sc->delib);
        snprintf(c->p.title, sizeof c->p.title, "关于环境状况报告的审议意见");
    } else { /* link: adopted at meeting 12, its report heard at meeting 13 */
        ACCEPT(f, CHAIR, c_id(CMD_OPINION_ADOPT, id));
        ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc->delib));
        ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
        ACCEPT(f, SEC, c_meeting(13, "2027-02-25"));
        *c = c_item(t, fx_item(f, ITEM_EVALUATION, "审议意见办理情况的报告", true));
        c->p.id = id;
    }
}

/* ---- every command from a state where it is valid ------------------------------------------ */

/* Sets up a scene in which command t is valid, the command, and the actor that sends it. */
static const uint8_t exam_key[] = {1, 2, 4, 3}; /* A, B, C, A+B */

static void example(enum command_type t, struct scene *sc, struct command *c, struct actor *a)
{
    /* the roster and the opening are prepared before the meeting opens; the rest in session */
    bool before = t == CMD_MEMBER_ADD || t == CMD_MEMBER_REMOVE || t == CMD_MEETING_OPEN ||
                  t == CMD_SIGN_IN || t == CMD_RULES_SET;
    scene_init(sc, !before);
    struct fixture *f = &sc->f;
    *a = CHAIR;
    struct core_rules r;
    switch (t) {
    case CMD_MEMBER_ADD:
        *c = c_member(t, 20, "赵新", PERSON_MEMBER, 20), *a = SEC;
        break;
    case CMD_MEMBER_UPDATE:
        *c = c_member(t, 3, "委员03", PERSON_MEMBER, 30), *a = SEC;
        break;
    case CMD_MEMBER_REMOVE:
        *c = c_id(t, 6), *a = SEC;
        break;
    case CMD_MEETING_CREATE:
        ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
        *c = c_meeting(13, "2026-12-20"), *a = SEC;
        break;
    case CMD_MEETING_OPEN:
        for (int i = 1; i <= PRESENT; i++) assert_int_equal(fx_sign_in(f, i), ERR_OK);
        *c = cmd(t);
        break;
    case CMD_MEETING_RESUME:
        ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND));
        *c = cmd(t);
        break;
    case CMD_MEETING_SUSPEND:
    case CMD_MEETING_CLOSE:
        *c = cmd(t);
        break;
    case CMD_SIGN_IN:
        *c = c_person(t, 0, 1), *a = seat(1);
        break;
    case CMD_ATTENDANCE_SET:
        *c = c_attendance(5, ATT_LEAVE, "出差"), *a = SEC;
        break;
    case CMD_LINK_SET:
        *c = c_link(1, true), *a = HUB;
        break;
    case CMD_RULES_SET:
        rules_default(&r);
        r.speak_twice = false;
        *c = c_rules(&r), *a = HUB;
        break;
    case CMD_ITEM_ADD:
        *c = c_new_item(ITEM_OTHER, "其他事项"), *a = SEC;
        break;
    case CMD_ITEM_UPDATE:
        *c = c_id(t, sc->delib), *a = SEC;
        snprintf(c->p.title, sizeof c->p.title, "关于本市2026年环境状况的报告");
        break;
    case CMD_ITEM_REMOVE:
        *c = c_id(t, sc->delib), *a = SEC;
        break;
    case CMD_ITEM_MOVE:
        *c = c_move(t, 0, sc->appoint, 0), *a = SEC;
        break;
    case CMD_ITEM_OPEN:
        *c = c_id(t, sc->delib);
        break;
    case CMD_ITEM_CLOSE:
    case CMD_ITEM_DEFER:
        open_item(f, sc->delib);
        *c = c_id(t, sc->delib);
        break;
    case CMD_NOTE_SET:
        *c = c_item(t, sc->delib), *a = SEC;
        snprintf(c->p.text, sizeof c->p.text, "主任会议建议提请本次会议审议");
        break;
    case CMD_RESPONDENT_ADD:
        *c = c_named(t, sc->inquiry, "赵局长", "局长", "市住建局"), *a = SEC;
        break;
    case CMD_RESPONDENT_REMOVE:
        *c = c_item_id(t, sc->inquiry, sc->resp2), *a = SEC;
        break;
    case CMD_SUBJECT_ADD:
        *c = c_named(t, sc->eval, "", "市住建局", "2026年度工作"), *a = SEC;
        break;
    case CMD_SUBJECT_REMOVE:
        *c = c_item_id(t, sc->eval, sc->eval_sub[1]), *a = SEC;
        break;
    case CMD_FLOOR_REQUEST:
        open_item(f, sc->delib);
        *c = c_person(t, sc->delib, 1), *a = seat(1);
        break;
    case CMD_FLOOR_WITHDRAW: /* member 1's request, and the attendee's */
        attendee_asks(sc);
        request(f, sc->delib, 1);
        *c = c_person(t, sc->delib, 1), *a = seat(1);
        break;
    case CMD_FLOOR_ASK:
        open_item(f, sc->delib);
        ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, ATTENDEE));
        *c = c_person(t, sc->delib, ATTENDEE), *a = as(ROLE_ATTENDEE, ATTENDEE);
        break;
    case CMD_FLOOR_APPROVE:
        *c = c_item_id(t, sc->delib, attendee_asks(sc)), *a = SEC;
        break;
    case CMD_SUMMARY_SET: {
        open_item(f, sc->delib);
        int32_t sp = request(f, sc->delib, 1);
        grant(f, sc->delib, sp);
        *c = c_item_id(t, sc->delib, sp), *a = SEC;
        snprintf(c->p.text, sizeof c->p.text, "建议加强重污染天气应急管控。");
        break;
    }
    case CMD_SPEAKER_ADD:
        open_item(f, sc->delib);
        *c = c_speaker(sc->delib, 2, "", true), *a = SEC;
        break;
    case CMD_SPEAKER_REMOVE:
        open_item(f, sc->delib);
        *c = c_item_id(t, sc->delib, request(f, sc->delib, 1)), *a = SEC;
        break;
    case CMD_SPEAKER_MOVE:
        open_item(f, sc->delib);
        request(f, sc->delib, 1);
        *c = c_move(t, sc->delib, request(f, sc->delib, 2), 0), *a = SEC;
        break;
    case CMD_FLOOR_GRANT:
        open_item(f, sc->delib);
        request(f, sc->delib, 1);
        *c = c_item_id(t, sc->delib, 0);
        break;
    case CMD_SPEECH_END:
    case CMD_TIME_EXTEND:
        open_item(f, sc->delib);
        grant(f, sc->delib, request(f, sc->delib, 1));
        *c = t == CMD_SPEECH_END ? c_item(t, sc->delib) : c_extend(sc->delib, 60);
        break;
    case CMD_QUESTION_REGISTER:
        open_item(f, sc->inquiry);
        *c = c_question(sc->inquiry, 1, sc->resp, "PM2.5何时达标？"), *a = seat(1);
        break;
    case CMD_QUESTION_WITHDRAW:
        *c = c_item_id(t, sc->inquiry, question_at(sc, Q_WAITING)), *a = seat(1);
        break;
    case CMD_QUESTION_CALL:
        question_at(sc, Q_WAITING);
        *c = c_item_id(t, sc->inquiry, 0);
        break;
    case CMD_ANSWER_START:
        question_at(sc, Q_ASKING);
        *c = c_answer(sc->inquiry, 0);
        break;
    case CMD_FOLLOWUP_START:
        question_at(sc, Q_ANSWERING);
        *c = c_item(t, sc->inquiry);
        break;
    case CMD_FOLLOWUP_ANSWER_START:
        question_at(sc, Q_FOLLOWUP);
        *c = c_item(t, sc->inquiry);
        break;
    case CMD_QUESTION_END:
        question_at(sc, Q_ASKING);
        *c = c_item(t, sc->inquiry);
        break;
    case CMD_BALLOT_OPEN:
        open_item(f, sc->eval);
        *c = c_item(t, sc->eval);
        break;
    case CMD_BALLOT_CAST:
        open_ballot(f, sc->eval);
        *c = c_cast(sc->eval, 1, sc->eval_sub[0], 0), *a = seat(1);
        break;
    case CMD_BALLOT_CLOSE:
        open_ballot(f, sc->eval);
        *c = c_item(t, sc->eval);
        break;
    case CMD_HAND_CAST:
        open_ballot(f, sc->eval);
        *c = c_cast(sc->eval, 2, sc->eval_sub[0], 1), *a = SEC;
        c->type = t;
        break;
    case CMD_BALLOT_COUNT:
        open_ballot(f, sc->eval);
        *c = c_item(t, sc->eval), *a = SEC;
        c->p.kind = COUNT_HANDS;
        c->p.result_count = 2;
        for (int k = 0; k < 2; k++) {
            c->p.results[k].subject = sc->eval_sub[k];
            c->p.results[k].counts[0] = 3;
        }
        break;
    case CMD_NOMINEE_ADD:
        *c = c_nominee(sc->appoint, "李四", "市水务局局长", CASE_APPOINT), *a = SEC;
        break;
    case CMD_STATEMENT_RECORD:
        *c = c_item_id(t, sc->appoint, add_nominee(f, sc->appoint, "李四", "局长", CASE_ACTING));
        snprintf(c->p.text, sizeof c->p.text, "因公出差，提交书面发言。"), *a = SEC;
        break;
    case CMD_CERTIFICATES_GIVE:
        appointee(sc, false);
        *c = c_item(t, sc->appoint), *a = SEC;
        break;
    case CMD_OATH_START: {
        int32_t n = appointee(sc, true);
        *c = c_oath(sc->appoint, OATH_INDIVIDUAL, n, 1, &n);
        break;
    }
    case CMD_OATH_END: {
        int32_t n = appointee(sc, true);
        ACCEPT(f, CHAIR, c_oath(sc->appoint, OATH_COLLECTIVE, n, 1, &n));
        *c = c_item(t, sc->appoint);
        break;
    }
    case CMD_BALLOT_RUNOFF: { /* two of three candidates tie for the one seat */
        int32_t cand[3];
        int32_t item = fx_choice(f, "民生实事项目票决", 1, true, 3, cand);
        f->s->rules.choice_rule = CHOICE_MOST; /* no threshold: 6 members, 4 present */
        open_ballot(f, item);
        for (int m = 1; m <= PRESENT; m++)
            ACCEPT(f, seat(m), fx_choice_cast(m, item, &cand[m % 2], 1));
        ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
        *c = c_item(t, item);
        break;
    }
    case CMD_EXAM_START:
        *c = fx_exam_start(sc->appoint, sc->appoint_sub, exam_key, 4);
        *a = as(ROLE_EXAMINEE, sc->appoint_sub);
        break;
    case CMD_EXAM_ANSWER:
    case CMD_EXAM_HAND_IN:
        ACCEPT(f, SEC, fx_exam_start(sc->appoint, sc->appoint_sub, exam_key, 4));
        *c = fx_exam_answer(sc->appoint, sc->appoint_sub, 2, 4);
        c->type = t;
        *a = as(ROLE_EXAMINEE, sc->appoint_sub);
        break;
    case CMD_MOTION_DRAFT:
    case CMD_MOTION_SIGN:
    case CMD_MOTION_WITHDRAW:
    case CMD_MOTION_PLACE:
    case CMD_MOTION_ANSWER:
    case CMD_MOTION_JUDGE:
        motion_example(t, f, c, a);
        break;
    case CMD_SITTING_SET:
        open_item(f, sc->delib);
        *c = cmd(t);
        c->p.kind = SITS_GROUPS;
        break;
    case CMD_CONVENER_SET:
        *c = cmd(t), *a = SEC;
        snprintf(c->p.group, sizeof c->p.group, "第2组");
        c->p.person = 1;
        break;
    case CMD_DOCUMENT_ADD:
        *c = c_item(t, sc->delib), *a = SEC;
        snprintf(c->p.title, sizeof c->p.title, "报告全文");
        snprintf(c->p.detail, sizeof c->p.detail, "%064d", 0);
        c->p.size = 1200;
        break;
    case CMD_OPINION_DRAFT:
    case CMD_OPINION_EDIT:
    case CMD_OPINION_ADOPT:
    case CMD_OPINION_PLACE:
    case CMD_OPINION_LINK:
        opinion_example(t, sc, c, a);
        break;
    case CMD_COUNT:
        fail_msg("no such command");
    }
}

/* The commands a group's convener (召集人) sends from their seat while the groups sit. */
static bool convener_command(enum command_type t)
{
    return t == CMD_SPEAKER_ADD || t == CMD_SPEAKER_REMOVE || t == CMD_SPEAKER_MOVE ||
           t == CMD_FLOOR_GRANT || t == CMD_SPEECH_END || t == CMD_TIME_EXTEND ||
           t == CMD_FLOOR_APPROVE;
}

/* While the groups sit, command t from the seat of 第2组's convener (its members are 1 and 4,
 * the attendee too: the fixture's groups), on that group's list. */
static void convener_example(enum command_type t, struct scene *sc, struct command *c,
                             struct actor *a)
{
    scene_init(sc, true);
    struct fixture *f = &sc->f;
    open_item(f, sc->delib);
    struct command split = cmd(CMD_SITTING_SET);
    split.p.kind = SITS_GROUPS;
    ACCEPT(f, CHAIR, split);
    *a = seat(core_convener(f->s, 1));
    if (t == CMD_SPEAKER_ADD) {
        *c = c_speaker(sc->delib, 1, "", false);
    } else if (t == CMD_FLOOR_APPROVE) {
        ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, ATTENDEE));
        int32_t asked =
            ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_ASK, sc->delib, ATTENDEE))
                ->events[0]
                .p.id;
        *c = c_item_id(t, sc->delib, asked);
    } else {
        int32_t first = request(f, sc->delib, 1);
        if (t == CMD_SPEECH_END || t == CMD_TIME_EXTEND)
            ACCEPT(f, *a, c_item_id(CMD_FLOOR_GRANT, sc->delib, first));
        *c = t == CMD_SPEAKER_MOVE     ? c_move(t, sc->delib, request(f, sc->delib, 4), 0)
             : t == CMD_TIME_EXTEND    ? c_extend(sc->delib, 60)
             : t == CMD_SPEAKER_REMOVE ? c_item_id(t, sc->delib, first)
                                       : c_item_id(t, sc->delib, 0);
    }
}

TEST(every_command_accepted_from_every_role_its_row_names)
{
    for (int t = 0; t < CMD_COUNT; t++) {
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (!(command_specs[t].roles & ROLE_BIT(r))) continue;
            struct scene sc;
            struct command c;
            struct actor a;
            if (r == ROLE_MEMBER && convener_command((enum command_type)t))
                convener_example((enum command_type)t, &sc, &c, &a);
            else
                example((enum command_type)t, &sc, &c, &a);
            if (r == ROLE_ATTENDEE) /* only sign_in: an attendee signs in at their seat */
                c.p.person = ATTENDEE, a = as(ROLE_ATTENDEE, ATTENDEE);
            else if (r != (int)a.role)
                a = as((enum role)r, 0);
            const struct event_batch *b = ACCEPT(&sc.f, a, c);
            assert_int_equal(b->events[0].type, command_specs[t].produces); /* as its row says */
            scene_free(&sc);
        }
    }
}

TEST(every_command_refused_for_every_role_its_row_leaves_out)
{
    for (int t = 0; t < CMD_COUNT; t++) {
        struct scene sc;
        struct command c;
        struct actor ok;
        example((enum command_type)t, &sc, &c, &ok);
        int refusals = 0;
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (command_specs[t].roles & ROLE_BIT(r)) continue;
            REFUSE(&sc.f, as((enum role)r, ok.person), c, ERR_NOT_ALLOWED);
            refusals++;
        }
        assert_true(refusals >= ROLE_COUNT - 3); /* no row names more than three roles */
        ACCEPT(&sc.f, ok, c); /* and the very same command from its role is accepted */
        scene_free(&sc);
    }
}

TEST(display_respondent_and_visitor_may_send_nothing)
{
    for (int t = 0; t < CMD_COUNT; t++) {
        assert_false(command_specs[t].roles & ROLE_BIT(ROLE_DISPLAY));
        assert_false(command_specs[t].roles & ROLE_BIT(ROLE_VISITOR));
        assert_false(command_specs[t].roles & ROLE_BIT(ROLE_RESPONDENT));
    }
}

TEST(a_command_of_unknown_type_or_from_an_unknown_role_is_refused)
{
    struct scene sc;
    scene_init(&sc, true);
    REFUSE(&sc.f, CHAIR, cmd(CMD_COUNT), ERR_BAD_MESSAGE);
    REFUSE(&sc.f, as(ROLE_COUNT, 0), cmd(CMD_MEETING_CLOSE), ERR_NOT_ALLOWED);
    scene_free(&sc);
}

TEST(a_seat_acting_for_another_member_is_refused)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, seat(5), c_person(CMD_SIGN_IN, 0, 6), ERR_NOT_YOURS);
    REFUSE(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_SIGN_IN, 0, 5), ERR_NOT_YOURS);
    open_item(f, sc.delib);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 2), ERR_NOT_YOURS);
    request(f, sc.delib, 2);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_WITHDRAW, sc.delib, 2), ERR_NOT_YOURS);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    open_item(f, sc.inquiry);
    REFUSE(f, seat(1), c_question(sc.inquiry, 2, 0, "代人提问"), ERR_NOT_YOURS);
    int32_t q = ask(f, sc.inquiry, 2, sc.resp);
    REFUSE(f, seat(1), c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, q), ERR_NOT_YOURS);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.inquiry));
    open_ballot(f, sc.vote);
    REFUSE(f, seat(1), c_cast(sc.vote, 2, sc.vote_sub, 0), ERR_NOT_YOURS);
    assert_int_equal(item_of(f, sc.vote)->ballot.subjects[0].cast, 0);
    scene_free(&sc);
}

/* ---- the roster ------------------------------------------------------------------------------ */

TEST(member_add_puts_a_member_or_an_attendee_on_the_roster)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    struct command c = c_member(CMD_MEMBER_ADD, 20, "欧阳明", PERSON_MEMBER, 20);
    c.p.flag = true;
    const struct event_batch *b = ACCEPT(f, SEC, c);
    expect_types(b, 1, EV_MEMBER_ADDED);
    assert_int_equal(b->events[0].p.id, 20);
    const struct person *p = core_person(f->s, 20);
    assert_non_null(p);
    assert_string_equal(p->name, "欧阳明");
    assert_string_equal(p->title, "委员");
    assert_string_equal(p->group, "第一组");
    assert_int_equal(p->seat, 20);
    assert_true(p->has_pin);
    assert_int_equal(p->attendance, ATT_ABSENT);
    assert_int_equal(core_members(f->s), MEMBERS + 1);
    ACCEPT(f, SEC, c_member(CMD_MEMBER_ADD, 21, "列席乙", PERSON_ATTENDEE, 0));
    assert_int_equal(core_person(f->s, 21)->kind, PERSON_ATTENDEE);
    assert_int_equal(core_members(f->s), MEMBERS + 1); /* an attendee is not a member */
    scene_free(&sc);
}

TEST(member_add_refused_for_a_duplicate_an_empty_name_or_once_open)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_member(CMD_MEMBER_ADD, 3, "重号", PERSON_MEMBER, 40), ERR_DUPLICATE);
    REFUSE(f, SEC, c_member(CMD_MEMBER_ADD, 40, "重座", PERSON_MEMBER, 3), ERR_DUPLICATE);
    REFUSE(f, SEC, c_member(CMD_MEMBER_ADD, 40, "", PERSON_MEMBER, 40), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_member(CMD_MEMBER_ADD, 0, "无号", PERSON_MEMBER, 40), ERR_BAD_VALUE);
    struct command bad_kind = c_member(CMD_MEMBER_ADD, 40, "某", PERSON_MEMBER, 40);
    bad_kind.p.kind = PERSON_KIND_COUNT;
    REFUSE(f, SEC, bad_kind, ERR_BAD_VALUE);
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
    REFUSE(f, SEC, c_member(CMD_MEMBER_ADD, 40, "迟到", PERSON_MEMBER, 40), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(member_update_changes_a_person_and_keeps_attendance)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    struct command c = c_member(CMD_MEMBER_UPDATE, 2, "委员02（改）", PERSON_MEMBER, 42);
    expect_types(ACCEPT(f, SEC, c), 1, EV_MEMBER_UPDATED);
    const struct person *p = core_person(f->s, 2);
    assert_string_equal(p->name, "委员02（改）");
    assert_int_equal(p->seat, 42);
    assert_int_equal(p->attendance, ATT_PRESENT);
    assert_int_equal(core_signed_in(f->s), PRESENT);
    scene_free(&sc);

    scene_init(&sc, false); /* before opening, the kind may change */
    ACCEPT(&sc.f, SEC, c_member(CMD_MEMBER_UPDATE, 6, "委员06", PERSON_ATTENDEE, 6));
    assert_int_equal(core_members(sc.f.s), MEMBERS - 1);
    scene_free(&sc);
}

TEST(member_update_refused_for_unknown_person_taken_seat_or_kind_once_open)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_member(CMD_MEMBER_UPDATE, NOBODY, "谁", PERSON_MEMBER, 0), ERR_UNKNOWN_PERSON);
    REFUSE(f, SEC, c_member(CMD_MEMBER_UPDATE, 2, "委员02", PERSON_MEMBER, 3), ERR_DUPLICATE);
    REFUSE(f, SEC, c_member(CMD_MEMBER_UPDATE, 2, "委员02", PERSON_ATTENDEE, 2), ERR_MEETING_STATE);
    REFUSE(f, SEC, c_member(CMD_MEMBER_UPDATE, 2, "", PERSON_MEMBER, 2), ERR_BAD_VALUE);
    scene_free(&sc);
}

TEST(member_remove_takes_a_person_off_the_roster)
{
    struct scene sc;
    scene_init(&sc, false);
    expect_types(ACCEPT(&sc.f, SEC, c_id(CMD_MEMBER_REMOVE, 6)), 1, EV_MEMBER_REMOVED);
    assert_null(core_person(sc.f.s, 6));
    assert_int_equal(core_members(sc.f.s), MEMBERS - 1);
    scene_free(&sc);
}

/* A roster of 300 with ids far apart, every third removed: each person is still found by id
 * (the id index grows and is rebuilt), the removed ones are not. */
TEST(people_are_found_by_id_after_adds_and_removes)
{
    struct fixture f;
    fx_init(&f, 0);
    enum { COUNT = 300, STEP = 3001 }; /* ids up to 898 300: seats (= ids here) stay valid */
    for (int32_t k = 0; k < COUNT; k++)
        assert_int_equal(fx_member_add(&f, 1000 + k * STEP, "委员", PERSON_MEMBER), ERR_OK);
    for (int32_t k = 0; k < COUNT; k += 3)
        ACCEPT(&f, SEC, c_id(CMD_MEMBER_REMOVE, 1000 + k * STEP));
    for (int32_t k = 0; k < COUNT; k++) {
        const struct person *p = core_person(f.s, 1000 + k * STEP);
        if (k % 3 == 0)
            assert_null(p);
        else
            assert_int_equal(p->id, 1000 + k * STEP);
    }
    assert_int_equal(f.s->person_count, COUNT - COUNT / 3);
    assert_null(core_person(f.s, 999));
    fx_free(&f);
}

TEST(member_remove_refused_for_unknown_person_or_once_open)
{
    struct scene sc;
    scene_init(&sc, false);
    REFUSE(&sc.f, SEC, c_id(CMD_MEMBER_REMOVE, NOBODY), ERR_UNKNOWN_PERSON);
    assert_int_equal(fx_open(&sc.f, PRESENT), ERR_OK);
    REFUSE(&sc.f, SEC, c_id(CMD_MEMBER_REMOVE, 6), ERR_MEETING_STATE);
    scene_free(&sc);
}

/* ---- the meeting ----------------------------------------------------------------------------- */

TEST(meeting_create_schedules_a_meeting)
{
    struct fixture f;
    memset(&f, 0, sizeof f);
    f.s = core_state_new(NULL);
    f.now = T0;
    assert_int_equal(f.s->meeting.state, MEETING_NONE);
    const struct event_batch *b = ACCEPT(&f, SEC, c_meeting(12, "2026-11-23"));
    expect_types(b, 1, EV_MEETING_CREATED);
    assert_int_equal(f.s->meeting.state, MEETING_SCHEDULED);
    assert_int_equal(f.s->meeting.number, 12);
    assert_string_equal(f.s->meeting.date, "2026-11-23");
    assert_string_equal(f.s->meeting.title, "第12次会议");
    fx_free(&f);
}

TEST(meeting_create_after_a_closed_meeting_starts_afresh)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    ACCEPT(f, SEC, c_attendance(5, ATT_LEAVE, "出差"));
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    ACCEPT(f, SEC, c_meeting(13, "2026-12-20"));
    assert_int_equal(f->s->meeting.state, MEETING_SCHEDULED);
    assert_int_equal(f->s->meeting.number, 13);
    assert_int_equal(f->s->meeting.opened_at, 0);
    assert_int_equal(f->s->item_count, 0);     /* a new agenda */
    assert_int_equal(core_signed_in(f->s), 0); /* everybody signs in again */
    assert_int_equal(core_person(f->s, 5)->attendance, ATT_ABSENT);
    assert_string_equal(core_person(f->s, 5)->reason, "");
    assert_int_equal(core_members(f->s), MEMBERS); /* the roster stays */
    scene_free(&sc);
}

TEST(meeting_create_refused_with_a_meeting_running_or_a_bad_number_or_date)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_meeting(13, "2026-12-20"), ERR_MEETING_STATE);
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
    REFUSE(f, SEC, c_meeting(13, "2026-12-20"), ERR_MEETING_STATE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    static const char *const bad_dates[] = {"",           "2026-13-01", "2026-00-10", "2026-11-32",
                                            "2026/11/23", "26-11-23",   "2026-1-230", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
        REFUSE(f, SEC, c_meeting(13, bad_dates[i]), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_meeting(0, "2026-12-20"), ERR_BAD_VALUE);
    scene_free(&sc);
}

TEST(meeting_open_opens_with_a_quorum_and_records_time_and_counts)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    for (int i = 1; i <= PRESENT; i++) fx_sign_in(f, i);
    const struct event_batch *b = ACCEPT(f, CHAIR, cmd(CMD_MEETING_OPEN));
    expect_types(b, 1, EV_MEETING_OPENED);
    assert_int_equal(b->events[0].p.members, MEMBERS);
    assert_int_equal(b->events[0].p.signed_in, PRESENT);
    assert_int_equal(f->s->meeting.state, MEETING_OPEN);
    assert_int_equal(f->s->meeting.opened_at, f->now);
    scene_free(&sc);
}

TEST(meeting_open_refused_without_meeting_without_quorum_or_when_open)
{
    struct fixture f;
    memset(&f, 0, sizeof f);
    f.s = core_state_new(NULL);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_MEETING);
    fx_free(&f);

    struct scene sc;
    scene_init(&sc, false);
    for (int i = 1; i <= MEMBERS / 2; i++) fx_sign_in(&sc.f, i); /* 3 of 6: exactly half */
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_QUORUM);
    fx_sign_in(&sc.f, 4);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_OPEN));
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(meeting_suspend_and_resume_go_between_open_and_suspended)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib); /* an item may stay open over a recess */
    expect_types(ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND)), 1, EV_MEETING_SUSPENDED);
    assert_int_equal(f->s->meeting.state, MEETING_SUSPENDED);
    assert_int_equal(f->s->meeting.current_item, sc.delib);
    expect_types(ACCEPT(f, CHAIR, cmd(CMD_MEETING_RESUME)), 1, EV_MEETING_RESUMED);
    assert_int_equal(f->s->meeting.state, MEETING_OPEN);
    scene_free(&sc);
}

TEST(meeting_suspend_refused_unless_open_and_idle)
{
    struct fixture f;
    memset(&f, 0, sizeof f);
    f.s = core_state_new(NULL);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_NO_MEETING);
    fx_free(&f);

    struct scene sc;
    scene_init(&sc, false);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_MEETING_STATE); /* scheduled */
    scene_free(&sc);

    scene_init(&sc, true); /* someone on the floor */
    open_item(&sc.f, sc.delib);
    grant(&sc.f, sc.delib, request(&sc.f, sc.delib, 1));
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_FLOOR_TAKEN);
    scene_free(&sc);

    scene_init(&sc, true); /* a question running */
    question_at(&sc, Q_ASKING);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_FLOOR_TAKEN);
    scene_free(&sc);

    scene_init(&sc, true); /* a ballot open */
    open_ballot(&sc.f, sc.eval);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_FLOOR_TAKEN);
    scene_free(&sc);

    scene_init(&sc, true);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(meeting_resume_refused_unless_suspended)
{
    struct scene sc;
    scene_init(&sc, false);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_RESUME), ERR_MEETING_STATE);
    assert_int_equal(fx_open(&sc.f, PRESENT), ERR_OK);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_RESUME), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(meeting_close_closes_an_open_or_suspended_meeting)
{
    struct scene sc;
    scene_init(&sc, true);
    const struct event_batch *b = ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE));
    expect_types(b, 1, EV_MEETING_CLOSED);
    assert_int_equal(b->events[0].p.members, MEMBERS);
    assert_int_equal(b->events[0].p.signed_in, PRESENT);
    assert_int_equal(sc.f.s->meeting.state, MEETING_CLOSED);
    assert_int_equal(sc.f.s->meeting.closed_at, sc.f.now);
    scene_free(&sc);

    scene_init(&sc, true);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE));
    assert_int_equal(sc.f.s->meeting.state, MEETING_CLOSED);
    scene_free(&sc);
}

TEST(meeting_close_refused_while_an_item_is_open_or_unless_open)
{
    struct scene sc;
    scene_init(&sc, false);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_MEETING_STATE); /* scheduled */
    assert_int_equal(fx_open(&sc.f, PRESENT), ERR_OK);
    open_item(&sc.f, sc.delib);
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_ANOTHER_ITEM_OPEN);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND)); /* not while suspended either */
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_ANOTHER_ITEM_OPEN);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_RESUME));
    ACCEPT(&sc.f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(&sc.f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_MEETING_STATE); /* closed */
    scene_free(&sc);
}

/* ---- attendance, link, rules ----------------------------------------------------------------- */

TEST(sign_in_marks_present_at_the_hub_time)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    const struct event_batch *b = ACCEPT(f, seat(1), c_person(CMD_SIGN_IN, 0, 1));
    expect_types(b, 1, EV_SIGNED_IN);
    assert_int_equal(b->events[0].p.person, 1);
    assert_int_equal(core_person(f->s, 1)->attendance, ATT_PRESENT);
    assert_int_equal(core_person(f->s, 1)->signed_in_at, f->now);
    assert_int_equal(core_signed_in(f->s), 1);
    ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, 2)); /* the secretary signs a member in */
    assert_int_equal(core_signed_in(f->s), 2);
    ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_SIGN_IN, 0, ATTENDEE));
    assert_int_equal(core_person(f->s, ATTENDEE)->attendance, ATT_PRESENT);
    assert_int_equal(core_signed_in(f->s), 2);          /* an attendee is not counted */
    ACCEPT(f, SEC, c_attendance(3, ATT_LEAVE, "出差")); /* on leave, then comes after all */
    ACCEPT(f, seat(3), c_person(CMD_SIGN_IN, 0, 3));
    assert_int_equal(core_person(f->s, 3)->attendance, ATT_PRESENT);
    assert_string_equal(core_person(f->s, 3)->reason, "");
    scene_free(&sc);
}

TEST(sign_in_refused_twice_for_unknown_person_or_without_a_running_meeting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, seat(1), c_person(CMD_SIGN_IN, 0, 1), ERR_ALREADY_SIGNED_IN);
    REFUSE(f, SEC, c_person(CMD_SIGN_IN, 0, NOBODY), ERR_UNKNOWN_PERSON);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, seat(5), c_person(CMD_SIGN_IN, 0, 5), ERR_MEETING_STATE);
    scene_free(&sc);

    struct fixture g;
    memset(&g, 0, sizeof g);
    g.s = core_state_new(NULL);
    fx_member_add(&g, 1, "委员01", PERSON_MEMBER);
    REFUSE(&g, seat(1), c_person(CMD_SIGN_IN, 0, 1), ERR_NO_MEETING);
    fx_free(&g);
}

TEST(attendance_set_records_leave_with_reason_presence_and_absence)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    expect_types(ACCEPT(f, SEC, c_attendance(5, ATT_LEAVE, "因公出差")), 1, EV_ATTENDANCE_CHANGED);
    assert_int_equal(core_person(f->s, 5)->attendance, ATT_LEAVE);
    assert_string_equal(core_person(f->s, 5)->reason, "因公出差");
    ACCEPT(f, SEC, c_attendance(6, ATT_PRESENT, ""));
    assert_int_equal(core_person(f->s, 6)->attendance, ATT_PRESENT);
    assert_int_equal(core_person(f->s, 6)->signed_in_at, f->now);
    assert_int_equal(core_signed_in(f->s), PRESENT + 1);
    ACCEPT(f, SEC, c_attendance(1, ATT_ABSENT, "")); /* signed out */
    assert_int_equal(core_person(f->s, 1)->attendance, ATT_ABSENT);
    assert_int_equal(core_person(f->s, 1)->signed_in_at, 0);
    assert_int_equal(core_signed_in(f->s), PRESENT);
    scene_free(&sc);
}

TEST(attendance_set_refused_for_leave_without_reason_unknown_person_or_closed_meeting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_attendance(5, ATT_LEAVE, ""), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_attendance(NOBODY, ATT_LEAVE, "出差"), ERR_UNKNOWN_PERSON);
    struct command bad = c_attendance(5, ATT_LEAVE, "出差");
    bad.p.kind = ATT_COUNT;
    REFUSE(f, SEC, bad, ERR_BAD_VALUE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, SEC, c_attendance(5, ATT_LEAVE, "出差"), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(link_set_shows_the_seat_link_apart_from_attendance)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    expect_types(ACCEPT(f, HUB, c_link(1, true)), 1, EV_LINK_CHANGED);
    assert_true(core_person(f->s, 1)->connected);
    ACCEPT(f, HUB, c_link(1, false));
    assert_false(core_person(f->s, 1)->connected);
    assert_int_equal(core_person(f->s, 1)->attendance, ATT_PRESENT);
    ACCEPT(f, HUB, c_link(5, true)); /* a seat may connect before signing in */
    assert_int_equal(core_person(f->s, 5)->attendance, ATT_ABSENT);
    scene_free(&sc);
}

TEST(link_set_refused_for_unknown_person)
{
    struct scene sc;
    scene_init(&sc, true);
    REFUSE(&sc.f, HUB, c_link(NOBODY, true), ERR_UNKNOWN_PERSON);
    scene_free(&sc);
}

TEST(rules_set_replaces_the_rules_between_meetings)
{
    struct scene sc;
    scene_init(&sc, false);
    struct core_rules r;
    rules_default(&r);
    r.speak_twice = false;
    r.followups_per_question = 2;
    r.speech_limit_s[SPEECH_PLENARY] = 480;
    r.vote.base = BASE_SIGNED_IN;
    expect_types(ACCEPT(&sc.f, HUB, c_rules(&r)), 1, EV_RULES_CHANGED);
    assert_memory_equal(&sc.f.s->rules, &r, sizeof r);
    scene_free(&sc);
}

TEST(rules_set_refused_during_a_meeting_or_with_bad_rules)
{
    struct scene sc;
    scene_init(&sc, false);
    struct core_rules r;
    rules_default(&r);
    r.evaluation_option_count = 1;
    REFUSE(&sc.f, HUB, c_rules(&r), ERR_BAD_VALUE);
    rules_default(&r);
    r.speech_limit_s[SPEECH_ANSWER] = 0;
    REFUSE(&sc.f, HUB, c_rules(&r), ERR_BAD_VALUE);
    rules_default(&r);
    r.followups_per_question = 6;
    REFUSE(&sc.f, HUB, c_rules(&r), ERR_BAD_VALUE);
    rules_default(&r);
    assert_int_equal(fx_open(&sc.f, PRESENT), ERR_OK);
    REFUSE(&sc.f, HUB, c_rules(&r), ERR_MEETING_STATE);
    ACCEPT(&sc.f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(&sc.f, HUB, c_rules(&r), ERR_MEETING_STATE);
    scene_free(&sc);
}

/* ---- the agenda ------------------------------------------------------------------------------ */

TEST(item_add_appends_a_pending_item_with_its_details)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t next = f->s->next_id;
    struct command c = c_new_item(ITEM_DELIBERATION, "关于食品安全工作情况的报告");
    snprintf(c.p.name, sizeof c.p.name, "张副市长");
    snprintf(c.p.detail, sizeof c.p.detail, "市市场监管局");
    snprintf(c.p.text, sizeof c.p.text, "报告全文\n审议意见");
    c.p.number = 45;
    const struct event_batch *b = ACCEPT(f, SEC, c);
    expect_types(b, 1, EV_ITEM_ADDED);
    assert_int_equal(b->events[0].p.id, next);
    const struct item *it = &f->s->items[f->s->item_count - 1]; /* at the end of the agenda */
    assert_int_equal(it->id, next);
    assert_int_equal(it->kind, ITEM_DELIBERATION);
    assert_int_equal(it->state, ITEM_PENDING);
    assert_string_equal(it->title, "关于食品安全工作情况的报告");
    assert_string_equal(it->reporter, "张副市长");
    assert_string_equal(it->department, "市市场监管局");
    assert_int_equal(it->planned_min, 45);
    assert_int_equal(it->attachment_count, 2);
    assert_string_equal(it->attachments[1], "审议意见");
    assert_true(f->s->next_id > next);
    scene_free(&sc);
}

TEST(item_add_of_a_vote_adds_the_motion_as_its_subject)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    struct command c = c_new_item(ITEM_VOTE, "关于修改条例的决定");
    c.p.flag = true;
    const struct event_batch *b = ACCEPT(f, SEC, c);
    expect_types(b, 2, EV_ITEM_ADDED, EV_SUBJECT_ADDED);
    int32_t id = b->events[0].p.id;
    assert_int_equal(b->events[1].p.item, id);
    const struct item *it = item_of(f, id);
    assert_true(it->ballot.secret);
    assert_int_equal(it->ballot.subject_count, 1);
    assert_int_equal(it->ballot.subjects[0].id, b->events[1].p.id);
    assert_string_equal(it->ballot.subjects[0].name, "关于修改条例的决定");
    assert_true(b->events[1].p.id != id);
    scene_free(&sc);
}

TEST(item_add_refused_without_meeting_when_closed_or_with_bad_fields)
{
    struct fixture g;
    memset(&g, 0, sizeof g);
    g.s = core_state_new(NULL);
    REFUSE(&g, SEC, c_new_item(ITEM_OTHER, "议题"), ERR_NO_MEETING);
    fx_free(&g);

    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_new_item(ITEM_OTHER, ""), ERR_BAD_VALUE);
    struct command c = c_new_item(ITEM_OTHER, "议题");
    c.p.number = 24 * 60 + 1;
    REFUSE(f, SEC, c, ERR_BAD_VALUE);
    c = c_new_item(ITEM_OTHER, "议题");
    snprintf(c.p.text, sizeof c.p.text, "1\n2\n3\n4\n5\n6\n7\n8\n9");
    REFUSE(f, SEC, c, ERR_TOO_MANY);
    c = c_new_item(ITEM_OTHER, "议题");
    c.p.kind = ITEM_KIND_COUNT;
    REFUSE(f, SEC, c, ERR_BAD_VALUE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, SEC, c_new_item(ITEM_OTHER, "议题"), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(item_update_changes_title_reporter_and_attachments)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib); /* an open item can still be corrected */
    struct command c = c_id(CMD_ITEM_UPDATE, sc.delib);
    snprintf(c.p.title, sizeof c.p.title, "关于本市2026年环境状况的报告");
    snprintf(c.p.name, sizeof c.p.name, "李副市长");
    snprintf(c.p.text, sizeof c.p.text, "附件一");
    c.p.number = 30;
    expect_types(ACCEPT(f, SEC, c), 1, EV_ITEM_UPDATED);
    const struct item *it = item_of(f, sc.delib);
    assert_string_equal(it->title, "关于本市2026年环境状况的报告");
    assert_string_equal(it->reporter, "李副市长");
    assert_int_equal(it->planned_min, 30);
    assert_int_equal(it->attachment_count, 1);
    assert_int_equal(it->state, ITEM_OPEN);
    scene_free(&sc);
}

TEST(item_update_renames_a_votes_motion_until_its_ballot_opens)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    struct command c = c_id(CMD_ITEM_UPDATE, sc.vote);
    snprintf(c.p.title, sizeof c.p.title, "关于加强大气污染防治工作的决定（修改稿）");
    c.p.flag = item_of(f, sc.vote)->ballot.secret;
    ACCEPT(f, SEC, c);
    assert_string_equal(item_of(f, sc.vote)->ballot.subjects[0].name, c.p.title);
    scene_free(&sc);
}

TEST(item_update_refused_for_unknown_or_closed_item_or_secrecy_once_balloted)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    struct command c = c_id(CMD_ITEM_UPDATE, NOBODY);
    snprintf(c.p.title, sizeof c.p.title, "标题");
    REFUSE(f, SEC, c, ERR_UNKNOWN_ITEM);
    c.p.id = sc.delib;
    c.p.title[0] = '\0';
    REFUSE(f, SEC, c, ERR_BAD_VALUE);
    open_ballot(f, sc.eval);
    c = c_id(CMD_ITEM_UPDATE, sc.eval);
    snprintf(c.p.title, sizeof c.p.title, "满意度测评");
    c.p.flag = false; /* the evaluation is secret */
    REFUSE(f, SEC, c, ERR_BALLOT_STATE);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.eval));
    c.p.flag = true;
    REFUSE(f, SEC, c, ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(item_remove_takes_a_pending_item_off_the_agenda)
{
    struct scene sc;
    scene_init(&sc, true);
    int before = sc.f.s->item_count;
    expect_types(ACCEPT(&sc.f, SEC, c_id(CMD_ITEM_REMOVE, sc.inquiry)), 1, EV_ITEM_REMOVED);
    assert_null(core_item(sc.f.s, sc.inquiry));
    assert_int_equal(sc.f.s->item_count, before - 1);
    assert_int_equal(sc.f.s->items[1].id, sc.eval);
    scene_free(&sc);
}

TEST(item_remove_refused_for_unknown_or_not_pending_item)
{
    struct scene sc;
    scene_init(&sc, true);
    REFUSE(&sc.f, SEC, c_id(CMD_ITEM_REMOVE, NOBODY), ERR_UNKNOWN_ITEM);
    open_item(&sc.f, sc.delib);
    REFUSE(&sc.f, SEC, c_id(CMD_ITEM_REMOVE, sc.delib), ERR_ITEM_STATE);
    ACCEPT(&sc.f, CHAIR, c_id(CMD_ITEM_DEFER, sc.delib));
    REFUSE(&sc.f, SEC, c_id(CMD_ITEM_REMOVE, sc.delib), ERR_ITEM_STATE);
    scene_free(&sc);
}

static void expect_order(const struct fixture *f, const int32_t *ids, int n)
{
    assert_int_equal(f->s->item_count, n);
    for (int i = 0; i < n; i++)
        if (f->s->items[i].id != ids[i])
            fail_msg("agenda position %d holds item %d, want %d", i, (int)f->s->items[i].id,
                     (int)ids[i]);
}

TEST(item_move_reorders_the_agenda)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    expect_types(ACCEPT(f, SEC, c_move(CMD_ITEM_MOVE, 0, sc.appoint, 0)), 1, EV_ITEM_MOVED);
    int32_t first[] = {sc.appoint, sc.delib, sc.inquiry, sc.eval, sc.vote};
    expect_order(f, first, 5);
    ACCEPT(f, SEC, c_move(CMD_ITEM_MOVE, 0, sc.delib, 4));
    int32_t second[] = {sc.appoint, sc.inquiry, sc.eval, sc.vote, sc.delib};
    expect_order(f, second, 5);
    ACCEPT(f, SEC, c_move(CMD_ITEM_MOVE, 0, sc.eval, 2)); /* to where it is: no change */
    expect_order(f, second, 5);
    scene_free(&sc);
}

TEST(item_move_refused_for_unknown_item_bad_position_or_closed_meeting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_move(CMD_ITEM_MOVE, 0, NOBODY, 0), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_move(CMD_ITEM_MOVE, 0, sc.delib, 5), ERR_BAD_VALUE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, SEC, c_move(CMD_ITEM_MOVE, 0, sc.delib, 1), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(item_open_makes_the_item_current)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    const struct event_batch *b = ACCEPT(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.inquiry));
    expect_types(b, 1, EV_ITEM_OPENED);
    assert_int_equal(b->events[0].p.id, sc.inquiry);
    assert_int_equal(item_of(f, sc.inquiry)->state, ITEM_OPEN);
    assert_int_equal(item_of(f, sc.inquiry)->opened_at, f->now);
    assert_int_equal(f->s->meeting.current_item, sc.inquiry);
    assert_ptr_equal(core_open_item(f->s), item_of(f, sc.inquiry));
    scene_free(&sc);
}

TEST(item_open_refused_unless_meeting_open_and_no_other_item_open)
{
    struct fixture g;
    memset(&g, 0, sizeof g);
    g.s = core_state_new(NULL);
    REFUSE(&g, CHAIR, c_id(CMD_ITEM_OPEN, 1), ERR_NO_MEETING);
    fx_free(&g);

    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.delib), ERR_MEETING_STATE); /* scheduled */
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, NOBODY), ERR_UNKNOWN_ITEM);
    open_item(f, sc.delib);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.inquiry), ERR_ANOTHER_ITEM_OPEN);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.delib), ERR_ANOTHER_ITEM_OPEN);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.delib), ERR_ITEM_STATE); /* closed for good */
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(f, CHAIR, c_id(CMD_ITEM_OPEN, sc.inquiry), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(item_close_closes_the_current_item)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    expect_types(ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib)), 1, EV_ITEM_CLOSED);
    assert_int_equal(item_of(f, sc.delib)->state, ITEM_CLOSED);
    assert_int_equal(item_of(f, sc.delib)->closed_at, f->now);
    assert_int_equal(f->s->meeting.current_item, 0);
    assert_null(core_open_item(f->s));
    scene_free(&sc);
}

TEST(item_close_refused_unless_open_and_idle)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib), ERR_ITEM_STATE); /* pending */
    REFUSE(f, CHAIR, c_id(CMD_ITEM_CLOSE, NOBODY), ERR_UNKNOWN_ITEM);
    open_item(f, sc.delib);
    grant(f, sc.delib, request(f, sc.delib, 1));
    REFUSE(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib), ERR_FLOOR_TAKEN);
    scene_free(&sc);

    scene_init(&sc, true);
    question_at(&sc, Q_ANSWERING);
    REFUSE(&sc.f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.inquiry), ERR_QUESTION_STATE);
    scene_free(&sc);

    scene_init(&sc, true);
    open_ballot(&sc.f, sc.vote);
    REFUSE(&sc.f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.vote), ERR_BALLOT_STATE);
    scene_free(&sc);
}

TEST(item_defer_sets_an_open_or_pending_item_aside)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    expect_types(ACCEPT(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.delib)), 1, EV_ITEM_DEFERRED);
    assert_int_equal(item_of(f, sc.delib)->state, ITEM_DEFERRED);
    assert_int_equal(f->s->meeting.current_item, 0);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.inquiry)); /* a pending one too */
    assert_int_equal(item_of(f, sc.inquiry)->state, ITEM_DEFERRED);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE)); /* deferred items do not hold up closing */
    scene_free(&sc);
}

TEST(item_defer_refused_for_closed_item_balloted_item_or_busy_floor)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_id(CMD_ITEM_DEFER, NOBODY), ERR_UNKNOWN_ITEM);
    open_item(f, sc.delib);
    int32_t sp = request(f, sc.delib, 1);
    grant(f, sc.delib, sp);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.delib), ERR_FLOOR_TAKEN);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    REFUSE(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.delib), ERR_ITEM_STATE);
    open_ballot(f, sc.vote);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.vote), ERR_BALLOT_STATE);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.vote));
    REFUSE(f, CHAIR, c_id(CMD_ITEM_DEFER, sc.vote), ERR_BALLOT_STATE); /* results exist */
    scene_free(&sc);
}

TEST(note_set_records_the_secretary_note)
{
    struct scene sc;
    scene_init(&sc, true);
    struct command c = c_item(CMD_NOTE_SET, sc.eval);
    snprintf(c.p.text, sizeof c.p.text, "第一行\n第二行");
    expect_types(ACCEPT(&sc.f, SEC, c), 1, EV_NOTE_CHANGED);
    assert_string_equal(item_of(&sc.f, sc.eval)->note, "第一行\n第二行");
    scene_free(&sc);
}

TEST(note_set_refused_for_unknown_item_or_unclean_text)
{
    struct scene sc;
    scene_init(&sc, true);
    struct command c = c_item(CMD_NOTE_SET, NOBODY);
    REFUSE(&sc.f, SEC, c, ERR_UNKNOWN_ITEM);
    c.p.item = sc.delib;
    snprintf(c.p.text, sizeof c.p.text, "bad\x01text");
    REFUSE(&sc.f, SEC, c, ERR_BAD_VALUE);
    scene_free(&sc);
}

TEST(respondent_add_lists_a_respondent_of_an_inquiry)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t next = f->s->next_id;
    const struct event_batch *b =
        ACCEPT(f, SEC, c_named(CMD_RESPONDENT_ADD, sc.inquiry, "赵局长", "局长", "市住建局"));
    expect_types(b, 1, EV_RESPONDENT_ADDED);
    assert_int_equal(b->events[0].p.id, next);
    const struct respondent *r = core_respondent(item_of(f, sc.inquiry), next);
    assert_non_null(r);
    assert_string_equal(r->name, "赵局长");
    assert_string_equal(r->post, "局长");
    assert_string_equal(r->department, "市住建局");
    assert_int_equal(item_of(f, sc.inquiry)->respondent_count, 3);
    scene_free(&sc);
}

TEST(respondent_add_refused_for_other_kinds_closed_items_or_no_name)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_named(CMD_RESPONDENT_ADD, NOBODY, "赵局长", "局长", ""), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_named(CMD_RESPONDENT_ADD, sc.delib, "赵局长", "局长", ""), ERR_ITEM_KIND);
    REFUSE(f, SEC, c_named(CMD_RESPONDENT_ADD, sc.inquiry, "", "局长", ""), ERR_BAD_VALUE);
    open_item(f, sc.inquiry);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.inquiry));
    REFUSE(f, SEC, c_named(CMD_RESPONDENT_ADD, sc.inquiry, "赵局长", "局长", ""), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(respondent_remove_takes_an_unused_respondent_off)
{
    struct scene sc;
    scene_init(&sc, true);
    expect_types(ACCEPT(&sc.f, SEC, c_item_id(CMD_RESPONDENT_REMOVE, sc.inquiry, sc.resp2)), 1,
                 EV_RESPONDENT_REMOVED);
    assert_null(core_respondent(item_of(&sc.f, sc.inquiry), sc.resp2));
    assert_int_equal(item_of(&sc.f, sc.inquiry)->respondent_count, 1);
    scene_free(&sc);
}

TEST(respondent_remove_refused_when_unknown_or_named_by_a_question)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_item_id(CMD_RESPONDENT_REMOVE, sc.inquiry, NOBODY), ERR_UNKNOWN_RESPONDENT);
    REFUSE(f, SEC, c_item_id(CMD_RESPONDENT_REMOVE, NOBODY, sc.resp), ERR_UNKNOWN_ITEM);
    question_at(&sc, Q_WAITING); /* member 1 asks resp */
    REFUSE(f, SEC, c_item_id(CMD_RESPONDENT_REMOVE, sc.inquiry, sc.resp), ERR_IN_USE);
    /* one who answered a question naming nobody is kept for the minutes too */
    int32_t q = ask(f, sc.inquiry, 2, 0);
    ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q));
    ACCEPT(f, CHAIR, c_answer(sc.inquiry, sc.resp2));
    REFUSE(f, SEC, c_item_id(CMD_RESPONDENT_REMOVE, sc.inquiry, sc.resp2), ERR_IN_USE);
    scene_free(&sc);
}

TEST(subject_add_puts_a_subject_on_a_ballot)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t next = f->s->next_id;
    const struct event_batch *b =
        ACCEPT(f, SEC, c_named(CMD_SUBJECT_ADD, sc.eval, "", "市住建局", "2026年度工作"));
    expect_types(b, 1, EV_SUBJECT_ADDED);
    assert_int_equal(b->events[0].p.id, next);
    const struct subject *sub = core_subject(&item_of(f, sc.eval)->ballot, next);
    assert_non_null(sub);
    assert_string_equal(sub->name, "市住建局");
    assert_string_equal(sub->detail, "2026年度工作");
    assert_int_equal(item_of(f, sc.eval)->ballot.subject_count, 3);
    open_item(f, sc.appoint); /* while the item is open, before its ballot */
    ACCEPT(f, SEC, c_named(CMD_SUBJECT_ADD, sc.appoint, "", "李四", "拟任局长"));
    assert_int_equal(item_of(f, sc.appoint)->ballot.subject_count, 2);
    scene_free(&sc);
}

TEST(subject_add_refused_for_non_ballots_open_ballots_no_name_or_too_many)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, NOBODY, "", "某", ""), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, sc.delib, "", "某", ""), ERR_ITEM_KIND);
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, sc.inquiry, "", "某", ""), ERR_ITEM_KIND);
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, sc.eval, "", "", ""), ERR_BAD_VALUE);
    while (item_of(f, sc.appoint)->ballot.subject_count < SUBJECTS_MAX)
        ACCEPT(f, SEC, c_named(CMD_SUBJECT_ADD, sc.appoint, "", "候选人", ""));
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, sc.appoint, "", "多一人", ""), ERR_TOO_MANY);
    open_ballot(f, sc.eval);
    REFUSE(f, SEC, c_named(CMD_SUBJECT_ADD, sc.eval, "", "市住建局", ""), ERR_BALLOT_STATE);
    scene_free(&sc);
}

TEST(subject_remove_takes_a_subject_off_an_unopened_ballot)
{
    struct scene sc;
    scene_init(&sc, true);
    expect_types(ACCEPT(&sc.f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.eval, sc.eval_sub[0])), 1,
                 EV_SUBJECT_REMOVED);
    const struct ballot *b = &item_of(&sc.f, sc.eval)->ballot;
    assert_int_equal(b->subject_count, 1);
    assert_int_equal(b->subjects[0].id, sc.eval_sub[1]);
    scene_free(&sc);
}

TEST(subject_remove_refused_for_unknown_subject_or_opened_ballot)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.eval, NOBODY), ERR_UNKNOWN_SUBJECT);
    REFUSE(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.eval, sc.vote_sub), ERR_UNKNOWN_SUBJECT);
    REFUSE(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, NOBODY, sc.vote_sub), ERR_UNKNOWN_ITEM);
    open_ballot(f, sc.eval);
    REFUSE(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.eval, sc.eval_sub[0]), ERR_BALLOT_STATE);
    scene_free(&sc);
}

/* ---- the speaker list ------------------------------------------------------------------------ */

TEST(floor_request_puts_the_member_at_the_end_of_the_list)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    request(f, sc.delib, 2);
    int32_t next = f->s->next_id;
    const struct event_batch *b = ACCEPT(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 1));
    expect_types(b, 1, EV_SPEAKER_ADDED);
    assert_int_equal(b->events[0].p.id, next);
    const struct item *it = item_of(f, sc.delib);
    assert_int_equal(it->speaker_count, 2);
    const struct speaker *sp = &it->speakers[1];
    assert_int_equal(sp->id, next);
    assert_int_equal(sp->person, 1);
    assert_string_equal(sp->name, "委员01");
    assert_false(sp->scheduled);
    assert_int_equal(sp->kind, SPEECH_PLENARY);
    assert_int_equal(sp->sitting, SITTING_PLENARY);
    assert_int_equal(sp->state, SPK_WAITING);
    scene_free(&sc);

    scene_init(&sc, true); /* on an appointment, a speech is a statement 供职发言 */
    open_item(&sc.f, sc.appoint);
    int32_t id = request(&sc.f, sc.appoint, 1);
    assert_int_equal(speaker_of(&sc.f, sc.appoint, id)->kind, SPEECH_STATEMENT);
    scene_free(&sc);
}

TEST(floor_request_refused_unless_item_open_member_signed_in_and_not_listed)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 1), ERR_ITEM_STATE); /* pending */
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, NOBODY, 1), ERR_UNKNOWN_ITEM);
    open_item(f, sc.delib);
    REFUSE(f, seat(5), c_person(CMD_FLOOR_REQUEST, sc.delib, 5), ERR_NOT_SIGNED_IN);
    REFUSE(f, seat(NOBODY), c_person(CMD_FLOOR_REQUEST, sc.delib, NOBODY), ERR_UNKNOWN_PERSON);
    ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_SIGN_IN, 0, ATTENDEE));
    REFUSE(f, seat(ATTENDEE), c_person(CMD_FLOOR_REQUEST, sc.delib, ATTENDEE), ERR_NOT_A_MEMBER);
    REFUSE(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_REQUEST, sc.delib, ATTENDEE),
           ERR_NOT_ALLOWED);
    int32_t sp = request(f, sc.delib, 1);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 1), ERR_ALREADY_ON_LIST);
    grant(f, sc.delib, sp);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 1), ERR_ALREADY_ON_LIST);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    request(f, sc.delib, 1); /* by default a member may speak twice */
    scene_free(&sc);
}

TEST(floor_request_refused_after_speaking_when_rules_forbid_speaking_twice)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    struct core_rules r;
    rules_default(&r);
    r.speak_twice = false;
    ACCEPT(f, HUB, c_rules(&r));
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
    open_item(f, sc.delib);
    grant(f, sc.delib, request(f, sc.delib, 1));
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    REFUSE(f, seat(1), c_person(CMD_FLOOR_REQUEST, sc.delib, 1), ERR_ALREADY_SPOKE);
    REFUSE(f, SEC, c_speaker(sc.delib, 1, "", true), ERR_ALREADY_SPOKE);
    request(f, sc.delib, 2); /* the others still may */
    scene_free(&sc);
}

TEST(floor_withdraw_takes_the_member_off_the_list)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t sp = request(f, sc.delib, 1);
    request(f, sc.delib, 2);
    const struct event_batch *b = ACCEPT(f, seat(1), c_person(CMD_FLOOR_WITHDRAW, sc.delib, 1));
    expect_types(b, 1, EV_SPEAKER_REMOVED);
    assert_int_equal(b->events[0].p.id, sp);
    assert_null(core_speaker(item_of(f, sc.delib), sp));
    assert_int_equal(item_of(f, sc.delib)->speaker_count, 1);
    assert_int_equal(item_of(f, sc.delib)->speakers[0].person, 2);
    scene_free(&sc);
}

TEST(floor_withdraw_refused_unless_waiting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_WITHDRAW, sc.delib, 1), ERR_UNKNOWN_SPEAKER);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_WITHDRAW, NOBODY, 1), ERR_UNKNOWN_ITEM);
    grant(f, sc.delib, request(f, sc.delib, 1));
    REFUSE(f, seat(1), c_person(CMD_FLOOR_WITHDRAW, sc.delib, 1), ERR_UNKNOWN_SPEAKER);
    scene_free(&sc);
}

TEST(speaker_add_puts_scheduled_speakers_before_members_who_requested)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t r1 = request(f, sc.delib, 1);
    int32_t r2 = request(f, sc.delib, 2);
    int32_t next = f->s->next_id;
    const struct event_batch *b = ACCEPT(f, SEC, c_speaker(sc.delib, 3, "", true));
    expect_types(b, 1, EV_SPEAKER_ADDED);
    assert_int_equal(b->events[0].p.id, next);
    assert_string_equal(b->events[0].p.name, "委员03"); /* the roster's name */
    int32_t s4 = add_speaker(f, sc.delib, 4, true);     /* after the first scheduled one */
    int32_t att = add_speaker(f, sc.delib, ATTENDEE, false);
    int32_t rep =
        ACCEPT(f, CHAIR, c_speaker(sc.delib, 0, "王局长（报告人）", false))->events[0].p.id;
    const struct item *it = item_of(f, sc.delib);
    int32_t want[] = {next, s4, r1, r2, att, rep};
    assert_int_equal(it->speaker_count, 6);
    for (int i = 0; i < 6; i++) assert_int_equal(it->speakers[i].id, want[i]);
    assert_true(it->speakers[0].scheduled);
    assert_true(it->speakers[1].scheduled);
    assert_string_equal(it->speakers[4].name, "列席甲"); /* an attendee may speak */
    assert_int_equal(it->speakers[5].person, 0);         /* a non-member, by name */
    assert_string_equal(it->speakers[5].name, "王局长（报告人）");
    grant(f, sc.delib, 0); /* the floor goes to the first scheduled speaker */
    assert_int_equal(speaker_of(f, sc.delib, next)->state, SPK_SPEAKING);
    scene_free(&sc);

    scene_init(&sc, true); /* speakers may be scheduled before the item opens */
    add_speaker(&sc.f, sc.delib, 2, true);
    assert_int_equal(item_of(&sc.f, sc.delib)->speaker_count, 1);
    scene_free(&sc);
}

TEST(speaker_add_refused_for_closed_item_unknown_person_no_name_or_listed)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_speaker(NOBODY, 1, "", false), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_speaker(sc.delib, NOBODY, "", false), ERR_UNKNOWN_PERSON);
    REFUSE(f, SEC, c_speaker(sc.delib, 0, "", false), ERR_BAD_VALUE);
    struct command bad = c_speaker(sc.delib, 1, "", false);
    bad.p.kind = SPEECH_KIND_COUNT;
    REFUSE(f, SEC, bad, ERR_BAD_VALUE);
    add_speaker(f, sc.delib, 1, false);
    REFUSE(f, SEC, c_speaker(sc.delib, 1, "", true), ERR_ALREADY_ON_LIST);
    open_item(f, sc.delib);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    REFUSE(f, SEC, c_speaker(sc.delib, 2, "", false), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(speaker_remove_takes_a_waiting_speaker_off)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t sp = request(f, sc.delib, 1);
    const struct event_batch *b = ACCEPT(f, SEC, c_item_id(CMD_SPEAKER_REMOVE, sc.delib, sp));
    expect_types(b, 1, EV_SPEAKER_REMOVED);
    assert_int_equal(b->events[0].p.id, sp);
    assert_int_equal(item_of(f, sc.delib)->speaker_count, 0);
    request(f, sc.delib, 1); /* and may ask again */
    scene_free(&sc);
}

TEST(speaker_remove_refused_for_unknown_or_speaking_or_done_speaker)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    REFUSE(f, SEC, c_item_id(CMD_SPEAKER_REMOVE, sc.delib, NOBODY), ERR_UNKNOWN_SPEAKER);
    REFUSE(f, SEC, c_item_id(CMD_SPEAKER_REMOVE, NOBODY, 1), ERR_UNKNOWN_ITEM);
    int32_t sp = request(f, sc.delib, 1);
    grant(f, sc.delib, sp);
    REFUSE(f, CHAIR, c_item_id(CMD_SPEAKER_REMOVE, sc.delib, sp), ERR_UNKNOWN_SPEAKER);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    REFUSE(f, SEC, c_item_id(CMD_SPEAKER_REMOVE, sc.delib, sp), ERR_UNKNOWN_SPEAKER);
    assert_int_equal(speaker_of(f, sc.delib, sp)->state, SPK_DONE); /* kept for the record */
    scene_free(&sc);
}

static void expect_waiting(const struct fixture *f, int32_t item, const int32_t *ids, int n)
{
    const struct item *it = item_of(f, item);
    int k = 0;
    for (int i = 0; i < it->speaker_count; i++) {
        if (it->speakers[i].state != SPK_WAITING) continue;
        if (k >= n || it->speakers[i].id != ids[k])
            fail_msg("waiting speaker %d is %d, want %d", k, (int)it->speakers[i].id,
                     k < n ? (int)ids[k] : -1);
        k++;
    }
    assert_int_equal(k, n);
}

TEST(speaker_move_reorders_the_waiting_list)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t s1 = request(f, sc.delib, 1), s2 = request(f, sc.delib, 2);
    int32_t s3 = request(f, sc.delib, 3), s4 = request(f, sc.delib, 4);
    grant(f, sc.delib, 0); /* s1 speaks: positions count only those waiting */
    const struct event_batch *b = ACCEPT(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, s4, 0));
    expect_types(b, 1, EV_SPEAKER_MOVED);
    int32_t a[] = {s4, s2, s3};
    expect_waiting(f, sc.delib, a, 3);
    ACCEPT(f, CHAIR, c_move(CMD_SPEAKER_MOVE, sc.delib, s4, 2));
    int32_t b2[] = {s2, s3, s4};
    expect_waiting(f, sc.delib, b2, 3);
    ACCEPT(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, s3, 0));
    int32_t c3[] = {s3, s2, s4};
    expect_waiting(f, sc.delib, c3, 3);
    assert_int_equal(speaker_of(f, sc.delib, s1)->state, SPK_SPEAKING);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    grant(f, sc.delib, 0); /* the next is the one moved to the front */
    assert_int_equal(speaker_of(f, sc.delib, s3)->state, SPK_SPEAKING);
    scene_free(&sc);
}

TEST(speaker_move_refused_for_bad_position_or_a_speaker_not_waiting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t s1 = request(f, sc.delib, 1), s2 = request(f, sc.delib, 2);
    REFUSE(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, s2, 2), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, NOBODY, 0), ERR_UNKNOWN_SPEAKER);
    grant(f, sc.delib, s1);
    REFUSE(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, s1, 0), ERR_UNKNOWN_SPEAKER);
    REFUSE(f, SEC, c_move(CMD_SPEAKER_MOVE, sc.delib, s2, 1), ERR_BAD_VALUE); /* one waits */
    scene_free(&sc);
}

TEST(floor_grant_starts_the_speech_with_the_plenary_limit)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t s1 = request(f, sc.delib, 1), s2 = request(f, sc.delib, 2);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0));
    expect_types(b, 1, EV_FLOOR_GRANTED);
    assert_int_equal(b->events[0].p.id, s1); /* 0 = the next waiting */
    assert_int_equal(b->events[0].p.seconds, 600);
    const struct speaker *sp = speaker_of(f, sc.delib, s1);
    assert_int_equal(sp->state, SPK_SPEAKING);
    assert_int_equal(sp->started_at, f->now);
    assert_int_equal(sp->limit_s, 600);
    assert_int_equal(sp->extension_s, 0);
    assert_ptr_equal(core_floor(item_of(f, sc.delib), SITTING_PLENARY), sp);
    assert_int_equal(speaker_of(f, sc.delib, s2)->state, SPK_WAITING);
    scene_free(&sc);

    scene_init(&sc, true); /* by id, out of turn; a statement has its own limit */
    open_item(&sc.f, sc.appoint);
    request(&sc.f, sc.appoint, 1);
    s2 = request(&sc.f, sc.appoint, 2);
    ACCEPT(&sc.f, SEC, c_item_id(CMD_FLOOR_GRANT, sc.appoint, s2));
    assert_int_equal(speaker_of(&sc.f, sc.appoint, s2)->state, SPK_SPEAKING);
    assert_int_equal(speaker_of(&sc.f, sc.appoint, s2)->limit_s, 300);
    scene_free(&sc);
}

TEST(floor_grant_refused_with_empty_list_busy_floor_or_meeting_not_open)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0), ERR_ITEM_STATE); /* pending */
    open_item(f, sc.delib);
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0), ERR_LIST_EMPTY);
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, NOBODY), ERR_UNKNOWN_SPEAKER);
    int32_t s1 = request(f, sc.delib, 1);
    request(f, sc.delib, 2);
    grant(f, sc.delib, s1);
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0), ERR_FLOOR_TAKEN);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, s1), ERR_UNKNOWN_SPEAKER); /* done */
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0), ERR_MEETING_STATE);
    scene_free(&sc);

    scene_init(&sc, true); /* not while a question runs */
    question_at(&sc, Q_ASKING);
    add_speaker(&sc.f, sc.inquiry, 2, false);
    REFUSE(&sc.f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.inquiry, 0), ERR_QUESTION_STATE);
    scene_free(&sc);

    scene_init(&sc, true); /* not while the ballot is open */
    open_item(&sc.f, sc.appoint);
    request(&sc.f, sc.appoint, 1);
    ACCEPT(&sc.f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint));
    REFUSE(&sc.f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.appoint, 0), ERR_BALLOT_STATE);
    scene_free(&sc);
}

TEST(speech_end_logs_the_end_of_the_speech)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t sp = request(f, sc.delib, 1);
    grant(f, sc.delib, sp);
    int64_t started = f->now;
    const struct event_batch *b = ACCEPT(f, SEC, c_item(CMD_SPEECH_END, sc.delib));
    expect_types(b, 1, EV_SPEECH_ENDED);
    assert_int_equal(b->events[0].p.id, sp);
    const struct speaker *s = speaker_of(f, sc.delib, sp);
    assert_int_equal(s->state, SPK_DONE);
    assert_int_equal(s->started_at, started);
    assert_int_equal(s->ended_at, f->now);
    assert_null(core_floor(item_of(f, sc.delib), SITTING_PLENARY));
    scene_free(&sc);
}

TEST(speech_end_refused_when_nobody_has_the_floor)
{
    struct scene sc;
    scene_init(&sc, true);
    open_item(&sc.f, sc.delib);
    request(&sc.f, sc.delib, 1);
    REFUSE(&sc.f, CHAIR, c_item(CMD_SPEECH_END, sc.delib), ERR_NOBODY_SPEAKING);
    REFUSE(&sc.f, CHAIR, c_item(CMD_SPEECH_END, NOBODY), ERR_UNKNOWN_ITEM);
    scene_free(&sc);
}

TEST(time_extend_adds_to_the_running_speech)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t sp = request(f, sc.delib, 1);
    grant(f, sc.delib, sp);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_extend(sc.delib, 60));
    expect_types(b, 1, EV_TIME_EXTENDED);
    assert_int_equal(b->events[0].p.seconds, 60);
    ACCEPT(f, SEC, c_extend(sc.delib, 30));
    const struct speaker *s = speaker_of(f, sc.delib, sp);
    assert_int_equal(s->limit_s, 600);
    assert_int_equal(s->extension_s, 90);
    assert_int_equal(speech_remaining_ms(s->started_at, s->limit_s, s->extension_s, s->started_at),
                     690000);
    scene_free(&sc);
}

TEST(time_extend_adds_to_the_running_question_turn)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_ANSWERING);
    ACCEPT(f, CHAIR, c_extend(sc.inquiry, 45));
    const struct question *x = question_of(f, sc.inquiry, q);
    assert_int_equal(x->turns[1].extension_s, 45); /* the answer, not the question */
    assert_int_equal(x->turns[0].extension_s, 0);
    scene_free(&sc);
}

TEST(time_extend_refused_for_zero_or_too_many_seconds_or_nobody_speaking)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    REFUSE(f, CHAIR, c_extend(sc.delib, 60), ERR_NOBODY_SPEAKING);
    REFUSE(f, CHAIR, c_extend(NOBODY, 60), ERR_UNKNOWN_ITEM);
    grant(f, sc.delib, request(f, sc.delib, 1));
    REFUSE(f, CHAIR, c_extend(sc.delib, 0), ERR_BAD_VALUE);
    REFUSE(f, CHAIR, c_extend(sc.delib, -5), ERR_BAD_VALUE);
    REFUSE(f, CHAIR, c_extend(sc.delib, 3601), ERR_BAD_VALUE);
    ACCEPT(f, CHAIR, c_extend(sc.delib, 3600));
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.delib));
    REFUSE(f, CHAIR, c_extend(sc.delib, 60), ERR_NOBODY_SPEAKING);
    scene_free(&sc);
}

/* ---- the special inquiry --------------------------------------------------------------------- */

TEST(question_register_queues_a_live_or_preregistered_question)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    /* before the item opens, the secretary registers questions, even of absent members */
    int32_t next = f->s->next_id;
    const struct event_batch *b =
        ACCEPT(f, SEC, c_question(sc.inquiry, 5, sc.resp2, "水质何时改善？"));
    expect_types(b, 1, EV_QUESTION_REGISTERED);
    assert_int_equal(b->events[0].p.id, next);
    const struct question *q = question_of(f, sc.inquiry, next);
    assert_int_equal(q->member, 5);
    assert_int_equal(q->respondent, sc.resp2);
    assert_string_equal(q->text, "水质何时改善？");
    assert_true(q->preregistered);
    assert_int_equal(q->state, Q_WAITING);
    assert_int_equal(q->turn_count, 0);
    open_item(f, sc.inquiry);
    int32_t live = ask(f, sc.inquiry, 1, 0); /* to no one in particular */
    q = question_of(f, sc.inquiry, live);
    assert_false(q->preregistered);
    assert_int_equal(q->respondent, 0);
    assert_int_equal(item_of(f, sc.inquiry)->questions[1].id, live); /* in order */
    scene_free(&sc);
}

TEST(question_register_refused_for_wrong_item_unknown_respondent_or_absent_member)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, seat(1), c_question(sc.inquiry, 1, 0, "问"), ERR_ITEM_STATE); /* pending */
    REFUSE(f, seat(1), c_question(NOBODY, 1, 0, "问"), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_question(sc.delib, 1, 0, "问"), ERR_ITEM_KIND);
    open_item(f, sc.inquiry);
    REFUSE(f, seat(5), c_question(sc.inquiry, 5, 0, "问"), ERR_NOT_SIGNED_IN);
    REFUSE(f, seat(1), c_question(sc.inquiry, 1, NOBODY, "问"), ERR_UNKNOWN_RESPONDENT);
    REFUSE(f, SEC, c_question(sc.inquiry, ATTENDEE, 0, "问"), ERR_NOT_A_MEMBER);
    REFUSE(f, SEC, c_question(sc.inquiry, NOBODY, 0, "问"), ERR_UNKNOWN_PERSON);
    struct command longq = c_question(sc.inquiry, 1, 0, "");
    memset(longq.p.text, 'a', TEXT_MAX_BYTES);
    longq.p.text[TEXT_MAX_BYTES] = '\0';
    REFUSE(f, seat(1), longq, ERR_BAD_VALUE);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.inquiry));
    REFUSE(f, SEC, c_question(sc.inquiry, 1, 0, "问"), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(question_withdraw_takes_a_waiting_question_off)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_WAITING);
    int32_t q2 = ask(f, sc.inquiry, 2, 0);
    expect_types(ACCEPT(f, seat(1), c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, q)), 1,
                 EV_QUESTION_WITHDRAWN);
    assert_null(core_question(item_of(f, sc.inquiry), q));
    ACCEPT(f, SEC, c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, q2)); /* anyone's */
    assert_int_equal(item_of(f, sc.inquiry)->question_count, 0);
    scene_free(&sc);
}

TEST(question_withdraw_refused_once_asked_or_unknown)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_ASKING);
    REFUSE(f, seat(1), c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, q), ERR_QUESTION_STATE);
    REFUSE(f, SEC, c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, NOBODY), ERR_UNKNOWN_QUESTION);
    REFUSE(f, SEC, c_item_id(CMD_QUESTION_WITHDRAW, NOBODY, q), ERR_UNKNOWN_ITEM);
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry));
    REFUSE(f, SEC, c_item_id(CMD_QUESTION_WITHDRAW, sc.inquiry, q), ERR_QUESTION_STATE);
    scene_free(&sc);
}

TEST(question_call_starts_the_next_question_with_its_limit)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q1 = question_at(&sc, Q_WAITING);
    int32_t q2 = ask(f, sc.inquiry, 2, sc.resp2);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0));
    expect_types(b, 1, EV_QUESTION_CALLED);
    assert_int_equal(b->events[0].p.id, q1);
    assert_int_equal(b->events[0].p.seconds, 180);
    const struct question *q = question_of(f, sc.inquiry, q1);
    assert_int_equal(q->state, Q_ASKING);
    assert_int_equal(q->turn_count, 1);
    assert_int_equal(q->turns[0].phase, Q_ASKING);
    assert_int_equal(q->turns[0].who, 1);
    assert_int_equal(q->turns[0].started_at, f->now);
    assert_int_equal(q->turns[0].ended_at, 0);
    assert_int_equal(q->turns[0].limit_s, 180);
    assert_ptr_equal(core_active_question(item_of(f, sc.inquiry)), q);
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry));
    ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q2)); /* by id */
    assert_int_equal(question_of(f, sc.inquiry, q2)->turns[0].who, 2);
    scene_free(&sc);
}

TEST(question_call_refused_when_one_runs_none_waits_or_wrong_item)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0), ERR_ITEM_STATE); /* pending */
    open_item(f, sc.inquiry);
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0), ERR_LIST_EMPTY);
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, NOBODY), ERR_UNKNOWN_QUESTION);
    int32_t q = ask(f, sc.inquiry, 1, sc.resp);
    ask(f, sc.inquiry, 2, sc.resp);
    int32_t sp = add_speaker(f, sc.inquiry, 3, false);
    grant(f, sc.inquiry, sp);
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0), ERR_FLOOR_TAKEN);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.inquiry));
    ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q));
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0), ERR_QUESTION_STATE);
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry));
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q), ERR_UNKNOWN_QUESTION); /* done */
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, 0), ERR_MEETING_STATE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_RESUME));
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.inquiry));
    open_item(f, sc.delib);
    REFUSE(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.delib, 0), ERR_ITEM_KIND);
    scene_free(&sc);
}

TEST(answer_start_gives_the_named_or_assigned_respondent_the_answer_time)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_ASKING);
    int64_t asked = f->now;
    const struct event_batch *b = ACCEPT(f, SEC, c_answer(sc.inquiry, 0));
    expect_types(b, 1, EV_ANSWER_STARTED);
    assert_int_equal(b->events[0].p.respondent, sc.resp); /* the one the question names */
    assert_int_equal(b->events[0].p.seconds, 300);
    const struct question *x = question_of(f, sc.inquiry, q);
    assert_int_equal(x->state, Q_ANSWERING);
    assert_int_equal(x->turn_count, 2);
    assert_int_equal(x->turns[0].ended_at, f->now); /* the question turn ends */
    assert_int_equal(x->turns[1].phase, Q_ANSWERING);
    assert_int_equal(x->turns[1].who, sc.resp);
    assert_int_equal(x->turns[1].started_at, f->now);
    assert_true(x->turns[0].started_at == asked && x->turns[1].limit_s == 300);
    scene_free(&sc);

    scene_init(&sc, true); /* the chair assigns another respondent */
    q = question_at(&sc, Q_ASKING);
    ACCEPT(&sc.f, CHAIR, c_answer(sc.inquiry, sc.resp2));
    assert_int_equal(question_of(&sc.f, sc.inquiry, q)->turns[1].who, sc.resp2);
    scene_free(&sc);
}

TEST(answer_start_refused_without_a_question_asked_or_a_respondent)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.inquiry);
    REFUSE(f, CHAIR, c_answer(sc.inquiry, 0), ERR_QUESTION_STATE); /* none runs */
    int32_t q = ask(f, sc.inquiry, 1, 0);                          /* names nobody */
    ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q));
    REFUSE(f, CHAIR, c_answer(sc.inquiry, 0), ERR_UNKNOWN_RESPONDENT);
    REFUSE(f, CHAIR, c_answer(sc.inquiry, NOBODY), ERR_UNKNOWN_RESPONDENT);
    ACCEPT(f, CHAIR, c_answer(sc.inquiry, sc.resp));
    REFUSE(f, CHAIR, c_answer(sc.inquiry, sc.resp), ERR_QUESTION_STATE); /* answering */
    REFUSE(f, CHAIR, c_answer(sc.delib, sc.resp), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(followup_start_gives_the_member_the_followup_time)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_ANSWERING);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry));
    expect_types(b, 1, EV_FOLLOWUP_STARTED);
    assert_int_equal(b->events[0].p.id, q);
    assert_int_equal(b->events[0].p.seconds, 120);
    const struct question *x = question_of(f, sc.inquiry, q);
    assert_int_equal(x->state, Q_FOLLOWUP);
    assert_int_equal(x->followups, 1);
    assert_int_equal(x->turn_count, 3);
    assert_int_equal(x->turns[1].ended_at, f->now);
    assert_int_equal(x->turns[2].phase, Q_FOLLOWUP);
    assert_int_equal(x->turns[2].who, 1);
    assert_int_equal(x->turns[2].limit_s, 120);
    scene_free(&sc);
}

TEST(followup_start_refused_before_an_answer_or_with_no_followup_left)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    question_at(&sc, Q_ASKING);
    REFUSE(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry), ERR_QUESTION_STATE);
    ACCEPT(f, CHAIR, c_answer(sc.inquiry, 0));
    ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry));
    REFUSE(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry), ERR_QUESTION_STATE); /* asking */
    ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_ANSWER_START, sc.inquiry));
    /* one follow-up per question by default: that one is used */
    REFUSE(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry), ERR_NO_FOLLOWUP_LEFT);
    scene_free(&sc);

    scene_init(&sc, false); /* rules with no follow-up at all */
    struct core_rules r;
    rules_default(&r);
    r.followups_per_question = 0;
    ACCEPT(&sc.f, HUB, c_rules(&r));
    assert_int_equal(fx_open(&sc.f, PRESENT), ERR_OK);
    question_at(&sc, Q_ANSWERING);
    REFUSE(&sc.f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry), ERR_NO_FOLLOWUP_LEFT);
    scene_free(&sc);
}

TEST(followup_answer_start_gives_the_answerer_the_followup_answer_time)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.inquiry);
    int32_t q = ask(f, sc.inquiry, 1, sc.resp);
    ACCEPT(f, CHAIR, c_item_id(CMD_QUESTION_CALL, sc.inquiry, q));
    ACCEPT(f, CHAIR, c_answer(sc.inquiry, sc.resp2)); /* assigned to another */
    ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_START, sc.inquiry));
    const struct event_batch *b = ACCEPT(f, SEC, c_item(CMD_FOLLOWUP_ANSWER_START, sc.inquiry));
    expect_types(b, 1, EV_FOLLOWUP_ANSWER_STARTED);
    assert_int_equal(b->events[0].p.respondent, sc.resp2); /* who answered answers again */
    assert_int_equal(b->events[0].p.seconds, 180);
    const struct question *x = question_of(f, sc.inquiry, q);
    assert_int_equal(x->state, Q_FOLLOWUP_ANSWER);
    assert_int_equal(x->turn_count, 4);
    assert_int_equal(x->turns[3].phase, Q_FOLLOWUP_ANSWER);
    assert_int_equal(x->turns[3].who, sc.resp2);
    assert_int_equal(x->turns[3].limit_s, 180);
    assert_int_equal(x->turns[2].ended_at, f->now);
    scene_free(&sc);
}

TEST(followup_answer_start_refused_unless_a_followup_is_being_asked)
{
    struct scene sc;
    scene_init(&sc, true);
    question_at(&sc, Q_ANSWERING);
    REFUSE(&sc.f, CHAIR, c_item(CMD_FOLLOWUP_ANSWER_START, sc.inquiry), ERR_QUESTION_STATE);
    ACCEPT(&sc.f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry));
    REFUSE(&sc.f, CHAIR, c_item(CMD_FOLLOWUP_ANSWER_START, sc.inquiry), ERR_QUESTION_STATE);
    scene_free(&sc);
}

TEST(question_end_closes_the_question_and_its_last_turn)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t q = question_at(&sc, Q_FOLLOWUP_ANSWER);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry));
    expect_types(b, 1, EV_QUESTION_ENDED);
    assert_int_equal(b->events[0].p.id, q);
    const struct question *x = question_of(f, sc.inquiry, q);
    assert_int_equal(x->state, Q_DONE);
    assert_int_equal(x->turn_count, 4);
    assert_int_equal(x->turns[3].ended_at, f->now);
    assert_null(core_active_question(item_of(f, sc.inquiry)));
    scene_free(&sc);

    scene_init(&sc, true); /* the chair may end a question at any step */
    q = question_at(&sc, Q_ASKING);
    ACCEPT(&sc.f, SEC, c_item(CMD_QUESTION_END, sc.inquiry));
    assert_int_equal(question_of(&sc.f, sc.inquiry, q)->state, Q_DONE);
    assert_int_equal(question_of(&sc.f, sc.inquiry, q)->turns[0].ended_at, sc.f.now);
    scene_free(&sc);
}

TEST(question_end_refused_when_no_question_runs)
{
    struct scene sc;
    scene_init(&sc, true);
    REFUSE(&sc.f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry), ERR_ITEM_STATE);
    question_at(&sc, Q_WAITING);
    REFUSE(&sc.f, CHAIR, c_item(CMD_QUESTION_END, sc.inquiry), ERR_QUESTION_STATE);
    scene_free(&sc);
}

/* ---- ballots --------------------------------------------------------------------------------- */

TEST(ballot_open_opens_an_evaluation_with_the_configured_options)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.eval);
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.eval));
    expect_types(b, 1, EV_BALLOT_OPENED);
    const struct ballot *x = &item_of(f, sc.eval)->ballot;
    assert_int_equal(x->state, BALLOT_OPEN);
    assert_true(x->secret);
    assert_int_equal(x->opened_at, f->now);
    assert_int_equal(x->option_count, 3);
    assert_string_equal(x->options[0], "满意");
    assert_string_equal(x->options[1], "基本满意");
    assert_string_equal(x->options[2], "不满意");
    assert_int_equal(x->rule.base, BASE_ALL_MEMBERS);
    assert_int_equal(x->rule.threshold, MORE_THAN_HALF);
    assert_int_equal(x->subjects[0].cast, 0);
    scene_free(&sc);
}

TEST(ballot_open_opens_a_vote_with_yes_no_abstain)
{
    struct scene sc;
    scene_init(&sc, true);
    open_ballot(&sc.f, sc.vote);
    const struct ballot *x = &item_of(&sc.f, sc.vote)->ballot;
    assert_int_equal(x->state, BALLOT_OPEN);
    assert_false(x->secret);
    assert_int_equal(x->option_count, 3);
    assert_string_equal(x->options[0], "赞成");
    assert_string_equal(x->options[1], "反对");
    assert_string_equal(x->options[2], "弃权");
    scene_free(&sc);
}

TEST(ballot_open_refused_without_subjects_twice_or_with_floor_taken)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.eval), ERR_ITEM_STATE); /* pending */
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, NOBODY), ERR_UNKNOWN_ITEM);
    open_item(f, sc.delib);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.delib), ERR_ITEM_KIND);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    ACCEPT(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.appoint, sc.appoint_sub));
    open_item(f, sc.appoint);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_NO_SUBJECTS);
    ACCEPT(f, SEC, c_named(CMD_SUBJECT_ADD, sc.appoint, "", "张三", ""));
    grant(f, sc.appoint, request(f, sc.appoint, 1)); /* 供职发言 under way */
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_FLOOR_TAKEN);
    ACCEPT(f, CHAIR, c_item(CMD_SPEECH_END, sc.appoint));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_BALLOT_STATE);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_BALLOT_STATE); /* no second go */
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.appoint));
    open_item(f, sc.vote);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_SUSPEND));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.vote), ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(ballot_cast_records_a_cast_on_every_subject_chosen)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_ballot(f, sc.eval);
    struct command c = c_cast(sc.eval, 1, sc.eval_sub[0], 0);
    c.p.choice_count = 2;
    c.p.choices[1] = (struct choice){sc.eval_sub[1], 2};
    const struct event_batch *b = ACCEPT(f, seat(1), c);
    expect_types(b, 1, EV_BALLOT_CAST_RECORDED);
    assert_true(b->events[0].p.flag); /* secret */
    const struct ballot *x = &item_of(f, sc.eval)->ballot;
    assert_int_equal(x->subjects[0].cast, 1);
    assert_int_equal(x->subjects[1].cast, 1);
    assert_int_equal(x->subjects[0].counts[0], 1); /* the hub's running tally */
    assert_int_equal(x->subjects[1].counts[2], 1);
    assert_int_equal(x->voters, 1);
    int who = core_person_index(f->s, 1);
    assert_int_equal(*ballot_mark(x, who, 0), 1); /* secret: the mark says only "cast" */
    ACCEPT(f, seat(2), c_cast(sc.eval, 2, sc.eval_sub[1], 1)); /* one subject now ... */
    ACCEPT(f, seat(2), c_cast(sc.eval, 2, sc.eval_sub[0], 1)); /* ... the other later */
    assert_int_equal(x->voters, 2);
    assert_int_equal(x->subjects[0].cast, 2);
    assert_int_equal(x->subjects[0].counts[1], 1);
    scene_free(&sc);

    scene_init(&sc, true); /* a named vote keeps each member's choice */
    open_ballot(&sc.f, sc.vote);
    b = ACCEPT(&sc.f, seat(3), c_cast(sc.vote, 3, sc.vote_sub, 1));
    assert_false(b->events[0].p.flag);
    x = &item_of(&sc.f, sc.vote)->ballot;
    assert_int_equal(*ballot_mark(x, core_person_index(sc.f.s, 3), 0), 2 + 1);
    assert_int_equal(x->subjects[0].counts[1], 1);
    scene_free(&sc);
}

TEST(ballot_cast_refused_twice_unsigned_bad_option_unknown_subject_or_closed)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.eval);
    REFUSE(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[0], 0), ERR_BALLOT_STATE); /* not open */
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.eval));
    REFUSE(f, seat(1), c_cast(NOBODY, 1, sc.eval_sub[0], 0), ERR_UNKNOWN_ITEM);
    REFUSE(f, seat(5), c_cast(sc.eval, 5, sc.eval_sub[0], 0), ERR_NOT_SIGNED_IN);
    REFUSE(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[0], 3), ERR_BAD_OPTION);
    REFUSE(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[0], -1), ERR_BAD_OPTION);
    REFUSE(f, seat(1), c_cast(sc.eval, 1, NOBODY, 0), ERR_UNKNOWN_SUBJECT);
    REFUSE(f, seat(1), c_cast(sc.eval, 1, sc.vote_sub, 0), ERR_UNKNOWN_SUBJECT);
    REFUSE(f, seat(NOBODY), c_cast(sc.eval, NOBODY, sc.eval_sub[0], 0), ERR_UNKNOWN_PERSON);
    ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_SIGN_IN, 0, ATTENDEE));
    REFUSE(f, seat(ATTENDEE), c_cast(sc.eval, ATTENDEE, sc.eval_sub[0], 0), ERR_NOT_A_MEMBER);
    struct command none = c_cast(sc.eval, 1, sc.eval_sub[0], 0);
    none.p.choice_count = 0;
    REFUSE(f, seat(1), none, ERR_BAD_VALUE);
    struct command twice = c_cast(sc.eval, 1, sc.eval_sub[0], 0);
    twice.p.choice_count = 2;
    twice.p.choices[1] = (struct choice){sc.eval_sub[0], 1};
    REFUSE(f, seat(1), twice, ERR_ALREADY_CAST);
    ACCEPT(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[0], 0));
    REFUSE(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[0], 1), ERR_ALREADY_CAST);
    struct command again = c_cast(sc.eval, 1, sc.eval_sub[1], 0); /* new subject, old one again */
    again.p.choice_count = 2;
    again.p.choices[1] = (struct choice){sc.eval_sub[0], 0};
    REFUSE(f, seat(1), again, ERR_ALREADY_CAST);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    REFUSE(f, seat(2), c_cast(sc.eval, 2, sc.eval_sub[0], 0), ERR_BALLOT_STATE); /* closed */
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.eval));
    REFUSE(f, seat(2), c_cast(sc.eval, 2, sc.eval_sub[0], 0), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(ballot_close_publishes_counts_and_sets_verdicts)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_ballot(f, sc.eval);
    /* 6 members, 4 present: 满意 3 of 6 is not more than half, 满意+基本满意 4 is */
    for (int m = 1; m <= 3; m++) ACCEPT(f, seat(m), c_cast(sc.eval, m, sc.eval_sub[0], 0));
    ACCEPT(f, seat(4), c_cast(sc.eval, 4, sc.eval_sub[0], 1));
    ACCEPT(f, seat(1), c_cast(sc.eval, 1, sc.eval_sub[1], 2));
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    expect_types(b, 1, EV_BALLOT_CLOSED);
    const struct params *p = &b->events[0].p;
    assert_int_equal(p->members, MEMBERS);
    assert_int_equal(p->signed_in, PRESENT);
    assert_int_equal(p->result_count, 2);
    assert_int_equal(p->results[0].subject, sc.eval_sub[0]);
    assert_int_equal(p->results[0].counts[0], 3);
    assert_int_equal(p->results[0].counts[1], 1);
    const struct ballot *x = &item_of(f, sc.eval)->ballot;
    assert_int_equal(x->state, BALLOT_CLOSED);
    assert_int_equal(x->closed_at, f->now);
    assert_int_equal(x->members, MEMBERS);
    assert_int_equal(x->signed_in, PRESENT);
    assert_int_equal(x->voters, 4);
    assert_int_equal(x->subjects[0].verdict, 1); /* 基本满意 */
    assert_true(x->subjects[0].flagged);         /* 满意 3 of 6: exactly half took part */
    assert_int_equal(x->subjects[1].counts[2], 1);
    assert_int_equal(x->subjects[1].verdict, 2); /* 不满意 */
    assert_false(x->subjects[1].flagged);
    scene_free(&sc);

    scene_init(&sc, true);
    open_ballot(&sc.f, sc.vote);
    for (int m = 1; m <= PRESENT; m++) ACCEPT(&sc.f, seat(m), c_cast(sc.vote, m, sc.vote_sub, 0));
    ACCEPT(&sc.f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.vote));
    x = &item_of(&sc.f, sc.vote)->ballot;
    assert_int_equal(x->subjects[0].counts[0], PRESENT);
    assert_int_equal(x->subjects[0].verdict, 1); /* 4 of 6: passed */
    scene_free(&sc);
}

TEST(ballot_close_refused_unless_the_ballot_is_open)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_CLOSE, NOBODY), ERR_UNKNOWN_ITEM);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval), ERR_BALLOT_STATE);
    open_ballot(f, sc.eval);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval), ERR_BALLOT_STATE);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.delib), ERR_BALLOT_STATE);
    scene_free(&sc);
}

static struct command c_hand_count(const struct scene *sc, int32_t item, int32_t first)
{
    struct command c = c_item(CMD_BALLOT_COUNT, item);
    c.p.kind = COUNT_HANDS;
    c.p.result_count = 2;
    for (int k = 0; k < 2; k++) {
        c.p.results[k].subject = sc->eval_sub[k];
        c.p.results[k].counts[0] = first;
    }
    return c;
}

TEST(ballot_count_refused_unless_the_ballot_is_open_and_the_counts_fit)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_hand_count(&sc, NOBODY, 1), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_hand_count(&sc, sc.eval, 1), ERR_ITEM_STATE); /* the item is not open */
    open_ballot(f, sc.eval);
    REFUSE(f, SEC, c_hand_count(&sc, sc.eval, PRESENT + 1), ERR_TOO_MANY);
    struct command one = c_hand_count(&sc, sc.eval, 1);
    one.p.result_count = 1; /* every subject is counted */
    REFUSE(f, SEC, one, ERR_BAD_VALUE);
    ACCEPT(f, SEC, c_hand_count(&sc, sc.eval, PRESENT));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    REFUSE(f, SEC, c_hand_count(&sc, sc.eval, 1), ERR_BALLOT_STATE);
    scene_free(&sc);
}

/* The secretary enters a member's choice (by video, by a show of hands): once, for a member
 * present, while the keypads count. */
TEST(hand_cast_counts_once_for_a_member_present)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    struct command c = c_cast(sc.eval, 2, sc.eval_sub[0], 1);
    c.type = CMD_HAND_CAST;
    REFUSE(f, SEC, c, ERR_ITEM_STATE); /* no ballot open yet */
    open_ballot(f, sc.eval);
    REFUSE(f, seat(2), c, ERR_NOT_ALLOWED); /* a seat casts with ballot_cast */
    ACCEPT(f, SEC, c);
    assert_true(core_has_cast(f->s, core_item(f->s, sc.eval), 2, 0));
    REFUSE(f, SEC, c, ERR_ALREADY_CAST);
    REFUSE(f, seat(2), c_cast(sc.eval, 2, sc.eval_sub[0], 0), ERR_ALREADY_CAST);
    struct command absent = c_cast(sc.eval, MEMBERS, sc.eval_sub[0], 0); /* not signed in */
    absent.type = CMD_HAND_CAST;
    REFUSE(f, SEC, absent, ERR_NOT_SIGNED_IN);
    assert_int_equal(core_item(f->s, sc.eval)->ballot.subjects[0].cast, 1);
    scene_free(&sc);
}

TEST(nominee_add_puts_a_case_on_the_appointment_ballot)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t n = add_nominee(f, sc.appoint, "王五", "市财政局局长", CASE_DISMISS);
    const struct subject *sub = core_subject(&item_of(f, sc.appoint)->ballot, n);
    assert_non_null(sub);
    assert_string_equal(sub->name, "王五");
    assert_string_equal(sub->detail, "市财政局局长");
    assert_true(sub->nominee.is_case);
    assert_int_equal(sub->nominee.kind, CASE_DISMISS);
    assert_string_equal(sub->nominee.organ, "市人民政府");
    assert_false(core_subject(&item_of(f, sc.appoint)->ballot, sc.appoint_sub)->nominee.is_case);
    scene_free(&sc);
}

TEST(nominee_add_refused_off_an_appointment_without_a_name_or_post_or_once_voting)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC, c_nominee(sc.eval, "李四", "局长", CASE_APPOINT), ERR_ITEM_KIND);
    REFUSE(f, SEC, c_nominee(NOBODY, "李四", "局长", CASE_APPOINT), ERR_UNKNOWN_ITEM);
    REFUSE(f, SEC, c_nominee(sc.appoint, "", "局长", CASE_APPOINT), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_nominee(sc.appoint, "李四", "", CASE_APPOINT), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_nominee(sc.appoint, "李四", "局长", CASE_KIND_COUNT), ERR_BAD_VALUE);
    open_ballot(f, sc.appoint);
    REFUSE(f, SEC, c_nominee(sc.appoint, "李四", "局长", CASE_APPOINT), ERR_BALLOT_STATE);
    scene_free(&sc);
}

TEST(statement_record_keeps_an_absent_nominees_written_statement)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t n = add_nominee(f, sc.appoint, "李四", "市水务局局长", CASE_APPOINT);
    struct command c = c_item_id(CMD_STATEMENT_RECORD, sc.appoint, n);
    snprintf(c.p.text, sizeof c.p.text, "如获任命，我将依法履职。");
    ACCEPT(f, SEC, c);
    assert_string_equal(core_subject(&item_of(f, sc.appoint)->ballot, n)->nominee.statement,
                        "如获任命，我将依法履职。");
    REFUSE(f, SEC, c_item_id(CMD_STATEMENT_RECORD, sc.appoint, sc.appoint_sub), ERR_NOT_A_NOMINEE);
    struct command empty = c_item_id(CMD_STATEMENT_RECORD, sc.appoint, n);
    REFUSE(f, SEC, empty, ERR_BAD_VALUE);
    memset(c.p.text, 'x', TEXT_MAX_BYTES);
    c.p.text[TEXT_MAX_BYTES] = '\0';
    REFUSE(f, SEC, c, ERR_BAD_VALUE);
    scene_free(&sc);
}

TEST(certificates_give_only_after_an_appointment_passed)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t n = add_nominee(f, sc.appoint, "李四", "市水务局局长", CASE_APPOINT);
    REFUSE(f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.appoint), ERR_ITEM_STATE);
    vote_appointments(&sc, n); /* 反对 on the only case: it fails, nobody to appoint */
    REFUSE(f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.appoint), ERR_OATH_STATE);
    REFUSE(f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.eval), ERR_ITEM_KIND);
    scene_free(&sc);

    scene_init(&sc, true);
    appointee(&sc, true);
    assert_true(item_of(&sc.f, sc.appoint)->oath.certificates);
    REFUSE(&sc.f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.appoint), ERR_DUPLICATE);
    scene_free(&sc);
}

TEST(the_oath_records_who_swore_how_and_when)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t a = add_nominee(f, sc.appoint, "李四", "市水务局局长", CASE_APPOINT);
    int32_t b = add_nominee(f, sc.appoint, "赵六", "市审计局局长", CASE_ACTING);
    vote_appointments(&sc, 0);
    ACCEPT(f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.appoint));
    int32_t both[] = {a, b};
    ACCEPT(f, CHAIR, c_oath(sc.appoint, OATH_COLLECTIVE, b, 2, both));
    const struct item *it = item_of(f, sc.appoint);
    assert_true(it->oath.running);
    REFUSE(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.appoint), ERR_OATH_STATE);
    f->now += 90000;
    ACCEPT(f, CHAIR, c_item(CMD_OATH_END, sc.appoint));
    const struct subject *sa = core_subject(&it->ballot, a), *sb = core_subject(&it->ballot, b);
    assert_int_equal(sa->nominee.sworn, OATH_COLLECTIVE);
    assert_int_equal(sb->nominee.sworn, OATH_COLLECTIVE);
    assert_false(sa->nominee.leader);
    assert_true(sb->nominee.leader);
    assert_int_equal(sa->nominee.sworn_at, f->now);
    assert_int_equal(it->oath.ended_at, f->now);
    /* sworn once: nobody is left to swear */
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, a, 1, &a), ERR_OATH_STATE);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.appoint));
    scene_free(&sc);
}

TEST(oath_start_refused_before_certificates_for_the_failed_or_dismissed_or_without_a_leader)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t fails = add_nominee(f, sc.appoint, "钱七", "市水务局局长", CASE_APPOINT);
    int32_t gone = add_nominee(f, sc.appoint, "孙八", "市财政局局长", CASE_DISMISS);
    int32_t ok = add_nominee(f, sc.appoint, "李四", "市审计局局长", CASE_APPOINT);
    vote_appointments(&sc, fails); /* 钱七 gets 反对 from everyone */
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, ok, 1, &ok), ERR_OATH_STATE);
    ACCEPT(f, SEC, c_item(CMD_CERTIFICATES_GIVE, sc.appoint));
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, fails, 1, &fails), ERR_OATH_STATE);
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, gone, 1, &gone), ERR_OATH_STATE);
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, NOBODY, 1, &ok), ERR_BAD_VALUE);
    int32_t twice[] = {ok, ok};
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_COLLECTIVE, ok, 2, twice), ERR_DUPLICATE);
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, ok, 2, twice), ERR_BAD_VALUE);
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_NONE, ok, 1, &ok), ERR_BAD_VALUE);
    REFUSE(f, CHAIR, c_item(CMD_OATH_END, sc.appoint), ERR_OATH_STATE);
    ACCEPT(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, ok, 1, &ok));
    REFUSE(f, CHAIR, c_oath(sc.appoint, OATH_INDIVIDUAL, ok, 1, &ok), ERR_OATH_STATE);
    scene_free(&sc);
}

TEST(an_appointment_listed_before_the_dismissal_from_its_post_is_flagged)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    const struct subject *x, *y;
    add_nominee(f, sc.appoint, "张卫民", "市财政局局长", CASE_APPOINT);
    add_nominee(f, sc.appoint, "刘晓红", "市审计局局长", CASE_APPOINT);
    assert_false(core_case_order_wrong(f->s, &x, &y));
    int32_t late = add_nominee(f, sc.appoint, "王建国", "市财政局局长", CASE_DISMISS);
    assert_true(core_case_order_wrong(f->s, &x, &y));
    assert_string_equal(x->name, "张卫民");
    assert_string_equal(y->name, "王建国");
    ACCEPT(f, SEC, c_item_id(CMD_SUBJECT_REMOVE, sc.appoint, late));
    int32_t item2 = fx_item(f, ITEM_APPOINTMENT, "人事任免（二）", true);
    add_nominee(f, item2, "王建国", "市财政局局长", CASE_REMOVE); /* on a later item: still late */
    assert_true(core_case_order_wrong(f->s, &x, &y));
    struct command move = c_id(CMD_ITEM_MOVE, item2);
    move.p.position = 0;
    ACCEPT(f, SEC, move);
    assert_false(core_case_order_wrong(f->s, &x, &y));
    scene_free(&sc);
}

/* A run-off needs a closed choice ballot with a tie, and only one per ballot (the rule
 * tests with numbers are in test_core_choice.c). */
TEST(ballot_runoff_refused_without_a_closed_tied_choice_ballot_or_twice)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t cand[3];
    int32_t item = fx_choice(f, "民生实事项目票决", 1, true, 3, cand);
    f->s->rules.choice_rule = CHOICE_MOST;
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, sc.vote), ERR_ITEM_KIND);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, NOBODY), ERR_UNKNOWN_ITEM);
    open_ballot(f, item);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, item), ERR_BALLOT_STATE);
    for (int m = 1; m <= PRESENT; m++) ACCEPT(f, seat(m), fx_choice_cast(m, item, &cand[m % 2], 1));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    const struct event_batch *b = ACCEPT(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, item));
    expect_types(b, 1, EV_RUNOFF_ADDED);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, item), ERR_DUPLICATE);
    scene_free(&sc);

    scene_init(&sc, true); /* 3 votes to 1: no tie */
    f = &sc.f;
    item = fx_choice(f, "民生实事项目票决", 1, true, 3, cand);
    f->s->rules.choice_rule = CHOICE_MOST;
    open_ballot(f, item);
    for (int m = 1; m <= PRESENT; m++)
        ACCEPT(f, seat(m), fx_choice_cast(m, item, &cand[m == 1], 1));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_RUNOFF, item), ERR_BAD_VALUE);
    scene_free(&sc);
}

/* An appointment votes case by case: the chair opens the vote on one case, or on all those
 * still waiting together; each keeps the counts its own result was taken against. */
TEST(an_appointment_votes_one_case_then_the_rest_together)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t a = sc.appoint_sub; /* 张三 */
    int32_t b = add_nominee(f, sc.appoint, "李四", "市水务局局长", CASE_APPOINT);
    int32_t c = add_nominee(f, sc.appoint, "王五", "市审计局局长", CASE_ACTING);
    open_item(f, sc.appoint);
    struct command open_one = c_open_case(sc.appoint, b);
    ACCEPT(f, CHAIR, open_one);
    const struct ballot *bl = &item_of(f, sc.appoint)->ballot;
    assert_true(core_on_vote(bl, 1));
    assert_false(core_on_vote(bl, 0));
    assert_int_equal(core_cases_waiting(item_of(f, sc.appoint)), 2);
    REFUSE(f, seat(1), c_cast(sc.appoint, 1, a, 0), ERR_UNKNOWN_SUBJECT); /* not on this vote */
    for (int32_t m = 1; m <= PRESENT; m++) ACCEPT(f, seat(m), c_cast(sc.appoint, m, b, 0));
    REFUSE(f, CHAIR, open_one, ERR_BALLOT_STATE); /* one vote at a time */
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint));
    assert_int_equal(bl->state, BALLOT_CLOSED);
    assert_int_equal(core_subject(bl, b)->verdict, 1);
    assert_int_equal(core_subject(bl, b)->members, MEMBERS);
    assert_int_equal(core_subject(bl, b)->signed_in, PRESENT);
    REFUSE(f, CHAIR, open_one, ERR_BALLOT_STATE);          /* 李四 has been voted on */
    ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, 5));           /* one more member for the second vote */
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint)); /* the two waiting, together */
    assert_true(core_on_vote(bl, 0) && core_on_vote(bl, 2) && !core_on_vote(bl, 1));
    assert_int_equal(bl->voters, 0);
    REFUSE(f, seat(1), c_cast(sc.appoint, 1, b, 0), ERR_UNKNOWN_SUBJECT);
    for (int32_t m = 1; m <= PRESENT + 1; m++) {
        struct command cast = c_cast(sc.appoint, m, a, m <= 4 ? 0 : 1);
        cast.p.choice_count = 2;
        cast.p.choices[1] = (struct choice){c, 1};
        ACCEPT(f, seat(m), cast);
    }
    assert_int_equal(bl->voters, PRESENT + 1);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint));
    assert_int_equal(core_subject(bl, a)->verdict, 1); /* 4 of 6 */
    assert_int_equal(core_subject(bl, a)->signed_in, PRESENT + 1);
    assert_int_equal(core_subject(bl, c)->verdict, 0);
    assert_int_equal(core_subject(bl, b)->signed_in, PRESENT); /* the first vote's own count */
    assert_int_equal(core_cases_waiting(item_of(f, sc.appoint)), 0);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_BALLOT_STATE); /* none left */
    scene_free(&sc);
}

TEST(ballot_open_on_one_subject_only_for_an_appointment)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.eval);
    struct command one = c_open_case(sc.eval, sc.eval_sub[0]);
    REFUSE(f, CHAIR, one, ERR_ITEM_KIND);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.eval));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.eval));
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.eval), ERR_BALLOT_STATE); /* once only */
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.eval));
    open_item(f, sc.appoint);
    struct command unknown = c_open_case(sc.appoint, NOBODY);
    REFUSE(f, CHAIR, unknown, ERR_UNKNOWN_SUBJECT);
    scene_free(&sc);
}

/* ---- the law exam (任前法律知识考试)
 * ------------------------------------------------------------- */

static struct actor examinee(const struct scene *sc)
{
    return as(ROLE_EXAMINEE, sc->appoint_sub);
}

static struct command c_exam(enum command_type t, const struct scene *sc)
{
    struct command c = fx_exam_answer(sc->appoint, sc->appoint_sub, 0, 0);
    c.type = t;
    return c;
}

static const struct exam_record *exam_of(const struct scene *sc)
{
    return &core_subject(&item_of(&sc->f, sc->appoint)->ballot, sc->appoint_sub)->exam;
}

/* Answer the four questions of exam_key, `right` of them right (the others with D). */
static void answer_four(struct scene *sc, int right)
{
    for (int q = 0; q < 4; q++)
        ACCEPT(&sc->f, examinee(sc),
               fx_exam_answer(sc->appoint, sc->appoint_sub, q, q < right ? exam_key[q] : 8));
}

TEST(exam_start_draws_a_paper_with_a_deadline_and_keeps_its_key_off_the_public_form)
{
    struct scene sc;
    scene_init(&sc, false); /* the exam is taken before the meeting opens */
    struct fixture *f = &sc.f;
    const struct event_batch *b =
        ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    const struct event *e = &b->events[0];
    assert_int_equal(e->type, EV_EXAM_STARTED);
    assert_int_equal(e->p.number, 1);   /* the first attempt */
    assert_int_equal(e->p.position, 4); /* questions */
    assert_int_equal(e->p.seconds, 90 * 60);
    const struct exam_record *x = exam_of(&sc);
    assert_int_equal(x->state, EXAM_RUNNING);
    assert_int_equal(x->deadline - x->started_at, 90 * 60 * 1000);
    assert_memory_equal(core_exam_paper(f->s, sc.appoint_sub)->key, exam_key, 4); /* the hub */
    struct event pub = *e;
    event_publicize(&pub);
    assert_int_equal(pub.p.paper_count, 0);
    for (int q = 0; q < 4; q++) assert_int_equal(pub.p.paper_key[q], 0);
    char *text = event_encode(e, true);
    assert_null(strstr(text, "paper"));
    free(text);
    scene_free(&sc);
}

TEST(exam_start_refused_for_others_a_running_paper_an_empty_bank_or_the_wrong_item)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    struct command c = fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4);
    REFUSE(f, as(ROLE_EXAMINEE, sc.appoint_sub + 1000), c, ERR_NOT_YOURS);
    struct command empty = fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 0);
    REFUSE(f, SEC, empty, ERR_EXAM_BANK);
    struct command twice = c;
    twice.p.paper[1] = twice.p.paper[0];
    REFUSE(f, SEC, twice, ERR_DUPLICATE); /* never the same question twice on one paper */
    struct command wrong = fx_exam_start(sc.vote, sc.vote_sub, exam_key, 4);
    REFUSE(f, SEC, wrong, ERR_ITEM_KIND);
    struct command nobody = fx_exam_start(sc.appoint, NOBODY, exam_key, 4);
    REFUSE(f, SEC, nobody, ERR_UNKNOWN_SUBJECT);
    ACCEPT(f, SEC, c);
    REFUSE(f, examinee(&sc), c, ERR_EXAM_STATE); /* one paper at a time */
    scene_free(&sc);
}

TEST(exam_answer_after_the_deadline_is_refused_by_the_hub_time)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 0, 1), ERR_EXAM_STATE);
    ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    ACCEPT(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 0, 1));
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 4, 1), ERR_BAD_VALUE);
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 1, 16), ERR_BAD_OPTION);
    const struct exam_record *x = exam_of(&sc);
    f->now = x->deadline - 1000; /* fx_send adds a second: exactly at the deadline, still taken */
    ACCEPT(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 1, 2));
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 2, 4), ERR_EXAM_TIME_UP);
    assert_int_equal(core_exam_paper(f->s, sc.appoint_sub)->given[2], 0); /* nothing changed */
    assert_false(exam_answered(x, 2));
    /* the hub hands the paper in by itself with the answers given: 2 of 4 right = 50 */
    const struct event_batch *b = ACCEPT(f, as(ROLE_HUB, 0), c_exam(CMD_EXAM_HAND_IN, &sc));
    assert_int_equal(b->events[0].p.number, 50);
    assert_false(b->events[0].p.flag);
    /* handed in by the hub: a late answer is still refused as late */
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 2, 4), ERR_EXAM_TIME_UP);
    scene_free(&sc);
}

TEST(exam_answered_public_form_says_answered_never_how)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    const struct event_batch *b =
        ACCEPT(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 3, 3));
    struct event pub = b->events[0];
    event_publicize(&pub);
    assert_int_equal(pub.p.number, EXAM_HIDDEN);
    char *text = event_encode(&b->events[0], true);
    assert_non_null(strstr(text, "\"number\":16"));
    free(text);
    scene_free(&sc);
}

TEST(exam_hand_in_scores_and_one_retake_follows_a_fail_then_no_more)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    REFUSE(f, examinee(&sc), c_exam(CMD_EXAM_HAND_IN, &sc), ERR_EXAM_STATE);
    ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    answer_four(&sc, 2);
    const struct event_batch *b = ACCEPT(f, examinee(&sc), c_exam(CMD_EXAM_HAND_IN, &sc));
    assert_int_equal(b->events[0].p.number, 50); /* 2 of 4: below the pass mark of 60 */
    assert_false(b->events[0].p.flag);
    assert_int_equal(b->events[0].p.position, 1);
    REFUSE(f, examinee(&sc), fx_exam_answer(sc.appoint, sc.appoint_sub, 0, 1), ERR_EXAM_STATE);
    /* the retake (补考) */
    ACCEPT(f, SEC, fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    assert_int_equal(exam_of(&sc)->attempts, 2);
    answer_four(&sc, 1);
    b = ACCEPT(f, SEC, c_exam(CMD_EXAM_HAND_IN, &sc));
    assert_int_equal(b->events[0].p.number, 25);
    const struct exam_record *x = exam_of(&sc);
    assert_int_equal(x->scores[0], 50);
    assert_int_equal(x->scores[1], 25);
    assert_false(x->passed);
    REFUSE(f, SEC, fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4), ERR_NO_RETAKE_LEFT);
    scene_free(&sc);
}

TEST(exam_passed_once_needs_no_retake)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    answer_four(&sc, 3);
    const struct event_batch *b = ACCEPT(f, examinee(&sc), c_exam(CMD_EXAM_HAND_IN, &sc));
    assert_int_equal(b->events[0].p.number, 75);
    assert_true(b->events[0].p.flag);
    assert_true(exam_of(&sc)->passed);
    REFUSE(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4),
           ERR_EXAM_STATE);
    scene_free(&sc);
}

static void require_exam(struct fixture *f, bool required)
{
    struct core_rules r = f->s->rules;
    r.exam.required = required;
    ACCEPT(f, as(ROLE_HUB, 0), c_rules(&r));
}

TEST(ballot_open_refused_for_a_nominee_without_a_pass_when_the_exam_is_required)
{
    struct scene sc;
    scene_init(&sc, false);
    struct fixture *f = &sc.f;
    require_exam(f, true);
    assert_int_equal(fx_open(f, PRESENT), ERR_OK);
    open_item(f, sc.appoint);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint), ERR_NO_EXAM_PASS);
    struct event_batch out;
    struct core_error err;
    struct command open = c_item(CMD_BALLOT_OPEN, sc.appoint);
    core_validate(f->s, &(struct actor){ROLE_CHAIR, 0}, &open, f->now, &out, &err);
    assert_string_equal(err.detail, "张三"); /* the nominee named */
    assert_int_equal(item_of(f, sc.appoint)->ballot.state, BALLOT_NONE);
    ACCEPT(f, examinee(&sc), fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4));
    answer_four(&sc, 4);
    ACCEPT(f, examinee(&sc), c_exam(CMD_EXAM_HAND_IN, &sc));
    assert_int_equal(exam_of(&sc)->scores[0], 100);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint));
    /* the vote has begun: no paper any more */
    REFUSE(f, SEC, fx_exam_start(sc.appoint, sc.appoint_sub, exam_key, 4), ERR_ITEM_STATE);
    scene_free(&sc);
}

TEST(ballot_open_allowed_without_an_exam_when_not_required)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    assert_false(f->s->rules.exam.required); /* the default: a local rule */
    open_ballot(f, sc.appoint);
    scene_free(&sc);
}

/* A removal (撤职案) is voted by paper ballot: the keypads take nothing, the chair cannot close
 * before the count, which must be a paper count with its scrutineers; then the same rule as for
 * any case (more than half of all members). */
TEST(a_removal_is_voted_on_paper_and_counted_by_hand)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t gone = add_nominee(f, sc.appoint, "钱七", "市水务局局长", CASE_REMOVE);
    open_item(f, sc.appoint);
    struct command open_one = c_open_case(sc.appoint, gone);
    ACCEPT(f, CHAIR, open_one);
    assert_true(core_vote_on_paper(f->s, item_of(f, sc.appoint)));
    REFUSE(f, seat(1), c_cast(sc.appoint, 1, gone, 0), ERR_BALLOT_STATE);
    struct command by_hand = c_cast(sc.appoint, 2, gone, 0);
    by_hand.type = CMD_HAND_CAST;
    REFUSE(f, SEC, by_hand, ERR_BALLOT_STATE);
    REFUSE(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint), ERR_BALLOT_STATE); /* not counted */
    struct command count = c_item(CMD_BALLOT_COUNT, sc.appoint);
    count.p.kind = COUNT_HANDS;
    count.p.result_count = 1;
    count.p.results[0] = (struct subject_counts){gone, {4, 0, 0, 0, 0}};
    REFUSE(f, SEC, count, ERR_BAD_VALUE); /* a show of hands is not a paper ballot */
    count.p.kind = COUNT_PAPER;
    REFUSE(f, SEC, count, ERR_BAD_VALUE); /* no scrutineers named */
    snprintf(count.p.text, sizeof count.p.text, "委员01\n委员02");
    ACCEPT(f, SEC, count);
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint));
    const struct subject *sub = core_subject(&item_of(f, sc.appoint)->ballot, gone);
    assert_int_equal(sub->verdict, 1); /* 4 of 6 */
    assert_int_equal(sub->method, COUNT_PAPER);
    /* the other cases, at the keypads again */
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, sc.appoint));
    assert_false(core_vote_on_paper(f->s, item_of(f, sc.appoint)));
    ACCEPT(f, seat(1), c_cast(sc.appoint, 1, sc.appoint_sub, 0));
    scene_free(&sc);
}

TEST(a_removal_at_the_keypads_where_the_rules_say_so)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    f->s->rules.removal_paper = false;
    int32_t gone = add_nominee(f, sc.appoint, "钱七", "市水务局局长", CASE_REMOVE);
    open_item(f, sc.appoint);
    struct command open_one = c_open_case(sc.appoint, gone);
    ACCEPT(f, CHAIR, open_one);
    assert_false(core_vote_on_paper(f->s, item_of(f, sc.appoint)));
    ACCEPT(f, seat(1), c_cast(sc.appoint, 1, gone, 1));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, sc.appoint));
    scene_free(&sc);
}

/* An attendee (列席) asks for the floor; the request waits for approval and the next speaker
 * passes over it; approved, it is on the list; a member asks the usual way, an attendee never
 * with floor_request; asked twice or not signed in: refused. */
TEST(an_attendee_asks_for_the_floor_and_the_secretary_approves)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    struct actor attendee = as(ROLE_ATTENDEE, ATTENDEE);
    REFUSE(f, attendee, c_person(CMD_FLOOR_ASK, sc.delib, ATTENDEE), ERR_NOT_SIGNED_IN);
    ACCEPT(f, SEC, c_person(CMD_SIGN_IN, 0, ATTENDEE));
    REFUSE(f, attendee, c_person(CMD_FLOOR_REQUEST, sc.delib, ATTENDEE), ERR_NOT_ALLOWED);
    REFUSE(f, seat(1), c_person(CMD_FLOOR_ASK, sc.delib, 1), ERR_NOT_ALLOWED);
    int32_t asked =
        ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_ASK, sc.delib, ATTENDEE))
            ->events[0]
            .p.id;
    assert_int_equal(core_speaker(item_of(f, sc.delib), asked)->state, SPK_ASKING);
    REFUSE(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_ASK, sc.delib, ATTENDEE),
           ERR_ALREADY_ON_LIST);
    REFUSE(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0), ERR_LIST_EMPTY); /* not yet */
    REFUSE(f, SEC, c_item_id(CMD_FLOOR_APPROVE, sc.delib, NOBODY), ERR_UNKNOWN_SPEAKER);
    ACCEPT(f, SEC, c_item_id(CMD_FLOOR_APPROVE, sc.delib, asked));
    assert_int_equal(core_speaker(item_of(f, sc.delib), asked)->state, SPK_WAITING);
    REFUSE(f, SEC, c_item_id(CMD_FLOOR_APPROVE, sc.delib, asked), ERR_UNKNOWN_SPEAKER);
    ACCEPT(f, CHAIR, c_item_id(CMD_FLOOR_GRANT, sc.delib, 0));
    assert_int_equal(core_floor(item_of(f, sc.delib), SITTING_PLENARY)->person, ATTENDEE);
    scene_free(&sc);
}

TEST(an_attendees_request_taken_off_or_withdrawn_before_approval)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t asked = attendee_asks(&sc);
    ACCEPT(f, SEC, c_item_id(CMD_SPEAKER_REMOVE, sc.delib, asked)); /* not approved */
    assert_null(core_speaker(item_of(f, sc.delib), asked));
    ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_ASK, sc.delib, ATTENDEE));
    ACCEPT(f, as(ROLE_ATTENDEE, ATTENDEE), c_person(CMD_FLOOR_WITHDRAW, sc.delib, ATTENDEE));
    assert_int_equal(item_of(f, sc.delib)->speaker_count, 0);
    scene_free(&sc);
}

/* The secretary's summary of a speech, for the record: of a speech made or being made only. */
TEST(summary_set_records_what_a_speaker_said_in_brief)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    open_item(f, sc.delib);
    int32_t first = request(f, sc.delib, 1), second = request(f, sc.delib, 2);
    struct command c = c_item_id(CMD_SUMMARY_SET, sc.delib, second);
    snprintf(c.p.text, sizeof c.p.text, "建议加强重污染天气应急管控。");
    REFUSE(f, SEC, c, ERR_UNKNOWN_SPEAKER); /* still waiting */
    grant(f, sc.delib, first);
    c.p.id = first;
    ACCEPT(f, SEC, c);
    assert_string_equal(speaker_of(f, sc.delib, first)->summary, "建议加强重污染天气应急管控。");
    c.p.id = NOBODY;
    REFUSE(f, SEC, c, ERR_UNKNOWN_SPEAKER);
    REFUSE(f, seat(1), c, ERR_NOT_ALLOWED);
    scene_free(&sc);
}

/* Each motion command in a wrong state: four signatures of five (nothing to place, answer or
 * judge), then registered (nothing to sign or withdraw), then the meeting closed. */
TEST(motion_commands_in_a_wrong_state_are_refused)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    int32_t id = motion_signed_by(f, 4);
    REFUSE(f, SEC, c_id(CMD_MOTION_PLACE, id), ERR_MOTION_STATE);
    REFUSE(f, SEC, c_motion_answer(id), ERR_MOTION_STATE);
    struct command judge = c_person(CMD_MOTION_JUDGE, 0, 1);
    judge.p.id = id;
    REFUSE(f, seat(1), judge, ERR_MOTION_STATE);
    struct command sign = c_person(CMD_MOTION_SIGN, 0, 5);
    sign.p.id = id;
    ACCEPT(f, seat(5), sign);
    sign.p.person = 6;
    REFUSE(f, seat(6), sign, ERR_MOTION_STATE);
    struct command withdraw = c_person(CMD_MOTION_WITHDRAW, 0, 1);
    withdraw.p.id = id;
    REFUSE(f, seat(1), withdraw, ERR_MOTION_STATE);
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, SEC, c_id(CMD_MOTION_PLACE, id), ERR_MEETING_STATE);
    struct command draft = c_person(CMD_MOTION_DRAFT, 0, 2);
    snprintf(draft.p.detail, sizeof draft.p.detail, "市住建局");
    snprintf(draft.p.title, sizeof draft.p.title, "题");
    snprintf(draft.p.text, sizeof draft.p.text, "文");
    REFUSE(f, seat(2), draft, ERR_MEETING_STATE);
    scene_free(&sc);
}

TEST(opinion_commands_in_a_wrong_state_are_refused)
{
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    struct command draft = c_item(CMD_OPINION_DRAFT, sc.delib);
    snprintf(draft.p.detail, sizeof draft.p.detail, "市生态环境局");
    snprintf(draft.p.text, sizeof draft.p.text, "意见");
    REFUSE(f, SEC, draft, ERR_ITEM_STATE); /* not yet deliberated */
    int32_t id = opinion_drafted(f, sc.delib);
    struct command place = c_item(CMD_OPINION_PLACE, sc.delib);
    snprintf(place.p.title, sizeof place.p.title, "审议意见");
    REFUSE(f, SEC, place, ERR_NOT_ALLOWED); /* adopted by the chair under the default rules */
    f->s->rules.opinion_by_vote = true;
    place.p.item = sc.inquiry;
    REFUSE(f, SEC, place, ERR_OPINION_STATE); /* no draft on the inquiry */
    f->s->rules.opinion_by_vote = false;
    struct command link = c_item(CMD_OPINION_LINK, sc.eval);
    link.p.id = id;
    REFUSE(f, SEC, link, ERR_OPINION_STATE); /* a draft: no report awaited */
    ACCEPT(f, CHAIR, c_id(CMD_OPINION_ADOPT, id));
    REFUSE(f, SEC, link, ERR_OPINION_STATE); /* adopted at this very meeting */
    REFUSE(f, CHAIR, c_id(CMD_OPINION_ADOPT, id), ERR_DUPLICATE);
    struct command edit = c_id(CMD_OPINION_EDIT, id);
    snprintf(edit.p.text, sizeof edit.p.text, "改");
    REFUSE(f, SEC, edit, ERR_OPINION_STATE);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.delib));
    ACCEPT(f, CHAIR, cmd(CMD_MEETING_CLOSE));
    REFUSE(f, SEC, draft, ERR_MEETING_STATE);
    scene_free(&sc);
}

/* A document's title, size and hash on its item: a hash that is not 64 lowercase hex digits,
 * an empty or repeated title, a ninth document, a closed or unknown item are refused. */
static struct command c_document(int32_t item, const char *title, const char *hex)
{
    struct command c = c_item(CMD_DOCUMENT_ADD, item);
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    snprintf(c.p.detail, sizeof c.p.detail, "%s", hex);
    c.p.size = 3;
    return c;
}

TEST(documents_on_an_item)
{
    static const char abc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    struct scene sc;
    scene_init(&sc, true);
    struct fixture *f = &sc.f;
    REFUSE(f, SEC,
           c_document(sc.delib, "报告",
                      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
           ERR_BAD_VALUE);
    REFUSE(f, SEC, c_document(sc.delib, "报告", "abc"), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_document(sc.delib, "", abc), ERR_BAD_VALUE);
    REFUSE(f, SEC, c_document(999, "报告", abc), ERR_UNKNOWN_ITEM);
    ACCEPT(f, SEC, c_document(sc.delib, "报告", abc));
    REFUSE(f, SEC, c_document(sc.delib, "报告", abc), ERR_DUPLICATE);
    const struct item *it = item_of(f, sc.delib);
    assert_int_equal(it->document_count, 1);
    assert_int_equal(it->documents[0].size, 3);
    assert_string_equal(it->documents[0].sha256, abc);
    assert_ptr_equal(core_document(it, it->documents[0].id), &it->documents[0]);
    for (int i = 1; i < DOCS_MAX; i++) {
        char title[32];
        snprintf(title, sizeof title, "附件%d", i);
        ACCEPT(f, SEC, c_document(sc.delib, title, abc));
    }
    REFUSE(f, SEC, c_document(sc.delib, "再一份", abc), ERR_TOO_MANY);
    open_item(f, sc.vote);
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_CLOSE, sc.vote));
    REFUSE(f, SEC, c_document(sc.vote, "报告", abc), ERR_ITEM_STATE);
    scene_free(&sc);
}

/* The sittings' commands in a wrong state (test_core_sittings.c has the rest). */
TEST(sitting_set_and_convener_set_refused_in_a_wrong_state)
{
    struct scene sc;
    scene_init(&sc, true);
    struct command split = cmd(CMD_SITTING_SET);
    split.p.kind = SITS_GROUPS;
    REFUSE(&sc.f, CHAIR, split, ERR_ITEM_STATE); /* no item open to deliberate */
    struct command named = cmd(CMD_CONVENER_SET);
    snprintf(named.p.group, sizeof named.p.group, "第2组");
    named.p.person = 2; /* of 第3组 */
    REFUSE(&sc.f, SEC, named, ERR_WRONG_GROUP);
    scene_free(&sc);
}

/* ---- coverage: these two run last ------------------------------------------------------------ */

TEST(every_command_was_accepted_somewhere)
{
    for (int t = 0; t < CMD_COUNT; t++)
        if (!accepted[t]) fail_msg("%s was never accepted", command_name((enum command_type)t));
}

TEST(every_command_was_refused_in_a_wrong_state_somewhere)
{
    for (int t = 0; t < CMD_COUNT; t++)
        if (!refused[t])
            fail_msg("%s was never refused in a wrong state", command_name((enum command_type)t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_accepted_from_every_role_its_row_names),
        cmocka_unit_test(every_command_refused_for_every_role_its_row_leaves_out),
        cmocka_unit_test(display_respondent_and_visitor_may_send_nothing),
        cmocka_unit_test(a_command_of_unknown_type_or_from_an_unknown_role_is_refused),
        cmocka_unit_test(a_seat_acting_for_another_member_is_refused),
        cmocka_unit_test(member_add_puts_a_member_or_an_attendee_on_the_roster),
        cmocka_unit_test(item_update_renames_a_votes_motion_until_its_ballot_opens),
        cmocka_unit_test(member_add_refused_for_a_duplicate_an_empty_name_or_once_open),
        cmocka_unit_test(people_are_found_by_id_after_adds_and_removes),
        cmocka_unit_test(sitting_set_and_convener_set_refused_in_a_wrong_state),
        cmocka_unit_test(member_update_changes_a_person_and_keeps_attendance),
        cmocka_unit_test(member_update_refused_for_unknown_person_taken_seat_or_kind_once_open),
        cmocka_unit_test(member_remove_takes_a_person_off_the_roster),
        cmocka_unit_test(member_remove_refused_for_unknown_person_or_once_open),
        cmocka_unit_test(meeting_create_schedules_a_meeting),
        cmocka_unit_test(meeting_create_after_a_closed_meeting_starts_afresh),
        cmocka_unit_test(meeting_create_refused_with_a_meeting_running_or_a_bad_number_or_date),
        cmocka_unit_test(meeting_open_opens_with_a_quorum_and_records_time_and_counts),
        cmocka_unit_test(meeting_open_refused_without_meeting_without_quorum_or_when_open),
        cmocka_unit_test(meeting_suspend_and_resume_go_between_open_and_suspended),
        cmocka_unit_test(meeting_suspend_refused_unless_open_and_idle),
        cmocka_unit_test(meeting_resume_refused_unless_suspended),
        cmocka_unit_test(meeting_close_closes_an_open_or_suspended_meeting),
        cmocka_unit_test(meeting_close_refused_while_an_item_is_open_or_unless_open),
        cmocka_unit_test(sign_in_marks_present_at_the_hub_time),
        cmocka_unit_test(sign_in_refused_twice_for_unknown_person_or_without_a_running_meeting),
        cmocka_unit_test(attendance_set_records_leave_with_reason_presence_and_absence),
        cmocka_unit_test(
            attendance_set_refused_for_leave_without_reason_unknown_person_or_closed_meeting),
        cmocka_unit_test(link_set_shows_the_seat_link_apart_from_attendance),
        cmocka_unit_test(link_set_refused_for_unknown_person),
        cmocka_unit_test(rules_set_replaces_the_rules_between_meetings),
        cmocka_unit_test(rules_set_refused_during_a_meeting_or_with_bad_rules),
        cmocka_unit_test(item_add_appends_a_pending_item_with_its_details),
        cmocka_unit_test(item_add_of_a_vote_adds_the_motion_as_its_subject),
        cmocka_unit_test(item_add_refused_without_meeting_when_closed_or_with_bad_fields),
        cmocka_unit_test(item_update_changes_title_reporter_and_attachments),
        cmocka_unit_test(item_update_refused_for_unknown_or_closed_item_or_secrecy_once_balloted),
        cmocka_unit_test(item_remove_takes_a_pending_item_off_the_agenda),
        cmocka_unit_test(item_remove_refused_for_unknown_or_not_pending_item),
        cmocka_unit_test(item_move_reorders_the_agenda),
        cmocka_unit_test(item_move_refused_for_unknown_item_bad_position_or_closed_meeting),
        cmocka_unit_test(item_open_makes_the_item_current),
        cmocka_unit_test(item_open_refused_unless_meeting_open_and_no_other_item_open),
        cmocka_unit_test(item_close_closes_the_current_item),
        cmocka_unit_test(item_close_refused_unless_open_and_idle),
        cmocka_unit_test(item_defer_sets_an_open_or_pending_item_aside),
        cmocka_unit_test(item_defer_refused_for_closed_item_balloted_item_or_busy_floor),
        cmocka_unit_test(note_set_records_the_secretary_note),
        cmocka_unit_test(note_set_refused_for_unknown_item_or_unclean_text),
        cmocka_unit_test(respondent_add_lists_a_respondent_of_an_inquiry),
        cmocka_unit_test(respondent_add_refused_for_other_kinds_closed_items_or_no_name),
        cmocka_unit_test(respondent_remove_takes_an_unused_respondent_off),
        cmocka_unit_test(respondent_remove_refused_when_unknown_or_named_by_a_question),
        cmocka_unit_test(subject_add_puts_a_subject_on_a_ballot),
        cmocka_unit_test(subject_add_refused_for_non_ballots_open_ballots_no_name_or_too_many),
        cmocka_unit_test(subject_remove_takes_a_subject_off_an_unopened_ballot),
        cmocka_unit_test(subject_remove_refused_for_unknown_subject_or_opened_ballot),
        cmocka_unit_test(floor_request_puts_the_member_at_the_end_of_the_list),
        cmocka_unit_test(floor_request_refused_unless_item_open_member_signed_in_and_not_listed),
        cmocka_unit_test(floor_request_refused_after_speaking_when_rules_forbid_speaking_twice),
        cmocka_unit_test(floor_withdraw_takes_the_member_off_the_list),
        cmocka_unit_test(floor_withdraw_refused_unless_waiting),
        cmocka_unit_test(speaker_add_puts_scheduled_speakers_before_members_who_requested),
        cmocka_unit_test(speaker_add_refused_for_closed_item_unknown_person_no_name_or_listed),
        cmocka_unit_test(speaker_remove_takes_a_waiting_speaker_off),
        cmocka_unit_test(speaker_remove_refused_for_unknown_or_speaking_or_done_speaker),
        cmocka_unit_test(speaker_move_reorders_the_waiting_list),
        cmocka_unit_test(speaker_move_refused_for_bad_position_or_a_speaker_not_waiting),
        cmocka_unit_test(floor_grant_starts_the_speech_with_the_plenary_limit),
        cmocka_unit_test(floor_grant_refused_with_empty_list_busy_floor_or_meeting_not_open),
        cmocka_unit_test(speech_end_logs_the_end_of_the_speech),
        cmocka_unit_test(speech_end_refused_when_nobody_has_the_floor),
        cmocka_unit_test(time_extend_adds_to_the_running_speech),
        cmocka_unit_test(time_extend_adds_to_the_running_question_turn),
        cmocka_unit_test(time_extend_refused_for_zero_or_too_many_seconds_or_nobody_speaking),
        cmocka_unit_test(question_register_queues_a_live_or_preregistered_question),
        cmocka_unit_test(
            question_register_refused_for_wrong_item_unknown_respondent_or_absent_member),
        cmocka_unit_test(question_withdraw_takes_a_waiting_question_off),
        cmocka_unit_test(question_withdraw_refused_once_asked_or_unknown),
        cmocka_unit_test(question_call_starts_the_next_question_with_its_limit),
        cmocka_unit_test(question_call_refused_when_one_runs_none_waits_or_wrong_item),
        cmocka_unit_test(answer_start_gives_the_named_or_assigned_respondent_the_answer_time),
        cmocka_unit_test(answer_start_refused_without_a_question_asked_or_a_respondent),
        cmocka_unit_test(followup_start_gives_the_member_the_followup_time),
        cmocka_unit_test(followup_start_refused_before_an_answer_or_with_no_followup_left),
        cmocka_unit_test(followup_answer_start_gives_the_answerer_the_followup_answer_time),
        cmocka_unit_test(followup_answer_start_refused_unless_a_followup_is_being_asked),
        cmocka_unit_test(question_end_closes_the_question_and_its_last_turn),
        cmocka_unit_test(question_end_refused_when_no_question_runs),
        cmocka_unit_test(ballot_open_opens_an_evaluation_with_the_configured_options),
        cmocka_unit_test(ballot_open_opens_a_vote_with_yes_no_abstain),
        cmocka_unit_test(ballot_open_refused_without_subjects_twice_or_with_floor_taken),
        cmocka_unit_test(ballot_cast_records_a_cast_on_every_subject_chosen),
        cmocka_unit_test(ballot_cast_refused_twice_unsigned_bad_option_unknown_subject_or_closed),
        cmocka_unit_test(ballot_close_publishes_counts_and_sets_verdicts),
        cmocka_unit_test(ballot_close_refused_unless_the_ballot_is_open),
        cmocka_unit_test(ballot_count_refused_unless_the_ballot_is_open_and_the_counts_fit),
        cmocka_unit_test(hand_cast_counts_once_for_a_member_present),
        cmocka_unit_test(nominee_add_puts_a_case_on_the_appointment_ballot),
        cmocka_unit_test(
            nominee_add_refused_off_an_appointment_without_a_name_or_post_or_once_voting),
        cmocka_unit_test(statement_record_keeps_an_absent_nominees_written_statement),
        cmocka_unit_test(certificates_give_only_after_an_appointment_passed),
        cmocka_unit_test(the_oath_records_who_swore_how_and_when),
        cmocka_unit_test(
            oath_start_refused_before_certificates_for_the_failed_or_dismissed_or_without_a_leader),
        cmocka_unit_test(an_appointment_listed_before_the_dismissal_from_its_post_is_flagged),
        cmocka_unit_test(ballot_runoff_refused_without_a_closed_tied_choice_ballot_or_twice),
        cmocka_unit_test(an_appointment_votes_one_case_then_the_rest_together),
        cmocka_unit_test(ballot_open_on_one_subject_only_for_an_appointment),
        cmocka_unit_test(a_removal_is_voted_on_paper_and_counted_by_hand),
        cmocka_unit_test(a_removal_at_the_keypads_where_the_rules_say_so),
        cmocka_unit_test(an_attendee_asks_for_the_floor_and_the_secretary_approves),
        cmocka_unit_test(an_attendees_request_taken_off_or_withdrawn_before_approval),
        cmocka_unit_test(summary_set_records_what_a_speaker_said_in_brief),
        cmocka_unit_test(motion_commands_in_a_wrong_state_are_refused),
        cmocka_unit_test(documents_on_an_item),
        cmocka_unit_test(opinion_commands_in_a_wrong_state_are_refused),
        cmocka_unit_test(every_command_was_accepted_somewhere),
        cmocka_unit_test(
            exam_start_draws_a_paper_with_a_deadline_and_keeps_its_key_off_the_public_form),
        cmocka_unit_test(
            exam_start_refused_for_others_a_running_paper_an_empty_bank_or_the_wrong_item),
        cmocka_unit_test(exam_answer_after_the_deadline_is_refused_by_the_hub_time),
        cmocka_unit_test(exam_answered_public_form_says_answered_never_how),
        cmocka_unit_test(exam_hand_in_scores_and_one_retake_follows_a_fail_then_no_more),
        cmocka_unit_test(exam_passed_once_needs_no_retake),
        cmocka_unit_test(
            ballot_open_refused_for_a_nominee_without_a_pass_when_the_exam_is_required),
        cmocka_unit_test(ballot_open_allowed_without_an_exam_when_not_required),
        cmocka_unit_test(
            exam_start_draws_a_paper_with_a_deadline_and_keeps_its_key_off_the_public_form),
        cmocka_unit_test(
            exam_start_refused_for_others_a_running_paper_an_empty_bank_or_the_wrong_item),
        cmocka_unit_test(exam_answer_after_the_deadline_is_refused_by_the_hub_time),
        cmocka_unit_test(exam_answered_public_form_says_answered_never_how),
        cmocka_unit_test(exam_hand_in_scores_and_one_retake_follows_a_fail_then_no_more),
        cmocka_unit_test(exam_passed_once_needs_no_retake),
        cmocka_unit_test(
            ballot_open_refused_for_a_nominee_without_a_pass_when_the_exam_is_required),
        cmocka_unit_test(ballot_open_allowed_without_an_exam_when_not_required),
        cmocka_unit_test(every_command_was_refused_in_a_wrong_state_somewhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
