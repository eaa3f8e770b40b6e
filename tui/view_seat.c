/* The member's seat console (座席): usable with digits, arrows, Enter and Esc alone.
 *
 *   row 0      the meeting's title, its state, the hub's clock
 *   row 1      the seat, the member's name and title, their attendance
 *   rows 3..   what runs now: the open item (the speaker with a countdown, the inquiry, a
 *              ballot's progress or its results) or the agenda; a form while the member fills
 *              one in (the PIN, a question, a ballot: tui/view_seat_forms.c)
 *   3rd last   the member's own place: in the speaker list, with their questions, their ballot
 *   2nd last   the actions, numbered: a digit runs one, arrows and Enter too
 *   last       the keys that matter now
 *
 * The seat's person is the roster's person whose seat is the one the hub's welcome names. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_seat.h"

enum { KEY_ESC = 27, PIN_MAX = 15, ACTIONS_MAX = 4 };

enum seat_action {
    ACT_SIGN_IN,
    ACT_FLOOR_REQUEST,
    ACT_FLOOR_WITHDRAW,
    ACT_QUESTION,
    ACT_QUESTION_WITHDRAW,
    ACT_CAST,
};

/* ---- what the seat knows ---- */

enum pad seat_pad(int rc, wint_t ch, int *digit)
{
    if (rc == KEY_CODE_YES) {
        if (ch == (wint_t)KEY_UP || ch == (wint_t)KEY_LEFT) return PAD_UP;
        if (ch == (wint_t)KEY_DOWN || ch == (wint_t)KEY_RIGHT) return PAD_DOWN;
        if (ch == (wint_t)KEY_ENTER) return PAD_ENTER;
        return PAD_OTHER;
    }
    if (rc != OK) return PAD_OTHER;
    if (ch >= L'0' && ch <= L'9') {
        *digit = (int)(ch - L'0');
        return PAD_DIGIT;
    }
    if (ch == L'\r' || ch == L'\n') return PAD_ENTER;
    return ch == KEY_ESC ? PAD_ESC : PAD_OTHER;
}

const struct person *seat_person(const struct seat *se, const struct core_state *st)
{
    return core_person_at_seat(st, se->seat_no);
}

static bool meeting_running(const struct core_state *st)
{
    enum meeting_state m = st->meeting.state;
    return m == MEETING_SCHEDULED || m == MEETING_OPEN || m == MEETING_SUSPENDED;
}

/* The person's place among the speakers waiting in the sitting they sit in (1 = next), 0 when
 * not waiting. */
static int floor_place(const struct core_state *st, const struct item *it, int32_t person,
                       const struct speaker **mine)
{
    int32_t sitting = core_sitting_of(st, person);
    *mine = NULL;
    for (int i = 0, place = 0; i < it->speaker_count; i++) {
        const struct speaker *sp = &it->speakers[i];
        if (sp->sitting != sitting) continue;
        if (sp->person == person) *mine = sp;
        if (sp->state != SPK_WAITING) continue;
        place++;
        if (sp->person == person) return place;
    }
    return 0;
}

/* The person's newest question waiting to be called, if any. */
static const struct question *own_waiting_question(const struct item *it, int32_t person)
{
    for (int i = it->question_count - 1; i >= 0; i--)
        if (it->questions[i].member == person && it->questions[i].state == Q_WAITING)
            return &it->questions[i];
    return NULL;
}

/* Ask for the floor, or withdraw the request (waiting, or an attendee's awaiting approval). */
static int floor_actions(const struct core_state *st, const struct item *it,
                         const struct person *me, enum seat_action *out)
{
    const struct speaker *mine;
    if (core_sitting_of(st, me->id) < 0) return 0; /* in no group while the groups sit */
    if (floor_place(st, it, me->id, &mine) > 0 || (mine && mine->state == SPK_ASKING))
        return out[0] = ACT_FLOOR_WITHDRAW, 1;
    if (!mine || mine->state == SPK_DONE) return out[0] = ACT_FLOOR_REQUEST, 1;
    return 0;
}

