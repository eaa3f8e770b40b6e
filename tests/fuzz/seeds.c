/* Writes the seed corpora of the core's fuzz targets from one small scripted meeting: the first
 * command and the first (public) event of each type it reaches, a secret ballot's cast in its
 * public form (no options) and its hub form, a named one, a choice ballot's (差额票决) cast and
 * its run-off, and snapshots of the state before,
 * during and after the sitting.  Not part of the build; run it once after a change of the
 * codecs and commit what it writes (never its binary):
 *   make && cc -std=c17 -I. $(pkg-config --cflags libcjson) tests/fuzz/seeds.c \
 *     build/libcore.a $(pkg-config --libs libcjson) -o /tmp/seeds && /tmp/seeds tests/fuzz/corpus
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/core.h"

static const char *dir;
static struct core_state *s;
static int64_t now = 1795000000000LL;
static bool command_seen[CMD_COUNT], event_seen[EV_COUNT];
static struct event_batch last;

static void put(const char *sub, const char *name, char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s.json", dir, sub, name);
    FILE *f = fopen(path, "w");
    if (!text || !f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "seeds: cannot write %s\n", path);
        exit(1);
    }
    free(text);
}

/* Validate and apply, or stop: the script must stay a real meeting. */
static void send(enum role role, int32_t person, const struct command *c)
{
    struct actor a = {role, person};
    struct core_error err;
    now += 7000;
    if (core_validate(s, &a, c, now, &last, &err) != ERR_OK) {
        fprintf(stderr, "seeds: %s refused: %s %s\n", command_name(c->type),
                core_err_message(err.code), err.detail);
        exit(1);
    }
    if (!command_seen[c->type]) put("command", command_name(c->type), command_encode(c));
    command_seen[c->type] = true;
    for (int i = 0; i < last.count; i++) {
        struct event *e = &last.events[i];
        e->seq = (int64_t)now / 1000 - 1794999000; /* a plausible journal sequence */
        if (core_apply(s, e) != ERR_OK) {
            fprintf(stderr, "seeds: apply of %s failed\n", event_name(e->type));
            exit(1);
        }
        const struct item *on = core_item(s, e->p.item);
        if (e->type == EV_BALLOT_CAST_RECORDED && on && on->kind == ITEM_CHOICE) {
            put("event", "ballot_cast-choice-hub", event_encode(e, false));
            put("event", "ballot_cast-choice", event_encode(e, true));
        } else if (e->type == EV_BALLOT_CAST_RECORDED) {
            const char *form = e->p.flag ? "ballot_cast-secret" : "ballot_cast-named";
            char hub[64];
            snprintf(hub, sizeof hub, "%s-hub", form);
            if (e->p.flag) put("event", hub, event_encode(e, false));
            put("event", form, event_encode(e, true));
        } else if (!event_seen[e->type]) {
            put("event", event_name(e->type), event_encode(e, true));
        }
        event_seen[e->type] = true;
    }
}

static struct command cmd(enum command_type t)
{
    struct command c;
    memset(&c, 0, sizeof c);
    c.type = t;
    return c;
}

#define TEXT(field, ...) snprintf(field, sizeof field, __VA_ARGS__)

static void person(int32_t id, const char *name, enum person_kind kind, bool update)
{
    struct command c = cmd(update ? CMD_MEMBER_UPDATE : CMD_MEMBER_ADD);
    c.p.id = id;
    c.p.kind = kind;
    TEXT(c.p.name, "%s", name);
    TEXT(c.p.title, "%s", kind == PERSON_MEMBER ? "委员" : "列席");
    TEXT(c.p.group, "第%d组", 1 + id % 3);
    c.p.number = id;
    c.p.flag = id % 2;
    send(ROLE_SECRETARY, 0, &c);
}

static int32_t item(enum item_kind kind, const char *title, bool secret)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = kind;
    TEXT(c.p.title, "%s", title);
    TEXT(c.p.name, "张主任");
    TEXT(c.p.detail, "市人大常委会办公厅");
    TEXT(c.p.text, "附件一：报告全文\n附件二：说明");
    c.p.number = 30;
    c.p.flag = secret;
    send(ROLE_SECRETARY, 0, &c);
    return last.events[0].p.id;
}

static int32_t subject(int32_t it, const char *name)
{
    struct command c = cmd(CMD_SUBJECT_ADD);
    c.p.item = it;
    TEXT(c.p.title, "%s", name);
    TEXT(c.p.detail, "2026年度");
    send(ROLE_SECRETARY, 0, &c);
    return last.events[0].p.id;
}

