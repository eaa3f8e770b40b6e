/* Hostile and broken consoles against the real hub on 127.0.0.1: each is refused or dropped,
 * each is logged, nothing recorded changes, and the hub goes on serving the others.  And a
 * command resent after a reconnect, or after the hub restarted, gets its first answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rawlink.h"

enum { SEATS = 6, WAIT_MS = 5000 };

static int open_room(void **state)
{
    static struct room room;
    room_open(&room, SEATS);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

static int close_room(void **state)
{
    room_close(*state);
    return 0;
}

/* The hub still answers a console, and its journal is at seq. */
static int64_t still_serving(struct room *r)
{
    cJSON *s = room_state(r, "secretary-1");
    int64_t seq = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(s, "seq"));
    cJSON_Delete(s);
    return seq;
}

/* Connected as console name, with its snapshot read. */
static void raw_ready(struct raw *x, struct room *r, const char *name)
{
    char why[256];
    struct msg m;
    if (raw_open(x, r, name, why, sizeof why) != 0) fail_msg("%s refused: %s", name, why);
    assert_true(raw_expect(x, MSG_SNAPSHOT, &m, WAIT_MS));
    msg_free(&m);
}

static void refused_with(struct room *r, struct raw *x, const char *why_has, const char *log_has)
{
    char why[512];
    int before = room_count(r, "hub.log", log_has);
    int64_t seq = still_serving(r);
    assert_int_equal(raw_open_keys(x, r, why, sizeof why), -1);
    if (!strstr(why, why_has)) fail_msg("refusal \"%s\" does not say \"%s\"", why, why_has);
    room_wait_for(r, "hub.log", log_has, before + 1);
    raw_close(x);
    assert_int_equal(still_serving(r), seq);
}

static void unenrolled_key_refused(void **state)
{
    struct room *r = *state;
    struct raw x = {.fd = -1};
    raw_keys(r, "seat-1", &x.me, x.hub_pk);
    assert_int_equal(key_generate(&x.me), 0);
    refused_with(r, &x, "is not enrolled on this hub", "refused: console key");
}

static void wrong_hub_key_refused(void **state)
{
    struct room *r = *state;
    struct raw x = {.fd = -1};
    raw_keys(r, "seat-1", &x.me, x.hub_pk);
    randombytes_buf(x.hub_pk, sizeof x.hub_pk);
    refused_with(r, &x, "pins another hub key", "refused: the console pins another hub key");
}

/* Connect with bytes that are not a console's and see the hub drop it. */
static void dropped_after(struct room *r, const void *bytes, size_t n, const char *log_has)
{
    int before = room_count(r, "hub.log", log_has);
    struct raw x = {.fd = raw_connect(r), .buf = malloc(RAW_MAX)};
    raw_write(x.fd, bytes, n);
    assert_true(raw_closed(&x, WAIT_MS));
    raw_close(&x);
    room_wait_for(r, "hub.log", log_has, before + 1);
    still_serving(r);
}

static void garbage_and_oversize_dropped(void **state)
{
    struct room *r = *state;
    dropped_after(r, "GET / HTTP/1.0\r\n\r\n", 18, "exceeds the maximum");
    const uint8_t max_plus_one[] = {0x00, 0x10, 0x00, 0x01}; /* frame_max + 1 = 1048577 */
    dropped_after(r, max_plus_one, sizeof max_plus_one, "frame of 1048577 bytes exceeds");
    const uint8_t empty[] = {0, 0, 0, 0};
    dropped_after(r, empty, sizeof empty, "empty frame");
    uint8_t junk[40] = {0, 0, 0, 36, 'H'};
    dropped_after(r, junk, sizeof junk, "refused: bad hello");
}

static void silent_client_dropped(void **state)
{
    struct room *r = *state;
    dropped_after(r, "", 0, "no handshake in time");
}

static void garbage_after_handshake_dropped(void **state)
{
    struct room *r = *state;
    struct raw x = {.fd = -1};
    raw_ready(&x, r, "seat-2");
    int before = room_count(r, "hub.log", "dropped:");
    uint8_t junk[64] = {'S'};
    randombytes_buf(junk + 1, sizeof junk - 1);
    raw_frame(x.fd, junk, sizeof junk);
    assert_true(raw_closed(&x, WAIT_MS));
    room_wait_for(r, "hub.log", "dropped:", before + 1);
    raw_close(&x);
    still_serving(r);
}

