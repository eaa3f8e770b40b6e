/* Where the running program is.  See program.h. */
#include <string.h>
#include <unistd.h>

#include "tui/program.h"

bool program_dir(char *out, size_t size)
{
    if (size < 2) return false;
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    if (n <= 0 || (size_t)n >= size - 1) return false;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash) return false;
    *slash = '\0';
    return true;
}
