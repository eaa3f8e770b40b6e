/* The core's one path: a command from an actor is validated against the state and yields
 * events or an error; events are applied to a state, on the hub and on every replica alike.
 * Pure C: no clock (times come in), no I/O, no globals. */
#ifndef CMTE_CORE_CORE_H
#define CMTE_CORE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rules.h"

enum role {
    ROLE_HUB,        /* the hub itself: link state, rules */
    ROLE_CHAIR,      /* 主持人 */
    ROLE_SECRETARY,  /* 会务 */
    ROLE_MEMBER,     /* 组成人员 at a seat */
    ROLE_ATTENDEE,   /* 列席 */
    ROLE_RESPONDENT, /* 应询人 */
    ROLE_DISPLAY,    /* 大屏 */
    ROLE_VISITOR,    /* 旁听 */
    ROLE_EXAMINEE, /* a nominee taking the law exam (拟任人员); person = the nominee's subject */
    ROLE_COUNT
};

struct actor {
    enum role role;
    int32_t person; /* the person at a member/attendee seat; 0 otherwise */
};

/* Every parameter any command or event can carry, flat; which ones a type uses is listed in
 * its row of the table (core/schema.c), and encoding follows that row. */
struct choice {
    int32_t subject;
    int32_t option; /* -1 in the public form of a secret ballot */
};

struct subject_counts {
    int32_t subject;
    int32_t counts[OPTIONS_MAX];
};

struct params {
    int32_t id; /* the thing acted on or created: speaker, question, subject, ... */
    int32_t item;
    int32_t person;
    int32_t respondent;
    int32_t position;
    int32_t seconds;
    int32_t number; /* meeting number, seat number, planned minutes */
    int32_t kind;   /* item kind, person kind, attendance, speech kind, count method */
    int32_t members, signed_in;
    bool flag; /* scheduled, secret, has_pin, connected */
    char name[NAME_MAX_BYTES];
    char title[ITEM_TITLE_MAX];
    char group[NAME_MAX_BYTES];
    char date[DATE_MAX_BYTES];
    char detail[TITLE_MAX_BYTES]; /* department, post, reporter, subject detail */
    char text[NOTE_MAX_BYTES]; /* question text, reason, note, attachments, scrutineers (by line) */
    int choice_count;
    struct choice choices[SUBJECTS_MAX];
    int result_count;
    struct subject_counts results[SUBJECTS_MAX];
    struct core_rules rules;
    int32_t choose;  /* a choice item's k (optional in JSON: absent means 0) */
    int32_t subject; /* ballot_open: the one case put to the vote, 0 all waiting (optional) */
    int32_t size;    /* document_add: the text's bytes (optional) */
    int32_t sitting; /* a group's sitting the speaker action is for (optional: 0 the one sitting) */
    /* never encoded: the paper the hub draws for exam_start (question ids of its bank and
     * their answers), and the hub's time a command is validated at (set by core_validate) */
    int32_t paper_count;
    int32_t paper[EXAM_QUESTIONS_MAX];
    uint8_t paper_key[EXAM_QUESTIONS_MAX];
    int64_t now;
};

