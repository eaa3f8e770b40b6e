/* The secure channel: see channel.h; the bytes are in docs/PROTOCOL.md. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "net/channel.h"
#include "net/fail.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum {
    SIG = crypto_sign_BYTES,
    EPH = crypto_kx_PUBLICKEYBYTES,
    HEADER = crypto_secretstream_xchacha20poly1305_HEADERBYTES,
    NONCE = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,

    KIND_HELLO = 'H',
    KIND_WELCOME = 'W',
    KIND_AUTH = 'A',
    KIND_REFUSAL = 'R',
    KIND_SEALED = 'S',
    KIND_BROADCAST = 'B',

    HELLO_VERSION = 1, /* offsets in a hello */
    HELLO_CONSOLE = HELLO_VERSION + 1,
    HELLO_EPH = HELLO_CONSOLE + KEY_PUBLIC_BYTES,
    HELLO_HUB = HELLO_EPH + EPH,
    WELCOME_EPH = 1, /* in a welcome */
    WELCOME_SIG = WELCOME_EPH + EPH,
    WELCOME_HEADER = WELCOME_SIG + SIG,
    AUTH_SIG = 1, /* in an auth */
    AUTH_HEADER = AUTH_SIG + SIG,
    B_KEY_ID = 1, /* in a broadcast */
    B_SEQ = B_KEY_ID + 4,
    B_NONCE = B_SEQ + 8,
    B_CIPHER = B_NONCE + NONCE,
    B_AD = B_NONCE, /* the associated data: kind, key id, first seq */

    TRANSCRIPT = CHAN_HELLO_BYTES + EPH, /* hello || hub ephemeral key */
    CONTEXT_MAX = 16,
    SIGNED_MAX = CONTEXT_MAX + TRANSCRIPT,
};

_Static_assert(HELLO_HUB + KEY_PUBLIC_BYTES == CHAN_HELLO_BYTES, "hello layout");
_Static_assert(WELCOME_HEADER + HEADER == CHAN_WELCOME_BYTES, "welcome layout");
_Static_assert(AUTH_HEADER + HEADER == CHAN_AUTH_BYTES, "auth layout");
_Static_assert(B_CIPHER + crypto_aead_xchacha20poly1305_ietf_ABYTES + BCAST_TAG == BCAST_OVERHEAD,
               "broadcast layout");
_Static_assert(crypto_kx_SESSIONKEYBYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES,
               "session keys are stream keys");

/* Distinct per side, so that neither signature can stand for the other's. */
static const char hub_context[] = "cmte hub v1";
static const char console_context[] = "cmte console v1";
_Static_assert(sizeof console_context - 1 <= CONTEXT_MAX, "context size");

/* A payload of one kind and one exact length. */
static int expect(const uint8_t *in, size_t len, uint8_t kind, size_t want, const char *what,
                  char *err, size_t errlen)
{
    if (len == 0 || in[0] != kind) return net_fail(err, errlen, "bad %s: wrong kind byte", what);
    if (len != want)
        return net_fail(err, errlen, "bad %s: wrong length (%zu bytes, expected %zu)", what, len,
                        want);
    return 0;
}

/* What a side signs: its context (without the NUL), then hello || hub_eph_pk. */
static size_t signed_bytes(uint8_t out[SIGNED_MAX], const char *context,
                           const uint8_t hello[CHAN_HELLO_BYTES], const uint8_t hub_eph[EPH])
{
    size_t n = strlen(context);
    memcpy(out, context, n);
    memcpy(out + n, hello, CHAN_HELLO_BYTES);
    memcpy(out + n + CHAN_HELLO_BYTES, hub_eph, EPH);
    return n + TRANSCRIPT;
}

/* --- Console side ------------------------------------------------------------------------ */

