/* The chair's console (主持人): the meeting as the display shows it, and a key for every action
 * of the chair.
 *
 *   row 0      the meeting's title, its state, the clock
 *   row 1      attendance and quorum
 *   row 2      where the agenda stands, and the seats connected
 *   rows 4..   the open item's panel (speaker and countdown, inquiry, ballot progress or
 *              results, the oath); while the groups sit, every group at a glance; with no item
 *              open, or after `a`, the agenda with a cursor
 *   last two   the status line (the last event, the hub's answer, a question) and the keys of
 *              the moment (all of them under F1)
 *
 * Actions that cannot be undone ask first (base_ask): closing the meeting, an item or a
 * ballot, deferring an item. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/views.h"

enum { BODY = 4, EXTEND_S = 60, KEY_ESC = 27 };

enum chair_mode {
    MODE_ITEM,       /* the open item's panel */
    MODE_AGENDA,     /* choosing an item */
    MODE_RESPONDENT, /* choosing who answers a question that names nobody */
    MODE_OATH,       /* choosing who leads the oath, or swears alone */
};

struct chair {
    struct view_base base; /* first: the feed's reports get the chair as a view_base */
    struct paint_pages pages;
    enum chair_mode mode;
    int cursor; /* the row chosen in the agenda or among the respondents */
};

/* ---- what is going on ---- */

static const struct core_state *state_of(const struct chair *c)
{
    return feed_state(&c->base.feed);
}

static int32_t seats_connected(const struct core_state *st)
{
    int32_t n = 0;
    for (int i = 0; i < st->person_count; i++) n += st->people[i].connected;
    return n;
}

static int item_index(const struct core_state *st, int32_t id)
{
    for (int i = 0; i < st->item_count; i++)
        if (st->items[i].id == id) return i;
    return -1;
}

/* The first item still to be taken, for the cursor's start. */
static int next_pending(const struct core_state *st)
{
    for (int i = 0; i < st->item_count; i++)
        if (st->items[i].state == ITEM_PENDING) return i;
    return 0;
}

/* The agenda is shown when no item is open, or when asked for. */
static bool showing_agenda(const struct chair *c, const struct core_state *st)
{
    return c->mode == MODE_AGENDA || !core_open_item(st);
}

/* ---- drawing ---- */

static void draw_strip(struct screen *s, const struct core_state *st, int cols)
{
    char text[PAINT_TEXT_MAX];
    const struct item *it = core_open_item(st);
    int done = 0;
    for (int i = 0; i < st->item_count; i++) done += st->items[i].state == ITEM_CLOSED;
    if (it)
        snprintf(text, sizeof text, _("Agenda: item %d of %d open, %d done"),
                 item_index(st, it->id) + 1, st->item_count, done);
    else
        snprintf(text, sizeof text, _("Agenda: %d items, %d done"), st->item_count, done);
    int x = paint_at(s, 2, 1, cols, ST_TEXT, text);
    snprintf(text, sizeof text, _("seats connected %d"), (int)seats_connected(st));
    paint_right(s, 2, x + 2, cols, ST_TEXT, text);
}

/* What the chair would do next, in words, above the agenda. */
static const char *agenda_hint(const struct core_state *st)
{
    switch (st->meeting.state) {
    case MEETING_NONE:
        return _("No meeting has been scheduled: the secretary imports the agenda.");
    case MEETING_SCHEDULED:
        return core_quorum(st)
                   ? _("Quorum present: press o to open the meeting.")
                   : _("Waiting for members to sign in; o opens once there is a quorum.");
    case MEETING_SUSPENDED:
        return _("The meeting is adjourned: press o to resume it.");
    case MEETING_CLOSED:
        return _("The meeting is closed.");
    default:
        return core_open_item(st) ? _("An item is open: Esc goes back to it.")
                                  : _("Choose an item with the arrows and press Enter to open it.");
    }
}

