/* The table of every command: who may send it, when it is valid, what it carries; and the
 * two entry points, core_validate and core_apply. */
#include <string.h>

#include "core/internal.h"

#define HUB      ROLE_BIT(ROLE_HUB)
#define CHAIR    ROLE_BIT(ROLE_CHAIR)
#define SEC      ROLE_BIT(ROLE_SECRETARY)
#define MEMBER   ROLE_BIT(ROLE_MEMBER)
#define ATTENDEE ROLE_BIT(ROLE_ATTENDEE)
#define EXAMINEE ROLE_BIT(ROLE_EXAMINEE)

#define PERSON_FIELDS (F_ID | F_KIND | F_NAME | F_TITLE | F_GROUP | F_NUMBER | F_FLAG)
#define ITEM_FIELDS   (F_TITLE | F_DETAIL | F_NAME | F_NUMBER | F_TEXT | F_FLAG | F_CHOOSE)

/* clang-format off */
const struct command_spec command_specs[CMD_COUNT] = {
[CMD_MEMBER_ADD] = {"member_add", SEC, PERSON_FIELDS, KN_PERSON, validate_member_add, EV_MEMBER_ADDED,
    "before the meeting opens; id and seat unique"},
[CMD_MEMBER_UPDATE] = {"member_update", SEC, PERSON_FIELDS, KN_PERSON, validate_member_update, EV_MEMBER_UPDATED,
    "any time; the kind cannot change once a meeting is under way"},
[CMD_MEMBER_REMOVE] = {"member_remove", SEC, F_ID, KN_NONE, validate_member_remove, EV_MEMBER_REMOVED,
    "no meeting, or a meeting not yet opened"},
[CMD_MEETING_CREATE] = {"meeting_create", SEC, F_NUMBER | F_DATE | F_TITLE, KN_NONE,
    validate_meeting_create, EV_MEETING_CREATED, "no meeting yet, or the last one closed"},
[CMD_MEETING_OPEN] = {"meeting_open", CHAIR, 0, KN_NONE, validate_meeting_open, EV_MEETING_OPENED,
    "scheduled, with a quorum signed in"},
[CMD_MEETING_SUSPEND] = {"meeting_suspend", CHAIR, 0, KN_NONE, validate_meeting_suspend, EV_MEETING_SUSPENDED,
    "open, nobody on the floor, no ballot open"},
[CMD_MEETING_RESUME] = {"meeting_resume", CHAIR, 0, KN_NONE, validate_meeting_resume, EV_MEETING_RESUMED,
    "suspended"},
[CMD_MEETING_CLOSE] = {"meeting_close", CHAIR, 0, KN_NONE, validate_meeting_close, EV_MEETING_CLOSED,
    "open or suspended, no agenda item open"},
[CMD_SIGN_IN] = {"sign_in", MEMBER | ATTENDEE | SEC, F_PERSON, KN_NONE, validate_sign_in, EV_SIGNED_IN,
    "a meeting scheduled, open or suspended; a seat only for its own person"},
[CMD_ATTENDANCE_SET] = {"attendance_set", SEC, F_PERSON | F_KIND | F_TEXT, KN_ATTENDANCE,
    validate_attendance_set, EV_ATTENDANCE_CHANGED, "a meeting scheduled, open or suspended; leave needs a reason"},
[CMD_LINK_SET] = {"link_set", HUB, F_PERSON | F_FLAG, KN_NONE, validate_link_set, EV_LINK_CHANGED,
    "any time: a seat's console connected or lost"},
[CMD_RULES_SET] = {"rules_set", HUB, F_RULES, KN_NONE, validate_rules_set, EV_RULES_CHANGED,
    "no meeting open or suspended"},
[CMD_ITEM_ADD] = {"item_add", SEC, F_KIND | ITEM_FIELDS, KN_ITEM, validate_item_add, EV_ITEM_ADDED,
    "a meeting not closed"},
[CMD_ITEM_UPDATE] = {"item_update", SEC, F_ID | ITEM_FIELDS, KN_NONE, validate_item_update, EV_ITEM_UPDATED,
    "the item pending or open; secrecy only while its ballot is not open"},
[CMD_ITEM_REMOVE] = {"item_remove", SEC, F_ID, KN_NONE, validate_item_remove, EV_ITEM_REMOVED,
    "the item pending"},
[CMD_ITEM_MOVE] = {"item_move", SEC, F_ID | F_POSITION, KN_NONE, validate_item_move, EV_ITEM_MOVED,
    "the meeting not closed"},
[CMD_ITEM_OPEN] = {"item_open", CHAIR, F_ID, KN_NONE, validate_item_open, EV_ITEM_OPENED,
    "meeting open, the item pending or deferred, no other item open"},
[CMD_ITEM_CLOSE] = {"item_close", CHAIR, F_ID, KN_NONE, validate_item_close, EV_ITEM_CLOSED,
    "the item open, nobody on the floor, no question running, no ballot open"},
[CMD_ITEM_DEFER] = {"item_defer", CHAIR, F_ID, KN_NONE, validate_item_defer, EV_ITEM_DEFERRED,
    "the item pending, or open with nothing running"},
[CMD_NOTE_SET] = {"note_set", SEC, F_ITEM | F_TEXT | F_SITTING, KN_NONE, validate_note_set,
    EV_NOTE_CHANGED, "any item of the meeting; sitting: the note of a group's or the joint "
    "sitting's deliberation (0 the plenary's)"},
[CMD_RESPONDENT_ADD] = {"respondent_add", SEC, F_ITEM | F_NAME | F_TITLE | F_DETAIL, KN_NONE,
    validate_respondent_add, EV_RESPONDENT_ADDED, "an inquiry item pending or open"},
[CMD_RESPONDENT_REMOVE] = {"respondent_remove", SEC, F_ITEM | F_ID, KN_NONE,
    validate_respondent_remove, EV_RESPONDENT_REMOVED, "no question names or was answered by the respondent"},
[CMD_SUBJECT_ADD] = {"subject_add", SEC, F_ITEM | F_TITLE | F_DETAIL, KN_NONE,
    validate_subject_add, EV_SUBJECT_ADDED, "an evaluation, vote or appointment item whose ballot is not open"},
[CMD_SUBJECT_REMOVE] = {"subject_remove", SEC, F_ITEM | F_ID, KN_NONE, validate_subject_remove, EV_SUBJECT_REMOVED,
    "the ballot not yet opened"},
[CMD_FLOOR_REQUEST] = {"floor_request", MEMBER, F_ITEM | F_PERSON | F_SITTING, KN_NONE,
    validate_floor_request, EV_SPEAKER_ADDED, "the item open, the member signed in and not on the "
    "list of the sitting they sit in (while the groups sit, their own group's: sitting, when "
    "given, must name it)"},
[CMD_FLOOR_WITHDRAW] = {"floor_withdraw", MEMBER | ATTENDEE, F_ITEM | F_PERSON, KN_NONE,
    validate_floor_withdraw, EV_SPEAKER_REMOVED, "the member waiting on the item's list"},
/* while the groups sit, a member may run the speaker list of the group they convene */
[CMD_SPEAKER_ADD] = {"speaker_add", SEC | CHAIR | MEMBER,
    F_ITEM | F_PERSON | F_NAME | F_FLAG | F_KIND | F_SITTING, KN_SPEECH, validate_speaker_add,
    EV_SPEAKER_ADDED, "the item pending or open; person 0 names a non-member; while the groups "
    "sit, a person goes on their group's list, a non-member on the list sitting names"},
[CMD_SPEAKER_REMOVE] = {"speaker_remove", SEC | CHAIR | MEMBER, F_ITEM | F_ID, KN_NONE,
    validate_speaker_remove, EV_SPEAKER_REMOVED, "the speaker waiting"},
[CMD_SPEAKER_MOVE] = {"speaker_move", SEC | CHAIR | MEMBER, F_ITEM | F_ID | F_POSITION, KN_NONE,
    validate_speaker_move, EV_SPEAKER_MOVED, "the speaker waiting; position among those waiting"},
[CMD_FLOOR_GRANT] = {"floor_grant", CHAIR | SEC | MEMBER, F_ITEM | F_ID | F_SITTING, KN_NONE,
    validate_floor_grant, EV_FLOOR_GRANTED, "meeting open, item open, the sitting's floor free, no "
    "question running; id 0 = next in the sitting"},
[CMD_SPEECH_END] = {"speech_end", CHAIR | SEC | MEMBER, F_ITEM | F_SITTING, KN_NONE,
    validate_speech_end, EV_SPEECH_ENDED, "someone on the sitting's floor"},
[CMD_TIME_EXTEND] = {"time_extend", CHAIR | SEC | MEMBER, F_ITEM | F_SECONDS | F_SITTING, KN_NONE,
    validate_time_extend, EV_TIME_EXTENDED, "a speech in the sitting or a question turn running"},
[CMD_QUESTION_REGISTER] = {"question_register", MEMBER | SEC,
    F_ITEM | F_PERSON | F_RESPONDENT | F_TEXT, KN_NONE, validate_question_register, EV_QUESTION_REGISTERED,
    "an inquiry item pending (secretary) or open; a member signed in"},
[CMD_QUESTION_WITHDRAW] = {"question_withdraw", MEMBER | SEC, F_ITEM | F_ID, KN_NONE,
    validate_question_withdraw, EV_QUESTION_WITHDRAWN, "the question waiting; a member only their own"},
[CMD_QUESTION_CALL] = {"question_call", CHAIR, F_ITEM | F_ID, KN_NONE, validate_question_call, EV_QUESTION_CALLED,
    "meeting and item open, nothing running; id 0 = next"},
[CMD_ANSWER_START] = {"answer_start", CHAIR | SEC, F_ITEM | F_RESPONDENT, KN_NONE,
    validate_answer_start, EV_ANSWER_STARTED, "a question being asked; respondent 0 = the one it names"},
[CMD_FOLLOWUP_START] = {"followup_start", CHAIR | SEC, F_ITEM, KN_NONE, validate_followup_start, EV_FOLLOWUP_STARTED,
    "a question answered, a follow-up left"},
[CMD_FOLLOWUP_ANSWER_START] = {"followup_answer_start", CHAIR | SEC, F_ITEM, KN_NONE,
    validate_followup_answer_start, EV_FOLLOWUP_ANSWER_STARTED, "a follow-up being asked"},
[CMD_QUESTION_END] = {"question_end", CHAIR | SEC, F_ITEM, KN_NONE, validate_question_end, EV_QUESTION_ENDED,
    "a question running"},
[CMD_BALLOT_OPEN] = {"ballot_open", CHAIR, F_ITEM | F_SUBJECT, KN_NONE, validate_ballot_open, EV_BALLOT_OPENED,
    "meeting and item open, the item a ballot with subjects, not yet opened; an appointment's "
    "again while cases wait: subject names the one case put to the vote, 0 all waiting"},
[CMD_BALLOT_CAST] = {"ballot_cast", MEMBER, F_ITEM | F_PERSON | F_CHOICES, KN_NONE,
    validate_ballot_cast, EV_BALLOT_CAST_RECORDED, "ballot open, member signed in, each subject once"},
[CMD_BALLOT_CLOSE] = {"ballot_close", CHAIR, F_ITEM, KN_NONE, validate_ballot_close, EV_BALLOT_CLOSED,
    "ballot open"},
[CMD_BALLOT_COUNT] = {"ballot_count", SEC, F_ITEM | F_KIND | F_TEXT | F_RESULTS, KN_METHOD,
    validate_ballot_count, EV_BALLOT_COUNTED,
    "ballot open; every subject counted once, not more than the members present; a paper ballot "
    "names its scrutineers"},
/* a member present by video, or voting by a show of hands, entered by the secretary: the
 * journal row's actor says so */
[CMD_HAND_CAST] = {"hand_cast", SEC, F_ITEM | F_PERSON | F_CHOICES, KN_NONE,
    validate_ballot_cast, EV_BALLOT_CAST_RECORDED,
    "as ballot_cast, for a member present in the room or by video"},
[CMD_NOMINEE_ADD] = {"nominee_add", SEC, F_ITEM | F_KIND | F_NAME | F_TITLE | F_DETAIL, KN_CASE,
    validate_nominee_add, EV_NOMINEE_ADDED,
    "an appointment item not closed, its ballot not opened; name, post (title), organ (detail)"},
[CMD_STATEMENT_RECORD] = {"statement_record", SEC, F_ITEM | F_ID | F_TEXT, KN_NONE,
    validate_statement_record, EV_STATEMENT_RECORDED,
    "a nominee absent: their written statement, the item not closed"},
[CMD_CERTIFICATES_GIVE] = {"certificates_give", SEC | CHAIR, F_ITEM, KN_NONE, validate_certificates_give,
    EV_CERTIFICATES_GIVEN, "the appointment item open, its ballot closed, an appointment passed"},
[CMD_OATH_START] = {"oath_start", CHAIR, F_ITEM | F_ID | F_KIND | F_CHOICES, KN_OATH,
    validate_oath_start, EV_OATH_STARTED,
    "certificates handed over, nobody on the floor; the swearers (choices) passed and not yet sworn, "
    "id the leader among them (or the one swearing alone)"},
[CMD_OATH_END] = {"oath_end", CHAIR, F_ITEM, KN_NONE, validate_oath_end, EV_OATH_ENDED,
    "the oath running"},
[CMD_BALLOT_RUNOFF] = {"ballot_runoff", CHAIR, F_ITEM, KN_NONE, validate_ballot_runoff, EV_RUNOFF_ADDED,
    "a choice ballot closed with a tie for the last seats, no run-off added yet, the meeting not "
    "closed"},
/* the hub draws the paper into the command before it is validated (never encoded) */
[CMD_EXAM_START] = {"exam_start", SEC | EXAMINEE, F_ITEM | F_ID, KN_NONE, validate_exam_start,
    EV_EXAM_STARTED, "a nominee of an appointment item not yet voted on, no paper running, no "
    "pass yet, a retake left; an examinee only for its own nominee"},
[CMD_EXAM_ANSWER] = {"exam_answer", EXAMINEE, F_ITEM | F_ID | F_POSITION | F_NUMBER, KN_NONE,
    validate_exam_answer, EV_EXAM_ANSWERED,
    "the nominee's paper running and its deadline not passed by the hub's clock; number is the "
    "answer's options as bits (1 = A, 2 = B, 4 = C, 8 = D), 0 for none"},
[CMD_EXAM_HAND_IN] = {"exam_hand_in", SEC | EXAMINEE | HUB, F_ITEM | F_ID, KN_NONE,
    validate_exam_hand_in, EV_EXAM_FINISHED,
    "the nominee's paper running; the hub hands it in by itself at the deadline"},
[CMD_FLOOR_ASK] = {"floor_ask", ATTENDEE, F_ITEM | F_PERSON, KN_NONE, validate_floor_ask,
    EV_FLOOR_ASKED, "the item open, the attendee (列席) signed in and not on the list: awaits approval"},
[CMD_FLOOR_APPROVE] = {"floor_approve", SEC | CHAIR | MEMBER, F_ITEM | F_ID, KN_NONE, validate_floor_approve,
    EV_FLOOR_APPROVED, "an attendee's request for the floor awaiting approval"},
[CMD_SUMMARY_SET] = {"summary_set", SEC, F_ITEM | F_ID | F_TEXT, KN_NONE, validate_summary_set,
    EV_SUMMARY_CHANGED, "a speech made or being made: the secretary's summary for the record"},
[CMD_MOTION_DRAFT] = {"motion_draft", MEMBER, F_PERSON | F_DETAIL | F_TITLE | F_TEXT, KN_NONE,
    validate_motion_draft, EV_MOTION_DRAFTED,
    "a meeting not closed; a member at their own seat: the organ (detail), the subject (title), "
    "the text; registered at once when the rules ask for one signature"},
[CMD_MOTION_SIGN] = {"motion_sign", MEMBER, F_ID | F_PERSON, KN_NONE, validate_motion_sign,
    EV_MOTION_SIGNED, "the motion awaiting signatures, the member not yet a signer; the signature "
    "that reaches [rules] motion_signatures registers it"},
[CMD_MOTION_WITHDRAW] = {"motion_withdraw", MEMBER, F_ID | F_PERSON, KN_NONE,
    validate_motion_withdraw, EV_MOTION_WITHDRAWN, "the proposer, before registration"},
/* the item first (item_added), then the motion's link to it (motion_placed) */
[CMD_MOTION_PLACE] = {"motion_place", SEC, F_ID, KN_NONE, validate_motion_place, EV_ITEM_ADDED,
    "a registered motion not yet on the agenda, a meeting not closed: appended as an item"},
[CMD_MOTION_ANSWER] = {"motion_answer", SEC, F_ID | F_DATE | F_TEXT | F_FLAG, KN_NONE,
    validate_motion_answer, EV_MOTION_ANSWERED,
    "a registered motion not answered, or flagged for a second answer; flag: answered at the "
    "meeting (else in writing)"},
[CMD_MOTION_JUDGE] = {"motion_judge", MEMBER, F_ID | F_PERSON | F_FLAG, KN_NONE,
    validate_motion_judge, EV_MOTION_JUDGED,
    "the motion answered, the member one of its signers who has not yet said; flag: satisfied"},
[CMD_DOCUMENT_ADD] = {"document_add", SEC, F_ITEM | F_TITLE | F_SIZE | F_DETAIL, KN_NONE,
    validate_document_add, EV_DOCUMENT_ADDED,
    "the item not closed; its text stored by the hub (detail = its SHA-256 in hex)"},
[CMD_SITTING_SET] = {"sitting_set", CHAIR, F_KIND, KN_SITTING, validate_sitting_set,
    EV_SITTING_CHANGED, "meeting open; groups or joint: an item open with no ballot open and "
    "nobody on the plenary floor; back to plenary ends the speeches still running"},
[CMD_CONVENER_SET] = {"convener_set", SEC | CHAIR, F_GROUP | F_PERSON, KN_NONE,
    validate_convener_set, EV_CONVENER_NAMED,
    "a meeting not closed; the person a member of the group (the roster's group column)"},
[CMD_OPINION_DRAFT] = {"opinion_draft", SEC, F_ITEM | F_DETAIL | F_TEXT, KN_NONE,
    validate_opinion_draft, EV_OPINION_DRAFTED,
    "a meeting not closed; the item a deliberation or an inquiry, open or closed; detail the organ "
    "that must answer (empty: the item's department), text at most 1535 bytes"},
[CMD_OPINION_EDIT] = {"opinion_edit", SEC, F_ID | F_DETAIL | F_TEXT, KN_NONE,
    validate_opinion_edit, EV_OPINION_EDITED, "the opinion a draft, not being voted on"},
[CMD_OPINION_ADOPT] = {"opinion_adopt", CHAIR, F_ID, KN_NONE, validate_opinion_adopt,
    EV_OPINION_ADOPTED, "[rules] opinion_adoption = chair, a meeting not closed, the opinion a "
    "draft: due the meeting's date plus [rules] opinion_months"},
/* the vote item first (item_added, subject_added), then the drafts' link to it */
[CMD_OPINION_PLACE] = {"opinion_place", SEC, F_ITEM | F_TITLE, KN_NONE, validate_opinion_place,
    EV_ITEM_ADDED, "[rules] opinion_adoption = vote, a meeting not closed, drafts on the item not "
    "yet put to a vote: a vote item titled title, whose passing adopts them"},
[CMD_OPINION_LINK] = {"opinion_link", SEC, F_ID | F_ITEM, KN_NONE, validate_opinion_link,
    EV_OPINION_LINKED, "the opinion's report awaited, of an earlier meeting; the item a "
    "deliberation or an evaluation not closed: its closing closes the opinion, or asks for a "
    "second report when its evaluation is the worst verdict"},
};

