/* net/message.c: every kind of message survives encode∘decode; every malformed one is refused
 * with a detail naming what is wrong, leaving the message empty; a broadcast shows no secret
 * ballot's choice; text the peer would refuse is cut before it is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "net/message.h"
#include "tests/unit/core_fixture.h"

/* --- Helpers ------------------------------------------------------------------------- */

/* A journal row's hash, and its 64 hex digits as a "chain" key. */
static const unsigned char chain[MSG_CHAIN_BYTES] = {
    0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
#define CHAIN_HEX "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210"
#define CHAIN     "\"chain\":\"" CHAIN_HEX "\""

/* Encode m, decode the text into back, and check that back encodes to the same text. */
static void round_trip(const struct msg *m, struct msg *back)
{
    char *text = msg_encode(m);
    assert_non_null(text);
    struct core_error err = {ERR_OK, ""};
    if (msg_decode(text, strlen(text), back, &err) != ERR_OK)
        fail_msg("%s refused: %s (%s)", msg_type_name(m->type), err.detail, text);
    assert_int_equal(back->type, m->type);
    char *again = msg_encode(back);
    assert_non_null(again);
    assert_string_equal(text, again);
    free(text);
    free(again);
}

static void expect_refused(const char *json, const char *detail_part)
{
    struct msg m;
    struct core_error err = {ERR_OK, ""};
    enum core_err rc = msg_decode(json, strlen(json), &m, &err);
    if (rc != ERR_BAD_MESSAGE) fail_msg("accepted: %s", json);
    assert_int_equal(err.code, ERR_BAD_MESSAGE);
    assert_int_equal(m.type, MSG_TYPE_COUNT);
    if (detail_part && !strstr(err.detail, detail_part))
        fail_msg("%s: detail '%s' lacks '%s'", json, err.detail, detail_part);
}

/* A meeting with a secret evaluation under way; its events are kept in order with journal
 * seqs from 1, the way the hub broadcasts them. */
struct history {
    struct fixture f;
    struct event events[64];
    int count;
};

static void keep(struct history *h)
{
    for (int i = 0; i < h->f.last.count; i++) {
        assert_true(h->count < 64);
        h->events[h->count] = h->f.last.events[i];
        h->events[h->count].seq = h->count + 1;
        h->count++;
    }
}

static void history_init(struct history *h)
{
    memset(h, 0, sizeof *h);
    fx_init(&h->f, 4);
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(fx_sign_in(&h->f, i), ERR_OK);
        keep(h);
    }
    assert_int_equal(fx_send(&h->f, as(ROLE_CHAIR, 0), &(struct command){CMD_MEETING_OPEN}),
                     ERR_OK);
    keep(h);
    int32_t item = fx_item(&h->f, ITEM_EVALUATION, "测评", true);
    keep(h);
    int32_t sub = fx_subject(&h->f, item, "市环保局");
    keep(h);
    assert_int_equal(fx_item_cmd(&h->f, CMD_ITEM_OPEN, item), ERR_OK);
    keep(h);
    assert_int_equal(fx_item_cmd(&h->f, CMD_BALLOT_OPEN, item), ERR_OK);
    keep(h);
    assert_int_equal(fx_cast(&h->f, 2, item, sub, 1), ERR_OK);
    keep(h);
}

static char *encode_events_of(const struct history *h)
{
    char *text = msg_encode_events(h->events, h->count, chain);
    assert_non_null(text);
    return text;
}

/* --- Round trips ------------------------------------------------------------------------ */

static void welcome_round_trips(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_WELCOME}, back;
    m.u.welcome = (struct msg_welcome){.console = 42,
                                       .role = ROLE_MEMBER,
                                       .seat = 12,
                                       .hub_time = T0,
                                       .heartbeat_ms = 2000,
                                       .timeout_ms = 6000};
    snprintf(m.u.welcome.name, sizeof m.u.welcome.name, "seat-12 (第一组)");
    round_trip(&m, &back);
    assert_int_equal(back.u.welcome.console, 42);
    assert_string_equal(back.u.welcome.name, m.u.welcome.name);
    assert_int_equal(back.u.welcome.role, ROLE_MEMBER);
    assert_int_equal(back.u.welcome.seat, 12);
    assert_int_equal(back.u.welcome.hub_time, T0);
    assert_int_equal(back.u.welcome.heartbeat_ms, 2000);
    assert_int_equal(back.u.welcome.timeout_ms, 6000);
    msg_free(&back);
    m.u.welcome.role = ROLE_DISPLAY;
    m.u.welcome.seat = 0;
    round_trip(&m, &back);
    assert_int_equal(back.u.welcome.role, ROLE_DISPLAY);
    msg_free(&back);
}

