/* Choice ballots (差额票决, PROCEDURES.md §4): n candidates, each member chooses up to k; the
 * winners by the configured rule, ties for the last seats flagged, a run-off among the tied.
 * Worked cases with numbers, the commands' refusals, secrecy of the public form, and the
 * codec and snapshot round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/internal.h"
#include "tests/unit/core_checks.h"

enum { COMMITTEE = 35 };

/* ---- the rule alone ------------------------------------------------------------------------ */

static int seats_left(enum choice_rule rule, const int32_t *votes, int n, int k, int32_t ballots,
                      enum choice_status *st)
{
    return choice_result(rule, votes, n, k, COMMITTEE, ballots, st);
}

TEST(three_of_five_elected_with_more_than_half_of_all_members)
{
    const int32_t votes[5] = {20, 19, 18, 17, 5};
    enum choice_status st[5];
    assert_int_equal(choice_threshold(CHOICE_MAJORITY_ALL, COMMITTEE, 30), 18);
    assert_int_equal(seats_left(CHOICE_MAJORITY_ALL, votes, 5, 3, 30, st), 0);
    for (int i = 0; i < 3; i++) assert_int_equal(st[i], CHOICE_ELECTED);
    assert_int_equal(st[3], CHOICE_NOT_ELECTED);
    assert_int_equal(st[4], CHOICE_NOT_ELECTED);
}

TEST(three_tied_at_the_boundary_for_one_seat_are_flagged_not_elected)
{
    const int32_t votes[5] = {20, 18, 18, 18, 2};
    enum choice_status st[5];
    assert_int_equal(seats_left(CHOICE_MAJORITY_ALL, votes, 5, 2, 30, st), 1);
    assert_int_equal(st[0], CHOICE_ELECTED);
    for (int i = 1; i < 4; i++) assert_int_equal(st[i], CHOICE_TIED);
    assert_int_equal(st[4], CHOICE_NOT_ELECTED);
}

TEST(seventeen_of_thirty_five_is_not_elected_even_within_the_top_k)
{
    const int32_t votes[5] = {20, 19, 17, 5, 1};
    enum choice_status st[5];
    assert_int_equal(seats_left(CHOICE_MAJORITY_ALL, votes, 5, 3, 30, st), 1); /* unfilled */
    assert_int_equal(st[0], CHOICE_ELECTED);
    assert_int_equal(st[1], CHOICE_ELECTED);
    assert_int_equal(st[2], CHOICE_NOT_ELECTED);
    /* the same counts under "most": the top three */
    assert_int_equal(seats_left(CHOICE_MOST, votes, 5, 3, 30, st), 0);
    assert_int_equal(st[2], CHOICE_ELECTED);
    assert_int_equal(st[3], CHOICE_NOT_ELECTED);
}

TEST(majority_of_ballots_cast_counts_the_ballots_not_the_committee)
{
    const int32_t votes[4] = {14, 13, 12, 2};
    enum choice_status st[4];
    /* 24 ballots cast: 13 needed; 12 is not enough */
    assert_int_equal(choice_threshold(CHOICE_MAJORITY_CAST, COMMITTEE, 24), 13);
    assert_int_equal(seats_left(CHOICE_MAJORITY_CAST, votes, 4, 3, 24, st), 1);
    assert_int_equal(st[1], CHOICE_ELECTED);
    assert_int_equal(st[2], CHOICE_NOT_ELECTED);
    /* under majority-all nobody reaches 18 */
    assert_int_equal(seats_left(CHOICE_MAJORITY_ALL, votes, 4, 3, 24, st), 3);
}

TEST(a_tie_below_the_last_seat_decides_nothing_and_a_candidate_with_no_vote_is_never_elected)
{
    const int32_t votes[4] = {9, 7, 3, 3};
    enum choice_status st[4];
    assert_int_equal(seats_left(CHOICE_MOST, votes, 4, 2, 12, st), 0);
    assert_int_equal(st[2], CHOICE_NOT_ELECTED);
    assert_int_equal(st[3], CHOICE_NOT_ELECTED);
    const int32_t none[3] = {4, 0, 0};
    assert_int_equal(seats_left(CHOICE_MOST, none, 3, 2, 4, st), 1);
    assert_int_equal(st[1], CHOICE_NOT_ELECTED);
}

TEST(ranking_is_by_votes_and_keeps_the_ballot_order_on_equal_votes)
{
    const int32_t votes[5] = {5, 18, 20, 18, 2};
    int order[5];
    choice_rank(votes, 5, order);
    const int want[5] = {2, 1, 3, 0, 4};
    for (int i = 0; i < 5; i++) assert_int_equal(order[i], want[i]);
}