#define MEETING_FIELDS (F_NUMBER | F_DATE | F_TITLE)
#define SPEAKER_EVENT (F_ITEM | F_ID | F_PERSON | F_NAME | F_FLAG | F_KIND | F_NUMBER)
#define TURN_EVENT (F_ITEM | F_ID | F_RESPONDENT | F_SECONDS)
const struct event_spec event_specs[EV_COUNT] = {
[EV_MEMBER_ADDED] = {"member_added", PERSON_FIELDS, KN_PERSON, apply_member_added},
[EV_MEMBER_UPDATED] = {"member_updated", PERSON_FIELDS, KN_PERSON, apply_member_updated},
[EV_MEMBER_REMOVED] = {"member_removed", F_ID, KN_NONE, apply_member_removed},
[EV_MEETING_CREATED] = {"meeting_created", MEETING_FIELDS, KN_NONE, apply_meeting_created},
[EV_MEETING_OPENED] = {"meeting_opened", F_MEMBERS | F_SIGNED_IN, KN_NONE, apply_meeting_opened},
[EV_MEETING_SUSPENDED] = {"meeting_suspended", 0, KN_NONE, apply_meeting_suspended},
[EV_MEETING_RESUMED] = {"meeting_resumed", 0, KN_NONE, apply_meeting_resumed},
[EV_MEETING_CLOSED] = {"meeting_closed", F_MEMBERS | F_SIGNED_IN, KN_NONE, apply_meeting_closed},
[EV_SIGNED_IN] = {"signed_in", F_PERSON, KN_NONE, apply_signed_in},
[EV_ATTENDANCE_CHANGED] = {"attendance_changed", F_PERSON | F_KIND | F_TEXT, KN_ATTENDANCE,
    apply_attendance_changed},
[EV_LINK_CHANGED] = {"link_changed", F_PERSON | F_FLAG, KN_NONE, apply_link_changed},
[EV_RULES_CHANGED] = {"rules_changed", F_RULES, KN_NONE, apply_rules_changed},
[EV_ITEM_ADDED] = {"item_added", F_ID | F_KIND | ITEM_FIELDS, KN_ITEM, apply_item_added},
[EV_ITEM_UPDATED] = {"item_updated", F_ID | ITEM_FIELDS, KN_NONE, apply_item_updated},
[EV_ITEM_REMOVED] = {"item_removed", F_ID, KN_NONE, apply_item_removed},
[EV_ITEM_MOVED] = {"item_moved", F_ID | F_POSITION, KN_NONE, apply_item_moved},
[EV_ITEM_OPENED] = {"item_opened", F_ID, KN_NONE, apply_item_opened},
[EV_ITEM_CLOSED] = {"item_closed", F_ID, KN_NONE, apply_item_closed},
[EV_ITEM_DEFERRED] = {"item_deferred", F_ID, KN_NONE, apply_item_deferred},
[EV_NOTE_CHANGED] = {"note_changed", F_ITEM | F_TEXT | F_SITTING, KN_NONE, apply_note_changed},
[EV_RESPONDENT_ADDED] = {"respondent_added", F_ITEM | F_ID | F_NAME | F_TITLE | F_DETAIL,
    KN_NONE, apply_respondent_added},
[EV_RESPONDENT_REMOVED] = {"respondent_removed", F_ITEM | F_ID, KN_NONE,
    apply_respondent_removed},
[EV_SUBJECT_ADDED] = {"subject_added", F_ITEM | F_ID | F_TITLE | F_DETAIL, KN_NONE,
    apply_subject_added},
[EV_SUBJECT_REMOVED] = {"subject_removed", F_ITEM | F_ID, KN_NONE, apply_subject_removed},
[EV_SPEAKER_ADDED] = {"speaker_added", SPEAKER_EVENT, KN_SPEECH, apply_speaker_added},
[EV_SPEAKER_REMOVED] = {"speaker_removed", F_ITEM | F_ID, KN_NONE, apply_speaker_removed},
[EV_SPEAKER_MOVED] = {"speaker_moved", F_ITEM | F_ID | F_POSITION, KN_NONE, apply_speaker_moved},
[EV_FLOOR_GRANTED] = {"floor_granted", F_ITEM | F_ID | F_SECONDS, KN_NONE, apply_floor_granted},
[EV_SPEECH_ENDED] = {"speech_ended", F_ITEM | F_ID, KN_NONE, apply_speech_ended},
[EV_TIME_EXTENDED] = {"time_extended", F_ITEM | F_SECONDS | F_SITTING, KN_NONE,
    apply_time_extended},
[EV_QUESTION_REGISTERED] = {"question_registered",
    F_ITEM | F_ID | F_PERSON | F_RESPONDENT | F_TEXT | F_FLAG, KN_NONE,
    apply_question_registered},
[EV_QUESTION_WITHDRAWN] = {"question_withdrawn", F_ITEM | F_ID, KN_NONE,
    apply_question_withdrawn},
[EV_QUESTION_CALLED] = {"question_called", F_ITEM | F_ID | F_SECONDS, KN_NONE,
    apply_question_called},
[EV_ANSWER_STARTED] = {"answer_started", TURN_EVENT, KN_NONE, apply_answer_started},
[EV_FOLLOWUP_STARTED] = {"followup_started", F_ITEM | F_ID | F_SECONDS, KN_NONE,
    apply_followup_started},
[EV_FOLLOWUP_ANSWER_STARTED] = {"followup_answer_started", TURN_EVENT, KN_NONE,
    apply_followup_answer_started},
[EV_QUESTION_ENDED] = {"question_ended", F_ITEM | F_ID, KN_NONE, apply_question_ended},
[EV_BALLOT_OPENED] = {"ballot_opened", F_ITEM | F_SUBJECT, KN_NONE, apply_ballot_opened},
[EV_BALLOT_CAST_RECORDED] = {"ballot_cast", F_ITEM | F_PERSON | F_CHOICES | F_FLAG, KN_NONE,
    apply_ballot_cast_recorded},
[EV_BALLOT_CLOSED] = {"ballot_closed", F_ITEM | F_MEMBERS | F_SIGNED_IN | F_RESULTS, KN_NONE,
    apply_ballot_closed},
[EV_NOMINEE_ADDED] = {"nominee_added", F_ITEM | F_ID | F_KIND | F_NAME | F_TITLE | F_DETAIL, KN_CASE,
    apply_nominee_added},
[EV_STATEMENT_RECORDED] = {"statement_recorded", F_ITEM | F_ID | F_TEXT, KN_NONE,
    apply_statement_recorded},
[EV_CERTIFICATES_GIVEN] = {"certificates_given", F_ITEM, KN_NONE, apply_certificates_given},
[EV_OATH_STARTED] = {"oath_started", F_ITEM | F_ID | F_KIND | F_CHOICES, KN_OATH, apply_oath_started},
[EV_OATH_ENDED] = {"oath_ended", F_ITEM, KN_NONE, apply_oath_ended},
[EV_BALLOT_COUNTED] = {"ballot_counted", F_ITEM | F_KIND | F_TEXT | F_RESULTS, KN_METHOD,
    apply_ballot_counted},
[EV_RUNOFF_ADDED] = {"runoff_added", F_ITEM | F_ID | F_TITLE | F_CHOOSE | F_FLAG, KN_NONE,
    apply_runoff_added},
[EV_EXAM_STARTED] = {"exam_started", F_ITEM | F_ID | F_NUMBER | F_POSITION | F_SECONDS, KN_NONE,
    apply_exam_started},
[EV_EXAM_ANSWERED] = {"exam_answered", F_ITEM | F_ID | F_POSITION | F_NUMBER, KN_NONE,
    apply_exam_answered},
[EV_EXAM_FINISHED] = {"exam_finished", F_ITEM | F_ID | F_NUMBER | F_FLAG | F_POSITION, KN_NONE,
    apply_exam_finished},
[EV_FLOOR_ASKED] = {"floor_asked", SPEAKER_EVENT, KN_SPEECH, apply_floor_asked},
[EV_FLOOR_APPROVED] = {"floor_approved", F_ITEM | F_ID, KN_NONE, apply_floor_approved},
[EV_SUMMARY_CHANGED] = {"summary_changed", F_ITEM | F_ID | F_TEXT, KN_NONE, apply_summary_changed},
[EV_MOTION_DRAFTED] = {"motion_drafted", F_ID | F_PERSON | F_DETAIL | F_TITLE | F_TEXT, KN_NONE,
    apply_motion_drafted},
[EV_MOTION_SIGNED] = {"motion_signed", F_ID | F_PERSON, KN_NONE, apply_motion_signed},
[EV_MOTION_REGISTERED] = {"motion_registered", F_ID, KN_NONE, apply_motion_registered},
[EV_MOTION_WITHDRAWN] = {"motion_withdrawn", F_ID, KN_NONE, apply_motion_withdrawn},
[EV_MOTION_PLACED] = {"motion_placed", F_ID | F_ITEM, KN_NONE, apply_motion_placed},
[EV_MOTION_ANSWERED] = {"motion_answered", F_ID | F_DATE | F_TEXT | F_FLAG, KN_NONE,
    apply_motion_answered},
[EV_MOTION_JUDGED] = {"motion_judged", F_ID | F_PERSON | F_FLAG, KN_NONE, apply_motion_judged},
[EV_DOCUMENT_ADDED] = {"document_added", F_ITEM | F_ID | F_TITLE | F_SIZE | F_DETAIL, KN_NONE,
    apply_document_added},
[EV_SITTING_CHANGED] = {"sitting_changed", F_KIND, KN_SITTING, apply_sitting_changed},
[EV_CONVENER_NAMED] = {"convener_named", F_GROUP | F_PERSON, KN_NONE, apply_convener_named},
[EV_OPINION_DRAFTED] = {"opinion_drafted", F_ID | F_ITEM | F_NUMBER | F_TITLE | F_DETAIL | F_TEXT,
    KN_NONE, apply_opinion_drafted},
[EV_OPINION_EDITED] = {"opinion_edited", F_ID | F_DETAIL | F_TEXT, KN_NONE, apply_opinion_edited},
[EV_OPINION_ADOPTED] = {"opinion_adopted", F_ID | F_NUMBER | F_DATE, KN_NONE, apply_opinion_adopted},
[EV_OPINION_PLACED] = {"opinion_placed", F_ID | F_ITEM, KN_NONE, apply_opinion_placed},
[EV_OPINION_LINKED] = {"opinion_linked", F_ID | F_ITEM, KN_NONE, apply_opinion_linked},
};
/* clang-format on */

