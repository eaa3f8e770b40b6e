/* Parts of the meeting drawn alike on every console: see paint.h. */
#include "tui/paint.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/exam_words.h"
#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/text.h"

enum {
    TEXT_MAX = PAINT_TEXT_MAX,
    LEFT = PAINT_LEFT, /* the body's left margin */
    TITLE_LINES = 2,   /* an item's title wraps onto at most this many rows */
    QUEUE_MIN = 2,     /* rows kept for the speakers waiting, heading included */
    BIG_ROWS = 5,      /* big digits at scale 1 */
    MINUTE_MS = 60000, /* the header's clock shows minutes */
};

/* ---- words ---- */

const char *label_meeting_state(enum meeting_state st)
{
    static const char *const labels[MEETING_STATE_COUNT] = {
        [MEETING_NONE] = N_("no meeting"), [MEETING_SCHEDULED] = N_("not yet open"),
        [MEETING_OPEN] = N_("in session"), [MEETING_SUSPENDED] = N_("adjourned for now"),
        [MEETING_CLOSED] = N_("closed"),
    };
    return st < MEETING_STATE_COUNT ? _(labels[st]) : "?";
}

const char *label_item_kind(enum item_kind k)
{
    static const char *const labels[ITEM_KIND_COUNT] = {
        [ITEM_DELIBERATION] = N_("deliberation of a report"),
        [ITEM_INQUIRY] = N_("special inquiry"),
        [ITEM_EVALUATION] = N_("satisfaction evaluation"),
        [ITEM_VOTE] = N_("vote"),
        [ITEM_APPOINTMENT] = N_("appointment"),
        [ITEM_OTHER] = N_("other"),
        [ITEM_CHOICE] = N_("choice among candidates"),
    };
    return k < ITEM_KIND_COUNT ? _(labels[k]) : "?";
}

const char *label_item_state(enum item_state st)
{
    static const char *const labels[ITEM_STATE_COUNT] = {
        [ITEM_PENDING] = N_("pending"),
        [ITEM_OPEN] = N_("open"),
        [ITEM_CLOSED] = N_("closed"),
        [ITEM_DEFERRED] = N_("deferred"),
    };
    return st < ITEM_STATE_COUNT ? _(labels[st]) : "?";
}

const char *label_phase(enum question_state q)
{
    switch (q) {
    case Q_ASKING:
        return _("question");
    case Q_ANSWERING:
        return _("answer");
    case Q_FOLLOWUP:
        return _("follow-up question");
    case Q_FOLLOWUP_ANSWER:
        return _("answer to the follow-up");
    default:
        return "";
    }
}

/* A ballot's option as shown: a vote's three options are words of the interface, an
 * evaluation's are the meeting's own (configured) labels. */
const char *label_option(const struct item *it, int o)
{
    static const char *const vote[] = {N_("for"), N_("against"), N_("abstain")};
    static const char *const choice[] = {N_("chosen"), N_("not chosen")};
    if (it->kind == ITEM_CHOICE && o < 2) return _(choice[o]);
    if (it->kind != ITEM_EVALUATION && o < 3) return _(vote[o]);
    return it->ballot.options[o];
}

void paint_share(char *buf, size_t n, int32_t count, int32_t base)
{
    int32_t pm = share_permille(count, base);
    snprintf(buf, n, "%d.%d%%", (int)(pm / 10), (int)(pm % 10));
}

void paint_mmss(char *buf, size_t n, int64_t seconds)
{
    snprintf(buf, n, "%02lld:%02lld", (long long)(seconds / 60), (long long)(seconds % 60));
}

const char *paint_person(const struct core_state *st, int32_t id)
{
    const struct person *p = core_person(st, id);
    return p ? p->name : "?";
}

/* Draw text after x on row y; the new x. */
int paint_at(struct screen *s, int y, int x, int cols, enum screen_style st, const char *text)
{
    return x + screen_put(s, y, x, cols - x, st, text);
}

/* text ending one column before the right edge, cut so that it starts at x_min or later. */
void paint_right(struct screen *s, int y, int x_min, int cols, enum screen_style st,
                 const char *text)
{
    int w = text_width(text), room = cols - 1 - x_min;
    if (w > room) w = room;
    if (w > 0) screen_put(s, y, cols - 1 - w, w, st, text);
}

void paint_center(struct screen *s, int y, int cols, enum screen_style st, const char *text)
{
    int w = text_width(text);
    screen_put(s, y, w < cols ? (cols - w) / 2 : 0, cols, st, text);
}

/* ---- the clock ---- */

/* The speech or inquiry turn that runs on the open item, if any. */
bool paint_running_clock(const struct core_state *st, int32_t sitting, int64_t *started,
                         int32_t *limit, int32_t *ext)
{
    const struct item *it = core_open_item(st);
    if (!it) return false;
    const struct speaker *sp = core_floor(it, sitting);
    if (sp) {
        *started = sp->started_at, *limit = sp->limit_s, *ext = sp->extension_s;
        return true;
    }
    const struct question *q = core_active_question(it);
    if (!q || q->turn_count == 0) return false;
    const struct turn *t = &q->turns[q->turn_count - 1];
    *started = t->started_at, *limit = t->limit_s, *ext = t->extension_s;
    return true;
}

