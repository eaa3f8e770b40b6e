/* tui/config.c: defaults, every key, every error, the lookup order, and the sample
 * conf/cmte.ini kept in step with the table of keys. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/config.h"

/* --- Helpers ------------------------------------------------------------------------- */

static char err[CONFIG_ERROR_MAX];

/* Defaults, then text as the file "cmte.ini". */
static int load(struct config *c, const char *text)
{
    config_defaults(c);
    err[0] = '\0';
    return config_load_string(c, "cmte.ini", text, err, sizeof err);
}

/* Loading text fails with a message that starts with `start` and contains `part`. */
static void expect_error(const char *text, const char *start, const char *part)
{
    struct config c;
    if (load(&c, text) == 0) fail_msg("loaded without error:\n%s", text);
    if (strncmp(err, start, strlen(start)) != 0 || !strstr(err, part))
        fail_msg("error '%s'\nexpected to start with '%s' and contain '%s'", err, start, part);
}

static void expect_exact(const char *text, const char *message)
{
    expect_error(text, message, "");
    assert_string_equal(err, message);
}

/* --- Defaults and the table ----------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    struct config c;
    config_defaults(&c);
    assert_string_equal(c.hub_host, "127.0.0.1");
    assert_string_equal(c.listen_host, "0.0.0.0");
    assert_int_equal(c.port, 7710);
    assert_string_equal(c.trace_path, "");
    assert_string_equal(c.hub_key, "hub.key");
    assert_string_equal(c.console_secret, "");
    assert_string_equal(c.hub_public, "");
    assert_string_equal(c.db_path, "cmte.db");
    assert_int_equal(c.language, LANG_ZH);
    assert_int_equal(c.escdelay_ms, 50);
    assert_int_equal(c.heartbeat_ms, 2000);
    assert_int_equal(c.timeout_ms, 6000);
    assert_int_equal(c.queue_limit_bytes, 4194304);
    assert_int_equal(c.frame_max_bytes, 1048576);
    assert_int_equal(c.command_rate, 50);
    assert_int_equal(c.command_burst, 200);
    assert_string_equal(c.source, "");
}

static void test_rule_defaults(void **state)
{
    (void)state;
    struct config c;
    config_defaults(&c);
    const struct core_rules *r = &c.rules;
    assert_int_equal(r->quorum.base, BASE_ALL_MEMBERS);
    assert_int_equal(r->quorum.threshold, MORE_THAN_HALF);
    assert_int_equal(r->vote.base, BASE_ALL_MEMBERS);
    assert_int_equal(r->vote.threshold, MORE_THAN_HALF);
    assert_int_equal(r->evaluation.base, BASE_ALL_MEMBERS);
    assert_int_equal(r->evaluation.threshold, MORE_THAN_HALF);
    assert_int_equal(r->evaluation_option_count, 3);
    assert_string_equal(r->evaluation_options[0], "满意");
    assert_string_equal(r->evaluation_options[1], "基本满意");
    assert_string_equal(r->evaluation_options[2], "不满意");
    assert_true(r->evaluation_secret);
    assert_true(r->vote_secret);
    assert_int_equal(r->followups_per_question, 1);
    assert_true(r->speak_twice);
    static const int32_t limits[SPEECH_KIND_COUNT] = {
        [SPEECH_PLENARY] = 600,    [SPEECH_JOINT] = 600,           [SPEECH_GROUP_FIRST] = 900,
        [SPEECH_GROUP_NEXT] = 600, [SPEECH_QUESTION] = 180,        [SPEECH_ANSWER] = 300,
        [SPEECH_FOLLOWUP] = 120,   [SPEECH_FOLLOWUP_ANSWER] = 180, [SPEECH_STATEMENT] = 300,
        [SPEECH_DEFENCE] = 600,    [SPEECH_MOTION_ANSWER] = 900,
    };
    for (int k = 0; k < SPEECH_KIND_COUNT; k++) assert_int_equal(r->speech_limit_s[k], limits[k]);
    assert_int_equal(r->warning_s, 60);
}

/* The table's defaults and core's rules_default() must agree. */
static void test_rule_defaults_match_core(void **state)
{
    (void)state;
    struct config c;
    struct core_rules d;
    config_defaults(&c);
    rules_default(&d);
    const struct core_rules *r = &c.rules;
    assert_int_equal(r->quorum.base, d.quorum.base);
    assert_int_equal(r->quorum.threshold, d.quorum.threshold);
    assert_int_equal(r->vote.base, d.vote.base);
    assert_int_equal(r->vote.threshold, d.vote.threshold);
    assert_int_equal(r->evaluation.base, d.evaluation.base);
    assert_int_equal(r->evaluation.threshold, d.evaluation.threshold);
    assert_int_equal(r->evaluation_option_count, d.evaluation_option_count);
    for (int i = 0; i < d.evaluation_option_count; i++)
        assert_string_equal(r->evaluation_options[i], d.evaluation_options[i]);
    assert_int_equal(r->evaluation_secret, d.evaluation_secret);
    assert_int_equal(r->vote_secret, d.vote_secret);
    assert_memory_equal(r->speech_limit_s, d.speech_limit_s, sizeof d.speech_limit_s);
    assert_int_equal(r->warning_s, d.warning_s);
    assert_int_equal(r->followups_per_question, d.followups_per_question);
    assert_int_equal(r->speak_twice, d.speak_twice);
}

