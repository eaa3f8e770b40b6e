/* The automatic demo: import the sample committee and meeting, then let a simulated chair
 * and simulated members run it through the core, one command at a time, as consoles would.
 * Choices are drawn from a fixed seed, so every run tells the same story. */
#include <limits.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "db/db.h"
#include "db/import.h"
#include "tui/demo.h"
#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/program.h"

struct demo {
    struct core_state *s;
    struct imported_pin *pins; /* the sample roster's PINs, when asked for */
    int npins;
    struct db *db; /* every batch is journalled before it is applied, as on the hub */
    int64_t now;   /* the simulated hub clock, ms */
    uint64_t rng;
    FILE *out;
    int refused;
};

static uint32_t draw(struct demo *d, uint32_t n)
{
    d->rng ^= d->rng << 13;
    d->rng ^= d->rng >> 7;
    d->rng ^= d->rng << 17;
    return (uint32_t)(d->rng >> 11) % n;
}

/* Send a command as an actor; narrate what happened, or the refusal. */
static bool act(struct demo *d, enum role role, int32_t person, const struct command *c)
{
    struct actor a = {role, person};
    struct event_batch batch;
    struct core_error err;
    if (core_validate(d->s, &a, c, d->now, &batch, &err) != ERR_OK) {
        fprintf(d->out, _("refused: %s: %s %s\n"), command_name(c->type),
                _(core_err_message(err.code)), err.detail);
        d->refused++;
        return false;
    }
    struct db_error derr;
    if (db_append(d->db, batch.events, batch.count, &derr) != DB_OK) {
        fprintf(d->out, "cmte: demo: %s\n", derr.message);
        d->refused++;
        return false;
    }
    for (int i = 0; i < batch.count; i++) {
        core_apply(d->s, &batch.events[i]);
        narrate_event(d->out, d->s, &batch.events[i]);
    }
    return true;
}

static void wait_s(struct demo *d, int seconds)
{
    d->now += (int64_t)seconds * 1000;
}

static bool chair(struct demo *d, enum command_type t, int32_t item)
{
    struct command c = {.type = t};
    c.p.item = item;
    if (t == CMD_ITEM_OPEN || t == CMD_ITEM_CLOSE) c.p.id = item; /* else 0: the next one */
    return act(d, ROLE_CHAIR, 0, &c);
}

/* Sign-in: most members arrive over a few minutes, two are on leave, one stays away. */
static void sign_in_all(struct demo *d)
{
    int n = d->s->person_count;
    for (int i = 0; i < n; i++) {
        const struct person *p = &d->s->people[i];
        struct command c = {.type = CMD_SIGN_IN};
        c.p.person = p->id;
        wait_s(d, 5 + (int)draw(d, 40));
        if (p->kind == PERSON_MEMBER && i % 17 == 16) { /* 请假 */
            struct command leave = {.type = CMD_ATTENDANCE_SET};
            leave.p.person = p->id;
            leave.p.kind = ATT_LEAVE;
            snprintf(leave.p.text, sizeof leave.p.text, "%s", _("on official business"));
            act(d, ROLE_SECRETARY, 0, &leave);
        } else if (i != n / 2) {
            act(d, p->kind == PERSON_MEMBER ? ROLE_MEMBER : ROLE_ATTENDEE, p->id, &c);
        }
    }
}

static int32_t random_present_member(struct demo *d)
{
    for (int tries = 0; tries < 1000; tries++) {
        const struct person *p = &d->s->people[draw(d, (uint32_t)d->s->person_count)];
        if (p->kind == PERSON_MEMBER && p->attendance == ATT_PRESENT) return p->id;
    }
    return 0;
}

