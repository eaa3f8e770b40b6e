/* Commands, events and snapshots to and from JSON: the identity on every type, and a clear
 * refusal of everything malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/codec.h"
#include "core/internal.h"
#include "tests/unit/core_fixture.h"

static void full_params(struct params *p)
{
    memset(p, 0, sizeof *p);
    p->id = 7;
    p->item = 3;
    p->person = 12;
    p->respondent = 4;
    p->position = 2;
    p->seconds = 90;
    p->number = 5;
    p->kind = 1;
    p->members = 35;
    p->signed_in = 20;
    p->flag = true;
    snprintf(p->name, sizeof p->name, "欧阳明");
    snprintf(p->title, sizeof p->title, "关于2026年环境状况的报告 (draft)");
    snprintf(p->group, sizeof p->group, "第一组");
    snprintf(p->date, sizeof p->date, "2026-11-23");
    snprintf(p->detail, sizeof p->detail, "市生态环境局");
    snprintf(p->text, sizeof p->text, "附件一\n附件二");
    p->choice_count = 2;
    p->choices[0] = (struct choice){11, 0};
    p->choices[1] = (struct choice){12, 2};
    p->result_count = 1;
    p->results[0].subject = 11;
    p->results[0].counts[0] = 18;
    p->results[0].counts[2] = 3;
    rules_default(&p->rules);
    p->rules.choice_rule = CHOICE_MOST;
    p->choose = 3;
}

static void every_command_round_trips(void **state)
{
    (void)state;
    for (int t = 0; t < CMD_COUNT; t++) {
        struct command c = {.type = (enum command_type)t};
        full_params(&c.p);
        char *a = command_encode(&c);
        assert_non_null(a);
        struct command back;
        struct core_error err;
        if (command_decode(a, strlen(a), &back, &err) != ERR_OK)
            fail_msg("%s: %s (%s)", command_name(c.type), err.detail, a);
        assert_int_equal(back.type, t);
        char *b = command_encode(&back);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void every_event_round_trips(void **state)
{
    (void)state;
    for (int t = 0; t < EV_COUNT; t++) {
        struct event e = {
            .type = (enum event_type)t, .seq = 41, .time = T0, .actor = {ROLE_CHAIR, 0}};
        full_params(&e.p);
        e.p.flag = false; /* a named ballot: the choices are public */
        char *a = event_encode(&e, true);
        struct event back;
        struct core_error err;
        if (event_decode(a, strlen(a), &back, &err) != ERR_OK)
            fail_msg("%s: %s (%s)", event_name(e.type), err.detail, a);
        assert_int_equal(back.seq, 41);
        assert_int_equal(back.time, T0);
        assert_int_equal(back.actor.role, ROLE_CHAIR);
        char *b = event_encode(&back, true);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void secret_cast_has_no_choice_in_public(void **state)
{
    (void)state;
    struct event e = {
        .type = EV_BALLOT_CAST_RECORDED, .seq = 9, .time = T0, .actor = {ROLE_MEMBER, 12}};
    full_params(&e.p);
    e.p.flag = true; /* secret */
    char *pub = event_encode(&e, true);
    assert_null(strstr(pub, "option"));
    assert_non_null(strstr(pub, "\"subject\":11"));
    struct event back;
    struct core_error err;
    assert_int_equal(event_decode(pub, strlen(pub), &back, &err), ERR_OK);
    assert_int_equal(back.p.choices[0].option, -1);
    assert_int_equal(back.p.choices[1].option, -1);
    char *priv = event_encode(&e, false);
    assert_non_null(strstr(priv, "option"));
    /* a named ballot's cast must carry its option */
    e.p.flag = false;
    char *named = event_encode(&e, true);
    free(pub);
    pub = named;
    char *cut = strstr(pub, ",\"option\":0");
    assert_non_null(cut);
    memmove(cut, cut + strlen(",\"option\":0"), strlen(cut + strlen(",\"option\":0")) + 1);
    assert_int_equal(event_decode(pub, strlen(pub), &back, &err), ERR_BAD_MESSAGE);
    free(pub);
    free(priv);
}