static void test_key_table(void **state)
{
    (void)state;
    size_t n = config_key_count();
    assert_int_equal(n, 52); /* choice, removal, [exam], motions, opinions and [documents] keys */
    assert_null(config_key(n));
    struct config c;
    config_defaults(&c);
    for (size_t i = 0; i < n; i++) {
        const struct config_key_info *k = config_key(i);
        assert_non_null(k);
        assert_true(k->help && *k->help);
        for (size_t j = 0; j < i; j++)
            assert_false(strcmp(k->section, config_key(j)->section) == 0 &&
                         strcmp(k->key, config_key(j)->key) == 0);
        if (config_set(&c, k->section, k->key, k->default_text, err, sizeof err) != 0)
            fail_msg("default of %s.%s: %s", k->section, k->key, err);
    }
}

/* --- Every key set ----------------------------------------------------------------------- */

static const char every_key[] =
    "[hub]\n"
    "address = hub.example.org\n"
    "listen = ::\n"
    "port = 65535\n"
    "trace = /srv/cmte/trace\n"
    "[keys]\n"
    "hub_key = /srv/cmte/hub.key\n"
    "console_secret = ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n"
    "hub_public = 00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF\n"
    "[database]\n"
    "path = /srv/cmte/meeting.db\n"
    "[ui]\n"
    "language = en\n"
    "escdelay = 0\n"
    "[rules]\n"
    "quorum = two-thirds\n"
    "vote_base = signed-in\n"
    "vote_threshold = half-or-more\n"
    "evaluation_base = cast\n"
    "evaluation_threshold = two-thirds\n"
    "evaluation_options =  A , B,C,D,Excellent e\n"
    "evaluation_secret = no\n"
    "vote_secret = Off\n"
    "followups = 5\n"
    "speak_twice = FALSE\n"
    "choice_rule = majority-cast\n"
    "choice_secret = no\n"
    "removal_paper = no\n"
    "motion_signatures = 10\n"
    "motion_reanswer = any\n"
    "opinion_months = 6\n"
    "opinion_adoption = vote\n"
    "[limits]\n"
    "plenary = 10\n"
    "joint = 11\n"
    "group_first = 12\n"
    "group_next = 13\n"
    "question = 14\n"
    "answer = 15\n"
    "followup = 16\n"
    "followup_answer = 17\n"
    "statement = 7200\n"
    "defence = 900\n"
    "motion_answer = 1200\n"
    "warning = 0\n"
    "[exam]\n"
    "required = yes\n"
    "questions = 100\n"
    "minutes = 1\n"
    "pass = 100\n"
    "retakes = 3\n"
    "bank = /srv/cmte/bank.csv\n"
    "[documents]\n"
    "max_bytes = 16777216\n"
    "[net]\n"
    "heartbeat_ms = 100\n"
    "timeout_ms = +600000\n"
    "queue_limit = 65536\n"
    "frame_max = 16777216\n"
    "command_rate = 0\n"
    "command_burst = 100000\n";

