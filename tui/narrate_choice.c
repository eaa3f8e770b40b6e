/* A choice ballot's results in words (差额票决): the statutory heading, the rule, the outcome and
 * each candidate's mark, shared by the consoles (tui/paint_choice.c), the transcript and the
 * minutes (tui/export.c).  See narrate.h. */
#include <string.h>

#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/text.h"

const char *narrate_choice_status(int verdict)
{
    switch (verdict) {
    case CHOICE_ELECTED:
        return _("elected");
    case CHOICE_TIED:
        return _("tied");
    default:
        return _("not elected");
    }
}

void narrate_choice_heading(char *buf, size_t n, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    bool quorum = threshold_met(MORE_THAN_HALF, b->signed_in, b->members, NULL);
    snprintf(buf, n, _("Members %d, present %d, %s; %d ballots cast, each choosing up to %d of %d"),
             (int)b->members, (int)b->signed_in, quorum ? _("a quorum") : _("no quorum"),
             (int)b->voters, (int)it->choose, b->subject_count);
}

void narrate_choice_rule(char *buf, size_t n, const struct item *it)
{
    const struct ballot *b = &it->ballot;
    int32_t need = choice_threshold((enum choice_rule)b->choice_rule, b->members, b->voters);
    switch (b->choice_rule) {
    case CHOICE_MAJORITY_ALL:
        snprintf(buf, n,
                 _("elected: the %d with most votes among those with more than half of "
                   "all members (%d votes)"),
                 (int)it->choose, (int)need);
        return;
    case CHOICE_MAJORITY_CAST:
        snprintf(buf, n,
                 _("elected: the %d with most votes among those with more than half of "
                   "the ballots cast (%d votes)"),
                 (int)it->choose, (int)need);
        return;
    default:
        snprintf(buf, n, _("elected: the %d with most votes"), (int)it->choose);
    }
}

void narrate_choice_outcome(char *buf, size_t n, const struct item *it)
{
    int elected = 0, tied = core_choice_tied(it), left = core_choice_seats_left(it);
    for (int i = 0; i < it->ballot.subject_count; i++)
        elected += it->ballot.subjects[i].verdict == CHOICE_ELECTED;
    size_t len = (size_t)snprintf(buf, n, _("%d of %d seats filled"), elected, (int)it->choose);
    if (len >= n) return;
    if (tied)
        snprintf(buf + len, n - len, _("; %d tied with equal votes, %d left: a run-off decides"),
                 tied, left);
    else if (left)
        snprintf(buf + len, n - len, _("; %d unfilled"), left);
}

void narrate_choice_order(const struct item *it, int *order)
{
    int32_t votes[SUBJECTS_MAX];
    for (int i = 0; i < it->ballot.subject_count; i++) votes[i] = it->ballot.subjects[i].counts[0];
    choice_rank(votes, it->ballot.subject_count, order);
}

void narrate_choice_head(FILE *out, const struct item *it, const char *indent, const char *end)
{
    char text[TEXT_MAX_BYTES];
    narrate_choice_heading(text, sizeof text, it);
    fprintf(out, "%s%s%s", indent, text, end);
    narrate_choice_rule(text, sizeof text, it);
    fprintf(out, "%s%s%s", indent, text, end);
}

void narrate_choice_results(FILE *out, const struct item *it)
{
    char text[TEXT_MAX_BYTES];
    int order[SUBJECTS_MAX];
    narrate_choice_head(out, it, "  ", "\n");
    narrate_choice_order(it, order);
    for (int r = 0; r < it->ballot.subject_count; r++) {
        const struct subject *sub = &it->ballot.subjects[order[r]];
        fprintf(out, "  %2d. ", r + 1);
        text_pad(out, sub->name, 24);
        fprintf(out, _(" %4d votes  %s\n"), (int)sub->counts[0],
                narrate_choice_status(sub->verdict));
    }
    narrate_choice_outcome(text, sizeof text, it);
    fprintf(out, "  %s\n", text);
}
