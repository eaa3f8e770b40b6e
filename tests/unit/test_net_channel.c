/* net/keys.c and net/channel.c: the handshake and messages both ways; a hub that is not the
 * pinned one, a console signing with another key, answers from another handshake; replayed,
 * reordered, dropped and altered messages; payloads of every kind cut at every length, one
 * byte too long or of the wrong kind; broadcasts under another key, altered, forged or with
 * another first seq; refusals; key files, hex seeds and the database's X25519 key. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/channel.h"
#include "net/keys.h"

enum { BIG = 70000, BMAX = 256 /* room for a test broadcast */ };

static const char *kinds = "HWARSB";

/* --- Helpers ------------------------------------------------------------------------- */

static struct key_pair hub_key, console_key, other_key;

static int keys_setup(void **state)
{
    (void)state;
    if (key_generate(&hub_key) || key_generate(&console_key) || key_generate(&other_key)) return -1;
    return 0;
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return false;
    return true;
}

/* A key pair claiming pk but signing with the secret key of `signer`. */
static struct key_pair impostor(const unsigned char pk[KEY_PUBLIC_BYTES],
                                const struct key_pair *signer)
{
    struct key_pair k = *signer;
    memcpy(k.public_key, pk, KEY_PUBLIC_BYTES);
    return k;
}

/* A handshake up to the welcome: hc (console side) and hh (hub side) ready to finish. */
struct half {
    struct chan_handshake hc, hh;
    uint8_t hello[CHAN_HELLO_BYTES], welcome[CHAN_WELCOME_BYTES];
};

static void start(struct half *s, const struct key_pair *hub, const struct key_pair *console)
{
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(
        chan_console_hello(&s->hc, console, hub_key.public_key, s->hello, err, sizeof err), 0);
    if (chan_hub_welcome(&s->hh, hub, s->hello, sizeof s->hello, s->welcome, err, sizeof err))
        fail_msg("welcome: %s", err);
}

/* A whole handshake between hub_key and console_key. */
static void handshake(struct chan *hub_ch, struct chan *console_ch)
{
    struct half s;
    uint8_t auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    start(&s, &hub_key, &console_key);
    if (chan_console_finish(&s.hc, &console_key, hub_key.public_key, s.welcome, sizeof s.welcome,
                            auth, console_ch, err, sizeof err))
        fail_msg("console finish: %s", err);
    if (chan_hub_finish(&s.hh, console_key.public_key, auth, sizeof auth, hub_ch, err, sizeof err))
        fail_msg("hub finish: %s", err);
    assert_true(all_zero(&s.hc, sizeof s.hc));
    assert_true(all_zero(&s.hh, sizeof s.hh));
}

/* Seals text on from and opens it on to. */
static void send_ok(struct chan *from, struct chan *to, const char *text)
{
    size_t n = strlen(text), got = 0;
    uint8_t sealed[256], plain[256];
    char err[CHAN_ERROR_MAX] = "";
    assert_true(n + CHAN_SEAL_OVERHEAD <= sizeof sealed);
    assert_int_equal(chan_seal(from, (const uint8_t *)text, n, sealed, err, sizeof err), 0);
    assert_int_equal(sealed[0], 'S');
    if (chan_open(to, sealed, n + CHAN_SEAL_OVERHEAD, plain, &got, err, sizeof err))
        fail_msg("open: %s", err);
    assert_int_equal(got, n);
    assert_memory_equal(plain, text, n);
}

static void expect_err(int rc, const char *err, const char *want)
{
    assert_int_equal(rc, -1);
    if (!strstr(err, want)) fail_msg("error \"%s\" does not say \"%s\"", err, want);
}

/* A decoder under test: -1 with a reason, or 0. */
typedef int try_fn(const uint8_t *p, size_t len, char *err, size_t errlen);

/* p (a valid payload of n bytes, of kind p[0]) cut at every length, one byte longer, and with
 * every other kind byte: try refuses each with a reason. */
static void refuses_every_malformed_copy(try_fn *try, const uint8_t *p, size_t n)
{
    uint8_t *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, p, n);
    copy[n] = 0;
    for (size_t len = 0; len <= n + 1; len++) {
        if (len == n) continue;
        char err[CHAN_ERROR_MAX] = "";
        /* an exactly sized buffer, so that ASan sees any read past the end */
        uint8_t *cut = malloc(len ? len : 1);
        assert_non_null(cut);
        memcpy(cut, copy, len);
        if (try(len ? cut : NULL, len, err, sizeof err) != -1) fail_msg("length %zu accepted", len);
        if (err[0] == '\0') fail_msg("length %zu refused without a reason", len);
        free(cut);
    }
    for (int k = 0; k < 256; k++) {
        if (k == p[0]) continue;
        char err[CHAN_ERROR_MAX] = "";
        copy[0] = (uint8_t)k;
        assert_int_equal(try(copy, n, err, sizeof err), -1);
        assert_true(err[0] != '\0');
    }
    free(copy);
}

/* --- The handshake ------------------------------------------------------------------- */