/* Grant the floor to everyone waiting, in order; each speaks a few minutes. */
static void speeches(struct demo *d, int32_t item)
{
    for (;;) {
        struct command grant = {.type = CMD_FLOOR_GRANT};
        grant.p.item = item;
        if (!core_item(d->s, item)) return;
        bool waiting = false;
        const struct item *it = core_item(d->s, item);
        for (int i = 0; i < it->speaker_count; i++) {
            const struct speaker *sp = &it->speakers[i];
            const struct person *p = core_person(d->s, sp->person);
            waiting |=
                sp->state == SPK_WAITING && (!sp->person || (p && p->attendance == ATT_PRESENT));
        }
        if (!waiting || !act(d, ROLE_CHAIR, 0, &grant)) return;
        const struct speaker *sp = core_floor(core_item(d->s, item), SITTING_PLENARY);
        wait_s(d, sp->limit_s * (60 + (int)draw(d, 50)) / 100);
        struct command end = {.type = CMD_SPEECH_END};
        end.p.item = item;
        act(d, ROLE_CHAIR, 0, &end);
        wait_s(d, 20);
    }
}

static void deliberation(struct demo *d, int32_t item)
{
    for (int i = 0; i < 2; i++) {
        struct command req = {.type = CMD_FLOOR_REQUEST};
        req.p.item = item;
        req.p.person = random_present_member(d);
        wait_s(d, 30);
        act(d, ROLE_MEMBER, req.p.person, &req);
    }
    speeches(d, item);
}

/* A question waits to be called while its member is in the room. */
static bool question_waiting(const struct core_state *s, const struct item *it)
{
    for (int i = 0; it && i < it->question_count; i++) {
        const struct person *p = core_person(s, it->questions[i].member);
        if (it->questions[i].state == Q_WAITING && p && p->attendance == ATT_PRESENT) return true;
    }
    return false;
}

/* The respondent the question names answers; the chair assigns the first one otherwise. */
static void answer(struct demo *d, int32_t item)
{
    const struct item *it = core_item(d->s, item);
    const struct question *q = core_active_question(it);
    struct command c = {.type = CMD_ANSWER_START};
    c.p.item = item;
    if (q && !q->respondent && it->respondent_count) c.p.respondent = it->respondents[0].id;
    act(d, ROLE_CHAIR, 0, &c);
}

static void inquiry(struct demo *d, int32_t item)
{
    struct command live = {.type = CMD_QUESTION_REGISTER};
    live.p.item = item;
    live.p.person = random_present_member(d);
    snprintf(live.p.text, sizeof live.p.text, "%s", _("What will be done before next winter?"));
    act(d, ROLE_MEMBER, live.p.person, &live);
    for (int q = 0;
         question_waiting(d->s, core_item(d->s, item)) && chair(d, CMD_QUESTION_CALL, item); q++) {
        wait_s(d, 120 + (int)draw(d, 60));
        answer(d, item);
        wait_s(d, 200 + (int)draw(d, 100));
        if (q == 0) { /* the first questioner follows up */
            chair(d, CMD_FOLLOWUP_START, item);
            wait_s(d, 90);
            chair(d, CMD_FOLLOWUP_ANSWER_START, item);
            wait_s(d, 150);
        }
        chair(d, CMD_QUESTION_END, item);
        wait_s(d, 15);
    }
}

/* Each present member scores or votes on every subject; one of them does not press. */
static void ballot(struct demo *d, int32_t item)
{
    static const int weights[2][3] = {{70, 25, 5}, {40, 35, 25}};
    static const int vote_weights[3] = {86, 8, 6};
    if (!chair(d, CMD_BALLOT_OPEN, item)) return;
    const struct item *it = core_item(d->s, item);
    bool skipped = false;
    for (int i = 0; i < d->s->person_count; i++) {
        const struct person *p = &d->s->people[i];
        if (p->kind != PERSON_MEMBER || p->attendance != ATT_PRESENT) continue;
        if (!skipped && draw(d, 10) == 0) { /* 未按 */
            skipped = true;
            continue;
        }
        struct command c = {.type = CMD_BALLOT_CAST};
        c.p.item = item;
        c.p.person = p->id;
        c.p.choice_count = it->ballot.subject_count;
        for (int k = 0; k < c.p.choice_count; k++) {
            const int *w = it->kind == ITEM_EVALUATION ? weights[k % 2] : vote_weights;
            int roll = (int)draw(d, 100), o = 0;
            while (o < 2 && roll >= w[o]) roll -= w[o++];
            c.p.choices[k] = (struct choice){it->ballot.subjects[k].id, o};
        }
        wait_s(d, 1 + (int)draw(d, 3));
        act(d, ROLE_MEMBER, p->id, &c);
    }
    wait_s(d, 30);
    chair(d, CMD_BALLOT_CLOSE, item);
}