/* Shown seconds: while time is left, rounded up (a 10-minute speech starts at 10:00); over
 * time, rounded down (one second over shows 00:01). */
int64_t paint_shown_seconds(int64_t left_ms)
{
    return left_ms > 0 ? (left_ms + 999) / 1000 : -left_ms / 1000;
}

/* Milliseconds until the shown seconds change. */
static int64_t paint_next_second(int64_t left_ms)
{
    return left_ms > 0 ? (left_ms - 1) % 1000 + 1 : 1000 - (-left_ms) % 1000;
}

/* ---- header: title, state, clock; attendance ---- */

void paint_header(struct screen *s, const struct core_state *st, int64_t now, int cols)
{
    char right[128], clock[16] = "--:--";
    time_t t = (time_t)(now / 1000);
    struct tm tm;
    if (localtime_r(&t, &tm)) strftime(clock, sizeof clock, "%H:%M", &tm);
    snprintf(right, sizeof right, "%s   %s", label_meeting_state(st->meeting.state), clock);
    int rw = text_width(right);
    screen_fill(s, 0, 0, cols, ST_HEADER);
    const char *title = st->meeting.title[0] ? st->meeting.title : "cmte";
    screen_put(s, 0, 1, cols - rw - 4, ST_HEADER, title);
    paint_right(s, 0, 1, cols, st->meeting.state == MEETING_SUSPENDED ? ST_ALERT : ST_HEADER,
                right);
}

static int32_t members_on_leave(const struct core_state *st)
{
    int32_t n = 0;
    for (int i = 0; i < st->person_count; i++)
        n += st->people[i].kind == PERSON_MEMBER && st->people[i].attendance == ATT_LEAVE;
    return n;
}

void paint_attendance(struct screen *s, const struct core_state *st, int cols)
{
    char text[TEXT_MAX];
    int32_t members = core_members(st);
    snprintf(text, sizeof text, _("Signed in %d/%d"), (int)core_signed_in(st), (int)members);
    int x = paint_at(s, 1, 1, cols, ST_STRONG, text);
    int32_t leave = members_on_leave(st);
    if (leave > 0) {
        snprintf(text, sizeof text, _("on leave %d"), (int)leave);
        x = paint_at(s, 1, x + 3, cols, ST_TEXT, text);
    }
    if (core_quorum(st)) {
        x = paint_at(s, 1, x + 3, cols, ST_GOOD, _("quorum present"));
    } else {
        snprintf(text, sizeof text, _("[!] no quorum: %d needed"),
                 (int)threshold_count(st->rules.quorum.threshold, members));
        x = paint_at(s, 1, x + 3, cols, ST_WARN, text);
    }
    if (st->meeting.date[0]) paint_right(s, 1, x + 2, cols, ST_TEXT, st->meeting.date);
}

/* ---- the open item ---- */

static int item_position(const struct core_state *st, const struct item *it)
{
    for (int i = 0; i < st->item_count; i++)
        if (&st->items[i] == it) return i + 1;
    return 0;
}

/* Kind, place on the agenda, reporter; the title below.  The next free row. */
int paint_item_head(struct screen *s, const struct core_state *st, const struct item *it, int y,
                    int cols)
{
    char text[TEXT_MAX];
    snprintf(text, sizeof text, _("[%s]"), label_item_kind(it->kind));
    int x = paint_at(s, y, 1, cols, ST_STRONG, text);
    snprintf(text, sizeof text, _("item %d of %d"), item_position(st, it), st->item_count);
    x = paint_at(s, y, x + 2, cols, ST_TEXT, text);
    if (it->reporter[0] || it->department[0]) {
        if (it->reporter[0] && it->department[0])
            snprintf(text, sizeof text, _("reporter: %s (%s)"), it->reporter, it->department);
        else
            snprintf(text, sizeof text, _("reporter: %s"),
                     it->reporter[0] ? it->reporter : it->department);
        paint_right(s, y, x + 2, cols, ST_TEXT, text);
    }
    y++;
    y += screen_wrap(s, y, LEFT, cols - 2 * LEFT, TITLE_LINES, ST_STRONG, it->title);
    return y + 1;
}

/* ---- countdown ---- */

static enum screen_style countdown_style(const struct core_state *st, int64_t left_ms,
                                         enum screen_style plain, enum screen_style warn,
                                         enum screen_style over)
{
    if (left_ms <= 0) return over;
    return left_ms <= (int64_t)st->rules.warning_s * 1000 ? warn : plain;
}

/* The words under the digits; in monochrome they alone tell a warning from the rest. */
static void countdown_words(char *buf, size_t n, const struct core_state *st, int64_t left_ms,
                            const char *mmss, const char *limit)
{
    if (left_ms <= 0)
        snprintf(buf, n, _("[!] over time %s  (limit %s)"), mmss, limit);
    else if (left_ms <= (int64_t)st->rules.warning_s * 1000)
        snprintf(buf, n, _("[!] remaining %s, time is nearly up  (limit %s)"), mmss, limit);
    else
        snprintf(buf, n, _("remaining %s  (limit %s)"), mmss, limit);
}