static int32_t nominee(int32_t it, const char *name, const char *post, enum case_kind kind)
{
    struct command c = cmd(CMD_NOMINEE_ADD);
    c.p.item = it;
    c.p.kind = kind;
    TEXT(c.p.name, "%s", name);
    TEXT(c.p.title, "%s", post);
    TEXT(c.p.detail, "市人民政府");
    send(ROLE_SECRETARY, 0, &c);
    return last.events[0].p.id;
}

static void on_item(enum command_type t, enum role role, int32_t it, int32_t id)
{
    struct command c = cmd(t);
    c.p.item = it;
    c.p.id = id;
    send(role, 0, &c);
}

/* The groups sit (分组会议): a convener named, a member's request on their group's list, the
 * secretary running that group's floor (the sitting named) and noting it, then back to
 * plenary. */
static void groups(int32_t it)
{
    struct command c = cmd(CMD_CONVENER_SET);
    TEXT(c.p.group, "第2组");
    c.p.person = 4;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_SITTING_SET);
    c.p.kind = SITS_GROUPS;
    send(ROLE_CHAIR, 0, &c);
    c = cmd(CMD_FLOOR_REQUEST);
    c.p.item = it;
    c.p.person = 1;
    c.p.sitting = core_sitting_of(s, 1);
    send(ROLE_MEMBER, 1, &c);
    put("command", "floor_request-group", command_encode(&c));
    c = cmd(CMD_FLOOR_GRANT);
    c.p.item = it;
    c.p.sitting = core_sitting_of(s, 1);
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_TIME_EXTEND);
    c.p.item = it;
    c.p.seconds = 60;
    send(ROLE_MEMBER, 4, &c);
    put("command", "time_extend-group", command_encode(&c));
    put("event", "time_extended-group", event_encode(&last.events[0], true));
    c = cmd(CMD_NOTE_SET); /* the first group's own note */
    c.p.item = it;
    c.p.sitting = core_sitting_of(s, 1);
    TEXT(c.p.text, "小组认为应加快整改。");
    send(ROLE_SECRETARY, 0, &c);
    put("command", "note_set-group", command_encode(&c));
    put("event", "note_changed-group", event_encode(&last.events[0], true));
    put("snapshot", "groups", snapshot_encode(s));
    c = cmd(CMD_SITTING_SET);
    c.p.kind = SITS_PLENARY;
    send(ROLE_CHAIR, 0, &c);
}

/* An inquiry motion (质询案): drafted by member 1, co-signed by 2..5 (registered at the fifth),
 * placed, answered in writing, three of five dissatisfied (a second answer); another drafted by
 * member 6 and withdrawn. */
static void motions(void)
{
    struct command c = cmd(CMD_MOTION_DRAFT);
    c.p.person = 6;
    TEXT(c.p.detail, "市交通局");
    TEXT(c.p.title, "公交线路调整");
    TEXT(c.p.text, "请说明调整的依据。");
    send(ROLE_MEMBER, 6, &c);
    c = cmd(CMD_MOTION_WITHDRAW);
    c.p.id = last.events[0].p.id;
    c.p.person = 6;
    send(ROLE_MEMBER, 6, &c);
    c = cmd(CMD_MOTION_DRAFT);
    c.p.person = 1;
    TEXT(c.p.detail, "市生态环境局");
    TEXT(c.p.title, "河道污染问题");
    TEXT(c.p.text, "请说明河道污染的原因\n和整改时间表。");
    send(ROLE_MEMBER, 1, &c);
    int32_t id = last.events[0].p.id;
    for (int who = 2; who <= 5; who++) {
        c = cmd(CMD_MOTION_SIGN);
        c.p.id = id;
        c.p.person = who;
        send(ROLE_MEMBER, who, &c);
    }
    c = cmd(CMD_MOTION_PLACE);
    c.p.id = id;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_MOTION_ANSWER);
    c.p.id = id;
    TEXT(c.p.date, "2026-11-24");
    TEXT(c.p.text, "书面答复：已制定整改方案。");
    send(ROLE_SECRETARY, 0, &c);
    for (int who = 1; who <= 5; who++) {
        c = cmd(CMD_MOTION_JUDGE);
        c.p.id = id;
        c.p.person = who;
        c.p.flag = who > 3;
        send(ROLE_MEMBER, who, &c);
    }
}

