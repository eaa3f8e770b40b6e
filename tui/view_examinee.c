/* The examinee's console (考生终端): a nominee takes the pre-appointment law exam (任前法律知识
 * 考试) with keys only.
 *
 *   row 0      任前法律知识考试, the question n/N, the time left (always)
 *   row 1      the nominee, the post, answered k/N
 *   rows 3..   the question: its kind, text and options (A-D, or 正确/错误); or the review (the
 *              unanswered questions, then hand in with y/n); or, with no paper running, what
 *              the nominee can do (start, retake) and the scores so far
 *   last two   the screen's status line and key bar
 *
 * The paper's texts come from the hub to this console alone (a "paper" message), never its
 * answers; each answer given is sent at once and stored by the hub before it is acknowledged.
 * The time left runs on the hub's clock; at the deadline the hub hands the paper in. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/exam_words.h"
#include "tui/i18n.h"
#include "tui/text.h"
#include "tui/views.h"

enum { KEY_ESC = 27 };

enum mode { MODE_PAPER, MODE_REVIEW };

struct examinee {
    struct view_base base; /* first: the feed's reports get the view as a view_base */
    int32_t nominee;       /* from the hub's welcome */
    struct msg_paper *paper;
    uint8_t answers[EXAM_QUESTIONS_MAX]; /* as this console gave them */
    int current, cursor;
    enum mode mode;
};

/* ---- what the examinee knows ---- */

static const struct exam_record *record(const struct examinee *e, const struct core_state *st,
                                        const struct item **it, const struct subject **sub)
{
    const struct exam_record *x = st ? core_exam(st, e->nominee, it) : NULL;
    if (x && sub) *sub = core_subject(&(*it)->ballot, e->nominee);
    return x;
}

/* The paper of the attempt now running, once its texts have come. */
static bool taking(const struct examinee *e, const struct exam_record *x)
{
    return x && x->state == EXAM_RUNNING && e->paper && e->paper->attempt == x->attempts;
}

static int option_count(const struct exam_question *q)
{
    return q->kind == EXAM_TRUEFALSE ? 2 : q->option_count;
}

static int unanswered(const struct examinee *e, char *list, size_t n)
{
    int count = 0;
    list[0] = '\0';
    for (int i = 0; i < e->paper->count; i++) {
        if (e->answers[i]) continue;
        size_t len = strlen(list);
        snprintf(list + len, n - len, "%s%d", count ? ", " : "", i + 1);
        count++;
    }
    return count;
}

/* ---- drawing ---- */

static void draw_top(struct examinee *e, struct screen *s, const struct exam_record *x,
                     const struct subject *sub, int cols)
{
    char text[PAINT_TEXT_MAX], left[16];
    screen_fill(s, 0, 0, cols, ST_HEADER);
    int xpos = paint_at(s, 0, 1, cols, ST_HEADER, _("Law exam before appointment"));
    if (taking(e, x)) {
        snprintf(text, sizeof text, _("Question %d/%d"), e->current + 1, e->paper->count);
        paint_at(s, 0, xpos + 2, cols, ST_HEADER, text);
        int64_t ms = x->deadline - feed_now(&e->base.feed);
        paint_mmss(left, sizeof left, ms > 0 ? paint_shown_seconds(ms) : 0);
        snprintf(text, sizeof text, _("Time left %s"), left);
        paint_right(s, 0, xpos + 2, cols, ms < 5 * 60 * 1000 ? ST_ALERT : ST_HEADER, text);
    }
    if (!sub) return;
    paint_subject_name(sub, text, sizeof text);
    int at = paint_at(s, 1, 1, cols, ST_STRONG, text);
    if (!taking(e, x)) return;
    int done = 0;
    for (int i = 0; i < e->paper->count; i++) done += e->answers[i] != 0;
    snprintf(text, sizeof text, _("Answered %d/%d"), done, e->paper->count);
    paint_right(s, 1, at + 2, cols, ST_TEXT, text);
}

static const char *kind_words(enum exam_kind k)
{
    switch (k) {
    case EXAM_SINGLE:
        return _("Single choice (one answer)");
    case EXAM_MULTIPLE:
        return _("Multiple choice (all the right answers; Space or the letter marks each)");
    default:
        return _("True or false");
    }
}

static const char *option_text(const struct exam_question *q, int o)
{
    if (q->kind != EXAM_TRUEFALSE) return q->options[o];
    return o == 0 ? _("True") : _("False");
}

