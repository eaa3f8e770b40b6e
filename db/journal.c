/* The journal: appending batches of events in one durable transaction, and the hash chain.
 *
 * The chain.  Each row's hash is BLAKE2b-256 (libsodium crypto_generichash, no key, 32-byte
 * output) of these bytes, in this order, with nothing between them:
 *
 *     prev         32 bytes   the previous row's stored hash; 32 zero bytes for the first row
 *     seq           8 bytes   big-endian two's complement
 *     time          8 bytes   big-endian two's complement (the hub's clock, ms since the epoch)
 *     role_len      4 bytes   big-endian unsigned: the length of actor_role in bytes
 *     actor_role    role_len bytes, UTF-8, no terminating NUL ("chair", "member", ...)
 *     actor_person  8 bytes   big-endian two's complement
 *     type_len      4 bytes   big-endian unsigned
 *     type          type_len bytes ("ballot_cast", ...)
 *     body_len      4 bytes   big-endian unsigned
 *     body          body_len bytes: the event's public JSON exactly as stored
 *
 * Every field is length-prefixed or fixed-size, so no two different rows hash the same bytes.
 * A changed row fails its own hash; a deleted row leaves a gap in seq and fails the next
 * row's hash; two swapped bodies fail both rows.  (Removing the last rows leaves a shorter
 * chain that is whole: only a copy of the head hash kept elsewhere shows that.) */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/codec.h"
#include "db/ballot_store.h"
#include "db/exam_store.h"
#include "db/journal.h"

/* ---- the chain ---- */

static void put_be(unsigned char *out, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) {
        out[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static void hash_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    put_be(b, v, 8);
    crypto_generichash_update(h, b, sizeof b);
}

static void hash_text(crypto_generichash_state *h, const char *s, size_t len)
{
    unsigned char b[4];
    put_be(b, (uint64_t)len, 4);
    crypto_generichash_update(h, b, sizeof b);
    if (len) crypto_generichash_update(h, (const unsigned char *)s, len);
}

void journal_row_hash(const unsigned char prev[32], const struct journal_row *r,
                      unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, DB_HASH_BYTES);
    crypto_generichash_update(&h, prev, DB_HASH_BYTES);
    hash_u64(&h, (uint64_t)r->seq);
    hash_u64(&h, (uint64_t)r->time);
    hash_text(&h, r->role, r->role_len);
    hash_u64(&h, (uint64_t)r->person);
    hash_text(&h, r->type, r->type_len);
    hash_text(&h, r->body, r->body_len);
    crypto_generichash_final(&h, out, DB_HASH_BYTES);
}

static const char *column_text(sqlite3_stmt *st, int col, size_t *len)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    *len = s ? (size_t)sqlite3_column_bytes(st, col) : 0;
    return s ? s : "";
}

void journal_row_read(sqlite3_stmt *st, struct journal_row *r)
{
    r->seq = sqlite3_column_int64(st, 0);
    r->time = sqlite3_column_int64(st, 1);
    r->role = column_text(st, 2, &r->role_len);
    r->person = sqlite3_column_int64(st, 3);
    r->type = column_text(st, 4, &r->type_len);
    r->body = column_text(st, 5, &r->body_len);
    r->hash = sqlite3_column_blob(st, 6);
    r->hash_len = r->hash ? (size_t)sqlite3_column_bytes(st, 6) : 0;
}

/* ---- appending ---- */

static const char sql_insert[] =
    "INSERT INTO journal (" JOURNAL_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Journal one event as row seq chained to hash (updated to this row's hash). */
static enum db_status insert_row(struct db *db, const struct event *e, const char *body,
                                 unsigned char hash[32], struct db_error *err)
{
    const char *role = role_name(e->actor.role), *type = event_name(e->type);
    if (!role) return db_fail(err, db->path, DB_ERR_ARG, e->seq, "the actor has no role");
    struct journal_row r = {
        .seq = e->seq,
        .time = e->time,
        .role = role,
        .role_len = strlen(role),
        .person = e->actor.person,
        .type = type,
        .type_len = strlen(type),
        .body = body,
        .body_len = strlen(body),
    };
    journal_row_hash(hash, &r, hash);
    sqlite3_stmt *st = db_prepare(db, sql_insert, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int64(st, 1, r.seq);
    sqlite3_bind_int64(st, 2, r.time);
    sqlite3_bind_text(st, 3, r.role, (int)r.role_len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r.person);
    sqlite3_bind_text(st, 5, r.type, (int)r.type_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r.body, (int)r.body_len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 7, hash, DB_HASH_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, e->seq, "journaling the event");
}

/* One event of the batch: its journal row, then its part of the secret ballot store. */
static enum db_status append_one(struct db *db, const struct event *in, int64_t seq,
                                 unsigned char hash[32], struct ballot_txn *t, struct db_error *err)
{
    if ((int)in->type < 0 || in->type >= EV_COUNT)
        return db_fail(err, db->path, DB_ERR_ARG, seq, "unknown event type %d", (int)in->type);
    struct event *e = malloc(sizeof *e); /* a few kB: not on the stack of a pool thread */
    if (!e) return db_fail(err, db->path, DB_ERR_NOMEM, seq, "out of memory");
    *e = *in;
    e->seq = seq;
    char *body = event_encode(e, true); /* public form: no choice of a secret ballot */
    enum db_status rc =
        body ? insert_row(db, e, body, hash, err)
             : db_fail(err, db->path, DB_ERR_ARG, seq, "%s cannot be encoded", event_name(e->type));
    if (rc == DB_OK) rc = ballot_store_event(db, t, e, err);
    if (rc == DB_OK) rc = exam_store_event(db, e, err);
    free(body);
    free(e);
    return rc;
}

enum db_status db_append(struct db *db, struct event *events, int n, struct db_error *err)
{
    return db_append_with(db, events, n, NULL, NULL, err);
}

enum db_status db_append_with(struct db *db, struct event *events, int n, db_txn_fn also, void *ctx,
                              struct db_error *err)
{
    if (db->readonly) return db_fail(err, db->path, DB_ERR_ARG, 0, "opened read-only");
    if (n < 0 || (n > 0 && !events))
        return db_fail(err, db->path, DB_ERR_ARG, 0, "a batch of %d events", n);
    if (n == 0) return DB_OK;
    unsigned char hash[DB_HASH_BYTES];
    memcpy(hash, db->head_hash, sizeof hash);
    int64_t first = db->head_seq + 1;
    struct ballot_txn t = {0};
    enum db_status rc = db_begin(db, err);
    for (int i = 0; rc == DB_OK && i < n; i++)
        rc = append_one(db, &events[i], first + i, hash, &t, err);
    if (rc == DB_OK && also) rc = also(db, ctx, err);
    if (rc == DB_OK) rc = db_commit(db, err);
    ballot_txn_wipe(&t);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    db->head_seq = first + n - 1;
    memcpy(db->head_hash, hash, sizeof hash);
    for (int i = 0; i < n; i++) events[i].seq = first + i;
    if (t.closed_secret) db->scrub_pending = true;
    /* committed: a checkpoint that cannot run now is retried later, never an append failure */
    if (db->scrub_pending) db_scrub_wal(db, NULL);
    return DB_OK;
}
