/* `cmte secretary`: the secretary's console (会务), usually on a thin client over SSH.  A link
 * to the hub keeps the replica; the screen draws the secretary's view (tui/view_secretary.c)
 * from it, and the secretary's commands go to the hub through the same link. */
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"

int cmd_secretary(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct secretary *s = secretary_new();
    if (!s) return EXIT_FAIL;
    struct console_spec spec = {"secretary", &secretary_view, &secretary_events,
                                (struct view_base *)s};
    int rc = console_run(cfg, &spec);
    secretary_free(s);
    return rc;
}
