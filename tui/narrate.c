/* Events as sentences.  See narrate.h. */
#include <string.h>
#include <time.h>

#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/paint.h"
#include "tui/text.h"

static void stamp(FILE *out, int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    char buf[16] = "--:--:--";
    if (localtime_r(&t, &tm)) strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    fprintf(out, "%s  ", buf);
}

static const char *person_name(const struct core_state *s, int32_t id)
{
    const struct person *p = core_person(s, id);
    return p ? p->name : "?";
}

static const char *respondent_name(const struct item *it, int32_t id)
{
    const struct respondent *r = it ? core_respondent(it, id) : NULL;
    return r ? r->name : "?";
}

static void duration(FILE *out, int64_t ms)
{
    int64_t s = ms / 1000;
    fprintf(out, _(" (%lld:%02lld)"), (long long)(s / 60), (long long)(s % 60));
}

static void speech_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    const struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
    if (!sp) return;
    if (sp->sitting != SITTING_PLENARY) { /* a group's or the joint sitting's */
        char name[PAINT_TEXT_MAX];
        paint_sitting_name(s, sp->sitting, name, sizeof name);
        fprintf(out, _("%s: "), name);
    }
    if (e->type == EV_FLOOR_GRANTED)
        fprintf(out, _("%s has the floor, %d min"), sp->name, (int)(sp->limit_s / 60));
    else {
        fprintf(out, _("%s ends the speech"), sp->name);
        duration(out, sp->ended_at - sp->started_at);
        if (sp->ended_at - sp->started_at > (int64_t)(sp->limit_s + sp->extension_s) * 1000)
            fputs(_(", over time"), out);
    }
}

static void sitting_line(FILE *out, const struct core_state *s)
{
    if (s->meeting.sits == SITS_GROUPS)
        fprintf(out, _("the groups sit in parallel (%d groups)"), s->meeting.group_count);
    else if (s->meeting.sits == SITS_JOINT)
        fputs(_("the groups sit jointly (joint sitting)"), out);
    else
        fputs(_("everyone is back in plenary"), out);
}

static void question_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    const struct question *q = it ? core_question(it, e->p.id) : NULL;
    if (!q) return;
    switch (e->type) {
    case EV_QUESTION_CALLED:
        fprintf(out, _("%s asks: %s"), person_name(s, q->member), q->text);
        break;
    case EV_ANSWER_STARTED:
        fprintf(out, _("%s answers"), respondent_name(it, e->p.respondent));
        break;
    case EV_FOLLOWUP_STARTED:
        fprintf(out, _("%s asks a follow-up question"), person_name(s, q->member));
        break;
    case EV_FOLLOWUP_ANSWER_STARTED:
        fprintf(out, _("%s answers the follow-up"), respondent_name(it, e->p.respondent));
        break;
    default:
        fprintf(out, _("question of %s done"), person_name(s, q->member));
        break;
    }
}

static void meeting_line(FILE *out, const struct core_state *s, const struct event *e)
{
    switch (e->type) {
    case EV_MEETING_CREATED:
        fprintf(out, _("meeting no. %d scheduled for %s: %s"), (int)s->meeting.number,
                s->meeting.date, s->meeting.title);
        break;
    case EV_MEETING_OPENED:
        fprintf(out, _("the chair opens the meeting: %d of %d members present, quorum met"),
                (int)e->p.signed_in, (int)e->p.members);
        break;
    case EV_MEETING_SUSPENDED:
        fputs(_("the meeting is suspended"), out);
        break;
    case EV_MEETING_RESUMED:
        fputs(_("the meeting resumes"), out);
        break;
    default:
        fputs(_("the chair closes the meeting"), out);
        break;
    }
}

static void attendance_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct person *p = core_person(s, e->p.person);
    if (!p) return;
    if (e->type == EV_SIGNED_IN)
        fprintf(out, _("%s signs in (%d of %d members present%s)"), p->name, (int)core_signed_in(s),
                (int)core_members(s), core_quorum(s) ? _(", quorum") : "");
    else if (p->attendance == ATT_LEAVE)
        fprintf(out, _("%s is on leave: %s"), p->name, p->reason);
    else
        fprintf(out, _("%s is marked %s"), p->name,
                p->attendance == ATT_PRESENT ? _("present") : _("absent"));
}

