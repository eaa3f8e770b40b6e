/* The meeting as the core holds it: the roster, the meeting, its agenda, speaker lists,
 * inquiries and ballots.  Every console renders from this; only core_apply changes it. */
#ifndef CMTE_CORE_MODEL_H
#define CMTE_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/rules.h"

enum {
    NAME_MAX_BYTES = 64,   /* a person's name, a group's name */
    TITLE_MAX_BYTES = 128, /* a title, post, department, subject name */
    ITEM_TITLE_MAX = 256,  /* an agenda item's title */
    DATE_MAX_BYTES = 11,   /* YYYY-MM-DD */
    TEXT_MAX_BYTES = 512,  /* a question's text, a reason */
    NOTE_MAX_BYTES = 2048, /* the secretary's note on an item */
    ATTACH_MAX = 8,        /* attachment titles per item */
    SUBJECTS_MAX = 32,     /* subjects (departments, nominees) on one ballot */
    TURNS_MAX = 2 + 2 * 5, /* question, answer, and up to five follow-ups with answers */
    PEOPLE_MAX = 5000,
    ITEMS_MAX = 200,
    DOCS_MAX = 8,        /* documents (reports, drafts, résumés) per item */
    HASH_HEX_BYTES = 65, /* a SHA-256 in lowercase hex, with its NUL */
};

/* 组成人员 counted for quorum and majorities, or 列席 attendees who may speak only. */
enum person_kind { PERSON_MEMBER, PERSON_ATTENDEE, PERSON_KIND_COUNT };

enum attendance {
    ATT_ABSENT,  /* not (yet) signed in */
    ATT_PRESENT, /* 已签到 */
    ATT_LEAVE,   /* 请假, with a reason */
    ATT_COUNT
};

struct person {
    int32_t id;
    enum person_kind kind;
    char name[NAME_MAX_BYTES];
    char title[TITLE_MAX_BYTES];
    char group[NAME_MAX_BYTES];
    int32_t seat; /* 0 when none */
    bool has_pin; /* the PIN hash itself stays in the hub's database */
    enum attendance attendance;
    int64_t signed_in_at;
    char reason[TEXT_MAX_BYTES]; /* leave reason */
    bool connected;              /* the seat console's link: apart from attendance */
};

enum meeting_state {
    MEETING_NONE, /* no meeting created yet */
    MEETING_SCHEDULED,
    MEETING_OPEN,
    MEETING_SUSPENDED, /* 休会 */
    MEETING_CLOSED,
    MEETING_STATE_COUNT
};

enum item_kind {
    ITEM_DELIBERATION, /* 听取和审议报告 */
    ITEM_INQUIRY,      /* 专题询问 */
    ITEM_EVALUATION,   /* 满意度测评 */
    ITEM_VOTE,         /* 表决 */
    ITEM_APPOINTMENT,  /* 人事任免: statements, then a vote per nominee */
    ITEM_OTHER,
    ITEM_CHOICE, /* 差额票决: choose up to k of n candidates (the subjects) */
    ITEM_KIND_COUNT
};

enum item_state { ITEM_PENDING, ITEM_OPEN, ITEM_CLOSED, ITEM_DEFERRED, ITEM_STATE_COUNT };

/* Sittings are a dimension of speaker lists from the start; 0 is the plenary (全体会议), 1..n
 * the groups (分组会议) in the meeting's table of groups, SITTING_JOINT the joint sitting of all
 * groups (联组会议).  The ids are written in journals: they never change. */
enum { SITTING_PLENARY = 0, SITTING_JOINT = 99, GROUPS_MAX = 16 };

/* What the meeting sits as now: the plenary, the groups in parallel, or the groups jointly. */
enum sitting_mode { SITS_PLENARY, SITS_GROUPS, SITS_JOINT, SITS_MODE_COUNT };

/* A group of the meeting: its name from the roster's group column, and its convener (召集人)
 * when the secretary named one (0: the members take turns, meeting by meeting). */
struct group {
    char name[NAME_MAX_BYTES];
    int32_t convener;
};

/* SPK_ASKING: an attendee (列席) has asked for the floor; the secretary or the chair approves
 * (then waiting) or takes the request off. */
enum speaker_state { SPK_WAITING, SPK_SPEAKING, SPK_DONE, SPK_ASKING, SPK_STATE_COUNT };