/* ---- through the commands ------------------------------------------------------------------ */

/* A committee of 35, all signed in, a choice item of n candidates choose k opened. */
static int32_t choice_meeting(struct fixture *f, int n, int32_t k, bool secret, int32_t *cand)
{
    fx_init(f, COMMITTEE);
    assert_int_equal(fx_open(f, COMMITTEE), ERR_OK);
    int32_t item = fx_choice(f, "2027年民生实事项目票决", k, secret, n, cand);
    assert_true(item);
    assert_int_equal(fx_item_cmd(f, CMD_ITEM_OPEN, item), ERR_OK);
    assert_int_equal(fx_item_cmd(f, CMD_BALLOT_OPEN, item), ERR_OK);
    return item;
}

/* Cast ballots so that candidate i gets votes[i]: each vote goes to the member with the fewest
 * choices so far, so nobody chooses more than k when the votes allow it. */
static void cast_votes(struct fixture *f, int32_t item, const int32_t *cand, const int32_t *votes,
                       int n)
{
    int32_t chosen[COMMITTEE + 1][SUBJECTS_MAX];
    int load[COMMITTEE + 1] = {0};
    for (int c = 0; c < n; c++)
        for (int v = 0; v < votes[c]; v++) {
            int best = 0;
            for (int m = 1; m <= COMMITTEE; m++) {
                bool has = load[m] && chosen[m][load[m] - 1] == cand[c];
                if (!has && (!best || load[m] < load[best])) best = m;
            }
            chosen[best][load[best]++] = cand[c];
        }
    for (int m = 1; m <= COMMITTEE; m++)
        if (load[m] && fx_choose(f, m, item, chosen[m], load[m]) != ERR_OK)
            fail_msg("member %d: %s (%s)", m, core_err_message(f->err.code), f->err.detail);
}

static const struct subject *candidate(const struct fixture *f, int32_t item, int32_t id)
{
    const struct subject *s = core_subject(&core_item(f->s, item)->ballot, id);
    assert_non_null(s);
    return s;
}

TEST(a_ballot_of_35_gives_the_ranked_counts_and_three_winners)
{
    struct fixture f;
    int32_t cand[5];
    int32_t item = choice_meeting(&f, 5, 3, true, cand);
    const int32_t votes[5] = {20, 19, 18, 17, 5};
    cast_votes(&f, item, cand, votes, 5);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    const struct item *it = core_item(f.s, item);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(candidate(&f, item, cand[i])->counts[0], votes[i]);
        assert_int_equal(candidate(&f, item, cand[i])->verdict,
                         i < 3 ? CHOICE_ELECTED : CHOICE_NOT_ELECTED);
    }
    assert_int_equal(it->ballot.voters, COMMITTEE); /* 79 choices spread over all 35 */
    assert_int_equal(core_choice_seats_left(it), 0);
    assert_int_equal(core_choice_tied(it), 0);
    fx_free(&f);
}

TEST(a_tie_at_the_boundary_is_flagged_and_a_runoff_takes_the_tied_for_the_seat_left)
{
    struct fixture f;
    int32_t cand[5];
    int32_t item = choice_meeting(&f, 5, 2, true, cand);
    /* 20,18,18,18,2 of the rule test above takes 76 choices, more than 35 members choosing 2
     * can make; cast at the keypads, two tie at 18 for the second seat */
    const int32_t votes[5] = {19, 18, 18, 10, 3};
    cast_votes(&f, item, cand, votes, 5);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    const struct item *it = core_item(f.s, item);
    assert_int_equal(candidate(&f, item, cand[0])->verdict, CHOICE_ELECTED);
    for (int i = 1; i < 3; i++) assert_true(candidate(&f, item, cand[i])->flagged);
    assert_int_equal(candidate(&f, item, cand[3])->verdict, CHOICE_NOT_ELECTED);
    assert_int_equal(core_choice_tied(it), 2);
    assert_int_equal(core_choice_seats_left(it), 1);
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_CLOSE, item), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_RUNOFF, item), ERR_OK);
    int at = -1;
    for (int i = 0; i < f.s->item_count; i++)
        if (f.s->items[i].id == item) at = i;
    const struct item *r = &f.s->items[at + 1]; /* right after the first */
    assert_ptr_equal(core_runoff_of(f.s, item), r);
    assert_int_equal(r->kind, ITEM_CHOICE);
    assert_int_equal(r->choose, 1);
    assert_int_equal(r->state, ITEM_PENDING);
    assert_true(r->ballot.secret);
    assert_string_equal(r->title, "2027年民生实事项目票决（再次投票）");
    assert_int_equal(r->ballot.subject_count, 2);
    for (int i = 0; i < 2; i++)
        assert_string_equal(r->ballot.subjects[i].name, candidate(&f, item, cand[i + 1])->name);
    /* the run-off is a ballot like the first: open, cast, close */
    int32_t rid = r->id, c0 = r->ballot.subjects[0].id;
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, rid), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, rid), ERR_OK);
    for (int m = 1; m <= 20; m++) assert_int_equal(fx_choose(&f, m, rid, &c0, 1), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, rid), ERR_OK);
    assert_int_equal(core_subject(&core_item(f.s, rid)->ballot, c0)->verdict, CHOICE_ELECTED);
    fx_free(&f);
}

