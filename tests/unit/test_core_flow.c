/* The meeting rules of DESIGN.md §2, taken through the core end to end: quorum against all
 * members, attendees never counted and never casting, one ballot per member and subject, secret
 * casts that reach replicas without their choice, the worked vote and evaluation cases of
 * rules-cases.tsv as closed ballots, the inquiry's log of turns, deferred items reopened, and
 * the remaining time of a speech.  Per-command tests are in test_core_commands.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

enum { ATTENDEES_FROM = 101, YES = 0, NO = 1, ABSTAIN = 2 };

#define ACCEPT(f, a, c)       check_accept((f), (a), (c), HERE)
#define REFUSE(f, a, c, code) check_refuse((f), (a), (c), (code), HERE)

static struct command c_sign_in(int32_t person)
{
    struct command c = cmd(CMD_SIGN_IN);
    c.p.person = person;
    return c;
}

/* A committee of `members` (ids 1..members) and `attendees` 列席 (ids 101..), with the given
 * rules (NULL: the defaults), and 第12次会议 scheduled. */
static void committee(struct fixture *f, int members, int attendees, const struct core_rules *r)
{
    assert_int_equal(fx_members(f, r, members), ERR_OK);
    char name[32];
    for (int i = 0; i < attendees; i++) {
        snprintf(name, sizeof name, "列席%02d", i + 1);
        assert_int_equal(fx_member_add(f, ATTENDEES_FROM + i, name, PERSON_ATTENDEE), ERR_OK);
    }
    struct command c = cmd(CMD_MEETING_CREATE);
    c.p.number = 12;
    snprintf(c.p.date, sizeof c.p.date, "2026-11-23");
    snprintf(c.p.title, sizeof c.p.title, "第十二次会议");
    ACCEPT(f, SEC, c);
}

/* `present` members signed in, the meeting open, an item of `kind` open with one subject (or
 * the vote's motion) and its ballot open; returns the item, the subject in *subject. */
static int32_t ballot_ready(struct fixture *f, int present, enum item_kind kind, bool secret,
                            int32_t *subject)
{
    assert_int_equal(fx_open(f, present), ERR_OK);
    int32_t item =
        fx_item(f, kind, kind == ITEM_VOTE ? "关于批准决算的决议" : "满意度测评", secret);
    assert_true(item != 0);
    *subject = kind == ITEM_VOTE ? f->last.events[1].p.id : fx_subject(f, item, "市生态环境局");
    ACCEPT(f, CHAIR, c_id(CMD_ITEM_OPEN, item));
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_OPEN, item));
    return item;
}

/* Members 1, 2, ... cast counts[0] times option 0, then counts[1] times option 1, ... */
static void cast_counts(struct fixture *f, int32_t item, int32_t subject, const int32_t *counts,
                        int options)
{
    int32_t m = 1;
    for (int o = 0; o < options; o++)
        for (int32_t k = 0; k < counts[o]; k++, m++)
            ACCEPT(f, seat(m), c_cast(item, m, subject, o));
}

static const struct subject *close_ballot(struct fixture *f, int32_t item)
{
    ACCEPT(f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    const struct item *it = core_item(f->s, item);
    assert_non_null(it);
    assert_int_equal(it->ballot.state, BALLOT_CLOSED);
    return &it->ballot.subjects[0];
}

/* A closed ballot of `members`, `present` signed in, with the given counts, under rules r. */
static void closed_ballot(const struct core_rules *r, int members, int present, enum item_kind kind,
                          const int32_t *counts, int *verdict, bool *flagged)
{
    struct fixture f;
    committee(&f, members, 0, r);
    int32_t subject;
    int32_t item = ballot_ready(&f, present, kind, true, &subject);
    cast_counts(&f, item, subject, counts, 3);
    const struct subject *sub = close_ballot(&f, item);
    for (int o = 0; o < 3; o++) assert_int_equal(sub->counts[o], counts[o]);
    const struct ballot *b = &core_item(f.s, item)->ballot;
    assert_int_equal(b->members, members);   /* 应到 */
    assert_int_equal(b->signed_in, present); /* 实到 */
    assert_int_equal(b->voters, counts[0] + counts[1] + counts[2]);
    *verdict = sub->verdict;
    *flagged = sub->flagged;
    fx_free(&f);
}

/* ---- quorum and attendance ------------------------------------------------------------------- */

TEST(a_committee_of_35_opens_with_18_signed_in_and_not_with_17)
{
    struct fixture f;
    committee(&f, 35, 0, NULL);
    for (int i = 1; i <= 17; i++) fx_sign_in(&f, i);
    assert_int_equal(core_members(f.s), 35);
    assert_int_equal(core_signed_in(f.s), 17);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_QUORUM);
    fx_sign_in(&f, 18);
    const struct event_batch *b = ACCEPT(&f, CHAIR, cmd(CMD_MEETING_OPEN));
    assert_int_equal(b->events[0].p.members, 35);
    assert_int_equal(b->events[0].p.signed_in, 18);
    assert_int_equal(f.s->meeting.state, MEETING_OPEN);
    fx_free(&f);

    committee(&f, 36, 0, NULL); /* 18 of 36 is exactly half: not enough */
    for (int i = 1; i <= 18; i++) fx_sign_in(&f, i);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_QUORUM);
    fx_sign_in(&f, 19);
    ACCEPT(&f, CHAIR, cmd(CMD_MEETING_OPEN));
    fx_free(&f);
}