static void test_every_key_set(void **state)
{
    (void)state;
    for (size_t i = 0; i < config_key_count(); i++) {
        char line[64];
        snprintf(line, sizeof line, "\n%s = ", config_key(i)->key);
        if (!strstr(every_key, line)) fail_msg("the test does not set %s", config_key(i)->key);
    }
    struct config c;
    if (load(&c, every_key) != 0) fail_msg("%s", err);
    assert_string_equal(c.hub_host, "hub.example.org");
    assert_string_equal(c.listen_host, "::");
    assert_int_equal(c.port, 65535);
    assert_string_equal(c.trace_path, "/srv/cmte/trace");
    assert_string_equal(c.hub_key, "/srv/cmte/hub.key");
    assert_string_equal(c.console_secret,
                        "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
    assert_string_equal(c.hub_public,
                        "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF");
    assert_string_equal(c.db_path, "/srv/cmte/meeting.db");
    assert_int_equal(c.language, LANG_EN);
    assert_int_equal(c.escdelay_ms, 0);
    assert_int_equal(c.heartbeat_ms, 100);
    assert_int_equal(c.timeout_ms, 600000);
    assert_int_equal(c.queue_limit_bytes, 65536);
    assert_int_equal(c.frame_max_bytes, 16777216);
    assert_int_equal(c.command_rate, 0);
    assert_int_equal(c.command_burst, 100000);
    assert_string_equal(c.source, "cmte.ini");
    assert_true(c.rules.exam.required);
    assert_int_equal(c.exam_questions, 100);
    assert_int_equal(c.rules.exam.minutes, 1);
    assert_int_equal(c.rules.exam.pass_mark, 100);
    assert_int_equal(c.rules.exam.retakes, 3);
    assert_string_equal(c.exam_bank, "/srv/cmte/bank.csv");
    assert_int_equal(c.document_max_bytes, 16777216);
}

/* The exam's values out of range are refused with the file, line and key. */
static void test_error_exam(void **state)
{
    (void)state;
    struct config c;
    assert_int_equal(load(&c, "[exam]\nquestions = 0\n"), -1);
    assert_non_null(strstr(err, "cmte.ini:2: exam.questions"));
    assert_int_equal(load(&c, "[exam]\n\nquestions = 101\n"), -1);
    assert_non_null(strstr(err, "cmte.ini:3: exam.questions"));
    assert_int_equal(load(&c, "[exam]\npass = 101\n"), -1);
    assert_non_null(strstr(err, "exam.pass"));
    assert_int_equal(load(&c, "[exam]\nminutes = 601\n"), -1);
    assert_non_null(strstr(err, "exam.minutes"));
    assert_int_equal(load(&c, "[exam]\nretakes = 4\n"), -1);
    assert_non_null(strstr(err, "exam.retakes"));
    assert_int_equal(load(&c, "[exam]\nrequired = maybe\n"), -1);
    assert_non_null(strstr(err, "exam.required"));
    assert_int_equal(load(&c, "[documents]\nmax_bytes = 1023\n"), -1);
    assert_non_null(strstr(err, "cmte.ini:2: documents.max_bytes"));
    assert_int_equal(load(&c, ""), 0);
    assert_int_equal(c.document_max_bytes, 1 << 20);
}

static void test_every_rule_set(void **state)
{
    (void)state;
    struct config c;
    if (load(&c, every_key) != 0) fail_msg("%s", err);
    const struct core_rules *r = &c.rules;
    assert_int_equal(r->quorum.base, BASE_ALL_MEMBERS);
    assert_int_equal(r->quorum.threshold, TWO_THIRDS);
    assert_int_equal(r->vote.base, BASE_SIGNED_IN);
    assert_int_equal(r->vote.threshold, HALF_OR_MORE);
    assert_int_equal(r->evaluation.base, BASE_CAST);
    assert_int_equal(r->evaluation.threshold, TWO_THIRDS);
    assert_int_equal(r->evaluation_option_count, 5);
    static const char *const labels[] = {"A", "B", "C", "D", "Excellent e"};
    for (int i = 0; i < 5; i++) assert_string_equal(r->evaluation_options[i], labels[i]);
    assert_false(r->evaluation_secret);
    assert_false(r->vote_secret);
    assert_int_equal(r->followups_per_question, 5);
    assert_false(r->speak_twice);
    for (int k = 0; k < SPEECH_STATEMENT; k++) assert_int_equal(r->speech_limit_s[k], 10 + k);
    assert_int_equal(r->choice_rule, CHOICE_MAJORITY_CAST);
    assert_false(r->choice_secret);
    assert_false(r->removal_paper);
    assert_int_equal(r->motion_signatures, 10);
    assert_true(r->motion_reanswer_any);
    assert_int_equal(r->opinion_months, 6);
    assert_true(r->opinion_by_vote);
    assert_int_equal(r->speech_limit_s[SPEECH_STATEMENT], 7200);
    assert_int_equal(r->speech_limit_s[SPEECH_DEFENCE], 900);
    assert_int_equal(r->speech_limit_s[SPEECH_MOTION_ANSWER], 1200);
    assert_int_equal(r->warning_s, 0);
}

static void test_bool_words(void **state)
{
    (void)state;
    static const char *const yes[] = {"yes", "YES", "true", "True", "on", "ON", "1"};
    static const char *const no[] = {"no", "No", "false", "FALSE", "off", "Off", "0"};
    struct config c;
    config_defaults(&c);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        assert_int_equal(config_set(&c, "rules", "vote_secret", no[i], err, sizeof err), 0);
        assert_false(c.rules.vote_secret);
        assert_int_equal(config_set(&c, "rules", "vote_secret", yes[i], err, sizeof err), 0);
        assert_true(c.rules.vote_secret);
    }
}

static void test_file_forms(void **state)
{
    (void)state;
    struct config c;
    const char *text = "\xEF\xBB\xBF; comment\r\n"
                       "# another\r\n"
                       "\r\n"
                       "[hub]\r\n"
                       "  ; indented comment\r\n"
                       "port=7000 ; inline comment\r\n"
                       "address: example.net\r\n"
                       "[ui]\n"
                       "language = en";
    if (load(&c, text) != 0) fail_msg("%s", err);
    assert_int_equal(c.port, 7000);
    assert_string_equal(c.hub_host, "example.net");
    assert_int_equal(c.language, LANG_EN);
    assert_int_equal(load(&c, ""), 0);
    assert_int_equal(c.port, 7710);
}

/* --- config_set ------------------------------------------------------------------------- */

static void test_config_set(void **state)
{
    (void)state;
    struct config c;
    config_defaults(&c);
    assert_int_equal(config_set(&c, "ui", "language", "en", err, sizeof err), 0);
    assert_int_equal(c.language, LANG_EN);
    assert_int_equal(config_set(&c, "ui", "language", "fr", err, sizeof err), -1);
    assert_string_equal(err, "ui.language: 'fr' is not one of zh, en");
    assert_int_equal(c.language, LANG_EN);
    assert_int_equal(config_set(&c, "database", "path", "x/y.db", err, sizeof err), 0);
    assert_string_equal(c.db_path, "x/y.db"); /* relative to the working directory */
    assert_int_equal(config_set(&c, "hub", "port", "0", err, sizeof err), -1);
    assert_string_equal(err, "hub.port: 0 is out of range 1..65535");
    assert_int_equal(c.port, 7710);
    assert_int_equal(config_set(&c, "hub", "prot", "1", err, sizeof err), -1);
    assert_string_equal(err, "unknown key 'prot' in section [hub]");
    assert_int_equal(config_set(&c, "hubb", "port", "1", err, sizeof err), -1);
    assert_string_equal(err, "unknown section [hubb]");
    assert_int_equal(config_set(&c, "rules", "evaluation_options", "a,b,a", err, sizeof err), -1);
    assert_string_equal(err, "rules.evaluation_options: 'a' is given twice");
    assert_int_equal(c.rules.evaluation_option_count, 3);
    assert_string_equal(c.rules.evaluation_options[0], "满意");
}