static void key_round_trips(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_KEY}, back;
    m.u.key.id = UINT32_MAX;
    for (int i = 0; i < MSG_KEY_BYTES; i++) m.u.key.key[i] = (unsigned char)(i * 37 + 5);
    char *text = msg_encode(&m);
    assert_non_null(strstr(text, "\"key\":\"052a4f"));
    free(text);
    round_trip(&m, &back);
    assert_int_equal(back.u.key.id, UINT32_MAX);
    assert_memory_equal(back.u.key.key, m.u.key.key, MSG_KEY_BYTES);
    msg_free(&back);
}

static void snapshot_round_trips(void **state)
{
    (void)state;
    struct history h;
    history_init(&h);
    struct msg m = {.type = MSG_SNAPSHOT}, back;
    m.u.snapshot.seq = h.count;
    memcpy(m.u.snapshot.chain, chain, MSG_CHAIN_BYTES);
    m.u.snapshot.state = h.f.s;
    char *text = msg_encode(&m);
    assert_non_null(strstr(text, CHAIN));
    free(text);
    round_trip(&m, &back);
    assert_int_equal(back.u.snapshot.seq, h.count);
    assert_memory_equal(back.u.snapshot.chain, chain, MSG_CHAIN_BYTES);
    assert_non_null(back.u.snapshot.state);
    char *a = snapshot_encode(h.f.s), *b = snapshot_encode(back.u.snapshot.state);
    assert_string_equal(a, b);
    free(a);
    free(b);
    msg_free(&back);
    assert_int_equal(back.type, MSG_TYPE_COUNT);
    assert_null(back.u.snapshot.state);
    fx_free(&h.f);
}

static void answers_round_trip(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_ANSWER}, back;
    snprintf(m.u.answer.cid, sizeof m.u.answer.cid, "c-17.x_Y");
    m.u.answer.ok = true;
    m.u.answer.first = 41;
    m.u.answer.last = 43;
    round_trip(&m, &back);
    assert_string_equal(back.u.answer.cid, "c-17.x_Y");
    assert_true(back.u.answer.ok);
    assert_int_equal(back.u.answer.first, 41);
    assert_int_equal(back.u.answer.last, 43);
    msg_free(&back);

    m.u.answer = (struct msg_answer){.cid = "9", .ok = false};
    snprintf(m.u.answer.detail, sizeof m.u.answer.detail, "委员02");
    for (int code = ERR_OK + 1; code < ERR_COUNT; code++) {
        m.u.answer.code = (enum core_err)code;
        round_trip(&m, &back);
        assert_false(back.u.answer.ok);
        assert_int_equal(back.u.answer.code, code);
        assert_string_equal(back.u.answer.detail, "委员02");
        msg_free(&back);
    }
    m.u.answer.code = ERR_ALREADY_CAST;
    char *text = msg_encode(&m);
    assert_non_null(strstr(text, "\"error\":\"already_cast\""));
    free(text);
}

static void beat_and_bye_round_trip(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_BEAT}, back;
    m.u.beat.now = T0 + 999;
    round_trip(&m, &back);
    assert_int_equal(back.u.beat.now, T0 + 999);
    msg_free(&back);
    m.u.beat.now = 0;
    round_trip(&m, &back);
    assert_int_equal(back.u.beat.now, 0);
    msg_free(&back);

    m = (struct msg){.type = MSG_BYE};
    snprintf(m.u.bye.reason, sizeof m.u.bye.reason, "the hub is shutting down: 会议结束");
    round_trip(&m, &back);
    assert_string_equal(back.u.bye.reason, m.u.bye.reason);
    msg_free(&back);
}

static void events_round_trip(void **state)
{
    (void)state;
    struct history h;
    history_init(&h);
    char *text = encode_events_of(&h);
    struct msg back;
    struct core_error err;
    assert_int_equal(msg_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.type, MSG_EVENTS);
    assert_non_null(strstr(text, "{\"t\":\"events\"," CHAIN ",\"events\":["));
    assert_memory_equal(back.u.events.chain, chain, MSG_CHAIN_BYTES);
    assert_int_equal(back.u.events.count, h.count);
    for (int i = 0; i < h.count; i++) {
        char *a = event_encode(&h.events[i], true);
        char *b = event_encode(&back.u.events.events[i], true);
        assert_string_equal(a, b);
        assert_int_equal(back.u.events.events[i].seq, i + 1);
        free(a);
        free(b);
    }
    /* msg_encode of the decoded message gives the very same text */
    char *again = msg_encode(&back);
    assert_string_equal(text, again);
    free(again);
    free(text);
    msg_free(&back);
    assert_int_equal(back.type, MSG_TYPE_COUNT);
    assert_null(back.u.events.events);
    fx_free(&h.f);
}

