/* The secret ballot store (DESIGN.md §3): while a secret ballot is open, each choice is kept
 * encrypted (crypto_secretbox) under the ballot's own key, in rows with random ids and no
 * member, no time; the key is kept only sealed to the hub's public key (crypto_box_seal).
 * Closing the ballot deletes both in the closing transaction. */
#ifndef CMTE_DB_BALLOT_STORE_H
#define CMTE_DB_BALLOT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"
#include "db/internal.h"

enum { BALLOT_KEYS_PER_TXN = 4 };

/* The ballot keys one append transaction has opened or created, so a batch of casts unseals
 * once.  Lives on the caller's stack; ballot_txn_wipe zeroes it whatever happens. */
struct ballot_txn {
    int count;
    struct {
        int32_t item;
        unsigned char key[32];
    } keys[BALLOT_KEYS_PER_TXN];
    bool closed_secret; /* a secret ballot closed: scrub the WAL after COMMIT */
};

void ballot_txn_wipe(struct ballot_txn *t);

/* Inside db_append's transaction, after e's journal row is inserted (e is the full event,
 * e->seq assigned): a secret ballot_opened creates and stores the sealed key; a secret
 * ballot_cast stores each choice encrypted (and a cast whose secret flag disagrees with the
 * ballot is refused); a ballot_closed deletes the ballot's choices and key.  Other events do
 * nothing. */
enum db_status ballot_store_event(struct db *db, struct ballot_txn *t, const struct event *e,
                                  struct db_error *err);

/* Recovery: for every open secret ballot of s, unseal its key, decrypt its stored choices
 * and core_tally_restore each; the stored choices must be exactly as many as the receipts
 * (the subjects' cast counts).  Adds to *ballots and *choices. */
enum db_status ballot_store_restore(struct db *db, struct core_state *s, int *ballots,
                                    int64_t *choices, struct db_error *err);

/* What the store holds for one item, for checks that cannot decrypt. */
struct ballot_census {
    int32_t item;
    int64_t choices;   /* secret_choice rows */
    int keys;          /* ballot_key rows (0 or 1) */
    int64_t malformed; /* rows whose rid, nonce, box or sealed key has the wrong size */
};

/* Every item that has rows in the store, in item order.  *out is the caller's (free()). */
enum db_status ballot_store_census(struct db *db, struct ballot_census **out, int *count,
                                   struct db_error *err);

#endif
