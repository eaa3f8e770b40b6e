/* Sittings drawn alike on every console: the name of a sitting, the line over a group's or the
 * joint sitting's panel, and the groups at a glance while they sit in parallel (one row each:
 * the convener, who has the floor and the time left, how many wait). */
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/paint.h"

const char *label_sitting_mode(enum sitting_mode m)
{
    static const char *const words[SITS_MODE_COUNT] = {N_("plenary sitting"), N_("group sittings"),
                                                       N_("joint sitting")};
    return m >= 0 && m < SITS_MODE_COUNT ? _(words[m]) : "?";
}

void paint_sitting_name(const struct core_state *st, int32_t sitting, char *buf, size_t n)
{
    const struct group *g = core_group(st, sitting);
    if (g)
        snprintf(buf, n, _("%s (group sitting)"), g->name);
    else
        snprintf(buf, n, "%s",
                 label_sitting_mode(sitting == SITTING_JOINT ? SITS_JOINT : SITS_PLENARY));
}

int paint_sitting_line(struct screen *s, const struct core_state *st, int32_t sitting, int y,
                       int cols)
{
    char name[PAINT_TEXT_MAX], text[PAINT_TEXT_MAX];
    paint_sitting_name(st, sitting, name, sizeof name);
    int x = paint_at(s, y, PAINT_LEFT, cols, ST_HEADER, name);
    int32_t convener = core_convener(st, sitting);
    if (convener) {
        int32_t here, all = core_group_members(st, sitting, &here);
        snprintf(text, sizeof text, _("convener %s   present %d/%d"), paint_person(st, convener),
                 (int)here, (int)all);
        paint_at(s, y, x + 2, cols, ST_TEXT, text);
    }
    return y + 2;
}

/* One group's row: name, convener, the speaker with the time left (or over), waiting. */
static void group_row(struct screen *s, const struct core_state *st, const struct item *it,
                      int32_t k, int64_t now, int y, int cols)
{
    enum { NAME_W = 12, CONVENER_W = 12, SPEAKER_W = 14, TIME_W = 8 };
    const struct speaker *sp = it ? core_floor(it, k) : NULL;
    int x = PAINT_LEFT;
    screen_put(s, y, x, NAME_W, ST_STRONG, core_group(st, k)->name);
    x += NAME_W;
    int32_t convener = core_convener(st, k); /* 0: everyone has moved to other groups */
    screen_put(s, y, x, CONVENER_W, ST_TEXT,
               convener ? paint_person(st, convener) : _("(no members)"));
    x += CONVENER_W;
    screen_put(s, y, x, SPEAKER_W, sp ? ST_STRONG : ST_TEXT, sp ? sp->name : _("(floor free)"));
    x += SPEAKER_W;
    char text[PAINT_TEXT_MAX], mmss[32];
    if (sp) {
        int64_t left = speech_remaining_ms(sp->started_at, sp->limit_s, sp->extension_s, now);
        paint_mmss(mmss, sizeof mmss, paint_shown_seconds(left));
        snprintf(text, sizeof text, "%s%s", left > 0 ? "" : "-", mmss);
        screen_put(s, y, x, TIME_W, left > 0 ? ST_TEXT : ST_ALERT, text);
    }
    x += TIME_W;
    snprintf(text, sizeof text, _("%d waiting"), it ? core_waiting(it, k) : 0);
    paint_at(s, y, x, cols, ST_TEXT, text);
}

void paint_groups(struct screen *s, const struct core_state *st, const struct item *it, int64_t now,
                  int y, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text,
             _("The groups sit (%d): the chair calls everyone back for the vote."),
             st->meeting.group_count);
    screen_put(s, y, PAINT_LEFT, cols - PAINT_LEFT, ST_STRONG, text);
    y += 2;
    int n = st->meeting.group_count, room = rows - y;
    int shown = n <= room ? n : room - 1;
    for (int32_t k = 1; k <= shown; k++) group_row(s, st, it, k, now, y++, cols);
    if (shown < n && shown >= 0) {
        snprintf(text, sizeof text, _("and %d more"), n - shown);
        screen_put(s, y, PAINT_LEFT, cols - PAINT_LEFT, ST_TEXT, text);
    }
}
