/* The secretary's speakers (发言: the list of an item, the floor and its clock) and inquiry
 * (询问: respondents and registered questions) tabs.  See view_secretary.h. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_secretary.h"

enum { WIDE = 110, PAGE = 10, EXTEND_S = 60, BIG_COUNTDOWN = 6 };

/* The next or previous item (by) after id on the agenda, of the inquiry kind only when
 * inquiry; id itself when there is none. */
static int32_t step_item(const struct core_state *st, int32_t id, int by, bool inquiry)
{
    for (int k = sec_item_index(st, id) + by; k >= 0 && k < st->item_count; k += by)
        if (!inquiry || st->items[k].kind == ITEM_INQUIRY) return st->items[k].id;
    return id;
}

static bool is_step_key(int rc, wint_t ch)
{
    return rc == OK && (ch == L'<' || ch == L'>');
}

/* The clock of the open item in the sitting followed, under what runs on it; the next row. */
static int draw_clock(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                      int rows, int cols)
{
    int room = rows - y >= BIG_COUNTDOWN + 8 ? BIG_COUNTDOWN : 1;
    int used = paint_countdown(scr, st, s->sitting, feed_now(&s->base.feed), y, room, cols);
    return y + used + (used ? 1 : 0);
}

/* ---- the sitting followed: the plenary, a group (分组会议) or the joint sitting (联组会议) ----
 */

/* The speakers of the sitting followed, as rows of the list. */
static int row_count(const struct item *it, int32_t sitting)
{
    int n = 0;
    for (int i = 0; i < it->speaker_count; i++) n += it->speakers[i].sitting == sitting;
    return n;
}

static const struct speaker *row_at(const struct item *it, int32_t sitting, int row)
{
    for (int i = 0; i < it->speaker_count; i++)
        if (it->speakers[i].sitting == sitting && row-- == 0) return &it->speakers[i];
    return NULL;
}

/* ---- speakers ---- */

static const char *speaker_state(const struct speaker *sp, char *buf, size_t n)
{
    char mmss[16];
    switch (sp->state) {
    case SPK_SPEAKING:
        return _("speaking");
    case SPK_DONE:
        paint_mmss(mmss, sizeof mmss, (sp->ended_at - sp->started_at) / 1000);
        snprintf(buf, n, _("spoke %s"), mmss);
        return buf;
    case SPK_ASKING:
        return _("to approve");
    default:
        return _("waiting");
    }
}

static void speaker_row(struct screen *scr, const struct core_state *st, const struct speaker *sp,
                        int n, int y, int cols, bool selected)
{
    enum screen_style style = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX], state[64];
    snprintf(text, sizeof text, "%2d.", n);
    int x = sec_cell(scr, y, 2, 3, style, text);
    x = sec_cell(scr, y, x, 12, selected ? style : ST_STRONG, sp->name);
    const struct person *p = sp->person ? core_person(st, sp->person) : NULL;
    x = sec_cell(scr, y, x, cols >= WIDE ? 30 : 20, style, p ? p->title : _("not a member"));
    const char *word = speaker_state(sp, state, sizeof state);
    x = sec_cell(scr, y, x, 12, sp->state == SPK_SPEAKING && !selected ? ST_GOOD : style, word);
    if (sp->scheduled) sec_cell(scr, y, x, cols - x - 1, style, _("scheduled speech"));
}

static int speaker_row_of(const struct item *it, int32_t sitting, int32_t id)
{
    for (int i = 0, row = 0; i < it->speaker_count; i++) {
        if (it->speakers[i].sitting != sitting) continue;
        if (it->speakers[i].id == id) return row;
        row++;
    }
    return -1;
}

