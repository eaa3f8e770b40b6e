/* Where a console's view reads the meeting and sends its commands: a link to the hub (every
 * console), or the hub itself in the same process (`cmte chair` on the hub's machine).  Either
 * way the view gets the reports of struct link_events. */
#ifndef CMTE_TUI_FEED_H
#define CMTE_TUI_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"
#include "net/link.h"

struct feed_ops {
    /* The replica and its journal seq; NULL before the first snapshot. */
    const struct core_state *(*state)(void *src, int64_t *seq);
    /* The hub's clock, ms since the epoch. */
    int64_t (*now)(void *src);
    /* Send a command (see link_send); false when it cannot be queued. */
    bool (*send)(void *src, const struct command *c, const char *pin, char *cid);
};

struct feed {
    const struct feed_ops *ops;
    void *src;
};

extern const struct feed_ops feed_link_ops; /* src: a struct link */

static inline const struct core_state *feed_state(const struct feed *f)
{
    return f->ops ? f->ops->state(f->src, NULL) : NULL;
}

static inline int64_t feed_now(const struct feed *f)
{
    return f->ops->now(f->src);
}

static inline bool feed_send(const struct feed *f, const struct command *c, const char *pin)
{
    return f->ops && f->ops->send(f->src, c, pin, NULL);
}

#endif
