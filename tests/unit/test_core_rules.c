/* The meeting's arithmetic (core/rules.c): every worked case of rules-cases.tsv, read at run
 * time from the shared folder, and the edges of each rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "core/rules.h"

#ifndef CMTE_SHARED
#define CMTE_SHARED "../shared"
#endif

enum { COLS = 8, WHY_MAX = 256, LINE_CAP = 4096 };

static const char *const header[COLS] = {
    "id", "kind", "rule", "members", "signed_in", "counts", "expected", "note",
};
static const char *const vote_options[] = {"赞成", "反对", "弃权"};

/* ---- rules-cases.tsv ---------------------------------------------------------------------- */

struct options {
    const char *const *names;
    int count;
};

/* A row's checks return 1 when right, 0 when wrong and -1 when not understood (an unknown
 * kind, rule, option or expected): both of the last two fail the test.  w says why. */
static int why(char *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int why(char *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w, WHY_MAX, fmt, ap);
    va_end(ap);
    return -1;
}
#define WRONG(...) (why(__VA_ARGS__), 0)

static bool parse_int(const char *s, int32_t *out)
{
    char *end;
    if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ') return false;
    long v = strtol(s, &end, 10);
    if (*end || v > INT32_MAX) return false;
    *out = (int32_t)v;
    return true;
}

/* Splits line at tabs in place; returns the number of fields (more than max: max + 1). */
static int split_tabs(char *line, char **cols, int max)
{
    int n = 0;
    for (char *p = line;; n++) {
        if (n == max) return max + 1;
        cols[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) return n + 1;
        *tab = '\0';
        p = tab + 1;
    }
}

static int option_index(const struct options *o, const char *name, size_t len)
{
    for (int i = 0; i < o->count; i++)
        if (strlen(o->names[i]) == len && memcmp(o->names[i], name, len) == 0) return i;
    return -1;
}

/* "name=n,name=n,...": every option exactly once, in any order. */
static int parse_counts(const char *s, const struct options *o, int32_t *counts, char *w)
{
    bool seen[OPTIONS_MAX] = {false};
    const char *p = s;
    for (;;) {
        const char *eq = strchr(p, '=');
        if (!eq) return why(w, "counts '%s': no '=' in '%s'", s, p);
        int i = option_index(o, p, (size_t)(eq - p));
        if (i < 0) return why(w, "counts '%s': unknown option '%.*s'", s, (int)(eq - p), p);
        if (seen[i]) return why(w, "counts '%s': '%s' twice", s, o->names[i]);
        seen[i] = true;
        char num[16];
        size_t len = strcspn(eq + 1, ",");
        if (len == 0 || len >= sizeof num) return why(w, "counts '%s': bad number", s);
        memcpy(num, eq + 1, len);
        num[len] = '\0';
        if (!parse_int(num, &counts[i])) return why(w, "counts '%s': bad number '%s'", s, num);
        p = eq + 1 + len;
        if (!*p) break;
        p++;
    }
    for (int i = 0; i < o->count; i++)
        if (!seen[i]) return why(w, "counts '%s': '%s' is missing", s, o->names[i]);
    return 0;
}

/* "default", or a comma-separated list of "base=NAME" and threshold names. */
static int parse_rule(const char *s, struct majority_rule *m, bool threshold_only, char *w)
{
    if (strcmp(s, "default") == 0) return 0;
    char buf[128];
    if (snprintf(buf, sizeof buf, "%s", s) >= (int)sizeof buf) return why(w, "rule too long");
    for (char *tok = buf; tok;) {
        char *comma = strchr(tok, ',');
        if (comma) *comma = '\0';
        if (strncmp(tok, "base=", 5) == 0) {
            int b = rule_base_parse(tok + 5);
            if (b < 0 || threshold_only) return why(w, "unknown rule '%s'", tok);
            m->base = (enum rule_base)b;
        } else {
            int t = rule_threshold_parse(tok);
            if (t < 0) return why(w, "unknown rule '%s'", tok);
            m->threshold = (enum rule_threshold)t;
        }
        tok = comma ? comma + 1 : NULL;
    }
    return 0;
}

static int32_t sum_of(const int32_t *counts, int n)
{
    int32_t s = 0;
    for (int i = 0; i < n; i++) s += counts[i];
    return s;
}