/* A batch far larger than one commit's: the decoder grows its array as it goes. */
static void large_batch_round_trips(void **state)
{
    (void)state;
    struct history h;
    history_init(&h);
    enum { N = 1000 };
    struct event *many = malloc(N * sizeof *many);
    assert_non_null(many);
    for (int i = 0; i < N; i++) {
        many[i] = h.events[i % h.count];
        many[i].seq = 1000000 + i;
    }
    char *text = msg_encode_events(many, N, chain);
    assert_non_null(text);
    struct msg back;
    struct core_error err;
    assert_int_equal(msg_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.u.events.count, N);
    assert_int_equal(back.u.events.events[N - 1].seq, 1000000 + N - 1);
    assert_int_equal(back.u.events.events[N - 1].type, many[N - 1].type);
    msg_free(&back);
    free(text);
    free(many);
    fx_free(&h.f);
}

static void secret_cast_is_broadcast_without_choice(void **state)
{
    (void)state;
    struct history h;
    history_init(&h);
    struct event *cast = &h.events[h.count - 1];
    assert_int_equal(cast->type, EV_BALLOT_CAST_RECORDED);
    assert_true(cast->p.flag);
    assert_int_equal(cast->p.choices[0].option, 1); /* the hub knows the choice */
    char *text = encode_events_of(&h);
    assert_null(strstr(text, "option"));
    struct msg back;
    struct core_error err;
    assert_int_equal(msg_decode(text, strlen(text), &back, &err), ERR_OK);
    assert_int_equal(back.u.events.events[h.count - 1].p.choices[0].option, -1);
    msg_free(&back);
    free(text);

    /* and a batch that shows one is refused */
    char *full = event_encode(cast, false);
    assert_non_null(strstr(full, "\"option\":1"));
    char json[4096];
    snprintf(json, sizeof json, "{\"t\":\"events\"," CHAIN ",\"events\":[%s]}", full);
    expect_refused(json, "events[0]: a secret ballot's cast shows a choice");
    free(full);
    fx_free(&h.f);
}

/* A paper goes to the examinee with its texts and the answers given, never its key; an
 * exam_answered broadcast that shows an answer is refused. */
static void paper_round_trips_without_answers(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_PAPER}, back;
    struct msg_paper *p = m.u.paper = calloc(1, sizeof *p);
    assert_non_null(p);
    *p = (struct msg_paper){.item = 16, .subject = 17, .attempt = 2, .count = 2};
    p->questions[0] = (struct exam_question){.kind = EXAM_SINGLE, .option_count = 2, .answer = 2};
    snprintf(p->questions[0].text, sizeof p->questions[0].text, "全国人大每届任期几年？");
    snprintf(p->questions[0].options[0], EXAM_OPTION_MAX, "四年");
    snprintf(p->questions[0].options[1], EXAM_OPTION_MAX, "五年");
    p->questions[1] = (struct exam_question){.kind = EXAM_TRUEFALSE, .answer = 1};
    snprintf(p->questions[1].text, sizeof p->questions[1].text, "国家尊重和保障人权。");
    p->given[1] = 2;
    char *text = msg_encode(&m);
    assert_null(strstr(text, "answer"));
    round_trip(&m, &back);
    assert_int_equal(back.u.paper->count, 2);
    assert_int_equal(back.u.paper->questions[0].answer, 0);
    assert_string_equal(back.u.paper->questions[0].options[1], "五年");
    assert_int_equal(back.u.paper->given[1], 2);
    msg_free(&back);
    msg_free(&m);
    free(text);
    expect_refused("{\"t\":\"paper\",\"item\":1,\"subject\":2,\"attempt\":1,\"questions\":"
                   "[{\"kind\":\"truefalse\",\"text\":\"x\",\"options\":[\"a\"]}],\"given\":[0]}",
                   "the options do not fit the kind");
    expect_refused("{\"t\":\"paper\",\"item\":1,\"subject\":2,\"attempt\":1,\"questions\":"
                   "[{\"kind\":\"truefalse\",\"text\":\"x\",\"options\":[]}],\"given\":[16]}",
                   "'given'");
    expect_refused("{\"t\":\"events\"," CHAIN ",\"events\":[{\"seq\":1,\"time\":1,\"type\":"
                   "\"exam_answered\",\"actor\":{\"role\":\"examinee\",\"person\":17},\"item\":16,"
                   "\"id\":17,\"position\":0,\"number\":3}]}",
                   "an exam answer is shown");
}

