/* The path of a command through the hub (DESIGN.md §3): role and seat, PIN, core_validate,
 * the durable append in the thread pool with group commit, then one sealed broadcast per
 * commit and the answers.  Also the other database jobs (the registry, recovery after a failed
 * write), which run one at a time since a struct db is used by one thread at a time. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codec.h"
#include "net/hub_internal.h"

struct pin_check {
    struct pin_check *next;
    struct session *session;
    struct msg_command m;
    struct actor actor;
    char hash[DB_PIN_HASH_MAX];
    bool ok;
};

/* ---- sessions and their remembered answers ---- */

struct session *session_for(struct hub *h, const struct db_console *dc)
{
    for (int i = 0; i < h->nsessions; i++)
        if (h->sessions[i]->console.id == dc->id) return h->sessions[i];
    if (h->nsessions == h->cap_sessions) {
        int cap = h->cap_sessions ? 2 * h->cap_sessions : 16;
        struct session **p = realloc(h->sessions, (size_t)cap * sizeof *p);
        if (!p) return NULL;
        h->sessions = p;
        h->cap_sessions = cap;
    }
    struct session *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->console = *dc;
    h->sessions[h->nsessions++] = s;
    return s;
}

static struct answer_slot *slot_find(struct session *s, const char *cid)
{
    for (int i = 0; i < ANSWERS_KEPT; i++)
        if (s->answers[i].used && strcmp(s->answers[i].answer.cid, cid) == 0) return &s->answers[i];
    return NULL;
}

static struct answer_slot *slot_take(struct session *s, const char *cid)
{
    struct answer_slot *a = &s->answers[s->next_slot];
    s->next_slot = (s->next_slot + 1) % ANSWERS_KEPT;
    memset(a, 0, sizeof *a);
    a->used = true;
    snprintf(a->answer.cid, sizeof a->answer.cid, "%s", cid);
    return a;
}

void session_answer(struct hub *h, struct session *s, const struct msg_answer *a)
{
    struct answer_slot *slot = slot_find(s, a->cid);
    if (!slot) slot = slot_take(s, a->cid);
    slot->done = true;
    slot->answer = *a;
    if (s->conn) {
        struct msg m = {.type = MSG_ANSWER};
        m.u.answer = *a;
        conn_send_msg(s->conn, &m);
    } else if (s == h->local && h->local_ev.answer) {
        h->local_ev.answer(h->local_ctx, a);
    }
}

/* The answer to a console's command (none for the hub's own). */
static void answer(struct hub *h, struct session *s, const char *cid, const struct msg_answer *a)
{
    if (!s) return;
    struct msg_answer copy = *a;
    snprintf(copy.cid, sizeof copy.cid, "%s", cid);
    session_answer(h, s, &copy);
}

static void answer_error(struct hub *h, struct session *s, const char *cid, enum core_err code,
                         const char *detail)
{
    struct msg_answer a = {.ok = false, .code = code};
    snprintf(a.detail, sizeof a.detail, "%s", detail ? detail : "");
    answer(h, s, cid, &a);
}

/* ---- batches ---- */

static bool batch_reserve(struct batch *b, int events)
{
    if (b->nevents + events > b->cap_events) {
        int cap = b->cap_events ? 2 * b->cap_events : 64;
        while (cap < b->nevents + events) cap *= 2;
        struct event *e = realloc(b->events, (size_t)cap * sizeof *e);
        if (e) b->events = e;
        struct db_origin *o = realloc(b->origins, (size_t)cap * sizeof *o);
        if (o) b->origins = o;
        if (!e || !o) return false;
        b->cap_events = cap;
    }
    if (b->ncmds == b->cap_cmds) {
        int cap = b->cap_cmds ? 2 * b->cap_cmds : 32;
        struct staged *c = realloc(b->cmds, (size_t)cap * sizeof *c);
        if (!c) return false;
        b->cmds = c;
        b->cap_cmds = cap;
    }
    return true;
}