static int check_quorum(char **c, struct core_rules *r, int32_t members, int32_t signed_in, char *w)
{
    if (strcmp(c[5], "-") != 0) return why(w, "a quorum has no counts");
    if (parse_rule(c[2], &r->quorum, true, w)) return -1;
    bool want;
    if (strcmp(c[6], "quorum") == 0)
        want = true;
    else if (strcmp(c[6], "no-quorum") == 0)
        want = false;
    else
        return why(w, "unknown expected '%s'", c[6]);
    bool got = quorum_met(r, members, signed_in);
    if (got != want)
        return WRONG(w, "quorum_met(%d, %d) = %s", members, signed_in, got ? "true" : "false");
    return 1;
}

static int check_vote(char **c, struct core_rules *r, int32_t members, int32_t signed_in, char *w)
{
    const struct options o = {vote_options, 3};
    int32_t counts[OPTIONS_MAX] = {0};
    if (parse_counts(c[5], &o, counts, w)) return -1;
    if (parse_rule(c[2], &r->vote, false, w)) return -1;
    bool want;
    if (strcmp(c[6], "passed") == 0)
        want = true;
    else if (strcmp(c[6], "failed") == 0)
        want = false;
    else
        return why(w, "unknown expected '%s' (a vote is never flagged)", c[6]);
    int32_t cast = sum_of(counts, 3);
    if (cast > signed_in) return why(w, "more cast (%d) than signed in", cast);
    bool got = vote_passes(&r->vote, counts[0], cast, members, signed_in);
    if (got != want)
        return WRONG(w, "vote_passes(%d of %d cast) = %s", counts[0], cast, got ? "true" : "false");
    return 1;
}

static int check_evaluation(char **c, struct core_rules *r, int32_t members, int32_t signed_in,
                            char *w)
{
    const char *names[OPTIONS_MAX];
    for (int i = 0; i < r->evaluation_option_count; i++) names[i] = r->evaluation_options[i];
    const struct options o = {names, r->evaluation_option_count};
    int32_t counts[OPTIONS_MAX] = {0};
    if (parse_counts(c[5], &o, counts, w)) return -1;
    if (parse_rule(c[2], &r->evaluation, false, w)) return -1;
    const char *sp = strchr(c[6], ' ');
    size_t len = sp ? (size_t)(sp - c[6]) : strlen(c[6]);
    int want = option_index(&o, c[6], len);
    if (want < 0) return why(w, "unknown verdict in '%s'", c[6]);
    bool want_flag = false;
    if (sp) {
        if (strcmp(sp, " flagged") != 0) return why(w, "unknown expected '%s'", c[6]);
        want_flag = true;
    }
    if (sum_of(counts, o.count) > signed_in) return why(w, "more cast than signed in");
    bool flag = !want_flag;
    int got = evaluation_verdict(&r->evaluation, counts, o.count, members, signed_in, &flag);
    if (got != want || flag != want_flag)
        return WRONG(w, "verdict %d%s, expected %d%s", got, flag ? " flagged" : "", want,
                     want_flag ? " flagged" : "");
    return 1;
}