static void item_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.id);
    if (!it) return;
    if (e->type == EV_ITEM_OPENED)
        fprintf(out, _("item open: %s"), it->title);
    else if (e->type == EV_ITEM_CLOSED)
        fprintf(out, _("item closed: %s"), it->title);
    else
        fprintf(out, _("item deferred: %s"), it->title);
}

const char *narrate_method(enum count_method m)
{
    static const char *const words[COUNT_METHOD_COUNT] = {
        [COUNT_KEYPAD] = N_("by the voting keypads"),
        [COUNT_HANDS] = N_("by a show of hands"),
        [COUNT_PAPER] = N_("by paper ballot"),
        [COUNT_OTHER] = N_("by hand, another way"),
    };
    return m < COUNT_METHOD_COUNT ? _(words[m]) : "?";
}

void narrate_count(char *buf, size_t n, const struct ballot *b)
{
    buf[0] = '\0';
    if (b->method == COUNT_KEYPAD) return;
    char names[TEXT_MAX_BYTES];
    snprintf(names, sizeof names, "%s", b->scrutineers);
    for (char *nl = strchr(names, '\n'); nl; nl = strchr(nl, '\n')) *nl = ',';
    if (names[0])
        snprintf(buf, n, _("counted %s; scrutineers: %s"), narrate_method(b->method), names);
    else
        snprintf(buf, n, _("counted %s"), narrate_method(b->method));
}

static void ballot_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    if (!it) return;
    const struct ballot *b = &it->ballot;
    if (e->type == EV_BALLOT_OPENED)
        fprintf(out, b->secret ? _("secret ballot open: %s") : _("named ballot open: %s"),
                it->title);
    else if (e->type == EV_BALLOT_CAST_RECORDED)
        fprintf(out, _("%s has cast (%d of %d present)"), person_name(s, e->p.person),
                (int)b->voters, (int)core_signed_in(s));
    else if (e->type == EV_BALLOT_COUNTED) {
        char count[TEXT_MAX_BYTES + 128];
        narrate_count(count, sizeof count, b);
        fprintf(out, _("the counts are entered by hand: %s: %s"), it->title, count);
    } else {
        fprintf(out, _("ballot closed: %s\n"), it->title);
        narrate_results(out, it);
    }
}

static void appointment_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = core_item(s, e->p.item);
    const struct subject *sub = it ? core_subject(&it->ballot, e->p.id) : NULL;
    if (!it) return;
    if (e->type == EV_NOMINEE_ADDED)
        fprintf(out, _("case added: %s %s, %s"), label_case((enum case_kind)e->p.kind), e->p.name,
                e->p.title);
    else if (e->type == EV_STATEMENT_RECORDED)
        fprintf(out, _("written statement recorded: %s"), sub ? sub->name : "?");
    else if (e->type == EV_CERTIFICATES_GIVEN)
        fprintf(out, "%s", _("the certificates of appointment are handed over"));
    else if (e->type == EV_OATH_STARTED)
        fprintf(out, _("constitutional oath (%s) led by %s"),
                label_oath_form((enum oath_form)e->p.kind), sub ? sub->name : "?");
    else
        fprintf(out, "%s", _("the oath is sworn"));
}

/* The law exam: a paper started, a paper handed in (the answers given are not told). */
static void exam_line(FILE *out, const struct core_state *s, const struct event *e)
{
    const struct item *it = NULL;
    const struct exam_record *x = core_exam(s, e->p.id, &it);
    const char *name = x ? core_subject(&it->ballot, e->p.id)->name : "?";
    if (e->type == EV_EXAM_STARTED)
        fprintf(out,
                e->p.number > 1 ? _("%s starts the law exam's retake (%d questions, %d minutes)")
                                : _("%s starts the law exam (%d questions, %d minutes)"),
                name, (int)e->p.position, (int)(e->p.seconds / 60));
    else
        fprintf(out, _("%s hands in the law exam%s: %d points, %s"), name,
                e->actor.role == ROLE_HUB ? _(" (time is up)") : "", (int)e->p.number,
                e->p.flag ? _("passed") : _("failed"));
}