/* --- Errors ---------------------------------------------------------------------------- */

static void test_error_structure(void **state)
{
    (void)state;
    expect_exact("[hub]\nport = 1\n\n\n\n\n\n\n\n\n\nprot = 2\n",
                 "cmte.ini:12: unknown key 'prot' in section [hub]");
    expect_exact("; x\n[hubb]\nport = 1\n", "cmte.ini:2: unknown section [hubb]");
    expect_exact("[hub]\n[empty]\n", "cmte.ini:2: unknown section [empty]");
    expect_exact("port = 1\n[hub]\n", "cmte.ini:1: key 'port' is outside any section");
    expect_exact("[hub]\n\nport = 1\n[ui]\n[hub]\n\nport = 2\n",
                 "cmte.ini:7: hub.port is set twice (first on line 3)");
    expect_error("[hub]\nport = 1\n\n\n\n\nport 2\n", "cmte.ini:7: syntax error", "");
    expect_error("[hub\n", "cmte.ini:1: syntax error", "");
    expect_error("[hub]\nport = 1\n  2\n", "cmte.ini:3: the line is indented", "");
    char long_line[400];
    snprintf(long_line, sizeof long_line, "[database]\npath = %0300d\n", 0);
    expect_error(long_line, "cmte.ini:2: the line is longer than", "bytes");
}

/* Only the first error is reported, whichever kind it is. */
static void test_first_error_only(void **state)
{
    (void)state;
    expect_error("[hub]\nport = x\nnonsense\n", "cmte.ini:2: hub.port", "whole number");
    expect_error("[hub]\nnonsense\nport = x\n", "cmte.ini:2: syntax error", "");
    expect_error("[hub]\nnonsense\n[bad]\n", "cmte.ini:2: syntax error", "");
    expect_error("[hub]\nprot = 1\n[bad]\n", "cmte.ini:2: unknown key", "prot");
    expect_error("[net]\ntimeout_ms = 1\nheartbeat_ms = 9000\n", "cmte.ini:2: net.timeout_ms",
                 "500..600000");
}

static void test_error_int(void **state)
{
    (void)state;
    expect_exact("[hub]\n\nport = abc\n", "cmte.ini:3: hub.port: 'abc' is not a whole number");
    expect_exact("[hub]\n\nport = 70000\n", "cmte.ini:3: hub.port: 70000 is out of range 1..65535");
    expect_exact("[hub]\nport = 0\n", "cmte.ini:2: hub.port: 0 is out of range 1..65535");
    expect_exact("[limits]\n\n\n\n\n\n\n\nanswer = -5\n",
                 "cmte.ini:9: limits.answer: -5 is out of range 10..7200 (seconds)");
    expect_exact("[limits]\nwarning = 601\n",
                 "cmte.ini:2: limits.warning: 601 is out of range 0..600 (seconds)");
    expect_exact("[hub]\nport = 99999999999999999999\n",
                 "cmte.ini:2: hub.port: 99999999999999999999 is out of range 1..65535");
    expect_exact("[hub]\nport = -99999999999999999999\n",
                 "cmte.ini:2: hub.port: -99999999999999999999 is out of range 1..65535");
    expect_error("[hub]\nport = 12x\n", "cmte.ini:2: hub.port:", "not a whole number");
    expect_error("[hub]\nport = 0x10\n", "cmte.ini:2: hub.port:", "not a whole number");
    expect_error("[hub]\nport =\n", "cmte.ini:2: hub.port:", "not a whole number");
    expect_error("[hub]\nport = +\n", "cmte.ini:2: hub.port:", "not a whole number");
    expect_error("[hub]\nport = 1.5\n", "cmte.ini:2: hub.port:", "not a whole number");
    expect_error("[ui]\nescdelay = 1001\n", "cmte.ini:2: ui.escdelay:", "0..1000 (milliseconds)");
    expect_error("[rules]\nfollowups = 6\n", "cmte.ini:2: rules.followups:", "0..5");
    expect_error("[net]\nheartbeat_ms = 99\n", "cmte.ini:2: net.heartbeat_ms:", "100..60000");
    expect_error("[net]\ntimeout_ms = 600001\n", "cmte.ini:2: net.timeout_ms:", "500..600000");
    expect_error("[net]\nqueue_limit = 65535\n", "cmte.ini:2: net.queue_limit:", "bytes");
    expect_error("[net]\nframe_max = 16777217\n", "cmte.ini:2: net.frame_max:", "4096..16777216");
    expect_error("[net]\ncommand_burst = 0\n", "cmte.ini:2: net.command_burst:", "1..100000");
}

