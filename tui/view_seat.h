/* The seat console's parts (tui/view_seat.c: the main screen, signing in and the events;
 * tui/view_seat_forms.c: registering a question and filling in a ballot).  Everything a member
 * does works with digits, arrows, Enter and Esc alone, as on a keypad. */
#ifndef CMTE_TUI_VIEW_SEAT_H
#define CMTE_TUI_VIEW_SEAT_H

#include "tui/entry.h"
#include "tui/pager.h"
#include "tui/views.h"

enum seat_mode {
    SEAT_MAIN,            /* the meeting as it runs, and a menu of numbered actions */
    SEAT_PIN,             /* the PIN for signing in */
    SEAT_RESPONDENT,      /* an inquiry question: to whom */
    SEAT_TEXT,            /* its text, which may stay empty */
    SEAT_QUESTION_REVIEW, /* the question before it is registered */
    SEAT_SCORE,           /* a ballot: one subject and its options */
    SEAT_REVIEW,          /* every subject with the option chosen */
    SEAT_CONFIRM,         /* the one key that submits, distinct from the keys before it */
    SEAT_CHOOSE,          /* a choice ballot: the candidates, chosen or not */
    SEAT_CHOICE_REVIEW,   /* the candidates chosen */
    SEAT_CHOICE_CONFIRM,  /* the one key that submits them */
    SEAT_MOTIONS,         /* inquiry motions (质询案): sign, withdraw, say satisfied or not */
    SEAT_MOTION_DRAFT,    /* a new motion: organ, subject, text */
    SEAT_DOCS,            /* the open item's documents, numbered */
    SEAT_READ,            /* one document in the pager (or its progress while it arrives) */
};

/* A document's text as received and checked, kept for the session. */
struct seat_doc {
    int32_t id;
    char sha256[HASH_HEX_BYTES];
    char *text; /* owned */
    size_t len;
};

struct seat {
    struct view_base base; /* first: the feed's reports get the seat as a view_base */
    struct paint_pages pages;
    int32_t seat_no; /* this console's seat, from the hub's welcome */
    enum seat_mode mode;
    int cursor; /* the action, respondent or option under the arrows */
    struct entry entry;
    char pin_error[PAINT_TEXT_MAX];  /* the last sign-in refusal, in plain words */
    bool signing_in;                 /* sign_in sent, its answer awaited */
    bool casting;                    /* ballot_cast sent, its answer awaited */
    int32_t form_item;               /* the item a question or a ballot is for */
    int32_t respondent;              /* the question's respondent, 0 for any */
    int subject_count;               /* subjects still to choose on, */
    int subject_index[SUBJECTS_MAX]; /* as indexes into the ballot's subjects */
    int choice[SUBJECTS_MAX];        /* the option chosen on each, -1 for none yet */
    int at;                          /* the subject on screen */
    bool editing_one;                /* one subject changed from the review: back to it after */
    struct entry motion_fields[3];   /* a motion drafted: organ, subject, text */
    int motion_field;                /* the field typed in */
    int motion_cursor;               /* the motion under the arrows */
    /* documents (tui/view_seat_docs.c) */
    struct pager pager;
    struct seat_doc *docs;
    int ndocs;
    struct document reading; /* the document asked for or in the pager */
    size_t received, size;   /* of reading, while it arrives */
    bool doc_failed;         /* its text did not match its hash */
};

/* A key as a keypad has it. */
enum pad { PAD_OTHER, PAD_DIGIT, PAD_UP, PAD_DOWN, PAD_ENTER, PAD_ESC };
enum pad seat_pad(int rc, wint_t ch, int *digit);

/* The person at this seat; NULL before the welcome or when the roster has nobody there. */
const struct person *seat_person(const struct seat *se, const struct core_state *st);

/* The keys that matter now, on the view's last row: pairs of key and meaning (translated),
 * ended by NULL. */
void seat_hints(struct screen *s, int y, int cols, const char *const *pairs);
/* The form is done or abandoned: back to the main screen. */
void seat_main(struct seat *se);

/* ---- view_seat_convene.c: a group's convener (召集人) runs its list from the seat ---- */
/* The group sitting the member convenes while the groups sit, 0 when none. */
int32_t seat_convenes(const struct core_state *st, const struct person *me);
/* g, e, +: the convener's keys; false when the key is not one (or the member convenes none). */
bool seat_convener_key(struct seat *se, const struct core_state *st, const struct person *me,
                       int rc, wint_t ch);
/* The convener's keys on the last row, after the menu's digits (NULL when no menu). */
void seat_convener_hints(struct screen *s, int y, int cols, const char *digits);

/* ---- view_seat_forms.c ---- */
void seat_question_start(struct seat *se, const struct item *it);
void seat_ballot_start(struct seat *se, const struct core_state *st, const struct item *it,
                       const struct person *me);
/* Drop a form the meeting has moved past (its item closed, its ballot closed or cast). */
void seat_forms_check(struct seat *se, const struct core_state *st);
void seat_forms_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                     int cols);
void seat_forms_key(struct seat *se, const struct core_state *st, int rc, wint_t ch);
/* The bottom of a ballot's confirmation: the warning, "press 1", and its keys. */
void seat_confirm_footer(struct screen *s, int rows, int cols);

/* ---- view_seat_choice.c: a choice ballot (差额票决), up to k candidates ---- */
void seat_choice_start(struct seat *se, const struct item *it);
void seat_choice_draw(struct seat *se, struct screen *s, const struct item *it, int rows, int cols);
void seat_choice_key(struct seat *se, const struct core_state *st, const struct item *it, int rc,
                     wint_t ch);

/* ---- view_seat_motion.c: inquiry motions (质询案), reached with m ---- */
bool seat_motion_mode(const struct seat *se);
void seat_motions_start(struct seat *se);
void seat_motion_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                      int cols);
void seat_motion_key(struct seat *se, const struct core_state *st, const struct person *me, int rc,
                     wint_t ch);
/* A refused motion command in plain words on the status line (after base_refusal). */
void seat_motion_refused(struct seat *se, const struct command *c, const struct msg_answer *a);
/* ---- view_seat_docs.c: the documents of the open item, read in a pager ---- */
bool seat_docs_any(const struct core_state *st);
void seat_docs_start(struct seat *se, const struct core_state *st);
void seat_docs_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                    int cols);
void seat_docs_key(struct seat *se, const struct core_state *st, struct screen *s, int rc,
                   wint_t ch);
/* After a (re)connect: a document being received is asked for again. */
void seat_docs_synced(struct seat *se);
void seat_on_document(void *ctx, int32_t id, size_t received, size_t size, const char *text,
                      bool ok);
void seat_docs_free(struct seat *se);

#endif
