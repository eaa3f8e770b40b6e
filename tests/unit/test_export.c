/* `cmte export`: the minutes (Markdown) and the results (CSV, JSON) of a meeting driven through
 * the core and journaled, compared field by field with the state and the journal's head; and
 * the binary (CMTE_BIN): errors, --out, the language of the minutes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "db_fixture.h"
#include "tui/export.h"

static struct hub H;
static int32_t delib, delib2, inquiry, eval, vote;

static int leave(struct hub *h, int32_t person, const char *reason)
{
    struct command c = dbt_cmd(CMD_ATTENDANCE_SET);
    c.p.person = person;
    c.p.kind = ATT_LEAVE;
    snprintf(c.p.text, sizeof c.p.text, "%s", reason);
    return hub_send(h, ROLE_SECRETARY, 0, &c);
}

/* One more speech on the deliberation item, by member 5, that runs over its limit. */
static int long_speech(struct hub *h, int32_t item)
{
    struct command c = dbt_cmd(CMD_SPEAKER_ADD);
    c.p.item = item;
    c.p.person = 5;
    int rc = hub_send(h, ROLE_SECRETARY, 0, &c);
    if (rc == 0) rc = hub_chair(h, CMD_FLOOR_GRANT, item);
    h->now += 11 * 60 * 1000; /* past the plenary's 10 minutes */
    if (rc == 0) rc = hub_chair(h, CMD_SPEECH_END, item);
    c = dbt_cmd(CMD_SUMMARY_SET); /* the secretary's summary, for the record */
    c.p.item = item;
    c.p.id = core_item(h->s, item)->speakers[0].id;
    snprintf(c.p.text, sizeof c.p.text, "建议延长监测时段，按季度公开数据。");
    return rc == 0 ? hub_send(h, ROLE_SECRETARY, 0, &c) : rc;
}

static int evaluation(struct hub *h)
{
    int32_t subj[2];
    int rc = hub_ballot_open(h, ITEM_EVALUATION, true, 2, &eval, subj);
    for (int32_t m = 1; rc == 0 && m <= 11; m++) {
        int32_t opts[2] = {m <= 6 ? 0 : m <= 9 ? 1 : 2, 0}; /* 6 of 12: exactly half */
        rc = hub_cast(h, m, eval, 2, subj, opts);
    }
    if (rc == 0) rc = hub_chair(h, CMD_BALLOT_CLOSE, eval);
    return rc == 0 ? hub_chair(h, CMD_ITEM_CLOSE, eval) : rc;
}

static int named_vote(struct hub *h)
{
    int32_t subj[1];
    int rc = hub_ballot_open(h, ITEM_VOTE, false, 1, &vote, subj);
    for (int32_t m = 1; rc == 0 && m <= 10; m++) { /* 11 is present and does not press */
        int32_t opt = m <= 8 ? 0 : m == 9 ? 1 : 2;
        rc = hub_cast(h, m, vote, 1, subj, &opt);
    }
    if (rc == 0) rc = hub_chair(h, CMD_BALLOT_CLOSE, vote);
    return rc == 0 ? hub_chair(h, CMD_ITEM_CLOSE, vote) : rc;
}

static int setup(void **state)
{
    (void)state;
    if (hub_init(&H) != 0 || hub_roster(&H, 12) != 0 || leave(&H, 12, "病假") != 0 ||
        hub_open_meeting(&H, 11) != 0 || hub_deliberation(&H, &delib) != 0)
        return -1;
    if (hub_item(&H, ITEM_DELIBERATION, "审议第二个报告", false, &delib2) != 0 ||
        hub_chair(&H, CMD_ITEM_OPEN, delib2) != 0 || long_speech(&H, delib2) != 0 ||
        hub_chair(&H, CMD_ITEM_CLOSE, delib2) != 0)
        return -1;
    return hub_inquiry(&H, &inquiry) == 0 && evaluation(&H) == 0 && named_vote(&H) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    hub_free(&H);
    return 0;
}

static struct export_journal head(void)
{
    struct export_journal j;
    db_head(H.db, &j.events, j.hash);
    return j;
}

static char *minutes(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct export_journal j = head();
    export_md(f, H.s, &j);
    fclose(f);
    return buf;
}

static void hhmmss(int64_t ms, char *buf, size_t len)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, len, "%H:%M:%S", &tm);
}