/* The actions open to the member now, in menu order; how many. */
static int seat_actions(const struct seat *se, const struct core_state *st, const struct person *me,
                        enum seat_action *out)
{
    int n = 0;
    if (!me || !meeting_running(st)) return 0;
    if (me->attendance != ATT_PRESENT) {
        if (!se->signing_in) out[n++] = ACT_SIGN_IN;
        return n;
    }
    const struct item *it = core_open_item(st);
    if (!it || st->meeting.state != MEETING_OPEN) return 0;
    if (me->kind != PERSON_MEMBER) /* 列席: the floor (after approval), never a vote */
        return it->kind == ITEM_INQUIRY || paint_is_ballot(it) ? 0 : floor_actions(st, it, me, out);
    if (paint_is_ballot(it) && it->ballot.state == BALLOT_OPEN) {
        if (!se->casting && !core_cast_done(st, it, me->id) && !core_vote_on_paper(st, it))
            out[n++] = ACT_CAST;
        return n;
    }
    if (it->kind == ITEM_INQUIRY) {
        out[n++] = ACT_QUESTION;
        if (own_waiting_question(it, me->id)) out[n++] = ACT_QUESTION_WITHDRAW;
        return n;
    }
    if (paint_is_ballot(it) && it->ballot.state == BALLOT_CLOSED) return 0;
    return n + floor_actions(st, it, me, out + n);
}

static const char *action_label(enum seat_action a, const struct core_state *st)
{
    const struct item *it = core_open_item(st);
    switch (a) {
    case ACT_SIGN_IN:
        return _("Sign in");
    case ACT_FLOOR_REQUEST:
        return _("Ask for the floor");
    case ACT_FLOOR_WITHDRAW:
        return _("Withdraw my request");
    case ACT_QUESTION:
        return _("Register a question");
    case ACT_QUESTION_WITHDRAW:
        return _("Withdraw my question");
    default:
        if (it && it->kind == ITEM_CHOICE) return _("Start choosing");
        return it && it->kind == ITEM_EVALUATION ? _("Start scoring") : _("Start voting");
    }
}

/* ---- drawing ---- */

void seat_hints(struct screen *s, int y, int cols, const char *const *pairs)
{
    int x = 1;
    for (int i = 0; pairs[i] && pairs[i + 1] && x < cols; i += 2) {
        x += screen_put(s, y, x, cols - x, ST_KEY, pairs[i]);
        x += screen_put(s, y, x, cols - x, ST_TEXT, " ");
        x += screen_put(s, y, x, cols - x, ST_TEXT, pairs[i + 1]) + 3;
    }
}

static void draw_member_row(struct screen *s, const struct seat *se, const struct person *me,
                            int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("Seat %d"), (int)se->seat_no);
    int x = paint_at(s, 1, 1, cols, ST_TEXT, text);
    if (!me) return;
    x = paint_at(s, 1, x + 2, cols, ST_STRONG, me->name);
    if (me->title[0]) x = paint_at(s, 1, x + 2, cols, ST_TEXT, me->title);
    if (me->attendance == ATT_PRESENT)
        paint_right(s, 1, x + 2, cols, ST_GOOD, _("Signed in"));
    else if (me->attendance == ATT_LEAVE)
        paint_right(s, 1, x + 2, cols, ST_STRONG, _("On leave"));
    else
        paint_right(s, 1, x + 2, cols, ST_WARN, _("[!] Not signed in"));
}

/* The member's questions: the one on now, else the first waiting with its place, else how
 * many were answered. */
static void own_questions(const struct item *it, int32_t person, char *buf, size_t n)
{
    const struct question *q = core_active_question(it);
    if (q && q->member == person && q->state != Q_WAITING) {
        snprintf(buf, n, _("Your question is on now: %s."), label_phase(q->state));
        return;
    }
    int place = 0, done = 0;
    for (int i = 0; i < it->question_count; i++) {
        q = &it->questions[i];
        if (q->state == Q_WAITING) place++;
        if (q->member != person) continue;
        if (q->state == Q_WAITING) {
            snprintf(buf, n, _("Your question waits to be called: number %d of %d."), place,
                     paint_questions_waiting(it));
            return;
        }
        done += q->state == Q_DONE;
    }
    if (done) snprintf(buf, n, _("Your questions answered: %d."), done);
}