static void expect_refused(const char *json, const char *detail_part)
{
    struct command c;
    struct core_error err = {0};
    enum core_err rc = command_decode(json, strlen(json), &c, &err);
    if (rc != ERR_BAD_MESSAGE) fail_msg("accepted: %s", json);
    if (detail_part && !strstr(err.detail, detail_part))
        fail_msg("%s: detail '%s' lacks '%s'", json, err.detail, detail_part);
}

static void malformed_commands_refused(void **state)
{
    (void)state;
    expect_refused("", "not JSON");
    expect_refused("nonsense", "not JSON");
    expect_refused("[1,2]", "not one JSON object");
    expect_refused("{\"type\":\"sign_in\",\"person\":1} {}", "not one JSON object");
    expect_refused("{}", "'type' is missing");
    expect_refused("{\"type\":7}", "'type' is missing");
    expect_refused("{\"type\":\"vote_twice\"}", "unknown command");
    expect_refused("{\"type\":\"sign_in\"}", "'person' is missing");
    expect_refused("{\"type\":\"sign_in\",\"person\":\"1\"}", "'person' is not a number");
    expect_refused("{\"type\":\"sign_in\",\"person\":1.5}", "out of range");
    expect_refused("{\"type\":\"sign_in\",\"person\":-1}", "out of range");
    expect_refused("{\"type\":\"sign_in\",\"person\":1e40}", "out of range");
    expect_refused("{\"type\":\"sign_in\",\"person\":1,\"extra\":2}", "unknown key 'extra'");
    expect_refused("{\"type\":\"sign_in\",\"person\":1,\"person\":2}", "twice");
    expect_refused("{\"type\":\"ballot_cast\",\"item\":1,\"person\":1,\"choices\":{}}",
                   "not a list");
    expect_refused(
        "{\"type\":\"ballot_cast\",\"item\":1,\"person\":1,\"choices\":[{\"subject\":1}]}",
        "'option' is missing");
    expect_refused("{\"type\":\"ballot_cast\",\"item\":1,\"person\":1,"
                   "\"choices\":[{\"subject\":1,\"option\":9}]}",
                   "out of range");
    expect_refused("{\"type\":\"item_add\",\"kind\":\"party\",\"title\":\"t\",\"detail\":\"\","
                   "\"name\":\"\",\"number\":0,\"text\":\"\",\"flag\":false}",
                   "'kind' is not a known name");
    expect_refused("{\"type\":\"meeting_create\",\"number\":1,\"date\":\"2026-11-23\","
                   "\"title\":\"a\\u0007b\"}",
                   "not clean UTF-8");
    expect_refused("{\"type\":\"meeting_create\",\"number\":1,\"date\":\"2026-11-23-long\","
                   "\"title\":\"x\"}",
                   "longer than");
    /* invalid UTF-8 inside a string */
    expect_refused("{\"type\":\"meeting_create\",\"number\":1,\"date\":\"2026-11-23\","
                   "\"title\":\"\xC3\x28\"}",
                   "not clean UTF-8");
    char big[70000];
    memset(big, '[', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_refused(big, NULL);
}

/* The snapshot text with the first `was` replaced by `now` is refused, saying `why`. */
static void expect_snapshot_refused(const char *text, const char *was, const char *now,
                                    const char *why)
{
    const char *at = strstr(text, was);
    assert_non_null(at);
    size_t head = (size_t)(at - text), len = strlen(text) + strlen(now) + 1;
    char *changed = malloc(len);
    assert_non_null(changed);
    snprintf(changed, len, "%.*s%s%s", (int)head, text, now, at + strlen(was));
    struct core_state *back;
    struct core_error err;
    assert_int_equal(snapshot_decode(changed, strlen(changed), &back, &err), ERR_BAD_MESSAGE);
    assert_null(back);
    if (!strstr(err.detail, why)) fail_msg("refused with '%s', not '%s'", err.detail, why);
    free(changed);
}

static void snapshot_round_trips_and_refuses(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f, 5);
    assert_int_equal(fx_open(&f, 3), ERR_OK);
    int32_t item = fx_item(&f, ITEM_EVALUATION, "测评", true);
    int32_t sub = fx_subject(&f, item, "市环保局");
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, item), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, item), ERR_OK);
    assert_int_equal(fx_cast(&f, 2, item, sub, 0), ERR_OK);
    char *a = snapshot_encode(f.s);
    /* an open secret ballot shows who cast but no counts */
    assert_non_null(strstr(a, "\"counts\":[0,0,0,0,0]"));
    struct core_state *back;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &back, &err), ERR_OK);
    char *b = snapshot_encode(back);
    assert_string_equal(a, b);
    assert_int_equal(core_item(back, item)->ballot.subjects[0].cast, 1);
    core_state_free(back);
    /* a changed version, a missing section and junk are refused */
    char *v = strstr(b, "\"version\":1");
    v[10] = '7';
    assert_int_equal(snapshot_decode(b, strlen(b), &back, &err), ERR_BAD_MESSAGE);
    assert_null(back);
    assert_int_equal(snapshot_decode("{\"version\":1}", 13, &back, &err), ERR_BAD_MESSAGE);
    assert_int_equal(snapshot_decode("{", 1, &back, &err), ERR_BAD_MESSAGE);
    /* within an entity: a key twice, an unknown key, a missing key, an extra key twice */
    expect_snapshot_refused(a, "\"has_pin\":", "\"has_pin\":false,\"has_pin\":", "twice");
    expect_snapshot_refused(a, "\"has_pin\":", "\"pin\":1,\"has_pin\":", "unknown key 'pin'");
    expect_snapshot_refused(a, "\"seat\":1,", "", "'seat' is missing");
    expect_snapshot_refused(a, "\"options\":", "\"options\":[],\"options\":", "twice");
    free(a);
    free(b);
    fx_free(&f);
}

