/* `cmte demo`: the sample meeting from conf/, with simulated members (and, without a terminal,
 * a simulated chair) on real links to a hub in this process. */
#ifndef CMTE_TUI_DEMO_H
#define CMTE_TUI_DEMO_H

#include <stdio.h>

#include "db/db.h"
#include "db/exam_bank.h"
#include "db/import.h"
#include "net/keys.h"
#include "tui/cli.h"
#include "tui/config.h"

/* `cmte demo --auto` (and `cmte demo` without a terminal): the sample meeting on a temporary
 * database (or --db's), the hub in this process, every member simulated at a seat by a real
 * console link and the chair simulated too (tui/chairbot.h), the transcript on out as the
 * meeting runs, then the journal's check and the minutes.  An exit code: EXIT_OK when the
 * whole meeting ran and the journal verifies. */
int demo_auto(const struct cli *cli, const struct config *cfg, FILE *out);

/* The journal at db_path checked as `cmte verify` would, its summary on out; true when clean. */
bool demo_verified(const char *db_path, FILE *out);

/* A new meeting database at db_path, opened with the hub's key: the configured rules, then the
 * sample committee (fitted to seats members when seats > 0) and meeting.  The members' PINs
 * into *pins (malloc'd; the caller frees).  0, or -1 with a message on out. */
int demo_prepare(const struct config *cfg, const char *db_path, const struct db_hub_key *key,
                 int seats, struct imported_pin **pins, int *npins, FILE *out);

/* The sample question bank (conf/sample-exam.csv, found as the other samples are) decoded
 * into *out, its path into path; false with a message on report. */
bool demo_sample_bank(struct exam_bank *out, char *path, size_t cap, FILE *report);

/* `cmte demo` on a terminal: the sample meeting on a temporary database (or db_path), the hub
 * and the chair's console in this terminal, and the members simulated at their seats as real
 * console links.  An exit code. */
int demo_live(const struct cli *cli, const struct config *cfg);

/* ---- --tmux (tui/demo_tmux.c) ---- */

enum { DEMO_PANES = 3, DEMO_OWN_SEAT = 1 };

/* The consoles beside the chair's: the display, a secretary's, the person's own seat. */
struct demo_panes {
    struct key_pair key[DEMO_PANES];
    struct db_console console[DEMO_PANES];
    char pane[DEMO_PANES][32]; /* tmux's pane ids, "" before they open */
};

/* Outside tmux: run `cmte demo --tmux` again in a new tmux session (returns only on failure,
 * with an exit code). */
int demo_tmux_enter(const struct cli *cli, const struct config *cfg);
/* Enroll the three consoles; 0, or -1 with err. */
int demo_panes_enroll(struct demo_panes *dp, struct db *db, char *err, size_t errlen);
/* Write their files into dir (the hub at cfg's address and port) and open their panes beside
 * this one. */
void demo_panes_open(struct demo_panes *dp, const struct config *cfg, const struct key_pair *hub,
                     const char *dir);
/* Close their panes and wipe their keys. */
void demo_panes_close(struct demo_panes *dp);

#endif