/* A console asks for a document; the hub sends its text in parts, each inside [0, size). */
static void documents_round_trip_in_parts(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_DOC_GET}, back;
    m.u.doc_get.id = 42;
    round_trip(&m, &back);
    assert_int_equal(back.u.doc_get.id, 42);
    msg_free(&back);
    static char part[] = "# 报告\n正文第一段";
    m = (struct msg){.type = MSG_DOC_PART};
    m.u.doc_part.id = 42;
    m.u.doc_part.offset = 100;
    m.u.doc_part.size = 100 + (int32_t)strlen(part);
    m.u.doc_part.text = part;
    m.u.doc_part.len = strlen(part);
    round_trip(&m, &back);
    assert_int_equal(back.u.doc_part.offset, 100);
    assert_int_equal(back.u.doc_part.len, strlen(part));
    assert_string_equal(back.u.doc_part.text, part);
    msg_free(&back);
    expect_refused("{\"t\":\"doc_get\",\"id\":0}", "'id'");
    expect_refused("{\"t\":\"doc_get\",\"id\":1,\"offset\":0}", "offset");
    expect_refused("{\"t\":\"doc_part\",\"id\":1,\"offset\":4,\"size\":5,\"text\":\"ab\"}",
                   "'text' runs past 'size'");
    expect_refused("{\"t\":\"doc_part\",\"id\":1,\"offset\":0,\"size\":5,\"text\":\"\"}",
                   "'text' is empty");
    expect_refused("{\"t\":\"doc_part\",\"id\":1,\"offset\":0,\"size\":5}", "'text' is missing");
}

static void commands_round_trip(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_COMMAND}, back;
    snprintf(m.u.command.cid, sizeof m.u.command.cid, "seat12-000001");
    m.u.command.command = cmd(CMD_SIGN_IN);
    m.u.command.command.p.person = 12;
    snprintf(m.u.command.pin, sizeof m.u.command.pin, "0123456789");
    round_trip(&m, &back);
    assert_string_equal(back.u.command.cid, "seat12-000001");
    assert_int_equal(back.u.command.command.type, CMD_SIGN_IN);
    assert_int_equal(back.u.command.command.p.person, 12);
    assert_string_equal(back.u.command.pin, "0123456789");
    msg_free(&back);

    /* without a PIN, no "pin" key */
    m.u.command.pin[0] = '\0';
    char *text = msg_encode(&m);
    assert_null(strstr(text, "pin"));
    free(text);
    round_trip(&m, &back);
    assert_string_equal(back.u.command.pin, "");
    msg_free(&back);

    m.u.command.command = cmd(CMD_FLOOR_REQUEST);
    m.u.command.command.p.item = 3;
    m.u.command.command.p.person = 12;
    round_trip(&m, &back);
    char *a = command_encode(&m.u.command.command);
    char *b = command_encode(&back.u.command.command);
    assert_string_equal(a, b);
    free(a);
    free(b);
    msg_free(&back);
}

/* --- Refusals ---------------------------------------------------------------------------- */

#define WELCOME_REST "\"role\":\"member\",\"seat\":12,\"hub_time\":1,\"heartbeat_ms\":2000"
#define WELCOME(x)                                                                                 \
    "{\"t\":\"welcome\",\"console\":1,\"name\":\"s\"," WELCOME_REST ",\"timeout_ms\":6000" x "}"

static void malformed_text_refused(void **state)
{
    (void)state;
    expect_refused("", "not JSON");
    expect_refused("beat", "not JSON");
    expect_refused("[{\"t\":\"beat\",\"now\":1}]", "not one JSON object");
    expect_refused("\"beat\"", "not one JSON object");
    expect_refused("{\"t\":\"beat\",\"now\":1} {}", "not one JSON object");
    expect_refused("{}", "'t' is missing");
    expect_refused("{\"t\":7}", "'t' is not text");
    expect_refused("{\"t\":\"hello\"}", "'t' is not a known message");
    expect_refused("{\"t\":\"BEAT\",\"now\":1}", "'t' is not a known message");
}