/* The member's ballot: recorded (the replica's marks say so), on its way, or still to cast. */
static void own_ballot(const struct seat *se, const struct core_state *st, const struct item *it,
                       int32_t person, char *buf, size_t n, enum screen_style *style)
{
    bool eval = it->kind == ITEM_EVALUATION;
    const char *text;
    if (core_vote_on_paper(st, it)) {
        text = _("This vote is by paper ballot: mark your ballot paper.");
    } else if (core_cast_done(st, it, person)) {
        *style = ST_GOOD;
        text = eval ? _("Recorded: your evaluation has been counted.")
                    : _("Recorded: your vote has been counted.");
    } else if (se->casting) {
        text = _("Sending your ballot...");
    } else {
        text = eval ? _("Please score every subject: press 1.") : _("Please vote: press 1.");
    }
    snprintf(buf, n, "%s", text);
}

/* The member's own place in what runs now, in one line; "" when there is nothing to say. */
static void own_place(const struct seat *se, const struct core_state *st, const struct person *me,
                      char *buf, size_t n, enum screen_style *style)
{
    const struct item *it = core_open_item(st);
    *style = ST_STRONG;
    buf[0] = '\0';
    if (!it || me->attendance != ATT_PRESENT) return;
    if (paint_is_ballot(it) && it->ballot.state == BALLOT_CLOSED) return; /* room for results */
    if (paint_is_ballot(it) && it->ballot.state == BALLOT_OPEN)
        return own_ballot(se, st, it, me->id, buf, n, style);
    if (it->kind == ITEM_INQUIRY) return own_questions(it, me->id, buf, n);
    const struct speaker *sp;
    int place = floor_place(st, it, me->id, &sp);
    if (place > 0)
        snprintf(buf, n, _("You asked for the floor: you are number %d of %d waiting."), place,
                 core_waiting(it, core_sitting_of(st, me->id)));
    else if (sp && sp->state == SPK_ASKING)
        snprintf(buf, n, "%s", _("You asked for the floor: the secretary has yet to approve it."));
    else if (sp && sp->state == SPK_SPEAKING)
        snprintf(buf, n, "%s", _("You have the floor."));
    else if (sp && sp->state == SPK_DONE)
        snprintf(buf, n, "%s", _("You have spoken on this item."));
}

static void draw_menu(struct screen *s, const struct seat *se, const struct core_state *st,
                      const enum seat_action *acts, int n, int y, int cols)
{
    int x = 1;
    for (int i = 0; i < n && x < cols; i++) {
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, " %d  %s ", i + 1, action_label(acts[i], st));
        x += screen_put(s, y, x, cols - x, i == se->cursor ? ST_HEADER : ST_STRONG, text) + 3;
    }
}

static void draw_not_signed_in(struct screen *s, const struct seat *se, const struct person *me,
                               const struct core_state *st, int bottom, int cols)
{
    if (se->signing_in)
        paint_center(s, 4, cols, ST_STRONG, _("Signing in..."));
    else
        paint_center(s, 4, cols, ST_WARN, _("[!] You have not signed in."));
    if (me->attendance == ATT_LEAVE) paint_center(s, 5, cols, ST_TEXT, me->reason);
    if (!se->signing_in) paint_center(s, 6, cols, ST_STRONG, _("Press Enter to sign in."));
    paint_agenda(s, st, 8, bottom, cols);
}