static void draw_question(struct examinee *e, struct screen *s, int rows, int cols)
{
    const struct exam_question *q = &e->paper->questions[e->current];
    int y = 3;
    screen_put(s, y++, PAINT_LEFT, cols - 2 * PAINT_LEFT, ST_STRONG, kind_words(q->kind));
    char text[PAINT_TEXT_MAX + 16];
    snprintf(text, sizeof text, "%d. %s", e->current + 1, q->text);
    y += screen_wrap(s, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, 5, ST_TEXT, text) + 1;
    uint8_t given = e->answers[e->current];
    for (int o = 0; o < option_count(q) && y < rows; o++) {
        bool on = given & (1u << o);
        const char *mark = q->kind == EXAM_MULTIPLE ? (on ? "[x]" : "[ ]") : (on ? "(*)" : "( )");
        char key = q->kind == EXAM_TRUEFALSE ? (o == 0 ? 'T' : 'F') : (char)('A' + o);
        snprintf(text, sizeof text, "%s %c. %s", mark, key, option_text(q, o));
        if (o == e->cursor) screen_put(s, y, PAINT_LEFT, 2, ST_STRONG, ">");
        y += screen_wrap(s, y, PAINT_LEFT + 2, cols - 2 * PAINT_LEFT - 2, 2,
                         on ? ST_STRONG : ST_TEXT, text);
    }
}

static void draw_review(struct examinee *e, struct screen *s, int rows, int cols)
{
    char list[EXAM_QUESTIONS_MAX * 5], text[sizeof list + 64];
    int left = unanswered(e, list, sizeof list);
    int y = 3;
    screen_put(s, y, PAINT_LEFT, cols, ST_STRONG, _("Review before handing in"));
    y += 2;
    if (left) {
        snprintf(text, sizeof text, _("%d questions unanswered: %s"), left, list);
        y += screen_wrap(s, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, rows - y - 3, ST_WARN, text);
    } else {
        y += screen_wrap(s, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, 1, ST_GOOD,
                         _("Every question is answered."));
    }
    screen_wrap(s, y + 1, PAINT_LEFT, cols - 2 * PAINT_LEFT, 3, ST_TEXT,
                _("H: hand in the paper (asks y/n); Esc: back to the questions. Once handed in, "
                  "no answer can change."));
}

/* No paper running: the scores so far and what comes next. */
static void draw_outside(struct examinee *e, struct screen *s, const struct core_state *st,
                         const struct exam_record *x, int rows, int cols)
{
    char text[PAINT_TEXT_MAX];
    int y = 3;
    if (!x) {
        snprintf(text, sizeof text, _("No nominee %d on an appointment item of this meeting."),
                 (int)e->nominee);
        screen_wrap(s, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, 2, ST_ALERT, text);
        return;
    }
    for (int a = 0; a < x->attempts && x->state == EXAM_DONE; a++) {
        exam_attempt_words(x, a, text, sizeof text);
        bool passed = x->passed && a == x->attempts - 1;
        screen_put(s, y++, PAINT_LEFT, cols, passed ? ST_GOOD : ST_STRONG, text);
    }
    if (x->state == EXAM_RUNNING) {
        screen_put(s, ++y, PAINT_LEFT, cols, ST_TEXT, _("The paper is on its way from the hub..."));
        return;
    }
    y++;
    exam_next_words(x, &st->rules.exam, text, sizeof text);
    y += screen_wrap(s, y, PAINT_LEFT, cols - 2 * PAINT_LEFT, 3, ST_STRONG, text);
    (void)rows;
}

static void examinee_draw(void *ctx, struct screen *s, int rows, int cols)
{
    struct examinee *e = ctx;
    const struct core_state *st = feed_state(&e->base.feed);
    const struct item *it = NULL;
    const struct subject *sub = NULL;
    const struct exam_record *x = record(e, st, &it, &sub);
    draw_top(e, s, x, sub, cols);
    if (!st || !e->nominee) {
        paint_center(s, rows / 2, cols, ST_STRONG, _("Connecting to the meeting host..."));
    } else if (!taking(e, x)) {
        draw_outside(e, s, st, x, rows, cols);
    } else if (e->mode == MODE_REVIEW) {
        draw_review(e, s, rows, cols);
    } else {
        draw_question(e, s, rows, cols);
    }
}