static void missing_extra_and_mistyped_keys_refused(void **state)
{
    (void)state;
    expect_refused("{\"t\":\"beat\"}", "'now' is missing");
    expect_refused("{\"t\":\"beat\",\"now\":1,\"then\":0}", "unknown key 'then'");
    expect_refused("{\"t\":\"beat\",\"now\":1,\"now\":2}", "twice");
    expect_refused("{\"t\":\"beat\",\"now\":\"1\"}", "'now' is not a number");
    expect_refused("{\"t\":\"beat\",\"now\":1.5}", "'now' is out of range");
    expect_refused("{\"t\":\"beat\",\"now\":-1}", "'now' is out of range");
    expect_refused("{\"t\":\"beat\",\"now\":4503599627370497}", "'now' is out of range");
    expect_refused("{\"t\":\"bye\"}", "'reason' is missing");
    expect_refused("{\"t\":\"bye\",\"reason\":null}", "'reason' is not text");
    expect_refused("{\"t\":\"bye\",\"reason\":\"a\\u001bb\"}", "'reason' is not clean");
    expect_refused(WELCOME(",\"x\":1"), "unknown key 'x'");
    struct msg m;
    struct core_error err;
    assert_int_equal(msg_decode(WELCOME(""), strlen(WELCOME("")), &m, &err), ERR_OK);
    msg_free(&m);
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\"," WELCOME_REST "}",
                   "'timeout_ms' is missing");
    expect_refused("{\"t\":\"snapshot\",\"seq\":1," CHAIN "}", "'state' is missing");
    expect_refused("{\"t\":\"snapshot\",\"seq\":1," CHAIN ",\"state\":{\"version\":1}}", "state: ");
    expect_refused("{\"t\":\"snapshot\",\"seq\":1," CHAIN ",\"state\":[]}", "state: ");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\"}", "'command' is missing");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":[]}",
                   "'command' is not an object");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\"}}",
                   "command: 'person' is missing");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":1,\"first\":1,\"last\":1}",
                   "'ok' is not true or false");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":true,\"first\":1}", "'last' is missing");
    /* the keys of the other answer are not allowed */
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":true,\"first\":1,\"last\":1,"
                   "\"error\":\"too_many\"}",
                   "unknown key 'error'");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"error\":\"too_many\","
                   "\"detail\":\"\",\"first\":1}",
                   "unknown key 'first'");
}

static void out_of_range_numbers_refused(void **state)
{
    (void)state;
    expect_refused("{\"t\":\"welcome\",\"console\":-1,\"name\":\"s\"," WELCOME_REST
                   ",\"timeout_ms\":6000}",
                   "'console' is out of range");
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\",\"role\":\"member\","
                   "\"seat\":100000,\"hub_time\":1,\"heartbeat_ms\":2000,\"timeout_ms\":6000}",
                   "'seat' is out of range");
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\",\"role\":\"member\","
                   "\"seat\":1,\"hub_time\":1,\"heartbeat_ms\":0,\"timeout_ms\":6000}",
                   "'heartbeat_ms' is out of range");
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\"," WELCOME_REST
                   ",\"timeout_ms\":600001}",
                   "'timeout_ms' is out of range");
    expect_refused("{\"t\":\"key\",\"id\":4294967296,\"key\":\"\"}", "'id' is out of range");
    expect_refused("{\"t\":\"snapshot\",\"seq\":-1,\"state\":{}}", "'seq' is out of range");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":true,\"first\":-1,\"last\":1}",
                   "'first' is out of range");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":true,\"first\":5,\"last\":4}",
                   "'first' is after 'last'");
}

static void bad_names_refused(void **state)
{
    (void)state;
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\",\"role\":\"senator\","
                   "\"seat\":1,\"hub_time\":1,\"heartbeat_ms\":2000,\"timeout_ms\":6000}",
                   "'role' is not a known name");
    expect_refused("{\"t\":\"welcome\",\"console\":1,\"name\":\"s\",\"role\":\"hub\","
                   "\"seat\":1,\"hub_time\":1,\"heartbeat_ms\":2000,\"timeout_ms\":6000}",
                   "'role' is not a console's role");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"error\":\"ok\",\"detail\":\"\"}",
                   "'error' is not a known error");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"error\":\"ALREADY_CAST\","
                   "\"detail\":\"\"}",
                   "'error' is not a known error");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"error\":\"nonsense\","
                   "\"detail\":\"\"}",
                   "'error' is not a known error");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"error\":3,\"detail\":\"\"}",
                   "'error' is not a known error");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a\",\"ok\":false,\"detail\":\"\"}",
                   "'error' is missing");
}