/* "满意 45.5% of cast; 28.6% of all members": each share of the named option, one decimal. */
static int check_share(char **c, struct core_rules *r, int32_t members, int32_t signed_in, char *w)
{
    const char *names[OPTIONS_MAX];
    for (int i = 0; i < r->evaluation_option_count; i++) names[i] = r->evaluation_options[i];
    const struct options eval = {names, r->evaluation_option_count}, vote = {vote_options, 3};
    const struct options *o = &eval;
    int32_t counts[OPTIONS_MAX] = {0};
    if (parse_counts(c[5], o, counts, w)) {
        o = &vote;
        if (parse_counts(c[5], o, counts, w)) return -1;
    }
    if (strcmp(c[2], "default") != 0) return why(w, "unknown rule '%s' for a share", c[2]);
    const char *sp = strchr(c[6], ' ');
    if (!sp) return why(w, "no share in '%s'", c[6]);
    int opt = option_index(o, c[6], (size_t)(sp - c[6]));
    if (opt < 0) return why(w, "unknown option in '%s'", c[6]);
    int32_t cast = sum_of(counts, o->count);
    int parts = 0;
    for (const char *p = sp + 1; *p; parts++) {
        size_t len = strcspn(p, ";");
        const char *of = strstr(p, "% of ");
        if (!of || of > p + len) return why(w, "no '%% of' in '%s'", p);
        size_t what_len = len - (size_t)(of + 5 - p);
        const char *what = of + 5;
        int32_t base;
        if (what_len == 4 && memcmp(what, "cast", 4) == 0)
            base = cast;
        else if (what_len == 11 && memcmp(what, "all members", 11) == 0)
            base = members;
        else if (what_len == 9 && memcmp(what, "signed in", 9) == 0)
            base = signed_in;
        else
            return why(w, "unknown base '%.*s'", (int)what_len, what);
        int32_t pm = share_permille(counts[opt], base);
        char got[32];
        snprintf(got, sizeof got, "%d.%d", pm / 10, pm % 10);
        if (strlen(got) != (size_t)(of - p) || memcmp(got, p, strlen(got)) != 0)
            return WRONG(w, "share of %.*s: %s%%, expected %.*s%%", (int)what_len, what, got,
                         (int)(of - p), p);
        p += len;
        if (*p == ';') {
            p++;
            if (*p != ' ') return why(w, "expected '; ' between shares");
            p++;
        }
    }
    if (parts == 0) return why(w, "no share in '%s'", c[6]);
    return 1;
}

static int check_row(char **c, char *w)
{
    struct core_rules r;
    rules_default(&r);
    int32_t members, signed_in;
    if (!parse_int(c[3], &members) || !parse_int(c[4], &signed_in) || signed_in > members)
        return why(w, "bad members/signed_in '%s' '%s'", c[3], c[4]);
    int rc;
    if (strcmp(c[1], "quorum") == 0)
        rc = check_quorum(c, &r, members, signed_in, w);
    else if (strcmp(c[1], "vote") == 0)
        rc = check_vote(c, &r, members, signed_in, w);
    else if (strcmp(c[1], "evaluation") == 0)
        rc = check_evaluation(c, &r, members, signed_in, w);
    else if (strcmp(c[1], "share") == 0)
        rc = check_share(c, &r, members, signed_in, w);
    else
        return why(w, "unknown kind '%s'", c[1]);
    return rc;
}

static void rules_cases_tsv(void **state)
{
    (void)state;
    const char *dir = getenv("CMTE_SHARED");
    if (!dir || !*dir) dir = CMTE_SHARED;
    char path[1024];
    snprintf(path, sizeof path, "%s/rules-cases.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);

    char line[LINE_CAP];
    int lineno = 0, data_lines = 0, checked = 0, wrong = 0;
    char ids[256] = "";
    bool have_header = false;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            fclose(f);
            fail_msg("%s:%d: line too long", path, lineno);
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0 || line[0] == '#') continue;
        char *c[COLS + 1];
        int n = split_tabs(line, c, COLS);
        if (!have_header) {
            for (int i = 0; i < COLS; i++)
                if (n != COLS || strcmp(c[i], header[i]) != 0) {
                    fclose(f);
                    fail_msg("%s:%d: header is not id..note", path, lineno);
                }
            have_header = true;
            continue;
        }
        data_lines++;
        char w[WHY_MAX] = "";
        int rc = n < COLS - 1 || n > COLS ? why(w, "%d columns", n) : check_row(c, w);
        if (rc > 0) {
            checked++;
            continue;
        }
        if (rc == 0) checked++;
        wrong++;
        size_t used = strlen(ids);
        snprintf(ids + used, sizeof ids - used, "%s%s", used ? " " : "", c[0]);
        print_error("%s:%d: row %s: %s\n", path, lineno, c[0], w);
    }
    fclose(f);
    if (!have_header) fail_msg("%s: no header", path);
    if (data_lines == 0) fail_msg("%s: no rows", path);
    if (wrong) fail_msg("%s: %d of %d rows wrong: %s", path, wrong, data_lines, ids);
    assert_int_equal(checked, data_lines);
    print_message("%s: %d rows checked\n", path, checked);
}

/* ---- the functions one by one ------------------------------------------------------------ */

