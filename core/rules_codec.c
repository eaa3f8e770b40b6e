/* The rules as JSON: carried by the rules_changed event and the snapshot. */
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/internal.h"
#include "core/json.h"

enum { LIMITS_OF_FIRST_RELEASE = SPEECH_STATEMENT + 1 };
static const char *const limit_keys[SPEECH_KIND_COUNT] = {
    "plenary",  "joint",           "group_first", "group_next", "question",      "answer",
    "followup", "followup_answer", "statement",   "defence",    "motion_answer",
};

cJSON *majority_to_json(const struct majority_rule *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "base", rule_base_name(m->base));
    cJSON_AddStringToObject(o, "threshold", rule_threshold_name(m->threshold));
    return o;
}

cJSON *rules_to_json(const struct core_rules *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddItemToObject(o, "quorum", majority_to_json(&r->quorum));
    cJSON_AddItemToObject(o, "vote", majority_to_json(&r->vote));
    cJSON_AddItemToObject(o, "evaluation", majority_to_json(&r->evaluation));
    cJSON *opts = cJSON_AddArrayToObject(o, "evaluation_options");
    for (int i = 0; i < r->evaluation_option_count; i++)
        cJSON_AddItemToArray(opts, cJSON_CreateString(r->evaluation_options[i]));
    cJSON_AddBoolToObject(o, "evaluation_secret", r->evaluation_secret);
    cJSON_AddBoolToObject(o, "vote_secret", r->vote_secret);
    cJSON *limits = cJSON_AddObjectToObject(o, "limits");
    for (int k = 0; k < SPEECH_KIND_COUNT; k++)
        cJSON_AddNumberToObject(limits, limit_keys[k], r->speech_limit_s[k]);
    cJSON_AddNumberToObject(o, "warning", r->warning_s);
    cJSON_AddNumberToObject(o, "followups", r->followups_per_question);
    cJSON_AddBoolToObject(o, "speak_twice", r->speak_twice);
    cJSON_AddStringToObject(o, "choice_rule", choice_rule_name((enum choice_rule)r->choice_rule));
    cJSON_AddBoolToObject(o, "choice_secret", r->choice_secret);
    cJSON_AddBoolToObject(o, "removal_paper", r->removal_paper);
    cJSON_AddNumberToObject(o, "motion_signatures", r->motion_signatures);
    cJSON_AddStringToObject(o, "motion_reanswer", r->motion_reanswer_any ? "any" : "majority");
    cJSON_AddNumberToObject(o, "opinion_months", r->opinion_months);
    cJSON_AddStringToObject(o, "opinion_adoption", r->opinion_by_vote ? "vote" : "chair");
    cJSON *exam = cJSON_AddObjectToObject(o, "exam");
    cJSON_AddBoolToObject(exam, "required", r->exam.required);
    cJSON_AddNumberToObject(exam, "pass", r->exam.pass_mark);
    cJSON_AddNumberToObject(exam, "minutes", r->exam.minutes);
    cJSON_AddNumberToObject(exam, "retakes", r->exam.retakes);
    return o;
}

static const char *base_at(int i)
{
    return rule_base_name((enum rule_base)i);
}
static const char *threshold_at(int i)
{
    return rule_threshold_name((enum rule_threshold)i);
}

enum core_err majority_from_json(const cJSON *o, const char *key, struct majority_rule *m,
                                 struct core_error *err)
{
    static const char *const keys[] = {"base", "threshold", NULL};
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    int base, threshold;
    enum core_err rc = json_only(v, keys, err);
    if (rc == ERR_OK) rc = json_name(v, "base", base_at, BASE_CAST + 1, &base, err);
    if (rc == ERR_OK) rc = json_name(v, "threshold", threshold_at, TWO_THIRDS + 1, &threshold, err);
    if (rc != ERR_OK) return rc;
    m->base = (enum rule_base)base;
    m->threshold = (enum rule_threshold)threshold;
    return ERR_OK;
}