TEST(more_than_k_a_candidate_twice_a_second_ballot_or_a_bad_option_are_refused)
{
    struct fixture f;
    int32_t cand[5];
    int32_t item = choice_meeting(&f, 5, 3, true, cand);
    char *before = state_text(f.s);
    check_refuse(&f, seat(1), fx_choice_cast(1, item, cand, 4), ERR_TOO_MANY, HERE);
    struct core_error err;
    struct event_batch out;
    struct command c = fx_choice_cast(1, item, cand, 4);
    core_validate(f.s, &(struct actor){ROLE_MEMBER, 1}, &c, f.now, &out, &err);
    assert_non_null(strstr(err.detail, "at most 3"));
    const int32_t twice[2] = {cand[1], cand[1]};
    check_refuse(&f, seat(1), fx_choice_cast(1, item, twice, 2), ERR_DUPLICATE, HERE);
    const int32_t unknown[1] = {9999};
    check_refuse(&f, seat(1), fx_choice_cast(1, item, unknown, 1), ERR_UNKNOWN_SUBJECT, HERE);
    c = fx_choice_cast(1, item, cand, 1);
    c.p.choices[0].option = 2;
    check_refuse(&f, seat(1), c, ERR_BAD_OPTION, HERE);
    c = fx_choice_cast(1, item, cand, 4); /* four named, but only three chosen: valid below */
    c.p.choices[3].option = 1;
    struct command too_many = c;
    too_many.p.choices[3].option = 0;
    check_refuse(&f, seat(1), too_many, ERR_TOO_MANY, HERE);
    char *after = state_text(f.s);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* every candidate named with 0 or 1 is valid (a secretary entering a paper ballot), fewer
     * than k chosen too, none at all too; but only one ballot */
    c.type = CMD_HAND_CAST; /* the secretary enters member 1's paper ballot */
    assert_int_equal(fx_send(&f, SEC, &c), ERR_OK);
    check_refuse(&f, seat(1), fx_choice_cast(1, item, &cand[4], 1), ERR_ALREADY_CAST, HERE);
    assert_int_equal(fx_choose(&f, 3, item, cand, 2), ERR_OK);
    assert_int_equal(fx_choose(&f, 2, item, cand, 0), ERR_OK);
    check_refuse(&f, seat(1), fx_choice_cast(1, item, &cand[4], 1), ERR_ALREADY_CAST, HERE);
    check_refuse(&f, seat(2), fx_choice_cast(2, item, &cand[4], 1), ERR_ALREADY_CAST, HERE);
    assert_int_equal(core_item(f.s, item)->ballot.voters, 3);
    for (int k = 0; k < 5; k++) /* member 1: 项目1-3, member 3: 项目1-2 */
        assert_int_equal(core_item(f.s, item)->ballot.subjects[k].counts[0], k < 2 ? 2 : k < 3);
    fx_free(&f);
}

