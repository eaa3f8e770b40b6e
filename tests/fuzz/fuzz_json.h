/* What the fuzz targets of the JSON codecs share. */
#ifndef CMTE_TESTS_FUZZ_JSON_H
#define CMTE_TESTS_FUZZ_JSON_H

#include <cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool fuzz_whole_numbers(const cJSON *v)
{
    for (; v; v = v->next)
        if ((cJSON_IsNumber(v) && v->valuedouble != floor(v->valuedouble)) ||
            !fuzz_whole_numbers(v->child))
            return false;
    return true;
}

/* Every number in the core's JSON forms is a whole number, so text that a decoder accepted
 * holds no other: a fraction cut silently would change the message instead of refusing it. */
static inline void fuzz_check_whole_numbers(const uint8_t *data, size_t size)
{
    cJSON *o = cJSON_ParseWithLength((const char *)data, size);
    if (!o || !fuzz_whole_numbers(o)) __builtin_trap();
    cJSON_Delete(o);
}

#endif
