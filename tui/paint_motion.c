/* Inquiry motions (质询案) drawn alike on every console: the words for where a motion is, its
 * signatures against the threshold, the proposers' satisfaction, and the panel of a motion's
 * agenda item (organ, proposers, registration, the answer, the tally, 再作答复). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/i18n.h"
#include "tui/paint.h"

const char *label_motion_status(const struct motion *m)
{
    if (m->state == MOTION_SIGNING) return _("awaiting signatures");
    if (m->state == MOTION_WITHDRAWN) return _("withdrawn");
    if (m->reanswer) return _("second answer");
    if (m->answered) return m->oral ? _("answered at the meeting") : _("answered in writing");
    return m->item ? _("on the agenda") : _("registered");
}

void paint_motion_signatures(char *buf, size_t n, const struct core_state *st,
                             const struct motion *m)
{
    if (m->state == MOTION_SIGNING)
        snprintf(buf, n, _("%d/%d signed"), (int)m->signer_count, (int)st->rules.motion_signatures);
    else
        snprintf(buf, n, _("%d signed"), (int)m->signer_count);
}

void paint_motion_tally(char *buf, size_t n, const struct motion *m)
{
    snprintf(buf, n, _("satisfied %d  dissatisfied %d  not yet said %d"),
             (int)core_motion_verdicts(m, VERDICT_SATISFIED),
             (int)core_motion_verdicts(m, VERDICT_DISSATISFIED),
             (int)core_motion_verdicts(m, VERDICT_NONE));
}

/* "委员01 (proposer), 委员02, ..." cut to fit. */
static void signers_line(char *buf, size_t n, const struct core_state *st, const struct motion *m)
{
    size_t len = (size_t)snprintf(buf, n, _("%s (proposer)"), paint_person(st, m->signers[0]));
    for (int i = 1; i < m->signer_count && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, _(", %s"), paint_person(st, m->signers[i]));
}

static void clock_of(char *buf, size_t n, int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

int paint_motion(struct screen *s, const struct core_state *st, const struct motion *m, int y,
                 int rows, int cols)
{
    char text[PAINT_TEXT_MAX], part[PAINT_TEXT_MAX];
    int x = paint_at(s, y, PAINT_LEFT, cols, ST_STRONG, _("Inquiry motion"));
    snprintf(text, sizeof text, _("to: %s"), m->organ);
    x = paint_at(s, y, x + 2, cols, ST_STRONG, text);
    paint_right(s, y++, x + 2, cols, m->reanswer ? ST_ALERT : ST_TEXT, label_motion_status(m));
    paint_motion_signatures(part, sizeof part, st, m);
    x = paint_at(s, y, PAINT_LEFT, cols, ST_TEXT, part);
    signers_line(text, sizeof text, st, m);
    screen_put(s, y++, x + 2, cols - x - 3, ST_TEXT, text);
    if (m->registered_at && y < rows) {
        clock_of(part, sizeof part, m->registered_at);
        snprintf(text, sizeof text, _("registered %s"), part);
        screen_put(s, y++, PAINT_LEFT, cols - 2 * PAINT_LEFT, ST_TEXT, text);
    }
    if (m->answered && y < rows) {
        snprintf(text, sizeof text,
                 m->oral ? _("answered at the meeting %s: %s") : _("answered in writing %s: %s"),
                 m->answer_date, m->answer);
        screen_put(s, y++, PAINT_LEFT, cols - 2 * PAINT_LEFT, ST_TEXT, text);
    }
    if (m->answered && y < rows) {
        paint_motion_tally(text, sizeof text, m);
        x = paint_at(s, y, PAINT_LEFT, cols, ST_STRONG, text);
        if (m->reanswer)
            paint_at(s, y, x + 2, cols, ST_ALERT, _("[!] A second answer is asked for"));
        y++;
    }
    return y + 1;
}
