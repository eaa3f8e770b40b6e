/* Hostile and broken consoles against the real hub on 127.0.0.1 (tests/integration/rawlink.h):
 * each is refused or dropped, each is logged against its own connection, nothing recorded
 * changes, and the hub goes on serving the others.  A command resent on a new link, or after
 * the hub was killed and started again, gets its first answer and is recorded once.  A console
 * that stops reading is dropped while one that floods the hub is served. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rawlink.h"

enum {
    SEATS = 9,
    WAIT_MS = 5000,
    TIMEOUT_MS = 1000,  /* [net] timeout_ms in the small room (room_open's) */
    HEARTBEAT_MS = 200, /* [net] heartbeat_ms */
    QUIET_MS = 300,     /* no journal row for this long: the hub has settled */
    SLACK_MS = 500,     /* what a busy machine may add to the hub's own timing */
    TIGHT_QUEUE = 65536,
    TIGHT_FRAME = 4096,
};

/* ---- helpers ---- */

static void contains(const char *text, const char *part)
{
    if (!strstr(text, part)) fail_msg("\"%s\" does not say \"%s\"", text, part);
}

/* A console is still served (`cmte ctl --state` as secretary-1): the seq it is given. */
static int64_t served_seq(struct room *r)
{
    cJSON *s = room_state(r, "secretary-1");
    int64_t seq = (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(s, "seq"));
    cJSON_Delete(s);
    return seq;
}

/* The hub has stopped appending (the links of earlier tests have come and gone), and serves
 * the journal's head: that seq. */
static int64_t settled(struct room *r)
{
    int64_t head = room_journal_quiet(r, QUIET_MS);
    assert_int_equal(served_seq(r), head);
    return head;
}

/* The hub logged a line about x's connection that says text. */
static void logged(const struct room *r, const struct raw *x, const char *text)
{
    if (room_await_lines(r, "hub.log", x->peer, text, 1, WAIT_MS)) return;
    char *all = room_file(r, "hub.log");
    fail_msg("no line with \"%s\" and \"%s\" in hub.log:\n%s", x->peer, text, all);
}

static void same_answer(const struct msg_answer *a, const struct msg_answer *b)
{
    assert_string_equal(a->cid, b->cid);
    assert_int_equal(a->ok, b->ok);
    assert_int_equal(a->first, b->first);
    assert_int_equal(a->last, b->last);
}

static void within(const char *what, int64_t took, int64_t min, int64_t max)
{
    if (took < min || took > max)
        fail_msg("%s after %lld ms: expected %lld..%lld", what, (long long)took, (long long)min,
                 (long long)max);
}

/* A handshake that must be refused: the refusal says why_has, the hub closes the connection
 * and logs "refused: " log_has about it, and nothing is recorded. */
static void refused(struct room *r, struct raw *x, const char *why_has, const char *log_has)
{
    int64_t seq = settled(r);
    raw_connect(x, r, 0);
    int rc = raw_handshake(x, WAIT_MS);
    if (rc != RAW_REFUSED) fail_msg("handshake %s, not refused: %s", raw_rc_name(rc), x->why);
    contains(x->why, why_has);
    assert_true(raw_closed(x, WAIT_MS));
    char line[300];
    snprintf(line, sizeof line, "refused: %s", log_has);
    logged(r, x, line);
    raw_close(x);
    assert_int_equal(served_seq(r), seq);
}

/* Connect, as console name when not NULL (else before any handshake), send bytes, and see the
 * hub close the connection and log text about it. */
static void closed_after(struct room *r, const char *name, const void *bytes, size_t n,
                         const char *text)
{
    struct raw x;
    if (name) {
        raw_ready(&x, r, name);
    } else {
        raw_init(&x);
        raw_connect(&x, r, 0);
    }
    raw_write(&x, bytes, n);
    if (!raw_closed(&x, WAIT_MS)) fail_msg("still open after what should say \"%s\"", text);
    logged(r, &x, text);
    raw_close(&x);
}

