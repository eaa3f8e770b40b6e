/* `cmte demo` on a terminal: a first look at a whole meeting.  The sample committee and
 * meeting go into a temporary database (or --db FILE), every member with a seat gets a console
 * enrolled for a simulated member (tui/bots.h: real links, with the PINs of the sample
 * roster), and the hub and the chair's console run in this terminal: the newcomer chairs, the
 * members sign in, ask for the floor and questions, and cast when a ballot opens. */
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/keys.h"
#include "tui/bots.h"
#include "tui/chair.h"
#include "tui/chairbot.h"
#include "tui/console.h"
#include "tui/demo.h"
#include "tui/export.h"
#include "tui/hosting.h"
#include "tui/i18n.h"

enum {
    DEMO_SEED = 20261123,
    AWAY_EVERY = 17, /* one simulated member in so many stays away: 未到 shows */
};

struct live {
    const struct config *cfg;
    double pace; /* of the simulated members: 1 as people would */
    const char *dir;
    bool tmux; /* the other consoles in tmux panes, the person at DEMO_OWN_SEAT */
    struct demo_panes panes;
    struct bot_seat *seats;
    int nseats, away, nexaminees; /* the seats, examinees among them */
    struct bots *bots;
    struct exam_bank bank; /* what the simulated nominees studied */
};

static const char *pin_of(const struct imported_pin *pins, int n, int32_t person)
{
    for (int i = 0; i < n; i++)
        if (pins[i].person == person) return pins[i].pin;
    return "";
}

/* An examinee console for each nominee of an appointment item, its key kept for the bot that
 * takes the law exam in their place. */
static enum db_status enroll_examinees(struct live *lv, struct db *db, const struct core_state *s,
                                       struct db_error *err)
{
    enum db_status rc = DB_OK;
    for (int i = 0; rc == DB_OK && i < s->item_count; i++) {
        const struct item *it = &s->items[i];
        for (int k = 0; rc == DB_OK && it->kind == ITEM_APPOINTMENT && k < it->ballot.subject_count;
             k++) {
            struct bot_seat *b = &lv->seats[lv->nseats];
            struct db_console dc = {.role = ROLE_EXAMINEE, .nominee = it->ballot.subjects[k].id};
            snprintf(dc.name, sizeof dc.name, "demo-examinee-%d", (int)dc.nominee);
            if (key_generate(&b->key) < 0) {
                snprintf(err->message, sizeof err->message, "cannot make a console key");
                return DB_ERR_NOMEM;
            }
            memcpy(dc.public_key, b->key.public_key, sizeof dc.public_key);
            rc = db_console_enroll(db, &dc, err);
            b->nominee = dc.nominee;
            lv->nseats++;
            lv->nexaminees++;
        }
    }
    return rc;
}

/* A console enrolled for each member with a seat, its key kept for the bot. */
static int enroll_bots(struct live *lv, const char *db_path, const struct db_hub_key *key,
                       const struct imported_pin *pins, int npins)
{
    struct db *db = NULL;
    struct core_state *s = NULL;
    struct db_error err;
    enum db_status rc = db_open(db_path, key, &db, &err);
    if (rc == DB_OK) rc = db_load(db, 0, &s, NULL, &err);
    int nominees = 0;
    for (int i = 0; rc == DB_OK && i < s->item_count; i++)
        if (s->items[i].kind == ITEM_APPOINTMENT) nominees += s->items[i].ballot.subject_count;
    if (rc == DB_OK)
        lv->seats = calloc((size_t)(s->person_count + nominees + 1), sizeof *lv->seats);
    for (int i = 0; rc == DB_OK && lv->seats && i < s->person_count; i++) {
        const struct person *p = &s->people[i];
        if (p->kind != PERSON_MEMBER || p->seat <= 0) continue;
        if (lv->tmux && p->seat == DEMO_OWN_SEAT) continue; /* the person's */
        struct bot_seat *b = &lv->seats[lv->nseats];
        struct db_console dc = {.role = ROLE_MEMBER, .seat = p->seat};
        snprintf(dc.name, sizeof dc.name, "demo-seat-%d", (int)p->seat);
        if (key_generate(&b->key) < 0) break;
        memcpy(dc.public_key, b->key.public_key, sizeof dc.public_key);
        rc = db_console_enroll(db, &dc, &err);
        b->seat = p->seat;
        b->away = lv->nseats % AWAY_EVERY == AWAY_EVERY - 1;
        lv->away += b->away;
        snprintf(b->pin, sizeof b->pin, "%s", pin_of(pins, npins, p->id));
        lv->nseats++;
    }
    if (rc == DB_OK && lv->seats) rc = enroll_examinees(lv, db, s, &err);
    if (rc != DB_OK) fprintf(stderr, "cmte: demo: %s\n", err.message);
    char why[256];
    if (rc == DB_OK && lv->tmux && demo_panes_enroll(&lv->panes, db, why, sizeof why) < 0) {
        fprintf(stderr, "cmte: demo: %s\n", why);
        rc = DB_ERR_ARG;
    }
    core_state_free(s);
    db_close(db);
    return rc == DB_OK && lv->seats ? 0 : -1;
}