#define CORE_COMMANDS(X)                                                                           \
    X(MEMBER_ADD, "member_add")                                                                    \
    X(MEMBER_UPDATE, "member_update")                                                              \
    X(MEMBER_REMOVE, "member_remove")                                                              \
    X(MEETING_CREATE, "meeting_create")                                                            \
    X(MEETING_OPEN, "meeting_open")                                                                \
    X(MEETING_SUSPEND, "meeting_suspend")                                                          \
    X(MEETING_RESUME, "meeting_resume")                                                            \
    X(MEETING_CLOSE, "meeting_close")                                                              \
    X(SIGN_IN, "sign_in")                                                                          \
    X(ATTENDANCE_SET, "attendance_set")                                                            \
    X(LINK_SET, "link_set")                                                                        \
    X(RULES_SET, "rules_set")                                                                      \
    X(ITEM_ADD, "item_add")                                                                        \
    X(ITEM_UPDATE, "item_update")                                                                  \
    X(ITEM_REMOVE, "item_remove")                                                                  \
    X(ITEM_MOVE, "item_move")                                                                      \
    X(ITEM_OPEN, "item_open")                                                                      \
    X(ITEM_CLOSE, "item_close")                                                                    \
    X(ITEM_DEFER, "item_defer")                                                                    \
    X(NOTE_SET, "note_set")                                                                        \
    X(RESPONDENT_ADD, "respondent_add")                                                            \
    X(RESPONDENT_REMOVE, "respondent_remove")                                                      \
    X(SUBJECT_ADD, "subject_add")                                                                  \
    X(SUBJECT_REMOVE, "subject_remove")                                                            \
    X(FLOOR_REQUEST, "floor_request")                                                              \
    X(FLOOR_WITHDRAW, "floor_withdraw")                                                            \
    X(SPEAKER_ADD, "speaker_add")                                                                  \
    X(SPEAKER_REMOVE, "speaker_remove")                                                            \
    X(SPEAKER_MOVE, "speaker_move")                                                                \
    X(FLOOR_GRANT, "floor_grant")                                                                  \
    X(SPEECH_END, "speech_end")                                                                    \
    X(TIME_EXTEND, "time_extend")                                                                  \
    X(QUESTION_REGISTER, "question_register")                                                      \
    X(QUESTION_WITHDRAW, "question_withdraw")                                                      \
    X(QUESTION_CALL, "question_call")                                                              \
    X(ANSWER_START, "answer_start")                                                                \
    X(FOLLOWUP_START, "followup_start")                                                            \
    X(FOLLOWUP_ANSWER_START, "followup_answer_start")                                              \
    X(QUESTION_END, "question_end")                                                                \
    X(BALLOT_OPEN, "ballot_open")                                                                  \
    X(BALLOT_CAST, "ballot_cast")                                                                  \
    X(BALLOT_CLOSE, "ballot_close")                                                                \
    X(BALLOT_COUNT, "ballot_count")                                                                \
    X(HAND_CAST, "hand_cast")                                                                      \
    X(NOMINEE_ADD, "nominee_add")                                                                  \
    X(STATEMENT_RECORD, "statement_record")                                                        \
    X(CERTIFICATES_GIVE, "certificates_give")                                                      \
    X(OATH_START, "oath_start")                                                                    \
    X(OATH_END, "oath_end")                                                                        \
    X(BALLOT_RUNOFF, "ballot_runoff")                                                              \
    X(EXAM_START, "exam_start")                                                                    \
    X(EXAM_ANSWER, "exam_answer")                                                                  \
    X(EXAM_HAND_IN, "exam_hand_in")                                                                \
    X(FLOOR_ASK, "floor_ask")                                                                      \
    X(FLOOR_APPROVE, "floor_approve")                                                              \
    X(SUMMARY_SET, "summary_set")                                                                  \
    X(MOTION_DRAFT, "motion_draft")                                                                \
    X(MOTION_SIGN, "motion_sign")                                                                  \
    X(MOTION_WITHDRAW, "motion_withdraw")                                                          \
    X(MOTION_PLACE, "motion_place")                                                                \
    X(MOTION_ANSWER, "motion_answer")                                                              \
    X(MOTION_JUDGE, "motion_judge")                                                                \
    X(DOCUMENT_ADD, "document_add")                                                                \
    X(SITTING_SET, "sitting_set")                                                                  \
    X(CONVENER_SET, "convener_set")                                                                \
    X(OPINION_DRAFT, "opinion_draft")                                                              \
    X(OPINION_EDIT, "opinion_edit")                                                                \
    X(OPINION_ADOPT, "opinion_adopt")                                                              \
    X(OPINION_PLACE, "opinion_place")                                                              \
    X(OPINION_LINK, "opinion_link")

