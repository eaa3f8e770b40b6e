/* Translatable text.  _() translates a message where it is used; N_() only marks a string
 * (in a static table) for the catalogue, and the code passes it through _() when it prints. */
#ifndef CMTE_TUI_I18N_H
#define CMTE_TUI_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
