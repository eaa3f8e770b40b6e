/* Documents of an agenda item (reports, drafts, nominees' résumés): the state keeps each one's
 * title, size and SHA-256; the text itself stays in the hub's database. */
#include <string.h>

#include "core/internal.h"

static bool is_sha256_hex(const char *s)
{
    size_t n = strlen(s);
    if (n != HASH_HEX_BYTES - 1) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

const struct document *core_document(const struct item *it, int32_t id)
{
    for (int i = 0; it && i < it->document_count; i++)
        if (it->documents[i].id == id) return &it->documents[i];
    return NULL;
}

VALIDATOR(validate_document_add)
{
    (void)a;
    struct item *it;
    enum core_err rc = need_item(s, p->item, &it, err);
    if (rc != ERR_OK) return rc;
    if (it->state == ITEM_CLOSED)
        return refuse(err, ERR_ITEM_STATE, "item %d closed", (int)p->item);
    if (!p->title[0]) return refuse(err, ERR_BAD_VALUE, "document title is empty");
    if (strlen(p->title) >= TITLE_MAX_BYTES)
        return refuse(err, ERR_BAD_VALUE, "document title too long");
    if (!is_sha256_hex(p->detail))
        return refuse(err, ERR_BAD_VALUE, "detail is not a SHA-256 in lowercase hex");
    if (it->document_count >= DOCS_MAX)
        return refuse(err, ERR_TOO_MANY, "more than %d documents on item %d", DOCS_MAX,
                      (int)p->item);
    for (int i = 0; i < it->document_count; i++)
        if (!strcmp(it->documents[i].title, p->title))
            return refuse(err, ERR_DUPLICATE, "document '%s'", p->title);
    struct event *e = emit(out, EV_DOCUMENT_ADDED, p);
    e->p.id = s->next_id;
    return ERR_OK;
}

APPLIER(apply_document_added)
{
    struct item *it = core_item(s, e->p.item);
    if (!it) return ERR_UNKNOWN_ITEM;
    if (it->document_count >= DOCS_MAX) return ERR_TOO_MANY;
    struct document *d = &it->documents[it->document_count++];
    d->id = e->p.id;
    copy_text(d->title, sizeof d->title, e->p.title);
    d->size = e->p.size;
    copy_text(d->sha256, sizeof d->sha256, e->p.detail);
    if (e->p.id >= s->next_id) s->next_id = e->p.id + 1;
    return ERR_OK;
}
