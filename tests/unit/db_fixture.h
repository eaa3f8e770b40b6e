/* A hub for db tests: the core state, a database in a fresh temporary folder, and commands
 * that are validated, journaled (db_append) and applied, one by one or in batches as a hub
 * doing group commit would.  Header-only, included by test_db_*.c.  Nothing here asserts:
 * helpers return codes, so a forked child can use them too. */
#ifndef CMTE_TESTS_DB_FIXTURE_H
#define CMTE_TESTS_DB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/codec.h"
#include "core/core.h"
#include "db/db.h"
#include "tmpdir.h"

#define DBT_T0 1795000000000LL /* a fixed hub time, ms */

enum { DBT_BATCH_MAX = 4096 };

struct hub {
    struct core_state *s;
    struct db *db;
    struct db_hub_key key;
    int64_t now;
    char dir[64];
    char path[128];
    bool batching;     /* commands applied at once, journaled at hub_flush */
    int pending;       /* events waiting for hub_flush */
    struct event *buf; /* DBT_BATCH_MAX events */
    struct event_batch last;
    struct core_error err; /* the last refused command */
    struct db_error dberr; /* the last db failure */
};

static inline void dbt_keypair(struct db_hub_key *k)
{
    if (sodium_init() < 0) abort();
    crypto_box_keypair(k->public_key, k->secret_key);
}

/* A hub on a new database in a new folder (or on path when given).  Returns 0 or -1. */
static inline int hub_init(struct hub *h)
{
    memset(h, 0, sizeof *h);
    h->buf = calloc(DBT_BATCH_MAX, sizeof *h->buf);
    h->s = core_state_new(NULL);
    h->now = DBT_T0;
    dbt_keypair(&h->key);
    if (!h->buf || !h->s || dbt_mkdir(h->dir, sizeof h->dir) != 0) return -1;
    snprintf(h->path, sizeof h->path, "%s/cmte.db", h->dir);
    return db_open(h->path, &h->key, &h->db, &h->dberr) == DB_OK ? 0 : -1;
}

/* Journal the events waiting in batch mode. */
static inline int hub_flush(struct hub *h)
{
    if (!h->pending) return 0;
    int n = h->pending;
    h->pending = 0;
    return db_append(h->db, h->buf, n, &h->dberr) == DB_OK ? 0 : -1;
}

static inline void hub_batch(struct hub *h, bool on)
{
    h->batching = on;
}

/* Close the db and reopen it, rebuilding the state from it (db_load).  Returns 0 or -1. */
static inline int hub_reopen(struct hub *h, struct db_load_info *info)
{
    db_close(h->db);
    h->db = NULL;
    core_state_free(h->s);
    h->s = NULL;
    if (db_open(h->path, &h->key, &h->db, &h->dberr) != DB_OK) return -1;
    return db_load(h->db, 0, &h->s, info, &h->dberr) == DB_OK ? 0 : -1;
}

static inline void hub_free(struct hub *h)
{
    db_close(h->db);
    core_state_free(h->s);
    free(h->buf);
    if (h->dir[0]) dbt_rmdir(h->dir);
    memset(h, 0, sizeof *h);
}

/* Validate as actor (role, person); journal and apply.  Returns ERR_OK, the core's error,
 * or -1 when the database failed (h->dberr). */
static inline int hub_send(struct hub *h, enum role role, int32_t person, const struct command *c)
{
    struct actor a = {role, person};
    h->now += 1000;
    enum core_err rc = core_validate(h->s, &a, c, h->now, &h->last, &h->err);
    if (rc != ERR_OK) return rc;
    if (h->batching) {
        if (h->pending + h->last.count > DBT_BATCH_MAX && hub_flush(h) != 0) return -1;
        memcpy(&h->buf[h->pending], h->last.events, sizeof h->last.events[0] * h->last.count);
        h->pending += h->last.count;
    } else if (db_append(h->db, h->last.events, h->last.count, &h->dberr) != DB_OK) {
        return -1;
    }
    for (int i = 0; i < h->last.count; i++) {
        enum core_err ar = core_apply(h->s, &h->last.events[i]);
        if (ar != ERR_OK) return ar;
    }
    return ERR_OK;
}

static inline struct command dbt_cmd(enum command_type t)
{
    struct command c;
    memset(&c, 0, sizeof c);
    c.type = t;
    return c;
}

static inline int hub_member_add(struct hub *h, int32_t id)
{
    struct command c = dbt_cmd(CMD_MEMBER_ADD);
    c.p.id = id;
    c.p.kind = PERSON_MEMBER;
    snprintf(c.p.name, sizeof c.p.name, "委员%02d", (int)id);
    snprintf(c.p.title, sizeof c.p.title, "委员");
    snprintf(c.p.group, sizeof c.p.group, "第%d组", 1 + (int)id % 3);
    c.p.number = id;
    return hub_send(h, ROLE_SECRETARY, 0, &c);
}

static inline int hub_sign_in(struct hub *h, int32_t id)
{
    struct command c = dbt_cmd(CMD_SIGN_IN);
    c.p.person = id;
    return hub_send(h, ROLE_MEMBER, id, &c);
}

