/* Crash at any instant: a child process runs a meeting (secret evaluations, named votes,
 * speeches) through the core and db_append in batches, and after each append returns it
 * acknowledges the last seq and its hash on a pipe.  The parent kills it with SIGKILL at a
 * random moment (seeded), then checks the database as the crash left it: verify finds the
 * chain whole and the tallies right, db_load rebuilds the state (restoring any open secret
 * ballot), and every acknowledged seq is there exactly once with the hash acknowledged.  The
 * next child carries on from the recovered state.  Thirty rounds, well under a minute. */
#define _GNU_SOURCE /* clock_gettime, kill */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include <sqlite3.h>

#include "db_fixture.h"

enum {
    ROUNDS = 30,
    MEMBERS = 35,
    PRESENT = 33,
    ITEMS_USED_MAX = 150, /* the child idles past this many items (the core allows 200) */
    ACKS_MAX = 100000,
    BATCH_COMMANDS_MAX = 6,
};
#define SEED 0x636d7465a11ceULL

/* One message on the pipe: an acknowledgement (seq > 0), or the child's last words. */
struct msg {
    int64_t seq;
    unsigned char hash[32];
    char text[216];
};
_Static_assert(sizeof(struct msg) <= 512, "one atomic pipe write");

static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* ---- the child: a meeting that goes on forever, from whatever state it finds ---- */

struct child {
    struct core_state *s;
    uint64_t rng;
    int64_t now;
};

static int pick(struct child *c, int n)
{
    return (int)(rng_next(&c->rng) % (uint64_t)n);
}

static const struct person *first_person(const struct core_state *s, enum attendance a)
{
    for (int i = 0; i < s->person_count && s->people[i].id <= PRESENT; i++)
        if (s->people[i].attendance == a) return &s->people[i];
    return NULL;
}

/* A member present who has not cast yet (everyone casts on every subject at once), or 0:
 * the first whose cast the core accepts. */
static int32_t next_voter(const struct core_state *s, const struct item *it, int64_t now)
{
    struct command cmd = dbt_cmd(CMD_BALLOT_CAST);
    cmd.p.item = it->id;
    cmd.p.choice_count = 1;
    cmd.p.choices[0].subject = it->ballot.subjects[0].id;
    for (int i = 0; i < s->person_count; i++) {
        struct actor a = {ROLE_MEMBER, s->people[i].id};
        struct event_batch out;
        struct core_error err;
        cmd.p.person = a.person;
        if (core_validate(s, &a, &cmd, now, &out, &err) == ERR_OK) return a.person;
    }
    return 0;
}

static void ballot_step(struct child *c, const struct item *it, struct command *cmd,
                        struct actor *a)
{
    const struct ballot *b = &it->ballot;
    cmd->p.item = it->id;
    if (b->state == BALLOT_NONE) {
        cmd->type = CMD_BALLOT_OPEN;
        return;
    }
    int32_t who = b->state == BALLOT_OPEN ? next_voter(c->s, it, c->now) : 0;
    if (b->state == BALLOT_OPEN && who) {
        cmd->type = CMD_BALLOT_CAST;
        cmd->p.person = who;
        a->role = ROLE_MEMBER;
        a->person = who;
        cmd->p.choice_count = b->subject_count;
        for (int k = 0; k < b->subject_count; k++) {
            cmd->p.choices[k].subject = b->subjects[k].id;
            cmd->p.choices[k].option = pick(c, b->option_count);
        }
        return;
    }
    cmd->type = b->state == BALLOT_OPEN ? CMD_BALLOT_CLOSE : CMD_ITEM_CLOSE;
    cmd->p.id = it->id;
}

