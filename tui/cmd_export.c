/* `cmte export --db FILE [--meeting N] --format md|csv|json [--out FILE]`: the minutes of the
 * current meeting, or its results, from the journal (opened read-only, the chain checked);
 * with --opinions [--today DATE], the deliberation opinions open and overdue on that date.
 * --out is written atomically: a temporary file beside it, then rename. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/export.h"
#include "tui/i18n.h"

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("cmte: export: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* What to write: the format, the group of a briefing, and for --opinions the date they are
 * overdue on. */
struct export_ask {
    const char *format;
    const char *group; /* the briefing of one group, or NULL */
    const char *today; /* NULL: not the opinions */
};

static bool write_opinions(FILE *out, const struct export_ask *ask, const struct core_state *s)
{
    if (strcmp(ask->format, "json") == 0) {
        char *text = export_opinions_json(s, ask->today);
        if (!text) return false;
        fprintf(out, "%s\n", text);
        free(text);
    } else {
        export_opinions_md(out, s, ask->today);
    }
    return !ferror(out);
}

static bool write_format(FILE *out, const struct export_ask *ask, const struct core_state *s,
                         const struct export_journal *j)
{
    const char *format = ask->format;
    if (ask->today) return write_opinions(out, ask, s);
    if (strcmp(format, "brief") == 0) {
        export_brief(out, s, ask->group ? core_group_sitting(s, ask->group) : -1);
    } else if (strcmp(format, "csv") == 0) {
        export_csv(out, s);
    } else if (strcmp(format, "json") == 0) {
        char *text = export_json(s, j);
        if (!text) return false;
        fprintf(out, "%s\n", text);
        free(text);
    } else {
        export_md(out, s, j);
    }
    return !ferror(out);
}

/* Write to a temporary file in path's folder, then rename it over path. */
static int write_file(const char *path, const struct export_ask *ask, const struct core_state *s,
                      const struct export_journal *j)
{
    size_t len = strlen(path) + sizeof ".tmp-XXXXXX";
    char *tmp = malloc(len);
    if (!tmp) return -1;
    snprintf(tmp, len, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f && write_format(f, ask, s, j) && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    if (f)
        ok = fclose(f) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        saved = errno ? errno : saved;
        if (fd >= 0) unlink(tmp);
        fail(_("cannot write %s: %s"), path, strerror(saved ? saved : EIO));
    }
    free(tmp);
    return ok ? 0 : -1;
}

static bool meeting_wanted(const struct core_state *s, const struct export_ask *ask)
{
    if (s->meeting.state == MEETING_NONE) {
        fail(_("the database holds no meeting"));
        return false;
    }
    if (ask->group && strcmp(ask->format, "brief") != 0) {
        fail(_("--group is for the briefing (--format brief)"));
        return false;
    }
    if (ask->group && !core_group_sitting(s, ask->group)) {
        fail(_("meeting no. %d has no group named \"%s\" (a group is named once it sits)"),
             (int)s->meeting.number, ask->group);
        return false;
    }
    return true;
}

/* --opinions: Markdown or JSON, on --today or the local date.  false after a usage message. */
static bool opinions_ask(const struct cli *cli, struct export_ask *ask, char today[DATE_MAX_BYTES])
{
    if (strcmp(ask->format, "md") != 0 && strcmp(ask->format, "json") != 0) {
        fail(_("--opinions writes md or json, not %s"), ask->format);
        return false;
    }
    char check[DATE_MAX_BYTES];
    if (cli->today && !date_add_months(cli->today, 0, check)) {
        fail(_("--today '%s' is not a date YYYY-MM-DD"), cli->today);
        return false;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (cli->today)
        snprintf(today, DATE_MAX_BYTES, "%s", cli->today);
    else if (!localtime_r(&now, &tm) || !strftime(today, DATE_MAX_BYTES, "%Y-%m-%d", &tm))
        return false;
    ask->today = today;
    return true;
}

int cmd_export(const struct cli *cli, const struct config *cfg)
{
    struct db *db = NULL;
    struct db_error err;
    struct core_state *s = NULL;
    struct export_journal j = {0};
    struct export_ask ask = {cli->format ? cli->format : "md", cli->group, NULL};
    char today[DATE_MAX_BYTES];
    if (cli->today && !cli->opinions) {
        fail(_("--today goes with --opinions"));
        return EXIT_USAGE;
    }
    if (cli->opinions && !opinions_ask(cli, &ask, today)) return EXIT_USAGE;
    int rc = EXIT_FAIL;
    if (db_open_readonly(cfg->db_path, &db, &err) != DB_OK ||
        (cli->meeting >= 0 ? db_load_meeting(db, cli->meeting, &s, &err)
                           : db_load(db, 0, &s, NULL, &err)) != DB_OK) {
        fail("%s", err.message);
    } else if (ask.today || meeting_wanted(s, &ask)) {
        db_head(db, &j.events, j.hash);
        if (cli->out)
            rc = write_file(cli->out, &ask, s, &j) == 0 ? EXIT_OK : EXIT_FAIL;
        else if (write_format(stdout, &ask, s, &j) && fflush(stdout) == 0)
            rc = EXIT_OK;
        else
            fail(_("cannot write the output: %s"), strerror(errno));
    }
    core_state_free(s);
    db_close(db);
    return rc;
}
