/* The secretary's motions tab (质询案): every motion with its signatures against the threshold
 * and where it is; the one under the cursor in full below (proposers, registration, answer,
 * the proposers' satisfaction).  p places a registered motion on the agenda (an item at the
 * end), w records a written answer, o an answer given at the meeting: each with its date.
 * See view_secretary.h. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/i18n.h"
#include "tui/view_secretary.h"

enum { PAGE = 10, DETAIL_ROWS = 6 };

static void motion_row(struct screen *scr, const struct core_state *st, const struct motion *m,
                       int y, int cols, bool selected)
{
    enum screen_style style = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%d", (int)m->id);
    int x = sec_cell(scr, y, 2, 4, style, text);
    x = sec_cell(scr, y, x, 16, style, m->organ);
    x = sec_cell(scr, y, x, 20, selected ? style : ST_STRONG, m->subject);
    paint_motion_signatures(text, sizeof text, st, m);
    x = sec_cell(scr, y, x, 12, style, text);
    sec_cell(scr, y, x, cols - x - 1, m->reanswer && !selected ? ST_ALERT : style,
             label_motion_status(m));
}

static void motions_draw(struct secretary *s, struct screen *scr, const struct core_state *st,
                         int y, int rows, int cols)
{
    if (!st->motion_count) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT,
                   _("No inquiry motion yet: members draft them at their seats (m)."));
        return;
    }
    struct sec_list *l = &s->lists[TAB_MOTIONS];
    int list_rows = rows - y - DETAIL_ROWS - 1;
    sec_list_fit(l, st->motion_count, list_rows);
    for (int i = l->top; i < st->motion_count && i - l->top < list_rows; i++)
        motion_row(scr, st, &st->motions[i], y + i - l->top, cols, i == l->cur);
    const struct motion *m = &st->motions[l->cur];
    y = rows - DETAIL_ROWS;
    paint_motion(scr, st, m, y, rows, cols);
}

static const struct motion *selected(struct secretary *s, const struct core_state *st)
{
    int i = s->lists[TAB_MOTIONS].cur;
    return i >= 0 && i < st->motion_count ? &st->motions[i] : NULL;
}

static void answer_date_done(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.date, sizeof s->draft.p.date, "%s", text);
    sec_ask(s,
            s->draft.p.flag ? _("The answer given at the meeting (a summary):")
                            : _("The written answer (its text or a summary):"),
            "", TEXT_MAX_BYTES - 1, sec_send_text);
}

void sec_today(struct secretary *s, const struct core_state *st, char *buf, size_t n)
{
    time_t t = (time_t)(feed_now(&s->base.feed) / 1000);
    struct tm tm;
    buf[0] = '\0';
    if (localtime_r(&t, &tm)) strftime(buf, n, "%Y-%m-%d", &tm);
    if (!buf[0]) snprintf(buf, n, "%s", st->meeting.date);
}

static void answer_start(struct secretary *s, const struct core_state *st, const struct motion *m,
                         bool oral)
{
    memset(&s->draft, 0, sizeof s->draft);
    s->draft.type = CMD_MOTION_ANSWER;
    s->draft.p.id = m->id;
    s->draft.p.flag = oral;
    char date[DATE_MAX_BYTES + 8];
    sec_today(s, st, date, sizeof date);
    sec_ask(s, _("Date of the answer (YYYY-MM-DD):"), date, DATE_MAX_BYTES - 1, answer_date_done);
}

static bool motions_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    struct sec_list *l = &s->lists[TAB_MOTIONS];
    if (sec_list_key(l, st->motion_count, PAGE, rc, ch)) return true;
    const struct motion *m = selected(s, st);
    if (!m || rc != OK) return false;
    if (ch == L'p') {
        struct command c = {.type = CMD_MOTION_PLACE};
        c.p.id = m->id;
        sec_send(s, &c);
        return true;
    }
    if (ch == L'w' || ch == L'o') return answer_start(s, st, m, ch == L'o'), true;
    return false;
}

static const struct screen_key motions_keys[] = {
    {"p", N_("place on the agenda")},
    {"w", N_("written answer")},
    {"o", N_("answer at the meeting")},
    {"Up, Down", N_("choose a motion")},
    {NULL, NULL},
};

const struct sec_tab sec_motions_tab = {N_("Motions"), motions_draw, motions_key, motions_keys};
