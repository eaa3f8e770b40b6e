/* The secretary's notes (记录: a note per item) and export (导出: minutes and results written
 * from the console's replica into files here) tabs.  See view_secretary.h.
 *
 * A thin client has no database, so its exports come from the replica: the same formats as
 * `cmte export` (tui/export.h), except that the journal's hash is not known to a console.
 * The minutes say so in place of the hash; the JSON results carry "hash": null and
 * "source": "replica".  The minutes to sign are made on the meeting host by `cmte export`. */
#include <cjson/cJSON.h>
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/export.h"
#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_secretary.h"

enum { WIDE = 110, PAGE = 10, NOTE_DETAIL_ROWS = 4 };

/* ---- notes ---- */

static void note_row(const struct secretary *s, struct screen *scr, const struct core_state *st,
                     int i, int y, int cols, bool selected)
{
    const struct item *it = &st->items[i];
    enum screen_style style = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%2d.", i + 1);
    int x = sec_cell(scr, y, 2, 3, style, text);
    int title = cols >= WIDE ? 50 : 30;
    x = sec_cell(scr, y, x, title, selected ? style : ST_STRONG, it->title);
    const char *note = core_note(it, s->sitting);
    sec_cell(scr, y, x, cols - x - 1, style, note[0] ? note : _("(no note)"));
}

static void notes_draw(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                       int rows, int cols)
{
    const struct item *sel = sec_item(s, st);
    if (!sel) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT, _("The agenda is empty."));
        return;
    }
    struct sec_list *l = &s->lists[TAB_NOTES];
    sec_follow_sitting(s, st);
    l->cur = sec_item_index(st, sel->id);
    int list_rows = rows - y - NOTE_DETAIL_ROWS - 1;
    sec_list_fit(l, st->item_count, list_rows);
    for (int i = l->top; i < st->item_count && i - l->top < list_rows; i++)
        note_row(s, scr, st, i, y + i - l->top, cols, i == l->cur);
    y = rows - NOTE_DETAIL_ROWS;
    char text[PAINT_TEXT_MAX], sitting[PAINT_TEXT_MAX];
    paint_sitting_name(st, s->sitting, sitting, sizeof sitting);
    if (st->meeting.group_count) /* which sitting's note: the groups each keep one */
        snprintf(text, sizeof text, _("Note on item %d, %s:"), l->cur + 1, sitting);
    else
        snprintf(text, sizeof text, _("Note on item %d:"), l->cur + 1);
    screen_put(scr, y++, 1, cols - 2, ST_STRONG, text);
    const char *note = core_note(sel, s->sitting);
    screen_wrap(scr, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, rows - y, ST_TEXT,
                note[0] ? note : _("(no note: Enter writes one)"));
}

static void note_done(struct secretary *s, const char *text)
{
    struct command c = {.type = CMD_NOTE_SET};
    c.p.item = s->draft.p.item;
    c.p.sitting = s->draft.p.sitting;
    snprintf(c.p.text, sizeof c.p.text, "%s", text);
    sec_send(s, &c);
}

static bool notes_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    struct sec_list *l = &s->lists[TAB_NOTES];
    if (sec_list_key(l, st->item_count, PAGE, rc, ch)) {
        s->item = st->items[l->cur].id;
        return true;
    }
    if (rc == OK && ch == L't') return sec_next_sitting(s, st), true;
    const struct item *it = sec_item(s, st);
    bool enter = (rc == OK && (ch == L'\r' || ch == L'\n' || ch == L'e')) ||
                 (rc == KEY_CODE_YES && ch == KEY_ENTER);
    if (!it || !enter) return false;
    s->draft.p.item = it->id;
    s->draft.p.sitting = s->sitting;
    sec_ask(s, _("Note on this item:"), core_note(it, s->sitting), NOTE_MAX_BYTES - 1, note_done);
    return true;
}

static const struct screen_key notes_keys[] = {
    {"Enter, e", N_("write the note of the item")},
    {"t", N_("the next sitting's note: the groups, the joint sitting, the plenary")},
    {"Up, Down", N_("choose an item")},
    {"PgUp, PgDn", N_("a page up or down")},
    {NULL, NULL},
};

