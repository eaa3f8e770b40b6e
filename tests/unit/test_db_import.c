/* Import of the roster CSV and the agenda INI: the sample meeting goes in whole, and every
 * bad row is reported with FILE:LINE: reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/codec.h"
#include "db/import.h"

#define NOW 1795000000000LL

struct run {
    struct core_state *s;
    struct import_result r;
    char report[8192];
    int bad;
};

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void import_into(struct run *run, const char *path)
{
    FILE *rep = fmemopen(run->report, sizeof run->report, "w");
    assert_non_null(rep);
    run->bad = import_file(path, run->s, NOW, &run->r, rep);
    fclose(rep);
}

static int setup(void **state)
{
    struct run *run = calloc(1, sizeof *run);
    run->s = core_state_new(NULL);
    *state = run;
    snprintf(dir, sizeof dir, "/tmp/cmte-import-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    struct run *run = *state;
    import_result_free(&run->r);
    core_state_free(run->s);
    free(run);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void sample_meeting_imports_whole(void **state)
{
    struct run *run = *state;
    import_into(run, "conf/sample-roster.csv");
    if (run->bad) fail_msg("%s", run->report);
    assert_int_equal(run->s->person_count, 38);
    assert_int_equal(core_members(run->s), 35);
    assert_string_equal(core_person(run->s, 8)->name, "欧阳明");
    assert_true(core_person(run->s, 5)->has_pin);
    assert_int_equal(run->r.pin_count, 7);
    assert_int_equal(core_person(run->s, 102)->kind, PERSON_ATTENDEE);
    import_into(run, "conf/sample-meeting.ini");
    if (run->bad) fail_msg("%s", run->report);
    const struct core_state *s = run->s;
    assert_int_equal(s->meeting.state, MEETING_SCHEDULED);
    assert_int_equal(s->meeting.number, 12);
    assert_int_equal(s->item_count, 5);
    assert_int_equal(s->items[0].kind, ITEM_DELIBERATION);
    assert_int_equal(s->items[0].attachment_count, 2);
    assert_int_equal(s->items[0].document_count, 1);
    assert_string_equal(s->items[0].documents[0].title, "报告全文");
    assert_int_equal(s->items[0].speaker_count, 2);
    assert_true(s->items[0].speakers[0].scheduled);
    assert_int_equal(s->items[1].respondent_count, 3);
    assert_int_equal(s->items[1].question_count, 3);
    assert_int_equal(s->items[1].questions[0].respondent, s->items[1].respondents[1].id);
    assert_int_equal(s->items[1].questions[2].respondent, 0);
    assert_true(s->items[1].questions[0].preregistered);
    assert_int_equal(s->items[2].ballot.subject_count, 2);
    assert_true(s->items[2].ballot.secret);
    assert_int_equal(s->items[3].ballot.subject_count, 1); /* a vote's motion */
    /* the appointment's cases in the order of voting: the dismissal from a post first */
    const struct ballot *appoint = &s->items[4].ballot;
    assert_int_equal(appoint->subject_count, 3);
    assert_string_equal(appoint->subjects[0].name, "王建国");
    assert_int_equal(appoint->subjects[0].nominee.kind, CASE_DISMISS);
    assert_string_equal(appoint->subjects[1].detail, "市财政局局长");
    assert_int_equal(appoint->subjects[1].nominee.kind, CASE_APPOINT);
    assert_string_equal(appoint->subjects[2].nominee.organ, "市人民政府");
    const struct subject *x, *y;
    assert_false(core_case_order_wrong(s, &x, &y));
    /* who is appointed makes a statement; the dismissed, none */
    assert_int_equal(s->items[4].speaker_count, 2);
    assert_string_equal(s->items[4].speakers[0].name, "张卫民");
    assert_int_equal(s->items[4].speakers[0].kind, SPEECH_STATEMENT);
    /* the events replay to the same state */
    struct core_state *again = core_state_new(NULL);
    for (int i = 0; i < run->r.events.count; i++)
        assert_int_equal(core_apply(again, &run->r.events.events[i]), ERR_OK);
    char *a = snapshot_encode(s), *b = snapshot_encode(again);
    assert_string_equal(a, b);
    free(a);
    free(b);
    core_state_free(again);
}

