/* The meeting's arithmetic: quorum, majorities, evaluation verdicts, shares.
 * Pure functions of counts and a configured rule; see DESIGN.md §2 and rules-cases.tsv. */
#ifndef CMTE_CORE_RULES_H
#define CMTE_CORE_RULES_H

#include <stdbool.h>
#include <stdint.h>

enum { OPTIONS_MAX = 5, OPTION_LABEL_MAX = 32 };

/* The count a majority is taken of. */
enum rule_base {
    BASE_ALL_MEMBERS, /* 全体组成人员 (应到): the default everywhere */
    BASE_SIGNED_IN,   /* 实到 */
    BASE_CAST,        /* votes cast */
};

enum rule_threshold {
    MORE_THAN_HALF, /* > base/2, i.e. at least floor(base/2)+1: the default */
    HALF_OR_MORE,   /* >= base/2 */
    TWO_THIRDS,     /* >= 2*base/3 */
};

struct majority_rule {
    enum rule_base base;
    enum rule_threshold threshold;
};

/* The kinds of speech, each with its own time limit. */
enum speech_kind {
    SPEECH_PLENARY,     /* 审议发言, plenary */
    SPEECH_JOINT,       /* 联组会议 */
    SPEECH_GROUP_FIRST, /* 分组会议, first speech on an item */
    SPEECH_GROUP_NEXT,  /* 分组会议, later speeches */
    SPEECH_QUESTION,    /* 专题询问 提问 */
    SPEECH_ANSWER,      /* 回答 */
    SPEECH_FOLLOWUP,    /* 追问 */
    SPEECH_FOLLOWUP_ANSWER,
    SPEECH_STATEMENT,     /* 供职发言 before an appointment */
    SPEECH_DEFENCE,       /* 申辩: the defence of a person facing removal (撤职) */
    SPEECH_MOTION_ANSWER, /* 质询案: the organ's head answering at the meeting */
    SPEECH_KIND_COUNT
};

enum {
    EXAM_ATTEMPTS_MAX = 4,   /* the first paper and up to three retakes */
    EXAM_MINUTES_MAX = 600,  /* the longest time limit */
    EXAM_QUESTIONS_MAX = 100 /* questions on one paper */
};

/* The pre-appointment law exam (任前法律知识考试): a local rule, so off unless configured. */
struct exam_rules {
    bool required;     /* a nominee needs a pass before the appointment vote */
    int32_t pass_mark; /* of 100 */
    int32_t minutes;   /* the time limit of a paper */
    int32_t retakes;   /* 补考 after a fail */
};

/* Everything configurable about the rules.  The hub copies it into the meeting's state
 * (as an event) so that every replica and every replay applies the same rules. */
struct core_rules {
    struct majority_rule quorum; /* base is always all members; threshold configurable */
    struct majority_rule vote;
    struct majority_rule evaluation;
    int evaluation_option_count; /* 2..OPTIONS_MAX, ordered best first */
    char evaluation_options[OPTIONS_MAX][OPTION_LABEL_MAX];
    bool evaluation_secret;
    bool vote_secret;
    int32_t speech_limit_s[SPEECH_KIND_COUNT];
    int32_t warning_s; /* warning before the end of any speech */
    int32_t followups_per_question;
    bool speak_twice;   /* may a member take the floor twice on one item */
    int choice_rule;    /* enum choice_rule: who is elected on a choice ballot (差额票决) */
    bool choice_secret; /* are choice ballots secret */
    bool removal_paper; /* a removal (撤职案) is voted on paper (无记名投票), counted by hand */
    struct exam_rules exam;
    int32_t motion_signatures; /* 质询案: signatures (the proposer's included) that register one */
    bool
        motion_reanswer_any; /* any dissatisfied proposer flags a second answer (else a majority) */
    int32_t opinion_months; /* 审议意见: months the organ has to report (the local rules: 2..6) */
    bool opinion_by_vote;   /* opinions adopted by a vote of the meeting (else by the chair) */
};

enum { MOTION_SIGNATURES_MAX = 30 }; /* as MOTION_SIGNERS_MAX */

/* A motion's second answer (再作答复): with `any`, one dissatisfied proposer is enough; else more
 * than half of the proposers (3 of 5, not 2). */
