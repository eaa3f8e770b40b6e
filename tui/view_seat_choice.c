/* The seat's choice ballot (差额票决, see view_seat.h): the candidates with a box each, chosen
 * or not by their number or by the arrows and Space, "已选 2/3" on screen; a member may choose
 * fewer than k (none at all is a blank ballot), never more (said in plain words).  Enter shows
 * the review, and only 1 on the confirmation submits, as for every ballot.  The ballot goes to
 * the hub as one ballot_cast naming the chosen candidates. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/view_seat.h"

enum { LEFT = PAINT_LEFT, CONFIRM_DIGIT = 1, FIRST_ROW = 5 };

void seat_choice_start(struct seat *se, const struct item *it)
{
    se->form_item = it->id;
    se->subject_count = it->ballot.subject_count;
    for (int k = 0; k < se->subject_count; k++) {
        se->subject_index[k] = k;
        se->choice[k] = 0;
    }
    se->at = se->cursor = 0;
    se->editing_one = false;
    se->mode = SEAT_CHOOSE;
}

static int chosen_count(const struct seat *se)
{
    int n = 0;
    for (int k = 0; k < se->subject_count; k++) n += se->choice[k];
    return n;
}

static void chosen_words(char *buf, size_t n, const struct seat *se, const struct item *it)
{
    snprintf(buf, n, _("Chosen %d/%d"), chosen_count(se), (int)it->choose);
}

/* The form's title on the left, "已选 2/3" on the right. */
static void draw_title(struct screen *s, const struct seat *se, const struct item *it,
                       const char *text, int cols)
{
    char count[64];
    chosen_words(count, sizeof count, se, it);
    int cw = text_width(count);
    screen_put(s, 3, 1, cols - cw - 4, ST_STRONG, text);
    screen_put(s, 3, cols - LEFT - cw, cw, ST_STRONG, count);
}

/* The candidates in rows FIRST_ROW..last, scrolled so that the cursor shows. */
static void draw_boxes(struct screen *s, const struct seat *se, const struct item *it, int last,
                       int cols)
{
    int room = last - FIRST_ROW + 1, top = se->cursor >= room ? se->cursor - room + 1 : 0;
    for (int k = top; k < se->subject_count && k - top < room; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, " %2d [%s] %s  %s ", k + 1, se->choice[k] ? "x" : " ",
                 sub->name, sub->detail);
        enum screen_style st = k == se->cursor ? ST_HEADER : se->choice[k] ? ST_STRONG : ST_TEXT;
        screen_put(s, FIRST_ROW + k - top, LEFT, cols - 2 * LEFT, st, text);
    }
}

static void draw_choose(struct screen *s, const struct seat *se, const struct item *it, int rows,
                        int cols)
{
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, _("Choice ballot: choose up to %d of %d"), (int)it->choose,
             se->subject_count);
    draw_title(s, se, it, text, cols);
    draw_boxes(s, se, it, rows - 4, cols);
    screen_put(s, rows - 3, LEFT, cols - 2 * LEFT, ST_TEXT,
               _("A number or Space chooses, again un-chooses; Enter to review."));
    const char *const pairs[] = {"1-9",     _("choose"), "Space", _("choose or un-choose"),
                                 "Up/Down", _("move"),   "Enter", _("review"),
                                 "Esc",     _("back"),   NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void toggle(struct seat *se, const struct item *it, int k)
{
    se->cursor = k;
    if (se->choice[k]) {
        se->choice[k] = 0;
    } else if (chosen_count(se) >= it->choose) {
        base_notice(&se->base, ST_WARN,
                    _("[!] You may choose at most %d: un-choose one before choosing another."),
                    (int)it->choose);
    } else {
        se->choice[k] = 1;
    }
}

static void choose_key(struct seat *se, const struct item *it, int rc, wint_t ch)
{
    int digit = 0;
    enum pad p = seat_pad(rc, ch, &digit);
    if (p == PAD_DIGIT && digit >= 1 && digit <= se->subject_count)
        return toggle(se, it, digit - 1);
    if (rc == OK && ch == L' ') return toggle(se, it, se->cursor);
    if (p == PAD_UP && se->cursor > 0) se->cursor--;
    if (p == PAD_DOWN && se->cursor + 1 < se->subject_count) se->cursor++;
    if (p == PAD_ENTER) se->mode = SEAT_CHOICE_REVIEW;
    if (p == PAD_ESC) seat_main(se);
}

/* The chosen candidates in rows y..last, or the words for a blank ballot. */
static void draw_chosen(struct screen *s, const struct seat *se, const struct item *it, int y,
                        int last, int cols)
{
    if (!chosen_count(se)) {
        screen_put(s, y, LEFT, cols - 2 * LEFT, ST_STRONG,
                   _("No candidate chosen: a blank ballot."));
        return;
    }
    for (int k = 0, row = 1; k < se->subject_count && y <= last; k++) {
        if (!se->choice[k]) continue;
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, "%d. %s  %s", row++, it->ballot.subjects[k].name,
                 it->ballot.subjects[k].detail);
        screen_put(s, y++, LEFT, cols - 2 * LEFT, ST_STRONG, text);
    }
}