static void draw_agenda_rows(struct chair *c, struct screen *s, const struct core_state *st, int y,
                             int rows, int cols)
{
    int shown = rows - y;
    if (shown <= 0 || st->item_count == 0) return;
    if (c->cursor >= st->item_count) c->cursor = st->item_count - 1;
    int first = c->cursor >= shown ? c->cursor - shown + 1 : 0;
    for (int i = first; i < st->item_count && y < rows; i++, y++) {
        const struct item *it = &st->items[i];
        bool chosen = i == c->cursor;
        char head[PAINT_TEXT_MAX];
        snprintf(head, sizeof head, "%s%2d. %-s", chosen ? "> " : "  ", i + 1,
                 label_item_state(it->state));
        enum screen_style style = chosen ? ST_HEADER : ST_TEXT;
        if (chosen) screen_fill(s, y, 1, cols - 2, style);
        paint_at(s, y, 1, 1 + 16, style, head);
        char kind[PAINT_TEXT_MAX];
        snprintf(kind, sizeof kind, _("[%s]"), label_item_kind(it->kind));
        int x = paint_at(s, y, 18, cols - 1, chosen ? ST_HEADER : ST_STRONG, kind);
        screen_wrap(s, y, x + 1, cols - 2 - x, 1, style, it->title);
    }
}

static void draw_agenda(struct chair *c, struct screen *s, const struct core_state *st, int rows,
                        int cols)
{
    screen_wrap(s, BODY, 1, cols - 2, 2, ST_STRONG, agenda_hint(st));
    draw_agenda_rows(c, s, st, BODY + 3, rows, cols);
}

static void draw_respondents(struct chair *c, struct screen *s, const struct item *it, int rows,
                             int cols)
{
    screen_put(s, BODY, 1, cols - 2, ST_STRONG,
               _("The question names no respondent: who answers? (Enter chooses, Esc goes back)"));
    if (c->cursor >= it->respondent_count) c->cursor = it->respondent_count - 1;
    int y = BODY + 2;
    for (int i = 0; i < it->respondent_count && y < rows; i++, y++) {
        const struct respondent *r = &it->respondents[i];
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, "%s%d. %s  %s  %s", i == c->cursor ? "> " : "  ", i + 1,
                 r->name, r->post, r->department);
        enum screen_style style = i == c->cursor ? ST_HEADER : ST_TEXT;
        if (i == c->cursor) screen_fill(s, y, 1, cols - 2, style);
        screen_put(s, y, 1, cols - 2, style, text);
    }
}

static void draw_oath_choice(struct chair *c, struct screen *s, const struct item *it, int rows,
                             int cols)
{
    screen_wrap(s, BODY, 1, cols - 2, 2, ST_STRONG,
                _("Constitutional oath: who leads? Enter: all swear together, led by the one "
                  "chosen; i: the one chosen swears alone; Esc: back."));
    int32_t ids[SUBJECTS_MAX];
    int n = core_swearers(it, ids);
    if (c->cursor >= n) c->cursor = n - 1;
    for (int i = 0, y = BODY + 3; i < n && y < rows; i++, y++) {
        char text[PAINT_TEXT_MAX];
        int len = snprintf(text, sizeof text, "%s%d. ", i == c->cursor ? "> " : "  ", i + 1);
        paint_subject_name(core_subject(&it->ballot, ids[i]), text + len, sizeof text - len);
        enum screen_style style = i == c->cursor ? ST_HEADER : ST_TEXT;
        if (i == c->cursor) screen_fill(s, y, 1, cols - 2, style);
        screen_put(s, y, 1, cols - 2, style, text);
    }
}

static void chair_draw(void *ctx, struct screen *s, int rows, int cols)
{
    struct chair *c = ctx;
    const struct core_state *st = state_of(c);
    c->pages.pages = 1;
    if (!st) {
        screen_fill(s, 0, 0, cols, ST_HEADER);
        screen_put(s, 0, 1, cols - 2, ST_HEADER, _("cmte chair"));
        paint_center(s, rows / 2, cols, ST_STRONG, _("Connecting to the meeting host..."));
        return;
    }
    int64_t now = feed_now(&c->base.feed);
    c->pages.sitting = core_sitting_of(st, 0); /* the plenary, or the joint sitting */
    paint_header(s, st, now, cols);
    paint_attendance(s, st, cols);
    draw_strip(s, st, cols);
    const struct item *it = core_open_item(st);
    if (c->mode == MODE_RESPONDENT && it && it->respondent_count > 0)
        draw_respondents(c, s, it, rows, cols);
    else if (c->mode == MODE_OATH && it)
        draw_oath_choice(c, s, it, rows, cols);
    else if (showing_agenda(c, st))
        draw_agenda(c, s, st, rows, cols);
    else if (st->meeting.sits == SITS_GROUPS)
        paint_groups(s, st, it, now, paint_item_head(s, st, it, BODY, cols) + 1, rows, cols);
    else
        paint_item(s, &c->pages, st, it, now, BODY, rows, cols);
}