TEST(a_seat_finds_its_member)
{
    struct fixture f;
    committee(&f, 5, 0, NULL); /* member n at seat n */
    assert_int_equal(core_person_at_seat(f.s, 3)->id, 3);
    assert_null(core_person_at_seat(f.s, 0)); /* 0 is no seat */
    assert_null(core_person_at_seat(f.s, 99));
    fx_free(&f);
}

TEST(attendees_never_count_for_quorum)
{
    struct fixture f;
    committee(&f, 35, 5, NULL);
    for (int i = 1; i <= 17; i++) fx_sign_in(&f, i);
    for (int i = 0; i < 5; i++)
        ACCEPT(&f, as(ROLE_ATTENDEE, ATTENDEES_FROM + i), c_sign_in(ATTENDEES_FROM + i));
    assert_int_equal(core_members(f.s), 35);   /* 应到: members only */
    assert_int_equal(core_signed_in(f.s), 17); /* 实到: members only */
    assert_false(core_quorum(f.s));
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_QUORUM);
    fx_free(&f);
}

TEST(leave_and_absence_do_not_count_as_signed_in)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    fx_sign_in(&f, 1);
    fx_sign_in(&f, 2);
    struct command leave = cmd(CMD_ATTENDANCE_SET);
    leave.p.person = 3;
    leave.p.kind = ATT_LEAVE;
    snprintf(leave.p.text, sizeof leave.p.text, "病假");
    ACCEPT(&f, SEC, leave);
    assert_int_equal(core_signed_in(f.s), 2);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_OPEN), ERR_NO_QUORUM);
    fx_sign_in(&f, 4);
    ACCEPT(&f, CHAIR, cmd(CMD_MEETING_OPEN));
    fx_free(&f);
}

TEST(a_lost_connection_does_not_change_attendance)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 3, ITEM_VOTE, true, &subject);
    struct command link = cmd(CMD_LINK_SET);
    link.p.person = 2;
    link.p.flag = true;
    ACCEPT(&f, HUB, link);
    link.p.flag = false; /* the seat's console is lost */
    ACCEPT(&f, HUB, link);
    const struct person *p = core_person(f.s, 2);
    assert_false(p->connected);
    assert_int_equal(p->attendance, ATT_PRESENT);
    assert_int_equal(core_signed_in(f.s), 3);
    ACCEPT(&f, seat(2), c_cast(item, 2, subject, YES)); /* back, and still entitled to vote */
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    assert_int_equal(core_item(f.s, item)->ballot.signed_in, 3);
    fx_free(&f);
}

/* ---- casting --------------------------------------------------------------------------------- */

TEST(an_attendee_can_never_cast)
{
    struct fixture f;
    committee(&f, 5, 1, NULL);
    ACCEPT(&f, as(ROLE_ATTENDEE, ATTENDEES_FROM), c_sign_in(ATTENDEES_FROM));
    int32_t subject;
    int32_t item = ballot_ready(&f, 3, ITEM_VOTE, false, &subject);
    REFUSE(&f, as(ROLE_ATTENDEE, ATTENDEES_FROM), c_cast(item, ATTENDEES_FROM, subject, YES),
           ERR_NOT_ALLOWED);
    REFUSE(&f, seat(ATTENDEES_FROM), c_cast(item, ATTENDEES_FROM, subject, YES), ERR_NOT_A_MEMBER);
    assert_int_equal(core_item(f.s, item)->ballot.subjects[0].cast, 0);
    fx_free(&f);
}

TEST(a_member_not_signed_in_cannot_cast)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    struct command leave = cmd(CMD_ATTENDANCE_SET);
    leave.p.person = 5;
    leave.p.kind = ATT_LEAVE;
    snprintf(leave.p.text, sizeof leave.p.text, "出差");
    ACCEPT(&f, SEC, leave);
    int32_t subject;
    int32_t item = ballot_ready(&f, 3, ITEM_VOTE, true, &subject);
    REFUSE(&f, seat(4), c_cast(item, 4, subject, YES), ERR_NOT_SIGNED_IN); /* absent */
    REFUSE(&f, seat(5), c_cast(item, 5, subject, YES), ERR_NOT_SIGNED_IN); /* on leave */
    fx_sign_in(&f, 4); /* arrives late: signs in, then votes */
    ACCEPT(&f, seat(4), c_cast(item, 4, subject, YES));
    assert_int_equal(core_item(f.s, item)->ballot.subjects[0].cast, 1);
    fx_free(&f);
}

TEST(one_ballot_per_member_per_subject)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 4, ITEM_EVALUATION, true, &subject);
    const struct item *it = core_item(f.s, item);
    assert_false(core_has_cast(f.s, it, 1, 0));
    ACCEPT(&f, seat(1), c_cast(item, 1, subject, 0));
    assert_true(core_has_cast(f.s, it, 1, 0)); /* what a seat shows as recorded */
    assert_false(core_has_cast(f.s, it, 2, 0));
    assert_false(core_has_cast(f.s, it, 1, 1)); /* no such subject */
    const struct subject *sub = &it->ballot.subjects[0];
    REFUSE(&f, seat(1), c_cast(item, 1, subject, 0), ERR_ALREADY_CAST);
    REFUSE(&f, seat(1), c_cast(item, 1, subject, 2), ERR_ALREADY_CAST);
    REFUSE(&f, SEC, c_cast(item, 1, subject, 2), ERR_NOT_ALLOWED); /* nobody casts for them */
    assert_int_equal(sub->cast, 1);
    assert_int_equal(sub->counts[0], 1);
    assert_int_equal(sub->counts[2], 0);
    assert_int_equal(core_item(f.s, item)->ballot.voters, 1);
    fx_free(&f);
}

