/* The law exam in the database: the question bank's decoder (every bad row reported as
 * FILE:LINE: reason, nothing taken when one is bad), the bank stored apart from the journal,
 * a paper and its answers stored with their events (durable before acknowledged, never in the
 * journal) and put back into the hub's state after a restart. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "db/exam_bank.h"
#include "db/internal.h"
#include "db_fixture.h"

static const char good[] =
    "\xEF\xBB\xBF"
    "# a comment\n"
    "type,question,A,B,C,D,answer\n"
    "single,宪法修改须以全体代表的多少通过？,二分之一,三分之二,,,B\n"
    "\n"
    "multiple,\"可以提议修改宪法的是, 下列哪些？\",全国人大常委会,五分之一以上代表,"
    "国务院,,AB\n"
    "truefalse,国家尊重和保障人权。,,,,,T\n"
    "判断,社会主义制度是根本制度。,,,,,对\n";

/* Decode text as "bank.csv"; the report in *report (the caller frees). */
static int decode(const char *text, struct exam_bank *b, char **report)
{
    size_t len = 0;
    FILE *f = open_memstream(report, &len);
    memset(b, 0, sizeof *b);
    int bad = exam_bank_decode("bank.csv", text, strlen(text), b, f);
    fclose(f);
    return bad;
}

static void a_good_bank_decodes(void **state)
{
    (void)state;
    struct exam_bank b;
    char *report;
    assert_int_equal(decode("type,question,A,B,C,D,answer\n", &b, &report), 0);
    assert_int_equal(b.count, 0);
    free(report);
    exam_bank_free(&b);
    assert_int_equal(decode(good, &b, &report), 0);
    assert_string_equal(report, "");
    assert_int_equal(b.count, 4);
    assert_int_equal(b.q[0].kind, EXAM_SINGLE);
    assert_int_equal(b.q[0].option_count, 2);
    assert_int_equal(b.q[0].answer, 2);
    assert_string_equal(b.q[1].text, "可以提议修改宪法的是, 下列哪些？");
    assert_int_equal(b.q[1].answer, 3);
    assert_int_equal(b.q[1].option_count, 3);
    assert_int_equal(b.q[1].line, 5);
    assert_int_equal(b.q[2].kind, EXAM_TRUEFALSE);
    assert_int_equal(b.q[2].option_count, 0);
    assert_int_equal(b.q[2].answer, 1); /* 正确 */
    assert_int_equal(b.q[3].answer, 1);
    free(report);
    exam_bank_free(&b);
    assert_true(exam_bank_header(good, strlen(good)));
    assert_false(exam_bank_header("id,name\n1,x\n", 11));
}

/* Each bad row, with the reason a secretary can act on. */
static void every_bad_row_is_reported_with_file_line_and_reason(void **state)
{
    (void)state;
    static const char bad[] = "type,question,A,B,C,D,answer\n"        /* 1 */
                              "essay,论述题。,,,,,A\n"                /* 2 wrong type */
                              "single,无答案的题。,甲,乙,,,\n"        /* 3 no answer */
                              "single,答案不在选项中。,甲,乙,,,C\n"   /* 4 not an option */
                              "single,,甲,乙,,,A\n"                   /* 5 empty text */
                              "single,\xff\xfe 坏字节。,甲,乙,,,A\n"  /* 6 not UTF-8 */
                              "single,好题。,甲,乙,,,A\n"             /* 7 good */
                              "single,好题。,丙,丁,,,B\n"             /* 8 duplicate */
                              "single,单选两个答案。,甲,乙,,,AB\n"    /* 9 */
                              "multiple,多选一个答案。,甲,乙,丙,,A\n" /* 10 */
                              "truefalse,判断有选项。,甲,,,,T\n"      /* 11 */
                              "truefalse,判断答案。,,,,,X\n"          /* 12 */
                              "single,缺字段。,甲,乙\n"               /* 13 */
                              "single,选项有空缺。,甲,,丙,,A\n";      /* 14 */
    struct exam_bank b;
    char *report;
    assert_int_equal(decode(bad, &b, &report), 12);
    static const char *const want[] = {
        "bank.csv:2: wrong type 'essay': single, multiple or truefalse",
        "bank.csv:3: no answer",
        "bank.csv:4: answer 'C' is not among the options A-B",
        "bank.csv:5: empty question text",
        "bank.csv:6: not UTF-8",
        "bank.csv:8: duplicate question: the same text as line 7",
        "bank.csv:9: a single choice has one answer, not 'AB'",
        "bank.csv:10: a multiple choice has two answers or more, not 'A'",
        "bank.csv:11: a true/false question has no options A-D",
        "bank.csv:12: answer 'X' is not among the options: T or F (对 or 错)",
        "bank.csv:13: expected 7 fields (type,question,A,B,C,D,answer), found 4",
        "bank.csv:14: option B is empty but a later one is not",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(report, want[i])) fail_msg("missing '%s' in:\n%s", want[i], report);
    free(report);
    exam_bank_free(&b);
    assert_int_equal(decode("id,name\n1,甲\n", &b, &report), 1);
    assert_non_null(strstr(report, "bank.csv:1: the header row must be"));
    free(report);
    exam_bank_free(&b);
}