static void bots_go(void *ctx, uv_loop_t *loop, struct hub *hub, const struct key_pair *hub_key)
{
    struct live *lv = ctx;
    struct bots_options o = {.pace = lv->pace, .seed = DEMO_SEED, .bank = &lv->bank};
    console_net_options(lv->cfg, &o.link);
    o.link.host = "127.0.0.1";
    o.link.port = hub_port(hub);
    memcpy(o.link.hub_public, hub_key->public_key, sizeof o.link.hub_public);
    lv->bots = bots_start(loop, &o, lv->seats, lv->nseats);
    if (!lv->tmux) return;
    struct config c = *lv->cfg;
    c.port = hub_port(hub);
    demo_panes_open(&lv->panes, &c, hub_key, lv->dir);
}

static void bots_end(void *ctx)
{
    struct live *lv = ctx;
    if (lv->bots) bots_stop(lv->bots, NULL, NULL);
    lv->bots = NULL;
    if (lv->tmux) demo_panes_close(&lv->panes);
}

/* The demo's own configuration: its files (the hub's key beside a database that is kept),
 * the hub on loopback at any free port. */
static void demo_config(struct config *c, const char *dir, const char *db_path, bool kept)
{
    snprintf(c->db_path, sizeof c->db_path, "%s", db_path);
    if (kept)
        snprintf(c->hub_key, sizeof c->hub_key, "%.*s.key", (int)sizeof c->hub_key - 5, db_path);
    else
        snprintf(c->hub_key, sizeof c->hub_key, "%s/hub.key", dir);
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    snprintf(c->hub_host, sizeof c->hub_host, "127.0.0.1");
    c->port = 0;
}

/* Make the database and the seats; 0 or -1 (said on standard error). */
static int prepare(struct live *lv, const struct config *c, int seats)
{
    struct key_pair hub;
    struct db_hub_key key;
    bool created;
    char err[256];
    struct imported_pin *pins = NULL;
    int npins = 0, rc = -1;
    if (key_file_load_or_create(c->hub_key, &hub, &created, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: demo: %s\n", err);
        return -1;
    }
    char bank[PATH_MAX + 32];
    if (key_to_db_hub_key(&hub, &key) == 0 &&
        demo_prepare(c, c->db_path, &key, seats, &pins, &npins, stderr) == 0 &&
        demo_sample_bank(&lv->bank, bank, sizeof bank, stderr))
        rc = enroll_bots(lv, c->db_path, &key, pins, npins);
    sodium_memzero(&key, sizeof key);
    key_wipe(&hub);
    if (pins) sodium_memzero(pins, (size_t)npins * sizeof *pins);
    free(pins);
    return rc;
}

static void remove_dir(const char *dir)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cmte: demo: cannot remove %s\n", dir);
}

/* ---- without a terminal: the chair simulated too ---- */

enum { AUTO_PAUSE_MS = 60 }; /* the simulated chair's pause between actions */

struct headless {
    struct live *lv;
    struct hub *hub;
    struct chairbot *chair;
    bool ok;
};

static void on_hub_stopped(void *ctx)
{
    struct headless *h = ctx;
    if (h->chair) chairbot_stop(h->chair);
}

