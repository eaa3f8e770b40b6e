/* The chair adopts the deliberation opinions (审议意见) drafted at the meeting, one by one: A asks
 * about the first draft (its number, organ and item) and y sends the adoption.
 * Under [rules] opinion_adoption = vote the meeting adopts them by a vote instead. */
#include <stdio.h>

#include "tui/i18n.h"
#include "tui/views.h"

void chair_opinion_adopt(struct view_base *b, const struct core_state *st)
{
    if (st->rules.opinion_by_vote) {
        base_notice(b, ST_ALERT, "%s", _("Opinions are adopted by a vote of the meeting."));
        return;
    }
    for (int i = 0; i < st->opinion_count; i++) {
        const struct opinion *o = &st->opinions[i];
        if (o->state != OPINION_DRAFT || o->meeting != st->meeting.number) continue;
        struct command c = {.type = CMD_OPINION_ADOPT};
        c.p.id = o->id;
        base_ask(b, &c, _("Adopt opinion no. %d to %s on %s"), (int)o->id, o->organ, o->item_title);
        return;
    }
    base_notice(b, ST_TEXT, "%s", _("No draft deliberation opinion to adopt."));
}
