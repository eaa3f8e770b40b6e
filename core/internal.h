/* Shared inside core/: the command and event tables, and helpers the domain files use. */
#ifndef CMTE_CORE_INTERNAL_H
#define CMTE_CORE_INTERNAL_H

#include "core/core.h"

/* Field bits: which members of struct params a command or event carries. */
enum field {
    F_ID = 1u << 0,
    F_ITEM = 1u << 1,
    F_PERSON = 1u << 2,
    F_RESPONDENT = 1u << 3,
    F_POSITION = 1u << 4,
    F_SECONDS = 1u << 5,
    F_NUMBER = 1u << 6,
    F_KIND = 1u << 7,
    F_MEMBERS = 1u << 8,
    F_SIGNED_IN = 1u << 9,
    F_FLAG = 1u << 10,
    F_NAME = 1u << 11,
    F_TITLE = 1u << 12,
    F_GROUP = 1u << 13,
    F_DATE = 1u << 14,
    F_DETAIL = 1u << 15,
    F_TEXT = 1u << 16,
    F_CHOICES = 1u << 17,
    F_RESULTS = 1u << 18,
    F_RULES = 1u << 19,
    F_CHOOSE = 1u << 20,  /* optional: written when not 0, read as 0 when absent */
    F_SUBJECT = 1u << 21, /* optional, as F_CHOOSE */
    F_SIZE = 1u << 22,    /* optional, as F_CHOOSE */
    F_SITTING = 1u << 23, /* optional, as F_CHOOSE */
};

/* Which name list encodes a type's F_KIND field. */
enum kind_names {
    KN_NONE,
    KN_PERSON,
    KN_ATTENDANCE,
    KN_ITEM,
    KN_SPEECH,
    KN_METHOD,
    KN_CASE,
    KN_OATH,
    KN_SITTING
};

typedef enum core_err (*validate_fn)(const struct core_state *s, const struct actor *a,
                                     const struct params *p, struct event_batch *out,
                                     struct core_error *err);
typedef enum core_err (*apply_fn)(struct core_state *s, const struct event *e);

struct command_spec {
    const char *name;
    uint32_t roles;  /* bit (1 << role) for each role that may send it */
    uint32_t fields; /* required fields */
    enum kind_names kinds;
    validate_fn validate;
    enum event_type produces; /* the event it yields (an item_add of a vote adds its motion) */
    const char *when;         /* when it is valid, for the reader and the docs */
};

struct event_spec {
    const char *name;
    uint32_t fields;
    enum kind_names kinds;
    apply_fn apply;
};

extern const struct command_spec command_specs[CMD_COUNT];
extern const struct event_spec event_specs[EV_COUNT];

#define ROLE_BIT(r) (1u << (r))

