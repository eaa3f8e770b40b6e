/* One short meeting run by the four consoles together, end to end in tmux: the chair (holding
 * the meeting, hub in its process), a secretary, two seats (seat 5 with a PIN) and the display,
 * each a real `cmte` process in a pane of its own; the other members act with `cmte ctl`.
 * Sign-in to quorum, a speech with its countdown, an inquiry question and its answer, a secret
 * evaluation and a vote, every step asserted on the screens it shows on, results equal to what
 * was cast.  Once in Chinese at 80x24 growing to 200x50 halfway, once in English at 200x50
 * shrinking to 80x24 halfway.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 18, EVALUATION = 3, VOTE = 4 };

static const char *const panes[] = {"chair", "sec", "s1", "s5", "disp"};
enum { PANES = sizeof panes / sizeof panes[0] };
static const char *const counting[] = {"chair", "sec", "disp"}; /* show the attendance */
enum { COUNTING = sizeof counting / sizeof counting[0] };

struct run {
    struct tui t;
    bool en;
    int cols, rows; /* at the start; the other size after the resize */
};

/* The words of the language the run speaks. */
#define W(run, zh, english) ((run)->en ? (english) : (zh))

static int open_room(void **state, bool en, int cols, int rows)
{
    static struct run r;
    memset(&r, 0, sizeof r);
    if (!tui_open(&r.t, SEATS, en ? "meeting-en" : "meeting-zh")) {
        *state = NULL;
        return 0;
    }
    room_enroll(&r.t.room, "display", 0, "display-1");
    room_configure(&r.t.room, "[limits]\nplenary = 30\n");
    r.en = en, r.cols = cols, r.rows = rows;
    *state = &r;
    return 0;
}

static int open_zh(void **state)
{
    return open_room(state, false, 80, 24);
}

static int open_en(void **state)
{
    return open_room(state, true, 200, 50);
}

static int close_room(void **state)
{
    struct run *r = *state;
    return r && tui_close(&r->t) ? -1 : 0;
}

/* ---- the consoles ---- */

static void start_pane(struct run *r, const char *name, const char *sub, const char *cfg)
{
    char cmd[3 * PATH_MAX];
    tui_command(&r->t, "", sub, r->en ? "--lang en " : "", cfg, cmd, sizeof cmd);
    tui_start(&r->t, name, r->cols, r->rows, cmd);
}

static void start_consoles(struct run *r)
{
    start_pane(r, "chair", "chair", "cmte.ini");
    wait_for(&r->t, "chair", W(r, "已签到 0/35", "Signed in 0/35"));
    start_pane(r, "sec", "secretary", "secretary-1.ini");
    start_pane(r, "s1", "seat", "seat-1.ini");
    start_pane(r, "s5", "seat", "seat-5.ini");
    start_pane(r, "disp", "display", "display-1.ini");
    for (int i = 0; i < COUNTING; i++)
        wait_for(&r->t, counting[i], W(r, "已签到 0/35", "Signed in 0/35"));
    wait_for(&r->t, "s1", W(r, "座位 1  陈立新", "Seat 1  陈立新"));
    wait_for(&r->t, "s5", W(r, "座位 5  刘建平", "Seat 5  刘建平"));
}

static void resize_all(struct run *r)
{
    int cols = r->cols == 80 ? 200 : 80, rows = r->rows == 24 ? 50 : 24;
    char x[16], y[16], last[16];
    snprintf(x, sizeof x, "%d", cols);
    snprintf(y, sizeof y, "%d", rows);
    snprintf(last, sizeof last, "%d", rows - 1);
    for (int i = 0; i < PANES; i++) {
        assert_int_equal(tmux(&r->t, NULL, "resize-window", "-t", panes[i], "-x", x, "-y", y), 0);
        wait_row_starts(&r->t, panes[i], rows - 1, W(r, "F1 帮助", "F1 help"));
    }
}

/* ---- the meeting ---- */

static void sign_in_to_quorum(struct run *r)
{
    struct tui *t = &r->t;
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", W(r, "签到成功。", "Signed in."));
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", W(r, "请输入 PIN，然后按 Enter：", "Enter your PIN, then press Enter:"));
    tui_keys(t, "s5", "-l", room_pin(5));
    tui_keys(t, "s5", "Enter");
    wait_for(t, "s5", W(r, "签到成功。", "Signed in."));
    for (int seat = 2; seat <= SEATS; seat++) {
        if (seat == 5) continue;
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(&t->room, name, room_pin(seat), "{\"type\":\"sign_in\",\"person\":%d}", seat);
    }
    for (int i = 0; i < COUNTING; i++)
        wait_for(t, counting[i], W(r, "已签到 18/35", "Signed in 18/35"));
    wait_for(t, "disp", W(r, "符合法定人数", "quorum present"));
    wait_for(
        t, "chair",
        W(r, "已符合法定人数：按 o 宣布开会。", "Quorum present: press o to open the meeting."));
    tui_keys(t, "chair", "o");
    for (int i = 0; i < PANES; i++) wait_for(t, panes[i], W(r, "进行中", "in session"));
}