static void on_meeting_over(void *ctx, bool ok)
{
    struct headless *h = ctx;
    h->ok = ok;
    bots_end(h->lv);
    hub_stop(h->hub, on_hub_stopped, h);
}

static int run_headless(struct live *lv, const struct cli *cli, const struct config *c, FILE *out)
{
    struct hosting ho;
    int rc = hosting_open(cli, c, NULL, &ho);
    if (rc != EXIT_OK) return rc;
    uv_loop_t *loop = uv_default_loop();
    struct headless h = {.lv = lv};
    char err[256];
    if (hub_start(loop, ho.db, ho.state, &ho.o, &h.hub, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: demo: %s\n", err);
    } else {
        bots_go(lv, loop, h.hub, &ho.o.key);
        struct chairbot_options co = {.pause_ms = AUTO_PAUSE_MS,
                                      .members_in = lv->nseats - lv->away - lv->nexaminees,
                                      .out = out,
                                      .finished = on_meeting_over,
                                      .ctx = &h};
        h.chair = chairbot_start(loop, h.hub, &co);
        if (!h.chair) on_meeting_over(&h, false);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    uv_loop_close(loop);
    hosting_close(&ho);
    return h.ok ? EXIT_OK : EXIT_FAIL;
}

/* The minutes of the meeting just held, on out; with --db also beside the database. */
static bool minutes(const char *db_path, bool kept, FILE *out)
{
    struct db *db = NULL;
    struct core_state *s = NULL;
    struct db_error err;
    struct export_journal j;
    if (db_open(db_path, NULL, &db, &err) != DB_OK || db_load(db, 0, &s, NULL, &err) != DB_OK) {
        fprintf(out, "cmte: demo: %s\n", err.message);
        db_close(db);
        return false;
    }
    db_head(db, &j.events, j.hash);
    db_close(db);
    fputc('\n', out);
    export_md(out, s, &j);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s.minutes.md", db_path);
    FILE *f = kept ? fopen(path, "w") : NULL;
    if (f) {
        export_md(f, s, &j);
        fclose(f);
        fprintf(out, _("\nThe minutes are kept in %s.\n"), path);
    }
    core_state_free(s);
    return !kept || f;
}

/* ---- both ---- */

static int run(const struct cli *cli, const struct config *cfg, bool headless, FILE *out)
{
    char dir[] = "/tmp/cmte-demo-XXXXXX", db_path[PATH_MAX];
    if (!mkdtemp(dir)) {
        perror("cmte: demo");
        return EXIT_FAIL;
    }
    snprintf(db_path, sizeof db_path, "%s/demo.db", dir);
    struct config c = *cfg;
    demo_config(&c, dir, cli->db ? cfg->db_path : db_path, cli->db);
    struct live lv = {.cfg = &c, .pace = headless ? 0.03 : 1.0, .dir = dir, .tmux = cli->tmux};
    int rc = EXIT_FAIL;
    if (prepare(&lv, &c, cli->seats) == 0) {
        struct chair_hooks hooks = {bots_go, bots_end, &lv};
        rc = headless ? run_headless(&lv, cli, &c, out) : chair_hold(cli, &c, &hooks);
    }
    for (int i = 0; i < lv.nseats; i++) key_wipe(&lv.seats[i].key);
    if (lv.tmux) demo_panes_close(&lv.panes);
    free(lv.seats);
    exam_bank_free(&lv.bank);
    if (headless && rc == EXIT_OK &&
        !(demo_verified(c.db_path, out) && minutes(c.db_path, cli->db, out)))
        rc = EXIT_FAIL;
    if (headless && rc == EXIT_OK) fputs(_("The sample meeting ran to its end.\n"), out);
    if (rc == EXIT_OK && cli->db)
        fprintf(out, _("The meeting's journal is kept in %s.\n"), c.db_path);
    remove_dir(dir); /* the database, the hub's key and log, unless --db keeps them */
    return rc;
}

int demo_live(const struct cli *cli, const struct config *cfg)
{
    return run(cli, cfg, false, stdout);
}

int demo_auto(const struct cli *cli, const struct config *cfg, FILE *out)
{
    return run(cli, cfg, true, out);
}