/* A command and the event it yields share a name space: event types are the past tense of
 * the commands' effects, one per command kind (see core/schema.c for which fields each has). */
#define X_ENUM(e, s) CMD_##e,
enum command_type { CORE_COMMANDS(X_ENUM) CMD_COUNT };
#undef X_ENUM

#define CORE_EVENTS(X)                                                                             \
    X(MEMBER_ADDED, "member_added")                                                                \
    X(MEMBER_UPDATED, "member_updated")                                                            \
    X(MEMBER_REMOVED, "member_removed")                                                            \
    X(MEETING_CREATED, "meeting_created")                                                          \
    X(MEETING_OPENED, "meeting_opened")                                                            \
    X(MEETING_SUSPENDED, "meeting_suspended")                                                      \
    X(MEETING_RESUMED, "meeting_resumed")                                                          \
    X(MEETING_CLOSED, "meeting_closed")                                                            \
    X(SIGNED_IN, "signed_in")                                                                      \
    X(ATTENDANCE_CHANGED, "attendance_changed")                                                    \
    X(LINK_CHANGED, "link_changed")                                                                \
    X(RULES_CHANGED, "rules_changed")                                                              \
    X(ITEM_ADDED, "item_added")                                                                    \
    X(ITEM_UPDATED, "item_updated")                                                                \
    X(ITEM_REMOVED, "item_removed")                                                                \
    X(ITEM_MOVED, "item_moved")                                                                    \
    X(ITEM_OPENED, "item_opened")                                                                  \
    X(ITEM_CLOSED, "item_closed")                                                                  \
    X(ITEM_DEFERRED, "item_deferred")                                                              \
    X(NOTE_CHANGED, "note_changed")                                                                \
    X(RESPONDENT_ADDED, "respondent_added")                                                        \
    X(RESPONDENT_REMOVED, "respondent_removed")                                                    \
    X(SUBJECT_ADDED, "subject_added")                                                              \
    X(SUBJECT_REMOVED, "subject_removed")                                                          \
    X(SPEAKER_ADDED, "speaker_added")                                                              \
    X(SPEAKER_REMOVED, "speaker_removed")                                                          \
    X(SPEAKER_MOVED, "speaker_moved")                                                              \
    X(FLOOR_GRANTED, "floor_granted")                                                              \
    X(SPEECH_ENDED, "speech_ended")                                                                \
    X(TIME_EXTENDED, "time_extended")                                                              \
    X(QUESTION_REGISTERED, "question_registered")                                                  \
    X(QUESTION_WITHDRAWN, "question_withdrawn")                                                    \
    X(QUESTION_CALLED, "question_called")                                                          \
    X(ANSWER_STARTED, "answer_started")                                                            \
    X(FOLLOWUP_STARTED, "followup_started")                                                        \
    X(FOLLOWUP_ANSWER_STARTED, "followup_answer_started")                                          \
    X(QUESTION_ENDED, "question_ended")                                                            \
    X(BALLOT_OPENED, "ballot_opened")                                                              \
    X(BALLOT_CAST_RECORDED, "ballot_cast")                                                         \
    X(BALLOT_CLOSED, "ballot_closed")                                                              \
    X(BALLOT_COUNTED, "ballot_counted")                                                            \
    X(NOMINEE_ADDED, "nominee_added")                                                              \
    X(STATEMENT_RECORDED, "statement_recorded")                                                    \
    X(CERTIFICATES_GIVEN, "certificates_given")                                                    \
    X(OATH_STARTED, "oath_started")                                                                \
    X(OATH_ENDED, "oath_ended")                                                                    \
    X(RUNOFF_ADDED, "runoff_added")                                                                \
    X(EXAM_STARTED, "exam_started")                                                                \
    X(EXAM_ANSWERED, "exam_answered")                                                              \
    X(EXAM_FINISHED, "exam_finished")                                                              \
    X(FLOOR_ASKED, "floor_asked")                                                                  \
    X(FLOOR_APPROVED, "floor_approved")                                                            \
    X(SUMMARY_CHANGED, "summary_changed")                                                          \
    X(MOTION_DRAFTED, "motion_drafted")                                                            \
    X(MOTION_SIGNED, "motion_signed")                                                              \
    X(MOTION_REGISTERED, "motion_registered")                                                      \
    X(MOTION_WITHDRAWN, "motion_withdrawn")                                                        \
    X(MOTION_PLACED, "motion_placed")                                                              \
    X(MOTION_ANSWERED, "motion_answered")                                                          \
    X(MOTION_JUDGED, "motion_judged")                                                              \
    X(DOCUMENT_ADDED, "document_added")                                                            \
    X(SITTING_CHANGED, "sitting_changed")                                                          \
    X(CONVENER_NAMED, "convener_named")                                                            \
    X(OPINION_DRAFTED, "opinion_drafted")                                                          \
    X(OPINION_EDITED, "opinion_edited")                                                            \
    X(OPINION_ADOPTED, "opinion_adopted")                                                          \
    X(OPINION_PLACED, "opinion_placed")                                                            \
    X(OPINION_LINKED, "opinion_linked")