/* Inquiry motions (质询案). */
static void motion_line(FILE *out, const struct core_state *s, const struct event *e)
{
    int id = (int)e->p.id;
    switch (e->type) {
    case EV_MOTION_DRAFTED:
        fprintf(out, _("%s drafts inquiry motion %d to %s"), person_name(s, e->p.person), id,
                e->p.detail);
        break;
    case EV_MOTION_SIGNED:
        fprintf(out, _("%s co-signs inquiry motion %d"), person_name(s, e->p.person), id);
        break;
    case EV_MOTION_REGISTERED:
        fprintf(out, _("inquiry motion %d is registered"), id);
        break;
    case EV_MOTION_WITHDRAWN:
        fprintf(out, _("inquiry motion %d is withdrawn"), id);
        break;
    case EV_MOTION_PLACED:
        fprintf(out, _("inquiry motion %d is placed on the agenda"), id);
        break;
    case EV_MOTION_ANSWERED:
        fprintf(out,
                e->p.flag ? _("inquiry motion %d: the answer at the meeting is recorded")
                          : _("inquiry motion %d: the written answer is recorded"),
                id);
        break;
    default:
        fprintf(out,
                e->p.flag ? _("%s is satisfied with the answer to inquiry motion %d")
                          : _("%s is dissatisfied with the answer to inquiry motion %d"),
                person_name(s, e->p.person), id);
        break;
    }
}

void narrate_event(FILE *out, const struct core_state *s, const struct event *e)
{
    if (e->type == EV_LINK_CHANGED || e->type == EV_RULES_CHANGED || e->type == EV_NOTE_CHANGED ||
        e->type == EV_EXAM_ANSWERED)
        return;
    stamp(out, e->time);
    switch (e->type) {
    case EV_MEETING_CREATED:
    case EV_MEETING_OPENED:
    case EV_MEETING_SUSPENDED:
    case EV_MEETING_RESUMED:
    case EV_MEETING_CLOSED:
        meeting_line(out, s, e);
        break;
    case EV_SIGNED_IN:
    case EV_ATTENDANCE_CHANGED:
        attendance_line(out, s, e);
        break;
    case EV_ITEM_OPENED:
    case EV_ITEM_CLOSED:
    case EV_ITEM_DEFERRED:
        item_line(out, s, e);
        break;
    case EV_SPEAKER_ADDED:
        fprintf(out,
                e->actor.role == ROLE_MEMBER ? _("%s asks for the floor")
                                             : _("%s is put on the speakers' list"),
                e->p.name);
        break;
    case EV_FLOOR_ASKED:
        fprintf(out, _("%s (attending) asks for the floor, to be approved"), e->p.name);
        break;
    case EV_FLOOR_APPROVED: {
        const struct item *it = core_item(s, e->p.item);
        const struct speaker *sp = it ? core_speaker(it, e->p.id) : NULL;
        fprintf(out, _("%s is put on the speakers' list"), sp ? sp->name : "?");
        break;
    }
    case EV_FLOOR_GRANTED:
    case EV_SPEECH_ENDED:
        speech_line(out, s, e);
        break;
    case EV_TIME_EXTENDED:
        fprintf(out, _("time extended by %d s"), (int)e->p.seconds);
        break;
    case EV_QUESTION_REGISTERED:
        fprintf(out, _("%s registers a question"), person_name(s, e->p.person));
        break;
    case EV_QUESTION_CALLED:
    case EV_ANSWER_STARTED:
    case EV_FOLLOWUP_STARTED:
    case EV_FOLLOWUP_ANSWER_STARTED:
    case EV_QUESTION_ENDED:
        question_line(out, s, e);
        break;
    case EV_BALLOT_OPENED:
    case EV_BALLOT_CAST_RECORDED:
    case EV_BALLOT_CLOSED:
    case EV_BALLOT_COUNTED:
        ballot_line(out, s, e);
        break;
    case EV_NOMINEE_ADDED:
    case EV_STATEMENT_RECORDED:
    case EV_CERTIFICATES_GIVEN:
    case EV_OATH_STARTED:
    case EV_OATH_ENDED:
        appointment_line(out, s, e);
        break;
    case EV_SITTING_CHANGED:
        sitting_line(out, s);
        break;
    case EV_CONVENER_NAMED:
        fprintf(out, _("%s convenes %s"), person_name(s, e->p.person), e->p.group);
        break;
    case EV_RUNOFF_ADDED:
        fprintf(out, _("run-off added for the tied: %s"), e->p.title);
        break;
    case EV_EXAM_STARTED:
    case EV_EXAM_FINISHED:
        exam_line(out, s, e);
        break;
    case EV_MOTION_DRAFTED:
    case EV_MOTION_SIGNED:
    case EV_MOTION_REGISTERED:
    case EV_MOTION_WITHDRAWN:
    case EV_MOTION_PLACED:
    case EV_MOTION_ANSWERED:
    case EV_MOTION_JUDGED:
        motion_line(out, s, e);
        break;
    case EV_OPINION_DRAFTED:
    case EV_OPINION_EDITED:
    case EV_OPINION_ADOPTED:
    case EV_OPINION_PLACED:
    case EV_OPINION_LINKED:
        narrate_opinion(out, s, e);
        break;
    default:
        fputs(event_name(e->type), out);
        break;
    }
    fputc('\n', out);
}

