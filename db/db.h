/* The hub's database: one SQLite file per committee holding the journal of every event (the
 * roster is in it too, as member_added events), snapshots of the public state, and, while a
 * secret ballot is open, its choices encrypted under a per-ballot key sealed to the hub's key.
 *
 * Synchronous and single-threaded: one struct db is used by one thread at a time (the hub
 * runs db_append in its thread pool for group commit).  No function prints; every failure is
 * a value with a message naming the file and, where there is one, the journal seq. */
#ifndef CMTE_DB_DB_H
#define CMTE_DB_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

enum db_status {
    DB_OK = 0,
    DB_ERR_SQLITE,   /* SQLite failed (I/O, full disk, locked, corrupt page) */
    DB_ERR_NO_FILE,  /* the file does not exist (read-only opens never create it) */
    DB_ERR_NOT_CMTE, /* not an SQLite file, or an SQLite file that is not cmte's */
    DB_ERR_VERSION,  /* a schema version this program does not know (newer, or too old) */
    DB_ERR_CHAIN,    /* the journal's hash chain is broken (db_load without the accept flag) */
    DB_ERR_REPLAY,   /* a journal row does not decode, or its event does not apply */
    DB_ERR_SECRET,   /* a secret ballot's key or choices are missing, or cannot be opened */
    DB_ERR_ARG,      /* a bad argument (a read-only db, an event that cannot be encoded) */
    DB_ERR_NOMEM,
};

struct db_error {
    enum db_status code;
    int64_t seq;       /* the journal seq concerned; 0 when none */
    char message[512]; /* "FILE: seq N: what is wrong" */
};

/* The hub's long-term X25519 key pair (crypto_box_keypair).  The per-ballot keys of secret
 * ballots are stored only sealed to public_key; secret_key opens them on recovery. */
enum { DB_HUB_KEY_BYTES = 32 };
struct db_hub_key {
    unsigned char public_key[DB_HUB_KEY_BYTES];
    unsigned char secret_key[DB_HUB_KEY_BYTES];
};

struct db; /* opaque */

/* Open (creating it when absent) the database at path for the hub: WAL, synchronous=FULL,
 * foreign_keys, secure_delete, a busy timeout; migrate the schema forward; checkpoint and
 * truncate the WAL (a crash may have left a closed secret ballot's old pages in it; when a
 * reader prevents it, db_scrub_pending says so and the next append tries again).  A newer
 * schema version (DB_ERR_VERSION), another program's database or a file that is not SQLite
 * (DB_ERR_NOT_CMTE) is refused before anything in it changes.  key is copied (into locked
 * memory); NULL means this db can neither append secret ballots nor restore their tallies.
 * One hub per database: a second writer makes the first one's appends fail (their seqs
 * are taken), never interleave.  On success *out is the caller's, to db_close. */
enum db_status db_open(const char *path, const struct db_hub_key *key, struct db **out,
                       struct db_error *err);

/* Open an existing database read-only (SQLITE_OPEN_READONLY): never creates the file, never
 * migrates, never checkpoints, writes nothing.  When no hub has it open (no -wal and no -shm
 * file) it is opened immutable, so that no side file is created either.  The schema must be
 * the current version.  db_append and db_snapshot refuse on it; db_load works, but cannot
 * restore an open secret ballot (no key). */
enum db_status db_open_readonly(const char *path, struct db **out, struct db_error *err);

void db_close(struct db *db); /* NULL is fine; wipes the key */

const char *db_path(const struct db *db);

/* Append a batch of events (of one or many commands) in one transaction: BEGIN IMMEDIATE,
 * one journal row each, hash-chained, COMMIT.  Returns DB_OK only after COMMIT succeeded
 * (durable: synchronous=FULL); then events[i].seq holds consecutive sequence numbers.  On any
 * failure the transaction is rolled back and no event's seq is touched.
 *
 * The events are the hub's full events: a secret ballot_cast carries its choices.  The journal
 * keeps the public form only (no choice); the choices go, encrypted, to the secret ballot
 * store in the same transaction.  A ballot_opened of a secret ballot creates the ballot's key
 * (sealed to the hub's public key); its ballot_closed deletes the key and the choices in the
 * same transaction, and after COMMIT the WAL is checkpointed and truncated.  A checkpoint
 * that cannot complete (another reader) does not fail the append: db_scrub_pending says so
 * and the next append or db_close tries again. */
enum db_status db_append(struct db *db, struct event *events, int n, struct db_error *err);

/* db_append, and in the same transaction (before COMMIT) also(db, ctx, err): for rows that
 * must be stored with the events or not at all, such as imported seat PINs. */
typedef enum db_status (*db_txn_fn)(struct db *db, void *ctx, struct db_error *err);
enum db_status db_append_with(struct db *db, struct event *events, int n, db_txn_fn also, void *ctx,
                              struct db_error *err);