#define X_ENUM(e, s) EV_##e,
enum event_type { CORE_EVENTS(X_ENUM) EV_COUNT };
#undef X_ENUM

struct command {
    enum command_type type;
    struct params p;
};

struct event {
    enum event_type type;
    int64_t seq;  /* journal sequence number, 0 until the journal assigns it */
    int64_t time; /* the hub's clock, ms since the epoch */
    struct actor actor;
    struct params p;
};

enum { EVENTS_PER_COMMAND = 4 };

struct event_batch {
    int count;
    struct event events[EVENTS_PER_COMMAND];
};

/* Errors are values: a code, and a detail naming what was wrong (a field, an id). */
#define CORE_ERRORS(X)                                                                             \
    X(OK, "ok")                                                                                    \
    X(NOT_ALLOWED, "this role may not do that")                                                    \
    X(NOT_YOURS, "a seat may act only for its own member")                                         \
    X(NO_MEETING, "there is no meeting")                                                           \
    X(MEETING_STATE, "the meeting is not in a state that allows this")                             \
    X(NO_QUORUM, "no quorum: more than half of all members must be signed in")                     \
    X(UNKNOWN_PERSON, "no such person on the roster")                                              \
    X(NOT_A_MEMBER, "only members of the committee may do this")                                   \
    X(DUPLICATE, "that already exists")                                                            \
    X(IN_USE, "still in use")                                                                      \
    X(NOT_SIGNED_IN, "sign in first")                                                              \
    X(ALREADY_SIGNED_IN, "already signed in")                                                      \
    X(UNKNOWN_ITEM, "no such agenda item")                                                         \
    X(ITEM_STATE, "the agenda item is not in a state that allows this")                            \
    X(ITEM_KIND, "this kind of agenda item does not allow that")                                   \
    X(ANOTHER_ITEM_OPEN, "another agenda item is open")                                            \
    X(UNKNOWN_SPEAKER, "no such speaker on the list")                                              \
    X(ALREADY_ON_LIST, "already on the speaker list")                                              \
    X(ALREADY_SPOKE, "has already spoken on this item")                                            \
    X(FLOOR_TAKEN, "someone has the floor: end that first")                                        \
    X(NOBODY_SPEAKING, "nobody has the floor")                                                     \
    X(LIST_EMPTY, "nobody is waiting")                                                             \
    X(UNKNOWN_RESPONDENT, "no such respondent")                                                    \
    X(UNKNOWN_QUESTION, "no such question")                                                        \
    X(QUESTION_STATE, "the question is not at a step that allows this")                            \
    X(NO_FOLLOWUP_LEFT, "no follow-up question is left")                                           \
    X(UNKNOWN_SUBJECT, "no such subject on the ballot")                                            \
    X(BALLOT_STATE, "the ballot is not in a state that allows this")                               \
    X(ALREADY_CAST, "already cast on this subject")                                                \
    X(BAD_OPTION, "no such option on this ballot")                                                 \
    X(NO_SUBJECTS, "the ballot has no subjects")                                                   \
    X(TOO_MANY, "too many")                                                                        \
    X(BAD_VALUE, "a value is out of range")                                                        \
    X(BAD_MESSAGE, "the message is malformed")                                                     \
    X(PIN_NEEDED, "this seat needs its PIN to sign in")                                            \
    X(PIN_WRONG, "the PIN is wrong")                                                               \
    X(NOT_STORED, "the hub could not store it: nothing was recorded, try again")                   \
    X(NOT_A_NOMINEE, "no such nominee on the item")                                                \
    X(OATH_STATE, "the oath is not at a step that allows this")                                    \
    X(NO_EXAM_PASS, "the nominee has not passed the law exam")                                     \
    X(EXAM_STATE, "the law exam is not at a step that allows this")                                \
    X(EXAM_TIME_UP, "the exam's time is up: the paper is handed in")                               \
    X(NO_RETAKE_LEFT, "no retake of the law exam is left")                                         \
    X(EXAM_BANK, "the question bank is empty")                                                     \
    X(UNKNOWN_MOTION, "no such inquiry motion")                                                    \
    X(MOTION_STATE, "the inquiry motion is not at a step that allows this")                        \
    X(NOT_A_PROPOSER, "only the motion's proposer or co-signers may do this")                      \
    X(SITTING_STATE, "the meeting is not sitting in a way that allows this")                       \
    X(WRONG_GROUP, "that person sits in another group")                                            \
    X(NOT_CONVENER, "only the group's convener or a secretary may do this")                        \
    X(UNKNOWN_OPINION, "no such deliberation opinion")                                             \
    X(OPINION_STATE, "the deliberation opinion is not at a step that allows this")