static int64_t chair_tick_ms(void *ctx)
{
    struct chair *c = ctx;
    const struct core_state *st = state_of(c);
    return st ? paint_tick_ms(st, feed_now(&c->base.feed)) : -1;
}

/* ---- actions ---- */

static void act(struct chair *c, enum command_type type, int32_t item, int32_t id)
{
    struct command cmd = {.type = type};
    cmd.p.item = item;
    cmd.p.id = id;
    base_send(&c->base, &cmd, NULL);
}

static void ask(struct chair *c, enum command_type type, int32_t item, int32_t id,
                const char *question)
{
    struct command cmd = {.type = type};
    cmd.p.item = item;
    cmd.p.id = id;
    base_ask(&c->base, &cmd, "%s", question);
}

/* o: open the meeting, or resume it. */
static void open_or_resume(struct chair *c, const struct core_state *st)
{
    act(c, st->meeting.state == MEETING_SUSPENDED ? CMD_MEETING_RESUME : CMD_MEETING_OPEN, 0, 0);
}

static void close_meeting(struct chair *c)
{
    ask(c, CMD_MEETING_CLOSE, 0, 0, _("Close the meeting? This cannot be undone."));
}

static void close_item(struct chair *c, const struct item *it)
{
    char q[PAINT_TEXT_MAX];
    snprintf(q, sizeof q, _("Close item \"%s\"?"), it->title);
    ask(c, CMD_ITEM_CLOSE, 0, it->id, q);
}

static void defer_item(struct chair *c, const struct item *it)
{
    char q[PAINT_TEXT_MAX];
    snprintf(q, sizeof q, _("Defer item \"%s\" to a later meeting?"), it->title);
    ask(c, CMD_ITEM_DEFER, 0, it->id, q);
}

static void close_ballot(struct chair *c, const struct core_state *st, const struct item *it)
{
    char q[PAINT_TEXT_MAX];
    snprintf(q, sizeof q,
             _("Close the ballot and announce the results? %d of %d present have cast."),
             (int)it->ballot.voters, (int)core_signed_in(st));
    ask(c, CMD_BALLOT_CLOSE, it->id, 0, q);
}

/* Is a run-off (再次投票) among the tied waiting for the chair's key? */
static bool runoff_due(const struct core_state *st, const struct item *it)
{
    return core_choice_tied(it) && !core_runoff_of(st, it->id);
}

/* v: a run-off among the candidates tied for the last seats, added right after this item. */
static void runoff(struct chair *c, const struct core_state *st, const struct item *it)
{
    if (!runoff_due(st, it)) {
        base_notice(&c->base, ST_WARN, "%s",
                    core_runoff_of(st, it->id) ? _("[!] The run-off is already on the agenda.")
                                               : _("[!] No tie to decide: no run-off is needed."));
        return;
    }
    char q[PAINT_TEXT_MAX];
    snprintf(q, sizeof q, _("Add a run-off among the %d tied? Seats left: %d"),
             core_choice_tied(it), core_choice_seats_left(it));
    ask(c, CMD_BALLOT_RUNOFF, it->id, 0, q);
}

/* e: end what runs, the speech or the question. */
static void end_running(struct chair *c, const struct core_state *st, const struct item *it)
{
    if (core_floor(it, core_sitting_of(st, 0)))
        act(c, CMD_SPEECH_END, it->id, 0);
    else
        act(c, CMD_QUESTION_END, it->id, 0);
}

