/* The command line: `cmte [--help|--version] SUBCOMMAND [options] [args]`, tmux style.
 * One table lists every subcommand with its options, so parsing, --help and the man page
 * agree. */
#ifndef CMTE_TUI_CLI_H
#define CMTE_TUI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum subcommand {
    SUB_NONE,
    SUB_CHAIR,
    SUB_SERVE,
    SUB_SEAT,
    SUB_SECRETARY,
    SUB_DISPLAY,
    SUB_ENROLL,
    SUB_IMPORT,
    SUB_EXPORT,
    SUB_VERIFY,
    SUB_DEMO,
    SUB_CTL,
    SUB_BENCH,
    SUB_EXAMINEE,
    SUB_COUNT
};

/* Exit codes, documented in cmte(1). */
enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,   /* the operation failed (verify found a problem, hub refused, ...) */
    EXIT_USAGE = 2,  /* bad command line */
    EXIT_CONFIG = 3, /* bad configuration file */
};

struct cli {
    enum subcommand sub;
    bool help;    /* --help (global or for the subcommand) */
    bool version; /* --version */
    /* common options; NULL when not given (the configuration decides) */
    const char *config;
    const char *db;
    const char *listen; /* HOST:PORT */
    const char *lang;   /* "zh" or "en" */
    /* subcommand options */
    const char *role;         /* enroll: member|secretary|display|chair */
    int seat;                 /* enroll --seat N; -1 when not given */
    bool revoke;              /* enroll --revoke */
    int meeting;              /* export --meeting N; -1 when not given */
    const char *format;       /* export: md|csv|json */
    const char *out;          /* enroll, export: --out FILE */
    int seats;                /* demo --seats N; -1 when not given */
    bool automatic;           /* demo --auto */
    bool tmux;                /* demo --tmux */
    bool accept_broken_chain; /* chair, serve */
    const char *pin;          /* ctl --pin */
    bool watch;               /* ctl --watch */
    bool state;               /* ctl --state */
    int timeout;              /* ctl --timeout SECONDS; -1 when not given */
    bool exam;                /* import --exam: the files are question banks */
    int nominee;              /* enroll --nominee N (an examinee's nominee); -1 when not given */
    const char *group;        /* export --format brief --group NAME: one group's briefing */
    bool opinions;            /* export --opinions */
    const char *today;        /* export --today YYYY-MM-DD; NULL: the local date */
    /* positional arguments (import: FILE..., verify: DB, enroll: NAME, ctl: COMMAND) */
    char **args;
    int nargs;
};

/* Parse argv.  Returns EXIT_OK, or EXIT_USAGE with a one-line message in err
 * ("cmte: seat: unknown option '--x'").  Never prints, never exits.
 * Options and arguments may be mixed; like GNU getopt, this gathers the positional
 * arguments at the front of what follows the subcommand, and out->args points there.
 * verify's DB argument also sets out->db. */
int cli_parse(int argc, char **argv, struct cli *out, char *err, size_t errlen);

/* Split --listen's HOST:PORT (or [IPV6]:PORT) into host (without brackets) and port.
 * Returns 0, or -1 when it is not of that form, the port is not 1..65535, the host has
 * other characters than letters, digits and ".-:_%", or it does not fit in hostlen. */
int cli_listen_split(const char *s, char *host, size_t hostlen, int *port);

const char *subcommand_name(enum subcommand s);

/* Usage text: the whole program's for SUB_NONE, else the subcommand's. */
void cli_usage(enum subcommand s, FILE *f);

#endif