#define X_ENUM(e, s) ERR_##e,
enum core_err { CORE_ERRORS(X_ENUM) ERR_COUNT };
#undef X_ENUM

struct core_error {
    enum core_err code;
    char detail[96];
};

/* English message key of an error (translate with gettext where shown). */
const char *core_err_message(enum core_err e);

/* The state. */
struct core_state *core_state_new(const struct core_rules *rules); /* caller frees */
void core_state_free(struct core_state *s);

/* Validate cmd from actor at hub time `now`: on success fill *out (ids assigned, times
 * stamped) and return ERR_OK; else return the error and leave *out empty.  Nothing in the
 * state changes either way. */
enum core_err core_validate(const struct core_state *s, const struct actor *a,
                            const struct command *cmd, int64_t now, struct event_batch *out,
                            struct core_error *err);

/* Apply one event.  Returns ERR_OK, or an error when the event does not fit the state (a
 * replica out of step); the state is then unchanged. */
enum core_err core_apply(struct core_state *s, const struct event *ev);

/* The hub's recovery of an open secret ballot: the journal holds casts without choices, so
 * after replaying it the hub adds back each stored choice (decrypted from the ballot store).
 * Returns ERR_OK, or an error when the ballot is not open and secret or the values are out
 * of range. */
enum core_err core_tally_restore(struct core_state *s, int32_t item, int32_t subject,
                                 int32_t option);

/* The hub's recovery of a running exam paper: the journal holds neither the paper's key nor
 * the answers, so after replaying it the hub puts back each question's (from its database).
 * Returns ERR_OK, or an error when no paper of the nominee is running or a value is out of
 * range. */
enum core_err core_exam_restore(struct core_state *s, int32_t item, int32_t subject,
                                int32_t position, int32_t question, uint8_t key, uint8_t given);

/* A paper's score of 100: each question is worth 100/n points, a question counts only when
 * the answer given is exactly the key (a multiple choice all or nothing), and the total is
 * rounded half up (17 right of 20 → 85; 2 of 3 → 67).  0 for no question. */
int32_t exam_score(const uint8_t *key, const uint8_t *given, int32_t n);