bool motion_reanswer_due(bool any, int32_t dissatisfied, int32_t proposers);

enum { OPINION_MONTHS_MIN = 2, OPINION_MONTHS_MAX = 6, OPINION_MONTHS_DEFAULT = 3 };

/* A date YYYY-MM-DD plus months, by the calendar: the day is clamped to the target month's last
 * (2026-11-30 + 3 = 2027-02-28, 2027-11-30 + 3 = 2028-02-29).  out gets 11 bytes; returns false
 * when date is not a valid date or months is negative. */
bool date_add_months(const char *date, int32_t months, char out[11]);

/* Is the due date (YYYY-MM-DD) passed on today: due before today?  Both compared as dates. */
bool date_before(const char *due, const char *today);

/* The defaults of DESIGN.md §2. */
void rules_default(struct core_rules *r);

/* The base count for a rule: all members, signed in, or cast. */
int32_t rule_base_count(enum rule_base base, int32_t members, int32_t signed_in, int32_t cast);

/* Does count meet the threshold against base?  *at_half is set when 2*count == base, so the
 * caller can flag a result that the "half" rule decided.  A base of 0 is never met. */
bool threshold_met(enum rule_threshold t, int32_t count, int32_t base, bool *at_half);

/* 全体组成人员过半数出席 (or the configured threshold). */
bool quorum_met(const struct core_rules *r, int32_t members, int32_t signed_in);

/* The smallest count that meets the threshold against base (18 for more than half of 35). */
int32_t threshold_count(enum rule_threshold t, int32_t base);

/* An evaluation's verdict: the index of the first option i such that the counts of options
 * 0..i together meet the rule; the last option when none does.  *flagged is set when a sum
 * at exactly half took part in the decision. */
int evaluation_verdict(const struct majority_rule *rule, const int32_t *counts, int option_count,
                       int32_t members, int32_t signed_in, bool *flagged);

/* A vote (赞成/反对/弃权) passes when 赞成 meets the rule. */
bool vote_passes(const struct majority_rule *rule, int32_t yes, int32_t cast, int32_t members,
                 int32_t signed_in);

/* count/base in tenths of a percent, rounded half up (10 of 22 -> 455 = 45.5%); 0 for base 0. */
int32_t share_permille(int32_t count, int32_t base);

/* Names used in configuration and encoding ("all", "signed-in", "cast";
 * "more-than-half", "half-or-more", "two-thirds"); NULL / -1 when unknown. */
const char *rule_base_name(enum rule_base b);
int rule_base_parse(const char *s);
const char *rule_threshold_name(enum rule_threshold t);
int rule_threshold_parse(const char *s);

/* A choice ballot (差额票决): n candidates, each member chooses up to k.  The winners are the k
 * with most votes among those the rule lets through: more than half of all members (the
 * default), more than half of the ballots cast, or any candidate chosen at least once. */
enum { CHOICE_CANDIDATES_MAX = 32 }; /* as SUBJECTS_MAX */
enum choice_rule { CHOICE_MAJORITY_ALL, CHOICE_MAJORITY_CAST, CHOICE_MOST, CHOICE_RULE_COUNT };

/* A candidate's result: elected, not elected, or tied with others for the last seats (not
 * elected; a run-off among the tied decides, as the election law does with 票数相等). */
enum choice_status { CHOICE_NOT_ELECTED, CHOICE_ELECTED, CHOICE_TIED };

/* The fewest votes a candidate needs to be elected under rule (18 of 35 for majority-all). */
int32_t choice_threshold(enum choice_rule rule, int32_t members, int32_t ballots);

/* Rank n candidates by votes, most first; equal votes keep their order.  order[] gets the
 * candidates' indices. */
void choice_rank(const int32_t *votes, int n, int *order);

/* The status of each of n (at most CHOICE_CANDIDATES_MAX) candidates when k seats are filled;
 * returns the seats left (k less those elected: unfilled, or contested by the tied). */
int choice_result(enum choice_rule rule, const int32_t *votes, int n, int k, int32_t members,
                  int32_t ballots, enum choice_status *status);

/* "majority-all", "majority-cast", "most"; NULL / -1 when unknown. */
const char *choice_rule_name(enum choice_rule r);
int choice_rule_parse(const char *s);

#endif
