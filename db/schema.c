/* The schema, version by version.  A step never changes: a database at version N has run
 * exactly steps 1..N.  To change the schema, add a step (and a test fixture for the version
 * before it in tests/unit/test_db_schema.c). */
#include <stdio.h>

#include "db/internal.h"
#include "db/schema.h"

struct migration {
    int to_version;
    const char *sql;
};

/* clang-format off */
static const struct migration migrations[] = {
    {1,
     /* The journal: one row per event, in seq order; body is the event's public JSON; hash
      * chains the rows (db/journal.c documents the bytes hashed). */
     "CREATE TABLE journal ("
     "  seq INTEGER PRIMARY KEY,"
     "  time INTEGER NOT NULL,"
     "  actor_role TEXT NOT NULL,"
     "  actor_person INTEGER NOT NULL,"
     "  type TEXT NOT NULL,"
     "  body TEXT NOT NULL,"
     "  hash BLOB NOT NULL);"
     "CREATE INDEX journal_by_type ON journal(type);"
     /* Snapshots of the public state after row seq; chain is that row's hash. */
     "CREATE TABLE snapshot ("
     "  seq INTEGER PRIMARY KEY REFERENCES journal(seq),"
     "  chain BLOB NOT NULL,"
     "  body TEXT NOT NULL);"
     /* An open secret ballot's key, sealed to the hub's public key (crypto_box_seal). */
     "CREATE TABLE ballot_key ("
     "  item INTEGER PRIMARY KEY,"
     "  sealed BLOB NOT NULL);"
     /* An open secret ballot's choices: random ids, so the order of rows is not the order of
      * arrival; no member, no time; box = crypto_secretbox(version, subject, option). */
     "CREATE TABLE secret_choice ("
     "  rid BLOB PRIMARY KEY,"
     "  item INTEGER NOT NULL REFERENCES ballot_key(item),"
     "  nonce BLOB NOT NULL,"
     "  box BLOB NOT NULL) WITHOUT ROWID;"
     /* Seat PINs, as crypto_pwhash_str hashes; the core knows only that a person has one. */
     "CREATE TABLE seat_pin ("
     "  person INTEGER PRIMARY KEY,"
     "  hash TEXT NOT NULL);"
     "PRAGMA application_id = 1668117605;"},
    {2,
     /* The consoles enrolled to this hub.  A revoked one keeps its row, so that its key is
      * never enrolled again; names and seats are unique among the others. */
     "CREATE TABLE console ("
     "  id INTEGER PRIMARY KEY,"
     "  name TEXT NOT NULL,"
     "  role TEXT NOT NULL,"
     "  seat INTEGER NOT NULL,"
     "  public_key BLOB NOT NULL UNIQUE,"
     "  enrolled_at INTEGER NOT NULL,"
     "  revoked_at INTEGER NOT NULL DEFAULT 0);"
     "CREATE UNIQUE INDEX console_name ON console(name) WHERE revoked_at = 0;"
     "CREATE UNIQUE INDEX console_seat ON console(seat) WHERE revoked_at = 0 AND seat > 0;"
     /* The console and client id of the command that produced journal row seq, for answering
      * a resent command.  Outside the journal, so outside its hash chain; rows without an
      * origin (the hub's own events, imports) have none here. */
     "CREATE TABLE origin ("
     "  seq INTEGER PRIMARY KEY REFERENCES journal(seq),"
     "  console INTEGER NOT NULL,"
     "  cid TEXT NOT NULL);"},
    {3,
     /* The law exam (任前法律知识考试), outside the journal and never broadcast: the question
      * bank; each paper drawn (its questions in order, with their answers); the answers given
      * (bits of the options).  source is FILE:LINE of the question's import. */
     "CREATE TABLE exam_question ("
     "  id INTEGER PRIMARY KEY,"
     "  kind TEXT NOT NULL,"
     "  text TEXT NOT NULL UNIQUE,"
     "  options TEXT NOT NULL,"
     "  answer INTEGER NOT NULL,"
     "  source TEXT NOT NULL);"
     "CREATE TABLE exam_paper ("
     "  subject INTEGER NOT NULL,"
     "  attempt INTEGER NOT NULL,"
     "  position INTEGER NOT NULL,"
     "  item INTEGER NOT NULL,"
     "  question INTEGER NOT NULL REFERENCES exam_question(id),"
     "  answer INTEGER NOT NULL,"
     "  PRIMARY KEY (subject, attempt, position));"
     "CREATE TABLE exam_answer ("
     "  subject INTEGER NOT NULL,"
     "  attempt INTEGER NOT NULL,"
     "  position INTEGER NOT NULL,"
     "  answer INTEGER NOT NULL,"
     "  PRIMARY KEY (subject, attempt, position));"
     /* An examinee console is bound to one nominee. */
     "ALTER TABLE console ADD COLUMN nominee INTEGER NOT NULL DEFAULT 0;"},
    {4,
     /* The texts of the meeting's documents, by the id of their document_added event; the
      * journal carries only the title, size and SHA-256.  Outside the journal's hash chain:
      * the hash in the journal is what vouches for the text. */
     "CREATE TABLE document ("
     "  id INTEGER PRIMARY KEY,"
     "  sha256 TEXT NOT NULL,"
     "  text BLOB NOT NULL);"},
};
/* clang-format on */
enum { MIGRATIONS = sizeof migrations / sizeof migrations[0] };
_Static_assert(DB_APPLICATION_ID == 1668117605, "the id written by step 1");

