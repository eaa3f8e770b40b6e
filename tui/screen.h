/* The console runtime every console shares: ncursesw inside the libuv loop (the design notes,
 * ../shared/TUI.md).  The screen owns the terminal: stdin is watched by the loop and drained with
 * wget_wch, SIGWINCH resizes, a view's state changes only mark the screen dirty, and one
 * prepare callback draws once per loop turn.  The two bottom rows are the screen's: a status
 * line and the key bar; F1 (or ?) shows every key of the view, q (or F10) quits.  The
 * characters of a key sequence the terminal type does not know (End on a vt100 arrives as
 * "ESC [ 4 ~") are dropped, so that they never act as keys of their own.
 *
 * A view plugs in with a struct screen_view; it draws rows 0..rows-1 from its own state. */
#ifndef CMTE_TUI_SCREEN_H
#define CMTE_TUI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>
#include <wchar.h>

/* Below this size only a "too small" notice is drawn. */
enum { SCREEN_MIN_COLS = 80, SCREEN_MIN_ROWS = 24 };

/* What a piece of text means; each style has a colour form and a monochrome form, and every
 * meaning survives monochrome (bold, reverse). */
enum screen_style {
    ST_TEXT,
    ST_STRONG,      /* names, titles */
    ST_HEADER,      /* the header row */
    ST_GOOD,        /* quorum met, adopted */
    ST_WARN,        /* near the end of a speech */
    ST_ALERT,       /* over time, connection lost */
    ST_KEY,         /* a key's name in the key bar */
    ST_BLOCK,       /* solid cells: bars, big digits */
    ST_BLOCK_WARN,  /* big digits near the end */
    ST_BLOCK_ALERT, /* big digits over time */
    ST_COUNT
};

/* A key of a view, for the key bar and the help: key is shown as is ("PgDn"), label is an
 * untranslated message (N_), translated when drawn. */
struct screen_key {
    const char *key;
    const char *label;
};

struct screen;

struct screen_view {
    /* Draw the view in rows 0..rows-1 of a freshly erased screen, cols wide. */
    void (*draw)(void *ctx, struct screen *s, int rows, int cols);
    /* A key the screen does not handle itself (rc as from wget_wch). */
    void (*key)(void *ctx, struct screen *s, int rc, wint_t ch);
    /* Milliseconds until the view's text next changes by itself (a countdown, a clock),
     * or -1 when nothing changes by itself; asked after every draw. */
    int64_t (*tick_ms)(void *ctx);
    const struct screen_key *keys; /* the view's own keys, ended by {NULL, NULL} */
    /* The keys that matter now, for the key bar (ended the same way); NULL: all of keys. */
    const struct screen_key *(*bar)(void *ctx);
    /* Whether text is being typed: then q, ? and F10 are the view's keys too. */
    bool (*editing)(void *ctx);
    const char *title; /* the help's title, untranslated (N_) */
    bool confirm_quit; /* ask before q quits */
};

struct screen_options {
    int escdelay_ms; /* how long a lone Esc waits for the rest of a key sequence */
    /* Called when the user quits, or on SIGINT, SIGTERM or SIGHUP; it should end with
     * screen_close (and stop whatever else keeps the loop running). */
    void (*quit)(void *quit_ctx);
    void *quit_ctx;
};

/* Take the terminal (standard input and output must be one) and start drawing view, whose
 * callbacks get ctx.  Returns NULL with err when there is no usable terminal. */
struct screen *screen_open(uv_loop_t *loop, const struct screen_view *view, void *ctx,
                           const struct screen_options *o, char *err, size_t errlen);

/* Give the terminal back and close the handles; s is freed once they are closed. */
void screen_close(struct screen *s);

/* Something the view shows has changed: draw it before the loop waits again. */
void screen_dirty(struct screen *s);

/* The status line: left text in a style, right text (either may be NULL for none). */
void screen_status(struct screen *s, enum screen_style st, const char *left, const char *right);

/* ---- drawing, from a view's draw callback; nothing is written outside the screen ---- */

/* text at (y, x), cut by whole characters to at most cols columns; the columns written. */
int screen_put(struct screen *s, int y, int x, int cols, enum screen_style st, const char *text);

/* text wrapped into at most lines rows of cols columns (at spaces when it has some, else at
 * any character); a text cut short ends in "...".  The rows used. */
int screen_wrap(struct screen *s, int y, int x, int cols, int lines, enum screen_style st,
                const char *text);

/* cols cells of blank in a style (a solid block for the ST_BLOCK styles). */
void screen_fill(struct screen *s, int y, int x, int cols, enum screen_style st);

/* A bar of cols columns, "[" and "]" included, filled part/whole. */
void screen_bar(struct screen *s, int y, int x, int cols, int64_t part, int64_t whole,
                enum screen_style st);

/* Big digits for a countdown: 0-9, ':', '-' and ' ', each dot 2*scale columns by scale rows,
 * 5*scale rows tall.  screen_big_width is the columns text takes. */
int screen_big_width(const char *text, int scale);
void screen_big(struct screen *s, int y, int x, int scale, enum screen_style st, const char *text);

/* Columns of text and the bytes of its longest prefix that fits in cols columns. */
size_t screen_fit(const char *text, int cols, int *used);

#endif
