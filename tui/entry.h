/* A one-line text field for the consoles: UTF-8 text edited by whole characters (a Chinese one
 * takes two columns), drawn scrolled so that the cursor stays in view.  Typing inserts at the
 * cursor; Left/Right, Home/End (Ctrl-A/E) move; Backspace and Delete remove a character;
 * Ctrl-U empties the field; Enter is done; Esc cancels. */
#ifndef CMTE_TUI_ENTRY_H
#define CMTE_TUI_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui/screen.h"

enum { ENTRY_MAX = 2048 };

struct entry {
    char text[ENTRY_MAX];
    size_t max;  /* bytes the text may take, below ENTRY_MAX */
    size_t at;   /* the cursor, a byte offset on a character's start */
    bool digits; /* only 0-9 (a PIN, a number) */
    bool secret; /* shown as one '*' per character */
};

enum entry_result { ENTRY_IGNORED, ENTRY_EDITED, ENTRY_DONE, ENTRY_CANCEL };

/* An empty field of at most max bytes (clamped to ENTRY_MAX - 1), or holding text. */
void entry_init(struct entry *e, size_t max, const char *text);
enum entry_result entry_key(struct entry *e, int rc, wint_t ch);
/* Draw the field in cols columns at (y, x): text in st, the cursor as a reverse cell. */
void entry_draw(struct screen *s, const struct entry *e, int y, int x, int cols,
                enum screen_style st);

#endif
