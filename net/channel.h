/* The secure channel (docs/PROTOCOL.md): a handshake that authenticates both ends with their
 * long-term Ed25519 keys and agrees fresh session keys (crypto_kx on ephemeral X25519 keys),
 * then one crypto_secretstream_xchacha20poly1305 stream per direction, which encrypts and
 * authenticates every message and detects replay, reordering, dropping and truncation.
 * Broadcasts are sealed once per batch for every console (crypto_aead_xchacha20poly1305_ietf
 * under the meeting key the hub hands each console over its own stream) and tagged for each
 * link with a key only that link and the hub share, so that no console can forge a broadcast
 * for another.
 *
 * Pure: no I/O.  Every payload given to or produced by these functions is one frame's payload
 * (net/frame.h); its first byte says what it is:
 *
 *   'H' hello     console → hub   plaintext: version, console key, ephemeral key, pinned hub key
 *   'W' welcome   hub → console   plaintext: hub ephemeral key, hub signature, stream header
 *   'A' auth      console → hub   plaintext: console signature, stream header
 *   'R' refusal   hub → console   plaintext reason text (unauthenticated), then the hub closes
 *   'S' sealed    either way      one secretstream message
 *   'B' broadcast hub → consoles  key id, first seq, nonce, AEAD ciphertext, the link's tag
 *
 * Every function returns 0 on success or -1 with err (a short English reason for the log, such
 * as "bad hello: wrong length (12 bytes, expected 98)", "hub signature does not verify: this is
 * not the hub this console was enrolled with", "sealed message fails authentication (replayed,
 * reordered or altered)").  Every decoder accepts any bytes of any length from the network.
 *
 * libsodium is started (sodium_init) by chan_console_hello, chan_hub_welcome, bcast_key_new and
 * bcast_seal, and by the functions of keys.h; the others run only after one of them. */
#ifndef CMTE_NET_CHANNEL_H
#define CMTE_NET_CHANNEL_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/keys.h"

enum {
    CHAN_VERSION = 4, /* 2: broadcasts tagged per link instead of signed; 3: resume; 4: packed */
    CHAN_ERROR_MAX = 128,
    CHAN_HELLO_BYTES = 1 + 1 + 32 + 32 + 32, /* 'H' version console_pk eph_pk hub_pk */
    CHAN_WELCOME_BYTES = 1 + 32 + 64 + 24,   /* 'W' eph_pk signature stream_header */
    CHAN_AUTH_BYTES = 1 + 64 + 24,           /* 'A' signature stream_header */
    CHAN_REFUSAL_MAX = 1 + 200,              /* 'R' reason (UTF-8, no NUL) */
    CHAN_SEAL_OVERHEAD = 1 + crypto_secretstream_xchacha20poly1305_ABYTES,
    BCAST_KEY_BYTES = crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    BCAST_TAG = 32,    /* the last bytes of a broadcast, different on every link */
    BCAST_DIGEST = 32, /* what the tags cover: BLAKE2b-256 of the rest of the frame */
    /* 'B' key_id(4, BE) first_seq(8, BE) nonce(24) ciphertext(len + 16) tag(32) */
    BCAST_OVERHEAD = 1 + 4 + 8 + 24 + 16 + BCAST_TAG,
};

/* One direction-pair of an established channel. */
struct chan {
    crypto_secretstream_xchacha20poly1305_state tx, rx;
    /* The key of the tags on the broadcasts the hub sends this link (derived from the hub's
     * session key towards the console): known to the hub and this console only. */
    unsigned char tag_key[crypto_generichash_KEYBYTES];
};

/* Handshake state of either side (ephemeral secret, transcript); wiped when done. */
struct chan_handshake {
    unsigned char eph_pk[crypto_kx_PUBLICKEYBYTES];
    unsigned char eph_sk[crypto_kx_SECRETKEYBYTES];
    unsigned char hello[CHAN_HELLO_BYTES];
    unsigned char peer_eph_pk[crypto_kx_PUBLICKEYBYTES];
    unsigned char rx_key[crypto_kx_SESSIONKEYBYTES]; /* session keys until the streams start */
    unsigned char tx_key[crypto_kx_SESSIONKEYBYTES];
    /* The hub's outgoing stream, started by chan_hub_welcome (whose header the welcome
     * carries) and moved into the channel by chan_hub_finish. */
    crypto_secretstream_xchacha20poly1305_state hub_tx;
    unsigned char tag_key[crypto_generichash_KEYBYTES]; /* the hub's, until chan_hub_finish */
};

