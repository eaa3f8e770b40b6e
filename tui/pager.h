/* A document in a pager: its text wrapped by display columns (Chinese takes two, never a
 * character cut), Markdown shown as plain text with its headings emphasised; scrolled by line
 * and by page, searched (/ then text, n for the next), with the page and the percentage read.
 * The view that holds it draws it and hands it its keys. */
#ifndef CMTE_TUI_PAGER_H
#define CMTE_TUI_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui/entry.h"
#include "tui/screen.h"

struct pager_line {
    size_t off, len; /* bytes of the text shown on this row */
    bool heading;    /* a Markdown heading (#...): drawn emphasised, its #s left out */
};

struct pager {
    char title[256];
    char *text; /* owned */
    size_t len;
    int cols; /* the width the lines were wrapped at; 0: not yet */
    struct pager_line *lines;
    int nlines, cap;
    int top;        /* the first line on screen */
    int rows;       /* the rows it was last drawn in */
    bool searching; /* the search text is being typed */
    struct entry query;
    size_t match, match_len; /* the last match in the text; match_len 0: none */
    bool not_found;
};

/* Take text (len bytes, copied) under title; false when out of memory. */
bool pager_open(struct pager *p, const char *title, const char *text, size_t len);
void pager_close(struct pager *p);
bool pager_is_open(const struct pager *p);

/* Wrap the text at cols columns (every character whole, at most cols columns a row). */
void pager_wrap(struct pager *p, int cols);

/* Draw in rows [y, y + rows) and cols columns: the title row with the page and percentage,
 * the text, and the search line while it is typed. */
void pager_draw(struct pager *p, struct screen *s, int y, int rows, int cols);

/* A key: true when the pager took it, false for Esc and q (the view closes it then). */
bool pager_key(struct pager *p, int rows, int rc, wint_t ch);

#endif
