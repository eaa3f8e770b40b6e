/* Long-term keys: see keys.h. */
#define _POSIX_C_SOURCE 200809L /* strnlen, fsync */
#include "net/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/fail.h"

_Static_assert(KEY_PUBLIC_BYTES == crypto_sign_PUBLICKEYBYTES, "public key size");
_Static_assert(KEY_SECRET_BYTES == crypto_sign_SECRETKEYBYTES, "secret key size");
_Static_assert(KEY_SEED_BYTES == crypto_sign_SEEDBYTES, "seed size");
_Static_assert(DB_HUB_KEY_BYTES == crypto_scalarmult_curve25519_BYTES, "X25519 key size");

enum { HEX_DIGITS = KEY_HEX - 1, FILE_MAX = HEX_DIGITS + 2 };

/* 32 bytes from exactly 64 hex digits; what: the name of the text in err, which never quotes
 * the text itself (it may be a secret). */
static int from_hex32(const char *hex, unsigned char out[32], const char *what, char *err,
                      size_t errlen)
{
    size_t n = strnlen(hex, HEX_DIGITS + 1), got = 0;
    if (n != HEX_DIGITS)
        return net_fail(err, errlen, "%s: %s%zu characters, expected 64 hex digits", what,
                        n > HEX_DIGITS ? "more than " : "",
                        n > HEX_DIGITS ? (size_t)HEX_DIGITS : n);
    if (sodium_hex2bin(out, 32, hex, n, NULL, &got, NULL) != 0 || got != 32) {
        sodium_memzero(out, 32);
        return net_fail(err, errlen, "%s: not hexadecimal (64 digits 0-9, a-f expected)", what);
    }
    return 0;
}

int key_generate(struct key_pair *k)
{
    if (sodium_init() < 0) return -1;
    return crypto_sign_keypair(k->public_key, k->secret_key);
}

int key_from_seed_hex(const char *hex, struct key_pair *k, char *err, size_t errlen)
{
    if (sodium_init() < 0) return net_fail(err, errlen, "libsodium cannot start");
    unsigned char seed[KEY_SEED_BYTES];
    if (from_hex32(hex, seed, "secret key", err, errlen) != 0) return -1;
    int rc = crypto_sign_seed_keypair(k->public_key, k->secret_key, seed);
    sodium_memzero(seed, sizeof seed);
    return rc == 0 ? 0 : net_fail(err, errlen, "secret key: unusable seed");
}

void key_seed_hex(const struct key_pair *k, char out[KEY_HEX])
{
    unsigned char seed[KEY_SEED_BYTES];
    crypto_sign_ed25519_sk_to_seed(seed, k->secret_key);
    sodium_bin2hex(out, KEY_HEX, seed, sizeof seed);
    sodium_memzero(seed, sizeof seed);
}

void key_public_hex(const unsigned char pk[KEY_PUBLIC_BYTES], char out[KEY_HEX])
{
    sodium_bin2hex(out, KEY_HEX, pk, KEY_PUBLIC_BYTES);
}

int key_public_from_hex(const char *hex, unsigned char pk[KEY_PUBLIC_BYTES], char *err,
                        size_t errlen)
{
    return from_hex32(hex, pk, "public key", err, errlen);
}

void key_fingerprint(const unsigned char pk[KEY_PUBLIC_BYTES], char out[KEY_FINGERPRINT])
{
    sodium_bin2hex(out, KEY_FINGERPRINT, pk, (KEY_FINGERPRINT - 1) / 2);
}

/* Up to cap bytes of fd, or -1 (errno set). */
static ssize_t read_some(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A new key in a new file (O_EXCL: never over an existing one); no file is left on failure. */
static int create_key_file(const char *path, struct key_pair *k, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return net_fail(err, errlen, "%s: %s", path, strerror(errno));
    int rc = key_generate(k);
    if (rc == 0) {
        char line[KEY_HEX];
        key_seed_hex(k, line);
        line[HEX_DIGITS] = '\n';
        rc = write_all(fd, line, sizeof line);
        if (rc == 0) rc = fsync(fd);
        sodium_memzero(line, sizeof line);
    }
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0) return 0;
    unlink(path);
    key_wipe(k);
    return net_fail(err, errlen, "%s: cannot write the new key: %s", path, strerror(saved));
}

/* The key of an existing file, which only its owner may read or write.  The line's final
 * newline may be missing; nothing else may differ. */
static int load_key_file(int fd, const char *path, struct key_pair *k, char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return net_fail(err, errlen, "%s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return net_fail(err, errlen, "%s: not a regular file", path);
    if ((st.st_mode & 077) != 0)
        return net_fail(err, errlen, "%s: readable by others; chmod 600 %s", path, path);
    char buf[FILE_MAX + 1];
    ssize_t n = read_some(fd, buf, FILE_MAX);
    if (n < 0) return net_fail(err, errlen, "%s: %s", path, strerror(errno));
    int rc = -1;
    if (n == HEX_DIGITS || (n == HEX_DIGITS + 1 && buf[HEX_DIGITS] == '\n')) {
        buf[HEX_DIGITS] = '\0';
        rc = key_from_seed_hex(buf, k, NULL, 0);
    }
    sodium_memzero(buf, sizeof buf);
    if (rc != 0)
        return net_fail(err, errlen, "%s: not a key file (one line of 64 hex digits)", path);
    return 0;
}

int key_file_load_or_create(const char *path, struct key_pair *k, bool *created, char *err,
                            size_t errlen)
{
    *created = false;
    if (sodium_init() < 0) return net_fail(err, errlen, "%s: libsodium cannot start", path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        if (create_key_file(path, k, err, errlen) != 0) return -1;
        *created = true;
        return 0;
    }
    if (fd < 0) return net_fail(err, errlen, "%s: %s", path, strerror(errno));
    int rc = load_key_file(fd, path, k, err, errlen);
    close(fd);
    return rc;
}

int key_to_db_hub_key(const struct key_pair *k, struct db_hub_key *out)
{
    if (crypto_sign_ed25519_pk_to_curve25519(out->public_key, k->public_key) != 0 ||
        crypto_sign_ed25519_sk_to_curve25519(out->secret_key, k->secret_key) != 0) {
        sodium_memzero(out, sizeof *out);
        return -1;
    }
    return 0;
}

void key_wipe(struct key_pair *k)
{
    sodium_memzero(k->secret_key, sizeof k->secret_key);
}