/* Console side. 1: the hello for the hub pinned as hub_pk. */
int chan_console_hello(struct chan_handshake *h, const struct key_pair *me,
                       const unsigned char hub_pk[KEY_PUBLIC_BYTES], uint8_t out[CHAN_HELLO_BYTES],
                       char *err, size_t errlen);
/* Console side. 2: check the hub's welcome (signed by the pinned key over the transcript),
 * answer with auth, and start *ch.  The handshake state is wiped either way. */
int chan_console_finish(struct chan_handshake *h, const struct key_pair *me,
                        const unsigned char hub_pk[KEY_PUBLIC_BYTES], const uint8_t *welcome,
                        size_t len, uint8_t out[CHAN_AUTH_BYTES], struct chan *ch, char *err,
                        size_t errlen);

/* Hub side. 1: read a hello: its console key (to look up the enrollment before answering)
 * and whether the console pinned this hub's key. */
int chan_hub_read_hello(const uint8_t *hello, size_t len,
                        unsigned char console_pk[KEY_PUBLIC_BYTES],
                        unsigned char pinned_hub_pk[KEY_PUBLIC_BYTES], char *err, size_t errlen);
/* Hub side. 2: the welcome for an accepted hello. */
int chan_hub_welcome(struct chan_handshake *h, const struct key_pair *hub, const uint8_t *hello,
                     size_t len, uint8_t out[CHAN_WELCOME_BYTES], char *err, size_t errlen);
/* Hub side. 3: check the console's auth (signed by console_pk over the transcript) and start
 * *ch.  The handshake state is wiped either way. */
int chan_hub_finish(struct chan_handshake *h, const unsigned char console_pk[KEY_PUBLIC_BYTES],
                    const uint8_t *auth, size_t len, struct chan *ch, char *err, size_t errlen);

/* A refusal frame carrying reason (cut to fit); returns its length. */
size_t chan_refusal(const char *reason, uint8_t out[CHAN_REFUSAL_MAX]);
/* The reason of a refusal frame as a NUL-terminated string with control bytes shown as '?'. */
int chan_refusal_read(const uint8_t *in, size_t len, char *reason, size_t cap);

/* Seal msg (len bytes) as the next message of ch's outgoing stream into out, which has room
 * for len + CHAN_SEAL_OVERHEAD bytes. */
int chan_seal(struct chan *ch, const uint8_t *msg, size_t len, uint8_t *out, char *err,
              size_t errlen);
/* Open the next message of ch's incoming stream: in is a whole 'S' payload; out has room for
 * len - CHAN_SEAL_OVERHEAD bytes; *outlen is set.  Any failure (altered, replayed, reordered,
 * truncated, wrong kind) is -1, and the stream must then be dropped. */
int chan_open(struct chan *ch, const uint8_t *in, size_t len, uint8_t *out, size_t *outlen,
              char *err, size_t errlen);

/* The meeting key that seals broadcasts; the hub makes a new one (id + 1) on revocation. */
struct bcast_key {
    uint32_t id;
    unsigned char key[BCAST_KEY_BYTES];
};
void bcast_key_new(struct bcast_key *k, uint32_t id);

/* Seal a broadcast body once for every console: out has room for len + BCAST_OVERHEAD bytes,
 * of which all but the last BCAST_TAG are written here; digest gets what each link's tag
 * covers.  The header (kind, key id, first seq) is the AEAD's associated data. */
int bcast_seal(const struct bcast_key *k, uint64_t first_seq, const uint8_t *msg, size_t len,
               uint8_t *out, uint8_t digest[BCAST_DIGEST], char *err, size_t errlen);
/* The tag of a sealed broadcast for the link ch (the frame's last BCAST_TAG bytes). */
void bcast_tag(const struct chan *ch, const uint8_t digest[BCAST_DIGEST], uint8_t tag[BCAST_TAG]);
/* Open a broadcast on link ch: its tag, key id equal to k's, authentic ciphertext; *first_seq
 * and the body (out has room for len - BCAST_OVERHEAD bytes) are set.  The caller checks
 * first_seq against the next seq it expects (replay and reordering). */
int bcast_open(const struct bcast_key *k, const struct chan *ch, const uint8_t *in, size_t len,
               uint64_t *first_seq, uint8_t *out, size_t *outlen, char *err, size_t errlen);

#endif
