/* The secretary's roster (名单: attendance, leave with a reason) and agenda (议程: add, edit,
 * remove, reorder) tabs.  See view_secretary.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_secretary.h"

enum { WIDE = 110, PAGE = 10, ATTENDANCE_MAX = 48 };

/* ---- roster ---- */

struct roster_columns {
    int seat, name, title, group, att, link;
};

static void roster_columns(int cols, struct roster_columns *c)
{
    c->seat = 4, c->name = 10, c->link = 8;
    c->group = cols >= WIDE ? 14 : 0;
    c->title = cols >= WIDE ? 28 : 18;
    c->att = cols - 2 - c->seat - c->name - c->title - c->group - c->link - 7;
    if (c->att > ATTENDANCE_MAX) c->att = ATTENDANCE_MAX; /* the console column stays near */
}

static void attendance_text(const struct person *p, char *buf, size_t n)
{
    if (p->attendance == ATT_LEAVE && p->reason[0]) {
        snprintf(buf, n, _("on leave (%s)"), p->reason);
    } else if (p->attendance == ATT_PRESENT && p->signed_in_at > 0) {
        time_t t = (time_t)(p->signed_in_at / 1000);
        struct tm tm;
        char hm[16] = "";
        if (localtime_r(&t, &tm)) strftime(hm, sizeof hm, "%H:%M", &tm);
        snprintf(buf, n, "%s %s", sec_attendance(p), hm);
    } else {
        snprintf(buf, n, "%s", sec_attendance(p));
    }
}

static void roster_heading(struct screen *scr, const struct roster_columns *c, int y)
{
    int x = sec_cell(scr, y, 2, c->seat, ST_STRONG, _("Seat"));
    x = sec_cell(scr, y, x, c->name, ST_STRONG, _("Full name"));
    x = sec_cell(scr, y, x, c->title, ST_STRONG, _("Title"));
    if (c->group) x = sec_cell(scr, y, x, c->group, ST_STRONG, _("Group"));
    x = sec_cell(scr, y, x, c->att, ST_STRONG, _("Attendance"));
    sec_cell(scr, y, x, c->link, ST_STRONG, _("Console"));
}

/* Does p convene their group in this meeting (once the group has its sitting)? */
static bool convenes(const struct core_state *st, const struct person *p)
{
    int32_t k = core_group_sitting(st, p->group);
    return k && core_convener(st, k) == p->id;
}

static void roster_row(struct screen *scr, const struct core_state *state, const struct person *p,
                       const struct roster_columns *c, int y, int cols, bool selected)
{
    enum screen_style st = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX], seat[16] = "";
    if (p->seat) snprintf(seat, sizeof seat, "%3d", (int)p->seat);
    int x = sec_cell(scr, y, 2, c->seat, st, seat);
    x = sec_cell(scr, y, x, c->name, selected ? st : ST_STRONG, p->name);
    if (p->kind == PERSON_ATTENDEE)
        snprintf(text, sizeof text, _("attendee %s"), p->title);
    else if (convenes(state, p))
        snprintf(text, sizeof text, _("%s, convener"), p->title);
    else
        snprintf(text, sizeof text, "%s", p->title);
    x = sec_cell(scr, y, x, c->title, st, text);
    if (c->group) x = sec_cell(scr, y, x, c->group, st, p->group);
    attendance_text(p, text, sizeof text);
    enum screen_style att = p->attendance == ATT_PRESENT ? ST_GOOD : ST_TEXT;
    x = sec_cell(scr, y, x, c->att, selected ? st : att, text);
    if (p->seat) sec_cell(scr, y, x, c->link, st, p->connected ? _("online") : _("offline"));
}

static void roster_draw(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                        int rows, int cols)
{
    struct roster_columns c;
    roster_columns(cols, &c);
    roster_heading(scr, &c, y++);
    struct sec_list *l = &s->lists[TAB_ROSTER];
    sec_list_fit(l, st->person_count, rows - y);
    for (int i = l->top; i < st->person_count && y < rows; i++, y++)
        roster_row(scr, st, &st->people[i], &c, y, cols, i == l->cur);
}

static struct person *roster_person(struct secretary *s, const struct core_state *st)
{
    int i = s->lists[TAB_ROSTER].cur;
    return i >= 0 && i < st->person_count ? &st->people[i] : NULL;
}

static void send_attendance(struct secretary *s, int32_t person, enum attendance a,
                            const char *reason)
{
    struct command c = {.type = CMD_ATTENDANCE_SET};
    c.p.person = person;
    c.p.kind = a;
    snprintf(c.p.text, sizeof c.p.text, "%s", reason);
    sec_send(s, &c);
}