static void threshold_counts(void **state)
{
    (void)state;
    assert_int_equal(threshold_count(MORE_THAN_HALF, 35), 18);
    assert_int_equal(threshold_count(MORE_THAN_HALF, 36), 19);
    assert_int_equal(threshold_count(HALF_OR_MORE, 36), 18);
    assert_int_equal(threshold_count(HALF_OR_MORE, 35), 18);
    assert_int_equal(threshold_count(TWO_THIRDS, 36), 24);
    assert_int_equal(threshold_count(TWO_THIRDS, 35), 24);
    assert_int_equal(threshold_count(TWO_THIRDS, 3), 2);
    assert_int_equal(threshold_count(MORE_THAN_HALF, 1), 1);
    assert_int_equal(threshold_count(MORE_THAN_HALF, 2), 2);
    assert_int_equal(threshold_count(HALF_OR_MORE, 1), 1);
    assert_int_equal(threshold_count(HALF_OR_MORE, 2), 1);
    for (int t = MORE_THAN_HALF; t <= TWO_THIRDS; t++) {
        assert_int_equal(threshold_count((enum rule_threshold)t, 0), 1);
        assert_int_equal(threshold_count((enum rule_threshold)t, -5), 1);
    }
    /* the smallest count that meets it, for every base up to 300 */
    for (int t = MORE_THAN_HALF; t <= TWO_THIRDS; t++)
        for (int32_t b = 1; b <= 300; b++) {
            int32_t k = threshold_count((enum rule_threshold)t, b);
            assert_true(threshold_met((enum rule_threshold)t, k, b, NULL));
            assert_false(threshold_met((enum rule_threshold)t, k - 1, b, NULL));
            assert_true(k >= 1 && k <= b);
        }
}

static void half_edges(void **state)
{
    (void)state;
    bool half = false;
    assert_false(threshold_met(MORE_THAN_HALF, 18, 36, &half));
    assert_true(half);
    assert_true(threshold_met(MORE_THAN_HALF, 19, 36, &half));
    assert_false(half);
    assert_true(threshold_met(HALF_OR_MORE, 18, 36, &half));
    assert_true(half);
    assert_false(threshold_met(HALF_OR_MORE, 17, 36, &half));
    assert_false(half);
    /* odd base: nobody is ever at exactly half */
    assert_false(threshold_met(MORE_THAN_HALF, 17, 35, &half));
    assert_false(half);
    assert_true(threshold_met(MORE_THAN_HALF, 18, 35, &half));
    assert_false(half);
    assert_false(threshold_met(HALF_OR_MORE, 17, 35, &half));
    assert_true(threshold_met(HALF_OR_MORE, 18, 35, &half));
    assert_false(half);
    /* the smallest committees */
    assert_true(threshold_met(MORE_THAN_HALF, 1, 1, NULL));
    assert_false(threshold_met(MORE_THAN_HALF, 1, 2, &half));
    assert_true(half);
    assert_true(threshold_met(HALF_OR_MORE, 1, 2, NULL));
    assert_false(threshold_met(MORE_THAN_HALF, 0, 1, NULL));
}

static void base_zero(void **state)
{
    (void)state;
    bool half = true;
    for (int t = MORE_THAN_HALF; t <= TWO_THIRDS; t++) {
        assert_false(threshold_met((enum rule_threshold)t, 0, 0, &half));
        assert_false(half); /* 2*0 == 0, but there is no half of nothing */
        assert_false(threshold_met((enum rule_threshold)t, 5, 0, &half));
        assert_false(threshold_met((enum rule_threshold)t, 0, -1, &half));
    }
    struct core_rules r;
    rules_default(&r);
    assert_false(quorum_met(&r, 0, 0));
    assert_false(vote_passes(&r.vote, 0, 0, 0, 0));
    r.vote.base = BASE_CAST;
    assert_false(vote_passes(&r.vote, 0, 0, 35, 20)); /* nobody voted */
    r.evaluation.base = BASE_CAST;
    r.evaluation.threshold = HALF_OR_MORE;
    int32_t none[3] = {0, 0, 0};
    bool flag = true;
    assert_int_equal(evaluation_verdict(&r.evaluation, none, 3, 35, 20, &flag), 2);
    assert_false(flag);
    assert_int_equal(share_permille(0, 0), 0);
    assert_int_equal(share_permille(5, 0), 0);
    assert_int_equal(share_permille(5, -3), 0);
}