static void speakers_draw(struct secretary *s, struct screen *scr, const struct core_state *st,
                          int y, int rows, int cols)
{
    const struct item *it = sec_item(s, st);
    if (!it) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT, _("The agenda is empty."));
        return;
    }
    sec_follow_sitting(s, st);
    y = sec_item_line(scr, st, it, y, cols);
    if (st->meeting.group_count) y = paint_sitting_line(scr, st, s->sitting, y, cols) - 1;
    y++;
    const struct speaker *on = core_floor(it, s->sitting);
    if (it == core_open_item(st)) {
        int x = paint_at(scr, y, 1, cols, ST_TEXT, on ? _("Speaking: ") : _("The floor is free."));
        if (on) paint_at(scr, y, x, cols, ST_STRONG, on->name);
        y = draw_clock(s, scr, st, y + 1, rows, cols);
    }
    char text[PAINT_TEXT_MAX];
    int count = row_count(it, s->sitting);
    snprintf(text, sizeof text, _("Speakers (%d, %d waiting):"), count,
             core_waiting(it, s->sitting));
    screen_put(scr, y++, 1, cols - 2, ST_STRONG, text);
    struct sec_list *l = &s->lists[TAB_SPEAKERS];
    int at = speaker_row_of(it, s->sitting, s->speaker);
    if (at >= 0) l->cur = at;
    sec_list_fit(l, count, rows - y);
    if (count == 0) screen_put(scr, y, 2, cols - 3, ST_TEXT, _("(nobody yet)"));
    for (int i = l->top; i < count && y < rows; i++, y++)
        speaker_row(scr, st, row_at(it, s->sitting, i), i + 1, y, cols, i == l->cur);
    if (count > 0) s->speaker = row_at(it, s->sitting, l->cur)->id;
}

/* On an inquiry motion's item, one who is not a member (the organ's head) speaks to answer it. */
static enum speech_kind speech_kind_of(const struct core_state *st, const struct item *it,
                                       int32_t person)
{
    const struct person *p = core_person(st, person);
    if (core_motion_of_item(st, it->id) && (!p || p->kind != PERSON_MEMBER))
        return SPEECH_MOTION_ANSWER;
    return it->kind == ITEM_APPOINTMENT ? SPEECH_STATEMENT : SPEECH_PLENARY;
}

static void add_speaker(struct secretary *s, int32_t person, const char *name, bool scheduled)
{
    const struct core_state *st = feed_state(&s->base.feed);
    const struct item *it = st ? core_item(st, s->item) : NULL;
    if (!it) return;
    struct command c = {.type = CMD_SPEAKER_ADD};
    c.p.item = it->id;
    c.p.person = person;
    c.p.flag = scheduled;
    c.p.kind = speech_kind_of(st, it, person);
    c.p.sitting = st->meeting.sits == SITS_GROUPS ? s->sitting : 0;
    snprintf(c.p.name, sizeof c.p.name, "%s", name);
    sec_send(s, &c);
}

static void member_picked(struct secretary *s, int32_t person)
{
    add_speaker(s, person, "", false);
}

static void scheduled_picked(struct secretary *s, int32_t person)
{
    add_speaker(s, person, "", true);
}

static void guest_named(struct secretary *s, const char *name)
{
    if (!name[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] A speaker needs a name: nothing was sent."));
        return;
    }
    add_speaker(s, 0, name, false);
}

/* The place of a waiting speaker among those waiting in their sitting, -1 for others. */
static int waiting_place(const struct item *it, const struct speaker *sp)
{
    if (sp->state != SPK_WAITING) return -1;
    int n = 0;
    for (int i = 0; i < it->speaker_count && &it->speakers[i] != sp; i++)
        n += it->speakers[i].state == SPK_WAITING && it->speakers[i].sitting == sp->sitting;
    return n;
}

/* A command on the list or the floor of the sitting followed (named while the groups sit). */
static void speaker_command(struct secretary *s, const struct item *it, enum command_type type,
                            int32_t id, int32_t position)
{
    const struct core_state *st = feed_state(&s->base.feed);
    struct command c = {.type = type};
    c.p.item = it->id;
    c.p.id = id;
    c.p.position = position;
    c.p.seconds = EXTEND_S;
    c.p.sitting = st && st->meeting.sits == SITS_GROUPS ? s->sitting : 0;
    sec_send(s, &c);
}

/* m: the secretary's summary of a speech made (or being made), for the record and the
 * briefing (简报). */