static enum core_err options_from_json(const cJSON *o, struct core_rules *r, struct core_error *err)
{
    const cJSON *arr;
    enum core_err rc = json_array(o, "evaluation_options", OPTIONS_MAX, &arr, err);
    if (rc != ERR_OK) return rc;
    r->evaluation_option_count = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, arr)
    {
        if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0] ||
            strlen(v->valuestring) >= OPTION_LABEL_MAX || !text_ok(v->valuestring, false))
            return refuse(err, ERR_BAD_MESSAGE, "'evaluation_options' entry");
        strcpy(r->evaluation_options[r->evaluation_option_count++], v->valuestring);
    }
    if (r->evaluation_option_count < 2)
        return refuse(err, ERR_BAD_MESSAGE, "'evaluation_options' needs two or more");
    return ERR_OK;
}

static enum core_err limits_from_json(const cJSON *o, struct core_rules *r, struct core_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "limits");
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'limits' is missing");
    const char *keys[SPEECH_KIND_COUNT + 1];
    memcpy(keys, limit_keys, sizeof limit_keys);
    keys[SPEECH_KIND_COUNT] = NULL;
    enum core_err rc = json_only(v, keys, err);
    struct core_rules defaults;
    rules_default(&defaults);
    for (int k = 0; rc == ERR_OK && k < SPEECH_KIND_COUNT; k++) {
        /* kinds added after the first release may be absent from older journals */
        if (k >= LIMITS_OF_FIRST_RELEASE && !cJSON_GetObjectItemCaseSensitive(v, limit_keys[k]))
            r->speech_limit_s[k] = defaults.speech_limit_s[k];
        else
            rc = json_i32(v, limit_keys[k], 1, 86400, &r->speech_limit_s[k], err);
    }
    return rc;
}

static const char *choice_rule_at(int i)
{
    return choice_rule_name((enum choice_rule)i);
}

/* The rules of choice ballots and of removals came later: rules written before them have none
 * of these keys, and keep the defaults. */
static enum core_err later_rules_from_json(const cJSON *o, struct core_rules *r,
                                           struct core_error *err)
{
    r->choice_rule = CHOICE_MAJORITY_ALL;
    r->choice_secret = true;
    enum core_err rc = ERR_OK;
    if (cJSON_GetObjectItemCaseSensitive(o, "choice_rule"))
        rc = json_name(o, "choice_rule", choice_rule_at, CHOICE_RULE_COUNT, &r->choice_rule, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "choice_secret"))
        rc = json_bool(o, "choice_secret", &r->choice_secret, err);
    r->removal_paper = true;
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "removal_paper"))
        rc = json_bool(o, "removal_paper", &r->removal_paper, err);
    return rc;
}

static const char *reanswer_at(int i)
{
    return i == 0 ? "majority" : i == 1 ? "any" : NULL;
}

/* Optional: rules written before motions (质询案) existed keep their defaults (5, majority). */
static enum core_err motion_rules_from_json(const cJSON *o, struct core_rules *r,
                                            struct core_error *err)
{
    r->motion_signatures = 5;
    r->motion_reanswer_any = false;
    int any = 0;
    enum core_err rc = ERR_OK;
    if (cJSON_GetObjectItemCaseSensitive(o, "motion_signatures"))
        rc = json_i32(o, "motion_signatures", 1, MOTION_SIGNATURES_MAX, &r->motion_signatures, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "motion_reanswer"))
        rc = json_name(o, "motion_reanswer", reanswer_at, 2, &any, err);
    r->motion_reanswer_any = any == 1;
    return rc;
}

static const char *adoption_at(int i)
{
    return i == 0 ? "chair" : i == 1 ? "vote" : NULL;
}

