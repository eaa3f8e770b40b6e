/* The deliberation opinions (审议意见) in writing: `cmte export --opinions` (the overdue ones,
 * then the other open ones, each with its organ, due date and state; Markdown or JSON) and
 * their part of the minutes (those adopted at the meeting, and the reports heard on them). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tui/export.h"
#include "tui/i18n.h"

static const char *const state_labels[OPINION_STATE_COUNT] = {
    N_("draft"), N_("report awaited"), N_("being reported"), N_("handled"), N_("second report")};

const char *export_opinion_state(enum opinion_state st)
{
    return (int)st >= 0 && st < OPINION_STATE_COUNT ? _(state_labels[st]) : "?";
}

/* One opinion as a Markdown section: the item, the organ, the state, the dates, the text. */
static void md_opinion(FILE *out, const struct core_state *s, const struct opinion *o,
                       const char *today)
{
    fprintf(out, _("### No. %d: "), (int)o->id);
    export_md_text(out, o->item_title);
    fprintf(out, _(" (meeting no. %d)\n\n"), (int)o->meeting);
    fputs(_("- Organ to answer: "), out);
    export_md_text(out, o->organ);
    fprintf(out, _("\n- State: %s\n"), export_opinion_state(core_opinion_state(s, o)));
    if (o->adopted_date[0]) fprintf(out, _("- Adopted: %s\n"), o->adopted_date);
    if (o->due[0])
        fprintf(out,
                today && core_opinion_overdue(s, o, today) ? _("- Due: %s (overdue)\n")
                                                           : _("- Due: %s\n"),
                o->due);
    if (o->hearings) fprintf(out, _("- Reports heard: %d\n"), (int)o->hearings);
    fputs(_("- Text: "), out);
    export_md_text(out, o->text);
    fputs("\n\n", out);
}

static bool open_opinion(const struct opinion *o)
{
    return o->state != OPINION_CLOSED;
}

void export_opinions_md(FILE *out, const struct core_state *s, const char *today)
{
    fprintf(out, _("# Deliberation opinions, as of %s\n\n"), today);
    int overdue = 0, open = 0;
    for (int i = 0; i < s->opinion_count; i++) {
        const struct opinion *o = &s->opinions[i];
        bool late = core_opinion_overdue(s, o, today);
        overdue += late;
        open += open_opinion(o) && !late;
    }
    fprintf(out, _("## Overdue (%d)\n\n"), overdue);
    if (!overdue) fputs(_("None.\n\n"), out);
    for (int i = 0; i < s->opinion_count; i++)
        if (core_opinion_overdue(s, &s->opinions[i], today))
            md_opinion(out, s, &s->opinions[i], today);
    fprintf(out, _("## Open, not overdue (%d)\n\n"), open);
    if (!open) fputs(_("None.\n\n"), out);
    for (int i = 0; i < s->opinion_count; i++) {
        const struct opinion *o = &s->opinions[i];
        if (open_opinion(o) && !core_opinion_overdue(s, o, today)) md_opinion(out, s, o, today);
    }
}

static cJSON *json_opinion(const struct core_state *s, const struct opinion *o, const char *today)
{
    cJSON *x = cJSON_CreateObject();
    cJSON_AddNumberToObject(x, "id", o->id);
    cJSON_AddStringToObject(x, "state", opinion_state_name(core_opinion_state(s, o)));
    cJSON_AddNumberToObject(x, "meeting", o->meeting);
    cJSON_AddStringToObject(x, "item", o->item_title);
    cJSON_AddStringToObject(x, "organ", o->organ);
    cJSON_AddStringToObject(x, "adopted", o->adopted_date);
    cJSON_AddStringToObject(x, "due", o->due);
    cJSON_AddBoolToObject(x, "overdue", core_opinion_overdue(s, o, today));
    cJSON_AddNumberToObject(x, "hearings", o->hearings);
    cJSON_AddStringToObject(x, "text", o->text);
    return x;
}

char *export_opinions_json(const struct core_state *s, const char *today)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "today", today);
    cJSON *all = cJSON_AddArrayToObject(root, "opinions");
    for (int i = 0; all && i < s->opinion_count; i++)
        if (open_opinion(&s->opinions[i]))
            cJSON_AddItemToArray(all, json_opinion(s, &s->opinions[i], today));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

/* Was the opinion's report heard at this meeting, or is it on this meeting's agenda? */
static bool report_here(const struct core_state *s, const struct opinion *o)
{
    if (o->state == OPINION_REPORTED) return core_item(s, o->report_item) != NULL;
    return o->hearings && o->report_meeting == s->meeting.number;
}

void export_minutes_opinions(FILE *out, const struct core_state *s)
{
    int adopted = 0, reports = 0;
    for (int i = 0; i < s->opinion_count; i++) {
        adopted += s->opinions[i].adopted_meeting == s->meeting.number;
        reports += report_here(s, &s->opinions[i]);
    }
    if (adopted) fputs(_("## Deliberation opinions adopted\n\n"), out);
    for (int i = 0; i < s->opinion_count; i++)
        if (s->opinions[i].adopted_meeting == s->meeting.number)
            md_opinion(out, s, &s->opinions[i], NULL);
    if (reports) fputs(_("## Reports heard on deliberation opinions\n\n"), out);
    for (int i = 0; i < s->opinion_count; i++)
        if (report_here(s, &s->opinions[i])) md_opinion(out, s, &s->opinions[i], NULL);
}