/* The time left (or over) in big digits with its words below; the rows used. */
int paint_countdown(struct screen *s, const struct core_state *st, int32_t sitting, int64_t now,
                    int y, int rows, int cols)
{
    int64_t started;
    int32_t limit, ext;
    if (!paint_running_clock(st, sitting, &started, &limit, &ext)) return 0;
    int64_t left = speech_remaining_ms(started, limit, ext, now);
    char mmss[32], big[40], words[TEXT_MAX], limit_text[32];
    paint_mmss(mmss, sizeof mmss, paint_shown_seconds(left));
    snprintf(big, sizeof big, "%s%s", left > 0 ? "" : "-", mmss);
    char widest[40]; /* the scale must not change when the time runs out */
    snprintf(widest, sizeof widest, "-%s", mmss);
    int scale = rows >= 2 * BIG_ROWS + 1 && screen_big_width(widest, 2) + 4 <= cols ? 2 : 1;
    int used = 0;
    if (rows >= BIG_ROWS * scale + 1) {
        int w = screen_big_width(big, scale);
        screen_big(s, y, (cols - w) / 2, scale,
                   countdown_style(st, left, ST_BLOCK, ST_BLOCK_WARN, ST_BLOCK_ALERT), big);
        used = BIG_ROWS * scale;
    }
    paint_mmss(limit_text, sizeof limit_text, limit + (int64_t)ext);
    countdown_words(words, sizeof words, st, left, mmss, limit_text);
    paint_center(s, y + used, cols, countdown_style(st, left, ST_STRONG, ST_WARN, ST_ALERT), words);
    return used + 1;
}

/* ---- speakers ---- */

/* Entries flowing over rows: "1. name"; what does not fit is counted at the end. */
struct flow {
    struct screen *s;
    int y, x, top, rows, cols;
    int shown, total;
    bool full;
};

/* The columns an entry may reach on the current row: on the last row, room is kept for
 * "and N more" while more entries follow. */
static int flow_room(const struct flow *f)
{
    enum { MORE = 16 };
    bool last_row = f->y == f->top + f->rows - 1;
    return f->cols - (last_row && f->shown + 1 < f->total ? MORE : 0);
}

static void flow_add(struct flow *f, const char *entry)
{
    enum { GAP = 4 };
    int w = text_width(entry);
    while (!f->full && f->x > LEFT && f->x + GAP + w > flow_room(f)) {
        if (f->y == f->top + f->rows - 1)
            f->full = true;
        else
            f->y++, f->x = LEFT;
    }
    if (f->full) return;
    if (f->x > LEFT) f->x += GAP;
    f->x = paint_at(f->s, f->y, f->x, flow_room(f), ST_TEXT, entry);
    f->shown++;
}

static void flow_end(struct flow *f)
{
    if (f->shown >= f->total) return;
    char text[64];
    snprintf(text, sizeof text, _("and %d more"), f->total - f->shown);
    paint_at(f->s, f->y, f->x + 4, f->cols, ST_TEXT, text);
}

static void paint_queue(struct screen *s, const struct item *it, int32_t sitting, int y, int rows,
                        int cols)
{
    int total = core_waiting(it, sitting);
    if (total == 0 || rows < QUEUE_MIN) return;
    char text[TEXT_MAX];
    snprintf(text, sizeof text, _("Waiting to speak (%d):"), total);
    screen_put(s, y, 1, cols - 1, ST_STRONG, text);
    struct flow f = {s, y + 1, LEFT, y + 1, rows - 1, cols - 1, 0, total, false};
    for (int i = 0, n = 0; i < it->speaker_count; i++) {
        const struct speaker *sp = &it->speakers[i];
        if (sp->state != SPK_WAITING || sp->sitting != sitting) continue;
        snprintf(text, sizeof text, "%d. %s", ++n, sp->name);
        flow_add(&f, text);
    }
    flow_end(&f);
}

/* What the speaker is: a member's title, or the case of a nominee on an appointment. */
static const char *speaker_title(const struct core_state *st, const struct item *it,
                                 const struct speaker *sp, char *buf, size_t n)
{
    const struct person *p = sp->person ? core_person(st, sp->person) : NULL;
    if (p) return p->title;
    for (int k = 0; k < it->ballot.subject_count && it->kind == ITEM_APPOINTMENT; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        if (!sub->nominee.is_case || strcmp(sub->name, sp->name) != 0) continue;
        snprintf(buf, n, "%s %s", label_case(sub->nominee.kind), sub->detail);
        return buf;
    }
    return "";
}