static void test_error_timeout(void **state)
{
    (void)state;
    expect_exact("[net]\n\ntimeout_ms = 2000\n",
                 "cmte.ini:3: net.timeout_ms (2000) must be greater than net.heartbeat_ms (2000)");
    expect_error("[net]\nheartbeat_ms = 7000\n", "cmte.ini:2: net.timeout_ms", "heartbeat_ms");
    expect_error("[net]\ntimeout_ms = 3000\nheartbeat_ms = 5000\n", "cmte.ini:2: net.timeout_ms",
                 "heartbeat_ms");
    struct config c;
    assert_int_equal(load(&c, "[net]\nheartbeat_ms = 7000\ntimeout_ms = 7001\n"), 0);
}

static void test_error_bool_enum_rules(void **state)
{
    (void)state;
    expect_exact("[rules]\nvote_secret = maybe\n",
                 "cmte.ini:2: rules.vote_secret: 'maybe' is not "
                 "one of yes, no (or true, false, on, off, 1, 0)");
    expect_error("[rules]\nspeak_twice = 2\n", "cmte.ini:2: rules.speak_twice:", "'2'");
    expect_exact("[ui]\nlanguage = fr\n", "cmte.ini:2: ui.language: 'fr' is not one of zh, en");
    expect_error("[ui]\nlanguage = ZH\n", "cmte.ini:2: ui.language:", "zh, en");
    expect_exact("[rules]\nvote_base = members\n",
                 "cmte.ini:2: rules.vote_base: 'members' is not one of all, signed-in, cast");
    expect_error("[rules]\nevaluation_base = half\n",
                 "cmte.ini:2: rules.evaluation_base:", "signed-in");
    expect_exact("[rules]\nquorum = majority\n",
                 "cmte.ini:2: rules.quorum: 'majority' is not one of more-than-half, "
                 "half-or-more, two-thirds");
    expect_error("[rules]\nvote_threshold = all\n",
                 "cmte.ini:2: rules.vote_threshold:", "two-thirds");
    expect_exact("; 差额票决\n[rules]\nchoice_rule = plurality\n",
                 "cmte.ini:3: rules.choice_rule: 'plurality' is not one of majority-all, "
                 "majority-cast, most");
    expect_error("[rules]\nevaluation_threshold = 2/3\n",
                 "cmte.ini:2: rules.evaluation_threshold:", "two-thirds");
    expect_exact("[rules]\nmotion_reanswer = half\n",
                 "cmte.ini:2: rules.motion_reanswer: 'half' is not one of majority, any");
    expect_error("[rules]\nmotion_signatures = 31\n", "cmte.ini:2: rules.motion_signatures:", "31");
    expect_error("[rules]\nmotion_signatures = 0\n", "cmte.ini:2: rules.motion_signatures:", "0");
    expect_exact("[rules]\nopinion_adoption = council\n",
                 "cmte.ini:2: rules.opinion_adoption: 'council' is not one of chair, vote");
    expect_error("[rules]\nopinion_months = 1\n", "cmte.ini:2: rules.opinion_months:", "1");
    expect_error("[rules]\nopinion_months = 7\n", "cmte.ini:2: rules.opinion_months:", "7");
}

static void test_error_options(void **state)
{
    (void)state;
    const char *start = "cmte.ini:2: rules.evaluation_options: ";
    expect_exact("[rules]\nevaluation_options = 满意\n",
                 "cmte.ini:2: rules.evaluation_options: 1 label given, 2..5 needed, separated "
                 "by commas");
    expect_error("[rules]\nevaluation_options = a,b,c,d,e,f\n", start, "6 labels given");
    expect_error("[rules]\nevaluation_options = a,,b\n", start, "label 2 is empty");
    expect_error("[rules]\nevaluation_options = a, ,b\n", start, "label 2 is empty");
    expect_error("[rules]\nevaluation_options = a,b,\n", start, "label 3 is empty");
    expect_error("[rules]\nevaluation_options = a,b,a\n", start, "'a' is given twice");
    expect_error("[rules]\nevaluation_options = a,b , b\n", start, "'b' is given twice");
    expect_error("[rules]\nevaluation_options = a,基本满意基本满意基本xy\n", start,
                 "label 2 is longer than 31 bytes");
    expect_error("[rules]\nevaluation_options = a,b\x01\n", start, "label 2 contains a control");
    expect_error("[rules]\nevaluation_options = a,\xC2\x85\n", start, "label 2 contains a control");
    expect_error("[rules]\nevaluation_options = \xFF,b\n", start, "label 1 is not valid UTF-8");
    expect_error("[rules]\nevaluation_options = a,\xC0\xAF\n", start, "label 2 is not valid UTF-8");
    expect_error("[rules]\nevaluation_options = a,\xED\xA0\x80\n", start, "not valid UTF-8");
    expect_error("[rules]\nevaluation_options = a,\xE6\xBB\n", start, "not valid UTF-8");
    struct config c;
    /* 31 bytes is the longest label */
    assert_int_equal(load(&c, "[rules]\nevaluation_options = 基本满意基本满意基本x,y\n"), 0);
    assert_string_equal(c.rules.evaluation_options[0], "基本满意基本满意基本x");
}