static void summary_start(struct secretary *s, const struct item *it, const struct speaker *sp)
{
    if (sp->state != SPK_SPEAKING && sp->state != SPK_DONE) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] A summary is of a speech made: choose one."));
        return;
    }
    s->draft = (struct command){.type = CMD_SUMMARY_SET};
    s->draft.p.item = it->id;
    s->draft.p.id = sp->id;
    char label[PAINT_TEXT_MAX];
    snprintf(label, sizeof label, _("Summary of the speech of %s:"), sp->name);
    sec_ask(s, label, sp->summary, TEXT_MAX_BYTES - 1, sec_send_text);
}

/* Keys on the speaker under the cursor. */
static bool marked_speaker_key(struct secretary *s, const struct item *it, int rc, wint_t ch)
{
    const struct speaker *sp = core_speaker(it, s->speaker);
    if (!sp || sp->sitting != s->sitting) return false;
    int place = waiting_place(it, sp);
    if ((rc == OK && ch == L'd') || (rc == KEY_CODE_YES && ch == KEY_DC))
        speaker_command(s, it, CMD_SPEAKER_REMOVE, sp->id, 0);
    else if (rc == OK && ch == L'y' && sp->state == SPK_ASKING) /* an attendee's request */
        speaker_command(s, it, CMD_FLOOR_APPROVE, sp->id, 0);
    else if (rc == OK && ch == L'm')
        summary_start(s, it, sp);
    else if (rc == OK && (ch == L'[' || ch == L']') && place >= 0)
        speaker_command(s, it, CMD_SPEAKER_MOVE, sp->id, place + (ch == L'[' ? -1 : 1));
    else if ((rc == OK && (ch == L'\r' || ch == L'\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER))
        speaker_command(s, it, CMD_FLOOR_GRANT, sp->id, 0);
    else
        return false;
    return true;
}

static bool speakers_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    const struct item *it = sec_item(s, st);
    if (!it) return false;
    struct sec_list *l = &s->lists[TAB_SPEAKERS];
    if (sec_list_key(l, row_count(it, s->sitting), PAGE, rc, ch)) {
        const struct speaker *sp = row_at(it, s->sitting, l->cur);
        if (sp) s->speaker = sp->id;
        return true;
    }
    if (is_step_key(rc, ch)) {
        s->item = step_item(st, it->id, ch == L'<' ? -1 : 1, false);
        return true;
    }
    if (marked_speaker_key(s, it, rc, ch)) return true;
    if (rc != OK) return false;
    switch (ch) {
    case L'a':
        sec_pick(s, PICK_PERSON, _("Add a speaker from the roster:"), member_picked);
        return true;
    case L's':
        sec_pick(s, PICK_PERSON, _("Add a scheduled speech (placed first):"), scheduled_picked);
        return true;
    case L'n':
        sec_ask(s, _("Name of the speaker who is not on the roster:"), "", NAME_MAX_BYTES - 1,
                guest_named);
        return true;
    case L'g':
        speaker_command(s, it, CMD_FLOOR_GRANT, 0, 0);
        return true;
    case L'e':
        speaker_command(s, it, CMD_SPEECH_END, 0, 0);
        return true;
    case L'x':
        speaker_command(s, it, CMD_TIME_EXTEND, 0, 0);
        return true;
    case L't':
        sec_next_sitting(s, st);
        return true;
    default:
        return false;
    }
}

static const struct screen_key speakers_keys[] = {
    {"g", N_("give the floor to the next")},
    {"e", N_("end the speech")},
    {"x", N_("one more minute")},
    {"a", N_("add a speaker")},
    {"n", N_("add a speaker not on the roster")},
    {"s", N_("add a scheduled speech")},
    {"d, Del", N_("remove the speaker")},
    {"y", N_("approve an attendee's request for the floor")},
    {"m", N_("the summary of the speech chosen, for the record")},
    {"[, ]", N_("move the speaker up, down")},
    {"Enter", N_("give the floor to the one marked")},
    {"<, >", N_("previous, next item")},
    {"t", N_("the next sitting's list: the groups, the joint sitting, the plenary")},
    {"Up, Down", N_("choose a speaker")},
    {NULL, NULL},
};

const struct sec_tab sec_speakers_tab = {N_("Speakers"), speakers_draw, speakers_key,
                                         speakers_keys};

/* ---- inquiry ---- */

/* The inquiry item the tab shows: the item chosen when it is one, else the inquiry last
 * shown, else the open item when it is one, else the first inquiry on the agenda.  The
 * other tabs keep their item. */
static const struct item *inquiry_item(struct secretary *s, const struct core_state *st)
{
    const struct item *it = sec_item(s, st);
    if (!it || it->kind != ITEM_INQUIRY) it = core_item(st, s->inquiry);
    if (!it || it->kind != ITEM_INQUIRY) it = core_open_item(st);
    for (int i = 0; (!it || it->kind != ITEM_INQUIRY) && i < st->item_count; i++)
        it = &st->items[i];
    if (!it || it->kind != ITEM_INQUIRY) return NULL;
    s->inquiry = it->id;
    return it;
}

static const char *question_state(enum question_state q)
{
    if (q == Q_WAITING) return _("waiting");
    if (q == Q_DONE) return _("done");
    return label_phase(q);
}

static void respondent_row(struct screen *scr, const struct respondent *r, int y, int cols,
                           bool selected)
{
    enum screen_style style = sec_row(scr, y, cols, selected);
    int x = sec_cell(scr, y, 2, 12, selected ? style : ST_STRONG, r->name);
    x = sec_cell(scr, y, x, cols >= WIDE ? 24 : 16, style, r->post);
    sec_cell(scr, y, x, cols - x - 1, style, r->department);
}

static void question_row(struct screen *scr, const struct core_state *st, const struct item *it,
                         int k, int y, int cols, bool selected)
{
    const struct question *q = &it->questions[k];
    const struct respondent *r = q->respondent ? core_respondent(it, q->respondent) : NULL;
    enum screen_style style = sec_row(scr, y, cols, selected);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%2d.", k + 1);
    int x = sec_cell(scr, y, 2, 3, style, text);
    x = sec_cell(scr, y, x, 8, selected ? style : ST_STRONG, paint_person(st, q->member));
    snprintf(text, sizeof text, _("to %s"), r ? r->name : _("(any)"));
    x = sec_cell(scr, y, x, 12, style, text);
    x = sec_cell(scr, y, x, 10, style, question_state(q->state));
    sec_cell(scr, y, x, cols - x - 1, style, q->text);
}

static void inquiry_lists(struct secretary *s, struct screen *scr, const struct core_state *st,
                          const struct item *it, int y, int rows, int cols)
{
    int count = it->respondent_count + it->question_count;
    struct sec_list *l = &s->lists[TAB_INQUIRY];
    sec_list_fit(l, count, rows - y - 2);
    char text[PAINT_TEXT_MAX];
    for (int i = l->top; i < count && y < rows; i++) {
        bool respondent = i < it->respondent_count;
        if (i == l->top || i == it->respondent_count) {
            if (respondent)
                snprintf(text, sizeof text, _("Respondents (%d):"), it->respondent_count);
            else
                snprintf(text, sizeof text, _("Questions registered (%d):"), it->question_count);
            screen_put(scr, y++, 1, cols - 2, ST_STRONG, text);
            if (y >= rows) break;
        }
        if (respondent)
            respondent_row(scr, &it->respondents[i], y++, cols, i == l->cur);
        else
            question_row(scr, st, it, i - it->respondent_count, y++, cols, i == l->cur);
    }
    if (count == 0)
        screen_put(scr, y, 1, cols - 2, ST_TEXT, _("No respondents and no questions yet."));
}

static void inquiry_draw(struct secretary *s, struct screen *scr, const struct core_state *st,
                         int y, int rows, int cols)
{
    const struct item *it = inquiry_item(s, st);
    if (!it) {
        screen_put(scr, y, 1, cols - 2, ST_TEXT, _("There is no special inquiry on the agenda."));
        return;
    }
    y = sec_item_line(scr, st, it, y, cols) + 1;
    const struct question *q = core_active_question(it);
    if (q && it == core_open_item(st)) {
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, _("Now: %s, %s"), paint_person(st, q->member),
                 label_phase(q->state));
        screen_put(scr, y, 1, cols - 2, ST_STRONG, text);
        y = draw_clock(s, scr, st, y + 1, rows, cols);
    }
    inquiry_lists(s, scr, st, it, y, rows, cols);
}

static void respondent_department(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.detail, sizeof s->draft.p.detail, "%s", text);
    sec_send(s, &s->draft);
}

