/* The registry of consoles (enrol, revoke, find, list, and the rules that refuse), the origins
 * of events stored with them for resent commands, changes made by another connection, and the
 * seat PIN split into fetching the hash and verifying it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/import.h"
#include "db_fixture.h"

#define OK(expr)                                                                                   \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0) fail_msg("%s: %d (%s / %s)", #expr, rc_, h->err.detail, h->dberr.message);   \
    } while (0)

static int64_t count(const char *path, const char *sql)
{
    sqlite3 *x;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(x, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(x);
    return n;
}

/* ---- consoles ---- */

static struct db_console console(const char *name, enum role role, int32_t seat, unsigned char k)
{
    struct db_console c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "%s", name);
    c.role = role;
    c.seat = seat;
    memset(c.public_key, k, sizeof c.public_key);
    c.enrolled_at = DBT_T0 + k;
    return c;
}

/* Enrol c, which must be refused with a message that ends with want (after "PATH: "). */
static void refused(struct hub *h, struct db_console c, const char *want)
{
    struct db_error err;
    char full[600];
    assert_int_equal(db_console_enroll(h->db, &c, &err), DB_ERR_ARG);
    snprintf(full, sizeof full, "%.200s: %.300s", h->path, want);
    assert_string_equal(err.message, full);
    assert_int_equal(c.id, 0);
}

static void three_roles_are_enrolled(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    struct db_console want[3] = {
        console("seat-12", ROLE_MEMBER, 12, 1),
        console("secretary-1", ROLE_SECRETARY, 0, 2),
        console("display-1", ROLE_DISPLAY, 0, 3),
    };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(db_console_enroll(h->db, &want[i], &err), DB_OK);
        assert_int_equal(want[i].id, i + 1);
    }
    struct db_console *list;
    int n;
    assert_int_equal(db_console_list(h->db, &list, &n, &err), DB_OK);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++) assert_memory_equal(&list[i], &want[i], sizeof want[i]);
    free(list);
    assert_int_equal(count(h->path, "SELECT count(*) FROM console WHERE role = 'secretary' AND "
                                    "seat = 0 AND revoked_at = 0"),
                     1);
    assert_int_equal(count(h->path, "SELECT seat FROM console WHERE role = 'member'"), 12);
    hub_free(h);
}

