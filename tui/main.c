/* cmte's entry point: parse the command line, load the configuration, run the subcommand. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tui/cli.h"
#include "tui/config.h"
#include "tui/i18n.h"

typedef int (*run_fn)(const struct cli *cli, const struct config *cfg);

static int run_unavailable(const struct cli *cli, const struct config *cfg);

/* Each subcommand's implementation; run_unavailable until it exists. */
static const run_fn runners[SUB_COUNT] = {
    [SUB_CHAIR] = run_unavailable,   [SUB_SERVE] = run_unavailable,
    [SUB_SEAT] = run_unavailable,    [SUB_SECRETARY] = run_unavailable,
    [SUB_DISPLAY] = run_unavailable, [SUB_ENROLL] = run_unavailable,
    [SUB_IMPORT] = run_unavailable,  [SUB_EXPORT] = run_unavailable,
    [SUB_VERIFY] = run_unavailable,  [SUB_DEMO] = run_unavailable,
    [SUB_BENCH] = run_unavailable,
};

static int run_unavailable(const struct cli *cli, const struct config *cfg)
{
    (void)cfg;
    fprintf(stderr, _("cmte: %s: not available in this version yet\n"), subcommand_name(cli->sub));
    return EXIT_UNAVAILABLE;
}

/* Wide characters need a UTF-8 LC_CTYPE whatever the environment says (TUI.md 1.2).
 * LC_NUMERIC stays "C". */
static void use_utf8_ctype(void)
{
    if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
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

int main(int argc, char **argv)
{
    struct cli cli = {0};
    static struct config cfg;
    char err[CONFIG_ERROR_MAX];

    use_utf8_ctype();
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
    if (config_load(&cfg, cli.config, err, sizeof err) != 0) {
        fprintf(stderr, "cmte: %s\n", err);
        return EXIT_CONFIG;
    }
    if (apply_overrides(&cfg, &cli, err, sizeof err) != 0) {
        fprintf(stderr, "cmte: %s: %s\n", subcommand_name(cli.sub), err);
        return EXIT_USAGE;
    }
    return runners[cli.sub](&cli, &cfg);
}