/* Optional: rules written before opinions (审议意见) existed keep their defaults (3, chair). */
static enum core_err opinion_rules_from_json(const cJSON *o, struct core_rules *r,
                                             struct core_error *err)
{
    r->opinion_months = OPINION_MONTHS_DEFAULT;
    int vote = 0;
    enum core_err rc = ERR_OK;
    if (cJSON_GetObjectItemCaseSensitive(o, "opinion_months"))
        rc = json_i32(o, "opinion_months", OPINION_MONTHS_MIN, OPINION_MONTHS_MAX,
                      &r->opinion_months, err);
    if (rc == ERR_OK && cJSON_GetObjectItemCaseSensitive(o, "opinion_adoption"))
        rc = json_name(o, "opinion_adoption", adoption_at, 2, &vote, err);
    r->opinion_by_vote = vote == 1;
    return rc;
}

/* Optional: rules written before the exam existed keep its defaults. */
static enum core_err exam_from_json(const cJSON *o, struct exam_rules *e, struct core_error *err)
{
    static const char *const keys[] = {"required", "pass", "minutes", "retakes", NULL};
    *e = (struct exam_rules){.required = false, .pass_mark = 60, .minutes = 90, .retakes = 1};
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "exam");
    if (!v) return ERR_OK;
    enum core_err rc = json_only(v, keys, err);
    if (rc == ERR_OK) rc = json_bool(v, "required", &e->required, err);
    if (rc == ERR_OK) rc = json_i32(v, "pass", 0, 100, &e->pass_mark, err);
    if (rc == ERR_OK) rc = json_i32(v, "minutes", 1, EXAM_MINUTES_MAX, &e->minutes, err);
    if (rc == ERR_OK) rc = json_i32(v, "retakes", 0, EXAM_ATTEMPTS_MAX - 1, &e->retakes, err);
    return rc;
}

enum core_err rules_from_json(const cJSON *o, struct core_rules *r, struct core_error *err)
{
    static const char *const keys[] = {
        "quorum",
        "vote",
        "evaluation",
        "evaluation_options",
        "evaluation_secret",
        "vote_secret",
        "limits",
        "warning",
        "followups",
        "speak_twice",
        "choice_rule",
        "choice_secret",
        "removal_paper",
        "exam",
        "motion_signatures",
        "motion_reanswer",
        "opinion_months",
        "opinion_adoption",
        NULL,
    };
    memset(r, 0, sizeof *r);
    enum core_err rc = json_only(o, keys, err);
    if (rc == ERR_OK) rc = majority_from_json(o, "quorum", &r->quorum, err);
    if (rc == ERR_OK) rc = majority_from_json(o, "vote", &r->vote, err);
    if (rc == ERR_OK) rc = majority_from_json(o, "evaluation", &r->evaluation, err);
    if (rc == ERR_OK) rc = options_from_json(o, r, err);
    if (rc == ERR_OK) rc = json_bool(o, "evaluation_secret", &r->evaluation_secret, err);
    if (rc == ERR_OK) rc = json_bool(o, "vote_secret", &r->vote_secret, err);
    if (rc == ERR_OK) rc = limits_from_json(o, r, err);
    if (rc == ERR_OK) rc = json_i32(o, "warning", 0, 3600, &r->warning_s, err);
    if (rc == ERR_OK) rc = json_i32(o, "followups", 0, 5, &r->followups_per_question, err);
    if (rc == ERR_OK) rc = json_bool(o, "speak_twice", &r->speak_twice, err);
    if (rc == ERR_OK) rc = later_rules_from_json(o, r, err);
    if (rc == ERR_OK) rc = exam_from_json(o, &r->exam, err);
    if (rc == ERR_OK) rc = motion_rules_from_json(o, r, err);
    if (rc == ERR_OK) rc = opinion_rules_from_json(o, r, err);
    return rc;
}

bool rules_equal(const struct core_rules *a, const struct core_rules *b)
{
    cJSON *ja = rules_to_json(a), *jb = rules_to_json(b);
    char *ta = ja ? cJSON_PrintUnformatted(ja) : NULL, *tb = jb ? cJSON_PrintUnformatted(jb) : NULL;
    bool same = ta && tb && strcmp(ta, tb) == 0;
    free(ta);
    free(tb);
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    return same;
}
