/* The consoles enrolled to this hub, and whether another connection has changed the database
 * (a console revoked beside a running hub).  See db.h. */
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"

enum { SEAT_MAX = 99999 };

/* The columns read_console reads, in its order. */
#define CONSOLE_COLUMNS "id, name, role, seat, public_key, enrolled_at, revoked_at, nominee"

/* ---- checks ---- */

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

/* The name is checked before it appears in any message. */
static enum db_status check_name(struct db *db, const char *name, struct db_error *err)
{
    const char *end = memchr(name, '\0', DB_CONSOLE_NAME_MAX);
    if (!end)
        return db_fail(err, db->path, DB_ERR_ARG, 0, "a console name is longer than %d bytes",
                       DB_CONSOLE_NAME_MAX - 1);
    if (end == name) return db_fail(err, db->path, DB_ERR_ARG, 0, "a console name is empty");
    for (const char *c = name; c < end; c++)
        if (!name_char(*c))
            return db_fail(err, db->path, DB_ERR_ARG, 0,
                           "a console name may hold only A-Z, a-z, 0-9, '.', '_' and '-' "
                           "(byte %d is not one)",
                           (int)(c - name) + 1);
    return DB_OK;
}

static bool enrollable(enum role r)
{
    return r == ROLE_MEMBER || r == ROLE_SECRETARY || r == ROLE_DISPLAY || r == ROLE_CHAIR ||
           r == ROLE_EXAMINEE || r == ROLE_VISITOR;
}

static enum db_status check_console(struct db *db, const struct db_console *c, struct db_error *err)
{
    enum db_status rc = check_name(db, c->name, err);
    if (rc != DB_OK) return rc;
    const char *role = role_name(c->role);
    if (!enrollable(c->role))
        return db_fail(
            err, db->path, DB_ERR_ARG, 0,
            "console %s: the role %s cannot be enrolled (member, secretary, display, chair or "
            "examinee)",
            c->name, role ? role : "(unknown)");
    if (c->role == ROLE_MEMBER && (c->seat < 1 || c->seat > SEAT_MAX))
        return db_fail(err, db->path, DB_ERR_ARG, 0,
                       "console %s: a member console needs a seat from 1 to %d, not %d", c->name,
                       SEAT_MAX, (int)c->seat);
    if (c->role != ROLE_MEMBER && c->seat != 0)
        return db_fail(err, db->path, DB_ERR_ARG, 0, "console %s: a %s console has no seat",
                       c->name, role);
    if ((c->role == ROLE_EXAMINEE) != (c->nominee > 0))
        return db_fail(err, db->path, DB_ERR_ARG, 0,
                       "console %s: an examinee console, and only one, is for a nominee", c->name);
    if (c->enrolled_at < 0 || c->revoked_at != 0)
        return db_fail(err, db->path, DB_ERR_ARG, 0,
                       "console %s: enrolled at %lld and revoked at %lld", c->name,
                       (long long)c->enrolled_at, (long long)c->revoked_at);
    return DB_OK;
}

static enum db_status check_writable(struct db *db, struct db_error *err)
{
    return db->readonly ? db_fail(err, db->path, DB_ERR_ARG, 0, "opened read-only") : DB_OK;
}

/* The first clash of c with the registry, as a message; the UNIQUE indexes are the backstop,
 * this says which rule a new console breaks. */
static enum db_status check_clash(struct db *db, const struct db_console *c, struct db_error *err)
{
    static const char sql[] =
        "SELECT CASE WHEN public_key = ?3 THEN 1 WHEN revoked_at = 0 AND name = ?1 THEN 2"
        " ELSE 3 END AS clash, name, revoked_at FROM console"
        " WHERE public_key = ?3 OR (revoked_at = 0 AND (name = ?1 OR (?2 > 0 AND seat = ?2)))"
        " ORDER BY clash LIMIT 1";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->seat);
    sqlite3_bind_blob(st, 3, c->public_key, DB_CONSOLE_KEY_BYTES, SQLITE_STATIC);
    int step = sqlite3_step(st);
    enum db_status rc = DB_OK;
    if (step == SQLITE_ROW) {
        int clash = sqlite3_column_int(st, 0);
        const char *other = (const char *)sqlite3_column_text(st, 1);
        bool revoked = sqlite3_column_int64(st, 2) != 0;
        if (clash == 1)
            rc = db_fail(err, db->path, DB_ERR_ARG, 0,
                         "console %s: the key was already enrolled (as %s%s); a key is enrolled "
                         "only once",
                         c->name, other ? other : "?", revoked ? ", revoked" : "");
        else if (clash == 2)
            rc = db_fail(err, db->path, DB_ERR_ARG, 0,
                         "console %s: the name is taken by an enrolled console", c->name);
        else
            rc = db_fail(err, db->path, DB_ERR_ARG, 0,
                         "console %s: seat %d is taken by the enrolled console %s", c->name,
                         (int)c->seat, other ? other : "?");
    } else if (step != SQLITE_DONE) {
        rc = db_sqlite_fail(db, err, 0, "reading the consoles");
    }
    sqlite3_reset(st);
    return rc;
}

/* ---- changes ---- */

