/* The meeting's arithmetic: quorum, majorities, evaluation verdicts, shares (DESIGN.md §2).
 * Integers only; every product and sum is taken in int64_t, so no count an int32_t can hold
 * overflows, not even the sum of several options' counts. */
#include <stdio.h>
#include <string.h>

#include "core/rules.h"

static const char *const base_names[] = {
    [BASE_ALL_MEMBERS] = "all",
    [BASE_SIGNED_IN] = "signed-in",
    [BASE_CAST] = "cast",
};
static const char *const threshold_names[] = {
    [MORE_THAN_HALF] = "more-than-half",
    [HALF_OR_MORE] = "half-or-more",
    [TWO_THIRDS] = "two-thirds",
};
static const char *const default_options[] = {"满意", "基本满意", "不满意"};

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

void rules_default(struct core_rules *r)
{
    memset(r, 0, sizeof *r);
    r->quorum = (struct majority_rule){BASE_ALL_MEMBERS, MORE_THAN_HALF};
    r->vote = (struct majority_rule){BASE_ALL_MEMBERS, MORE_THAN_HALF};
    r->evaluation = (struct majority_rule){BASE_ALL_MEMBERS, MORE_THAN_HALF};
    r->evaluation_option_count = COUNT_OF(default_options);
    for (int i = 0; i < COUNT_OF(default_options); i++)
        memcpy(r->evaluation_options[i], default_options[i], strlen(default_options[i]) + 1);
    r->evaluation_secret = true;
    r->vote_secret = true;
    r->speech_limit_s[SPEECH_PLENARY] = 600;
    r->speech_limit_s[SPEECH_JOINT] = 600;
    r->speech_limit_s[SPEECH_GROUP_FIRST] = 900;
    r->speech_limit_s[SPEECH_GROUP_NEXT] = 600;
    r->speech_limit_s[SPEECH_QUESTION] = 180;
    r->speech_limit_s[SPEECH_ANSWER] = 300;
    r->speech_limit_s[SPEECH_FOLLOWUP] = 120;
    r->speech_limit_s[SPEECH_FOLLOWUP_ANSWER] = 180;
    r->speech_limit_s[SPEECH_STATEMENT] = 300;
    r->speech_limit_s[SPEECH_DEFENCE] = 600;
    r->speech_limit_s[SPEECH_MOTION_ANSWER] = 900;
    r->warning_s = 60;
    r->followups_per_question = 1;
    r->speak_twice = true;
    r->choice_rule = CHOICE_MAJORITY_ALL;
    r->choice_secret = true;
    r->removal_paper = true;
    r->exam = (struct exam_rules){.required = false, .pass_mark = 60, .minutes = 90, .retakes = 1};
    r->motion_signatures = 5;
    r->motion_reanswer_any = false;
    r->opinion_months = OPINION_MONTHS_DEFAULT;
    r->opinion_by_vote = false;
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Reads YYYY-MM-DD (exactly) into y, m, d; false when it is not a date of the calendar. */
static bool date_parse(const char *s, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9') return false;
    if (s[10] != '\0') return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

bool date_add_months(const char *date, int32_t months, char out[11])
{
    int y, m, d;
    if (!date || !date_parse(date, &y, &m, &d) || months < 0 || months > 1200) return false;
    int total = (y * 12 + (m - 1)) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (y > 9999) return false;
    if (d > month_days(y, m)) d = month_days(y, m);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return true;
}

bool date_before(const char *due, const char *today)
{
    int y1, m1, d1, y2, m2, d2;
    if (!date_parse(due, &y1, &m1, &d1) || !date_parse(today, &y2, &m2, &d2)) return false;
    return (y1 * 12 + m1) * 32 + d1 < (y2 * 12 + m2) * 32 + d2;
}

bool motion_reanswer_due(bool any, int32_t dissatisfied, int32_t proposers)
{
    if (dissatisfied <= 0) return false;
    return any || 2 * (int64_t)dissatisfied > proposers;
}

/* The base in int64_t: the cast of an evaluation is a sum of counts and may pass INT32_MAX. */
static int64_t base_of(enum rule_base base, int64_t members, int64_t signed_in, int64_t cast)
{
    switch (base) {
    case BASE_ALL_MEMBERS:
        return members;
    case BASE_SIGNED_IN:
        return signed_in;
    case BASE_CAST:
        return cast;
    }
    return 0; /* an unknown base is never met */
}

int32_t rule_base_count(enum rule_base base, int32_t members, int32_t signed_in, int32_t cast)
{
    return (int32_t)base_of(base, members, signed_in, cast);
}

static bool met(enum rule_threshold t, int64_t count, int64_t base, bool *at_half)
{
    if (at_half) *at_half = base > 0 && 2 * count == base;
    if (base <= 0) return false;
    switch (t) {
    case MORE_THAN_HALF:
        return 2 * count > base;
    case HALF_OR_MORE:
        return 2 * count >= base;
    case TWO_THIRDS:
        return 3 * count >= 2 * base;
    }
    return false; /* an unknown threshold is never met */
}

bool threshold_met(enum rule_threshold t, int32_t count, int32_t base, bool *at_half)
{
    return met(t, count, base, at_half);
}

bool quorum_met(const struct core_rules *r, int32_t members, int32_t signed_in)
{
    /* the quorum is always counted against all members; only its threshold is configurable */
    return met(r->quorum.threshold, signed_in, members, NULL);
}

int32_t threshold_count(enum rule_threshold t, int32_t base)
{
    if (base <= 0) return 1;
    int64_t b = base;
    switch (t) {
    case MORE_THAN_HALF:
        return (int32_t)(b / 2 + 1);
    case HALF_OR_MORE:
        return (int32_t)((b + 1) / 2);
    case TWO_THIRDS:
        return (int32_t)((2 * b + 2) / 3);
    }
    return INT32_MAX; /* an unknown threshold is never met */
}

int evaluation_verdict(const struct majority_rule *rule, const int32_t *counts, int option_count,
                       int32_t members, int32_t signed_in, bool *flagged)
{
    if (flagged) *flagged = false;
    if (option_count <= 0) return 0;
    int64_t cast = 0;
    for (int i = 0; i < option_count; i++) cast += counts[i];
    int64_t base = base_of(rule->base, members, signed_in, cast);
    int64_t sum = 0;
    for (int i = 0; i < option_count - 1; i++) {
        bool at_half = false;
        sum += counts[i];
        bool ok = met(rule->threshold, sum, base, &at_half);
        if (at_half && flagged) *flagged = true;
        if (ok) return i;
    }
    return option_count - 1;
}

bool vote_passes(const struct majority_rule *rule, int32_t yes, int32_t cast, int32_t members,
                 int32_t signed_in)
{
    return met(rule->threshold, yes, base_of(rule->base, members, signed_in, cast), NULL);
}

int32_t share_permille(int32_t count, int32_t base)
{
    if (base <= 0) return 0;
    /* floor((2000*count + base) / (2*base)): round half up, also below zero */
    int64_t num = 2000 * (int64_t)count + base, den = 2 * (int64_t)base;
    int64_t q = num / den - (num % den < 0);
    return q > INT32_MAX ? INT32_MAX : q < INT32_MIN ? INT32_MIN : (int32_t)q;
}

const char *rule_base_name(enum rule_base b)
{
    int i = (int)b;
    return i >= 0 && i < COUNT_OF(base_names) ? base_names[i] : NULL;
}

int rule_base_parse(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < COUNT_OF(base_names); i++)
        if (strcmp(s, base_names[i]) == 0) return i;
    return -1;
}

const char *rule_threshold_name(enum rule_threshold t)
{
    int i = (int)t;
    return i >= 0 && i < COUNT_OF(threshold_names) ? threshold_names[i] : NULL;
}

int rule_threshold_parse(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < COUNT_OF(threshold_names); i++)
        if (strcmp(s, threshold_names[i]) == 0) return i;
    return -1;
}

