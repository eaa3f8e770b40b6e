/* The formats of `cmte export`.  See export.h. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "tui/exam_words.h"
#include "tui/export.h"
#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/paint.h"

static const char *const kind_labels[ITEM_KIND_COUNT] = {
    N_("deliberation of a report"),
    N_("special inquiry"),
    N_("satisfaction evaluation"),
    N_("vote"),
    N_("appointment"),
    N_("other"),
    N_("choice among candidates"),
};
static const char *const state_labels[ITEM_STATE_COUNT] = {
    N_("pending"),
    N_("open"),
    N_("closed"),
    N_("deferred"),
};
static const char *const phase_labels[Q_STATE_COUNT] = {
    N_("waiting"), N_("question"), N_("answer"), N_("follow-up"), N_("answer to the follow-up"),
    N_("done"),
};

void export_hash_hex(const unsigned char hash[32], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[hash[i] >> 4];
        out[2 * i + 1] = hex[hash[i] & 15];
    }
    out[64] = '\0';
}

static bool has_results(const struct item *it)
{
    return (it->kind == ITEM_EVALUATION || it->kind == ITEM_VOTE || it->kind == ITEM_APPOINTMENT ||
            it->kind == ITEM_CHOICE) &&
           it->ballot.state == BALLOT_CLOSED;
}

int export_ballot_count(const struct core_state *s)
{
    int n = 0;
    for (int i = 0; i < s->item_count; i++) n += has_results(&s->items[i]);
    return n;
}

static int32_t subject_cast(const struct ballot *b, const struct subject *sub)
{
    int32_t cast = 0;
    for (int o = 0; o < b->option_count; o++) cast += sub->counts[o];
    return cast;
}

static const char *person_name(const struct core_state *s, int32_t id)
{
    const struct person *p = core_person(s, id);
    return p ? p->name : "?";
}

static const char *respondent_name(const struct item *it, int32_t id)
{
    const struct respondent *r = core_respondent(it, id);
    return r ? r->name : "?";
}

/* ---- Markdown ------------------------------------------------------------------------------ */

/* Text with Markdown's special characters escaped and line breaks as spaces. */
static void md_text(FILE *out, const char *t)
{
    for (; *t; t++) {
        if (*t == '\n' || *t == '\r')
            fputc(' ', out);
        else {
            if (strchr("\\`*_[]<>|#", *t)) fputc('\\', out);
            fputc(*t, out);
        }
    }
}

void export_md_text(FILE *out, const char *t)
{
    md_text(out, t);
}

