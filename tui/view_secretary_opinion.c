/* The secretary's opinions tab (审议意见): the item worked on (its kind, place and title; [ and ]
 * step through the meeting's deliberations, inquiries and evaluations), then every opinion of
 * the committee with its state, its due date (overdue ones marked, by the hub's date) and its
 * organ, and the one under the cursor in full below.  d drafts an opinion on the item (the
 * organ prefilled with its department, then the text), e edits a draft, l links the opinion to
 * the item as the report on it (a later meeting's), v puts the item's drafts to a vote where
 * the rules say opinions are adopted by one (or the marked draft's, left from an earlier
 * meeting).  See view_secretary.h. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/export.h"
#include "tui/i18n.h"
#include "tui/view_secretary.h"

enum { PAGE = 10, DETAIL_ROWS = 5 };

static bool workable(const struct item *it)
{
    return it->kind == ITEM_DELIBERATION || it->kind == ITEM_INQUIRY || it->kind == ITEM_EVALUATION;
}

/* The item the tab works on: the one chosen with [ ], else the open one, else the first. */
static const struct item *work_item(struct secretary *s, const struct core_state *st)
{
    const struct item *it = core_item(st, s->opinion_item);
    if (it && workable(it)) return it;
    it = core_open_item(st);
    for (int i = 0; (!it || !workable(it)) && i < st->item_count; i++) it = &st->items[i];
    if (!it || !workable(it)) return NULL;
    s->opinion_item = it->id;
    return it;
}

static void step_item(struct secretary *s, const struct core_state *st, int by)
{
    const struct item *it = work_item(s, st);
    if (!it) return;
    int at = sec_item_index(st, it->id);
    for (int k = 1; k < st->item_count; k++) {
        const struct item *next = &st->items[(at + by * k + st->item_count * k) % st->item_count];
        if (workable(next)) {
            s->opinion_item = next->id;
            return;
        }
    }
}

static void opinion_row(struct screen *scr, const struct core_state *st, const struct opinion *o,
                        const char *today, int y, int cols, bool selected)
{
    enum screen_style style = sec_row(scr, y, cols, selected);
    bool late = core_opinion_overdue(st, o, today);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%d", (int)o->id);
    int x = sec_cell(scr, y, 2, 4, style, text);
    x = sec_cell(scr, y, x, 14, style, export_opinion_state(core_opinion_state(st, o)));
    snprintf(text, sizeof text, late ? _("%s overdue") : "%s", o->due[0] ? o->due : "—");
    x = sec_cell(scr, y, x, 18, late && !selected ? ST_ALERT : style, text);
    x = sec_cell(scr, y, x, 14, style, o->organ);
    sec_cell(scr, y, x, cols - x - 1, selected ? style : ST_STRONG, o->item_title);
}

/* Where a draft put to a vote stands: on the agenda, or voted down (v puts it again). */
static const char *vote_stand(const struct core_state *st, const struct opinion *o)
{
    const struct item *vote = o->state == OPINION_DRAFT ? core_item(st, o->vote_item) : NULL;
    if (!vote) return "";
    if (vote->ballot.state != BALLOT_CLOSED) return _("; put to a vote");
    return _("; voted down: v puts it to a vote again");
}

static void opinion_detail(struct screen *scr, const struct core_state *st, const struct opinion *o,
                           int y, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("No. %d, meeting no. %d, to %s"), (int)o->id, (int)o->meeting,
             o->organ);
    size_t len = strlen(text);
    if (o->adopted_date[0])
        snprintf(text + len, sizeof text - len, _("; adopted %s, due %s"), o->adopted_date, o->due);
    else
        snprintf(text + len, sizeof text - len, "%s", vote_stand(st, o));
    screen_put(scr, y, 1, cols - 2, ST_STRONG, text);
    screen_wrap(scr, y + 1, 1, cols - 2, rows - y - 1, ST_TEXT, o->text);
}

static void opinions_draw(struct secretary *s, struct screen *scr, const struct core_state *st,
                          int y, int rows, int cols)
{
    const struct item *it = work_item(s, st);
    if (it)
        y = sec_item_line(scr, st, it, y, cols);
    else
        screen_put(scr, y++, 1, cols - 2, ST_TEXT, _("No deliberation on the agenda."));
    if (!st->opinion_count) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT,
                   _("No deliberation opinion yet: d drafts one on the item above."));
        return;
    }
    char today[DATE_MAX_BYTES + 8];
    sec_today(s, st, today, sizeof today);
    struct sec_list *l = &s->lists[TAB_OPINIONS];
    int list_rows = rows - y - DETAIL_ROWS - 1;
    sec_list_fit(l, st->opinion_count, list_rows);
    for (int i = l->top; i < st->opinion_count && i - l->top < list_rows; i++)
        opinion_row(scr, st, &st->opinions[i], today, y + i - l->top, cols, i == l->cur);
    opinion_detail(scr, st, &st->opinions[l->cur], rows - DETAIL_ROWS, rows, cols);
}