static void minutes_hold_every_speech(void **state)
{
    (void)state;
    char *md = minutes();
    const struct item *one = core_item(H.s, delib), *two = core_item(H.s, delib2);
    assert_int_equal(one->speaker_count, 3);
    assert_int_equal(two->speaker_count, 1);
    for (int k = 0; k < 4; k++) {
        const struct speaker *sp = k < 3 ? &one->speakers[k] : &two->speakers[0];
        char at[16], want[256];
        hhmmss(sp->started_at, at, sizeof at);
        int64_t s = (sp->ended_at - sp->started_at) / 1000;
        snprintf(want, sizeof want, "| %s | %s | %02d:%02d | %s | %s |", sp->name, at,
                 (int)(s / 60), (int)(s % 60), k == 3 ? "over time" : "",
                 k == 3 ? "建议延长监测时段，按季度公开数据。" : "");
        if (!strstr(md, want)) fail_msg("missing speech row: %s\n%s", want, md);
    }
    assert_non_null(strstr(md, "三位委员发言，建议加强监督。")); /* the secretary's note */
    assert_non_null(strstr(md, "The meeting has 12 members; 11 are present: the quorum is met."));
    assert_non_null(strstr(md, "- On leave: 委员12 (病假)"));
    free(md);
}

static void minutes_hold_every_question_turn(void **state)
{
    (void)state;
    char *md = minutes();
    const struct item *it = core_item(H.s, inquiry);
    assert_int_equal(it->question_count, 2);
    int rows = 0;
    for (int k = 0; k < it->question_count; k++) {
        const struct question *q = &it->questions[k];
        assert_non_null(strstr(md, q->text));
        for (int t = 0; t < q->turn_count; t++, rows++) {
            const struct turn *tu = &q->turns[t];
            bool asking = tu->phase == Q_ASKING || tu->phase == Q_FOLLOWUP;
            const char *who =
                asking ? core_person(H.s, tu->who)->name : core_respondent(it, tu->who)->name;
            char at[16], want[256];
            hhmmss(tu->started_at, at, sizeof at);
            int64_t s = (tu->ended_at - tu->started_at) / 1000;
            snprintf(want, sizeof want, "| %s | %s | %02d:%02d |", who, at, (int)(s / 60),
                     (int)(s % 60));
            if (!strstr(md, want)) fail_msg("missing turn: %s", want);
        }
    }
    assert_int_equal(rows, 6); /* question, answer, follow-up, answer; question, answer */
    /* the respondents are listed with the attendance, apart from the members */
    const char *att = strstr(md, "- Respondents: ");
    assert_non_null(att);
    for (int k = 0; k < it->respondent_count; k++) {
        const char *name = strstr(att, it->respondents[k].name);
        assert_true(name && name < strstr(att, "\n"));
    }
    free(md);
}

static void minutes_hold_results_and_journal(void **state)
{
    (void)state;
    char *md = minutes();
    const struct ballot *e = &core_item(H.s, eval)->ballot;
    for (int k = 0; k < e->subject_count; k++) {
        const struct subject *sub = &e->subjects[k];
        char want[256];
        snprintf(want, sizeof want, "%s**: members 12, present 11, scored 11", sub->name);
        assert_non_null(strstr(md, want));
        snprintf(want, sizeof want, "Verdict: %s", e->options[sub->verdict]);
        assert_non_null(strstr(md, want));
    }
    assert_int_equal(e->subjects[0].verdict, 1);
    assert_true(e->subjects[0].flagged);
    assert_non_null(strstr(md, "| 满意 | 6 | 54.5% | 50.0% |"));
    assert_non_null(strstr(md, "| 满意 | 11 | 100.0% | 91.7% |"));
    assert_non_null(strstr(md, "a count at exactly half decided this verdict"));
    assert_non_null(strstr(md, "Results (secret ballot)"));
    assert_non_null(strstr(md, "Results (named ballot)"));
    assert_non_null(strstr(md, "members 12, present 11, a quorum; 8 for, 1 against, 1 abstaining, "
                               "1 present did not press: adopted"));
    struct export_journal j = head();
    char hex[65], want[128];
    export_hash_hex(j.hash, hex);
    snprintf(want, sizeof want, "- Events: %lld\n- Final hash: `%s`", (long long)j.events, hex);
    assert_non_null(strstr(md, want));
    assert_true(j.events > 50);
    free(md);
}