static void leave_reason_done(struct secretary *s, const char *text)
{
    if (!text[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] Leave needs a reason: nothing was sent."));
        return;
    }
    send_attendance(s, s->draft.p.person, ATT_LEAVE, text);
}

/* c: the member marked convenes their group (召集人) in this meeting, instead of the turn. */
static void name_convener(struct secretary *s, const struct person *p)
{
    if (!p->group[0]) {
        base_notice(&s->base, ST_WARN, _("[!] %s is in no group: nothing was sent."), p->name);
        return;
    }
    struct command c = {.type = CMD_CONVENER_SET};
    c.p.person = p->id;
    snprintf(c.p.group, sizeof c.p.group, "%s", p->group);
    sec_send(s, &c);
}

static void group_done(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.group, sizeof s->draft.p.group, "%s", text);
    sec_send(s, &s->draft);
}

/* g: the member's group (the roster's group column), changed for this meeting and after. */
static void change_group(struct secretary *s, const struct person *p)
{
    s->draft = (struct command){.type = CMD_MEMBER_UPDATE};
    s->draft.p.id = p->id;
    s->draft.p.kind = p->kind;
    s->draft.p.number = p->seat;
    s->draft.p.flag = p->has_pin;
    snprintf(s->draft.p.name, sizeof s->draft.p.name, "%s", p->name);
    snprintf(s->draft.p.title, sizeof s->draft.p.title, "%s", p->title);
    char label[PAINT_TEXT_MAX];
    snprintf(label, sizeof label, _("Group of %s (empty: none):"), p->name);
    sec_ask(s, label, p->group, NAME_MAX_BYTES - 1, group_done);
}

static bool roster_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    if (sec_list_key(&s->lists[TAB_ROSTER], st->person_count, PAGE, rc, ch)) return true;
    struct person *p = roster_person(s, st);
    if (!p || rc != OK) return false;
    char label[PAINT_TEXT_MAX];
    switch (ch) {
    case L'l':
        s->draft.p.person = p->id;
        snprintf(label, sizeof label, _("Reason for the leave of %s:"), p->name);
        sec_ask(s, label, p->attendance == ATT_LEAVE ? p->reason : "", TEXT_MAX_BYTES - 1,
                leave_reason_done);
        return true;
    case L'p':
        send_attendance(s, p->id, ATT_PRESENT, "");
        return true;
    case L'a':
        send_attendance(s, p->id, ATT_ABSENT, "");
        return true;
    case L'v':
        return sec_hand_cast_start(s, st, p);
    case L'c':
        name_convener(s, p);
        return true;
    case L'g':
        change_group(s, p);
        return true;
    default:
        return false;
    }
}

static const struct screen_key roster_keys[] = {
    {"l", N_("on leave, with a reason")},
    {"p", N_("signed in")},
    {"a", N_("not signed in")},
    {"v", N_("enter the member's vote, given by hand or by video")},
    {"c", N_("the member convenes their group (召集人) in this meeting")},
    {"g", N_("change the member's group")},
    {"Up, Down", N_("move")},
    {"PgUp, PgDn", N_("a page up or down")},
    {"Home, End", N_("first, last")},
    {NULL, NULL},
};

const struct sec_tab sec_roster_tab = {N_("Roster"), roster_draw, roster_key, roster_keys};

/* ---- agenda ---- */

static int list_count(const struct item *it)
{
    return it->kind == ITEM_INQUIRY ? it->question_count : it->speaker_count;
}

static void agenda_row(struct screen *scr, const struct core_state *st, int i, int y, int cols,
                       bool selected)
{
    const struct item *it = &st->items[i];
    enum screen_style style = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%2d.", i + 1);
    int x = sec_cell(scr, y, 2, 3, style, text);
    enum screen_style state = it->state == ITEM_OPEN && !selected ? ST_GOOD : style;
    x = sec_cell(scr, y, x, 8, state, label_item_state(it->state));
    x = sec_cell(scr, y, x, cols >= WIDE ? 24 : 14, style, label_item_kind(it->kind));
    int extra = cols >= WIDE ? 36 : 8;
    x = sec_cell(scr, y, x, cols - x - extra - 1, selected ? style : ST_STRONG, it->title);
    if (cols >= WIDE)
        snprintf(text, sizeof text, _("%d on list, %d min%s"), list_count(it), (int)it->planned_min,
                 it->note[0] ? _(", note") : "");
    else
        snprintf(text, sizeof text, "%s", it->note[0] ? _("note") : "");
    sec_cell(scr, y, x, extra, style, text);
}

/* The item's documents, one a line: title, size and the start of its SHA-256 (read-only: they
 * come with the agenda file).  Returns the next row. */
