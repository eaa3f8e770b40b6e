/* `cmte enroll`: on the hub's machine, register a console and write its configuration file
 * (the hub's address, the pinned hub key, the console's own secret key), revoke a console, or
 * list them.  The running hub notices a revocation within a heartbeat and drops the console. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "net/keys.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/console.h"
#include "tui/i18n.h"
#include "tui/text.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum role role_of(const char *name)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(role_name((enum role)r), name) == 0) return (enum role)r;
    return ROLE_COUNT;
}

/* seat-12, or secretary-N with the first N no console holds yet. */
static void default_name(const struct db_console *all, int n, enum role role, int seat, char *out,
                         size_t cap)
{
    if (role == ROLE_MEMBER) {
        snprintf(out, cap, "seat-%d", seat);
        return;
    }
    for (int k = 1;; k++) {
        snprintf(out, cap, "%s-%d", role_name(role), k);
        bool taken = false;
        for (int i = 0; i < n && !taken; i++) taken = strcmp(all[i].name, out) == 0;
        if (!taken) return;
    }
}

/* An examinee console is for a nominee of the meeting in the database: a subject of an
 * appointment item.  Their name goes into *name. */
static bool nominee_known(struct db *db, int32_t id, char *name, size_t cap)
{
    struct core_state *s = NULL;
    struct db_error e;
    if (db_load(db, 0, &s, NULL, &e) != DB_OK) {
        fprintf(stderr, "cmte: enroll: %s\n", e.message);
        return false;
    }
    const struct item *it = NULL;
    bool known = core_exam(s, id, &it) != NULL;
    if (known)
        snprintf(name, cap, "%s", core_subject(&it->ballot, id)->name);
    else
        fprintf(stderr,
                _("cmte: enroll: no nominee %d on an appointment item (cmte ctl --state "
                  "lists the items and their nominees)\n"),
                (int)id);
    core_state_free(s);
    return known;
}

static int enroll(const struct cli *cli, const struct config *cfg, struct db *db,
                  const struct key_pair *hub)
{
    struct db_console c = {.role = role_of(cli->role), .seat = cli->seat > 0 ? cli->seat : 0};
    char nominee[TITLE_MAX_BYTES] = "";
    if (c.role == ROLE_EXAMINEE) {
        c.nominee = cli->nominee;
        if (!nominee_known(db, c.nominee, nominee, sizeof nominee)) return EXIT_FAIL;
    }
    struct db_console *all = NULL;
    int n = 0;
    struct db_error e;
    if (db_console_list(db, &all, &n, &e) != DB_OK) {
        fprintf(stderr, "cmte: enroll: %s\n", e.message);
        return EXIT_FAIL;
    }
    if (cli->nargs)
        snprintf(c.name, sizeof c.name, "%s", cli->args[0]);
    else
        default_name(all, n, c.role, c.seat, c.name, sizeof c.name);
    free(all);
    char path[CONFIG_PATH_MAX];
    snprintf(path, sizeof path, "%s", cli->out ? cli->out : c.name);
    if (!cli->out) strncat(path, ".ini", sizeof path - strlen(path) - 1);
    struct key_pair me;
    c.enrolled_at = now_ms();
    if (key_generate(&me) < 0) return EXIT_FAIL;
    memcpy(c.public_key, me.public_key, sizeof c.public_key);
    if (console_file_write(path, cfg, hub, &me, &c, "enroll") < 0) {
        key_wipe(&me);
        return EXIT_FAIL;
    }
    key_wipe(&me);
    if (db_console_enroll(db, &c, &e) != DB_OK) {
        unlink(path);
        fprintf(stderr, "cmte: enroll: %s\n", e.message);
        return EXIT_FAIL;
    }
    char fp[KEY_FINGERPRINT];
    key_fingerprint(c.public_key, fp);
    printf(_("enrolled console %s (%s) with key %s; its configuration is in %s\n"), c.name,
           role_name(c.role), fp, path);
    if (nominee[0]) printf(_("its examinee is the nominee %d, %s\n"), (int)c.nominee, nominee);
    return EXIT_OK;
}

