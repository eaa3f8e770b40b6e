/* The error convention of net/'s pure modules: -1, with err filled when there is room. */
#ifndef CMTE_NET_FAIL_H
#define CMTE_NET_FAIL_H

#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 3, 4))) static inline int net_fail(char *err, size_t errlen,
                                                                 const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

#endif