static void respondent_post(struct secretary *s, const char *text)
{
    snprintf(s->draft.p.title, sizeof s->draft.p.title, "%s", text);
    sec_ask(s, _("Department:"), "", TITLE_MAX_BYTES - 1, respondent_department);
}

static void respondent_name(struct secretary *s, const char *text)
{
    if (!text[0]) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] A respondent needs a name: nothing was sent."));
        return;
    }
    snprintf(s->draft.p.name, sizeof s->draft.p.name, "%s", text);
    sec_ask(s, _("Post:"), "", TITLE_MAX_BYTES - 1, respondent_post);
}

static void question_respondent(struct secretary *s, int32_t id)
{
    s->draft.p.respondent = id;
    sec_ask(s, _("The question (may be left empty):"), "", TEXT_MAX_BYTES - 1, sec_send_text);
}

static void question_member(struct secretary *s, int32_t id)
{
    s->draft.p.person = id;
    sec_pick(s, PICK_RESPONDENT, _("Whom is the question to?"), question_respondent);
}

/* Remove the respondent, or withdraw the question, under the cursor. */
static void inquiry_remove(struct secretary *s, const struct item *it)
{
    int i = s->lists[TAB_INQUIRY].cur;
    struct command c = {.type = CMD_RESPONDENT_REMOVE};
    c.p.item = it->id;
    if (i < it->respondent_count) {
        c.p.id = it->respondents[i].id;
    } else if (i - it->respondent_count < it->question_count) {
        c.type = CMD_QUESTION_WITHDRAW;
        c.p.id = it->questions[i - it->respondent_count].id;
    } else {
        return;
    }
    sec_send(s, &c);
}