/* A sealed frame sent twice: the second fails the stream and the link is dropped. */
static void replayed_frame_dropped(void **state)
{
    struct room *r = *state;
    struct raw x = {.fd = -1};
    struct msg m;
    raw_ready(&x, r, "seat-3");
    raw_send(&x, "{\"t\":\"command\",\"cid\":\"replay-1\",\"command\":{\"type\":\"sign_in\","
                 "\"person\":3}}");
    assert_true(raw_expect(&x, MSG_ANSWER, &m, WAIT_MS));
    assert_true(m.u.answer.ok);
    int before = room_count(r, "hub.log", "replayed, reordered or altered");
    raw_write(x.fd, x.last, x.last_len);
    assert_true(raw_closed(&x, WAIT_MS));
    room_wait_for(r, "hub.log", "replayed, reordered or altered", before + 1);
    raw_close(&x);
    still_serving(r);
}

static void seat_acts_only_for_its_member(void **state)
{
    struct room *r = *state;
    int64_t seq = still_serving(r);
    int rc;
    cJSON *a = room_ctl(r, "seat-4", NULL, &rc, "{\"type\":\"sign_in\",\"person\":5}");
    assert_int_equal(rc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "not_yours");
    cJSON_Delete(a);
    room_sleep_ms(300);
    /* only the seat's own link came and went */
    assert_int_equal(still_serving(r), seq + 2);
}

/* Send one sign_in with its PIN as cid, on a fresh link; the answer. */
static struct msg_answer sign_in_once(struct room *r, const char *cid)
{
    struct raw x = {.fd = -1};
    char json[256];
    struct msg m;
    raw_ready(&x, r, "seat-5");
    snprintf(json, sizeof json,
             "{\"t\":\"command\",\"cid\":\"%s\",\"command\":{\"type\":\"sign_in\",\"person\":5},"
             "\"pin\":\"139595\"}",
             cid);
    raw_send(&x, json);
    assert_true(raw_expect(&x, MSG_ANSWER, &m, WAIT_MS));
    struct msg_answer a = m.u.answer;
    msg_free(&m);
    raw_close(&x);
    return a;
}

static void resent_command_answered_once(void **state)
{
    struct room *r = *state;
    struct msg_answer first = sign_in_once(r, "resend-1");
    assert_true(first.ok);
    struct msg_answer again = sign_in_once(r, "resend-1");
    assert_true(again.ok); /* done again, the core would say already_signed_in */
    assert_int_equal(again.first, first.first);
    assert_int_equal(again.last, first.last);
    room_hub_stop(r, SIGKILL);
    room_hub_start(r);
    struct msg_answer after = sign_in_once(r, "resend-1");
    assert_true(after.ok);
    assert_int_equal(after.first, first.first);
    struct msg_answer fresh = sign_in_once(r, "resend-2");
    assert_false(fresh.ok);
    assert_int_equal(fresh.code, ERR_ALREADY_SIGNED_IN);
}

/* A console that stops talking is dropped within the timeout; its member stays signed in. */
static void silent_console_dropped_member_stays(void **state)
{
    struct room *r = *state;
    struct raw x = {.fd = -1};
    struct msg m;
    raw_ready(&x, r, "seat-1");
    raw_send(&x, "{\"t\":\"command\",\"cid\":\"s-1\",\"command\":{\"type\":\"sign_in\","
                 "\"person\":1}}");
    assert_true(raw_expect(&x, MSG_ANSWER, &m, WAIT_MS));
    assert_true(m.u.answer.ok);
    msg_free(&m);
    int before = room_count(r, "hub.log", "silent for");
    room_wait_for(r, "hub.log", "silent for", before + 1);
    assert_true(raw_closed(&x, WAIT_MS));
    raw_close(&x);
    room_sleep_ms(200);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *p =
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "people"), 0);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "id")), 1);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(p, "connected")));
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "attendance")), 1);
    cJSON_Delete(s);
}