/* Import into a fresh state (holding the sample roster when the file is an agenda). */
static void expect_report(struct run *run, const char *name, const char *text, int bad,
                          const char *line_and_reason)
{
    core_state_free(run->s);
    run->s = core_state_new(NULL);
    if (strstr(name, ".ini")) import_into(run, "conf/sample-roster.csv");
    const char *path = write_file(name, text);
    import_into(run, path);
    if (run->bad != bad) fail_msg("%d bad rows, not %d:\n%s", run->bad, bad, run->report);
    char want[256];
    snprintf(want, sizeof want, "%s:%s", path, line_and_reason);
    if (!strstr(run->report, want)) fail_msg("report lacks '%s':\n%s", want, run->report);
}

static void roster_errors_name_file_line_reason(void **state)
{
    struct run *run = *state;
    expect_report(run, "a.csv", "", 1, "1: no header row");
    expect_report(run, "b.csv", "id,name,shoe\n1,x,42\n", 1, "1: unknown column 'shoe'");
    expect_report(run, "c.csv", "姓名,职务\n欧阳明,委员\n", 1, "1: the header needs");
    expect_report(run, "d.csv", "id,name,id\n", 1, "1: column 'id' twice");
    expect_report(run, "e.csv", "id,name\nx,欧阳明\n", 1, "2: id 'x' is not a positive");
    expect_report(run, "f.csv", "id,name,seat\n1,欧阳明,-3\n", 1, "2: seat '-3'");
    expect_report(run, "g.csv", "id,name,kind\n1,欧阳明,guest\n", 1, "2: kind 'guest'");
    expect_report(run, "h.csv", "id,name,pin\n1,欧阳明,12a4\n", 1, "2: PIN must be 4 to 8 digits");
    expect_report(run, "i.csv", "id,name\n1,\"欧阳\n明\n", 1, "2: a quoted field is not closed");
    expect_report(run, "j.csv", "id,name\n1,欧阳\"明\n", 1, "2: a quote inside an unquoted");
    expect_report(run, "k.csv", "id,name\n1,\n", 1, "2: a value is out of range: name is empty");
    expect_report(run, "l.csv", "id,name\n1,\xC3\x28\n", 1, "2: a value is out of range: 'name'");
    expect_report(run, "m.csv", "id,name\n1,甲\n\n1,乙\n", 1, "4: that already exists: person 1");
    expect_report(run, "n.csv", "id,name,seat\n1,甲,5\n2,乙,5\n", 1,
                  "3: that already exists: seat 5");
    /* several bad rows are all reported, and nothing of that file counts */
    expect_report(run, "o.csv", "id,name\nx,甲\n2,乙\ny,丙\n", 2, "4: id 'y'");
    /* what a row held is quoted on one line, its control characters shown as '?' */
    expect_report(run, "q.csv", "id,name,kind\n1,甲,\"gu\nest\x1b[2J\"\n", 1,
                  "2: kind 'gu?est?[2J' is not");
    expect_report(run, "p.txt", "", -1, " not a roster (.csv) or an agenda (.ini)");
    import_into(run, "/nonexistent/r.csv");
    assert_int_equal(run->bad, -1);
    assert_non_null(strstr(run->report, "/nonexistent/r.csv: No such file"));
}

static void roster_accepts_bom_quotes_crlf(void **state)
{
    struct run *run = *state;
    const char *path = write_file("ok.csv", "\xEF\xBB\xBFid,name,title\r\n"
                                            "1,\"欧阳, 明\",\"主任 \"\"常务\"\"\"\r\n"
                                            "\r\n2,司马光华,委员\r\n");
    import_into(run, path);
    if (run->bad) fail_msg("%s", run->report);
    assert_string_equal(core_person(run->s, 1)->name, "欧阳, 明");
    assert_string_equal(core_person(run->s, 1)->title, "主任 \"常务\"");
    assert_string_equal(core_person(run->s, 2)->name, "司马光华");
}

