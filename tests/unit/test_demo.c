/* `cmte demo --auto` runs the sample meeting to its end over real links (a hub in its process,
 * a simulated chair and members), every result it announces is what the rules give for the
 * counts it announces, and it writes the minutes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "core/rules.h"
#include "tui/paint.h"

static char *run_demo(const char *args, int *status)
{
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME=/nonexistent CMTE_CONFIG= %s demo %s 2>&1", bin,
             args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 20, n = 0;
    char *out = malloc(cap);
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    *status = pclose(p);
    return out;
}

/* One English run serves the tests that read its transcript. */
static const char *english_run(void)
{
    static char *out;
    if (!out) {
        int status;
        out = run_demo("--auto --lang en", &status);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    }
    return out;
}

static void demo_runs_whole_meeting(void **state)
{
    (void)state;
    const char *out = english_run();
    /* one simulated member in 17 stays away: 2 of the sample's 35 */
    assert_non_null(strstr(out, "the chair opens the meeting: 33 of 35 members present"));
    assert_non_null(strstr(out, "欧阳明 has the floor, 10 min"));
    assert_non_null(strstr(out, "answers the follow-up"));
    /* the report deliberated in the three groups, their conveners giving the floor, then
     * everyone back in plenary before the votes */
    const char *split = strstr(out, "the groups sit in parallel (3 groups)");
    assert_non_null(split);
    assert_non_null(strstr(split, "第一组 (group sitting): "));
    const char *back = strstr(split, "everyone is back in plenary");
    assert_non_null(back);
    assert_true(back < strstr(out, "secret ballot open"));
    assert_non_null(strstr(out, "secret ballot open"));
    assert_non_null(strstr(out, "the chair closes the meeting"));
    /* the evaluation, the motion, and the three cases of the appointment voted one by one */
    assert_non_null(strstr(out, "chain intact; ballots: 5 closed, 0 open, tallies match"));
    assert_non_null(strstr(out, "The sample meeting ran to its end."));
    assert_null(strstr(out, "refused"));
}

/* Each vote line: "NAME: members N, present M; Y for, A against, B abstaining, U present did
 * not vote: adopted|not adopted". */
static void vote_results_follow_the_rules(void **state)
{
    (void)state;
    int lines = 0;
    const char *out = english_run();
    struct majority_rule rule = {BASE_ALL_MEMBERS, MORE_THAN_HALF};
    for (const char *l = strstr(out, "present did not vote"); l;
         l = strstr(l + 1, "present did not vote")) {
        const char *start = l;
        while (start > out && start[-1] != '\n') start--;
        int members, present, yes, no, abst, unvoted;
        const char *m = strstr(start, ": members ");
        assert_non_null(m);
        assert_int_equal(sscanf(m,
                                ": members %d, present %d; %d for, %d against, %d abstaining, %d",
                                &members, &present, &yes, &no, &abst, &unvoted),
                         6);
        assert_int_equal(unvoted, present - yes - no - abst);
        bool passes = vote_passes(&rule, yes, yes + no + abst, members, present);
        assert_true(strncmp(l + strlen("present did not vote: "),
                            passes ? "adopted" : "not adopted", passes ? 7 : 11) == 0);
        lines++;
    }
    assert_int_equal(lines, 4); /* the motion, a dismissal and two appointments */
}

static void demo_speaks_chinese_by_default_or_says_why(void **state)
{
    (void)state;
    int status;
    char *out = run_demo("--auto", &status);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_non_null(strstr(out, "欧阳明"));
    /* the minutes announce each vote in the statutory form */
    assert_non_null(strstr(out, "本次会议应到35人，出席33人，符合法定人数，"));
    free(out);
}

/* With the sample configuration the law exam is required: each sample nominee takes it at an
 * examinee console (a real link) and passes before the appointment vote, and the minutes give
 * the scores. */
static void demo_nominees_pass_the_law_exam_when_required(void **state)
{
    (void)state;
    int status;
    char *out = run_demo("--auto --lang en --config conf/cmte.ini", &status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    const char *names[] = {"张卫民", "刘晓红"};
    for (int i = 0; i < 2; i++) {
        char line[128];
        snprintf(line, sizeof line, "%s starts the law exam (20 questions, 90 minutes)", names[i]);
        assert_non_null(strstr(out, line));
        snprintf(line, sizeof line, "%s hands in the law exam: 95 points, passed", names[i]);
        const char *passed = strstr(out, line);
        assert_non_null(passed);
        assert_true(passed < strstr(out, "secret ballot open: 人事任免"));
        snprintf(line, sizeof line, "- %s: law exam 95 points, passed\n", names[i]);
        assert_non_null(strstr(out, line)); /* the minutes */
    }
    assert_null(strstr(out, "refused"));
    assert_non_null(strstr(out, "The sample meeting ran to its end."));
    free(out);
}

/* --tmux without tmux says what it needs (tests/integration/test_tui_demo.c runs it in tmux). */
static void demo_says_what_it_needs(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "TMUX= PATH=/nonexistent XDG_CONFIG_HOME=/nonexistent %s demo --tmux --lang en 2>&1",
             bin);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[512] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    assert_int_equal(WEXITSTATUS(status), 1);
    assert_string_equal(out, "cmte: demo: --tmux needs tmux: No such file or directory\n");
}