static void batch_clear(struct batch *b)
{
    b->nevents = b->ncmds = 0;
}

void commit_init(struct hub *h)
{
    memset(h->batches, 0, sizeof h->batches);
    h->filling = 0;
    h->job = JOB_NONE;
}

void commit_free(struct hub *h)
{
    for (int i = 0; i < 2; i++) {
        free(h->batches[i].events);
        free(h->batches[i].origins);
        free(h->batches[i].cmds);
    }
    wbuf_unref(h->snapshot_frame);
    h->snapshot_frame = NULL;
    while (h->pin_queue) {
        struct pin_check *p = h->pin_queue;
        h->pin_queue = p->next;
        sodium_memzero(p, sizeof *p);
        free(p);
    }
    free(h->pins);
}

bool commit_idle(const struct hub *h)
{
    return h->job == JOB_NONE && !h->pin_queue;
}

/* ---- staging: validate, apply ahead, queue for the next commit ---- */

void commit_stage(struct hub *h, struct session *s, const char *cid, const struct actor *a,
                  const struct command *c)
{
    if (h->reloading) return answer_error(h, s, cid, ERR_NOT_STORED, "the hub is recovering");
    struct event_batch out;
    struct core_error err;
    if (core_validate(h->state, a, c, hub_clock_ms(), &out, &err) != ERR_OK) {
        if (!s)
            hub_log(h, NULL, "the hub's own %s is refused: %s (%s)", command_name(c->type),
                    core_err_message(err.code), err.detail);
        return answer_error(h, s, cid, err.code, err.detail);
    }
    if (out.count == 0) /* valid, and nothing to record */
        return answer(h, s, cid, &(struct msg_answer){.ok = true});
    struct batch *b = &h->batches[h->filling];
    if (!batch_reserve(b, out.count))
        return answer_error(h, s, cid, ERR_NOT_STORED, "out of memory");
    struct staged *st = &b->cmds[b->ncmds++];
    *st = (struct staged){.session = s, .first = b->nevents, .count = out.count};
    snprintf(st->cid, sizeof st->cid, "%s", cid);
    for (int i = 0; i < out.count; i++) {
        if (core_apply(h->state, &out.events[i]) != ERR_OK)
            hub_log(h, NULL, "%s validated but does not apply", event_name(out.events[i].type));
        b->events[b->nevents] = out.events[i];
        struct db_origin *o = &b->origins[b->nevents++];
        o->console = s ? s->console.id : 0;
        snprintf(o->cid, sizeof o->cid, "%s", s && s->console.id ? cid : ""); /* enrolled only */
    }
    commit_kick(h);
}

static bool seat_actor(const struct hub *h, const struct session *s, struct actor *a)
{
    const struct db_console *dc = &s->console;
    *a = (struct actor){.role = dc->role};
    if (dc->role == ROLE_EXAMINEE) a->person = dc->nominee;
    if (dc->role != ROLE_MEMBER) return true;
    const struct person *p = core_person_at_seat(h->state, dc->seat);
    if (!p) return false;
    a->role = p->kind == PERSON_MEMBER ? ROLE_MEMBER : ROLE_ATTENDEE;
    a->person = p->id;
    return true;
}

static void pin_next(struct hub *h);

static void pin_work(uv_work_t *w)
{
    struct hub *h = w->data;
    struct pin_check *p = h->pin_queue;
    p->ok = pin_hash_verify(p->hash, p->m.pin);
}

static void pin_done(uv_work_t *w, int status)
{
    struct hub *h = w->data;
    struct pin_check *p = h->pin_queue;
    h->pin_queue = p->next;
    struct session *s = p->session;
    if (status == 0 && p->ok) {
        s->pin_failures = 0;
        commit_stage(h, s, p->m.cid, &p->actor, &p->m.command);
    } else {
        if (++s->pin_failures >= PIN_TRIES) {
            s->pin_locked_until = uv_now(h->loop) + PIN_LOCK_MS;
            s->pin_failures = 0;
        }
        hub_log(h, s->conn, "wrong PIN for person %d", (int)p->actor.person);
        answer_error(h, s, p->m.cid, ERR_PIN_WRONG, NULL);
    }
    sodium_memzero(p, sizeof *p);
    free(p);
    pin_next(h);
    hub_maybe_stopped(h);
}

