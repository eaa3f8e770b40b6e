/* Reading the journal back: every row in seq order, its place in the chain checked, its body
 * decoded and checked against the row, its event applied to a state.  db_load and db_verify
 * are this walk with different hooks. */
#ifndef CMTE_DB_REPLAY_H
#define CMTE_DB_REPLAY_H

#include "core/core.h"
#include "db/internal.h"

/* Every hook may be NULL; each returns DB_OK to go on, or an error (err filled) to stop. */
struct replay_hooks {
    void *ctx;
    /* The chain is broken at seq: a gap before it, a hash that does not match, a body that
     * disagrees with its row.  what says which, in words. */
    enum db_status (*chain)(void *ctx, int64_t seq, const char *what, struct db_error *err);
    /* The row at seq does not decode, or its event does not apply.  When this returns DB_OK
     * the walk goes on checking the chain but applies nothing more (the state no longer
     * follows the journal). */
    enum db_status (*replay)(void *ctx, int64_t seq, const char *what, struct db_error *err);
    /* Around each applied event; hash is its row's stored hash. */
    enum db_status (*before)(void *ctx, const struct core_state *s, const struct event *e,
                             struct db_error *err);
    enum db_status (*after)(void *ctx, const struct core_state *s, const struct event *e,
                            const unsigned char hash[32], struct db_error *err);
};

struct replay_result {
    int64_t rows;     /* rows read */
    int64_t applied;  /* events applied */
    bool stopped;     /* a row did not decode or apply: s is as it was before that row */
    int64_t last_seq; /* the last row's seq and stored hash */
    unsigned char last_hash[32];
};

/* Walk every row of the journal.  Rows with seq <= apply_after are only hashed (s already
 * holds their effect: a snapshot); later rows are decoded and applied to s. */
enum db_status replay_journal(struct db *db, struct core_state *s, int64_t apply_after,
                              const struct replay_hooks *hooks, struct replay_result *res,
                              struct db_error *err);

/* The stored hash of row seq into hash; *found says whether the row exists. */
enum db_status replay_row_hash(struct db *db, int64_t seq, unsigned char hash[32], bool *found,
                               struct db_error *err);

#endif
