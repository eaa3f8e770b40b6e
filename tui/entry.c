/* The one-line text field.  See entry.h. */
#include "tui/entry.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "tui/text.h"

enum { KEY_ESC = 27, KEY_DEL = 127, CTRL_A = 1, CTRL_E = 5, CTRL_H = 8, CTRL_U = 21 };

static bool continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

void entry_init(struct entry *e, size_t max, const char *text)
{
    memset(e, 0, sizeof *e);
    e->max = max < ENTRY_MAX - 1 ? max : ENTRY_MAX - 1;
    if (text) {
        size_t n = strlen(text);
        while (n > e->max) /* never cut a character in two */
            for (n--; n > 0 && continuation(text[n]); n--) continue;
        memcpy(e->text, text, n);
        e->text[n] = '\0';
        e->at = n;
    }
}

static size_t prev_char(const struct entry *e, size_t at)
{
    while (at > 0)
        if (!continuation(e->text[--at])) break;
    return at;
}

static size_t next_char(const struct entry *e, size_t at)
{
    size_t n = strlen(e->text);
    if (at >= n) return n;
    do at++;
    while (at < n && continuation(e->text[at]));
    return at;
}

static void remove_range(struct entry *e, size_t from, size_t to)
{
    memmove(e->text + from, e->text + to, strlen(e->text + to) + 1);
}

static bool insert(struct entry *e, wchar_t wc)
{
    if (e->digits && (wc < L'0' || wc > L'9')) return false;
    if (!iswprint((wint_t)wc)) return false;
    char bytes[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = wcrtomb(bytes, wc, &st);
    size_t n = strlen(e->text);
    if (k == (size_t)-1 || n + k > e->max) return false;
    memmove(e->text + e->at + k, e->text + e->at, n - e->at + 1);
    memcpy(e->text + e->at, bytes, k);
    e->at += k;
    return true;
}

static enum entry_result edit_key(struct entry *e, wint_t ch)
{
    switch (ch) {
    case KEY_LEFT:
        e->at = prev_char(e, e->at);
        return ENTRY_EDITED;
    case KEY_RIGHT:
        e->at = next_char(e, e->at);
        return ENTRY_EDITED;
    case KEY_HOME:
        e->at = 0;
        return ENTRY_EDITED;
    case KEY_END:
        e->at = strlen(e->text);
        return ENTRY_EDITED;
    case KEY_BACKSPACE: {
        size_t from = prev_char(e, e->at);
        remove_range(e, from, e->at);
        e->at = from;
        return ENTRY_EDITED;
    }
    case KEY_DC:
        remove_range(e, e->at, next_char(e, e->at));
        return ENTRY_EDITED;
    case KEY_ENTER:
        return ENTRY_DONE;
    default:
        return ENTRY_IGNORED;
    }
}

enum entry_result entry_key(struct entry *e, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES) return edit_key(e, ch);
    if (rc != OK) return ENTRY_IGNORED;
    switch (ch) {
    case L'\r':
    case L'\n':
        return ENTRY_DONE;
    case KEY_ESC:
        return ENTRY_CANCEL;
    case KEY_DEL:
    case CTRL_H:
        return edit_key(e, KEY_BACKSPACE);
    case CTRL_A:
        return edit_key(e, KEY_HOME);
    case CTRL_E:
        return edit_key(e, KEY_END);
    case CTRL_U:
        e->text[0] = '\0';
        e->at = 0;
        return ENTRY_EDITED;
    default:
        return insert(e, (wchar_t)ch) ? ENTRY_EDITED : ENTRY_IGNORED;
    }
}

/* What is shown of the text: itself, or a '*' per character. */
static void shown_text(const struct entry *e, char *out, size_t cap, size_t *cursor)
{
    if (!e->secret) {
        snprintf(out, cap, "%s", e->text);
        *cursor = e->at;
        return;
    }
    size_t n = 0;
    for (size_t at = 0; e->text[at] && n + 1 < cap; at = next_char(e, at)) {
        if (at == e->at) *cursor = n;
        out[n++] = '*';
    }
    if (e->at >= strlen(e->text)) *cursor = n;
    out[n] = '\0';
}

void entry_draw(struct screen *s, const struct entry *e, int y, int x, int cols,
                enum screen_style st)
{
    if (cols < 2) return;
    char shown[ENTRY_MAX];
    size_t cursor = 0;
    shown_text(e, shown, sizeof shown, &cursor);
    /* start late enough that the text before the cursor and the cursor fit */
    size_t start = 0;
    char before[ENTRY_MAX];
    for (;;) {
        snprintf(before, sizeof before, "%.*s", (int)(cursor - start), shown + start);
        if (text_width(before) < cols) break;
        do start++;
        while (continuation(shown[start]));
    }
    screen_fill(s, y, x, cols, st);
    screen_put(s, y, x, cols, st, shown + start);
    int cx = x + text_width(before);
    char under[MB_LEN_MAX + 1] = " ";
    if (shown[cursor]) {
        size_t k = 1;
        while (continuation(shown[cursor + k])) k++;
        snprintf(under, sizeof under, "%.*s", (int)k, shown + cursor);
    }
    screen_put(s, y, cx, x + cols - cx, ST_KEY, under);
}