const struct sec_tab sec_notes_tab = {N_("Notes"), notes_draw, notes_key, notes_keys};

/* ---- export ---- */

enum export_kind { EXPORT_MINUTES, EXPORT_CSV, EXPORT_JSON };

static const char *const export_labels[SEC_EXPORTS] = {
    N_("Minutes (Markdown)"),
    N_("Results of the ballots (CSV)"),
    N_("Results of the ballots (JSON)"),
};

static void default_name(struct secretary *s, const struct core_state *st, int kind, char *buf,
                         size_t n)
{
    static const char *const stems[SEC_EXPORTS] = {"minutes", "results", "results"};
    static const char *const suffixes[SEC_EXPORTS] = {"md", "csv", "json"};
    char date[DATE_MAX_BYTES + 8] = "";
    if (st->meeting.date[0]) {
        snprintf(date, sizeof date, "%s", st->meeting.date);
    } else {
        time_t t = (time_t)(feed_now(&s->base.feed) / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm)) strftime(date, sizeof date, "%Y-%m-%d", &tm);
    }
    snprintf(buf, n, "%s-%s.%s", stems[kind], date, suffixes[kind]);
}

/* The minutes with the journal's section said as a console can say it: the last section of
 * export_md's text ("## ...") is the journal's, and no text of the meeting starts a line. */
static void write_minutes(FILE *out, const struct secretary *s, const struct core_state *st,
                          int64_t seq)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return;
    struct export_journal j = {.events = seq};
    export_md(mem, st, &j);
    fclose(mem);
    char *journal = NULL;
    for (char *p = text; p && (p = strstr(p, "\n## ")) != NULL; p++) journal = p;
    if (journal) journal[1] = '\0';
    fputs(text ? text : "", out);
    fprintf(out, _("## Journal\n\n- Written from the replica of console %s, at event %lld.\n"),
            s->base.name[0] ? s->base.name : "?", (long long)seq);
    fputs(_("- A console does not know the journal's hash: the minutes to sign are written on "
            "the meeting host with `cmte export`, which checks the journal.\n"),
          out);
    free(text);
}

static bool write_results_json(FILE *out, const struct core_state *st, int64_t seq)
{
    struct export_journal j = {.events = seq};
    char *text = export_json(st, &j);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    cJSON *journal = cJSON_GetObjectItem(root, "journal");
    if (!journal) return cJSON_Delete(root), false;
    cJSON_ReplaceItemInObject(journal, "hash", cJSON_CreateNull());
    cJSON_AddStringToObject(journal, "source", "replica");
    text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) return false;
    fprintf(out, "%s\n", text);
    free(text);
    return true;
}

static bool write_kind(FILE *out, int kind, const struct secretary *s, const struct core_state *st,
                       int64_t seq)
{
    if (kind == EXPORT_MINUTES)
        write_minutes(out, s, st, seq);
    else if (kind == EXPORT_CSV)
        export_csv(out, st);
    else if (!write_results_json(out, st, seq))
        return false;
    return !ferror(out);
}

/* Write to a temporary file beside path, then rename it over path: 0, or an errno. */
static int write_file(const char *path, int kind, const struct secretary *s,
                      const struct core_state *st, int64_t seq, long *bytes)
{
    char tmp[PATH_MAX + NAME_MAX + 16];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp) return ENAMETOOLONG;
    int fd = mkstemp(tmp);
    if (fd < 0) return errno;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return e;
    }
    errno = 0;
    bool ok = write_kind(f, kind, s, st, seq) && fflush(f) == 0;
    *bytes = ok ? ftell(f) : 0;
    int e = errno ? errno : EIO;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0) return 0;
    e = errno ? errno : e;
    unlink(tmp);
    return e;
}

static void full_path(const char *name, char *out, size_t n)
{
    char cwd[PATH_MAX];
    if (name[0] != '/' && getcwd(cwd, sizeof cwd))
        snprintf(out, n, "%s/%s", cwd, name);
    else
        snprintf(out, n, "%s", name);
}

