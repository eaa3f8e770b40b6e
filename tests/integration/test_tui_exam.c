/* The pre-appointment law exam end to end, where the configuration requires it: `cmte chair`
 * holding the meeting in one tmux pane, `cmte examinee` (80x24) in another, keys only.  A
 * nominee starts the exam, answers four questions of five (the answers read from the hub's
 * database, as a nominee who studied would know them), reviews the unanswered one, hands in and
 * sees 考试 80 分，通过; the chair's panel of the appointment item shows the score; opening the
 * vote while the other nominee has no pass is refused in plain words.  Then in English and
 * monochrome: the other nominee hands in an empty paper, fails, takes the retake (补考) the
 * secretary starts, passes, and the vote opens.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, QUESTIONS = 5 };

static int nominee_id(struct room *r, const char *name)
{
    return (int)room_db_number(r,
                               "SELECT json_extract(body, '$.id') FROM journal WHERE type = "
                               "'nominee_added' AND json_extract(body, '$.name') = ?",
                               name);
}

static void enroll_examinee(struct room *r, int nominee, const char *name)
{
    char out[PATH_MAX], id[16];
    snprintf(out, sizeof out, "%s/%s.ini", r->dir, name);
    snprintf(id, sizeof id, "%d", nominee);
    assert_int_equal(room_run(r, NULL, "enroll", "--config", r->config, "--role", "examinee",
                              "--nominee", id, "--out", out, name),
                     0);
}

static int open_room(void **state)
{
    static struct tui t;
    if (!tui_open(&t, SEATS, "exam")) {
        *state = NULL;
        return 0;
    }
    room_configure(&t.room, "[exam]\nrequired = yes\nquestions = 5\n");
    enroll_examinee(&t.room, nominee_id(&t.room, "张卫民"), "examinee-1");
    enroll_examinee(&t.room, nominee_id(&t.room, "刘晓红"), "examinee-2");
    *state = &t;
    return 0;
}

/* The right answer of question q on the nominee's paper, as keys: T or F, or the letters. */
static void right_keys(struct room *r, int nominee, int attempt, int q, char keys[8])
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT p.answer + 100 * (k.kind = 'truefalse') FROM exam_paper p JOIN exam_question "
             "k ON k.id = p.question WHERE p.subject = %d AND p.attempt = %d AND p.position = %d",
             nominee, attempt, q);
    int64_t v = room_db_number(r, sql, NULL);
    int n = 0;
    if (v >= 100) {
        keys[n++] = v - 100 == 1 ? 'T' : 'F';
    } else {
        for (int o = 0; o < 4; o++)
            if (v & (1 << o)) keys[n++] = (char)('A' + o);
    }
    keys[n] = '\0';
}

/* Answer questions 1..n right, moving on with the right arrow. */
static void answer_right(struct tui *t, const char *pane, int nominee, int attempt, int n)
{
    for (int q = 0; q < n; q++) {
        char keys[8], seen[32];
        right_keys(&t->room, nominee, attempt, q, keys);
        for (const char *k = keys; *k; k++) {
            char key[2] = {*k, '\0'};
            tui_keys(t, pane, key);
        }
        snprintf(seen, sizeof seen, pane[0] == 'z' ? "已答 %d/%d" : "Answered %d/%d", q + 1,
                 QUESTIONS);
        wait_for(t, pane, seen);
        tui_keys(t, pane, "Right");
    }
}

static void start_consoles(struct tui *t)
{
    tui_console(t, "app", "", "chair", "", "cmte.ini");
    wait_for(t, "app", "等待组成人员签到");
    tui_console(t, "zh", "", "examinee", "", "examinee-1.ini");
    tui_console(t, "en", "NO_COLOR=1 ", "examinee", "--lang en ", "examinee-2.ini");
}

/* 张卫民 answers four of five right, reviews, hands in: 80 points of 100, a pass. */
static void nominee_takes_the_exam_in_chinese(struct tui *t, int nominee)
{
    wait_for(t, "zh", "任命 张卫民  市财政局局长");
    wait_for(t, "zh", "按 S 开始考试（限时 90 分钟，满分100分，60 分及格）。");
    tui_keys(t, "zh", "S");
    wait_for(t, "zh", "现在开始考试？开始后立即计时。");
    tui_keys(t, "zh", "y");
    wait_for(t, "zh", "第 1/5 题");
    wait_for(t, "zh", "剩余时间 ");
    wait_row_starts(t, "zh", 23, "F1 帮助");
    answer_right(t, "zh", nominee, 1, QUESTIONS - 1);
    wait_for(t, "zh", "第 5/5 题");
    tui_keys(t, "zh", "H");
    wait_for(t, "zh", "交卷前检查");
    wait_for(t, "zh", "1 题未答：5");
    tui_keys(t, "zh", "H");
    wait_for(t, "zh", "还有 1 题未答，确定交卷？");
    tui_keys(t, "zh", "y");
    wait_for(t, "zh", "考试 80 分，通过");
    wait_for(t, "zh", "已通过任前法律知识考试。");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM exam_answer WHERE subject = %d", nominee);
    assert_int_equal(room_db_number(&t->room, sql, NULL), QUESTIONS - 1);
}