/* Results. */

static void share(FILE *out, int32_t count, int32_t base)
{
    int32_t pm = share_permille(count, base);
    fprintf(out, "%d.%d%%", (int)(pm / 10), (int)(pm % 10));
}

static void evaluation_result(FILE *out, const struct ballot *b, const struct subject *sub)
{
    int32_t cast = 0;
    for (int o = 0; o < b->option_count; o++) cast += sub->counts[o];
    fprintf(out, _("  %s: members %d, present %d, scored %d\n"), sub->name, (int)b->members,
            (int)b->signed_in, (int)cast);
    for (int o = 0; o < b->option_count; o++) {
        fputs("    ", out);
        text_pad(out, b->options[o], 10);
        fprintf(out, "%4d  ", (int)sub->counts[o]);
        share(out, sub->counts[o], cast);
        fputs(_(" of votes cast, "), out);
        share(out, sub->counts[o], b->members);
        fputs(_(" of all members\n"), out);
    }
    fprintf(out, _("    verdict: %s\n"), b->options[sub->verdict]);
    if (sub->flagged) fputs(_("    note: a count at exactly half decided this verdict\n"), out);
}

/* 本次会议应到N人，出席M人，符合法定人数 … X票赞成，Y票反对，Z票弃权，通过 */
static void vote_result(FILE *out, const struct subject *sub)
{
    int32_t cast = sub->counts[0] + sub->counts[1] + sub->counts[2];
    fprintf(out,
            _("  %s: members %d, present %d; %d for, %d against, %d abstaining, "
              "%d present did not vote: %s\n"),
            sub->name, (int)sub->members, (int)sub->signed_in, (int)sub->counts[0],
            (int)sub->counts[1], (int)sub->counts[2], (int)(sub->signed_in - cast),
            sub->verdict ? _("adopted") : _("not adopted"));
}

void narrate_results(FILE *out, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    if (it->kind == ITEM_CHOICE) return narrate_choice_results(out, it);
    for (int k = 0; k < b->subject_count; k++) {
        if (b->subjects[k].round != b->round) continue; /* announced at its own vote, or waiting */
        if (it->kind == ITEM_EVALUATION)
            evaluation_result(out, b, &b->subjects[k]);
        else
            vote_result(out, &b->subjects[k]);
    }
}