static void agenda_errors_name_file_line_reason(void **state)
{
    struct run *run = *state;
    import_into(run, "conf/sample-roster.csv");
    expect_report(run, "a.ini", "[item.1]\nkind = vote\ntitle = t\n", 1,
                  "2: [meeting] must come before the items");
    expect_report(run, "b.ini", "[meeting]\nnumber = x\n", 1, "2: number: bad value 'x'");
    expect_report(run, "c.ini", "[meeting]\nnumber = 1\ndate = 2026-13-01\ntitle = t\n", 1,
                  "2: a value is out of range: date '2026-13-01'");
    expect_report(run, "d.ini",
                  "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\ncolour = red\n", 1,
                  "5: unknown key 'colour' in [meeting]");
    const char *m = "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\n";
    char text[1024];
    snprintf(text, sizeof text, "%s[item.1]\ntitle = t\n", m);
    expect_report(run, "e.ini", text, 1, "6: [item.1] has no kind");
}

static void agenda_item_errors(void **state)
{
    struct run *run = *state;
    import_into(run, "conf/sample-roster.csv");
    const char *m = "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\n";
    char text[2048];
    snprintf(text, sizeof text, "%s[item.1]\nkind = party\n", m);
    expect_report(run, "a.ini", text, 1, "6: unknown kind 'party'");
    snprintf(text, sizeof text, "%s[item.1]\nkind = inquiry\ntitle = q\nquestion = 9 | 4 | why\n",
             m);
    expect_report(run, "b.ini", text, 1, "8: question: respondent number '4' (0 to 0)");
    snprintf(text, sizeof text, "%s[item.1]\nkind = inquiry\ntitle = q\nquestion = 999 | 0 | why\n",
             m);
    expect_report(run, "c.ini", text, 1, "8: no such person on the roster: person 999");
    snprintf(text, sizeof text, "%s[item.1]\nkind = deliberation\ntitle = d\nsubject = s\n", m);
    expect_report(run, "d.ini", text, 1, "8: this kind of agenda item does not allow that");
    snprintf(text, sizeof text, "%s[item.1]\nkind = vote\ntitle = d\nsecret = maybe\n", m);
    expect_report(run, "e.ini", text, 1, "8: secret is yes or no");
    snprintf(text, sizeof text, "%s[item.1]\nkind = vote\ntitle = d\nspeaker = 8 | first\n", m);
    expect_report(run, "f.ini", text, 1, "8: speaker: 'first' is not 'scheduled'");
    snprintf(text, sizeof text, "%s[agenda]\nkind = vote\n", m);
    expect_report(run, "g.ini", text, 1, "6: unknown section [agenda]");
    snprintf(text, sizeof text, "%sthis line is junk\n", m);
    expect_report(run, "h.ini", text, 1, "5: not a [section] or key = value line");
    snprintf(text, sizeof text, "%s[item.1]\nkind = appointment\ntitle = a\nnominee = 张三\n", m);
    expect_report(run, "j.ini", text, 1, "8: nominee: name | post | organ | case");
    snprintf(text, sizeof text,
             "%s[item.1]\nkind = appointment\ntitle = a\nnominee = 张三 | 局长 | | 提拔\n", m);
    expect_report(run, "k.ini", text, 1, "8: nominee: case '提拔' is not 任命, 免职, 撤职 or 代理");
    snprintf(text, sizeof text, "%s[item.1]\nkind = vote\ntitle = a\nnominee = 张三 | 局长\n", m);
    expect_report(run, "l.ini", text, 1, "8: this kind of agenda item does not allow that");
    char longline[400];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = '\0';
    snprintf(text, sizeof text, "%s[item.1]\nkind = vote\ntitle = %s\n", m, longline);
    expect_report(run, "i.ini", text, 2, "7: line longer than 198 bytes");
}

