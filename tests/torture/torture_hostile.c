/* Scenario 6, hostile clients, during a meeting: a flood of connections (silent ones, and ones
 * sending an oversized or garbage frame) while the members are served; a flood of commands
 * over one link past the rate limit ([net] command_rate, command_burst); and enrolled consoles
 * doing what they may not (a seat casting for another member, casting twice or before the
 * ballot opens, the display casting, asking for the floor after the item closed).  Each is
 * refused with its reason, nothing refused is recorded, the flood's connections are all closed
 * and the hub's open files come back to what they were.  tests/integration/test_net_refusals.c
 * covers the rest one by one (unenrolled and revoked keys, another hub's key, replayed frames,
 * an unfinished handshake, the rate limit's own figures). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 20000, RATE = 20, BURST = 40, FLOOD_COMMANDS = 200 };

static int connect_to(const struct tt_hub *h)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)h->port)};
    inet_pton(AF_INET, h->listen, &a.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0) return fd;
    if (fd >= 0) close(fd);
    return -1;
}

/* What a hostile connection sends: nothing, a frame larger than any allowed, or garbage. */
static void misbehave(int fd, int k)
{
    static const unsigned char oversized[] = {0x7f, 0xff, 0xff, 0xff, 'x'};
    static const char garbage[] = "GET / HTTP/1.1\r\nHost: cmte\r\n\r\n";
    ssize_t n = 0;
    if (k % 3 == 1) n = write(fd, oversized, sizeof oversized);
    if (k % 3 == 2) n = write(fd, garbage, sizeof garbage - 1);
    (void)n;
}

static bool closed_by_hub(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char buf[256];
    while (poll(&p, 1, 0) == 1) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) return true;
    }
    return false;
}

struct flood {
    int *fds;
    int n;
    int64_t deadline;
};

static bool all_closed(void *ctx)
{
    struct flood *fl = ctx;
    int open = 0;
    for (int i = 0; i < fl->n; i++) {
        if (fl->fds[i] >= 0 && closed_by_hub(fl->fds[i])) {
            close(fl->fds[i]);
            fl->fds[i] = -1;
        }
        open += fl->fds[i] >= 0;
    }
    return open == 0;
}

/* Many connections at once; the members are served meanwhile (a fan-out reaches them all); the
 * hub closes every one within its timeout, and its open files are back to what they were. */
static bool connection_flood(struct tt_fleet *f, struct tt_hub *h, int count, int32_t item,
                             struct tt_result *r)
{
    int fds_before = tt_hub_fds(h);
    struct flood fl = {.fds = malloc((size_t)count * sizeof(int))};
    if (!fl.fds) return false;
    for (; fl.n < count; fl.n++) {
        fl.fds[fl.n] = connect_to(h);
        if (fl.fds[fl.n] < 0) break;
        misbehave(fl.fds[fl.n], fl.n);
    }
    r->faults += fl.n;
    int64_t start = bench_now_ns();
    int round = f->round_at;
    bool served = tt_round(f, item, false) && tt_wait_round(f, round, 0, f->n, STEP_MS);
    double fan_ms = tt_ms(bench_now_ns() - start);
    bool closed = bench_wait(f->bl, all_closed, &fl, h->timeout_ms + 5000);
    int fds_after = tt_hub_fds(h);
    for (int i = 0; i < fl.n; i++)
        if (fl.fds[i] >= 0) close(fl.fds[i]);
    free(fl.fds);
    if (fl.n < count) tt_note(r, "only %d connections could be made", fl.n);
    if (!served) tt_fail(r, "the members were not served during the connection flood");
    if (!closed) tt_fail(r, "the hub left flood connections open");
    for (int i = 0; i < 50 && fds_after > fds_before; i++) { /* the last ones closing */
        bench_sleep(f->bl, 20);
        fds_after = tt_hub_fds(h);
    }
    if (fds_after > fds_before)
        tt_fail(r, "the hub has %d open files after the flood, %d before", fds_after, fds_before);
    tt_note(r,
            "%d hostile connections: all closed, a fan-out meanwhile in %.0f ms, the hub's "
            "files %d before and %d after",
            fl.n, fan_ms, fds_before, fds_after);
    return served && closed;
}

/* The secretary sends many notes at once: the burst is taken, the rest refused as too many,
 * and the members are still served. */
