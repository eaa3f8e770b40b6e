/* Long-term keys of the hub and of enrolled consoles (docs/PROTOCOL.md).  Each is an Ed25519
 * key pair (crypto_sign) kept as its 32-byte seed; the hub's is also converted to X25519
 * (crypto_sign_ed25519_*_to_curve25519) for the database, which seals secret-ballot keys to it.
 * Secret bytes live in sodium_malloc'd memory where a struct is heap-allocated by the caller;
 * key_wipe clears one. */
#ifndef CMTE_NET_KEYS_H
#define CMTE_NET_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

enum {
    KEY_PUBLIC_BYTES = 32, /* crypto_sign_PUBLICKEYBYTES */
    KEY_SECRET_BYTES = 64, /* crypto_sign_SECRETKEYBYTES */
    KEY_SEED_BYTES = 32,   /* crypto_sign_SEEDBYTES */
    KEY_HEX = 2 * 32 + 1,  /* 64 hex digits and a NUL */
    KEY_FINGERPRINT = 17,  /* 16 hex digits and a NUL: short form for logs and screens */
};

struct key_pair {
    unsigned char public_key[KEY_PUBLIC_BYTES];
    unsigned char secret_key[KEY_SECRET_BYTES];
};

/* A fresh key pair (randombytes).  0, or -1 when libsodium cannot start. */
int key_generate(struct key_pair *k);

/* The pair from a seed given as 64 hex digits (what `cmte enroll` writes as console_secret).
 * 0, or -1 with err saying what is wrong with the text (never echoing it). */
int key_from_seed_hex(const char *hex, struct key_pair *k, char *err, size_t errlen);

/* The seed of k as 64 lowercase hex digits. */
void key_seed_hex(const struct key_pair *k, char out[KEY_HEX]);

/* A public key as 64 lowercase hex digits, and back (0, or -1 with err). */
void key_public_hex(const unsigned char pk[KEY_PUBLIC_BYTES], char out[KEY_HEX]);
int key_public_from_hex(const char *hex, unsigned char pk[KEY_PUBLIC_BYTES], char *err,
                        size_t errlen);

/* The first 16 hex digits of a public key: how logs and screens name a key. */
void key_fingerprint(const unsigned char pk[KEY_PUBLIC_BYTES], char out[KEY_FINGERPRINT]);

/* The hub's key file: one line of 64 hex digits (the seed), mode 0600.  When path does not
 * exist it is created with a fresh key (O_CREAT|O_EXCL, 0600) and *created is set.  An existing
 * file that others can read or write (mode & 077), or whose content is not one seed, is refused:
 * -1 with err = "PATH: reason". */
int key_file_load_or_create(const char *path, struct key_pair *k, bool *created, char *err,
                            size_t errlen);

/* The hub's key as the X25519 pair the database seals secret-ballot keys to.  0 or -1. */
int key_to_db_hub_key(const struct key_pair *k, struct db_hub_key *out);

/* Clear the secret half. */
void key_wipe(struct key_pair *k);

#endif
