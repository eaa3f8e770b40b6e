/* Shared inside db/: the struct behind the opaque handle, error helpers, transactions and a
 * cache of prepared statements.  Nothing here is for callers outside db/. */
#ifndef CMTE_DB_INTERNAL_H
#define CMTE_DB_INTERNAL_H

#include <sqlite3.h>

#include "db/db.h"

enum { DB_HASH_BYTES = 32, DB_STMT_CACHE = 56 };

struct db {
    sqlite3 *h;
    char *path;             /* owned copy, for messages */
    bool readonly;          /* opened with SQLITE_OPEN_READONLY */
    struct db_hub_key *key; /* sodium_malloc'd copy; NULL without a key */
    int64_t head_seq;       /* the last journal row; 0 when empty */
    unsigned char head_hash[DB_HASH_BYTES];
    bool scrub_pending;     /* a closed secret ballot's pages may still be in the WAL */
    bool seen_data_version; /* data_version holds the last PRAGMA data_version read */
    int64_t data_version;
    struct {
        const char *sql; /* the static text it was prepared from */
        sqlite3_stmt *stmt;
    } stmts[DB_STMT_CACHE];
};

/* Fill err: code, seq, and "PATH: seq N: " (the seq part only when seq > 0) followed by the
 * formatted text.  Returns code, so `return db_fail(...)` reads well.  err may be NULL. */
enum db_status db_fail(struct db_error *err, const char *path, enum db_status code, int64_t seq,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The same for a failed SQLite call on db->h: "PATH: seq N: doing: SQLite's message". */
enum db_status db_sqlite_fail(struct db *db, struct db_error *err, int64_t seq, const char *doing);

/* A statement prepared once from static text sql (the pointer is the cache key), reset and
 * with its bindings cleared; owned by db.  NULL on failure, with err set. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql, struct db_error *err);

/* Run SQL without results. */
enum db_status db_exec(struct db *db, const char *sql, struct db_error *err);

/* BEGIN IMMEDIATE, COMMIT, and a ROLLBACK that is harmless when nothing is open. */
enum db_status db_begin(struct db *db, struct db_error *err);
enum db_status db_commit(struct db *db, struct db_error *err);
void db_rollback(struct db *db);

/* Checkpoint the WAL into the database and truncate it to zero bytes.  On success clears
 * db->scrub_pending; when a reader prevents it, leaves it set and returns DB_ERR_SQLITE. */
enum db_status db_scrub_wal(struct db *db, struct db_error *err);

#endif
