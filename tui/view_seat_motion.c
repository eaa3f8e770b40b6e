/* Inquiry motions (质询案) at the seat, reached with m from the main screen: the motions with
 * their signatures against the threshold; digits act on the one under the arrows (1 co-sign,
 * 2 withdraw one's own, 3 satisfied, 4 dissatisfied with its answer), 0 drafts a new one in a
 * form of three fields (the organ questioned, the subject, the text). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/view_seat.h"

enum { LEFT = PAINT_LEFT, FIELD_COUNT = 3 };
enum motion_act { MA_SIGN = 1, MA_WITHDRAW, MA_SATISFIED, MA_DISSATISFIED };

bool seat_motion_mode(const struct seat *se)
{
    return se->mode == SEAT_MOTIONS || se->mode == SEAT_MOTION_DRAFT;
}

void seat_motions_start(struct seat *se)
{
    se->mode = SEAT_MOTIONS;
}

/* The motions shown: all but the withdrawn. */
static int shown(const struct core_state *st, const struct motion **out)
{
    int n = 0;
    for (int i = 0; i < st->motion_count; i++)
        if (st->motions[i].state != MOTION_WITHDRAWN) out[n++] = &st->motions[i];
    return n;
}

static bool can(enum motion_act a, const struct motion *m, int32_t me)
{
    int k = core_motion_signer(m, me);
    switch (a) {
    case MA_SIGN:
        return m->state == MOTION_SIGNING && k < 0;
    case MA_WITHDRAW:
        return m->state == MOTION_SIGNING && k == 0;
    default:
        return m->answered && k >= 0 && m->verdicts[k] == VERDICT_NONE;
    }
}

static const char *act_label(enum motion_act a)
{
    static const char *const labels[] = {NULL, N_("co-sign"), N_("withdraw"), N_("satisfied"),
                                         N_("dissatisfied")};
    return _(labels[a]);
}

/* What the member has done on the motion, in a word. */
static const char *own_word(const struct motion *m, int32_t me)
{
    int k = core_motion_signer(m, me);
    if (k < 0) return "";
    if (m->verdicts[k] == VERDICT_SATISFIED) return _("you: satisfied");
    if (m->verdicts[k] == VERDICT_DISSATISFIED) return _("you: dissatisfied");
    return k == 0 ? _("you: proposer") : _("you: signed");
}

static void draw_row(struct screen *s, const struct core_state *st, const struct motion *m,
                     int32_t me, int y, int cols, bool selected)
{
    enum screen_style style = selected ? ST_HEADER : ST_TEXT;
    if (selected) screen_fill(s, y, 1, cols - 2, ST_HEADER);
    /* columns: id, organ, subject, signatures, where it is and what the member did */
    char text[PAINT_TEXT_MAX];
    snprintf(text, sizeof text, "%s %d", selected ? ">" : " ", (int)m->id);
    screen_put(s, y, 1, 5, style, text);
    screen_put(s, y, 7, 16, style, m->organ);
    screen_put(s, y, 24, 18, style, m->subject);
    paint_motion_signatures(text, sizeof text, st, m);
    screen_put(s, y, 43, 12, style, text);
    snprintf(text, sizeof text, "%s  %s", label_motion_status(m), own_word(m, me));
    screen_put(s, y, 56, cols - 57, m->reanswer && !selected ? ST_ALERT : style, text);
}