enum core_err core_validate(const struct core_state *s, const struct actor *a,
                            const struct command *cmd, int64_t now, struct event_batch *out,
                            struct core_error *err)
{
    out->count = 0;
    refuse(err, ERR_OK, NULL);
    if ((int)cmd->type < 0 || cmd->type >= CMD_COUNT)
        return refuse(err, ERR_BAD_MESSAGE, "command type %d", (int)cmd->type);
    const struct command_spec *spec = &command_specs[cmd->type];
    if ((int)a->role < 0 || a->role >= ROLE_COUNT || !(spec->roles & ROLE_BIT(a->role)))
        return refuse(err, ERR_NOT_ALLOWED, "%s by %s", spec->name,
                      role_name(a->role) ? role_name(a->role) : "?");
    struct params p = cmd->p; /* with the hub's time, for the validators that need it */
    p.now = now;
    enum core_err rc = params_check(spec->fields, spec->kinds, &p, err);
    if (rc == ERR_OK) rc = spec->validate(s, a, &p, out, err);
    if (rc != ERR_OK) {
        out->count = 0;
        return rc;
    }
    for (int i = 0; i < out->count; i++) {
        out->events[i].time = now;
        out->events[i].actor = *a;
    }
    return ERR_OK;
}

enum core_err core_apply(struct core_state *s, const struct event *ev)
{
    if ((int)ev->type < 0 || ev->type >= EV_COUNT) return ERR_BAD_MESSAGE;
    enum core_err rc = event_specs[ev->type].apply(s, ev);
    if (rc == ERR_OK && ev->time > s->last_time) s->last_time = ev->time;
    return rc;
}

