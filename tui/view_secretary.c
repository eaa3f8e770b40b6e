/* The secretary's console: the tabs, the prompts and pick lists every tab uses, and the
 * feed's reports.  See view_secretary.h for the screen's layout. */
#include "tui/view_secretary.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/exam_words.h"
#include "tui/i18n.h"
#include "tui/text.h"

enum { KEY_ESC = 27, KEY_TAB = 9, KEYS_MAX = 40, PICK_LINE = PAINT_TEXT_MAX, PICK_PAGE = 10 };

static const struct sec_tab *const tabs[TAB_COUNT] = {
    &sec_roster_tab, &sec_agenda_tab, &sec_speakers_tab, &sec_inquiry_tab,
    &sec_notes_tab,  &sec_export_tab, &sec_motions_tab,  &sec_opinions_tab,
};

/* ---- the keys shown: the current tab's, or the prompt's while one is asked ---- */

static const struct screen_key common_keys[] = {
    {"Tab", N_("next tab")},
    {"S-Tab", N_("previous tab")},
    {"1-8", N_("go to a tab")},
    {NULL, NULL},
};
static const struct screen_key prompt_keys[] = {
    {"Enter", N_("done")},
    {"Esc", N_("cancel")},
    {"Ctrl-U", N_("clear the field")},
    {"Left, Right", N_("move in the field")},
    {NULL, NULL},
};
static const struct screen_key pick_keys[] = {
    {"Enter", N_("take the one marked")},    {"Esc", N_("cancel")}, {"Up, Down", N_("move")},
    {"PgUp, PgDn", N_("a page up or down")}, {NULL, NULL},
};

/* The screen reads its keys from the view; one secretary console runs per process, so the
 * table the view points at is rewritten when the tab or the mode changes. */
static struct screen_key shown_keys[KEYS_MAX];

static int add_keys(int n, const struct screen_key *k)
{
    for (; k->key && n < KEYS_MAX - 1; k++) shown_keys[n++] = *k;
    return n;
}

static void refresh_keys(const struct secretary *s)
{
    int n = 0;
    if (s->prompt.on) {
        n = add_keys(n, prompt_keys);
    } else if (s->pick.on) {
        n = add_keys(n, pick_keys);
    } else {
        n = add_keys(n, tabs[s->tab]->keys);
        n = add_keys(n, common_keys);
    }
    shown_keys[n] = (struct screen_key){NULL, NULL};
}

/* ---- helpers for the tabs ---- */

void sec_send(struct secretary *s, const struct command *c)
{
    if (base_send(&s->base, c, NULL))
        base_notice(&s->base, ST_TEXT, "%s", _("Sent; waiting for the meeting host..."));
}

void sec_send_text(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.text, sizeof s->draft.p.text, "%s", text);
    sec_send(s, &s->draft);
}

void sec_ask(struct secretary *s, const char *label, const char *text, size_t max, sec_text_fn done)
{
    s->prompt.on = true;
    snprintf(s->prompt.label, sizeof s->prompt.label, "%s", label);
    entry_init(&s->prompt.field, max, text);
    s->prompt.done = done;
    refresh_keys(s);
}

void sec_pick(struct secretary *s, enum sec_pick_source source, const char *title, sec_pick_fn done)
{
    s->pick.on = true;
    s->pick.source = source;
    snprintf(s->pick.title, sizeof s->pick.title, "%s", title);
    entry_init(&s->pick.filter, NAME_MAX_BYTES - 1, NULL);
    s->pick.list = (struct sec_list){0, 0};
    s->pick.done = done;
    refresh_keys(s);
}

bool sec_list_key(struct sec_list *l, int count, int page, int rc, wint_t ch)
{
    if (rc != KEY_CODE_YES || count <= 0) return false;
    int to = l->cur;
    switch (ch) {
    case KEY_UP:
        to--;
        break;
    case KEY_DOWN:
        to++;
        break;
    case KEY_PPAGE:
        to -= page > 1 ? page - 1 : 1;
        break;
    case KEY_NPAGE:
        to += page > 1 ? page - 1 : 1;
        break;
    case KEY_HOME:
        to = 0;
        break;
    case KEY_END:
        to = count - 1;
        break;
    default:
        return false;
    }
    l->cur = to < 0 ? 0 : to >= count ? count - 1 : to;
    return true;
}

void sec_list_fit(struct sec_list *l, int count, int rows)
{
    if (l->cur >= count) l->cur = count - 1;
    if (l->cur < 0) l->cur = 0;
    if (rows < 1) rows = 1;
    if (l->top > l->cur) l->top = l->cur;
    if (l->cur >= l->top + rows) l->top = l->cur - rows + 1;
    if (l->top > count - rows) l->top = count - rows;
    if (l->top < 0) l->top = 0;
}

