/* The secretary's console (会务), shared by its files: view_secretary.c (tabs, prompts, lists,
 * the feed's reports), view_secretary_roster.c (roster and agenda), view_secretary_floor.c
 * (speakers and inquiry) and view_secretary_notes.c (notes and export).
 *
 *   row 0      the meeting's title, its state, the hub's clock
 *   row 1      attendance and quorum
 *   row 2      the tabs: 1 名单  2 议程  3 发言  4 询问  5 记录  6 导出  7 质询案  8 审议意见
 *   rows 3..   the tab's body; its last row holds a text field while one is asked for
 *   last two   the screen's status line and key bar (the current tab's keys)
 *
 * A tab is a table of functions (struct sec_tab).  What the secretary types goes through a
 * one-line prompt (an entry) or a pick list (people, item kinds, respondents) whose callback
 * gets the text or the id chosen, so that an action of several steps chains its prompts. */
#ifndef CMTE_TUI_VIEW_SECRETARY_H
#define CMTE_TUI_VIEW_SECRETARY_H

#include <limits.h>

#include "tui/entry.h"
#include "tui/views.h"

enum sec_tab_id {
    TAB_ROSTER,
    TAB_AGENDA,
    TAB_SPEAKERS,
    TAB_INQUIRY,
    TAB_NOTES,
    TAB_EXPORT,
    TAB_MOTIONS,  /* 质询案: view_secretary_motion.c */
    TAB_OPINIONS, /* 审议意见: view_secretary_opinion.c */
    TAB_COUNT
};

enum { SEC_BODY_TOP = 3, SEC_EXPORTS = 3 };

/* A list's cursor and its first row shown. */
struct sec_list {
    int cur, top;
};

struct secretary;
typedef void (*sec_text_fn)(struct secretary *s, const char *text);
typedef void (*sec_pick_fn)(struct secretary *s, int32_t id);

enum sec_pick_source {
    PICK_PERSON,     /* anyone on the roster (a speaker) */
    PICK_MEMBER,     /* members only (a questioner) */
    PICK_KIND,       /* an agenda item's kind */
    PICK_RESPONDENT, /* a respondent of the item, or any (id 0) */
    PICK_NOMINEE,    /* a person's case on the item (an appointment), with their law exam */
};

struct sec_prompt {
    bool on;
    char label[PAINT_TEXT_MAX];
    struct entry field;
    sec_text_fn done;
};

struct sec_pick {
    bool on;
    enum sec_pick_source source;
    char title[PAINT_TEXT_MAX];
    struct entry filter; /* typed text narrows the list (a name, a seat number) */
    struct sec_list list;
    sec_pick_fn done;
};

/* One file written by the export tab. */
struct sec_export_line {
    bool ok;
    char text[PATH_MAX + PAINT_TEXT_MAX];
};

struct secretary {
    struct view_base base; /* first: the feed's reports get the view as a view_base */
    enum sec_tab_id tab;
    struct sec_list lists[TAB_COUNT];
    int32_t item;     /* the item the agenda cursor, speakers, inquiry and notes work on */
    int32_t followed; /* the open item last seen: when it changes, the selection follows */
    int32_t inquiry;  /* the inquiry item the inquiry tab shows */
    int32_t speaker;  /* the speaker under the cursor (ids keep the cursor on reorder) */
    int32_t sitting;  /* the sitting whose list the speakers tab shows (t: the next) */
    enum sitting_mode sits_seen; /* how the meeting sat when the tab last looked */
    struct command draft;        /* a command put together over several prompts */
    int count_at;                /* a count by hand: the subject and option asked for next */
    struct sec_prompt prompt;
    struct sec_pick pick;
    int export_done;
    struct sec_export_line exports[SEC_EXPORTS];
    int32_t opinion_item; /* the item the opinions tab drafts on, or links a report to */
};

struct sec_tab {
    const char *name; /* untranslated (N_) */
    void (*draw)(struct secretary *s, struct screen *scr, const struct core_state *st, int y,
                 int rows, int cols);
    /* A key for the tab: true when it was taken. */
    bool (*key)(struct secretary *s, const struct core_state *st, int rc, wint_t ch);
    const struct screen_key *keys; /* ended by {NULL, NULL} */
};

extern const struct sec_tab sec_roster_tab, sec_agenda_tab, sec_speakers_tab, sec_inquiry_tab,
    sec_notes_tab, sec_export_tab, sec_motions_tab, sec_opinions_tab;

/* ---- shared by the tabs (view_secretary.c) ---- */

/* The sitting whose list and note the tabs show follows the meeting: the first group when the
 * groups sit, the joint sitting, the plenary; t steps through the meeting's sittings. */
void sec_follow_sitting(struct secretary *s, const struct core_state *st);
void sec_next_sitting(struct secretary *s, const struct core_state *st);

/* Send c; the status line says it went and waits for the hub's answer. */
void sec_send(struct secretary *s, const struct command *c);
/* A prompt's answer that completes the draft: it is the draft's text, and the draft goes. */
void sec_send_text(struct secretary *s, const char *text);
/* Ask for one line of text (prefilled with text, at most max bytes); done gets it. */
void sec_ask(struct secretary *s, const char *label, const char *text, size_t max,
             sec_text_fn done);
/* Offer a list to pick from; done gets the id picked. */
void sec_pick(struct secretary *s, enum sec_pick_source source, const char *title,
              sec_pick_fn done);

/* Up/Down, PgUp/PgDn, Home/End on a list of count rows, page rows a screen: true when taken. */
bool sec_list_key(struct sec_list *l, int count, int page, int rc, wint_t ch);
/* Keep the cursor inside count rows and in view of rows rows. */
void sec_list_fit(struct sec_list *l, int count, int rows);
/* A list row: "> " and the reverse style when selected; the style to write it in. */
enum screen_style sec_row(struct screen *scr, int y, int cols, bool selected);
/* The column after a cell of w columns at x, text cut to w. */
int sec_cell(struct screen *scr, int y, int x, int w, enum screen_style st, const char *text);

/* The item the tabs work on (the agenda's cursor, else the open item, else the first). */
struct item *sec_item(struct secretary *s, const struct core_state *st);
int sec_item_index(const struct core_state *st, int32_t id);
/* "[kind] n/N title" of an item on row y; the next row. */
int sec_item_line(struct screen *scr, const struct core_state *st, const struct item *it, int y,
                  int cols);
/* Counts by hand for the item's open ballot (view_secretary_count.c): true (the key is taken). */
bool sec_count_start(struct secretary *s, const struct item *it);
/* A member's choices entered by hand (by video, by a show of hands) on the open ballot. */
bool sec_hand_cast_start(struct secretary *s, const struct core_state *st, const struct person *p);
/* Appointments (view_secretary_appoint.c): an absent nominee's written statement; the
 * certificates (任命书) checked off; the warning when a post's appointment is voted before its
 * dismissal (a row at y when there is one: the rows used). */
bool sec_statement_start(struct secretary *s, const struct item *it);
bool sec_certificates(struct secretary *s, const struct item *it);
int sec_order_warning(struct screen *scr, const struct core_state *st, int y, int cols);
/* Today's date (YYYY-MM-DD) by the hub's clock, local time; else the meeting's date. */
void sec_today(struct secretary *s, const struct core_state *st, char *buf, size_t n);
/* A short state word of a person's attendance. */
const char *sec_attendance(const struct person *p);

#endif