int chan_console_hello(struct chan_handshake *h, const struct key_pair *me,
                       const unsigned char hub_pk[KEY_PUBLIC_BYTES], uint8_t out[CHAN_HELLO_BYTES],
                       char *err, size_t errlen)
{
    sodium_memzero(h, sizeof *h);
    if (sodium_init() < 0) return net_fail(err, errlen, "libsodium cannot start");
    crypto_kx_keypair(h->eph_pk, h->eph_sk);
    h->hello[0] = KIND_HELLO;
    h->hello[HELLO_VERSION] = CHAN_VERSION;
    memcpy(h->hello + HELLO_CONSOLE, me->public_key, KEY_PUBLIC_BYTES);
    memcpy(h->hello + HELLO_EPH, h->eph_pk, EPH);
    memcpy(h->hello + HELLO_HUB, hub_pk, KEY_PUBLIC_BYTES);
    memcpy(out, h->hello, CHAN_HELLO_BYTES);
    return 0;
}

/* A welcome, or the reason of a refusal sent instead. */
static int read_welcome(const uint8_t *in, size_t len, char *err, size_t errlen)
{
    char reason[CHAN_REFUSAL_MAX];
    if (len > 0 && in[0] == KIND_REFUSAL && chan_refusal_read(in, len, reason, sizeof reason) == 0)
        return net_fail(err, errlen, "refused by the hub: %s", reason);
    return expect(in, len, KIND_WELCOME, CHAN_WELCOME_BYTES, "welcome", err, errlen);
}

static int check_hub_signature(const struct chan_handshake *h,
                               const unsigned char hub_pk[KEY_PUBLIC_BYTES], const uint8_t *welcome,
                               char *err, size_t errlen)
{
    uint8_t m[SIGNED_MAX];
    size_t n = signed_bytes(m, hub_context, h->hello, welcome + WELCOME_EPH);
    if (crypto_sign_verify_detached(welcome + WELCOME_SIG, m, n, hub_pk) != 0)
        return net_fail(err, errlen,
                        "hub signature does not verify: "
                        "this is not the hub this console was enrolled with");
    return 0;
}

/* The key of a link's broadcast tags, from the hub's session key towards the console. */
static void derive_tag_key(const unsigned char hub_tx[crypto_kx_SESSIONKEYBYTES],
                           unsigned char out[crypto_generichash_KEYBYTES])
{
    static const char label[] = "cmte broadcast tag v1";
    crypto_generichash(out, crypto_generichash_KEYBYTES, (const unsigned char *)label,
                       sizeof label - 1, hub_tx, crypto_kx_SESSIONKEYBYTES);
}

/* Session keys, the incoming stream from the hub's header, and the auth answer. */
static int console_start(struct chan_handshake *h, const struct key_pair *me,
                         const uint8_t *welcome, uint8_t out[CHAN_AUTH_BYTES], struct chan *ch,
                         char *err, size_t errlen)
{
    const uint8_t *hub_eph = welcome + WELCOME_EPH;
    if (crypto_kx_client_session_keys(h->rx_key, h->tx_key, h->eph_pk, h->eph_sk, hub_eph) != 0)
        return net_fail(err, errlen, "bad welcome: unusable ephemeral key");
    if (crypto_secretstream_xchacha20poly1305_init_pull(&ch->rx, welcome + WELCOME_HEADER,
                                                        h->rx_key) != 0)
        return net_fail(err, errlen, "bad welcome: unusable stream header");
    derive_tag_key(h->rx_key, ch->tag_key); /* the hub's tx is this console's rx */
    uint8_t m[SIGNED_MAX];
    size_t n = signed_bytes(m, console_context, h->hello, hub_eph);
    out[0] = KIND_AUTH;
    crypto_sign_detached(out + AUTH_SIG, NULL, m, n, me->secret_key);
    crypto_secretstream_xchacha20poly1305_init_push(&ch->tx, out + AUTH_HEADER, h->tx_key);
    return 0;
}

