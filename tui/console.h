/* What every console shares besides its screen: the link to the hub, from its configuration. */
#ifndef CMTE_TUI_CONSOLE_H
#define CMTE_TUI_CONSOLE_H

#include "db/db.h"
#include "net/link.h"
#include "tui/config.h"
#include "tui/views.h"

enum { CONSOLE_RETRY_MIN_MS = 200, CONSOLE_RETRY_MAX_MS = 5000 };

/* The link's settings from a configuration: the hub's address and port, the frame and queue
 * bounds, heartbeat and timeout, the retry pauses; no keys. */
void console_net_options(const struct config *cfg, struct link_options *o);

/* The link's options from a console's configuration (the file `cmte enroll` wrote): 0, or -1
 * with a message on standard error when it is not one.  The caller wipes o->key. */
int console_link_options(const struct config *cfg, struct link_options *o);

/* Write the configuration file of console c (enrolled with key me) at path, new and readable
 * by its owner only: the hub's address and port from cfg, the pinned hub key, the console's
 * secret key, the language.  0, or -1 with "cmte: WHO: path: reason" on standard error. */
int console_file_write(const char *path, const struct config *cfg, const struct key_pair *hub,
                       const struct key_pair *me, const struct db_console *c, const char *who);

/* Run a console over a link until the user quits: take the terminal, start the link from the
 * console's configuration, and give both to the view (base is the view's, first member of its
 * context).  what names the console in messages ("display").  An exit code. */
struct console_spec {
    const char *what;
    const struct screen_view *view;
    const struct link_events *events;
    struct view_base *base;
};
int console_run(const struct config *cfg, const struct console_spec *spec);

#endif
