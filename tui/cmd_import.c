/* `cmte import --db FILE FILE...`: a roster (.csv), agendas (.ini) and law exam question
 * banks (.csv with the bank's header, or any file with --exam) into the database, all or
 * nothing.  Each roster and agenda row goes through the core as the secretary's commands, in
 * order; each bank row is decoded and checked against the bank already stored; any bad row is
 * reported and then nothing at all is written. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codec.h"
#include "db/db.h"
#include "db/exam_bank.h"
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

/* The question banks named, each decoded on its own (its rows are reported by its name). */
struct banks {
    int count;
    const char **paths;
    struct exam_bank *banks;
    int questions;
};

static void banks_free(struct banks *b)
{
    for (int i = 0; i < b->count; i++) exam_bank_free(&b->banks[i]);
    free(b->banks);
    free(b->paths);
}

enum { BANK_FILE_MAX = 16 << 20 };

/* The whole file (NUL-terminated), or NULL with the reason reported. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = f ? malloc(BANK_FILE_MAX + 1) : NULL;
    *len = text ? fread(text, 1, BANK_FILE_MAX + 1, f) : 0;
    bool ok = text && *len <= BANK_FILE_MAX && !ferror(f);
    if (f) fclose(f);
    if (!ok) {
        fprintf(stderr, _("cmte: import: %s cannot be read\n"), path);
        free(text);
        return NULL;
    }
    text[*len] = '\0';
    return text;
}

/* A bank named with --exam, or a .csv whose first row is the bank's header. */
static bool is_bank(const struct cli *cli, const char *path)
{
    if (cli->exam) return true;
    size_t n = strlen(path), len;
    if (n < 4 || strcmp(path + n - 4, ".csv") != 0) return false;
    char *text = read_all(path, &len);
    bool bank = text && exam_bank_header(text, len);
    free(text);
    return bank;
}

/* Decode one bank, and check it against the banks before it and the one stored. */
static int take_bank(struct db *db, const char *path, struct banks *b)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text) return 1;
    struct exam_bank *n = realloc(b->banks, (size_t)(b->count + 1) * sizeof *n);
    const char **p = realloc(b->paths, (size_t)(b->count + 1) * sizeof *p);
    if (n) b->banks = n;
    if (p) b->paths = p;
    if (!n || !p) return free(text), 1;
    struct exam_bank *bank = &b->banks[b->count];
    memset(bank, 0, sizeof *bank);
    b->paths[b->count++] = path;
    int bad = exam_bank_decode(path, text, len, bank, stderr), stored = 0;
    free(text);
    for (int i = 0; i < bank->count; i++)
        for (int k = 0; k < b->count - 1; k++)
            for (int j = 0; j < b->banks[k].count; j++)
                if (!strcmp(bank->q[i].text, b->banks[k].q[j].text)) {
                    fprintf(stderr, "%s:%d: duplicate question: the same text as %s:%d\n", path,
                            bank->q[i].line, b->paths[k], b->banks[k].q[j].line);
                    bad++;
                }
    struct db_error err;
    if (db_exam_bank_check(db, path, bank, stderr, &stored, &err) != DB_OK) {
        fprintf(stderr, "cmte: import: %s\n", err.message);
        return bad + 1;
    }
    b->questions += bank->count;
    return bad + stored;
}

static int import_all(const struct cli *cli, const struct config *cfg, struct db *db,
                      struct core_state *s, int64_t now, struct import_result *r,
                      struct banks *banks)
{
    int bad = 0;
    if (cli->exam && cli->nargs == 0) {
        if (!cfg->exam_bank[0]) {
            fprintf(stderr, _("cmte: import: no question bank: name a file or set [exam] bank\n"));
            return 1;
        }
        return take_bank(db, cfg->exam_bank, banks);
    }
    for (int i = 0; i < cli->nargs; i++) {
        const char *path = cli->args[i];
        int n =
            is_bank(cli, path) ? take_bank(db, path, banks) : import_file(path, s, now, r, stderr);
        bad += n < 0 ? 1 : n;
    }
    return bad;
}

static int store_banks(struct db *db, const struct banks *b, struct db_error *err)
{
    for (int i = 0; i < b->count; i++)
        if (db_exam_bank_add(db, b->paths[i], &b->banks[i], err) != DB_OK) return -1;
    return 0;
}

int cmd_import(const struct cli *cli, const struct config *cfg)
{
    struct db *db = NULL;
    struct db_error err;
    struct core_state *s = NULL;
    struct import_result r = {.document_max = (size_t)cfg->document_max_bytes};
    struct banks banks = {0};
    int64_t now = now_ms();
    int rc = EXIT_FAIL;
    if (db_open(cfg->db_path, NULL, &db, &err) != DB_OK ||
        db_load(db, 0, &s, NULL, &err) != DB_OK) {
        fprintf(stderr, "cmte: import: %s\n", err.message);
    } else if (!take_rules(s, cfg, now, &r)) {
        fprintf(stderr, _("cmte: import: the configured rules are not valid\n"));
    } else if (import_all(cli, cfg, db, s, now, &r, &banks) > 0) {
        fprintf(stderr, _("cmte: import: nothing was imported: correct the rows above\n"));
    } else if (store_banks(db, &banks, &err) != 0 ||
               db_documents_store(db, r.documents, r.document_count, &err) != DB_OK ||
               db_append_with_pins(db, r.events.events, r.events.count, r.pins, r.pin_count,
                                   &err) != DB_OK) {
        fprintf(stderr, "cmte: import: %s\n", err.message);
    } else {
        if (r.events.count || !banks.count)
            printf(_("imported %d changes into %s: %d people on the roster, %d agenda items\n"),
                   r.events.count, cfg->db_path, s->person_count, s->item_count);
        if (banks.count)
            printf(_("imported %d questions into the law exam's question bank\n"), banks.questions);
        warn_order(s);
        rc = EXIT_OK;
    }
    banks_free(&banks);
    import_result_free(&r);
    core_state_free(s);
    db_close(db);
    return rc;
}
