/* Deliberation opinions (审议意见) over two meetings on one hub, by `cmte ctl` alone: meeting 12
 * (2026-11-23) deliberates a report and the chair adopts two opinions, due 2027-02-23; meeting 13
 * (2027-02-20) evaluates the organ's report on the first 不满意 (18 of 35), which asks for a
 * second report due 2027-05-20.  `cmte export --opinions --today 2027-03-01` then lists the
 * second opinion as overdue and the first as open, not overdue, in English, Chinese and JSON;
 * the minutes of meeting 12 list the opinions adopted, those of meeting 13 the report heard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/model.h"
#include "room.h"

enum { SEATS = 18, DELIBERATION = 1 };

static int number_of(cJSON *o, const char *key)
{
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

/* The opinion at index i of the hub's state. */
static cJSON *opinion_at(cJSON *state, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(state, "state"), "opinions"),
                              i);
}

static void draft_and_adopt(struct room *r, int item, const char *text, int *id)
{
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"opinion_draft\",\"item\":%d,\"detail\":\"\",\"text\":\"%s\"}", item, text);
    cJSON *s = room_state(r, "secretary-1");
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "opinions"));
    cJSON *o = opinion_at(s, n - 1);
    *id = number_of(o, "id");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "organ")), "市人民政府");
    cJSON_Delete(s);
    room_ok(r, "chair-1", NULL, "{\"type\":\"opinion_adopt\",\"id\":%d}", *id);
}

/* Meeting 12: the report deliberated, two opinions adopted, the meeting closed. */
static void first_meeting(struct room *r, int ids[2])
{
    room_sign_in(r, SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    cJSON *s = room_state(r, "secretary-1");
    int item =
        number_of(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items"),
                                     DELIBERATION - 1),
                  "id");
    cJSON_Delete(s);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    draft_and_adopt(r, item, "建议加强重污染天气应急管控，三个月内报告整改情况。", &ids[0]);
    draft_and_adopt(r, item, "建议完善大气环境监测网络。", &ids[1]);
    int rc;
    cJSON *a = room_ctl(r, "seat-3", NULL, &rc, "{\"type\":\"opinion_adopt\",\"id\":%d}", ids[0]);
    assert_int_equal(rc, 1); /* a member's console adopts nothing */
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "error")), "not_allowed");
    cJSON_Delete(a);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_close\"}");
}

/* Meeting 13: the report on the first opinion evaluated by the 18 present, all 不满意. */
static void second_meeting(struct room *r, int opinion)
{
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"meeting_create\",\"number\":13,\"date\":\"2027-02-20\","
            "\"title\":\"第十三次会议\"}");
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"item_add\",\"kind\":\"evaluation\",\"title\":\"审议意见办理情况的报告\","
            "\"detail\":\"市人民政府\",\"name\":\"\",\"number\":30,\"text\":\"\",\"flag\":true}");
    cJSON *s = room_state(r, "secretary-1");
    int item = number_of(
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "state"), "items"), 0), "id");
    cJSON_Delete(s);
    room_ok(r, "secretary-1", NULL,
            "{\"type\":\"subject_add\",\"item\":%d,\"title\":\"市人民政府\",\"detail\":\"\"}",
            item);
    room_ok(r, "secretary-1", NULL, "{\"type\":\"opinion_link\",\"id\":%d,\"item\":%d}", opinion,
            item);
    room_sign_in(r, SEATS);
    room_ok(r, "chair-1", NULL, "{\"type\":\"meeting_open\"}");
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_open\",\"id\":%d}", item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_open\",\"item\":%d}", item);
    for (int seat = 1; seat <= SEATS; seat++) {
        char name[32];
        snprintf(name, sizeof name, "seat-%d", seat);
        room_ok(r, name, NULL,
                "{\"type\":\"ballot_cast\",\"item\":%d,\"person\":%d,\"choices\":"
                "[{\"subject\":%d,\"option\":2}]}",
                item, seat, item + 1);
    }
    room_ok(r, "chair-1", NULL, "{\"type\":\"ballot_close\",\"item\":%d}", item);
    room_ok(r, "chair-1", NULL, "{\"type\":\"item_close\",\"id\":%d}", item);
}

static char *export_opinions(struct room *r, const char *lang, const char *format)
{
    char *out = NULL;
    assert_int_equal(room_run(r, &out, "export", "--config", r->config, "--lang", lang,
                              "--opinions", "--today", "2027-03-01", "--format", format),
                     0);
    return out;
}