/* Choice ballots (差额票决). */

static const char *const choice_rule_names[] = {
    [CHOICE_MAJORITY_ALL] = "majority-all",
    [CHOICE_MAJORITY_CAST] = "majority-cast",
    [CHOICE_MOST] = "most",
};

int32_t choice_threshold(enum choice_rule rule, int32_t members, int32_t ballots)
{
    switch (rule) {
    case CHOICE_MAJORITY_ALL:
        return threshold_count(MORE_THAN_HALF, members);
    case CHOICE_MAJORITY_CAST:
        return threshold_count(MORE_THAN_HALF, ballots);
    case CHOICE_MOST:
    case CHOICE_RULE_COUNT:
        break;
    }
    return 1; /* nobody is elected with no vote at all */
}

void choice_rank(const int32_t *votes, int n, int *order)
{
    for (int i = 0; i < n; i++) { /* insertion sort: stable, and n is at most a few dozen */
        int j = i;
        while (j > 0 && votes[order[j - 1]] < votes[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

int choice_result(enum choice_rule rule, const int32_t *votes, int n, int k, int32_t members,
                  int32_t ballots, enum choice_status *status)
{
    int32_t need = choice_threshold(rule, members, ballots);
    int order[CHOICE_CANDIDATES_MAX];
    if (n > CHOICE_CANDIDATES_MAX) n = CHOICE_CANDIDATES_MAX;
    choice_rank(votes, n, order);
    int eligible = 0;
    while (eligible < n && votes[order[eligible]] >= need) eligible++;
    for (int i = 0; i < n; i++) status[i] = CHOICE_NOT_ELECTED;
    if (k <= 0) return 0;
    if (eligible <= k) { /* room for all who passed the threshold */
        for (int i = 0; i < eligible; i++) status[order[i]] = CHOICE_ELECTED;
        return k - eligible;
    }
    int32_t last = votes[order[k - 1]]; /* the votes of the last seat */
    int above = 0, group = 0;
    for (int i = 0; i < eligible; i++) {
        above += votes[order[i]] > last;
        group += votes[order[i]] == last;
    }
    for (int i = 0; i < eligible; i++) {
        int32_t v = votes[order[i]];
        if (v > last)
            status[order[i]] = CHOICE_ELECTED;
        else if (v == last)
            status[order[i]] = above + group <= k ? CHOICE_ELECTED : CHOICE_TIED;
    }
    return above + group <= k ? k - above - group : k - above;
}

const char *choice_rule_name(enum choice_rule r)
{
    int i = (int)r;
    return i >= 0 && i < COUNT_OF(choice_rule_names) ? choice_rule_names[i] : NULL;
}

int choice_rule_parse(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < COUNT_OF(choice_rule_names); i++)
        if (strcmp(s, choice_rule_names[i]) == 0) return i;
    return -1;
}
