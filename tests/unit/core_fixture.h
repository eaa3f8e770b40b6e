/* A small meeting for core tests: a committee of n members, helpers to send commands as a
 * role and to apply the resulting events.  Header-only, included by test_core_*.c. */
#ifndef CMTE_TESTS_CORE_FIXTURE_H
#define CMTE_TESTS_CORE_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "core/codec.h"
#include "core/core.h"

#define T0 1795000000000LL /* a fixed hub time, ms */

struct fixture {
    struct core_state *s;
    int64_t now;
    struct event_batch last; /* events of the last successful command */
    struct core_error err;   /* error of the last refused command */
};

static inline struct actor as(enum role r, int32_t person)
{
    struct actor a = {r, person};
    return a;
}

/* Validate and, when accepted, apply; returns the error code (ERR_OK when applied). */
static inline enum core_err fx_send(struct fixture *f, struct actor a, const struct command *c)
{
    f->now += 1000;
    enum core_err rc = core_validate(f->s, &a, c, f->now, &f->last, &f->err);
    if (rc != ERR_OK) return rc;
    for (int i = 0; i < f->last.count; i++) {
        enum core_err ar = core_apply(f->s, &f->last.events[i]);
        if (ar != ERR_OK) {
            fprintf(stderr, "apply of %s failed: %s\n", event_name(f->last.events[i].type),
                    core_err_message(ar));
            return ar;
        }
    }
    return ERR_OK;
}

static inline struct command cmd(enum command_type t)
{
    struct command c;
    memset(&c, 0, sizeof c);
    c.type = t;
    return c;
}

static inline enum core_err fx_member_add(struct fixture *f, int32_t id, const char *name,
                                          enum person_kind kind)
{
    struct command c = cmd(CMD_MEMBER_ADD);
    c.p.id = id;
    c.p.kind = kind;
    snprintf(c.p.name, sizeof c.p.name, "%s", name);
    snprintf(c.p.title, sizeof c.p.title, "委员");
    snprintf(c.p.group, sizeof c.p.group, "第%d组", 1 + id % 3);
    c.p.number = id;
    return fx_send(f, as(ROLE_SECRETARY, 0), &c);
}

static inline enum core_err fx_sign_in(struct fixture *f, int32_t id)
{
    struct command c = cmd(CMD_SIGN_IN);
    c.p.person = id;
    return fx_send(f, as(ROLE_MEMBER, id), &c);
}

/* A fresh state with rules (NULL: the defaults) and members 1..members (委员01, ...); the
 * first refusal (ERR_TOO_MANY when there is no state), else ERR_OK. */
static inline enum core_err fx_members(struct fixture *f, const struct core_rules *rules,
                                       int members)
{
    memset(f, 0, sizeof *f);
    f->s = core_state_new(rules);
    f->now = T0;
    enum core_err rc = f->s ? ERR_OK : ERR_TOO_MANY;
    char name[32];
    for (int i = 1; rc == ERR_OK && i <= members; i++) {
        snprintf(name, sizeof name, "委员%02d", i);
        rc = fx_member_add(f, i, name, PERSON_MEMBER);
    }
    return rc;
}

/* Members 1..members, meeting 第12次会议 created (scheduled), nobody signed in. */
static inline void fx_init(struct fixture *f, int members)
{
    fx_members(f, NULL, members);
    struct command c = cmd(CMD_MEETING_CREATE);
    c.p.number = 12;
    snprintf(c.p.date, sizeof c.p.date, "2026-11-23");
    snprintf(c.p.title, sizeof c.p.title, "第十二次会议");
    fx_send(f, as(ROLE_SECRETARY, 0), &c);
}

/* Sign in members 1..n and open the meeting. */
static inline enum core_err fx_open(struct fixture *f, int n)
{
    for (int i = 1; i <= n; i++) fx_sign_in(f, i);
    struct command c = cmd(CMD_MEETING_OPEN);
    return fx_send(f, as(ROLE_CHAIR, 0), &c);
}

