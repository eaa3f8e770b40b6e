/* The sample appointment item end to end at 80x24, in Chinese and in English: a nominee's
 * statement runs under a countdown on the display; the seats vote case by case (the chair's b
 * puts the dismissal to the vote alone, B the two appointments together, one of which fails:
 * more than half of all 35 members is 18); the chair's `w`
 * waits for the certificates, which the secretary checks off with `c`; the chair starts the oath,
 * the display shows its text and who swears; the minutes carry the cases, the results in the
 * statutory form and the oath verbatim.  Skipped when tmux is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmux.h"
#include "tui/paint.h"

enum { SEATS = 20, APPOINT_INDEX = 5 };

TUI_ROOM(SEATS, "appoint")

struct appointment {
    int item;
    int dismissal, first, second; /* 王建国 (免职), 张卫民, 刘晓红 */
};

static int id_at(cJSON *arr, int i)
{
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, i), "id"));
}

static struct appointment the_item(struct room *r)
{
    cJSON *s = room_state(r, "secretary-1");
    cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items");
    cJSON *it = cJSON_GetArrayItem(items, APPOINT_INDEX - 1);
    cJSON *subjects = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "ballot"), "subjects");
    struct appointment a = {id_at(items, APPOINT_INDEX - 1), id_at(subjects, 0), id_at(subjects, 1),
                            id_at(subjects, 2)};
    cJSON_Delete(s);
    return a;
}

/* Seats 2..20 vote as their consoles would (ctl): first on the dismissal alone, all for; then on
 * the two appointments together: for 张卫民, and on 刘晓红 seats 2..12 for, the rest against
 * (with seat 1: 12 for, 8 against: not adopted). */
static void others_vote(struct room *r, const struct appointment *a, bool dismissal)
{
    for (int seat = 2; seat <= SEATS; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        if (dismissal)
            room_ok(r, name, NULL,
                    "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":["
                    "{\"subject\":%d,\"option\":0}]}",
                    a->item, seat, a->dismissal);
        else
            room_ok(r, name, NULL,
                    "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":["
                    "{\"subject\":%d,\"option\":0},{\"subject\":%d,\"option\":%d}]}",
                    a->item, seat, a->first, a->second, seat <= 12 ? 0 : 1);
    }
}

static void start_consoles(struct tui *t, const char *lang)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "--lang %s ", lang);
    /* the English display in monochrome, as over a plain terminal */
    tui_console(t, "disp", strcmp(lang, "en") ? "" : "env TERM=vt100 NO_COLOR=1 ", "display",
                prefix, "display-1.ini");
    tui_console(t, "chair", "", "chair", prefix, "chair-1.ini");
    tui_console(t, "sec", "", "secretary", prefix, "secretary-1.ini");
    tui_console(t, "seat", "", "seat", prefix, "seat-1.ini");
}

/* The words each language shows at the steps of the test. */
struct words {
    const char *lang, *statement, *vote_first, *dismiss, *appoint, *results, *dismissed,
        *not_adopted, *no_certificates, *certificates_q, *who_leads, *oath_head, *swearing,
        *minutes_oath, *minutes_case, *recorded, *open, *certified, *vote_one, *next_key, *waiting,
        *prompt, *whose, *minutes_written, *written_narrated, *minutes_exam, *exam_not_taken;
};

