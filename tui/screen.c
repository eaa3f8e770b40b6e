/* The console runtime.  See screen.h; the patterns (and why) are those of the design notes'
 * TUI.md: §2.1 stdin by uv_poll, drained; §2.3 ESCDELAY; §2.5 SIGWINCH; §2.6 one draw per loop
 * turn from a prepare handle, erase() never clear(); §2.7 ticks only while something runs. */
#include "tui/screen.h"

#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wctype.h>

#include "tui/i18n.h"
#include "tui/text.h"

enum {
    TICK_MARGIN_MS = 5, /* wake just after the view's text changes, never just before */
    TICK_MAX_MS = 60000,
    STATUS_MAX = 512,
    CTRL_L = 12,
    KEY_ESC = 27,
    SEQUENCE_MS = 100, /* the characters of one key sequence come together */
};

struct screen {
    uv_loop_t *loop;
    const struct screen_view *view;
    void *ctx;
    void (*quit)(void *quit_ctx);
    void *quit_ctx;
    SCREEN *term;
    uv_poll_t input;
    uv_signal_t winch, sigint, sigterm, sighup;
    uv_prepare_t prepare;
    uv_timer_t tick;
    int handles;
    bool dirty, help, asking, closing, color;
    uint64_t esc_at; /* uv_now of the last Esc, 0 when none is recent */
    int esc_chars;   /* characters since */
    attr_t attrs[ST_COUNT];
    enum screen_style status_style;
    char status_left[STATUS_MAX], status_right[STATUS_MAX];
};

/* ---- text by columns (TUI.md 1.5, 1.6) ---- */

/* The next character of s (n bytes left): its bytes, the character to show and its columns;
 * bad bytes and non-printables are shown as '?'. */
static size_t next_char(const char *s, size_t n, wchar_t *wc, int *cols)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(wc, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *wc = L'?';
        *cols = 1;
        return 1;
    }
    int w = wcwidth(*wc);
    if (w < 0 || !iswprint((wint_t)*wc)) {
        *wc = L'?';
        w = 1;
    }
    *cols = w;
    return k;
}

size_t screen_fit(const char *text, int cols, int *used)
{
    size_t n = strlen(text), at = 0;
    int width = 0;
    while (at < n) {
        wchar_t wc;
        int w;
        size_t k = next_char(text + at, n - at, &wc, &w);
        if (width + w > cols) break;
        width += w;
        at += k;
    }
    if (used) *used = width;
    return at;
}

/* Write the first bytes of text (they fit: see screen_fit). */
static void put_bytes(const char *text, size_t bytes)
{
    for (size_t at = 0; at < bytes;) {
        wchar_t wc;
        int w;
        at += next_char(text + at, bytes - at, &wc, &w);
        waddnwstr(stdscr, &wc, 1); /* ERR in the bottom-right corner only: harmless */
    }
}

static int clip_cols(int y, int x, int cols)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS) return 0;
    return cols > COLS - x ? COLS - x : cols;
}

int screen_put(struct screen *s, int y, int x, int cols, enum screen_style st, const char *text)
{
    cols = clip_cols(y, x, cols);
    if (cols <= 0 || !text) return 0;
    int used;
    size_t bytes = screen_fit(text, cols, &used);
    wmove(stdscr, y, x);
    wattrset(stdscr, s->attrs[st]);
    put_bytes(text, bytes);
    wattrset(stdscr, A_NORMAL);
    return used;
}

/* Where to break a line of text that does not fit in cols: after the last space of the part
 * that fits, when there is one; else after the part that fits. */
static size_t break_at(const char *text, int cols)
{
    size_t fit = screen_fit(text, cols, NULL);
    if (fit == 0 && *text) { /* one wide character in one column: skip it */
        wchar_t wc;
        int w;
        return next_char(text, strlen(text), &wc, &w);
    }
    if (text[fit] == ' ') return fit;
    for (size_t i = fit; i > 0; i--)
        if (text[i - 1] == ' ') return i;
    return fit;
}

int screen_wrap(struct screen *s, int y, int x, int cols, int lines, enum screen_style st,
                const char *text)
{
    int row = 0;
    while (row < lines && *text) {
        while (*text == ' ') text++;
        int width;
        size_t all = screen_fit(text, cols, &width);
        if (text[all] == '\0') {
            screen_put(s, y + row++, x, cols, st, text);
            break;
        }
        if (row == lines - 1) { /* the last row: cut, and say so */
            char line[1024];
            size_t n = screen_fit(text, cols - 3, NULL);
            snprintf(line, sizeof line, "%.*s...", (int)n, text);
            screen_put(s, y + row++, x, cols, st, line);
            break;
        }
        size_t n = break_at(text, cols);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)n, text);
        screen_put(s, y + row++, x, cols, st, line);
        text += n;
    }
    return row;
}

