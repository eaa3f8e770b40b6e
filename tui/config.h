/* cmte.ini: one table of keys feeds the loader, the defaults and the documentation.
 * Every key has a default; an unknown section or key, or a bad value, is an error that
 * names FILE:LINE and the key.  Nothing starts on a bad configuration. */
#ifndef CMTE_TUI_CONFIG_H
#define CMTE_TUI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rules.h"

enum { CONFIG_PATH_MAX = 4096, CONFIG_HOST_MAX = 256, CONFIG_ERROR_MAX = 512 };

enum ui_language { LANG_ZH, LANG_EN };

struct config {
    /* [hub] */
    char hub_host[CONFIG_HOST_MAX];    /* where consoles connect */
    char listen_host[CONFIG_HOST_MAX]; /* what the hub binds */
    int32_t port;
    char trace_path[CONFIG_PATH_MAX]; /* the hub's commit trace, "" for none */
    /* [keys]: relative paths are taken relative to the configuration file's folder */
    char hub_key[CONFIG_PATH_MAX];        /* the hub's long-term secret key (hub side) */
    char console_secret[CONFIG_HOST_MAX]; /* this console's secret key, hex (console side) */
    char hub_public[CONFIG_HOST_MAX];     /* pinned hub public key, hex; empty on the hub */
    /* [database] */
    char db_path[CONFIG_PATH_MAX];
    /* [ui] */
    enum ui_language language;
    int32_t escdelay_ms;
    /* [rules] and [limits] */
    struct core_rules rules;
    /* [net] */
    int32_t heartbeat_ms;
    int32_t timeout_ms;
    int32_t queue_limit_bytes; /* per-connection write-queue bound */
    int32_t frame_max_bytes;
    int32_t command_rate, command_burst; /* per connection: a second, at once (0: no limit) */
    /* where the values came from: the file read, or "" for built-in defaults */
    char source[CONFIG_PATH_MAX];
    /* [exam]: the rest of it is in rules.exam */
    int32_t exam_questions;          /* on one paper, drawn by the hub */
    char exam_bank[CONFIG_PATH_MAX]; /* the question bank file, "" for none */
    /* [documents] */
    int32_t document_max_bytes; /* the bound on a document's text */
};

/* Fill every key with its documented default. */
void config_defaults(struct config *c);

/* Parse one file over *c (which holds defaults or earlier values).
 * Returns 0, or -1 with err = "FILE:LINE: message naming the key" (or "FILE: reason"). */
int config_load_file(struct config *c, const char *path, char *err, size_t errlen);

/* Parse text as if it were the file `name` (for tests and fuzzing). */
int config_load_string(struct config *c, const char *name, const char *text, char *err,
                       size_t errlen);

/* Set one key from text, with the same checks as the file (used for command-line
 * overrides such as --lang).  Returns 0, or -1 with err naming the key. */
int config_set(struct config *c, const char *section, const char *key, const char *value, char *err,
               size_t errlen);

/* Defaults, then the first file of: explicit (--config), $CMTE_CONFIG,
 * $XDG_CONFIG_HOME/cmte/cmte.ini (~/.config when unset), /etc/cmte/cmte.ini.
 * An explicit file or $CMTE_CONFIG that cannot be read is an error; the others are
 * skipped when absent.  Returns 0 or -1 with err. */
int config_load(struct config *c, const char *explicit_path, char *err, size_t errlen);

/* The table of keys, for documentation and the test that conf/cmte.ini and the man page
 * describe every key with its real default. */
struct config_key_info {
    const char *section;
    const char *key;
    const char *default_text; /* the default as it would be written in the file */
    const char *help;         /* one line */
};
size_t config_key_count(void);
const struct config_key_info *config_key(size_t i);

#endif