/* ---- the room most tests share ---- */

static int open_room(void **state)
{
    static struct room room;
    room_open_timeout(&room, SEATS, ROOM_PATIENT_MS);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

static void unenrolled_key_refused(void **state)
{
    struct room *r = *state;
    struct raw x;
    raw_init(&x);
    raw_keys(&x, r, "seat-1"); /* for the hub key the room's consoles pin */
    assert_int_equal(key_generate(&x.me), 0);
    char fp[KEY_FINGERPRINT], why[128];
    key_fingerprint(x.me.public_key, fp);
    snprintf(why, sizeof why, "console key %s is not enrolled on this hub", fp);
    refused(r, &x, why, why);
}

static void wrong_hub_key_refused(void **state)
{
    struct room *r = *state;
    struct raw x;
    struct key_pair other;
    raw_init(&x);
    raw_keys(&x, r, "seat-1");
    assert_int_equal(key_generate(&other), 0);
    memcpy(x.hub_pk, other.public_key, sizeof x.hub_pk);
    key_wipe(&other);
    refused(r, &x, "pins another hub key", "the console pins another hub key");
}

static void garbage_and_oversize_dropped(void **state)
{
    struct room *r = *state;
    int64_t seq = settled(r);
    const uint8_t over[] = {0x00, 0x10, 0x00, 0x01}; /* 1048577: the default frame_max + 1 */
    const uint8_t empty[] = {0, 0, 0, 0};
    uint8_t junk[4 + 10] = {0, 0, 0, 10};
    uint8_t forged[4 + 64] = {0, 0, 0, 64, 'S'};
    closed_after(r, NULL, over, sizeof over,
                 "frame of 1048577 bytes exceeds the maximum of 1048576");
    closed_after(r, NULL, "GET / HTTP/1.1\r\n\r\n", 18, "exceeds the maximum");
    closed_after(r, NULL, empty, sizeof empty, "empty frame");
    randombytes_buf(junk + 4, 10);
    closed_after(r, NULL, junk, sizeof junk, "refused: bad hello");
    /* the same after a handshake */
    closed_after(r, "chair-1", over, sizeof over,
                 "frame of 1048577 bytes exceeds the maximum of 1048576");
    randombytes_buf(junk + 4, 10);
    closed_after(r, "chair-1", junk, sizeof junk, "dropped: ");
    randombytes_buf(forged + 5, sizeof forged - 5);
    closed_after(r, "chair-1", forged, sizeof forged,
                 "dropped: sealed message fails authentication");
    assert_int_equal(served_seq(r), seq);
}

/* A seat may act only for its own member: seat-3 asking the floor for person 4 (and, through
 * `cmte ctl`, seat-4 for person 3) is answered not_yours and nothing is recorded. */
static void seat_acts_only_for_its_member(void **state)
{
    struct room *r = *state;
    struct raw x;
    raw_ready(&x, r, "seat-3");
    assert_true(raw_await_event(&x, EV_LINK_CHANGED, 3, WAIT_MS) > 0);
    int64_t seq = settled(r), speakers = room_journal_count(r, "speaker_added");
    struct msg_answer a = raw_command(
        &x, "mine-1", "{\"type\":\"floor_request\",\"item\":1,\"person\":4}", NULL, WAIT_MS);
    assert_false(a.ok);
    assert_int_equal(a.code, ERR_NOT_YOURS);
    int64_t seen = x.seq;
    assert_int_equal(settled(r), seq);
    assert_int_equal(x.seq, seen);
    raw_close(&x);

    seq = settled(r); /* seat-3's link has gone: one more row */
    int64_t links = room_journal_count(r, "link_changed");
    int rc;
    cJSON *answer =
        room_ctl(r, "seat-4", NULL, &rc, "{\"type\":\"floor_request\",\"item\":1,\"person\":3}");
    assert_int_equal(rc, 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(answer, "error")), "not_yours");
    cJSON_Delete(answer);
    /* only seat-4's own link came and went */
    int64_t now = settled(r);
    assert_int_equal(now - seq, room_journal_count(r, "link_changed") - links);
    assert_int_equal(room_journal_count(r, "speaker_added"), speakers);
}