/* Members 1..members (one batch), and 第12次会议 created. */
static inline int hub_roster(struct hub *h, int members)
{
    bool was = h->batching;
    h->batching = true;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= members; i++) rc = hub_member_add(h, i);
    struct command c = dbt_cmd(CMD_MEETING_CREATE);
    c.p.number = 12;
    snprintf(c.p.date, sizeof c.p.date, "2026-11-23");
    snprintf(c.p.title, sizeof c.p.title, "第十二次会议");
    if (rc == 0) rc = hub_send(h, ROLE_SECRETARY, 0, &c);
    h->batching = was;
    return rc == 0 ? hub_flush(h) : rc;
}

/* Sign in members 1..n (one batch) and open the meeting. */
static inline int hub_open_meeting(struct hub *h, int n)
{
    bool was = h->batching;
    h->batching = true;
    int rc = 0;
    for (int i = 1; rc == 0 && i <= n; i++) rc = hub_sign_in(h, i);
    h->batching = was;
    if (rc == 0) rc = hub_flush(h);
    struct command c = dbt_cmd(CMD_MEETING_OPEN);
    return rc == 0 ? hub_send(h, ROLE_CHAIR, 0, &c) : rc;
}

/* Add an item; *id gets its id. */
static inline int hub_item(struct hub *h, enum item_kind kind, const char *title, bool secret,
                           int32_t *id)
{
    struct command c = dbt_cmd(CMD_ITEM_ADD);
    c.p.kind = kind;
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    c.p.flag = secret;
    *id = 0;
    int rc = hub_send(h, ROLE_SECRETARY, 0, &c);
    if (rc == 0) *id = h->last.events[0].p.id;
    return rc;
}

static inline int hub_subject(struct hub *h, int32_t item, const char *name, int32_t *id)
{
    struct command c = dbt_cmd(CMD_SUBJECT_ADD);
    c.p.item = item;
    snprintf(c.p.title, sizeof c.p.title, "%s", name);
    *id = 0;
    int rc = hub_send(h, ROLE_SECRETARY, 0, &c);
    if (rc == 0) *id = h->last.events[0].p.id;
    return rc;
}

/* A chair's command on an item (item_open, ballot_open, floor_grant of the next, ...). */
static inline int hub_chair(struct hub *h, enum command_type t, int32_t item)
{
    struct command c = dbt_cmd(t);
    if (t == CMD_ITEM_OPEN || t == CMD_ITEM_CLOSE || t == CMD_ITEM_DEFER) c.p.id = item;
    c.p.item = item;
    return hub_send(h, ROLE_CHAIR, 0, &c);
}

/* Member `person` casts on n subjects of item. */
static inline int hub_cast(struct hub *h, int32_t person, int32_t item, int n,
                           const int32_t *subjects, const int32_t *options)
{
    struct command c = dbt_cmd(CMD_BALLOT_CAST);
    c.p.item = item;
    c.p.person = person;
    c.p.choice_count = n;
    for (int i = 0; i < n; i++) {
        c.p.choices[i].subject = subjects[i];
        c.p.choices[i].option = options[i];
    }
    return hub_send(h, ROLE_MEMBER, person, &c);
}

/* A deliberation item with three speeches: requests from seats, the floor granted, ended. */
static inline int hub_deliberation(struct hub *h, int32_t *id)
{
    int rc = hub_item(h, ITEM_DELIBERATION, "审议《关于2025年度环境状况的报告》", false, id);
    if (rc == 0) rc = hub_chair(h, CMD_ITEM_OPEN, *id);
    for (int32_t m = 3; rc == 0 && m <= 9; m += 3) {
        struct command c = dbt_cmd(CMD_FLOOR_REQUEST);
        c.p.item = *id;
        c.p.person = m;
        rc = hub_send(h, ROLE_MEMBER, m, &c);
    }
    for (int i = 0; rc == 0 && i < 3; i++) {
        rc = hub_chair(h, CMD_FLOOR_GRANT, *id);
        if (rc == 0) {
            struct command c = dbt_cmd(CMD_SPEECH_END);
            c.p.item = *id;
            rc = hub_send(h, ROLE_CHAIR, 0, &c);
        }
    }
    struct command note = dbt_cmd(CMD_NOTE_SET);
    note.p.item = *id;
    snprintf(note.p.text, sizeof note.p.text, "三位委员发言，建议加强监督。");
    if (rc == 0) rc = hub_send(h, ROLE_SECRETARY, 0, &note);
    return rc == 0 ? hub_chair(h, CMD_ITEM_CLOSE, *id) : rc;
}