static void draw_speaker_line(struct screen *s, const struct core_state *st, const struct item *it,
                              const struct speaker *sp, int y, int cols)
{
    char title[TEXT_MAX];
    int x = paint_at(s, y, 1, cols, ST_TEXT, _("Speaking: "));
    x = paint_at(s, y, x, cols, ST_STRONG, sp->name);
    const char *what = speaker_title(st, it, sp, title, sizeof title);
    if (what[0]) x = paint_at(s, y, x + 2, cols, ST_TEXT, what);
    if (sp->kind == SPEECH_STATEMENT)
        paint_at(s, y, x + 2, cols, ST_TEXT, _("(statement before appointment)"));
    else if (sp->kind == SPEECH_DEFENCE)
        paint_at(s, y, x + 2, cols, ST_TEXT, _("(defence)"));
    else if (sp->kind == SPEECH_MOTION_ANSWER)
        paint_at(s, y, x + 2, cols, ST_TEXT, _("(answer to the inquiry motion)"));
    else if (sp->scheduled)
        paint_at(s, y, x + 2, cols, ST_TEXT, _("(scheduled speech)"));
}

/* A nominee's law exam after their name: 考试成绩 82 分 通过, in bold when passed; the column
 * after it. */
static int paint_exam(struct screen *s, const struct subject *sub, int y, int x, int cols)
{
    char text[TEXT_MAX];
    exam_result_words(&sub->exam, text, sizeof text);
    return paint_at(s, y, x, cols - LEFT, sub->exam.passed ? ST_GOOD : ST_TEXT, text);
}

/* The subjects numbered, an appointment's with their law exam, from row y; the rows used. */
static int draw_subjects(struct screen *s, const struct core_state *st, const struct item *it,
                         int y, int rows, int cols)
{
    int k = 0;
    for (; k < it->ballot.subject_count && y + k < rows; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        char text[TEXT_MAX];
        int len = snprintf(text, sizeof text, "%d. ", k + 1);
        paint_subject_name(sub, text + len, sizeof text - (size_t)len);
        int x = LEFT + screen_put(s, y + k, LEFT, cols - 2 * LEFT, ST_TEXT, text);
        if (paint_shows_exam(st, it, sub)) x = paint_exam(s, sub, y + k, x + 2, cols);
        if (sub->nominee.statement[0]) /* absent: a written statement instead */
            paint_at(s, y + k, x + 2, cols - LEFT, ST_TEXT, _("written statement"));
    }
    return k;
}

static void draw_floor(struct screen *s, const struct core_state *st, int64_t now,
                       const struct item *it, int32_t sitting, int y, int rows, int cols)
{
    const struct speaker *sp = core_floor(it, sitting);
    int keep = core_waiting(it, sitting) > 0 ? QUEUE_MIN + 1 : 0;
    if (sp) {
        draw_speaker_line(s, st, it, sp, y, cols);
        y += 2;
        y += paint_countdown(s, st, sitting, now, y, rows - y - keep, cols) + 1;
    } else {
        screen_put(s, y, 1, cols - 1, ST_STRONG, _("The floor is free."));
        y += 2;
    }
    /* an appointment's cases (and their exam) stay in sight while the statements run */
    int cases = it->kind == ITEM_APPOINTMENT && it->ballot.state == BALLOT_NONE
                    ? it->ballot.subject_count + 1
                    : 0;
    if (cases && rows - y - cases < QUEUE_MIN) cases = 0;
    paint_queue(s, it, sitting, y, rows - y - cases, cols);
    if (cases) draw_subjects(s, st, it, rows - cases + 1, rows, cols);
}

/* ---- inquiry ---- */

/* The respondent a question is with now: the one answering, else the last who answered,
 * else the one it names (0: any). */
static int32_t current_respondent(const struct question *q)
{
    for (int t = q->turn_count - 1; t >= 0; t--)
        if (q->turns[t].phase == Q_ANSWERING || q->turns[t].phase == Q_FOLLOWUP_ANSWER)
            return q->turns[t].who;
    return q->respondent;
}

static void draw_respondent_line(struct screen *s, const struct item *it, int32_t id, int y,
                                 int cols)
{
    const struct respondent *r = id ? core_respondent(it, id) : NULL;
    int x = paint_at(s, y, 1, cols, ST_TEXT, _("Respondent: "));
    if (!r) {
        paint_at(s, y, x, cols, ST_TEXT, _("(any)"));
        return;
    }
    x = paint_at(s, y, x, cols, ST_STRONG, r->name);
    char text[TEXT_MAX];
    snprintf(text, sizeof text, "%s  %s", r->post, r->department);
    paint_at(s, y, x + 2, cols, ST_TEXT, text);
}

int paint_questions_waiting(const struct item *it)
{
    int n = 0;
    for (int i = 0; i < it->question_count; i++) n += it->questions[i].state == Q_WAITING;
    return n;
}