/* The review, or the confirmation that only 1 answers: the chosen candidates either way. */
static void draw_chosen_form(struct screen *s, const struct seat *se, const struct item *it,
                             int rows, int cols)
{
    bool confirm = se->mode == SEAT_CHOICE_CONFIRM;
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text,
             confirm ? _("Choice ballot (up to %d of %d): submit this ballot?")
                     : _("Choice ballot (up to %d of %d): check your choices"),
             (int)it->choose, se->subject_count);
    draw_title(s, se, it, text, cols);
    draw_chosen(s, se, it, FIRST_ROW, rows - 6, cols);
    if (confirm) return seat_confirm_footer(s, rows, cols);
    screen_wrap(s, rows - 4, LEFT, cols - 2 * LEFT, 2, ST_STRONG,
                _("Press Enter if they are right, Esc to change them."));
    const char *const pairs[] = {"Enter", _("next"), "Esc", _("change"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void send_choice(struct seat *se, const struct core_state *st, const struct item *it)
{
    struct command c = {.type = CMD_BALLOT_CAST};
    c.p.item = it->id;
    c.p.person = seat_person(se, st)->id;
    for (int k = 0; k < se->subject_count; k++)
        if (se->choice[k])
            c.p.choices[c.p.choice_count++] = (struct choice){it->ballot.subjects[k].id, 0};
    se->casting = base_send(&se->base, &c, NULL);
    if (se->casting) base_notice(&se->base, ST_TEXT, "%s", _("Sending your ballot..."));
    seat_main(se);
}

void seat_choice_draw(struct seat *se, struct screen *s, const struct item *it, int rows, int cols)
{
    if (se->mode == SEAT_CHOOSE) return draw_choose(s, se, it, rows, cols);
    draw_chosen_form(s, se, it, rows, cols);
}

void seat_choice_key(struct seat *se, const struct core_state *st, const struct item *it, int rc,
                     wint_t ch)
{
    int digit = 0;
    if (se->mode == SEAT_CHOOSE) return choose_key(se, it, rc, ch);
    enum pad p = seat_pad(rc, ch, &digit);
    if (se->mode == SEAT_CHOICE_REVIEW) {
        if (p == PAD_ENTER) se->mode = SEAT_CHOICE_CONFIRM;
        if (p == PAD_ESC) se->mode = SEAT_CHOOSE;
        return;
    }
    if (p == PAD_DIGIT && digit == CONFIRM_DIGIT) return send_choice(se, st, it);
    if (p == PAD_ESC) {
        se->mode = SEAT_CHOICE_REVIEW;
        return;
    }
    base_notice(&se->base, ST_WARN, "%s",
                _("[!] Not submitted: press 1 to submit, or Esc to go back."));
}
