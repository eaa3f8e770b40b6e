/* `cmte demo --auto`: the sample meeting from conf/ run from sign-in to closing with every
 * member and the chair simulated, printing a transcript. */
#ifndef CMTE_TUI_DEMO_H
#define CMTE_TUI_DEMO_H

#include <stdio.h>

#include "tui/config.h"

/* Returns 0 when the whole meeting ran, 1 with a message on out otherwise. */
int demo_auto(const struct config *cfg, int seats, FILE *out);

#endif
