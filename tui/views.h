/* The consoles' views (tui/view_*.c): each draws the meeting from its feed's replica on a
 * screen (tui/screen.h) and takes the feed's reports (struct link_events).  Every view's
 * context starts with a struct view_base, which keeps what they share: the screen, the feed,
 * and the status line (the connection, the last event, the hub's answer to the last command). */
#ifndef CMTE_TUI_VIEWS_H
#define CMTE_TUI_VIEWS_H

#include <stdarg.h>

#include "net/link.h"
#include "tui/feed.h"
#include "tui/paint.h"
#include "tui/screen.h"

struct view_base {
    struct screen *screen;
    struct feed feed;
    enum link_status status;
    enum link_status last_failure; /* LINK_OFFLINE or LINK_REFUSED after a failed attempt */
    bool was_online;
    char why[PAINT_TEXT_MAX];
    char name[PAINT_TEXT_MAX];       /* this console's, from the hub's welcome */
    char last_event[PAINT_TEXT_MAX]; /* the newest event, in words */
    char notice[PAINT_TEXT_MAX];     /* the answer to the user's last action, until a key */
    enum screen_style notice_style;
    bool asking; /* a command waits for the user's yes (base_ask) */
    struct command asked;
    char question[PAINT_TEXT_MAX];
};

/* The status line from what the base knows. */
void base_update_status(struct view_base *b);
/* Say something about the user's last action in the status line, until the next key. */
void base_notice(struct view_base *b, enum screen_style st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A key was pressed: the notice has been read. */
void base_key(struct view_base *b);
/* Send a command through the feed; a notice when it cannot be queued. */
bool base_send(struct view_base *b, const struct command *c, const char *pin);
/* An action that cannot be undone: ask in the status line ("... ? y: yes, any other key: no")
 * and send c only on y. */
void base_ask(struct view_base *b, const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* While a question is asked, the key answers it: true when the key was taken so. */
bool base_ask_key(struct view_base *b, int rc, wint_t ch);
/* Why the hub refused this console (the link's English reason), in plain words of the
 * interface's language when it is a known case, else as it is. */
const char *base_refusal_words(const char *why);
/* The refusal in a's words (the core's message translated, and its detail). */
void base_refusal(struct view_base *b, const struct msg_answer *a);

/* The reports every view handles alike; ctx is the view, which starts with a view_base. */
void base_on_status(void *ctx, enum link_status st, const char *why);
void base_on_welcome(void *ctx, const struct msg_welcome *w);
void base_on_synced(void *ctx, const struct core_state *s, int64_t seq);
void base_on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n);
void base_on_answer(void *ctx, const struct command *c, const struct msg_answer *a);

/* The big-screen display (大屏): read only. */
struct display;
struct display *display_new(void);
void display_free(struct display *d);
extern const struct screen_view display_view;
extern const struct link_events display_events;

/* The chair's console (主持人). */
struct chair;
struct chair *chair_new(void);
void chair_free(struct chair *c);
extern const struct screen_view chair_view;
extern const struct link_events chair_events;
/* The chair's A: asks to adopt the first draft deliberation opinion of the meeting
 * (tui/view_chair_opinion.c). */
void chair_opinion_adopt(struct view_base *b, const struct core_state *st);
/* A member's seat console (座席): sign in, the floor, questions, ballots, by keypad keys. */
struct seat;
struct seat *seat_new(void);
void seat_free(struct seat *se);
extern const struct screen_view seat_view;
extern const struct link_events seat_events;
/* The secretary's console (会务): roster and attendance, agenda, speakers and the floor's
 * clock, inquiry, notes, export (tui/view_secretary*.c). */
struct secretary;
struct secretary *secretary_new(void);
void secretary_free(struct secretary *s);
extern const struct screen_view secretary_view;
extern const struct link_events secretary_events;

/* A nominee's law exam console (考生终端): the paper by keys, the time left, the review, the
 * score (tui/view_examinee.c). */
struct examinee;
struct examinee *examinee_new(void);
void examinee_free(struct examinee *e);
extern const struct screen_view examinee_view;
extern const struct link_events examinee_events;

#endif