static void draw_main(struct seat *se, struct screen *s, const struct core_state *st,
                      const struct person *me, int rows, int cols)
{
    enum seat_action acts[ACTIONS_MAX];
    int n = seat_actions(se, st, me, acts);
    if (se->cursor >= n) se->cursor = 0;
    char own[PAINT_TEXT_MAX];
    enum screen_style own_style;
    own_place(se, st, me, own, sizeof own, &own_style);
    int bottom = rows - 1 - (n ? 1 : 0) - (own[0] ? 2 : 0);
    const struct item *it = core_open_item(st);
    se->pages.pages = 1;
    se->pages.sitting = core_sitting_of(st, me->id);
    if (!meeting_running(st))
        paint_agenda(s, st, 3, bottom, cols);
    else if (me->attendance != ATT_PRESENT)
        draw_not_signed_in(s, se, me, st, bottom, cols);
    else if (it && core_sitting_of(st, me->id) < 0) /* in no group while the groups sit */
        paint_groups(s, st, it, feed_now(&se->base.feed), paint_item_head(s, st, it, 3, cols) + 1,
                     bottom, cols);
    else if (it)
        paint_item(s, &se->pages, st, it, feed_now(&se->base.feed), 3, bottom, cols);
    else
        paint_agenda(s, st, 3, bottom, cols);
    if (own[0]) screen_put(s, rows - 2 - (n ? 1 : 0), 1, cols - 2, own_style, own);
    if (n) draw_menu(s, se, st, acts, n, rows - 2, cols);
    char digits[8];
    snprintf(digits, sizeof digits, n > 1 ? "1-%d" : "%d", n);
    bool docs = seat_docs_any(st);
    const char *const pairs[] = {digits,       _("choose"),       "Enter",        _("OK"), "m",
                                 _("motions"), docs ? "d" : NULL, _("documents"), NULL};
    const char *const pages[] = {"PgDn, PgUp",      _("more results"), "m", _("motions"),
                                 docs ? "d" : NULL, _("documents"),    NULL};
    const char *const motions[] = {"m", _("inquiry motions"), docs ? "d" : NULL, _("documents"),
                                   NULL};
    if (seat_convenes(st, me))
        seat_convener_hints(s, rows - 1, cols, n ? digits : NULL);
    else if (n)
        seat_hints(s, rows - 1, cols, pairs);
    else if (se->pages.pages > 1)
        seat_hints(s, rows - 1, cols, pages);
    else
        seat_hints(s, rows - 1, cols, motions);
}