/* The time after prefix on a pane, as shown ("00:29"). */
static void countdown_moves(struct run *r, const char *pane, const char *prefix)
{
    char first[16], now[16];
    wait_for(&r->t, pane, prefix);
    shown_after(&r->t, pane, prefix, first);
    for (int waited = 0;; waited += TMUX_POLL_MS) {
        shown_after(&r->t, pane, prefix, now);
        if (now[0] && strcmp(now, first) < 0) return; /* "00:28" < "00:29": it counts down */
        if (waited >= TMUX_WAIT_MS) fail_msg("%s stays at %s", pane, first);
        room_sleep_ms(TMUX_POLL_MS);
    }
}

static void a_speech(struct run *r)
{
    struct tui *t = &r->t;
    tui_keys(t, "chair", "Enter");
    const char *kind = W(r, "【听取和审议报告】", "[deliberation of a report]");
    for (int i = 0; i < PANES; i++)
        if (strcmp(panes[i], "sec") != 0) wait_for(t, panes[i], kind);
    tui_keys(t, "sec", "3"); /* the speakers */
    wait_for(t, "sec", W(r, "发言名单（2 人，2 人等候）", "Speakers (2, 2 waiting)"));
    tui_keys(t, "s1", "1"); /* after the two scheduled speakers */
    wait_for(t, "s1",
             W(r, "您已申请发言，排在第 3 位（共 3 人等候）。",
               "You asked for the floor: you are number 3 of 3 waiting."));
    wait_for(t, "disp", "3. 陈立新");
    wait_row_with(t, "sec", " 3.", "陈立新");
    tui_keys(t, "chair", "g");
    const char *speaking = W(r, "发言人：欧阳明", "Speaking: 欧阳明");
    for (int i = 0; i < PANES; i++) wait_for(t, panes[i], speaking);
    countdown_moves(r, "disp", W(r, "剩余 ", "remaining "));
    countdown_moves(r, "chair", W(r, "剩余 ", "remaining "));
    countdown_moves(r, "sec", W(r, "剩余 ", "remaining "));
    tui_keys(t, "chair", "e");
    wait_for(t, "disp", W(r, "欧阳明 发言结束", "欧阳明 ends the speech"));
}

static void next_item(struct run *r, const char *zh, const char *en)
{
    tui_keys(&r->t, "chair", "c", "y");
    wait_for(&r->t, "chair", W(r, "用方向键选择议程项", "Choose an item with the arrows"));
    tui_keys(&r->t, "chair", "Enter");
    for (int i = 0; i < PANES; i++) wait_for(&r->t, panes[i], W(r, zh, en));
}

static void a_question_and_its_answer(struct run *r)
{
    struct tui *t = &r->t;
    next_item(r, "【专题询问】", "[special inquiry]");
    tui_keys(t, "s1", "1"); /* register a question, to the second respondent, no text */
    wait_for(t, "s1", W(r, "登记询问：请选择应询人", "Register a question: to whom?"));
    tui_keys(t, "s1", "2", "Enter");
    wait_for(t, "s1", W(r, "请核对您的询问：", "Your question, before it is registered:"));
    tui_keys(t, "s1", "Enter");
    wait_for(t, "disp", W(r, "待提问（4 个）：", "Questions waiting (4):"));
    tui_keys(t, "chair", "n");
    const char *asking = W(r, "提问人：黄淑芬", "Questioner: 黄淑芬");
    wait_for(t, "chair", asking);
    wait_for(t, "disp", asking);
    wait_for(t, "disp", W(r, "应询人：沈建华", "Respondent: 沈建华"));
    tui_keys(t, "chair", "r");
    wait_for(t, "disp", W(r, "【回答】", "[answer]"));
    wait_for(t, "chair", W(r, "【回答】", "[answer]"));
    tui_keys(t, "chair", "e");
    wait_for(t, "disp", W(r, "待提问（3 个）：", "Questions waiting (3):"));
}

/* Seat `pane` chooses option digits[k] on each subject, reviews, and confirms with 1. */
static void seat_casts(struct run *r, const char *pane, const char *digits)
{
    struct tui *t = &r->t;
    tui_keys(t, pane, "1");
    for (const char *d = digits; *d; d++) {
        char key[2] = {*d, '\0'};
        tui_keys(t, pane, key);
    }
    wait_for(t, pane, W(r, "请核对您的选择", "check your choices"));
    tui_keys(t, pane, "Enter");
    wait_for(t, pane, W(r, "确认提交以上选择吗？", "submit these choices?"));
    tui_keys(t, pane, "1");
    wait_for(t, pane, W(r, "已记录", "Recorded"));
}

