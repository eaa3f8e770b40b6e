/* Opening and closing the database: connection settings, the schema check and migrations,
 * the journal's head; and the small helpers the other db/ files share. */
#if !defined(_XOPEN_SOURCE) && !defined(_DEFAULT_SOURCE)
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "db/internal.h"
#include "db/schema.h"

_Static_assert(DB_HUB_KEY_BYTES == crypto_box_PUBLICKEYBYTES, "hub public key size");
_Static_assert(DB_HUB_KEY_BYTES == crypto_box_SECRETKEYBYTES, "hub secret key size");
_Static_assert(DB_HASH_BYTES == crypto_generichash_BYTES, "BLAKE2b-256");

enum { BUSY_TIMEOUT_MS = 5000 };

/* ---- errors ---- */

enum db_status db_fail(struct db_error *err, const char *path, enum db_status code, int64_t seq,
                       const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    err->seq = seq;
    int n;
    if (seq > 0)
        n = snprintf(err->message, sizeof err->message, "%s: seq %lld: ", path, (long long)seq);
    else
        n = snprintf(err->message, sizeof err->message, "%s: ", path);
    if (n < 0 || (size_t)n >= sizeof err->message) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

enum db_status db_sqlite_fail(struct db *db, struct db_error *err, int64_t seq, const char *doing)
{
    int rc = sqlite3_errcode(db->h) & 0xff;
    enum db_status code = rc == SQLITE_NOMEM    ? DB_ERR_NOMEM
                          : rc == SQLITE_NOTADB ? DB_ERR_NOT_CMTE
                                                : DB_ERR_SQLITE;
    return db_fail(err, db->path, code, seq, "%s: %s", doing, sqlite3_errmsg(db->h));
}

/* ---- statements and transactions ---- */

sqlite3_stmt *db_prepare(struct db *db, const char *sql, struct db_error *err)
{
    int free_slot = -1;
    for (int i = 0; i < DB_STMT_CACHE; i++) {
        if (db->stmts[i].sql == sql) {
            sqlite3_reset(db->stmts[i].stmt);
            sqlite3_clear_bindings(db->stmts[i].stmt);
            return db->stmts[i].stmt;
        }
        if (!db->stmts[i].sql && free_slot < 0) free_slot = i;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        db_sqlite_fail(db, err, 0, "preparing a statement");
        return NULL;
    }
    if (free_slot >= 0) {
        db->stmts[free_slot].sql = sql;
        db->stmts[free_slot].stmt = st;
    } else { /* the cache is sized for every statement db/ has; this would be a bug */
        sqlite3_finalize(st);
        db_fail(err, db->path, DB_ERR_SQLITE, 0, "statement cache full");
        return NULL;
    }
    return st;
}

enum db_status db_exec(struct db *db, const char *sql, struct db_error *err)
{
    if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK) return DB_OK;
    return db_sqlite_fail(db, err, 0, sql);
}

enum db_status db_begin(struct db *db, struct db_error *err)
{
    return db_exec(db, "BEGIN IMMEDIATE", err);
}