/* ---- counts by hand (举手, paper, another way) ------------------------------------------------
 */

static struct command c_count(int32_t item, int32_t subject, enum count_method method,
                              const char *scrutineers, const int32_t *counts)
{
    struct command c = cmd(CMD_BALLOT_COUNT);
    c.p.item = item;
    c.p.kind = method;
    snprintf(c.p.text, sizeof c.p.text, "%s", scrutineers);
    c.p.result_count = 1;
    c.p.results[0].subject = subject;
    memcpy(c.p.results[0].counts, counts, 3 * sizeof *counts);
    return c;
}

/* A vote of 35 members, 20 present, closed after counts taken electronically or by hand. */
static const struct subject *vote_of_20(struct fixture *f, bool by_hand, const int32_t *counts)
{
    committee(f, 35, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(f, 20, ITEM_VOTE, false, &subject);
    if (by_hand)
        ACCEPT(f, SEC, c_count(item, subject, COUNT_HANDS, "", counts));
    else
        cast_counts(f, item, subject, counts, 3);
    return close_ballot(f, item);
}

TEST(a_show_of_hands_gives_the_result_the_keypads_would)
{
    static const int32_t cases[][3] = {{18, 1, 1}, {17, 2, 1}, {12, 5, 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture keys, hands;
        const struct subject *k = vote_of_20(&keys, false, cases[i]);
        const struct subject *h = vote_of_20(&hands, true, cases[i]);
        for (int o = 0; o < 3; o++) assert_int_equal(h->counts[o], k->counts[o]);
        assert_int_equal(h->verdict, k->verdict);
        assert_int_equal(h->verdict, cases[i][0] >= 18); /* more than half of all 35 */
        assert_int_equal(core_open_item(hands.s)->ballot.method, COUNT_HANDS);
        fx_free(&keys);
        fx_free(&hands);
    }
}

TEST(more_hands_than_members_present_are_refused)
{
    struct fixture f;
    committee(&f, 35, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 20, ITEM_VOTE, true, &subject);
    ACCEPT(&f, seat(1), c_cast(item, 1, subject, 0));
    const int32_t too_many[3] = {15, 5, 1}, fine[3] = {15, 4, 1}, negative[3] = {21, -1, 0};
    REFUSE(&f, SEC, c_count(item, subject, COUNT_HANDS, "", too_many), ERR_TOO_MANY);
    REFUSE(&f, SEC, c_count(item, subject, COUNT_HANDS, "", negative), ERR_BAD_OPTION);
    REFUSE(&f, SEC, c_count(item, subject, COUNT_PAPER, "", fine), ERR_BAD_VALUE); /* 监票人 */
    REFUSE(&f, SEC, c_count(item, subject, COUNT_KEYPAD, "", fine), ERR_BAD_VALUE);
    REFUSE(&f, CHAIR, c_count(item, subject, COUNT_HANDS, "", fine), ERR_NOT_ALLOWED);
    REFUSE(&f, seat(2), c_count(item, subject, COUNT_HANDS, "", fine), ERR_NOT_ALLOWED);
    struct command other = c_count(item, subject + 1000, COUNT_HANDS, "", fine);
    REFUSE(&f, SEC, other, ERR_UNKNOWN_SUBJECT);
    ACCEPT(&f, SEC, c_count(item, subject, COUNT_PAPER, "李国强\n张志华", fine));
    const struct ballot *b = &core_item(f.s, item)->ballot;
    assert_int_equal(b->method, COUNT_PAPER);
    assert_string_equal(b->scrutineers, "李国强\n张志华");
    assert_int_equal(b->subjects[0].cast, 20);
    /* the count by hand is the result: the keypads no longer take votes */
    REFUSE(&f, seat(2), c_cast(item, 2, subject, 0), ERR_BALLOT_STATE);
    /* a count entered wrong is entered again before the chair closes the ballot */
    const int32_t corrected[3] = {16, 3, 1};
    ACCEPT(&f, SEC, c_count(item, subject, COUNT_PAPER, "李国强\n张志华", corrected));
    const struct subject *sub = close_ballot(&f, item);
    for (int o = 0; o < 3; o++) assert_int_equal(sub->counts[o], corrected[o]);
    assert_int_equal(sub->verdict, 0); /* 16 is not more than half of 35 */
    fx_free(&f);
}

/* ---- secrecy, seen from a replica ------------------------------------------------------------ */

static struct core_state *replica_of(const struct core_state *hub)
{
    char *text = snapshot_encode(hub);
    struct core_state *r = NULL;
    struct core_error err;
    assert_int_equal(snapshot_decode(text, strlen(text), &r, &err), ERR_OK);
    free(text);
    return r;
}

/* Apply the hub's last events to the replica in their public form, through the codec. */
static void replicate(struct core_state *r, const struct event_batch *b)
{
    for (int i = 0; i < b->count; i++) {
        char *text = event_encode(&b->events[i], true);
        struct event e;
        struct core_error err;
        assert_int_equal(event_decode(text, strlen(text), &e, &err), ERR_OK);
        assert_int_equal(core_apply(r, &e), ERR_OK);
        free(text);
    }
}

TEST(a_secret_cast_goes_public_without_its_option_and_replicas_see_no_count_until_close)
{
    struct fixture f;
    committee(&f, 35, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 22, ITEM_EVALUATION, true, &subject);
    struct core_state *replica = replica_of(f.s);
    const int32_t counts[3] = {10, 7, 5};
    int32_t m = 1;
    for (int o = 0; o < 3; o++) {
        for (int k = 0; k < counts[o]; k++, m++) {
            const struct event_batch *b = ACCEPT(&f, seat(m), c_cast(item, m, subject, o));
            char *pub = event_encode(&b->events[0], true);
            char *priv = event_encode(&b->events[0], false);
            assert_null(strstr(pub, "\"option\"")); /* the broadcast and the journal */
            assert_non_null(strstr(priv, "\"option\""));
            assert_non_null(strstr(pub, "\"person\""));
            free(pub);
            free(priv);
            replicate(replica, b);
        }
    }
    const struct subject *hub = &core_item(f.s, item)->ballot.subjects[0];
    const struct subject *rep = &core_item(replica, item)->ballot.subjects[0];
    assert_int_equal(rep->cast, 22); /* progress is public ... */
    for (int o = 0; o < OPTIONS_MAX; o++) assert_int_equal(rep->counts[o], 0); /* ... results not */
    assert_int_equal(hub->counts[0], 10);
    struct core_state *late = replica_of(f.s); /* nor does a console that connects now see them */
    for (int o = 0; o < OPTIONS_MAX; o++)
        assert_int_equal(core_item(late, item)->ballot.subjects[0].counts[o], 0);
    core_state_free(late);
    replicate(replica, ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, item)));
    for (int o = 0; o < 3; o++) assert_int_equal(rep->counts[o], counts[o]);
    assert_int_equal(rep->verdict, 2);
    char *a = snapshot_encode(f.s), *b = snapshot_encode(replica);
    assert_string_equal(a, b); /* the replica now agrees with the hub on everything */
    free(a);
    free(b);
    core_state_free(replica);
    fx_free(&f);
}