static void speech_step(struct child *c, const struct item *it, struct command *cmd,
                        struct actor *a)
{
    (void)c;
    cmd->p.item = it->id;
    int done = 0, waiting = 0;
    for (int i = 0; i < it->speaker_count; i++) {
        done += it->speakers[i].state == SPK_DONE;
        waiting += it->speakers[i].state == SPK_WAITING;
    }
    if (core_floor(it, SITTING_PLENARY)) {
        cmd->type = CMD_SPEECH_END;
    } else if (waiting) {
        cmd->type = CMD_FLOOR_GRANT;
    } else if (done < 2) {
        cmd->type = CMD_FLOOR_REQUEST;
        cmd->p.person = 2 + done * 5;
        a->role = ROLE_MEMBER;
        a->person = cmd->p.person;
    } else {
        cmd->type = CMD_ITEM_CLOSE;
        cmd->p.id = it->id;
    }
}

/* The next item to hold: secret evaluations, named votes and deliberations in turn. */
static void agenda_step(struct child *c, struct command *cmd, struct actor *a)
{
    const struct core_state *s = c->s;
    a->role = ROLE_SECRETARY;
    for (int i = 0; i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (it->state != ITEM_PENDING) continue;
        if (it->kind == ITEM_EVALUATION && it->ballot.subject_count < 2) {
            cmd->type = CMD_SUBJECT_ADD;
            cmd->p.item = it->id;
            snprintf(cmd->p.title, sizeof cmd->p.title, "部门%d", it->ballot.subject_count + 1);
            return;
        }
        cmd->type = CMD_ITEM_OPEN;
        cmd->p.id = it->id;
        a->role = ROLE_CHAIR;
        return;
    }
    static const enum item_kind kinds[] = {ITEM_EVALUATION, ITEM_VOTE, ITEM_DELIBERATION};
    enum item_kind kind = kinds[s->item_count % 3];
    cmd->type = CMD_ITEM_ADD;
    cmd->p.kind = kind;
    cmd->p.flag = kind == ITEM_EVALUATION;
    snprintf(cmd->p.title, sizeof cmd->p.title, "议题%d", s->item_count + 1);
}

/* The next command of the meeting; false when there is nothing more to do. */
static bool next_command(struct child *c, struct command *cmd, struct actor *a)
{
    const struct core_state *s = c->s;
    memset(cmd, 0, sizeof *cmd);
    a->role = ROLE_CHAIR;
    a->person = 0;
    const struct person *p;
    switch (s->meeting.state) {
    case MEETING_NONE:
        a->role = ROLE_SECRETARY;
        if (core_members(s) < MEMBERS) {
            cmd->type = CMD_MEMBER_ADD;
            cmd->p.id = core_members(s) + 1;
            cmd->p.kind = PERSON_MEMBER;
            cmd->p.number = cmd->p.id;
            snprintf(cmd->p.name, sizeof cmd->p.name, "委员%02d", (int)cmd->p.id);
        } else {
            cmd->type = CMD_MEETING_CREATE;
            cmd->p.number = 12;
            snprintf(cmd->p.date, sizeof cmd->p.date, "2026-11-23");
            snprintf(cmd->p.title, sizeof cmd->p.title, "第十二次会议");
        }
        return true;
    case MEETING_SCHEDULED:
        if ((p = first_person(s, ATT_ABSENT))) {
            cmd->type = CMD_SIGN_IN;
            cmd->p.person = a->person = p->id;
            a->role = ROLE_MEMBER;
        } else {
            cmd->type = CMD_MEETING_OPEN;
        }
        return true;
    case MEETING_OPEN:
        break;
    default:
        return false;
    }
    const struct item *it = core_open_item(s);
    if (!it && s->item_count >= ITEMS_USED_MAX) return false;
    if (!it)
        agenda_step(c, cmd, a);
    else if (it->kind == ITEM_DELIBERATION)
        speech_step(c, it, cmd, a);
    else
        ballot_step(c, it, cmd, a);
    return true;
}

static void say(int fd, int64_t seq, const unsigned char *hash, const char *text)
{
    struct msg m = {.seq = seq};
    if (hash) memcpy(m.hash, hash, sizeof m.hash);
    snprintf(m.text, sizeof m.text, "%s", text);
    if (write(fd, &m, sizeof m) != (ssize_t)sizeof m) _exit(9);
}