static void pin_next(struct hub *h)
{
    if (!h->pin_queue) return;
    h->pin_work.data = h;
    if (uv_queue_work(h->loop, &h->pin_work, pin_work, pin_done) < 0) pin_done(&h->pin_work, -1);
}

static const char *pin_hash_of(const struct hub *h, int32_t person)
{
    for (int i = 0; i < h->npins; i++)
        if (h->pins[i].person == person) return h->pins[i].hash;
    return NULL;
}

/* A member signing in at a seat that has a PIN: check it off the loop, then go on. */
static void sign_in_with_pin(struct hub *h, struct session *s, const struct msg_command *m,
                             const struct actor *a)
{
    uint64_t now = uv_now(h->loop);
    if (now < s->pin_locked_until) {
        char why[64];
        snprintf(why, sizeof why, "%d wrong PINs: wait %llu s", PIN_TRIES,
                 (unsigned long long)((s->pin_locked_until - now) / 1000 + 1));
        return answer_error(h, s, m->cid, ERR_TOO_MANY, why);
    }
    if (!m->pin[0]) return answer_error(h, s, m->cid, ERR_PIN_NEEDED, NULL);
    const char *hash = pin_hash_of(h, a->person);
    struct pin_check *p = calloc(1, sizeof *p);
    if (!p) return answer_error(h, s, m->cid, ERR_NOT_STORED, "out of memory");
    p->session = s;
    p->m = *m;
    p->actor = *a;
    snprintf(p->hash, sizeof p->hash, "%s", hash ? hash : "");
    struct pin_check **tail = &h->pin_queue;
    while (*tail) tail = &(*tail)->next;
    *tail = p;
    if (h->pin_queue == p) pin_next(h);
}

/* Past the connection's rate: refused, and not remembered, so that the same command sent again
 * later is taken. */
static void too_fast(struct hub *h, struct session *s, const char *cid)
{
    struct msg m = {.type = MSG_ANSWER};
    m.u.answer.code = ERR_TOO_MANY;
    snprintf(m.u.answer.cid, sizeof m.u.answer.cid, "%s", cid);
    snprintf(m.u.answer.detail, sizeof m.u.answer.detail,
             "more than %d commands a second: slow down", (int)h->o.command_rate);
    conn_send_msg(s->conn, &m);
}

void commit_command(struct hub *h, struct session *s, const struct msg_command *m)
{
    struct answer_slot *seen = slot_find(s, m->cid);
    if (seen) { /* resent after a reconnect: the first answer, nothing done again */
        if (seen->done) session_answer(h, s, &seen->answer);
        return;
    }
    if (s->conn && !conn_allow_command(s->conn)) return too_fast(h, s, m->cid);
    slot_take(s, m->cid);
    struct actor a;
    if (!seat_actor(h, s, &a)) {
        char why[64];
        snprintf(why, sizeof why, "nobody has seat %d", (int)s->console.seat);
        return answer_error(h, s, m->cid, ERR_UNKNOWN_PERSON, why);
    }
    const struct person *p = a.person ? core_person(h->state, a.person) : NULL;
    if (m->command.type == CMD_SIGN_IN && p && p->has_pin && m->command.p.person == a.person) {
        struct event_batch out; /* the core's answer first: "already signed in" needs no PIN */
        struct core_error err;
        if (core_validate(h->state, &a, &m->command, hub_clock_ms(), &out, &err) != ERR_OK)
            return answer_error(h, s, m->cid, err.code, err.detail);
        return sign_in_with_pin(h, s, m, &a);
    }
    if (m->command.type == CMD_EXAM_START) {
        struct command *c = malloc(sizeof *c); /* with its paper drawn */
        if (!c) return answer_error(h, s, m->cid, ERR_NOT_STORED, "out of memory");
        *c = m->command;
        exam_draw(h, c);
        commit_stage(h, s, m->cid, &a, c);
        return free(c);
    }
    commit_stage(h, s, m->cid, &a, &m->command);
}