/* The hub's running paper of the nominee, or NULL (on a replica always). */
const struct exam_paper *core_exam_paper(const struct core_state *s, int32_t subject);

/* Is question q of the nominee's newest paper answered? */
bool exam_answered(const struct exam_record *x, int q);

/* The nominee's exam record (a subject of an appointment item), or NULL. */
const struct exam_record *core_exam(const struct core_state *s, int32_t subject,
                                    const struct item **item);

/* Lookups, for views and tests; NULL when absent. */
struct person *core_person(const struct core_state *s, int32_t id);
int core_person_index(const struct core_state *s, int32_t id);
/* The person at seat (seats are unique on the roster); NULL for seat 0 or an empty seat. */
struct person *core_person_at_seat(const struct core_state *s, int32_t seat);
struct item *core_item(const struct core_state *s, int32_t id);
struct item *core_open_item(const struct core_state *s);
struct speaker *core_speaker(const struct item *it, int32_t id);
struct speaker *core_floor(const struct item *it, int32_t sitting);
struct question *core_question(const struct item *it, int32_t id);
struct question *core_active_question(const struct item *it);
struct respondent *core_respondent(const struct item *it, int32_t id);
struct subject *core_subject(const struct ballot *b, int32_t id);
const struct document *core_document(const struct item *it, int32_t id);

/* Is the k-th subject on the vote open now?  An appointment's ballot is opened for one case,
 * or for all still waiting when the chair combines them; other ballots hold every subject. */
bool core_on_vote(const struct ballot *b, int k);
/* Is the vote open now on paper: a removal (撤职案) on it, where the rules say so?  Then the
 * keypads take no vote and the secretary enters the counts from the paper ballots. */
bool core_vote_on_paper(const struct core_state *s, const struct item *it);
/* How many subjects are on the vote open now (0 when none is open). */
int core_on_vote_count(const struct ballot *b);
/* The case an appointment votes on next (the first still waiting), 0 when none waits. */
int32_t core_next_case(const struct item *it);
/* The cases of an appointment not yet put to a vote. */
int core_cases_waiting(const struct item *it);

/* Whether person has cast on every subject on the vote open now. */
bool core_cast_done(const struct core_state *s, const struct item *it, int32_t person);
/* Whether person has cast on the k-th subject of the item's ballot (known to every replica). */
bool core_has_cast(const struct core_state *s, const struct item *it, int32_t person, int k);

/* The three counts: 应到 (all members), 实到 (members signed in). */
int32_t core_members(const struct core_state *s);
int32_t core_signed_in(const struct core_state *s);
bool core_quorum(const struct core_state *s);

/* Time left in ms on a running speech or turn (negative: overrun), a pure function. */
int64_t speech_remaining_ms(int64_t started_at, int32_t limit_s, int32_t extension_s, int64_t now);

/* Names of the enums as encoded (and for messages); NULL when out of range. */
const char *command_name(enum command_type t);
const char *event_name(enum event_type t);
const char *role_name(enum role r);
const char *item_kind_name(enum item_kind k);
const char *meeting_state_name(enum meeting_state s);
const char *case_kind_name(enum case_kind k);
const char *oath_form_name(enum oath_form f);

/* Appointments.  Has the case passed its vote (a closed ballot's verdict)? */
bool core_case_passed(const struct item *it, const struct subject *sub);
/* Does a subject of an appointment take the law exam: an appointment does (任命, 代理, or a
 * subject that names no case), a dismissal or removal does not. */
bool core_case_needs_exam(const struct subject *sub);
/* An appointee who may swear the oath: appointed or acting, passed, not yet sworn. */
bool core_may_swear(const struct item *it, const struct subject *sub);
/* Those who may swear now, in the item's order: their ids in ids (when not NULL), how many. */
int core_swearers(const struct item *it, int32_t ids[SUBJECTS_MAX]);
/* The first pair of cases on the agenda voted in the wrong order: an appointment to a post
 * listed before the dismissal or removal from the same post (PROCEDURES §1.4: the removal is
 * voted first).  Returns false when the order is right; else sets the two subjects. */