/* A special inquiry: two respondents, two questions, one with a follow-up. */
static inline int hub_inquiry(struct hub *h, int32_t *id)
{
    int rc = hub_item(h, ITEM_INQUIRY, "专题询问：大气污染防治", false, id);
    int32_t resp[2] = {0, 0};
    for (int i = 0; rc == 0 && i < 2; i++) {
        struct command c = dbt_cmd(CMD_RESPONDENT_ADD);
        c.p.item = *id;
        snprintf(c.p.name, sizeof c.p.name, i ? "李四" : "张三");
        snprintf(c.p.title, sizeof c.p.title, "局长");
        snprintf(c.p.detail, sizeof c.p.detail, i ? "市生态环境局" : "市发展改革委");
        rc = hub_send(h, ROLE_SECRETARY, 0, &c);
        if (rc == 0) resp[i] = h->last.events[0].p.id;
    }
    if (rc == 0) rc = hub_chair(h, CMD_ITEM_OPEN, *id);
    for (int i = 0; rc == 0 && i < 2; i++) {
        struct command c = dbt_cmd(CMD_QUESTION_REGISTER);
        c.p.item = *id;
        c.p.person = 10 + i;
        c.p.respondent = resp[i];
        snprintf(c.p.text, sizeof c.p.text, "请问第%d个问题如何解决？", i + 1);
        rc = hub_send(h, ROLE_MEMBER, 10 + i, &c);
    }
    static const enum command_type steps[] = {
        CMD_QUESTION_CALL, CMD_ANSWER_START,  CMD_FOLLOWUP_START, CMD_FOLLOWUP_ANSWER_START,
        CMD_QUESTION_END,  CMD_QUESTION_CALL, CMD_ANSWER_START,   CMD_QUESTION_END,
    };
    for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof steps[0]; i++)
        rc = hub_chair(h, steps[i], *id);
    return rc == 0 ? hub_chair(h, CMD_ITEM_CLOSE, *id) : rc;
}

/* A ballot item (evaluation or vote) with subjects, opened. */
static inline int hub_ballot_open(struct hub *h, enum item_kind kind, bool secret, int nsubjects,
                                  int32_t *item, int32_t *subjects)
{
    memset(subjects, 0, sizeof *subjects * (size_t)(nsubjects > 0 ? nsubjects : 1));
    int rc = hub_item(h, kind, kind == ITEM_VOTE ? "表决：决定草案" : "满意度测评", secret, item);
    if (kind == ITEM_VOTE) {
        subjects[0] = *item + 1; /* a vote's one subject, the motion, comes with it */
        nsubjects = 1;
    }
    for (int k = 0; rc == 0 && kind != ITEM_VOTE && k < nsubjects; k++) {
        char name[64];
        snprintf(name, sizeof name, "第%d个部门的工作报告", k + 1);
        rc = hub_subject(h, *item, name, &subjects[k]);
    }
    if (rc == 0) rc = hub_chair(h, CMD_ITEM_OPEN, *item);
    return rc == 0 ? hub_chair(h, CMD_BALLOT_OPEN, *item) : rc;
}

/* The hub's private counts of every subject of item's ballot, for comparing. */
static inline void hub_counts(const struct core_state *s, int32_t item,
                              int32_t counts[SUBJECTS_MAX][OPTIONS_MAX])
{
    memset(counts, 0, sizeof(int32_t) * SUBJECTS_MAX * OPTIONS_MAX);
    const struct item *it = core_item(s, item);
    for (int k = 0; it && k < it->ballot.subject_count; k++)
        memcpy(counts[k], it->ballot.subjects[k].counts, sizeof counts[k]);
}

/* Every ballot's counts, hub-private ones included, equal in a and b. */
static inline bool dbt_same_counts(const struct core_state *a, const struct core_state *b)
{
    if (a->item_count != b->item_count) return false;
    for (int i = 0; i < a->item_count; i++) {
        const struct ballot *x = &a->items[i].ballot, *y = &b->items[i].ballot;
        if (x->subject_count != y->subject_count || x->state != y->state) return false;
        for (int k = 0; k < x->subject_count; k++)
            if (memcmp(x->subjects[k].counts, y->subjects[k].counts, sizeof x->subjects[k].counts))
                return false;
    }
    return true;
}

/* The public snapshots of a and b are the same text. */
static inline bool dbt_same_snapshot(const struct core_state *a, const struct core_state *b)
{
    char *x = snapshot_encode(a), *y = snapshot_encode(b);
    bool same = x && y && strcmp(x, y) == 0;
    if (!same) fprintf(stderr, "snapshots differ:\n%s\n%s\n", x ? x : "", y ? y : "");
    free(x);
    free(y);
    return same;
}

/* A whole file into memory (NULL when absent); *len its size. */
static inline unsigned char *dbt_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        fclose(f);
        return NULL;
    }
    unsigned char *buf = malloc((size_t)st.st_size + 1);
    if (buf) *len = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    return buf;
}

/* Does needle (n bytes) occur in hay (len bytes)? */
static inline bool dbt_contains(const unsigned char *hay, size_t len, const void *needle, size_t n)
{
    const unsigned char *x = needle;
    if (!hay || !n || len < n) return false;
    for (size_t i = 0; i + n <= len; i++)
        if (hay[i] == x[0] && memcmp(hay + i, x, n) == 0) return true;
    return false;
}

/* The first number the query gives on a read-only connection of its own (-1 when it fails). */
static inline int64_t dbt_rows(const char *path, const char *sql)
{
    sqlite3 *x;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(x, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(x);
    return n;
}

#endif