/* Validate, apply and collect a few commands' events, append them, acknowledge. */
static int child_batch(struct child *c, struct db *db, struct event *buf, int fd)
{
    int n = 0, commands = 1 + pick(c, BATCH_COMMANDS_MAX);
    for (int i = 0; i < commands; i++) {
        struct command cmd;
        struct actor a;
        struct event_batch out;
        struct core_error cerr;
        if (!next_command(c, &cmd, &a)) break;
        c->now += 1000;
        if (core_validate(c->s, &a, &cmd, c->now, &out, &cerr) != ERR_OK) {
            char text[216];
            snprintf(text, sizeof text, "%.40s refused: %.150s", command_name(cmd.type),
                     cerr.detail);
            say(fd, 0, NULL, text);
            return -1;
        }
        for (int k = 0; k < out.count; k++) {
            if (core_apply(c->s, &out.events[k]) != ERR_OK) return -1;
            buf[n++] = out.events[k];
        }
    }
    if (!n) {
        pause(); /* the meeting is over: wait for the kill */
        return 0;
    }
    struct db_error err;
    if (db_append(db, buf, n, &err) != DB_OK) {
        say(fd, 0, NULL, err.message);
        return -1;
    }
    int64_t seq;
    unsigned char hash[32];
    db_head(db, &seq, hash);
    if (seq != buf[n - 1].seq) return -1;
    say(fd, seq, hash, "");
    return 0;
}

static void child_main(const char *path, const struct db_hub_key *key, uint64_t seed, int fd)
{
    struct child c = {.rng = seed | 1};
    struct db *db;
    struct db_error err;
    if (db_open(path, key, &db, &err) != DB_OK || db_load(db, 0, &c.s, NULL, &err) != DB_OK) {
        say(fd, 0, NULL, err.message);
        _exit(3);
    }
    c.now = c.s->last_time > DBT_T0 ? c.s->last_time : DBT_T0;
    struct event *buf = calloc(BATCH_COMMANDS_MAX * EVENTS_PER_COMMAND, sizeof *buf);
    while (buf && child_batch(&c, db, buf, fd) == 0) {
    }
    _exit(4);
}

/* ---- the parent ---- */

struct acks {
    int count;
    struct msg *m;
};

static int64_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* Read what the child says until the deadline (µs, monotonic) or until it stops; returns
 * how many acknowledgements arrived.  A message from a failing child fails the test. */
static int listen(int fd, struct acks *acks, int64_t deadline, int want)
{
    int got = 0;
    for (;;) {
        int64_t left = deadline - now_us();
        if (want && got >= want) return got;
        if (left <= 0) return got;
        struct pollfd pfd = {fd, POLLIN, 0};
        int r = poll(&pfd, 1, (int)((left + 999) / 1000));
        if (r <= 0) continue;
        struct msg m;
        ssize_t n = read(fd, &m, sizeof m);
        if (n == 0) return got;
        assert_int_equal(n, (ssize_t)sizeof m);
        if (m.seq <= 0) fail_msg("the child failed: %s", m.text);
        assert_true(acks->count < ACKS_MAX);
        acks->m[acks->count++] = m;
        got++;
    }
}

static void drain(int fd, struct acks *acks)
{
    struct msg m;
    ssize_t n;
    while ((n = read(fd, &m, sizeof m)) == (ssize_t)sizeof m) {
        if (m.seq <= 0) fail_msg("the child failed: %s", m.text);
        acks->m[acks->count++] = m;
    }
    assert_int_equal(n, 0);
}

/* Every acknowledged seq is in the journal exactly once, with the acknowledged hash, and the
 * acknowledgements only ever go forward. */