struct speaker {
    int32_t id;
    int32_t sitting;
    int32_t person; /* a person's id, or 0 for a non-member speaker (a reporter) */
    char name[NAME_MAX_BYTES];
    bool scheduled; /* 重点审议发言: placed before requests */
    enum speech_kind kind;
    enum speaker_state state;
    int64_t started_at, ended_at;
    int32_t limit_s, extension_s;
    char summary[TEXT_MAX_BYTES]; /* the secretary's summary of the speech, for the record */
};

/* A document of an item as the state knows it: its text stays in the hub's database (table
 * document) and reaches the consoles apart from the events. */
struct document {
    int32_t id;
    char title[TITLE_MAX_BYTES];
    int32_t size;                /* bytes */
    char sha256[HASH_HEX_BYTES]; /* of the text, lowercase hex */
};

/* The secretary's note of a group's or the joint sitting's deliberation of an item (the
 * plenary's is the item's own note). */
struct sitting_note {
    int32_t sitting;
    char text[NOTE_MAX_BYTES];
};

struct respondent { /* 应询人 */
    int32_t id;
    char name[NAME_MAX_BYTES];
    char post[TITLE_MAX_BYTES];
    char department[TITLE_MAX_BYTES];
};

enum question_state {
    Q_WAITING,
    Q_ASKING,    /* 提问 */
    Q_ANSWERING, /* 回答 */
    Q_FOLLOWUP,  /* 追问 */
    Q_FOLLOWUP_ANSWER,
    Q_DONE,
    Q_STATE_COUNT
};

struct turn { /* one timed part of a question: who spoke, from when to when */
    enum question_state phase;
    int32_t who; /* a person's id when asking, a respondent's id when answering */
    int64_t started_at, ended_at;
    int32_t limit_s, extension_s;
};

struct question {
    int32_t id;
    int32_t member;
    int32_t respondent; /* the respondent asked, 0 when any */
    char text[TEXT_MAX_BYTES];
    bool preregistered;
    enum question_state state;
    int32_t followups; /* follow-ups used */
    int turn_count;
    struct turn turns[TURNS_MAX];
};

enum ballot_state { BALLOT_NONE, BALLOT_OPEN, BALLOT_CLOSED, BALLOT_STATE_COUNT };

/* How a ballot was counted: at the seats (表决器), or by hand when the keypads fail or the chair
 * calls for it (举手, a paper ballot 纸质投票 with scrutineers 监票人, another way). */
enum count_method { COUNT_KEYPAD, COUNT_HANDS, COUNT_PAPER, COUNT_OTHER, COUNT_METHOD_COUNT };

/* The kind of an appointment case (任免案). */
enum case_kind {
    CASE_APPOINT, /* 任命 */
    CASE_DISMISS, /* 免职 */
    CASE_REMOVE,  /* 撤职: the person's defence (申辩), then a secret ballot */
    CASE_ACTING,  /* 代理 */
    CASE_KIND_COUNT
};

/* How appointees swore the constitutional oath (宪法宣誓): alone, or led by one of them. */
enum oath_form { OATH_NONE, OATH_INDIVIDUAL, OATH_COLLECTIVE, OATH_FORM_COUNT };

struct nominee { /* 拟任免人员: set when a subject of an appointment item is a person's case */
    bool is_case;
    enum case_kind kind;
    char organ[TITLE_MAX_BYTES];    /* 提请机关 */
    char statement[TEXT_MAX_BYTES]; /* a written statement (书面发言) when absent */
    bool swearing;                  /* among those swearing the oath now */
    enum oath_form sworn;           /* OATH_NONE until they have sworn */
    bool leader;                    /* 领誓人 */
    int64_t sworn_at;
};

/* A nominee's law exam (任前法律知识考试), kept on the nominee's subject of an appointment item.
 * Answers are bit masks of options (bit 0 = A, or 正确 for true/false).  Every replica knows
 * which questions are answered; the paper's questions, their answers and the answers given are
 * the hub's only (struct exam_paper): public forms carry none of them. */
enum exam_state { EXAM_NONE, EXAM_RUNNING, EXAM_DONE, EXAM_STATE_COUNT };
enum { EXAM_OPTIONS_MAX = 4, EXAM_HIDDEN = 1 << EXAM_OPTIONS_MAX };

struct exam_record {
    enum exam_state state; /* of the newest attempt */
    int32_t attempts;      /* papers drawn: 1 the first, 2 the first retake (补考) ... */
    int64_t started_at, deadline;
    int32_t questions;                 /* on the newest paper */
    int32_t scores[EXAM_ATTEMPTS_MAX]; /* of 100, per attempt handed in */
    bool passed;
    uint32_t answered[(EXAM_QUESTIONS_MAX + 31) / 32]; /* a bit per question of the paper */
};

