/* The secret ballot store.  See ballot_store.h and DESIGN.md §3.
 *
 * A stored choice: rid = 16 random bytes (the primary key of a WITHOUT ROWID table, so the
 * rows' order is random, not the order of arrival), item, nonce = 24 random bytes, and
 * box = crypto_secretbox_easy(plain, nonce, ballot key) where plain is 9 bytes: a format
 * version (1), the subject and the option, each 4 bytes big-endian.  No member, no time.
 * A ballot key is crypto_secretbox_keygen(); ballot_key.sealed = crypto_box_seal(key, hub
 * public key). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/codec.h"
#include "db/ballot_store.h"

enum {
    KEY_BYTES = crypto_secretbox_KEYBYTES,
    SEALED_BYTES = crypto_box_SEALBYTES + KEY_BYTES,
    RID_BYTES = 16,
    NONCE_BYTES = crypto_secretbox_NONCEBYTES,
    PLAIN_VERSION = 1,
    PLAIN_BYTES = 9,
    BOX_BYTES = crypto_secretbox_MACBYTES + PLAIN_BYTES,
};
_Static_assert(KEY_BYTES == 32, "struct ballot_txn holds 32-byte keys");

static const char sql_items[] = "SELECT seq, body FROM journal WHERE type IN ('item_added', "
                                "'item_updated') ORDER BY seq DESC";
static const char sql_key_insert[] = "INSERT INTO ballot_key (item, sealed) VALUES (?1, ?2)";
static const char sql_key_select[] = "SELECT sealed FROM ballot_key WHERE item = ?1";
static const char sql_key_delete[] = "DELETE FROM ballot_key WHERE item = ?1";
static const char sql_choice_insert[] =
    "INSERT INTO secret_choice (rid, item, nonce, box) VALUES (?1, ?2, ?3, ?4)";
static const char sql_choice_select[] = "SELECT nonce, box FROM secret_choice WHERE item = ?1";
static const char sql_choice_delete[] = "DELETE FROM secret_choice WHERE item = ?1";
static const char sql_census[] =
    "SELECT item, sum(c), sum(k), sum(bad) FROM ("
    " SELECT item, 1 AS c, 0 AS k, (length(rid) <> 16 OR length(nonce) <> 24"
    "  OR length(box) <> 25) AS bad FROM secret_choice"
    " UNION ALL SELECT item, 0, 1, length(sealed) <> 80 FROM ballot_key)"
    " GROUP BY item ORDER BY item";
_Static_assert(RID_BYTES == 16 && NONCE_BYTES == 24 && BOX_BYTES == 25 && SEALED_BYTES == 80,
               "sizes in sql_census");

void ballot_txn_wipe(struct ballot_txn *t)
{
    sodium_memzero(t->keys, sizeof t->keys);
    t->count = 0;
}

/* ---- keys ---- */

static unsigned char *txn_key(struct ballot_txn *t, int32_t item)
{
    for (int i = 0; i < t->count; i++)
        if (t->keys[i].item == item) return t->keys[i].key;
    return NULL;
}

/* A slot for item's key in t (the oldest is wiped and reused when all are taken). */
static unsigned char *txn_slot(struct ballot_txn *t, int32_t item)
{
    if (t->count == BALLOT_KEYS_PER_TXN) {
        memmove(&t->keys[0], &t->keys[1], sizeof t->keys[0] * (BALLOT_KEYS_PER_TXN - 1));
        t->count--;
    }
    t->keys[t->count].item = item;
    sodium_memzero(t->keys[t->count].key, KEY_BYTES);
    return t->keys[t->count++].key;
}

static void txn_forget(struct ballot_txn *t, int32_t item)
{
    for (int i = 0; i < t->count; i++) {
        if (t->keys[i].item != item) continue;
        sodium_memzero(t->keys[i].key, KEY_BYTES);
        memmove(&t->keys[i], &t->keys[i + 1], sizeof t->keys[0] * (size_t)(t->count - i - 1));
        sodium_memzero(&t->keys[--t->count], sizeof t->keys[0]);
        return;
    }
}

