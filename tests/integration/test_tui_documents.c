/* A member reads the open item's report at the seat, end to end: a real hub, `cmte seat` at
 * 80x24 in tmux, the report (conf/sample-report-1.md, imported with the sample agenda) asked
 * of the hub, shown in the pager wrapped by display width (no row wider than 80 columns, no
 * character cut), scrolled, searched for a Chinese word (shown highlighted and in sight),
 * left with q and Esc; then in English on a monochrome terminal.  Skipped without tmux. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <cmocka.h>

#include "tmux.h"

enum { SEATS = 20, DELIBERATION = 1 };

TUI_ROOM(SEATS, "docs")

static void start_seat(struct tui *t, const char *name, int seat, const char *prefix,
                       const char *options)
{
    char cmd[3 * PATH_MAX], cfg[32];
    snprintf(cfg, sizeof cfg, "seat-%d.ini", seat);
    tui_command(t, prefix, "seat", options, cfg, cmd, sizeof cmd);
    if (!t->started)
        tui_start(t, name, 80, 24, cmd);
    else
        tui_start(t, name, 80, 24, cmd);
}

/* Every row of the pane at most 80 columns by display width, and none with a broken
 * character (a replacement character or a lone byte). */
static void rows_fit(struct tui *t, const char *target)
{
    char *text = screen_of(t, target);
    int row = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), row++) {
        mbstate_t st = {0};
        int cols = 0;
        for (const char *p = line; *p;) {
            wchar_t wc;
            size_t k = mbrtowc(&wc, p, strlen(p), &st);
            if (k == (size_t)-1 || k == (size_t)-2) fail_msg("row %d: not UTF-8: %s", row, line);
            if (wc == 0xFFFD) fail_msg("row %d: a broken character: %s", row, line);
            int w = wcwidth(wc);
            cols += w > 0 ? w : 0;
            p += k;
        }
        if (cols > 80) fail_msg("row %d is %d columns wide: %s", row, cols, line);
    }
    free(text);
}

/* The match drawn in a style of its own (reverse on a monochrome terminal, the key colours
 * on a colour one): an SGR sequence right before it in the pane's text with attributes. */
static bool shown_highlighted(struct tui *t, const char *target, const char *word)
{
    char *text = NULL;
    assert_int_equal(tmux(t, &text, "capture-pane", "-p", "-e", "-t", target), 0);
    bool yes = false;
    for (char *at = strstr(text, word); at && !yes; at = strstr(at + 1, word)) {
        char *esc = at - 1;
        while (esc > text && esc > at - 16 && *esc != 033) esc--;
        yes = at > text && at[-1] == 'm' && *esc == 033 && strncmp(esc, "\033[0m", 4) != 0;
    }
    free(text);
    return yes;
}

static void meeting_with_the_report_open(struct tui *t)
{
    struct room *r = &t->room;
    room_hub_start(r);
    room_sign_in(r, SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", DELIBERATION);
}

static void member_reads_the_report(struct tui *t)
{
    start_seat(t, "s1", 1, "", "");
    wait_for(t, "s1", "【听取和审议报告】");
    wait_for(t, "s1", "d 文件");
    tui_keys(t, "s1", "d");
    wait_for(t, "s1", "本议题的文件");
    wait_for(t, "s1", "1  报告全文  (1980字节)  尚未传到本席");
    tui_keys(t, "s1", "1");
    wait_for(t, "s1", "第1/3页");
    wait_row_starts(t, "s1", 0, "报告全文");
    /* the heading without its #, the long paragraph wrapped by width */
    wait_row_starts(t, "s1", 1, "市人民政府关于2025年度环境状况和环境保护目标完成情况的报告");
    wait_for(t, "s1", "2025年，全市生态环境质量持续改善。");
    rows_fit(t, "s1");
    tui_keys(t, "s1", "NPage");
    wait_for(t, "s1", "第2/3页");
    rows_fit(t, "s1");
    tui_keys(t, "s1", "Home");
    wait_for(t, "s1", "第1/3页");
    tui_keys(t, "s1", "Down"); /* one line: the heading goes up out of sight */
    wait_gone(t, "s1", "市人民政府关于2025年度环境状况和环境保护目标完成情况的报告");
    tui_keys(t, "s1", "End");
    wait_for(t, "s1", "第3/3页  100%");
    tui_keys(t, "s1", "Home");
    wait_for(t, "s1", "市人民政府关于2025年度环境状况和环境保护目标完成情况的报告");

    /* a Chinese word: brought in sight, shown in reverse */
    tui_keys(t, "s1", "/");
    wait_for(t, "s1", "查找：");
    type_text(t, "s1", "净土保卫战");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "深入打好净土保卫战");
    if (!shown_highlighted(t, "s1", "净土保卫战")) fail_msg("the match is not highlighted");
    rows_fit(t, "s1");
    tui_keys(t, "s1", "n"); /* the only one: found again, still in sight */
    wait_for(t, "s1", "深入打好净土保卫战");
    tui_keys(t, "s1", "/");
    type_text(t, "s1", "不存在的词");
    tui_keys(t, "s1", "Enter");
    wait_for(t, "s1", "[!] 未找到。");

    tui_keys(t, "s1", "q");
    wait_for(t, "s1", "本议题的文件");
    wait_for(t, "s1", "1  报告全文  (1980字节)");
    wait_gone(t, "s1", "尚未传到本席");
    tui_keys(t, "s1", "Escape");
    wait_for(t, "s1", "d 文件");
    tui_keys(t, "s1", "F1");
    wait_for(t, "s1", "当前议题的文件");
    wait_for(t, "s1", "在文件中查找");
}

static void member_reads_in_english(struct tui *t)
{
    start_seat(t, "en", 2, "env TERM=vt100 NO_COLOR=1 ", "--lang en ");
    wait_for(t, "en", "d documents");
    tui_keys(t, "en", "d");
    wait_for(t, "en", "Documents of the item");
    tui_keys(t, "en", "Enter");
    wait_for(t, "en", "page 1/");
    rows_fit(t, "en");
    tui_keys(t, "en", "/");
    wait_for(t, "en", "Search:");
    type_text(t, "en", "PM2.5");
    tui_keys(t, "en", "Enter");
    wait_for(t, "en", "PM2.5");
    if (!shown_highlighted(t, "en", "PM2.5")) fail_msg("the match is not highlighted");
    tui_keys(t, "en", "Escape");
    wait_for(t, "en", "Documents of the item");
    assert_monochrome(t, "en");
}

static void documents_at_the_seat(void **state)
{
    struct tui *t = *state;
    if (!t) skip(); /* no tmux */
    setlocale(LC_CTYPE, "C.UTF-8");
    meeting_with_the_report_open(t);
    member_reads_the_report(t);
    member_reads_in_english(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(documents_at_the_seat, open_room, tui_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