static void extend(struct chair *c, const struct item *it)
{
    struct command cmd = {.type = CMD_TIME_EXTEND};
    cmd.p.item = it->id;
    cmd.p.seconds = EXTEND_S;
    base_send(&c->base, &cmd, NULL);
}

/* r: the respondent answers (the question or its follow-up); a question that names nobody
 * needs the chair to choose. */
static void answer(struct chair *c, const struct item *it)
{
    const struct question *q = core_active_question(it);
    if (q && q->state == Q_FOLLOWUP) return act(c, CMD_FOLLOWUP_ANSWER_START, it->id, 0);
    if (q && q->state == Q_ASKING && !q->respondent && it->respondent_count > 0) {
        c->mode = MODE_RESPONDENT;
        c->cursor = 0;
        return;
    }
    act(c, CMD_ANSWER_START, it->id, 0);
}

static void respondent_chosen(struct chair *c, const struct item *it)
{
    c->mode = MODE_ITEM;
    if (c->cursor < 0 || c->cursor >= it->respondent_count) return;
    struct command cmd = {.type = CMD_ANSWER_START};
    cmd.p.item = it->id;
    cmd.p.respondent = it->respondents[c->cursor].id;
    base_send(&c->base, &cmd, NULL);
}

/* w: the oath; while it runs, w ends it.  It starts once the secretary has checked off the
 * certificates (任命书), with the chair choosing who leads or who swears alone. */
static void oath(struct chair *c, const struct item *it)
{
    if (it->kind != ITEM_APPOINTMENT) return;
    if (it->oath.running) return act(c, CMD_OATH_END, it->id, 0);
    if (it->ballot.state != BALLOT_CLOSED)
        return base_notice(&c->base, ST_ALERT, "%s", _("[!] The oath follows the vote."));
    if (!it->oath.certificates)
        return base_notice(&c->base, ST_ALERT, "%s",
                           _("[!] The secretary has not yet checked off the certificates."));
    if (core_swearers(it, NULL) == 0)
        return base_notice(&c->base, ST_ALERT, "%s", _("[!] Nobody is left to swear the oath."));
    c->mode = MODE_OATH;
    c->cursor = 0;
}

static void oath_chosen(struct chair *c, const struct item *it, enum oath_form form)
{
    int32_t ids[SUBJECTS_MAX];
    int n = core_swearers(it, ids);
    c->mode = MODE_ITEM;
    if (c->cursor < 0 || c->cursor >= n) return;
    struct command cmd = {.type = CMD_OATH_START};
    cmd.p.item = it->id;
    cmd.p.id = ids[c->cursor];
    cmd.p.kind = form;
    cmd.p.choice_count = form == OATH_COLLECTIVE ? n : 1;
    for (int i = 0; i < cmd.p.choice_count; i++)
        cmd.p.choices[i] = (struct choice){form == OATH_COLLECTIVE ? ids[i] : cmd.p.id, 0};
    base_send(&c->base, &cmd, NULL);
}

/* G, J, P: the groups sit in parallel, the joint sitting, back to plenary (PROCEDURES §2). */
static void sit_as(struct chair *c, const struct core_state *st, enum sitting_mode mode)
{
    static const char *const asks[SITS_MODE_COUNT] = {
        N_("Back to plenary? Speeches running in the groups end."),
        N_("Split into groups on the open item?"),
        N_("A joint sitting of the groups on the open item?"),
    };
    if (st->meeting.sits == mode) return;
    struct command cmd = {.type = CMD_SITTING_SET};
    cmd.p.kind = mode;
    base_ask(&c->base, &cmd, "%s", _(asks[mode]));
}

/* b: open the ballot; an appointment votes case by case (逐人表决), the next case alone, unless
 * the chair combines those still waiting (B, 合并表决). */
static void open_vote(struct chair *c, const struct item *it, bool together)
{
    struct command cmd = {.type = CMD_BALLOT_OPEN};
    cmd.p.item = it->id;
    if (it->kind == ITEM_APPOINTMENT && !together && core_cases_waiting(it) > 1)
        cmd.p.subject = core_next_case(it);
    base_send(&c->base, &cmd, NULL);
}

/* ---- keys ---- */