static void bad_client_ids_refused(void **state)
{
    (void)state;
    expect_refused("{\"t\":\"answer\",\"cid\":\"\",\"ok\":true,\"first\":1,\"last\":1}",
                   "'cid' is not a client id");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a b\",\"ok\":true,\"first\":1,\"last\":1}",
                   "'cid' is not a client id");
    expect_refused("{\"t\":\"answer\",\"cid\":\"a/b\",\"ok\":true,\"first\":1,\"last\":1}",
                   "'cid' is not a client id");
    expect_refused("{\"t\":\"answer\",\"cid\":\"编号\",\"ok\":true,\"first\":1,\"last\":1}",
                   "'cid' is not a client id");
    expect_refused("{\"t\":\"answer\",\"cid\":7,\"ok\":true,\"first\":1,\"last\":1}",
                   "'cid' is not text");
    char json[256], cid[MSG_CID_MAX + 1];
    memset(cid, 'x', sizeof cid - 1);
    cid[MSG_CID_MAX] = '\0';
    snprintf(json, sizeof json, "{\"t\":\"command\",\"cid\":\"%s\",\"command\":{}}", cid);
    expect_refused(json, "'cid' is longer than");
    /* the longest one is fine */
    assert_true(msg_cid_ok(cid + 1));
    assert_false(msg_cid_ok(cid));
    assert_false(msg_cid_ok(""));
    assert_true(msg_cid_ok("Az09._-"));
    assert_false(msg_cid_ok("a+b"));
}

static void pins_checked(void **state)
{
    (void)state;
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"floor_request\","
                   "\"item\":1,\"person\":2},\"pin\":\"1234\"}",
                   "'pin' is only for sign_in");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\","
                   "\"person\":2},\"pin\":\"12a4\"}",
                   "'pin' is not digits");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\","
                   "\"person\":2},\"pin\":\"\"}",
                   "'pin' is not digits");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\","
                   "\"person\":2},\"pin\":1234}",
                   "'pin' is not text");
    expect_refused("{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\","
                   "\"person\":2},\"pin\":\"123456789012345678901234567890123\"}",
                   "'pin' is longer than 32 bytes");
    const char *ok = "{\"t\":\"command\",\"cid\":\"a\",\"command\":{\"type\":\"sign_in\","
                     "\"person\":2},\"pin\":\"12345678901234567890123456789012\"}";
    struct msg m;
    struct core_error err;
    assert_int_equal(msg_decode(ok, strlen(ok), &m, &err), ERR_OK);
    assert_string_equal(m.u.command.pin, "12345678901234567890123456789012");
    msg_free(&m);
}

static void keys_checked(void **state)
{
    (void)state;
    const char *hex64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    char json[256];
    snprintf(json, sizeof json, "{\"t\":\"key\",\"id\":3,\"key\":\"%s\"}", hex64);
    struct msg m;
    struct core_error err;
    assert_int_equal(msg_decode(json, strlen(json), &m, &err), ERR_OK);
    assert_int_equal(m.u.key.id, 3);
    assert_int_equal(m.u.key.key[5], 0x55);
    assert_int_equal(m.u.key.key[31], 0xff);
    msg_free(&m);
    snprintf(json, sizeof json, "{\"t\":\"key\",\"id\":3,\"key\":\"%.63s\"}", hex64);
    expect_refused(json, "'key' is not 64 hex digits");
    snprintf(json, sizeof json, "{\"t\":\"key\",\"id\":3,\"key\":\"%s0\"}", hex64);
    expect_refused(json, "'key' is not 64 hex digits");
    snprintf(json, sizeof json, "{\"t\":\"key\",\"id\":3,\"key\":\"%.63sg\"}", hex64);
    expect_refused(json, "'key' is not 64 hex digits");
    snprintf(json, sizeof json, "{\"t\":\"key\",\"id\":3,\"key\":\"%.62sFF\"}", hex64);
    expect_refused(json, "'key' is not 64 hex digits"); /* one spelling: lower case */
    expect_refused("{\"t\":\"key\",\"id\":3,\"key\":7}", "'key' is not 64 hex digits");
    expect_refused("{\"t\":\"key\",\"id\":3}", "'key' is missing");
}

/* "{"t":"events","events":[...]}" of the history's events from..to, with seq of the event at
 * index `bump` (when >= 0) moved on by one. */
static char *batch_text(struct history *h, int from, int to, int bump)
{
    struct event copy[64];
    int n = to - from;
    memcpy(copy, h->events + from, (size_t)n * sizeof copy[0]);
    if (bump >= 0) copy[bump].seq++;
    char *text = msg_encode_events(copy, n, chain);
    assert_non_null(text);
    return text;
}