static void enrolments_that_break_a_rule_are_refused(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    struct db_console seat12 = console("seat-12", ROLE_MEMBER, 12, 1);
    assert_int_equal(db_console_enroll(h->db, &seat12, &err), DB_OK);

    refused(h, console("seat-12", ROLE_MEMBER, 13, 2),
            "console seat-12: the name is taken by an enrolled console");
    refused(h, console("seat-12b", ROLE_MEMBER, 12, 2),
            "console seat-12b: seat 12 is taken by the enrolled console seat-12");
    refused(h, console("seat-13", ROLE_MEMBER, 13, 1),
            "console seat-13: the key was already enrolled (as seat-12); a key is enrolled only "
            "once");
    refused(h, console("seat-14", ROLE_MEMBER, 0, 4),
            "console seat-14: a member console needs a seat from 1 to 99999, not 0");
    refused(h, console("seat-x", ROLE_MEMBER, 100000, 4),
            "console seat-x: a member console needs a seat from 1 to 99999, not 100000");
    refused(h, console("secretary-1", ROLE_SECRETARY, 3, 4),
            "console secretary-1: a secretary console has no seat");
    refused(h, console("display-1", ROLE_DISPLAY, 1, 4),
            "console display-1: a display console has no seat");
    refused(h, console("chair-1", ROLE_CHAIR, 2, 4),
            "console chair-1: a chair console has no seat");
    refused(h, console("hub", ROLE_HUB, 0, 4),
            "console hub: the role hub cannot be enrolled (member, secretary, display, chair or "
            "examinee)");
    refused(
        h, console("odd", (enum role)ROLE_COUNT, 0, 4),
        "console odd: the role (unknown) cannot be enrolled (member, secretary, display, chair or "
        "examinee)");
    struct db_console examinee = console("examinee-1", ROLE_EXAMINEE, 0, 77);
    refused(h, examinee, "console examinee-1: an examinee console, and only one, is for a nominee");
    struct db_console seat15 = console("seat-15", ROLE_MEMBER, 15, 5);
    seat15.nominee = 17;
    refused(h, seat15, "console seat-15: an examinee console, and only one, is for a nominee");
    examinee.nominee = 17; /* the nominee's id, never a seat: seat 17's console is another */
    assert_int_equal(db_console_enroll(h->db, &examinee, &err), DB_OK);
    struct db_console back;
    bool found = false;
    assert_int_equal(db_console_find(h->db, examinee.public_key, &back, &found, &err), DB_OK);
    assert_true(found);
    assert_int_equal(back.role, ROLE_EXAMINEE);
    assert_int_equal(back.nominee, 17);
    assert_int_equal(back.seat, 0);
    refused(h, console("seat 14", ROLE_MEMBER, 14, 4),
            "a console name may hold only A-Z, a-z, 0-9, '.', '_' and '-' (byte 5 is not one)");
    refused(h, console("座位14", ROLE_MEMBER, 14, 4),
            "a console name may hold only A-Z, a-z, 0-9, '.', '_' and '-' (byte 1 is not one)");
    refused(h, console("a/b", ROLE_DISPLAY, 0, 4),
            "a console name may hold only A-Z, a-z, 0-9, '.', '_' and '-' (byte 2 is not one)");
    refused(h, console("", ROLE_DISPLAY, 0, 4), "a console name is empty");
    struct db_console tall = console("", ROLE_DISPLAY, 0, 4);
    memset(tall.name, 'a', sizeof tall.name); /* no terminating NUL */
    refused(h, tall, "a console name is longer than 63 bytes");
    struct db_console late = console("display-2", ROLE_DISPLAY, 0, 4);
    late.revoked_at = DBT_T0;
    assert_int_equal(db_console_enroll(h->db, &late, &err), DB_ERR_ARG);

    /* after a revocation the key stays used, the name and the seat are free */
    assert_int_equal(db_console_revoke(h->db, "seat-12", DBT_T0 + 100, &err), DB_OK);
    refused(h, console("seat-12", ROLE_MEMBER, 12, 1),
            "console seat-12: the key was already enrolled (as seat-12, revoked); a key is "
            "enrolled only once");
    assert_int_equal(count(h->path, "SELECT count(*) FROM console"),
                     2); /* seat-12 and examinee-1 */

    struct db *ro;
    assert_int_equal(db_open_readonly(h->path, &ro, &err), DB_OK);
    struct db_console d = console("display-3", ROLE_DISPLAY, 0, 9);
    assert_int_equal(db_console_enroll(ro, &d, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(db_console_revoke(ro, "seat-12", DBT_T0, &err), DB_ERR_ARG);
    db_close(ro);
    hub_free(h);
}

static void a_revoked_console_is_replaced(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    struct db_console old = console("seat-12", ROLE_MEMBER, 12, 1);
    struct db_console sec = console("secretary-1", ROLE_SECRETARY, 0, 2);
    assert_int_equal(db_console_enroll(h->db, &old, &err), DB_OK);
    assert_int_equal(db_console_enroll(h->db, &sec, &err), DB_OK);

    assert_int_equal(db_console_revoke(h->db, "seat-12", DBT_T0 + 500, &err), DB_OK);
    assert_int_equal(db_console_revoke(h->db, "seat-12", DBT_T0 + 600, &err), DB_ERR_ARG);
    char want[600];
    snprintf(want, sizeof want, "%.200s: console seat-12: no enrolled console has this name",
             h->path);
    assert_string_equal(err.message, want);
    assert_int_equal(db_console_revoke(h->db, "seat-99", DBT_T0 + 600, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "console seat-99: no enrolled console has this name"));
    assert_int_equal(db_console_revoke(h->db, "secretary-1", 0, &err), DB_ERR_ARG);
    assert_int_equal(db_console_revoke(h->db, "bad name", DBT_T0, &err), DB_ERR_ARG);

    /* a new console on the same seat, under the same name */
    struct db_console fresh = console("seat-12", ROLE_MEMBER, 12, 3);
    assert_int_equal(db_console_enroll(h->db, &fresh, &err), DB_OK);
    assert_int_equal(fresh.id, 3);

    struct db_console found;
    bool ok = false;
    assert_int_equal(db_console_find(h->db, old.public_key, &found, &ok, &err), DB_OK);
    assert_true(ok);
    assert_int_equal(found.id, old.id);
    assert_int_equal(found.revoked_at, DBT_T0 + 500);
    assert_string_equal(found.name, "seat-12");
    assert_int_equal(found.role, ROLE_MEMBER);
    assert_int_equal(found.seat, 12);
    assert_int_equal(db_console_find(h->db, fresh.public_key, &found, &ok, &err), DB_OK);
    assert_true(ok);
    assert_memory_equal(&found, &fresh, sizeof fresh);
    unsigned char unknown[DB_CONSOLE_KEY_BYTES];
    memset(unknown, 7, sizeof unknown);
    assert_int_equal(db_console_find(h->db, unknown, &found, &ok, &err), DB_OK);
    assert_false(ok);

    /* in order of id, the revoked one too */
    struct db_console *list;
    int n;
    assert_int_equal(db_console_list(h->db, &list, &n, &err), DB_OK);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, 1);
    assert_int_equal(list[0].revoked_at, DBT_T0 + 500);
    assert_string_equal(list[1].name, "secretary-1");
    assert_int_equal(list[1].role, ROLE_SECRETARY);
    assert_int_equal(list[2].id, 3);
    assert_int_equal(list[2].revoked_at, 0);
    free(list);

    /* a reader sees the same */
    struct db *ro;
    assert_int_equal(db_open_readonly(h->path, &ro, &err), DB_OK);
    assert_int_equal(db_console_list(ro, &list, &n, &err), DB_OK);
    assert_int_equal(n, 3);
    free(list);
    assert_int_equal(db_console_find(ro, fresh.public_key, &found, &ok, &err), DB_OK);
    assert_true(ok);
    db_close(ro);
    hub_free(h);
}

static void an_empty_registry_lists_nothing(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    struct db_console *list = (struct db_console *)1;
    int n = -1;
    assert_int_equal(db_console_list(h->db, &list, &n, &err), DB_OK);
    assert_int_equal(n, 0);
    free(list);
    hub_free(h);
}

static void changes_by_another_connection_are_seen(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    assert_true(db_changed_elsewhere(h->db)); /* the first call */
    assert_false(db_changed_elsewhere(h->db));
    struct db_console mine = console("display-1", ROLE_DISPLAY, 0, 1);
    assert_int_equal(db_console_enroll(h->db, &mine, &err), DB_OK);
    OK(hub_roster(h, 3));
    assert_false(db_changed_elsewhere(h->db)); /* its own changes */

    struct db *other;
    assert_int_equal(db_open_readonly(h->path, &other, &err), DB_OK);
    db_close(other);
    assert_false(db_changed_elsewhere(h->db)); /* a reader changes nothing */
    assert_int_equal(db_open(h->path, NULL, &other, &err), DB_OK);
    db_changed_elsewhere(h->db); /* either: opening it checkpoints the WAL */
    struct db_console theirs = console("seat-2", ROLE_MEMBER, 2, 2);
    assert_int_equal(db_console_enroll(other, &theirs, &err), DB_OK);
    assert_true(db_changed_elsewhere(h->db));
    assert_false(db_changed_elsewhere(h->db));
    assert_int_equal(db_console_revoke(other, "display-1", DBT_T0 + 1, &err), DB_OK);
    assert_true(db_changed_elsewhere(h->db));
    struct db_console found;
    bool ok;
    assert_int_equal(db_console_find(h->db, mine.public_key, &found, &ok, &err), DB_OK);
    assert_true(ok);
    assert_int_equal(found.revoked_at, DBT_T0 + 1);
    db_close(other);
    hub_free(h);
}

/* ---- origins ---- */

struct sender {
    struct hub *h;
    struct db_origin origins[16];
    int n;
};

/* Validate c and apply its events, queued with their origin for send_queued(). */
static void queue(struct sender *s, int64_t console_id, const char *cid, enum role role,
                  int32_t person, const struct command *c)
{
    struct hub *h = s->h;
    struct actor a = {role, person};
    h->now += 1000;
    if (core_validate(h->s, &a, c, h->now, &h->last, &h->err) != ERR_OK)
        fail_msg("%s", h->err.detail);
    for (int i = 0; i < h->last.count; i++) {
        assert_true(s->n < 16);
        h->buf[s->n] = h->last.events[i];
        s->origins[s->n].console = console_id;
        snprintf(s->origins[s->n].cid, DB_CID_MAX, "%s", cid);
        s->n++;
        assert_int_equal(core_apply(h->s, &h->last.events[i]), ERR_OK);
    }
}

static void send_queued(struct sender *s)
{
    struct hub *h = s->h;
    OK(db_append_from(h->db, h->buf, s->origins, s->n, &h->dberr) == DB_OK ? 0 : -1);
    s->n = 0;
}

struct seen {
    int n;
    struct {
        int64_t console, first, last;
        char cid[DB_CID_MAX];
    } o[16];
};

static void collect(void *ctx, int64_t console_id, const char *cid, int64_t first, int64_t last)
{
    struct seen *s = ctx;
    assert_true(s->n < 16);
    s->o[s->n].console = console_id;
    snprintf(s->o[s->n].cid, DB_CID_MAX, "%s", cid);
    s->o[s->n].first = first;
    s->o[s->n].last = last;
    s->n++;
}

static void recent(struct db *db, int64_t rows, struct seen *s)
{
    struct db_error err;
    memset(s, 0, sizeof *s);
    if (db_recent_origins(db, rows, collect, s, &err) != DB_OK) fail_msg("%s", err.message);
}

static void seen_is(const struct seen *s, int i, int64_t console_id, const char *cid, int64_t first,
                    int64_t last)
{
    assert_true(i < s->n);
    assert_int_equal(s->o[i].console, console_id);
    assert_string_equal(s->o[i].cid, cid);
    assert_int_equal(s->o[i].first, first);
    assert_int_equal(s->o[i].last, last);
}

static struct command floor_request(int32_t item, int32_t person)
{
    struct command c = dbt_cmd(CMD_FLOOR_REQUEST);
    c.p.item = item;
    c.p.person = person;
    return c;
}

/* Members 1..5, a meeting opened (rows 1..12, no origin), then from consoles: a vote item
 * (two events, 13-14), a deliberation item (15), the chair opening it with no origin (16),
 * seat 1's floor request (17), all in one append; then seat 2's (18). */
static void a_sitting_from_consoles(struct hub *h)
{
    struct sender s = {.h = h};
    OK(hub_roster(h, 5));
    OK(hub_open_meeting(h, 5));
    struct command vote = dbt_cmd(CMD_ITEM_ADD), delib = dbt_cmd(CMD_ITEM_ADD);
    vote.p.kind = ITEM_VOTE;
    snprintf(vote.p.title, sizeof vote.p.title, "表决：决定草案");
    delib.p.kind = ITEM_DELIBERATION;
    snprintf(delib.p.title, sizeof delib.p.title, "审议报告");
    queue(&s, 3, "s-1", ROLE_SECRETARY, 0, &vote);
    assert_int_equal(s.n, 2);
    queue(&s, 3, "s-2", ROLE_SECRETARY, 0, &delib);
    int32_t item = h->last.events[0].p.id;
    struct command open = dbt_cmd(CMD_ITEM_OPEN);
    open.p.id = item;
    queue(&s, 0, "", ROLE_CHAIR, 0, &open);
    struct command req = floor_request(item, 1);
    queue(&s, 1, "m-1", ROLE_MEMBER, 1, &req);
    send_queued(&s);
    req = floor_request(item, 2);
    queue(&s, 2, "m-1", ROLE_MEMBER, 2, &req);
    send_queued(&s);
    int64_t head;
    db_head(h->db, &head, NULL);
    assert_int_equal(head, 18);
}

static void origins_are_stored_with_their_events(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    a_sitting_from_consoles(h);
    assert_int_equal(count(h->path, "SELECT count(*) FROM origin"), 5);

    struct seen s;
    recent(h->db, 1000, &s);
    assert_int_equal(s.n, 4);
    seen_is(&s, 0, 3, "s-1", 13, 14);
    seen_is(&s, 1, 3, "s-2", 15, 15);
    seen_is(&s, 2, 1, "m-1", 17, 17);
    seen_is(&s, 3, 2, "m-1", 18, 18);
    recent(h->db, 5, &s); /* rows 14..18: the vote's second event only */
    assert_int_equal(s.n, 4);
    seen_is(&s, 0, 3, "s-1", 14, 14);
    recent(h->db, 3, &s); /* rows 16..18 */
    assert_int_equal(s.n, 2);
    seen_is(&s, 0, 1, "m-1", 17, 17);
    recent(h->db, 0, &s);
    assert_int_equal(s.n, 0);
    assert_int_equal(db_recent_origins(h->db, -1, collect, &s, &err), DB_ERR_ARG);

    /* what a restarted hub finds, and the file still verifies */
    struct db_load_info info;
    OK(hub_reopen(h, &info));
    assert_int_equal(info.events, 18);
    recent(h->db, 1000, &s);
    assert_int_equal(s.n, 4);
    seen_is(&s, 3, 2, "m-1", 18, 18);
    struct db_console c = console("seat-1", ROLE_MEMBER, 1, 1);
    assert_int_equal(db_console_enroll(h->db, &c, &err), DB_OK);
    assert_int_equal(db_console_revoke(h->db, "seat-1", DBT_T0, &err), DB_OK);
    struct db_verify_summary sum;
    assert_int_equal(db_verify(h->path, NULL, &sum, &err), DB_OK);
    assert_int_equal(sum.events, 18);
    assert_int_equal(sum.chain_problems + sum.tally_problems + sum.other_problems, 0);

    /* without origins it is db_append */
    struct command req = floor_request(h->last.events[0].p.item, 3);
    h->now += 1000;
    struct actor a = {ROLE_MEMBER, 3};
    assert_int_equal(core_validate(h->s, &a, &req, h->now, &h->last, &h->err), ERR_OK);
    assert_int_equal(db_append_from(h->db, h->last.events, NULL, h->last.count, &err), DB_OK);
    assert_int_equal(h->last.events[0].seq, 19);
    assert_int_equal(count(h->path, "SELECT count(*) FROM origin"), 5);
    hub_free(h);
}

/* A batch that fails leaves no origin behind, nor any row; bad origins are refused first. */
static void a_failed_append_stores_no_origin(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    OK(hub_roster(h, 5));
    OK(hub_open_meeting(h, 5));
    int64_t head;
    db_head(h->db, &head, NULL);

    struct sender s = {.h = h};
    struct command note = dbt_cmd(CMD_ITEM_ADD);
    note.p.kind = ITEM_DELIBERATION;
    snprintf(note.p.title, sizeof note.p.title, "审议报告");
    queue(&s, 3, "s-1", ROLE_SECRETARY, 0, &note);
    h->buf[1] = h->buf[0];
    h->buf[1].type = (enum event_type)EV_COUNT; /* a row that cannot be journaled */
    s.origins[1] = s.origins[0];
    assert_int_equal(db_append_from(h->db, h->buf, s.origins, 2, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "unknown event type"));
    assert_int_equal(h->buf[0].seq, 0);

    h->buf[1] = h->buf[0];
    struct db_origin bad[2];
    memcpy(bad, s.origins, sizeof bad);
    bad[1].cid[0] = '\0';
    assert_int_equal(db_append_from(h->db, h->buf, bad, 2, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "the origin of event 1 of the batch: a console's command "
                                        "has no command id"));
    memcpy(bad, s.origins, sizeof bad);
    bad[1].console = 0;
    assert_int_equal(db_append_from(h->db, h->buf, bad, 2, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "a command id without a console"));
    bad[1].console = -3;
    assert_int_equal(db_append_from(h->db, h->buf, bad, 2, &err), DB_ERR_ARG);
    bad[1].console = 3;
    memset(bad[1].cid, 'x', sizeof bad[1].cid);
    assert_int_equal(db_append_from(h->db, h->buf, bad, 2, &err), DB_ERR_ARG);
    assert_non_null(strstr(err.message, "the command id is too long"));

    int64_t now_head;
    db_head(h->db, &now_head, NULL);
    assert_int_equal(now_head, head);
    assert_int_equal(count(h->path, "SELECT count(*) FROM origin"), 0);
    assert_int_equal(count(h->path, "SELECT max(seq) FROM journal"), head);
    struct seen seen;
    recent(h->db, 1000, &seen);
    assert_int_equal(seen.n, 0);

    /* the good one follows on */
    assert_int_equal(db_append_from(h->db, h->buf, s.origins, 1, &err), DB_OK);
    recent(h->db, 1000, &seen);
    assert_int_equal(seen.n, 1);
    seen_is(&seen, 0, 3, "s-1", head + 1, head + 1);
    hub_free(h);
}

/* ---- seat PINs ---- */

static void pin_hashes_are_fetched_then_verified(void **state)
{
    (void)state;
    struct hub hub, *h = &hub;
    struct db_error err;
    OK(hub_init(h));
    hub_batch(h, true);
    for (int32_t id = 1; id <= 3; id++) OK(hub_member_add(h, id));
    hub_batch(h, false);
    struct imported_pin pins[2] = {{1, "4711"}, {2, "12345678"}};
    assert_int_equal(db_append_with_pins(h->db, h->buf, h->pending, pins, 2, &err), DB_OK);
    h->pending = 0;

    char hash[DB_PIN_HASH_MAX];
    bool has_pin = false, ok = true;
    assert_int_equal(db_pin_hash(h->db, 1, hash, &has_pin, &err), DB_OK);
    assert_true(has_pin);
    assert_non_null(strstr(hash, "$argon2id$"));
    assert_true(pin_hash_verify(hash, "4711"));
    assert_false(pin_hash_verify(hash, "4712"));
    assert_false(pin_hash_verify(hash, ""));
    assert_int_equal(db_pin_hash(h->db, 2, hash, &has_pin, &err), DB_OK);
    assert_true(pin_hash_verify(hash, "12345678"));
    assert_false(pin_hash_verify(hash, "4711"));

    assert_int_equal(db_pin_hash(h->db, 3, hash, &has_pin, &err), DB_OK);
    assert_false(has_pin);
    assert_string_equal(hash, "");
    assert_false(pin_hash_verify(hash, ""));
    assert_false(pin_hash_verify(NULL, "4711"));

    /* db_pin_check is the two together */
    assert_int_equal(db_pin_check(h->db, 1, "4711", &has_pin, &ok, &err), DB_OK);
    assert_true(has_pin && ok);
    assert_int_equal(db_pin_check(h->db, 1, "0000", &has_pin, &ok, &err), DB_OK);
    assert_true(has_pin);
    assert_false(ok);
    assert_int_equal(db_pin_check(h->db, 3, "4711", &has_pin, &ok, &err), DB_OK);
    assert_false(has_pin || ok);
    hub_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_roles_are_enrolled),
        cmocka_unit_test(enrolments_that_break_a_rule_are_refused),
        cmocka_unit_test(a_revoked_console_is_replaced),
        cmocka_unit_test(an_empty_registry_lists_nothing),
        cmocka_unit_test(changes_by_another_connection_are_seen),
        cmocka_unit_test(origins_are_stored_with_their_events),
        cmocka_unit_test(a_failed_append_stores_no_origin),
        cmocka_unit_test(pin_hashes_are_fetched_then_verified),
    };
    return cmocka_run_group_tests_name("db console", tests, NULL, NULL);
}