/* A choice item (差额票决): its candidates as subjects, choose = k read; a bad k said with the
 * file, the line and the reason. */
static void agenda_choice_items(void **state)
{
    struct run *run = *state;
    const char *m = "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\n";
    const char *cands = "subject = 老旧小区改造 | 1.2亿元\nsubject = 社区食堂 | 3000万元\n"
                        "subject = 口袋公园 | 800万元\n";
    char text[2048];
    snprintf(text, sizeof text,
             "%s[item.1]\nkind = choice\ntitle = 民生实事项目票决\nchoose = 2\n%s", m, cands);
    core_state_free(run->s);
    run->s = core_state_new(NULL);
    import_into(run, "conf/sample-roster.csv");
    import_into(run, write_file("ok.ini", text));
    if (run->bad) fail_msg("%s", run->report);
    const struct item *it = &run->s->items[0];
    assert_int_equal(it->kind, ITEM_CHOICE);
    assert_int_equal(it->choose, 2);
    assert_true(it->ballot.secret); /* [rules] choice_secret, yes by default */
    assert_int_equal(it->ballot.subject_count, 3);
    assert_string_equal(it->ballot.subjects[1].detail, "3000万元");
    snprintf(text, sizeof text, "%s[item.1]\nkind = choice\ntitle = p\nchoose = two\n%s", m, cands);
    expect_report(run, "a.ini", text, 1, "8: choose 'two': how many candidates each member may");
    snprintf(text, sizeof text, "%s[item.1]\nkind = choice\ntitle = p\nchoose = 0\n%s", m, cands);
    expect_report(run, "b.ini", text, 1, "8: choose '0'");
    snprintf(text, sizeof text, "%s[item.1]\nkind = choice\ntitle = p\nchoose = 3\n%s", m, cands);
    expect_report(run, "c.ini", text, 1,
                  "8: choose = 3 needs more than 3 candidates (subject = name | detail); [item.1] "
                  "has 3");
    snprintf(text, sizeof text, "%s[item.1]\nkind = choice\ntitle = p\n%s", m, cands);
    expect_report(run, "d.ini", text, 1, "6: [item.1] kind = choice needs choose = k");
    snprintf(text, sizeof text, "%s[item.1]\nkind = vote\ntitle = p\nchoose = 2\n", m);
    expect_report(run, "e.ini", text, 1, "6: a value is out of range: choose: only a choice item");
}

static void agenda_joins_indented_continuations(void **state)
{
    struct run *run = *state;
    import_into(run, "conf/sample-roster.csv");
    const char *path = write_file("long.ini", "[meeting]\nnumber = 1\ndate = 2026-11-23\n"
                                              "title = 第一次\n[item.1]\nkind = inquiry\n"
                                              "title = 询问\nquestion = 9 | 0 | 第一段，\n"
                                              "  第二段。\n");
    import_into(run, path);
    if (run->bad) fail_msg("%s", run->report);
    assert_string_equal(run->s->items[0].questions[0].text, "第一段，第二段。");
}

static void roster_import_again_updates(void **state)
{
    struct run *run = *state;
    import_into(run, "conf/sample-roster.csv");
    const char *path = write_file("fix.csv", "编号,姓名,职务\n8,欧阳明,副主任\n");
    import_into(run, path);
    if (run->bad) fail_msg("%s", run->report);
    assert_string_equal(core_person(run->s, 8)->title, "副主任");
    assert_int_equal(run->s->person_count, 38);
}

/* `cmte import`: all or nothing, into the database, PINs hashed apart. */
static int run_sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
#define SH(...) (snprintf(cmd, sizeof cmd, __VA_ARGS__), run_sh(cmd))

