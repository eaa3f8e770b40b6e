/* libFuzzer target: the frame reader on any bytes cut into any reads, each read as the wire
 * reads it (whole frames taken in place while the reader holds nothing, the rest fed and
 * drained).  Byte 0 chooses the maximum (64 << (b % 8) bytes: 64..8192), bytes 1..8 the sizes
 * of the reads, used in turn (0 means "drain without feeding"); the rest is the stream.  Nothing
 * may crash, leak or hang; every payload has 1..max bytes and is the bytes the stream carried after
 * its header; once the reader fails, with a reason, it keeps failing; when it has not failed, it
 * holds exactly the bytes of the incomplete last frame, in at most max + 4 + the largest read. */
#include <stdint.h>
#include <string.h>

#include "net/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { CUTS = 8 };

/* Drains the reader; checks each payload against the stream at *pos (the reader's own
 * position, as a reader of the whole stream would see it).  The reader's last answer. */
static int drain(struct frame_reader *r, const uint8_t *stream, size_t fed, size_t *pos, size_t max)
{
    const uint8_t *p;
    size_t len;
    int rc;
    while ((rc = frame_reader_next(r, &p, &len)) == 1) {
        if (len == 0 || len > max || *pos + FRAME_HEADER + len > fed) __builtin_trap();
        if (frame_header_len(stream + *pos) != len) __builtin_trap();
        if (memcmp(p, stream + *pos + FRAME_HEADER, len) != 0) __builtin_trap();
        *pos += FRAME_HEADER + len;
    }
    if (rc == -1 && frame_reader_error(r)[0] == '\0') __builtin_trap();
    if (rc == 0 && frame_reader_pending(r) != fed - *pos) __builtin_trap();
    return rc;
}

/* The in-place path, as the wire reads: whole frames straight from the chunk at *at (left
 * bytes) while the reader holds nothing, each checked against the stream at *pos and pointing
 * into the chunk itself.  The reader's last answer. */
static int take(struct frame_reader *r, const uint8_t **at, size_t *left, const uint8_t *stream,
                size_t *pos, size_t max)
{
    const uint8_t *p;
    size_t len;
    int rc;
    while ((rc = frame_reader_take(r, at, left, &p, &len)) == 1) {
        if (len == 0 || len > max || frame_reader_pending(r) != 0) __builtin_trap();
        if (p != stream + *pos + FRAME_HEADER || frame_header_len(stream + *pos) != len)
            __builtin_trap();
        *pos += FRAME_HEADER + len;
        if (*at != stream + *pos) __builtin_trap();
    }
    if (rc == -1 && frame_reader_error(r)[0] == '\0') __builtin_trap();
    return rc;
}

static void check_failed_for_good(struct frame_reader *r, const uint8_t *stream, size_t n)
{
    const uint8_t *p;
    size_t len;
    if (frame_reader_feed(r, stream, n) != -1) __builtin_trap();
    if (frame_reader_next(r, &p, &len) != -1) __builtin_trap();
    if (frame_reader_error(r)[0] == '\0') __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 + CUTS) return 0;
    size_t max = (size_t)64 << (data[0] % 8);
    const uint8_t *cuts = data + 1, *stream = data + 1 + CUTS;
    size_t n = size - 1 - CUTS, fed = 0, pos = 0, biggest = 0;
    struct frame_reader r;
    if (frame_reader_init(&r, max) != 0) __builtin_trap();
    int rc = 0;
    for (size_t i = 0; fed < n && rc >= 0; i++) {
        size_t chunk = cuts[i % CUTS];
        if (chunk > n - fed) chunk = n - fed;
        if (i > 4 * n + CUTS) chunk = n - fed; /* all cuts 0: finish */
        const uint8_t *at = stream + fed;
        size_t left = chunk;
        fed += chunk;
        if (chunk > biggest) biggest = chunk;
        rc = take(&r, &at, &left, stream, &pos, max);
        if (rc < 0) break;
        if (frame_reader_feed(&r, at, left) != 0) __builtin_trap();
        rc = drain(&r, stream, fed, &pos, max);
        if (r.cap > max + FRAME_HEADER + biggest) __builtin_trap(); /* frame.h's bound */
    }
    if (rc < 0) check_failed_for_good(&r, stream, n);
    frame_reader_free(&r);
    return 0;
}