static void draw_list(struct seat *se, struct screen *s, const struct core_state *st, int32_t me,
                      int rows, int cols)
{
    const struct motion *list[MOTIONS_MAX];
    int n = shown(st, list);
    if (se->motion_cursor >= n) se->motion_cursor = n ? n - 1 : 0;
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("Inquiry motions"));
    if (!n) screen_put(s, 5, LEFT, cols - 2 * LEFT, ST_TEXT, _("No inquiry motion yet."));
    int first = se->motion_cursor >= rows - 9 ? se->motion_cursor - (rows - 10) : 0;
    for (int i = first, y = 5; i < n && y < rows - 4; i++, y++)
        draw_row(s, st, list[i], me, y, cols, i == se->motion_cursor);
    char acts[PAINT_TEXT_MAX] = "";
    size_t len = 0;
    for (int a = MA_SIGN; n && a <= MA_DISSATISFIED && len < sizeof acts; a++)
        if (can((enum motion_act)a, list[se->motion_cursor], me))
            len += (size_t)snprintf(acts + len, sizeof acts - len, " %d %s ", a,
                                    act_label((enum motion_act)a));
    if (len) screen_put(s, rows - 3, 1, cols - 2, ST_STRONG, acts);
    const char *const pairs[] = {"0",   _("new motion"), "Up/Down", _("move"),
                                 "Esc", _("back"),       NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static const char *field_label(int f)
{
    static const char *const labels[FIELD_COUNT] = {N_("The organ questioned:"), N_("The subject:"),
                                                    N_("The text of the motion:")};
    return _(labels[f]);
}

static void draw_draft(struct seat *se, struct screen *s, int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("A new inquiry motion"));
    for (int f = 0; f < FIELD_COUNT; f++) {
        int y = 5 + 3 * f;
        screen_put(s, y, LEFT, cols - 2 * LEFT, ST_TEXT, field_label(f));
        if (f == se->motion_field)
            entry_draw(s, &se->motion_fields[f], y + 1, LEFT, cols - 2 * LEFT, ST_STRONG);
        else
            screen_put(s, y + 1, LEFT, cols - 2 * LEFT, ST_STRONG, se->motion_fields[f].text);
    }
    const char *const pairs[] = {
        "Enter", _("next, on the last: submit"), "Up/Down", _("field"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

void seat_motion_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                      int cols)
{
    const struct person *me = seat_person(se, st);
    if (se->mode == SEAT_MOTION_DRAFT) return draw_draft(se, s, rows, cols);
    draw_list(se, s, st, me ? me->id : 0, rows, cols);
}

static void send_motion(struct seat *se, enum command_type t, int32_t id, int32_t me, bool flag)
{
    struct command c = {.type = t};
    c.p.id = id;
    c.p.person = me;
    c.p.flag = flag;
    if (base_send(&se->base, &c, NULL)) base_notice(&se->base, ST_TEXT, "%s", _("Sent."));
}

static void draft_start(struct seat *se)
{
    static const size_t max[FIELD_COUNT] = {TITLE_MAX_BYTES - 1, TITLE_MAX_BYTES - 1,
                                            TEXT_MAX_BYTES - 1};
    for (int f = 0; f < FIELD_COUNT; f++) entry_init(&se->motion_fields[f], max[f], "");
    se->motion_field = 0;
    se->mode = SEAT_MOTION_DRAFT;
}

static void draft_send(struct seat *se, int32_t me)
{
    for (int f = 0; f < FIELD_COUNT; f++)
        if (!se->motion_fields[f].text[0]) {
            se->motion_field = f;
            base_notice(&se->base, ST_WARN, "%s", _("[!] Fill in every field first."));
            return;
        }
    struct command c = {.type = CMD_MOTION_DRAFT};
    c.p.person = me;
    /* the fields' sizes are the command's (draft_start) */
    snprintf(c.p.detail, sizeof c.p.detail, "%.*s", (int)sizeof c.p.detail - 1,
             se->motion_fields[0].text);
    snprintf(c.p.title, sizeof c.p.title, "%.*s", (int)sizeof c.p.title - 1,
             se->motion_fields[1].text);
    snprintf(c.p.text, sizeof c.p.text, "%.*s", (int)sizeof c.p.text - 1,
             se->motion_fields[2].text);
    if (base_send(&se->base, &c, NULL)) base_notice(&se->base, ST_TEXT, "%s", _("Sent."));
    se->mode = SEAT_MOTIONS;
}

static void draft_key(struct seat *se, int32_t me, int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES && (ch == (wint_t)KEY_UP || ch == (wint_t)KEY_DOWN)) {
        int step = ch == (wint_t)KEY_UP ? FIELD_COUNT - 1 : 1;
        se->motion_field = (se->motion_field + step) % FIELD_COUNT;
        return;
    }
    switch (entry_key(&se->motion_fields[se->motion_field], rc, ch)) {
    case ENTRY_DONE:
        if (se->motion_field + 1 < FIELD_COUNT)
            se->motion_field++;
        else
            draft_send(se, me);
        return;
    case ENTRY_CANCEL:
        se->mode = SEAT_MOTIONS;
        return;
    default:
        return;
    }
}

static void list_key(struct seat *se, const struct core_state *st, int32_t me, int rc, wint_t ch)
{
    const struct motion *list[MOTIONS_MAX];
    int n = shown(st, list), digit = 0;
    switch (seat_pad(rc, ch, &digit)) {
    case PAD_ESC:
        return seat_main(se);
    case PAD_UP:
        if (se->motion_cursor > 0) se->motion_cursor--;
        return;
    case PAD_DOWN:
        if (se->motion_cursor + 1 < n) se->motion_cursor++;
        return;
    case PAD_DIGIT:
        break;
    default:
        return;
    }
    if (digit == 0) return draft_start(se);
    if (!n || digit > MA_DISSATISFIED) return;
    const struct motion *m = list[se->motion_cursor];
    if (digit == MA_SIGN) return send_motion(se, CMD_MOTION_SIGN, m->id, me, false);
    if (digit == MA_WITHDRAW) return send_motion(se, CMD_MOTION_WITHDRAW, m->id, me, false);
    send_motion(se, CMD_MOTION_JUDGE, m->id, me, digit == MA_SATISFIED);
}

void seat_motion_key(struct seat *se, const struct core_state *st, const struct person *me, int rc,
                     wint_t ch)
{
    if (se->mode == SEAT_MOTION_DRAFT) return draft_key(se, me->id, rc, ch);
    list_key(se, st, me->id, rc, ch);
}

void seat_motion_refused(struct seat *se, const struct command *c, const struct msg_answer *a)
{
    const char *words = NULL;
    bool sign = c->type == CMD_MOTION_SIGN;
    if (sign && a->code == ERR_DUPLICATE)
        words = _("[!] Refused: you have already signed this motion.");
    else if ((sign || c->type == CMD_MOTION_DRAFT) &&
             (a->code == ERR_NOT_ALLOWED || a->code == ERR_NOT_A_MEMBER))
        words = _("[!] Refused: only members of the committee may propose or sign an inquiry "
                  "motion.");
    else if (sign && a->code == ERR_MOTION_STATE)
        words = _("[!] Refused: this motion no longer takes signatures.");
    else if (c->type == CMD_MOTION_JUDGE && a->code == ERR_NOT_A_PROPOSER)
        words = _("[!] Refused: only the motion's proposers say whether they are satisfied.");
    else if (c->type == CMD_MOTION_WITHDRAW && a->code == ERR_NOT_YOURS)
        words = _("[!] Refused: only the proposer may withdraw the motion.");
    if (words) base_notice(&se->base, ST_ALERT, "%s", words);
}