static void md_time(FILE *out, int64_t ms, bool with_date)
{
    if (ms <= 0) {
        fputs("—", out);
        return;
    }
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    char buf[32] = "?";
    if (localtime_r(&t, &tm))
        strftime(buf, sizeof buf, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
    fputs(buf, out);
}

static void md_duration(FILE *out, int64_t started, int64_t ended)
{
    if (started <= 0 || ended < started) {
        fputs("—", out);
        return;
    }
    int64_t sec = (ended - started) / 1000;
    fprintf(out, "%02lld:%02lld", (long long)(sec / 60), (long long)(sec % 60));
}

static bool over_time(int64_t started, int64_t ended, int32_t limit_s, int32_t extension_s)
{
    return started > 0 && ended >= started && limit_s > 0 &&
           ended - started > (int64_t)(limit_s + extension_s) * 1000;
}

static void md_names(FILE *out, const struct core_state *s, enum person_kind kind,
                     enum attendance att, bool reasons)
{
    int n = 0;
    for (int i = 0; i < s->person_count; i++) {
        const struct person *p = &s->people[i];
        if (p->kind != kind || (kind == PERSON_MEMBER && p->attendance != att)) continue;
        fputs(n++ ? _(", ") : "", out);
        md_text(out, p->name);
        if (reasons && p->reason[0]) {
            fputs(_(" ("), out);
            md_text(out, p->reason);
            fputs(_(")"), out);
        }
    }
    if (!n) fputs(_("none"), out);
    fputs("\n", out);
}

/* 应询人, apart from the members: each with their post and organ, once per inquiry item. */
static void md_respondents(FILE *out, const struct core_state *s)
{
    int n = 0;
    for (int i = 0; i < s->item_count; i++)
        for (int k = 0; k < s->items[i].respondent_count; k++) {
            const struct respondent *r = &s->items[i].respondents[k];
            fputs(n++ ? _(", ") : _("- Respondents: "), out);
            md_text(out, r->name);
            fputs(_(" ("), out);
            md_text(out, r->post);
            fputs(" ", out);
            md_text(out, r->department);
            fputs(_(")"), out);
        }
    if (n) fputs("\n", out);
}

static void md_attendance(FILE *out, const struct core_state *s)
{
    int32_t members = core_members(s), present = core_signed_in(s);
    fprintf(out, _("## Attendance\n\n"));
    fprintf(out, _("- Members (all): %d\n"), (int)members);
    fprintf(out, _("- Present: %d\n"), (int)present);
    fputs(_("- On leave: "), out);
    md_names(out, s, PERSON_MEMBER, ATT_LEAVE, true);
    fputs(_("- Absent: "), out);
    md_names(out, s, PERSON_MEMBER, ATT_ABSENT, false);
    fputs(_("- Attending without a vote: "), out);
    md_names(out, s, PERSON_ATTENDEE, ATT_ABSENT, false);
    md_respondents(out, s);
    fputs("\n", out);
    fprintf(out,
            core_quorum(s) ? _("The meeting has %d members; %d are present: the quorum is met.\n\n")
                           : _("The meeting has %d members; %d are present: the quorum is not "
                               "met.\n\n"),
            (int)members, (int)present);
    fputs(_("- Opened: "), out);
    md_time(out, s->meeting.opened_at, true);
    fputs(_("\n- Closed: "), out);
    md_time(out, s->meeting.closed_at, true);
    fputs("\n\n", out);
}

/* The speeches on an item; where the meeting had groups, the sitting of each. */
static void md_speeches(FILE *out, const struct core_state *s, const struct item *it)
{
    int started = 0;
    for (int k = 0; k < it->speaker_count; k++) started += it->speakers[k].started_at > 0;
    if (!started) return;
    bool sittings = s->meeting.group_count > 0;
    fprintf(out, "%s", _("#### Speeches\n\n"));
    if (sittings) fprintf(out, "%s", _("| Sitting "));
    fprintf(out, "%s", _("| Speaker | Start | Duration | Over time | Summary |\n"));
    fputs(sittings ? "|---|---|---|---|---|---|\n" : "|---|---|---|---|---|\n", out);
    for (int k = 0; k < it->speaker_count; k++) {
        const struct speaker *sp = &it->speakers[k];
        if (sp->started_at <= 0) continue;
        if (sittings) {
            char name[PAINT_TEXT_MAX];
            paint_sitting_name(s, sp->sitting, name, sizeof name);
            fputs("| ", out);
            md_text(out, name);
            fputs(" ", out);
        }
        fputs("| ", out);
        md_text(out, sp->name);
        fputs(" | ", out);
        md_time(out, sp->started_at, false);
        fputs(" | ", out);
        md_duration(out, sp->started_at, sp->ended_at);
        fprintf(out, " | %s | ",
                over_time(sp->started_at, sp->ended_at, sp->limit_s, sp->extension_s)
                    ? _("over time")
                    : "");
        md_text(out, sp->summary);
        fputs(" |\n", out);
    }
    fputs("\n", out);
}

/* The notes of the groups' and the joint sitting's deliberation of an item. */
static void md_sitting_notes(FILE *out, const struct core_state *s, const struct item *it)
{
    for (int i = 0; i < it->sitting_note_count; i++) {
        const struct sitting_note *n = &it->sitting_notes[i];
        if (!n->text[0]) continue;
        char name[PAINT_TEXT_MAX];
        paint_sitting_name(s, n->sitting, name, sizeof name);
        fprintf(out, _("#### Secretary's note, %s\n\n> "), name);
        md_text(out, n->text);
        fputs("\n\n", out);
    }
}

/* ---- the briefing (简报) ---- */

/* Who a speaker is: a person's title, or nothing for a speaker from outside the roster. */
static const char *speaker_title(const struct core_state *s, const struct speaker *sp)
{
    const struct person *p = sp->person ? core_person(s, sp->person) : NULL;
    return p ? p->title : "";
}

/* Something to brief of the sitting on the item: a speech, or the secretary's note. */
static bool briefed_in(const struct item *it, int32_t sitting)
{
    for (int k = 0; k < it->speaker_count; k++)
        if (it->speakers[k].started_at > 0 && it->speakers[k].sitting == sitting) return true;
    return core_note(it, sitting)[0] != '\0';
}

/* The speeches of one sitting on the item, under the sitting's name where the meeting had
 * groups. */
static void brief_sitting(FILE *out, const struct core_state *s, const struct item *it,
                          int32_t sitting)
{
    if (!briefed_in(it, sitting)) return;
    if (s->meeting.group_count) {
        char name[PAINT_TEXT_MAX];
        paint_sitting_name(s, sitting, name, sizeof name);
        fputs("### ", out);
        md_text(out, name);
        fputs("\n\n", out);
    }
    for (int k = 0; k < it->speaker_count; k++) {
        const struct speaker *sp = &it->speakers[k];
        if (sp->started_at <= 0 || sp->sitting != sitting) continue;
        fputs("- **", out);
        md_text(out, sp->name);
        fputs("**", out);
        if (speaker_title(s, sp)[0]) {
            fputs(_(" ("), out);
            md_text(out, speaker_title(s, sp));
            fputs(_(")"), out);
        }
        fputs(_(", "), out);
        md_time(out, sp->started_at, false);
        fputs(_(", "), out);
        md_duration(out, sp->started_at, sp->ended_at);
        fputs(_(": "), out);
        if (sp->summary[0])
            md_text(out, sp->summary);
        else
            fputs(_("(no summary)"), out);
        fputs("\n", out);
    }
    if (core_note(it, sitting)[0]) {
        fputs(_("\n> "), out);
        md_text(out, core_note(it, sitting));
        fputs("\n", out);
    }
    fputs("\n", out);
}

/* The sittings of the meeting in the briefing's order: the plenary, the groups, the joint
 * sitting; or the one asked for.  How many are in out. */
static int brief_sittings(const struct core_state *s, int32_t only, int32_t out[GROUPS_MAX + 2])
{
    int n = 0;
    if (only >= 0) return out[0] = only, 1;
    out[n++] = SITTING_PLENARY;
    for (int32_t k = 1; k <= s->meeting.group_count; k++) out[n++] = k;
    out[n++] = SITTING_JOINT;
    return n;
}

void export_brief(FILE *out, const struct core_state *s, int32_t sitting)
{
    fprintf(out, _("# Briefing of meeting no. %d\n\n"), (int)s->meeting.number);
    md_text(out, s->meeting.title);
    if (sitting >= 0) {
        char name[PAINT_TEXT_MAX];
        paint_sitting_name(s, sitting, name, sizeof name);
        fputs(" · ", out);
        md_text(out, name);
    }
    fputs(_("\n\n- Date: "), out);
    md_text(out, s->meeting.date);
    fputs("\n\n", out);
    int32_t sittings[GROUPS_MAX + 2];
    int n = brief_sittings(s, sitting, sittings), items = 0;
    for (int i = 0; i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        bool spoken = false;
        for (int k = 0; k < n; k++) spoken |= briefed_in(it, sittings[k]);
        if (!spoken) continue;
        fputs("## ", out);
        md_text(out, it->title);
        fputs("\n\n", out);
        for (int k = 0; k < n; k++) brief_sitting(out, s, it, sittings[k]);
        items++;
    }
    if (!items) fputs(_("Nobody has spoken yet.\n"), out);
}

static void md_turn(FILE *out, const struct core_state *s, const struct item *it,
                    const struct turn *t)
{
    bool asking = t->phase == Q_ASKING || t->phase == Q_FOLLOWUP;
    fprintf(out, "| %s | ", _(phase_labels[t->phase]));
    md_text(out, asking ? person_name(s, t->who) : respondent_name(it, t->who));
    fputs(" | ", out);
    md_time(out, t->started_at, false);
    fputs(" | ", out);
    md_duration(out, t->started_at, t->ended_at);
    fprintf(out, " | %s |\n",
            over_time(t->started_at, t->ended_at, t->limit_s, t->extension_s) ? _("over time")
                                                                              : "");
}

static void md_questions(FILE *out, const struct core_state *s, const struct item *it)
{
    for (int k = 0; k < it->question_count; k++) {
        const struct question *q = &it->questions[k];
        fprintf(out, _("#### Question %d: "), k + 1);
        md_text(out, person_name(s, q->member));
        if (q->respondent) {
            fputs(" → ", out);
            md_text(out, respondent_name(it, q->respondent));
        }
        fputs("\n\n> ", out);
        md_text(out, q->text);
        fputs("\n\n", out);
        if (!q->turn_count) continue;
        fprintf(out, _("| Turn | By | Start | Duration | Over time |\n"));
        fputs("|---|---|---|---|---|\n", out);
        for (int t = 0; t < q->turn_count; t++) md_turn(out, s, it, &q->turns[t]);
        fputs("\n", out);
    }
}

static void md_share(FILE *out, int32_t count, int32_t base)
{
    int32_t pm = share_permille(count, base);
    fprintf(out, "%d.%d%%", (int)(pm / 10), (int)(pm % 10));
}

static void md_evaluation(FILE *out, const struct ballot *b, const struct subject *sub)
{
    int32_t cast = subject_cast(b, sub);
    fputs("**", out);
    md_text(out, sub->name);
    fprintf(out, _("**: members %d, present %d, scored %d\n\n"), (int)b->members, (int)b->signed_in,
            (int)cast);
    fprintf(out, _("| Option | Count | Share of votes cast | Share of all members |\n"));
    fputs("|---|---:|---:|---:|\n", out);
    for (int o = 0; o < b->option_count; o++) {
        fputs("| ", out);
        md_text(out, b->options[o]);
        fprintf(out, " | %d | ", (int)sub->counts[o]);
        md_share(out, sub->counts[o], cast);
        fputs(" | ", out);
        md_share(out, sub->counts[o], b->members);
        fputs(" |\n", out);
    }
    fprintf(out, _("\nVerdict: %s\n"),
            sub->verdict >= 0 && sub->verdict < b->option_count ? b->options[sub->verdict] : "?");
    if (sub->flagged) fputs(_("\nNote: a count at exactly half decided this verdict.\n"), out);
    fputs("\n", out);
}

/* 本次会议应到N人，出席M人 … X票赞成，Y票反对，Z票弃权，N人未按，通过 */
/* In the statutory form (本次会议应到N人，出席M人，符合法定人数，X票赞成 …，通过). */
static void md_vote(FILE *out, const struct core_state *s, const struct ballot *b,
                    const struct subject *sub)
{
    /* each case of an appointment against the counts of its own vote */
    int32_t cast = subject_cast(b, sub), idle = sub->signed_in - cast;
    bool quorum = quorum_met(&s->rules, sub->members, sub->signed_in);
    char name[TITLE_MAX_BYTES * 2 + 32];
    paint_subject_name(sub, name, sizeof name);
    fputs("- **", out);
    md_text(out, name);
    fputs("**: ", out);
    if (!sub->round) {
        fprintf(out, "%s\n", _("not yet voted on"));
        return;
    }
    fprintf(out,
            _("members %d, present %d, %s; %d for, %d against, %d abstaining, %d present did "
              "not press: %s\n"),
            (int)sub->members, (int)sub->signed_in, quorum ? _("a quorum") : _("no quorum"),
            (int)sub->counts[0], (int)sub->counts[1], (int)sub->counts[2],
            (int)(idle > 0 ? idle : 0), sub->verdict ? _("adopted") : _("not adopted"));
    if (sub->flagged) fputs(_("  (a count at exactly half decided this result)\n"), out);
}

/* A choice ballot (差额票决): the statutory heading, the rule, the candidates ranked with their
 * votes and marks, the outcome and the winners by name. */
static void md_choice(FILE *out, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    char text[TEXT_MAX_BYTES];
    int order[SUBJECTS_MAX];
    narrate_choice_head(out, it, "", "\n\n");
    fputs(_("| Rank | Candidate | Votes | Result |\n"), out);
    fputs("|---:|---|---:|---|\n", out);
    narrate_choice_order(it, order);
    for (int r = 0; r < b->subject_count; r++) {
        const struct subject *sub = &b->subjects[order[r]];
        fprintf(out, "| %d | ", r + 1);
        md_text(out, sub->name);
        fprintf(out, " | %d | %s |\n", (int)sub->counts[0], narrate_choice_status(sub->verdict));
    }
    narrate_choice_outcome(text, sizeof text, it);
    fprintf(out, "\n%s\n\n", text);
    fputs(_("Elected: "), out);
    int shown = 0;
    for (int r = 0; r < b->subject_count; r++) {
        const struct subject *sub = &b->subjects[order[r]];
        if (sub->verdict != CHOICE_ELECTED) continue;
        if (shown++) fputs(_(", "), out);
        md_text(out, sub->name);
    }
    fputs(shown ? "\n\n" : _("none\n\n"), out);
}

static void md_ballot(FILE *out, const struct core_state *s, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    if (b->state == BALLOT_NONE) return;
    fprintf(out, _("#### Results (%s ballot)\n\n"), b->secret ? _("secret") : _("named"));
    if (b->state == BALLOT_OPEN) {
        fputs(_("The ballot is still open; no results are announced.\n\n"), out);
        return;
    }
    char count[TEXT_MAX_BYTES + 128];
    narrate_count(count, sizeof count, b);
    if (count[0]) fprintf(out, "%s\n\n", count);
    if (it->kind == ITEM_CHOICE) return md_choice(out, it);
    for (int k = 0; k < b->subject_count; k++) {
        if (it->kind == ITEM_EVALUATION)
            md_evaluation(out, b, &b->subjects[k]);
        else
            md_vote(out, s, b, &b->subjects[k]);
    }
    if (it->kind != ITEM_EVALUATION) fputs("\n", out);
}

/* ---- appointments: the cases, their statements, the oath ---- */

/* The statement (供职发言) or defence (申辩) a case's person made in the room, if any. */
static const struct speaker *case_speech(const struct item *it, const struct subject *sub)
{
    for (int k = 0; k < it->speaker_count; k++) {
        const struct speaker *sp = &it->speakers[k];
        if (sp->started_at > 0 && !sp->person && strcmp(sp->name, sub->name) == 0 &&
            (sp->kind == SPEECH_STATEMENT || sp->kind == SPEECH_DEFENCE))
            return sp;
    }
    return NULL;
}

static void md_case_statement(FILE *out, const struct item *it, const struct subject *sub)
{
    const struct speaker *sp = case_speech(it, sub);
    if (sp) {
        fputs(sp->kind == SPEECH_DEFENCE ? _("defence in person at ") : _("statement at "), out);
        md_time(out, sp->started_at, false);
        fputs(_(", lasting "), out);
        md_duration(out, sp->started_at, sp->ended_at);
    } else if (sub->nominee.statement[0]) {
        fputs(_("written statement: "), out);
        md_text(out, sub->nominee.statement);
    } else {
        fputs("—", out);
    }
}

static void md_cases(FILE *out, const struct item *it)
{
    fputs(_("#### Cases\n\n| Case | Name | Post | Nominated by | Statement |\n"), out);
    fputs("|---|---|---|---|---|\n", out);
    for (int k = 0; k < it->ballot.subject_count; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        if (!sub->nominee.is_case) continue;
        fprintf(out, "| %s | ", label_case(sub->nominee.kind));
        md_text(out, sub->name);
        fputs(" | ", out);
        md_text(out, sub->detail);
        fputs(" | ", out);
        md_text(out, sub->nominee.organ);
        fputs(" | ", out);
        md_case_statement(out, it, sub);
        fputs(" |\n", out);
    }
    fputs("\n", out);
}

/* An appointment's nominees and their law exam: each attempt's score and pass or fail. */
static void md_exam(FILE *out, const struct core_state *s, const struct item *it)
{
    if (it->kind != ITEM_APPOINTMENT || it->ballot.subject_count == 0) return;
    bool taken = false;
    for (int k = 0; k < it->ballot.subject_count; k++)
        taken |= it->ballot.subjects[k].exam.attempts;
    if (!s->rules.exam.required && !taken) return; /* a local rule, not in force here */
    fputs(_("#### Law exam before appointment\n\n"), out);
    for (int k = 0; k < it->ballot.subject_count; k++) {
        const struct subject *sub = &it->ballot.subjects[k];
        const struct exam_record *x = &sub->exam;
        char words[TEXT_MAX_BYTES];
        if (!core_case_needs_exam(sub)) continue; /* a dismissal or removal takes none */
        fputs("- ", out);
        md_text(out, sub->name);
        exam_result_words(x, words, sizeof words);
        fprintf(out, ": %s", words);
        int handed_in = x->state == EXAM_DONE ? x->attempts : x->attempts - 1;
        for (int a = 0; handed_in > 1 && a < handed_in; a++) { /* a retake: every attempt */
            exam_attempt_words(x, a, words, sizeof words);
            fprintf(out, "%s%s", a ? "; " : " (", words);
        }
        fputs(handed_in > 1 ? ")\n" : "\n", out);
    }
    fputs("\n", out);
}

/* Who swore, how and when, and the oath's text as sworn. */
static void md_oath(FILE *out, const struct item *it)
{
    int sworn = 0;
    for (int k = 0; k < it->ballot.subject_count; k++) {
        const struct nominee *n = &it->ballot.subjects[k].nominee;
        if (n->sworn == OATH_NONE) continue;
        if (!sworn++) fputs(_("#### Constitutional oath\n\n"), out);
        fputs("- ", out);
        md_text(out, it->ballot.subjects[k].name);
        fprintf(out, _(": %s%s, at "), label_oath_form(n->sworn),
                n->leader && n->sworn == OATH_COLLECTIVE ? _(", leading") : "");
        md_time(out, n->sworn_at, false);
        fputs("\n", out);
    }
    if (sworn) fprintf(out, "\n> %s\n\n", paint_oath_text);
}

static void md_item(FILE *out, const struct core_state *s, const struct item *it, int n)
{
    fprintf(out, _("### %d. "), n);
    md_text(out, it->title);
    fprintf(out, _("\n\n- Kind: %s\n- State: %s\n"), _(kind_labels[it->kind]),
            _(state_labels[it->state]));
    if (it->reporter[0]) {
        fputs(_("- Reporter: "), out);
        md_text(out, it->reporter);
        fputs("\n", out);
    }
    if (it->department[0]) {
        fputs(_("- Department: "), out);
        md_text(out, it->department);
        fputs("\n", out);
    }
    fputs(_("- Time: "), out);
    md_time(out, it->opened_at, false);
    fputs(" – ", out);
    md_time(out, it->closed_at, false);
    fputs("\n\n", out);
    if (it->kind == ITEM_APPOINTMENT) md_cases(out, it);
    md_speeches(out, s, it);
    md_questions(out, s, it);
    md_exam(out, s, it);
    md_ballot(out, s, it);
    if (it->kind == ITEM_APPOINTMENT) md_oath(out, it);
    if (it->note[0]) {
        fputs(_("#### Secretary's note\n\n> "), out);
        md_text(out, it->note);
        fputs("\n\n", out);
    }
    md_sitting_notes(out, s, it);
}

/* ---- inquiry motions (质询案) ---- */

/* The place of an item on the agenda (1 = first), 0 when it is not there. */
static int item_number(const struct core_state *s, int32_t id)
{
    for (int i = 0; id && i < s->item_count; i++)
        if (s->items[i].id == id) return i + 1;
    return 0;
}

static void md_signers(FILE *out, const struct core_state *s, const struct motion *m, int verdict)
{
    bool any = false;
    for (int i = 0; i < m->signer_count; i++) {
        if (verdict >= 0 && m->verdicts[i] != verdict) continue;
        fputs(any ? _(", ") : "", out);
        md_text(out, person_name(s, m->signers[i]));
        if (i == 0 && verdict < 0) fputs(_(" (proposer)"), out);
        any = true;
    }
    fputs(any ? "\n" : _("none\n"), out);
}

static void md_motion(FILE *out, const struct core_state *s, const struct motion *m, int n)
{
    static const char *const states[MOTION_STATE_COUNT] = {N_("awaiting signatures"),
                                                           N_("withdrawn"), N_("registered")};
    fprintf(out, _("### %d. "), n);
    md_text(out, m->subject);
    fputs(_("\n\n- Organ questioned: "), out);
    md_text(out, m->organ);
    fprintf(out, _("\n- State: %s\n- Proposers (%d): "), _(states[m->state]), (int)m->signer_count);
    md_signers(out, s, m, -1);
    fputs(_("- Registered: "), out);
    md_time(out, m->registered_at, true);
    fputs(_("\n- Text: "), out);
    md_text(out, m->text);
    fputs("\n", out);
    int item = item_number(s, m->item);
    if (item) fprintf(out, _("- On the agenda: item %d\n"), item);
    if (m->answered) {
        fprintf(out,
                m->oral ? _("- Answered at the meeting, %s: ") : _("- Answered in writing, %s: "),
                m->answer_date);
        md_text(out, m->answer);
        fputs(_("\n- Satisfied: "), out);
        md_signers(out, s, m, VERDICT_SATISFIED);
        fputs(_("- Dissatisfied: "), out);
        md_signers(out, s, m, VERDICT_DISSATISFIED);
        if (m->reanswer) fputs(_("- A second answer is asked for (再作答复).\n"), out);
    }
    fputs("\n", out);
}

static void md_motions(FILE *out, const struct core_state *s)
{
    if (!s->motion_count) return;
    fputs(_("## Inquiry motions\n\n"), out);
    for (int i = 0; i < s->motion_count; i++) md_motion(out, s, &s->motions[i], i + 1);
}

void export_md(FILE *out, const struct core_state *s, const struct export_journal *j)
{
    fprintf(out, _("# Minutes of meeting no. %d\n\n"), (int)s->meeting.number);
    fputs(_("- Date: "), out);
    md_text(out, s->meeting.date);
    fputs(_("\n- Title: "), out);
    md_text(out, s->meeting.title);
    fputs("\n\n", out);
    md_attendance(out, s);
    fputs(_("## Agenda\n\n"), out);
    for (int i = 0; i < s->item_count; i++) md_item(out, s, &s->items[i], i + 1);
    md_motions(out, s);
    export_minutes_opinions(out, s);
    char hex[65];
    export_hash_hex(j->hash, hex);
    fprintf(out, _("## Journal\n\n- Events: %lld\n- Final hash: `%s`\n\n"), (long long)j->events,
            hex);
    fputs(_("Check these against the output of `cmte verify`.\n"), out);
}

/* ---- CSV ----------------------------------------------------------------------------------- */

void export_csv_field(FILE *out, const char *field)
{
    if (!strpbrk(field, ",\"\r\n")) {
        fputs(field, out);
        return;
    }
    fputc('"', out);
    for (const char *c = field; *c; c++) {
        if (*c == '"') fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

static void csv_int(FILE *out, int32_t v)
{
    fprintf(out, ",%d", (int)v);
}

static void csv_text(FILE *out, const char *t)
{
    fputc(',', out);
    export_csv_field(out, t);
}

static const char *verdict_text(const struct item *it, const struct subject *sub)
{
    const struct ballot *b = &it->ballot;
    if (it->kind == ITEM_CHOICE)
        return sub->verdict == CHOICE_ELECTED ? "elected"
               : sub->verdict == CHOICE_TIED  ? "tied"
                                              : "not elected";
    if (it->kind != ITEM_EVALUATION) return sub->verdict ? "passed" : "failed";
    return sub->verdict >= 0 && sub->verdict < b->option_count ? b->options[sub->verdict] : "?";
}

static void csv_row(FILE *out, const struct item *it, const struct subject *sub)
{
    const struct ballot *b = &it->ballot;
    fprintf(out, "%d", (int)it->id);
    csv_text(out, it->title);
    csv_text(out, item_kind_name(it->kind));
    csv_text(out, b->secret ? "yes" : "no");
    csv_text(out, sub->name);
    csv_int(out, sub->members);
    csv_int(out, sub->signed_in);
    csv_int(out, subject_cast(b, sub));
    for (int o = 0; o < OPTIONS_MAX; o++) {
        csv_text(out, o < b->option_count ? b->options[o] : "");
        if (o < b->option_count)
            csv_int(out, sub->counts[o]);
        else
            fputc(',', out);
    }
    csv_text(out, verdict_text(it, sub));
    csv_text(out, sub->flagged ? "yes" : "no");
    fputs("\r\n", out);
}

void export_csv(FILE *out, const struct core_state *s)
{
    fputs("item,title,kind,secret,subject,members,signed_in,cast", out);
    for (int o = 1; o <= OPTIONS_MAX; o++) fprintf(out, ",option%d,count%d", o, o);
    fputs(",verdict,flagged\r\n", out);
    for (int i = 0; i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (!has_results(it)) continue;
        for (int k = 0; k < it->ballot.subject_count; k++)
            if (it->ballot.subjects[k].round) /* not a case still waiting for its vote */
                csv_row(out, it, &it->ballot.subjects[k]);
    }
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static cJSON *json_subject(const struct item *it, const struct subject *sub)
{
    const struct ballot *b = &it->ballot;
    int32_t cast = subject_cast(b, sub);
    cJSON *o = cJSON_CreateObject(), *opts = cJSON_AddArrayToObject(o, "options");
    cJSON_AddStringToObject(o, "name", sub->name);
    cJSON_AddNumberToObject(o, "members", sub->members);
    cJSON_AddNumberToObject(o, "signed_in", sub->signed_in);
    cJSON_AddNumberToObject(o, "cast", cast);
    for (int k = 0; opts && k < b->option_count; k++) {
        cJSON *op = cJSON_CreateObject();
        cJSON_AddStringToObject(op, "label", b->options[k]);
        cJSON_AddNumberToObject(op, "count", sub->counts[k]);
        cJSON_AddNumberToObject(op, "share_cast_permille", share_permille(sub->counts[k], cast));
        cJSON_AddNumberToObject(op, "share_members_permille",
                                share_permille(sub->counts[k], sub->members));
        cJSON_AddItemToArray(opts, op);
    }
    cJSON_AddStringToObject(o, "verdict", verdict_text(it, sub));
    cJSON_AddBoolToObject(o, "flagged", sub->flagged);
    return o;
}

static cJSON *json_ballot(const struct item *it)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "item", it->id);
    cJSON_AddStringToObject(o, "title", it->title);
    cJSON_AddStringToObject(o, "kind", item_kind_name(it->kind));
    cJSON_AddBoolToObject(o, "secret", it->ballot.secret);
    if (it->kind == ITEM_CHOICE) cJSON_AddNumberToObject(o, "choose", it->choose);
    cJSON *subs = cJSON_AddArrayToObject(o, "subjects");
    for (int k = 0; subs && k < it->ballot.subject_count; k++)
        if (it->ballot.subjects[k].round) /* not a case still waiting for its vote */
            cJSON_AddItemToArray(subs, json_subject(it, &it->ballot.subjects[k]));
    return o;
}

char *export_json(const struct core_state *s, const struct export_journal *j)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *m = cJSON_AddObjectToObject(root, "meeting");
    cJSON_AddNumberToObject(m, "number", s->meeting.number);
    cJSON_AddStringToObject(m, "date", s->meeting.date);
    cJSON_AddStringToObject(m, "title", s->meeting.title);
    cJSON_AddNumberToObject(m, "members", core_members(s));
    cJSON_AddNumberToObject(m, "signed_in", core_signed_in(s));
    cJSON *ballots = cJSON_AddArrayToObject(root, "ballots");
    for (int i = 0; ballots && i < s->item_count; i++)
        if (has_results(&s->items[i])) cJSON_AddItemToArray(ballots, json_ballot(&s->items[i]));
    cJSON *jr = cJSON_AddObjectToObject(root, "journal");
    char hex[65];
    export_hash_hex(j->hash, hex);
    cJSON_AddNumberToObject(jr, "events", (double)j->events);
    cJSON_AddStringToObject(jr, "hash", hex);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}
