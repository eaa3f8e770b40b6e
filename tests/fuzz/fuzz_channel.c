/* libFuzzer target: the decoders of the secure channel on any bytes.  Byte 0 chooses one, the
 * rest is the payload it is given:
 *
 *   0 chan_hub_read_hello               1 chan_hub_welcome (the hub's fixed key)
 *   2 chan_console_finish (a handshake after its hello)
 *   3 chan_hub_finish (the same handshake after its welcome)
 *   4 chan_open (the hub's end of that channel, before any message)
 *   5 bcast_open (a fixed meeting key, the console's end of that channel)
 *   6 chan_refusal_read
 *
 * Nothing may crash, leak or hang.  A refusal says why and leaves the handshake (and the
 * channel) wiped; what is accepted is checked: a hello's keys are its bytes, a welcome or an
 * auth that passes yields a channel that carries a message, a sealed message or a broadcast
 * opens to its length less the overhead, a refusal's reason has no control byte and survives
 * chan_refusal and chan_refusal_read again.
 *
 * libsodium draws its random bytes here from a fixed seed (randombytes_set_implementation), so
 * the keys, the handshake and the channel are the same in every run, and the seeds in
 * tests/fuzz/corpus/channel/, made from the same state, get past the signatures and tags. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/channel.h"
#include "net/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { TARGETS = 7 };

static uint64_t draws;

static void fixed_buf(void *buf, size_t size)
{
    unsigned char seed[randombytes_SEEDBYTES] = "cmte fuzz_channel";
    memcpy(seed + randombytes_SEEDBYTES - sizeof draws, &draws, sizeof draws);
    draws++;
    randombytes_buf_deterministic(buf, size, seed);
}

static uint32_t fixed_random(void)
{
    uint32_t v;
    fixed_buf(&v, sizeof v);
    return v;
}

static const char *fixed_name(void)
{
    return "fixed";
}

static randombytes_implementation fixed = {
    .implementation_name = fixed_name, .random = fixed_random, .buf = fixed_buf};

/* The state every input starts from. */
static struct key_pair hub, console;
static struct chan_handshake console_after_hello, hub_after_welcome;
static uint8_t hello[CHAN_HELLO_BYTES], welcome[CHAN_WELCOME_BYTES], auth[CHAN_AUTH_BYTES];
static struct chan hub_end, console_end;
static struct bcast_key meeting;

static void setup(void)
{
    char err[CHAN_ERROR_MAX];
    struct chan_handshake h;
    randombytes_set_implementation(&fixed);
    if (key_from_seed_hex("01234567890123456789012345678901234567890123456789012345678901ab", &hub,
                          err, sizeof err) ||
        key_from_seed_hex("fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432cd",
                          &console, err, sizeof err) ||
        chan_console_hello(&console_after_hello, &console, hub.public_key, hello, err,
                           sizeof err) ||
        chan_hub_welcome(&hub_after_welcome, &hub, hello, sizeof hello, welcome, err, sizeof err))
        __builtin_trap();
    h = console_after_hello;
    if (chan_console_finish(&h, &console, hub.public_key, welcome, sizeof welcome, auth,
                            &console_end, err, sizeof err))
        __builtin_trap();
    h = hub_after_welcome;
    if (chan_hub_finish(&h, console.public_key, auth, sizeof auth, &hub_end, err, sizeof err))
        __builtin_trap();
    bcast_key_new(&meeting, 1);
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return false;
    return true;
}

/* A refusal must say why. */
static void refused(const char *err)
{
    if (err[0] == '\0') __builtin_trap();
}

/* A message sealed on from opens on to (or, when ok is false, does not). */
static void carries(struct chan *from, struct chan *to, bool ok)
{
    static const uint8_t msg[] = "{\"t\":\"beat\",\"now\":0}";
    uint8_t sealed[sizeof msg + CHAN_SEAL_OVERHEAD], out[sizeof msg];
    size_t got;
    char err[CHAN_ERROR_MAX];
    if (chan_seal(from, msg, sizeof msg, sealed, err, sizeof err)) __builtin_trap();
    int rc = chan_open(to, sealed, sizeof sealed, out, &got, err, sizeof err);
    if (ok != (rc == 0)) __builtin_trap();
    if (rc == 0 && (got != sizeof msg || memcmp(out, msg, got) != 0)) __builtin_trap();
}

