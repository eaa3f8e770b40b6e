/* Simulated members at their seats (the demo's and the bench's): each is a real console link
 * (handshake, encryption, commands, resends) driven by a few plausible habits.  A member signs
 * in soon after the link is up, asks for the floor on some deliberations, registers a question
 * on some inquiries, and casts on every subject once a ballot opens, each after a pause drawn
 * at random and scaled by pace.  Hundreds can run in one process on one loop.
 * A seat with a nominee is a simulated nominee at an examinee console instead: they take the
 * law exam (任前法律知识考试) as soon as they can, answering from the bank they studied (all
 * but the first question right), and hand the paper in. */
#ifndef CMTE_TUI_BOTS_H
#define CMTE_TUI_BOTS_H

#include <stdint.h>
#include <uv.h>

#include "db/exam_bank.h"
#include "net/link.h"

struct bot_seat {
    int32_t seat;
    char pin[16]; /* "" when the member has none */
    struct key_pair key;
    bool away;       /* connects but never signs in (未到) */
    int32_t nominee; /* an examinee console's nominee (seat 0); 0 for a member's seat */
};

struct bots_options {
    struct link_options link;     /* host, port, hub key; its key is each seat's own */
    double pace;                  /* 1: as people would; 0.05: twenty times faster */
    uint32_t seed;                /* the same seed, the same choices */
    const struct exam_bank *bank; /* what the simulated nominees studied; NULL: none */
};

struct bots;

/* Start one link per seat (the keys are copied and wiped by bots_stop).  NULL when out of
 * memory. */
struct bots *bots_start(uv_loop_t *loop, const struct bots_options *o, const struct bot_seat *seats,
                        int n);

/* Stop every link and timer, then call done (may be NULL); the bots free themselves. */
void bots_stop(struct bots *b, void (*done)(void *ctx), void *ctx);

#endif