TEST(a_named_vote_shows_its_counts_on_replicas_while_open)
{
    struct fixture f;
    committee(&f, 7, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 5, ITEM_VOTE, false, &subject);
    struct core_state *replica = replica_of(f.s);
    const struct event_batch *b = ACCEPT(&f, seat(1), c_cast(item, 1, subject, NO));
    char *pub = event_encode(&b->events[0], true);
    assert_non_null(strstr(pub, "\"option\""));
    free(pub);
    replicate(replica, b);
    replicate(replica, ACCEPT(&f, seat(2), c_cast(item, 2, subject, YES)));
    const struct ballot *rb = &core_item(replica, item)->ballot;
    assert_int_equal(rb->subjects[0].counts[YES], 1);
    assert_int_equal(rb->subjects[0].counts[NO], 1);
    int who = core_person_index(replica, 1);
    assert_int_equal(*ballot_mark(rb, who, 0), 2 + NO); /* who chose what, for the minutes */
    core_state_free(replica);
    fx_free(&f);
}

/* ---- results: the worked cases of rules-cases.tsv as closed ballots ------------------------- */

TEST(a_vote_of_35_passes_with_18_yes_and_fails_with_17)
{
    int verdict;
    bool flagged;
    closed_ballot(NULL, 35, 18, ITEM_VOTE, (const int32_t[]){18, 0, 0}, &verdict, &flagged);
    assert_int_equal(verdict, 1);
    closed_ballot(NULL, 35, 35, ITEM_VOTE, (const int32_t[]){18, 17, 0}, &verdict,
                  &flagged); /* v1 */
    assert_int_equal(verdict, 1);
    closed_ballot(NULL, 35, 20, ITEM_VOTE, (const int32_t[]){17, 0, 3}, &verdict,
                  &flagged); /* v2 */
    assert_int_equal(verdict, 0);
    closed_ballot(NULL, 36, 36, ITEM_VOTE, (const int32_t[]){18, 10, 8}, &verdict,
                  &flagged); /* v3 */
    assert_int_equal(verdict, 0);
    assert_false(flagged);
}

TEST(a_vote_with_another_base_follows_the_rules_v5_v6_v7)
{
    struct core_rules r;
    rules_default(&r);
    r.vote.base = BASE_CAST;
    int verdict;
    bool flagged;
    closed_ballot(&r, 35, 20, ITEM_VOTE, (const int32_t[]){11, 9, 0}, &verdict, &flagged); /* v5 */
    assert_int_equal(verdict, 1);
    closed_ballot(NULL, 35, 20, ITEM_VOTE, (const int32_t[]){11, 9, 0}, &verdict,
                  &flagged); /* v6 */
    assert_int_equal(verdict, 0);
    r.vote.base = BASE_SIGNED_IN;
    closed_ballot(&r, 35, 20, ITEM_VOTE, (const int32_t[]){11, 5, 2}, &verdict, &flagged); /* v7 */
    assert_int_equal(verdict, 1);
}

TEST(an_evaluation_of_35_with_10_7_5_is_unsatisfactory)
{
    int verdict;
    bool flagged;
    closed_ballot(NULL, 35, 22, ITEM_EVALUATION, (const int32_t[]){10, 7, 5}, &verdict,
                  &flagged); /* e2 */
    assert_int_equal(verdict, 2);
    assert_false(flagged);
    closed_ballot(NULL, 35, 33, ITEM_EVALUATION, (const int32_t[]){18, 10, 5}, &verdict,
                  &flagged); /* e1 */
    assert_int_equal(verdict, 0);
    closed_ballot(NULL, 35, 20, ITEM_EVALUATION, (const int32_t[]){10, 8, 2}, &verdict,
                  &flagged); /* e3 */
    assert_int_equal(verdict, 1);
}