static void draw_pin(struct seat *se, struct screen *s, int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("Sign in"));
    screen_put(s, 5, PAINT_LEFT, cols - 4, ST_TEXT, _("Enter your PIN, then press Enter:"));
    int x = paint_at(s, 7, PAINT_LEFT, cols, ST_STRONG, _("PIN: "));
    entry_draw(s, &se->entry, 7, x, PIN_MAX + 1, ST_STRONG);
    if (se->signing_in)
        screen_put(s, 9, PAINT_LEFT, cols - 4, ST_TEXT, _("Checking the PIN..."));
    else if (se->pin_error[0])
        screen_wrap(s, 9, PAINT_LEFT, cols - 4, 2, ST_ALERT, se->pin_error);
    const char *const pairs[] = {"0-9", _("PIN"), "Enter", _("sign in"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void seat_draw(void *ctx, struct screen *s, int rows, int cols)
{
    struct seat *se = ctx;
    const struct core_state *st = feed_state(&se->base.feed);
    if (!st) {
        screen_fill(s, 0, 0, cols, ST_HEADER);
        screen_put(s, 0, 1, cols - 2, ST_HEADER, _("cmte seat"));
        paint_center(s, rows / 2, cols, ST_STRONG, _("Connecting to the meeting host..."));
        return;
    }
    if (se->mode == SEAT_READ && pager_is_open(&se->pager)) /* the document takes the screen */
        return seat_docs_draw(se, s, st, rows, cols);
    paint_header(s, st, feed_now(&se->base.feed), cols);
    const struct person *me = seat_person(se, st);
    draw_member_row(s, se, me, cols);
    if (!me) {
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, _("[!] Nobody on the roster has seat %d: ask the secretary."),
                 (int)se->seat_no);
        paint_center(s, rows / 2, cols, ST_WARN, text);
    } else if (se->mode == SEAT_MAIN) {
        draw_main(se, s, st, me, rows, cols);
    } else if (se->mode == SEAT_PIN) {
        draw_pin(se, s, rows, cols);
    } else if (seat_motion_mode(se)) {
        seat_motion_draw(se, s, st, rows, cols);
    } else if (se->mode == SEAT_DOCS || se->mode == SEAT_READ) {
        seat_docs_draw(se, s, st, rows, cols);
    } else {
        seat_forms_draw(se, s, st, rows, cols);
    }
}

static int64_t seat_tick_ms(void *ctx)
{
    struct seat *se = ctx;
    const struct core_state *st = feed_state(&se->base.feed);
    return st ? paint_tick_ms(st, feed_now(&se->base.feed)) : -1;
}

/* ---- actions ---- */

void seat_main(struct seat *se)
{
    se->mode = SEAT_MAIN;
    se->cursor = 0;
    se->editing_one = false;
}

static void send_sign_in(struct seat *se, const struct person *me, const char *pin)
{
    struct command c = {.type = CMD_SIGN_IN};
    c.p.person = me->id;
    se->pin_error[0] = '\0';
    se->signing_in = base_send(&se->base, &c, pin);
}

static void pin_screen(struct seat *se)
{
    se->mode = SEAT_PIN;
    entry_init(&se->entry, PIN_MAX, "");
    se->entry.digits = se->entry.secret = true;
}

static void start_sign_in(struct seat *se, const struct person *me)
{
    se->pin_error[0] = '\0';
    if (me->has_pin)
        pin_screen(se);
    else
        send_sign_in(se, me, NULL);
}

static void send_for_me(struct seat *se, enum command_type type, const struct item *it,
                        const struct person *me)
{
    struct command c = {.type = type};
    c.p.item = it->id;
    c.p.person = me->id;
    if (type == CMD_QUESTION_WITHDRAW) c.p.id = own_waiting_question(it, me->id)->id;
    if (base_send(&se->base, &c, NULL)) base_notice(&se->base, ST_TEXT, "%s", _("Sent."));
}

static void run_action(struct seat *se, const struct core_state *st, const struct person *me,
                       enum seat_action a)
{
    const struct item *it = core_open_item(st);
    switch (a) {
    case ACT_SIGN_IN:
        return start_sign_in(se, me);
    case ACT_FLOOR_REQUEST: /* an attendee's awaits approval */
        return send_for_me(se, me->kind == PERSON_MEMBER ? CMD_FLOOR_REQUEST : CMD_FLOOR_ASK, it,
                           me);
    case ACT_FLOOR_WITHDRAW:
        return send_for_me(se, CMD_FLOOR_WITHDRAW, it, me);
    case ACT_QUESTION:
        return seat_question_start(se, it);
    case ACT_QUESTION_WITHDRAW:
        return send_for_me(se, CMD_QUESTION_WITHDRAW, it, me);
    default:
        return seat_ballot_start(se, st, it, me);
    }
}

static void main_key(struct seat *se, const struct core_state *st, const struct person *me, int rc,
                     wint_t ch)
{
    enum seat_action acts[ACTIONS_MAX];
    int n = seat_actions(se, st, me, acts), digit = 0;
    switch (seat_pad(rc, ch, &digit)) {
    case PAD_DIGIT:
        if (digit >= 1 && digit <= n) run_action(se, st, me, acts[digit - 1]);
        return;
    case PAD_UP:
        if (se->cursor > 0) se->cursor--;
        return;
    case PAD_DOWN:
        if (se->cursor + 1 < n) se->cursor++;
        return;
    case PAD_ENTER:
        if (se->cursor < n) run_action(se, st, me, acts[se->cursor]);
        return;
    default:
        if (seat_convener_key(se, st, me, rc, ch)) return;
        if (rc == OK && (ch == L'm' || ch == L'M')) return seat_motions_start(se);
        if (rc == OK && ch == L'd')
            seat_docs_start(se, st);
        else
            paint_pages_key(&se->pages, rc, ch);
    }
}

static void pin_key(struct seat *se, const struct person *me, int rc, wint_t ch)
{
    if (se->signing_in) return; /* the answer decides what comes next */
    switch (entry_key(&se->entry, rc, ch)) {
    case ENTRY_DONE:
        if (se->entry.text[0])
            send_sign_in(se, me, se->entry.text);
        else
            snprintf(se->pin_error, sizeof se->pin_error, "%s", _("[!] Type your PIN first."));
        return pin_screen(se);
    case ENTRY_CANCEL:
        return seat_main(se);
    default:
        return;
    }
}

static void seat_key(void *ctx, struct screen *s, int rc, wint_t ch)
{
    struct seat *se = ctx;
    const struct core_state *st = feed_state(&se->base.feed);
    const struct person *me = st ? seat_person(se, st) : NULL;
    base_key(&se->base);
    screen_dirty(s);
    if (!me) return;
    if (se->mode == SEAT_MAIN)
        main_key(se, st, me, rc, ch);
    else if (se->mode == SEAT_PIN)
        pin_key(se, me, rc, ch);
    else if (seat_motion_mode(se))
        seat_motion_key(se, st, me, rc, ch);
    else if (se->mode == SEAT_DOCS || se->mode == SEAT_READ)
        seat_docs_key(se, st, s, rc, ch);
    else
        seat_forms_key(se, st, rc, ch);
}

/* ---- the feed's reports ---- */

/* Forms the meeting has moved past give way to the main screen. */
static void seat_check(struct seat *se, const struct core_state *st)
{
    const struct person *me = seat_person(se, st);
    if (se->mode == SEAT_PIN && (!me || me->attendance == ATT_PRESENT)) seat_main(se);
    if (!seat_motion_mode(se)) seat_forms_check(se, st);
    if (se->base.screen) screen_dirty(se->base.screen);
}

static void seat_on_welcome(void *ctx, const struct msg_welcome *w)
{
    struct seat *se = ctx;
    se->seat_no = w->seat;
    base_on_welcome(ctx, w);
}

static void seat_on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    seat_check(ctx, s);
    seat_docs_synced(ctx);
    base_on_synced(ctx, s, seq);
}

