/* The law exam in the hub's database, outside the journal and never broadcast: the question
 * bank (exam_question), the papers drawn (exam_paper: which question at which place, and its
 * answer) and the answers given (exam_answer).  The journal's exam events are public forms
 * without either; a paper and an answer are stored in the same transaction as their event, so
 * an acknowledged answer is on disk, and on recovery they go back into the hub's state. */
#include <stdlib.h>
#include <string.h>

#include "db/exam_bank.h"
#include "db/exam_store.h"
#include "db/internal.h"

/* ---- the bank ---- */

static enum db_status known_text(struct db *db, const char *text, bool *known, struct db_error *err)
{
    static const char sql[] = "SELECT 1 FROM exam_question WHERE text = ?";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *known = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
                                                 : db_sqlite_fail(db, err, 0, "reading the bank");
}

enum db_status db_exam_bank_check(struct db *db, const char *name, const struct exam_bank *b,
                                  FILE *report, int *bad, struct db_error *err)
{
    *bad = 0;
    for (int i = 0; i < b->count; i++) {
        bool known = false;
        enum db_status rc = known_text(db, b->q[i].text, &known, err);
        if (rc != DB_OK) return rc;
        if (!known) continue;
        fprintf(report, "%s:%d: duplicate question: already in the bank\n", name, b->q[i].line);
        ++*bad;
    }
    return DB_OK;
}

static void join_options(const struct exam_question *q, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < q->option_count; i++) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", i ? "\n" : "", q->options[i]);
    }
}

static enum db_status insert_question(struct db *db, const char *source,
                                      const struct exam_question *q, struct db_error *err)
{
    static const char sql[] =
        "INSERT INTO exam_question(kind, text, options, answer, source) VALUES (?, ?, ?, ?, ?)";
    char options[EXAM_OPTIONS_MAX * EXAM_OPTION_MAX];
    char where[512];
    join_options(q, options, sizeof options);
    snprintf(where, sizeof where, "%s:%d", source, q->line);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_text(st, 1, exam_kind_name(q->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, q->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, options, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, q->answer);
    sqlite3_bind_text(st, 5, where, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DB_OK : db_sqlite_fail(db, err, 0, "adding a question to the bank");
}

enum db_status db_exam_bank_add(struct db *db, const char *source, const struct exam_bank *b,
                                struct db_error *err)
{
    if (b->count == 0) return DB_OK;
    enum db_status rc = db_begin(db, err);
    for (int i = 0; rc == DB_OK && i < b->count; i++)
        rc = insert_question(db, source, &b->q[i], err);
    if (rc == DB_OK) rc = db_commit(db, err);
    if (rc != DB_OK) db_rollback(db);
    return rc;
}

static int kind_parse(const char *s)
{
    for (int k = 0; k < EXAM_KIND_COUNT; k++)
        if (s && !strcmp(s, exam_kind_name((enum exam_kind)k))) return k;
    return -1;
}

static void split_options(struct exam_question *q, const char *s)
{
    q->option_count = 0;
    while (s && *s && q->option_count < EXAM_OPTIONS_MAX) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n >= EXAM_OPTION_MAX) n = EXAM_OPTION_MAX - 1;
        memcpy(q->options[q->option_count], s, n);
        q->options[q->option_count++][n] = '\0';
        s = nl ? nl + 1 : NULL;
    }
}

enum db_status db_exam_bank_load(struct db *db, struct exam_bank *out, struct db_error *err)
{
    static const char sql[] =
        "SELECT id, kind, text, options, answer FROM exam_question ORDER BY id";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    struct exam_question *q = calloc(1, sizeof *q);
    enum db_status rc = q ? DB_OK : db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    int step;
    while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(q, 0, sizeof *q);
        q->id = sqlite3_column_int(st, 0);
        int kind = kind_parse((const char *)sqlite3_column_text(st, 1));
        const char *text = (const char *)sqlite3_column_text(st, 2);
        q->answer = (uint8_t)sqlite3_column_int(st, 4);
        if (kind < 0 || !text || q->answer == 0 || q->answer >= EXAM_HIDDEN) continue;
        q->kind = (enum exam_kind)kind;
        snprintf(q->text, sizeof q->text, "%s", text);
        split_options(q, (const char *)sqlite3_column_text(st, 3));
        if (!exam_bank_push(out, q)) rc = db_fail(err, db->path, DB_ERR_NOMEM, 0, "out of memory");
    }
    if (rc == DB_OK && step != SQLITE_DONE) rc = db_sqlite_fail(db, err, 0, "reading the bank");
    sqlite3_reset(st);
    free(q);
    if (rc != DB_OK) exam_bank_free(out);
    return rc;
}

/* ---- papers and answers, with their events ---- */