void commit_link_changed(struct hub *h, struct session *s, bool connected)
{
    struct actor seat;
    if (s->console.role != ROLE_MEMBER || !seat_actor(h, s, &seat)) return;
    const struct person *p = core_person(h->state, seat.person);
    if (!p || p->connected == connected) return;
    struct command c = {.type = CMD_LINK_SET};
    c.p.person = seat.person;
    c.p.flag = connected;
    struct actor hub = {.role = ROLE_HUB};
    commit_stage(h, NULL, "", &hub, &c);
}

/* A timeout after the hub started: the seats the journal last saw connected and whose console
 * has not come back are recorded as gone. */
void commit_links_settled(struct hub *h)
{
    struct actor hub = {.role = ROLE_HUB}, seat;
    bool *back = calloc((size_t)h->state->person_count + 1, sizeof *back);
    if (!back) return; /* tried again at the next tick */
    h->links_unsettled = false;
    for (int i = 0; i < h->nsessions; i++) {
        const struct session *s = h->sessions[i];
        if (s->conn && s->console.role == ROLE_MEMBER && seat_actor(h, s, &seat))
            back[core_person_index(h->state, seat.person)] = true;
    }
    for (int i = 0; i < h->state->person_count; i++) {
        if (!h->state->people[i].connected || back[i]) continue;
        struct command c = {.type = CMD_LINK_SET};
        c.p.person = h->state->people[i].id;
        commit_stage(h, NULL, "", &hub, &c);
    }
    free(back);
}

void commit_rules(struct hub *h, const struct core_rules *rules)
{
    enum meeting_state m = h->state->meeting.state;
    if (!rules || m == MEETING_OPEN || m == MEETING_SUSPENDED) return;
    if (rules_equal(&h->state->rules, rules)) return;
    struct command c = {.type = CMD_RULES_SET};
    c.p.rules = *rules;
    struct actor hub = {.role = ROLE_HUB};
    commit_stage(h, NULL, "", &hub, &c);
}

/* ---- after a commit: the public state, one broadcast, the answers ---- */

static void broadcast(struct hub *h, const struct batch *b)
{
    char *text = msg_encode_events(b->events, b->nevents, h->chain);
    uint8_t digest[BCAST_DIGEST];
    struct wbuf *w = text ? broadcast_frame(h, (uint64_t)b->events[0].seq, text, digest) : NULL;
    if (!w) {
        hub_log(h, NULL, "cannot seal a broadcast: every console resyncs");
        for (struct conn *c = h->conns; c; c = c->next) conn_drop(c, "broadcast failed");
    } else {
        for (struct conn *c = h->conns, *next; c; c = next) {
            next = c->next;
            if (c->phase == PHASE_READY && !c->wire.closing) conn_queue_broadcast(c, w, digest);
        }
    }
    wbuf_unref(w);
    free(text);
}

/* The committed events' public forms onto the public state; the console in the hub's own
 * process sees them too. */