TEST(choose_is_checked_at_open_and_fixed_once_the_ballot_opened)
{
    struct fixture f;
    fx_init(&f, COMMITTEE);
    assert_int_equal(fx_open(&f, COMMITTEE), ERR_OK);
    int32_t cand[3];
    struct command add = cmd(CMD_ITEM_ADD);
    add.p.kind = ITEM_VOTE;
    add.p.choose = 2;
    snprintf(add.p.title, sizeof add.p.title, "表决");
    check_refuse(&f, SEC, add, ERR_BAD_VALUE, HERE); /* choose belongs to choice items */
    int32_t item = fx_choice(&f, "项目票决", 3, false, 3, cand); /* k = n */
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, item), ERR_OK);
    check_refuse(&f, CHAIR, c_item(CMD_BALLOT_OPEN, item), ERR_BAD_VALUE, HERE);
    struct command up = c_id(CMD_ITEM_UPDATE, item);
    snprintf(up.p.title, sizeof up.p.title, "项目票决");
    up.p.choose = 0;
    assert_int_equal(fx_send(&f, SEC, &up), ERR_OK);
    check_refuse(&f, CHAIR, c_item(CMD_BALLOT_OPEN, item), ERR_BAD_VALUE, HERE); /* k = 0 */
    up.p.choose = 2;
    assert_int_equal(fx_send(&f, SEC, &up), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, item), ERR_OK);
    up.p.choose = 1;
    check_refuse(&f, SEC, up, ERR_BALLOT_STATE, HERE);
    struct command count = c_item(CMD_BALLOT_COUNT, item);
    count.p.kind = COUNT_HANDS;
    check_refuse(&f, SEC, count, ERR_ITEM_KIND, HERE); /* not counted by hand (yet) */
    fx_free(&f);
}

/* ---- secrecy ------------------------------------------------------------------------------- */

/* Every event of a command, in its public form, applied to the replica; returns the public
 * text of the first. */
static char *publish(struct fixture *f, struct core_state *replica)
{
    char *first = NULL;
    for (int i = 0; i < f->last.count; i++) {
        char *text = event_encode(&f->last.events[i], true);
        struct event e;
        struct core_error err;
        assert_int_equal(event_decode(text, strlen(text), &e, &err), ERR_OK);
        assert_int_equal(core_apply(replica, &e), ERR_OK);
        if (!first)
            first = text;
        else
            free(text);
    }
    return first;
}

TEST(a_secret_choice_ballot_publishes_no_candidate_of_any_member)
{
    struct fixture f;
    fx_init(&f, 6);
    char *snap = snapshot_encode(f.s);
    struct core_state *replica;
    struct core_error err;
    assert_int_equal(snapshot_decode(snap, strlen(snap), &replica, &err), ERR_OK);
    free(snap);
    /* the replica follows every command from here */
    int32_t cand[4];
    for (int i = 1; i <= 6; i++) {
        assert_int_equal(fx_sign_in(&f, i), ERR_OK);
        free(publish(&f, replica));
    }
    assert_int_equal(fx_item_cmd(&f, CMD_MEETING_OPEN, 0), ERR_OK);
    free(publish(&f, replica));
    int32_t item = fx_choice(&f, "项目票决", 2, true, 0, cand);
    free(publish(&f, replica));
    char name[32];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "项目%d", i + 1);
        cand[i] = fx_subject(&f, item, name);
        free(publish(&f, replica));
    }
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, item), ERR_OK);
    free(publish(&f, replica));
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, item), ERR_OK);
    free(publish(&f, replica));
    /* member 1 chooses 1 and 2, member 2 chooses 3 and 4, member 3 none: the same public form */
    const int32_t a[2] = {cand[0], cand[1]}, b[2] = {cand[2], cand[3]};
    char *pub[3];
    assert_int_equal(fx_choose(&f, 1, item, a, 2), ERR_OK);
    pub[0] = publish(&f, replica);
    assert_int_equal(fx_choose(&f, 2, item, b, 2), ERR_OK);
    pub[1] = publish(&f, replica);
    assert_int_equal(fx_choose(&f, 3, item, a, 0), ERR_OK);
    pub[2] = publish(&f, replica);
    for (int i = 0; i < 3; i++) { /* every candidate listed, no option: all alike */
        assert_null(strstr(pub[i], "option"));
        const char *choices = strstr(pub[i], "\"choices\"");
        assert_non_null(choices);
        assert_string_equal(choices, strstr(pub[0], "\"choices\""));
    }
    const struct ballot *rb = &core_item(replica, item)->ballot;
    for (int p = 0; p < 3; p++)
        for (int k = 0; k < 4; k++) assert_int_equal(*ballot_mark(rb, p, k), 1);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(rb->subjects[k].counts[0], 0);
        assert_int_equal(rb->subjects[k].cast, 3);
    }
    /* the close publishes the counts, and the replica's results are the hub's */
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    free(publish(&f, replica));
    for (int k = 0; k < 4; k++) {
        assert_int_equal(rb->subjects[k].counts[0], 1);
        assert_int_equal(rb->subjects[k].verdict, core_item(f.s, item)->ballot.subjects[k].verdict);
    }
    for (int i = 0; i < 3; i++) free(pub[i]);
    core_state_free(replica);
    fx_free(&f);
}

/* ---- codec and snapshot -------------------------------------------------------------------- */

