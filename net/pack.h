/* Broadcast bodies compressed when they are big (docs/PROTOCOL.md, "Broadcasts"): a storm of
 * ballots or the snapshot of a thousand members is mostly the same keys over and over, and
 * every console gets its copy.  A body is either JSON text as it is (it starts with '{') or
 * PACK_MARK and a zlib stream of that text. */
#ifndef CMTE_NET_PACK_H
#define CMTE_NET_PACK_H

#include <stddef.h>
#include <stdint.h>

enum {
    PACK_MARK = 'z',
    PACK_MIN = 1024,                 /* smaller texts go as they are */
    PACK_TEXT_MAX = 64 * 1024 * 1024 /* the most text a body may unpack to */
};

/* The body for text (len bytes): a new buffer (to free) of PACK_MARK and text compressed, when
 * text is at least PACK_MIN bytes and compresses; otherwise NULL, and text goes as it is. */
uint8_t *pack(const char *text, size_t len, size_t *body_len);

/* A body back to its text: body itself when it is plain (*owned NULL), else a new buffer in
 * *owned (to free) of at most max bytes (PACK_TEXT_MAX for a console).  -1 with err when the
 * stream is broken, would pass max, or has bytes after its end. */
int unpack(const uint8_t *body, size_t len, size_t max, const char **text, size_t *text_len,
           char **owned, char *err, size_t errlen);

#endif
