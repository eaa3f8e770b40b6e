/* The consoles' views (tui/view_*.c): each draws the meeting from a link's replica on a
 * screen (tui/screen.h) and takes the link's events. */
#ifndef CMTE_TUI_VIEWS_H
#define CMTE_TUI_VIEWS_H

#include "net/link.h"
#include "tui/screen.h"

/* The big-screen display (大屏): read only. */
struct display;

struct display *display_new(void);
void display_free(struct display *d);
/* Both are set before the loop runs: the screen first, as the link reports from its start. */
void display_set_screen(struct display *d, struct screen *s);
void display_set_link(struct display *d, struct link *l);

extern const struct screen_view display_view;
extern const struct link_events display_events;

#endif