/* Checks shared by the validators. */

enum core_err need_meeting_open(const struct core_state *s, struct core_error *err)
{
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (s->meeting.state != MEETING_OPEN)
        return refuse(err, ERR_MEETING_STATE, "%s", meeting_state_name(s->meeting.state));
    return ERR_OK;
}

enum core_err need_item(const struct core_state *s, int32_t id, struct item **it,
                        struct core_error *err)
{
    *it = core_item(s, id);
    return *it ? ERR_OK : refuse(err, ERR_UNKNOWN_ITEM, "item %d", (int)id);
}

enum core_err need_open_item(const struct core_state *s, int32_t id, struct item **it,
                             struct core_error *err)
{
    enum core_err rc = need_item(s, id, it, err);
    if (rc != ERR_OK) return rc;
    if ((*it)->state != ITEM_OPEN) return refuse(err, ERR_ITEM_STATE, "item %d not open", (int)id);
    return ERR_OK;
}

enum core_err need_meeting_not_closed(const struct core_state *s, struct core_error *err)
{
    if (s->meeting.state == MEETING_NONE) return refuse(err, ERR_NO_MEETING, NULL);
    if (s->meeting.state == MEETING_CLOSED) return refuse(err, ERR_MEETING_STATE, "meeting closed");
    return ERR_OK;
}

enum core_err need_plenary(const struct core_state *s, struct core_error *err)
{
    if (s->meeting.sits == SITS_PLENARY) return ERR_OK;
    return refuse(err, ERR_SITTING_STATE, "the meeting sits as %s: back to plenary first",
                  sitting_mode_name(s->meeting.sits));
}

enum core_err need_self(const struct actor *a, int32_t person, struct core_error *err)
{
    if ((a->role == ROLE_MEMBER || a->role == ROLE_ATTENDEE) && a->person != person)
        return refuse(err, ERR_NOT_YOURS, "seat of %d acting for %d", (int)a->person, (int)person);
    return ERR_OK;
}

enum core_err need_member(const struct core_state *s, int32_t id, struct person **p,
                          struct core_error *err)
{
    *p = core_person(s, id);
    if (!*p) return refuse(err, ERR_UNKNOWN_PERSON, "person %d", (int)id);
    if ((*p)->kind != PERSON_MEMBER) return refuse(err, ERR_NOT_A_MEMBER, "person %d", (int)id);
    return ERR_OK;
}
