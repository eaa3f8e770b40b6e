/* The subcommands that have a file of their own (tui/cmd_NAME.c). */
#ifndef CMTE_TUI_COMMANDS_H
#define CMTE_TUI_COMMANDS_H

#include "tui/cli.h"
#include "tui/config.h"

int cmd_import(const struct cli *cli, const struct config *cfg);
int cmd_export(const struct cli *cli, const struct config *cfg);
int cmd_serve(const struct cli *cli, const struct config *cfg);
int cmd_enroll(const struct cli *cli, const struct config *cfg);
int cmd_ctl(const struct cli *cli, const struct config *cfg);
int cmd_display(const struct cli *cli, const struct config *cfg);
int cmd_chair(const struct cli *cli, const struct config *cfg);
int cmd_seat(const struct cli *cli, const struct config *cfg);
int cmd_secretary(const struct cli *cli, const struct config *cfg);
int cmd_bench(const struct cli *cli, const struct config *cfg);
int cmd_examinee(const struct cli *cli, const struct config *cfg);

#endif