static void import_command_is_all_or_nothing(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    char db[128], cmd[1024];
    snprintf(db, sizeof db, "%s/m.db", dir);
    const char *bad = write_file("bad.csv", "id,name\n200,新委员\nx,坏行\n");
    assert_int_equal(SH("%s import --lang en --db %s %s 2>/dev/null", bin, db, bad), 1);
    assert_int_equal(SH("%s verify --lang en --db %s | grep -q 'journal: 0 events'", bin, db), 0);
    assert_int_equal(SH("%s import --lang en --db %s conf/sample-roster.csv "
                        "conf/sample-meeting.ini >/dev/null",
                        bin, db),
                     0);
    assert_int_equal(SH("%s verify --lang en --db %s | grep -q 'chain intact'", bin, db), 0);
    assert_int_equal(SH("sqlite3 %s \"select count(*) from seat_pin where hash like "
                        "'$argon2id$%%'\" | grep -qx 7",
                        db),
                     0);
    assert_int_equal(
        SH("%s import --lang en --db %s %s 2>&1 | grep -q 'bad.csv:3: id .x.'", bin, db, bad), 0);
    /* a post's appointment before its dismissal is imported, with a warning */
    const char *late = write_file("late.ini", "[meeting]\nnumber = 13\ndate = 2026-12-20\n"
                                              "title = t\n[item.1]\nkind = appointment\n"
                                              "title = a\nnominee = 张三 | 市水务局局长\n"
                                              "nominee = 李四 | 市水务局局长 | | 免职\n");
    snprintf(db, sizeof db, "%s/late.db", dir);
    assert_int_equal(SH("%s import --lang en --db %s conf/sample-roster.csv %s 2>&1 | grep -q "
                        "'warning: 李四 (dismiss) is listed after the appointment of 张三'",
                        bin, db, late),
                     0);
    assert_int_equal(SH("%s verify --lang en --db %s | grep -q 'chain intact'", bin, db), 0);
}

/* Documents named by an agenda item: read beside the INI, checked (the bound, UTF-8, control
 * characters, present), hashed; each bad one named by the INI's file and line, with the reason. */