static void draw_questions_waiting(struct screen *s, const struct core_state *st,
                                   const struct item *it, int y, int rows, int cols)
{
    int total = paint_questions_waiting(it);
    if (total == 0 || rows < QUEUE_MIN) return;
    char text[TEXT_MAX];
    snprintf(text, sizeof text, _("Questions waiting (%d):"), total);
    screen_put(s, y, 1, cols - 1, ST_STRONG, text);
    struct flow f = {s, y + 1, LEFT, y + 1, rows - 1, cols - 1, 0, total, false};
    for (int i = 0, n = 0; i < it->question_count; i++) {
        if (it->questions[i].state != Q_WAITING) continue;
        snprintf(text, sizeof text, "%d. %s", ++n, paint_person(st, it->questions[i].member));
        flow_add(&f, text);
    }
    flow_end(&f);
}

static int question_number(const struct item *it, const struct question *q)
{
    return (int)(q - it->questions) + 1;
}

static void draw_inquiry(struct screen *s, const struct core_state *st, int64_t now,
                         const struct item *it, int y, int rows, int cols)
{
    const struct question *q = core_active_question(it);
    int keep = paint_questions_waiting(it) > 0 ? QUEUE_MIN + 1 : 0;
    if (!q || q->turn_count == 0) {
        screen_put(s, y, 1, cols - 1, ST_STRONG, _("Waiting for the chair to call a question."));
        draw_questions_waiting(s, st, it, y + 2, rows - y - 2, cols);
        return;
    }
    char text[TEXT_MAX];
    int x = paint_at(s, y, 1, cols, ST_TEXT, _("Questioner: "));
    x = paint_at(s, y, x, cols, ST_STRONG, paint_person(st, q->member));
    snprintf(text, sizeof text, _("question %d of %d"), question_number(it, q), it->question_count);
    paint_right(s, y, x + 2, cols, ST_TEXT, text);
    draw_respondent_line(s, it, current_respondent(q), y + 1, cols);
    snprintf(text, sizeof text, _("[%s]"), label_phase(q->state));
    screen_put(s, y + 2, 1, cols - 1, ST_STRONG, text);
    y += 3;
    y += screen_wrap(s, y, LEFT, cols - 2 * LEFT, TITLE_LINES, ST_TEXT, q->text) + 1;
    y += paint_countdown(s, st, core_sitting_of(st, 0), now, y, rows - y - keep, cols) + 1;
    draw_questions_waiting(s, st, it, y, rows - y, cols);
}

/* ---- ballots ---- */

bool paint_is_ballot(const struct item *it)
{
    return it->kind == ITEM_EVALUATION || it->kind == ITEM_VOTE || it->kind == ITEM_APPOINTMENT ||
           it->kind == ITEM_CHOICE;
}

static void draw_ballot_pending(struct screen *s, const struct core_state *st,
                                const struct item *it, int y, int rows, int cols)
{
    screen_put(s, y, 1, cols - 1, ST_STRONG,
               it->kind == ITEM_EVALUATION ? _("The evaluation has not started yet.")
                                           : _("The vote has not started yet."));
    int k = draw_subjects(s, st, it, y + 2, rows, cols);
    paint_opinions_voted(s, st, it, y + 3 + k, rows, cols);
}

void paint_opinions_voted(struct screen *s, const struct core_state *st, const struct item *it,
                          int y, int last, int cols)
{
    int total = 0, shown = 0;
    for (int i = 0; it->kind == ITEM_VOTE && i < st->opinion_count; i++) {
        const struct opinion *o = &st->opinions[i];
        if (o->state != OPINION_DRAFT || o->vote_item != it->id) continue;
        total++;
        if (y + 1 >= last) continue;
        char text[TEXT_MAX];
        snprintf(text, sizeof text, _("To %s: %s"), o->organ, o->text);
        y += screen_wrap(s, y, LEFT, cols - 2 * LEFT, last - y - 1, ST_TEXT, text);
        shown++;
    }
    if (total > shown && y < last) {
        char more[TEXT_MAX];
        snprintf(more, sizeof more, _("(and %d more opinions, not shown here)"), total - shown);
        screen_put(s, y, LEFT, cols - 2 * LEFT, ST_TEXT, more);
    }
}

/* "已表决 12/20" and a bar; per subject too when there are several; the opinions a vote on
 * them adopts. */
