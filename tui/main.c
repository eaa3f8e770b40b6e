/* cmte's entry point: parse the command line, load the configuration, run the subcommand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/config.h"
#include "tui/demo.h"
#include "tui/i18n.h"

typedef int (*run_fn)(const struct cli *cli, const struct config *cfg);

static int run_demo(const struct cli *cli, const struct config *cfg);
static int run_verify(const struct cli *cli, const struct config *cfg);

/* Each subcommand's implementation. */
/* clang-format off */
static const run_fn runners[SUB_COUNT] = {
    [SUB_CHAIR] = cmd_chair,
    [SUB_SERVE] = cmd_serve,
    [SUB_SEAT] = cmd_seat,
    [SUB_SECRETARY] = cmd_secretary,
    [SUB_DISPLAY] = cmd_display,
    [SUB_ENROLL] = cmd_enroll,
    [SUB_IMPORT] = cmd_import,
    [SUB_EXPORT] = cmd_export,
    [SUB_VERIFY] = run_verify,
    [SUB_DEMO] = run_demo,
    [SUB_CTL] = cmd_ctl,
    [SUB_BENCH] = cmd_bench,
    [SUB_EXAMINEE] = cmd_examinee,
};
/* clang-format on */

/* On a terminal the newcomer chairs the sample meeting; with --auto, or without a terminal,
 * it runs by itself and prints what happens. */
static int run_demo(const struct cli *cli, const struct config *cfg)
{
    const char *tmux = getenv("TMUX"); /* set inside tmux */
    if (cli->tmux && !(tmux && *tmux)) return demo_tmux_enter(cli, cfg);
    if (cli->tmux || (!cli->automatic && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)))
        return demo_live(cli, cfg);
    return demo_auto(cli, cfg, stdout);
}

/* The journal's chain and tallies, on the database read-only (--db or DB overrides
 * [database] path): the report on stdout, exit 0 when clean, 1 on a problem or when the
 * file cannot be read. */
static int run_verify(const struct cli *cli, const struct config *cfg)
{
    (void)cli;
    struct db_verify_summary sum;
    struct db_error err;
    if (db_verify(cfg->db_path, stdout, &sum, &err) != DB_OK) {
        fprintf(stderr, "cmte: verify: %s\n", err.message);
        return EXIT_FAIL;
    }
    bool clean = !sum.chain_problems && !sum.tally_problems && !sum.other_problems;
    return clean ? EXIT_OK : EXIT_FAIL;
}

/* --db, --lang and --listen override the configuration, with the same checks. */
static int apply_overrides(struct config *cfg, const struct cli *cli, char *err, size_t len)
{
    if (cli->db && config_set(cfg, "database", "path", cli->db, err, len) != 0) return -1;
    if (cli->lang && config_set(cfg, "ui", "language", cli->lang, err, len) != 0) return -1;
    if (cli->listen) {
        char host[CONFIG_HOST_MAX], port[16];
        int n;
        if (cli_listen_split(cli->listen, host, sizeof host, &n) != 0) {
            snprintf(err, len, _("--listen: '%s' is not HOST:PORT"), cli->listen);
            return -1;
        }
        snprintf(port, sizeof port, "%d", n);
        if (config_set(cfg, "hub", "listen", host, err, len) != 0 ||
            config_set(cfg, "hub", "port", port, err, len) != 0)
            return -1;
    }
    return 0;
}

/* The language of messages is --lang, else the configuration's, and it must be known before
 * the command line is parsed for real, as cli_parse words its errors.  So a first parse, of a
 * copy of argv (cli_parse reorders it), finds --config and --lang; then the configuration is
 * loaded and i18n_init chooses the language (and sets the UTF-8 locale that wide characters
 * need, TUI.md 1.2).  A configuration that cannot be read leaves the defaults (Chinese): its
 * error is returned here (0 or -1 with err) and reported later, but not for --help.  Nothing
 * is loaded for --version. */
static int load_settings(int argc, char **argv, struct config *cfg, char *err, size_t len)
{
    struct cli first;
    char scratch[CONFIG_ERROR_MAX];
    char **copy = malloc(((size_t)argc + 1) * sizeof *argv);
    if (!copy) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    memcpy(copy, argv, ((size_t)argc + 1) * sizeof *argv);
    int parsed = cli_parse(argc, copy, &first, scratch, sizeof scratch);
    int loaded = 0;
    if (parsed != EXIT_OK || !first.version) {
        loaded = config_load(cfg, first.config, err, len);
        if (first.lang) config_set(cfg, "ui", "language", first.lang, scratch, sizeof scratch);
        if (i18n_init(cfg->language, scratch, sizeof scratch) != 0)
            fprintf(stderr, "cmte: %s\n", scratch);
    }
    free(copy);
    return loaded;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    static struct config cfg;
    char err[CONFIG_ERROR_MAX], config_err[CONFIG_ERROR_MAX];

    int loaded = load_settings(argc, argv, &cfg, config_err, sizeof config_err);
    if (cli_parse(argc, argv, &cli, err, sizeof err) != EXIT_OK) {
        fprintf(stderr, "%s\n", err);
        cli_usage(cli.sub, stderr);
        return EXIT_USAGE;
    }
    if (cli.version) {
        printf("cmte %s\n", CMTE_VERSION);
        return EXIT_OK;
    }
    if (cli.help) {
        cli_usage(cli.sub, stdout);
        return EXIT_OK;
    }
    if (loaded != 0) {
        fprintf(stderr, "cmte: %s\n", config_err);
        return EXIT_CONFIG;
    }
    if (apply_overrides(&cfg, &cli, err, sizeof err) != 0) {
        fprintf(stderr, "cmte: %s: %s\n", subcommand_name(cli.sub), err);
        return EXIT_USAGE;
    }
    return runners[cli.sub](&cli, &cfg);
}