/* The members at seats 2..SEATS but 5 cast `option` on every subject of the ballot. */
static void others_cast(struct run *r, int item_index, int option)
{
    cJSON *s = room_state(&r->t.room, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    cJSON *it = cJSON_GetArrayItem(items, item_index - 1), *sub;
    int item = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id"));
    char choices[256] = "";
    cJSON_ArrayForEach(sub, cJSON_GetObjectItem(cJSON_GetObjectItem(it, "ballot"), "subjects"))
    {
        size_t len = strlen(choices);
        snprintf(choices + len, sizeof choices - len, "%s{\"subject\":%d,\"option\":%d}",
                 len ? "," : "", (int)cJSON_GetNumberValue(cJSON_GetObjectItem(sub, "id")), option);
    }
    cJSON_Delete(s);
    for (int seat = 2; seat <= SEATS; seat++) {
        if (seat == 5) continue;
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(&r->t.room, name, NULL,
                "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":[%s]}", item, seat,
                choices);
    }
}

static void a_secret_evaluation(struct run *r)
{
    struct tui *t = &r->t;
    next_item(r, "【满意度测评】", "[satisfaction evaluation]");
    tui_keys(t, "chair", "b");
    for (int i = 0; i < PANES; i++)
        if (strcmp(panes[i], "sec") != 0) wait_for(t, panes[i], W(r, "已测评 0/18", "Scored 0/18"));
    seat_casts(r, "s1", "11"); /* 满意, 满意 */
    seat_casts(r, "s5", "23"); /* 基本满意, 不满意 */
    others_cast(r, EVALUATION, 0);
    wait_for(t, "chair", W(r, "已测评 18/18", "Scored 18/18"));
    tui_keys(t, "chair", "x", "y");
    const char *summary = W(r, "满意度测评结果  应到 35 人  出席 18 人  投票 18 人  未按 0 人",
                            "Results of the evaluation  members 35  present 18  voted 18  "
                            "did not vote 0");
    for (int i = 0; i < PANES; i++)
        if (strcmp(panes[i], "sec") != 0) wait_for(t, panes[i], summary);
    /* 17 满意 and 1 基本满意 on the first subject; 17 and 1 不满意 on the second (the options
     * are the configuration's, in either language) */
    wait_row_with(t, "disp", "满意 ", "17");
    wait_row_with(t, "disp", "基本满意", " 1 ");
    wait_row_with(t, "disp", "不满意", " 1 ");
}

static void a_vote(struct run *r)
{
    struct tui *t = &r->t;
    next_item(r, "【表决】", "[vote]");
    tui_keys(t, "chair", "b");
    wait_for(t, "disp", W(r, "已表决 0/18", "Voted 0/18"));
    seat_casts(r, "s1", "1"); /* 赞成 */
    seat_casts(r, "s5", "2"); /* 反对 */
    others_cast(r, VOTE, 0);
    wait_for(t, "chair", W(r, "已表决 18/18", "Voted 18/18"));
    tui_keys(t, "chair", "x", "y");
    /* 17 for is not more than half of 35 */
    const char *verdict =
        W(r, "17票赞成，1票反对，0票弃权，未通过", "17 for, 1 against, 0 abstaining: not adopted");
    for (int i = 0; i < PANES; i++)
        if (strcmp(panes[i], "sec") != 0) wait_for(t, panes[i], verdict);
}

static void the_end(struct run *r)
{
    struct tui *t = &r->t;
    tui_keys(t, "chair", "c", "y");
    wait_for(t, "chair", W(r, "用方向键选择议程项", "Choose an item with the arrows"));
    tui_keys(t, "chair", "C", "y");
    wait_for(t, "disp", W(r, "会议已结束。", "The meeting is closed."));
    for (int i = PANES - 1; i >= 0; i--) {
        tui_keys(t, panes[i], "q", "y");
        wait_for(t, panes[i], "cmte-exited 0");
    }
    /* what the screens said is what the journal holds */
    assert_int_equal(room_journal_count(&t->room, "ballot_cast"), 2 * SEATS);
    assert_int_equal(room_journal_count(&t->room, "ballot_closed"), 2);
}

static void meeting(void **state)
{
    struct run *r = *state;
    if (!r) skip(); /* no tmux */
    start_consoles(r);
    sign_in_to_quorum(r);
    a_speech(r);
    a_question_and_its_answer(r);
    resize_all(r);
    a_secret_evaluation(r);
    a_vote(r);
    the_end(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(meeting, open_zh, close_room),
        cmocka_unit_test_setup_teardown(meeting, open_en, close_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