void paint_progress(struct screen *s, const struct core_state *st, const struct item *it, int y,
                    int rows, int cols)
{
    const struct ballot *b = &it->ballot;
    bool eval = it->kind == ITEM_EVALUATION;
    char text[TEXT_MAX], share[16];
    int32_t present = core_signed_in(st);
    if (core_vote_on_paper(st, it)) { /* a removal: the keypads stay dark */
        screen_put(s, y, 1, cols - 1, ST_STRONG, _("Vote by paper ballot (撤职案)"));
        screen_put(s, y + 2, LEFT, cols - 2 * LEFT, ST_TEXT,
                   b->method == COUNT_KEYPAD ? _("The ballot papers are being marked and counted.")
                                             : _("The count is entered: the chair announces it."));
        return;
    }
    snprintf(text, sizeof text, "%s%s", eval ? _("Evaluation in progress") : _("Vote in progress"),
             b->secret ? _(" (secret ballot)") : _(" (named ballot)"));
    screen_put(s, y, 1, cols - 1, ST_STRONG, text);
    snprintf(text, sizeof text, eval ? _("Scored %d/%d") : _("Voted %d/%d"), (int)b->voters,
             (int)present);
    screen_put(s, y + 2, LEFT, cols - 2 * LEFT, ST_STRONG, text);
    paint_share(share, sizeof share, b->voters, present);
    screen_bar(s, y + 3, LEFT, cols - 2 * LEFT - 10, b->voters, present, ST_BLOCK);
    paint_right(s, y + 3, cols - LEFT - 8, cols - LEFT, ST_TEXT, share);
    y += 5;
    bool by_subject = core_on_vote_count(b) > 1;
    for (int k = 0; by_subject && k < b->subject_count && y < rows; k++) {
        if (!core_on_vote(b, k)) continue; /* a case voted on before, or still waiting */
        const struct subject *sub = &b->subjects[k];
        snprintf(text, sizeof text, "%d/%d", (int)sub->cast, (int)present);
        int tw = text_width(text), bar = (cols - 2 * LEFT) / 3;
        int name_cols = cols - 2 * LEFT - bar - tw - 4;
        screen_put(s, y, LEFT, name_cols, ST_TEXT, sub->name);
        screen_bar(s, y, LEFT + name_cols + 2, bar, sub->cast, present, ST_BLOCK);
        paint_right(s, y, cols - LEFT - tw, cols - LEFT + 1, ST_TEXT, text);
        y++;
    }
    paint_opinions_voted(s, st, it, y + 1, rows, cols);
}

static int32_t cast_of(const struct ballot *b, const struct subject *sub)
{
    int32_t n = 0;
    for (int o = 0; o < b->option_count; o++) n += sub->counts[o];
    return n;
}

static void verdict_text(const struct item *it, const struct subject *sub, char *buf, size_t n)
{
    if (it->kind != ITEM_EVALUATION) {
        snprintf(buf, n, _("%d for, %d against, %d abstaining: %s"), (int)sub->counts[0],
                 (int)sub->counts[1], (int)sub->counts[2],
                 sub->verdict ? _("adopted") : _("not adopted"));
        return;
    }
    snprintf(buf, n, _("Verdict: %s"), label_option(it, sub->verdict));
    if (sub->flagged) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "  %s", _("(a count at exactly half decided it)"));
    }
}

static enum screen_style verdict_style(const struct item *it, const struct subject *sub)
{
    if (it->kind == ITEM_EVALUATION) return sub->verdict == 0 ? ST_GOOD : ST_STRONG;
    return sub->verdict ? ST_GOOD : ST_STRONG;
}

/* The columns of the results: option label, bar, count, share of those who cast on the
 * subject, share of all members; each number column as wide as its heading. */
struct columns {
    int label, bar, count, of_cast, of_all;
    int x_bar, x_count, x_cast, x_all;
};

static int at_least(int w, const char *heading)
{
    int hw = text_width(heading);
    return hw > w ? hw : w;
}

static void result_columns(const struct item *it, int cols, struct columns *c)
{
    c->label = 4;
    for (int o = 0; o < it->ballot.option_count; o++) {
        int ow = text_width(label_option(it, o));
        if (ow > c->label) c->label = ow;
    }
    c->count = at_least(5, _("votes"));
    c->of_cast = at_least(6, _("of voters"));
    c->of_all = at_least(6, _("of all members"));
    int x = LEFT + 2 + c->label + 1;
    c->bar = cols - LEFT - x - c->count - c->of_cast - c->of_all - 6;
    c->x_bar = x;
    c->x_count = x + c->bar + 2;
    c->x_cast = c->x_count + c->count + 2;
    c->x_all = c->x_cast + c->of_cast + 2;
}

/* text right-aligned in the column of w columns at x. */
static void put_column(struct screen *s, int y, int x, int w, enum screen_style st,
                       const char *text)
{
    int tw = text_width(text);
    screen_put(s, y, x + (tw < w ? w - tw : 0), w, st, text);
}

static void draw_column_headings(struct screen *s, const struct columns *c, int y)
{
    put_column(s, y, c->x_count, c->count, ST_TEXT, _("votes"));
    put_column(s, y, c->x_cast, c->of_cast, ST_TEXT, _("of voters"));
    put_column(s, y, c->x_all, c->of_all, ST_TEXT, _("of all members"));
}

static void draw_option_row(struct screen *s, const struct item *it, const struct subject *sub,
                            int o, int y, const struct columns *c)
{
    const struct ballot *b = &it->ballot;
    char count[16], of_cast[16], of_all[16];
    int32_t cast = cast_of(b, sub);
    snprintf(count, sizeof count, "%d", (int)sub->counts[o]);
    paint_share(of_cast, sizeof of_cast, sub->counts[o], cast);
    paint_share(of_all, sizeof of_all, sub->counts[o], b->members);
    screen_put(s, y, LEFT + 2, c->label, ST_TEXT, label_option(it, o));
    screen_bar(s, y, c->x_bar, c->bar, sub->counts[o], cast, ST_BLOCK);
    put_column(s, y, c->x_count, c->count, ST_STRONG, count);
    put_column(s, y, c->x_cast, c->of_cast, ST_TEXT, of_cast);
    put_column(s, y, c->x_all, c->of_all, ST_TEXT, of_all);
}