enum db_status db_commit(struct db *db, struct db_error *err)
{
    return db_exec(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

enum db_status db_scrub_wal(struct db *db, struct db_error *err)
{
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    if (rc != SQLITE_OK) return db_sqlite_fail(db, err, 0, "checkpointing and truncating the WAL");
    db->scrub_pending = false;
    return DB_OK;
}

/* ---- opening ---- */

static enum db_status read_head(struct db *db, struct db_error *err)
{
    sqlite3_stmt *st =
        db_prepare(db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    db->head_seq = 0;
    memset(db->head_hash, 0, sizeof db->head_hash);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        db->head_seq = sqlite3_column_int64(st, 0);
        const void *h = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        if (h) memcpy(db->head_hash, h, n < DB_HASH_BYTES ? (size_t)n : DB_HASH_BYTES);
        rc = sqlite3_step(st);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, 0, "reading the journal's head");
}

/* Run a PRAGMA that answers with one value and check the answer. */
static enum db_status pragma_expect(struct db *db, const char *sql, const char *want,
                                    struct db_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW || (rc == SQLITE_DONE && !want);
    if (ok && want) {
        const char *got = (const char *)sqlite3_column_text(st, 0);
        ok = got && strcmp(got, want) == 0;
    }
    sqlite3_finalize(st);
    if (ok) return DB_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_sqlite_fail(db, err, 0, sql);
    return db_fail(err, db->path, DB_ERR_SQLITE, 0, "%s: did not take effect", sql);
}

/* The hub's connection: durable, checked, and scrubbing what it deletes. */
static enum db_status configure_hub(struct db *db, struct db_error *err)
{
    static const struct {
        const char *sql, *want;
    } settings[] = {
        {"PRAGMA journal_mode = WAL", "wal"},  {"PRAGMA synchronous = FULL", NULL},
        {"PRAGMA synchronous", "2"},           {"PRAGMA foreign_keys = ON", NULL},
        {"PRAGMA foreign_keys", "1"},          {"PRAGMA secure_delete = ON", "1"},
        {"PRAGMA trusted_schema = OFF", NULL},
    };
    enum db_status rc = DB_OK;
    for (size_t i = 0; rc == DB_OK && i < sizeof settings / sizeof settings[0]; i++)
        rc = pragma_expect(db, settings[i].sql, settings[i].want, err);
    return rc;
}

static enum db_status db_new(const char *path, struct db **out, struct db_error *err)
{
    if (sodium_init() < 0) return db_fail(err, path, DB_ERR_SECRET, 0, "libsodium cannot start");
    struct db *db = calloc(1, sizeof *db);
    char *copy = strdup(path);
    if (!db || !copy) {
        free(db);
        free(copy);
        return db_fail(err, path, DB_ERR_NOMEM, 0, "out of memory");
    }
    db->path = copy;
    *out = db;
    return DB_OK;
}

/* Connect to name (the path, or a file: URI for it) with flags. */
static enum db_status open_connection(struct db *db, const char *name, int flags,
                                      struct db_error *err)
{
    int rc = sqlite3_open_v2(name, &db->h, flags, NULL);
    if (rc != SQLITE_OK) {
        const char *why = db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
        return db_fail(err, db->path, rc == SQLITE_NOMEM ? DB_ERR_NOMEM : DB_ERR_SQLITE, 0,
                       "cannot open: %s", why);
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    return DB_OK;
}

static enum db_status copy_key(struct db *db, const struct db_hub_key *key, struct db_error *err)
{
    if (!key) return DB_OK;
    db->key = sodium_malloc(sizeof *db->key);
    if (!db->key) return db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of locked memory");
    memcpy(db->key, key, sizeof *key);
    return DB_OK;
}

enum db_status db_open(const char *path, const struct db_hub_key *key, struct db **out,
                       struct db_error *err)
{
    struct db *db;
    *out = NULL;
    enum db_status rc = db_new(path, &db, err);
    if (rc != DB_OK) return rc;
    int version = 0;
    rc = open_connection(db, db->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    /* refuse a newer or foreign database before changing anything in it */
    if (rc == DB_OK) rc = db_schema_inspect(db->h, db->path, &version, err);
    if (rc == DB_OK) rc = configure_hub(db, err);
    if (rc == DB_OK) rc = db_schema_migrate(db->h, db->path, db_schema_current(), err);
    if (rc == DB_OK) rc = read_head(db, err);
    if (rc == DB_OK) rc = copy_key(db, key, err);
    if (rc != DB_OK) {
        db_close(db);
        return rc;
    }
    /* A crash between a secret ballot's close and its checkpoint leaves its pages in the
     * WAL: scrub now, or (a reader is in the way) at the next append. */
    db->scrub_pending = true;
    db_scrub_wal(db, NULL);
    *out = db;
    return DB_OK;
}

/* Say plainly when the file is missing or not a file: SQLite's "unable to open" is vague. */
static enum db_status check_file(const char *path, struct db_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return db_fail(err, path, errno == ENOENT ? DB_ERR_NO_FILE : DB_ERR_SQLITE, 0, "%s",
                       errno == ENOENT ? "no such file" : strerror(errno));
    if (!S_ISREG(st.st_mode)) return db_fail(err, path, DB_ERR_NOT_CMTE, 0, "not a regular file");
    return DB_OK;
}

static bool side_file_exists(const char *path, const char *suffix)
{
    char name[4096 + 8];
    struct stat st;
    int n = snprintf(name, sizeof name, "%s%s", path, suffix);
    return n < 0 || (size_t)n >= sizeof name || stat(name, &st) == 0;
}

/* "file:/REAL/PATH?mode=ro&immutable=1", with the characters a URI reserves escaped.  NULL
 * when out of memory or the path cannot be resolved.  Caller frees. */
static char *immutable_uri(const char *path)
{
    static const char tail[] = "?mode=ro&immutable=1";
    char *real = realpath(path, NULL);
    if (!real) return NULL;
    size_t n = strlen(real);
    char *uri = malloc(5 + 3 * n + sizeof tail);
    if (uri) {
        char *o = uri + 5;
        memcpy(uri, "file:", 5);
        for (const unsigned char *c = (const unsigned char *)real; *c; c++)
            if (*c == '%' || *c == '?' || *c == '#' || *c <= ' ' || *c >= 0x7f)
                o += sprintf(o, "%%%02X", *c);
            else
                *o++ = (char)*c;
        memcpy(o, tail, sizeof tail);
    }
    free(real);
    return uri;
}

/* The connection of a reader that must change nothing.  A database in WAL mode that no hub
 * has open has neither -wal nor -shm file; a plain read-only connection would create both
 * (and leave them), so that case opens the file as immutable: no side files, no locks, no
 * WAL (there is none).  Otherwise a hub is running, or crashed, and the newest commits are
 * in the WAL: read-only through the existing -shm, where readers keep their read marks. */
static enum db_status connect_reader(struct db *db, struct db_error *err)
{
    if (side_file_exists(db->path, "-wal") || side_file_exists(db->path, "-shm"))
        return open_connection(db, db->path, SQLITE_OPEN_READONLY, err);
    char *uri = immutable_uri(db->path);
    if (!uri) return db_fail(err, db->path, DB_ERR_NOMEM, 0, "cannot resolve the path");
    enum db_status rc = open_connection(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err);
    free(uri);
    return rc;
}

enum db_status db_open_readonly(const char *path, struct db **out, struct db_error *err)
{
    struct db *db;
    *out = NULL;
    enum db_status rc = check_file(path, err);
    if (rc == DB_OK) rc = db_new(path, &db, err);
    if (rc != DB_OK) return rc;
    db->readonly = true;
    int version = 0;
    rc = connect_reader(db, err);
    if (rc == DB_OK) rc = db_schema_inspect(db->h, db->path, &version, err);
    if (rc == DB_OK && version == 0)
        rc = db_fail(err, path, DB_ERR_NOT_CMTE, 0, "an empty database, not a cmte journal");
    else if (rc == DB_OK && version != db_schema_current())
        rc = db_fail(err, path, DB_ERR_VERSION, 0,
                     "schema version %d is older than this cmte's (%d): open it once with "
                     "the hub to migrate it",
                     version, db_schema_current());
    if (rc == DB_OK) rc = pragma_expect(db, "PRAGMA query_only = ON", NULL, err);
    if (rc == DB_OK) rc = read_head(db, err);
    if (rc != DB_OK) {
        db_close(db);
        return rc;
    }
    *out = db;
    return DB_OK;
}

void db_close(struct db *db)
{
    if (!db) return;
    if (db->h && !db->readonly && db->scrub_pending) db_scrub_wal(db, NULL);
    for (int i = 0; i < DB_STMT_CACHE; i++) sqlite3_finalize(db->stmts[i].stmt);
    sqlite3_close(db->h);
    sodium_free(db->key); /* zeroes it */
    free(db->path);
    free(db);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

bool db_scrub_pending(const struct db *db)
{
    return db->scrub_pending;
}

void db_head(const struct db *db, int64_t *seq, unsigned char hash[32])
{
    if (seq) *seq = db->head_seq;
    if (hash) memcpy(hash, db->head_hash, DB_HASH_BYTES);
}
