/* `cmte examinee`: a nominee's law exam console (考生终端), enrolled with `cmte enroll --role
 * examinee --nominee N`.  A link to the hub keeps the replica and brings the paper's texts; the
 * screen draws the exam (tui/view_examinee.c). */
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"

int cmd_examinee(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct examinee *e = examinee_new();
    if (!e) return EXIT_FAIL;
    struct console_spec spec = {"examinee", &examinee_view, &examinee_events,
                                (struct view_base *)e};
    int rc = console_run(cfg, &spec);
    examinee_free(e);
    return rc;
}