/* Export kind into the file name; the step's line says how it went. */
static void export_one(struct secretary *s, int kind, const char *name, int step, int steps)
{
    int64_t seq = 0;
    const struct core_state *st = s->base.feed.ops->state(s->base.feed.src, &seq);
    struct sec_export_line *line = &s->exports[step];
    char path[PATH_MAX + NAME_MAX];
    full_path(name, path, sizeof path);
    long bytes = 0;
    int e = st ? write_file(path, kind, s, st, seq, &bytes) : EAGAIN;
    line->ok = e == 0;
    if (line->ok)
        snprintf(line->text, sizeof line->text, _("%d/%d written: %s (%ld bytes)"), step + 1, steps,
                 path, bytes);
    else
        snprintf(line->text, sizeof line->text, _("%d/%d [!] not written: %s: %s"), step + 1, steps,
                 path, strerror(e));
    s->export_done = step + 1;
}

static void export_named(struct secretary *s, const char *name)
{
    if (!name[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] A file needs a name: nothing was written."));
        return;
    }
    export_one(s, s->lists[TAB_EXPORT].cur, name, 0, 1);
    base_notice(&s->base, s->exports[0].ok ? ST_GOOD : ST_ALERT, "%s", s->exports[0].text);
}

static void export_all(struct secretary *s, const struct core_state *st)
{
    int ok = 0;
    for (int k = 0; k < SEC_EXPORTS; k++) {
        char name[PATH_MAX];
        default_name(s, st, k, name, sizeof name);
        export_one(s, k, name, k, SEC_EXPORTS);
        ok += s->exports[k].ok;
    }
    base_notice(&s->base, ok == SEC_EXPORTS ? ST_GOOD : ST_ALERT, _("%d of %d files written."), ok,
                SEC_EXPORTS);
}

static void export_draw(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                        int rows, int cols)
{
    struct sec_list *l = &s->lists[TAB_EXPORT];
    sec_list_fit(l, SEC_EXPORTS, SEC_EXPORTS);
    screen_put(scr, y++, 1, cols - 2, ST_STRONG, _("Write into files in the current folder:"));
    for (int k = 0; k < SEC_EXPORTS && y < rows; k++, y++) {
        enum screen_style style = sec_row(scr, y, cols, k == l->cur);
        char name[PATH_MAX];
        default_name(s, st, k, name, sizeof name);
        int x = sec_cell(scr, y, 2, cols >= WIDE ? 40 : 30, style, _(export_labels[k]));
        sec_cell(scr, y, x, cols - x - 1, style, name);
    }
    int64_t seq = 0;
    s->base.feed.ops->state(s->base.feed.src, &seq);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text,
             _("From this console's copy of the meeting (event %lld). The minutes to sign are "
               "written on the meeting host with cmte export."),
             (long long)seq);
    y += 1 + screen_wrap(scr, y + 1, 1, cols - 2, 2, ST_TEXT, text);
    for (int k = 0; k < s->export_done && y + 1 < rows; k++)
        y += screen_wrap(scr, y + 1, 1, cols - 2, 2, s->exports[k].ok ? ST_TEXT : ST_ALERT,
                         s->exports[k].text);
}

static bool export_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    struct sec_list *l = &s->lists[TAB_EXPORT];
    if (sec_list_key(l, SEC_EXPORTS, SEC_EXPORTS, rc, ch)) return true;
    if (rc == OK && ch == L'a') {
        export_all(s, st);
        return true;
    }
    bool enter =
        (rc == OK && (ch == L'\r' || ch == L'\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER);
    if (!enter) return false;
    char name[PATH_MAX];
    default_name(s, st, l->cur, name, sizeof name);
    sec_ask(s, _("File name:"), name, PATH_MAX - 32, export_named);
    return true;
}

static const struct screen_key export_keys[] = {
    {"a", N_("write all three with these names")},
    {"Enter", N_("write the one marked, under a name to choose")},
    {"Up, Down", N_("choose")},
    {NULL, NULL},
};

const struct sec_tab sec_export_tab = {N_("Export"), export_draw, export_key, export_keys};