int chan_console_finish(struct chan_handshake *h, const struct key_pair *me,
                        const unsigned char hub_pk[KEY_PUBLIC_BYTES], const uint8_t *welcome,
                        size_t len, uint8_t out[CHAN_AUTH_BYTES], struct chan *ch, char *err,
                        size_t errlen)
{
    int rc = read_welcome(welcome, len, err, errlen);
    if (rc == 0 && h->hello[0] != KIND_HELLO) rc = net_fail(err, errlen, "no hello was sent");
    if (rc == 0) rc = check_hub_signature(h, hub_pk, welcome, err, errlen);
    if (rc == 0) rc = console_start(h, me, welcome, out, ch, err, errlen);
    sodium_memzero(h, sizeof *h);
    if (rc != 0) sodium_memzero(ch, sizeof *ch);
    return rc;
}

/* --- Hub side ---------------------------------------------------------------------------- */

int chan_hub_read_hello(const uint8_t *hello, size_t len,
                        unsigned char console_pk[KEY_PUBLIC_BYTES],
                        unsigned char pinned_hub_pk[KEY_PUBLIC_BYTES], char *err, size_t errlen)
{
    if (len == 0 || hello[0] != KIND_HELLO)
        return net_fail(err, errlen, "bad hello: wrong kind byte");
    /* The version before the length: another version may have another length. */
    if (len > HELLO_VERSION && hello[HELLO_VERSION] != CHAN_VERSION)
        return net_fail(err, errlen, "bad hello: protocol version %u, this hub speaks %d",
                        (unsigned)hello[HELLO_VERSION], CHAN_VERSION);
    if (expect(hello, len, KIND_HELLO, CHAN_HELLO_BYTES, "hello", err, errlen) != 0) return -1;
    memcpy(console_pk, hello + HELLO_CONSOLE, KEY_PUBLIC_BYTES);
    memcpy(pinned_hub_pk, hello + HELLO_HUB, KEY_PUBLIC_BYTES);
    return 0;
}

/* Session keys; the welcome, signed; the outgoing stream. */
static int hub_start(struct chan_handshake *h, const struct key_pair *hub,
                     uint8_t out[CHAN_WELCOME_BYTES], char *err, size_t errlen)
{
    crypto_kx_keypair(h->eph_pk, h->eph_sk);
    int rc =
        crypto_kx_server_session_keys(h->rx_key, h->tx_key, h->eph_pk, h->eph_sk, h->peer_eph_pk);
    sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    if (rc != 0) return net_fail(err, errlen, "bad hello: unusable ephemeral key");
    uint8_t m[SIGNED_MAX];
    size_t n = signed_bytes(m, hub_context, h->hello, h->eph_pk);
    out[0] = KIND_WELCOME;
    memcpy(out + WELCOME_EPH, h->eph_pk, EPH);
    crypto_sign_detached(out + WELCOME_SIG, NULL, m, n, hub->secret_key);
    crypto_secretstream_xchacha20poly1305_init_push(&h->hub_tx, out + WELCOME_HEADER, h->tx_key);
    derive_tag_key(h->tx_key, h->tag_key);
    sodium_memzero(h->tx_key, sizeof h->tx_key);
    return 0;
}

int chan_hub_welcome(struct chan_handshake *h, const struct key_pair *hub, const uint8_t *hello,
                     size_t len, uint8_t out[CHAN_WELCOME_BYTES], char *err, size_t errlen)
{
    unsigned char console_pk[KEY_PUBLIC_BYTES], pinned[KEY_PUBLIC_BYTES];
    sodium_memzero(h, sizeof *h);
    if (sodium_init() < 0) return net_fail(err, errlen, "libsodium cannot start");
    if (chan_hub_read_hello(hello, len, console_pk, pinned, err, errlen) != 0) return -1;
    if (sodium_memcmp(pinned, hub->public_key, KEY_PUBLIC_BYTES) != 0)
        return net_fail(err, errlen, "bad hello: the console pinned another hub key");
    memcpy(h->hello, hello, CHAN_HELLO_BYTES);
    memcpy(h->peer_eph_pk, hello + HELLO_EPH, EPH);
    int rc = hub_start(h, hub, out, err, errlen);
    if (rc != 0) sodium_memzero(h, sizeof *h);
    return rc;
}

