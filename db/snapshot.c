/* Snapshots: the public state after a journal row, so recovery need not replay from the
 * first row.  A cache: the journal stays the truth, and verify checks each snapshot against
 * the replay.  The public form hides open secret ballots' counts, so a snapshot taken during
 * a secret ballot stores no tally. */
#include <stdlib.h>

#include "core/codec.h"
#include "db/internal.h"

enum { SNAPSHOTS_KEPT = 3 };

static enum db_status store(struct db *db, const char *body, struct db_error *err)
{
    static const char sql_insert[] =
        "INSERT OR REPLACE INTO snapshot (seq, chain, body) VALUES (?1, ?2, ?3)";
    static const char sql_prune[] = "DELETE FROM snapshot WHERE seq NOT IN "
                                    "(SELECT seq FROM snapshot ORDER BY seq DESC LIMIT ?1)";
    sqlite3_stmt *st = db_prepare(db, sql_insert, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, db->head_seq);
    sqlite3_bind_blob(st, 2, db->head_hash, DB_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_sqlite_fail(db, err, db->head_seq, "storing a snapshot");
    st = db_prepare(db, sql_prune, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, SNAPSHOTS_KEPT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, 0, "pruning old snapshots");
}

enum db_status db_snapshot(struct db *db, const struct core_state *s, struct db_error *err)
{
    if (db->readonly) return db_fail(err, db->path, DB_ERR_ARG, 0, "opened read-only");
    if (db->head_seq == 0)
        return db_fail(err, db->path, DB_ERR_ARG, 0, "nothing journaled yet to snapshot");
    char *body = snapshot_encode(s);
    if (!body) return db_fail(err, db->path, DB_ERR_NOMEM, db->head_seq, "encoding a snapshot");
    enum db_status rc = db_begin(db, err);
    if (rc == DB_OK) rc = store(db, body, err);
    if (rc == DB_OK) rc = db_commit(db, err);
    if (rc != DB_OK) db_rollback(db);
    free(body);
    return rc;
}