static void publish(struct hub *h, const struct batch *b)
{
    struct event *pub = h->local ? malloc((size_t)b->nevents * sizeof *pub) : NULL;
    for (int i = 0; i < b->nevents; i++) {
        struct event e = b->events[i];
        event_publicize(&e);
        if (core_apply(h->public, &e) != ERR_OK)
            hub_log(h, NULL, "seq %lld does not apply to the public state", (long long)e.seq);
        if (pub) pub[i] = e;
    }
    if (pub && h->local_ev.applied)
        h->local_ev.applied(h->local_ctx, h->public, pub, b->nevents);
    else if (h->local && h->local_ev.synced) /* no memory for the events: the state alone */
        h->local_ev.synced(h->local_ctx, h->public, h->seq);
    free(pub);
}

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void committed(struct hub *h, struct batch *b)
{
    if (b->nevents == 0) return;
    db_head(h->db, &h->seq, h->chain); /* no job runs now: the head is the batch's last row */
    publish(h, b);
    int64_t queued_ns = h->o.trace ? monotonic_ns() : 0;
    broadcast(h, b);
    exam_papers_drawn(h, b->events, b->nevents);
    for (int i = 0; i < b->ncmds; i++) {
        const struct staged *st = &b->cmds[i];
        struct msg_answer a = {.ok = true};
        a.first = b->events[st->first].seq;
        a.last = b->events[st->first + st->count - 1].seq;
        answer(h, st->session, st->cid, &a);
    }
    if (h->o.trace) { /* written after the queueing, which it must not delay */
        fprintf(h->o.trace, "%lld %lld %d %lld\n", (long long)b->events[0].seq, (long long)h->seq,
                b->nevents, (long long)queued_ns);
        fflush(h->o.trace);
    }
}

/* Nothing of either batch is stored: say so, and rebuild the state from the database. */
static void not_stored(struct hub *h, struct batch *b)
{
    hub_log(h, NULL, "cannot store %d events: %s", b->nevents, h->job_err.message);
    struct batch *both[2] = {b, &h->batches[h->filling]};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < both[k]->ncmds; i++) {
            const struct staged *st = &both[k]->cmds[i];
            answer_error(h, st->session, st->cid, ERR_NOT_STORED, "the database refused the write");
        }
        batch_clear(both[k]);
    }
    h->reloading = true;
}

/* ---- the database jobs, one at a time ---- */

static void job_work(uv_work_t *w)
{
    struct hub *h = w->data;
    struct batch *b = &h->batches[!h->filling];
    switch (h->job) {
    case JOB_APPEND:
        h->job_ok = db_append_from(h->db, b->events, b->origins, b->nevents, &h->job_err) == DB_OK;
        break;
    case JOB_REFRESH: /* another program changed the database: the consoles, the bank */
        h->registry_changed = db_changed_elsewhere(h->db);
        h->job_ok = !h->registry_changed ||
                    db_console_list(h->db, &h->refreshed, &h->nrefreshed, &h->job_err) == DB_OK;
        if (h->job_ok && h->registry_changed &&
            db_exam_bank_load(h->db, &h->refreshed_bank, &h->job_err) != DB_OK) {
            free(h->refreshed);
            h->refreshed = NULL;
            h->job_ok = false;
        }
        break;
    case JOB_RELOAD:
        h->job_ok = db_load(h->db, h->o.load_flags, &h->reloaded, NULL, &h->job_err) == DB_OK;
        break;
    case JOB_NONE:
        break;
    }
}

static void registry_refreshed(struct hub *h)
{
    if (h->job_ok && h->registry_changed) {
        free(h->registry);
        h->registry = h->refreshed;
        h->nregistry = h->nrefreshed;
        h->refreshed = NULL;
        exam_bank_free(&h->bank); /* a bank imported beside the running hub */
        h->bank = h->refreshed_bank;
        memset(&h->refreshed_bank, 0, sizeof h->refreshed_bank);
        bool revoked = false;
        for (struct conn *c = h->conns; c; c = c->next) {
            const struct db_console *dc = hub_registry_find(h, c->console_pk);
            if (c->session && (!dc || dc->revoked_at)) { /* resumed or waiting to */
                conn_bye(c, "this console was revoked");
                revoked = true;
            }
        }
        if (revoked) { /* a revoked console must not read what follows */
            bcast_key_new(&h->bkey, h->bkey.id + 1);
            for (struct conn *c = h->conns; c; c = c->next) conn_send_key(c);
        }
    }
    for (struct conn *c = h->conns, *next; c; c = next) {
        next = c->next;
        if (c->phase == PHASE_LOOKUP && !c->wire.closing) conn_lookup_done(c);
    }
}