/* A choice ballot (差额票决) in the minutes, of a meeting of its own: 12 members, 11 present,
 * choose 2 of 4; the candidates ranked with their votes and marks, the outcome, the winners. */
static void minutes_rank_a_choice_ballot(void **state)
{
    (void)state;
    struct hub h;
    int32_t item, cand[4];
    assert_int_equal(hub_init(&h), 0);
    assert_int_equal(hub_roster(&h, 12), 0);
    assert_int_equal(hub_open_meeting(&h, 11), 0);
    struct command c = dbt_cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_CHOICE;
    c.p.choose = 2;
    c.p.flag = true;
    snprintf(c.p.title, sizeof c.p.title, "民生实事项目票决");
    assert_int_equal(hub_send(&h, ROLE_SECRETARY, 0, &c), 0);
    item = h.last.events[0].p.id;
    static const char *const names[] = {"口袋公园", "社区食堂", "老旧小区改造", "学校午餐"};
    for (int k = 0; k < 4; k++) assert_int_equal(hub_subject(&h, item, names[k], &cand[k]), 0);
    assert_int_equal(hub_chair(&h, CMD_ITEM_OPEN, item), 0);
    assert_int_equal(hub_chair(&h, CMD_BALLOT_OPEN, item), 0);
    for (int32_t m = 1; m <= 11; m++) { /* 老旧小区改造 11, 社区食堂 7, 口袋公园 3, 学校午餐 0 */
        struct command b = dbt_cmd(CMD_BALLOT_CAST);
        b.p.item = item;
        b.p.person = m;
        b.p.choice_count = 2;
        b.p.choices[0] = (struct choice){cand[2], 0};
        b.p.choices[1] = (struct choice){m <= 7 ? cand[1] : m <= 10 ? cand[0] : cand[3], 0};
        if (m == 11) b.p.choice_count = 1;
        assert_int_equal(hub_send(&h, ROLE_MEMBER, m, &b), 0);
    }
    assert_int_equal(hub_chair(&h, CMD_BALLOT_CLOSE, item), 0);
    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    struct export_journal j;
    db_head(h.db, &j.events, j.hash);
    export_md(f, h.s, &j);
    fclose(f);
    assert_non_null(strstr(md, "Members 12, present 11, a quorum; 11 ballots cast, each choosing "
                               "up to 2 of 4"));
    assert_non_null(strstr(md, "more than half of all members (7 votes)"));
    assert_non_null(strstr(md, "| 1 | 老旧小区改造 | 11 | elected |\n"
                               "| 2 | 社区食堂 | 7 | elected |\n"
                               "| 3 | 口袋公园 | 3 | not elected |\n"
                               "| 4 | 学校午餐 | 0 | not elected |\n"));
    assert_non_null(strstr(md, "2 of 2 seats filled"));
    assert_non_null(strstr(md, "Elected: 老旧小区改造, 社区食堂\n"));
    free(md);
    hub_free(&h);
}

/* RFC 4180: rows of fields; returns the row count, fields in rows[r][c]. */
enum { ROWS = 16, COLS = 32 };
static int csv_parse(const char *t, char rows[ROWS][COLS][256], int ncols[ROWS])
{
    int r = 0, c = 0, n = 0;
    bool quoted = false;
    memset(ncols, 0, sizeof(int) * ROWS);
    for (; *t && r < ROWS; t++) {
        if (quoted) {
            if (*t == '"' && t[1] == '"')
                rows[r][c][n++] = *t++;
            else if (*t == '"')
                quoted = false;
            else
                rows[r][c][n++] = *t;
        } else if (*t == '"') {
            quoted = true;
        } else if (*t == ',' || *t == '\r') {
            if (*t == '\r') t++; /* CRLF ends the row */
            rows[r][c][n] = '\0';
            n = 0;
            if (*t == '\n') {
                ncols[r++] = c + 1;
                c = 0;
            } else {
                c++;
            }
        } else {
            rows[r][c][n++] = *t;
        }
    }
    return r;
}

