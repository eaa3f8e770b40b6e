/* `cmte import --db FILE FILE...`: a roster (.csv) and agendas (.ini) into the database, all
 * or nothing.  Each file's rows go through the core as the secretary's commands, in order;
 * any bad row is reported and then nothing at all is written. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codec.h"
#include "db/db.h"
#include "db/import.h"
#include "tui/cli.h"
#include "tui/commands.h"
#include "tui/i18n.h"
#include "tui/paint.h"

/* A post's appointment listed before the dismissal or removal from it: imported, but said. */
static void warn_order(const struct core_state *s)
{
    const struct subject *appointment, *removal;
    if (!core_case_order_wrong(s, &appointment, &removal)) return;
    fprintf(stderr,
            _("cmte: import: warning: %s (%s) is listed after the appointment of %s to the same "
              "post %s: the agenda should put it first\n"),
            removal->name, label_case(removal->nominee.kind), appointment->name,
            appointment->detail);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The configured rules go into the meeting first, as the hub would set them, so that an
 * imported item's default secrecy follows the configuration. */
static bool take_rules(struct core_state *s, const struct config *cfg, int64_t now,
                       struct import_result *r)
{
    if (rules_equal(&s->rules, &cfg->rules)) return true;
    enum meeting_state m = s->meeting.state;
    if (m == MEETING_OPEN || m == MEETING_SUSPENDED) return true; /* the meeting's rules stay */
    struct command c = {.type = CMD_RULES_SET};
    c.p.rules = cfg->rules;
    struct actor hub = {ROLE_HUB, 0};
    struct event_batch b;
    struct core_error err;
    if (core_validate(s, &hub, &c, now, &b, &err) != ERR_OK) return false;
    core_apply(s, &b.events[0]);
    return event_list_push(&r->events, &b.events[0]) == 0;
}

static int import_all(const struct cli *cli, struct core_state *s, int64_t now,
                      struct import_result *r)
{
    int bad = 0;
    for (int i = 0; i < cli->nargs; i++) {
        int n = import_file(cli->args[i], s, now, r, stderr);
        bad += n < 0 ? 1 : n;
    }
    return bad;
}

int cmd_import(const struct cli *cli, const struct config *cfg)
{
    struct db *db = NULL;
    struct db_error err;
    struct core_state *s = NULL;
    struct import_result r = {0};
    int64_t now = now_ms();
    int rc = EXIT_FAIL;
    if (db_open(cfg->db_path, NULL, &db, &err) != DB_OK ||
        db_load(db, 0, &s, NULL, &err) != DB_OK) {
        fprintf(stderr, "cmte: import: %s\n", err.message);
    } else if (!take_rules(s, cfg, now, &r)) {
        fprintf(stderr, _("cmte: import: the configured rules are not valid\n"));
    } else if (import_all(cli, s, now, &r) > 0) {
        fprintf(stderr, _("cmte: import: nothing was imported: correct the rows above\n"));
    } else if (db_append_with_pins(db, r.events.events, r.events.count, r.pins, r.pin_count,
                                   &err) != DB_OK) {
        fprintf(stderr, "cmte: import: %s\n", err.message);
    } else {
        printf(_("imported %d changes into %s: %d people on the roster, %d agenda items\n"),
               r.events.count, cfg->db_path, s->person_count, s->item_count);
        warn_order(s);
        rc = EXIT_OK;
    }
    import_result_free(&r);
    core_state_free(s);
    db_close(db);
    return rc;
}