static void meeting_create(int32_t number, const char *date, const char *title)
{
    struct command c = cmd(CMD_MEETING_CREATE);
    c.p.number = number;
    TEXT(c.p.date, "%s", date);
    TEXT(c.p.title, "%s", title);
    send(ROLE_SECRETARY, 0, &c);
}

static void by_member(enum command_type t, int32_t it, int32_t who)
{
    struct command c = cmd(t);
    c.p.item = it;
    c.p.person = who;
    send(ROLE_MEMBER, who, &c);
}

static int32_t opinion_draft(int32_t it, const char *text)
{
    struct command c = cmd(CMD_OPINION_DRAFT);
    c.p.item = it;
    TEXT(c.p.detail, "市生态环境局");
    TEXT(c.p.text, "%s", text);
    send(ROLE_SECRETARY, 0, &c);
    return last.events[0].p.id;
}

/* Deliberation opinions (审议意见) at meeting 12: one drafted on the report, edited and adopted by
 * the chair, another left a draft. */
static int32_t opinions(int32_t report)
{
    int32_t id = opinion_draft(report, "建议加强源头管控。");
    struct command c = cmd(CMD_OPINION_EDIT);
    c.p.id = id;
    TEXT(c.p.text, "建议：\n一、加强源头管控；\n二、三个月内报告整改情况。");
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_OPINION_ADOPT);
    c.p.id = id;
    send(ROLE_CHAIR, 0, &c);
    opinion_draft(report, "建议完善监测网络。");
    return id;
}

/* Meeting 13, adopting opinions by a vote: the report on the adopted one linked to an evaluation,
 * and the drafts on a new deliberation put to a vote. */
static void opinions_next_meeting(int32_t adopted)
{
    struct command c = cmd(CMD_RULES_SET);
    c.p.rules = s->rules;
    c.p.rules.opinion_by_vote = true;
    c.p.rules.opinion_months = 6;
    send(ROLE_HUB, 0, &c);
    meeting_create(13, "2027-02-20", "第十三次会议");
    c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_EVALUATION;
    c.p.flag = true;
    TEXT(c.p.title, "审议意见办理情况的报告");
    send(ROLE_SECRETARY, 0, &c);
    int32_t evaluation = last.events[0].p.id;
    subject(evaluation, "市生态环境局");
    c = cmd(CMD_OPINION_LINK);
    c.p.id = adopted;
    c.p.item = evaluation;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_DELIBERATION;
    TEXT(c.p.title, "关于水污染防治工作的报告");
    TEXT(c.p.detail, "市水务局");
    send(ROLE_SECRETARY, 0, &c);
    int32_t report = last.events[0].p.id;
    for (int who = 1; who <= 6; who++) by_member(CMD_SIGN_IN, 0, who);
    send(ROLE_CHAIR, 0, &(struct command){.type = CMD_MEETING_OPEN});
    on_item(CMD_ITEM_OPEN, ROLE_CHAIR, report, report);
    opinion_draft(report, "建议加快污水管网建设。");
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, report, report);
    c = cmd(CMD_OPINION_PLACE);
    c.p.item = report;
    TEXT(c.p.title, "关于水污染防治工作报告的审议意见");
    send(ROLE_SECRETARY, 0, &c);
}

static void cast(int32_t it, int32_t who, int n, const int32_t *subjects, int option)
{
    struct command c = cmd(CMD_BALLOT_CAST);
    c.p.item = it;
    c.p.person = who;
    c.p.choice_count = n;
    for (int i = 0; i < n; i++) c.p.choices[i] = (struct choice){subjects[i], (option + i) % 3};
    send(ROLE_MEMBER, who, &c);
}

/* A choice ballot, one of three candidates: members 1-3 choose the first, 4-6 the second; under
 * the rule "most" they tie for the seat, and the chair adds a run-off. */
static void choice_ballot(int32_t it, const int32_t *candidates)
{
    on_item(CMD_ITEM_OPEN, ROLE_CHAIR, it, it);
    on_item(CMD_BALLOT_OPEN, ROLE_CHAIR, it, 0);
    for (int32_t who = 1; who <= 6; who++) {
        struct command c = cmd(CMD_BALLOT_CAST);
        c.p.item = it;
        c.p.person = who;
        c.p.choice_count = 1;
        c.p.choices[0] = (struct choice){candidates[who > 3], 0};
        if (who == 1) put("command", "ballot_cast-choice", command_encode(&c));
        send(ROLE_MEMBER, who, &c);
    }
    on_item(CMD_BALLOT_CLOSE, ROLE_CHAIR, it, 0);
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, it, it);
    on_item(CMD_BALLOT_RUNOFF, ROLE_CHAIR, it, 0);
}