/* The briefing (简报): every speech made, item by item, with the secretary's summary. */
static void the_briefing_holds_every_speech_and_its_summary(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    export_brief(f, H.s, -1); /* merged: every sitting */
    fclose(f);
    assert_non_null(strstr(text, "# Briefing of meeting no. "));
    const char *two = strstr(text, "## 审议第二个报告");
    assert_non_null(two);
    const char *line = strstr(two, "- **委员05**");
    assert_non_null(line);
    assert_true(line < strstr(line, "建议延长监测时段，按季度公开数据。"));
    const struct item *one = core_item(H.s, delib);
    for (int k = 0; k < one->speaker_count; k++) {
        char want[128];
        snprintf(want, sizeof want, "- **%s**", one->speakers[k].name);
        assert_non_null(strstr(text, want));
    }
    assert_non_null(strstr(text, "(no summary)")); /* the first item's speeches have none */
    free(text);
}

static void csv_rows_equal_the_ballots(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    export_csv(f, H.s);
    fclose(f);
    static char rows[ROWS][COLS][256];
    int ncols[ROWS];
    int n = csv_parse(buf, rows, ncols);
    assert_int_equal(n, 1 + 2 + 1); /* header, two subjects evaluated, one motion */
    for (int r = 0; r < n; r++) assert_int_equal(ncols[r], 8 + 2 * OPTIONS_MAX + 2);
    assert_string_equal(rows[0][0], "item");
    const struct item *items[] = {core_item(H.s, eval), core_item(H.s, eval), core_item(H.s, vote)};
    for (int r = 1; r < n; r++) {
        const struct item *it = items[r - 1];
        const struct subject *sub = &it->ballot.subjects[r == 2 ? 1 : 0];
        assert_int_equal(atoi(rows[r][0]), it->id);
        assert_string_equal(rows[r][1], it->title);
        assert_string_equal(rows[r][2], item_kind_name(it->kind));
        assert_string_equal(rows[r][3], it->ballot.secret ? "yes" : "no");
        assert_string_equal(rows[r][4], sub->name);
        assert_int_equal(atoi(rows[r][5]), it->ballot.members);
        assert_int_equal(atoi(rows[r][6]), it->ballot.signed_in);
        int32_t cast = 0;
        for (int o = 0; o < it->ballot.option_count; o++) {
            assert_string_equal(rows[r][8 + 2 * o], it->ballot.options[o]);
            assert_int_equal(atoi(rows[r][9 + 2 * o]), sub->counts[o]);
            cast += sub->counts[o];
        }
        assert_int_equal(atoi(rows[r][7]), cast);
        assert_string_equal(rows[r][19], sub->flagged ? "yes" : "no");
    }
    assert_string_equal(rows[3][18], "passed");
    assert_string_equal(rows[1][18], "基本满意");
    free(buf);
    f = open_memstream(&buf, &len);
    export_csv_field(f, "a \"b\", c");
    fclose(f);
    assert_string_equal(buf, "\"a \"\"b\"\", c\"");
    free(buf);
}

static int num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_true(cJSON_IsNumber(v));
    return v->valueint;
}

static void json_numbers_equal_the_state(void **state)
{
    (void)state;
    struct export_journal j = head();
    char *text = export_json(H.s, &j);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    const cJSON *m = cJSON_GetObjectItem(root, "meeting");
    assert_int_equal(num(m, "number"), 12);
    assert_int_equal(num(m, "members"), 12);
    assert_int_equal(num(m, "signed_in"), 11);
    const cJSON *ballots = cJSON_GetObjectItem(root, "ballots");
    assert_int_equal(cJSON_GetArraySize(ballots), 2);
    const cJSON *b;
    cJSON_ArrayForEach(b, ballots)
    {
        const struct item *it = core_item(H.s, num(b, "item"));
        assert_non_null(it);
        assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(b, "secret")), it->ballot.secret);
        int k = 0;
        const cJSON *sj;
        cJSON_ArrayForEach(sj, cJSON_GetObjectItem(b, "subjects"))
        {
            const struct subject *sub = &it->ballot.subjects[k++];
            assert_string_equal(cJSON_GetObjectItem(sj, "name")->valuestring, sub->name);
            assert_int_equal(num(sj, "members"), it->ballot.members);
            assert_int_equal(num(sj, "signed_in"), it->ballot.signed_in);
            assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(sj, "flagged")), sub->flagged);
            int o = 0, cast = 0;
            const cJSON *oj;
            cJSON_ArrayForEach(oj, cJSON_GetObjectItem(sj, "options"))
            {
                assert_int_equal(num(oj, "count"), sub->counts[o]);
                cast += sub->counts[o++];
            }
            assert_int_equal(o, it->ballot.option_count);
            assert_int_equal(num(sj, "cast"), cast);
            oj = cJSON_GetArrayItem(cJSON_GetObjectItem(sj, "options"), 0);
            assert_int_equal(num(oj, "share_cast_permille"), share_permille(sub->counts[0], cast));
            assert_int_equal(num(oj, "share_members_permille"),
                             share_permille(sub->counts[0], it->ballot.members));
        }
        assert_int_equal(k, it->ballot.subject_count);
    }
    const cJSON *jr = cJSON_GetObjectItem(root, "journal");
    char hex[65];
    export_hash_hex(j.hash, hex);
    assert_int_equal(num(jr, "events"), (int)j.events);
    assert_string_equal(cJSON_GetObjectItem(jr, "hash")->valuestring, hex);
    cJSON_Delete(root);
    free(text);
}