enum screen_style sec_row(struct screen *scr, int y, int cols, bool selected)
{
    if (!selected) return ST_TEXT;
    screen_fill(scr, y, 0, cols, ST_HEADER);
    screen_put(scr, y, 0, 2, ST_HEADER, ">");
    return ST_HEADER;
}

int sec_cell(struct screen *scr, int y, int x, int w, enum screen_style st, const char *text)
{
    if (w > 0) screen_put(scr, y, x, w, st, text);
    return x + w + 1;
}

int sec_item_index(const struct core_state *st, int32_t id)
{
    for (int i = 0; i < st->item_count; i++)
        if (st->items[i].id == id) return i;
    return -1;
}

struct item *sec_item(struct secretary *s, const struct core_state *st)
{
    struct item *it = core_item(st, s->item);
    if (!it) it = core_open_item(st);
    if (!it && st->item_count > 0) {
        int i = s->lists[TAB_AGENDA].cur;
        it = &st->items[i >= 0 && i < st->item_count ? i : 0];
    }
    if (it) s->item = it->id;
    return it;
}

int sec_item_line(struct screen *scr, const struct core_state *st, const struct item *it, int y,
                  int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("[%s]"), label_item_kind(it->kind));
    int x = paint_at(scr, y, 1, cols, ST_STRONG, text);
    snprintf(text, sizeof text, "%d/%d %s", sec_item_index(st, it->id) + 1, st->item_count,
             label_item_state(it->state));
    x = paint_at(scr, y, x + 1, cols, ST_TEXT, text);
    paint_at(scr, y, x + 2, cols - 1, ST_STRONG, it->title);
    return y + 1;
}

const char *sec_attendance(const struct person *p)
{
    switch (p->attendance) {
    case ATT_PRESENT:
        return _("signed in");
    case ATT_LEAVE:
        return _("on leave");
    default:
        return _("not signed in");
    }
}

/* ---- pick lists ---- */

/* Entry i of the pick's source (before the filter): its id and words; false past the end. */
static bool pick_entry(const struct secretary *s, const struct core_state *st, int i, int32_t *id,
                       char *text, size_t n)
{
    switch (s->pick.source) {
    case PICK_PERSON:
    case PICK_MEMBER: {
        if (i >= st->person_count) return false;
        const struct person *p = &st->people[i];
        *id = p->kind == PERSON_MEMBER || s->pick.source == PICK_PERSON ? p->id : -1;
        snprintf(text, n, "%3d  %s  %s  (%s)", (int)p->seat, p->name, p->title,
                 p->kind == PERSON_MEMBER ? sec_attendance(p) : _("attendee"));
        return true;
    }
    case PICK_KIND: /* in the enum's order, but "other" last: kinds added later come before it */
        if (i >= ITEM_KIND_COUNT) return false;
        *id = i < ITEM_OTHER ? i : i + 1 < ITEM_KIND_COUNT ? i + 1 : ITEM_OTHER;
        snprintf(text, n, "%s", label_item_kind((enum item_kind) * id));
        return true;
    case PICK_RESPONDENT: {
        const struct item *it = core_item(st, s->draft.p.item);
        if (!it || i > it->respondent_count) return false;
        if (i == 0) {
            *id = 0;
            snprintf(text, n, "%s", _("(any respondent)"));
            return true;
        }
        const struct respondent *r = &it->respondents[i - 1];
        *id = r->id;
        snprintf(text, n, "%s  %s  %s", r->name, r->post, r->department);
        return true;
    }
    case PICK_NOMINEE: {
        const struct item *it = core_item(st, s->draft.p.item);
        if (!it || i >= it->ballot.subject_count) return false;
        const struct subject *sub = &it->ballot.subjects[i];
        char words[64] = "";
        if (paint_shows_exam(st, it, sub)) exam_result_words(&sub->exam, words, sizeof words);
        *id = sub->nominee.is_case ? sub->id : -1;
        paint_subject_name(sub, text, n);
        if (words[0]) snprintf(text + strlen(text), n - strlen(text), "  %s", words);
        return true;
    }
    }
    return false;
}

/* The k-th entry that the filter lets through (k < 0: count them); the count, or the id. */
static int32_t pick_match(const struct secretary *s, const struct core_state *st, int k, char *text,
                          size_t n)
{
    int found = 0;
    int32_t id;
    for (int i = 0; pick_entry(s, st, i, &id, text, n); i++) {
        if (id < 0 || (s->pick.filter.text[0] && !strstr(text, s->pick.filter.text))) continue;
        if (found++ == k) return id;
    }
    return k < 0 ? found : -1;
}

