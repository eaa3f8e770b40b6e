/* Inside the hub (net/hub*.c): connections, console sessions, the batches of the group commit
 * and the jobs the thread pool runs on the database.  Nothing here is for other modules. */
#ifndef CMTE_NET_HUB_INTERNAL_H
#define CMTE_NET_HUB_INTERNAL_H

#include "net/channel.h"
#include "net/hub.h"
#include "net/message.h"
#include "net/wire.h"
#include "db/import.h"

enum {
    ANSWERS_KEPT = 64,   /* answers remembered per console, for resent commands */
    ORIGIN_ROWS = 10000, /* journal rows whose origins a restarted hub reloads */
    PIN_TRIES = 5,       /* wrong PINs in a row before a seat must wait */
    PIN_LOCK_MS = 60000, /* how long */
    PEER_MAX = 64,
    DOC_WANTED_MAX = 64, /* documents one connection may have asked for and not received */
};

/* The answer to one command of a console, kept so that a resent command gets it again. */
struct answer_slot {
    bool used, done;
    struct msg_answer answer; /* cid always set; the rest once done */
};

/* A console known to this hub run: outlives its connections. */
struct session {
    struct db_console console;
    struct conn *conn; /* the authenticated connection, or NULL */
    struct answer_slot answers[ANSWERS_KEPT];
    int next_slot;
    int pin_failures;
    uint64_t pin_locked_until; /* uv_now */
};

/* PHASE_RESUME: authenticated, waiting for the console's resume (where its replica stands)
 * before anything is sent to it; broadcasts go to PHASE_READY only. */
enum conn_phase { PHASE_HELLO, PHASE_LOOKUP, PHASE_AUTH, PHASE_RESUME, PHASE_READY };

struct conn {
    struct wire wire; /* first: the wire's owner pointer leads back here */
    struct hub *hub;
    struct conn *prev, *next;
    struct conn *flush_next; /* on the hub's list of connections to flush this loop turn */
    bool flush_listed;
    enum conn_phase phase;
    struct chan_handshake hs;
    struct chan ch;
    unsigned char console_pk[KEY_PUBLIC_BYTES];
    uint8_t hello[CHAN_HELLO_BYTES]; /* kept while the registry is read */
    struct session *session;         /* once authenticated */
    uint64_t started, last_rx;       /* uv_now */
    uint64_t last_tx;                /* uv_now when a frame was last queued to it */
    double tokens;                   /* the commands it may send now (hub_options) */
    uint64_t tokens_at;              /* uv_now when they were counted */
    bool limited;                    /* its last command was refused for the rate */
    char peer[PEER_MAX];
    /* documents asked for (doc_get), sent in parts when nothing else waits (net/hub_docs.c) */
    int32_t doc_wanted[DOC_WANTED_MAX];
    int ndoc_wanted;
    int32_t doc_sent; /* bytes of doc_wanted[0] sent */
};

/* A command waiting in a batch for its commit. */
struct staged {
    struct session *session; /* the console that sent it; NULL for the hub's own */
    char cid[MSG_CID_MAX];
    int first, count; /* its events in the batch */
};

struct batch {
    struct event *events;
    struct db_origin *origins;
    int nevents, cap_events;
    struct staged *cmds;
    int ncmds, cap_cmds;
};

enum job_kind { JOB_NONE, JOB_APPEND, JOB_REFRESH, JOB_RELOAD };

struct pin_check; /* a sign-in waiting for its PIN to be verified */

struct hub {
    uv_loop_t *loop;
    struct db *db;
    struct hub_options o;
    struct core_state *state;             /* validated ahead: includes batches not yet durable */
    struct core_state *public;            /* as committed and as every console has it */
    int64_t seq;                          /* the committed head */
    unsigned char chain[MSG_CHAIN_BYTES]; /* the journal row hash at seq (db_head) */
    uv_tcp_t listener;
    uv_timer_t beat;    /* the watch over silent links; heartbeats on some of its ticks */
    uint64_t last_beat; /* uv_now of the last heartbeat sent */
    uv_prepare_t flush;
    uv_idle_t docs_turn; /* active while a listed console can be sent more at once (a document
                          * part its socket would take now): the loop must not wait meanwhile */
    int port;
    struct conn *conns;
    struct conn *flush_head, *flush_tail; /* those with frames or document parts to send */
    int ready;
    struct session **sessions;
    int nsessions, cap_sessions;
    struct db_console *registry; /* the enrolled consoles, as last read */
    int nregistry;
    struct bcast_key bkey;
    struct batch batches[2];
    int filling; /* the batch commands go to; the other one is committing */
    /* the one database job in flight */
    uv_work_t work;
    enum job_kind job;
    bool job_ok, refresh_wanted, reloading;
    uint64_t reload_after; /* uv_now: when to try reloading again */
    struct db_error job_err;
    struct core_state *reloaded;
    struct db_console *refreshed;
    int nrefreshed;
    bool registry_changed;
    /* PINs */
    struct pin_hash *pins;
    int npins;
    struct pin_check *pin_queue; /* head is being verified */
    uv_work_t pin_work;
    /* the snapshot sent to new connections, cached per seq */
    struct wbuf *snapshot_frame; /* sealed once, like a broadcast, for every console */
    uint8_t snapshot_digest[BCAST_DIGEST];
    int64_t snapshot_seq;
    uint32_t snapshot_key; /* the meeting key's id it is sealed under */
    /* the console in the hub's own process */
    struct session *local;
    struct hub_local_events local_ev;
    void *local_ctx;
    uint64_t local_cids;
    /* after a start, until links_settle_at: seats still marked connected may come back */
    bool links_unsettled;
    uint64_t links_settle_at; /* uv_now */
    /* stopping */
    bool stopping;
    int handles_open;
    void (*stopped)(void *ctx);
    void *stopped_ctx;
    /* the law exam's question bank, as read at start and after another program changed the
     * database (net/hub_exam.c) */
    struct exam_bank bank, refreshed_bank;
    /* the documents' texts, read at start (net/hub_docs.c) */
    struct imported_document *docs;
    int ndocs;
};