/* The chair sees the score on the appointment item, and cannot open the vote while 刘晓红 has no
 * pass: the hub's refusal in plain words, nothing opened. */
static void chair_sees_scores_and_a_vote_refused(struct tui *t, int item)
{
    struct room *r = &t->room;
    room_sign_in(r, SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    wait_for(t, "app", "【人事任免】");
    wait_for(t, "app", "1. 免职 王建国  市财政局局长"); /* a dismissal takes no exam */
    wait_gone(t, "app", "王建国  市财政局局长  未参加考试");
    wait_for(t, "app", "2. 任命 张卫民  市财政局局长  考试成绩 80 分 通过");
    wait_for(t, "app", "3. 任命 刘晓红  市审计局局长  未参加考试");
    tui_keys(t, "app", "B"); /* every case together */
    wait_for(t, "app", "拟任人员未通过任前法律知识考试");
    wait_for(t, "app", "刘晓红");
    assert_int_equal(room_journal_count(r, "ballot_opened"), 0);
}

/* 刘晓红, in English on a monochrome terminal: an empty paper fails, the retake passes. */
static void nominee_fails_then_passes_the_retake_in_english(struct tui *t, int item, int nominee)
{
    wait_for(t, "en", "S: start the exam (90 minutes; 60 points of 100 pass).");
    tui_keys(t, "en", "S", "y");
    wait_for(t, "en", "Question 1/5");
    tui_keys(t, "en", "H");
    wait_for(t, "en", "5 questions unanswered: 1, 2, 3, 4, 5");
    tui_keys(t, "en", "H", "y");
    wait_for(t, "en", "Exam: 0 points, failed");
    wait_for(t, "en", "S: start the retake (90 minutes; 60 points of 100 pass).");
    assert_monochrome(t, "en");
    wait_for(t, "app", "3. 任命 刘晓红  市审计局局长  考试成绩 0 分 未通过");
    tui_keys(t, "en", "S");
    wait_for(t, "en", "Start the retake now? The time runs at once.");
    tui_keys(t, "en", "n"); /* the secretary starts it instead: the paper comes all the same */
    wait_for(t, "en", "Not done.");
    room_ok(&t->room, "secretary-1", NULL, "{\"type\":\"exam_start\",\"item\":%d,\"id\":%d}", item,
            nominee);
    wait_for(t, "en", "Question 1/5");
    answer_right(t, "en", nominee, 2, QUESTIONS);
    tui_keys(t, "en", "H");
    wait_for(t, "en", "Every question is answered.");
    tui_keys(t, "en", "H");
    wait_for(t, "en", "Hand in the paper?");
    tui_keys(t, "en", "y");
    wait_for(t, "en", "Retake 1: 100 points, passed");
    wait_for(t, "en", "Exam: 0 points, failed");
    wait_for(t, "en", "The law exam is passed.");
    wait_for(t, "app", "补考成绩 100 分 通过（首次 0 分）");
}

static void the_law_exam_from_paper_to_vote(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    struct room *r = &t->room;
    int zhang = nominee_id(r, "张卫民"), liu = nominee_id(r, "刘晓红");
    int item = (int)room_db_number(r,
                                   "SELECT json_extract(body, '$.item') FROM journal WHERE type "
                                   "= 'nominee_added' AND json_extract(body, '$.name') = ?",
                                   "张卫民");
    start_consoles(t);
    nominee_takes_the_exam_in_chinese(t, zhang);
    chair_sees_scores_and_a_vote_refused(t, item);
    nominee_fails_then_passes_the_retake_in_english(t, item, liu);
    tui_keys(t, "app", "B"); /* both have passed: the vote on every case opens */
    wait_for(t, "app", "已表决 0/20");
    /* the journal never holds a paper's answers nor the answers given */
    assert_int_equal(room_db_number(r,
                                    "SELECT count(*) FROM journal WHERE type = 'exam_answered' "
                                    "AND json_extract(body, '$.number') NOT IN (0, 16)",
                                    NULL),
                     0);
    assert_int_equal(room_journal_count(r, "exam_finished"), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_law_exam_from_paper_to_vote, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
