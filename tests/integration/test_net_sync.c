/* The hub and its consoles as processes on 127.0.0.1: members sign in (with their PINs), one
 * asks for the floor, twenty cast a secret evaluation from their seats while the hub is killed
 * and restarted in the middle; at the end every console's state equals the hub's, and every
 * ballot is counted once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "room.h"

enum { SEATS = 24, VOTERS = 20, EVALUATION = 11, DELIBERATION = 1 };

static int subject_id(cJSON *state, int item, int k)
{
    cJSON *subjects =
        cJSON_GetObjectItem(cJSON_GetObjectItem(room_item(state, item), "ballot"), "subjects");
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(subjects, k), "id"));
}

/* Seat s's choice on subject k: spread over the three options. */
static int choice_of(int seat, int k)
{
    return (seat + k) % 3;
}

static void cast(struct room *r, int seat, const int subject[2])
{
    char name[16];
    snprintf(name, sizeof name, "seat-%d", seat);
    room_ok(r, name, NULL,
            "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":"
            "[{\"subject\":%d,\"option\":%d},{\"subject\":%d,\"option\":%d}]}",
            EVALUATION, seat, subject[0], choice_of(seat, 0), subject[1], choice_of(seat, 1));
}

static void check_counts(cJSON *state, const int subject[2])
{
    cJSON *ballot = cJSON_GetObjectItem(room_item(state, EVALUATION), "ballot");
    for (int k = 0; k < 2; k++) {
        int expect[3] = {0};
        for (int seat = 1; seat <= VOTERS; seat++) expect[choice_of(seat, k)]++;
        cJSON *sub = cJSON_GetArrayItem(cJSON_GetObjectItem(ballot, "subjects"), k);
        assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(sub, "id")), subject[k]);
        assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(sub, "cast")), VOTERS);
        cJSON *counts = cJSON_GetObjectItem(sub, "counts");
        for (int o = 0; o < 3; o++)
            assert_int_equal(cJSON_GetNumberValue(cJSON_GetArrayItem(counts, o)), expect[o]);
    }
}

static int open_room(void **state)
{
    static struct room room;
    room_open(&room, SEATS);
    *state = &room;
    return 0;
}

/* Runs even when a test fails: no process outlives the test. */
static void consoles_stay_in_step(void **state)
{
    struct room *r = *state;
    room_hub_start(r);
    room_watch(r, "secretary-1");
    room_watch(r, "seat-24");
    room_wait_for(r, "watch-secretary-1", "{\"t\":\"synced\"", 1);
    room_wait_for(r, "watch-seat-24", "{\"t\":\"synced\"", 1);

    for (int seat = 1; seat <= VOTERS; seat++) {
        char name[16];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", DELIBERATION);
    room_ok(r, "seat-11", NULL, "{\"type\":\"floor_request\",\"item\":%d,\"person\":11}",
            DELIBERATION);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", DELIBERATION);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", EVALUATION);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", EVALUATION);
    cJSON *before = room_state(r, "secretary-1");
    const int subject[2] = {subject_id(before, EVALUATION, 0), subject_id(before, EVALUATION, 1)};
    cJSON_Delete(before);

    for (int seat = 1; seat <= VOTERS / 2; seat++) cast(r, seat, subject);
    room_hub_stop(r, SIGKILL); /* a crash in the middle of the ballot */
    room_hub_start(r);
    room_wait_for(r, "watch-secretary-1", "{\"t\":\"synced\"", 2);
    room_wait_for(r, "watch-seat-24", "{\"t\":\"synced\"", 2);
    for (int seat = VOTERS / 2 + 1; seat <= VOTERS; seat++) cast(r, seat, subject);

    int rc;
    cJSON *again = room_ctl(r, "seat-3", NULL, &rc,
                            "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":3,\"choices\":"
                            "[{\"subject\":%d,\"option\":0}]}",
                            EVALUATION, subject[0]);
    assert_int_equal(rc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(again, "error")), "already_cast");
    cJSON_Delete(again);
    int64_t last =
        room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", EVALUATION);

    room_sleep_ms(300); /* the seats' own disconnects are journalled too: let them land */
    cJSON *hub = room_state(r, "secretary-1");
    char seen[48];
    snprintf(seen, sizeof seen, "{\"seq\":%.0f,",
             cJSON_GetNumberValue(cJSON_GetObjectItem(hub, "seq")));
    room_wait_for(r, "watch-secretary-1", seen, 1);
    room_wait_for(r, "watch-seat-24", seen, 1);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(hub, "seq")) >= (double)last);
    check_counts(hub, subject);
    cJSON *seat1 = room_person(hub, 1);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(seat1, "attendance")), 1);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(seat1, "connected"))); /* its ctl has left */
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(room_person(hub, 24), "connected")));
    const char *names[] = {"watch-secretary-1", "watch-seat-24"};
    for (int w = 0; w < 2; w++) room_watch_is_hub(r, w, names[w], hub);
    cJSON_Delete(hub);
    room_hub_stops_cleanly(r);
}

static int open_small_room(void **state)
{
    static struct room room;
    room_open(&room, 0);
    *state = &room;
    return 0;
}

/* The configured rules reach the meeting when the hub starts, before it is opened. */
static void configured_rules_are_journalled(void **state)
{
    struct room *r = *state;
    FILE *f = fopen(r->config, "a");
    assert_non_null(f);
    fputs("[rules]\nvote_threshold = two-thirds\n", f);
    fclose(f);
    room_hub_start(r);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *vote =
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "rules"), "vote");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(vote, "threshold")), "two-thirds");
    cJSON_Delete(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(consoles_stay_in_step, open_room, room_teardown),
        cmocka_unit_test_setup_teardown(configured_rules_are_journalled, open_small_room,
                                        room_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