TEST(an_evaluation_counted_against_votes_cast_follows_e8_and_e9)
{
    struct core_rules r;
    rules_default(&r);
    r.evaluation.base = BASE_CAST;
    int verdict;
    bool flagged;
    closed_ballot(&r, 35, 20, ITEM_EVALUATION, (const int32_t[]){6, 5, 9}, &verdict,
                  &flagged); /* e8: 6+5 = 11 > 20/2 */
    assert_int_equal(verdict, 1);
    closed_ballot(NULL, 35, 20, ITEM_EVALUATION, (const int32_t[]){6, 5, 9}, &verdict,
                  &flagged); /* e9: the same ballot against all members */
    assert_int_equal(verdict, 2);
}

TEST(an_evaluation_decided_at_exactly_half_is_flagged_e4_to_e7)
{
    struct core_rules half;
    rules_default(&half);
    half.evaluation.threshold = HALF_OR_MORE;
    int verdict;
    bool flagged;
    closed_ballot(NULL, 36, 36, ITEM_EVALUATION, (const int32_t[]){18, 0, 18}, &verdict,
                  &flagged); /* e4 */
    assert_int_equal(verdict, 2);
    assert_true(flagged);
    closed_ballot(&half, 36, 36, ITEM_EVALUATION, (const int32_t[]){18, 0, 18}, &verdict,
                  &flagged); /* e5 */
    assert_int_equal(verdict, 0);
    assert_true(flagged);
    closed_ballot(NULL, 36, 28, ITEM_EVALUATION, (const int32_t[]){10, 8, 10}, &verdict,
                  &flagged); /* e6 */
    assert_int_equal(verdict, 2);
    assert_true(flagged);
    closed_ballot(&half, 36, 28, ITEM_EVALUATION, (const int32_t[]){10, 8, 10}, &verdict,
                  &flagged); /* e7 */
    assert_int_equal(verdict, 1);
    assert_true(flagged);
}

TEST(an_appointment_is_voted_person_by_person)
{
    struct fixture f;
    committee(&f, 9, 0, NULL);
    assert_int_equal(fx_open(&f, 9), ERR_OK);
    int32_t item = fx_item(&f, ITEM_APPOINTMENT, "人事任免", true);
    int32_t zhang = fx_subject(&f, item, "张三"), li = fx_subject(&f, item, "李四");
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, item));
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_OPEN, item));
    for (int32_t m = 1; m <= 9; m++) {
        struct command c = c_cast(item, m, zhang, m <= 6 ? YES : NO);
        c.p.choice_count = 2; /* one ballot, a choice per nominee */
        c.p.choices[1] = (struct choice){li, m <= 4 ? YES : ABSTAIN};
        ACCEPT(&f, seat(m), c);
    }
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    const struct ballot *b = &core_item(f.s, item)->ballot;
    assert_int_equal(b->voters, 9);
    assert_int_equal(core_subject(b, zhang)->counts[YES], 6);
    assert_int_equal(core_subject(b, zhang)->verdict, 1); /* 6 of 9 */
    assert_int_equal(core_subject(b, li)->counts[YES], 4);
    assert_int_equal(core_subject(b, li)->counts[ABSTAIN], 5);
    assert_int_equal(core_subject(b, li)->verdict, 0); /* 4 of 9 */
    fx_free(&f);
}

/* One combined ballot of a 35-member committee, 30 present: each case gets a result of its own,
 * more than half of all members (18): 20 赞成 passes, 17 赞成 fails. */
TEST(a_combined_appointment_ballot_of_35_passes_20_and_fails_17)
{
    struct fixture f;
    committee(&f, 35, 0, NULL);
    assert_int_equal(fx_open(&f, 30), ERR_OK);
    int32_t item = fx_item(&f, ITEM_APPOINTMENT, "人事任免", true);
    int32_t id[2];
    static const char *const names[] = {"张卫民", "刘晓红"};
    for (int k = 0; k < 2; k++) {
        struct command c = c_item(CMD_NOMINEE_ADD, item);
        snprintf(c.p.name, sizeof c.p.name, "%s", names[k]);
        snprintf(c.p.title, sizeof c.p.title, "局长");
        id[k] = ACCEPT(&f, SEC, c)->events[0].p.id;
    }
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, item));
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_OPEN, item));
    for (int32_t m = 1; m <= 30; m++) {
        struct command c = c_cast(item, m, id[0], m <= 20 ? YES : NO);
        c.p.choice_count = 2;
        c.p.choices[1] = (struct choice){id[1], m <= 17 ? YES : m <= 27 ? NO : ABSTAIN};
        ACCEPT(&f, seat(m), c);
    }
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    const struct ballot *b = &core_item(f.s, item)->ballot;
    assert_int_equal(b->members, 35);
    assert_int_equal(b->signed_in, 30);
    assert_int_equal(core_subject(b, id[0])->counts[YES], 20);
    assert_int_equal(core_subject(b, id[0])->verdict, 1);
    assert_int_equal(core_subject(b, id[1])->counts[YES], 17);
    assert_int_equal(core_subject(b, id[1])->counts[NO], 10);
    assert_int_equal(core_subject(b, id[1])->counts[ABSTAIN], 3);
    assert_int_equal(core_subject(b, id[1])->verdict, 0);
    fx_free(&f);
}