static enum db_status store_paper(struct db *db, const struct event *e, struct db_error *err)
{
    static const char sql[] = "INSERT INTO exam_paper(subject, attempt, position, item, question, "
                              "answer) VALUES (?, ?, ?, ?, ?, ?)";
    for (int i = 0; i < e->p.paper_count; i++) {
        sqlite3_stmt *st = db_prepare(db, sql, err);
        if (!st) return err ? err->code : DB_ERR_SQLITE;
        sqlite3_bind_int(st, 1, e->p.id);
        sqlite3_bind_int(st, 2, e->p.number);
        sqlite3_bind_int(st, 3, i);
        sqlite3_bind_int(st, 4, e->p.item);
        sqlite3_bind_int(st, 5, e->p.paper[i]);
        sqlite3_bind_int(st, 6, e->p.paper_key[i]);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return db_sqlite_fail(db, err, e->seq, "storing an exam paper");
    }
    return DB_OK;
}

/* The answer given, on the nominee's newest paper (the one running). */
static enum db_status store_answer(struct db *db, const struct event *e, struct db_error *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO exam_answer(subject, attempt, position, answer) "
        "SELECT ?1, max(attempt), ?2, ?3 FROM exam_paper WHERE subject = ?1 HAVING count(*) > 0";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, e->p.id);
    sqlite3_bind_int(st, 2, e->p.position);
    sqlite3_bind_int(st, 3, e->p.number);
    int rc = sqlite3_step(st);
    int changed = sqlite3_changes(db->h);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_sqlite_fail(db, err, e->seq, "storing an exam answer");
    if (changed != 1)
        return db_fail(err, db->path, DB_ERR_ARG, e->seq, "an answer of nominee %d without a paper",
                       (int)e->p.id);
    return DB_OK;
}

enum db_status exam_store_event(struct db *db, const struct event *e, struct db_error *err)
{
    if (e->type == EV_EXAM_STARTED) {
        if (e->p.paper_count != e->p.position)
            return db_fail(err, db->path, DB_ERR_ARG, e->seq,
                           "an exam paper without its questions");
        return store_paper(db, e, err);
    }
    if (e->type == EV_EXAM_ANSWERED) {
        if (e->p.number >= EXAM_HIDDEN)
            return db_fail(err, db->path, DB_ERR_ARG, e->seq, "an exam answer in its public form");
        return store_answer(db, e, err);
    }
    return DB_OK;
}

/* ---- recovery ---- */

static enum db_status restore_paper(struct db *db, struct core_state *s, int32_t item,
                                    const struct subject *sub, struct db_error *err)
{
    static const char sql[] =
        "SELECT p.position, p.answer, coalesce(a.answer, 0), p.question FROM exam_paper p "
        "LEFT JOIN exam_answer a ON a.subject = p.subject AND a.attempt = p.attempt "
        "AND a.position = p.position WHERE p.subject = ? AND p.attempt = ? ORDER BY p.position";
    sqlite3_stmt *st = db_prepare(db, sql, err);
    if (!st) return err ? err->code : DB_ERR_SQLITE;
    sqlite3_bind_int(st, 1, sub->id);
    sqlite3_bind_int(st, 2, sub->exam.attempts);
    int rows = 0, rc;
    enum db_status out = DB_OK;
    while (out == DB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t pos = sqlite3_column_int(st, 0);
        int key = sqlite3_column_int(st, 1), given = sqlite3_column_int(st, 2);
        int32_t question = sqlite3_column_int(st, 3);
        if (key < 0 || key > 255 || given < 0 || given > 255 ||
            core_exam_restore(s, item, sub->id, pos, question, (uint8_t)key, (uint8_t)given) !=
                ERR_OK)
            out = db_fail(err, db->path, DB_ERR_REPLAY, 0,
                          "the stored paper of nominee %d does "
                          "not fit",
                          (int)sub->id);
        rows++;
    }
    if (out == DB_OK && rc != SQLITE_DONE) out = db_sqlite_fail(db, err, 0, "reading a paper");
    sqlite3_reset(st);
    if (out == DB_OK && rows != sub->exam.questions)
        out = db_fail(err, db->path, DB_ERR_REPLAY, 0,
                      "the paper of nominee %d has %d stored questions, the journal says %d",
                      (int)sub->id, rows, (int)sub->exam.questions);
    return out;
}

enum db_status exam_store_restore(struct db *db, struct core_state *s, struct db_error *err)
{
    enum db_status rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        if (it->kind != ITEM_APPOINTMENT) continue;
        for (int k = 0; rc == DB_OK && k < it->ballot.subject_count; k++)
            if (it->ballot.subjects[k].exam.state == EXAM_RUNNING)
                rc = restore_paper(db, s, it->id, &it->ballot.subjects[k], err);
    }
    return rc;
}
