/* Scenario 5, disk trouble: the database on a small file system of its own (a tmpfs mounted
 * for the test; skipped where mounting is not allowed), filled up in the middle of a secret
 * evaluation.  The hub must refuse with NOT_STORED (and say so in its log), acknowledge nothing
 * it did not store, keep serving its consoles, and take commands again once space returns; a
 * crash afterwards (SIGKILL, restart) finds every acknowledged command once and nothing
 * refused, and the journal verifies. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/model.h"
#include "torture.h"

enum { STEP_MS = 30000, SPARE_KIB = 768, REFUSALS = 5, NOTES_MAX = 2000 };

struct disk {
    char mount[128], filler[160];
    bool mounted;
};

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out) != 0) ok = false;
    return ok;
}

/* A tmpfs just larger than the database, which moves onto it. */
static bool mount_small(struct tt_hub *h, struct disk *d, struct tt_result *r)
{
    struct stat st;
    char opts[64];
    snprintf(d->mount, sizeof d->mount, "%s/disk", h->b.dir);
    if (stat(h->db, &st) < 0 || mkdir(d->mount, 0700) < 0) {
        tt_fail(r, "cannot make %s", d->mount);
        return false;
    }
    snprintf(opts, sizeof opts, "size=%lldk,mode=0700", (long long)(st.st_size / 1024 + SPARE_KIB));
    if (mount("tmpfs", d->mount, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0) {
        tt_skip(r,
                "cannot mount a small tmpfs for the database (%s): needs root or "
                "CAP_SYS_ADMIN",
                strerror(errno));
        return false;
    }
    d->mounted = true;
    char moved[160];
    snprintf(moved, sizeof moved, "%s/bench.db", d->mount);
    if (!copy_file(h->db, moved)) {
        tt_fail(r, "cannot copy the database onto the small file system");
        return false;
    }
    snprintf(h->db, sizeof h->db, "%s", moved);
    snprintf(d->filler, sizeof d->filler, "%s/filler", d->mount);
    return true;
}

/* Fill what is left of the file system. */
static long fill(const struct disk *d)
{
    int fd = open(d->filler, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    static const char zeros[4096];
    long total = 0;
    for (ssize_t n; fd >= 0 && (n = write(fd, zeros, sizeof zeros)) > 0;) total += n;
    for (ssize_t n; fd >= 0 && (n = write(fd, zeros, 1)) > 0;) total += n;
    if (fd >= 0) close(fd);
    return total;
}

static struct tt_cmd *note(struct tt_fleet *f, int32_t item, int k)
{
    struct command c = {.type = CMD_NOTE_SET};
    c.p.item = item;
    for (size_t i = 0; i + 1 < sizeof c.p.text; i++) c.p.text[i] = (char)('a' + (k + i) % 26);
    return tt_send(tt_console(f, TT_SECRETARY), &c);
}

/* Notes (large ones) until the hub has refused REFUSALS in a row; how many it refused. */
static int notes_until_refused(struct tt_fleet *f, int32_t item, struct tt_result *r)
{
    int refused = 0, in_row = 0;
    for (int k = 0; k < NOTES_MAX && in_row < REFUSALS; k++) {
        struct tt_cmd *t = note(f, item, k);
        int index = t ? (int)(t - tt_console(f, TT_SECRETARY)->cmds) : -1;
        if (index < 0 || !tt_fleet_wait_answers(f, STEP_MS)) {
            tt_fail(r, "a note was not answered while the disk is full");
            return -1;
        }
        t = &tt_console(f, TT_SECRETARY)->cmds[index];
        if (!t->ok && t->code != ERR_NOT_STORED) {
            tt_fail(r, "a note was refused with \"%s\", not NOT_STORED", core_err_message(t->code));
            return -1;
        }
        refused += !t->ok;
        in_row = t->ok ? 0 : in_row + 1;
    }
    if (in_row < REFUSALS) tt_fail(r, "%d notes stored on a full disk", NOTES_MAX);
    return refused;
}

/* Every member casts; how many were refused (NOT_STORED, and nothing else). */
static int cast_all(struct tt_fleet *f, int32_t item, bool only_refused, struct tt_result *r)
{
    int sent_before = f->sent, refused = 0;
    for (int i = 0; i < f->n; i++) {
        struct tt_console *k = &f->c[i];
        bool ok = false;
        for (int c = 0; c < k->ncmds; c++)
            ok |= k->cmds[c].type == CMD_BALLOT_CAST && k->cmds[c].ok;
        if (!only_refused || !ok) tt_cast(f, i, item, tt_choice_evaluation);
    }
    if (!tt_fleet_wait_answers(f, STEP_MS)) {
        tt_fail(r, "the casts were not all answered");
        return -1;
    }
    for (int i = 0; i < f->n; i++) {
        struct tt_console *k = &f->c[i];
        const struct tt_cmd *t = &k->cmds[k->ncmds - 1];
        if (t->type != CMD_BALLOT_CAST || f->sent == sent_before || t->ok) continue;
        if (t->code != ERR_NOT_STORED) {
            tt_fail(r, "a cast was refused with \"%s\"", core_err_message(t->code));
            return -1;
        }
        refused++;
    }
    return refused;
}

/* Space back: notes until one is stored; the time it took. */
static bool resumes(struct tt_fleet *f, int32_t item, const struct disk *d, struct tt_result *r)
{
    unlink(d->filler);
    int64_t freed = bench_now_ns();
    for (int k = 0; k < 400; k++) {
        struct tt_cmd *t = note(f, item, k);
        int index = t ? (int)(t - tt_console(f, TT_SECRETARY)->cmds) : -1;
        if (index < 0 || !tt_fleet_wait_answers(f, STEP_MS)) break;
        if (tt_console(f, TT_SECRETARY)->cmds[index].ok) {
            r->recover_ms = tt_ms(bench_now_ns() - freed);
            return true;
        }
        bench_sleep(f->bl, 50);
    }
    tt_fail(r, "the hub did not take commands again once space returned");
    return false;
}

static bool run(struct bench_loop *bl, struct tt_hub *h, struct tt_fleet *f, struct disk *d,
                struct tt_result *r)
{
    int32_t item = tt_pending_item(f, ITEM_EVALUATION);
    if (!item || !tt_chair(f, CMD_ITEM_OPEN, item) || !tt_chair(f, CMD_BALLOT_OPEN, item) ||
        !tt_wait_state_item(f, item, BALLOT_OPEN, STEP_MS)) {
        tt_fail(r, "the evaluation did not open");
        return false;
    }
    long filled = fill(d);
    int notes = notes_until_refused(f, item, r);
    int casts = notes < 0 ? -1 : cast_all(f, item, false, r);
    if (casts < 0) return false;
    r->faults = notes + casts;
    if (tt_hub_log_count(h, "cannot store") == 0) tt_fail(r, "the hub's log says nothing");
    if (!resumes(f, item, d, r) || cast_all(f, item, true, r) < 0) return false;
    if (!tt_chair(f, CMD_BALLOT_CLOSE, item) || !tt_check_results(f, item, tt_choice_evaluation, r))
        return false;
    tt_hub_stop(h, SIGKILL); /* what was acknowledged must be on the disk */
    tt_fleet_unsync(f);
    if (tt_hub_start(h, bl) < 0 || !tt_fleet_wait_synced(f, STEP_MS)) {
        tt_fail(r, "the hub did not come back on its database");
        return false;
    }
    tt_note(r, "%ld KiB filled; %d notes and %d casts refused (NOT_STORED), then stored",
            filled / 1024, notes, casts);
    return true;
}

void tt_disk_trouble(const struct tt_profile *p, struct tt_result *r)
{
    struct bench_loop bl;
    struct tt_hub h;
    struct tt_fleet *f = NULL;
    struct disk d = {0};
    bench_loop_open(&bl);
    int seats = p->full ? 60 : 20;
    if (tt_room_prepare(&bl, &h, seats, r) && mount_small(&h, &d, r)) f = tt_room_join(&bl, &h, r);
    if (f && run(&bl, &h, f, &d, r)) {
        struct tt_tally t;
        tt_check_journal(f, h.db, &t, r);
        tt_result_from(r, &t);
        tt_check_verify(h.db, r);
    } else if (r->ok && !r->skipped) {
        tt_fail(r, "stopped early: a step did not go through");
    }
    tt_fleet_stop(f);
    tt_hub_stop(&h, SIGTERM);
    if (d.mounted && umount2(d.mount, MNT_DETACH) < 0) tt_say("cannot unmount %s", d.mount);
    tt_room_close(&bl, &h, NULL);
}