/* Is the subject's name worth a row (not a vote's one subject, named as the item)? */
static bool subject_named(const struct item *it)
{
    const struct ballot *b = &it->ballot;
    return b->subject_count > 1 || strcmp(b->subjects[0].name, it->title) != 0;
}

/* A subject with a row per option and its verdict; the rows used. */
/* A case not yet put to a vote, on one row; 1. */
static int draw_waiting(struct screen *s, const struct subject *sub, int y, int cols)
{
    char name[TEXT_MAX];
    paint_subject_name(sub, name, sizeof name);
    const char *words = _("not yet voted on");
    int ww = text_width(words);
    screen_put(s, y, LEFT, cols - 2 * LEFT - ww - 2, ST_TEXT, name);
    screen_put(s, y, cols - LEFT - ww, ww, ST_TEXT, words);
    return 1;
}

static int draw_subject_full(struct screen *s, const struct item *it, const struct subject *sub,
                             const struct columns *c, int y, int cols)
{
    const struct ballot *b = &it->ballot;
    int row = 0;
    char text[TEXT_MAX];
    if (!sub->round) return draw_waiting(s, sub, y, cols);
    if (subject_named(it)) {
        paint_subject_name(sub, text, sizeof text);
        screen_put(s, y + row++, LEFT, cols - 2 * LEFT, ST_STRONG, text);
    }
    for (int o = 0; o < b->option_count; o++) draw_option_row(s, it, sub, o, y + row++, c);
    verdict_text(it, sub, text, sizeof text);
    screen_put(s, y + row++, LEFT + 2, cols - 2 * LEFT - 2, verdict_style(it, sub), text);
    return row;
}

/* A subject on one row: name, each option's count, the verdict. */
static void draw_subject_row(struct screen *s, const struct item *it, const struct subject *sub,
                             int y, int cols)
{
    if (!sub->round) {
        draw_waiting(s, sub, y, cols);
        return;
    }
    const struct ballot *b = &it->ballot;
    char name[TEXT_MAX], counts[TEXT_MAX] = "", verdict[TEXT_MAX] = "";
    paint_subject_name(sub, name, sizeof name);
    if (it->kind != ITEM_EVALUATION) { /* a vote in its statutory form: 19票赞成，…，通过 */
        verdict_text(it, sub, verdict, sizeof verdict);
    } else {
        for (int o = 0; o < b->option_count; o++) {
            size_t len = strlen(counts);
            snprintf(counts + len, sizeof counts - len, "%s %d  ", label_option(it, o),
                     (int)sub->counts[o]);
        }
        snprintf(verdict, sizeof verdict, "%s", label_option(it, sub->verdict));
    }
    int vw = text_width(verdict), cw = text_width(counts);
    int name_cols = cols - 2 * LEFT - cw - vw - 2;
    screen_put(s, y, LEFT, name_cols, ST_TEXT, name);
    if (cw) screen_put(s, y, LEFT + name_cols + 2, cw, ST_TEXT, counts);
    screen_put(s, y, cols - LEFT - vw, vw, verdict_style(it, sub), verdict);
}

static void draw_results_summary(struct screen *s, const struct item *it, int y, int cols)
{
    const struct ballot *b = &it->ballot;
    char text[TEXT_MAX];
    snprintf(text, sizeof text, _("%s  members %d  present %d  voted %d  did not vote %d"),
             it->kind == ITEM_EVALUATION ? _("Results of the evaluation")
                                         : _("Results of the vote"),
             (int)b->members, (int)b->signed_in, (int)b->voters, (int)(b->signed_in - b->voters));
    screen_put(s, y, 1, cols - 1, ST_STRONG, text);
    narrate_count(text, sizeof text, b);
    if (text[0]) screen_put(s, y + 1, LEFT, cols - 2 * LEFT, ST_TEXT, text);
}

/* Every subject with bars when they fit, else a row each, in pages when even those do not. */
void paint_results(struct screen *s, struct paint_pages *pg, const struct item *it, int y, int rows,
                   int cols)
{
    const struct ballot *b = &it->ballot;
    draw_results_summary(s, it, y, cols);
    y += 2;
    int per = (subject_named(it) ? 1 : 0) + b->option_count + 1;
    struct columns c;
    result_columns(it, cols, &c);
    if (c.bar >= 10 && 1 + b->subject_count * (per + 1) - 1 <= rows - y) {
        draw_column_headings(s, &c, y++);
        for (int k = 0; k < b->subject_count; k++)
            y += draw_subject_full(s, it, &b->subjects[k], &c, y, cols) + 1;
        pg->pages = 1;
        return;
    }
    int room = rows - y;
    int fit = b->subject_count <= room ? b->subject_count : room - 1; /* a row for the page */
    if (fit < 1) fit = 1;
    pg->pages = (b->subject_count + fit - 1) / fit;
    if (pg->page >= pg->pages) pg->page = pg->pages - 1;
    for (int k = pg->page * fit; k < b->subject_count && k < (pg->page + 1) * fit; k++)
        draw_subject_row(s, it, &b->subjects[k], y++, cols);
    if (pg->pages > 1) {
        char text[TEXT_MAX];
        snprintf(text, sizeof text, _("page %d of %d (PgDn, PgUp)"), pg->page + 1, pg->pages);
        paint_right(s, rows - 1, LEFT, cols, ST_TEXT, text);
    }
}