static void seat_on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    seat_check(ctx, s);
    base_on_applied(ctx, s, ev, n);
}

/* A refused sign-in in plain words, on the PIN screen. */
static void pin_refused(struct seat *se, const struct msg_answer *a)
{
    const char *words = NULL;
    if (a->code == ERR_PIN_WRONG)
        words = _("[!] The PIN is wrong. Please type it again.");
    else if (a->code == ERR_PIN_NEEDED)
        words = _("[!] This seat needs its PIN to sign in.");
    else if (a->code == ERR_TOO_MANY)
        words = _("[!] Too many wrong PINs: wait a little, then try again.");
    if (!words) return;
    if (se->mode == SEAT_MAIN) pin_screen(se); /* the roster said no PIN; the hub wants one */
    snprintf(se->pin_error, sizeof se->pin_error, "%s", words);
}

static void seat_on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct seat *se = ctx;
    if (c->type == CMD_SIGN_IN) se->signing_in = false;
    if (c->type == CMD_BALLOT_CAST) se->casting = false;
    if (!a->ok) {
        base_refusal(&se->base, a);
        if (c->type == CMD_SIGN_IN) pin_refused(se, a);
        seat_motion_refused(se, c, a);
    } else if (c->type == CMD_SIGN_IN) {
        if (se->mode == SEAT_PIN) seat_main(se);
        base_notice(&se->base, ST_GOOD, "%s", _("Signed in."));
    } else if (c->type == CMD_BALLOT_CAST) {
        base_notice(&se->base, ST_GOOD, "%s", _("Recorded: your ballot has been counted."));
    } else {
        base_notice(&se->base, ST_GOOD, "%s", _("Done."));
    }
    if (se->base.screen) screen_dirty(se->base.screen);
}

static const struct screen_key seat_keys[] = {
    {"0-9", N_("choose")},
    {"Up/Down", N_("move")},
    {"Enter", N_("OK")},
    {"Esc", N_("back")},
    {"PgDn/PgUp", N_("pages")},
    {"Space", N_("choose or un-choose")},
    {"m", N_("inquiry motions")},
    {"d", N_("documents of the open item")},
    {"g", N_("a group's convener: give the floor to the next speaker")},
    {"e", N_("a group's convener: end the speech")},
    {"+", N_("a group's convener: one more minute for the speech")},
    {"Home/End", N_("a document's start, end")},
    {"/", N_("search a document")},
    {"n", N_("next match")},
    {"q", N_("back from a document")},
    {NULL, NULL},
};

/* A question's text is typed (with a keyboard, when the seat has one). */
static bool seat_editing(void *ctx)
{
    const struct seat *se = ctx;
    return se->mode == SEAT_TEXT || se->mode == SEAT_MOTION_DRAFT ||
           se->mode == SEAT_READ; /* q leaves a document */
}

const struct screen_view seat_view = {
    .draw = seat_draw,
    .key = seat_key,
    .tick_ms = seat_tick_ms,
    .keys = seat_keys,
    .editing = seat_editing,
    .title = N_("Seat: keys (a ballot is submitted only with 1 on its confirmation screen)"),
    .confirm_quit = true,
};

const struct link_events seat_events = {
    .status = base_on_status,
    .welcome = seat_on_welcome,
    .synced = seat_on_synced,
    .applied = seat_on_applied,
    .answer = seat_on_answer,
    .document = seat_on_document,
};

struct seat *seat_new(void)
{
    return calloc(1, sizeof(struct seat));
}

void seat_free(struct seat *se)
{
    if (se) seat_docs_free(se);
    free(se);
}