static bool inquiry_key(struct secretary *s, const struct core_state *st, int rc, wint_t ch)
{
    const struct item *it = inquiry_item(s, st);
    if (!it) return false;
    int count = it->respondent_count + it->question_count;
    if (sec_list_key(&s->lists[TAB_INQUIRY], count, PAGE, rc, ch)) return true;
    if (is_step_key(rc, ch)) {
        s->item = s->inquiry = step_item(st, it->id, ch == L'<' ? -1 : 1, true);
        return true;
    }
    if ((rc == OK && ch == L'd') || (rc == KEY_CODE_YES && ch == KEY_DC)) {
        inquiry_remove(s, it);
        return true;
    }
    if (rc != OK) return false;
    s->draft = (struct command){.type = CMD_RESPONDENT_ADD};
    s->draft.p.item = it->id;
    switch (ch) {
    case L'r':
        sec_ask(s, _("Name of the respondent:"), "", NAME_MAX_BYTES - 1, respondent_name);
        return true;
    case L'a':
        s->draft.type = CMD_QUESTION_REGISTER;
        sec_pick(s, PICK_MEMBER, _("Register a question for which member?"), question_member);
        return true;
    case L'e':
        speaker_command(s, it, CMD_QUESTION_END, 0, 0);
        return true;
    case L'x':
        speaker_command(s, it, CMD_TIME_EXTEND, 0, 0);
        return true;
    default:
        return false;
    }
}

static const struct screen_key inquiry_keys[] = {
    {"a", N_("register a question")},
    {"r", N_("add a respondent")},
    {"d, Del", N_("remove the respondent, withdraw the question")},
    {"e", N_("end the question")},
    {"x", N_("one more minute")},
    {"<, >", N_("previous, next inquiry")},
    {"Up, Down", N_("move")},
    {NULL, NULL},
};

const struct sec_tab sec_inquiry_tab = {N_("Inquiry"), inquiry_draw, inquiry_key, inquiry_keys};
