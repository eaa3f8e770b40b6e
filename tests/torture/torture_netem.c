/* Scenario 3, a bad network: the hub in a network namespace of the test's own (ip netns), joined
 * to this one by a veth pair with addresses of the test's making (10.213.x.0/30), and tc netem
 * on both ends: delay with jitter, loss and reordering.  Every console (all in this process)
 * reaches the hub across it.  A secret evaluation and a named vote are held; every cast is
 * counted once and the journal verifies.  Skipped, saying why, where namespaces, veth or netem
 * cannot be made (no root, a container without CAP_NET_ADMIN, no sch_netem). */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 60000 };

struct net {
    char ns[32], here[16], there[16];
    char hub_ip[32];
    bool made;
};

static const char netem[] = "delay 40ms 20ms distribution normal loss 3% reorder 10% 50%";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char quiet[560];
    snprintf(quiet, sizeof quiet, "%s >/dev/null 2>&1", cmd);
    return system(quiet);
}

static bool make_net(struct net *n, struct tt_result *r)
{
    int k = (int)(getpid() % 250) + 1;
    snprintf(n->ns, sizeof n->ns, "cmte-torture-%d", (int)getpid());
    snprintf(n->here, sizeof n->here, "ctt%da", (int)getpid() % 100000);
    snprintf(n->there, sizeof n->there, "ctt%db", (int)getpid() % 100000);
    snprintf(n->hub_ip, sizeof n->hub_ip, "10.213.%d.2", k);
    if (sh("ip netns add %s", n->ns) != 0) {
        tt_skip(r, "cannot make a network namespace (ip netns add needs root or CAP_SYS_ADMIN)");
        return false;
    }
    n->made = true;
    bool ok = sh("ip link add %s type veth peer name %s", n->here, n->there) == 0 &&
              sh("ip link set %s netns %s", n->there, n->ns) == 0 &&
              sh("ip addr add 10.213.%d.1/30 dev %s", k, n->here) == 0 &&
              sh("ip link set %s up", n->here) == 0 &&
              sh("ip -n %s addr add %s/30 dev %s", n->ns, n->hub_ip, n->there) == 0 &&
              sh("ip -n %s link set %s up", n->ns, n->there) == 0 &&
              sh("ip -n %s link set lo up", n->ns) == 0;
    if (!ok) {
        tt_skip(r, "cannot make a veth pair into the namespace");
        return false;
    }
    if (sh("tc qdisc add dev %s root netem %s", n->here, netem) != 0 ||
        sh("ip netns exec %s tc qdisc add dev %s root netem %s", n->ns, n->there, netem) != 0) {
        tt_skip(r, "tc netem is not available (the sch_netem module)");
        return false;
    }
    return true;
}

static void unmake_net(struct net *n)
{
    if (n->made) sh("ip netns del %s", n->ns); /* takes the veth pair with it */
    sh("ip link del %s", n->here);
}

/* Packets netem dropped on one end ("dropped N" of tc -s). */
static long dropped(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    char line[512];
    long total = 0;
    while (p && fgets(line, sizeof line, p)) {
        const char *d = strstr(line, "dropped ");
        if (d) total += strtol(d + 8, NULL, 10);
    }
    if (p) pclose(p);
    return total;
}

static long netem_drops(const struct net *n)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tc -s qdisc show dev %s 2>/dev/null", n->here);
    long d = dropped(cmd);
    snprintf(cmd, sizeof cmd, "ip netns exec %s tc -s qdisc show dev %s 2>/dev/null", n->ns,
             n->there);
    return d + dropped(cmd);
}

static int choice_vote(int i, int k)
{
    return (i * 2 + k) % 3;
}

static bool ballot(struct tt_fleet *f, int32_t item, int (*choice)(int, int), struct tt_result *r)
{
    if (!tt_chair(f, CMD_ITEM_OPEN, item) || !tt_chair(f, CMD_BALLOT_OPEN, item) ||
        !tt_wait_state_item(f, item, BALLOT_OPEN, STEP_MS)) {
        tt_fail(r, "item %d's ballot did not open", (int)item);
        return false;
    }
    for (int i = 0; i < f->n; i++) tt_cast(f, i, item, choice);
    if (!tt_fleet_wait_answers(f, STEP_MS) || !tt_chair(f, CMD_BALLOT_CLOSE, item) ||
        !tt_wait_state_item(f, item, BALLOT_CLOSED, STEP_MS)) {
        tt_fail(r, "item %d's ballot did not complete", (int)item);
        return false;
    }
    return tt_check_results(f, item, choice, r) && tt_chair(f, CMD_ITEM_CLOSE, item);
}

static bool run(struct tt_fleet *f, struct tt_result *r)
{
    int32_t eval = tt_pending_item(f, ITEM_EVALUATION), vote = tt_pending_item(f, ITEM_VOTE);
    return eval && vote && ballot(f, eval, tt_choice_evaluation, r) && tt_make_named(f, vote) &&
           ballot(f, vote, choice_vote, r);
}

void tt_bad_network(const struct tt_profile *p, struct tt_result *r)
{
    struct net n = {0};
    if (!make_net(&n, r)) {
        unmake_net(&n);
        return;
    }
    struct bench_loop bl;
    struct tt_hub h;
    struct tt_fleet *f = NULL;
    bench_loop_open(&bl);
    int64_t start = bench_now_ns();
    if (tt_room_prepare(&bl, &h, p->full ? 100 : 20, r)) {
        h.netns = n.ns;
        snprintf(h.listen, sizeof h.listen, "%s", n.hub_ip);
        snprintf(h.host, sizeof h.host, "%s", n.hub_ip);
        h.timeout_ms = 4000; /* a lossy link with 40 ms each way is slow, not lost */
        f = tt_room_join(&bl, &h, r);
    }
    if (f && run(f, r)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
        r->faults = (int)netem_drops(&n);
        tt_note(r, "netem %s both ways; the meeting took %.1f s", netem,
                tt_ms(bench_now_ns() - start) / 1000);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    tt_room_close(&bl, &h, f);
    unmake_net(&n);
}