static bool move_cursor(struct chair *c, wint_t ch, int count)
{
    if (count <= 0) return false;
    if (ch == (wint_t)KEY_UP && c->cursor > 0)
        c->cursor--;
    else if (ch == (wint_t)KEY_DOWN && c->cursor + 1 < count)
        c->cursor++;
    else if (ch == (wint_t)KEY_HOME)
        c->cursor = 0;
    else if (ch == (wint_t)KEY_END)
        c->cursor = count - 1;
    else
        return false;
    return true;
}

static bool is_enter(int rc, wint_t ch)
{
    return (rc == OK && (ch == L'\r' || ch == L'\n')) || (rc == KEY_CODE_YES && ch == KEY_ENTER);
}

static void agenda_key(struct chair *c, const struct core_state *st, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && move_cursor(c, ch, st->item_count)) return;
    if (c->cursor >= st->item_count) return;
    const struct item *it = &st->items[c->cursor];
    if (is_enter(rc, ch)) {
        c->mode = MODE_ITEM;
        if (it->state != ITEM_OPEN) act(c, CMD_ITEM_OPEN, 0, it->id);
    } else if (rc == OK && ch == L'd') {
        defer_item(c, it);
    } else if (rc == OK && ch == L'v') { /* a choice item closed with a tie */
        runoff(c, st, it);
    } else if (rc == OK && ch == KEY_ESC && core_open_item(st)) {
        c->mode = MODE_ITEM;
    }
}

static void oath_key(struct chair *c, const struct item *it, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && move_cursor(c, ch, core_swearers(it, NULL))) return;
    if (is_enter(rc, ch)) return oath_chosen(c, it, OATH_COLLECTIVE);
    if (rc == OK && ch == L'i') return oath_chosen(c, it, OATH_INDIVIDUAL);
    if (rc == OK && ch == KEY_ESC) c->mode = MODE_ITEM;
}

static void respondent_key(struct chair *c, const struct item *it, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && move_cursor(c, ch, it->respondent_count)) return;
    if (is_enter(rc, ch)) return respondent_chosen(c, it);
    if (rc == OK && ch >= L'1' && ch <= L'9' && (int)(ch - L'1') < it->respondent_count) {
        c->cursor = (int)(ch - L'1');
        return respondent_chosen(c, it);
    }
    if (rc == OK && ch == KEY_ESC) c->mode = MODE_ITEM;
}

/* The keys of the open item. */
static void item_key(struct chair *c, const struct core_state *st, const struct item *it, wint_t ch)
{
    switch (ch) {
    case L'c':
        return close_item(c, it);
    case L'g':
        return act(c, CMD_FLOOR_GRANT, it->id, 0);
    case L'e':
        return end_running(c, st, it);
    case L'+':
        return extend(c, it);
    case L'n':
        return act(c, CMD_QUESTION_CALL, it->id, 0);
    case L'r':
        return answer(c, it);
    case L'f':
        return act(c, CMD_FOLLOWUP_START, it->id, 0);
    case L'b':
        return open_vote(c, it, false);
    case L'B':
        return open_vote(c, it, true);
    case L'x':
        return close_ballot(c, st, it);
    case L'w':
        return oath(c, it);
    case L'v':
        return runoff(c, st, it);
    default:
        return;
    }
}

/* The keys of the meeting, whatever is shown. */
static bool meeting_key(struct chair *c, const struct core_state *st, wint_t ch)
{
    switch (ch) {
    case L'o':
        open_or_resume(c, st);
        return true;
    case L's':
        act(c, CMD_MEETING_SUSPEND, 0, 0);
        return true;
    case L'C':
        close_meeting(c);
        return true;
    case L'G':
        sit_as(c, st, SITS_GROUPS);
        return true;
    case L'J':
        sit_as(c, st, SITS_JOINT);
        return true;
    case L'P':
        sit_as(c, st, SITS_PLENARY);
        return true;
    case L'A':
        chair_opinion_adopt(&c->base, st);
        return true;
    case L'a':
        c->mode = MODE_AGENDA;
        c->cursor =
            core_open_item(st) ? item_index(st, st->meeting.current_item) : next_pending(st);
        return true;
    default:
        return false;
    }
}

