/* Seat PINs: Argon2id hashes kept by the hub.  See db.h. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/import.h"
#include "db/internal.h"

struct hashed_pins {
    int count;
    int32_t *person;
    char (*hash)[crypto_pwhash_STRBYTES];
};

static enum db_status write_pins(struct db *db, void *ctx, struct db_error *err)
{
    const struct hashed_pins *h = ctx;
    static const char sql[] = "INSERT OR REPLACE INTO seat_pin(person, hash) VALUES(?, ?)";
    sqlite3_stmt *st = db_prepare(db, sql, err); /* cached by db_prepare: reset, not finalized */
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    enum db_status rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < h->count; i++) {
        sqlite3_bind_int64(st, 1, h->person[i]);
        sqlite3_bind_text(st, 2, h->hash[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_sqlite_fail(db, err, 0, "storing a seat PIN");
        sqlite3_reset(st);
    }
    return rc;
}

/* A PIN has 4 to 8 digits: no cost of hashing saves one whose hash has leaked (10^8 tries at
 * most), so the hash is only a speed bump, and what protects a PIN is the hub's lock after a
 * few wrong tries.  8 MiB and 4 passes keep a verification near 10 ms without the 64 MiB that
 * libsodium's interactive limits would take from the hub at every sign-in.  The parameters
 * are stored in each hash: older hashes still verify. */
enum { PIN_OPSLIMIT = 4, PIN_MEMLIMIT = 8 << 20 };

enum db_status db_append_with_pins(struct db *db, struct event *events, int n,
                                   const struct imported_pin *pins, int npins, struct db_error *err)
{
    struct hashed_pins h = {npins, calloc((size_t)npins + 1, sizeof *h.person),
                            calloc((size_t)npins + 1, sizeof *h.hash)};
    enum db_status rc =
        h.person && h.hash ? DB_OK : db_fail(err, db_path(db), DB_ERR_NOMEM, 0, "out of memory");
    for (int i = 0; rc == DB_OK && i < npins; i++) { /* slow on purpose: before the transaction */
        h.person[i] = pins[i].person;
        if (crypto_pwhash_str(h.hash[i], pins[i].pin, strlen(pins[i].pin), PIN_OPSLIMIT,
                              PIN_MEMLIMIT) != 0)
            rc = db_fail(err, db_path(db), DB_ERR_NOMEM, 0, "hashing the PIN of person %d",
                         (int)pins[i].person);
    }
    if (rc == DB_OK) rc = db_append_with(db, events, n, npins ? write_pins : NULL, &h, err);
    free(h.person);
    free(h.hash);
    return rc;
}

_Static_assert(DB_PIN_HASH_MAX >= crypto_pwhash_STRBYTES, "room for a crypto_pwhash_str hash");

enum db_status db_pin_hash(struct db *db, int32_t person, char hash[DB_PIN_HASH_MAX], bool *has_pin,
                           struct db_error *err)
{
    *has_pin = false;
    hash[0] = '\0';
    static const char sql[] = "SELECT hash FROM seat_pin WHERE person = ?";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, person);
    int rc = sqlite3_step(st);
    enum db_status status = DB_OK;
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        size_t len = h ? (size_t)sqlite3_column_bytes(st, 0) : 0;
        if (len >= DB_PIN_HASH_MAX)
            status = db_fail(err, db->path, DB_ERR_SQLITE, 0,
                             "the PIN hash of person %d is too long", (int)person);
        else if (len > 0) /* an empty hash opens nothing; the seat has a PIN all the same */
            memcpy(hash, h, len + 1);
        *has_pin = status == DB_OK;
    } else if (rc != SQLITE_DONE) {
        status = db_sqlite_fail(db, err, 0, "reading a seat PIN");
    }
    sqlite3_reset(st);
    return status;
}

bool pin_hash_verify(const char *hash, const char *pin)
{
    if (!hash || !hash[0] || !pin) return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

enum db_status db_pin_check(struct db *db, int32_t person, const char *pin, bool *has_pin, bool *ok,
                            struct db_error *err)
{
    char hash[DB_PIN_HASH_MAX];
    *ok = false;
    enum db_status rc = db_pin_hash(db, person, hash, has_pin, err);
    if (rc == DB_OK) *ok = pin_hash_verify(hash, pin);
    return rc;
}