/* A sealed frame sent twice: the first is answered, the second fails the stream and the hub
 * drops the link; the command is recorded once. */
static void replayed_frame_dropped(void **state)
{
    struct room *r = *state;
    struct raw x;
    settled(r);
    int64_t notes = room_journal_count(r, "note_changed");
    raw_ready(&x, r, "secretary-1");
    struct msg_answer a = raw_command(
        &x, "once-1", "{\"type\":\"note_set\",\"item\":1,\"text\":\"said once\"}", NULL, WAIT_MS);
    assert_true(a.ok);
    assert_int_equal(a.first, a.last);
    assert_true(raw_replay(&x));
    assert_true(raw_closed(&x, WAIT_MS));
    logged(r, &x, "dropped: sealed message fails authentication");
    raw_close(&x);
    assert_int_equal(settled(r), a.last); /* secretary-1 has no seat: no link rows */
    assert_int_equal(room_journal_count(r, "note_changed"), notes + 1);
    assert_int_equal(room_lines(r, "hub.log", x.peer, "dropped"), 1);
}

/* Revoked while connected: told, dropped and refused from then on; a console that stays gets a
 * new meeting key and opens the broadcasts that follow with it. */
static void revoked_console_dropped_and_refused(void **state)
{
    struct room *r = *state;
    struct raw gone, stays;
    settled(r);
    raw_ready(&gone, r, "seat-6");
    assert_true(raw_await_event(&gone, EV_LINK_CHANGED, 6, WAIT_MS) > 0);
    raw_ready(&stays, r, "chair-1");
    uint32_t key_id = stays.bkey.id;
    assert_int_equal(room_run(r, NULL, "enroll", "--config", r->config, "--revoke", "seat-6"), 0);
    int64_t t0 = raw_now_ms();
    struct msg m;
    if (!raw_expect(&gone, MSG_BYE, &m, 5 * HEARTBEAT_MS + SLACK_MS))
        fail_msg("no bye within %d ms of the revocation", 5 * HEARTBEAT_MS + SLACK_MS);
    contains(m.u.bye.reason, "revoked");
    msg_free(&m);
    assert_true(raw_closed(&gone, WAIT_MS));
    logged(r, &gone, "dropped: this console was revoked");
    within("the revoked console dropped", raw_now_ms() - t0, 0, 5 * HEARTBEAT_MS + SLACK_MS);

    assert_true(raw_expect(&stays, MSG_KEY, &m, WAIT_MS));
    uint32_t new_id = m.u.key.id;
    msg_free(&m);
    assert_true(new_id > key_id);
    int64_t last = room_ok(r, "secretary-1", NULL,
                           "{\"type\":\"note_set\",\"item\":1,\"text\":\"after the revocation\"}");
    assert_int_equal(raw_await_event(&stays, EV_NOTE_CHANGED, 0, WAIT_MS), last);
    assert_int_equal(stays.bkey.id, new_id);
    raw_close(&stays);

    struct raw again;
    raw_init(&again);
    raw_keys(&again, r, "seat-6");
    char fp[KEY_FINGERPRINT], why[128];
    key_fingerprint(again.me.public_key, fp);
    snprintf(why, sizeof why, "console seat-6 (key %s) was revoked", fp);
    refused(r, &again, why, why);
    raw_close(&gone);
}

/* ---- silence, and a command resent: a room of its own, since the hub is killed ---- */