static void print_time(int64_t ms)
{
    char buf[32] = "-";
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (ms) strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
    text_pad(stdout, buf, 18);
}

static int list(struct db *db)
{
    struct db_console *all = NULL;
    int n = 0;
    struct db_error e;
    if (db_console_list(db, &all, &n, &e) != DB_OK) {
        fprintf(stderr, "cmte: enroll: %s\n", e.message);
        return EXIT_FAIL;
    }
    const char *head[] = {_("Name"), _("Role"), _("Seat"), _("Key"), _("Enrolled"), _("Revoked")};
    const int width[] = {16, 11, 6, 18, 18, 16};
    for (int i = 0; i < 6; i++) text_pad(stdout, head[i], width[i]);
    putchar('\n');
    for (int i = 0; i < n; i++) {
        char seat[16] = "-", fp[KEY_FINGERPRINT];
        if (all[i].seat) snprintf(seat, sizeof seat, "%d", (int)all[i].seat);
        key_fingerprint(all[i].public_key, fp);
        text_pad(stdout, all[i].name, 16);
        text_pad(stdout, role_name(all[i].role), 11);
        text_pad(stdout, seat, 6);
        text_pad(stdout, fp, 18);
        print_time(all[i].enrolled_at);
        print_time(all[i].revoked_at);
        putchar('\n');
    }
    if (n == 0) printf(_("no console is enrolled yet\n"));
    free(all);
    return EXIT_OK;
}

static int check_usage(const struct cli *cli)
{
    const char *why = NULL;
    if (cli->revoke && (cli->role || cli->seat > 0 || cli->out))
        why = _("--revoke takes only the console's NAME");
    else if (cli->revoke && cli->nargs == 0)
        why = _("--revoke needs the NAME of the console");
    else if (!cli->revoke && !cli->role && (cli->seat > 0 || cli->out || cli->nargs))
        why = _("say which --role the console has");
    else if (cli->role && strcmp(cli->role, "member") == 0 && cli->seat <= 0)
        why = _("a member's console needs --seat N");
    else if (cli->role && strcmp(cli->role, "member") != 0 && cli->seat > 0)
        why = _("only a member's console has a seat");
    else if (cli->role && strcmp(cli->role, "examinee") == 0 && cli->nominee <= 0)
        why = _("an examinee's console needs --nominee N (the nominee's id)");
    else if ((!cli->role || strcmp(cli->role, "examinee") != 0) && cli->nominee > 0)
        why = _("only an examinee's console has a nominee");
    if (!why) return EXIT_OK;
    fprintf(stderr, "cmte: enroll: %s\n", why);
    return EXIT_USAGE;
}

int cmd_enroll(const struct cli *cli, const struct config *cfg)
{
    int rc = check_usage(cli);
    if (rc != EXIT_OK) return rc;
    struct db *db = NULL;
    struct db_error e;
    struct key_pair hub;
    char err[512];
    bool created;
    if (cli->role && key_file_load_or_create(cfg->hub_key, &hub, &created, err, sizeof err) < 0) {
        fprintf(stderr, "cmte: enroll: %s\n", err);
        return EXIT_FAIL;
    }
    if (db_open(cfg->db_path, NULL, &db, &e) != DB_OK) {
        fprintf(stderr, "cmte: enroll: %s\n", e.message);
        rc = EXIT_FAIL;
    } else if (cli->revoke) {
        rc = db_console_revoke(db, cli->args[0], now_ms(), &e) == DB_OK ? EXIT_OK : EXIT_FAIL;
        if (rc == EXIT_OK)
            printf(_("revoked console %s\n"), cli->args[0]);
        else
            fprintf(stderr, "cmte: enroll: %s\n", e.message);
    } else {
        rc = cli->role ? enroll(cli, cfg, db, &hub) : list(db);
    }
    if (cli->role) key_wipe(&hub);
    db_close(db);
    return rc;
}