static int check_console_signature(const struct chan_handshake *h,
                                   const unsigned char console_pk[KEY_PUBLIC_BYTES],
                                   const uint8_t *auth, char *err, size_t errlen)
{
    uint8_t m[SIGNED_MAX];
    size_t n = signed_bytes(m, console_context, h->hello, h->eph_pk);
    if (crypto_sign_verify_detached(auth + AUTH_SIG, m, n, console_pk) != 0)
        return net_fail(err, errlen, "console signature does not verify: not the enrolled key");
    return 0;
}

int chan_hub_finish(struct chan_handshake *h, const unsigned char console_pk[KEY_PUBLIC_BYTES],
                    const uint8_t *auth, size_t len, struct chan *ch, char *err, size_t errlen)
{
    int rc = expect(auth, len, KIND_AUTH, CHAN_AUTH_BYTES, "auth", err, errlen);
    if (rc == 0 && h->hello[0] != KIND_HELLO) rc = net_fail(err, errlen, "no welcome was sent");
    if (rc == 0) rc = check_console_signature(h, console_pk, auth, err, errlen);
    if (rc == 0 && crypto_secretstream_xchacha20poly1305_init_pull(&ch->rx, auth + AUTH_HEADER,
                                                                   h->rx_key) != 0)
        rc = net_fail(err, errlen, "bad auth: unusable stream header");
    if (rc == 0) ch->tx = h->hub_tx;
    if (rc == 0) memcpy(ch->tag_key, h->tag_key, sizeof ch->tag_key);
    sodium_memzero(h, sizeof *h);
    if (rc != 0) sodium_memzero(ch, sizeof *ch);
    return rc;
}

/* --- Refusals ---------------------------------------------------------------------------- */

size_t chan_refusal(const char *reason, uint8_t out[CHAN_REFUSAL_MAX])
{
    size_t n = strnlen(reason, CHAN_REFUSAL_MAX);
    if (n == CHAN_REFUSAL_MAX) {
        n = CHAN_REFUSAL_MAX - 1;
        while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80) n--; /* whole characters */
    }
    out[0] = KIND_REFUSAL;
    memcpy(out + 1, reason, n);
    return n + 1;
}

/* The length of the UTF-8 character at p (n bytes available), or 0 when the bytes there are
 * not valid UTF-8 or are a control character (C0, DEL, C1), which a terminal could obey. */
static size_t printable_utf8(const uint8_t *p, size_t n)
{
    static const uint32_t least[5] = {0, 0, 0xa0, 0x800, 0x10000}; /* 0xa0: no C1 controls */
    uint8_t c = p[0];
    if (c < 0x80) return c >= 0x20 && c != 0x7f ? 1 : 0;
    size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (len == 0 || c > 0xf4 || len > n) return 0;
    uint32_t cp = c & (0xffu >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

int chan_refusal_read(const uint8_t *in, size_t len, char *reason, size_t cap)
{
    if (cap == 0) return -1;
    reason[0] = '\0';
    if (len == 0 || in[0] != KIND_REFUSAL || len > CHAN_REFUSAL_MAX) return -1;
    size_t o = 0;
    for (size_t i = 1; i < len;) {
        size_t n = printable_utf8(in + i, len - i);
        size_t w = n ? n : 1;
        if (o + w >= cap) break;
        if (n)
            memcpy(reason + o, in + i, n);
        else
            reason[o] = '?';
        o += w;
        i += w;
    }
    reason[o] = '\0';
    return 0;
}

/* --- Sealed messages --------------------------------------------------------------------- */

int chan_seal(struct chan *ch, const uint8_t *msg, size_t len, uint8_t *out, char *err,
              size_t errlen)
{
    if (len > crypto_secretstream_xchacha20poly1305_MESSAGEBYTES_MAX)
        return net_fail(err, errlen, "message too long to seal");
    out[0] = KIND_SEALED;
    if (crypto_secretstream_xchacha20poly1305_push(
            &ch->tx, out + 1, NULL, msg, len, NULL, 0,
            crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) != 0)
        return net_fail(err, errlen, "cannot seal the message");
    return 0;
}

int chan_open(struct chan *ch, const uint8_t *in, size_t len, uint8_t *out, size_t *outlen,
              char *err, size_t errlen)
{
    *outlen = 0;
    if (len == 0 || in[0] != KIND_SEALED)
        return net_fail(err, errlen, "bad sealed message: wrong kind byte");
    if (len < CHAN_SEAL_OVERHEAD) return net_fail(err, errlen, "bad sealed message: too short");
    unsigned long long n = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&ch->rx, out, &n, &tag, in + 1, len - 1, NULL,
                                                   0) != 0)
        return net_fail(err, errlen,
                        "sealed message fails authentication (replayed, reordered or altered)");
    if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        return net_fail(err, errlen, "sealed message with an unexpected stream tag %u", tag);
    *outlen = (size_t)n;
    return 0;
}

