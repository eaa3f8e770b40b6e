/* The demo's database: the configured rules, the sample committee (fitted to the seats asked
 * for) and meeting, journalled as the hub would; and the check of a demo's journal. */
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
#include "tui/program.h"

struct demo {
    struct core_state *s;
    struct imported_pin *pins; /* the sample roster's PINs, when asked for */
    int npins;
    struct db *db; /* every batch is journalled before it is applied, as on the hub */
    int64_t now;   /* the hub clock the events are stamped with, ms */
    FILE *out;
    int refused;
};

/* Send a command as an actor; say so when it is refused. */
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
    for (int i = 0; i < batch.count; i++) core_apply(d->s, &batch.events[i]);
    return true;
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

bool demo_sample_bank(struct exam_bank *out, char *path, size_t cap, FILE *report)
{
    memset(out, 0, sizeof *out);
    if (!find_sample("sample-exam.csv", path, cap)) {
        fprintf(report, _("cmte: demo: %s not found (set CMTE_DATADIR)\n"), "sample-exam.csv");
        return false;
    }
    FILE *f = fopen(path, "rb");
    char *text = f ? malloc(1 << 20) : NULL;
    size_t len = text ? fread(text, 1, 1 << 20, f) : 0;
    if (f) fclose(f);
    bool ok = text && exam_bank_decode(path, text, len, out, report) == 0;
    free(text);
    if (!ok) exam_bank_free(out);
    return ok;
}

/* The sample question bank into the hub's database, for the nominees' law exam. */
static bool load_bank(struct demo *d)
{
    struct exam_bank bank;
    char path[PATH_MAX + 32];
    struct db_error err;
    if (!demo_sample_bank(&bank, path, sizeof path, d->out)) return false;
    bool ok = db_exam_bank_add(d->db, path, &bank, &err) == DB_OK;
    if (!ok) fprintf(d->out, "cmte: demo: %s\n", err.message);
    exam_bank_free(&bank);
    return ok;
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
    if (ok && (db_documents_store(d->db, r.documents, r.document_count, &err) != DB_OK ||
               db_append_with_pins(d->db, r.events.events, r.events.count, r.pins, r.pin_count,
                                   &err) != DB_OK)) {
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
    static const char *const groups[] = {"第一组", "第二组", "第三组"}; /* the sample's */
    for (int id = 1000 + core_members(d->s); seats > 0 && core_members(d->s) < seats; id++) {
        struct command c = {.type = CMD_MEMBER_ADD};
        c.p.id = id;
        c.p.kind = PERSON_MEMBER;
        c.p.number = id;
        snprintf(c.p.name, sizeof c.p.name, _("member %d"), id);
        snprintf(c.p.group, sizeof c.p.group, "%s", groups[id % 3]);
        act(d, ROLE_SECRETARY, 0, &c);
    }
    for (int i = 0, kept = 0; seats > 0 && i < d->s->person_count; i++)
        if (d->s->people[i].kind == PERSON_MEMBER && ++kept > seats) {
            struct command c = {.type = CMD_MEMBER_REMOVE};
            c.p.id = d->s->people[i--].id;
            act(d, ROLE_SECRETARY, 0, &c);
        }
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
    return act(d, ROLE_HUB, 0, &rules) && load_samples(d) && load_bank(d);
}

/* The journal is checked as `cmte verify` would, and its summary shown. */
bool demo_verified(const char *db_path, FILE *out)
{
    struct db_verify_summary sum;
    struct db_error err;
    if (db_verify(db_path, out, &sum, &err) != DB_OK) {
        fprintf(out, "cmte: demo: %s\n", err.message);
        return false;
    }
    return !sum.chain_problems && !sum.tally_problems && !sum.other_problems;
}

int demo_prepare(const struct config *cfg, const char *db_path, const struct db_hub_key *key,
                 int seats, struct imported_pin **pins, int *npins, FILE *out)
{
    struct demo d = {.out = out};
    bool ok = start(&d, cfg, db_path, key);
    if (ok) fit_seats(&d, seats);
    db_close(d.db);
    core_state_free(d.s);
    *pins = d.pins;
    *npins = d.npins;
    return ok && d.refused == 0 ? 0 : -1;
}