static enum db_status insert_console(struct db *db, struct db_console *c, struct db_error *err)
{
    static const char sql[] = "INSERT INTO console (name, role, seat, public_key, enrolled_at, "
                              "nominee) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, role_name(c->role), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->seat);
    sqlite3_bind_blob(st, 4, c->public_key, DB_CONSOLE_KEY_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, c->enrolled_at);
    sqlite3_bind_int64(st, 6, c->nominee);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return db_sqlite_fail(db, err, 0, "enrolling the console");
    c->id = sqlite3_last_insert_rowid(db->h);
    return DB_OK;
}

enum db_status db_console_enroll(struct db *db, struct db_console *c, struct db_error *err)
{
    enum db_status rc = check_writable(db, err);
    if (rc == DB_OK) rc = check_console(db, c, err);
    if (rc != DB_OK) return rc;
    /* the check and the insert under one write lock: another enrolment cannot slip between */
    rc = db_begin(db, err);
    if (rc == DB_OK) rc = check_clash(db, c, err);
    if (rc == DB_OK) rc = insert_console(db, c, err);
    if (rc == DB_OK) rc = db_commit(db, err);
    if (rc != DB_OK) {
        db_rollback(db);
        c->id = 0;
    }
    return rc;
}

enum db_status db_console_revoke(struct db *db, const char *name, int64_t now, struct db_error *err)
{
    enum db_status rc = check_writable(db, err);
    if (rc == DB_OK) rc = check_name(db, name, err);
    if (rc != DB_OK) return rc;
    if (now <= 0) /* revoked_at 0 means not revoked */
        return db_fail(err, db->path, DB_ERR_ARG, 0, "console %s: revoked at time %lld", name,
                       (long long)now);
    static const char sql[] =
        "UPDATE console SET revoked_at = ?2 WHERE name = ?1 AND revoked_at = 0";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return db_sqlite_fail(db, err, 0, "revoking the console");
    if (sqlite3_changes(db->h) == 0)
        return db_fail(err, db->path, DB_ERR_ARG, 0,
                       "console %s: no enrolled console has this name", name);
    return DB_OK;
}

/* ---- reading ---- */

static bool role_from_name(const char *name, enum role *out)
{
    for (int r = 0; name && r < ROLE_COUNT; r++)
        if (strcmp(role_name((enum role)r), name) == 0) {
            *out = (enum role)r;
            return true;
        }
    return false;
}

/* The row at st's current result, selected as CONSOLE_COLUMNS. */
static enum db_status read_console(struct db *db, sqlite3_stmt *st, struct db_console *c,
                                   struct db_error *err)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const void *key = sqlite3_column_blob(st, 4);
    bool ok = name && (size_t)sqlite3_column_bytes(st, 1) < sizeof c->name &&
              role_from_name((const char *)sqlite3_column_text(st, 2), &c->role) && key &&
              sqlite3_column_bytes(st, 4) == DB_CONSOLE_KEY_BYTES;
    if (!ok)
        return db_fail(err, db->path, DB_ERR_SQLITE, 0, "console %lld: a damaged row",
                       (long long)c->id);
    memcpy(c->name, name, (size_t)sqlite3_column_bytes(st, 1) + 1);
    memcpy(c->public_key, key, DB_CONSOLE_KEY_BYTES);
    c->seat = (int32_t)sqlite3_column_int64(st, 3);
    c->enrolled_at = sqlite3_column_int64(st, 5);
    c->revoked_at = sqlite3_column_int64(st, 6);
    c->nominee = (int32_t)sqlite3_column_int64(st, 7);
    return DB_OK;
}

enum db_status db_console_find(struct db *db, const unsigned char key[DB_CONSOLE_KEY_BYTES],
                               struct db_console *out, bool *found, struct db_error *err)
{
    static const char sql[] = "SELECT " CONSOLE_COLUMNS " FROM console WHERE public_key = ?1";
    *found = false;
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_blob(st, 1, key, DB_CONSOLE_KEY_BYTES, SQLITE_STATIC);
    int step = sqlite3_step(st);
    enum db_status rc = DB_OK;
    if (step == SQLITE_ROW) {
        rc = read_console(db, st, out, err);
        *found = rc == DB_OK;
    } else if (step != SQLITE_DONE) {
        rc = db_sqlite_fail(db, err, 0, "finding the console");
    }
    sqlite3_reset(st);
    return rc;
}

enum db_status db_console_list(struct db *db, struct db_console **out, int *n, struct db_error *err)
{
    static const char sql[] = "SELECT " CONSOLE_COLUMNS " FROM console ORDER BY id";
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    struct db_console *list = NULL;
    int count = 0, cap = 0, step = SQLITE_DONE;
    enum db_status rc = DB_OK;
    while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? 2 * cap : 8;
            struct db_console *more = realloc(list, (size_t)cap * sizeof *more);
            if (!more) {
                rc = db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
                break;
            }
            list = more;
        }
        rc = read_console(db, st, &list[count], err);
        if (rc == DB_OK) count++;
    }
    if (rc == DB_OK && step != SQLITE_DONE) rc = db_sqlite_fail(db, err, 0, "listing the consoles");
    sqlite3_reset(st);
    if (rc != DB_OK) {
        free(list);
        return rc;
    }
    *out = list;
    *n = count;
    return DB_OK;
}

bool db_changed_elsewhere(struct db *db)
{
    sqlite3_stmt *st = db_prepare(db, "PRAGMA data_version", NULL);
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        if (st) sqlite3_reset(st);
        return true; /* cannot tell: the caller reads again, which is safe */
    }
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    bool changed = !db->seen_data_version || v != db->data_version;
    db->seen_data_version = true;
    db->data_version = v;
    return changed;
}