/* 供职发言: each nominee makes a statement before the vote. */
static void statements(struct demo *d, int32_t item)
{
    const struct item *it = core_item(d->s, item);
    for (int k = 0; k < it->ballot.subject_count; k++) {
        struct command c = {.type = CMD_SPEAKER_ADD};
        c.p.item = item;
        c.p.kind = SPEECH_STATEMENT;
        snprintf(c.p.name, sizeof c.p.name, "%s", it->ballot.subjects[k].name);
        act(d, ROLE_SECRETARY, 0, &c);
    }
    speeches(d, item);
}

static void run_item(struct demo *d, int32_t item)
{
    wait_s(d, 60);
    if (!chair(d, CMD_ITEM_OPEN, item)) return;
    switch (core_item(d->s, item)->kind) {
    case ITEM_DELIBERATION:
    case ITEM_OTHER:
        deliberation(d, item);
        break;
    case ITEM_INQUIRY:
        inquiry(d, item);
        break;
    case ITEM_APPOINTMENT:
        statements(d, item);
        ballot(d, item);
        break;
    case ITEM_EVALUATION:
    case ITEM_VOTE:
        ballot(d, item);
        break;
    case ITEM_KIND_COUNT:
        break;
    }
    wait_s(d, 30);
    chair(d, CMD_ITEM_CLOSE, item);
}

/* The sample files: $CMTE_DATADIR, ./conf, conf/ beside the build folder, or the installed
 * share folder. */
static bool find_sample(const char *name, char *path, size_t len)
{
    char exe[PATH_MAX], up1[PATH_MAX + 8], up2[PATH_MAX + 16];
    const char *env = getenv("CMTE_DATADIR");
    const char *dirs[] = {env && *env ? env : NULL, "conf", NULL, NULL, CMTE_PREFIX "/share/cmte"};
    if (program_dir(exe, sizeof exe)) { /* build/cmte and build/san/cmte beside conf/ */
        snprintf(up1, sizeof up1, "%s/../conf", exe);
        snprintf(up2, sizeof up2, "%s/../../conf", exe);
        dirs[2] = up1;
        dirs[3] = up2;
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i]) continue;
        snprintf(path, len, "%s/%s", dirs[i], name);
        if (access(path, R_OK) == 0) return true;
    }
    return false;
}

static bool load_samples(struct demo *d)
{
    static const char *const files[] = {"sample-roster.csv", "sample-meeting.ini"};
    struct import_result r = {0};
    bool ok = true;
    for (int i = 0; i < 2 && ok; i++) {
        char path[PATH_MAX + 32];
        if (!find_sample(files[i], path, sizeof path)) {
            fprintf(d->out, _("cmte: demo: %s not found (set CMTE_DATADIR)\n"), files[i]);
            ok = false;
        } else {
            ok = import_file(path, d->s, d->now, &r, d->out) == 0;
        }
    }
    struct db_error err;
    if (ok && db_append_with_pins(d->db, r.events.events, r.events.count, r.pins, r.pin_count,
                                  &err) != DB_OK) {
        fprintf(d->out, "cmte: demo: %s\n", err.message);
        ok = false;
    }
    if (ok) { /* kept for simulated seats, which must type them */
        d->pins = r.pins, d->npins = r.pin_count;
        r.pins = NULL, r.pin_count = 0;
    }
    import_result_free(&r);
    return ok;
}

/* Members beyond the sample roster when --seats asks for more; with fewer, the rest stay
 * away. */
static void fit_seats(struct demo *d, int seats)
{
    for (int id = 1000 + core_members(d->s); seats > 0 && core_members(d->s) < seats; id++) {
        struct command c = {.type = CMD_MEMBER_ADD};
        c.p.id = id;
        c.p.kind = PERSON_MEMBER;
        c.p.number = id;
        snprintf(c.p.name, sizeof c.p.name, _("member %d"), id);
        act(d, ROLE_SECRETARY, 0, &c);
    }
    for (int i = 0, kept = 0; seats > 0 && i < d->s->person_count; i++)
        if (d->s->people[i].kind == PERSON_MEMBER && ++kept > seats) {
            struct command c = {.type = CMD_MEMBER_REMOVE};
            c.p.id = d->s->people[i--].id;
            act(d, ROLE_SECRETARY, 0, &c);
        }
}