struct pin_hash {
    int32_t person;
    char hash[DB_PIN_HASH_MAX];
};

/* hub.c */
void hub_log(struct hub *h, const struct conn *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const struct db_console *hub_registry_find(const struct hub *h, const unsigned char pk[32]);
void hub_request_refresh(struct hub *h);
/* Make state (from db_load) the hub's, with the public state and seq consoles get from now on:
 * at start, and after a reload, which may find rows another program appended. */
int hub_set_state(struct hub *h, struct core_state *state, char *err, size_t errlen);
void hub_maybe_stopped(struct hub *h); /* during hub_stop: free when all is done */

/* hub_conn.c */
void conn_accept(struct hub *h);
void conn_send_msg(struct conn *c, const struct msg *m);
void conn_queue(struct conn *c, struct wbuf *b);
/* Have c flushed at the end of this loop turn (hub.c walks only these, not every console). */
void conn_wants_flush(struct conn *c);
/* The frame of a broadcast of text (first_seq: its first event's, or the snapshot's seq), packed
 * when big (net/pack.h) and sealed once under the meeting key, without the links' tags; digest:
 * what they cover.  NULL when it cannot be made. */
struct wbuf *broadcast_frame(struct hub *h, uint64_t first_seq, const char *text,
                             uint8_t digest[BCAST_DIGEST]);
/* Queue a broadcast sealed once (frame: all but its tag; digest: what the tags cover) with
 * this link's tag after it. */
void conn_queue_broadcast(struct conn *c, struct wbuf *frame, const uint8_t *digest);
void conn_drop(struct conn *c, const char *why);
void conn_bye(struct conn *c, const char *why); /* tell the console why, then drop it */
void conn_send_key(struct conn *c);
void conn_lookup_done(struct conn *c);
/* May c send one more command now?  Takes a token of its bucket; false (the first refusal of a
 * run logged) when it is empty. */
bool conn_allow_command(struct conn *c);
/* Drop c when it has been silent (or not authenticated) longer than silence ms; send it a
 * heartbeat when the hub has sent it nothing for heartbeat ms. */
void conn_tick(struct conn *c, uint64_t now, uint64_t silence, uint64_t heartbeat);

/* hub_commit.c */
void commit_init(struct hub *h);
void commit_free(struct hub *h);
void commit_kick(struct hub *h);
bool commit_idle(const struct hub *h);
void commit_command(struct hub *h, struct session *s, const struct msg_command *m);
void commit_stage(struct hub *h, struct session *s, const char *cid, const struct actor *a,
                  const struct command *c);
void commit_link_changed(struct hub *h, struct session *s, bool connected);
void commit_links_settled(struct hub *h);
/* The configured rules into the journal, when they differ and no sitting is under way. */
void commit_rules(struct hub *h, const struct core_rules *rules);
struct session *session_for(struct hub *h, const struct db_console *dc);
void session_answer(struct hub *h, struct session *s, const struct msg_answer *a);
int commit_load_origins(struct hub *h, struct db_error *err);
int commit_load_pins(struct hub *h, struct db_error *err);

/* hub_exam.c: the law exam */
int exam_load_bank(struct hub *h, struct db_error *err);
void exam_free(struct hub *h);
/* An exam_start gets its paper drawn from the bank (other commands are left alone). */
void exam_draw(struct hub *h, struct command *c);
/* The running paper of an examinee console's nominee, to that console (after its snapshot). */
void exam_paper_to(struct hub *h, struct conn *c);
/* After a commit: the papers drawn in it, to their nominees' examinee consoles. */
void exam_papers_drawn(struct hub *h, const struct event *events, int n);
/* Papers past their deadline handed in by the hub. */
void exam_deadlines(struct hub *h);

/* hub_docs.c: documents' texts to the consoles that ask, in parts of MSG_DOC_PART_MAX bytes,
 * each part only when the connection has nothing else queued or in flight, so that events and
 * answers always go first. */
int docs_load(struct hub *h, struct db_error *err);
void docs_free(struct hub *h);
void docs_want(struct conn *c, int32_t id);
void docs_send_part(struct conn *c); /* once per loop turn, before the flush */

#endif