/* Read item's sealed key; *found says whether there is one. */
static enum db_status sealed_key(struct db *db, int32_t item, int64_t seq,
                                 unsigned char sealed[SEALED_BYTES], bool *found,
                                 struct db_error *err)
{
    sqlite3_stmt *st = db_prepare(db, sql_key_select, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, item);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    enum db_status out = DB_OK;
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 0) != SEALED_BYTES)
            out = db_fail(err, db->path, DB_ERR_SECRET, seq,
                          "item %d: the sealed ballot key has the wrong size", (int)item);
        else
            memcpy(sealed, sqlite3_column_blob(st, 0), SEALED_BYTES);
    } else if (rc != SQLITE_DONE) {
        out = db_sqlite_fail(db, err, seq, "reading a ballot key");
    }
    sqlite3_reset(st);
    return out;
}

static enum db_status unseal(struct db *db, int32_t item, int64_t seq,
                             const unsigned char sealed[SEALED_BYTES], unsigned char key[KEY_BYTES],
                             struct db_error *err)
{
    if (!db->key)
        return db_fail(err, db->path, DB_ERR_SECRET, seq,
                       "item %d: a secret ballot is open and there is no hub key to open its "
                       "ballot key",
                       (int)item);
    if (crypto_box_seal_open(key, sealed, SEALED_BYTES, db->key->public_key, db->key->secret_key) !=
        0)
        return db_fail(err, db->path, DB_ERR_SECRET, seq,
                       "item %d: the ballot key does not open with this hub key", (int)item);
    return DB_OK;
}

/* Is item a secret ballot?  The journal knows: the flag of its newest item_added or
 * item_updated event (rows of this transaction included). */
static enum db_status item_secrecy(struct db *db, int32_t item, int64_t seq, bool *secret,
                                   struct db_error *err)
{
    sqlite3_stmt *st = db_prepare(db, sql_items, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    struct event *e = malloc(sizeof *e);
    if (!e) return db_fail(err, db->path, DB_ERR_NOMEM, seq, "out of memory");
    struct core_error cerr;
    int rc;
    bool found = false;
    while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        if (body && event_decode(body, len, e, &cerr) == ERR_OK && e->p.id == item) {
            found = true;
            *secret = e->p.flag;
        }
    }
    sqlite3_reset(st);
    free(e);
    if (found) return DB_OK;
    if (rc != SQLITE_DONE) return db_sqlite_fail(db, err, seq, "looking up the ballot's item");
    return db_fail(err, db->path, DB_ERR_ARG, seq, "ballot_opened: item %d is not in the journal",
                   (int)item);
}

static enum db_status create_key(struct db *db, struct ballot_txn *t, int32_t item, int64_t seq,
                                 struct db_error *err)
{
    if (!db->key)
        return db_fail(err, db->path, DB_ERR_SECRET, seq,
                       "item %d: a secret ballot needs the hub key, and this db has none",
                       (int)item);
    unsigned char *key = txn_slot(t, item);
    unsigned char sealed[SEALED_BYTES];
    crypto_secretbox_keygen(key);
    if (crypto_box_seal(sealed, key, KEY_BYTES, db->key->public_key) != 0)
        return db_fail(err, db->path, DB_ERR_SECRET, seq, "item %d: sealing the ballot key",
                       (int)item);
    sqlite3_stmt *st = db_prepare(db, sql_key_insert, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, item);
    sqlite3_bind_blob(st, 2, sealed, SEALED_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, seq, "storing the ballot key");
}

/* The key of item's ballot for this transaction; NULL in *key when the ballot is not secret. */
static enum db_status ballot_key(struct db *db, struct ballot_txn *t, int32_t item, int64_t seq,
                                 unsigned char **key, struct db_error *err)
{
    *key = txn_key(t, item);
    if (*key) return DB_OK;
    unsigned char sealed[SEALED_BYTES];
    bool found;
    enum db_status rc = sealed_key(db, item, seq, sealed, &found, err);
    if (rc != DB_OK || !found) return rc;
    *key = txn_slot(t, item);
    return unseal(db, item, seq, sealed, *key, err);
}

/* ---- choices ---- */

static void put_i32(unsigned char *out, int32_t v)
{
    uint32_t u = (uint32_t)v;
    for (int i = 3; i >= 0; i--, u >>= 8) out[i] = (unsigned char)(u & 0xff);
}

static int32_t get_i32(const unsigned char *in)
{
    uint32_t u = 0;
    for (int i = 0; i < 4; i++) u = u << 8 | in[i];
    return (int32_t)u;
}

/* A choice's row id and nonce, drawn for all the choices of a cast at once (each draw is a
 * system call: a storm of a thousand casts on many subjects made thousands of them). */
