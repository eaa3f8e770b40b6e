/* Framing of the wire (DESIGN.md §3 "Network"): a frame is a 4-byte big-endian payload length
 * followed by the payload.  Pure: no I/O, no libuv; the link feeds what it reads and writes
 * what frame_header() prefixes.
 *
 * The reader never assumes a frame arrives whole or alone: one read may carry half a header,
 * many frames, or a frame and a half.  It keeps what is incomplete and yields complete
 * payloads one by one.  A declared length of 0 or above the maximum fails the reader for good:
 * the connection must be closed (and nothing else).
 *
 * Usage, for each read:
 *
 *     if (frame_reader_feed(&r, data, n) < 0) close (frame_reader_error(&r));
 *     while ((rc = frame_reader_next(&r, &p, &len)) == 1) handle(p, len);
 *     if (rc < 0) close (frame_reader_error(&r));
 *
 * Memory: drained like this (next until it returns 0 before the next feed), the reader never
 * buffers more than max + 4 bytes plus what one feed brings. */
#ifndef CMTE_NET_FRAME_H
#define CMTE_NET_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    FRAME_HEADER = 4,     /* bytes of the length prefix */
    FRAME_ERROR_MAX = 96, /* room for frame_reader_error's text */
};
#define FRAME_LEN_LIMIT UINT32_MAX /* the largest length a header can carry */

struct frame_reader {
    uint8_t *buf; /* unconsumed bytes are buf[start, end) */
    size_t start, end;
    size_t cap;  /* allocated bytes of buf */
    size_t max;  /* the largest payload accepted */
    bool failed; /* for good: every later call returns -1 */
    char error[FRAME_ERROR_MAX];
};

/* An empty reader accepting payloads of 1..max bytes; -1 (and a failed reader) when max is 0
 * or above FRAME_LEN_LIMIT.  Allocates nothing yet. */
int frame_reader_init(struct frame_reader *r, size_t max);

/* Releases the buffer; the reader may be initialised again. */
void frame_reader_free(struct frame_reader *r);

/* Appends len bytes (copied; data need not outlive the call).  0, or -1 when the reader has
 * failed (before, or now for want of memory).  Invalidates the last payload pointer. */
int frame_reader_feed(struct frame_reader *r, const void *data, size_t len);

/* The next complete payload: 1 with *payload and *len set (len in 1..max), 0 when more bytes
 * are needed, -1 when the stream is bad (the reader stays failed; see frame_reader_error).
 * *payload points into the reader and stays valid until the next frame_reader_feed,
 * frame_reader_next or frame_reader_free on this reader. */
int frame_reader_next(struct frame_reader *r, const uint8_t **payload, size_t *len);

/* The next whole frame straight from data (left bytes), while the reader holds nothing: 1 with
 * *payload pointing into data and data and left moved past the frame; 0 when the reader holds
 * bytes or data has no whole frame (feed what is left); -1 when the header is bad (the reader
 * stays failed, as frame_reader_next would).  Nothing is copied: a connection reading whole
 * frames, the common case, spends no copy on them. */
int frame_reader_take(struct frame_reader *r, const uint8_t **data, size_t *left,
                      const uint8_t **payload, size_t *len);

/* Why the reader failed ("empty frame", "frame of N bytes exceeds the maximum of M", ...);
 * "" while it has not. */
const char *frame_reader_error(const struct frame_reader *r);

/* Bytes buffered and not yet yielded (for tests and accounting). */
size_t frame_reader_pending(const struct frame_reader *r);

/* Whether a payload of len bytes may be sent to a peer whose maximum is max. */
bool frame_len_ok(size_t len, size_t max);

/* Writes the header of a payload of len bytes; -1 (out untouched) when len is 0 or above
 * FRAME_LEN_LIMIT.  Callers check frame_len_ok against the configured maximum first. */
int frame_header(uint8_t out[FRAME_HEADER], size_t len);

/* The length a header declares. */
uint32_t frame_header_len(const uint8_t in[FRAME_HEADER]);

#endif
