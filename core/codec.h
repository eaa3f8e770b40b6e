/* JSON forms of commands, events and the public snapshot (cJSON).  Decoding refuses anything
 * malformed, out of range, of the wrong type, or with unknown keys; encode∘decode is the
 * identity.  Secret ballots: the public form of a cast carries no choice. */
#ifndef CMTE_CORE_CODEC_H
#define CMTE_CORE_CODEC_H

#include <cJSON.h>

#include "core/core.h"

cJSON *command_to_json(const struct command *c); /* caller deletes; NULL when out of memory */
enum core_err command_from_json(const cJSON *o, struct command *c, struct core_error *err);

/* public_form: what the hub broadcasts and journals (no choice of a secret ballot). */
cJSON *event_to_json(const struct event *e, bool public_form);
enum core_err event_from_json(const cJSON *o, struct event *e, struct core_error *err);

/* The same as text (caller frees with free()); decode from text of a given length. */
/* Turn e into its public form in place (what event_to_json(e, true) shows). */
void event_publicize(struct event *e);

char *command_encode(const struct command *c);
enum core_err command_decode(const char *text, size_t len, struct command *c,
                             struct core_error *err);
char *event_encode(const struct event *e, bool public_form);
enum core_err event_decode(const char *text, size_t len, struct event *e, struct core_error *err);

/* The public state: what a console gets on (re)connect.  Open secret ballots carry no
 * counts, and a secret ballot's marks only say who cast. */
cJSON *snapshot_to_json(const struct core_state *s);
enum core_err snapshot_from_json(const cJSON *o, struct core_state **out, struct core_error *err);
char *snapshot_encode(const struct core_state *s);
enum core_err snapshot_decode(const char *text, size_t len, struct core_state **out,
                              struct core_error *err);

/* Rules as JSON, shared by events and the snapshot. */
cJSON *rules_to_json(const struct core_rules *r);
enum core_err rules_from_json(const cJSON *o, struct core_rules *r, struct core_error *err);
/* Do a and b say the same (as encoded)? */
bool rules_equal(const struct core_rules *a, const struct core_rules *b);
cJSON *majority_to_json(const struct majority_rule *m);
enum core_err majority_from_json(const cJSON *o, const char *key, struct majority_rule *m,
                                 struct core_error *err);

#endif