static void draw_ballot(struct screen *s, struct paint_pages *pg, const struct core_state *st,
                        const struct item *it, int y, int rows, int cols)
{
    if (it->kind == ITEM_CHOICE) return paint_choice(s, pg, st, it, y, rows, cols);
    switch (it->ballot.state) {
    case BALLOT_OPEN:
        return paint_progress(s, st, it, y, rows, cols);
    case BALLOT_CLOSED:
        return paint_results(s, pg, it, y, rows, cols);
    default:
        return draw_ballot_pending(s, st, it, y, rows, cols);
    }
}

/* ---- no item open: the agenda ---- */

static const char *meeting_banner(const struct core_state *st)
{
    switch (st->meeting.state) {
    case MEETING_NONE:
        return _("No meeting has been scheduled.");
    case MEETING_SCHEDULED:
        return _("The meeting has not been opened yet.");
    case MEETING_SUSPENDED:
        return _("The meeting is adjourned for now.");
    case MEETING_CLOSED:
        return _("The meeting is closed.");
    default:
        return _("No agenda item is open.");
    }
}

void paint_agenda(struct screen *s, const struct core_state *st, int y, int rows, int cols)
{
    paint_center(s, y, cols, ST_STRONG, meeting_banner(st));
    y += 2;
    if (st->item_count == 0 || y >= rows) return;
    screen_put(s, y++, 1, cols - 1, ST_STRONG, _("Agenda"));
    for (int i = 0; i < st->item_count && y < rows; i++, y++) {
        const struct item *it = &st->items[i];
        char head[TEXT_MAX];
        snprintf(head, sizeof head, "%2d. %s", i + 1, label_item_state(it->state));
        int x = paint_at(s, y, LEFT, LEFT + 14, it->state == ITEM_OPEN ? ST_STRONG : ST_TEXT, head);
        screen_put(s, y, x > LEFT + 14 ? x + 1 : LEFT + 14, cols - LEFT - 15, ST_TEXT, it->title);
    }
}

/* ---- the open item ---- */

void paint_item(struct screen *s, struct paint_pages *pg, const struct core_state *st,
                const struct item *it, int64_t now, int y, int rows, int cols)
{
    if (it->id != pg->item) pg->item = it->id, pg->page = 0;
    pg->pages = 1;
    y = paint_item_head(s, st, it, y, cols);
    const struct motion *m = core_motion_of_item(st, it->id);
    if (m) y = paint_motion(s, st, m, y, rows, cols);
    if (pg->sitting != SITTING_PLENARY) y = paint_sitting_line(s, st, pg->sitting, y, cols);
    if (core_floor(it, pg->sitting)) return draw_floor(s, st, now, it, pg->sitting, y, rows, cols);
    if (it->oath.running) return paint_oath(s, it, y, rows, cols);
    if (it->kind == ITEM_INQUIRY && pg->sitting < 1)
        return draw_inquiry(s, st, now, it, y, rows, cols);
    if (paint_is_ballot(it) &&
        (it->ballot.state != BALLOT_NONE || core_waiting(it, pg->sitting) == 0))
        return draw_ballot(s, pg, st, it, y, rows, cols);
    draw_floor(s, st, now, it, pg->sitting, y, rows, cols);
}

bool paint_pages_key(struct paint_pages *pg, int rc, wint_t ch)
{
    if (rc != KEY_CODE_YES) return false;
    if (ch == (wint_t)KEY_NPAGE && pg->page + 1 < pg->pages) return ++pg->page, true;
    if (ch == (wint_t)KEY_PPAGE && pg->page > 0) return --pg->page, true;
    return false;
}

int64_t paint_tick_ms(const struct core_state *st, int64_t now)
{
    int64_t wait = MINUTE_MS - now % MINUTE_MS;
    int64_t started;
    int32_t limit, ext;
    if (paint_running_clock(st, core_sitting_of(st, 0), &started, &limit, &ext)) {
        int64_t w = paint_next_second(speech_remaining_ms(started, limit, ext, now));
        if (w < wait) wait = w;
    }
    const struct item *it = core_open_item(st);
    for (int i = 0; it && i < it->speaker_count; i++) { /* the groups' countdowns */
        const struct speaker *sp = &it->speakers[i];
        if (sp->state != SPK_SPEAKING) continue;
        int64_t left = speech_remaining_ms(sp->started_at, sp->limit_s, sp->extension_s, now);
        if (paint_next_second(left) < wait) wait = paint_next_second(left);
    }
    return wait;
}
