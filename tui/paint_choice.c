/* A choice ballot's panel (差额票决) on every console: the candidates before it opens, the
 * progress while it runs (how many have cast, never for whom), and after the close the
 * statutory heading, the rule, the candidates ranked by votes with their counts and marks
 * (当选, 未当选, 票数相等) and the outcome (seats filled, tied, unfilled), in pages when the
 * candidates do not fit.  See paint.h. */
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/paint.h"
#include "tui/text.h"

enum { LEFT = PAINT_LEFT };

static void draw_candidates(struct screen *s, const struct item *it, int y, int rows, int cols)
{
    for (int k = 0; k < it->ballot.subject_count && y < rows; k++, y++) {
        const struct subject *sub = &it->ballot.subjects[k];
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, "%d. %s  %s", k + 1, sub->name, sub->detail);
        screen_put(s, y, LEFT, cols - 2 * LEFT, ST_TEXT, text);
    }
}

static void draw_pending(struct screen *s, const struct item *it, int y, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text,
             _("The choice ballot has not started yet: each member chooses up "
               "to %d of these %d."),
             (int)it->choose, it->ballot.subject_count);
    y += screen_wrap(s, y, 1, cols - 2, 2, ST_STRONG, text) + 1;
    draw_candidates(s, it, y, rows, cols);
}

static void draw_progress(struct screen *s, const struct core_state *st, const struct item *it,
                          int y, int rows, int cols)
{
    const struct ballot *b = &it->ballot;
    char text[PAINT_TEXT_MAX], share[16];
    int32_t present = core_signed_in(st);
    snprintf(text, sizeof text, "%s%s", _("Choice ballot in progress"),
             b->secret ? _(" (secret ballot)") : _(" (named ballot)"));
    screen_put(s, y, 1, cols - 1, ST_STRONG, text);
    snprintf(text, sizeof text, _("Each member chooses up to %d of %d candidates."),
             (int)it->choose, b->subject_count);
    screen_put(s, y + 1, LEFT, cols - 2 * LEFT, ST_TEXT, text);
    snprintf(text, sizeof text, _("Voted %d/%d"), (int)b->voters, (int)present);
    screen_put(s, y + 3, LEFT, cols - 2 * LEFT, ST_STRONG, text);
    paint_share(share, sizeof share, b->voters, present);
    screen_bar(s, y + 4, LEFT, cols - 2 * LEFT - 10, b->voters, present, ST_BLOCK);
    paint_right(s, y + 4, cols - LEFT - 8, cols - LEFT, ST_TEXT, share);
    draw_candidates(s, it, y + 6, rows, cols);
}

static enum screen_style status_style(int verdict)
{
    return verdict == CHOICE_ELECTED ? ST_GOOD : verdict == CHOICE_TIED ? ST_WARN : ST_TEXT;
}

/* One candidate ranked: place, name, votes, a bar of votes against ballots cast, the mark. */
static void draw_ranked(struct screen *s, const struct item *it, int rank,
                        const struct subject *sub, int y, int cols)
{
    const struct ballot *b = &it->ballot;
    char place[16], votes[32];
    snprintf(place, sizeof place, "%2d.", rank);
    snprintf(votes, sizeof votes, _("%d votes"), (int)sub->counts[0]);
    const char *mark = narrate_choice_status(sub->verdict);
    int mark_w = 0;
    for (int v = CHOICE_NOT_ELECTED; v <= CHOICE_TIED; v++) {
        int w = text_width(narrate_choice_status(v));
        if (w > mark_w) mark_w = w;
    }
    int votes_w = text_width(votes) > 8 ? text_width(votes) : 8;
    int bar = cols >= 60 ? (cols - 2 * LEFT) / 5 : 0;
    int x_mark = cols - LEFT - mark_w, x_bar = x_mark - 2 - bar, x_votes = x_bar - 1 - votes_w;
    int name_x = LEFT + 4;
    paint_at(s, y, LEFT, name_x, ST_TEXT, place);
    screen_put(s, y, name_x, x_votes - name_x - 1, ST_TEXT, sub->name);
    screen_put(s, y, x_votes + votes_w - text_width(votes), votes_w, ST_STRONG, votes);
    if (bar) screen_bar(s, y, x_bar, bar, sub->counts[0], b->voters, ST_BLOCK);
    screen_put(s, y, x_mark, mark_w, status_style(sub->verdict), mark);
}

static void draw_results(struct screen *s, struct paint_pages *pg, const struct item *it, int y,
                         int rows, int cols)
{
    const struct ballot *b = &it->ballot;
    char text[PAINT_TEXT_MAX];
    int order[SUBJECTS_MAX];
    narrate_choice_heading(text, sizeof text, it);
    y += screen_wrap(s, y, 1, cols - 2, 2, ST_STRONG, text);
    narrate_choice_rule(text, sizeof text, it);
    screen_put(s, y++, LEFT, cols - 2 * LEFT, ST_TEXT, text);
    narrate_choice_outcome(text, sizeof text, it);
    bool left = core_choice_seats_left(it) > 0;
    screen_put(s, y++, LEFT, cols - 2 * LEFT, left ? ST_WARN : ST_GOOD, text);
    narrate_choice_order(it, order);
    int room = rows - y, n = b->subject_count;
    int fit = n <= room ? n : room - 1; /* a row for the page */
    if (fit < 1) fit = 1;
    pg->pages = (n + fit - 1) / fit;
    if (pg->page >= pg->pages) pg->page = pg->pages - 1;
    for (int r = pg->page * fit; r < n && r < (pg->page + 1) * fit; r++)
        draw_ranked(s, it, r + 1, &b->subjects[order[r]], y++, cols);
    if (pg->pages > 1) {
        snprintf(text, sizeof text, _("page %d of %d (PgDn, PgUp)"), pg->page + 1, pg->pages);
        paint_right(s, rows - 1, LEFT, cols, ST_TEXT, text);
    }
}

int paint_choice_summary(struct screen *s, const struct item *it, int y, int rows, int cols)
{
    const struct ballot *b = &it->ballot;
    char text[PAINT_TEXT_MAX];
    if (b->state == BALLOT_OPEN) {
        snprintf(text, sizeof text, _("Voted %d"), (int)b->voters);
        screen_put(s, y++, 1, cols - 2, ST_STRONG, text);
        return y;
    }
    if (b->state != BALLOT_CLOSED) return y;
    narrate_choice_outcome(text, sizeof text, it);
    screen_put(s, y++, 1, cols - 2, core_choice_seats_left(it) ? ST_WARN : ST_GOOD, text);
    int order[SUBJECTS_MAX];
    narrate_choice_order(it, order);
    for (int r = 0; r < b->subject_count && y < rows; r++)
        draw_ranked(s, it, r + 1, &b->subjects[order[r]], y++, cols);
    return y;
}

void paint_choice(struct screen *s, struct paint_pages *pg, const struct core_state *st,
                  const struct item *it, int y, int rows, int cols)
{
    switch (it->ballot.state) {
    case BALLOT_OPEN:
        return draw_progress(s, st, it, y, rows, cols);
    case BALLOT_CLOSED:
        return draw_results(s, pg, it, y, rows, cols);
    default:
        return draw_pending(s, it, y, rows, cols);
    }
}