static bool pick_searches(const struct secretary *s)
{
    return s->pick.source == PICK_PERSON || s->pick.source == PICK_MEMBER;
}

static void draw_pick(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                      int rows, int cols)
{
    char text[PICK_LINE];
    screen_put(scr, y, 1, cols - 2, ST_STRONG, s->pick.title);
    if (pick_searches(s)) {
        int x = paint_at(scr, y + 1, 1, cols, ST_TEXT, _("Search (part of a name or a seat): "));
        entry_draw(scr, &s->pick.filter, y + 1, x, cols - x - 1, ST_TEXT);
        y++;
    }
    y += 2;
    int count = pick_match(s, st, -1, text, sizeof text), shown = rows - y;
    sec_list_fit(&s->pick.list, count, shown);
    if (count == 0) screen_put(scr, y, PAINT_LEFT, cols - 4, ST_TEXT, _("(nothing matches)"));
    for (int k = s->pick.list.top; k < count && k - s->pick.list.top < shown; k++) {
        int row = y + k - s->pick.list.top;
        pick_match(s, st, k, text, sizeof text);
        enum screen_style style = sec_row(scr, row, cols, k == s->pick.list.cur);
        screen_put(scr, row, 2, cols - 3, style, text);
    }
}

static void pick_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    char text[PICK_LINE];
    int count = pick_match(s, st, -1, text, sizeof text);
    if (sec_list_key(&s->pick.list, count, PICK_PAGE, rc, ch)) return;
    /* people are found by typing; the other lists are short */
    struct entry *filter = pick_searches(s) ? &s->pick.filter : &(struct entry){0};
    switch (entry_key(filter, rc, ch)) {
    case ENTRY_CANCEL:
        s->pick.on = false;
        base_notice(&s->base, ST_TEXT, "%s", _("Not done."));
        break;
    case ENTRY_DONE: {
        int32_t id = count > 0 ? pick_match(s, st, s->pick.list.cur, text, sizeof text) : -1;
        if (id < 0) return;
        s->pick.on = false;
        s->pick.done(s, id);
        break;
    }
    case ENTRY_EDITED:
        s->pick.list = (struct sec_list){0, 0};
        break;
    default:
        break;
    }
}

static void prompt_key(struct secretary *s, int rc, wint_t ch)
{
    switch (entry_key(&s->prompt.field, rc, ch)) {
    case ENTRY_CANCEL:
        s->prompt.on = false;
        base_notice(&s->base, ST_TEXT, "%s", _("Not done."));
        break;
    case ENTRY_DONE: {
        char text[ENTRY_MAX];
        snprintf(text, sizeof text, "%s", s->prompt.field.text);
        s->prompt.on = false;
        s->prompt.done(s, text);
        break;
    }
    default:
        break;
    }
}

/* ---- the sitting followed: the plenary, a group (分组会议) or the joint sitting (联组会议) ----
 */

/* When the meeting starts sitting otherwise, the tab follows: the first group, the joint
 * sitting, the plenary. */
void sec_follow_sitting(struct secretary *s, const struct core_state *st)
{
    if (st->meeting.sits == s->sits_seen) return;
    s->sits_seen = st->meeting.sits;
    s->sitting = st->meeting.sits == SITS_GROUPS ? 1 : core_sitting_of(st, 0);
}

/* t: the next sitting of the meeting, the plenary after the last. */
void sec_next_sitting(struct secretary *s, const struct core_state *st)
{
    int32_t n = st->meeting.group_count;
    if (n == 0) return;
    if (s->sitting == SITTING_JOINT)
        s->sitting = SITTING_PLENARY;
    else if (s->sitting >= n)
        s->sitting = SITTING_JOINT;
    else
        s->sitting++;
}

/* ---- the view ---- */

/* When the chair opens another item, the tabs turn to it. */
static void follow_open_item(struct secretary *s, const struct core_state *st)
{
    if (st->meeting.current_item == s->followed) return;
    s->followed = st->meeting.current_item;
    if (s->followed) s->item = s->followed;
}

/* Each tab " N name " with a column between; where that is wider than the screen (eight tabs
 * in English at 80 columns), only the current tab keeps its spaces. */