static int open_small_room(void **state)
{
    static struct room room;
    room_open(&room, 2);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

/* Connected and silent; or a hello, then silent: both closed once timeout_ms has passed. */
static void unfinished_handshake_dropped(void **state)
{
    struct room *r = *state;
    int64_t seq = settled(r);
    struct raw mute, half;
    raw_init(&mute);
    raw_init(&half);
    raw_connect(&mute, r, 0);
    int64_t t0 = raw_now_ms();
    raw_keys(&half, r, "chair-1");
    raw_connect(&half, r, 0);
    struct chan_handshake hs;
    uint8_t hello[CHAN_HELLO_BYTES];
    char err[CHAN_ERROR_MAX];
    assert_int_equal(chan_console_hello(&hs, &half.me, half.hub_pk, hello, err, sizeof err), 0);
    assert_true(raw_write_frame(&half, hello, sizeof hello));
    assert_int_equal(raw_read_frame(&half, raw_now_ms() + WAIT_MS), RAW_OK);
    assert_int_equal(half.buf[0], 'W');
    sodium_memzero(&hs, sizeof hs);
    assert_true(raw_closed(&mute, 3 * TIMEOUT_MS));
    within("a silent client dropped", raw_now_ms() - t0, TIMEOUT_MS * 8 / 10,
           TIMEOUT_MS + SLACK_MS);
    assert_true(raw_closed(&half, 3 * TIMEOUT_MS));
    within("a half handshake dropped", raw_now_ms() - t0, TIMEOUT_MS * 8 / 10,
           TIMEOUT_MS + SLACK_MS);
    logged(r, &mute, "dropped: no handshake in time");
    logged(r, &half, "dropped: no handshake in time");
    raw_close(&mute);
    raw_close(&half);
    assert_int_equal(served_seq(r), seq);
}

/* A console that stops sending is dropped within the timeout; its member is shown
 * disconnected and stays signed in. */
static void silent_console_dropped_member_stays(void **state)
{
    struct room *r = *state;
    struct raw x;
    raw_ready(&x, r, "seat-1");
    assert_true(raw_await_event(&x, EV_LINK_CHANGED, 1, WAIT_MS) > 0);
    int64_t t0 = raw_now_ms(); /* its last frame */
    struct msg_answer a =
        raw_command(&x, "in-1", "{\"type\":\"sign_in\",\"person\":1}", NULL, WAIT_MS);
    assert_true(a.ok);
    assert_true(raw_closed(&x, 3 * TIMEOUT_MS));
    within("a silent console dropped", raw_now_ms() - t0, TIMEOUT_MS * 8 / 10,
           TIMEOUT_MS + SLACK_MS);
    logged(r, &x, "dropped: silent for");
    raw_close(&x);
    settled(r);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *p = room_person(s, 1);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(p, "connected")));
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(p, "attendance")), 1);
    cJSON_Delete(s);
}

/* The journal grew by link rows only (and the configured rules a starting hub may record). */
static void only_link_rows(struct room *r, int64_t seq, int64_t links, int64_t rules)
{
    int64_t now = settled(r);
    assert_int_equal(now - seq, (room_journal_count(r, "link_changed") - links) +
                                    (room_journal_count(r, "rules_changed") - rules));
}