int db_schema_current(void)
{
    return MIGRATIONS;
}

static enum db_status query_int(sqlite3 *h, const char *path, const char *sql, int *out,
                                struct db_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return DB_OK;
    if (rc == SQLITE_NOTADB)
        return db_fail(err, path, DB_ERR_NOT_CMTE, 0, "not an SQLite database");
    return db_fail(err, path, DB_ERR_SQLITE, 0, "reading the schema: %s", sqlite3_errstr(rc));
}

enum db_status db_schema_inspect(sqlite3 *h, const char *path, int *version, struct db_error *err)
{
    int v = 0, app = 0, tables = 0;
    enum db_status rc = query_int(h, path, "PRAGMA user_version", &v, err);
    if (rc == DB_OK) rc = query_int(h, path, "PRAGMA application_id", &app, err);
    if (rc == DB_OK) rc = query_int(h, path, "SELECT count(*) FROM sqlite_master", &tables, err);
    if (rc != DB_OK) return rc;
    *version = v;
    if (app != 0 && app != DB_APPLICATION_ID)
        return db_fail(err, path, DB_ERR_NOT_CMTE, 0,
                       "an SQLite database of another program (application_id %d)", app);
    if (v == 0 && tables > 0)
        return db_fail(err, path, DB_ERR_NOT_CMTE, 0,
                       "an SQLite database with tables but no cmte schema version");
    if (v < 0 || v > MIGRATIONS)
        return db_fail(err, path, DB_ERR_VERSION, 0,
                       "schema version %d is newer than this cmte knows (up to %d): "
                       "use a newer cmte",
                       v, MIGRATIONS);
    return DB_OK;
}

static enum db_status exec(sqlite3 *h, const char *path, const char *sql, int to,
                           struct db_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK) return DB_OK;
    enum db_status rc = db_fail(err, path, DB_ERR_SQLITE, 0, "migrating to schema version %d: %s",
                                to, msg ? msg : sqlite3_errmsg(h));
    sqlite3_free(msg);
    return rc;
}

static enum db_status run_step(sqlite3 *h, const char *path, const struct migration *m,
                               struct db_error *err)
{
    char set_version[48];
    snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", m->to_version);
    enum db_status rc = exec(h, path, "BEGIN IMMEDIATE", m->to_version, err);
    if (rc != DB_OK) return rc;
    /* another process may have run this step since we looked: look again, under the lock */
    int v = 0;
    rc = query_int(h, path, "PRAGMA user_version", &v, err);
    if (rc == DB_OK && v < m->to_version) {
        rc = exec(h, path, m->sql, m->to_version, err);
        if (rc == DB_OK) rc = exec(h, path, set_version, m->to_version, err);
    }
    if (rc == DB_OK) rc = exec(h, path, "COMMIT", m->to_version, err);
    if (rc != DB_OK) sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

enum db_status db_schema_migrate(sqlite3 *h, const char *path, int target, struct db_error *err)
{
    int v;
    enum db_status rc = db_schema_inspect(h, path, &v, err);
    if (target > MIGRATIONS) target = MIGRATIONS;
    for (int i = 0; rc == DB_OK && i < MIGRATIONS; i++)
        if (migrations[i].to_version > v && migrations[i].to_version <= target)
            rc = run_step(h, path, &migrations[i], err);
    return rc;
}