static void has(const char *text, const char *want)
{
    if (!strstr(text, want)) fail_msg("no '%s' in:\n%s", want, text);
}

/* The part of text from `from` up to `to` (or the end) holds want. */
static void has_between(const char *text, const char *from, const char *to, const char *want)
{
    const char *a = strstr(text, from);
    if (!a) fail_msg("no '%s' in:\n%s", from, text);
    const char *b = to ? strstr(a, to) : NULL;
    const char *w = strstr(a, want);
    if (!w || (b && w > b)) fail_msg("no '%s' between '%s' and '%s' in:\n%s", want, from, to, text);
}

static void opinions_over_two_meetings(void **state)
{
    struct room *r = *state;
    int ids[2];
    first_meeting(r, ids);
    second_meeting(r, ids[0]);
    cJSON *s = room_state(r, "secretary-1");
    cJSON *first = opinion_at(s, 0), *second = opinion_at(s, 1);
    assert_int_equal(number_of(first, "state"), OPINION_REHEARING);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(first, "due")), "2027-05-20");
    assert_int_equal(number_of(second, "state"), OPINION_ADOPTED);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(second, "due")), "2027-02-23");
    cJSON_Delete(s);

    char *en = export_opinions(r, "en", "md");
    has(en, "# Deliberation opinions, as of 2027-03-01");
    char no[32];
    snprintf(no, sizeof no, "### No. %d: ", ids[1]);
    has_between(en, "## Overdue (1)", "## Open", no);
    has_between(en, "## Overdue (1)", "## Open", "- Due: 2027-02-23 (overdue)");
    has_between(en, "## Overdue (1)", "## Open", "- Organ to answer: 市人民政府");
    snprintf(no, sizeof no, "### No. %d: ", ids[0]);
    has_between(en, "## Open, not overdue (1)", NULL, no);
    has_between(en, "## Open, not overdue (1)", NULL, "- State: second report");
    has_between(en, "## Open, not overdue (1)", NULL, "- Due: 2027-05-20\n");
    has_between(en, "## Open, not overdue (1)", NULL, "- Reports heard: 1");
    free(en);
    char *zh = export_opinions(r, "zh", "md");
    has(zh, "# 审议意见（截至2027-03-01）");
    has_between(zh, "## 逾期未报告（1）", "## 未办结", "- 办理期限：2027-02-23（已逾期）");
    has_between(zh, "## 未办结、未逾期（1）", NULL, "- 状态：要求再次报告");
    free(zh);
    char *json = export_opinions(r, "en", "json");
    cJSON *j = cJSON_Parse(json);
    assert_non_null(j);
    cJSON *list = cJSON_GetObjectItem(j, "opinions");
    assert_int_equal(cJSON_GetArraySize(list), 2);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "overdue")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "overdue")));
    cJSON_Delete(j);
    free(json);

    char *minutes = NULL;
    assert_int_equal(
        room_run(r, &minutes, "export", "--config", r->config, "--lang", "en", "--format", "md"),
        0);
    has_between(minutes, "## Reports heard on deliberation opinions", "## Journal",
                "- State: second report");
    free(minutes);
    assert_int_equal(room_run(r, &minutes, "export", "--config", r->config, "--lang", "zh",
                              "--meeting", "12", "--format", "md"),
                     0);
    has_between(minutes, "## 通过的审议意见", NULL, "- 交办机关：市人民政府");
    has_between(minutes, "## 通过的审议意见", NULL, "- 意见内容：建议完善大气环境监测网络。");
    free(minutes);
}

/* --today must be a date of the calendar, and goes with --opinions only. */
static void a_bad_today_is_refused(void **state)
{
    struct room *r = *state;
    assert_int_equal(
        room_run(r, NULL, "export", "--config", r->config, "--opinions", "--today", "2027-02-30"),
        2);
    assert_int_equal(room_run(r, NULL, "export", "--config", r->config, "--today", "2027-02-28"),
                     2);
    assert_int_equal(
        room_run(r, NULL, "export", "--config", r->config, "--opinions", "--format", "csv"), 2);
}

static int open_room(void **state)
{
    static struct room room;
    room_open(&room, SEATS);
    room_hub_start(&room);
    *state = &room;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opinions_over_two_meetings),
        cmocka_unit_test(a_bad_today_is_refused),
    };
    return cmocka_run_group_tests(tests, open_room, room_teardown);
}