static int64_t meeting_start(const struct core_state *s)
{
    struct tm tm = {0};
    if (sscanf(s->meeting.date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = 8;
    tm.tm_min = 30;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

/* The meeting on a fresh database (journal, secret ballot store and all) with a key pair of
 * its own for the hub; the configured rules first, then the samples. */
static bool start(struct demo *d, const struct config *cfg, const char *db_path,
                  const struct db_hub_key *key)
{
    struct db_error err;
    enum db_status rc = db_open(db_path, key, &d->db, &err);
    if (rc == DB_OK) rc = db_load(d->db, 0, &d->s, NULL, &err);
    if (rc != DB_OK) {
        fprintf(d->out, "cmte: demo: %s\n", err.message);
        return false;
    }
    if (d->s->meeting.state != MEETING_NONE || d->s->person_count) {
        fprintf(d->out, _("cmte: demo: %s already holds a meeting: give a new file\n"), db_path);
        return false;
    }
    struct command rules = {.type = CMD_RULES_SET};
    rules.p.rules = cfg->rules;
    d->now = (int64_t)time(NULL) * 1000;
    return act(d, ROLE_HUB, 0, &rules) && load_samples(d);
}

static void run_meeting(struct demo *d, int seats)
{
    d->now = meeting_start(d->s);
    fit_seats(d, seats);
    sign_in_all(d);
    wait_s(d, 60);
    bool ok = chair(d, CMD_MEETING_OPEN, 0);
    for (int i = 0; ok && i < d->s->item_count; i++) run_item(d, d->s->items[i].id);
    if (ok) chair(d, CMD_MEETING_CLOSE, 0);
}

/* The journal is checked as `cmte verify` would, and its summary shown. */
static bool verified(const char *db_path, FILE *out)
{
    struct db_verify_summary sum;
    struct db_error err;
    if (db_verify(db_path, out, &sum, &err) != DB_OK) {
        fprintf(out, "cmte: demo: %s\n", err.message);
        return false;
    }
    return !sum.chain_problems && !sum.tally_problems && !sum.other_problems;
}

static void remove_temporary(const char *dir, const char *db_path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char path[PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
        unlink(path);
    }
    rmdir(dir);
}

int demo_auto(const struct config *cfg, int seats, const char *db_path, FILE *out)
{
    struct demo d = {.rng = 0x2026112312ULL, .out = out};
    char dir[] = "/tmp/cmte-demo-XXXXXX", temp[PATH_MAX];
    if (!db_path) {
        if (!mkdtemp(dir)) return 1;
        snprintf(temp, sizeof temp, "%s/demo.db", dir);
    }
    const char *path = db_path ? db_path : temp;
    struct db_hub_key key;
    bool ok = sodium_init() >= 0;
    if (ok) crypto_box_keypair(key.public_key, key.secret_key);
    ok = ok && start(&d, cfg, path, &key);
    sodium_memzero(&key, sizeof key);
    if (ok) run_meeting(&d, seats);
    db_close(d.db);
    core_state_free(d.s);
    free(d.pins);
    ok = ok && d.refused == 0 && verified(path, out);
    if (ok) fputs(_("The sample meeting ran to its end.\n"), out);
    if (ok && db_path) fprintf(out, _("Its journal is kept in %s.\n"), db_path);
    if (!db_path) remove_temporary(dir, temp);
    return ok ? 0 : 1;
}

int demo_prepare(const struct config *cfg, const char *db_path, const struct db_hub_key *key,
                 int seats, struct imported_pin **pins, int *npins, FILE *out)
{
    struct demo d = {.rng = 0x2026112312ULL, .out = out};
    bool ok = start(&d, cfg, db_path, key);
    if (ok) fit_seats(&d, seats);
    db_close(d.db);
    core_state_free(d.s);
    *pins = d.pins;
    *npins = d.npins;
    return ok && d.refused == 0 ? 0 : -1;
}
