/* The seat's forms (see view_seat.h): registering an inquiry question (the respondent, an
 * optional text, a review) and filling in a ballot (each subject's option, a review of them all,
 * then a confirmation that only the key 1 answers, so that no single stray key submits).
 * The ballot goes to the hub as one ballot_cast with every choice. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_seat.h"

enum { LEFT = PAINT_LEFT, CONFIRM_DIGIT = 1 };

static const struct item *form_item(const struct seat *se, const struct core_state *st)
{
    const struct item *it = core_open_item(st);
    return it && it->id == se->form_item ? it : NULL;
}

static bool is_ballot_mode(enum seat_mode m)
{
    return m == SEAT_SCORE || m == SEAT_REVIEW || m == SEAT_CONFIRM || m == SEAT_CHOOSE ||
           m == SEAT_CHOICE_REVIEW || m == SEAT_CHOICE_CONFIRM;
}

static void move_cursor(int *cursor, int count, enum pad p)
{
    if (p == PAD_UP && *cursor > 0) (*cursor)--;
    if (p == PAD_DOWN && *cursor + 1 < count) (*cursor)++;
}

/* ---- a question ---- */

void seat_question_start(struct seat *se, const struct item *it)
{
    se->form_item = it->id;
    se->respondent = 0;
    se->cursor = 0;
    entry_init(&se->entry, TEXT_MAX_BYTES - 1, "");
    se->mode = it->respondent_count ? SEAT_RESPONDENT : SEAT_TEXT;
}

static const char *respondent_name(const struct item *it, int32_t id)
{
    const struct respondent *r = id ? core_respondent(it, id) : NULL;
    return r ? r->name : _("any respondent");
}

/* Respondents 1..n by digit, 0 for any; the cursor runs over them with "any" last. */
static void draw_respondents(struct screen *s, const struct seat *se, const struct item *it,
                             int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("Register a question: to whom?"));
    int y = 5;
    for (int i = 0; i <= it->respondent_count && y < rows - 2; i++, y++) {
        char text[PAINT_TEXT_MAX];
        if (i < it->respondent_count) {
            const struct respondent *r = &it->respondents[i];
            snprintf(text, sizeof text, " %d  %s  %s  %s ", i + 1, r->name, r->post, r->department);
        } else {
            snprintf(text, sizeof text, " 0  %s ", _("any respondent"));
        }
        screen_put(s, y, LEFT, cols - 2 * LEFT, i == se->cursor ? ST_HEADER : ST_TEXT, text);
    }
    const char *const pairs[] = {"0-9",   _("choose"), "Up/Down", _("move"), "Enter",
                                 _("OK"), "Esc",       _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void respondent_key(struct seat *se, const struct item *it, int rc, wint_t ch)
{
    int digit = 0, n = it->respondent_count, pick = -1;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_ESC) return seat_main(se);
    if (p == PAD_DIGIT && digit <= n) pick = digit == 0 ? n : digit - 1;
    if (p == PAD_ENTER) pick = se->cursor;
    move_cursor(&se->cursor, n + 1, p);
    if (pick < 0) return;
    se->cursor = pick;
    se->respondent = pick < n ? it->respondents[pick].id : 0;
    se->mode = SEAT_TEXT;
}

