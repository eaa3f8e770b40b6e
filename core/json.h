/* Strict readers over cJSON objects, shared by the codecs: each names the key it refuses. */
#ifndef CMTE_CORE_JSON_H
#define CMTE_CORE_JSON_H

#include <cJSON.h>
#include <stddef.h>

#include "core/core.h"

enum core_err json_int(const cJSON *o, const char *key, int64_t min, int64_t max, int64_t *out,
                       struct core_error *err);
enum core_err json_i32(const cJSON *o, const char *key, int32_t min, int32_t max, int32_t *out,
                       struct core_error *err);
enum core_err json_bool(const cJSON *o, const char *key, bool *out, struct core_error *err);
enum core_err json_str(const cJSON *o, const char *key, char *buf, size_t cap, bool multiline,
                       struct core_error *err);
/* The same, of the value v found under key (NULL: missing), for readers that walk an object's
 * members once instead of looking each key up. */
enum core_err json_int_value(const cJSON *v, const char *key, int64_t min, int64_t max,
                             int64_t *out, struct core_error *err);
enum core_err json_bool_value(const cJSON *v, const char *key, bool *out, struct core_error *err);
enum core_err json_str_value(const cJSON *v, const char *key, char *buf, size_t cap, bool multiline,
                             struct core_error *err);
/* A name from a list, stored as its index. */
enum core_err json_name(const cJSON *o, const char *key, const char *(*name_of)(int), int count,
                        int *out, struct core_error *err);
enum core_err json_name_value(const cJSON *v, const char *key, const char *(*name_of)(int),
                              int count, int *out, struct core_error *err);
/* Refuse any key of o not in the NULL-terminated list. */
enum core_err json_only(const cJSON *o, const char *const *keys, struct core_error *err);
/* An array member of o, of at most max elements. */
enum core_err json_array(const cJSON *o, const char *key, int max, const cJSON **arr,
                         struct core_error *err);
enum core_err json_array_value(const cJSON *v, const char *key, int max, const cJSON **arr,
                               struct core_error *err);
/* Parse text as one JSON object. */
enum core_err json_parse_object(const char *text, size_t len, cJSON **out, struct core_error *err);
/* Add an integer member, printed exactly (cJSON prints a number past 32 bits with "%1.15g"
 * and reads it back with sscanf to check: microseconds for every event's time). */
bool json_add_int(cJSON *o, const char *key, int64_t v);
/* Print compactly; caller frees. */
char *json_print(cJSON *o);

#endif