/* Append an event of type t with params p to the batch; returns it. */
struct event *emit(struct event_batch *b, enum event_type t, const struct params *p);
enum core_err refuse(struct core_error *err, enum core_err code, const char *detail_fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Range and text checks of the fields in mask, as decoding does them. */
enum core_err params_check(uint32_t mask, enum kind_names kn, const struct params *p,
                           struct core_error *err);

/* Growable arrays of the model: room for need elements; remove element i of *count; open a
 * gap at i (the caller has made room with grow). */
int grow(void **arr, int *cap, int need, size_t elem);
void remove_at(void *arr, int *count, int i, size_t elem);
void gap_at(void *arr, int *count, int i, size_t elem);
/* A new subject at the end of b, zeroed; NULL when b has SUBJECTS_MAX or memory is short. */
struct subject *ballot_subject_new(struct ballot *b);

/* The index of people by id: rebuilt after people are removed or decoded, kept up after one is
 * appended (core_person_added); -1 when out of memory. */
int core_people_indexed(struct core_state *s);
int core_person_added(struct core_state *s);

/* Copy a NUL-terminated string into a fixed buffer (it was length-checked on decode). */
void copy_text(char *dst, size_t cap, const char *src);

/* Name lists for F_KIND. */
const char *kind_name(enum kind_names kn, int32_t k);
int kind_count(enum kind_names kn);

int command_type_parse(const char *s); /* -1 when unknown */
int event_type_parse(const char *s);
int role_parse(const char *s);

/* Valid UTF-8 with no control characters (newline allowed when multiline). */
bool text_ok(const char *s, bool multiline);

/* Domain validators (validate_<command>) and appliers (apply_<event>), in roster.c,
 * meeting.c, agenda.c, speakers.c, inquiry.c and ballot.c. */
#define VALIDATOR(name)                                                                            \
    enum core_err name(const struct core_state *s, const struct actor *a, const struct params *p,  \
                       struct event_batch *out, struct core_error *err)
#define APPLIER(name) enum core_err name(struct core_state *s, const struct event *e)
VALIDATOR(validate_member_add);
VALIDATOR(validate_member_update);
VALIDATOR(validate_member_remove);
VALIDATOR(validate_meeting_create);
VALIDATOR(validate_meeting_open);
VALIDATOR(validate_meeting_suspend);
VALIDATOR(validate_meeting_resume);
VALIDATOR(validate_meeting_close);
VALIDATOR(validate_sign_in);
VALIDATOR(validate_attendance_set);
VALIDATOR(validate_link_set);
VALIDATOR(validate_rules_set);
VALIDATOR(validate_item_add);
VALIDATOR(validate_item_update);
VALIDATOR(validate_item_remove);
VALIDATOR(validate_item_move);
VALIDATOR(validate_item_open);
VALIDATOR(validate_item_close);
VALIDATOR(validate_item_defer);
VALIDATOR(validate_note_set);
VALIDATOR(validate_respondent_add);
VALIDATOR(validate_respondent_remove);
VALIDATOR(validate_subject_add);
VALIDATOR(validate_subject_remove);
VALIDATOR(validate_floor_request);
VALIDATOR(validate_floor_withdraw);
VALIDATOR(validate_speaker_add);
VALIDATOR(validate_speaker_remove);
VALIDATOR(validate_speaker_move);
VALIDATOR(validate_floor_grant);
VALIDATOR(validate_speech_end);
VALIDATOR(validate_time_extend);
VALIDATOR(validate_question_register);
VALIDATOR(validate_question_withdraw);
VALIDATOR(validate_question_call);
VALIDATOR(validate_answer_start);
VALIDATOR(validate_followup_start);
VALIDATOR(validate_followup_answer_start);
VALIDATOR(validate_question_end);
VALIDATOR(validate_ballot_open);
VALIDATOR(validate_ballot_cast);
VALIDATOR(validate_ballot_close);
VALIDATOR(validate_ballot_count);
VALIDATOR(validate_nominee_add);
VALIDATOR(validate_statement_record);
VALIDATOR(validate_certificates_give);
VALIDATOR(validate_oath_start);
VALIDATOR(validate_oath_end);
VALIDATOR(validate_ballot_runoff);
VALIDATOR(validate_exam_start);
VALIDATOR(validate_exam_answer);
VALIDATOR(validate_exam_hand_in);
VALIDATOR(validate_floor_ask);
VALIDATOR(validate_floor_approve);
VALIDATOR(validate_summary_set);
VALIDATOR(validate_motion_draft);
VALIDATOR(validate_motion_sign);
VALIDATOR(validate_motion_withdraw);
VALIDATOR(validate_motion_place);
VALIDATOR(validate_motion_answer);
VALIDATOR(validate_motion_judge);
VALIDATOR(validate_document_add);
VALIDATOR(validate_sitting_set);
VALIDATOR(validate_convener_set);
VALIDATOR(validate_opinion_draft);
VALIDATOR(validate_opinion_edit);
VALIDATOR(validate_opinion_adopt);
VALIDATOR(validate_opinion_place);
VALIDATOR(validate_opinion_link);
APPLIER(apply_member_added);
APPLIER(apply_member_updated);
APPLIER(apply_member_removed);
APPLIER(apply_meeting_created);
APPLIER(apply_meeting_opened);
APPLIER(apply_meeting_suspended);
APPLIER(apply_meeting_resumed);
APPLIER(apply_meeting_closed);
APPLIER(apply_signed_in);
APPLIER(apply_attendance_changed);
APPLIER(apply_link_changed);
APPLIER(apply_rules_changed);
APPLIER(apply_item_added);
APPLIER(apply_item_updated);
APPLIER(apply_item_removed);
APPLIER(apply_item_moved);
APPLIER(apply_item_opened);
APPLIER(apply_item_closed);
APPLIER(apply_item_deferred);
APPLIER(apply_note_changed);
APPLIER(apply_respondent_added);
APPLIER(apply_respondent_removed);
APPLIER(apply_subject_added);
APPLIER(apply_subject_removed);
APPLIER(apply_speaker_added);
APPLIER(apply_speaker_removed);
APPLIER(apply_speaker_moved);
APPLIER(apply_floor_granted);
APPLIER(apply_speech_ended);
APPLIER(apply_time_extended);
APPLIER(apply_question_registered);
APPLIER(apply_question_withdrawn);
APPLIER(apply_question_called);
APPLIER(apply_answer_started);
APPLIER(apply_followup_started);
APPLIER(apply_followup_answer_started);
APPLIER(apply_question_ended);
APPLIER(apply_ballot_opened);
APPLIER(apply_ballot_cast_recorded);
APPLIER(apply_ballot_closed);
APPLIER(apply_ballot_counted);
APPLIER(apply_nominee_added);
APPLIER(apply_statement_recorded);
APPLIER(apply_certificates_given);
APPLIER(apply_oath_started);
APPLIER(apply_oath_ended);
APPLIER(apply_runoff_added);
APPLIER(apply_exam_started);
APPLIER(apply_exam_answered);
APPLIER(apply_exam_finished);
APPLIER(apply_floor_asked);
APPLIER(apply_floor_approved);
APPLIER(apply_summary_changed);
APPLIER(apply_motion_drafted);
APPLIER(apply_motion_signed);
APPLIER(apply_motion_registered);
APPLIER(apply_motion_withdrawn);
APPLIER(apply_motion_placed);
APPLIER(apply_motion_answered);
APPLIER(apply_motion_judged);
APPLIER(apply_document_added);
APPLIER(apply_sitting_changed);
APPLIER(apply_convener_named);
APPLIER(apply_opinion_drafted);
APPLIER(apply_opinion_edited);
APPLIER(apply_opinion_adopted);
APPLIER(apply_opinion_placed);
APPLIER(apply_opinion_linked);

/* Common checks.  A date YYYY-MM-DD. */
bool date_ok(const char *d);
enum core_err need_meeting_open(const struct core_state *s, struct core_error *err);
enum core_err need_item(const struct core_state *s, int32_t id, struct item **it,
                        struct core_error *err);
enum core_err need_open_item(const struct core_state *s, int32_t id, struct item **it,
                             struct core_error *err);
enum core_err need_self(const struct actor *a, int32_t person, struct core_error *err);
enum core_err need_member(const struct core_state *s, int32_t id, struct person **p,
                          struct core_error *err);
/* The note of a group's or the joint sitting's deliberation of an item (core/sittings.c). */
enum core_err sitting_note_set(struct item *it, int32_t sitting, const char *text);
/* A meeting scheduled, open or suspended (not none, not closed). */
enum core_err need_meeting_not_closed(const struct core_state *s, struct core_error *err);
/* The meeting sits in plenary (votes, the oath and the close are the plenary's). */
enum core_err need_plenary(const struct core_state *s, struct core_error *err);

/* Where the rules require the law exam, every appointment about to be put to the vote (the
 * one case subject, or all still waiting) has passed it (else ERR_NO_EXAM_PASS naming the
 * first who has not); ERR_OK otherwise. */
enum core_err exam_all_passed(const struct core_state *s, const struct item *it, int32_t subject,
                              struct core_error *err);

/* Ballot marks, used by apply and the snapshot. */
uint8_t *ballot_mark(const struct ballot *b, int person_index, int subject_index);
int ballot_resize_marks(struct ballot *b, int people);
void ballot_reset(struct ballot *b);
void item_free(struct item *it);

/* Choice ballots (core/choice.c): the checks and effects the ballot functions hand over for a
 * choice item. */
enum core_err choice_open_check(const struct item *it, struct core_error *err);
enum core_err choice_cast(const struct core_state *s, const struct item *it, const struct params *p,
                          struct event_batch *out, struct core_error *err);
enum core_err choice_cast_fits(const struct item *it, const struct params *p);
void choice_ballot_setup(struct ballot *b, const struct core_rules *r);
void choice_results(struct item *it);

/* Deliberation opinions (core/opinion.c), as the ballot and the agenda close: a vote on drafts
 * that passed adopts them; an item hearing reports closes them, or sends them back for a second
 * report when its evaluation is unsatisfactory. */
void opinions_vote_closed(struct core_state *s, const struct item *it, int64_t time);
void opinions_item_closed(struct core_state *s, const struct item *it);

#endif