static void draw_text(struct screen *s, struct seat *se, const struct item *it, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("Register a question to %s"),
             respondent_name(it, se->respondent));
    screen_put(s, 3, 1, cols - 2, ST_STRONG, text);
    screen_put(s, 5, LEFT, cols - 2 * LEFT, ST_TEXT,
               _("The question (you may leave it empty and just press Enter):"));
    entry_draw(s, &se->entry, 7, LEFT, cols - 2 * LEFT, ST_STRONG);
    const char *const pairs[] = {"Enter", _("next"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void text_key(struct seat *se, const struct item *it, int rc, wint_t ch)
{
    enum entry_result r = entry_key(&se->entry, rc, ch);
    if (r == ENTRY_DONE) se->mode = SEAT_QUESTION_REVIEW;
    if (r == ENTRY_CANCEL) {
        if (it->respondent_count)
            se->mode = SEAT_RESPONDENT;
        else
            seat_main(se);
    }
}

static void draw_question_review(struct screen *s, const struct seat *se, const struct item *it,
                                 int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("Your question, before it is registered:"));
    int x = paint_at(s, 5, LEFT, cols, ST_TEXT, _("Respondent: "));
    paint_at(s, 5, x, cols, ST_STRONG, respondent_name(it, se->respondent));
    x = paint_at(s, 6, LEFT, cols, ST_TEXT, _("Question: "));
    if (se->entry.text[0])
        screen_wrap(s, 6, x, cols - x - LEFT, rows - 10, ST_STRONG, se->entry.text);
    else
        paint_at(s, 6, x, cols, ST_TEXT, _("(no text: you will ask it when called)"));
    screen_put(s, rows - 3, LEFT, cols - 2 * LEFT, ST_STRONG,
               _("Press Enter to register it, Esc to change it."));
    const char *const pairs[] = {"Enter", _("register"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void question_review_key(struct seat *se, const struct core_state *st, const struct item *it,
                                int rc, wint_t ch)
{
    int digit;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_ESC) se->mode = SEAT_TEXT;
    if (p != PAD_ENTER) return;
    struct command c = {.type = CMD_QUESTION_REGISTER};
    c.p.item = it->id;
    c.p.person = seat_person(se, st)->id;
    c.p.respondent = se->respondent;
    snprintf(c.p.text, sizeof c.p.text, "%s", se->entry.text);
    if (base_send(&se->base, &c, NULL)) base_notice(&se->base, ST_TEXT, "%s", _("Sent."));
    seat_main(se);
}

/* ---- a ballot ---- */

void seat_ballot_start(struct seat *se, const struct core_state *st, const struct item *it,
                       const struct person *me)
{
    if (it->kind == ITEM_CHOICE) return seat_choice_start(se, it); /* one ballot, not per subject */
    se->form_item = it->id;
    se->subject_count = 0;
    for (int k = 0; k < it->ballot.subject_count; k++) {
        if (!core_on_vote(&it->ballot, k) || core_has_cast(st, it, me->id, k)) continue;
        se->choice[se->subject_count] = -1;
        se->subject_index[se->subject_count++] = k;
    }
    se->at = se->cursor = 0;
    se->editing_one = false;
    se->mode = se->subject_count ? SEAT_SCORE : SEAT_MAIN;
}

static const struct subject *subject_at(const struct seat *se, const struct item *it, int i)
{
    return &it->ballot.subjects[se->subject_index[i]];
}

static const char *ballot_word(const struct item *it)
{
    return it->kind == ITEM_EVALUATION ? _("Evaluation") : _("Vote");
}

static void draw_score(struct screen *s, const struct seat *se, const struct core_state *st,
                       const struct item *it, int rows, int cols)
{
    const struct subject *sub = subject_at(se, it, se->at);
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("%s: subject %d of %d"), ballot_word(it), se->at + 1,
             se->subject_count);
    screen_put(s, 3, 1, cols - 2, ST_STRONG, text);
    if (sub->nominee.is_case)
        snprintf(text, sizeof text, "%s %s", label_case(sub->nominee.kind), sub->name);
    else
        snprintf(text, sizeof text, "%s", sub->name);
    int y = 5 + screen_wrap(s, 5, LEFT, cols - 2 * LEFT, 2, ST_STRONG, text);
    if (sub->detail[0]) screen_put(s, y++, LEFT, cols - 2 * LEFT, ST_TEXT, sub->detail);
    y++;
    for (int o = 0; o < it->ballot.option_count && y < rows - 2; o++, y++) {
        snprintf(text, sizeof text, " %d  %s %s", o + 1, label_option(it, o),
                 se->choice[se->at] == o ? _("(chosen)") : "");
        screen_put(s, y, LEFT + 2, cols - 2 * LEFT - 2, o == se->cursor ? ST_HEADER : ST_STRONG,
                   text);
    }
    paint_opinions_voted(s, st, it, y + 1, rows - 2, cols);
    char digits[8];
    snprintf(digits, sizeof digits, "1-%d", it->ballot.option_count);
    const char *const pairs[] = {
        digits,  _("choose"), "Up/Down", _("move"),
        "Enter", _("OK"),     "Esc",     se->at ? _("previous") : _("back"),
        NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void score_chosen(struct seat *se, int option)
{
    se->choice[se->at] = option;
    if (se->editing_one || se->at + 1 == se->subject_count) {
        se->editing_one = false;
        se->mode = SEAT_REVIEW;
        return;
    }
    se->at++;
    se->cursor = se->choice[se->at] >= 0 ? se->choice[se->at] : 0;
}

static void score_key(struct seat *se, const struct item *it, int rc, wint_t ch)
{
    int digit = 0, n = it->ballot.option_count;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_DIGIT && digit >= 1 && digit <= n) return score_chosen(se, digit - 1);
    if (p == PAD_ENTER) return score_chosen(se, se->cursor);
    move_cursor(&se->cursor, n, p);
    if (p != PAD_ESC) return;
    if (se->editing_one) {
        se->editing_one = false;
        se->mode = SEAT_REVIEW;
    } else if (se->at > 0) {
        se->at--;
        se->cursor = se->choice[se->at];
    } else {
        seat_main(se);
    }
}

/* Every subject with its option in rows y..last; the subjects past them are counted. */
static void draw_choices(struct screen *s, const struct seat *se, const struct item *it, int y,
                         int last, int cols)
{
    int room = last - y + 1, n = se->subject_count;
    int shown = n <= room ? n : room - 1;
    for (int i = 0; i < shown; i++, y++) {
        const char *option = label_option(it, se->choice[i]);
        int ow = text_width(option);
        char name[PAINT_TEXT_MAX];
        snprintf(name, sizeof name, "%d. %s", i + 1, subject_at(se, it, i)->name);
        screen_put(s, y, LEFT, cols - 3 * LEFT - ow, ST_TEXT, name);
        screen_put(s, y, cols - LEFT - ow, ow, ST_STRONG, option);
    }
    if (shown < n) {
        char more[PAINT_TEXT_MAX];
        snprintf(more, sizeof more, _("... and %d more"), n - shown);
        screen_put(s, y, LEFT, cols - 2 * LEFT, ST_TEXT, more);
    }
}

static void draw_review(struct screen *s, const struct seat *se, const struct item *it, int rows,
                        int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("%s: check your choices"), ballot_word(it));
    screen_put(s, 3, 1, cols - 2, ST_STRONG, text);
    draw_choices(s, se, it, 5, rows - 6, cols);
    screen_wrap(
        s, rows - 4, LEFT, cols - 2 * LEFT, 2, ST_STRONG,
        _("Press Enter if they are right, a subject's number to change it, Esc to go back."));
    const char *const pairs[] = {"Enter", _("next"), "1-9", _("change"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void review_key(struct seat *se, int rc, wint_t ch)
{
    int digit = 0;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_ENTER) {
        se->mode = SEAT_CONFIRM;
    } else if (p == PAD_DIGIT && digit >= 1 && digit <= se->subject_count) {
        se->at = digit - 1;
        se->cursor = se->choice[se->at];
        se->editing_one = true;
        se->mode = SEAT_SCORE;
    } else if (p == PAD_ESC) {
        se->at = se->subject_count - 1;
        se->cursor = se->choice[se->at];
        se->mode = SEAT_SCORE;
    }
}

static void draw_confirm(struct screen *s, const struct seat *se, const struct item *it, int rows,
                         int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("%s: submit these choices?"), ballot_word(it));
    screen_put(s, 3, 1, cols - 2, ST_STRONG, text);
    draw_choices(s, se, it, 5, rows - 6, cols);
    seat_confirm_footer(s, rows, cols);
}

void seat_confirm_footer(struct screen *s, int rows, int cols)
{
    screen_put(s, rows - 4, LEFT, cols - 2 * LEFT, ST_WARN,
               _("[!] Once submitted, a ballot cannot be changed."));
    screen_put(s, rows - 3, LEFT, cols - 2 * LEFT, ST_STRONG,
               _("Press 1 to submit, Esc to go back and change."));
    const char *const pairs[] = {"1", _("submit"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void send_ballot(struct seat *se, const struct core_state *st, const struct item *it)
{
    struct command c = {.type = CMD_BALLOT_CAST};
    c.p.item = it->id;
    c.p.person = seat_person(se, st)->id;
    c.p.choice_count = se->subject_count;
    for (int i = 0; i < se->subject_count; i++) {
        c.p.choices[i].subject = subject_at(se, it, i)->id;
        c.p.choices[i].option = se->choice[i];
    }
    se->casting = base_send(&se->base, &c, NULL);
    if (se->casting) base_notice(&se->base, ST_TEXT, "%s", _("Sending your ballot..."));
    seat_main(se);
}

static void confirm_key(struct seat *se, const struct core_state *st, const struct item *it, int rc,
                        wint_t ch)
{
    int digit = 0;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_DIGIT && digit == CONFIRM_DIGIT) return send_ballot(se, st, it);
    if (p == PAD_ESC) {
        se->mode = SEAT_REVIEW;
        return;
    }
    base_notice(&se->base, ST_WARN, "%s",
                _("[!] Not submitted: press 1 to submit, or Esc to go back."));
}

/* ---- the forms together ---- */

void seat_forms_check(struct seat *se, const struct core_state *st)
{
    if (se->mode == SEAT_MAIN || se->mode == SEAT_PIN) return;
    if (se->mode == SEAT_DOCS || se->mode == SEAT_READ) return; /* not a form: stays open */
    const struct item *it = form_item(se, st);
    const struct person *me = seat_person(se, st);
    bool gone = !it || !me || me->attendance != ATT_PRESENT;
    if (!gone && is_ballot_mode(se->mode)) {
        gone = it->ballot.state != BALLOT_OPEN;
        for (int i = 0; !gone && i < se->subject_count; i++)
            gone = se->subject_index[i] >= it->ballot.subject_count ||
                   core_has_cast(st, it, me->id, se->subject_index[i]);
    }
    if (!gone) return;
    if (is_ballot_mode(se->mode))
        base_notice(&se->base, ST_WARN, "%s",
                    _("[!] The ballot changed before you submitted: nothing was sent."));
    seat_main(se);
}

void seat_forms_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                     int cols)
{
    const struct item *it = form_item(se, st);
    if (!it) return;
    switch (se->mode) {
    case SEAT_RESPONDENT:
        return draw_respondents(s, se, it, rows, cols);
    case SEAT_TEXT:
        return draw_text(s, se, it, rows, cols);
    case SEAT_QUESTION_REVIEW:
        return draw_question_review(s, se, it, rows, cols);
    case SEAT_SCORE:
        return draw_score(s, se, st, it, rows, cols);
    case SEAT_REVIEW:
        return draw_review(s, se, it, rows, cols);
    case SEAT_CONFIRM:
        return draw_confirm(s, se, it, rows, cols);
    case SEAT_CHOOSE:
    case SEAT_CHOICE_REVIEW:
    case SEAT_CHOICE_CONFIRM:
        return seat_choice_draw(se, s, it, rows, cols);
    default:
        return;
    }
}

void seat_forms_key(struct seat *se, const struct core_state *st, int rc, wint_t ch)
{
    const struct item *it = form_item(se, st);
    if (!it) return seat_main(se);
    switch (se->mode) {
    case SEAT_RESPONDENT:
        return respondent_key(se, it, rc, ch);
    case SEAT_TEXT:
        return text_key(se, it, rc, ch);
    case SEAT_QUESTION_REVIEW:
        return question_review_key(se, st, it, rc, ch);
    case SEAT_SCORE:
        return score_key(se, it, rc, ch);
    case SEAT_REVIEW:
        return review_key(se, rc, ch);
    case SEAT_CONFIRM:
        return confirm_key(se, st, it, rc, ch);
    case SEAT_CHOOSE:
    case SEAT_CHOICE_REVIEW:
    case SEAT_CHOICE_CONFIRM:
        return seat_choice_key(se, st, it, rc, ch);
    default:
        return;
    }
}