static int64_t examinee_tick_ms(void *ctx)
{
    struct examinee *e = ctx;
    const struct exam_record *x =
        record(e, feed_state(&e->base.feed), &(const struct item *){0}, NULL);
    if (!taking(e, x)) return -1;
    int64_t left = x->deadline - feed_now(&e->base.feed);
    return left > 0 ? (left % 1000) + 1 : -1;
}

/* ---- keys ---- */

static void send_answer(struct examinee *e, const struct item *it)
{
    struct command c = {.type = CMD_EXAM_ANSWER};
    c.p.item = it->id;
    c.p.id = e->nominee;
    c.p.position = e->current;
    c.p.number = e->answers[e->current];
    base_send(&e->base, &c, NULL);
}

/* Option o chosen: a single choice or true/false takes it alone, a multiple choice toggles it. */
static void choose(struct examinee *e, const struct item *it, int o)
{
    const struct exam_question *q = &e->paper->questions[e->current];
    if (o < 0 || o >= option_count(q)) return;
    uint8_t *a = &e->answers[e->current];
    *a = q->kind == EXAM_MULTIPLE ? (uint8_t)(*a ^ (1u << o)) : (uint8_t)(1u << o);
    e->cursor = o;
    send_answer(e, it);
}

static void go_to(struct examinee *e, int q)
{
    if (q < 0 || q >= e->paper->count) return;
    e->current = q;
    e->cursor = 0;
}

/* The option a letter or digit names: 1-4 or A-D, T/F for true or false. */
static int option_key(const struct exam_question *q, wint_t ch)
{
    if (ch >= L'1' && ch <= L'4') return (int)(ch - L'1');
    if (ch >= L'a' && ch <= L'z') ch -= L'a' - L'A';
    if (q->kind == EXAM_TRUEFALSE && (ch == L'T' || ch == L'F')) return ch == L'T' ? 0 : 1;
    if (ch >= L'A' && ch <= L'D') return (int)(ch - L'A');
    return -1;
}

static bool paper_move_key(struct examinee *e, int rc, wint_t ch)
{
    const struct exam_question *q = &e->paper->questions[e->current];
    if (rc == KEY_CODE_YES) {
        if (ch == (wint_t)KEY_LEFT || ch == (wint_t)KEY_PPAGE)
            go_to(e, e->current - 1);
        else if (ch == (wint_t)KEY_RIGHT || ch == (wint_t)KEY_NPAGE)
            go_to(e, e->current + 1);
        else if (ch == (wint_t)KEY_UP && e->cursor > 0)
            e->cursor--;
        else if (ch == (wint_t)KEY_DOWN && e->cursor + 1 < option_count(q))
            e->cursor++;
        else if (ch == (wint_t)KEY_ENTER)
            go_to(e, e->current + 1);
        else
            return false;
        return true;
    }
    if (rc == OK && (ch == L'\r' || ch == L'\n')) return go_to(e, e->current + 1), true;
    return false;
}

static void paper_key(struct examinee *e, const struct item *it, int rc, wint_t ch)
{
    if (paper_move_key(e, rc, ch) || rc != OK) return;
    const struct exam_question *q = &e->paper->questions[e->current];
    if (ch == L' ') return choose(e, it, e->cursor);
    if (ch == L'h' || ch == L'H' || ch == L'r' || ch == L'R') {
        e->mode = MODE_REVIEW;
        return;
    }
    choose(e, it, option_key(q, ch));
}

static void review_key(struct examinee *e, const struct item *it, int rc, wint_t ch)
{
    if (rc == OK && (ch == L'h' || ch == L'H')) {
        char list[EXAM_QUESTIONS_MAX * 5];
        int left = unanswered(e, list, sizeof list);
        struct command c = {.type = CMD_EXAM_HAND_IN};
        c.p.item = it->id;
        c.p.id = e->nominee;
        if (left)
            base_ask(&e->base, &c, _("Hand in with %d questions unanswered?"), left);
        else
            base_ask(&e->base, &c, "%s", _("Hand in the paper?"));
        return;
    }
    if ((rc == OK && ch == KEY_ESC) || (rc == OK && (ch == L'r' || ch == L'R')))
        e->mode = MODE_PAPER;
}

