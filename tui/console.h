/* What every console shares besides its screen: the link to the hub, from its configuration. */
#ifndef CMTE_TUI_CONSOLE_H
#define CMTE_TUI_CONSOLE_H

#include "net/link.h"
#include "tui/config.h"

enum { CONSOLE_RETRY_MIN_MS = 200, CONSOLE_RETRY_MAX_MS = 5000 };

/* The link's options from a console's configuration (the file `cmte enroll` wrote): 0, or -1
 * with a message on standard error when it is not one.  The caller wipes o->key. */
int console_link_options(const struct config *cfg, struct link_options *o);

#endif
