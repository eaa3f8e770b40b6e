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

/* What to write: the format, and for --opinions the date they are overdue on. */
struct job {
    const char *format;
    const char *today; /* NULL: not the opinions */
};

static bool write_opinions(FILE *out, const struct job *job, const struct core_state *s)
{
    if (strcmp(job->format, "json") == 0) {
        char *text = export_opinions_json(s, job->today);
        if (!text) return false;
        fprintf(out, "%s\n", text);
        free(text);
    } else {
        export_opinions_md(out, s, job->today);
    }
    return !ferror(out);
}

static bool write_format(FILE *out, const struct job *job, const struct core_state *s,
                         const struct export_journal *j)
{
    const char *format = job->format;
    if (job->today) return write_opinions(out, job, s);
    if (strcmp(format, "brief") == 0) {
        export_brief(out, s);
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
static int write_file(const char *path, const struct job *job, const struct core_state *s,
                      const struct export_journal *j)
{
    size_t len = strlen(path) + sizeof ".tmp-XXXXXX";
    char *tmp = malloc(len);
    if (!tmp) return -1;
    snprintf(tmp, len, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f && write_format(f, job, s, j) && fflush(f) == 0 && fsync(fileno(f)) == 0;
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

static bool meeting_wanted(const struct core_state *s)
{
    if (s->meeting.state == MEETING_NONE) {
        fail(_("the database holds no meeting"));
        return false;
    }
    return true;
}

/* --opinions: Markdown or JSON, on --today or the local date.  false after a usage message. */
static bool opinions_job(const struct cli *cli, struct job *job, char today[DATE_MAX_BYTES])
{
    if (strcmp(job->format, "md") != 0 && strcmp(job->format, "json") != 0) {
        fail(_("--opinions writes md or json, not %s"), job->format);
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
    job->today = today;
    return true;
}

int cmd_export(const struct cli *cli, const struct config *cfg)
{
    struct db *db = NULL;
    struct db_error err;
    struct core_state *s = NULL;
    struct export_journal j = {0};
    struct job job = {cli->format ? cli->format : "md", NULL};
    char today[DATE_MAX_BYTES];
    if (cli->today && !cli->opinions) {
        fail(_("--today goes with --opinions"));
        return EXIT_USAGE;
    }
    if (cli->opinions && !opinions_job(cli, &job, today)) return EXIT_USAGE;
    int rc = EXIT_FAIL;
    if (db_open_readonly(cfg->db_path, &db, &err) != DB_OK ||
        (cli->meeting >= 0 ? db_load_meeting(db, cli->meeting, &s, &err)
                           : db_load(db, 0, &s, NULL, &err)) != DB_OK) {
        fail("%s", err.message);
    } else if (job.today || meeting_wanted(s)) {
        db_head(db, &j.events, j.hash);
        if (cli->out)
            rc = write_file(cli->out, &job, s, &j) == 0 ? EXIT_OK : EXIT_FAIL;
        else if (write_format(stdout, &job, s, &j) && fflush(stdout) == 0)
            rc = EXIT_OK;
        else
            fail(_("cannot write the output: %s"), strerror(errno));
    }
    core_state_free(s);
    db_close(db);
    return rc;
}
