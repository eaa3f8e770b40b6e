/* One line of plain text for each event, in the interface language: the transcript of the
 * automatic demo, and the record a console can show of what just happened. */
#ifndef CMTE_TUI_NARRATE_H
#define CMTE_TUI_NARRATE_H

#include <stdio.h>

#include "core/core.h"

/* Describe e, which has just been applied to s.  Prints nothing for bookkeeping events
 * (link changes, rules). */
void narrate_event(FILE *out, const struct core_state *s, const struct event *e);

/* The results of a closed ballot: per subject the counts, the shares and the verdict, and
 * for votes the announcement in the statutory form (应到、出席、赞成、反对、弃权、通过). */
void narrate_results(FILE *out, const struct item *it);

/* How a ballot was counted, in words ("by a show of hands"), and with its scrutineers on one
 * line when it was counted by hand; "" for the keypads. */
const char *narrate_method(enum count_method m);
void narrate_count(char *buf, size_t n, const struct ballot *b);

/* A choice ballot (差额票决, tui/narrate_choice.c): a candidate's mark (elected, not elected,
 * tied); the statutory heading (应到、出席、法定人数, ballots cast, k of n); the rule that elects;
 * the outcome (seats filled, tied, unfilled); the candidates' indices ranked by votes; and all of
 * it as lines for the transcript. */
const char *narrate_choice_status(int verdict);
void narrate_choice_heading(char *buf, size_t n, const struct item *it);
void narrate_choice_rule(char *buf, size_t n, const struct item *it);
void narrate_choice_outcome(char *buf, size_t n, const struct item *it);
void narrate_choice_order(const struct item *it, int *order);
/* The heading and the rule, each on a line of its own: indent, the words, end. */
void narrate_choice_head(FILE *out, const struct item *it, const char *indent, const char *end);
void narrate_choice_results(FILE *out, const struct item *it);

/* A deliberation opinion's event (审议意见) as a sentence (tui/narrate_opinion.c). */
void narrate_opinion(FILE *out, const struct core_state *s, const struct event *e);

#endif