/* --- Broadcasts -------------------------------------------------------------------------- */

static void put_be(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | p[i];
    return v;
}

void bcast_key_new(struct bcast_key *k, uint32_t id)
{
    if (sodium_init() < 0) sodium_misuse(); /* no randomness: nothing can be sealed */
    k->id = id;
    crypto_aead_xchacha20poly1305_ietf_keygen(k->key);
}

int bcast_seal(const struct bcast_key *k, uint64_t first_seq, const uint8_t *msg, size_t len,
               uint8_t *out, uint8_t digest[BCAST_DIGEST], char *err, size_t errlen)
{
    if (len > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
        len > SIZE_MAX - BCAST_OVERHEAD)
        return net_fail(err, errlen, "broadcast too long to seal");
    if (sodium_init() < 0) return net_fail(err, errlen, "libsodium cannot start");
    out[0] = KIND_BROADCAST;
    put_be(out + B_KEY_ID, k->id, 4);
    put_be(out + B_SEQ, first_seq, 8);
    randombytes_buf(out + B_NONCE, NONCE);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + B_CIPHER, &clen, msg, len, out, B_AD, NULL,
                                               out + B_NONCE, k->key);
    crypto_generichash(digest, BCAST_DIGEST, out, B_CIPHER + (size_t)clen, NULL, 0);
    return 0;
}

void bcast_tag(const struct chan *ch, const uint8_t digest[BCAST_DIGEST], uint8_t tag[BCAST_TAG])
{
    crypto_generichash(tag, BCAST_TAG, digest, BCAST_DIGEST, ch->tag_key, sizeof ch->tag_key);
}

int bcast_open(const struct bcast_key *k, const struct chan *ch, const uint8_t *in, size_t len,
               uint64_t *first_seq, uint8_t *out, size_t *outlen, char *err, size_t errlen)
{
    *outlen = 0;
    if (len == 0 || in[0] != KIND_BROADCAST)
        return net_fail(err, errlen, "bad broadcast: wrong kind byte");
    if (len < BCAST_OVERHEAD) return net_fail(err, errlen, "bad broadcast: too short");
    size_t body = len - BCAST_TAG;
    uint8_t digest[BCAST_DIGEST], tag[BCAST_TAG];
    crypto_generichash(digest, sizeof digest, in, body, NULL, 0);
    bcast_tag(ch, digest, tag);
    if (sodium_memcmp(tag, in + body, BCAST_TAG) != 0)
        return net_fail(err, errlen, "broadcast tag does not verify: not sent by the hub");
    uint32_t id = (uint32_t)get_be(in + B_KEY_ID, 4);
    if (id != k->id)
        return net_fail(err, errlen, "broadcast under meeting key %lu, this console has key %lu",
                        (unsigned long)id, (unsigned long)k->id);
    unsigned long long n = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &n, NULL, in + B_CIPHER, body - B_CIPHER,
                                                   in, B_AD, in + B_NONCE, k->key) != 0)
        return net_fail(err, errlen, "broadcast fails authentication under the meeting key");
    *first_seq = get_be(in + B_SEQ, 8);
    *outlen = (size_t)n;
    return 0;
}
