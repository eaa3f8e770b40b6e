/* Resume instead of resync (docs/PROTOCOL.md, "A session"): after the hub is killed and started
 * again, a console whose replica is at the journal's head with the journal's chain gets
 * `resumed` and no snapshot, and the broadcasts follow on from its seq; a console that missed
 * events, claims another chain at the hub's seq or a seq ahead of it gets the snapshot, equal to
 * the hub's state; a console whose first message is not `resume` is dropped.  A real console
 * (`cmte ctl --watch`) resumes across the restart by itself and ends equal to the hub.  And the
 * liveness rule: the hub beats a console only when it has sent it nothing else for a heartbeat. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/codec.h"
#include "rawlink.h"

enum { WAIT_MS = 5000, DELIBERATION = 1 };

/* Where a console's replica stood when it left. */
struct held {
    int64_t seq;
    unsigned char chain[MSG_CHAIN_BYTES];
};

static struct held held_of(const struct raw *x)
{
    struct held h = {.seq = x->seq};
    memcpy(h.chain, x->chain, MSG_CHAIN_BYTES);
    return h;
}

/* Read x's broadcasts until it holds seq; a snapshot on the way fails the test. */
static void await_seq(struct raw *x, int64_t seq)
{
    int64_t deadline = raw_now_ms() + WAIT_MS;
    while (x->seq < seq) {
        struct msg m;
        int rc = raw_read_msg(x, &m, true, deadline);
        if (rc != RAW_OK) fail_msg("%sseq %lld not reached: %s", x->peer, (long long)seq, x->why);
        if (m.type == MSG_SNAPSHOT) fail_msg("%sa snapshot where broadcasts follow on", x->peer);
        msg_free(&m);
    }
}

/* The BLAKE2b digest of a state's snapshot, as `cmte ctl --state` prints it. */
static void digest_of(const struct core_state *s, char hex[65])
{
    char *text = snapshot_encode(s);
    assert_non_null(text);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
    sodium_bin2hex(hex, 65, h, sizeof h);
    free(text);
}

/* Connect as name claiming (seq, chain); the hub's first three messages must be welcome, key and
 * then `last` (MSG_RESUMED or MSG_SNAPSHOT), returned in *m (to msg_free). */
static void rejoin(struct raw *x, struct room *r, const char *name, const struct held *at,
                   enum msg_type last, struct msg *m)
{
    raw_init(x);
    int rc = raw_open_at(x, r, name, 0, WAIT_MS, at->seq, at->chain);
    if (rc != RAW_OK) fail_msg("%s: handshake %s: %s", name, raw_rc_name(rc), x->why);
    const enum msg_type order[] = {MSG_WELCOME, MSG_KEY, last};
    for (int i = 0; i < 3; i++) {
        rc = raw_recv(x, m, WAIT_MS);
        if (rc != RAW_OK) fail_msg("%s: %s before its %s", name, raw_rc_name(rc), x->why);
        if (m->type != order[i])
            fail_msg("%s: %s where %s was expected", name, msg_type_name(m->type),
                     msg_type_name(order[i]));
        if (i < 2) msg_free(m);
    }
}

/* The snapshot a console got is the hub's committed state, at its head. */
static void check_snapshot(struct room *r, const struct msg *m)
{
    cJSON *hub = room_state(r, "secretary-1");
    char mine[65];
    digest_of(m->u.snapshot.state, mine);
    assert_int_equal(m->u.snapshot.seq, cJSON_GetNumberValue(cJSON_GetObjectItem(hub, "seq")));
    assert_string_equal(mine, cJSON_GetStringValue(cJSON_GetObjectItem(hub, "digest")));
    cJSON_Delete(hub);
}

static int open_room(void **state)
{
    static struct room room;
    room_open_timeout(&room, 0, ROOM_PATIENT_MS);
    const char *displays[] = {"display-1", "display-2", "display-3", "display-w"};
    for (int i = 0; i < 4; i++) room_enroll(&room, "display", 0, displays[i]);
    *state = &room;
    return 0;
}

/* A committed event: the secretary's note on the first item; its seq. */
static int64_t note(struct room *r, const char *text)
{
    return room_ok(r, "secretary-1", NULL, "{\"type\":\"note_set\",\"item\":%d,\"text\":\"%s\"}",
                   DELIBERATION, text);
}

/* display-1 stays to the head, display-2 leaves one command earlier; the hub is killed. */
static void restart_with_two_replicas(struct room *r, struct held *in_step, struct held *behind)
{
    struct raw early, late;
    raw_ready(&early, r, "display-1");
    raw_ready(&late, r, "display-2");
    int64_t first = note(r, "first");
    await_seq(&late, first);
    *behind = held_of(&late);
    raw_close(&late);
    int64_t last = note(r, "second");
    await_seq(&early, last); /* from the broadcasts: their chain is the journal's */
    *in_step = held_of(&early);
    raw_close(&early);
    assert_int_equal(in_step->seq, room_journal_head(r));
    char seen[48];
    snprintf(seen, sizeof seen, "{\"seq\":%lld,", (long long)last);
    room_wait_for(r, "watch-display-w", seen, 1);
    room_hub_stop(r, SIGKILL);
    room_hub_start(r);
}

