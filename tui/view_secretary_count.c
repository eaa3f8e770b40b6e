/* The secretary's console: counts entered by hand (手工计票), when the keypads fail or the chair
 * calls a show of hands (举手) or a paper ballot (纸质投票).  From the agenda tab, on the item
 * whose ballot is open: the method, the scrutineers (监票人), then every option's count on every
 * subject, one prompt each, and a last question with all the figures before they go.  The hub
 * refuses more votes on a subject than members present; the chair closes the ballot and
 * announces the result as for the keypads.  From the roster tab, one member's choices (a member
 * attending by video, or voting by a show of hands while the keypads count the rest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/view_secretary.h"

enum { COUNT_DIGITS = 4 };

static const struct item *counted_item(struct secretary *s)
{
    const struct core_state *st = feed_state(&s->base.feed);
    return st ? core_item(st, s->draft.p.item) : NULL;
}

/* The index of the i-th subject on the vote open now (an appointment votes case by case). */
static int on_vote(const struct ballot *b, int i)
{
    for (int k = 0; k < b->subject_count; k++)
        if (core_on_vote(b, k) && i-- == 0) return k;
    return 0;
}

/* The figures of the draft, "subject: 赞成 12, 反对 3, 弃权 1; ..." */
static void summary(const struct item *it, const struct command *c, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int k = 0; k < c->p.result_count; k++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s:", k ? "; " : "",
                 it->ballot.subjects[on_vote(&it->ballot, k)].name);
        for (int o = 0; o < it->ballot.option_count; o++) {
            len = strlen(buf);
            snprintf(buf + len, n - len, "%s %s %d", o ? "," : "", label_option(it, o),
                     (int)c->p.results[k].counts[o]);
        }
    }
}

static void ask_count(struct secretary *s);

static void count_done(struct secretary *s, const char *text)
{
    const struct item *it = counted_item(s);
    if (!it) return;
    char *end;
    long n = strtol(text, &end, 10);
    if (!text[0] || *end || n < 0) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] A count is a number: type it again."));
        return ask_count(s);
    }
    s->draft.p.results[s->count_at / it->ballot.option_count]
        .counts[s->count_at % it->ballot.option_count] = (int32_t)n;
    s->count_at++;
    ask_count(s);
}

/* The next option's count, or the question before sending when every one is in. */
static void ask_count(struct secretary *s)
{
    const struct item *it = counted_item(s);
    if (!it) return;
    const struct ballot *b = &it->ballot;
    int subjects = core_on_vote_count(b);
    if (s->count_at < subjects * b->option_count) {
        int k = s->count_at / b->option_count;
        const char *option = label_option(it, s->count_at % b->option_count);
        char label[PAINT_TEXT_MAX]; /* short: the subjects are listed on the item */
        if (subjects > 1)
            snprintf(label, sizeof label, _("Subject %d of %d, votes \"%s\":"), k + 1, subjects,
                     option);
        else
            snprintf(label, sizeof label, _("Votes \"%s\":"), option);
        return sec_ask(s, label, "", COUNT_DIGITS, count_done);
    }
    char figures[PAINT_TEXT_MAX];
    summary(it, &s->draft, figures, sizeof figures);
    base_ask(&s->base, &s->draft, _("Enter these counts, %s? %s"),
             narrate_method((enum count_method)s->draft.p.kind), figures);
}

/* Names separated by commas, 、 or spaces become one per line. */
static void scrutineers_done(struct secretary *s, const char *text)
{
    char *out = s->draft.p.text;
    size_t n = 0, cap = TEXT_MAX_BYTES - 1;
    bool gap = true;
    for (const char *p = text; *p && n < cap; p++) {
        bool sep = *p == ',' || *p == ' ' || strncmp(p, "、", strlen("、")) == 0 ||
                   strncmp(p, "，", strlen("，")) == 0;
        if (sep) {
            if (!gap) out[n++] = '\n';
            gap = true;
            if ((unsigned char)*p >= 0x80) p += 2; /* the rest of a three-byte separator */
            continue;
        }
        out[n++] = *p;
        gap = false;
    }
    while (n > 0 && out[n - 1] == '\n') n--;
    out[n] = '\0';
    const struct item *it = counted_item(s);
    s->count_at = 0;
    s->draft.p.result_count = it ? core_on_vote_count(&it->ballot) : 0;
    for (int k = 0; k < s->draft.p.result_count; k++)
        s->draft.p.results[k].subject = it->ballot.subjects[on_vote(&it->ballot, k)].id;
    ask_count(s);
}