static const struct opinion *selected(struct secretary *s, const struct core_state *st)
{
    int i = s->lists[TAB_OPINIONS].cur;
    return i >= 0 && i < st->opinion_count ? &st->opinions[i] : NULL;
}

/* The organ typed: the text is asked next, prefilled with the draft's when editing. */
static void organ_done(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.detail, sizeof s->draft.p.detail, "%s", text);
    const struct core_state *st = feed_state(&s->base.feed);
    const struct opinion *o = st ? core_opinion(st, s->draft.p.id) : NULL;
    sec_ask(s, _("The opinion:"), o ? o->text : "", OPINION_TEXT_MAX - 1, sec_send_text);
}

static void draft_start(struct secretary *s, const struct item *it)
{
    memset(&s->draft, 0, sizeof s->draft);
    s->draft.type = CMD_OPINION_DRAFT;
    s->draft.p.item = it->id;
    sec_ask(s, _("Organ that must answer:"), it->department, TITLE_MAX_BYTES - 1, organ_done);
}

static void edit_start(struct secretary *s, const struct opinion *o)
{
    memset(&s->draft, 0, sizeof s->draft);
    s->draft.type = CMD_OPINION_EDIT;
    s->draft.p.id = o->id;
    sec_ask(s, _("Organ that must answer:"), o->organ, TITLE_MAX_BYTES - 1, organ_done);
}

static void vote_title_done(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.title, sizeof s->draft.p.title, "%s", text);
    sec_send(s, &s->draft);
}

/* The drafts v puts to a vote: the marked draft's item's when that item is of an earlier
 * meeting (left from it, no longer on the agenda), else the item worked on's.  Refused here,
 * before the title is asked, where the hub would refuse it. */
static void vote_start(struct secretary *s, const struct core_state *st, const struct item *it,
                       const struct opinion *o)
{
    if (!st->rules.opinion_by_vote)
        return base_notice(&s->base, ST_ALERT, "%s",
                           _("[!] Here the chair adopts the opinions (A on the chair's console): "
                             "no vote."));
    bool left = o && o->state == OPINION_DRAFT && !core_item(st, o->item);
    int32_t item = left ? o->item : it ? it->id : 0;
    if (!item || !core_opinion_drafts_waiting(st, item))
        return base_notice(&s->base, ST_ALERT, "%s",
                           _("[!] No draft on this item waits for a vote: d drafts one."));
    memset(&s->draft, 0, sizeof s->draft);
    s->draft.type = CMD_OPINION_PLACE;
    s->draft.p.item = item;
    char title[ITEM_TITLE_MAX + PAINT_TEXT_MAX]; /* the field cuts it, between characters */
    snprintf(title, sizeof title, _("Deliberation opinions on %s"),
             left ? o->item_title : it->title);
    sec_ask(s, _("Title of the vote:"), title, ITEM_TITLE_MAX - 1, vote_title_done);
}

static void link(struct secretary *s, const struct opinion *o, const struct item *it)
{
    struct command c = {.type = CMD_OPINION_LINK};
    c.p.id = o->id;
    c.p.item = it->id;
    sec_send(s, &c);
}

static bool opinions_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    if (sec_list_key(&s->lists[TAB_OPINIONS], st->opinion_count, PAGE, rc, ch)) return true;
    if (rc != OK) return false;
    if (ch == L'[' || ch == L']') return step_item(s, st, ch == L']' ? 1 : -1), true;
    const struct item *it = work_item(s, st);
    const struct opinion *o = selected(s, st);
    if (ch == L'd' && it) return draft_start(s, it), true;
    if (ch == L'v') return vote_start(s, st, it, o), true;
    if (ch == L'e' && o) return edit_start(s, o), true;
    if (ch == L'l' && o && it) return link(s, o, it), true;
    return false;
}

static const struct screen_key opinions_keys[] = {
    {"d", N_("draft")},     {"e", N_("edit")},        {"l", N_("link to the item")},
    {"v", N_("to a vote")}, {"[, ]", N_("the item")}, {"Up, Down", N_("choose")},
    {NULL, NULL},
};

const struct sec_tab sec_opinions_tab = {N_("Opinions"), opinions_draw, opinions_key,
                                         opinions_keys};
