/* `cmte export`'s formats, as pure functions of a replayed state (and the journal's head):
 * the minutes (会议记录) as Markdown in the interface language, and the results of the closed
 * ballots as CSV or JSON.  Nothing here opens a file or reads a clock. */
#ifndef CMTE_TUI_EXPORT_H
#define CMTE_TUI_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

/* The journal the state was rebuilt from: its event count (the head seq) and head hash. */
struct export_journal {
    int64_t events;
    unsigned char hash[32];
};

/* hash as 64 lowercase hex digits and a NUL. */
void export_hash_hex(const unsigned char hash[32], char out[65]);

/* The minutes of the current meeting. */
void export_md(FILE *out, const struct core_state *s, const struct export_journal *j);

/* The briefing (简报): for each item spoken on, every speech with the speaker, the time and the
 * secretary's summary, sitting by sitting (the plenary, each group, the joint sitting); only
 * those of one sitting when sitting >= 0. */
void export_brief(FILE *out, const struct core_state *s, int32_t sitting);

/* One row per subject of each closed ballot, after a header row (RFC 4180, UTF-8). */
void export_csv(FILE *out, const struct core_state *s);

/* One CSV field, quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
void export_csv_field(FILE *out, const char *field);

/* The results as JSON text (malloc'd, the caller frees); NULL when out of memory. */
char *export_json(const struct core_state *s, const struct export_journal *j);

/* Is the item's ballot one whose results may be exported (closed)? */
int export_ballot_count(const struct core_state *s);

/* Markdown text with its special characters escaped and line breaks as spaces. */
void export_md_text(FILE *out, const char *t);

/* Deliberation opinions (审议意见, tui/export_opinions.c), on `today` (YYYY-MM-DD): the overdue
 * ones, then the other open ones, in Markdown; the open ones as JSON text (malloc'd, NULL when
 * out of memory); the minutes' part (adopted at the meeting, reports heard at it); a state's
 * label in the interface language. */
void export_opinions_md(FILE *out, const struct core_state *s, const char *today);
char *export_opinions_json(const struct core_state *s, const char *today);
void export_minutes_opinions(FILE *out, const struct core_state *s);
const char *export_opinion_state(enum opinion_state st);

#endif
