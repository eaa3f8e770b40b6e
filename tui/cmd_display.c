/* `cmte display`: the big-screen display (大屏).  A link to the hub keeps the replica; the
 * screen draws the display view (tui/view_display.c) from it. */
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"

int cmd_display(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct display *d = display_new();
    if (!d) return EXIT_FAIL;
    struct console_spec spec = {"display", &display_view, &display_events, (struct view_base *)d};
    int rc = console_run(cfg, &spec);
    display_free(d);
    return rc;
}
