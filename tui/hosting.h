/* Holding the meeting on this machine (`cmte serve`, `cmte chair`): the hub's key, created on
 * first start, and its database, loaded, with the hub's options from the configuration. */
#ifndef CMTE_TUI_HOSTING_H
#define CMTE_TUI_HOSTING_H

#include <stdio.h>

#include "db/db.h"
#include "net/hub.h"
#include "tui/cli.h"
#include "tui/config.h"

struct hosting {
    struct db *db;
    struct core_state *state; /* until hub_start takes it */
    struct hub_options o;     /* its key wiped by hosting_close, its trace closed */
};

/* Let this process open as many files as the system allows it (the hard limit): a hub holds
 * a socket per console, and the usual soft limit of 1024 is short of 1000 consoles. */
void hosting_raise_fd_limit(void);

/* Raise the file limit, open and load, and open [hub] trace when set; messages on standard
 * error.  An exit code (EXIT_OK on success). */
int hosting_open(const struct cli *cli, const struct config *cfg, FILE *log, struct hosting *h);
void hosting_close(struct hosting *h);

#endif
