/* The reliability suite (issue 8, docs/RELIABILITY.md): the real hub (`cmte serve`, CMTE_BIN)
 * as a child process on a temporary database, real console links in this process on one libuv
 * loop (tui/bench.h's loop, processes and prepared meeting), and faults injected between them:
 * the hub killed, connections cut, a full disk, consoles that stop reading, hostile clients, a
 * bad network.  Every command a console sends is remembered with its answer; after recovery the
 * journal is searched for each acknowledged one: found once, lost, or applied twice. */
#ifndef CMTE_TESTS_TORTURE_H
#define CMTE_TESTS_TORTURE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/bench.h"

/* ---- profiles and results (torture.c) ---- */

struct tt_profile {
    bool full; /* `make torture`; else the short profile of `make check` */
    int seats; /* members at their consoles */
    int kills; /* hub kills per ballot (scenario 1) */
    int cuts;  /* connection cuts (scenario 2) */
    int soak_rounds;
    uint32_t seed;
};

struct tt_result {
    const char *name;
    bool skipped, ok;
    int faults, acked, found, lost, duplicated;
    double recover_ms; /* the longest recovery after a fault; -1: none measured */
    char note[256];    /* why it was skipped or failed, or its own figures */
};

/* Note a failure (the first one is kept in r->note, each is said on standard error). */
void tt_fail(struct tt_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A figure of the scenario's own, appended to r->note. */
void tt_note(struct tt_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tt_skip(struct tt_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Say on standard error what is going on. */
void tt_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint32_t tt_rand(void);
/* A uniform number in [lo, hi]. */
int tt_between(int lo, int hi);
double tt_ms(int64_t ns);

/* ---- the hub process (torture_hub.c) ---- */

struct tt_hub {
    struct bench_hub b; /* the database, keys and seats of n members (tui/bench_hub.c) */
    char exe[PATH_MAX];
    char listen[64]; /* what the hub binds */
    char host[64];   /* where the links connect: the hub, or a proxy in front of it */
    int port, link_port;
    char db[PATH_MAX]; /* the database the hub uses (moved onto a small file system for 5) */
    const char *netns; /* run the hub in this network namespace (scenario 3), or NULL */
    int heartbeat_ms, timeout_ms, queue_limit;
    int command_rate, command_burst; /* -1: the default */
    int starts;
    int side_port, side_from; /* members from side_from on connect to 127.0.0.1:side_port */
    struct key_pair display;  /* an enrolled display console (it may not cast) */
};

/* Prepare the meeting for n members (bench_hub_prepare) and enroll a display console.  0, or -1
 * (said on standard error). */
int tt_hub_prepare(struct tt_hub *h, int n);
/* Write the hub's configuration and start it; wait until it serves.  0, or -1. */
int tt_hub_start(struct tt_hub *h, struct bench_loop *bl);
/* SIGKILL, as in a crash (or sig), and reap it. */
void tt_hub_stop(struct tt_hub *h, int sig);
void tt_hub_close(struct tt_hub *h);
/* How many lines of the hub's log contain text. */
int tt_hub_log_count(const struct tt_hub *h, const char *text);
/* The hub's open files, or -1. */
int tt_hub_fds(const struct tt_hub *h);
/* The link options of a console with key k: to host:link_port (perhaps a proxy), or straight
 * to the hub. */
struct link_options tt_hub_link(const struct tt_hub *h, const struct key_pair *k, bool direct);

/* ---- the consoles (torture_fleet.c) ---- */

/* One command sent, and what became of it. */
struct tt_cmd {
    char cid[MSG_CID_MAX];
    enum command_type type;
    int32_t item, person;
    bool answered, ok;
    bool resent; /* its link was lost before the answer came: sent again */
    enum core_err code;
    int64_t first, last;
    int64_t sent_ns, answered_ns;
};

struct tt_fleet;
struct tt_console {
    struct tt_fleet *fleet;
    struct link *link;
    int index; /* members 0..n-1, then the chair, the secretary, the display */
    int32_t seat, person;
    const char *pin;
    bool synced;
    int syncs;
    struct tt_cmd *cmds;
    int ncmds, cap;
};

struct tt_fleet {
    struct bench_loop *bl;
    struct tt_hub *hub;
    struct tt_console *c; /* n members, then the chair, the secretary, the display */
    int n, total, open;
    int nsynced;
    int sent, answered;
    int refusals[ERR_COUNT];
    int leaks;            /* secret casts received with an option: must stay 0 */
    int64_t *applied_ns;  /* fan-out: [round * n + member] */
    int rounds, round_at; /* rounds allocated; the next round's number */
    int64_t *round_sent_ns;
};

enum { TT_CHAIR = -1, TT_SECRETARY = -2, TT_DISPLAY = -3 };

/* Links for the n members (host:link_port of h), the chair and the secretary (straight to the
 * hub), and the display (straight too).  NULL when out of memory. */
struct tt_fleet *tt_fleet_start(struct bench_loop *bl, struct tt_hub *h, int rounds);
/* A console: a member's index, or TT_CHAIR, TT_SECRETARY, TT_DISPLAY. */
struct tt_console *tt_console(struct tt_fleet *f, int which);
bool tt_fleet_wait_synced(struct tt_fleet *f, int64_t timeout_ms);
void tt_fleet_unsync(struct tt_fleet *f);
/* Send c from k and remember it; NULL when the link's outbox is full. */
struct tt_cmd *tt_send(struct tt_console *k, const struct command *c);
/* Mark the unanswered commands of the links that are not online as resent; how many newly. */
int tt_fleet_mark_resent(struct tt_fleet *f);
/* Wait until every command sent has its answer. */
bool tt_fleet_wait_answers(struct tt_fleet *f, int64_t timeout_ms);
/* Send c from k and wait for its answer: whether it was accepted. */
bool tt_do(struct tt_console *k, const struct command *c, int64_t timeout_ms);
/* The same for a command without parameters but an id or item. */
bool tt_chair(struct tt_fleet *f, enum command_type type, int32_t item);
/* Every member signs in, the chair opens the meeting.  false when it did not. */
bool tt_fleet_open_meeting(struct tt_fleet *f);
/* The secretary's replica. */
const struct core_state *tt_state(struct tt_fleet *f);
/* The first item of kind in the agenda that is still pending; 0 when none. */
int32_t tt_pending_item(struct tt_fleet *f, enum item_kind kind);
/* Member i's cast on item: option choice(i, k) on subject k. */
struct tt_cmd *tt_cast(struct tt_fleet *f, int i, int32_t item, int (*choice)(int i, int k));
/* Fan-out: the secretary sets a note "torture round R" on item (padded to fill the note when
 * big); its send time kept. */
bool tt_round(struct tt_fleet *f, int32_t item, bool big);
/* Wait until members [from, to) have applied round r. */
bool tt_wait_round(struct tt_fleet *f, int r, int from, int to, int64_t timeout_ms);
void tt_fleet_stop(struct tt_fleet *f);

/* ---- a room: the hub and its consoles, the meeting open (torture_room.c) ---- */

/* Prepare the meeting for seats members and start the hub; false (said in r) when not. */
bool tt_room_prepare(struct bench_loop *bl, struct tt_hub *h, int seats, struct tt_result *r);
/* The consoles connect (to h->host:link_port), every member signs in and the chair opens the
 * meeting.  NULL (said in r) when not. */
struct tt_fleet *tt_room_join(struct bench_loop *bl, struct tt_hub *h, struct tt_result *r);
/* Both. */
struct tt_fleet *tt_room_open(struct bench_loop *bl, struct tt_hub *h, int seats,
                              struct tt_result *r);
/* Stop the consoles and the hub, remove the folder, close the loop. */
void tt_room_close(struct bench_loop *bl, struct tt_hub *h, struct tt_fleet *f);
/* Wait until every console's replica shows item's ballot in state. */
bool tt_wait_state_item(struct tt_fleet *f, int32_t item, enum ballot_state state,
                        int64_t timeout_ms);
/* The secretary makes item's ballot a named one (item_update, every other field kept). */
bool tt_make_named(struct tt_fleet *f, int32_t item);
int tt_cmp_i64(const void *a, const void *b);
/* Member i's choice on subject k of the secret evaluation the scenarios hold. */
int tt_choice_evaluation(int i, int k);

/* ---- checks after recovery (torture_check.c) ---- */

struct tt_tally {
    int acked, found, lost, duplicated;
    int phantoms;     /* refused, yet in the journal */
    int double_casts; /* (member, item) with more than one cast row */
};

/* Every command of the fleet against the journal of db (read-only). */
bool tt_check_journal(struct tt_fleet *f, const char *db, struct tt_tally *t, struct tt_result *r);
/* `cmte verify`'s check of the chain and the tallies. */
bool tt_check_verify(const char *db, struct tt_result *r);
/* The closed ballot of item on the secretary's replica equals the casts acknowledged. */
bool tt_check_results(struct tt_fleet *f, int32_t item, int (*choice)(int i, int k),
                      struct tt_result *r);
void tt_result_from(struct tt_result *r, const struct tt_tally *t);

/* ---- a TCP proxy between links and the hub (torture_proxy.c) ---- */

enum tt_proxy_mode {
    TT_PASS,  /* bytes both ways */
    TT_STUCK, /* nothing read from the hub */
    TT_SLOW,  /* one byte a second read from the hub */
};

struct tt_proxy;
/* Listen on 127.0.0.1 at a free port, forwarding to host:port (an IPv4 address), with a small
 * receive window towards the hub when asked.  NULL when it cannot. */
struct tt_proxy *tt_proxy_start(uv_loop_t *loop, const char *host, int port, bool small_window);
int tt_proxy_port(const struct tt_proxy *p);
/* The mode of new connections and of the open ones. */
void tt_proxy_mode(struct tt_proxy *p, enum tt_proxy_mode mode);
/* Cut count connections chosen at random (both ends closed); how many were cut. */
int tt_proxy_cut(struct tt_proxy *p, int count);
int tt_proxy_open(const struct tt_proxy *p);
void tt_proxy_stop(struct tt_proxy *p);

/* ---- the scenarios ---- */

void tt_hub_killed(const struct tt_profile *p, struct tt_result *r);
void tt_seats_dropping(const struct tt_profile *p, struct tt_result *r);
void tt_bad_network(const struct tt_profile *p, struct tt_result *r);
void tt_stuck_consoles(const struct tt_profile *p, struct tt_result *r);
void tt_disk_trouble(const struct tt_profile *p, struct tt_result *r);
void tt_hostile(const struct tt_profile *p, struct tt_result *r);
void tt_secrecy(const struct tt_profile *p, struct tt_result *r);
void tt_soak(const struct tt_profile *p, struct tt_result *r);

#endif
