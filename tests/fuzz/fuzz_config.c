/* libFuzzer target: the configuration loader on any bytes, over the defaults, both from text
 * (config_load_string) and from a file (config_load_file, which has its own line reader).
 * Neither may crash, leak or hang.  Each succeeds with a configuration that passes the
 * loader's own checks, or fails with "FILE:LINE: message" (LINE a line of the input) or
 * "FILE: message" and leaves the configuration as it was.  On input without NUL bytes (which
 * end a C string early) both give the same result, message and configuration. */
#define _GNU_SOURCE /* memfd_create */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct result {
    int rc;
    char err[CONFIG_ERROR_MAX];
    struct config c;
};

/* The same name for both loaders: the file's, which is also the folder relative key files are
 * taken in. */
static char name[64];
static int fd = -1;

static void check(const struct result *r, const struct config *defaults, const uint8_t *data,
                  size_t size)
{
    if (r->rc == 0) {
        if (strcmp(r->c.source, name) != 0 || r->c.timeout_ms <= r->c.heartbeat_ms ||
            r->c.rules.evaluation_option_count < 2)
            __builtin_trap();
        return;
    }
    if (r->rc != -1 || memcmp(&r->c, defaults, sizeof r->c) != 0) __builtin_trap();
    size_t n = strlen(name);
    if (strncmp(r->err, name, n) != 0 || r->err[n] != ':') __builtin_trap();
    const char *rest = r->err + n + 1;
    if (*rest == ' ') return; /* about the whole file */
    char *end;
    long line = strtol(rest, &end, 10), lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    if (end == rest || end[0] != ':' || end[1] != ' ' || line < 1 || line > lines) __builtin_trap();
}

/* Field by field: the bytes after a string's end need not agree. */
static bool same_rules(const struct core_rules *a, const struct core_rules *b)
{
    bool same = !memcmp(&a->quorum, &b->quorum, sizeof a->quorum) &&
                !memcmp(&a->vote, &b->vote, sizeof a->vote) &&
                !memcmp(&a->evaluation, &b->evaluation, sizeof a->evaluation) &&
                a->evaluation_option_count == b->evaluation_option_count &&
                a->evaluation_secret == b->evaluation_secret && a->vote_secret == b->vote_secret &&
                !memcmp(a->speech_limit_s, b->speech_limit_s, sizeof a->speech_limit_s) &&
                a->warning_s == b->warning_s &&
                a->followups_per_question == b->followups_per_question &&
                a->speak_twice == b->speak_twice;
    for (int i = 0; same && i < OPTIONS_MAX; i++)
        same = !strcmp(a->evaluation_options[i], b->evaluation_options[i]);
    return same;
}

static bool same_config(const struct config *a, const struct config *b)
{
    return !strcmp(a->hub_host, b->hub_host) && !strcmp(a->listen_host, b->listen_host) &&
           a->port == b->port && !strcmp(a->hub_key, b->hub_key) &&
           !strcmp(a->console_secret, b->console_secret) && !strcmp(a->hub_public, b->hub_public) &&
           !strcmp(a->db_path, b->db_path) && a->language == b->language &&
           a->escdelay_ms == b->escdelay_ms && same_rules(&a->rules, &b->rules) &&
           a->heartbeat_ms == b->heartbeat_ms && a->timeout_ms == b->timeout_ms &&
           a->queue_limit_bytes == b->queue_limit_bytes &&
           a->frame_max_bytes == b->frame_max_bytes && !strcmp(a->source, b->source);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct config defaults;
    static struct result text, file;
    if (fd < 0) {
        fd = memfd_create("cmte.ini", 0);
        if (fd < 0 || fchmod(fd, 0600) != 0) abort(); /* private, as console_secret needs */
        snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
        config_defaults(&defaults);
    }
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    memcpy(&text.c, &defaults, sizeof defaults);
    text.rc = config_load_string(&text.c, name, s, text.err, sizeof text.err);
    check(&text, &defaults, data, size);
    free(s);

    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) abort();
    memcpy(&file.c, &defaults, sizeof defaults);
    file.rc = config_load_file(&file.c, name, file.err, sizeof file.err);
    check(&file, &defaults, data, size);

    if (!memchr(data, '\0', size) &&
        (text.rc != file.rc || (text.rc && strcmp(text.err, file.err) != 0) ||
         !same_config(&text.c, &file.c)))
        __builtin_trap();
    return 0;
}
