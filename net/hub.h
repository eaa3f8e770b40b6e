/* The hub: the one process that holds the meeting.  It accepts console connections (libuv TCP
 * server), authenticates them (net/channel.h) against the consoles enrolled in the database,
 * and runs every command on the one path of DESIGN.md §3: role check, core_validate, the
 * durable append (in the thread pool, group commit), then one sealed broadcast per commit and
 * an answer to the console that asked.  Single-threaded: every function here runs on the loop's
 * thread.  The hub logs one line per connection event or refusal to the options' log. */
#ifndef CMTE_NET_HUB_H
#define CMTE_NET_HUB_H

#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "core/core.h"
#include "db/db.h"
#include "net/keys.h"
#include "net/message.h"

struct hub_options {
    const char *listen_host; /* an IPv4 or IPv6 address */
    int port;                /* 0: any free port (see hub_port) */
    struct key_pair key;     /* the hub's long-term key */
    int32_t heartbeat_ms, timeout_ms;
    size_t queue_limit, frame_max;
    /* Each connection's commands: command_rate a second over time, command_burst at once (a
     * token bucket); past it a command is refused with ERR_TOO_MANY.  0: no limit. */
    int32_t command_rate, command_burst;
    unsigned load_flags; /* db_load's flags, for a reload after a failed write */
    /* The configured rules: journalled at start when they differ and no sitting is under way
     * (an open or suspended meeting keeps the rules it opened with).  NULL: leave them. */
    const struct core_rules *rules;
    FILE *log; /* NULL: no log */
    /* NULL: none.  Else one line per commit: "FIRST LAST EVENTS NS", NS the CLOCK_MONOTONIC
     * time just before the commit's broadcast is queued (clients on this machine compare
     * their own CLOCK_MONOTONIC with it: `cmte bench`). */
    FILE *trace;
    int32_t exam_questions; /* on one law exam paper; 0: the default, 20 */
};

struct hub;

/* Start serving on loop.  db is the hub's open database (the hub uses it from the thread pool
 * and its own thread only; the caller keeps it open until hub_stop's callback) and state the
 * meeting loaded from it (db_load); the hub takes state over, and frees it even when it fails
 * to start.  0, or -1 with err (then run the loop until it ends, to close what was opened). */
int hub_start(uv_loop_t *loop, struct db *db, struct core_state *state, const struct hub_options *o,
              struct hub **out, char *err, size_t errlen);

/* The port bound (useful when options asked for 0). */
int hub_port(const struct hub *h);

/* A console in the hub's own process (the chair console of `cmte chair`): it acts in a role
 * without a connection, reads the committed public state, and gets reports as a link's
 * console would.  At most one; its commands are journalled with the role as actor. */
struct hub_local_events {
    /* A new public state (at attach, and after the hub reloaded the meeting). */
    void (*synced)(void *ctx, const struct core_state *s, int64_t seq);
    /* The public form of the events of one commit, applied to s. */
    void (*applied)(void *ctx, const struct core_state *s, const struct event *ev, int n);
    /* The answer to a command of hub_submit. */
    void (*answer)(void *ctx, const struct msg_answer *a);
};
int hub_attach(struct hub *h, enum role role, const struct hub_local_events *ev, void *ctx);

/* Submit a command as the attached console (after hub_attach); cid (MSG_CID_MAX bytes, may be
 * NULL) gets the client id its answer carries. */
void hub_submit(struct hub *h, const struct command *c, char *cid);

/* The hub's clock (ms since the epoch): the time events are stamped with and heartbeats
 * carry. */
int64_t hub_clock_ms(void);

/* The committed public state and its seq, as every console has it. */
const struct core_state *hub_public_state(const struct hub *h, int64_t *seq);

/* Close every connection and the listener, wait for the append in progress, then call done;
 * the loop may then end.  The hub frees itself.  The attached console hears nothing more. */
void hub_stop(struct hub *h, void (*done)(void *ctx), void *ctx);

#endif