static void huge_counts(void **state)
{
    (void)state;
    const int32_t M = INT32_MAX;
    bool half = true;
    assert_true(threshold_met(MORE_THAN_HALF, M / 2 + 1, M, &half));
    assert_false(half);
    assert_false(threshold_met(MORE_THAN_HALF, M / 2, M, NULL));
    assert_true(threshold_met(MORE_THAN_HALF, M, M, NULL));
    assert_true(threshold_met(TWO_THIRDS, M, M, NULL));
    assert_false(threshold_met(TWO_THIRDS, 1431655764, M, NULL));
    assert_true(threshold_met(TWO_THIRDS, 1431655765, M, NULL));
    assert_false(threshold_met(MORE_THAN_HALF, 1073741823, 2147483646, &half));
    assert_true(half);
    assert_int_equal(threshold_count(MORE_THAN_HALF, M), 1073741824);
    assert_int_equal(threshold_count(HALF_OR_MORE, M), 1073741824);
    assert_int_equal(threshold_count(TWO_THIRDS, M), 1431655765);
    assert_int_equal(share_permille(M, M), 1000);
    assert_int_equal(share_permille(M / 2, M), 500);
    assert_int_equal(share_permille(1, M), 0);
    assert_int_equal(share_permille(M, 1), INT32_MAX); /* clamped, not wrapped */

    struct majority_rule cast = {BASE_CAST, MORE_THAN_HALF};
    assert_true(vote_passes(&cast, M, M, M, M));
    assert_false(vote_passes(&cast, M / 2, M - 1, M, M));
    /* the cast of an evaluation is more than INT32_MAX: the sum must not wrap */
    int32_t big[3] = {M, M, 0};
    bool flag = false;
    assert_int_equal(evaluation_verdict(&cast, big, 3, M, M, &flag), 1);
    assert_true(flag); /* 满意 alone is exactly half of what was cast */
    int32_t big2[3] = {M, 0, M};
    assert_int_equal(evaluation_verdict(&cast, big2, 3, M, M, &flag), 2);
    assert_true(flag);
}

static void two_thirds(void **state)
{
    (void)state;
    assert_true(threshold_met(TWO_THIRDS, 24, 36, NULL));
    assert_false(threshold_met(TWO_THIRDS, 23, 36, NULL));
    assert_true(threshold_met(TWO_THIRDS, 24, 35, NULL));  /* 72 >= 70 */
    assert_false(threshold_met(TWO_THIRDS, 23, 35, NULL)); /* 69 < 70 */
    assert_true(threshold_met(TWO_THIRDS, 2, 3, NULL));
    assert_false(threshold_met(TWO_THIRDS, 1, 3, NULL));
    struct majority_rule r = {BASE_ALL_MEMBERS, TWO_THIRDS};
    assert_true(vote_passes(&r, 24, 30, 36, 30));
    assert_false(vote_passes(&r, 23, 23, 36, 30));
    r.base = BASE_CAST;
    assert_true(vote_passes(&r, 20, 30, 36, 30));
    assert_false(vote_passes(&r, 19, 30, 36, 30));
    r.base = BASE_ALL_MEMBERS;
    int32_t counts[3] = {20, 4, 12};
    bool flag = true;
    assert_int_equal(evaluation_verdict(&r, counts, 3, 36, 36, &flag), 1); /* 20 < 24 <= 24 */
    assert_false(flag);

    struct core_rules q;
    rules_default(&q);
    q.quorum.threshold = TWO_THIRDS;
    assert_false(quorum_met(&q, 36, 23));
    assert_true(quorum_met(&q, 36, 24));
    q.quorum.threshold = HALF_OR_MORE;
    assert_true(quorum_met(&q, 36, 18));
    assert_false(quorum_met(&q, 36, 17));
}

static void bases(void **state)
{
    (void)state;
    assert_int_equal(rule_base_count(BASE_ALL_MEMBERS, 35, 20, 18), 35);
    assert_int_equal(rule_base_count(BASE_SIGNED_IN, 35, 20, 18), 20);
    assert_int_equal(rule_base_count(BASE_CAST, 35, 20, 18), 18);
    /* the quorum is counted against all members, whatever base is set */
    struct core_rules r;
    rules_default(&r);
    r.quorum.base = BASE_SIGNED_IN;
    assert_false(quorum_met(&r, 35, 17));
    assert_true(quorum_met(&r, 35, 18));
}

