/* The documents' texts in the hub's database.  See db.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/import.h"
#include "db/internal.h"

enum db_status db_documents_store(struct db *db, const struct imported_document *docs, int n,
                                  struct db_error *err)
{
    static const char sql[] = "INSERT OR REPLACE INTO document(id, sha256, text) VALUES(?, ?, ?)";
    if (n == 0) return DB_OK;
    enum db_status rc = db_begin(db, err);
    sqlite3_stmt *st = rc == DB_OK ? db_prepare(db, sql, err) : NULL;
    if (rc == DB_OK && !st) rc = err ? err->code : DB_ERR_SQLITE;
    for (int i = 0; rc == DB_OK && i < n; i++) {
        sqlite3_bind_int64(st, 1, docs[i].id);
        sqlite3_bind_text(st, 2, docs[i].sha256, -1, SQLITE_STATIC);
        sqlite3_bind_blob64(st, 3, docs[i].text, docs[i].len, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_sqlite_fail(db, err, 0, "storing a document");
        sqlite3_reset(st);
    }
    if (rc == DB_OK) return db_commit(db, err);
    db_rollback(db);
    return rc;
}

enum db_status db_document_text(struct db *db, int32_t id, char **text, size_t *len,
                                struct db_error *err)
{
    static const char sql[] = "SELECT text FROM document WHERE id = ?";
    *text = NULL;
    *len = 0;
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return DB_OK;
    if (rc != SQLITE_ROW) return db_sqlite_fail(db, err, 0, "reading a document");
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    const void *p = sqlite3_column_blob(st, 0);
    *text = malloc(n + 1);
    if (!*text) return db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    if (n) memcpy(*text, p, n);
    (*text)[n] = '\0';
    *len = n;
    sqlite3_reset(st);
    return DB_OK;
}

enum db_status db_documents_load(struct db *db, struct imported_document **out, int *n,
                                 struct db_error *err)
{
    static const char sql[] = "SELECT id, sha256, text FROM document ORDER BY id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct imported_document *p = realloc(*out, (size_t)cap * sizeof *p);
            if (!p) break;
            *out = p;
        }
        struct imported_document *d = &(*out)[*n];
        const char *hex = (const char *)sqlite3_column_text(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 2);
        d->id = (int32_t)sqlite3_column_int64(st, 0);
        snprintf(d->sha256, sizeof d->sha256, "%s", hex ? hex : "");
        d->text = malloc(len + 1);
        if (!d->text) break;
        if (len) memcpy(d->text, sqlite3_column_blob(st, 2), len);
        d->text[len] = '\0';
        d->len = len;
        (*n)++;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return DB_OK;
    for (int i = 0; i < *n; i++) free((*out)[i].text); /* nothing half read is kept */
    free(*out);
    *out = NULL;
    *n = 0;
    if (rc == SQLITE_ROW) return db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    return db_sqlite_fail(db, err, 0, "reading the documents");
}