/* A nominee's case, a written statement and a running oath survive the snapshot. */
static void snapshot_keeps_cases_and_the_oath(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f, 5);
    assert_int_equal(fx_open(&f, 3), ERR_OK);
    int32_t item = fx_item(&f, ITEM_APPOINTMENT, "人事任免", true);
    struct command c = cmd(CMD_NOMINEE_ADD);
    c.p.item = item;
    c.p.kind = CASE_ACTING;
    snprintf(c.p.name, sizeof c.p.name, "刘晓红");
    snprintf(c.p.title, sizeof c.p.title, "市审计局局长");
    snprintf(c.p.detail, sizeof c.p.detail, "市人民政府");
    assert_int_equal(fx_send(&f, as(ROLE_SECRETARY, 0), &c), ERR_OK);
    int32_t n = f.last.events[0].p.id;
    c = cmd(CMD_STATEMENT_RECORD);
    c.p.item = item, c.p.id = n;
    snprintf(c.p.text, sizeof c.p.text, "书面发言：依法履职。");
    assert_int_equal(fx_send(&f, as(ROLE_SECRETARY, 0), &c), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, item), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, item), ERR_OK);
    for (int32_t m = 1; m <= 3; m++) assert_int_equal(fx_cast(&f, m, item, n, 0), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    c = cmd(CMD_CERTIFICATES_GIVE);
    c.p.item = item;
    assert_int_equal(fx_send(&f, as(ROLE_SECRETARY, 0), &c), ERR_OK);
    c = cmd(CMD_OATH_START);
    c.p.item = item, c.p.id = n, c.p.kind = OATH_INDIVIDUAL, c.p.choice_count = 1;
    c.p.choices[0] = (struct choice){n, 0};
    assert_int_equal(fx_send(&f, as(ROLE_CHAIR, 0), &c), ERR_OK);
    char *a = snapshot_encode(f.s);
    struct core_state *back;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &back, &err), ERR_OK);
    char *b = snapshot_encode(back);
    assert_string_equal(a, b);
    const struct item *it = core_item(back, item);
    assert_true(it->oath.running);
    assert_int_equal(it->oath.leader, n);
    assert_true(it->ballot.subjects[0].nominee.swearing);
    assert_int_equal(it->ballot.subjects[0].nominee.kind, CASE_ACTING);
    assert_string_equal(it->ballot.subjects[0].nominee.statement, "书面发言：依法履职。");
    core_state_free(back);
    free(a);
    free(b);
    fx_free(&f);
}