static void shares(void **state)
{
    (void)state;
    assert_int_equal(share_permille(10, 22), 455);
    assert_int_equal(share_permille(10, 35), 286);
    assert_int_equal(share_permille(1, 8), 125);  /* exact */
    assert_int_equal(share_permille(1, 16), 63);  /* 62.5 rounds up */
    assert_int_equal(share_permille(1, 2000), 1); /* 0.5 rounds up */
    assert_int_equal(share_permille(1, 2001), 0); /* 0.4998 */
    assert_int_equal(share_permille(2, 3), 667);  /* 666.67 */
    assert_int_equal(share_permille(1, 3), 333);  /* 333.33 */
    assert_int_equal(share_permille(0, 35), 0);
    assert_int_equal(share_permille(35, 35), 1000);
    assert_int_equal(share_permille(-1, 16), -62); /* -62.5 rounds up */
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(rule_base_name(BASE_ALL_MEMBERS), "all");
    assert_string_equal(rule_base_name(BASE_SIGNED_IN), "signed-in");
    assert_string_equal(rule_base_name(BASE_CAST), "cast");
    assert_string_equal(rule_threshold_name(MORE_THAN_HALF), "more-than-half");
    assert_string_equal(rule_threshold_name(HALF_OR_MORE), "half-or-more");
    assert_string_equal(rule_threshold_name(TWO_THIRDS), "two-thirds");
    for (int b = BASE_ALL_MEMBERS; b <= BASE_CAST; b++)
        assert_int_equal(rule_base_parse(rule_base_name((enum rule_base)b)), b);
    for (int t = MORE_THAN_HALF; t <= TWO_THIRDS; t++)
        assert_int_equal(rule_threshold_parse(rule_threshold_name((enum rule_threshold)t)), t);
    assert_null(rule_base_name((enum rule_base)(BASE_CAST + 1)));
    assert_null(rule_base_name((enum rule_base) - 1));
    assert_null(rule_threshold_name((enum rule_threshold)(TWO_THIRDS + 1)));
    assert_null(rule_threshold_name((enum rule_threshold) - 1));
    static const char *const unknown[] = {"",
                                          "All",
                                          "signed_in",
                                          "all ",
                                          "votes",
                                          "half",
                                          "more_than_half",
                                          "Two-thirds",
                                          "more-than-half2"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_int_equal(rule_base_parse(unknown[i]), -1);
        assert_int_equal(rule_threshold_parse(unknown[i]), -1);
    }
    assert_int_equal(rule_base_parse(NULL), -1);
    assert_int_equal(rule_threshold_parse(NULL), -1);
    assert_int_equal(rule_base_parse("more-than-half"), -1);
    assert_int_equal(rule_threshold_parse("cast"), -1);
}

static void defaults(void **state)
{
    (void)state;
    struct core_rules r;
    memset(&r, 0xa5, sizeof r);
    rules_default(&r);
    const struct majority_rule *m[3] = {&r.quorum, &r.vote, &r.evaluation};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(m[i]->base, BASE_ALL_MEMBERS);
        assert_int_equal(m[i]->threshold, MORE_THAN_HALF);
    }
    assert_int_equal(r.evaluation_option_count, 3);
    assert_string_equal(r.evaluation_options[0], "满意");
    assert_string_equal(r.evaluation_options[1], "基本满意");
    assert_string_equal(r.evaluation_options[2], "不满意");
    assert_string_equal(r.evaluation_options[3], "");
    assert_string_equal(r.evaluation_options[4], "");
    assert_true(r.evaluation_secret);
    assert_true(r.vote_secret);
    static const int32_t limits[SPEECH_KIND_COUNT] = {
        [SPEECH_PLENARY] = 600,    [SPEECH_JOINT] = 600,           [SPEECH_GROUP_FIRST] = 900,
        [SPEECH_GROUP_NEXT] = 600, [SPEECH_QUESTION] = 180,        [SPEECH_ANSWER] = 300,
        [SPEECH_FOLLOWUP] = 120,   [SPEECH_FOLLOWUP_ANSWER] = 180, [SPEECH_STATEMENT] = 300,
        [SPEECH_DEFENCE] = 600,    [SPEECH_MOTION_ANSWER] = 900,
    };
    for (int k = 0; k < SPEECH_KIND_COUNT; k++) assert_int_equal(r.speech_limit_s[k], limits[k]);
    assert_int_equal(r.warning_s, 60);
    assert_int_equal(r.followups_per_question, 1);
    assert_true(r.speak_twice);
}