struct choice_random {
    unsigned char rid[RID_BYTES], nonce[NONCE_BYTES];
};

static enum db_status store_choice(struct db *db, const unsigned char *key, int32_t item,
                                   const struct choice *c, const struct choice_random *r,
                                   int64_t seq, struct db_error *err)
{
    unsigned char plain[PLAIN_BYTES], box[BOX_BYTES];
    const unsigned char *rid = r->rid, *nonce = r->nonce;
    plain[0] = PLAIN_VERSION;
    put_i32(plain + 1, c->subject);
    put_i32(plain + 5, c->option);
    crypto_secretbox_easy(box, plain, sizeof plain, nonce, key);
    sodium_memzero(plain, sizeof plain);
    sqlite3_stmt *st = db_prepare(db, sql_choice_insert, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_blob(st, 1, rid, RID_BYTES, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, item);
    sqlite3_bind_blob(st, 3, nonce, NONCE_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, box, sizeof box, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, seq, "storing a secret choice");
}

static enum db_status store_cast(struct db *db, struct ballot_txn *t, const struct event *e,
                                 struct db_error *err)
{
    unsigned char *key;
    enum db_status rc = ballot_key(db, t, e->p.item, e->seq, &key, err);
    if (rc != DB_OK) return rc;
    if (!key != !e->p.flag) /* the journal row was written by the flag: they must agree */
        return db_fail(err, db->path, DB_ERR_ARG, e->seq,
                       "ballot_cast on item %d is marked %s but the ballot is %s", (int)e->p.item,
                       e->p.flag ? "secret" : "named", key ? "secret" : "named");
    if (!key) return DB_OK; /* a named ballot: the choice is in the journal row */
    struct choice_random r[SUBJECTS_MAX];
    int n = e->p.choice_count < SUBJECTS_MAX ? e->p.choice_count : SUBJECTS_MAX;
    randombytes_buf(r, (size_t)n * sizeof r[0]);
    for (int i = 0; rc == DB_OK && i < n; i++) {
        if (e->p.choices[i].option < 0)
            return db_fail(err, db->path, DB_ERR_ARG, e->seq,
                           "secret ballot_cast without its choice (subject %d)",
                           (int)e->p.choices[i].subject);
        rc = store_choice(db, key, e->p.item, &e->p.choices[i], &r[i], e->seq, err);
    }
    return rc;
}

static enum db_status delete_item_rows(struct db *db, const char *sql, int32_t item, int64_t seq,
                                       int *changed, struct db_error *err)
{
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, item);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_sqlite_fail(db, err, seq, "deleting a closed ballot's secrets");
    *changed += sqlite3_changes(db->h);
    return DB_OK;
}

static enum db_status close_ballot(struct db *db, struct ballot_txn *t, const struct event *e,
                                   struct db_error *err)
{
    int changed = 0;
    enum db_status rc = delete_item_rows(db, sql_choice_delete, e->p.item, e->seq, &changed, err);
    if (rc == DB_OK) rc = delete_item_rows(db, sql_key_delete, e->p.item, e->seq, &changed, err);
    txn_forget(t, e->p.item);
    if (changed) t->closed_secret = true;
    return rc;
}

enum db_status ballot_store_event(struct db *db, struct ballot_txn *t, const struct event *e,
                                  struct db_error *err)
{
    bool secret = false;
    enum db_status rc;
    switch (e->type) {
    case EV_BALLOT_OPENED:
        rc = item_secrecy(db, e->p.item, e->seq, &secret, err);
        return rc == DB_OK && secret ? create_key(db, t, e->p.item, e->seq, err) : rc;
    case EV_BALLOT_CAST_RECORDED:
        return store_cast(db, t, e, err);
    case EV_BALLOT_CLOSED:
    case EV_BALLOT_COUNTED: /* counted by hand: the keypads' choices no longer count */
        return close_ballot(db, t, e, err);
    default:
        return DB_OK;
    }
}

/* ---- recovery ---- */