/* A running paper as the hub knows it; replicas have none. */
struct exam_paper {
    int32_t subject;
    int32_t question[EXAM_QUESTIONS_MAX]; /* ids in the bank */
    uint8_t key[EXAM_QUESTIONS_MAX];      /* their answers */
    uint8_t given[EXAM_QUESTIONS_MAX];    /* the answers given, 0 for none */
};

struct subject { /* a department's report, a nominee, a motion */
    int32_t id;
    char name[TITLE_MAX_BYTES];
    char detail[TITLE_MAX_BYTES];
    int32_t cast;                /* ballots cast on this subject (public) */
    int32_t counts[OPTIONS_MAX]; /* hub: running tally; replicas: only once closed or named */
    /* results, set on close */
    int verdict;  /* evaluations: option index; votes: 1 passed, 0 failed */
    bool flagged; /* decided by a count at exactly half */
    /* the vote it was put to (an appointment votes its cases one by one unless the chair
     * combines them): 0 not yet; and the counts its result was taken against */
    int32_t round;
    int32_t members, signed_in;
    enum count_method method;
    struct nominee nominee;
    struct exam_record exam; /* a nominee's law exam */
};

struct ballot {
    enum ballot_state state;
    bool secret;
    int option_count;
    char options[OPTIONS_MAX][OPTION_LABEL_MAX];
    struct majority_rule rule; /* copied from the rules when opened */
    int subject_count, subject_cap;
    struct subject *subjects; /* SUBJECTS_MAX at most; on the heap, since most items have none */
    int32_t members;          /* 应到 when closed (all members) */
    int32_t signed_in;        /* 实到 when closed */
    int32_t voters;           /* members who cast on at least one subject */
    enum count_method method;
    char scrutineers[TEXT_MAX_BYTES]; /* 监票人, one per line, for a count by hand */
    int32_t round;                    /* votes opened on it: more than one on an appointment */
    int64_t opened_at, closed_at;
    /* per person (index in the roster) and subject: 0 not cast, 1 cast (option unknown),
     * 2+k cast option k (named ballots, or the hub's own knowledge) */
    uint8_t *marks;
    int marks_people;
    int choice_rule; /* enum choice_rule, copied from the rules when a choice ballot opens */
};

struct oath {          /* the constitutional oath on an appointment item */
    bool certificates; /* 任命书 handed over: the secretary checks it off */
    bool running;
    enum oath_form form;
    int32_t leader; /* the subject who leads (领誓人), or swears alone */
    int64_t started_at, ended_at;
};

struct item {
    int32_t id;
    enum item_kind kind;
    enum item_state state;
    char title[ITEM_TITLE_MAX];
    char reporter[NAME_MAX_BYTES];
    char department[TITLE_MAX_BYTES];
    int32_t planned_min;
    int attachment_count;
    char attachments[ATTACH_MAX][TITLE_MAX_BYTES];
    char note[NOTE_MAX_BYTES];
    int64_t opened_at, closed_at;
    int speaker_count, speaker_cap;
    struct speaker *speakers; /* in list order; each state says done, speaking or waiting */
    int respondent_count, respondent_cap;
    struct respondent *respondents;
    int question_count, question_cap;
    struct question *questions; /* in order of registration */
    struct ballot ballot;       /* evaluations, votes, appointments */
    struct oath oath;
    int32_t choose;    /* a choice item: how many candidates each member may choose */
    int32_t runoff_of; /* a run-off (再次投票): the choice item whose tie it decides */
    int document_count;
    struct document documents[DOCS_MAX];
    int sitting_note_count, sitting_note_cap;
    struct sitting_note *sitting_notes; /* one per sitting that has one, in order of writing */
};

struct meeting {
    enum meeting_state state;
    int32_t number; /* 第N次会议 */
    char date[DATE_MAX_BYTES];
    char title[ITEM_TITLE_MAX];
    int64_t opened_at, closed_at;
    int32_t current_item; /* the open item's id, 0 when none */
    enum sitting_mode sits;
    int64_t sits_since;
    int group_count; /* groups named so far in this meeting: sitting k is groups[k - 1] */
    struct group groups[GROUPS_MAX];
};

