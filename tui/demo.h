/* `cmte demo --auto`: the sample meeting from conf/ run from sign-in to closing with every
 * member and the chair simulated, printing a transcript. */
#ifndef CMTE_TUI_DEMO_H
#define CMTE_TUI_DEMO_H

#include <stdio.h>

#include "tui/config.h"

/* On db_path (NULL: a temporary database, removed afterwards), which must hold no meeting
 * yet; the journal is verified at the end.  Returns 0 when the whole meeting ran and the
 * journal verifies, 1 with a message on out otherwise. */
int demo_auto(const struct config *cfg, int seats, const char *db_path, FILE *out);

#endif
