/* The document pager.  See pager.h. */
#include "tui/pager.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/paint.h"
#include "tui/text.h"

enum { PAGER_ESC = 27 };

bool pager_open(struct pager *p, const char *title, const char *text, size_t len)
{
    pager_close(p);
    p->text = malloc(len + 1);
    if (!p->text) return false;
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    p->len = len;
    snprintf(p->title, sizeof p->title, "%s", title);
    entry_init(&p->query, 200, "");
    return true;
}

void pager_close(struct pager *p)
{
    free(p->text);
    free(p->lines);
    memset(p, 0, sizeof *p);
}

bool pager_is_open(const struct pager *p)
{
    return p->text != NULL;
}

static bool push_line(struct pager *p, size_t off, size_t len, bool heading)
{
    if (p->nlines == p->cap) {
        int cap = p->cap ? p->cap * 2 : 256;
        struct pager_line *l = realloc(p->lines, (size_t)cap * sizeof *l);
        if (!l) return false;
        p->lines = l;
        p->cap = cap;
    }
    p->lines[p->nlines++] = (struct pager_line){off, len, heading};
    return true;
}

/* One source line [off, off + len) as rows of at most cols columns: broken after the last
 * space of a row when it has one in its second half (English words stay whole), else at the
 * last whole character (Chinese). */
static void wrap_line(struct pager *p, size_t off, size_t len, bool heading, int cols)
{
    size_t at = off, end = off + len;
    if (len == 0) push_line(p, off, 0, heading);
    while (at < end) {
        size_t i = at, space = 0;
        int used = 0, w;
        while (i < end) {
            size_t k = text_char(p->text + i, end - i, &w);
            if (used + w > cols) break;
            used += w;
            i += k;
            if (p->text[i - 1] == ' ' && used > cols / 2) space = i;
        }
        if (i < end && space > at) i = space;
        if (i == at) i += text_char(p->text + i, end - i, &w); /* wider than the row itself */
        if (!push_line(p, at, i - at, heading)) return;
        at = i;
    }
}

void pager_wrap(struct pager *p, int cols)
{
    if (cols < 2) cols = 2;
    if (p->cols == cols) return;
    p->cols = cols;
    p->nlines = 0;
    for (size_t off = 0; off < p->len;) {
        const char *nl = memchr(p->text + off, '\n', p->len - off);
        size_t len = nl ? (size_t)(nl - (p->text + off)) : p->len - off;
        size_t shown = len && p->text[off + len - 1] == '\r' ? len - 1 : len;
        size_t skip = 0;
        bool heading = shown && p->text[off] == '#';
        while (heading && skip < shown && p->text[off + skip] == '#') skip++;
        while (heading && skip < shown && p->text[off + skip] == ' ') skip++;
        wrap_line(p, off + skip, shown - skip, heading, cols);
        off += len + 1;
    }
    if (p->top >= p->nlines) p->top = p->nlines > 0 ? p->nlines - 1 : 0;
}