static void draw_tabs(struct secretary *s, struct screen *scr, int cols)
{
    int wide = 1;
    for (int t = 0; t < TAB_COUNT; t++) wide += text_width(_(tabs[t]->name)) + 5;
    int x = 1;
    for (int t = 0; t < TAB_COUNT; t++) {
        char text[64];
        bool spaced = wide <= cols || t == (int)s->tab;
        snprintf(text, sizeof text, spaced ? " %d %s " : "%d %s", t + 1, _(tabs[t]->name));
        x = paint_at(scr, 2, x, cols, t == (int)s->tab ? ST_HEADER : ST_TEXT, text) + 1;
    }
}

static void draw_prompt(struct secretary *s, struct screen *scr, int y, int cols)
{
    int x = paint_at(scr, y, 1, cols, ST_STRONG, s->prompt.label);
    entry_draw(scr, &s->prompt.field, y, x + 1, cols - x - 2, ST_TEXT);
}

static void secretary_draw(void *ctx, struct screen *scr, int rows, int cols)
{
    struct secretary *s = ctx;
    const struct core_state *st = feed_state(&s->base.feed);
    if (!st) {
        screen_fill(scr, 0, 0, cols, ST_HEADER);
        screen_put(scr, 0, 1, cols - 2, ST_HEADER, _("cmte secretary"));
        paint_center(scr, rows / 2, cols, ST_STRONG, _("Connecting to the meeting host..."));
        return;
    }
    follow_open_item(s, st);
    paint_header(scr, st, feed_now(&s->base.feed), cols);
    paint_attendance(scr, st, cols);
    draw_tabs(s, scr, cols);
    int body_end = s->prompt.on ? rows - 1 : rows;
    if (s->pick.on)
        draw_pick(s, scr, st, SEC_BODY_TOP, body_end, cols);
    else
        tabs[s->tab]->draw(s, scr, st, SEC_BODY_TOP, body_end, cols);
    if (s->prompt.on) draw_prompt(s, scr, rows - 1, cols);
}

static void go_to_tab(struct secretary *s, int t)
{
    s->tab = (enum sec_tab_id)((t + TAB_COUNT) % TAB_COUNT);
    refresh_keys(s);
}

static bool tab_key(struct secretary *s, int rc, wint_t ch)
{
    if (rc == OK && ch == KEY_TAB) return go_to_tab(s, (int)s->tab + 1), true;
    if (rc == KEY_CODE_YES && ch == KEY_BTAB) return go_to_tab(s, (int)s->tab - 1), true;
    if (rc == OK && ch >= L'1' && ch < L'1' + TAB_COUNT)
        return go_to_tab(s, (int)(ch - L'1')), true;
    return false;
}

/* Text is typed in a prompt, or to find a name in a pick list. */
static bool secretary_editing(void *ctx)
{
    const struct secretary *s = ctx;
    return s->prompt.on || s->pick.on;
}

static void secretary_key(void *ctx, struct screen *scr, int rc, wint_t ch)
{
    struct secretary *s = ctx;
    const struct core_state *st = feed_state(&s->base.feed);
    screen_dirty(scr);
    if (base_ask_key(&s->base, rc, ch)) return;
    base_key(&s->base);
    if (!st) return;
    follow_open_item(s, st);
    if (s->pick.on)
        pick_key(s, st, rc, ch);
    else if (s->prompt.on)
        prompt_key(s, rc, ch);
    else if (!tab_key(s, rc, ch))
        tabs[s->tab]->key(s, st, rc, ch);
    refresh_keys(s);
}

static int64_t secretary_tick_ms(void *ctx)
{
    struct secretary *s = ctx;
    const struct core_state *st = feed_state(&s->base.feed);
    return st ? paint_tick_ms(st, feed_now(&s->base.feed)) : -1;
}

const struct screen_view secretary_view = {
    .draw = secretary_draw,
    .key = secretary_key,
    .tick_ms = secretary_tick_ms,
    .keys = shown_keys,
    .editing = secretary_editing,
    .title = N_("Secretary: keys"),
    .confirm_quit = true,
};

/* An accepted command: the event it made speaks for itself in the status line. */
static void secretary_on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct secretary *s = ctx;
    (void)c;
    if (!a->ok) return base_refusal(&s->base, a);
    if (s->base.notice[0] && s->base.notice_style != ST_ALERT) base_key(&s->base);
}

const struct link_events secretary_events = {
    .status = base_on_status,
    .welcome = base_on_welcome,
    .synced = base_on_synced,
    .applied = base_on_applied,
    .answer = secretary_on_answer,
};

struct secretary *secretary_new(void)
{
    struct secretary *s = calloc(1, sizeof *s);
    if (s) refresh_keys(s);
    return s;
}

void secretary_free(struct secretary *s)
{
    free(s);
}