bool core_case_order_wrong(const struct core_state *s, const struct subject **appointment,
                           const struct subject **removal);

/* A choice item (差额票决) once its ballot closed: the seats left (k less those elected, 0
 * before the close), the candidates tied for the last seats, and the run-off added for it
 * (NULL when none). */
int core_choice_seats_left(const struct item *it);
int core_choice_tied(const struct item *it);
struct item *core_runoff_of(const struct core_state *s, int32_t item);

/* Inquiry motions (质询案).  The motion, or NULL; the motion placed as item, or NULL. */
struct motion *core_motion(const struct core_state *s, int32_t id);
struct motion *core_motion_of_item(const struct core_state *s, int32_t item);
/* The index of person among the motion's signers (0 the proposer), or -1. */
int core_motion_signer(const struct motion *m, int32_t person);
/* How many signers gave the verdict v. */
int32_t core_motion_verdicts(const struct motion *m, enum motion_verdict v);

/* Sittings (全体会议, 分组会议, 联组会议).  The sitting person takes part in now: the plenary, the
 * joint sitting, or their group's while the groups sit (-1 when in no group then). */
int32_t core_sitting_of(const struct core_state *s, int32_t person);
/* The group of sitting k (1..group_count), or NULL. */
const struct group *core_group(const struct core_state *s, int32_t sitting);
/* The sitting of the group named so in this meeting, 0 when it has none yet. */
int32_t core_group_sitting(const struct core_state *s, const char *name);
/* The convener (召集人) of group sitting k: the one the secretary named while still in the
 * group, else the members take turns by meeting number; 0 when the group has no member. */
int32_t core_convener(const struct core_state *s, int32_t sitting);
/* Members of group sitting k, and how many of them are signed in. */
int32_t core_group_members(const struct core_state *s, int32_t sitting, int32_t *signed_in);
/* The secretary's note of the item in a sitting (the plenary's: the item's note); "" when
 * none. */
const char *core_note(const struct item *it, int32_t sitting);
/* How many wait on the sitting's speaker list (requests awaiting approval aside). */
int core_waiting(const struct item *it, int32_t sitting);
/* The sitting's next speaker in the room (a speaker who is not a member is there when called;
 * an absent member keeps their place until they come), NULL when nobody waits: whom floor_grant
 * with id 0 gives the floor. */
const struct speaker *core_next_speaker(const struct core_state *s, const struct item *it,
                                        int32_t sitting);
/* Someone speaking in any sitting of the item. */
bool core_floor_any(const struct item *it);
const char *sitting_mode_name(enum sitting_mode m);
/* Deliberation opinions (审议意见).  The opinion, or NULL. */
struct opinion *core_opinion(const struct core_state *s, int32_t id);
/* Is the organ's report on it awaited: adopted or sent back for a second report, or linked to an
 * item that is no longer on the agenda (removed, or of a past meeting never closed)? */
bool core_opinion_awaiting(const struct core_state *s, const struct opinion *o);
/* Its state as it stands: a report linked to an item no longer on the agenda is awaited again
 * (adopted, or a second report asked when one was heard already). */
enum opinion_state core_opinion_state(const struct core_state *s, const struct opinion *o);
/* The drafts on the item waiting to be put to a vote: on no vote item still on the agenda, or
 * on one whose vote failed. */
int core_opinion_drafts_waiting(const struct core_state *s, int32_t item);
/* Overdue on today (YYYY-MM-DD): its report awaited and its due date before today. */
bool core_opinion_overdue(const struct core_state *s, const struct opinion *o, const char *today);
/* Is the item's ballot result the worst of the evaluation's options (不满意) on any subject? */
bool core_evaluation_unsatisfied(const struct item *it);
/* "draft", "adopted", ... as encoded; NULL when out of range. */
const char *opinion_state_name(enum opinion_state st);

#endif
