/* The database schema and its forward migrations.  The schema version is PRAGMA
 * user_version; every step in the table of migrations (db/schema.c) takes the database one
 * version up, in its own transaction.  Adding version N+1 is adding one row there. */
#ifndef CMTE_DB_SCHEMA_H
#define CMTE_DB_SCHEMA_H

#include <sqlite3.h>

#include "db/db.h"

/* PRAGMA application_id of a cmte database: "cmte" in ASCII. */
enum { DB_APPLICATION_ID = 0x636d7465 };

/* The version this program writes and reads: the number of migration steps. */
int db_schema_current(void);

/* Read user_version into *version and check that the handle holds a cmte database this
 * program can use: an empty database (version 0, no tables) or a cmte one no newer than
 * db_schema_current().  A newer version is DB_ERR_VERSION; another program's database is
 * DB_ERR_NOT_CMTE; a file that is not SQLite is DB_ERR_NOT_CMTE.  path is for messages. */
enum db_status db_schema_inspect(sqlite3 *h, const char *path, int *version, struct db_error *err);

/* Run the migration steps from the database's version up to target (at most
 * db_schema_current()), each in one transaction with its new user_version.  Tests use a
 * lower target to make a database "created at" an earlier version. */
enum db_status db_schema_migrate(sqlite3 *h, const char *path, int target, struct db_error *err);

#endif