static int run_sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
#define SH(...) (snprintf(cmd, sizeof cmd, __VA_ARGS__), run_sh(cmd))

static void binary_exports(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin || !*bin) skip();
    char cmd[2048], out[256];
    snprintf(out, sizeof out, "%s/r.csv", H.dir);
    assert_int_equal(SH("%s export --lang en --db %s/none.db 2>%s/err; grep -qx 'cmte: export: "
                        ".*none.db: no such file' %s/err",
                        bin, H.dir, H.dir, H.dir),
                     0);
    assert_int_equal(SH("%s export --lang en --db %s/none.db 2>/dev/null", bin, H.dir), 1);
    assert_int_equal(SH("%s export --lang en --db %s --meeting 3 2>&1 | grep -q 'no meeting "
                        "number 3 in the journal'",
                        bin, H.path),
                     0);
    assert_int_equal(SH("%s export --lang en --db %s --format csv --out %s", bin, H.path, out), 0);
    assert_int_equal(SH("grep -c '' %s | grep -qx 4 && grep -q '^%d,' %s", out, (int)vote, out), 0);
    assert_int_equal(SH("%s export --lang en --db %s --out /nonexistent/x.md 2>&1 | grep -q "
                        "'^cmte: export: cannot write'",
                        bin, H.path),
                     0);
    assert_int_equal(SH("%s export --lang en --db %s --meeting 12 | head -1 | grep -qx '# Minutes "
                        "of meeting no. 12'",
                        bin, H.path),
                     0);
    assert_int_equal(SH("%s export --db %s | head -1 | grep -qx '# 第12次会议记录'", bin, H.path),
                     0);
    assert_int_equal(SH("%s export --db %s --format json | grep -q '\"events\":'", bin, H.path), 0);
}

/* Once the next meeting has begun, the earlier one is still exported whole by its number. */
static void an_earlier_meeting_is_exported_by_its_number(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin || !*bin) skip();
    assert_int_equal(hub_chair(&H, CMD_MEETING_CLOSE, 0), 0);
    struct command c = dbt_cmd(CMD_MEETING_CREATE);
    c.p.number = 13;
    snprintf(c.p.date, sizeof c.p.date, "2026-12-20");
    snprintf(c.p.title, sizeof c.p.title, "第十三次会议");
    assert_int_equal(hub_send(&H, ROLE_SECRETARY, 0, &c), 0);
    assert_int_equal(hub_flush(&H), 0);
    char cmd[2048];
    assert_int_equal(SH("%s export --lang en --db %s | head -1 | grep -qx '# Minutes of meeting "
                        "no. 13'",
                        bin, H.path),
                     0);
    assert_int_equal(SH("%s export --lang en --db %s --meeting 12 > %s/m12.md && head -1 "
                        "%s/m12.md | grep -qx '# Minutes of meeting no. 12' && grep -q '8 for' "
                        "%s/m12.md",
                        bin, H.path, H.dir, H.dir, H.dir),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minutes_hold_every_speech),
        cmocka_unit_test(minutes_hold_every_question_turn),
        cmocka_unit_test(minutes_hold_results_and_journal),
        cmocka_unit_test(minutes_rank_a_choice_ballot),
        cmocka_unit_test(the_briefing_holds_every_speech_and_its_summary),
        cmocka_unit_test(csv_rows_equal_the_ballots),
        cmocka_unit_test(json_numbers_equal_the_state),
        cmocka_unit_test(binary_exports),
        cmocka_unit_test(an_earlier_meeting_is_exported_by_its_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