static int agenda_documents(struct screen *scr, const struct item *it, int y, int rows, int cols)
{
    for (int i = 0; i < it->document_count && y < rows; i++) {
        const struct document *d = &it->documents[i];
        char size[32], text[PAINT_TEXT_MAX];
        if (d->size >= 10 * 1024)
            snprintf(size, sizeof size, _("%d KiB"), (int)((d->size + 1023) / 1024));
        else
            snprintf(size, sizeof size, _("%d bytes"), (int)d->size);
        int x = paint_at(scr, y, 1, cols, ST_STRONG, _("Document: "));
        snprintf(text, sizeof text, _("%s   %s   SHA-256 %.12s"), d->title, size, d->sha256);
        screen_put(scr, y++, x, cols - x - 1, ST_TEXT, text);
    }
    return y;
}

/* The selected item's reporter, planned time, documents and note below the list. */
static void agenda_detail(struct screen *scr, const struct item *it, int y, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("Reporter: %s %s   planned %d min   attachments %d"),
             it->reporter[0] ? it->reporter : "-", it->department, (int)it->planned_min,
             it->attachment_count);
    if (it->kind == ITEM_CHOICE) { /* k of n: the candidates come with the agenda file */
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, _("   choose up to %d of %d"), (int)it->choose,
                 it->ballot.subject_count);
    }
    screen_put(scr, y++, 1, cols - 2, ST_TEXT, text);
    y = agenda_documents(scr, it, y, rows, cols);
    if (it->kind == ITEM_CHOICE) y = paint_choice_summary(scr, it, y, rows, cols);
    if (y < rows && it->note[0]) {
        int x = paint_at(scr, y, 1, cols, ST_STRONG, _("Note: "));
        screen_wrap(scr, y, x, cols - x - 1, rows - y, ST_TEXT, it->note);
    }
}

static void agenda_draw(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                        int rows, int cols)
{
    struct sec_list *l = &s->lists[TAB_AGENDA];
    if (st->item_count == 0) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT, _("The agenda is empty: a adds an item."));
        return;
    }
    const struct item *sel = sec_item(s, st);
    l->cur = sec_item_index(st, sel->id);
    y += sec_order_warning(scr, st, y, cols);
    int detail = 3 + sel->document_count;
    int list_rows = rows - y - (rows - y > st->item_count + detail ? 0 : detail);
    if (list_rows < 1) list_rows = 1;
    sec_list_fit(l, st->item_count, list_rows);
    for (int i = l->top; i < st->item_count && i - l->top < list_rows; i++)
        agenda_row(scr, st, i, y + i - l->top, cols, i == l->cur);
    int shown = st->item_count - l->top < list_rows ? st->item_count - l->top : list_rows;
    if (y + shown + 1 < rows) agenda_detail(scr, sel, y + shown + 1, rows, cols);
}

/* A choice item's k: its candidates come with the agenda file (subject = name | detail). */
static void add_choose_done(struct secretary *s, const char *text)
{
    char *end;
    long k = strtol(text, &end, 10);
    if (!text[0] || *end || k < 1 || k >= SUBJECTS_MAX) {
        base_notice(&s->base, ST_WARN,
                    _("[!] Each member chooses 1 to %d candidates: nothing was "
                      "sent."),
                    SUBJECTS_MAX - 1);
        return;
    }
    s->draft.p.choose = (int32_t)k;
    sec_send(s, &s->draft);
}

static void add_title_done(struct secretary *s, const char *text)
{
    if (!text[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] An item needs a title: nothing was sent."));
        return;
    }
    snprintf(s->draft.p.title, sizeof s->draft.p.title, "%s", text);
    if (s->draft.p.kind == ITEM_CHOICE)
        return sec_ask(s, _("Each member chooses up to how many candidates?"), "1", 2,
                       add_choose_done);
    sec_send(s, &s->draft);
}

static void add_kind_done(struct secretary *s, int32_t kind)
{
    const struct core_state *st = feed_state(&s->base.feed);
    s->draft = (struct command){.type = CMD_ITEM_ADD};
    s->draft.p.kind = kind;
    if (st && kind == ITEM_EVALUATION) s->draft.p.flag = st->rules.evaluation_secret;
    if (st && (kind == ITEM_VOTE || kind == ITEM_APPOINTMENT))
        s->draft.p.flag = st->rules.vote_secret;
    if (st && kind == ITEM_CHOICE) s->draft.p.flag = st->rules.choice_secret;
    char label[PAINT_TEXT_MAX];
    snprintf(label, sizeof label, _("Title of the new %s item:"), label_item_kind(kind));
    sec_ask(s, label, "", ITEM_TITLE_MAX - 1, add_title_done);
}

