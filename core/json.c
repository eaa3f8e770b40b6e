/* Strict readers over cJSON objects. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/json.h"

enum core_err json_int_value(const cJSON *v, const char *key, int64_t min, int64_t max,
                             int64_t *out, struct core_error *err)
{
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    if (!cJSON_IsNumber(v)) return refuse(err, ERR_BAD_MESSAGE, "'%s' is not a number", key);
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < (double)min || d > (double)max)
        return refuse(err, ERR_BAD_MESSAGE, "'%s' is out of range", key);
    *out = (int64_t)d;
    return ERR_OK;
}

enum core_err json_int(const cJSON *o, const char *key, int64_t min, int64_t max, int64_t *out,
                       struct core_error *err)
{
    return json_int_value(cJSON_GetObjectItemCaseSensitive(o, key), key, min, max, out, err);
}

enum core_err json_i32(const cJSON *o, const char *key, int32_t min, int32_t max, int32_t *out,
                       struct core_error *err)
{
    int64_t v;
    enum core_err rc = json_int(o, key, min, max, &v, err);
    if (rc == ERR_OK) *out = (int32_t)v;
    return rc;
}

enum core_err json_bool_value(const cJSON *v, const char *key, bool *out, struct core_error *err)
{
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    if (!cJSON_IsBool(v)) return refuse(err, ERR_BAD_MESSAGE, "'%s' is not true or false", key);
    *out = cJSON_IsTrue(v);
    return ERR_OK;
}

enum core_err json_bool(const cJSON *o, const char *key, bool *out, struct core_error *err)
{
    return json_bool_value(cJSON_GetObjectItemCaseSensitive(o, key), key, out, err);
}

enum core_err json_str(const cJSON *o, const char *key, char *buf, size_t cap, bool multiline,
                       struct core_error *err)
{
    return json_str_value(cJSON_GetObjectItemCaseSensitive(o, key), key, buf, cap, multiline, err);
}

enum core_err json_str_value(const cJSON *v, const char *key, char *buf, size_t cap, bool multiline,
                             struct core_error *err)
{
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    if (!cJSON_IsString(v) || !v->valuestring)
        return refuse(err, ERR_BAD_MESSAGE, "'%s' is not text", key);
    size_t n = strlen(v->valuestring);
    if (n >= cap)
        return refuse(err, ERR_BAD_MESSAGE, "'%s' is longer than %zu bytes", key, cap - 1);
    if (!text_ok(v->valuestring, multiline))
        return refuse(err, ERR_BAD_MESSAGE, "'%s' is not clean UTF-8 text", key);
    memcpy(buf, v->valuestring, n + 1);
    return ERR_OK;
}

enum core_err json_name(const cJSON *o, const char *key, const char *(*name_of)(int), int count,
                        int *out, struct core_error *err)
{
    return json_name_value(cJSON_GetObjectItemCaseSensitive(o, key), key, name_of, count, out, err);
}

enum core_err json_name_value(const cJSON *v, const char *key, const char *(*name_of)(int),
                              int count, int *out, struct core_error *err)
{
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    if (cJSON_IsString(v) && v->valuestring)
        for (int i = 0; i < count; i++)
            if (strcmp(name_of(i), v->valuestring) == 0) {
                *out = i;
                return ERR_OK;
            }
    return refuse(err, ERR_BAD_MESSAGE, "'%s' is not a known name", key);
}

enum core_err json_only(const cJSON *o, const char *const *keys, struct core_error *err)
{
    if (!cJSON_IsObject(o)) return refuse(err, ERR_BAD_MESSAGE, "not an object");
    for (const cJSON *v = o->child; v; v = v->next) {
        bool known = false;
        for (const char *const *k = keys; *k && !known; k++)
            known = v->string && !strcmp(*k, v->string);
        if (!known)
            return refuse(err, ERR_BAD_MESSAGE, "unknown key '%.40s'", v->string ? v->string : "");
        for (const cJSON *w = v->next; w; w = w->next)
            if (w->string && v->string && !strcmp(w->string, v->string))
                return refuse(err, ERR_BAD_MESSAGE, "key '%.40s' twice", v->string);
    }
    return ERR_OK;
}

enum core_err json_array(const cJSON *o, const char *key, int max, const cJSON **arr,
                         struct core_error *err)
{
    return json_array_value(cJSON_GetObjectItemCaseSensitive(o, key), key, max, arr, err);
}

enum core_err json_array_value(const cJSON *v, const char *key, int max, const cJSON **arr,
                               struct core_error *err)
{
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'%s' is missing", key);
    if (!cJSON_IsArray(v)) return refuse(err, ERR_BAD_MESSAGE, "'%s' is not a list", key);
    if (cJSON_GetArraySize(v) > max)
        return refuse(err, ERR_BAD_MESSAGE, "'%s' has more than %d entries", key, max);
    *arr = v;
    return ERR_OK;
}

enum core_err json_parse_object(const char *text, size_t len, cJSON **out, struct core_error *err)
{
    *out = NULL;
    if (!text) return refuse(err, ERR_BAD_MESSAGE, "no text");
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!o) return refuse(err, ERR_BAD_MESSAGE, "not JSON");
    while (end && end < text + len && (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r'))
        end++;
    if (!cJSON_IsObject(o) || (end && end != text + len && *end != '\0')) {
        cJSON_Delete(o);
        return refuse(err, ERR_BAD_MESSAGE, "not one JSON object");
    }
    *out = o;
    return ERR_OK;
}

bool json_add_int(cJSON *o, const char *key, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return cJSON_AddRawToObject(o, key, text) != NULL;
}

char *json_print(cJSON *o)
{
    return o ? cJSON_PrintUnformatted(o) : NULL;
}
