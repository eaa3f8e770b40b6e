/* The secretary's console: appointments (人事任免).  From the agenda tab, on an appointment
 * item: `w` records the written statement (书面发言) of a nominee who cannot attend; `c` checks
 * off that the certificates (任命书) were handed over, after which the chair may start the
 * constitutional oath.  The tab warns when a post's appointment is listed before the dismissal
 * or removal from it (that one is voted first). */
#include <stdio.h>

#include "tui/i18n.h"
#include "tui/view_secretary.h"

static bool need_appointment(struct secretary *s, const struct item *it)
{
    if (it->kind == ITEM_APPOINTMENT) return true;
    base_notice(&s->base, ST_WARN, "%s", _("[!] Choose an appointment item on the agenda first."));
    return false;
}

static void statement_done(struct secretary *s, const char *text)
{
    if (!text[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] The statement is empty: nothing was sent."));
        return;
    }
    snprintf(s->draft.p.text, sizeof s->draft.p.text, "%s", text);
    sec_send(s, &s->draft);
}

static void statement_nominee(struct secretary *s, int32_t id)
{
    const struct core_state *st = feed_state(&s->base.feed);
    const struct item *it = st ? core_item(st, s->draft.p.item) : NULL;
    const struct subject *sub = it ? core_subject(&it->ballot, id) : NULL;
    if (!sub) return;
    s->draft.p.id = id;
    char label[PAINT_TEXT_MAX];
    snprintf(label, sizeof label, _("Written statement of %s:"), sub->name);
    sec_ask(s, label, sub->nominee.statement, TEXT_MAX_BYTES - 1, statement_done);
}

bool sec_statement_start(struct secretary *s, const struct item *it)
{
    if (!need_appointment(s, it)) return true;
    s->draft = (struct command){.type = CMD_STATEMENT_RECORD};
    s->draft.p.item = it->id;
    sec_pick(s, PICK_NOMINEE, _("Whose written statement? (a nominee who cannot attend)"),
             statement_nominee);
    return true;
}

bool sec_certificates(struct secretary *s, const struct item *it)
{
    if (!need_appointment(s, it)) return true;
    struct command c = {.type = CMD_CERTIFICATES_GIVE};
    c.p.item = it->id;
    base_ask(&s->base, &c, _("The certificates (任命书) have been handed over?"));
    return true;
}

int sec_order_warning(struct screen *scr, const struct core_state *st, int y, int cols)
{
    const struct subject *appointment, *removal;
    if (!core_case_order_wrong(st, &appointment, &removal)) return 0;
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text,
             _("[!] %s (%s) is listed after the appointment of %s to the same post: vote the "
               "%s first."),
             removal->name, label_case(removal->nominee.kind), appointment->name,
             label_case(removal->nominee.kind));
    return screen_wrap(scr, y, 1, cols - 2, 2, ST_ALERT, text);
}
