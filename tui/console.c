/* A console's link options.  See console.h. */
#include "tui/console.h"

#include <stdio.h>

#include "tui/i18n.h"

int console_link_options(const struct config *cfg, struct link_options *o)
{
    char err[128];
    *o = (struct link_options){.host = cfg->hub_host,
                               .port = cfg->port,
                               .frame_max = (size_t)cfg->frame_max_bytes,
                               .queue_limit = (size_t)cfg->queue_limit_bytes,
                               .heartbeat_ms = cfg->heartbeat_ms,
                               .timeout_ms = cfg->timeout_ms,
                               .retry_min_ms = CONSOLE_RETRY_MIN_MS,
                               .retry_max_ms = CONSOLE_RETRY_MAX_MS};
    if (!cfg->console_secret[0] || !cfg->hub_public[0]) {
        fprintf(stderr,
                _("cmte: %s: not a console's configuration (no console_secret or "
                  "hub_public): use the file `cmte enroll` wrote\n"),
                cfg->source[0] ? cfg->source : "-");
        return -1;
    }
    if (key_from_seed_hex(cfg->console_secret, &o->key, err, sizeof err) < 0 ||
        key_public_from_hex(cfg->hub_public, o->hub_public, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: %s: %s\n", cfg->source, err);
        return -1;
    }
    return 0;
}
