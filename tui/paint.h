/* Parts of the meeting drawn alike on every console (tui/paint.c): the words for the core's
 * states, the header and attendance rows, the open item's panel (the speaker with a countdown
 * and the list behind, the inquiry's question and phase, a ballot's progress or its results
 * as bars) and the agenda.  All draw from a replica and the hub's clock `now`. */
#ifndef CMTE_TUI_PAINT_H
#define CMTE_TUI_PAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "core/core.h"
#include "tui/screen.h"

enum { PAINT_TEXT_MAX = 512, PAINT_LEFT = 2 };

/* ---- words (translated) ---- */
const char *label_meeting_state(enum meeting_state st);
const char *label_item_kind(enum item_kind k);
const char *label_item_state(enum item_state st);
const char *label_phase(enum question_state q);
/* A ballot's option: a vote's three are words of the interface, an evaluation's configured. */
const char *label_option(const struct item *it, int o);
const char *paint_person(const struct core_state *st, int32_t id);
void paint_mmss(char *buf, size_t n, int64_t seconds);
void paint_share(char *buf, size_t n, int32_t count, int32_t base);

/* ---- placing text ---- */
/* text after x on row y, up to column cols; the new x. */
int paint_at(struct screen *s, int y, int x, int cols, enum screen_style st, const char *text);
/* text ending one column before cols, cut so that it starts at x_min or later. */
void paint_right(struct screen *s, int y, int x_min, int cols, enum screen_style st,
                 const char *text);
void paint_center(struct screen *s, int y, int cols, enum screen_style st, const char *text);

/* ---- the clock ---- */
/* The speech in the sitting, or the question turn, running on the open item, if any. */
bool paint_running_clock(const struct core_state *st, int32_t sitting, int64_t *started,
                         int32_t *limit, int32_t *ext);
/* Seconds shown for ms left: rounded up while time is left, down when over. */
int64_t paint_shown_seconds(int64_t left_ms);
/* Milliseconds until what the header and countdown show next changes. */
int64_t paint_tick_ms(const struct core_state *st, int64_t now);

/* ---- rows ---- */
/* Row 0: the meeting's title, its state, the clock. */
void paint_header(struct screen *s, const struct core_state *st, int64_t now, int cols);
/* Row 1: 已签到 n/N, on leave, quorum, the date. */
void paint_attendance(struct screen *s, const struct core_state *st, int cols);
/* An item's kind, place and reporter, its title below; the next free row. */
int paint_item_head(struct screen *s, const struct core_state *st, const struct item *it, int y,
                    int cols);
/* The running clock in big digits (when rows allow) with its words; the rows used. */
int paint_countdown(struct screen *s, const struct core_state *st, int32_t sitting, int64_t now,
                    int y, int rows, int cols);
int paint_questions_waiting(const struct item *it);
bool paint_is_ballot(const struct item *it);
/* A vote on deliberation opinions (opinion_adoption = vote): the drafts it adopts, each with
 * its organ, in rows y..last-1; those that do not fit are counted.  Nothing for other items. */
void paint_opinions_voted(struct screen *s, const struct core_state *st, const struct item *it,
                          int y, int last, int cols);
/* "已表决 12/20" with a bar, per subject when there are several, and the opinions voted on. */
void paint_progress(struct screen *s, const struct core_state *st, const struct item *it, int y,
                    int rows, int cols);

/* A closed ballot's results in pages when they do not fit; PgDn/PgUp turn them. */
struct paint_pages {
    int page, pages;
    int32_t item;
    int32_t sitting; /* the sitting whose floor and list the item's panel shows */
};
void paint_results(struct screen *s, struct paint_pages *pg, const struct item *it, int y, int rows,
                   int cols);
bool paint_pages_key(struct paint_pages *pg, int rc, wint_t ch);

/* ---- appointments (tui/paint_appoint.c) ---- */
extern const char paint_oath_text[]; /* the constitutional oath, 2018 text */
const char *label_case(enum case_kind k);
const char *label_oath_form(enum oath_form f);
/* A subject as listed: a case's kind, name and post (任命 张卫民 市财政局局长), else name and
 * detail. */
void paint_subject_name(const struct subject *sub, char *buf, size_t n);
/* Is an appointment case's law exam worth a word: a case the exam is for, where the room
 * requires it (a local rule) or the nominee sat it anyway? */
bool paint_shows_exam(const struct core_state *st, const struct item *it,
                      const struct subject *sub);
/* The oath being sworn: its form, the text spread out, who swears and who leads. */
void paint_oath(struct screen *s, const struct item *it, int y, int rows, int cols);

/* ---- sittings (tui/paint_sittings.c) ---- */
const char *label_sitting_mode(enum sitting_mode m);
/* 第一组 (group sitting), 联组会议, 全体会议. */
void paint_sitting_name(const struct core_state *st, int32_t sitting, char *buf, size_t n);
/* The line over a group's or the joint sitting's panel: its name, convener, members present;
 * the next free row. */
int paint_sitting_line(struct screen *s, const struct core_state *st, int32_t sitting, int y,
                       int cols);
/* The groups at a glance from row y up to rows: a row each, what runs in it. */
void paint_groups(struct screen *s, const struct core_state *st, const struct item *it, int64_t now,
                  int y, int rows, int cols);

/* The open item from row y: its head, then what runs on it. */
void paint_item(struct screen *s, struct paint_pages *pg, const struct core_state *st,
                const struct item *it, int64_t now, int y, int rows, int cols);
/* With no item open: the meeting's state in words and the agenda. */
void paint_agenda(struct screen *s, const struct core_state *st, int y, int rows, int cols);

/* A choice ballot (差额票决, tui/paint_choice.c): its candidates, its progress, or its results
 * ranked with counts and marks, in pages. */
void paint_choice(struct screen *s, struct paint_pages *pg, const struct core_state *st,
                  const struct item *it, int y, int rows, int cols);
/* In a few rows from y (the secretary's agenda): how many have cast, or the outcome and the
 * candidates ranked as far as rows allow; the next free row. */
int paint_choice_summary(struct screen *s, const struct item *it, int y, int rows, int cols);

/* ---- inquiry motions (质询案, tui/paint_motion.c) ---- */
/* Where the motion is: awaiting signatures, withdrawn, registered, on the agenda, answered,
 * for a second answer. */
const char *label_motion_status(const struct motion *m);
/* "联名 3/5" (signatures of the threshold), or the signatures alone once registered. */
void paint_motion_signatures(char *buf, size_t n, const struct core_state *st,
                             const struct motion *m);
/* "满意 2  不满意 3  未表态 0" of the signers. */
void paint_motion_tally(char *buf, size_t n, const struct motion *m);
/* The motion of an item from row y: organ, signers, registration, answer, tally and the
 * second-answer flag; the next free row. */
int paint_motion(struct screen *s, const struct core_state *st, const struct motion *m, int y,
                 int rows, int cols);

#endif
