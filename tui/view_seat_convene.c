/* A group's convener (召集人) runs the group's speaker list from their own seat while the groups
 * sit (PROCEDURES §2: "经会议主持人同意，即可发言"): the next speaker, the end of a speech, one
 * more minute.  The hub checks that the seat convenes the group. */
#include <curses.h>

#include "tui/i18n.h"
#include "tui/view_seat.h"

enum { EXTEND_S = 60 };

int32_t seat_convenes(const struct core_state *st, const struct person *me)
{
    if (st->meeting.sits != SITS_GROUPS || st->meeting.state != MEETING_OPEN) return 0;
    int32_t k = core_sitting_of(st, me->id);
    return k > 0 && core_convener(st, k) == me->id && core_open_item(st) ? k : 0;
}

bool seat_convener_key(struct seat *se, const struct core_state *st, const struct person *me,
                       int rc, wint_t ch)
{
    int32_t k = seat_convenes(st, me);
    if (!k || rc != OK || (ch != L'g' && ch != L'e' && ch != L'+')) return false;
    struct command cmd = {.type = ch == L'g'   ? CMD_FLOOR_GRANT
                                  : ch == L'e' ? CMD_SPEECH_END
                                               : CMD_TIME_EXTEND};
    cmd.p.item = core_open_item(st)->id;
    cmd.p.sitting = k;
    cmd.p.seconds = ch == L'+' ? EXTEND_S : 0;
    base_send(&se->base, &cmd, NULL);
    return true;
}

void seat_convener_hints(struct screen *s, int y, int cols, const char *digits)
{
    const char *const pairs[] = {"g",
                                 _("next speaker"),
                                 "e",
                                 _("end the speech"),
                                 "+",
                                 _("one more minute"),
                                 digits ? digits : NULL,
                                 _("choose"),
                                 NULL};
    seat_hints(s, y, cols, pairs);
}