static void chair_key(void *ctx, struct screen *s, int rc, wint_t ch)
{
    struct chair *c = ctx;
    const struct core_state *st = state_of(c);
    screen_dirty(s);
    if (base_ask_key(&c->base, rc, ch)) return;
    base_key(&c->base);
    if (!st) return;
    const struct item *it = core_open_item(st);
    if (c->mode == MODE_RESPONDENT && it) return respondent_key(c, it, rc, ch);
    if (c->mode == MODE_OATH && it) return oath_key(c, it, rc, ch);
    if (paint_pages_key(&c->pages, rc, ch)) return;
    if (rc == OK && meeting_key(c, st, ch)) return;
    if (showing_agenda(c, st)) return agenda_key(c, st, rc, ch);
    if (rc == OK) item_key(c, st, it, ch);
}

/* ---- the keys, all of them and those of the moment ---- */

#define K_OPEN                                                                                     \
    {                                                                                              \
        "o", N_("open the meeting")                                                                \
    }
#define K_RESUME                                                                                   \
    {                                                                                              \
        "o", N_("resume")                                                                          \
    }
#define K_SUSPEND                                                                                  \
    {                                                                                              \
        "s", N_("adjourn")                                                                         \
    }
#define K_CLOSE_M                                                                                  \
    {                                                                                              \
        "C", N_("close the meeting")                                                               \
    }
#define K_AGENDA                                                                                   \
    {                                                                                              \
        "a", N_("agenda")                                                                          \
    }
#define K_CHOOSE                                                                                   \
    {                                                                                              \
        "Up, Down", N_("choose")                                                                   \
    }
#define K_ENTER                                                                                    \
    {                                                                                              \
        "Enter", N_("open the item")                                                               \
    }
#define K_DEFER                                                                                    \
    {                                                                                              \
        "d", N_("defer")                                                                           \
    }
#define K_BACK                                                                                     \
    {                                                                                              \
        "Esc", N_("back")                                                                          \
    }
#define K_CLOSE_I                                                                                  \
    {                                                                                              \
        "c", N_("close the item")                                                                  \
    }
#define K_GRANT                                                                                    \
    {                                                                                              \
        "g", N_("next speaker")                                                                    \
    }
#define K_END                                                                                      \
    {                                                                                              \
        "e", N_("end")                                                                             \
    }
#define K_EXTEND                                                                                   \
    {                                                                                              \
        "+", N_("one more minute")                                                                 \
    }
#define K_CALL                                                                                     \
    {                                                                                              \
        "n", N_("next question")                                                                   \
    }
#define K_ANSWER                                                                                   \
    {                                                                                              \
        "r", N_("answer")                                                                          \
    }
#define K_FOLLOWUP                                                                                 \
    {                                                                                              \
        "f", N_("follow-up")                                                                       \
    }
#define K_BALLOT                                                                                   \
    {                                                                                              \
        "b", N_("open the ballot")                                                                 \
    }
#define K_CLOSE_B                                                                                  \
    {                                                                                              \
        "x", N_("close the ballot")                                                                \
    }
#define K_PAGES                                                                                    \
    {                                                                                              \
        "PgDn, PgUp", N_("more results")                                                           \
    }
#define K_OATH                                                                                     \
    {                                                                                              \
        "w", N_("oath")                                                                            \
    }
#define K_OATH_END                                                                                 \
    {                                                                                              \
        "w", N_("end the oath")                                                                    \
    }
#define K_RUNOFF                                                                                   \
    {                                                                                              \
        "v", N_("run-off")                                                                         \
    }
#define K_GROUPS                                                                                   \
    {                                                                                              \
        "G", N_("groups")                                                                          \
    }
#define K_JOINT                                                                                    \
    {                                                                                              \
        "J", N_("joint sitting")                                                                   \
    }
#define K_PLENARY                                                                                  \
    {                                                                                              \
        "P", N_("back to plenary")                                                                 \
    }
#define K_NONE                                                                                     \
    {                                                                                              \
        NULL, NULL                                                                                 \
    }

