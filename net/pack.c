/* Broadcast bodies: see pack.h. */
#include "net/pack.h"

#include <stdlib.h>
#define ZLIB_CONST
#include <zlib.h>

#include "net/fail.h"

uint8_t *pack(const char *text, size_t len, size_t *body_len)
{
    if (len < PACK_MIN || len > PACK_TEXT_MAX) return NULL;
    uLong bound = compressBound((uLong)len);
    uint8_t *body = malloc(1 + bound);
    uLongf n = bound;
    if (!body || compress2(body + 1, &n, (const Bytef *)text, (uLong)len, Z_BEST_SPEED) != Z_OK ||
        1 + n >= len) {
        free(body);
        return NULL; /* it goes as it is: as good, only bigger */
    }
    body[0] = PACK_MARK;
    *body_len = 1 + n;
    return body;
}

/* Inflate z into a buffer that doubles up to max bytes. */
static int inflate_all(z_stream *z, size_t max, char **out, size_t *out_len, char *err,
                       size_t errlen)
{
    size_t cap = 4 * (size_t)z->avail_in + 4096, used = 0;
    char *buf = NULL;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (cap > max) cap = max;
        char *more = used < cap ? realloc(buf, cap) : NULL;
        if (!more) {
            free(buf);
            return used < cap
                       ? net_fail(err, errlen, "out of memory unpacking a broadcast")
                       : net_fail(err, errlen, "a broadcast unpacks to more than %zu bytes", max);
        }
        buf = more;
        z->next_out = (Bytef *)buf + used;
        z->avail_out = (uInt)(cap - used);
        rc = inflate(z, Z_NO_FLUSH);
        used = cap - z->avail_out;
        cap *= 2;
    }
    if (rc != Z_STREAM_END || z->avail_in != 0) {
        free(buf);
        return net_fail(err, errlen, "a broadcast's packed text is broken");
    }
    *out = buf;
    *out_len = used;
    return 0;
}

int unpack(const uint8_t *body, size_t len, size_t max, const char **text, size_t *text_len,
           char **owned, char *err, size_t errlen)
{
    *owned = NULL;
    if (len == 0 || body[0] != PACK_MARK) {
        *text = (const char *)body;
        *text_len = len;
        return 0;
    }
    if (len - 1 > UINT32_MAX) return net_fail(err, errlen, "a packed broadcast is too big");
    z_stream z = {.next_in = body + 1, .avail_in = (uInt)(len - 1)};
    if (inflateInit(&z) != Z_OK) return net_fail(err, errlen, "cannot unpack a broadcast");
    int rc = inflate_all(&z, max, owned, text_len, err, errlen);
    inflateEnd(&z);
    *text = *owned;
    return rc;
}