static void test_error_text(void **state)
{
    (void)state;
    const char *start = "cmte.ini:2: keys.hub_public: ";
    expect_error("[keys]\nhub_public = abc\n", start, "got 3 characters");
    expect_error("[keys]\nhub_public = "
                 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n",
                 start, "got 63 characters");
    expect_error("[keys]\nhub_public = "
                 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0\n",
                 start, "got 65 characters");
    expect_error("[keys]\nhub_public = "
                 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\n",
                 start, "character 64 is not a hex digit");
    expect_error("[hub]\naddress = bad host\n", "cmte.ini:2: hub.address:", "not a host name");
    expect_error("[hub]\nlisten =\n", "cmte.ini:2: hub.listen:", "not a host name");
    expect_error("[hub]\naddress = a\x1b[2J\n", "cmte.ini:2: hub.address: 'a?[2J'", "control");
    expect_error("[database]\npath =\n", "cmte.ini:2: database.path:", "file name is needed");
}

/* Values too long for their buffers; only config_set can pass them, since a line of the
 * file holds at most 198 bytes. */
static void test_error_too_long(void **state)
{
    (void)state;
    struct config c;
    config_defaults(&c);
    static char value[CONFIG_PATH_MAX + 1];
    memset(value, 'a', CONFIG_HOST_MAX);
    assert_int_equal(config_set(&c, "hub", "address", value, err, sizeof err), -1);
    assert_memory_equal(err, "hub.address: 'aaa", 17);
    assert_non_null(strstr(err, "...' is longer than 255 bytes"));
    value[CONFIG_HOST_MAX - 1] = '\0';
    assert_int_equal(config_set(&c, "hub", "address", value, err, sizeof err), 0);
    memset(value, 'a', CONFIG_PATH_MAX);
    assert_int_equal(config_set(&c, "database", "path", value, err, sizeof err), -1);
    assert_non_null(strstr(err, "is longer than 4095 bytes"));
    value[CONFIG_PATH_MAX - 1] = '\0';
    assert_int_equal(config_set(&c, "database", "path", value, err, sizeof err), 0);
    assert_int_equal(strlen(c.db_path), CONFIG_PATH_MAX - 1);
    /* a relative path that fits alone but not under the file's folder */
    static char name[CONFIG_PATH_MAX], big[3 * CONFIG_PATH_MAX];
    memset(name, 'd', 4040);
    strcpy(name + 4040, "/cmte.ini");
    config_defaults(&c);
    assert_int_equal(config_load_string(&c, name,
                                        "[database]\npath = 0123456789012345678901234"
                                        "5678901234567890123456789012345678901234\n",
                                        big, sizeof big),
                     -1);
    assert_non_null(strstr(big, ":2: database.path: '0123"));
    assert_non_null(strstr(big, "is longer than 4095 bytes once taken relative to ddd"));
    assert_string_equal(c.db_path, "cmte.db");
}

/* A failed load leaves the configuration as it was. */
static void test_error_changes_nothing(void **state)
{
    (void)state;
    struct config c;
    config_defaults(&c);
    assert_int_equal(
        config_load_string(&c, "a.ini", "[hub]\nport = 9\n[ui]\nlanguage = xx\n", err, sizeof err),
        -1);
    assert_int_equal(c.port, 7710);
    assert_string_equal(c.source, "");
}

/* --- Relative paths ---------------------------------------------------------------------- */

static void test_relative_paths(void **state)
{
    (void)state;
    struct config c;
    const char *text = "[keys]\nhub_key = hub.key\n"
                       "[database]\npath = data/cmte.db\n";
    config_defaults(&c);
    assert_int_equal(config_load_string(&c, "/etc/cmte/cmte.ini", text, err, sizeof err), 0);
    assert_string_equal(c.hub_key, "/etc/cmte/hub.key");
    assert_string_equal(c.db_path, "/etc/cmte/data/cmte.db");
    assert_string_equal(c.source, "/etc/cmte/cmte.ini");
    config_defaults(&c);
    assert_int_equal(config_load_string(&c, "conf/cmte.ini", text, err, sizeof err), 0);
    assert_string_equal(c.hub_key, "conf/hub.key");
    assert_string_equal(c.db_path, "conf/data/cmte.db");
    config_defaults(&c);
    assert_int_equal(config_load_string(&c, "/cmte.ini", text, err, sizeof err), 0);
    assert_string_equal(c.hub_key, "/hub.key");
    config_defaults(&c);
    assert_int_equal(config_load_string(&c, "cmte.ini", text, err, sizeof err), 0);
    assert_string_equal(c.hub_key, "hub.key");
    /* keys the file does not set keep their earlier values */
    assert_int_equal(config_load_string(&c, "/x/cmte.ini", "[ui]\n", err, sizeof err), 0);
    assert_string_equal(c.hub_key, "hub.key");
    assert_string_equal(c.db_path, "data/cmte.db");
}

/* --- Files and the lookup order ---------------------------------------------------------- */

static char tmp[256];

static void path_in_tmp(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmp, name);
}