/* item_update replaces every field: all but the title are the item's own. */
static void edit_title_done(struct secretary *s, const char *text)
{
    const struct core_state *st = feed_state(&s->base.feed);
    const struct item *it = st ? core_item(st, s->draft.p.id) : NULL;
    if (!it) return;
    struct command c = {.type = CMD_ITEM_UPDATE};
    c.p.id = it->id;
    snprintf(c.p.title, sizeof c.p.title, "%s", text);
    snprintf(c.p.name, sizeof c.p.name, "%s", it->reporter);
    snprintf(c.p.detail, sizeof c.p.detail, "%s", it->department);
    c.p.number = it->planned_min;
    c.p.flag = it->ballot.secret;
    c.p.choose = it->choose;
    for (int k = 0; k < it->attachment_count; k++) {
        size_t len = strlen(c.p.text);
        snprintf(c.p.text + len, sizeof c.p.text - len, "%s%s", k ? "\n" : "", it->attachments[k]);
    }
    sec_send(s, &c);
}

static void agenda_move(struct secretary *s, const struct core_state *st, const struct item *it,
                        int by)
{
    int to = sec_item_index(st, it->id) + by;
    if (to < 0 || to >= st->item_count) return;
    struct command c = {.type = CMD_ITEM_MOVE};
    c.p.id = it->id;
    c.p.position = to;
    sec_send(s, &c);
}

static void agenda_remove(struct secretary *s, const struct item *it)
{
    struct command c = {.type = CMD_ITEM_REMOVE};
    c.p.id = it->id;
    base_ask(&s->base, &c, _("Remove the item \"%s\" from the agenda?"), it->title);
}

/* The law exam of a nominee started for them (their examinee console gets the paper). */
static void exam_nominee_picked(struct secretary *s, int32_t nominee)
{
    const struct core_state *st = feed_state(&s->base.feed);
    const struct item *it = st ? core_item(st, s->draft.p.item) : NULL;
    const struct subject *sub = it ? core_subject(&it->ballot, nominee) : NULL;
    if (!sub) return;
    struct command c = {.type = CMD_EXAM_START};
    c.p.item = it->id;
    c.p.id = nominee;
    base_ask(&s->base, &c, _("Start the law exam of %s now? The time runs at once."), sub->name);
}

static void agenda_exam(struct secretary *s, const struct item *it)
{
    if (it->kind != ITEM_APPOINTMENT)
        return base_notice(&s->base, ST_ALERT, "%s", _("Only an appointment item has nominees."));
    s->draft.p.item = it->id;
    sec_pick(s, PICK_NOMINEE, _("Whose law exam starts now?"), exam_nominee_picked);
}

static bool agenda_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    struct sec_list *l = &s->lists[TAB_AGENDA];
    if (sec_list_key(l, st->item_count, PAGE, rc, ch)) {
        s->item = st->items[l->cur].id;
        return true;
    }
    if (rc == OK && ch == L'a') {
        sec_pick(s, PICK_KIND, _("Kind of the new item:"), add_kind_done);
        return true;
    }
    struct item *it = sec_item(s, st);
    if (!it) return false;
    if (rc == OK && ch == L'e') {
        s->draft.p.id = it->id;
        sec_ask(s, _("Title:"), it->title, ITEM_TITLE_MAX - 1, edit_title_done);
    } else if ((rc == OK && ch == L'd') || (rc == KEY_CODE_YES && ch == KEY_DC)) {
        agenda_remove(s, it);
    } else if (rc == OK && (ch == L'[' || ch == L']')) {
        agenda_move(s, st, it, ch == L'[' ? -1 : 1);
    } else if (rc == OK && ch == L'h') {
        sec_count_start(s, it);
    } else if (rc == OK && ch == L'w') {
        sec_statement_start(s, it);
    } else if (rc == OK && ch == L'c') {
        sec_certificates(s, it);
    } else if (rc == OK && ch == L'x') {
        agenda_exam(s, it);
    } else {
        return false;
    }
    return true;
}

static const struct screen_key agenda_keys[] = {
    {"a", N_("add an item")},
    {"e", N_("edit the title")},
    {"d, Del", N_("remove the item")},
    {"[, ]", N_("move the item up, down")},
    {"h", N_("counts by hand for the open ballot")},
    {"w", N_("an absent nominee's written statement")},
    {"c", N_("the certificates of appointment handed over")},
    {"x", N_("start a nominee's law exam")},
    {"Up, Down", N_("choose an item")},
    {"PgUp, PgDn", N_("a page up or down")},
    {NULL, NULL},
};

const struct sec_tab sec_agenda_tab = {N_("Agenda"), agenda_draw, agenda_key, agenda_keys};