static char *file_text(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot read %s", path);
    static char buf[1 << 18];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* With --db the journal, the hub's key and the minutes stay; the minutes hold the meeting, its
 * results in the statutory form and the journal's size. */
/* Does the minutes' result line starting with `name` say the case passed? */
static bool passed(const char *md, const char *name)
{
    const char *l = strstr(md, name);
    assert_non_null(l);
    const char *end = strchr(l, '\n');
    return end && end - l > 9 && strncmp(end - 8, " adopted", 8) == 0 &&
           strncmp(end - 12, " not adopted", 12) != 0;
}

static void demo_keeps_its_journal_and_minutes_with_db(void **state)
{
    (void)state;
    char dir[] = "/tmp/cmte-test-demo-XXXXXX", args[128], path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(args, sizeof args, "--auto --lang en --db %s/m.db", dir);
    int status;
    char *out = run_demo(args, &status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    assert_non_null(strstr(out, "The meeting's journal is kept in"));
    int events = 0;
    const char *summary = strstr(out, "journal: ");
    assert_non_null(summary);
    assert_int_equal(sscanf(summary, "journal: %d events", &events), 1);
    free(out);
    snprintf(path, sizeof path, "%s/m.db.minutes.md", dir);
    const char *md = file_text(path);
    assert_non_null(strstr(md, "市第十七届人民代表大会常务委员会第十二次会议"));
    assert_non_null(strstr(md, "- Present: 33")); /* attendance as the chair opened */
    assert_non_null(
        strstr(md, "表决市人民代表大会常务委员会关于加强大气污染防治工作的决定（草案）"));
    char count[64];
    snprintf(count, sizeof count, "- Events: %d", events);
    assert_non_null(strstr(md, count));
    assert_non_null(strstr(md, "| dismiss | 王建国 | 市财政局局长 | 市人民政府 | — |"));
    /* the law exam is of the appointments only, never of a dismissal */
    const char *exam = strstr(md, "#### Law exam before appointment");
    assert_non_null(exam);
    assert_non_null(strstr(exam, "- 张卫民: "));
    assert_null(strstr(exam, "- 王建国: "));
    /* whoever was appointed swore the oath, whose text the minutes carry verbatim */
    bool appointed = passed(md, "**appoint 张卫民") || passed(md, "**appoint 刘晓红");
    const char *oath = strstr(md, "#### Constitutional oath");
    assert_true(appointed == (oath != NULL));
    if (oath) assert_non_null(strstr(oath, paint_oath_text));
    out = run_demo(args, &status); /* the same file again: it already holds a meeting */
    assert_int_equal(WEXITSTATUS(status), 1);
    assert_non_null(strstr(out, "already holds a meeting"));
    free(out);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* With a choice item (差额票决) on the agenda (the sample's, in a data folder of the test's own,
 * since the sample committee votes on no projects), the simulated members cast on it, the
 * simulated chair opens and closes it, and the ranking announced follows the rule. */
static void demo_runs_a_choice_ballot(void **state)
{
    (void)state;
    char dir[] = "/tmp/cmte-demo-choice-XXXXXX", cmd[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp conf/sample-roster.csv conf/sample-meeting.ini conf/sample-report-1.md %s && "
             "printf '%%s\\n' "
             "'[item.99]' 'kind = choice' 'title = Projects 2027' 'choose = 2' "
             "'subject = Bus lanes' 'subject = School meals' 'subject = Pocket parks' "
             "'subject = Old housing' >> %s/sample-meeting.ini",
             dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "CMTE_DATADIR=%s XDG_CONFIG_HOME=/nonexistent CMTE_CONFIG= %s demo "
             "--auto --lang en --db %s/x.db 2>&1",
             dir, getenv("CMTE_BIN"), dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[1 << 20];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    assert_null(strstr(out, "refused"));
    const char *at = strstr(out, "ballot closed: Projects 2027");
    if (!at) fail_msg("no choice ballot closed:\n%s", out);
    assert_non_null(strstr(at, "33 ballots cast, each choosing up to 2 of 4"));
    /* each ranked line: "  R. NAME  V votes  MARK"; votes never rise, and the mark is the rule's:
     * elected with 18 or more (more than half of 35) among the first two */
    int last = 1 << 30, elected = 0;
    for (int r = 1; r <= 4; r++) {
        char head[32];
        snprintf(head, sizeof head, "\n   %d. ", r);
        const char *line = strstr(at, head);
        assert_non_null(line);
        const char *v = strstr(line, " votes  ");
        assert_non_null(v);
        while (v > line && v[-1] >= '0' && v[-1] <= '9') v--;
        int votes = atoi(v);
        assert_true(votes <= last);
        last = votes;
        bool want = votes >= 18 && r <= 2;
        const char *mark = strstr(v, " votes  ") + 8;
        assert_int_equal(strncmp(mark, "elected", 7) == 0, want);
        elected += want;
    }
    char seats[64];
    snprintf(seats, sizeof seats, "%d of 2 seats filled", elected);
    assert_non_null(strstr(at, seats));
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_runs_whole_meeting),
        cmocka_unit_test(vote_results_follow_the_rules),
        cmocka_unit_test(demo_speaks_chinese_by_default_or_says_why),
        cmocka_unit_test(demo_says_what_it_needs),
        cmocka_unit_test(demo_nominees_pass_the_law_exam_when_required),
        cmocka_unit_test(demo_keeps_its_journal_and_minutes_with_db),
        cmocka_unit_test(demo_runs_a_choice_ballot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