/* 质询案 (PROCEDURES §3): drafted by a member, co-signed until the rules' threshold of signatures
 * (the proposer counts), then registered; placed on the agenda as an item of its own, answered
 * (at the meeting or in writing), and judged by each proposer: satisfied or not. */
enum { MOTIONS_MAX = 32, MOTION_SIGNERS_MAX = 30 };
enum motion_state { MOTION_SIGNING, MOTION_WITHDRAWN, MOTION_REGISTERED, MOTION_STATE_COUNT };
enum motion_verdict { VERDICT_NONE, VERDICT_SATISFIED, VERDICT_DISSATISFIED, VERDICT_COUNT };

struct motion {
    int32_t id;
    enum motion_state state;
    char organ[TITLE_MAX_BYTES];   /* 受质询机关 */
    char subject[TITLE_MAX_BYTES]; /* 质询的问题 */
    char text[TEXT_MAX_BYTES];     /* 质询的内容 */
    int32_t signer_count;          /* the proposer first, then the co-signers in order */
    int32_t signers[MOTION_SIGNERS_MAX];
    int32_t verdicts[MOTION_SIGNERS_MAX]; /* enum motion_verdict of each signer */
    int64_t drafted_at, registered_at;
    int32_t item;  /* the agenda item it is on, 0 until placed */
    bool answered; /* the answer recorded */
    bool oral;     /* answered at the meeting (true) or in writing */
    char answer_date[DATE_MAX_BYTES];
    char answer[TEXT_MAX_BYTES];
    bool reanswer; /* 再作答复: enough proposers dissatisfied under the rules */
};

/* 审议意见 (PROCEDURES §5): drafted by the secretary from the records of a deliberated item,
 * adopted by the chair or by a vote, sent to the organ that must answer by a due date; a later
 * meeting's item (its report on how they were handled) links back, and when that item closes
 * the opinion is closed, or heard again (再次报告) when its evaluation is the worst verdict. */
enum { OPINIONS_MAX = 2000, OPINION_TEXT_MAX = 1536 }; /* opinions of every meeting */
enum opinion_state {
    OPINION_DRAFT,
    OPINION_ADOPTED,   /* sent to the organ, the report awaited */
    OPINION_REPORTED,  /* the organ's report is on an item of a meeting */
    OPINION_CLOSED,    /* the report heard (and not found unsatisfactory) */
    OPINION_REHEARING, /* 再次报告: the report found unsatisfactory, a second one awaited */
    OPINION_STATE_COUNT
};

struct opinion {
    int32_t id;
    enum opinion_state state;
    int32_t meeting; /* the number of the meeting that deliberated the item */
    int32_t item;    /* that item's id (items are reset per meeting: the title is kept) */
    char item_title[ITEM_TITLE_MAX];
    char organ[TITLE_MAX_BYTES]; /* 交办机关: the organ that must answer */
    char text[OPINION_TEXT_MAX];
    int64_t drafted_at, adopted_at;
    char adopted_date[DATE_MAX_BYTES]; /* the adopting meeting's date */
    int32_t adopted_meeting;
    char due[DATE_MAX_BYTES]; /* the report is due by this date */
    int32_t vote_item;        /* the vote item it is put to (adoption by vote), 0 none */
    int32_t report_item;      /* the item hearing the organ's report, 0 none */
    int32_t report_meeting;   /* the meeting that heard the last report, 0 none */
    int32_t hearings;         /* reports heard */
};

struct core_state {
    struct core_rules rules;
    int person_count, person_cap;
    struct person *people; /* the roster, in order of seat/import */
    int person_slot_cap;   /* a power of two, at least twice person_count (0: none yet) */
    int32_t *person_slots; /* open addressing by id: index in people + 1, 0 for empty */
    struct meeting meeting;
    int item_count, item_cap;
    struct item *items; /* the agenda, in order */
    int32_t next_id;    /* ids for items, speakers, questions, subjects, respondents */
    int64_t last_time;  /* the newest event's hub time */
    int paper_count, paper_cap;
    struct exam_paper *papers; /* the hub's running law exam papers */
    int motion_count;
    struct motion motions[MOTIONS_MAX]; /* 质询案, in order of drafting */
    int opinion_count, opinion_cap;
    struct opinion *opinions; /* 审议意见 of every meeting, in order of drafting */
};

_Static_assert((int)SUBJECTS_MAX == (int)CHOICE_CANDIDATES_MAX,
               "a choice ballot's candidates are subjects");

#endif