static void event_batches_checked(void **state)
{
    (void)state;
    struct history h;
    history_init(&h);
    expect_refused("{\"t\":\"events\"," CHAIN ",\"events\":[]}", "'events' is empty");
    expect_refused("{\"t\":\"events\"," CHAIN ",\"events\":{}}", "'events' is not a list");
    expect_refused("{\"t\":\"events\"," CHAIN "}", "'events' is missing");
    expect_refused("{\"t\":\"events\"," CHAIN ",\"events\":[1]}", "events[0]: 'type' is missing");

    char *gap = batch_text(&h, 0, 6, 3);
    expect_refused(gap, "events[3]: 'seq' does not follow on");
    free(gap);
    char *back = batch_text(&h, 0, 6, 5);
    expect_refused(back, "events[5]: 'seq' does not follow on");
    free(back);
    /* a batch may start anywhere after 0 */
    char *later = batch_text(&h, 4, 8, -1);
    struct msg m;
    struct core_error err;
    assert_int_equal(msg_decode(later, strlen(later), &m, &err), ERR_OK);
    assert_int_equal(m.u.events.count, 4);
    assert_int_equal(m.u.events.events[0].seq, 5);
    msg_free(&m);
    free(later);
    h.events[0].seq = 0;
    char *zero = batch_text(&h, 0, 3, -1);
    expect_refused(zero, "events[0]: 'seq' is not a journal seq");
    free(zero);

    /* a bad event late in the batch: refused, and nothing is left (ASan checks the leak) */
    h.events[0].seq = 1;
    char *text = batch_text(&h, 0, 6, -1);
    char *cut = strstr(text, "\"type\":\"meeting_opened\"");
    assert_non_null(cut);
    memcpy(cut + 1, "TYPE", 4);
    expect_refused(text, "events[3]: 'type' is missing");
    free(text);

    assert_null(msg_encode_events(h.events, 0, chain));
    assert_null(msg_encode_events(NULL, 1, chain));
    assert_null(msg_encode_events(h.events, 1, NULL));
    fx_free(&h.f);
}

/* m encodes as exactly want, and round-trips into back. */
static void encodes_as(const struct msg *m, const char *want, struct msg *back)
{
    char *text = msg_encode(m);
    assert_string_equal(text, want);
    free(text);
    round_trip(m, back);
}

/* A console says where its replica stands (none: seq 0, no chain); the hub answers resumed. */
static void resume_and_resumed_round_trip(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_RESUME}, back;
    m.u.resume.seq = 4503599627370496; /* the largest seq a JSON number holds exactly */
    memcpy(m.u.resume.chain, chain, MSG_CHAIN_BYTES);
    encodes_as(&m, "{\"t\":\"resume\",\"seq\":4503599627370496," CHAIN "}", &back);
    assert_int_equal(back.u.resume.seq, m.u.resume.seq);
    assert_memory_equal(back.u.resume.chain, chain, MSG_CHAIN_BYTES);
    msg_free(&back);

    m.u.resume.seq = 0; /* no replica: whatever the chain held, none is sent */
    encodes_as(&m, "{\"t\":\"resume\",\"seq\":0,\"chain\":\"\"}", &back);
    assert_int_equal(back.u.resume.seq, 0);
    msg_free(&back);

    m = (struct msg){.type = MSG_RESUMED};
    m.u.resumed.seq = 115;
    encodes_as(&m, "{\"t\":\"resumed\",\"seq\":115}", &back);
    assert_int_equal(back.u.resumed.seq, 115);
    msg_free(&back);
}

/* A chain is exactly 64 lowercase hex digits wherever it goes; a resume without a replica has
 * an empty one, and only then. */
static void chains_checked(void **state)
{
    (void)state;
    const char *bad[] = {"\"" CHAIN_HEX "0\"",
                         "\"0" CHAIN_HEX "\"",
                         "\"00112233445566778899AABBCCDDEEFF0123456789abcdeffedcba9876543210\"",
                         "\"00112233445566778899aabbccddeeff0123456789abcdeffedcba987654321g\"",
                         "\"\"",
                         "7",
                         "null",
                         "[]"};
    char json[256];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(json, sizeof json, "{\"t\":\"resume\",\"seq\":3,\"chain\":%s}", bad[i]);
        expect_refused(json, "'chain' is not 64 hex digits");
        snprintf(json, sizeof json, "{\"t\":\"events\",\"chain\":%s,\"events\":[1]}", bad[i]);
        expect_refused(json, "'chain' is not 64 hex digits");
        snprintf(json, sizeof json, "{\"t\":\"snapshot\",\"seq\":3,\"chain\":%s,\"state\":{}}",
                 bad[i]);
        expect_refused(json, "'chain' is not 64 hex digits");
    }
    expect_refused("{\"t\":\"events\",\"events\":[1]}", "'chain' is missing");
    expect_refused("{\"t\":\"snapshot\",\"seq\":3,\"state\":{}}", "'chain' is missing");
    expect_refused("{\"t\":\"resume\",\"seq\":3}", "'chain' is missing");
    expect_refused("{\"t\":\"resume\",\"seq\":0}", "'chain' is missing");
    expect_refused("{\"t\":\"resume\",\"seq\":0," CHAIN "}", "'chain' is not empty at seq 0");
    expect_refused("{\"t\":\"resume\",\"seq\":0,\"chain\":0}", "'chain' is not empty at seq 0");
    expect_refused("{\"t\":\"resume\"," CHAIN "}", "'seq' is missing");
    expect_refused("{\"t\":\"resume\",\"seq\":-1," CHAIN "}", "'seq' is out of range");
    expect_refused("{\"t\":\"resume\",\"seq\":1.5," CHAIN "}", "'seq'");
    expect_refused("{\"t\":\"resume\",\"seq\":\"3\"," CHAIN "}", "'seq'");
    expect_refused("{\"t\":\"resume\",\"seq\":3," CHAIN ",\"state\":{}}", "unknown key 'state'");
    expect_refused("{\"t\":\"resumed\"}", "'seq' is missing");
    expect_refused("{\"t\":\"resumed\",\"seq\":0}", "'seq' is out of range");
    expect_refused("{\"t\":\"resumed\",\"seq\":3," CHAIN "}", "unknown key 'chain'");
}