static void resent_command_answered_once(void **state)
{
    struct room *r = *state;
    const char *sign_in = "{\"type\":\"sign_in\",\"person\":2}";
    struct raw x;
    raw_ready(&x, r, "seat-2");
    assert_true(raw_await_event(&x, EV_LINK_CHANGED, 2, WAIT_MS) > 0);
    int64_t signed_in = room_journal_count(r, "signed_in");
    struct msg_answer first = raw_command(&x, "x-1", sign_in, NULL, WAIT_MS);
    assert_true(first.ok);
    assert_int_equal(first.first, first.last);
    assert_int_equal(x.seq, first.last); /* its broadcast came before the answer */
    raw_close(&x);
    int64_t seq = settled(r), links = room_journal_count(r, "link_changed"),
            rules = room_journal_count(r, "rules_changed");
    assert_int_equal(room_journal_count(r, "signed_in"), signed_in + 1);

    /* on a new link */
    raw_ready(&x, r, "seat-2");
    assert_true(raw_await_event(&x, EV_LINK_CHANGED, 2, WAIT_MS) > 0);
    int64_t before = settled(r);
    struct msg_answer again = raw_command(&x, "x-1", sign_in, NULL, WAIT_MS);
    same_answer(&first, &again);
    assert_int_equal(settled(r), before);
    assert_int_equal(room_journal_count(r, "signed_in"), signed_in + 1);

    /* after a crash of the hub */
    room_hub_stop(r, SIGKILL);
    assert_true(raw_closed(&x, WAIT_MS));
    raw_close(&x);
    room_hub_start(r);
    raw_ready(&x, r, "seat-2"); /* back within the timeout: no link row for it */
    before = settled(r);
    again = raw_command(&x, "x-1", sign_in, NULL, WAIT_MS);
    same_answer(&first, &again);
    assert_int_equal(settled(r), before);
    assert_int_equal(room_journal_count(r, "signed_in"), signed_in + 1);
    only_link_rows(r, seq, links, rules);

    /* the same command under a new cid is a new command, which the core now refuses */
    struct msg_answer fresh = raw_command(&x, "x-2", sign_in, NULL, WAIT_MS);
    assert_false(fresh.ok);
    assert_int_equal(fresh.code, ERR_ALREADY_SIGNED_IN);
    raw_close(&x);
    only_link_rows(r, seq, links, rules);
    assert_int_equal(room_journal_count(r, "signed_in"), signed_in + 1);
}

/* ---- a room with the smallest queue and frame the configuration allows ---- */