TEST(the_three_counts_are_kept_apart)
{
    struct fixture f;
    committee(&f, 35, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 22, ITEM_VOTE, true, &subject);
    cast_counts(&f, item, subject, (const int32_t[]){15, 3, 1}, 3);
    close_ballot(&f, item);
    const struct ballot *b = &core_item(f.s, item)->ballot;
    assert_int_equal(b->members, 35);              /* 应到 */
    assert_int_equal(b->signed_in, 22);            /* 实到 */
    assert_int_equal(b->subjects[0].cast, 19);     /* votes cast */
    assert_int_equal(b->signed_in - b->voters, 3); /* 未按 */
    assert_int_equal(b->subjects[0].verdict, 0);   /* 15 < 18 */
    fx_free(&f);
}

/* ---- the agenda ------------------------------------------------------------------------------ */

TEST(closing_the_meeting_is_refused_while_an_item_is_open)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    int32_t subject;
    int32_t item = ballot_ready(&f, 3, ITEM_VOTE, true, &subject);
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_ANOTHER_ITEM_OPEN);
    ACCEPT(&f, CHAIR, c_item(CMD_BALLOT_CLOSE, item));
    REFUSE(&f, CHAIR, cmd(CMD_MEETING_CLOSE), ERR_ANOTHER_ITEM_OPEN);
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_CLOSE, item));
    ACCEPT(&f, CHAIR, cmd(CMD_MEETING_CLOSE));
    assert_int_equal(f.s->meeting.state, MEETING_CLOSED);
    fx_free(&f);
}

TEST(a_deferred_item_can_be_reopened_with_its_record)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    assert_int_equal(fx_open(&f, 3), ERR_OK);
    int32_t report = fx_item(&f, ITEM_DELIBERATION, "关于环境状况的报告", false);
    int32_t other = fx_item(&f, ITEM_OTHER, "其他事项", false);
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, report));
    int64_t opened = f.now;
    struct command req = cmd(CMD_FLOOR_REQUEST);
    req.p.item = report;
    req.p.person = 1;
    int32_t first = ACCEPT(&f, seat(1), req)->events[0].p.id;
    ACCEPT(&f, CHAIR, c_item(CMD_FLOOR_GRANT, report)); /* id 0: the next waiting */
    assert_int_equal(core_speaker(core_item(f.s, report), first)->state, SPK_SPEAKING);
    ACCEPT(&f, CHAIR, c_item(CMD_SPEECH_END, report));
    req.p.person = 2;
    int32_t second = ACCEPT(&f, seat(2), req)->events[0].p.id;
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_DEFER, report));
    assert_int_equal(core_item(f.s, report)->state, ITEM_DEFERRED);
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, other)); /* the meeting moves on */
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_CLOSE, other));
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, report)); /* and comes back */
    const struct item *it = core_item(f.s, report);
    assert_int_equal(it->state, ITEM_OPEN);
    assert_int_equal(f.s->meeting.current_item, report);
    assert_int_equal(it->opened_at, opened); /* first opened then */
    assert_int_equal(it->closed_at, 0);      /* and not closed while open again */
    assert_int_equal(core_speaker(it, first)->state, SPK_DONE);
    assert_int_equal(core_speaker(it, second)->state, SPK_WAITING); /* still waiting */
    struct command next = cmd(CMD_FLOOR_GRANT);
    next.p.item = report;
    ACCEPT(&f, CHAIR, next);
    assert_int_equal(core_speaker(it, second)->state, SPK_SPEAKING);
    fx_free(&f);
}

TEST(the_floor_and_questions_pass_over_whoever_is_not_in_the_room)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    assert_int_equal(fx_open(&f, 3), ERR_OK); /* 4 and 5 are not signed in */
    int32_t report = fx_item(&f, ITEM_DELIBERATION, "关于环境状况的报告", false);
    struct command add = cmd(CMD_SPEAKER_ADD);
    add.p.item = report;
    add.p.person = 4;
    add.p.flag = true; /* scheduled, first on the list, but absent */
    int32_t absent = ACCEPT(&f, SEC, add)->events[0].p.id;
    add.p.person = 2;
    int32_t here = ACCEPT(&f, SEC, add)->events[0].p.id;
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, report));
    struct command grant = c_item(CMD_FLOOR_GRANT, report);
    grant.p.id = absent;
    REFUSE(&f, CHAIR, grant, ERR_NOT_SIGNED_IN);
    grant.p.id = 0; /* the next one in the room */
    ACCEPT(&f, CHAIR, grant);
    assert_int_equal(core_floor(core_item(f.s, report), SITTING_PLENARY)->id, here);
    ACCEPT(&f, CHAIR, c_item(CMD_SPEECH_END, report));
    REFUSE(&f, CHAIR, c_item(CMD_FLOOR_GRANT, report), ERR_LIST_EMPTY);
    assert_int_equal(fx_sign_in(&f, 4), ERR_OK); /* 4 arrives and keeps the place */
    ACCEPT(&f, CHAIR, c_item(CMD_FLOOR_GRANT, report));
    assert_int_equal(core_floor(core_item(f.s, report), SITTING_PLENARY)->id, absent);
    ACCEPT(&f, CHAIR, c_item(CMD_SPEECH_END, report));
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_CLOSE, report));
    int32_t inquiry = fx_item(&f, ITEM_INQUIRY, "专题询问", false);
    struct command q = cmd(CMD_QUESTION_REGISTER);
    q.p.item = inquiry;
    q.p.person = 5; /* registered beforehand by the secretary; 5 never comes */
    snprintf(q.p.text, sizeof q.p.text, "请问进展如何？");
    int32_t away = ACCEPT(&f, SEC, q)->events[0].p.id;
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, inquiry));
    struct command call = c_item(CMD_QUESTION_CALL, inquiry);
    REFUSE(&f, CHAIR, call, ERR_LIST_EMPTY);
    call.p.id = away;
    REFUSE(&f, CHAIR, call, ERR_NOT_SIGNED_IN);
    fx_free(&f);
}

