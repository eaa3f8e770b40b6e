/* Holding the meeting with the chair's console in this process (`cmte chair`, `cmte demo`):
 * the hub serves the other consoles and the chair's view acts through it. */
#ifndef CMTE_TUI_CHAIR_H
#define CMTE_TUI_CHAIR_H

#include <uv.h>

#include "net/hub.h"
#include "tui/cli.h"
#include "tui/config.h"

/* What runs beside the hub (the demo's simulated seats); every member may be NULL. */
struct chair_hooks {
    /* The hub serves (hub_port tells where); hub_key is its key pair. */
    void (*started)(void *ctx, uv_loop_t *loop, struct hub *hub, const struct key_pair *hub_key);
    /* The chair quits: stop what started, so that the loop can end. */
    void (*stopping)(void *ctx);
    void *ctx;
};

/* Hold the meeting of cfg's database until the chair quits.  An exit code. */
int chair_hold(const struct cli *cli, const struct config *cfg, const struct chair_hooks *hooks);

#endif