static void agenda_documents_checked(void **state)
{
    struct run *run = *state;
    const char *m = "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\n"
                    "[item.1]\nkind = deliberation\ntitle = d\n";
    char text[512], big[1100];
    write_file("abc.md", "abc");
    snprintf(text, sizeof text, "%sdocument = 报告 | abc.md\n", m);
    import_into(run, "conf/sample-roster.csv");
    import_into(run, write_file("a.ini", text));
    if (run->bad) fail_msg("%s", run->report);
    const struct item *it = &run->s->items[0];
    assert_int_equal(it->document_count, 1);
    assert_string_equal(it->documents[0].title, "报告");
    assert_int_equal(it->documents[0].size, 3);
    assert_string_equal(it->documents[0].sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(run->r.document_count, 1);
    assert_int_equal(run->r.documents[0].id, it->documents[0].id);
    assert_memory_equal(run->r.documents[0].text, "abc", 3);

    run->r.document_max = 1024;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    write_file("big.md", big);
    snprintf(text, sizeof text, "%sdocument = 报告 | big.md\n", m);
    expect_report(run, "b.ini", text, 1,
                  "8: document 'big.md': too big: over the bound of 1024 bytes");
    assert_int_equal(run->s->items[0].document_count, 0);
    write_file("latin1.txt", "第一行\nna\xefve caf\xe9\n");
    snprintf(text, sizeof text, "%sdocument = 报告 | latin1.txt\n", m);
    expect_report(run, "c.ini", text, 1, "8: document 'latin1.txt': not UTF-8 at its line 2");
    write_file("esc.txt", "a\tb\r\nc\x1b[31m\n");
    snprintf(text, sizeof text, "%sdocument = 报告 | esc.txt\n", m);
    expect_report(run, "d.ini", text, 1,
                  "8: document 'esc.txt': a control character at its line 2");
    snprintf(text, sizeof text, "%sdocument = 报告 | gone.md\n", m);
    expect_report(run, "e.ini", text, 1, "8: document 'gone.md': missing");
    snprintf(text, sizeof text, "%sdocument = 报告 | abc.md\ndocument = 报告 | abc.md\n", m);
    expect_report(run, "f.ini", text, 1, "9: that already exists: document '报告'");
    snprintf(text, sizeof text, "%sdocument = abc.md\n", m);
    expect_report(run, "g.ini", text, 1, "8: document: title | path");
}

/* cmte import: a bad document imports nothing at all; a good one goes into the table
 * document, its text as the file has it, and the journal carries its hash. */
static void import_command_stores_documents(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    char db[128], ini[128], cmd[1024];
    snprintf(db, sizeof db, "%s/d.db", dir);
    const char *m = "[meeting]\nnumber = 1\ndate = 2026-11-23\ntitle = t\n"
                    "[item.1]\nkind = deliberation\ntitle = d\ndocument = 报告 | r.md\n";
    write_file("r.md", "# 标题\n\xff\n");
    snprintf(ini, sizeof ini, "%s", write_file("m.ini", m));
    assert_int_equal(SH("%s import --lang en --db %s conf/sample-roster.csv %s 2>&1 | grep -q "
                        "'m.ini:8: document .r.md.: not UTF-8 at its line 2'",
                        bin, db, ini),
                     0);
    assert_int_equal(SH("%s verify --lang en --db %s | grep -q 'journal: 0 events'", bin, db), 0);
    write_file("r.md", "# 标题\n正文\n");
    assert_int_equal(
        SH("%s import --lang en --db %s conf/sample-roster.csv %s >/dev/null", bin, db, ini), 0);
    assert_int_equal(SH("sqlite3 %s \"select text from document\" | grep -qx 正文", db), 0);
    assert_int_equal(SH("sqlite3 %s \"select count(*) from journal where body like "
                        "'%%document_added%%' and body like '%%size__16%%'\" | grep -qx 1",
                        db),
                     0);
}

/* A question bank with one bad row beside a good roster: the row named, nothing imported;
 * the sample bank goes in whole, and a second time not at all. */
static void import_command_takes_a_bank_all_or_nothing(void **state)
{
    (void)state;
    const char *bin = getenv("CMTE_BIN");
    if (!bin) fail_msg("CMTE_BIN is not set (tests/run sets it)");
    char db[128], cmd[1024];
    snprintf(db, sizeof db, "%s/m.db", dir);
    const char *bank = write_file("bank.csv", "type,question,A,B,C,D,answer\n"
                                              "single,好题。,甲,乙,,,A\n"
                                              "single,坏题。,甲,乙,,,E\n");
    assert_int_equal(SH("%s import --lang en --db %s conf/sample-roster.csv %s 2>&1 | grep -q "
                        "'bank.csv:3: answer .E. is not among the options A-B'",
                        bin, db, bank),
                     0);
    assert_int_equal(SH("%s verify --lang en --db %s | grep -q 'journal: 0 events'", bin, db), 0);
    assert_int_equal(SH("sqlite3 %s 'select count(*) from exam_question' | grep -qx 0", db), 0);
    assert_int_equal(
        SH("%s import --lang en --db %s --exam conf/sample-exam.csv >/dev/null", bin, db), 0);
    assert_int_equal(SH("sqlite3 %s 'select count(*) from exam_question' | grep -qx 39", db), 0);
    assert_int_equal(SH("%s import --lang en --db %s conf/sample-exam.csv 2>&1 | grep -q "
                        "'sample-exam.csv:23: duplicate question: already in the bank'",
                        bin, db),
                     0);
    assert_int_equal(SH("sqlite3 %s 'select count(*) from exam_question' | grep -qx 39", db), 0);
}

/* Commands outside the import, as the console sending them. */
static void run_cmd(struct run *run, enum role role, struct command c)
{
    struct actor a = {role, 0};
    struct event_batch b;
    struct core_error err;
    if (core_validate(run->s, &a, &c, NOW, &b, &err) != ERR_OK)
        fail_msg("%s refused: %s", command_name(c.type), err.detail);
    for (int i = 0; i < b.count; i++) assert_int_equal(core_apply(run->s, &b.events[i]), ERR_OK);
}

/* Meeting 1 deliberates a report and adopts two opinions (ids returned); closed. */
static void meeting_with_opinions(struct run *run, int32_t ids[2])
{
    import_into(run, "conf/sample-roster.csv");
    import_into(run, write_file("m1.ini", "[meeting]\nnumber = 1\ndate = 2026-11-30\ntitle = t\n"
                                          "[item.1]\nkind = deliberation\ntitle = 环境报告\n"
                                          "department = 市生态环境局\n"));
    if (run->bad) fail_msg("%s", run->report);
    for (int32_t p = 1; p <= 20; p++)
        run_cmd(run, ROLE_SECRETARY, (struct command){CMD_SIGN_IN, {.person = p}});
    run_cmd(run, ROLE_CHAIR, (struct command){CMD_MEETING_OPEN, {0}});
    int32_t item = run->s->items[0].id;
    run_cmd(run, ROLE_CHAIR, (struct command){CMD_ITEM_OPEN, {.id = item}});
    for (int i = 0; i < 2; i++) {
        struct command c = {CMD_OPINION_DRAFT, {.item = item}};
        snprintf(c.p.text, sizeof c.p.text, "意见%d", i + 1);
        run_cmd(run, ROLE_SECRETARY, c);
        ids[i] = run->s->opinions[run->s->opinion_count - 1].id;
        run_cmd(run, ROLE_CHAIR, (struct command){CMD_OPINION_ADOPT, {.id = ids[i]}});
    }
    run_cmd(run, ROLE_CHAIR, (struct command){CMD_ITEM_CLOSE, {.id = item}});
    run_cmd(run, ROLE_CHAIR, (struct command){CMD_MEETING_CLOSE, {0}});
}

/* `opinions = 3, 4` on a later meeting's item links the report to those opinions; a number
 * that is not one, an unknown opinion, an item of the wrong kind are reported by line. */
static void agenda_links_opinions(void **state)
{
    struct run *run = *state;
    int32_t ids[2];
    meeting_with_opinions(run, ids);
    char text[1024];
    snprintf(text, sizeof text,
             "[meeting]\nnumber = 2\ndate = 2027-02-25\ntitle = t\n"
             "[item.1]\nkind = evaluation\ntitle = 审议意见办理情况的报告\n"
             "subject = 市生态环境局\nopinions = %d, %d\n"
             "[item.2]\nkind = vote\ntitle = 决议\nopinions = %d\n"
             "[item.3]\nkind = deliberation\ntitle = 报告\nopinions = x\n"
             "[item.4]\nkind = deliberation\ntitle = 报告\nopinions = 999\n",
             (int)ids[0], (int)ids[1], (int)ids[0]);
    const char *path = write_file("m2.ini", text);
    import_into(run, path);
    assert_int_equal(run->bad, 3);
    char want[256];
    snprintf(want, sizeof want, "%s:13: this kind of agenda item does not allow that", path);
    if (!strstr(run->report, want)) fail_msg("report lacks '%s':\n%s", want, run->report);
    snprintf(want, sizeof want, "%s:17: opinions: 'x' is not an opinion's number", path);
    if (!strstr(run->report, want)) fail_msg("report lacks '%s':\n%s", want, run->report);
    snprintf(want, sizeof want, "%s:21: no such deliberation opinion: opinion 999", path);
    if (!strstr(run->report, want)) fail_msg("report lacks '%s':\n%s", want, run->report);
    int32_t report = run->s->items[0].id;
    for (int i = 0; i < 2; i++) {
        const struct opinion *o = core_opinion(run->s, ids[i]);
        assert_int_equal(o->state, OPINION_REPORTED);
        assert_int_equal(o->report_item, report);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sample_meeting_imports_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_errors_name_file_line_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_accepts_bom_quotes_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_errors_name_file_line_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_item_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_choice_items, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_joins_indented_continuations, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_import_again_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(import_command_is_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(agenda_documents_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(import_command_stores_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(import_command_takes_a_bank_all_or_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(agenda_links_opinions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