/* Revoked while connected: told, dropped, refused from then on; the others get a new key. */
static void revoked_console_dropped_and_refused(void **state)
{
    struct room *r = *state;
    struct raw gone = {.fd = -1}, stays = {.fd = -1};
    char why[256];
    struct msg m;
    assert_int_equal(raw_open(&gone, r, "seat-6", why, sizeof why), 0);
    assert_int_equal(raw_open(&stays, r, "secretary-1", why, sizeof why), 0);
    assert_true(raw_expect(&stays, MSG_KEY, &m, WAIT_MS));
    uint32_t key_id = m.u.key.id;
    msg_free(&m);
    assert_int_equal(room_run(r, NULL, "enroll", "--config", r->config, "--revoke", "seat-6"), 0);
    assert_true(raw_expect(&gone, MSG_BYE, &m, WAIT_MS));
    assert_non_null(strstr(m.u.bye.reason, "revoked"));
    msg_free(&m);
    assert_true(raw_closed(&gone, WAIT_MS));
    raw_close(&gone);
    assert_true(raw_expect(&stays, MSG_KEY, &m, WAIT_MS));
    assert_true(m.u.key.id > key_id);
    msg_free(&m);
    raw_close(&stays);
    struct raw again = {.fd = -1};
    raw_keys(r, "seat-6", &again.me, again.hub_pk);
    refused_with(r, &again, "was revoked", "refused: console seat-6");
}

/* A room of its own, where a console may queue at most 64 KiB. */
static int open_tight_room(void **state)
{
    static struct room room;
    room_open(&room, 1);
    FILE *f = fopen(room.config, "a");
    assert_non_null(f);
    fputs("[net]\nqueue_limit = 65536\n", f);
    fclose(f);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

/* A console that never reads (but still beats) is dropped once 64 KiB wait for it; the one
 * that floods the hub with notes, reading its answers, gets every answer and stays. */
static void stuck_console_dropped_others_served(void **state)
{
    struct room *r = *state;
    struct raw stuck = {.fd = -1}, busy = {.fd = -1};
    char why[256], note[2200], json[2400];
    struct msg m;
    assert_int_equal(raw_open(&stuck, r, "seat-1", why, sizeof why), 0);
    int small = 4096;
    setsockopt(stuck.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    assert_int_equal(raw_open(&busy, r, "secretary-1", why, sizeof why), 0);
    memset(note, 'x', 2000);
    note[2000] = '\0';
    int answered = 0;
    for (int round = 0; round < 1000 && !room_count(r, "hub.log", "does not read"); round++) {
        raw_send(&stuck, "{\"t\":\"beat\",\"now\":0}"); /* alive, but never reading */
        for (int i = 0; i < 25; i++) {
            snprintf(json, sizeof json,
                     "{\"t\":\"command\",\"cid\":\"n-%d-%d\",\"command\":{\"type\":"
                     "\"note_set\",\"item\":1,\"text\":\"%s\"}}",
                     round, i, note);
            raw_send(&busy, json);
        }
        for (int i = 0; i < 25; i++) {
            assert_true(raw_expect(&busy, MSG_ANSWER, &m, WAIT_MS));
            assert_true(m.u.answer.ok);
            answered++;
            msg_free(&m);
        }
    }
    room_wait_for(r, "hub.log", "seat-1: dropped: more than 65536 bytes waiting", 1);
    assert_int_equal(room_count(r, "hub.log", "secretary-1: dropped: more than"), 0);
    assert_true(answered > 0);
    raw_close(&stuck);
    raw_close(&busy);
    still_serving(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unenrolled_key_refused),
        cmocka_unit_test(wrong_hub_key_refused),
        cmocka_unit_test(garbage_and_oversize_dropped),
        cmocka_unit_test(silent_client_dropped),
        cmocka_unit_test(garbage_after_handshake_dropped),
        cmocka_unit_test(replayed_frame_dropped),
        cmocka_unit_test(seat_acts_only_for_its_member),
        cmocka_unit_test(resent_command_answered_once),
        cmocka_unit_test(silent_console_dropped_member_stays),
        cmocka_unit_test(revoked_console_dropped_and_refused),
    };
    const struct CMUnitTest tight[] = {
        cmocka_unit_test_setup_teardown(stuck_console_dropped_others_served, open_tight_room,
                                        close_room),
    };
    int failed = cmocka_run_group_tests_name("refusals", tests, open_room, close_room);
    return failed + cmocka_run_group_tests_name("slow consoles", tight, NULL, NULL);
}