/* The cases of the issue: a committee of 35. */
static void committee_of_35(void **state)
{
    (void)state;
    struct core_rules r;
    rules_default(&r);
    assert_true(quorum_met(&r, 35, 18));
    assert_false(quorum_met(&r, 35, 17));

    assert_true(vote_passes(&r.vote, 18, 35, 35, 35));  /* 18 赞成, 17 反对 */
    assert_false(vote_passes(&r.vote, 17, 20, 35, 20)); /* 17 赞成, nobody against, 3 弃权 */
    assert_false(vote_passes(&r.vote, 17, 17, 35, 17)); /* 17 赞成, nobody else voted */

    int32_t counts[3] = {10, 7, 5}; /* 22 signed in, all of them scored */
    bool flag = true;
    assert_int_equal(evaluation_verdict(&r.evaluation, counts, 3, 35, 22, &flag), 2); /* 不满意 */
    assert_false(flag);
    struct majority_rule alt = {BASE_CAST, MORE_THAN_HALF}; /* 17 > 11 */
    assert_int_equal(evaluation_verdict(&alt, counts, 3, 35, 22, &flag), 1);
    assert_false(flag);
    alt.base = BASE_SIGNED_IN; /* 17 > 11 */
    assert_int_equal(evaluation_verdict(&alt, counts, 3, 35, 22, &flag), 1);
    alt = (struct majority_rule){BASE_ALL_MEMBERS, HALF_OR_MORE}; /* 34 < 35 */
    assert_int_equal(evaluation_verdict(&alt, counts, 3, 35, 22, &flag), 2);
    assert_false(flag);
    assert_int_equal(share_permille(10, 22), 455);
    assert_int_equal(share_permille(10, 35), 286);

    int32_t e1[3] = {18, 10, 5};
    assert_int_equal(evaluation_verdict(&r.evaluation, e1, 3, 35, 33, &flag), 0);
    int32_t e3[3] = {10, 8, 2};
    assert_int_equal(evaluation_verdict(&r.evaluation, e3, 3, 35, 20, &flag), 1);
}

static void flagging(void **state)
{
    (void)state;
    struct majority_rule r = {BASE_ALL_MEMBERS, MORE_THAN_HALF};
    bool flag = false;
    int32_t tie[3] = {18, 0, 18};
    assert_int_equal(evaluation_verdict(&r, tie, 3, 36, 36, &flag), 2);
    assert_true(flag);
    /* decided before a sum at half is reached: not flagged */
    int32_t early[3] = {19, 0, 17};
    assert_int_equal(evaluation_verdict(&r, early, 3, 36, 36, &flag), 0);
    assert_false(flag);
    /* the full sum is not examined: 18 不满意 out of 36 alone is no flag */
    int32_t last[3] = {0, 0, 18};
    assert_int_equal(evaluation_verdict(&r, last, 3, 36, 18, &flag), 2);
    assert_false(flag);
    /* a later sum at half after an earlier one at half: still flagged */
    int32_t both[3] = {0, 18, 18};
    assert_int_equal(evaluation_verdict(&r, both, 3, 36, 36, &flag), 2);
    assert_true(flag);
    /* a vote at exactly half simply fails */
    assert_false(vote_passes(&r, 18, 36, 36, 36));
    /* a NULL flag is allowed */
    assert_int_equal(evaluation_verdict(&r, tie, 3, 36, 36, NULL), 2);
}

static void two_options(void **state)
{
    (void)state;
    struct majority_rule r = {BASE_ALL_MEMBERS, MORE_THAN_HALF};
    bool flag = true;
    int32_t yes[2] = {18, 17};
    assert_int_equal(evaluation_verdict(&r, yes, 2, 35, 35, &flag), 0);
    assert_false(flag);
    int32_t no[2] = {17, 18};
    assert_int_equal(evaluation_verdict(&r, no, 2, 35, 35, &flag), 1);
    assert_false(flag);
    int32_t tie[2] = {18, 18};
    assert_int_equal(evaluation_verdict(&r, tie, 2, 36, 36, &flag), 1);
    assert_true(flag);
    r.threshold = HALF_OR_MORE;
    assert_int_equal(evaluation_verdict(&r, tie, 2, 36, 36, &flag), 0);
    assert_true(flag);
}

