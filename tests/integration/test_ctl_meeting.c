/* `cmte ctl` as a scripting client: a short meeting driven by ctl alone (no console), each
 * command's answer one JSON line and its exit status 0, a refusal named in JSON with status 1,
 * `ctl --watch` printing every event as one JSON line in journal order, a revoked console's
 * ctl refused in plain words, and a visitor's console (旁听) that sees and cannot act. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "room.h"

enum { SEATS = 18, DELIBERATION_INDEX = 1, VOTE_INDEX = 4 };

/* A command refused: status 1 and the error's name in the answer. */
static void refused(struct room *r, const char *name, const char *error, const char *json)
{
    int rc;
    cJSON *a = room_ctl(r, name, NULL, &rc, "%s", json);
    assert_int_equal(rc, 1);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(a, "ok")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), error);
    cJSON_Delete(a);
}

/* The types of the events ctl --watch printed, in order, one per line. */
static int watched(struct room *r, const char *type)
{
    char text[64];
    snprintf(text, sizeof text, "\"type\":\"%s\"", type);
    return room_count(r, "watch-display-1", text);
}

static void a_meeting_by_script(void **state)
{
    struct room *r = *state;
    room_watch(r, "display-1"); /* a console of its own: ctl as secretary-1 would take its place */
    room_wait_for(r, "watch-display-1", "{\"t\":\"synced\"", 1);
    int delib = room_item_at(r, DELIBERATION_INDEX), vote = room_item_at(r, VOTE_INDEX);
    refused(r, "chair-1", "no_quorum", "{\"type\":\"meeting_open\"}");
    room_sign_in(r, SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", delib);
    room_ok(r, "seat-3", NULL, "{\"type\":\"floor_request\",\"item\":%d,\"person\":3}", delib);
    refused(r, "seat-3", "not_yours", "{\"type\":\"floor_request\",\"item\":1,\"person\":4}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"floor_grant\",\"item\":%d,\"id\":0}", delib);
    room_ok(r, "chair-1", NULL, "{\"type\":\"speech_end\",\"item\":%d}", delib);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", delib);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", vote);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", vote);
    for (int seat = 1; seat <= SEATS; seat++)
        room_cast(r, seat, vote, vote + 1, seat <= 15 ? 0 : 1);
    int64_t last = room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", vote);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", vote);
    /* the watcher saw every event, each on a line of its own, up to the close */
    char seen[48];
    snprintf(seen, sizeof seen, "\"seq\":%lld,", (long long)last);
    room_wait_for(r, "watch-display-1", seen, 1);
    assert_int_equal(watched(r, "ballot_cast"), SEATS);
    assert_int_equal(watched(r, "signed_in"), SEATS);
    assert_int_equal(watched(r, "floor_granted"), 1);
    assert_int_equal(watched(r, "ballot_closed"), 1);
    /* 15 for of 35 members: not adopted, as every replica computes it */
    cJSON *s = room_state(r, "secretary-1");
    cJSON *sub = room_first_subject(s, VOTE_INDEX);
    assert_int_equal(room_count_of(sub, 0), 15);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(sub, "verdict")), 0);
    cJSON_Delete(s);
}

/* A revoked console's ctl gets no answer but the hub's refusal, in words, and a failure. */
static void a_revoked_key_is_refused(void **state)
{
    struct room *r = *state;
    assert_int_equal(room_run(r, NULL, "enroll", "--config", r->config, "--revoke", "seat-2"), 0);
    char cfg[PATH_MAX], *out, *err;
    snprintf(cfg, sizeof cfg, "%s/seat-2.ini", r->dir);
    char *argv[] = {(char *)room_bin(),
                    "ctl",
                    "--config",
                    cfg,
                    "--lang",
                    "en",
                    "{\"type\":\"floor_request\",\"item\":1,\"person\":2}",
                    NULL};
    int rc = spawn_capture(r->dir, argv, r->env, &out, &err);
    assert_int_not_equal(rc, 0);
    assert_string_equal(out, ""); /* no answer: nothing was done */
    if (!strstr(err, "was revoked")) fail_msg("ctl said: %s", err);
    free(out);
    free(err);
}

/* A visitor's console (旁听) follows the public meeting and can do nothing in it. */
static void a_visitor_sees_and_cannot_act(void **state)
{
    struct room *r = *state;
    room_enroll(r, "visitor", 0, "visitor-1");
    cJSON *s = room_state(r, "visitor-1");
    cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "meeting");
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(m, "number")), 12);
    cJSON_Delete(s);
    refused(r, "visitor-1", "not_allowed", "{\"type\":\"meeting_suspend\"}");
    refused(r, "visitor-1", "not_allowed", "{\"type\":\"sign_in\",\"person\":20}");
}

static int open_room(void **state)
{
    static struct room room;
    room_open(&room, SEATS);
    room_enroll(&room, "display", 0, "display-1");
    room_hub_start(&room);
    *state = &room;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_meeting_by_script),
        cmocka_unit_test(a_revoked_key_is_refused),
        cmocka_unit_test(a_visitor_sees_and_cannot_act),
    };
    return cmocka_run_group_tests(tests, open_room, room_teardown);
}
