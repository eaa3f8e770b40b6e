/* Deliberation opinions (审议意见) as sentences for the status line.  See narrate.h. */
#include "tui/i18n.h"
#include "tui/narrate.h"

void narrate_opinion(FILE *out, const struct core_state *s, const struct event *e)
{
    int id = (int)e->p.id;
    const struct item *it = core_item(s, e->p.item);
    switch (e->type) {
    case EV_OPINION_DRAFTED:
        fprintf(out, _("deliberation opinion %d drafted, to %s"), id, e->p.detail);
        break;
    case EV_OPINION_EDITED:
        fprintf(out, _("deliberation opinion %d edited"), id);
        break;
    case EV_OPINION_ADOPTED:
        fprintf(out, _("deliberation opinion %d adopted, the report due %s"), id, e->p.date);
        break;
    case EV_OPINION_PLACED:
        fprintf(out, _("the draft opinions are put to a vote: %s"), it ? it->title : "?");
        break;
    default:
        fprintf(out, _("deliberation opinion %d: its report is heard on %s"), id,
                it ? it->title : "?");
        break;
    }
}