void screen_fill(struct screen *s, int y, int x, int cols, enum screen_style st)
{
    cols = clip_cols(y, x, cols);
    if (cols <= 0) return;
    wmove(stdscr, y, x);
    wattrset(stdscr, s->attrs[st]);
    for (int i = 0; i < cols; i++) waddch(stdscr, ' ');
    wattrset(stdscr, A_NORMAL);
}

void screen_bar(struct screen *s, int y, int x, int cols, int64_t part, int64_t whole,
                enum screen_style st)
{
    if (cols < 3) return;
    int inner = cols - 2;
    int filled = whole > 0 ? (int)((part * inner + whole / 2) / whole) : 0;
    if (filled > inner) filled = inner;
    if (filled == 0 && part > 0) filled = 1; /* something, however little, shows */
    screen_put(s, y, x, 1, ST_TEXT, "[");
    screen_fill(s, y, x + 1, filled, st);
    screen_put(s, y, x + 1 + inner, 1, ST_TEXT, "]");
}

/* ---- big digits (TUI.md 1.10: reverse-video spaces, single width everywhere) ---- */

struct glyph {
    char c;
    const char *rows[5]; /* '#' a dot; all rows of a glyph are equally wide */
};

static const struct glyph glyphs[] = {
    {'0', {"###", "# #", "# #", "# #", "###"}}, {'1', {"  #", "  #", "  #", "  #", "  #"}},
    {'2', {"###", "  #", "###", "#  ", "###"}}, {'3', {"###", "  #", "###", "  #", "###"}},
    {'4', {"# #", "# #", "###", "  #", "  #"}}, {'5', {"###", "#  ", "###", "  #", "###"}},
    {'6', {"###", "#  ", "###", "# #", "###"}}, {'7', {"###", "  #", "  #", "  #", "  #"}},
    {'8', {"###", "# #", "###", "# #", "###"}}, {'9', {"###", "# #", "###", "  #", "###"}},
    {':', {" ", "#", " ", "#", " "}},           {'-', {"   ", "   ", "###", "   ", "   "}},
    {' ', {" ", " ", " ", " ", " "}},
};

static const struct glyph *glyph_of(char c)
{
    for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++)
        if (glyphs[i].c == c) return &glyphs[i];
    return NULL;
}

int screen_big_width(const char *text, int scale)
{
    int w = 0, n = 0;
    for (; *text; text++) {
        const struct glyph *g = glyph_of(*text);
        if (!g) continue;
        w += (int)strlen(g->rows[0]) * 2 * scale;
        n++;
    }
    return n > 0 ? w + (n - 1) * 2 * scale : 0; /* a gap of one dot between glyphs */
}

void screen_big(struct screen *s, int y, int x, int scale, enum screen_style st, const char *text)
{
    for (; *text; text++) {
        const struct glyph *g = glyph_of(*text);
        if (!g) continue;
        int dots = (int)strlen(g->rows[0]);
        for (int r = 0; r < 5 * scale; r++)
            for (int d = 0; d < dots; d++)
                if (g->rows[r / scale][d] == '#')
                    screen_fill(s, y + r, x + d * 2 * scale, 2 * scale, st);
        x += (dots + 1) * 2 * scale;
    }
}

/* ---- colours (TUI.md 5.1, 5.2) ---- */

