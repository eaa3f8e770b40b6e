/* Scenario 9, the secrecy audit (DESIGN.md §3, Secret ballots), on the real hub: a secret
 * evaluation with known choices, the hub killed in the middle of it.  While it is open the
 * consoles' replicas show who has cast but no count and no option, and the database holds only
 * boxes and a sealed key; once it is closed, no byte of those boxes, their random ids or the
 * sealed key is left in the database file or its WAL, no table holds them, no journal body of a
 * secret cast names an option, the hub's log names none, and no console ever received one.
 * tests/unit/test_db_secrecy.c proves the same of the store alone, boxes opened. */
#define _GNU_SOURCE /* memmem */
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 30000, BLOB_MAX = 128 };

struct blob {
    unsigned char b[BLOB_MAX];
    int n;
};

struct seen {
    struct blob *blobs;
    int n, cap;
};

static void keep(struct seen *s, const void *p, int n)
{
    if (n <= 0 || n > BLOB_MAX) return;
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 256;
        struct blob *b = realloc(s->blobs, (size_t)cap * sizeof *b);
        if (!b) return;
        s->blobs = b;
        s->cap = cap;
    }
    memcpy(s->blobs[s->n].b, p, (size_t)n);
    s->blobs[s->n++].n = n;
}

/* Every blob of a query's columns. */
static int read_blobs(const char *db, const char *sql, struct seen *s)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int rows = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(h, 10000) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            rows++;
            for (int c = 0; s && c < sqlite3_column_count(st); c++)
                keep(s, sqlite3_column_blob(st, c), sqlite3_column_bytes(st, c));
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rows;
}

static unsigned char *file_bytes(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (!f) return NULL;
    unsigned char *all = NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (*len = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (all = malloc((size_t)*len)) != NULL && fread(all, 1, (size_t)*len, f) != (size_t)*len) {
        free(all);
        all = NULL;
    }
    fclose(f);
    return all;
}

/* How many of the blobs seen occur anywhere in the file. */
static int found_in(const char *path, const struct seen *s)
{
    long len;
    unsigned char *all = file_bytes(path, &len);
    int found = 0;
    for (int i = 0; all && i < s->n; i++)
        found += memmem(all, (size_t)len, s->blobs[i].b, (size_t)s->blobs[i].n) != NULL;
    free(all);
    return found;
}

/* While the ballot is open: who has cast is public, counts are not. */
static bool replicas_show_no_counts(struct tt_fleet *f, int32_t item, struct tt_result *r)
{
    for (int i = 0; i < f->total; i++) {
        const struct core_state *s = link_state(f->c[i].link, NULL);
        const struct item *it = s ? core_item(s, item) : NULL;
        for (int k = 0; it && k < it->ballot.subject_count; k++)
            for (int o = 0; o < it->ballot.option_count; o++)
                if (it->ballot.subjects[k].counts[o]) {
                    tt_fail(r, "console %d sees a count of the open secret ballot", i);
                    return false;
                }
    }
    return true;
}

static void kill_and_restart(struct bench_loop *bl, struct tt_hub *h, struct tt_fleet *f,
                             struct tt_result *r)
{
    tt_hub_stop(h, SIGKILL);
    r->faults++;
    int64_t killed = bench_now_ns();
    tt_fleet_unsync(f);
    if (tt_hub_start(h, bl) < 0 || !tt_fleet_wait_synced(f, STEP_MS))
        tt_fail(r, "the hub did not come back");
    r->recover_ms = tt_ms(bench_now_ns() - killed);
}

static bool cast_half(struct tt_fleet *f, int32_t item, int from, int to)
{
    for (int i = from; i < to; i++) tt_cast(f, i, item, tt_choice_evaluation);
    return tt_fleet_wait_answers(f, STEP_MS);
}

static bool audit(struct bench_loop *bl, struct tt_hub *h, struct tt_fleet *f, struct tt_result *r)
{
    int32_t item = tt_pending_item(f, ITEM_EVALUATION);
    if (!item || !tt_chair(f, CMD_ITEM_OPEN, item) || !tt_chair(f, CMD_BALLOT_OPEN, item) ||
        !tt_wait_state_item(f, item, BALLOT_OPEN, STEP_MS) || !cast_half(f, item, 0, f->n / 2)) {
        tt_fail(r, "the first half of the evaluation did not go through");
        return false;
    }
    kill_and_restart(bl, h, f, r);
    if (!r->ok || !cast_half(f, item, f->n / 2, f->n) || !replicas_show_no_counts(f, item, r))
        return false;
    struct seen seen = {0};
    int boxes = read_blobs(h->db, "SELECT rid, nonce, box FROM secret_choice", &seen);
    int keys = read_blobs(h->db, "SELECT sealed FROM ballot_key", &seen);
    bool ok = boxes > 0 && keys == 1;
    if (!ok) tt_fail(r, "while open: %d encrypted choices and %d sealed keys stored", boxes, keys);
    ok = ok && tt_chair(f, CMD_BALLOT_CLOSE, item) &&
         tt_check_results(f, item, tt_choice_evaluation, r);
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", h->db);
    int left = ok ? found_in(h->db, &seen) + found_in(wal, &seen) : 0;
    int rows =
        read_blobs(h->db, "SELECT 1 FROM secret_choice UNION ALL SELECT 1 FROM ballot_key", NULL);
    int options = read_blobs(h->db,
                             "SELECT 1 FROM journal WHERE type = 'ballot_cast' AND "
                             "json_extract(body, '$.flag') AND body LIKE '%\"option\"%'",
                             NULL);
    if (ok && (left || rows || options))
        tt_fail(r,
                "after the close: %d stored blobs still in the files, %d rows, %d journal "
                "bodies with an option",
                left, rows, options);
    if (ok && tt_hub_log_count(h, "option") + tt_hub_log_count(h, "choice"))
        tt_fail(r, "the hub's log speaks of options");
    if (f->leaks) tt_fail(r, "%d secret options reached the consoles", f->leaks);
    tt_note(r, "%d encrypted choices, then none; no byte of them left in the database or WAL",
            boxes);
    free(seen.blobs);
    return ok && r->ok;
}

void tt_secrecy(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    bench_loop_open(&bl);
    struct tt_fleet *f = tt_room_open(&bl, &h, p->full ? 100 : 20, r);
    if (f && audit(&bl, &h, f, r)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
    } else if (r->ok) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    tt_room_close(&bl, &h, f);
}