/* Add an item of a kind; returns its id (0 when refused). */
static inline int32_t fx_item(struct fixture *f, enum item_kind kind, const char *title,
                              bool secret)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = kind;
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    c.p.flag = secret;
    if (fx_send(f, as(ROLE_SECRETARY, 0), &c) != ERR_OK) return 0;
    return f->last.events[0].p.id;
}

static inline int32_t fx_subject(struct fixture *f, int32_t item, const char *name)
{
    struct command c = cmd(CMD_SUBJECT_ADD);
    c.p.item = item;
    snprintf(c.p.title, sizeof c.p.title, "%s", name);
    if (fx_send(f, as(ROLE_SECRETARY, 0), &c) != ERR_OK) return 0;
    return f->last.events[0].p.id;
}

static inline enum core_err fx_item_cmd(struct fixture *f, enum command_type t, int32_t item)
{
    struct command c = cmd(t);
    c.p.id = item;
    c.p.item = item;
    return fx_send(f, as(ROLE_CHAIR, 0), &c);
}

static inline enum core_err fx_cast(struct fixture *f, int32_t person, int32_t item,
                                    int32_t subject, int32_t option)
{
    struct command c = cmd(CMD_BALLOT_CAST);
    c.p.item = item;
    c.p.person = person;
    c.p.choice_count = 1;
    c.p.choices[0].subject = subject;
    c.p.choices[0].option = option;
    return fx_send(f, as(ROLE_MEMBER, person), &c);
}

/* A choice item (差额票决) of n candidates named 项目1..n, choose k; their ids in cand[]. */
static inline int32_t fx_choice(struct fixture *f, const char *title, int32_t k, bool secret, int n,
                                int32_t *cand)
{
    struct command c = cmd(CMD_ITEM_ADD);
    c.p.kind = ITEM_CHOICE;
    c.p.choose = k;
    c.p.flag = secret;
    snprintf(c.p.title, sizeof c.p.title, "%s", title);
    if (fx_send(f, as(ROLE_SECRETARY, 0), &c) != ERR_OK) return 0;
    int32_t item = f->last.events[0].p.id;
    char name[32];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "项目%d", i + 1);
        cand[i] = fx_subject(f, item, name);
    }
    return item;
}

/* Member person's choice ballot: the n candidates chosen (option 0 each). */
static inline struct command fx_choice_cast(int32_t person, int32_t item, const int32_t *chosen,
                                            int n)
{
    struct command c = cmd(CMD_BALLOT_CAST);
    c.p.item = item;
    c.p.person = person;
    c.p.choice_count = n;
    for (int i = 0; i < n; i++) c.p.choices[i] = (struct choice){chosen[i], 0};
    return c;
}

static inline enum core_err fx_choose(struct fixture *f, int32_t person, int32_t item,
                                      const int32_t *chosen, int n)
{
    struct command c = fx_choice_cast(person, item, chosen, n);
    return fx_send(f, as(ROLE_MEMBER, person), &c);
}

/* An exam_start as the hub sends it: the paper drawn (questions 101.. with the answers in key,
 * n of them) filled in. */
static inline struct command fx_exam_start(int32_t item, int32_t nominee, const uint8_t *key, int n)
{
    struct command c = cmd(CMD_EXAM_START);
    c.p.item = item;
    c.p.id = nominee;
    c.p.paper_count = n;
    for (int i = 0; i < n; i++) {
        c.p.paper[i] = 101 + i;
        c.p.paper_key[i] = key[i];
    }
    return c;
}

static inline struct command fx_exam_answer(int32_t item, int32_t nominee, int32_t position,
                                            int32_t answer)
{
    struct command c = cmd(CMD_EXAM_ANSWER);
    c.p.item = item;
    c.p.id = nominee;
    c.p.position = position;
    c.p.number = answer;
    return c;
}

static inline void fx_free(struct fixture *f)
{
    core_state_free(f->s);
    f->s = NULL;
}

#endif
