/* After recovery: every command the consoles sent, looked for in the journal.  An accepted one
 * must be there once: its client id on exactly the rows its answer named (the origin table the
 * hub answers resent commands from), and a cast once per member and ballot; a refused one must
 * not be there at all.  Then `cmte verify`, and the closed ballots against the casts.  See
 * torture.h. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "tui/demo.h"
#include "torture.h"

struct origin_row {
    char cid[MSG_CID_MAX];
    int rows;
    int64_t first, last;
};

struct journal {
    struct origin_row *origins;
    int norigins;
    int double_casts;
    /* (item, person) of every cast row, sorted */
    int64_t *casts;
    int ncasts;
};

static int by_cid(const void *a, const void *b)
{
    return strcmp(((const struct origin_row *)a)->cid, ((const struct origin_row *)b)->cid);
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool read_origins(sqlite3 *db, struct journal *j)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT cid, count(*), min(seq), max(seq) FROM origin GROUP BY cid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return false;
    int cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (j->norigins == cap) {
            cap = cap ? 2 * cap : 1024;
            struct origin_row *p = realloc(j->origins, (size_t)cap * sizeof *p);
            if (!p) break;
            j->origins = p;
        }
        struct origin_row *o = &j->origins[j->norigins++];
        snprintf(o->cid, sizeof o->cid, "%s", (const char *)sqlite3_column_text(st, 0));
        o->rows = sqlite3_column_int(st, 1);
        o->first = sqlite3_column_int64(st, 2);
        o->last = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    if (j->norigins) qsort(j->origins, (size_t)j->norigins, sizeof *j->origins, by_cid);
    return true;
}

static bool read_casts(sqlite3 *db, struct journal *j)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT json_extract(body, '$.item'), json_extract(body, '$.person'), "
                      "count(*) FROM journal WHERE type = 'ballot_cast' GROUP BY 1, 2";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return false;
    int cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (j->ncasts == cap) {
            cap = cap ? 2 * cap : 1024;
            int64_t *p = realloc(j->casts, (size_t)cap * sizeof *p);
            if (!p) break;
            j->casts = p;
        }
        j->casts[j->ncasts++] = sqlite3_column_int64(st, 0) << 32 | sqlite3_column_int64(st, 1);
        j->double_casts += sqlite3_column_int(st, 2) > 1;
    }
    sqlite3_finalize(st);
    if (j->ncasts) qsort(j->casts, (size_t)j->ncasts, sizeof *j->casts, by_value);
    return true;
}

static void check_one(const struct journal *j, const struct tt_cmd *c, struct tt_tally *t)
{
    struct origin_row key = {0};
    snprintf(key.cid, sizeof key.cid, "%s", c->cid);
    const struct origin_row *o =
        j->norigins ? bsearch(&key, j->origins, (size_t)j->norigins, sizeof *j->origins, by_cid)
                    : NULL;
    if (!c->answered) return; /* never acknowledged: nothing promised */
    if (!c->ok) {
        t->phantoms += o != NULL;
        return;
    }
    if (c->first == 0) return; /* valid, and nothing to record */
    t->acked++;
    if (!o) {
        t->lost++;
        return;
    }
    bool exact = o->first == c->first && o->last == c->last && o->rows == c->last - c->first + 1;
    t->found++;
    t->duplicated += !exact;
    if (c->type == CMD_BALLOT_CAST) {
        int64_t cast = (int64_t)c->item << 32 | c->person;
        if (!j->ncasts || !bsearch(&cast, j->casts, (size_t)j->ncasts, sizeof *j->casts, by_value))
            t->lost++;
    }
}

bool tt_check_journal(struct tt_fleet *f, const char *db, struct tt_tally *t, struct tt_result *r)
{
    memset(t, 0, sizeof *t);
    sqlite3 *h = NULL;
    struct journal j = {0};
    bool read = sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
                sqlite3_busy_timeout(h, 10000) == SQLITE_OK && read_origins(h, &j) &&
                read_casts(h, &j);
    sqlite3_close(h);
    if (!read) {
        tt_fail(r, "cannot read the journal of %s", db);
    } else {
        for (int i = 0; i < f->total; i++)
            for (int k = 0; k < f->c[i].ncmds; k++) check_one(&j, &f->c[i].cmds[k], t);
        t->double_casts = j.double_casts;
    }
    free(j.origins);
    free(j.casts);
    if (read && (t->lost || t->duplicated || t->phantoms || t->double_casts))
        tt_fail(r, "%d lost, %d applied twice, %d refused yet recorded, %d casts twice", t->lost,
                t->duplicated, t->phantoms, t->double_casts);
    return read && !t->lost && !t->duplicated && !t->phantoms && !t->double_casts;
}

bool tt_check_verify(const char *db, struct tt_result *r)
{
    FILE *out = fopen("/dev/null", "w");
    bool ok = out && demo_verified(db, out);
    if (out) fclose(out);
    if (!ok) tt_fail(r, "cmte verify finds problems in %s", db);
    return ok;
}

/* The options member i chose, as the console cast them. */
static void expected(struct tt_fleet *f, const struct item *it, int (*choice)(int i, int k),
                     int32_t counts[SUBJECTS_MAX][OPTIONS_MAX])
{
    memset(counts, 0, sizeof(int32_t) * SUBJECTS_MAX * OPTIONS_MAX);
    for (int i = 0; i < f->n; i++) {
        const struct tt_console *k = &f->c[i];
        for (int c = 0; c < k->ncmds; c++) {
            const struct tt_cmd *t = &k->cmds[c];
            if (t->type != CMD_BALLOT_CAST || t->item != it->id || !t->ok) continue;
            for (int s = 0; s < it->ballot.subject_count; s++)
                counts[s][choice(i, s) % it->ballot.option_count]++;
        }
    }
}

struct closed_wait {
    struct tt_fleet *f;
    int32_t item;
};

static bool closed_on_secretary(void *ctx)
{
    const struct closed_wait *w = ctx;
    const struct item *it = core_item(tt_state(w->f), w->item);
    return it && it->ballot.state == BALLOT_CLOSED;
}

bool tt_check_results(struct tt_fleet *f, int32_t item, int (*choice)(int i, int k),
                      struct tt_result *r)
{
    /* the chair's answer may come before the secretary's link has the broadcast */
    struct closed_wait w = {f, item};
    bench_wait(f->bl, closed_on_secretary, &w, 20000);
    const struct item *it = core_item(tt_state(f), item);
    if (!it || it->ballot.state != BALLOT_CLOSED) {
        tt_fail(r, "item %d's ballot is not closed", (int)item);
        return false;
    }
    int32_t want[SUBJECTS_MAX][OPTIONS_MAX];
    expected(f, it, choice, want);
    for (int s = 0; s < it->ballot.subject_count; s++)
        for (int o = 0; o < it->ballot.option_count; o++)
            if (it->ballot.subjects[s].counts[o] != want[s][o]) {
                tt_fail(r, "item %d subject %d option %d: %d counted, %d cast", (int)item, s, o,
                        (int)it->ballot.subjects[s].counts[o], (int)want[s][o]);
                return false;
            }
    return true;
}

void tt_result_from(struct tt_result *r, const struct tt_tally *t)
{
    r->acked += t->acked;
    r->found += t->found;
    r->lost += t->lost;
    r->duplicated += t->duplicated + t->double_casts;
}
