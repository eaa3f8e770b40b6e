/* Framing: see frame.h. */
#include "net/frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails the reader for good with a reason and releases its buffer. */
static int fail(struct frame_reader *r, const char *reason)
{
    snprintf(r->error, sizeof r->error, "%s", reason);
    r->failed = true;
    free(r->buf);
    r->buf = NULL;
    r->start = r->end = r->cap = 0;
    return -1;
}

static int fail_oversize(struct frame_reader *r, uint32_t n)
{
    char reason[FRAME_ERROR_MAX];
    snprintf(reason, sizeof reason, "frame of %lu bytes exceeds the maximum of %zu",
             (unsigned long)n, r->max);
    return fail(r, reason);
}

int frame_reader_init(struct frame_reader *r, size_t max)
{
    memset(r, 0, sizeof *r);
    r->max = max;
    if (max == 0 || max > FRAME_LEN_LIMIT) return fail(r, "bad maximum frame size");
    return 0;
}

void frame_reader_free(struct frame_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->start = r->end = r->cap = 0;
}

/* Moves the unconsumed bytes to the front of the buffer. */
static void compact(struct frame_reader *r)
{
    size_t n = r->end - r->start;
    if (r->start > 0 && n > 0) memmove(r->buf, r->buf + r->start, n);
    r->start = 0;
    r->end = n;
}

/* Room for `more` bytes after the unconsumed ones; grows by doubling, never past
 * max + 4 + more while drained (what frame.h promises). */
static int reserve(struct frame_reader *r, size_t more)
{
    compact(r);
    if (more > SIZE_MAX - r->end) return -1;
    size_t need = r->end + more;
    if (need <= r->cap) return 0;
    size_t bound = r->max + FRAME_HEADER + more; /* max <= UINT32_MAX: no overflow here */
    size_t cap = r->cap > SIZE_MAX / 2 ? need : r->cap * 2;
    if (cap > bound) cap = bound;
    if (cap < need) cap = need;
    uint8_t *buf = realloc(r->buf, cap);
    if (!buf) return -1;
    r->buf = buf;
    r->cap = cap;
    return 0;
}

int frame_reader_feed(struct frame_reader *r, const void *data, size_t len)
{
    if (r->failed) return -1;
    if (len == 0) return 0;
    if (reserve(r, len) < 0) return fail(r, "out of memory");
    memcpy(r->buf + r->end, data, len);
    r->end += len;
    return 0;
}

/* Whether have bytes at p start with a whole frame: 1 (*n its payload's length), 0 when more are
 * needed, -1 (the reader failed) when its header is bad. */
static int whole_frame(struct frame_reader *r, const uint8_t *p, size_t have, uint32_t *n)
{
    if (have < FRAME_HEADER) return 0;
    *n = frame_header_len(p);
    if (*n == 0) return fail(r, "empty frame");
    if (*n > r->max) return fail_oversize(r, *n);
    return have - FRAME_HEADER >= *n;
}

int frame_reader_take(struct frame_reader *r, const uint8_t **data, size_t *left,
                      const uint8_t **payload, size_t *len)
{
    if (r->failed) return -1;
    uint32_t n;
    int rc = r->end == r->start ? whole_frame(r, *data, *left, &n) : 0;
    if (rc != 1) return rc;
    *payload = *data + FRAME_HEADER;
    *len = n;
    *data += FRAME_HEADER + (size_t)n;
    *left -= FRAME_HEADER + (size_t)n;
    return 1;
}

int frame_reader_next(struct frame_reader *r, const uint8_t **payload, size_t *len)
{
    if (r->failed) return -1;
    if (r->end - r->start < FRAME_HEADER) return 0; /* buf may be NULL yet */
    uint32_t n;
    int rc = whole_frame(r, r->buf + r->start, r->end - r->start, &n);
    if (rc != 1) return rc;
    *payload = r->buf + r->start + FRAME_HEADER;
    *len = n;
    r->start += FRAME_HEADER + (size_t)n;
    if (r->start == r->end) r->start = r->end = 0; /* the payload stays readable in place */
    return 1;
}

const char *frame_reader_error(const struct frame_reader *r)
{
    return r->failed ? r->error : "";
}

size_t frame_reader_pending(const struct frame_reader *r)
{
    return r->end - r->start;
}

bool frame_len_ok(size_t len, size_t max)
{
    return len > 0 && len <= max && len <= FRAME_LEN_LIMIT;
}

int frame_header(uint8_t out[FRAME_HEADER], size_t len)
{
    if (len == 0 || len > FRAME_LEN_LIMIT) return -1;
    out[0] = (uint8_t)(len >> 24);
    out[1] = (uint8_t)(len >> 16);
    out[2] = (uint8_t)(len >> 8);
    out[3] = (uint8_t)len;
    return 0;
}

uint32_t frame_header_len(const uint8_t in[FRAME_HEADER])
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
}
