/* The law exam at the hub: it holds the question bank (read from its database at start), draws
 * a paper into each exam_start before the core validates it, sends a paper's texts (never its
 * answers) to the nominee's examinee console only, and hands a paper in by itself at the
 * deadline.  The core scores it; the database keeps the paper and the answers. */
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"

enum { EXAM_QUESTIONS_DEFAULT = 20 };

int exam_load_bank(struct hub *h, struct db_error *err)
{
    exam_bank_free(&h->bank);
    return db_exam_bank_load(h->db, &h->bank, err) == DB_OK ? 0 : -1;
}

void exam_free(struct hub *h)
{
    exam_bank_free(&h->bank);
    exam_bank_free(&h->refreshed_bank);
}

/* n questions of the bank, at random (libsodium), none twice: the first n of a partial
 * Fisher-Yates shuffle of the bank's places. */
void exam_draw(struct hub *h, struct command *c)
{
    if (c->type != CMD_EXAM_START) return;
    int n = h->o.exam_questions > 0 ? h->o.exam_questions : EXAM_QUESTIONS_DEFAULT;
    if (n > EXAM_QUESTIONS_MAX) n = EXAM_QUESTIONS_MAX;
    if (n > h->bank.count) n = h->bank.count;
    int *place = malloc((size_t)h->bank.count * sizeof *place);
    c->p.paper_count = 0;
    if (!place) return; /* an empty paper: the core refuses it */
    for (int i = 0; i < h->bank.count; i++) place[i] = i;
    for (int i = 0; i < n; i++) {
        int j = i + (int)randombytes_uniform((uint32_t)(h->bank.count - i));
        int t = place[i];
        place[i] = place[j];
        place[j] = t;
        c->p.paper[i] = h->bank.q[place[i]].id;
        c->p.paper_key[i] = h->bank.q[place[i]].answer;
    }
    c->p.paper_count = n;
    free(place);
}

static const struct exam_question *bank_question(const struct hub *h, int32_t id)
{
    int lo = 0, hi = h->bank.count - 1; /* the bank is read in the order of its ids */
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (h->bank.q[mid].id == id) return &h->bank.q[mid];
        if (h->bank.q[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

/* The running paper of the nominee as the examinee sees it: texts and options, the answers
 * given so far, never the key. */
static void send_paper(struct hub *h, struct conn *c, int32_t subject)
{
    const struct item *it = NULL;
    const struct exam_record *x = core_exam(h->state, subject, &it);
    const struct exam_paper *drawn = core_exam_paper(h->state, subject);
    if (!x || x->state != EXAM_RUNNING || !drawn) return;
    struct msg m = {.type = MSG_PAPER};
    struct msg_paper *p = m.u.paper = calloc(1, sizeof *p);
    if (!p) return conn_drop(c, "out of memory");
    *p = (struct msg_paper){.item = it->id, .subject = subject, .attempt = x->attempts};
    for (int i = 0; i < x->questions; i++) {
        const struct exam_question *q = bank_question(h, drawn->question[i]);
        if (!q) {
            hub_log(h, c, "question %d of a paper is not in the bank", (int)drawn->question[i]);
            free(p);
            return;
        }
        p->questions[i] = *q;
        p->questions[i].answer = 0;
        p->given[i] = drawn->given[i];
    }
    p->count = x->questions;
    conn_send_msg(c, &m);
    free(p);
}

void exam_paper_to(struct hub *h, struct conn *c)
{
    const struct db_console *dc = &c->session->console;
    if (dc->role == ROLE_EXAMINEE) send_paper(h, c, dc->nominee);
}

/* After a commit: each paper drawn goes to the examinee consoles of its nominee. */
void exam_papers_drawn(struct hub *h, const struct event *events, int n)
{
    for (int i = 0; i < n; i++) {
        if (events[i].type != EV_EXAM_STARTED) continue;
        for (struct conn *c = h->conns; c; c = c->next)
            if (c->phase == PHASE_READY && c->session->console.role == ROLE_EXAMINEE &&
                c->session->console.nominee == events[i].p.id)
                send_paper(h, c, events[i].p.id);
    }
}

/* Every heartbeat: a paper past its deadline is handed in by the hub with the answers given. */
void exam_deadlines(struct hub *h)
{
    int64_t now = hub_clock_ms();
    for (int i = 0; i < h->state->item_count; i++) {
        const struct item *it = &h->state->items[i];
        if (it->kind != ITEM_APPOINTMENT) continue;
        for (int k = 0; k < it->ballot.subject_count; k++) {
            const struct subject *sub = &it->ballot.subjects[k];
            if (sub->exam.state != EXAM_RUNNING || now <= sub->exam.deadline) continue;
            struct command c = {.type = CMD_EXAM_HAND_IN};
            c.p.item = it->id;
            c.p.id = sub->id;
            struct actor hub = {.role = ROLE_HUB};
            commit_stage(h, NULL, "", &hub, &c);
        }
    }
}