static void method_done(struct secretary *s, const char *text)
{
    int m = text[0] && !text[1] ? text[0] - '0' : 0;
    if (m < COUNT_HANDS || m > COUNT_OTHER) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] Choose 1, 2 or 3: nothing was sent."));
        return;
    }
    s->draft.p.kind = m;
    sec_ask(s,
            m == COUNT_HANDS ? _("Scrutineers (may stay empty for a show of hands):")
                             : _("Scrutineers (names, separated by commas):"),
            "", TEXT_MAX_BYTES - 1, scrutineers_done);
}

bool sec_count_start(struct secretary *s, const struct item *it)
{
    if (it->ballot.state != BALLOT_OPEN) {
        base_notice(&s->base, ST_WARN, "%s",
                    _("[!] Counts by hand are entered while the item's ballot is open."));
        return true;
    }
    if (it->kind == ITEM_CHOICE) { /* the core refuses it: say so before the counts are typed */
        base_notice(&s->base, ST_WARN, "%s",
                    _("[!] A choice ballot is not counted by hand here: each member's ballot "
                      "may be entered from the roster (v)."));
        return true;
    }
    s->draft = (struct command){.type = CMD_BALLOT_COUNT};
    s->draft.p.item = it->id;
    const struct core_state *st = feed_state(&s->base.feed);
    bool paper = st && core_vote_on_paper(st, it); /* a removal: its paper ballots */
    sec_ask(s, _("Counted how? 1 show of hands, 2 paper ballot, 3 another way:"), paper ? "2" : "1",
            1, method_done);
    return true;
}

/* ---- one member's choices, by hand ---- */

static void ask_choice(struct secretary *s);

static void choice_done(struct secretary *s, const char *text)
{
    const struct item *it = counted_item(s);
    if (!it) return;
    int o = text[0] && !text[1] ? text[0] - '1' : -1;
    if (o < 0 || o >= it->ballot.option_count) {
        base_notice(&s->base, ST_WARN, "%s", _("[!] Type the option's number: again."));
        return ask_choice(s);
    }
    struct choice *c = &s->draft.p.choices[s->draft.p.choice_count++];
    c->subject = it->ballot.subjects[on_vote(&it->ballot, s->count_at++)].id;
    c->option = o;
    ask_choice(s);
}

/* "1 赞成  2 反对  3 弃权" */
static void options_line(const struct item *it, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int o = 0; o < it->ballot.option_count; o++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%d %s", o ? "  " : "", o + 1, label_option(it, o));
    }
}

static void ask_choice(struct secretary *s)
{
    const struct core_state *st = feed_state(&s->base.feed);
    const struct item *it = counted_item(s);
    const struct person *p = st ? core_person(st, s->draft.p.person) : NULL;
    if (!it || !p) return;
    char label[PAINT_TEXT_MAX], options[PAINT_TEXT_MAX];
    options_line(it, options, sizeof options);
    if (s->count_at < core_on_vote_count(&it->ballot)) {
        snprintf(label, sizeof label, _("%s, subject %d of %d (%s):"), p->name, s->count_at + 1,
                 core_on_vote_count(&it->ballot), options);
        return sec_ask(s, label, "", 1, choice_done);
    }
    char chosen[PAINT_TEXT_MAX] = "";
    for (int k = 0; k < s->draft.p.choice_count; k++) {
        size_t len = strlen(chosen);
        snprintf(chosen + len, sizeof chosen - len, "%s%d %s", k ? ", " : "", k + 1,
                 label_option(it, s->draft.p.choices[k].option));
    }
    base_ask(&s->base, &s->draft, _("Enter the vote of %s by hand: %s?"), p->name, chosen);
}

bool sec_hand_cast_start(struct secretary *s, const struct core_state *st, const struct person *p)
{
    const struct item *it = core_open_item(st);
    if (!it || it->ballot.state != BALLOT_OPEN || it->ballot.method != COUNT_KEYPAD) {
        base_notice(&s->base, ST_WARN, "%s",
                    _("[!] A member's vote is entered while a ballot is open at the keypads."));
        return true;
    }
    s->draft = (struct command){.type = CMD_HAND_CAST};
    s->draft.p.item = it->id;
    s->draft.p.person = p->id;
    s->count_at = 0;
    ask_choice(s);
    return true;
}
