/* What every view shares: the status line and the reports of the feed.  See views.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/narrate.h"
#include "tui/views.h"

const char *base_refusal_words(const char *why)
{
    static const struct {
        const char *says, *words;
    } known[] = {
        {"is not enrolled", N_("this console is not enrolled with this meeting host")},
        {"was revoked", N_("this console was revoked: ask the secretary to enrol it again")},
        {"pins another hub key", N_("this console was enrolled with another meeting host")},
        {"not the hub this console was enrolled with",
         N_("this is not the meeting host this console was enrolled with")},
        {"protocol version", N_("the meeting host runs another version of cmte")},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(why, known[i].says)) return _(known[i].words);
    return why; /* the technical words, for whoever looks into it */
}

/* The status line.  A retry's "connecting" keeps the words of the failure before it, so that
 * the line does not flicker while the link retries. */
void base_update_status(struct view_base *b)
{
    char text[PAINT_TEXT_MAX * 2];
    enum screen_style st = ST_ALERT;
    if (b->asking) {
        snprintf(text, sizeof text, _("(y: yes, any other key: no) %s"), b->question);
    } else if (b->status == LINK_ONLINE) {
        st = b->notice[0] ? b->notice_style : ST_TEXT;
        snprintf(text, sizeof text, "%s",
                 b->notice[0]       ? b->notice
                 : b->last_event[0] ? b->last_event
                                    : _("Connected to the meeting host."));
    } else if (b->last_failure == LINK_REFUSED) {
        snprintf(text, sizeof text, _("[!] Not accepted by the meeting host (retrying): %s"),
                 base_refusal_words(b->why));
    } else if (b->was_online) {
        snprintf(text, sizeof text, "%s",
                 _("[!] Connection to the meeting host lost; reconnecting..."));
    } else if (b->last_failure == LINK_OFFLINE) {
        snprintf(text, sizeof text, "%s", _("[!] Cannot reach the meeting host; retrying..."));
    } else {
        st = ST_TEXT;
        snprintf(text, sizeof text, "%s", _("Connecting to the meeting host..."));
    }
    /* a question takes the whole line */
    if (b->screen) screen_status(b->screen, st, text, b->asking ? NULL : b->name);
}

void base_notice(struct view_base *b, enum screen_style st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->notice, sizeof b->notice, fmt, ap);
    va_end(ap);
    b->notice_style = st;
    base_update_status(b);
}

void base_key(struct view_base *b)
{
    if (!b->notice[0]) return;
    b->notice[0] = '\0';
    base_update_status(b);
}

bool base_send(struct view_base *b, const struct command *c, const char *pin)
{
    if (feed_send(&b->feed, c, pin)) return true;
    base_notice(b, ST_ALERT, "%s", _("[!] Too many commands are waiting for the meeting host."));
    return false;
}

void base_ask(struct view_base *b, const struct command *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->question, sizeof b->question, fmt, ap);
    va_end(ap);
    b->asked = *c;
    b->asking = true;
    base_update_status(b);
}

bool base_ask_key(struct view_base *b, int rc, wint_t ch)
{
    if (!b->asking) return false;
    b->asking = false;
    if (rc == OK && (ch == L'y' || ch == L'Y')) {
        base_notice(b, ST_TEXT, "%s", _("Sent.")); /* first: the answer may come at once */
        base_send(b, &b->asked, NULL);
    } else {
        base_notice(b, ST_TEXT, "%s", _("Not done."));
    }
    return true;
}

void base_refusal(struct view_base *b, const struct msg_answer *a)
{
    if (a->detail[0])
        base_notice(b, ST_ALERT, _("[!] Refused: %s (%s)"), i18n_core_err(a->code), a->detail);
    else
        base_notice(b, ST_ALERT, _("[!] Refused: %s"), i18n_core_err(a->code));
}

void base_on_status(void *ctx, enum link_status st, const char *why)
{
    struct view_base *b = ctx;
    b->status = st;
    if (st == LINK_ONLINE) {
        b->was_online = true;
        b->last_failure = LINK_ONLINE;
    } else if (st == LINK_OFFLINE || st == LINK_REFUSED) {
        b->last_failure = st;
        snprintf(b->why, sizeof b->why, "%s", why ? why : "");
    }
    base_update_status(b);
}

void base_on_welcome(void *ctx, const struct msg_welcome *w)
{
    struct view_base *b = ctx;
    snprintf(b->name, sizeof b->name, "%s", w->name);
    base_update_status(b);
}

void base_on_synced(void *ctx, const struct core_state *s, int64_t seq)
{
    struct view_base *b = ctx;
    (void)s, (void)seq;
    if (b->screen) screen_dirty(b->screen);
}

/* The newest event that has words, on one line, into b->last_event. */
static void remember_event(struct view_base *b, const struct core_state *s, const struct event *ev,
                           int n)
{
    for (int i = n - 1; i >= 0; i--) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f) return;
        narrate_event(f, s, &ev[i]);
        fclose(f);
        char *nl = text ? strchr(text, '\n') : NULL;
        if (nl) *nl = '\0';
        bool said = text && text[0];
        if (said) snprintf(b->last_event, sizeof b->last_event, "%s", text);
        free(text);
        if (said) return;
    }
}

void base_on_applied(void *ctx, const struct core_state *s, const struct event *ev, int n)
{
    struct view_base *b = ctx;
    remember_event(b, s, ev, n);
    base_update_status(b);
}

void base_on_answer(void *ctx, const struct command *c, const struct msg_answer *a)
{
    struct view_base *b = ctx;
    (void)c;
    if (!a->ok) base_refusal(b, a);
}
