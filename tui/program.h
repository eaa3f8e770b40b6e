/* Where the running program is: the folder of its binary, for the files that stand beside
 * it (a build folder's message catalogue and the sample meeting's conf/). */
#ifndef CMTE_TUI_PROGRAM_H
#define CMTE_TUI_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

/* The absolute folder of the running binary into out; false when it cannot be told. */
bool program_dir(char *out, size_t size);

#endif