/* Rules written before the defence (申辩) had a limit of its own still read, with its default. */
static void rules_without_a_later_limit_read_with_its_default(void **state)
{
    (void)state;
    struct core_rules r, back;
    rules_default(&r);
    cJSON *o = rules_to_json(&r);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(o, "limits"), "defence");
    struct core_error err;
    assert_int_equal(rules_from_json(o, &back, &err), ERR_OK);
    assert_int_equal(back.speech_limit_s[SPEECH_DEFENCE], 600);
    r.removal_paper = false; /* and a removal by paper ballot, yes unless it says otherwise */
    cJSON_Delete(o);
    o = rules_to_json(&r);
    assert_int_equal(rules_from_json(o, &back, &err), ERR_OK);
    assert_false(back.removal_paper);
    cJSON_DeleteItemFromObject(o, "removal_paper");
    assert_int_equal(rules_from_json(o, &back, &err), ERR_OK);
    assert_true(back.removal_paper);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(o, "limits"), "defence");
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(o, "limits"), "statement");
    assert_int_equal(rules_from_json(o, &back, &err), ERR_BAD_MESSAGE);
    cJSON_Delete(o);
}

/* Votes case by case survive the snapshot; a snapshot from before them (no "vote" on a subject)
 * reads as one vote for every subject of an opened ballot. */
static void snapshot_keeps_votes_case_by_case(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f, 5);
    assert_int_equal(fx_open(&f, 3), ERR_OK);
    int32_t item = fx_item(&f, ITEM_APPOINTMENT, "人事任免", true);
    int32_t a = fx_subject(&f, item, "张三"), b = fx_subject(&f, item, "李四");
    struct core_state *back;
    struct core_error err;
    assert_int_equal(fx_item_cmd(&f, CMD_ITEM_OPEN, item), ERR_OK);
    struct command c = cmd(CMD_BALLOT_OPEN);
    c.p.item = item, c.p.subject = b;
    assert_int_equal(fx_send(&f, as(ROLE_CHAIR, 0), &c), ERR_OK);
    assert_int_equal(fx_cast(&f, 1, item, b, 0), ERR_OK);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_CLOSE, item), ERR_OK);
    /* closed, 张三 still waiting: he stays waiting on a replica */
    char *closed = snapshot_encode(f.s);
    assert_int_equal(snapshot_decode(closed, strlen(closed), &back, &err), ERR_OK);
    assert_int_equal(core_subject(&core_item(back, item)->ballot, a)->round, 0);
    assert_int_equal(core_cases_waiting(core_item(back, item)), 1);
    core_state_free(back);
    free(closed);
    assert_int_equal(fx_item_cmd(&f, CMD_BALLOT_OPEN, item), ERR_OK);
    char *text = snapshot_encode(f.s);
    assert_int_equal(snapshot_decode(text, strlen(text), &back, &err), ERR_OK);
    char *again = snapshot_encode(back);
    assert_string_equal(text, again);
    const struct ballot *bl = &core_item(back, item)->ballot;
    assert_int_equal(bl->round, 2);
    assert_int_equal(core_subject(bl, b)->round, 1);
    assert_int_equal(core_subject(bl, a)->round, 2);
    core_state_free(back);
    /* the same without the keys of votes case by case */
    cJSON *o = cJSON_Parse(text);
    cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "items"), 0);
    cJSON *ballot = cJSON_GetObjectItem(it, "ballot");
    cJSON_DeleteItemFromObject(ballot, "round");
    cJSON *subjects = cJSON_GetObjectItem(ballot, "subjects");
    for (int k = 0; k < cJSON_GetArraySize(subjects); k++)
        cJSON_DeleteItemFromObject(cJSON_GetArrayItem(subjects, k), "vote");
    assert_int_equal(snapshot_from_json(o, &back, &err), ERR_OK);
    bl = &core_item(back, item)->ballot;
    assert_int_equal(bl->round, 1);
    assert_true(core_on_vote(bl, 0) && core_on_vote(bl, 1));
    core_state_free(back);
    cJSON_Delete(o);
    free(text);
    free(again);
    fx_free(&f);
}