/* Seat PINs: the hub keeps only Argon2id hashes (crypto_pwhash_str), never in the core's state
 * (which is broadcast).  Append the events of an import and store its PINs' hashes in one
 * transaction. */
struct imported_pin;
enum db_status db_append_with_pins(struct db *db, struct event *events, int n,
                                   const struct imported_pin *pins, int npins,
                                   struct db_error *err);
/* Does pin open person's seat?  *has_pin says whether the person has one at all. */
enum db_status db_pin_check(struct db *db, int32_t person, const char *pin, bool *has_pin, bool *ok,
                            struct db_error *err);

/* The law exam's question bank (db/exam_bank.h), kept in the hub's database only.  Check a
 * decoded bank against the questions already stored (each one there already is reported as
 * NAME:LINE: reason and counted in *bad); add it in one transaction; read the whole bank (for
 * the hub, which draws papers from it; *out is the caller's: exam_bank_free). */
struct exam_bank;
enum db_status db_exam_bank_check(struct db *db, const char *name, const struct exam_bank *b,
                                  FILE *report, int *bad, struct db_error *err);
enum db_status db_exam_bank_add(struct db *db, const char *source, const struct exam_bank *b,
                                struct db_error *err);
enum db_status db_exam_bank_load(struct db *db, struct exam_bank *out, struct db_error *err);

/* Documents' texts (table document), by the id the core gave them: stored before the
 * events that name them (an id whose events did not follow is overwritten by the next import
 * that takes it).  db_document_text gives a malloc'd copy (*text NULL when there is none). */
struct imported_document;
enum db_status db_documents_store(struct db *db, const struct imported_document *docs, int n,
                                  struct db_error *err);
enum db_status db_document_text(struct db *db, int32_t id, char **text, size_t *len,
                                struct db_error *err);
/* Every document's text, in the order of ids (*out malloc'd, each text malloc'd). */
enum db_status db_documents_load(struct db *db, struct imported_document **out, int *n,
                                 struct db_error *err);

/* True while a closed secret ballot's pages may still be in the WAL. */
bool db_scrub_pending(const struct db *db);

/* The last journal row: its seq (0 when empty) and hash (32 zero bytes when empty). */
void db_head(const struct db *db, int64_t *seq, unsigned char hash[32]);

/* Store snapshot_encode(s) as the snapshot at the current head seq: s must be exactly the
 * state after applying every event appended so far.  Older snapshots beyond the newest few
 * are deleted.  Snapshots are a cache: db_load starts from the newest one, verify checks
 * every one against the replay. */
enum db_status db_snapshot(struct db *db, const struct core_state *s, struct db_error *err);

/* What db_load found. */
struct db_load_info {
    int64_t events;         /* journal rows */
    int64_t snapshot_seq;   /* the snapshot the replay started from; 0 when none */
    int64_t replayed;       /* events applied after it */
    int64_t chain_bad_seq;  /* first seq where the chain is broken; 0 when intact */
    int chain_problems;     /* rows with a chain problem */
    char chain_what[256];   /* what is wrong at chain_bad_seq */
    int secret_ballots;     /* open secret ballots whose tallies were restored */
    int64_t secret_choices; /* choices restored */
};

enum { DB_ACCEPT_BROKEN_CHAIN = 1u << 0 };

/* Rebuild the state: the newest snapshot (if any, and if its chain hash matches the journal)
 * plus the rows after it, verifying the whole chain on the way; then, for every open secret
 * ballot, unseal its key with the hub's secret key, decrypt its stored choices and restore
 * the hub's private tally (core_tally_restore).  Every replayed event must apply (else
 * DB_ERR_REPLAY naming the seq).  A broken chain is DB_ERR_CHAIN naming the first bad seq,
 * unless flags has DB_ACCEPT_BROKEN_CHAIN: then the state is rebuilt all the same and info
 * says where the chain is broken.  On success *out is the caller's (core_state_free).
 * info may be NULL. */
enum db_status db_load(struct db *db, unsigned flags, struct core_state **out,
                       struct db_load_info *info, struct db_error *err);

/* The state of meeting `number` as it stood when it ended (just before the next meeting was
 * created), or the latest meeting's state when it is that one; the chain must be whole.
 * DB_ERR_ARG when the journal holds no meeting of that number. */
enum db_status db_load_meeting(struct db *db, int32_t number, struct core_state **out,
                               struct db_error *err);

/* What db_verify found. */
struct db_verify_summary {
    int64_t events;
    int64_t first_bad_seq; /* 0 when the chain is intact */
    int chain_problems;    /* rows with a hash, seq, body or replay problem */
    int tally_problems;    /* ballots whose counts disagree with the receipts or the store */
    int other_problems;    /* snapshots that differ from the replay */
    int closed_ballots, open_ballots;
};