static void outside_key(struct examinee *e, const struct item *it, const struct exam_record *x,
                        int rc, wint_t ch)
{
    if (rc != OK || (ch != L's' && ch != L'S') || !x || x->state == EXAM_RUNNING || x->passed)
        return;
    struct command c = {.type = CMD_EXAM_START};
    c.p.item = it->id;
    c.p.id = e->nominee;
    base_ask(&e->base, &c, "%s",
             x->attempts ? _("Start the retake now? The time runs at once.")
                         : _("Start the exam now? The time runs at once."));
}

static void examinee_key(void *ctx, struct screen *s, int rc, wint_t ch)
{
    struct examinee *e = ctx;
    screen_dirty(s);
    if (base_ask_key(&e->base, rc, ch)) return;
    base_key(&e->base);
    const struct item *it = NULL;
    const struct exam_record *x = record(e, feed_state(&e->base.feed), &it, NULL);
    if (!x) return;
    if (!taking(e, x)) return outside_key(e, it, x, rc, ch);
    if (e->mode == MODE_REVIEW) return review_key(e, it, rc, ch);
    paper_key(e, it, rc, ch);
}

static const struct screen_key examinee_keys[] = {
    {"1-4, A-D", N_("choose an option (a multiple choice: mark or unmark)")},
    {"T, F", N_("true or false")},
    {"Space", N_("choose, or mark, the option at the cursor")},
    {"Up/Down", N_("move the cursor among the options")},
    {"Left/Right, PgUp/PgDn", N_("previous or next question")},
    {"Enter", N_("next question")},
    {"H", N_("review, then hand in (y/n)")},
    {"Esc", N_("back from the review")},
    {"S", N_("start the exam or the retake (y/n)")},
    {NULL, NULL},
};

static const struct screen_key paper_bar[] = {
    {"A-D/1-4", N_("choose")}, {"Space", N_("mark")}, {"<-/->", N_("previous/next")},
    {"H", N_("hand in")},      {NULL, NULL},
};
static const struct screen_key review_bar[] = {
    {"H", N_("hand in")}, {"Esc", N_("back")}, {NULL, NULL}};
static const struct screen_key outside_bar[] = {{"S", N_("start")}, {NULL, NULL}};
static const struct screen_key no_bar[] = {{NULL, NULL}};

static const struct screen_key *examinee_bar(void *ctx)
{
    struct examinee *e = ctx;
    const struct exam_record *x =
        record(e, feed_state(&e->base.feed), &(const struct item *){0}, NULL);
    const struct core_state *st = feed_state(&e->base.feed);
    if (!taking(e, x) && x && x->state != EXAM_RUNNING && !x->passed &&
        x->attempts < 1 + st->rules.exam.retakes)
        return outside_bar;
    if (!taking(e, x)) return no_bar;
    return e->mode == MODE_REVIEW ? review_bar : paper_bar;
}

const struct screen_view examinee_view = {
    .draw = examinee_draw,
    .key = examinee_key,
    .tick_ms = examinee_tick_ms,
    .keys = examinee_keys,
    .bar = examinee_bar,
    .title = N_("Law exam: keys"),
    .confirm_quit = true,
};

/* ---- the hub's reports ---- */

static void on_welcome(void *ctx, const struct msg_welcome *w)
{
    struct examinee *e = ctx;
    e->nominee = w->seat; /* an examinee console's nominee */
    base_on_welcome(ctx, w);
}

static void on_paper(void *ctx, const struct msg_paper *p)
{
    struct examinee *e = ctx;
    bool same = e->paper && e->paper->attempt == p->attempt && e->paper->subject == p->subject;
    if (!e->paper) e->paper = malloc(sizeof *e->paper);
    if (!e->paper) return base_notice(&e->base, ST_ALERT, "%s", _("Out of memory."));
    *e->paper = *p;
    memcpy(e->answers, p->given, sizeof e->answers);
    if (!same) e->current = e->cursor = 0, e->mode = MODE_PAPER;
    if (e->base.screen) screen_dirty(e->base.screen);
}

const struct link_events examinee_events = {
    .status = base_on_status,
    .welcome = on_welcome,
    .synced = base_on_synced,
    .applied = base_on_applied,
    .answer = base_on_answer,
    .paper = on_paper,
};

struct examinee *examinee_new(void)
{
    return calloc(1, sizeof(struct examinee));
}

void examinee_free(struct examinee *e)
{
    if (e) free(e->paper);
    free(e);
}