/* A running exam survives the snapshot with its deadline and which questions are answered, never
 * the key or the answers; a finished one with its scores. */
static void snapshot_keeps_an_exam_public(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f, 5);
    int32_t item = fx_item(&f, ITEM_APPOINTMENT, "任免", true);
    int32_t sub = fx_subject(&f, item, "李四");
    const uint8_t key[3] = {1, 6, 2};
    struct command c = fx_exam_start(item, sub, key, 3);
    assert_int_equal(fx_send(&f, as(ROLE_EXAMINEE, sub), &c), ERR_OK);
    c = fx_exam_answer(item, sub, 1, 6);
    assert_int_equal(fx_send(&f, as(ROLE_EXAMINEE, sub), &c), ERR_OK);
    char *a = snapshot_encode(f.s);
    assert_non_null(strstr(a, "\"answered\":[0,1,0]"));
    struct core_state *back;
    struct core_error err;
    assert_int_equal(snapshot_decode(a, strlen(a), &back, &err), ERR_OK);
    const struct exam_record *x = &core_item(back, item)->ballot.subjects[0].exam;
    const struct exam_record *hub = &core_item(f.s, item)->ballot.subjects[0].exam;
    assert_int_equal(x->state, EXAM_RUNNING);
    assert_int_equal(x->deadline, hub->deadline);
    assert_true(exam_answered(x, 1));
    assert_false(exam_answered(x, 0));
    assert_null(core_exam_paper(back, sub)); /* the paper is the hub's only */
    assert_non_null(core_exam_paper(f.s, sub));
    char *b = snapshot_encode(back);
    assert_string_equal(a, b);
    core_state_free(back);
    c = cmd(CMD_EXAM_HAND_IN);
    c.p.item = item;
    c.p.id = sub;
    assert_int_equal(fx_send(&f, as(ROLE_SECRETARY, 0), &c), ERR_OK);
    free(a);
    a = snapshot_encode(f.s);
    assert_non_null(strstr(a, "\"scores\":[33,0,0,0]"));
    assert_int_equal(snapshot_decode(a, strlen(a), &back, &err), ERR_OK);
    assert_int_equal(core_item(back, item)->ballot.subjects[0].exam.scores[0], 33);
    core_state_free(back);
    free(a);
    free(b);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_round_trips),
        cmocka_unit_test(every_event_round_trips),
        cmocka_unit_test(secret_cast_has_no_choice_in_public),
        cmocka_unit_test(malformed_commands_refused),
        cmocka_unit_test(snapshot_round_trips_and_refuses),
        cmocka_unit_test(snapshot_keeps_cases_and_the_oath),
        cmocka_unit_test(snapshot_keeps_an_exam_public),
        cmocka_unit_test(snapshot_keeps_votes_case_by_case),
        cmocka_unit_test(rules_without_a_later_limit_read_with_its_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
