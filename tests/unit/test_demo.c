/* `cmte demo --auto` runs the sample meeting to its end, and every result it announces is
 * what the rules give for the counts it announces. */
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

static void demo_runs_whole_meeting(void **state)
{
    (void)state;
    int status;
    char *out = run_demo("--auto --lang en", &status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    assert_non_null(strstr(out, "the chair opens the meeting: 32 of 35 members present"));
    assert_non_null(strstr(out, "欧阳明 has the floor, 10 min"));
    assert_non_null(strstr(out, "answers the follow-up"));
    assert_non_null(strstr(out, "secret ballot open"));
    assert_non_null(strstr(out, "the chair closes the meeting"));
    assert_non_null(strstr(out, "The sample meeting ran to its end."));
    assert_null(strstr(out, "refused"));
    free(out);
}

/* Each vote line: "NAME: members N, present M; Y for, A against, B abstaining, U present did
 * not vote: adopted|not adopted". */
static void vote_results_follow_the_rules(void **state)
{
    (void)state;
    int status, lines = 0;
    char *out = run_demo("--auto --lang en", &status);
    struct majority_rule rule = {BASE_ALL_MEMBERS, MORE_THAN_HALF};
    for (char *l = strstr(out, "present did not vote"); l;
         l = strstr(l + 1, "present did not vote")) {
        char *start = l;
        while (start > out && start[-1] != '\n') start--;
        int members, present, yes, no, abst, unvoted;
        char *m = strstr(start, ": members ");
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
    assert_int_equal(lines, 3); /* the motion and two nominees */
    free(out);
}

static void demo_speaks_chinese_by_default_or_says_why(void **state)
{
    (void)state;
    int status;
    char *out = run_demo("--auto", &status);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_non_null(strstr(out, "欧阳明"));
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

static void demo_keeps_its_journal_with_db(void **state)
{
    (void)state;
    char dir[] = "/tmp/cmte-test-demo-XXXXXX", args[128];
    assert_non_null(mkdtemp(dir));
    snprintf(args, sizeof args, "--auto --lang en --db %s/m.db", dir);
    int status;
    char *out = run_demo(args, &status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail_msg("exit %d:\n%s", status, out);
    assert_non_null(strstr(out, "chain intact; ballots: 3 closed, 0 open, tallies match"));
    assert_non_null(strstr(out, "Its journal is kept in"));
    free(out);
    out = run_demo(args, &status); /* the same file again: it already holds a meeting */
    assert_int_equal(WEXITSTATUS(status), 1);
    assert_non_null(strstr(out, "already holds a meeting"));
    free(out);
    char cmd[256];
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
        cmocka_unit_test(demo_keeps_its_journal_with_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