static void handshake_then_messages_both_ways(void **state)
{
    (void)state;
    struct chan hub_ch, console_ch;
    handshake(&hub_ch, &console_ch);
    for (int i = 0; i < 20; i++) {
        send_ok(&console_ch, &hub_ch, i % 2 ? "{\"t\":\"beat\",\"now\":0}" : "");
        send_ok(&hub_ch, &console_ch, "{\"t\":\"beat\",\"now\":1795000000000}");
    }
    /* a large message */
    uint8_t *msg = malloc(BIG), *sealed = malloc(BIG + CHAN_SEAL_OVERHEAD), *plain = malloc(BIG);
    assert_true(msg && sealed && plain);
    for (size_t i = 0; i < BIG; i++) msg[i] = (uint8_t)(i * 7);
    size_t got = 0;
    char err[CHAN_ERROR_MAX];
    assert_int_equal(chan_seal(&hub_ch, msg, BIG, sealed, err, sizeof err), 0);
    assert_int_equal(
        chan_open(&console_ch, sealed, BIG + CHAN_SEAL_OVERHEAD, plain, &got, err, sizeof err), 0);
    assert_int_equal(got, BIG);
    assert_memory_equal(plain, msg, BIG);
    free(msg);
    free(sealed);
    free(plain);
}