static const struct screen_key chair_keys[] = {
    {"o", N_("open the meeting, or resume it")},
    {"s", N_("adjourn the meeting for now")},
    {"C", N_("close the meeting (asks first)")},
    {"a", N_("the agenda: choose an item")},
    {"Up, Down", N_("move in the agenda or a list")},
    {"Enter", N_("open the item chosen")},
    {"d", N_("defer the item chosen (asks first)")},
    {"Esc", N_("back to the open item")},
    {"c", N_("close the open item (asks first)")},
    {"g", N_("give the floor to the next speaker")},
    {"e", N_("end the speech, or the question")},
    {"+", N_("one more minute for the speech or answer")},
    {"n", N_("call the next question")},
    {"r", N_("the respondent answers")},
    {"f", N_("a follow-up question")},
    {"b", N_("open the evaluation or vote; an appointment: on the next case alone")},
    {"B", N_("an appointment: vote on every case still waiting together")},
    {"x", N_("close the ballot and announce the results (asks first)")},
    {"PgDn, PgUp", N_("more results, when they do not fit")},
    {"w", N_("the constitutional oath after an appointment: start it, or end it")},
    {"i", N_("choosing who leads the oath: the one chosen swears alone")},
    {"v", N_("a run-off among the candidates tied for the last seats (asks first)")},
    {"G", N_("the groups sit in parallel on the open item (asks first)")},
    {"J", N_("a joint sitting of the groups on the open item (asks first)")},
    {"P", N_("everyone back to plenary, for the votes (asks first)")},
    {"A", N_("adopt the next draft deliberation opinion (asks first)")},
    K_NONE,
};

static const struct screen_key bar_none[] = {K_NONE};
static const struct screen_key bar_scheduled[] = {K_OPEN, K_CHOOSE, K_DEFER, K_NONE};
static const struct screen_key bar_suspended[] = {K_RESUME, K_CLOSE_M, K_NONE};
static const struct screen_key bar_agenda[] = {K_CHOOSE,  K_ENTER,   K_DEFER, K_BACK,
                                               K_SUSPEND, K_CLOSE_M, K_NONE};
static const struct screen_key bar_agenda_tie[] = {K_RUNOFF, K_CHOOSE,  K_ENTER,   K_DEFER,
                                                   K_BACK,   K_SUSPEND, K_CLOSE_M, K_NONE};
static const struct screen_key bar_choose[] = {
    K_CHOOSE, {"Enter", N_("this one answers")}, K_BACK, K_NONE};
static const struct screen_key bar_speech[] = {K_END, K_EXTEND, K_AGENDA, K_NONE};
static const struct screen_key bar_floor[] = {K_GRANT, K_BALLOT, K_CLOSE_I, K_AGENDA, K_NONE};
static const struct screen_key bar_ballot_open[] = {K_CLOSE_B, K_AGENDA, K_NONE};
static const struct screen_key bar_cases[] = {K_GRANT,
                                              {"b", N_("vote on the next case")},
                                              {"B", N_("the rest together")},
                                              K_CLOSE_I,
                                              K_AGENDA,
                                              K_NONE};
static const struct screen_key bar_results[] = {K_CLOSE_I, K_PAGES, K_AGENDA, K_NONE};
static const struct screen_key bar_appointed[] = {K_OATH, K_CLOSE_I, K_PAGES, K_AGENDA, K_NONE};
static const struct screen_key bar_oath[] = {K_OATH_END, K_AGENDA, K_NONE};
static const struct screen_key bar_oath_choose[] = {K_CHOOSE,
                                                    {"Enter", N_("all swear, led by this one")},
                                                    {"i", N_("this one alone")},
                                                    K_BACK,
                                                    K_NONE};
static const struct screen_key bar_results_tie[] = {K_RUNOFF, K_CLOSE_I, K_PAGES, K_AGENDA, K_NONE};
static const struct screen_key bar_inquiry[] = {K_CALL, K_GRANT, K_CLOSE_I, K_AGENDA, K_NONE};
static const struct screen_key bar_asking[] = {K_ANSWER, K_END, K_EXTEND, K_NONE};
static const struct screen_key bar_answering[] = {K_FOLLOWUP, K_END, K_EXTEND, K_NONE};
static const struct screen_key bar_last[] = {K_END, K_EXTEND, K_NONE};
static const struct screen_key bar_plain[] = {K_GRANT, K_CLOSE_I, K_AGENDA, K_NONE};
static const struct screen_key bar_delib[] = {K_GRANT,   K_GROUPS, K_JOINT,
                                              K_CLOSE_I, K_AGENDA, K_NONE};