static int32_t count(struct hub *h, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h->db->h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int32_t n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void the_bank_is_stored_once_apart_from_the_journal(void **state)
{
    (void)state;
    struct hub h;
    assert_int_equal(hub_init(&h), 0);
    struct exam_bank b;
    char *report;
    assert_int_equal(decode(good, &b, &report), 0);
    free(report);
    int dup = -1;
    size_t len = 0;
    FILE *f = open_memstream(&report, &len);
    assert_int_equal(db_exam_bank_check(h.db, "bank.csv", &b, f, &dup, &h.dberr), DB_OK);
    assert_int_equal(dup, 0);
    assert_int_equal(db_exam_bank_add(h.db, "bank.csv", &b, &h.dberr), DB_OK);
    /* the same file again: every row is a duplicate, and nothing is added */
    assert_int_equal(db_exam_bank_check(h.db, "bank.csv", &b, f, &dup, &h.dberr), DB_OK);
    fclose(f);
    assert_int_equal(dup, 4);
    assert_non_null(strstr(report, "bank.csv:5: duplicate question: already in the bank"));
    free(report);
    assert_int_equal(count(&h, "SELECT count(*) FROM exam_question"), 4);
    assert_int_equal(count(&h, "SELECT count(*) FROM journal"), 0);
    struct exam_bank back;
    assert_int_equal(db_exam_bank_load(h.db, &back, &h.dberr), DB_OK);
    assert_int_equal(back.count, 4);
    assert_string_equal(back.q[1].options[2], "国务院");
    assert_int_equal(back.q[1].answer, 3);
    assert_true(back.q[0].id > 0);
    exam_bank_free(&back);
    exam_bank_free(&b);
    hub_free(&h);
}

/* A hub on a new database with the bank stored (read back into *b, for its ids and answers), five
 * members and a nominee, whose paper of the first n questions is running. */
static void paper_started(struct hub *h, struct exam_bank *b, int n, int32_t *item, int32_t *sub)
{
    assert_int_equal(hub_init(h), 0);
    char *report;
    assert_int_equal(decode(good, b, &report), 0);
    free(report);
    assert_int_equal(db_exam_bank_add(h->db, "bank.csv", b, &h->dberr), DB_OK);
    exam_bank_free(b);
    assert_int_equal(db_exam_bank_load(h->db, b, &h->dberr), DB_OK);
    assert_int_equal(hub_roster(h, 5), 0);
    assert_int_equal(hub_item(h, ITEM_APPOINTMENT, "任免", true, item), 0);
    assert_int_equal(hub_subject(h, *item, "张卫民", sub), 0);
    struct command c = dbt_cmd(CMD_EXAM_START);
    c.p.item = *item;
    c.p.id = *sub;
    c.p.paper_count = n;
    for (int i = 0; i < n; i++) c.p.paper[i] = b->q[i].id, c.p.paper_key[i] = b->q[i].answer;
    assert_int_equal(hub_send(h, ROLE_EXAMINEE, *sub, &c), 0);
}

/* A paper drawn from the stored bank, answered, the hub restarted: the key and the answers
 * come back from their tables; the journal never had them. */
static void answers_are_durable_and_never_journalled(void **state)
{
    (void)state;
    struct hub h;
    struct exam_bank b;
    int32_t item, sub;
    paper_started(&h, &b, 3, &item, &sub);
    struct command c = dbt_cmd(CMD_EXAM_ANSWER);
    c.p.item = item;
    c.p.id = sub;
    c.p.position = 1;
    c.p.number = 3; /* A+B: right */
    assert_int_equal(hub_send(&h, ROLE_EXAMINEE, sub, &c), 0);
    c.p.position = 0;
    c.p.number = 1; /* A: wrong (B is right) */
    assert_int_equal(hub_send(&h, ROLE_EXAMINEE, sub, &c), 0);
    assert_int_equal(count(&h, "SELECT count(*) FROM exam_answer"), 2);
    assert_int_equal(count(&h, "SELECT count(*) FROM exam_paper"), 3);
    assert_int_equal(count(&h, "SELECT count(*) FROM journal WHERE body LIKE '%paper%' "
                               "OR (type = 'exam_answered' AND body NOT LIKE '%\"number\":16%')"),
                     0);
    assert_int_equal(hub_reopen(&h, NULL), 0);
    const struct exam_record *x = core_exam(h.s, sub, NULL);
    assert_non_null(x);
    assert_int_equal(x->state, EXAM_RUNNING);
    const struct exam_paper *paper = core_exam_paper(h.s, sub);
    assert_non_null(paper);
    assert_int_equal(paper->given[0], 1);
    assert_int_equal(paper->given[1], 3);
    assert_int_equal(paper->key[1], 3);
    assert_int_equal(paper->question[2], b.q[2].id);
    assert_true(exam_answered(x, 1));
    assert_false(exam_answered(x, 2));
    c = dbt_cmd(CMD_EXAM_HAND_IN);
    c.p.item = item;
    c.p.id = sub;
    assert_int_equal(hub_send(&h, ROLE_SECRETARY, 0, &c), 0);
    assert_int_equal(h.last.events[0].p.number, 33); /* 1 of 3 right, after the restart */
    exam_bank_free(&b);
    hub_free(&h);
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* A paper started days ago (the fixture's clock) and still running: the real hub, started on
 * that database, hands it in by itself at its first heartbeat, with the answer given. */
static void the_hub_hands_a_paper_in_at_the_deadline(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    struct hub h;
    struct exam_bank b;
    int32_t item, sub;
    paper_started(&h, &b, 2, &item, &sub);
    struct command c = dbt_cmd(CMD_EXAM_ANSWER);
    c.p.item = item;
    c.p.id = sub;
    c.p.number = b.q[0].answer; /* the first right, the second unanswered: 50 */
    assert_int_equal(hub_send(&h, ROLE_EXAMINEE, sub, &c), 0);
    exam_bank_free(&b);
    db_close(h.db);
    h.db = NULL;
    char cfg[256];
    snprintf(cfg, sizeof cfg, "%s/cmte.ini", h.dir);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f,
            "[hub]\nlisten = 127.0.0.1\nport = %d\n[keys]\nhub_key = hub.key\n[database]\n"
            "path = cmte.db\n[net]\nheartbeat_ms = 200\ntimeout_ms = 1000\n",
            free_port());
    fclose(f);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        execl(bin, bin, "serve", "--config", cfg, (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    int64_t finished = 0;
    for (int waited = 0; waited < 15000 && !finished; waited += 100) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
        assert_int_equal(db_open(h.path, &h.key, &h.db, &h.dberr), DB_OK);
        finished = count(&h, "SELECT count(*) FROM journal WHERE type = 'exam_finished' AND "
                             "actor_role = 'hub' AND json_extract(body, '$.number') = 50");
        db_close(h.db);
        h.db = NULL;
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    assert_int_equal(finished, 1);
    hub_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_bank_decodes),
        cmocka_unit_test(every_bad_row_is_reported_with_file_line_and_reason),
        cmocka_unit_test(the_bank_is_stored_once_apart_from_the_journal),
        cmocka_unit_test(answers_are_durable_and_never_journalled),
        cmocka_unit_test(the_hub_hands_a_paper_in_at_the_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
