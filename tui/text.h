/* Text measured in terminal columns, not bytes: Chinese characters take two (TUI.md §1.5). */
#ifndef CMTE_TUI_TEXT_H
#define CMTE_TUI_TEXT_H

#include <stdio.h>

/* The character at s (n bytes left): its bytes, and its columns in *cols; a bad byte or a
 * non-printable is one byte of one column, as the screen shows it ('?'). */
size_t text_char(const char *s, size_t n, int *cols);

/* Columns that s takes; bad bytes and non-printables count one column each (shown as '?'). */
int text_width(const char *s);

/* Write s cut to at most cols columns (never inside a character), then spaces to exactly
 * cols columns. */
void text_pad(FILE *out, const char *s, int cols);

#endif