static const struct words zh = {
    "zh",
    "发言人：张卫民  任命 市财政局局长  （供职发言）",
    "表决：第 1 项，共 2 项",
    "免职 王建国",
    "任命 张卫民",
    "表决结果  应到 35 人  出席 20 人  投票 20 人  未按 0 人",
    "19票赞成，0票反对，1票弃权，通过",
    "12票赞成，8票反对，0票弃权，未通过",
    "[!] 会务尚未确认颁发任命书。",
    "任命书已颁发？",
    "宪法宣誓：由谁领誓？",
    "宪法宣誓：单独宣誓",
    "宣誓人：张卫民",
    "#### 宪法宣誓",
    "| 免职 | 王建国 | 市财政局局长 | 市人民政府 | — |",
    "已记录：您的表决已计入。",
    "进行中",
    "w 宪法宣誓",
    "表决：第 1 项，共 1 项",
    "b 表决下一人",
    "尚未表决",
    "请表决：按 1 开始。",
    "刘晓红 的书面发言：",
    "书面发言：因公出国，提交书面发言。",
    "已记录书面发言：刘晓红",
    "#### 任前法律知识考试",
    "未参加考试",
};

static const struct words en = {
    "en",
    "Speaking: 张卫民  appoint 市财政局局长  (statement before appointment)",
    "Vote: subject 1 of 2",
    "dismiss 王建国",
    "appoint 张卫民",
    "Results of the vote  members 35  present 20  voted 20  did not vote 0",
    "19 for, 0 against, 1 abstaining: adopted",
    "12 for, 8 against, 0 abstaining: not adopted",
    "[!] The secretary has not yet checked off the certificates.",
    "The certificates (任命书) have been handed over?",
    "Constitutional oath: who leads?",
    "Constitutional oath: individual oath",
    "Swearing: 张卫民",
    "#### Constitutional oath",
    "| dismiss | 王建国 | 市财政局局长 | 市人民政府 | — |",
    "Recorded: your vote has been counted.",
    "open",
    "w oath",
    "Vote: subject 1 of 1",
    "b vote on the next case",
    "not yet voted on",
    "Please vote: press 1.",
    "Written statement of 刘晓红:",
    "written statement: 因公出国，提交书面发言。",
    "written statement recorded: 刘晓红",
    "#### Law exam before appointment",
    "law exam not taken",
};

/* Seat 1 votes by keys: abstains on the dismissal, voted on alone. */
static void seat_votes_on_the_dismissal(struct tui *t, const struct words *w)
{
    wait_for(t, "seat", w->prompt);
    tui_keys(t, "seat", "1");
    wait_for(t, "seat", w->vote_one);
    wait_for(t, "seat", w->dismiss);
    tui_keys(t, "seat", "3", "Enter", "1");
    wait_for(t, "seat", w->recorded);
}

/* Then for both appointments, voted on together. */
static void seat_votes_on_the_appointments(struct tui *t, const struct words *w)
{
    wait_for(t, "seat", w->prompt);
    tui_keys(t, "seat", "1");
    wait_for(t, "seat", w->vote_first);
    wait_for(t, "seat", w->appoint);
    tui_keys(t, "seat", "1", "1", "Enter", "1");
    wait_for(t, "seat", w->recorded);
}

static void statement_then_votes(struct tui *t, const struct appointment *a, const struct words *w)
{
    struct room *r = &t->room;
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", a->item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"floor_grant\",\"item\":%d,\"id\":0}", a->item);
    wait_for(t, "disp", w->statement); /* the first on the list: 张卫民's statement */
    wait_for(t, "disp", "05:00");
    room_ok(r, "chair-1", NULL, "{\"type\":\"speech_end\",\"item\":%d}", a->item);
    wait_for(t, "chair", w->next_key); /* case by case: the chair's b puts 王建国 to the vote */
    tui_keys(t, "chair", "b");
    seat_votes_on_the_dismissal(t, w);
    others_vote(r, a, true);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", a->item);
    wait_for(t, "disp", w->dismissed);
    wait_for(t, "disp", w->waiting); /* the two appointments still to vote on */
    wait_for(t, "chair", w->waiting);
    tui_keys(t, "chair", "B"); /* the rest together */
    seat_votes_on_the_appointments(t, w);
    others_vote(r, a, false);
    assert_int_equal(room_journal_count(r, "ballot_cast"), 2 * SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", a->item);
    wait_gone(t, "disp", w->waiting);
    wait_for(t, "disp", w->results);
    wait_for(t, "disp", w->dismissed);
    wait_for(t, "disp", w->not_adopted);
}

