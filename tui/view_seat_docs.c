/* The seat's documents: d on the main screen lists the open item's documents (reports, drafts,
 * résumés); a digit or Enter opens one in the pager (tui/pager.h).  A text not yet at this
 * console is asked of the hub, its progress shown while it arrives, its SHA-256 checked by
 * the link against the journal's; texts are kept in memory for the session. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/view_seat.h"

enum { KEY_ESC = 27 };

static const struct item *docs_item(const struct core_state *st)
{
    const struct item *it = core_open_item(st);
    return it && it->document_count ? it : NULL;
}

bool seat_docs_any(const struct core_state *st)
{
    return docs_item(st) != NULL;
}

void seat_docs_start(struct seat *se, const struct core_state *st)
{
    if (!docs_item(st)) return;
    se->mode = SEAT_DOCS;
    se->cursor = 0;
}

static const struct seat_doc *cached(const struct seat *se, const struct document *d)
{
    for (int i = 0; i < se->ndocs; i++)
        if (se->docs[i].id == d->id && !strcmp(se->docs[i].sha256, d->sha256)) return &se->docs[i];
    return NULL;
}

static void ask_hub(struct seat *se)
{
    if (se->base.feed.ops == &feed_link_ops) link_document_get(se->base.feed.src, se->reading.id);
}

static void read_document(struct seat *se, const struct document *d)
{
    se->reading = *d;
    se->mode = SEAT_READ;
    se->received = se->size = 0;
    se->doc_failed = false;
    pager_close(&se->pager);
    const struct seat_doc *c = cached(se, d);
    if (c)
        pager_open(&se->pager, d->title, c->text, c->len);
    else
        ask_hub(se);
}

void seat_docs_synced(struct seat *se)
{
    if (se->mode == SEAT_READ && !pager_is_open(&se->pager) && !se->doc_failed) {
        se->received = 0;
        ask_hub(se);
    }
}

static void keep(struct seat *se, const char *text, size_t len)
{
    struct seat_doc *d = realloc(se->docs, (size_t)(se->ndocs + 1) * sizeof *d);
    if (!d) return;
    se->docs = d;
    d = &se->docs[se->ndocs];
    d->text = malloc(len + 1);
    if (!d->text) return;
    memcpy(d->text, text, len + 1);
    d->len = len;
    d->id = se->reading.id;
    memcpy(d->sha256, se->reading.sha256, sizeof d->sha256);
    se->ndocs++;
}

void seat_on_document(void *ctx, int32_t id, size_t received, size_t size, const char *text,
                      bool ok)
{
    struct seat *se = ctx;
    if (se->mode != SEAT_READ || id != se->reading.id || pager_is_open(&se->pager)) return;
    se->received = received;
    se->size = size;
    if (received == size && ok && text) {
        keep(se, text, size);
        pager_open(&se->pager, se->reading.title, text, size);
    } else if (received == size) {
        se->doc_failed = true;
    }
    if (se->base.screen) screen_dirty(se->base.screen);
}

void seat_docs_free(struct seat *se)
{
    for (int i = 0; i < se->ndocs; i++) free(se->docs[i].text);
    free(se->docs);
    pager_close(&se->pager);
}

/* ---- drawing ---- */

static void size_words(int32_t bytes, char *out, size_t cap)
{
    if (bytes >= 10 * 1024)
        snprintf(out, cap, _("%d KiB"), (int)((bytes + 1023) / 1024));
    else
        snprintf(out, cap, _("%d bytes"), (int)bytes);
}

static void draw_list(struct seat *se, struct screen *s, const struct item *it, int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, _("Documents of the item"));
    screen_put(s, 4, 1, cols - 2, ST_TEXT, it->title);
    for (int i = 0; i < it->document_count && 6 + i < rows - 1; i++) {
        const struct document *d = &it->documents[i];
        char size[32], text[PAINT_TEXT_MAX];
        size_words(d->size, size, sizeof size);
        snprintf(text, sizeof text, "%d  %s  (%s)%s", i + 1, d->title, size,
                 cached(se, d) ? "" : _("  not yet at this seat"));
        screen_put(s, 6 + i, PAINT_LEFT, cols - PAINT_LEFT - 1,
                   i == se->cursor ? ST_HEADER : ST_TEXT, text);
    }
    const char *const pairs[] = {"1-9", _("read"), "Enter", _("read"), "Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

static void draw_arriving(struct seat *se, struct screen *s, int rows, int cols)
{
    screen_put(s, 3, 1, cols - 2, ST_STRONG, se->reading.title);
    if (se->doc_failed) {
        screen_wrap(s, 5, PAINT_LEFT, cols - 4, 3, ST_ALERT,
                    _("[!] The document that arrived is not the one recorded (its SHA-256 "
                      "differs): ask the secretary."));
    } else {
        size_t size = se->size ? se->size : (size_t)se->reading.size;
        int percent = size ? (int)(se->received * 100 / size) : 0;
        char text[PAINT_TEXT_MAX];
        snprintf(text, sizeof text, _("Receiving the document: %d%%"), percent);
        screen_put(s, 5, PAINT_LEFT, cols - 4, ST_TEXT, text);
        screen_bar(s, 7, PAINT_LEFT, cols - 2 * PAINT_LEFT, (int64_t)se->received, (int64_t)size,
                   ST_TEXT);
    }
    const char *const pairs[] = {"Esc", _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

void seat_docs_draw(struct seat *se, struct screen *s, const struct core_state *st, int rows,
                    int cols)
{
    const struct item *it = docs_item(st);
    if (se->mode == SEAT_DOCS && it) return draw_list(se, s, it, rows, cols);
    if (se->mode != SEAT_READ) return;
    if (!pager_is_open(&se->pager)) return draw_arriving(se, s, rows, cols);
    pager_draw(&se->pager, s, 0, rows - 1, cols);
    const char *const pairs[] = {"PgUp/PgDn",     _("scroll"), "/",       _("search"), "n",
                                 _("next match"), "q",         _("back"), NULL};
    seat_hints(s, rows - 1, cols, pairs);
}

/* ---- keys ---- */

static void list_key(struct seat *se, const struct item *it, int rc, wint_t ch)
{
    int digit = 0;
    switch (seat_pad(rc, ch, &digit)) {
    case PAD_DIGIT:
        if (digit >= 1 && digit <= it->document_count) read_document(se, &it->documents[digit - 1]);
        return;
    case PAD_UP:
        if (se->cursor > 0) se->cursor--;
        return;
    case PAD_DOWN:
        if (se->cursor + 1 < it->document_count) se->cursor++;
        return;
    case PAD_ENTER:
        if (se->cursor < it->document_count) read_document(se, &it->documents[se->cursor]);
        return;
    case PAD_ESC:
        return seat_main(se);
    default:
        if (rc == OK && ch == 'q') seat_main(se);
    }
}

void seat_docs_key(struct seat *se, const struct core_state *st, struct screen *s, int rc,
                   wint_t ch)
{
    (void)s;
    const struct item *it = docs_item(st);
    if (se->mode == SEAT_DOCS) {
        if (!it) return seat_main(se);
        return list_key(se, it, rc, ch);
    }
    if (pager_is_open(&se->pager) && pager_key(&se->pager, se->pager.rows, rc, ch)) return;
    if (pager_is_open(&se->pager) || (rc == OK && (ch == KEY_ESC || ch == 'q'))) {
        pager_close(&se->pager);
        se->mode = it ? SEAT_DOCS : SEAT_MAIN;
        if (!it) seat_main(se);
    }
}