static const struct screen_key bar_groups[] = {K_PLENARY, K_JOINT, K_AGENDA, K_NONE};
static const struct screen_key bar_joint[] = {K_GRANT, K_PLENARY, K_AGENDA, K_NONE};

static const struct screen_key *item_bar(const struct core_state *st, const struct item *it)
{
    if (st->meeting.sits == SITS_GROUPS) return bar_groups;
    if (core_floor(it, core_sitting_of(st, 0))) return bar_speech;
    if (st->meeting.sits == SITS_JOINT) return bar_joint;
    if (it->kind == ITEM_DELIBERATION) return bar_delib;
    const struct question *q = it->kind == ITEM_INQUIRY ? core_active_question(it) : NULL;
    if (q) {
        if (q->state == Q_ASKING || q->state == Q_FOLLOWUP) return bar_asking;
        return q->state == Q_ANSWERING ? bar_answering : bar_last;
    }
    if (it->kind == ITEM_INQUIRY) return bar_inquiry;
    if (it->oath.running) return bar_oath;
    if (!paint_is_ballot(it)) return bar_plain;
    if (it->ballot.state == BALLOT_OPEN) return bar_ballot_open;
    if (core_cases_waiting(it) > 1) return bar_cases;
    if (core_cases_waiting(it) == 1) return bar_floor;
    if (runoff_due(st, it)) return bar_results_tie;
    if (it->ballot.state != BALLOT_CLOSED) return bar_floor;
    return it->oath.certificates && core_swearers(it, NULL) > 0 ? bar_appointed : bar_results;
}

static const struct screen_key *chair_bar(void *ctx)
{
    struct chair *c = ctx;
    const struct core_state *st = state_of(c);
    if (!st) return bar_none;
    if (st->meeting.state == MEETING_SCHEDULED) return bar_scheduled;
    if (st->meeting.state == MEETING_SUSPENDED) return bar_suspended;
    if (st->meeting.state != MEETING_OPEN) return bar_none;
    const struct item *it = core_open_item(st);
    if (c->mode == MODE_RESPONDENT && it) return bar_choose;
    if (c->mode == MODE_OATH && it) return bar_oath_choose;
    if (showing_agenda(c, st)) {
        bool tie = c->cursor < st->item_count && runoff_due(st, &st->items[c->cursor]);
        return tie ? bar_agenda_tie : bar_agenda;
    }
    return item_bar(st, it);
}

const struct screen_view chair_view = {
    .draw = chair_draw,
    .key = chair_key,
    .tick_ms = chair_tick_ms,
    .keys = chair_keys,
    .bar = chair_bar,
    .title = N_("Chair: keys"),
    .confirm_quit = true,
};

/* ---- the feed's reports ---- */

static void on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct chair *c = ctx;
    if (!core_open_item(s)) c->cursor = next_pending(s);
    base_on_synced(ctx, s, seq);
}

/* An item opened or closed: back to its panel, or to the agenda at the next item. */
static void on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct chair *c = ctx;
    for (int i = 0; i < n; i++) {
        if (ev[i].type == EV_ITEM_OPENED) c->mode = MODE_ITEM;
        if (ev[i].type == EV_ITEM_CLOSED || ev[i].type == EV_ITEM_DEFERRED)
            c->cursor = next_pending(s);
    }
    base_on_applied(ctx, s, ev, n);
}

const struct link_events chair_events = {
    .status = base_on_status,
    .welcome = base_on_welcome,
    .synced = on_synced,
    .applied = on_applied,
    .answer = base_on_answer,
};

struct chair *chair_new(void)
{
    return calloc(1, sizeof(struct chair));
}

void chair_free(struct chair *c)
{
    free(c);
}