/* --- Encoding details ---------------------------------------------------------------------- */

/* A core error's detail may end in a cut UTF-8 sequence or quote a control character; the
 * answer still decodes, with the clean part of the detail. */
static void unclean_detail_is_cut(void **state)
{
    (void)state;
    struct msg m = {.type = MSG_ANSWER}, back;
    m.u.answer = (struct msg_answer){.cid = "a", .ok = false, .code = ERR_BAD_MESSAGE};
    snprintf(m.u.answer.detail, sizeof m.u.answer.detail, "unknown key '委\xe5\x91'");
    round_trip(&m, &back);
    assert_string_equal(back.u.answer.detail, "unknown key '委");
    msg_free(&back);
    snprintf(m.u.answer.detail, sizeof m.u.answer.detail, "line\none");
    round_trip(&m, &back);
    assert_string_equal(back.u.answer.detail, "line");
    msg_free(&back);
    snprintf(m.u.answer.detail, sizeof m.u.answer.detail, "c1 \xc2\x85 here");
    round_trip(&m, &back);
    assert_string_equal(back.u.answer.detail, "c1 ");
    msg_free(&back);
    memset(m.u.answer.detail, 'd', sizeof m.u.answer.detail); /* no NUL at all */
    round_trip(&m, &back);
    assert_int_equal(strlen(back.u.answer.detail), sizeof m.u.answer.detail - 1);
    msg_free(&back);
}

static void names_and_freeing(void **state)
{
    (void)state;
    assert_string_equal(msg_type_name(MSG_WELCOME), "welcome");
    assert_string_equal(msg_type_name(MSG_COMMAND), "command");
    assert_null(msg_type_name(MSG_TYPE_COUNT));
    struct msg m = {.type = MSG_TYPE_COUNT};
    assert_null(msg_encode(&m));
    msg_free(&m);
    assert_int_equal(m.type, MSG_TYPE_COUNT);
    msg_free(NULL);
    /* what cannot be encoded as a valid message is not encoded */
    m = (struct msg){.type = MSG_WELCOME};
    m.u.welcome.role = ROLE_COUNT;
    assert_null(msg_encode(&m));
    m = (struct msg){.type = MSG_ANSWER};
    m.u.answer.code = ERR_COUNT;
    assert_null(msg_encode(&m));
    m = (struct msg){.type = MSG_SNAPSHOT};
    assert_null(msg_encode(&m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(welcome_round_trips),
        cmocka_unit_test(key_round_trips),
        cmocka_unit_test(snapshot_round_trips),
        cmocka_unit_test(answers_round_trip),
        cmocka_unit_test(beat_and_bye_round_trip),
        cmocka_unit_test(events_round_trip),
        cmocka_unit_test(large_batch_round_trips),
        cmocka_unit_test(secret_cast_is_broadcast_without_choice),
        cmocka_unit_test(paper_round_trips_without_answers),
        cmocka_unit_test(documents_round_trip_in_parts),
        cmocka_unit_test(commands_round_trip),
        cmocka_unit_test(malformed_text_refused),
        cmocka_unit_test(missing_extra_and_mistyped_keys_refused),
        cmocka_unit_test(out_of_range_numbers_refused),
        cmocka_unit_test(bad_names_refused),
        cmocka_unit_test(bad_client_ids_refused),
        cmocka_unit_test(pins_checked),
        cmocka_unit_test(keys_checked),
        cmocka_unit_test(event_batches_checked),
        cmocka_unit_test(resume_and_resumed_round_trip),
        cmocka_unit_test(chains_checked),
        cmocka_unit_test(unclean_detail_is_cut),
        cmocka_unit_test(names_and_freeing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