/* `cmte verify`: open path read-only (nothing is created or changed), check the chain (seq
 * gaps, hashes, bodies that do not decode or disagree with their row, events that do not
 * apply), the tallies against the receipts (every closed ballot's counts add up, per subject,
 * to its ballot_cast rows and do not exceed the members; every open secret ballot has one
 * stored choice per receipt choice and its sealed key; no choices or keys are left of a
 * closed ballot), and every snapshot against the replay.  Each problem is one line on
 * report ("FILE: seq N: ..."), then one summary line.  Returns DB_OK when the check ran
 * (sum says whether it found problems), or an error when the file cannot be read at all
 * (missing, not SQLite, not cmte's, another version). */
enum db_status db_verify(const char *path, FILE *report, struct db_verify_summary *sum,
                         struct db_error *err);

/* ---- Where an event came from, for resent commands ----
 * A console's command carries a client id (cid).  The hub stores, with each event, the console
 * and cid of the command that produced it, in the same transaction, so that a command resent
 * after a reconnect (or after the hub restarted) is answered from the journal and never applied
 * twice.  The origin is not part of the hash chain: it says which console sent a command, not
 * what the meeting decided. */
enum { DB_CID_MAX = 48 };
struct db_origin {
    int64_t console;      /* the console's id in the registry; 0: none (the hub, an import) */
    char cid[DB_CID_MAX]; /* "" when console is 0 */
};

/* db_append with origins[i] stored for events[i] (origins may be NULL: none). */
enum db_status db_append_from(struct db *db, struct event *events, const struct db_origin *origins,
                              int n, struct db_error *err);

/* The commands of the newest `rows` journal rows that have an origin: fn is called once per
 * (console, cid) with the first and last seq of its events, oldest first.  What a restarted hub
 * loads to answer resent commands. */
typedef void (*db_origin_fn)(void *ctx, int64_t console, const char *cid, int64_t first,
                             int64_t last);
enum db_status db_recent_origins(struct db *db, int64_t rows, db_origin_fn fn, void *ctx,
                                 struct db_error *err);

/* ---- Consoles enrolled to this hub (`cmte enroll`) ----
 * Each has a name unique among consoles that are not revoked ("seat-12", "secretary-1",
 * "display-1", "chair-1"), a role (ROLE_MEMBER with a seat, ROLE_SECRETARY, ROLE_DISPLAY, or
 * ROLE_CHAIR for a chair console away from the hub's machine) and an
 * Ed25519 public key.  A revoked console keeps its row (revoked_at set) and can never be
 * enrolled again with the same key.  Only one console that is not revoked may hold a seat. */
enum { DB_CONSOLE_NAME_MAX = 64, DB_CONSOLE_KEY_BYTES = 32 };
struct db_console {
    int64_t id;
    char name[DB_CONSOLE_NAME_MAX];
    enum role role;
    int32_t seat; /* member consoles; 0 otherwise */
    unsigned char public_key[DB_CONSOLE_KEY_BYTES];
    int64_t enrolled_at, revoked_at; /* ms since the epoch; revoked_at 0 while valid */
    int32_t nominee; /* an examinee console's nominee (the subject's id); 0 otherwise */
};

/* Register a console.  DB_ERR_ARG with a clear message when the name or the seat is taken by a
 * console that is not revoked, the key was ever enrolled, the role is not one of the four, a
 * member console has no seat (1..99999) or another role has one, or the name is empty, too long
 * or not printable ASCII [A-Za-z0-9._-].  On success c->id is set. */
enum db_status db_console_enroll(struct db *db, struct db_console *c, struct db_error *err);

/* Revoke the console named name (not yet revoked) at time now; DB_ERR_ARG when there is none. */
enum db_status db_console_revoke(struct db *db, const char *name, int64_t now,
                                 struct db_error *err);

/* The console with this public key (revoked or not): *found says whether there is one. */
enum db_status db_console_find(struct db *db, const unsigned char key[DB_CONSOLE_KEY_BYTES],
                               struct db_console *out, bool *found, struct db_error *err);

/* Every console, in order of id: *out is malloc'd (caller frees), *n its length. */
enum db_status db_console_list(struct db *db, struct db_console **out, int *n,
                               struct db_error *err);

/* Has another connection (such as `cmte enroll --revoke` beside a running hub) committed a
 * change since the last call on this db?  (PRAGMA data_version.)  The first call says true, and
 * so may a call after another connection only checkpointed the WAL (db_open does). */
bool db_changed_elsewhere(struct db *db);

/* ---- Seat PINs for the hub's loop ----
 * The slow part of a PIN check (Argon2id, tens of MB) must not hold the database: fetch the
 * hash here, verify it with pin_hash_verify on any thread.  *has_pin is false (and hash "")
 * when the person has no PIN. */
enum { DB_PIN_HASH_MAX = 128 };
enum db_status db_pin_hash(struct db *db, int32_t person, char hash[DB_PIN_HASH_MAX], bool *has_pin,
                           struct db_error *err);
bool pin_hash_verify(const char *hash, const char *pin);

#endif