static void acknowledged_rows_are_there(const char *path, const struct acks *acks)
{
    sqlite3 *x;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(x, "SELECT count(*), min(hash) FROM journal WHERE seq = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (int i = 0; i < acks->count; i++) {
        if (i) assert_true(acks->m[i].seq > acks->m[i - 1].seq);
        sqlite3_bind_int64(st, 1, acks->m[i].seq);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 1)
            fail_msg("acknowledged seq %lld is missing", (long long)acks->m[i].seq);
        assert_int_equal(sqlite3_column_bytes(st, 1), 32);
        assert_memory_equal(sqlite3_column_blob(st, 1), acks->m[i].hash, 32);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(x);
}

/* The database as the crash left it: verify (read-only, with the WAL as it is), then the
 * hub's recovery.  Returns how many secret choices recovery restored. */
static int64_t check_recovery(const char *path, const struct db_hub_key *key,
                              const struct acks *acks, bool *unacked)
{
    struct db_verify_summary sum;
    struct db_error err;
    char *report = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&report, &len);
    if (db_verify(path, f, &sum, &err) != DB_OK) fail_msg("verify: %s", err.message);
    fclose(f);
    if (sum.chain_problems || sum.tally_problems || sum.other_problems)
        fail_msg("verify after the crash:\n%s", report);
    free(report);

    struct db *db;
    struct core_state *s;
    struct db_load_info info;
    if (db_open(path, key, &db, &err) != DB_OK) fail_msg("%s", err.message);
    if (db_load(db, 0, &s, &info, &err) != DB_OK) fail_msg("%s", err.message);
    assert_int_equal(info.chain_bad_seq, 0);
    assert_int_equal(info.events, sum.events);
    int64_t acked = acks->count ? acks->m[acks->count - 1].seq : 0;
    assert_true(info.events >= acked);
    *unacked = info.events > acked; /* committed, killed before it could say so */
    core_state_free(s);
    db_close(db);
    acknowledged_rows_are_there(path, acks);
    return info.secret_choices;
}

static void killed_at_random_moments(void **state)
{
    (void)state;
    char dir[64], path[128];
    struct db_hub_key key;
    struct acks acks = {0, calloc(ACKS_MAX, sizeof(struct msg))};
    assert_non_null(acks.m);
    assert_int_equal(dbt_mkdir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/cmte.db", dir);
    dbt_keypair(&key);
    uint64_t rng = SEED;
    int mid_ballot = 0, early = 0, unacked_rounds = 0;
    int64_t started = now_us();
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        uint64_t seed = rng_next(&rng);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_main(path, &key, seed, fds[1]);
        }
        close(fds[1]);
        /* most rounds wait for the first commit, then kill within 0-8 ms; some kill while
         * the child is still opening and recovering the database */
        bool at_start = rng_next(&rng) % 6 == 0;
        int64_t delay = (int64_t)(rng_next(&rng) % 8000);
        if (!at_start)
            assert_int_equal(listen(fds[0], &acks, now_us() + 10 * 1000000, 1), 1);
        else
            early++;
        listen(fds[0], &acks, now_us() + delay, 0);
        assert_int_equal(kill(pid, SIGKILL), 0);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        drain(fds[0], &acks);
        close(fds[0]);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("round %d: the child ended by itself (status %d)", round, status);
        bool unacked = false;
        mid_ballot += check_recovery(path, &key, &acks, &unacked) > 0;
        unacked_rounds += unacked;
    }
    int64_t took = now_us() - started;
    print_message("crash: %d rounds (%d killed early, %d between a commit and its "
                  "acknowledgement, %d during a secret ballot), %d acknowledged batches, %.2f s\n",
                  ROUNDS, early, unacked_rounds, mid_ballot, acks.count, (double)took / 1e6);
    assert_true(acks.count >= ROUNDS - early);
    assert_true(mid_ballot >= 3);
    assert_true(took < 40 * 1000000);
    free(acks.m);
    dbt_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_at_random_moments),
    };
    return cmocka_run_group_tests_name("db crash", tests, NULL, NULL);
}