static void five_options(void **state)
{
    (void)state;
    struct majority_rule r = {BASE_ALL_MEMBERS, MORE_THAN_HALF};
    bool flag = true;
    int32_t a[5] = {5, 5, 5, 5, 15}; /* 5, 10, 15, 20 > 17.5 */
    assert_int_equal(evaluation_verdict(&r, a, 5, 35, 35, &flag), 3);
    assert_false(flag);
    int32_t b[5] = {0, 0, 0, 0, 35};
    assert_int_equal(evaluation_verdict(&r, b, 5, 35, 35, &flag), 4);
    assert_false(flag);
    int32_t c[5] = {20, 0, 0, 0, 15};
    assert_int_equal(evaluation_verdict(&r, c, 5, 35, 35, &flag), 0);
    int32_t d[5] = {6, 6, 6, 1, 17}; /* 6, 12, 18 = half of 36, 19 */
    assert_int_equal(evaluation_verdict(&r, d, 5, 36, 36, &flag), 3);
    assert_true(flag);
    r.threshold = HALF_OR_MORE;
    assert_int_equal(evaluation_verdict(&r, d, 5, 36, 36, &flag), 2);
    assert_true(flag);
    r = (struct majority_rule){BASE_CAST, MORE_THAN_HALF};
    int32_t e[5] = {1, 2, 3, 4, 0}; /* cast 10: 1, 3, 6 > 5 */
    assert_int_equal(evaluation_verdict(&r, e, 5, 35, 12, &flag), 2);
    assert_false(flag);
}

/* The law exam's score: points per question out of 100, a multiple choice all or nothing. */
static int32_t score_of(int n, int right)
{
    uint8_t key[EXAM_QUESTIONS_MAX], given[EXAM_QUESTIONS_MAX];
    for (int i = 0; i < n; i++) {
        key[i] = (uint8_t)(1 + i % 15); /* single, multiple and true/false answers alike */
        given[i] = i < right ? key[i] : (uint8_t)(key[i] ^ 1);
    }
    return exam_score(key, given, n);
}

static void exam_scores(void **state)
{
    (void)state;
    assert_int_equal(score_of(20, 17), 85); /* 5 points a question */
    assert_int_equal(score_of(20, 12), 60); /* exactly the default pass mark */
    assert_int_equal(score_of(20, 11), 55);
    assert_int_equal(score_of(20, 20), 100);
    assert_int_equal(score_of(20, 0), 0);
    assert_int_equal(score_of(3, 2), 67); /* 66.7 rounded half up */
    assert_int_equal(score_of(3, 1), 33);
    assert_int_equal(score_of(8, 5), 63); /* 62.5 rounded half up */
    assert_int_equal(score_of(30, 18), 60);
    assert_int_equal(score_of(0, 0), 0);
    /* a multiple choice A+C+D: only exactly A+C+D scores; a subset or a superset scores 0 */
    const uint8_t key[4] = {1 | 4 | 8, 1 | 4 | 8, 1 | 4 | 8, 2};
    const uint8_t given[4] = {1 | 4 | 8, 1 | 4, 15, 0};
    assert_int_equal(exam_score(key, given, 4), 25);
    /* an unanswered question (0) never matches */
    const uint8_t none[2] = {0, 0};
    const uint8_t tf[2] = {1, 2}; /* 正确, 错误 */
    assert_int_equal(exam_score(tf, none, 2), 0);
    struct core_rules r;
    rules_default(&r);
    assert_false(r.exam.required);
    assert_int_equal(r.exam.pass_mark, 60);
    assert_int_equal(r.exam.minutes, 90);
    assert_int_equal(r.exam.retakes, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_cases_tsv), cmocka_unit_test(threshold_counts),
        cmocka_unit_test(half_edges),      cmocka_unit_test(base_zero),
        cmocka_unit_test(huge_counts),     cmocka_unit_test(two_thirds),
        cmocka_unit_test(bases),           cmocka_unit_test(shares),
        cmocka_unit_test(names),           cmocka_unit_test(defaults),
        cmocka_unit_test(committee_of_35), cmocka_unit_test(flagging),
        cmocka_unit_test(two_options),     cmocka_unit_test(five_options),
        cmocka_unit_test(exam_scores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
