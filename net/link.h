/* A console's link to the hub (libuv client): connects, authenticates (net/channel.h), keeps a
 * replica of the meeting (a snapshot, then every broadcast applied with the core), sends
 * commands with client ids and resends the unanswered ones after a reconnect, answers
 * heartbeats, keeps the hub's clock, and reconnects by itself with jittered backoff.
 * Single-threaded: every function runs on the loop's thread; callbacks come from the loop. */
#ifndef CMTE_NET_LINK_H
#define CMTE_NET_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "core/core.h"
#include "net/keys.h"
#include "net/message.h"

enum link_status {
    LINK_CONNECTING, /* trying (again) */
    LINK_ONLINE,     /* authenticated and in step */
    LINK_OFFLINE,    /* lost; retrying after a pause (why says what happened) */
    LINK_REFUSED,    /* the hub refused this console or is not the pinned hub; retrying slowly */
};

struct link_options {
    const char *host; /* name or address of the hub */
    int port;
    struct key_pair key;                        /* this console's */
    unsigned char hub_public[KEY_PUBLIC_BYTES]; /* pinned */
    size_t frame_max, queue_limit;
    int32_t heartbeat_ms, timeout_ms; /* until the hub's welcome says otherwise */
    int32_t retry_min_ms, retry_max_ms;
    /* The process's one link (a console): after a big frame, give the memory its decoding
     * took back to the system.  Off where one process holds many links. */
    bool give_back;
    /* The TCP maximum segment size to ask the hub for; 0: the system's.  `cmte bench` asks
     * for Ethernet's on loopback, whose 64 KB segments no console on a LAN sees. */
    int mss;
};

struct link_events {
    void (*status)(void *ctx, enum link_status st, const char *why);
    void (*welcome)(void *ctx, const struct msg_welcome *w);
    /* A new replica from a snapshot (after every (re)connect). */
    void (*synced)(void *ctx, const struct core_state *s, int64_t seq);
    /* Events applied to the replica (one broadcast). */
    void (*applied)(void *ctx, const struct core_state *s, const struct event *ev, int n);
    /* The answer to a command sent with link_send. */
    void (*answer)(void *ctx, const struct command *c, const struct msg_answer *a);
    /* A law exam paper's texts, sent to an examinee console only (valid during the call). */
    void (*paper)(void *ctx, const struct msg_paper *p);
    /* A document asked for with link_document_get, part by part: received of size bytes so
     * far; at the last part text is the whole (valid during the call) when its SHA-256 is the
     * one the replica's document_added gave (ok), NULL when not (ok false). */
    void (*document)(void *ctx, int32_t id, size_t received, size_t size, const char *text,
                     bool ok);
};

struct link;

/* Start connecting; every member of events may be NULL.  NULL when out of memory. */
struct link *link_start(uv_loop_t *loop, const struct link_options *o,
                        const struct link_events *events, void *ctx);

/* Send a command (pin: "" or the seat's PIN, only with sign_in).  It stays queued until it is
 * answered: sent when the link is in step, sent again after a reconnect.  cid (may be NULL)
 * gets its client id.  false when too many commands wait already. */
bool link_send(struct link *l, const struct command *c, const char *pin, char *cid);

/* Ask the hub for document id's text (link_events.document follows).  false when the link is
 * not in step: ask again once it is (a reconnect forgets a document half received). */
bool link_document_get(struct link *l, int32_t id);

/* The replica and its journal seq; NULL before the first snapshot. */
const struct core_state *link_state(const struct link *l, int64_t *seq);
enum link_status link_status(const struct link *l);

/* The hub's clock now (ms since the epoch), from the offset the heartbeats keep. */
int64_t link_hub_now(const struct link *l);

/* Close the connection and timers, then call done; the link frees itself. */
void link_stop(struct link *l, void (*done)(void *ctx), void *ctx);

#endif