static void consoles_in_step_resume_after_a_restart(void **state)
{
    struct room *r = *state;
    room_hub_start(r);
    room_watch(r, "display-w");
    room_wait_for(r, "watch-display-w", "{\"t\":\"synced\"", 1);
    struct held in_step, behind;
    restart_with_two_replicas(r, &in_step, &behind);
    /* the real console comes back by itself, and keeps its replica */
    room_wait_for(r, "watch-display-w", "{\"t\":\"synced\"", 2);
    char resumed[64];
    snprintf(resumed, sizeof resumed, "display-w: resumed at seq %lld\n", (long long)in_step.seq);
    room_wait_for(r, "hub.log", resumed, 1);

    /* in step: resumed at its seq, no snapshot, and the next broadcast follows on */
    struct raw x;
    struct msg m;
    rejoin(&x, r, "display-1", &in_step, MSG_RESUMED, &m);
    assert_int_equal(m.u.resumed.seq, in_step.seq);
    msg_free(&m);
    x.seq = in_step.seq;
    int64_t next = note(r, "third");
    await_seq(&x, next);
    struct held head = held_of(&x);

    /* behind (events committed while it was away): the snapshot of the hub's state */
    struct raw y;
    rejoin(&y, r, "display-2", &behind, MSG_SNAPSHOT, &m);
    assert_true(behind.seq < next);
    check_snapshot(r, &m);
    msg_free(&m);
    raw_close(&y);

    /* the right seq with another chain, or a seq ahead: the snapshot too */
    struct held forged = head, ahead = head;
    forged.chain[7] ^= 1;
    ahead.seq++;
    const struct held *wrong[] = {&forged, &ahead};
    for (int i = 0; i < 2; i++) {
        rejoin(&y, r, "display-3", wrong[i], MSG_SNAPSHOT, &m);
        check_snapshot(r, &m);
        msg_free(&m);
        raw_close(&y);
    }
    /* and the right one resumes on a plain reconnect as well */
    rejoin(&y, r, "display-3", &head, MSG_RESUMED, &m);
    assert_int_equal(m.u.resumed.seq, next);
    msg_free(&m);
    raw_close(&y);
    raw_close(&x);

    /* the real console applied what followed its resume */
    char seen[48];
    snprintf(seen, sizeof seen, "{\"seq\":%lld,", (long long)next);
    room_wait_for(r, "watch-display-w", seen, 1);
    cJSON *hub = room_state(r, "secretary-1");
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(hub, "seq")), next);
    room_watch_is_hub(r, 0, "watch-display-w", hub);
    cJSON_Delete(hub);
    room_hub_stops_cleanly(r);
}

/* A console that does not say where it stands first (an older one) gets nothing, and the log
 * says why; one that never says it does not keep the hub from stopping. */
static void first_message_not_resume_is_dropped(void **state)
{
    struct room *r = *state;
    room_hub_start(r);
    struct raw x;
    raw_init(&x);
    raw_keys(&x, r, "display-1");
    raw_connect(&x, r, 0);
    assert_int_equal(raw_handshake(&x, WAIT_MS), RAW_OK);
    assert_true(raw_send(&x, "{\"t\":\"beat\",\"now\":0}"));
    struct msg m;
    assert_int_equal(raw_recv(&x, &m, WAIT_MS), RAW_CLOSED);
    room_wait_for(r, "hub.log", "display-1: dropped: its first message is beat, not resume", 1);
    raw_close(&x);
    /* one still waiting for its resume when the hub is asked to stop: all is closed and freed
     * (under ASan: nothing leaks), and the hub exits 0 */
    raw_init(&x);
    raw_keys(&x, r, "display-2");
    raw_connect(&x, r, 0);
    assert_int_equal(raw_handshake(&x, WAIT_MS), RAW_OK);
    room_wait_for(r, "hub.log", "display-2: connected as display", 1);
    room_hub_stops_cleanly(r);
    raw_close(&x);
}

/* Read x's frames until a broadcast comes; whether a heartbeat came less than half a heartbeat
 * (the room's is 200 ms) after the frame before it, whose time *last is. */
static bool beaten_while_busy(struct raw *x, int64_t *last)
{
    bool close = false;
    for (;;) {
        struct msg m;
        int rc = raw_read_msg(x, &m, true, raw_now_ms() + WAIT_MS);
        if (rc != RAW_OK) fail_msg("%sno broadcast: %s", x->peer, x->why);
        int64_t now = raw_now_ms();
        close = close || (m.type == MSG_BEAT && now - *last < 100);
        *last = now;
        enum msg_type t = m.type;
        msg_free(&m);
        if (t == MSG_EVENTS) return close;
    }
}

/* Broadcasts every few tens of ms for a second and a half: any frame shows the hub is there,
 * so display-1 gets no heartbeat close behind one; once they stop, a heartbeat comes. */
static void a_console_kept_busy_gets_no_heartbeat(void **state)
{
    struct room *r = *state;
    room_hub_start(r);
    struct raw sec, watch;
    raw_ready(&sec, r, "secretary-1");
    raw_ready(&watch, r, "display-1");
    int64_t last = raw_now_ms(), until = last + 1500;
    int close = 0;
    for (int i = 0; raw_now_ms() < until; i++) {
        char cid[32], cmd[96];
        snprintf(cid, sizeof cid, "c%d", i);
        snprintf(cmd, sizeof cmd, "{\"type\":\"note_set\",\"item\":%d,\"text\":\"%d\"}",
                 DELIBERATION, i);
        assert_true(raw_command(&sec, cid, cmd, NULL, WAIT_MS).ok);
        close += beaten_while_busy(&watch, &last);
        usleep(30 * 1000); /* under the command rate */
    }
    assert_int_equal(close, 0);
    struct msg m;
    assert_true(raw_expect(&watch, MSG_BEAT, &m, 800));
    msg_free(&m);
    raw_close(&watch);
    raw_close(&sec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(consoles_in_step_resume_after_a_restart, open_room,
                                        room_teardown),
        cmocka_unit_test_setup_teardown(first_message_not_resume_is_dropped, open_room,
                                        room_teardown),
        cmocka_unit_test_setup_teardown(a_console_kept_busy_gets_no_heartbeat, open_room,
                                        room_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