static void init_styles(struct screen *s)
{
    const char *no_color = getenv("NO_COLOR");
    s->color = has_colors() && !(no_color && *no_color);
    attr_t mono[ST_COUNT] = {
        [ST_TEXT] = A_NORMAL,         [ST_STRONG] = A_BOLD,   [ST_HEADER] = A_REVERSE,
        [ST_GOOD] = A_BOLD,           [ST_WARN] = A_BOLD,     [ST_ALERT] = A_REVERSE | A_BOLD,
        [ST_KEY] = A_REVERSE,         [ST_BLOCK] = A_REVERSE, [ST_BLOCK_WARN] = A_REVERSE,
        [ST_BLOCK_ALERT] = A_REVERSE,
    };
    memcpy(s->attrs, mono, sizeof mono);
    if (!s->color) return;
    start_color();
    use_default_colors();
    static const short pairs[ST_COUNT][2] = {
        [ST_HEADER] = {COLOR_WHITE, COLOR_BLUE}, [ST_GOOD] = {COLOR_GREEN, -1},
        [ST_WARN] = {COLOR_YELLOW, -1},          [ST_ALERT] = {COLOR_WHITE, COLOR_RED},
        [ST_KEY] = {COLOR_BLACK, COLOR_CYAN},    [ST_BLOCK] = {COLOR_GREEN, -1},
        [ST_BLOCK_WARN] = {COLOR_YELLOW, -1},    [ST_BLOCK_ALERT] = {COLOR_RED, -1},
    };
    for (int st = ST_HEADER; st < ST_COUNT; st++) {
        init_pair((short)st, pairs[st][0], pairs[st][1]);
        attr_t keep = s->attrs[st] & (A_BOLD | (st >= ST_BLOCK ? A_REVERSE : 0));
        s->attrs[st] = COLOR_PAIR(st) | keep;
    }
}

/* ---- the frame ---- */

static int key_width(const struct screen_key *k)
{
    return text_width(k->key) + 1 + text_width(_(k->label));
}

static int draw_key(struct screen *s, int y, int x, const struct screen_key *k)
{
    x += screen_put(s, y, x, COLS - x, ST_KEY, k->key);
    x += screen_put(s, y, x, COLS - x, ST_TEXT, " ");
    return x + screen_put(s, y, x, COLS - x, ST_TEXT, _(k->label)) + 2;
}

/* F1, the view's keys of the moment, q: whole entries only, q always. */
static void draw_keybar(struct screen *s, int y)
{
    static const struct screen_key help = {"F1", N_("help")}, quit = {"q", N_("quit")};
    const struct screen_key *keys = s->view->bar ? s->view->bar(s->ctx) : NULL;
    if (!keys) keys = s->view->keys;
    int room = COLS - key_width(&quit);
    int x = draw_key(s, y, 0, &help);
    for (const struct screen_key *k = keys; k && k->key; k++) {
        if (x + key_width(k) > room) break;
        x = draw_key(s, y, x, k);
    }
    draw_key(s, y, x, &quit);
}

static void draw_status(struct screen *s, int y)
{
    if (s->asking) {
        screen_fill(s, y, 0, COLS, ST_ALERT);
        screen_put(s, y, 1, COLS - 1, ST_ALERT, _("Quit? Press y to quit, any other key to stay."));
        return;
    }
    int right = 0; /* columns of the right text, at most half the row */
    screen_fit(s->status_right, COLS / 2, &right);
    if (s->status_style == ST_ALERT) screen_fill(s, y, 0, COLS, ST_ALERT);
    screen_put(s, y, 0, COLS - right - 2, s->status_style, s->status_left);
    screen_put(s, y, COLS - right, right, s->status_style, s->status_right);
}

static void draw_help(struct screen *s, int rows)
{
    static const struct screen_key common[] = {
        {"F1, ?", N_("show or hide this help")},
        {"q, F10", N_("quit")},
        {"Ctrl-L", N_("draw the whole screen again")},
    };
    int y = 1, x = 4, keycol = 16;
    screen_fill(s, 0, 0, COLS, ST_HEADER);
    screen_put(s, 0, 1, COLS - 2, ST_HEADER, _(s->view->title));
    for (size_t i = 0; i < sizeof common / sizeof common[0] && y < rows; i++, y++) {
        screen_put(s, y + 1, x, keycol, ST_STRONG, common[i].key);
        screen_put(s, y + 1, x + keycol, COLS - x - keycol, ST_TEXT, _(common[i].label));
    }
    for (const struct screen_key *k = s->view->keys; k && k->key && y < rows; k++, y++) {
        screen_put(s, y + 1, x, keycol, ST_STRONG, k->key);
        screen_put(s, y + 1, x + keycol, COLS - x - keycol, ST_TEXT, _(k->label));
    }
    if (y + 2 < rows) screen_put(s, y + 2, x, COLS - x, ST_TEXT, _("Press any key to close."));
}

