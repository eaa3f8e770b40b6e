/* The big-screen display (大屏): read only, drawn from the link's replica on every change.
 *
 *   row 0      the meeting's title, its state, the hub's clock
 *   row 1      attendance and quorum
 *   rows 3..   the open item (kind, title), then by what runs: the speaker with a countdown in
 *              big digits and the speakers waiting; the inquiry's question with its countdown;
 *              a ballot's progress or its results as bars; with no item open, the agenda
 *   last two   the screen's status line (the connection, the last event) and key bar
 *
 * Countdowns run on the hub's clock (link_hub_now). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/i18n.h"
#include "tui/views.h"

struct display {
    struct view_base base; /* first: the feed's reports get the display as a view_base */
    struct paint_pages pages;
};

static int64_t display_tick_ms(void *ctx)
{
    struct display *d = ctx;
    const struct core_state *st = feed_state(&d->base.feed);
    return st ? paint_tick_ms(st, feed_now(&d->base.feed)) : -1;
}

static void display_draw(void *ctx, struct screen *s, int rows, int cols)
{
    struct display *d = ctx;
    const struct core_state *st = feed_state(&d->base.feed);
    d->pages.pages = 1;
    if (!st) {
        screen_fill(s, 0, 0, cols, ST_HEADER);
        screen_put(s, 0, 1, cols - 2, ST_HEADER, _("cmte display"));
        paint_center(s, rows / 2, cols, ST_STRONG, _("Connecting to the meeting host..."));
        return;
    }
    int64_t now = feed_now(&d->base.feed);
    paint_header(s, st, now, cols);
    paint_attendance(s, st, cols);
    const struct item *it = core_open_item(st);
    d->pages.sitting = core_sitting_of(st, 0); /* the plenary, or the joint sitting */
    if (it && st->meeting.sits == SITS_GROUPS) /* every group at a glance */
        paint_groups(s, st, it, now, paint_item_head(s, st, it, 3, cols) + 1, rows, cols);
    else if (it)
        paint_item(s, &d->pages, st, it, now, 3, rows, cols);
    else
        paint_agenda(s, st, 3, rows, cols);
}

static void display_key(void *ctx, struct screen *s, int rc, wint_t ch)
{
    struct display *d = ctx;
    if (paint_pages_key(&d->pages, rc, ch)) screen_dirty(s);
}

static const struct screen_key display_keys[] = {
    {"PgDn, PgUp", N_("more results, when they do not fit")},
    {NULL, NULL},
};

const struct screen_view display_view = {
    .draw = display_draw,
    .key = display_key,
    .tick_ms = display_tick_ms,
    .keys = display_keys,
    .title = N_("Display: keys"),
    .confirm_quit = false,
};

const struct link_events display_events = {
    .status = base_on_status,
    .welcome = base_on_welcome,
    .synced = base_on_synced,
    .applied = base_on_applied,
};

struct display *display_new(void)
{
    return calloc(1, sizeof(struct display));
}

void display_free(struct display *d)
{
    free(d);
}
