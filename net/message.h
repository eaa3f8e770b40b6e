/* The messages inside the secure channel (docs/PROTOCOL.md), as JSON objects (cJSON) with a
 * "t" key naming the kind.  Sealed ('S') frames carry one message each; a broadcast ('B')
 * carries an "events" message.  Decoding is strict like the core's codecs: an unknown kind or
 * key, a missing key, a value of the wrong type or out of range is refused with a detail naming
 * it, and nothing is half-filled.  encode∘decode is the identity.
 *
 *   hub → console
 *     welcome   {"t":"welcome","console":ID,"name":"seat-12","role":"member","seat":12,
 *                "hub_time":MS,"heartbeat_ms":N,"timeout_ms":N}
 *     key       {"t":"key","id":N,"key":"64 hex"}          the meeting key for broadcasts
 *     snapshot  {"t":"snapshot","seq":N,"chain":"64 hex","state":{public snapshot}}  chain: the
 *               hash of journal row N (docs/PROTOCOL.md, "A session")
 *     resumed   {"t":"resumed","seq":N}    the console's replica at N is the hub's: no snapshot
 *     answer    {"t":"answer","cid":"...","ok":true,"first":N,"last":N}
 *               {"t":"answer","cid":"...","ok":false,"error":"already_cast","detail":"..."}
 *     beat      {"t":"beat","now":MS}                       hub heartbeat with the hub's clock
 *     bye       {"t":"bye","reason":"..."}                  before the hub closes a link
 *     events    {"t":"events","chain":"64 hex","events":[public events, seqs consecutive]}
 *               (broadcast body; chain: the hash of the last event's journal row)
 *     paper     {"t":"paper","item":N,"subject":N,"attempt":N,"questions":[{"kind":"single",
 *                "text":"...","options":["...",...]},...],"given":[N,...]}  a nominee's law
 *               exam paper, to that nominee's examinee console only; never its answers
 *     doc_part  {"t":"doc_part","id":N,"offset":N,"size":N,"text":"..."}  a part of document N's
 *               text (the bytes from offset on), to the console that asked for it; size is the
 *               whole text's, and the last part ends at it
 *   console → hub
 *     resume    {"t":"resume","seq":N,"chain":"64 hex"}    the first message after the
 *               handshake: where the console's replica stands ({"seq":0,"chain":""}: none)
 *     doc_get   {"t":"doc_get","id":N}                      send me document N's text
 *     command   {"t":"command","cid":"...","command":{core command},"pin":"1234"}  (pin only
 *               with sign_in, never journalled)
 *     beat      {"t":"beat","now":0}
 *
 * A client id (cid) is 1..MSG_CID_MAX-1 bytes of [A-Za-z0-9._-]. */
#ifndef CMTE_NET_MESSAGE_H
#define CMTE_NET_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "db/exam_bank.h"

enum {
    MSG_CID_MAX = 48,
    MSG_PIN_MAX = 33, /* up to 32 bytes of digits */
    MSG_NAME_MAX = 64,
    MSG_REASON_MAX = 200,
    MSG_KEY_BYTES = 32,
    MSG_CHAIN_BYTES = 32,    /* a journal row's hash (db/journal.c) */
    MSG_EVENTS_MAX = 100000, /* events in one broadcast */
    MSG_ERROR_NAME_MAX = 40,
    MSG_DOC_PART_MAX = 16 << 10, /* bytes of a document's text in one doc_part */
};

#define MSG_TYPES(X)                                                                               \
    X(WELCOME, "welcome")                                                                          \
    X(KEY, "key")                                                                                  \
    X(SNAPSHOT, "snapshot")                                                                        \
    X(ANSWER, "answer")                                                                            \
    X(BEAT, "beat")                                                                                \
    X(BYE, "bye")                                                                                  \
    X(EVENTS, "events")                                                                            \
    X(COMMAND, "command")                                                                          \
    X(PAPER, "paper")                                                                              \
    X(DOC_GET, "doc_get")                                                                          \
    X(DOC_PART, "doc_part")                                                                        \
    X(RESUME, "resume")                                                                            \
    X(RESUMED, "resumed")