static void draw(struct screen *s)
{
    werase(stdscr);
    if (LINES < SCREEN_MIN_ROWS || COLS < SCREEN_MIN_COLS) {
        char text[128];
        snprintf(text, sizeof text, _("The terminal is too small: at least %d x %d."),
                 SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
        screen_wrap(s, LINES / 2, 0, COLS, LINES - LINES / 2, ST_STRONG, text);
    } else {
        if (s->help)
            draw_help(s, LINES - 2);
        else
            s->view->draw(s->ctx, s, LINES - 2, COLS);
        draw_status(s, LINES - 2);
        draw_keybar(s, LINES - 1);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

static void on_tick(uv_timer_t *t)
{
    screen_dirty(t->data);
}

/* After a draw: wake when the view's text next changes, if it changes by itself. */
static void arm_tick(struct screen *s)
{
    int64_t ms = s->view->tick_ms && !s->help ? s->view->tick_ms(s->ctx) : -1;
    if (ms < 0) {
        uv_timer_stop(&s->tick);
        return;
    }
    ms = ms > TICK_MAX_MS ? TICK_MAX_MS : ms;
    uv_update_time(s->loop);
    uv_timer_start(&s->tick, on_tick, (uint64_t)ms + TICK_MARGIN_MS, 0);
}

static void on_prepare(uv_prepare_t *p)
{
    struct screen *s = p->data;
    if (!s->dirty || s->closing) return;
    s->dirty = false;
    draw(s);
    arm_tick(s);
}

/* ---- input ---- */

static void request_quit(struct screen *s)
{
    s->asking = false;
    if (!s->closing && s->quit) s->quit(s->quit_ctx);
}

static bool is_help_key(int rc, wint_t ch)
{
    return (rc == KEY_CODE_YES && ch == (wint_t)KEY_F(1)) || (rc == OK && ch == L'?');
}

static bool is_quit_key(int rc, wint_t ch)
{
    return (rc == KEY_CODE_YES && ch == (wint_t)KEY_F(10)) ||
           (rc == OK && (ch == L'q' || ch == L'Q'));
}

/* A key the terminal type does not know arrives as Esc and plain characters, all at once:
 * the characters of such a sequence right after an Esc are dropped (the Esc itself goes on). */
static bool stray_sequence(struct screen *s, int rc, wint_t ch)
{
    uint64_t now = uv_now(s->loop);
    if (rc == OK && ch == KEY_ESC) {
        s->esc_at = now ? now : 1, s->esc_chars = 0;
        return false;
    }
    if (rc != OK || s->esc_at == 0 || now - s->esc_at > SEQUENCE_MS) return false;
    bool intro = s->esc_chars == 0 && (ch == L'[' || ch == L'O');
    bool middle = s->esc_chars > 0 && ((ch >= L'0' && ch <= L'9') || ch == L';');
    bool final = s->esc_chars > 0 && ch >= 0x40 && ch <= 0x7e;
    s->esc_chars++;
    if (intro || middle) return true;
    s->esc_at = 0;
    return final;
}

static bool editing(const struct screen *s)
{
    return s->view->editing && s->view->editing(s->ctx);
}

static void handle_key(struct screen *s, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && ch == (wint_t)KEY_RESIZE) return;
    if (stray_sequence(s, rc, ch)) return;
    if (s->asking) {
        if (rc == OK && (ch == L'y' || ch == L'Y')) return request_quit(s);
        s->asking = false;
        return;
    }
    bool typing = editing(s);
    if (is_help_key(rc, ch) && !(typing && rc == OK)) {
        s->help = !s->help;
        return;
    }
    if (s->help) { /* any other key closes the help */
        s->help = false;
        return;
    }
    if (is_quit_key(rc, ch) && !typing) {
        if (s->view->confirm_quit)
            s->asking = true;
        else
            request_quit(s);
        return;
    }
    if (rc == OK && ch == CTRL_L) {
        clearok(curscr, TRUE);
        return;
    }
    if (s->view->key) s->view->key(s->ctx, s, rc, ch);
}

static void on_input(uv_poll_t *h, int status, int events)
{
    struct screen *s = h->data;
    (void)events;
    if (status < 0) return request_quit(s);
    wint_t ch;
    int rc;
    while (!s->closing && (rc = wget_wch(stdscr, &ch)) != ERR) {
        handle_key(s, rc, ch);
        s->dirty = true;
    }
}

static void on_winch(uv_signal_t *h, int signum)
{
    struct screen *s = h->data;
    struct winsize ws;
    (void)signum;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
        resizeterm(ws.ws_row, ws.ws_col);
    s->dirty = true;
}

static void on_stop_signal(uv_signal_t *h, int signum)
{
    (void)signum;
    request_quit(h->data);
}

/* ---- life ---- */

/* uv_poll_init made fd 0 non-blocking; on a terminal fds 0, 1 and 2 share one open file, so
 * ncurses' writes would then spin on EAGAIN (TUI.md 2.2).  nodelay() is enough for input. */
static void blocking_stdin(void)
{
    int flags = fcntl(STDIN_FILENO, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) fcntl(STDIN_FILENO, F_SETFL, flags & ~O_NONBLOCK);
}

static void on_closed_early(uv_handle_t *h)
{
    free(h->data);
}

/* Keys some terminals send that terminfo does not list (TUI.md 2.4: PuTTY's F1-F4). */
static void define_keys(void)
{
    static const char *const pf[] = {"\033[11~", "\033[12~", "\033[13~", "\033[14~"};
    for (int i = 0; i < 4; i++) define_key(pf[i], KEY_F(i + 1));
    define_key("\033[21~", KEY_F(10));
}

static bool start_terminal(struct screen *s, int escdelay_ms, char *err, size_t errlen)
{
    const char *term = getenv("TERM");
    s->term = newterm(NULL, stdout, stdin);
    if (!s->term) {
        snprintf(err, errlen, _("the terminal type '%s' is unknown (TERM)"), term ? term : "");
        return false;
    }
    set_term(s->term);
    set_escdelay(escdelay_ms);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    define_keys();
    init_styles(s);
    return true;
}

static void start_handles(struct screen *s)
{
    uv_handle_t *all[] = {(uv_handle_t *)&s->winch,   (uv_handle_t *)&s->sigint,
                          (uv_handle_t *)&s->sigterm, (uv_handle_t *)&s->sighup,
                          (uv_handle_t *)&s->prepare, (uv_handle_t *)&s->tick};
    uv_signal_init(s->loop, &s->winch);
    uv_signal_init(s->loop, &s->sigint);
    uv_signal_init(s->loop, &s->sigterm);
    uv_signal_init(s->loop, &s->sighup);
    uv_prepare_init(s->loop, &s->prepare);
    uv_timer_init(s->loop, &s->tick);
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) all[i]->data = s;
    s->handles += (int)(sizeof all / sizeof all[0]);
    uv_signal_start(&s->winch, on_winch, SIGWINCH);
    uv_signal_start(&s->sigint, on_stop_signal, SIGINT);
    uv_signal_start(&s->sigterm, on_stop_signal, SIGTERM);
    uv_signal_start(&s->sighup, on_stop_signal, SIGHUP);
    uv_prepare_start(&s->prepare, on_prepare);
    uv_unref((uv_handle_t *)&s->prepare); /* drawing alone keeps nothing alive */
    uv_poll_start(&s->input, UV_READABLE, on_input);
}

struct screen *screen_open(uv_loop_t *loop, const struct screen_view *view, void *ctx,
                           const struct screen_options *o, char *err, size_t errlen)
{
    struct screen *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    *s = (struct screen){.loop = loop,
                         .view = view,
                         .ctx = ctx,
                         .quit = o->quit,
                         .quit_ctx = o->quit_ctx,
                         .dirty = true};
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
        uv_poll_init(loop, &s->input, STDIN_FILENO) != 0) {
        snprintf(err, errlen, "%s", _("standard input and output must be a terminal"));
        free(s);
        return NULL;
    }
    s->input.data = s;
    s->handles = 1;
    blocking_stdin();
    if (!start_terminal(s, o->escdelay_ms, err, errlen)) {
        uv_close((uv_handle_t *)&s->input, on_closed_early);
        return NULL;
    }
    start_handles(s);
    return s;
}

static void on_closed(uv_handle_t *h)
{
    struct screen *s = h->data;
    if (--s->handles == 0) free(s);
}

void screen_close(struct screen *s)
{
    if (s->closing) return;
    s->closing = true;
    endwin();
    delscreen(s->term);
    uv_handle_t *all[] = {(uv_handle_t *)&s->winch,   (uv_handle_t *)&s->sigint,
                          (uv_handle_t *)&s->sigterm, (uv_handle_t *)&s->sighup,
                          (uv_handle_t *)&s->prepare, (uv_handle_t *)&s->tick};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) uv_close(all[i], on_closed);
    uv_close((uv_handle_t *)&s->input, on_closed);
}

void screen_dirty(struct screen *s)
{
    s->dirty = true;
}

void screen_status(struct screen *s, enum screen_style st, const char *left, const char *right)
{
    s->status_style = st;
    snprintf(s->status_left, sizeof s->status_left, "%s", left ? left : "");
    snprintf(s->status_right, sizeof s->status_right, "%s", right ? right : "");
    s->dirty = true;
}