static int line_of(const struct pager *p, size_t off)
{
    int lo = 0, hi = p->nlines - 1;
    while (lo < hi) { /* the last line starting at or before off */
        int mid = (lo + hi + 1) / 2;
        if (p->lines[mid].off <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* A row, with the part of the match on it in reverse. */
static void draw_line(const struct pager *p, struct screen *s, int y, int cols,
                      const struct pager_line *l)
{
    enum screen_style st = l->heading ? ST_STRONG : ST_TEXT;
    char buf[1024];
    size_t a = l->off, b = l->off + l->len, x = 0;
    size_t m0 = p->match, m1 = p->match + p->match_len;
    size_t cuts[4] = {a, p->match_len && m0 > a && m0 < b ? m0 : a,
                      p->match_len && m1 > a && m1 < b ? m1 : b, b};
    if (!p->match_len || m1 <= a || m0 >= b) cuts[1] = cuts[2] = b;
    if (p->match_len && m0 <= a && m1 > a) cuts[1] = a;
    for (int k = 0; k < 3; k++) {
        size_t n = cuts[k + 1] > cuts[k] ? cuts[k + 1] - cuts[k] : 0;
        if (n == 0) continue;
        if (n >= sizeof buf) n = sizeof buf - 1;
        memcpy(buf, p->text + cuts[k], n);
        buf[n] = '\0';
        x += (size_t)screen_put(s, y, (int)x, cols - (int)x, k == 1 ? ST_KEY : st, buf);
    }
}

static int text_rows(int rows)
{
    return rows > 2 ? rows - 2 : 1; /* the title row and the row under the text */
}

void pager_draw(struct pager *p, struct screen *s, int y, int rows, int cols)
{
    pager_wrap(p, cols);
    p->rows = rows;
    int page = text_rows(rows), pages = p->nlines ? (p->nlines + page - 1) / page : 1;
    int last = p->top + page < p->nlines ? p->top + page : p->nlines;
    int percent = p->nlines ? last * 100 / p->nlines : 100;
    char right[96];
    int shown = last > 0 ? (last - 1) / page + 1 : 1; /* the page of the last row in sight */
    snprintf(right, sizeof right, _("page %d/%d  %d%%"), shown, pages, percent);
    screen_fill(s, y, 0, cols, ST_HEADER);
    int x = screen_put(s, y, 0, cols - 22, ST_HEADER, p->title);
    paint_right(s, y, x + 1, cols, ST_HEADER, right);
    for (int i = 0; i < page && p->top + i < p->nlines; i++)
        draw_line(p, s, y + 1 + i, cols, &p->lines[p->top + i]);
    int bottom = y + rows - 1;
    if (p->searching) {
        int at = screen_put(s, bottom, 0, cols, ST_STRONG, _("Search: "));
        entry_draw(s, &p->query, bottom, at, cols - at, ST_TEXT);
    } else if (p->not_found) {
        screen_put(s, bottom, 0, cols, ST_WARN, _("[!] Not found."));
    }
}

/* The next match of the query after the current one (from the top of the page when there is
 * none), wrapping round to the start once. */
static void search_next(struct pager *p, int rows)
{
    const char *q = p->query.text;
    size_t n = strlen(q);
    p->not_found = n == 0;
    if (n == 0) return;
    size_t from = p->match_len ? p->match + 1 : (p->nlines ? p->lines[p->top].off : 0);
    const char *hit = from < p->len ? strstr(p->text + from, q) : NULL;
    if (!hit) hit = strstr(p->text, q);
    p->not_found = hit == NULL;
    p->match_len = hit ? n : 0;
    if (!hit) return;
    p->match = (size_t)(hit - p->text);
    int line = line_of(p, p->match), page = text_rows(rows);
    if (line < p->top || line >= p->top + page) p->top = line > 2 ? line - 2 : 0;
}

static void scroll_to(struct pager *p, int rows, int top)
{
    int page = text_rows(rows), most = p->nlines > page ? p->nlines - page : 0;
    p->top = top < 0 ? 0 : top > most ? most : top;
}

static bool search_key(struct pager *p, int rows, int rc, wint_t ch)
{
    switch (entry_key(&p->query, rc, ch)) {
    case ENTRY_DONE:
        p->searching = false;
        p->match_len = 0;
        search_next(p, rows);
        return true;
    case ENTRY_CANCEL:
        p->searching = false;
        return true;
    default:
        return true;
    }
}

bool pager_key(struct pager *p, int rows, int rc, wint_t ch)
{
    if (p->searching) return search_key(p, rows, rc, ch);
    int page = text_rows(rows);
    p->not_found = false;
    if (rc == KEY_CODE_YES) {
        if (ch == KEY_UP) scroll_to(p, rows, p->top - 1);
        if (ch == KEY_DOWN) scroll_to(p, rows, p->top + 1);
        if (ch == KEY_PPAGE) scroll_to(p, rows, p->top - page);
        if (ch == KEY_NPAGE) scroll_to(p, rows, p->top + page);
        if (ch == KEY_HOME) scroll_to(p, rows, 0);
        if (ch == KEY_END) scroll_to(p, rows, p->nlines);
        return true;
    }
    if (ch == PAGER_ESC || ch == 'q') return false;
    if (ch == ' ') scroll_to(p, rows, p->top + page);
    if (ch == '/') {
        p->searching = true;
        entry_init(&p->query, 200, "");
    }
    if (ch == 'n') search_next(p, rows);
    return true;
}
