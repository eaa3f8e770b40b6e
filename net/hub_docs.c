/* Documents' texts to the consoles: read from the hub's database at start (the worker
 * thread's jobs own the database handle while the hub runs), asked for with doc_get, and sent
 * in doc_part messages behind live traffic: a part is queued only when the connection's write
 * queue is empty and no write is in flight, so an event or an answer never waits behind a
 * document for more than one part. */
#include <stdlib.h>
#include <string.h>

#include "net/hub_internal.h"

int docs_load(struct hub *h, struct db_error *err)
{
    docs_free(h);
    return db_documents_load(h->db, &h->docs, &h->ndocs, err) == DB_OK ? 0 : -1;
}

void docs_free(struct hub *h)
{
    for (int i = 0; i < h->ndocs; i++) free(h->docs[i].text);
    free(h->docs);
    h->docs = NULL;
    h->ndocs = 0;
}

static const struct imported_document *doc_text(const struct hub *h, int32_t id)
{
    for (int i = 0; i < h->ndocs; i++)
        if (h->docs[i].id == id) return &h->docs[i];
    return NULL;
}

/* A document the meeting has (its document_added committed) and whose text the hub holds; a
 * console asking for anything else is told so in the log and nothing is sent. */
void docs_want(struct conn *c, int32_t id)
{
    struct hub *h = c->hub;
    const struct imported_document *d = doc_text(h, id);
    if (!d) return hub_log(h, c, "asked for document %d, which the hub does not hold", (int)id);
    for (int i = 0; i < c->ndoc_wanted; i++)
        if (c->doc_wanted[i] == id) return; /* on its way already */
    if (c->ndoc_wanted == DOC_WANTED_MAX) return conn_drop(c, "asked for too many documents");
    c->doc_wanted[c->ndoc_wanted++] = id;
    conn_wants_flush(c);
}

/* Where a part that starts at from and may hold max bytes ends: never inside a character. */
static size_t part_end(const char *text, size_t len, size_t from, size_t max)
{
    size_t end = len - from > max ? from + max : len;
    while (end < len && end > from && ((unsigned char)text[end] & 0xC0) == 0x80) end--;
    return end;
}

void docs_send_part(struct conn *c)
{
    if (c->ndoc_wanted == 0 || c->phase != PHASE_READY || c->wire.queued > 0) return;
    const struct imported_document *d = doc_text(c->hub, c->doc_wanted[0]);
    size_t from = (size_t)c->doc_sent;
    if (d && from < d->len) {
        size_t end = part_end(d->text, d->len, from, MSG_DOC_PART_MAX);
        struct msg m = {.type = MSG_DOC_PART};
        m.u.doc_part.id = d->id;
        m.u.doc_part.offset = (int32_t)from;
        m.u.doc_part.size = (int32_t)d->len;
        m.u.doc_part.text = d->text + from;
        m.u.doc_part.len = end - from;
        conn_send_msg(c, &m); /* borrowed text: not msg_free'd */
        c->doc_sent = (int32_t)end;
        if (end < d->len) return;
    }
    memmove(c->doc_wanted, c->doc_wanted + 1, (size_t)--c->ndoc_wanted * sizeof *c->doc_wanted);
    c->doc_sent = 0;
}