static bool command_flood(struct tt_fleet *f, int32_t item, struct tt_result *r)
{
    struct tt_console *sec = tt_console(f, TT_SECRETARY);
    int first = sec->ncmds;
    for (int i = 0; i < FLOOD_COMMANDS; i++) {
        struct command c = {.type = CMD_NOTE_SET};
        c.p.item = item;
        snprintf(c.p.text, sizeof c.p.text, "flood %d", i);
        if (!tt_send(sec, &c)) break;
    }
    if (!tt_fleet_wait_answers(f, STEP_MS)) {
        tt_fail(r, "the flood's commands were not all answered");
        return false;
    }
    int ok = 0, too_many = 0, sent = sec->ncmds - first;
    for (int i = first; i < sec->ncmds; i++) {
        ok += sec->cmds[i].ok;
        too_many += sec->cmds[i].code == ERR_TOO_MANY;
    }
    r->faults += sent;
    int round = f->round_at;
    bench_sleep(f->bl, 2 * 1000 / RATE); /* a token back */
    bool served = tt_round(f, item, false) && tt_wait_round(f, round, 0, f->n, STEP_MS) &&
                  tt_fleet_wait_answers(f, STEP_MS);
    if (too_many == 0 || ok < BURST || ok + too_many != sent)
        tt_fail(r, "a flood of %d commands: %d taken, %d refused as too many", sent, ok, too_many);
    if (!served) tt_fail(r, "not served after the command flood");
    tt_note(r, "a flood of %d commands: %d taken, %d refused as too many", FLOOD_COMMANDS, ok,
            too_many);
    return served;
}

struct forbidden {
    int who; /* a member's index, or TT_DISPLAY */
    struct command c;
    enum core_err want;
};

static bool expect_refused(struct tt_fleet *f, struct forbidden *x, struct tt_result *r)
{
    struct tt_console *k = tt_console(f, x->who);
    if (tt_do(k, &x->c, STEP_MS) || !k->cmds[k->ncmds - 1].answered) {
        tt_fail(r, "%s from console %d was taken", command_name(x->c.type), x->who);
        return false;
    }
    enum core_err got = k->cmds[k->ncmds - 1].code;
    if (got != x->want)
        tt_fail(r, "%s: \"%s\", not \"%s\"", command_name(x->c.type), core_err_message(got),
                core_err_message(x->want));
    r->faults++;
    return got == x->want;
}

static struct command cast_for(struct tt_fleet *f, int32_t item, int32_t person)
{
    const struct item *it = core_item(tt_state(f), item);
    struct command c = {.type = CMD_BALLOT_CAST};
    c.p.item = item;
    c.p.person = person;
    c.p.choice_count = 1;
    c.p.choices[0] = (struct choice){it ? it->ballot.subjects[0].id : 0, 0};
    return c;
}

/* What an enrolled console may not do, each refused for its own reason. */
static bool forbidden(struct tt_fleet *f, int32_t debate, int32_t item, struct tt_result *r)
{
    struct command late = {.type = CMD_FLOOR_REQUEST};
    late.p.item = debate;
    late.p.person = f->c[0].person;
    struct forbidden before[] = {
        {0, cast_for(f, item, f->c[0].person), ERR_BALLOT_STATE},
        {0, late, ERR_ITEM_STATE},
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++)
        ok &= expect_refused(f, &before[i], r);
    if (!tt_chair(f, CMD_BALLOT_OPEN, item) || !tt_wait_state_item(f, item, BALLOT_OPEN, STEP_MS))
        return false;
    struct tt_cmd *first = tt_cast(f, 1, item, tt_choice_evaluation);
    if (!first || !tt_fleet_wait_answers(f, STEP_MS)) return false;
    struct forbidden during[] = {
        {0, cast_for(f, item, f->c[2].person), ERR_NOT_YOURS},
        {1, cast_for(f, item, f->c[1].person), ERR_ALREADY_CAST},
        {TT_DISPLAY, cast_for(f, item, f->c[3].person), ERR_NOT_ALLOWED},
    };
    for (size_t i = 0; i < sizeof during / sizeof during[0]; i++)
        ok &= expect_refused(f, &during[i], r);
    tt_note(r, "5 forbidden commands refused, each for its reason");
    return ok && tt_chair(f, CMD_BALLOT_CLOSE, item);
}

static bool run(struct tt_fleet *f, struct tt_hub *h, const struct tt_profile *p,
                struct tt_result *r)
{
    int32_t debate = tt_pending_item(f, ITEM_DELIBERATION);
    if (!debate || !tt_chair(f, CMD_ITEM_OPEN, debate)) {
        tt_fail(r, "no item to open");
        return false;
    }
    if (!connection_flood(f, h, p->full ? 2000 : 300, debate, r) || !command_flood(f, debate, r) ||
        !tt_chair(f, CMD_ITEM_CLOSE, debate))
        return false;
    int32_t item = tt_pending_item(f, ITEM_EVALUATION);
    if (!item || !tt_chair(f, CMD_ITEM_OPEN, item)) {
        tt_fail(r, "no evaluation to open");
        return false;
    }
    return forbidden(f, debate, item, r);
}

void tt_hostile(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    struct tt_fleet *f = NULL;
    bench_loop_open(&bl);
    if (tt_room_prepare(&bl, &h, p->full ? 100 : 20, r)) {
        h.command_rate = RATE;
        h.command_burst = BURST;
        f = tt_room_join(&bl, &h, r);
    }
    if (f && run(f, &h, p, r)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    tt_room_close(&bl, &h, f);
}