#define X_ENUM(e, s) MSG_##e,
enum msg_type { MSG_TYPES(X_ENUM) MSG_TYPE_COUNT };
#undef X_ENUM

struct msg_welcome {
    int64_t console; /* the console's id in the hub's registry */
    char name[MSG_NAME_MAX];
    enum role role; /* ROLE_MEMBER, ROLE_SECRETARY, ROLE_DISPLAY or ROLE_CHAIR */
    int32_t seat;   /* for a member console; an examinee console's nominee; 0 otherwise */
    int64_t hub_time;
    int32_t heartbeat_ms, timeout_ms;
};

struct msg_answer {
    char cid[MSG_CID_MAX];
    bool ok;
    int64_t first, last; /* ok: the journal seqs of the command's events */
    enum core_err code;  /* !ok */
    char detail[96];     /* !ok: struct core_error's detail */
};

struct msg_command {
    char cid[MSG_CID_MAX];
    struct command command;
    char pin[MSG_PIN_MAX]; /* "" when absent */
};

/* A paper's texts as the examinee sees them: the questions' answer fields are always 0. */
struct msg_paper {
    int32_t item, subject, attempt;
    int count;
    struct exam_question questions[EXAM_QUESTIONS_MAX];
    uint8_t given[EXAM_QUESTIONS_MAX]; /* the answers given so far (after a reconnect) */
};

struct msg {
    enum msg_type type;
    union {
        struct msg_welcome welcome;
        struct {
            uint32_t id;
            unsigned char key[MSG_KEY_BYTES];
        } key;
        struct {
            int64_t seq;
            unsigned char chain[MSG_CHAIN_BYTES];
            struct core_state *state;
        } snapshot; /* owned by the msg */
        struct msg_answer answer;
        struct {
            int64_t now;
        } beat;
        struct {
            char reason[MSG_REASON_MAX];
        } bye;
        struct {
            int count;
            struct event *events;
            unsigned char chain[MSG_CHAIN_BYTES]; /* the last event's row */
        } events;                                 /* owned; seqs consecutive, >= 1 */
        struct msg_command command;
        struct msg_paper *paper; /* owned by the msg */
        struct {
            int32_t id;
        } doc_get;
        struct msg_doc_part {
            int32_t id, offset, size;
            size_t len;
            char *text; /* len bytes (a NUL after them); owned by a decoded msg, borrowed by one
                         * to encode */
        } doc_part;
        struct {
            int64_t seq; /* 0: no replica, and no chain */
            unsigned char chain[MSG_CHAIN_BYTES];
        } resume;
        struct {
            int64_t seq;
        } resumed;
    } u;
};

/* Encode as compact JSON text (caller frees with free()); NULL when out of memory.  events
 * and snapshot use the public forms (core/codec.h). */
char *msg_encode(const struct msg *m);

/* The body of a broadcast straight from a batch of events (public forms) and the hash of the
 * last one's journal row, without building a struct msg: what the hub encodes once per commit. */
char *msg_encode_events(const struct event *events, int count,
                        const unsigned char chain[MSG_CHAIN_BYTES]);

/* Decode text (len bytes, not NUL-terminated).  On success *m owns what it points to (free
 * with msg_free); on failure *m is left empty (type MSG_TYPE_COUNT) and err says why. */
enum core_err msg_decode(const char *text, size_t len, struct msg *m, struct core_error *err);

void msg_free(struct msg *m);

const char *msg_type_name(enum msg_type t);

/* An error's name on the wire ("already_cast"); false when e has none. */
bool msg_error_name(enum core_err e, char out[MSG_ERROR_NAME_MAX]);

/* Is s a valid client id? */
bool msg_cid_ok(const char *s);

#endif