static int open_tight_room(void **state)
{
    static struct room room;
    room_open_timeout(&room, 1, ROOM_PATIENT_MS);
    FILE *f = fopen(room.config, "a");
    assert_non_null(f);
    /* no rate limit: the flood below is about the queue of a console that does not read */
    fprintf(f, "[net]\nqueue_limit = %d\nframe_max = %d\ncommand_rate = 0\n", TIGHT_QUEUE,
            TIGHT_FRAME);
    fclose(f);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

static void configured_frame_max_enforced(void **state)
{
    struct room *r = *state;
    int64_t seq = settled(r);
    const uint8_t over[] = {0, 0, 0x10, 0x01}; /* 4097 */
    char text[96];
    snprintf(text, sizeof text, "frame of %d bytes exceeds the maximum of %d", TIGHT_FRAME + 1,
             TIGHT_FRAME);
    closed_after(r, NULL, over, sizeof over, text);
    closed_after(r, "chair-1", over, sizeof over, text);
    assert_int_equal(served_seq(r), seq);
}

enum { ROUND = 16, NOTE = 2000, FLOOD_MS = 30000, AFTER_DROP = 400 };

/* A console that never reads is dropped once more than queue_limit bytes wait for it; the
 * secretary flooding the hub with long notes over one connection, reading its answers, gets
 * every answer and stays.  The notes' letters are scattered so that the broadcasts do not pack
 * small: the socket's buffers fill in a few thousand notes, not tens of thousands. */
static void stuck_console_dropped_others_served(void **state)
{
    struct room *r = *state;
    struct raw stuck, busy;
    settled(r);
    int64_t notes = room_journal_count(r, "note_changed");
    raw_init(&stuck);
    int rc = raw_open(&stuck, r, "seat-1", 2048, WAIT_MS);
    if (rc != RAW_OK) fail_msg("seat-1: handshake %s: %s", raw_rc_name(rc), stuck.why);
    raw_ready(&busy, r, "secretary-1");
    static char command[NOTE + 64];
    char text[NOTE + 1], cid[32];
    uint32_t x = 2463534242u;
    for (int i = 0; i < NOTE; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        text[i] = (char)('a' + x % 26);
    }
    text[NOTE] = '\0';
    snprintf(command, sizeof command, "{\"type\":\"note_set\",\"item\":1,\"text\":\"%s\"}", text);
    char drop[128];
    snprintf(drop, sizeof drop, "dropped: more than %d bytes waiting: the console does not read",
             TIGHT_QUEUE);
    int sent = 0, dropped_at = -1;
    int64_t deadline = raw_now_ms() + FLOOD_MS;
    while (raw_now_ms() < deadline && (dropped_at < 0 || sent < dropped_at + AFTER_DROP)) {
        for (int i = 0; i < ROUND; i++) {
            snprintf(cid, sizeof cid, "n-%d", sent + i);
            raw_sendf(&busy, "{\"t\":\"command\",\"cid\":\"%s\",\"command\":%s}", cid, command);
        }
        for (int i = 0; i < ROUND; i++) {
            struct msg m;
            snprintf(cid, sizeof cid, "n-%d", sent + i);
            if (!raw_expect(&busy, MSG_ANSWER, &m, WAIT_MS))
                fail_msg("the flooding secretary lost its link after %d notes", sent + i);
            assert_string_equal(m.u.answer.cid, cid);
            if (!m.u.answer.ok) fail_msg("%s refused: %s", cid, m.u.answer.detail);
            msg_free(&m);
        }
        sent += ROUND;
        if (dropped_at < 0 && room_lines(r, "hub.log", stuck.peer, drop) > 0) dropped_at = sent;
    }
    if (dropped_at < 0)
        fail_msg("the console that does not read is still there after %d notes", sent);
    assert_true(raw_closed(&stuck, WAIT_MS));
    assert_int_equal(room_lines(r, "hub.log", busy.peer, "dropped"), 0);
    assert_int_equal(room_lines(r, "hub.log", busy.peer, "connection ended"), 0);
    raw_close(&stuck);
    raw_close(&busy);
    settled(r);
    assert_int_equal(room_journal_count(r, "note_changed"), notes + sent);
    print_message("# %d notes of %d bytes; dropped after %d\n", sent, NOTE, dropped_at);
}

/* ---- a room with a low rate limit ---- */

enum { RATE = 5, BURST = 10, FLOOD = 40 };

static int open_rate_room(void **state)
{
    static struct room room;
    room_open_timeout(&room, 1, ROOM_PATIENT_MS);
    char net[96];
    snprintf(net, sizeof net, "[net]\ncommand_rate = %d\ncommand_burst = %d\n", RATE, BURST);
    room_configure(&room, net);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

/* A console sending commands faster than [net] command_rate, in bursts past command_burst: the
 * burst is taken, the rest refused (too many, said once in the log) without dropping it or
 * recording them; another console is served meanwhile, and once the flood stops the same
 * command is taken again. */
static void command_flood_refused_past_the_rate(void **state)
{
    struct room *r = *state;
    struct raw flood;
    settled(r);
    int64_t notes = room_journal_count(r, "note_changed");
    raw_ready(&flood, r, "secretary-1");
    char cid[32];
    for (int i = 0; i < FLOOD; i++) {
        snprintf(cid, sizeof cid, "f-%d", i);
        raw_sendf(&flood,
                  "{\"t\":\"command\",\"cid\":\"%s\",\"command\":{\"type\":\"note_set\","
                  "\"item\":1,\"text\":\"note %d\"}}",
                  cid, i);
    }
    int ok = 0, too_many = 0;
    char refused[MSG_CID_MAX] = "";
    for (int i = 0; i < FLOOD; i++) {
        struct msg m;
        if (!raw_expect(&flood, MSG_ANSWER, &m, WAIT_MS)) fail_msg("answer %d missing", i);
        ok += m.u.answer.ok;
        too_many += !m.u.answer.ok && m.u.answer.code == ERR_TOO_MANY;
        if (!m.u.answer.ok) snprintf(refused, sizeof refused, "%s", m.u.answer.cid);
        msg_free(&m);
    }
    /* the burst, and what the rate refilled while they arrived */
    assert_in_range(ok, BURST, BURST + 2);
    assert_int_equal(ok + too_many, FLOOD);
    assert_int_equal(room_lines(r, "hub.log", flood.peer, "more than 5 commands a second"), 1);
    cJSON *other = room_state(r, "chair-1"); /* another console (not secretary-1's key) */
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(other, "seq")) > 0);
    cJSON_Delete(other);
    room_sleep_ms(3 * 1000 / RATE); /* three tokens back */
    assert_int_equal(room_journal_count(r, "note_changed"), notes + ok);
    struct msg_answer a = raw_command(
        &flood, refused, "{\"type\":\"note_set\",\"item\":1,\"text\":\"later\"}", NULL, WAIT_MS);
    assert_true(a.ok); /* a refused command was not remembered: sent again, it is taken */
    assert_int_equal(room_journal_count(r, "note_changed"), notes + ok + 1);
    assert_int_equal(room_lines(r, "hub.log", flood.peer, "dropped"), 0);
    raw_close(&flood);
}