/* ---- the special inquiry --------------------------------------------------------------------- */

struct inquiry {
    struct fixture f;
    int32_t item, resp, q;
};

/* Members 1..5 of whom 1..3 present, an inquiry open with one respondent and member 2's
 * question to them registered. */
static void inquiry_init(struct inquiry *x, const struct core_rules *r)
{
    committee(&x->f, 5, 0, r);
    assert_int_equal(fx_open(&x->f, 3), ERR_OK);
    x->item = fx_item(&x->f, ITEM_INQUIRY, "专题询问", false);
    struct command c = c_item(CMD_RESPONDENT_ADD, x->item);
    snprintf(c.p.name, sizeof c.p.name, "王局长");
    snprintf(c.p.title, sizeof c.p.title, "局长");
    snprintf(c.p.detail, sizeof c.p.detail, "市生态环境局");
    x->resp = ACCEPT(&x->f, SEC, c)->events[0].p.id;
    ACCEPT(&x->f, CHAIR, c_id(CMD_ITEM_OPEN, x->item));
    c = c_item(CMD_QUESTION_REGISTER, x->item);
    c.p.person = 2;
    c.p.respondent = x->resp;
    snprintf(c.p.text, sizeof c.p.text, "PM2.5何时达标？");
    x->q = ACCEPT(&x->f, seat(2), c)->events[0].p.id;
}

static void expect_turn(const struct question *q, int t, enum question_state phase, int32_t who,
                        int64_t start, int64_t end, int32_t limit)
{
    assert_true(t < q->turn_count);
    const struct turn *x = &q->turns[t];
    if (x->phase != phase || x->who != who || x->started_at != start || x->ended_at != end ||
        x->limit_s != limit)
        fail_msg("turn %d: phase %d who %d %lld..%lld limit %d", t, (int)x->phase, (int)x->who,
                 (long long)(x->started_at - T0), (long long)(x->ended_at - T0), (int)x->limit_s);
}

TEST(a_question_keeps_every_turn_for_the_minutes)
{
    struct inquiry x;
    inquiry_init(&x, NULL);
    struct fixture *f = &x.f;
    struct command call = c_item(CMD_QUESTION_CALL, x.item);
    ACCEPT(f, CHAIR, call);
    int64_t t0 = f->now;
    ACCEPT(f, CHAIR, c_item(CMD_ANSWER_START, x.item));
    int64_t t1 = f->now;
    ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_START, x.item));
    int64_t t2 = f->now;
    ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_ANSWER_START, x.item));
    int64_t t3 = f->now;
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_END, x.item));
    int64_t t4 = f->now;
    const struct question *q = core_question(core_item(f->s, x.item), x.q);
    assert_int_equal(q->state, Q_DONE);
    assert_int_equal(q->turn_count, 4);
    assert_int_equal(q->followups, 1);
    expect_turn(q, 0, Q_ASKING, 2, t0, t1, 180);
    expect_turn(q, 1, Q_ANSWERING, x.resp, t1, t2, 300);
    expect_turn(q, 2, Q_FOLLOWUP, 2, t2, t3, 120);
    expect_turn(q, 3, Q_FOLLOWUP_ANSWER, x.resp, t3, t4, 180);
    /* the question is over: nothing more may start on it */
    REFUSE(f, CHAIR, c_item(CMD_FOLLOWUP_START, x.item), ERR_QUESTION_STATE);
    REFUSE(f, CHAIR, call, ERR_LIST_EMPTY);
    fx_free(f);
}

TEST(a_second_followup_when_the_rules_allow_two)
{
    struct core_rules r;
    rules_default(&r);
    r.followups_per_question = 2;
    struct inquiry x;
    inquiry_init(&x, &r);
    struct fixture *f = &x.f;
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_CALL, x.item));
    ACCEPT(f, CHAIR, c_item(CMD_ANSWER_START, x.item));
    for (int i = 0; i < 2; i++) {
        ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_START, x.item));
        ACCEPT(f, CHAIR, c_item(CMD_FOLLOWUP_ANSWER_START, x.item));
    }
    REFUSE(f, CHAIR, c_item(CMD_FOLLOWUP_START, x.item), ERR_NO_FOLLOWUP_LEFT);
    const struct question *q = core_question(core_item(f->s, x.item), x.q);
    assert_int_equal(q->followups, 2);
    assert_int_equal(q->turn_count, 6);
    assert_int_equal(q->turns[4].phase, Q_FOLLOWUP);
    assert_int_equal(q->turns[5].phase, Q_FOLLOWUP_ANSWER);
    assert_int_equal(q->turns[5].who, x.resp);
    fx_free(f);
}

