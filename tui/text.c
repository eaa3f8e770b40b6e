/* Columns of UTF-8 text.  See text.h. */
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/text.h"

/* The next character of s (n bytes left): its length in bytes and its columns. */
static size_t next_char(const char *s, size_t n, int *cols, mbstate_t *st)
{
    wchar_t wc;
    size_t k = mbrtowc(&wc, s, n, st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        memset(st, 0, sizeof *st);
        *cols = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *cols = w < 0 || !iswprint(wc) ? 1 : w;
    return k;
}

size_t text_char(const char *s, size_t n, int *cols)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    return next_char(s, n, cols, &st);
}

int text_width(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int total = 0, cols;
    for (size_t n = strlen(s); n > 0;) {
        size_t k = next_char(s, n, &cols, &st);
        total += cols;
        s += k;
        n -= k;
    }
    return total;
}

void text_pad(FILE *out, const char *s, int cols)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int used = 0, w;
    for (size_t n = strlen(s); n > 0;) {
        size_t k = next_char(s, n, &w, &st);
        if (used + w > cols) break;
        fwrite(s, 1, k, out);
        used += w;
        s += k;
        n -= k;
    }
    while (used++ < cols) fputc(' ', out);
}
