/* The journal's rows and their hash chain (the bytes hashed are documented in journal.c). */
#ifndef CMTE_DB_JOURNAL_H
#define CMTE_DB_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* The columns every reader selects, in this order (journal_row_read depends on it). */
#define JOURNAL_COLUMNS "seq, time, actor_role, actor_person, type, body, hash"

/* One row as stored.  The pointers belong to the statement it was read from and are valid
 * until that statement steps or resets. */
struct journal_row {
    int64_t seq, time;
    const char *role;
    size_t role_len;
    int64_t person;
    const char *type;
    size_t type_len;
    const char *body;
    size_t body_len;
    const unsigned char *hash; /* the stored hash, which may be damaged */
    size_t hash_len;
};

/* The row at st's current result, selected as JOURNAL_COLUMNS.  A NULL column reads as
 * empty text. */
void journal_row_read(sqlite3_stmt *st, struct journal_row *r);

/* The hash of row r chained to prev (32 bytes each). */
void journal_row_hash(const unsigned char prev[32], const struct journal_row *r,
                      unsigned char out[32]);

#endif
