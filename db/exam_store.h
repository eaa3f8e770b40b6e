/* Inside db/: the law exam's papers and answers kept with their journal rows, and put back into
 * the hub's state on recovery (db/exam_store.c; the bank's calls are in db/db.h). */
#ifndef CMTE_DB_EXAM_STORE_H
#define CMTE_DB_EXAM_STORE_H

#include "core/core.h"
#include "db/db.h"

/* Inside db_append's transaction, after e's journal row: an exam_started stores its paper
 * (each question and its answer), an exam_answered the answer given (both hub forms; a
 * public form is refused).  Other events do nothing. */
enum db_status exam_store_event(struct db *db, const struct event *e, struct db_error *err);

/* Recovery: every running paper of s gets its questions, their answers and the answers given
 * back (core_exam_restore). */
enum db_status exam_store_restore(struct db *db, struct core_state *s, struct db_error *err);

#endif
