/* libFuzzer target: unpacking a broadcast body (net/pack.h) from any bytes, at most 1 MiB of
 * text.  Nothing may crash, leak or hang; a refusal has a reason and returns nothing; a plain
 * body comes back as itself; what comes back, packed again, unpacks to the same text. */
#include <stdlib.h>
#include <string.h>

#include "net/pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX = 1 << 20 };

static void round_trip(const char *text, size_t len)
{
    size_t body_len = 0;
    uint8_t *body = pack(text, len, &body_len);
    if (!body) return; /* small, or it would not shrink: it goes as it is */
    const char *back;
    size_t n;
    char *owned, err[128];
    if (body[0] != PACK_MARK || body_len >= len) __builtin_trap();
    if (unpack(body, body_len, MAX, &back, &n, &owned, err, sizeof err) != 0) __builtin_trap();
    if (n != len || memcmp(back, text, len) != 0) __builtin_trap();
    free(owned);
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = NULL;
    size_t n = 0;
    char *owned = NULL, err[128] = "";
    if (unpack(data, size, MAX, &text, &n, &owned, err, sizeof err) != 0) {
        if (owned || !err[0]) __builtin_trap();
        return 0;
    }
    if (!owned && (text != (const char *)data || n != size)) __builtin_trap();
    if (n > MAX) __builtin_trap();
    round_trip(text, n);
    free(owned);
    return 0;
}