static bool connected(struct room *r, int person)
{
    cJSON *s = room_state(r, "secretary-1");
    bool on = cJSON_IsTrue(cJSON_GetObjectItem(room_person(s, person), "connected"));
    cJSON_Delete(s);
    return on;
}

/* After a crash, a seat whose console comes back within the timeout keeps its link without a
 * journal row; one that does not come back is recorded as gone once the timeout has passed. */
static void links_after_a_restart(void **state)
{
    struct room *r = *state;
    int first = r->nwatchers;
    room_watch(r, "seat-1");
    room_watch(r, "seat-2");
    while (!connected(r, 1) || !connected(r, 2)) room_sleep_ms(20);
    int64_t links = room_journal_count(r, "link_changed");
    room_hub_stop(r, SIGKILL);
    kill(r->watchers[first], SIGKILL); /* seat 1's console goes down with the hub */
    waitpid(r->watchers[first], NULL, 0);
    r->watchers[first] = 0;
    room_hub_start(r);
    room_wait_for(r, "watch-seat-2", "{\"t\":\"synced\"", 2); /* seat 2's is back */
    for (int64_t waited = 0; room_journal_count(r, "link_changed") == links; waited += 20) {
        assert_true(waited < WAIT_MS);
        room_sleep_ms(20);
    }
    settled(r);
    assert_int_equal(room_journal_count(r, "link_changed"), links + 1);
    assert_false(connected(r, 1));
    assert_true(connected(r, 2));
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(unenrolled_key_refused),
        cmocka_unit_test(wrong_hub_key_refused),
        cmocka_unit_test(garbage_and_oversize_dropped),
        cmocka_unit_test(seat_acts_only_for_its_member),
        cmocka_unit_test(replayed_frame_dropped),
        cmocka_unit_test(revoked_console_dropped_and_refused),
    };
    const struct CMUnitTest silence[] = {
        cmocka_unit_test(unfinished_handshake_dropped),
        cmocka_unit_test(silent_console_dropped_member_stays),
        cmocka_unit_test(resent_command_answered_once),
        cmocka_unit_test(links_after_a_restart),
    };
    const struct CMUnitTest rate[] = {
        cmocka_unit_test(command_flood_refused_past_the_rate),
    };
    const struct CMUnitTest tight[] = {
        cmocka_unit_test(configured_frame_max_enforced),
        cmocka_unit_test(stuck_console_dropped_others_served),
    };
    int failed = cmocka_run_group_tests_name("refusals", shared, open_room, room_teardown);
    failed += cmocka_run_group_tests_name("silence and restarts", silence, open_small_room,
                                          room_teardown);
    failed += cmocka_run_group_tests_name("rate limit", rate, open_rate_room, room_teardown);
    return failed +
           cmocka_run_group_tests_name("slow consoles", tight, open_tight_room, room_teardown);
}