static void ballot(int32_t it, int n, const int32_t *subjects, int voters, bool close)
{
    on_item(CMD_ITEM_OPEN, ROLE_CHAIR, it, it);
    on_item(CMD_BALLOT_OPEN, ROLE_CHAIR, it, 0);
    for (int who = 1; who <= voters; who++) cast(it, who, n, subjects, who);
    if (!close) return;
    on_item(CMD_BALLOT_CLOSE, ROLE_CHAIR, it, 0);
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, it, it);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seeds CORPUS-FOLDER\n");
        return 2;
    }
    dir = argv[1];
    s = core_state_new(NULL);
    static const char *const names[] = {"欧阳明", "李华", "王芳", "张伟", "刘洋", "陈静", "赵敏"};
    for (int i = 0; i < 7; i++) person(i + 1, names[i], PERSON_MEMBER, false);
    person(8, "孙列席", PERSON_ATTENDEE, false);
    person(9, "周临时", PERSON_MEMBER, false);
    person(3, "王芳 (副主任)", PERSON_MEMBER, true);
    struct command c = cmd(CMD_MEMBER_REMOVE);
    c.p.id = 9;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_RULES_SET);
    rules_default(&c.p.rules);
    c.p.rules.warning_s = 30;
    c.p.rules.choice_rule = CHOICE_MOST;
    send(ROLE_HUB, 0, &c);
    meeting_create(12, "2026-11-23", "第十二次会议");
    c = cmd(CMD_LINK_SET);
    c.p.person = 1;
    c.p.flag = true;
    send(ROLE_HUB, 0, &c);

    int32_t report = item(ITEM_DELIBERATION, "关于2026年环境状况的报告", false);
    int32_t inquiry = item(ITEM_INQUIRY, "专题询问：大气污染防治", false);
    int32_t evaluation = item(ITEM_EVALUATION, "满意度测评", true);
    int32_t vote = item(ITEM_VOTE, "表决：关于修改条例的决定", false);
    int32_t appointment = item(ITEM_APPOINTMENT, "人事任免", true);
    int32_t other = item(ITEM_OTHER, "其他事项", false);
    int32_t spare = item(ITEM_OTHER, "临时议题", false);
    on_item(CMD_ITEM_REMOVE, ROLE_SECRETARY, 0, spare);
    c = cmd(CMD_ITEM_UPDATE);
    c.p.id = report;
    TEXT(c.p.title, "关于2026年环境状况和环境保护目标完成情况的报告");
    TEXT(c.p.name, "市生态环境局局长");
    TEXT(c.p.detail, "市生态环境局");
    TEXT(c.p.text, "附件一：报告全文");
    c.p.number = 45;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_DOCUMENT_ADD);
    c.p.item = report;
    TEXT(c.p.title, "报告全文");
    TEXT(c.p.detail, "591fa3a6df000929460ab0253da6664b31e1e83d8c46e5dd510bf491f2e8c950");
    c.p.size = 16;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_ITEM_MOVE);
    c.p.id = other;
    c.p.position = 4;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_NOTE_SET);
    c.p.item = report;
    TEXT(c.p.text, "会务提示：\n请委员提前阅读报告。");
    send(ROLE_SECRETARY, 0, &c);
    int32_t respondent[3];
    static const char *const posts[] = {"市生态环境局", "市水务局", "市交通局"};
    for (int i = 0; i < 3; i++) {
        c = cmd(CMD_RESPONDENT_ADD);
        c.p.item = inquiry;
        TEXT(c.p.name, "局长%d", i + 1);
        TEXT(c.p.title, "局长");
        TEXT(c.p.detail, "%s", posts[i]);
        send(ROLE_SECRETARY, 0, &c);
        respondent[i] = last.events[0].p.id;
    }
    on_item(CMD_RESPONDENT_REMOVE, ROLE_SECRETARY, inquiry, respondent[2]);
    int32_t depts[2] = {subject(evaluation, "市生态环境局"), subject(evaluation, "市水务局")};
    int32_t motion[1] = {subject(vote, "关于修改条例的决定")};
    int32_t nominees[2] = {nominee(appointment, "李明", "市水务局副局长", CASE_APPOINT),
                           nominee(appointment, "王强", "市水务局副局长", CASE_ACTING)};
    c = cmd(CMD_STATEMENT_RECORD);
    c.p.item = appointment;
    c.p.id = nominees[0];
    TEXT(c.p.text, "书面发言：如获任命，我将依法履职。");
    send(ROLE_SECRETARY, 0, &c);
    on_item(CMD_SUBJECT_REMOVE, ROLE_SECRETARY, vote, subject(vote, "撤回的议案"));
    c = cmd(CMD_SPEAKER_ADD);
    c.p.item = report;
    c.p.person = 2;
    c.p.flag = true;
    c.p.kind = SPEECH_PLENARY;
    send(ROLE_SECRETARY, 0, &c);
    c.p.person = 0;
    TEXT(c.p.name, "市生态环境局局长");
    c.p.flag = false;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_QUESTION_REGISTER);
    c.p.item = inquiry;
    c.p.person = 4;
    c.p.respondent = respondent[0];
    TEXT(c.p.text, "请问PM2.5治理的进展如何？");
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_ATTENDANCE_SET);
    c.p.person = 7;
    c.p.kind = ATT_LEAVE;
    TEXT(c.p.text, "因公出差");
    send(ROLE_SECRETARY, 0, &c);
    /* the law exam: a paper (drawn as the hub would), answers, a hand-in; another left running */
    static const uint8_t key[3] = {1, 6, 2};
    for (int k = 0; k < 2; k++) {
        c = cmd(CMD_EXAM_START);
        c.p.item = appointment;
        c.p.id = nominees[k];
        c.p.paper_count = 3;
        for (int q = 0; q < 3; q++) c.p.paper[q] = 101 + q, c.p.paper_key[q] = key[q];
        send(k ? ROLE_SECRETARY : ROLE_EXAMINEE, k ? 0 : nominees[k], &c);
        c = cmd(CMD_EXAM_ANSWER);
        c.p.item = appointment;
        c.p.id = nominees[k];
        c.p.position = 1;
        c.p.number = 6;
        send(ROLE_EXAMINEE, nominees[k], &c);
    }
    c = cmd(CMD_EXAM_HAND_IN);
    c.p.item = appointment;
    c.p.id = nominees[0];
    send(ROLE_EXAMINEE, nominees[0], &c);
    put("snapshot", "scheduled", snapshot_encode(s));

    for (int who = 1; who <= 6; who++) {
        c = cmd(CMD_SIGN_IN);
        c.p.person = who;
        send(ROLE_MEMBER, who, &c);
    }
    c = cmd(CMD_SIGN_IN);
    c.p.person = 8;
    send(ROLE_SECRETARY, 0, &c);
    c = cmd(CMD_MEETING_OPEN);
    send(ROLE_CHAIR, 0, &c);
    c = cmd(CMD_MEETING_SUSPEND);
    send(ROLE_CHAIR, 0, &c);
    c = cmd(CMD_MEETING_RESUME);
    send(ROLE_CHAIR, 0, &c);

    on_item(CMD_ITEM_OPEN, ROLE_CHAIR, report, report);
    by_member(CMD_FLOOR_REQUEST, report, 3);
    by_member(CMD_FLOOR_REQUEST, report, 5);
    by_member(CMD_FLOOR_REQUEST, report, 6);
    by_member(CMD_FLOOR_WITHDRAW, report, 6);
    c = cmd(CMD_FLOOR_ASK); /* the attendee (列席) asks; the secretary approves */
    c.p.item = report;
    c.p.person = 8;
    send(ROLE_ATTENDEE, 8, &c);
    on_item(CMD_FLOOR_APPROVE, ROLE_SECRETARY, report, last.events[0].p.id);
    const struct item *it = core_item(s, report);
    int32_t fifth = it->speakers[it->speaker_count - 1].id; /* member 5's request */
    c = cmd(CMD_SPEAKER_MOVE);
    c.p.item = report;
    c.p.id = fifth;
    c.p.position = 0;
    send(ROLE_CHAIR, 0, &c);
    on_item(CMD_SPEAKER_REMOVE, ROLE_CHAIR, report, fifth);
    on_item(CMD_FLOOR_GRANT, ROLE_CHAIR, report, 0);
    c = cmd(CMD_TIME_EXTEND);
    c.p.item = report;
    c.p.seconds = 120;
    send(ROLE_CHAIR, 0, &c);
    on_item(CMD_SPEECH_END, ROLE_CHAIR, report, 0);
    c = cmd(CMD_SUMMARY_SET); /* the secretary's summary of the speech just made */
    c.p.item = report;
    for (int k = 0; k < it->speaker_count; k++)
        if (it->speakers[k].state == SPK_DONE) c.p.id = it->speakers[k].id;
    TEXT(c.p.text, "建议加强源头管控。");
    send(ROLE_SECRETARY, 0, &c);
    on_item(CMD_FLOOR_GRANT, ROLE_SECRETARY, report, 0);
    on_item(CMD_SPEECH_END, ROLE_SECRETARY, report, 0);
    groups(report);
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, report, report);

    on_item(CMD_ITEM_OPEN, ROLE_CHAIR, inquiry, inquiry);
    c = cmd(CMD_QUESTION_REGISTER);
    c.p.item = inquiry;
    c.p.person = 2;
    TEXT(c.p.text, "河道整治何时完成？\n请具体说明。");
    send(ROLE_MEMBER, 2, &c);
    int32_t withdrawn = last.events[0].p.id;
    on_item(CMD_QUESTION_WITHDRAW, ROLE_SECRETARY, inquiry, withdrawn);
    on_item(CMD_QUESTION_CALL, ROLE_CHAIR, inquiry, 0);
    c = cmd(CMD_ANSWER_START);
    c.p.item = inquiry;
    send(ROLE_CHAIR, 0, &c);
    on_item(CMD_FOLLOWUP_START, ROLE_CHAIR, inquiry, 0);
    c = cmd(CMD_FOLLOWUP_ANSWER_START);
    c.p.item = inquiry;
    c.p.respondent = respondent[1];
    send(ROLE_CHAIR, 0, &c);
    on_item(CMD_QUESTION_END, ROLE_CHAIR, inquiry, 0);
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, inquiry, inquiry);

    ballot(evaluation, 2, depts, 5, true);
    ballot(vote, 1, motion, 6, true);
    on_item(CMD_ITEM_DEFER, ROLE_CHAIR, other, other);
    on_item(CMD_EXAM_HAND_IN, ROLE_HUB, appointment, nominees[1]); /* at the deadline */
    ballot(appointment, 2, nominees, 3, false);
    put("snapshot", "secret-ballot-open", snapshot_encode(s));
    for (int who = 4; who <= 6; who++) cast(appointment, who, 2, nominees, 0);
    on_item(CMD_BALLOT_CLOSE, ROLE_CHAIR, appointment, 0);
    on_item(CMD_CERTIFICATES_GIVE, ROLE_SECRETARY, appointment, 0);
    c = cmd(CMD_OATH_START);
    c.p.item = appointment;
    c.p.id = nominees[0];
    c.p.kind = OATH_INDIVIDUAL;
    c.p.choice_count = 1;
    c.p.choices[0] = (struct choice){nominees[0], 0};
    send(ROLE_CHAIR, 0, &c);
    put("snapshot", "oath", snapshot_encode(s));
    on_item(CMD_OATH_END, ROLE_CHAIR, appointment, 0);
    on_item(CMD_ITEM_CLOSE, ROLE_CHAIR, appointment, appointment);
    c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_CHOICE;
    c.p.choose = 1;
    c.p.flag = true;
    TEXT(c.p.title, "2027年民生实事项目票决");
    put("command", "item_add-choice", command_encode(&c));
    send(ROLE_SECRETARY, 0, &c);
    int32_t projects = last.events[0].p.id;
    int32_t candidates[3] = {subject(projects, "老旧小区改造"), subject(projects, "社区食堂"),
                             subject(projects, "口袋公园")};
    choice_ballot(projects, candidates);
    put("snapshot", "choice-runoff", snapshot_encode(s));
    motions();
    put("snapshot", "motion", snapshot_encode(s));
    int32_t adopted = opinions(report);
    c = cmd(CMD_MEETING_CLOSE);
    send(ROLE_CHAIR, 0, &c);
    put("snapshot", "closed", snapshot_encode(s));
    opinions_next_meeting(adopted);
    put("snapshot", "opinions", snapshot_encode(s));

    for (int t = 0; t < CMD_COUNT; t++)
        if (!command_seen[t]) fprintf(stderr, "seeds: no %s command\n", command_name(t));
    for (int t = 0; t < EV_COUNT; t++)
        if (!event_seen[t]) fprintf(stderr, "seeds: no %s event\n", event_name(t));
    core_state_free(s);
    return 0;
}