static void reloaded(struct hub *h)
{
    if (!h->job_ok) {
        hub_log(h, NULL, "cannot reload the meeting yet: %s", h->job_err.message);
        h->reload_after = uv_now(h->loop) + 1000;
        return;
    }
    char err[128];
    struct core_state *s = h->reloaded;
    h->reloaded = NULL;
    if (hub_set_state(h, s, err, sizeof err) < 0) {
        core_state_free(s);
        hub_log(h, NULL, "cannot reload the meeting yet: %s", err);
        h->reload_after = uv_now(h->loop) + 1000;
        return;
    }
    h->reloading = false;
    hub_log(h, NULL, "the database accepts writes again: resumed at seq %lld", (long long)h->seq);
}

static void job_done(uv_work_t *w, int status)
{
    struct hub *h = w->data;
    if (status < 0) h->job_ok = false;
    enum job_kind kind = h->job;
    h->job = JOB_NONE;
    struct batch *b = &h->batches[!h->filling];
    if (kind == JOB_APPEND) {
        if (h->job_ok)
            committed(h, b);
        else
            not_stored(h, b);
        batch_clear(b);
    } else if (kind == JOB_REFRESH) {
        registry_refreshed(h);
    } else if (kind == JOB_RELOAD) {
        reloaded(h);
    }
    commit_kick(h);
    hub_maybe_stopped(h);
}

static enum job_kind next_job(struct hub *h)
{
    if (h->reloading) return uv_now(h->loop) >= h->reload_after ? JOB_RELOAD : JOB_NONE;
    if (h->batches[h->filling].nevents > 0) return JOB_APPEND;
    if (h->refresh_wanted && !h->stopping) return JOB_REFRESH;
    return JOB_NONE;
}

void commit_kick(struct hub *h)
{
    if (h->job != JOB_NONE) return;
    enum job_kind kind = next_job(h);
    if (kind == JOB_NONE) return;
    if (kind == JOB_APPEND) h->filling = !h->filling; /* the next commands fill the other one */
    if (kind == JOB_REFRESH) h->refresh_wanted = false;
    h->job = kind;
    h->work.data = h;
    if (uv_queue_work(h->loop, &h->work, job_work, job_done) < 0) job_done(&h->work, -1);
}

/* ---- what a (re)started hub reloads ---- */

static void origin_loaded(void *ctx, int64_t console, const char *cid, int64_t first, int64_t last)
{
    struct hub *h = ctx;
    for (int i = 0; i < h->nregistry; i++) {
        if (h->registry[i].id != console) continue;
        struct session *s = session_for(h, &h->registry[i]);
        if (!s) return;
        struct answer_slot *slot = slot_take(s, cid);
        slot->done = true;
        slot->answer.ok = true;
        slot->answer.first = first;
        slot->answer.last = last;
        return;
    }
}

int commit_load_origins(struct hub *h, struct db_error *err)
{
    return db_recent_origins(h->db, ORIGIN_ROWS, origin_loaded, h, err) == DB_OK ? 0 : -1;
}

int commit_load_pins(struct hub *h, struct db_error *err)
{
    for (int i = 0; i < h->state->person_count; i++) {
        const struct person *p = &h->state->people[i];
        if (!p->has_pin) continue;
        struct pin_hash *n = realloc(h->pins, (size_t)(h->npins + 1) * sizeof *n);
        if (!n) return -1;
        h->pins = n;
        bool has = false;
        n[h->npins].person = p->id;
        if (db_pin_hash(h->db, p->id, n[h->npins].hash, &has, err) != DB_OK) return -1;
        if (has) h->npins++;
    }
    return 0;
}