/* ---- remaining time -------------------------------------------------------------------------- */

TEST(remaining_time_is_a_pure_function_and_negative_on_overrun)
{
    assert_int_equal(speech_remaining_ms(T0, 600, 0, T0), 600000);
    assert_int_equal(speech_remaining_ms(T0, 600, 0, T0 + 540000), 60000); /* the warning */
    assert_int_equal(speech_remaining_ms(T0, 600, 0, T0 + 600000), 0);
    assert_int_equal(speech_remaining_ms(T0, 600, 0, T0 + 605500), -5500);
    assert_int_equal(speech_remaining_ms(T0, 600, 120, T0 + 605500), 114500);
    assert_int_equal(speech_remaining_ms(T0, 180, 0, T0 + 3600000), 180000 - 3600000);
    for (int i = 0; i < 3; i++) /* no hidden clock: the same inputs, the same answer */
        assert_int_equal(speech_remaining_ms(T0, 300, 30, T0 + 12345), 317655);
}

TEST(remaining_time_of_a_running_speech_follows_extensions)
{
    struct fixture f;
    committee(&f, 5, 0, NULL);
    assert_int_equal(fx_open(&f, 3), ERR_OK);
    int32_t item = fx_item(&f, ITEM_DELIBERATION, "报告", false);
    ACCEPT(&f, CHAIR, c_id(CMD_ITEM_OPEN, item));
    struct command req = c_item(CMD_FLOOR_REQUEST, item);
    req.p.person = 1;
    int32_t id = ACCEPT(&f, seat(1), req)->events[0].p.id;
    ACCEPT(&f, CHAIR, c_item(CMD_FLOOR_GRANT, item));
    int64_t start = f.now;
    const struct speaker *sp = core_speaker(core_item(f.s, item), id);
    assert_int_equal(sp->started_at, start);
    int64_t late = start + 630000; /* 10 min 30 s in: 30 s over */
    assert_int_equal(speech_remaining_ms(sp->started_at, sp->limit_s, sp->extension_s, late),
                     -30000);
    struct command ext = c_item(CMD_TIME_EXTEND, item);
    ext.p.seconds = 60;
    ACCEPT(&f, CHAIR, ext);
    assert_int_equal(speech_remaining_ms(sp->started_at, sp->limit_s, sp->extension_s, late),
                     30000);
    fx_free(&f);
}

TEST(remaining_time_of_a_question_turn_follows_extensions)
{
    struct inquiry x;
    inquiry_init(&x, NULL);
    struct fixture *f = &x.f;
    ACCEPT(f, CHAIR, c_item(CMD_QUESTION_CALL, x.item));
    struct command ext = c_item(CMD_TIME_EXTEND, x.item);
    ext.p.seconds = 30;
    ACCEPT(f, SEC, ext);
    const struct turn *t = &core_question(core_item(f->s, x.item), x.q)->turns[0];
    assert_int_equal(speech_remaining_ms(t->started_at, t->limit_s, t->extension_s, t->started_at),
                     210000);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_committee_of_35_opens_with_18_signed_in_and_not_with_17),
        cmocka_unit_test(a_seat_finds_its_member),
        cmocka_unit_test(attendees_never_count_for_quorum),
        cmocka_unit_test(leave_and_absence_do_not_count_as_signed_in),
        cmocka_unit_test(a_lost_connection_does_not_change_attendance),
        cmocka_unit_test(an_attendee_can_never_cast),
        cmocka_unit_test(a_member_not_signed_in_cannot_cast),
        cmocka_unit_test(one_ballot_per_member_per_subject),
        cmocka_unit_test(a_show_of_hands_gives_the_result_the_keypads_would),
        cmocka_unit_test(more_hands_than_members_present_are_refused),
        cmocka_unit_test(
            a_secret_cast_goes_public_without_its_option_and_replicas_see_no_count_until_close),
        cmocka_unit_test(a_named_vote_shows_its_counts_on_replicas_while_open),
        cmocka_unit_test(a_vote_of_35_passes_with_18_yes_and_fails_with_17),
        cmocka_unit_test(a_vote_with_another_base_follows_the_rules_v5_v6_v7),
        cmocka_unit_test(an_evaluation_of_35_with_10_7_5_is_unsatisfactory),
        cmocka_unit_test(an_evaluation_counted_against_votes_cast_follows_e8_and_e9),
        cmocka_unit_test(an_evaluation_decided_at_exactly_half_is_flagged_e4_to_e7),
        cmocka_unit_test(an_appointment_is_voted_person_by_person),
        cmocka_unit_test(a_combined_appointment_ballot_of_35_passes_20_and_fails_17),
        cmocka_unit_test(the_three_counts_are_kept_apart),
        cmocka_unit_test(closing_the_meeting_is_refused_while_an_item_is_open),
        cmocka_unit_test(a_deferred_item_can_be_reopened_with_its_record),
        cmocka_unit_test(the_floor_and_questions_pass_over_whoever_is_not_in_the_room),
        cmocka_unit_test(a_question_keeps_every_turn_for_the_minutes),
        cmocka_unit_test(a_second_followup_when_the_rules_allow_two),
        cmocka_unit_test(remaining_time_is_a_pure_function_and_negative_on_overrun),
        cmocka_unit_test(remaining_time_of_a_running_speech_follows_extensions),
        cmocka_unit_test(remaining_time_of_a_question_turn_follows_extensions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
