/* What the core's command tests check on every send, shared by test_core_commands.c and
 * test_core_flow.c: an accepted command yields events stamped with the hub's time and the
 * actor; a refused one yields the wanted error, no event, and leaves the state (and the hub's
 * private tallies) as it was.  Header-only, after core_fixture.h. */
#ifndef CMTE_TESTS_CORE_CHECKS_H
#define CMTE_TESTS_CORE_CHECKS_H

#include <stdlib.h>
#include <string.h>

#include "tests/unit/core_fixture.h"

#define STR2(x)    #x
#define STR(x)     STR2(x)
#define HERE       __FILE__ ":" STR(__LINE__)
#define TEST(name) static void name(void **state __attribute__((unused)))

#define HUB   as(ROLE_HUB, 0)
#define CHAIR as(ROLE_CHAIR, 0)
#define SEC   as(ROLE_SECRETARY, 0)

static inline struct actor seat(int32_t person)
{
    return as(ROLE_MEMBER, person);
}

static inline const char *cname(enum command_type t)
{
    return command_name(t) ? command_name(t) : "?";
}

/* The public snapshot plus what only the hub holds: the running tallies of secret ballots. */
static inline char *state_text(const struct core_state *s)
{
    char *snap = snapshot_encode(s);
    assert_non_null(snap);
    size_t len = strlen(snap);
    size_t cap = len + 1 + (size_t)s->item_count * SUBJECTS_MAX * OPTIONS_MAX * 12;
    char *t = realloc(snap, cap);
    assert_non_null(t);
    for (int i = 0; i < s->item_count; i++) {
        const struct ballot *b = &s->items[i].ballot;
        for (int k = 0; k < b->subject_count; k++)
            for (int o = 0; o < OPTIONS_MAX; o++)
                len += (size_t)snprintf(t + len, cap - len, " %d", (int)b->subjects[k].counts[o]);
    }
    return t;
}

/* Send c as a; it must be accepted, and every event stamped with the hub's time and a. */
static inline const struct event_batch *check_accept(struct fixture *f, struct actor a,
                                                     struct command c, const char *where)
{
    enum core_err rc = fx_send(f, a, &c);
    if (rc != ERR_OK)
        fail_msg("%s: %s by %s refused: %s (%s)", where, cname(c.type), role_name(a.role),
                 core_err_message(rc), f->err.detail);
    if (f->last.count <= 0) fail_msg("%s: %s yielded no event", where, cname(c.type));
    for (int i = 0; i < f->last.count; i++) {
        const struct event *e = &f->last.events[i];
        if (e->time != f->now || e->actor.role != a.role || e->actor.person != a.person ||
            e->seq != 0)
            fail_msg("%s: %s not stamped with the hub's time and the actor", where,
                     event_name(e->type));
    }
    return &f->last;
}

/* Send c as a; it must be refused with `want`, yield nothing and change nothing. */
static inline void check_refuse(const struct fixture *f, struct actor a, struct command c,
                                enum core_err want, const char *where)
{
    char *before = state_text(f->s);
    struct event_batch out;
    struct core_error err;
    out.count = -1;
    enum core_err rc = core_validate(f->s, &a, &c, f->now + 1000, &out, &err);
    char *after = state_text(f->s);
    if (rc != want)
        fail_msg("%s: %s by %s: got '%s' (%s), want '%s'", where, cname(c.type),
                 role_name(a.role) ? role_name(a.role) : "?", core_err_message(rc), err.detail,
                 core_err_message(want));
    if (err.code != want || out.count != 0)
        fail_msg("%s: %s: error code %d, %d events", where, cname(c.type), (int)err.code,
                 out.count);
    if (strcmp(before, after) != 0)
        fail_msg("%s: refused %s changed the state", where, cname(c.type));
    free(before);
    free(after);
}

static inline struct command c_id(enum command_type t, int32_t id)
{
    struct command c = cmd(t);
    c.p.id = id;
    return c;
}

static inline struct command c_item(enum command_type t, int32_t item)
{
    struct command c = cmd(t);
    c.p.item = item;
    return c;
}

static inline struct command c_cast(int32_t item, int32_t person, int32_t subject, int32_t option)
{
    struct command c = c_item(CMD_BALLOT_CAST, item);
    c.p.person = person;
    c.p.choice_count = 1;
    c.p.choices[0] = (struct choice){subject, option};
    return c;
}

#endif