static enum db_status restore_one(struct db *db, struct core_state *s, const unsigned char *key,
                                  int32_t item, sqlite3_stmt *st, struct db_error *err)
{
    unsigned char plain[PLAIN_BYTES];
    if (sqlite3_column_bytes(st, 0) != NONCE_BYTES || sqlite3_column_bytes(st, 1) != BOX_BYTES ||
        crypto_secretbox_open_easy(plain, sqlite3_column_blob(st, 1), BOX_BYTES,
                                   sqlite3_column_blob(st, 0), key) != 0 ||
        plain[0] != PLAIN_VERSION)
        return db_fail(err, db->path, DB_ERR_SECRET, 0,
                       "item %d: a stored secret choice does not decrypt", (int)item);
    enum core_err rc = core_tally_restore(s, item, get_i32(plain + 1), get_i32(plain + 5));
    sodium_memzero(plain, sizeof plain);
    if (rc != ERR_OK)
        return db_fail(err, db->path, DB_ERR_SECRET, 0,
                       "item %d: a stored secret choice does not fit the ballot: %s", (int)item,
                       core_err_message(rc));
    return DB_OK;
}

static enum db_status restore_ballot(struct db *db, struct core_state *s, const struct item *it,
                                     int64_t *restored, struct db_error *err)
{
    unsigned char sealed[SEALED_BYTES], key[KEY_BYTES];
    bool found;
    enum db_status rc = sealed_key(db, it->id, 0, sealed, &found, err);
    if (rc == DB_OK && !found)
        rc = db_fail(err, db->path, DB_ERR_SECRET, 0,
                     "item %d: the secret ballot is open but its key is missing", (int)it->id);
    if (rc == DB_OK) rc = unseal(db, it->id, 0, sealed, key, err);
    sqlite3_stmt *st = rc == DB_OK ? db_prepare(db, sql_choice_select, err) : NULL;
    if (rc == DB_OK && !st) rc = err ? err->code : DB_ERR_SQLITE;
    int64_t n = 0;
    if (st) {
        int step = SQLITE_DONE;
        sqlite3_bind_int(st, 1, it->id);
        while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
            rc = restore_one(db, s, key, it->id, st, err);
            n++;
        }
        if (rc == DB_OK && step != SQLITE_DONE)
            rc = db_sqlite_fail(db, err, 0, "reading secret choices");
        sqlite3_reset(st);
    }
    sodium_memzero(key, sizeof key);
    int64_t receipts = 0;
    for (int k = 0; k < it->ballot.subject_count; k++) receipts += it->ballot.subjects[k].cast;
    if (rc == DB_OK && n != receipts)
        rc = db_fail(err, db->path, DB_ERR_SECRET, 0,
                     "item %d: %lld secret choices stored for %lld cast receipts", (int)it->id,
                     (long long)n, (long long)receipts);
    *restored += n;
    return rc;
}

/* A ballot whose choices the store keeps: open, secret, counted at the seats. */
static bool kept_secret(const struct item *it)
{
    const struct ballot *b = it ? &it->ballot : NULL;
    return b && b->state == BALLOT_OPEN && b->secret && b->method == COUNT_KEYPAD;
}

enum db_status ballot_store_restore(struct db *db, struct core_state *s, int *ballots,
                                    int64_t *choices, struct db_error *err)
{
    enum db_status rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (!kept_secret(it)) continue;
        rc = restore_ballot(db, s, it, choices, err);
        ++*ballots;
    }
    /* and nothing may be left of a ballot that is not open: that would be a leak */
    struct ballot_census *c = NULL;
    int n = 0;
    if (rc == DB_OK) rc = ballot_store_census(db, &c, &n, err);
    for (int i = 0; rc == DB_OK && i < n; i++)
        if (!kept_secret(core_item(s, c[i].item)))
            rc = db_fail(err, db->path, DB_ERR_SECRET, 0,
                         "item %d: secret choices or a ballot key remain, but its ballot is not "
                         "open",
                         (int)c[i].item);
    free(c);
    return rc;
}

enum db_status ballot_store_census(struct db *db, struct ballot_census **out, int *count,
                                   struct db_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st = db_prepare(db, sql_census, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    struct ballot_census *c = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            struct ballot_census *more = realloc(c, (size_t)cap * sizeof *c);
            if (!more) {
                free(c);
                sqlite3_reset(st);
                return db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
            }
            c = more;
        }
        c[n].item = sqlite3_column_int(st, 0);
        c[n].choices = sqlite3_column_int64(st, 1);
        c[n].keys = sqlite3_column_int(st, 2);
        c[n].malformed = sqlite3_column_int64(st, 3);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(c);
        return db_sqlite_fail(db, err, 0, "counting the secret ballot store");
    }
    *out = c;
    *count = n;
    return DB_OK;
}
