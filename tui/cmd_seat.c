/* `cmte seat`: a member's seat console (座席).  A link to the hub keeps the replica; the screen
 * draws the seat view (tui/view_seat.c) from it and sends the member's commands. */
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"

int cmd_seat(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct seat *se = seat_new();
    if (!se) return EXIT_FAIL;
    struct console_spec spec = {"seat", &seat_view, &seat_events, (struct view_base *)se};
    int rc = console_run(cfg, &spec);
    seat_free(se);
    return rc;
}
