/* A simulated chair (the automatic demo's): attached to the hub in this process, it runs the
 * agenda from opening to closing as a chair would, one command at a time, each after a pause:
 * it opens the meeting once the members are in, opens every item in order, gives the floor to
 * everyone waiting and ends each speech, calls every question (the first with a follow-up),
 * opens each ballot and closes it when every member present has cast, and closes the meeting.
 * Every event committed is told in words on out, as it happens. */
#ifndef CMTE_TUI_CHAIRBOT_H
#define CMTE_TUI_CHAIRBOT_H

#include <stdio.h>
#include <uv.h>

#include "net/hub.h"

struct chairbot_options {
    int pause_ms;   /* between the chair's actions (a speech lasts a few of them) */
    int members_in; /* members expected to sign in before the meeting opens */
    FILE *out;      /* the transcript */
    /* The meeting is closed (ok), or the chair gave up (a refusal it cannot get past, or
     * nothing moving); called once. */
    void (*finished)(void *ctx, bool ok);
    void *ctx;
};

struct chairbot;

/* Attach to the hub (hub_attach) and start; NULL when out of memory or the hub has a console
 * attached already. */
struct chairbot *chairbot_start(uv_loop_t *loop, struct hub *hub, const struct chairbot_options *o);

/* Stop its timer; the chairbot frees itself once the timer is closed.  Only after the hub
 * has stopped: until then the hub reports to it. */
void chairbot_stop(struct chairbot *c);

#endif
