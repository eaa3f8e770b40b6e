/* Where events came from: the console and client id of the command behind each journal row,
 * stored in the table origin beside the journal, in the append's transaction.  See db.h. */
#include <string.h>

#include "db/internal.h"

struct batch_origins {
    const struct db_origin *of;
    int n;
};

static enum db_status check_origin(struct db *db, const struct db_origin *o, int i,
                                   struct db_error *err)
{
    const char *end = memchr(o->cid, '\0', DB_CID_MAX);
    const char *what = NULL;
    if (o->console < 0)
        what = "the console id is negative";
    else if (!end)
        what = "the command id is too long";
    else if (o->console > 0 && end == o->cid)
        what = "a console's command has no command id";
    else if (o->console == 0 && end != o->cid)
        what = "a command id without a console";
    if (!what) return DB_OK;
    return db_fail(err, db->path, DB_ERR_ARG, 0, "the origin of event %d of the batch: %s", i,
                   what);
}

/* db_append_with's hook, inside its transaction: the batch's rows are numbered from
 * head_seq + 1, and head_seq moves only after COMMIT. */
static enum db_status write_origins(struct db *db, void *ctx, struct db_error *err)
{
    const struct batch_origins *b = ctx;
    static const char sql[] = "INSERT INTO origin (seq, console, cid) VALUES (?1, ?2, ?3)";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    enum db_status rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < b->n; i++) {
        if (b->of[i].console == 0) continue;
        int64_t seq = db->head_seq + 1 + i;
        sqlite3_bind_int64(st, 1, seq);
        sqlite3_bind_int64(st, 2, b->of[i].console);
        sqlite3_bind_text(st, 3, b->of[i].cid, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_sqlite_fail(db, err, seq, "storing the event's origin");
        sqlite3_reset(st);
    }
    return rc;
}

enum db_status db_append_from(struct db *db, struct event *events, const struct db_origin *origins,
                              int n, struct db_error *err)
{
    if (!origins) return db_append(db, events, n, err);
    for (int i = 0; i < n; i++) {
        enum db_status rc = check_origin(db, &origins[i], i, err);
        if (rc != DB_OK) return rc;
    }
    struct batch_origins b = {origins, n};
    return db_append_with(db, events, n, write_origins, &b, err);
}

enum db_status db_recent_origins(struct db *db, int64_t rows, db_origin_fn fn, void *ctx,
                                 struct db_error *err)
{
    /* a negative LIMIT would mean no limit */
    if (rows < 0)
        return db_fail(err, db->path, DB_ERR_ARG, 0, "the newest %lld rows", (long long)rows);
    static const char sql[] =
        "SELECT console, cid, min(seq), max(seq) FROM origin"
        " WHERE seq >= (SELECT min(seq) FROM (SELECT seq FROM journal ORDER BY seq DESC LIMIT ?1))"
        " GROUP BY console, cid ORDER BY min(seq)";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, rows);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cid = (const char *)sqlite3_column_text(st, 1);
        fn(ctx, sqlite3_column_int64(st, 0), cid ? cid : "", sqlite3_column_int64(st, 2),
           sqlite3_column_int64(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, 0, "reading the commands' origins");
}