static void write_in_tmp(const char *name, const char *text)
{
    char path[512];
    path_in_tmp(path, sizeof path, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void mkdir_in_tmp(const char *name)
{
    char path[512];
    path_in_tmp(path, sizeof path, name);
    assert_int_equal(mkdir(path, 0700), 0);
}

static const char *const tmp_files[] = {
    "explicit.ini", "env.ini", "xdg/cmte/cmte.ini", "home/.config/cmte/cmte.ini", "bad.ini",
};
static const char *const tmp_dirs[] = {
    "xdg/cmte",   "xdg",   "home/.config/cmte", "home/.config", "home", "empty/cmte/cmte.ini",
    "empty/cmte", "empty",
};

static int make_tmp(void **state)
{
    (void)state;
    strcpy(tmp, "/tmp/cmte-config-XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    for (size_t i = sizeof tmp_dirs / sizeof tmp_dirs[0]; i-- > 0;) mkdir_in_tmp(tmp_dirs[i]);
    write_in_tmp("explicit.ini", "[hub]\nport = 1001\n");
    write_in_tmp("env.ini", "[hub]\nport = 1002\n");
    write_in_tmp("xdg/cmte/cmte.ini", "[hub]\nport = 1003\n[keys]\nhub_key = k\n");
    write_in_tmp("home/.config/cmte/cmte.ini", "[hub]\nport = 1004\n");
    write_in_tmp("bad.ini", "[hub]\n\nport = none\n");
    return 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    char path[512];
    for (size_t i = 0; i < sizeof tmp_files / sizeof tmp_files[0]; i++) {
        path_in_tmp(path, sizeof path, tmp_files[i]);
        unlink(path);
    }
    for (size_t i = 0; i < sizeof tmp_dirs / sizeof tmp_dirs[0]; i++) {
        path_in_tmp(path, sizeof path, tmp_dirs[i]);
        rmdir(path);
    }
    return rmdir(tmp);
}

static void set_env(const char *name, const char *in_tmp)
{
    char path[512];
    path_in_tmp(path, sizeof path, in_tmp);
    assert_int_equal(setenv(name, path, 1), 0);
}

/* Loads with config_load; returns the port, which says which file was read. */
static int load_port(const char *explicit_name)
{
    char path[512] = "";
    if (explicit_name) path_in_tmp(path, sizeof path, explicit_name);
    struct config c;
    if (config_load(&c, explicit_name ? path : NULL, err, sizeof err) != 0) return -1;
    return c.port;
}

static void test_load_file(void **state)
{
    (void)state;
    char path[512];
    struct config c;
    config_defaults(&c);
    path_in_tmp(path, sizeof path, "xdg/cmte/cmte.ini");
    assert_int_equal(config_load_file(&c, path, err, sizeof err), 0);
    assert_int_equal(c.port, 1003);
    assert_string_equal(c.source, path);
    char key[512];
    path_in_tmp(key, sizeof key, "xdg/cmte/k");
    assert_string_equal(c.hub_key, key);
    path_in_tmp(path, sizeof path, "bad.ini");
    assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
    char start[600];
    snprintf(start, sizeof start, "%s:3: hub.port: 'none'", path);
    assert_memory_equal(err, start, strlen(start));
    path_in_tmp(path, sizeof path, "missing.ini");
    assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
    snprintf(start, sizeof start, "%s: No such file or directory", path);
    assert_string_equal(err, start);
}

/* Writes n bytes as the file `name` in tmp and loads it. */
static int load_bytes(struct config *c, const char *name, const char *bytes, size_t n)
{
    char path[512];
    path_in_tmp(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    config_defaults(c);
    int rc = config_load_file(c, path, err, sizeof err);
    unlink(path);
    return rc;
}

/* Lines hold at most 198 bytes (inih's buffer); a NUL byte is refused. */
static void test_file_lines(void **state)
{
    (void)state;
    struct config c;
    char text[300];
    int n = snprintf(text, sizeof text, "\xEF\xBB\xBF[database]\npath = %0191d\n", 0);
    assert_int_equal(load_bytes(&c, "lines.ini", text, (size_t)n), 0);
    assert_int_equal(strlen(c.db_path), strlen(tmp) + 1 + 198 - 7); /* in tmp */
    n = snprintf(text, sizeof text, "[database]\npath = %0192d\n", 0);
    assert_int_equal(load_bytes(&c, "lines.ini", text, (size_t)n), -1);
    assert_non_null(strstr(err, "lines.ini:2: the line is longer than 198 bytes"));
    assert_int_equal(load_bytes(&c, "lines.ini", text, (size_t)n - 1), -1); /* no newline */
    assert_non_null(strstr(err, "lines.ini:2: the line is longer than 198 bytes"));
    assert_int_equal(load_bytes(&c, "lines.ini", text, (size_t)n - 2), 0);
    static const char nul[] = "[hub]\nport = 1\0 2\n";
    assert_int_equal(load_bytes(&c, "lines.ini", nul, sizeof nul - 1), -1);
    assert_non_null(strstr(err, "lines.ini:2: the line contains a NUL byte"));
}

static void test_lookup_order(void **state)
{
    (void)state;
    set_env("CMTE_CONFIG", "env.ini");
    set_env("XDG_CONFIG_HOME", "xdg");
    set_env("HOME", "home");
    assert_int_equal(load_port("explicit.ini"), 1001);
    assert_int_equal(load_port(NULL), 1002);
    unsetenv("CMTE_CONFIG");
    assert_int_equal(load_port(NULL), 1003);
    setenv("CMTE_CONFIG", "", 1); /* empty is unset */
    assert_int_equal(load_port(NULL), 1003);
    unsetenv("XDG_CONFIG_HOME");
    assert_int_equal(load_port(NULL), 1004);
    setenv("XDG_CONFIG_HOME", "", 1);
    assert_int_equal(load_port(NULL), 1004);
    setenv("XDG_CONFIG_HOME", "relative/dir", 1); /* ignored, as XDG says */
    assert_int_equal(load_port(NULL), 1004);
}

static void test_lookup_errors(void **state)
{
    (void)state;
    set_env("XDG_CONFIG_HOME", "xdg");
    set_env("HOME", "home");
    assert_int_equal(load_port("missing.ini"), -1);
    assert_non_null(strstr(err, "missing.ini: No such file or directory"));
    set_env("CMTE_CONFIG", "missing-env.ini");
    assert_int_equal(load_port(NULL), -1);
    assert_non_null(strstr(err, "missing-env.ini: No such file or directory"));
    set_env("CMTE_CONFIG", "bad.ini");
    assert_int_equal(load_port(NULL), -1);
    assert_non_null(strstr(err, "bad.ini:3: hub.port"));
    unsetenv("CMTE_CONFIG");
    /* an optional file that exists but cannot be read is an error: here, a folder */
    set_env("XDG_CONFIG_HOME", "empty");
    assert_int_equal(load_port(NULL), -1);
    assert_non_null(strstr(err, "empty/cmte/cmte.ini: "));
}

static void test_lookup_nothing(void **state)
{
    (void)state;
    unsetenv("CMTE_CONFIG");
    set_env("XDG_CONFIG_HOME", "xdg/cmte"); /* holds no cmte/cmte.ini */
    set_env("HOME", "home");
    struct config c;
    assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
    if (access("/etc/cmte/cmte.ini", F_OK) != 0) {
        assert_string_equal(c.source, "");
        assert_int_equal(c.port, 7710);
    }
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    int rc = config_load(&c, NULL, err, sizeof err);
    if (access("/etc/cmte/cmte.ini", F_OK) != 0) assert_int_equal(rc, 0);
}

/* --- The sample configuration ---------------------------------------------------------- */

static void rstrip(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) s[--n] = '\0';
}

/* Does the sample have ";KEY = DEFAULT" in [section]? */
static bool sample_has(const char *path, const struct config_key_info *k)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char want[256], line[512], section[64] = "";
    snprintf(want, sizeof want, ";%s = %s", k->key, k->default_text);
    rstrip(want);
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        rstrip(line);
        if (line[0] == '[') sscanf(line, "[%63[^]]", section);
        found = strcmp(section, k->section) == 0 && strcmp(line, want) == 0;
    }
    fclose(f);
    return found;
}

static void test_sample_file(void **state)
{
    (void)state;
    const char *path = "conf/cmte.ini";
    struct config c;
    config_defaults(&c);
    if (config_load_file(&c, path, err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(c.source, path);
    assert_int_equal(c.port, 7710);
    /* the sample's local rules: the law exam is required, on the sample bank */
    assert_true(c.rules.exam.required);
    assert_string_equal(c.exam_bank, "conf/sample-exam.csv");
    for (size_t i = 0; i < config_key_count(); i++) {
        const struct config_key_info *k = config_key(i);
        if (!sample_has(path, k))
            fail_msg("%s lacks ';%s = %s' in [%s]", path, k->key, k->default_text, k->section);
    }
}

/* The sample with every key uncommented loads too, to its defaults. */
static void test_sample_uncommented(void **state)
{
    (void)state;
    FILE *f = fopen("conf/cmte.ini", "r");
    assert_non_null(f);
    static char text[65536];
    size_t n = 0, uncommented = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (line[0] != ';' && line[0] != '[' && strchr(line, '=')) continue; /* a local rule */
        bool key = line[0] == ';' && line[1] != ' ' && line[1] != '\n' && strchr(line, '=');
        uncommented += key;
        const char *keep = key ? line + 1 : line;
        assert_true(n + strlen(keep) < sizeof text);
        memcpy(text + n, keep, strlen(keep) + 1);
        n += strlen(keep);
    }
    fclose(f);
    struct config c, d;
    config_defaults(&c);
    if (config_load_string(&c, "conf/cmte.ini", text, err, sizeof err) != 0) fail_msg("%s", err);
    config_defaults(&d);
    assert_int_equal(c.port, d.port);
    assert_string_equal(c.hub_key, "conf/hub.key");
    assert_int_equal(c.rules.evaluation_option_count, 3);
    assert_string_equal(c.rules.evaluation_options[1], "基本满意");
    assert_int_equal(uncommented, config_key_count());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_rule_defaults),
        cmocka_unit_test(test_rule_defaults_match_core),
        cmocka_unit_test(test_key_table),
        cmocka_unit_test(test_every_key_set),
        cmocka_unit_test(test_every_rule_set),
        cmocka_unit_test(test_bool_words),
        cmocka_unit_test(test_file_forms),
        cmocka_unit_test(test_config_set),
        cmocka_unit_test(test_error_structure),
        cmocka_unit_test(test_first_error_only),
        cmocka_unit_test(test_error_int),
        cmocka_unit_test(test_error_timeout),
        cmocka_unit_test(test_error_bool_enum_rules),
        cmocka_unit_test(test_error_options),
        cmocka_unit_test(test_error_exam),
        cmocka_unit_test(test_error_text),
        cmocka_unit_test(test_error_too_long),
        cmocka_unit_test(test_error_changes_nothing),
        cmocka_unit_test(test_relative_paths),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_file_lines),
        cmocka_unit_test(test_lookup_order),
        cmocka_unit_test(test_lookup_errors),
        cmocka_unit_test(test_lookup_nothing),
        cmocka_unit_test(test_sample_file),
        cmocka_unit_test(test_sample_uncommented),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