static void read_hello(const uint8_t *p, size_t n)
{
    unsigned char console_pk[KEY_PUBLIC_BYTES], pinned[KEY_PUBLIC_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    if (chan_hub_read_hello(p, n, console_pk, pinned, err, sizeof err) != 0) {
        refused(err);
        return;
    }
    if (n != CHAN_HELLO_BYTES || memcmp(console_pk, p + 2, KEY_PUBLIC_BYTES) != 0 ||
        memcmp(pinned, p + 2 + 2 * KEY_PUBLIC_BYTES, KEY_PUBLIC_BYTES) != 0)
        __builtin_trap();
}

static void hub_welcome(const uint8_t *p, size_t n)
{
    struct chan_handshake h;
    uint8_t out[CHAN_WELCOME_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    int rc = chan_hub_welcome(&h, &hub, p, n, out, err, sizeof err);
    if (rc != 0 && !all_zero(&h, sizeof h)) __builtin_trap();
    if (rc != 0) {
        refused(err);
        return;
    }
    if (out[0] != 'W' || memcmp(h.hello, p, CHAN_HELLO_BYTES) != 0) __builtin_trap();
    sodium_memzero(&h, sizeof h);
}

/* A welcome that passes is the hub's (its key and signature); only the stream header, which
 * is not signed, may differ, and then the hub's messages do not open. */
static void console_finish(const uint8_t *p, size_t n)
{
    struct chan_handshake h = console_after_hello, hh = hub_after_welcome;
    struct chan ch, hub_ch;
    uint8_t out[CHAN_AUTH_BYTES];
    char err[CHAN_ERROR_MAX] = "";
    int rc = chan_console_finish(&h, &console, hub.public_key, p, n, out, &ch, err, sizeof err);
    if (!all_zero(&h, sizeof h) || (rc != 0 && !all_zero(&ch, sizeof ch))) __builtin_trap();
    if (rc != 0) {
        refused(err);
        return;
    }
    if (n != CHAN_WELCOME_BYTES || memcmp(p, welcome, CHAN_WELCOME_BYTES - 24) != 0)
        __builtin_trap();
    if (chan_hub_finish(&hh, console.public_key, out, sizeof out, &hub_ch, err, sizeof err))
        __builtin_trap();
    carries(&ch, &hub_ch, true);
    carries(&hub_ch, &ch, memcmp(p, welcome, CHAN_WELCOME_BYTES) == 0);
}

static void hub_finish(const uint8_t *p, size_t n)
{
    struct chan_handshake h = hub_after_welcome;
    struct chan ch, console_ch = console_end;
    char err[CHAN_ERROR_MAX] = "";
    int rc = chan_hub_finish(&h, console.public_key, p, n, &ch, err, sizeof err);
    if (!all_zero(&h, sizeof h) || (rc != 0 && !all_zero(&ch, sizeof ch))) __builtin_trap();
    if (rc != 0) {
        refused(err);
        return;
    }
    if (n != CHAN_AUTH_BYTES || memcmp(p, auth, CHAN_AUTH_BYTES - 24) != 0) __builtin_trap();
    carries(&ch, &console_ch, true);
    carries(&console_ch, &ch, memcmp(p, auth, CHAN_AUTH_BYTES) == 0);
}

static void open_sealed(const uint8_t *p, size_t n)
{
    struct chan ch = hub_end;
    uint8_t *out = malloc(n ? n : 1); /* exactly what it may need, for ASan */
    size_t got = 1;
    char err[CHAN_ERROR_MAX] = "";
    if (!out) return;
    int rc = chan_open(&ch, p, n, out, &got, err, sizeof err);
    if (rc != 0 && got != 0) __builtin_trap();
    if (rc != 0)
        refused(err);
    else if (got != n - CHAN_SEAL_OVERHEAD)
        __builtin_trap();
    free(out);
}

static void open_broadcast(const uint8_t *p, size_t n)
{
    uint8_t *out = malloc(n ? n : 1);
    size_t got = 1;
    uint64_t seq;
    char err[CHAN_ERROR_MAX] = "";
    if (!out) return;
    int rc = bcast_open(&meeting, &console_end, p, n, &seq, out, &got, err, sizeof err);
    if (rc != 0 && got != 0) __builtin_trap();
    if (rc != 0)
        refused(err);
    else if (got != n - BCAST_OVERHEAD)
        __builtin_trap();
    free(out);
}

static void check_reason(const char *r, size_t cap)
{
    size_t len = strnlen(r, cap);
    if (len == cap) __builtin_trap();
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)r[i] < 0x20 || r[i] == 0x7f) __builtin_trap();
}

static void read_refusal(const uint8_t *p, size_t n)
{
    char reason[CHAN_REFUSAL_MAX], small[7], again[CHAN_REFUSAL_MAX];
    uint8_t frame[CHAN_REFUSAL_MAX];
    int rc = chan_refusal_read(p, n, reason, sizeof reason);
    if (chan_refusal_read(p, n, small, sizeof small) != rc) __builtin_trap();
    if (rc != 0) return;
    check_reason(reason, sizeof reason);
    check_reason(small, sizeof small);
    if (strncmp(reason, small, strlen(small)) != 0) __builtin_trap();
    size_t len = chan_refusal(reason, frame);
    if (chan_refusal_read(frame, len, again, sizeof again) || strcmp(reason, again) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) setup();
    ready = true;
    if (size < 1) return 0;
    draws = 1u << 20; /* every input sees the same random bytes */
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    switch (data[0] % TARGETS) {
    case 0:
        read_hello(p, n);
        break;
    case 1:
        hub_welcome(p, n);
        break;
    case 2:
        console_finish(p, n);
        break;
    case 3:
        hub_finish(p, n);
        break;
    case 4:
        open_sealed(p, n);
        break;
    case 5:
        open_broadcast(p, n);
        break;
    default:
        read_refusal(p, n);
        break;
    }
    return 0;
}