/* The chair asks for the oath too early; the secretary checks the certificates off; the chair
 * starts 张卫民's oath alone (刘晓红 was not appointed) and ends it. */
static void the_oath(struct tui *t, const struct words *w)
{
    wait_for(t, "chair", w->results);
    tui_keys(t, "chair", "w");
    wait_for(t, "chair", w->no_certificates);
    tui_keys(t, "sec", "2");
    wait_row_with(t, "sec", ">  5.", w->open);
    tui_keys(t, "sec", "w"); /* 刘晓红 was away: her written statement */
    wait_row_with(t, "sec", "> ", w->dismiss);
    tui_keys(t, "sec", "Down", "Down");
    wait_row_with(t, "sec", "> ", "刘晓红");
    wait_gone(t, "sec", w->exam_not_taken); /* the room does not require the exam */
    tui_keys(t, "sec", "Enter");
    wait_for(t, "sec", w->whose);
    type_text(t, "sec", "因公出国，提交书面发言。");
    tui_keys(t, "sec", "Enter");
    wait_for(t, "disp", w->written_narrated);
    tui_keys(t, "sec", "c");
    wait_for(t, "sec", w->certificates_q);
    tui_keys(t, "sec", "y");
    wait_for(t, "chair", w->certified);
    tui_keys(t, "chair", "w");
    wait_for(t, "chair", w->who_leads);
    wait_row_with(t, "chair", "> 1.", w->appoint);
    wait_gone(t, "chair", "刘晓红");
    tui_keys(t, "chair", "i");
    wait_for(t, "disp", w->oath_head);
    wait_for(t, "disp", "我 宣 誓 ：");
    wait_for(t, "disp", w->swearing);
    if (strcmp(w->lang, "en") == 0) assert_monochrome(t, "disp");
    tui_keys(t, "chair", "w");
    wait_gone(t, "disp", "我 宣 誓 ：");
    wait_for(t, "disp", w->results);
}

static void minutes_carry_it(struct tui *t, const struct words *w)
{
    struct room *r = &t->room;
    char path[PATH_MAX], *out = NULL;
    room_path(r, "minutes.md", path, sizeof path);
    assert_int_equal(room_run(r, NULL, "export", "--config", r->config, "--lang", w->lang,
                              "--format", "md", "--out", path),
                     0);
    char *md = room_file(r, "minutes.md");
    assert_non_null(strstr(md, w->minutes_case));
    assert_non_null(strstr(md, w->minutes_written));
    assert_null(strstr(md, w->minutes_exam)); /* the room does not require the exam */
    const char *oath = strstr(md, w->minutes_oath);
    assert_non_null(oath);
    assert_non_null(strstr(oath, "张卫民"));
    assert_null(strstr(oath, "刘晓红"));
    assert_non_null(strstr(oath, paint_oath_text));
    free(md);
    assert_int_equal(room_run(r, &out, "verify", "--lang", "en", "--config", r->config), 0);
    assert_non_null(strstr(out, "tallies match"));
    free(out);
}

static void appointment_in(struct tui *t, const struct words *w)
{
    struct room *r = &t->room;
    room_enroll(r, "display", 0, "display-1");
    room_hub_start(r);
    room_sign_in(r, SEATS);
    struct appointment a = the_item(r);
    start_consoles(t, w->lang);
    statement_then_votes(t, &a, w);
    the_oath(t, w);
    minutes_carry_it(t, w);
}

static void appointment_in_chinese(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    appointment_in(t, &zh);
}

static void appointment_in_english(void **state)
{
    struct tui *t = *state;
    if (!t) skip();
    appointment_in(t, &en);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(appointment_in_chinese, open_room, tui_teardown),
        cmocka_unit_test_setup_teardown(appointment_in_english, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