TEST(choose_and_the_choice_rule_round_trip_and_older_forms_still_read)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_CHOICE;
    c.p.choose = 3;
    snprintf(c.p.title, sizeof c.p.title, "项目票决");
    char *text = command_encode(&c);
    assert_non_null(strstr(text, "\"kind\":\"choice\""));
    assert_non_null(strstr(text, "\"choose\":3"));
    struct command back;
    struct core_error err;
    assert_int_equal(command_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.p.choose, 3);
    free(text);
    /* an item_add of before (no choose) reads as choose 0, and 0 is not written */
    c.p.kind = ITEM_VOTE;
    c.p.choose = 0;
    text = command_encode(&c);
    assert_null(strstr(text, "choose"));
    assert_int_equal(command_decode(text, strlen(text), &back, &err), ERR_OK);
    free(text);
    const char *bad = "{\"type\":\"item_add\",\"kind\":\"choice\",\"title\":\"x\",\"detail\":\"\","
                      "\"name\":\"\",\"number\":0,\"text\":\"\",\"flag\":true,\"choose\":33}";
    assert_int_equal(command_decode(bad, strlen(bad), &back, &err), ERR_BAD_MESSAGE);
    assert_non_null(strstr(err.detail, "choose"));
    /* rules without the choice keys (written before them) read with the defaults */
    struct core_rules r;
    rules_default(&r);
    r.choice_rule = CHOICE_MAJORITY_CAST;
    r.choice_secret = false;
    cJSON *o = rules_to_json(&r);
    struct core_rules r2;
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_true(rules_equal(&r, &r2));
    cJSON_DeleteItemFromObject(o, "choice_rule");
    cJSON_DeleteItemFromObject(o, "choice_secret");
    assert_int_equal(rules_from_json(o, &r2, &err), ERR_OK);
    assert_int_equal(r2.choice_rule, CHOICE_MAJORITY_ALL);
    assert_true(r2.choice_secret);
    cJSON_Delete(o);
}

TEST(a_closed_tied_choice_ballot_and_its_runoff_survive_a_snapshot)
{
    struct fixture f;
    int32_t cand[5];
    int32_t item = choice_meeting(&f, 5, 2, false, cand); /* named: marks carry the choices */
    f.s->rules.choice_rule = CHOICE_MAJORITY_ALL;
    const int32_t votes[5] = {19, 18, 18, 10, 3};
    cast_votes(&f, item, cand, votes, 5);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_RUNOFF, item), ERR_OK);
    char *a = snapshot_encode(f.s);
    assert_non_null(strstr(a, "\"choose\":2"));
    assert_non_null(strstr(a, "\"runoff_of\""));
    struct core_state *back;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &back, &err), ERR_OK);
    char *b = snapshot_encode(back);
    assert_string_equal(a, b);
    const struct item *r = core_runoff_of(back, item);
    assert_non_null(r);
    assert_int_equal(r->choose, 1);
    assert_int_equal(core_choice_tied(core_item(back, item)), 2);
    /* the next id after the snapshot is the hub's, so the next command agrees */
    assert_int_equal(back->next_id, f.s->next_id);
    free(a);
    free(b);
    core_state_free(back);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_of_five_elected_with_more_than_half_of_all_members),
        cmocka_unit_test(three_tied_at_the_boundary_for_one_seat_are_flagged_not_elected),
        cmocka_unit_test(seventeen_of_thirty_five_is_not_elected_even_within_the_top_k),
        cmocka_unit_test(majority_of_ballots_cast_counts_the_ballots_not_the_committee),
        cmocka_unit_test(
            a_tie_below_the_last_seat_decides_nothing_and_a_candidate_with_no_vote_is_never_elected),
        cmocka_unit_test(ranking_is_by_votes_and_keeps_the_ballot_order_on_equal_votes),
        cmocka_unit_test(a_ballot_of_35_gives_the_ranked_counts_and_three_winners),
        cmocka_unit_test(
            a_tie_at_the_boundary_is_flagged_and_a_runoff_takes_the_tied_for_the_seat_left),
        cmocka_unit_test(more_than_k_a_candidate_twice_a_second_ballot_or_a_bad_option_are_refused),
        cmocka_unit_test(choose_is_checked_at_open_and_fixed_once_the_ballot_opened),
        cmocka_unit_test(a_secret_choice_ballot_publishes_no_candidate_of_any_member),
        cmocka_unit_test(choose_and_the_choice_rule_round_trip_and_older_forms_still_read),
        cmocka_unit_test(a_closed_tied_choice_ballot_and_its_runoff_survive_a_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