static void the_hub_reads_the_hello(void **state)
{
    (void)state;
    struct chan_handshake h;
    uint8_t hello[CHAN_HELLO_BYTES];
    unsigned char console_pk[KEY_PUBLIC_BYTES], pinned[KEY_PUBLIC_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(
        chan_console_hello(&h, &console_key, other_key.public_key, hello, err, sizeof err), 0);
    assert_int_equal(hello[0], 'H');
    assert_int_equal(hello[1], CHAN_VERSION);
    assert_int_equal(chan_hub_read_hello(hello, sizeof hello, console_pk, pinned, err, sizeof err),
                     0);
    assert_memory_equal(console_pk, console_key.public_key, KEY_PUBLIC_BYTES);
    assert_memory_equal(pinned, other_key.public_key, KEY_PUBLIC_BYTES);
    /* this hub is not the one pinned: it does not answer */
    struct chan_handshake hh;
    uint8_t welcome[CHAN_WELCOME_BYTES];
    expect_err(chan_hub_welcome(&hh, &hub_key, hello, sizeof hello, welcome, err, sizeof err), err,
               "pinned another hub key");
    assert_true(all_zero(&hh, sizeof hh));
}

static void a_hello_of_another_version_is_refused(void **state)
{
    (void)state;
    struct chan_handshake h;
    uint8_t hello[CHAN_HELLO_BYTES + 8] = {0};
    unsigned char console_pk[KEY_PUBLIC_BYTES], pinned[KEY_PUBLIC_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(
        chan_console_hello(&h, &console_key, hub_key.public_key, hello, err, sizeof err), 0);
    hello[1] = 3; /* a console of the version before packed broadcasts */
    expect_err(chan_hub_read_hello(hello, CHAN_HELLO_BYTES, console_pk, pinned, err, sizeof err),
               err, "bad hello: protocol version 3, this hub speaks 4");
    hello[1] = CHAN_VERSION + 1;
    expect_err(chan_hub_read_hello(hello, CHAN_HELLO_BYTES, console_pk, pinned, err, sizeof err),
               err, "bad hello: protocol version 5, this hub speaks 4");
    expect_err(chan_hub_read_hello(hello, sizeof hello, console_pk, pinned, err, sizeof err), err,
               "protocol version 5");
    hello[1] = 0;
    expect_err(chan_hub_read_hello(hello, CHAN_HELLO_BYTES, console_pk, pinned, err, sizeof err),
               err, "protocol version 0");
    struct chan_handshake hh;
    uint8_t welcome[CHAN_WELCOME_BYTES];
    expect_err(chan_hub_welcome(&hh, &hub_key, hello, CHAN_HELLO_BYTES, welcome, err, sizeof err),
               err, "protocol version 0");
}

/* A hub with another key answers a console that pinned hub_key: the console refuses. */
static void a_console_refuses_a_hub_it_did_not_pin(void **state)
{
    (void)state;
    struct key_pair fake = impostor(hub_key.public_key, &other_key);
    struct half s;
    start(&s, &fake, &console_key);
    struct chan ch;
    uint8_t auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    memset(&ch, 0x55, sizeof ch);
    expect_err(chan_console_finish(&s.hc, &console_key, hub_key.public_key, s.welcome,
                                   sizeof s.welcome, auth, &ch, err, sizeof err),
               err,
               "hub signature does not verify: this is not the hub this console was enrolled "
               "with");
    assert_true(all_zero(&s.hc, sizeof s.hc));
    assert_true(all_zero(&ch, sizeof ch));
}

/* The real hub's welcome, but to another console's hello: the transcript differs. */
static void a_welcome_to_another_hello_is_refused(void **state)
{
    (void)state;
    struct half a, b;
    start(&a, &hub_key, &console_key);
    start(&b, &hub_key, &console_key);
    struct chan ch;
    uint8_t auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    expect_err(chan_console_finish(&a.hc, &console_key, hub_key.public_key, b.welcome,
                                   sizeof b.welcome, auth, &ch, err, sizeof err),
               err, "hub signature does not verify");
}

/* An attacker presents an enrolled console's public key but holds only its own secret key. */
static void the_hub_refuses_an_auth_signed_by_another_key(void **state)
{
    (void)state;
    struct key_pair fake = impostor(console_key.public_key, &other_key);
    struct half s;
    start(&s, &hub_key, &fake);
    struct chan hub_ch, console_ch;
    uint8_t auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(chan_console_finish(&s.hc, &fake, hub_key.public_key, s.welcome,
                                         sizeof s.welcome, auth, &console_ch, err, sizeof err),
                     0);
    memset(&hub_ch, 0x55, sizeof hub_ch);
    expect_err(
        chan_hub_finish(&s.hh, console_key.public_key, auth, sizeof auth, &hub_ch, err, sizeof err),
        err, "console signature does not verify");
    assert_true(all_zero(&s.hh, sizeof s.hh));
    assert_true(all_zero(&hub_ch, sizeof hub_ch));
}

/* An auth recorded from one handshake is no good in another. */
static void an_auth_from_another_handshake_is_refused(void **state)
{
    (void)state;
    struct half a, b;
    start(&a, &hub_key, &console_key);
    start(&b, &hub_key, &console_key);
    struct chan hub_ch, console_ch;
    uint8_t auth[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(chan_console_finish(&a.hc, &console_key, hub_key.public_key, a.welcome,
                                         sizeof a.welcome, auth, &console_ch, err, sizeof err),
                     0);
    expect_err(
        chan_hub_finish(&b.hh, console_key.public_key, auth, sizeof auth, &hub_ch, err, sizeof err),
        err, "console signature does not verify");
    /* finishing twice: the state is gone */
    expect_err(
        chan_hub_finish(&b.hh, console_key.public_key, auth, sizeof auth, &hub_ch, err, sizeof err),
        err, "no welcome was sent");
}

static void a_refusal_reaches_the_console(void **state)
{
    (void)state;
    struct chan_handshake h;
    uint8_t hello[CHAN_HELLO_BYTES], refusal[CHAN_REFUSAL_MAX], auth[CHAN_AUTH_BYTES];
    struct chan ch;
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(
        chan_console_hello(&h, &console_key, hub_key.public_key, hello, err, sizeof err), 0);
    size_t n = chan_refusal("console seat-12 was revoked", refusal);
    expect_err(chan_console_finish(&h, &console_key, hub_key.public_key, refusal, n, auth, &ch, err,
                                   sizeof err),
               err, "refused by the hub: console seat-12 was revoked");
    assert_true(all_zero(&h, sizeof h));
}

/* --- Sealed messages ----------------------------------------------------------------- */

static void a_replayed_message_fails(void **state)
{
    (void)state;
    struct chan hub_ch, console_ch;
    handshake(&hub_ch, &console_ch);
    uint8_t sealed[64], plain[64];
    size_t got;
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(chan_seal(&console_ch, (const uint8_t *)"vote", 4, sealed, err, sizeof err),
                     0);
    assert_int_equal(
        chan_open(&hub_ch, sealed, 4 + CHAN_SEAL_OVERHEAD, plain, &got, err, sizeof err), 0);
    expect_err(chan_open(&hub_ch, sealed, 4 + CHAN_SEAL_OVERHEAD, plain, &got, err, sizeof err),
               err, "sealed message fails authentication (replayed, reordered or altered)");
    assert_int_equal(got, 0);
}

static void reordered_or_dropped_messages_fail(void **state)
{
    (void)state;
    struct chan hub_ch, console_ch;
    handshake(&hub_ch, &console_ch);
    uint8_t one[64], two[64], three[64], plain[64];
    size_t got, n = 3 + CHAN_SEAL_OVERHEAD;
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(chan_seal(&hub_ch, (const uint8_t *)"one", 3, one, err, sizeof err), 0);
    assert_int_equal(chan_seal(&hub_ch, (const uint8_t *)"two", 3, two, err, sizeof err), 0);
    assert_int_equal(chan_seal(&hub_ch, (const uint8_t *)"333", 3, three, err, sizeof err), 0);
    struct chan copy = console_ch;
    expect_err(chan_open(&copy, two, n, plain, &got, err, sizeof err), err, "replayed, reordered");
    copy = console_ch;
    expect_err(chan_open(&copy, three, n, plain, &got, err, sizeof err), err, "reordered");
    /* in order they open; then two after three does not */
    assert_int_equal(chan_open(&console_ch, one, n, plain, &got, err, sizeof err), 0);
    copy = console_ch;
    assert_int_equal(chan_open(&copy, two, n, plain, &got, err, sizeof err), 0);
    assert_memory_equal(plain, "two", 3);
    expect_err(chan_open(&console_ch, three, n, plain, &got, err, sizeof err), err, "reordered");
    /* the wrong direction: the console's own message sent back to it */
    uint8_t mine[64];
    assert_int_equal(chan_seal(&console_ch, (const uint8_t *)"own", 3, mine, err, sizeof err), 0);
    copy = console_ch;
    expect_err(chan_open(&copy, mine, n, plain, &got, err, sizeof err), err, "altered");
}

static void every_altered_byte_fails(void **state)
{
    (void)state;
    struct chan hub_ch, console_ch;
    handshake(&hub_ch, &console_ch);
    const char *text = "{\"t\":\"command\",\"cid\":\"c1\"}";
    size_t len = strlen(text), n = len + CHAN_SEAL_OVERHEAD, got;
    uint8_t sealed[128], plain[128];
    char err[CHAN_ERROR_MAX] = "";
    assert_int_equal(chan_seal(&console_ch, (const uint8_t *)text, len, sealed, err, sizeof err),
                     0);
    for (size_t i = 0; i < n; i++)
        for (int bit = 0; bit < 8; bit++) {
            struct chan copy = hub_ch;
            sealed[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(chan_open(&copy, sealed, n, plain, &got, err, sizeof err), -1);
            sealed[i] ^= (uint8_t)(1u << bit);
        }
    assert_int_equal(chan_open(&hub_ch, sealed, n, plain, &got, err, sizeof err), 0);
    assert_memory_equal(plain, text, len);
}

/* --- Malformed payloads of every kind ------------------------------------------------ */

static int try_read_hello(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    unsigned char a[KEY_PUBLIC_BYTES], b[KEY_PUBLIC_BYTES];
    return chan_hub_read_hello(p, len, a, b, err, errlen);
}

static int try_welcome(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct chan_handshake h;
    uint8_t out[CHAN_WELCOME_BYTES];
    int rc = chan_hub_welcome(&h, &hub_key, p, len, out, err, errlen);
    if (rc != 0) assert_true(all_zero(&h, sizeof h));
    return rc;
}

static struct half current;

static int try_console_finish(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct chan_handshake h = current.hc;
    struct chan ch;
    uint8_t out[CHAN_AUTH_BYTES];
    int rc =
        chan_console_finish(&h, &console_key, hub_key.public_key, p, len, out, &ch, err, errlen);
    assert_true(all_zero(&h, sizeof h));
    return rc;
}

static uint8_t current_auth[CHAN_AUTH_BYTES];

static int try_hub_finish(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct chan_handshake h = current.hh;
    struct chan ch;
    int rc = chan_hub_finish(&h, console_key.public_key, p, len, &ch, err, errlen);
    assert_true(all_zero(&h, sizeof h));
    return rc;
}

static struct chan current_rx;

static int try_open(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    struct chan ch = current_rx;
    uint8_t out[256];
    size_t got = 99;
    int rc = chan_open(&ch, p, len, out, &got, err, errlen);
    if (rc != 0) assert_int_equal(got, 0);
    return rc;
}

static struct bcast_key current_bkey;
static struct chan current_console; /* the console's side of the link, for broadcasts */

static int try_bcast_open(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    uint8_t out[256];
    size_t got = 99;
    uint64_t seq = 0;
    int rc = bcast_open(&current_bkey, &current_console, p, len, &seq, out, &got, err, errlen);
    if (rc != 0) assert_int_equal(got, 0);
    return rc;
}

static int try_refusal(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    int rc = chan_refusal_read(p, len, err, errlen);
    if (rc != 0) snprintf(err, errlen, "refused"); /* refusal_read has no reason of its own */
    return rc;
}

static void malformed_payloads_of_every_kind_fail(void **state)
{
    (void)state;
    char err[CHAN_ERROR_MAX] = "";
    start(&current, &hub_key, &console_key);
    refuses_every_malformed_copy(try_read_hello, current.hello, sizeof current.hello);
    refuses_every_malformed_copy(try_welcome, current.hello, sizeof current.hello);
    refuses_every_malformed_copy(try_console_finish, current.welcome, sizeof current.welcome);
    assert_int_equal(try_console_finish(current.welcome, sizeof current.welcome, err, sizeof err),
                     0);

    struct chan_handshake hc = current.hc;
    struct chan console_ch;
    assert_int_equal(chan_console_finish(&hc, &console_key, hub_key.public_key, current.welcome,
                                         sizeof current.welcome, current_auth, &console_ch, err,
                                         sizeof err),
                     0);
    refuses_every_malformed_copy(try_hub_finish, current_auth, sizeof current_auth);
    assert_int_equal(try_hub_finish(current_auth, sizeof current_auth, err, sizeof err), 0);
    struct chan_handshake hh = current.hh;
    assert_int_equal(chan_hub_finish(&hh, console_key.public_key, current_auth, sizeof current_auth,
                                     &current_rx, err, sizeof err),
                     0);

    current_console = console_ch;
    uint8_t sealed[64];
    assert_int_equal(chan_seal(&console_ch, (const uint8_t *)"hi", 2, sealed, err, sizeof err), 0);
    refuses_every_malformed_copy(try_open, sealed, 2 + CHAN_SEAL_OVERHEAD);
    assert_int_equal(try_open(sealed, 2 + CHAN_SEAL_OVERHEAD, err, sizeof err), 0);

    uint8_t bcast[BMAX], digest[BCAST_DIGEST];
    bcast_key_new(&current_bkey, 7);
    assert_int_equal(
        bcast_seal(&current_bkey, 1, (const uint8_t *)"ev", 2, bcast, digest, err, sizeof err), 0);
    bcast_tag(&current_rx, digest, bcast + 2 + BCAST_OVERHEAD - BCAST_TAG);
    refuses_every_malformed_copy(try_bcast_open, bcast, 2 + BCAST_OVERHEAD);
    assert_int_equal(try_bcast_open(bcast, 2 + BCAST_OVERHEAD, err, sizeof err), 0);

    /* a refusal is valid at any length up to its maximum: only kind and size are checked */
    uint8_t refusal[CHAN_REFUSAL_MAX + 1] = {'R'};
    memset(refusal + 1, 'x', CHAN_REFUSAL_MAX);
    assert_int_equal(try_refusal(refusal, CHAN_REFUSAL_MAX, err, sizeof err), 0);
    assert_int_equal(try_refusal(refusal, CHAN_REFUSAL_MAX + 1, err, sizeof err), -1);
    assert_int_equal(try_refusal(refusal, 0, err, sizeof err), -1);
    for (const char *k = kinds; *k; k++) {
        refusal[0] = (uint8_t)*k;
        assert_int_equal(try_refusal(refusal, 10, err, sizeof err), *k == 'R' ? 0 : -1);
    }
}

static void the_errors_say_what_is_wrong(void **state)
{
    (void)state;
    char err[CHAN_ERROR_MAX] = "";
    uint8_t hello[CHAN_HELLO_BYTES] = {'H', CHAN_VERSION};
    expect_err(try_read_hello(hello, 12, err, sizeof err), err,
               "bad hello: wrong length (12 bytes, expected 98)");
    expect_err(try_read_hello(hello + 1, 12, err, sizeof err), err, "bad hello: wrong kind byte");
    uint8_t sealed[CHAN_SEAL_OVERHEAD] = {'S'};
    expect_err(try_open(sealed, sizeof sealed - 1, err, sizeof err), err,
               "bad sealed message: too short");
    uint8_t bcast[BCAST_OVERHEAD] = {'B'};
    expect_err(try_bcast_open(bcast, sizeof bcast - 1, err, sizeof err), err,
               "bad broadcast: too short");
    /* err may be absent */
    assert_int_equal(chan_hub_read_hello(hello, 3, hello, hello, NULL, 0), -1);
}

/* --- Refusals ------------------------------------------------------------------------ */

static void refusals_carry_a_clean_reason(void **state)
{
    (void)state;
    uint8_t out[CHAN_REFUSAL_MAX];
    char reason[CHAN_REFUSAL_MAX];
    size_t n = chan_refusal("unknown console 1a2b3c4d", out);
    assert_int_equal(n, 1 + 24);
    assert_int_equal(chan_refusal_read(out, n, reason, sizeof reason), 0);
    assert_string_equal(reason, "unknown console 1a2b3c4d");
    assert_int_equal(chan_refusal_read(out, 1, reason, sizeof reason), 0);
    assert_string_equal(reason, "");

    /* cut to fit at a character boundary: 200 bytes of room hold 66 "席" of 3 bytes */
    char long_reason[400] = "";
    for (int i = 0; i < 100; i++) strcat(long_reason, "席");
    n = chan_refusal(long_reason, out);
    assert_int_equal(n, 1 + 198);
    assert_int_equal(chan_refusal_read(out, n, reason, sizeof reason), 0);
    assert_int_equal(strlen(reason), 198);
    /* cut by the reader's capacity, at a character boundary too */
    char small[8];
    assert_int_equal(chan_refusal_read(out, n, small, sizeof small), 0);
    assert_string_equal(small, "席席");
    assert_int_equal(chan_refusal_read(out, n, small, 0), -1);

    /* control bytes, DEL, C1 controls, bad and overlong UTF-8 are shown as '?' */
    const uint8_t nasty[] = {'R',  'a',  0x1b, '[',  '2',  'J',  0x7f, 0xc2, 0x9b, 'b',  0xc0,
                             0xaf, 0xff, 0xed, 0xa0, 0x80, 0xe5, 0xb8, 0xad, 0xf0, 0x9f, 0x99,
                             0x82, 0xe5, 0xb8, '\0', 0x0a, 'z',  0xf8, 0x88, 0x80, 0x80};
    assert_int_equal(chan_refusal_read(nasty, sizeof nasty, reason, sizeof reason), 0);
    assert_string_equal(reason, "a?[2J???b??????\xe5\xb8\xad\xf0\x9f\x99\x82????z????");
}

/* --- Broadcasts ---------------------------------------------------------------------- */

/* Seals body under k with first seq into out (BMAX bytes), tagged for the link whose hub side
 * is link; returns the length. */
static size_t seal_bcast(const struct bcast_key *k, const struct chan *link, uint64_t seq,
                         const char *body, uint8_t *out)
{
    char err[CHAN_ERROR_MAX] = "";
    uint8_t digest[BCAST_DIGEST];
    size_t len = strlen(body);
    assert_true(len + BCAST_OVERHEAD <= BMAX);
    if (bcast_seal(k, seq, (const uint8_t *)body, len, out, digest, err, sizeof err))
        fail_msg("bcast_seal: %s", err);
    bcast_tag(link, digest, out + len + BCAST_OVERHEAD - BCAST_TAG);
    return len + BCAST_OVERHEAD;
}

static void broadcasts_round_trip(void **state)
{
    (void)state;
    struct chan hub_side, console;
    handshake(&hub_side, &console);
    struct bcast_key k;
    bcast_key_new(&k, 0x01020304);
    assert_int_equal(k.id, 0x01020304);
    const char *bodies[] = {"", "{\"t\":\"events\",\"events\":[]}", "x"};
    uint64_t seqs[] = {1, 0x1122334455667788ull, UINT64_MAX};
    for (int i = 0; i < 3; i++) {
        uint8_t b[BMAX], out[BMAX];
        size_t n = seal_bcast(&k, &hub_side, seqs[i], bodies[i], b), got = 99;
        assert_memory_equal(b, "B\x01\x02\x03\x04", 5);
        uint64_t seq = 0;
        char err[CHAN_ERROR_MAX] = "";
        if (bcast_open(&k, &console, b, n, &seq, out, &got, err, sizeof err))
            fail_msg("bcast_open: %s", err);
        assert_int_equal(seq, seqs[i]);
        assert_int_equal(got, strlen(bodies[i]));
        assert_memory_equal(out, bodies[i], got);
    }
    /* the same body twice: different nonces, different bytes */
    uint8_t a[BMAX], b[BMAX];
    size_t n = seal_bcast(&k, &hub_side, 5, "same", a);
    seal_bcast(&k, &hub_side, 5, "same", b);
    assert_memory_not_equal(a, b, n);
}

static void a_broadcast_under_another_key_fails(void **state)
{
    (void)state;
    struct chan hub_side, console;
    handshake(&hub_side, &console);
    struct bcast_key k, next, same_id;
    bcast_key_new(&k, 1);
    bcast_key_new(&next, 2);
    bcast_key_new(&same_id, 1);
    uint8_t b[BMAX], out[BMAX];
    size_t n = seal_bcast(&k, &hub_side, 9, "events", b), got;
    uint64_t seq;
    char err[CHAN_ERROR_MAX] = "";
    expect_err(bcast_open(&next, &console, b, n, &seq, out, &got, err, sizeof err), err,
               "broadcast under meeting key 1, this console has key 2");
    expect_err(bcast_open(&same_id, &console, b, n, &seq, out, &got, err, sizeof err), err,
               "broadcast fails authentication under the meeting key");
}

static void every_altered_byte_of_a_broadcast_fails(void **state)
{
    (void)state;
    struct chan hub_side, console;
    handshake(&hub_side, &console);
    struct bcast_key k;
    bcast_key_new(&k, 3);
    uint8_t b[BMAX], out[BMAX];
    size_t n = seal_bcast(&k, &hub_side, 42, "{\"t\":\"events\"}", b), got;
    uint64_t seq;
    char err[CHAN_ERROR_MAX] = "";
    for (size_t i = 0; i < n; i++)
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(bcast_open(&k, &console, b, n, &seq, out, &got, err, sizeof err), -1);
            b[i] ^= (uint8_t)(1u << bit);
        }
    assert_int_equal(bcast_open(&k, &console, b, n, &seq, out, &got, err, sizeof err), 0);
}

/* Every console holds the meeting key, so one can seal a broadcast; but its tag for another
 * console's link needs that link's key, which only the hub and that console have. */
static void a_console_cannot_forge_a_broadcast_for_another(void **state)
{
    (void)state;
    struct chan hub_a, console_a, hub_b, console_b;
    handshake(&hub_a, &console_a);
    handshake(&hub_b, &console_b);
    assert_memory_equal(hub_a.tag_key, console_a.tag_key, sizeof hub_a.tag_key);
    assert_memory_not_equal(console_a.tag_key, console_b.tag_key, sizeof hub_a.tag_key);
    struct bcast_key k;
    bcast_key_new(&k, 4);
    uint8_t b[BMAX], out[BMAX];
    size_t n = seal_bcast(&k, &console_a, 10, "forged", b), got; /* console A's own key */
    uint64_t seq;
    char err[CHAN_ERROR_MAX] = "";
    expect_err(bcast_open(&k, &console_b, b, n, &seq, out, &got, err, sizeof err), err,
               "broadcast tag does not verify: not sent by the hub");
    n = seal_bcast(&k, &hub_b, 10, "real", b); /* and a frame for B is no good to A */
    assert_int_equal(bcast_open(&k, &console_b, b, n, &seq, out, &got, err, sizeof err), 0);
    expect_err(bcast_open(&k, &console_a, b, n, &seq, out, &got, err, sizeof err), err,
               "broadcast tag does not verify");
}

/* Another first seq: the tag fails, and tagged again by the hub (as if it had sealed another
 * header) the AEAD fails, since the header is its associated data. */
static void a_broadcast_with_another_first_seq_fails(void **state)
{
    (void)state;
    struct chan hub_side, console;
    handshake(&hub_side, &console);
    struct bcast_key k;
    bcast_key_new(&k, 5);
    uint8_t b[BMAX], out[BMAX], digest[BCAST_DIGEST];
    size_t n = seal_bcast(&k, &hub_side, 100, "events", b), got;
    uint64_t seq;
    char err[CHAN_ERROR_MAX] = "";
    b[12] = 99; /* the last byte of first_seq: 100 → 99 */
    expect_err(bcast_open(&k, &console, b, n, &seq, out, &got, err, sizeof err), err,
               "tag does not verify");
    crypto_generichash(digest, sizeof digest, b, n - BCAST_TAG, NULL, 0);
    bcast_tag(&hub_side, digest, b + n - BCAST_TAG);
    expect_err(bcast_open(&k, &console, b, n, &seq, out, &got, err, sizeof err), err,
               "broadcast fails authentication");
}

/* --- Keys ---------------------------------------------------------------------------- */

static char tmpdir[64];

static int dir_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/cmte-test-net-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int dir_teardown(void **state)
{
    (void)state;
    char p[128];
    const char *names[] = {"hub.key", "open.key", "bad.key"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        unlink(p);
    }
    return rmdir(tmpdir);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static void a_key_file_is_created_0600_and_reloaded(void **state)
{
    (void)state;
    char path[128], err[256] = "", hex[KEY_HEX];
    snprintf(path, sizeof path, "%s/hub.key", tmpdir);
    struct key_pair a, b;
    bool created = false;
    assert_int_equal(key_file_load_or_create(path, &a, &created, err, sizeof err), 0);
    assert_true(created);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);
    FILE *f = fopen(path, "r");
    char line[100] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    key_seed_hex(&a, hex);
    assert_int_equal(strlen(line), 65);
    assert_memory_equal(line, hex, 64);
    assert_int_equal(line[64], '\n');

    assert_int_equal(key_file_load_or_create(path, &b, &created, err, sizeof err), 0);
    assert_false(created);
    assert_memory_equal(&a, &b, sizeof a);

    /* the final newline may be missing */
    write_file(path, hex, 0600);
    assert_int_equal(key_file_load_or_create(path, &b, &created, err, sizeof err), 0);
    assert_memory_equal(&a, &b, sizeof a);
    key_wipe(&b);
    assert_true(all_zero(b.secret_key, sizeof b.secret_key));
}

static void a_key_file_readable_by_others_is_refused(void **state)
{
    (void)state;
    char path[128], err[256] = "", want[300], hex[KEY_HEX + 1];
    snprintf(path, sizeof path, "%s/open.key", tmpdir);
    key_seed_hex(&hub_key, hex);
    strcat(hex, "\n");
    struct key_pair k;
    bool created = true;
    const mode_t modes[] = {0644, 0640, 0604, 0602, 0620, 0601};
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        write_file(path, hex, modes[i]);
        snprintf(want, sizeof want, "%s: readable by others; chmod 600 %s", path, path);
        assert_int_equal(key_file_load_or_create(path, &k, &created, err, sizeof err), -1);
        assert_string_equal(err, want);
        assert_false(created);
    }
    write_file(path, hex, 0400);
    assert_int_equal(key_file_load_or_create(path, &k, &created, err, sizeof err), 0);
    assert_memory_equal(k.public_key, hub_key.public_key, KEY_PUBLIC_BYTES);
}

static void a_key_file_with_bad_content_is_refused(void **state)
{
    (void)state;
    char path[128], err[256] = "", want[300], hex[KEY_HEX];
    snprintf(path, sizeof path, "%s/bad.key", tmpdir);
    key_seed_hex(&hub_key, hex);
    char bad[8][160];
    snprintf(bad[0], sizeof bad[0], "%s", "");
    snprintf(bad[1], sizeof bad[1], "%.63s\n", hex);
    snprintf(bad[2], sizeof bad[2], "%s0\n", hex);
    snprintf(bad[3], sizeof bad[3], "%s\r\n", hex);
    snprintf(bad[4], sizeof bad[4], "%s\n%s\n", hex, hex);
    snprintf(bad[5], sizeof bad[5], "g%.63s\n", hex);
    snprintf(bad[6], sizeof bad[6], " %.63s\n", hex);
    snprintf(bad[7], sizeof bad[7], "%s\n\n", hex);
    snprintf(want, sizeof want, "%s: not a key file (one line of 64 hex digits)", path);
    for (int i = 0; i < 8; i++) {
        struct key_pair k;
        bool created;
        write_file(path, bad[i], 0600);
        assert_int_equal(key_file_load_or_create(path, &k, &created, err, sizeof err), -1);
        assert_string_equal(err, want);
    }
    /* a folder, and a path that cannot be created */
    struct key_pair k;
    bool created;
    expect_err(key_file_load_or_create(tmpdir, &k, &created, err, sizeof err), err,
               "not a regular file");
    snprintf(path, sizeof path, "%s/no/such/dir/hub.key", tmpdir);
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    assert_int_equal(key_file_load_or_create(path, &k, &created, err, sizeof err), -1);
    assert_string_equal(err, want);
}

static void seeds_round_trip_and_bad_hex_is_not_echoed(void **state)
{
    (void)state;
    char hex[KEY_HEX], err[CHAN_ERROR_MAX] = "";
    struct key_pair k;
    key_seed_hex(&console_key, hex);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(key_from_seed_hex(hex, &k, err, sizeof err), 0);
    assert_memory_equal(&k, &console_key, sizeof k);
    for (char *c = hex; *c; c++) *c = (char)(*c >= 'a' ? *c - 'a' + 'A' : *c);
    assert_int_equal(key_from_seed_hex(hex, &k, err, sizeof err), 0); /* upper case too */
    assert_memory_equal(&k, &console_key, sizeof k);

    char bad[3][80];
    key_seed_hex(&console_key, hex);
    snprintf(bad[0], sizeof bad[0], "%.62sxz", hex);
    snprintf(bad[1], sizeof bad[1], "%.63s", hex);
    snprintf(bad[2], sizeof bad[2], "%s00", hex);
    const char *why[] = {"secret key: not hexadecimal", "secret key: 63 characters",
                         "secret key: more than 64 characters"};
    for (int i = 0; i < 3; i++) {
        expect_err(key_from_seed_hex(bad[i], &k, err, sizeof err), err, why[i]);
        char piece[9];
        for (size_t at = 0; at + 8 <= 62; at++) { /* no 8 digits of the secret in the message */
            memcpy(piece, bad[i] + at, 8);
            piece[8] = '\0';
            assert_null(strstr(err, piece));
        }
    }
    expect_err(key_from_seed_hex("", &k, err, sizeof err), err, "0 characters");
}

static void public_keys_in_hex_and_fingerprints(void **state)
{
    (void)state;
    char hex[KEY_HEX], fp[KEY_FINGERPRINT], err[CHAN_ERROR_MAX] = "";
    unsigned char pk[KEY_PUBLIC_BYTES];
    key_public_hex(hub_key.public_key, hex);
    assert_int_equal(strlen(hex), 64);
    assert_int_equal(key_public_from_hex(hex, pk, err, sizeof err), 0);
    assert_memory_equal(pk, hub_key.public_key, KEY_PUBLIC_BYTES);
    key_fingerprint(hub_key.public_key, fp);
    assert_int_equal(strlen(fp), 16);
    assert_memory_equal(fp, hex, 16);
    hex[10] = '-';
    expect_err(key_public_from_hex(hex, pk, err, sizeof err), err, "public key: not hexadecimal");
}

/* What the database seals to the converted public key, the converted pair opens. */
static void the_db_hub_key_opens_what_is_sealed_to_it(void **state)
{
    (void)state;
    struct db_hub_key x, again;
    assert_int_equal(key_to_db_hub_key(&hub_key, &x), 0);
    assert_int_equal(key_to_db_hub_key(&hub_key, &again), 0);
    assert_memory_equal(&x, &again, sizeof x);
    unsigned char derived[crypto_scalarmult_BYTES];
    assert_int_equal(crypto_scalarmult_base(derived, x.secret_key), 0);
    assert_memory_equal(derived, x.public_key, sizeof derived);

    unsigned char ballot_key[32];
    for (int i = 0; i < 32; i++) ballot_key[i] = (unsigned char)(i * 9 + 1);
    unsigned char sealed[crypto_box_SEALBYTES + 32], opened[32];
    assert_int_equal(crypto_box_seal(sealed, ballot_key, 32, x.public_key), 0);
    assert_int_equal(
        crypto_box_seal_open(opened, sealed, sizeof sealed, x.public_key, x.secret_key), 0);
    assert_memory_equal(opened, ballot_key, 32);

    struct db_hub_key y;
    assert_int_equal(key_to_db_hub_key(&other_key, &y), 0);
    assert_int_equal(
        crypto_box_seal_open(opened, sealed, sizeof sealed, y.public_key, y.secret_key), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handshake_then_messages_both_ways),
        cmocka_unit_test(the_hub_reads_the_hello),
        cmocka_unit_test(a_hello_of_another_version_is_refused),
        cmocka_unit_test(a_console_refuses_a_hub_it_did_not_pin),
        cmocka_unit_test(a_welcome_to_another_hello_is_refused),
        cmocka_unit_test(the_hub_refuses_an_auth_signed_by_another_key),
        cmocka_unit_test(an_auth_from_another_handshake_is_refused),
        cmocka_unit_test(a_refusal_reaches_the_console),
        cmocka_unit_test(a_replayed_message_fails),
        cmocka_unit_test(reordered_or_dropped_messages_fail),
        cmocka_unit_test(every_altered_byte_fails),
        cmocka_unit_test(malformed_payloads_of_every_kind_fail),
        cmocka_unit_test(the_errors_say_what_is_wrong),
        cmocka_unit_test(refusals_carry_a_clean_reason),
        cmocka_unit_test(broadcasts_round_trip),
        cmocka_unit_test(a_broadcast_under_another_key_fails),
        cmocka_unit_test(every_altered_byte_of_a_broadcast_fails),
        cmocka_unit_test(a_console_cannot_forge_a_broadcast_for_another),
        cmocka_unit_test(a_broadcast_with_another_first_seq_fails),
        cmocka_unit_test_setup_teardown(a_key_file_is_created_0600_and_reloaded, dir_setup,
                                        dir_teardown),
        cmocka_unit_test_setup_teardown(a_key_file_readable_by_others_is_refused, dir_setup,
                                        dir_teardown),
        cmocka_unit_test_setup_teardown(a_key_file_with_bad_content_is_refused, dir_setup,
                                        dir_teardown),
        cmocka_unit_test(seeds_round_trip_and_bad_hex_is_not_echoed),
        cmocka_unit_test(public_keys_in_hex_and_fingerprints),
        cmocka_unit_test(the_db_hub_key_opens_what_is_sealed_to_it),
    };
    return cmocka_run_group_tests(tests, keys_setup, NULL);
}
