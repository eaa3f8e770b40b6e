/* Commands and events to and from JSON, driven by the field table below and the rows of
 * command_specs and event_specs. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/internal.h"
#include "core/json.h"

enum field_type { FT_INT, FT_BOOL, FT_STR, FT_TEXT, FT_KIND, FT_CHOICES, FT_RESULTS, FT_RULES };

struct field_desc {
    enum field bit;
    const char *key;
    enum field_type type;
    size_t offset;
    size_t size;
    int32_t min, max;
    bool optional; /* absent in JSON means 0, and 0 is not written */
};

#define P(m) offsetof(struct params, m), sizeof(((struct params *)0)->m)
static const struct field_desc fields[] = {
    {F_ID, "id", FT_INT, P(id), 0, INT32_MAX},
    {F_ITEM, "item", FT_INT, P(item), 0, INT32_MAX},
    {F_PERSON, "person", FT_INT, P(person), 0, INT32_MAX},
    {F_RESPONDENT, "respondent", FT_INT, P(respondent), 0, INT32_MAX},
    {F_POSITION, "position", FT_INT, P(position), 0, PEOPLE_MAX},
    {F_SECONDS, "seconds", FT_INT, P(seconds), 0, 86400},
    {F_NUMBER, "number", FT_INT, P(number), 0, 1000000},
    {F_KIND, "kind", FT_KIND, P(kind), 0, 0},
    {F_MEMBERS, "members", FT_INT, P(members), 0, PEOPLE_MAX},
    {F_SIGNED_IN, "signed_in", FT_INT, P(signed_in), 0, PEOPLE_MAX},
    {F_FLAG, "flag", FT_BOOL, P(flag), 0, 0},
    {F_NAME, "name", FT_STR, P(name), 0, 0},
    {F_TITLE, "title", FT_STR, P(title), 0, 0},
    {F_GROUP, "group", FT_STR, P(group), 0, 0},
    {F_DATE, "date", FT_STR, P(date), 0, 0},
    {F_DETAIL, "detail", FT_STR, P(detail), 0, 0},
    {F_TEXT, "text", FT_TEXT, P(text), 0, 0},
    {F_CHOICES, "choices", FT_CHOICES, P(choices), 0, 0},
    {F_RESULTS, "results", FT_RESULTS, P(results), 0, 0},
    {F_RULES, "rules", FT_RULES, P(rules), 0, 0},
    {F_CHOOSE, "choose", FT_INT, P(choose), 0, SUBJECTS_MAX, true},
    {F_SUBJECT, "subject", FT_INT, P(subject), 0, INT32_MAX, true},
    {F_SIZE, "size", FT_INT, P(size), 0, INT32_MAX, true},
    {F_SITTING, "sitting", FT_INT, P(sitting), 0, SITTING_JOINT, true},
};
#undef P
enum { FIELD_COUNT = sizeof fields / sizeof fields[0] };

static void *at(struct params *p, const struct field_desc *f)
{
    return (char *)p + f->offset;
}
static const void *cat(const struct params *p, const struct field_desc *f)
{
    return (const char *)p + f->offset;
}

/* Encoding. */

static cJSON *choices_to_json(const struct params *p, bool hide_options)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < p->choice_count; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "subject", p->choices[i].subject);
        if (!hide_options && p->choices[i].option >= 0)
            cJSON_AddNumberToObject(c, "option", p->choices[i].option);
        cJSON_AddItemToArray(arr, c);
    }
    return arr;
}

static cJSON *results_to_json(const struct params *p)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < p->result_count; i++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "subject", p->results[i].subject);
        cJSON_AddItemToObject(r, "counts", cJSON_CreateIntArray(p->results[i].counts, OPTIONS_MAX));
        cJSON_AddItemToArray(arr, r);
    }
    return arr;
}

static cJSON *field_to_json(const struct field_desc *f, const struct params *p, enum kind_names kn,
                            bool hide_options)
{
    switch (f->type) {
    case FT_INT:
        return cJSON_CreateNumber(*(const int32_t *)cat(p, f));
    case FT_BOOL:
        return cJSON_CreateBool(*(const bool *)cat(p, f));
    case FT_STR:
    case FT_TEXT:
        return cJSON_CreateString((const char *)cat(p, f));
    case FT_KIND: {
        const char *n = kind_name(kn, p->kind);
        return n ? cJSON_CreateString(n) : cJSON_CreateNumber(p->kind);
    }
    case FT_CHOICES:
        return choices_to_json(p, hide_options);
    case FT_RESULTS:
        return results_to_json(p);
    case FT_RULES:
        return rules_to_json(&p->rules);
    }
    return NULL;
}

static void params_to_json(cJSON *o, uint32_t mask, enum kind_names kn, const struct params *p,
                           bool hide_options)
{
    for (int i = 0; i < FIELD_COUNT; i++) {
        if (!(mask & fields[i].bit)) continue;
        if (fields[i].optional && *(const int32_t *)cat(p, &fields[i]) == 0) continue;
        cJSON_AddItemToObject(o, fields[i].key, field_to_json(&fields[i], p, kn, hide_options));
    }
}

cJSON *command_to_json(const struct command *c)
{
    if ((int)c->type < 0 || c->type >= CMD_COUNT) return NULL;
    const struct command_spec *spec = &command_specs[c->type];
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "type", spec->name);
    params_to_json(o, spec->fields, spec->kinds, &c->p, false);
    return o;
}

/* Does the public form of e hide its choices?  (A cast on a secret ballot.) */
static bool hides_choices(const struct event *e)
{
    return e->type == EV_BALLOT_CAST_RECORDED && e->p.flag;
}

/* The paper drawn for an exam and the answers given are the hub's only. */
static void hide_exam(struct event *e)
{
    e->p.paper_count = 0;
    memset(e->p.paper, 0, sizeof e->p.paper);
    memset(e->p.paper_key, 0, sizeof e->p.paper_key);
}

void event_publicize(struct event *e)
{
    if (e->type == EV_EXAM_ANSWERED && e->p.number) e->p.number = EXAM_HIDDEN;
    if (e->p.paper_count) hide_exam(e);
    if (!hides_choices(e)) return;
    for (int i = 0; i < e->p.choice_count; i++) e->p.choices[i].option = -1;
}

cJSON *event_to_json(const struct event *e, bool public_form)
{
    if ((int)e->type < 0 || e->type >= EV_COUNT) return NULL;
    const struct event_spec *spec = &event_specs[e->type];
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    json_add_int(o, "seq", e->seq);
    json_add_int(o, "time", e->time);
    cJSON_AddStringToObject(o, "type", spec->name);
    cJSON *actor = cJSON_AddObjectToObject(o, "actor");
    cJSON_AddStringToObject(actor, "role",
                            role_name(e->actor.role) ? role_name(e->actor.role) : "");
    cJSON_AddNumberToObject(actor, "person", e->actor.person);
    bool hide = public_form && hides_choices(e);
    struct params hidden;
    const struct params *p = &e->p;
    if (public_form && e->type == EV_EXAM_ANSWERED && e->p.number) {
        hidden = e->p;
        hidden.number = EXAM_HIDDEN;
        p = &hidden;
    }
    params_to_json(o, spec->fields, spec->kinds, p, hide);
    return o;
}

/* Decoding. */

static enum core_err choices_from_value(const cJSON *v, struct params *p, bool option_optional,
                                        struct core_error *err)
{
    const cJSON *arr;
    enum core_err rc = json_array_value(v, "choices", SUBJECTS_MAX, &arr, err);
    if (rc != ERR_OK) return rc;
    static const char *const keys[] = {"subject", "option", NULL};
    p->choice_count = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, arr)
    {
        struct choice *ch = &p->choices[p->choice_count++];
        rc = json_only(c, keys, err);
        if (rc == ERR_OK) rc = json_i32(c, "subject", 1, INT32_MAX, &ch->subject, err);
        if (rc != ERR_OK) return rc;
        ch->option = -1;
        if (option_optional && !cJSON_GetObjectItemCaseSensitive(c, "option")) continue;
        rc = json_i32(c, "option", 0, OPTIONS_MAX - 1, &ch->option, err);
        if (rc != ERR_OK) return rc;
    }
    return ERR_OK;
}

static enum core_err results_from_value(const cJSON *v, struct params *p, struct core_error *err)
{
    const cJSON *arr;
    enum core_err rc = json_array_value(v, "results", SUBJECTS_MAX, &arr, err);
    if (rc != ERR_OK) return rc;
    static const char *const keys[] = {"subject", "counts", NULL};
    p->result_count = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, arr)
    {
        struct subject_counts *sc = &p->results[p->result_count++];
        const cJSON *counts;
        rc = json_only(r, keys, err);
        if (rc == ERR_OK) rc = json_i32(r, "subject", 1, INT32_MAX, &sc->subject, err);
        if (rc == ERR_OK) rc = json_array(r, "counts", OPTIONS_MAX, &counts, err);
        if (rc != ERR_OK) return rc;
        if (cJSON_GetArraySize(counts) != OPTIONS_MAX)
            return refuse(err, ERR_BAD_MESSAGE, "'counts' needs %d numbers", OPTIONS_MAX);
        for (int k = 0; k < OPTIONS_MAX; k++) {
            const cJSON *n = cJSON_GetArrayItem(counts, k);
            if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > PEOPLE_MAX ||
                n->valuedouble != (double)(int32_t)n->valuedouble)
                return refuse(err, ERR_BAD_MESSAGE, "'counts' out of range");
            sc->counts[k] = (int32_t)n->valuedouble;
        }
    }
    return ERR_OK;
}

static const char *kn_person(int i)
{
    return kind_name(KN_PERSON, i);
}
static const char *kn_attendance(int i)
{
    return kind_name(KN_ATTENDANCE, i);
}
static const char *kn_item(int i)
{
    return kind_name(KN_ITEM, i);
}
static const char *kn_speech(int i)
{
    return kind_name(KN_SPEECH, i);
}

static const char *kn_method(int i)
{
    return kind_name(KN_METHOD, i);
}
static const char *kn_case(int i)
{
    return kind_name(KN_CASE, i);
}
static const char *kn_oath(int i)
{
    return kind_name(KN_OATH, i);
}
static const char *kn_sitting(int i)
{
    return kind_name(KN_SITTING, i);
}

static enum core_err kind_from_value(const cJSON *v, enum kind_names kn, struct params *p,
                                     struct core_error *err)
{
    static const char *(*const lists[])(int) = {
        [KN_PERSON] = kn_person, [KN_ATTENDANCE] = kn_attendance, [KN_ITEM] = kn_item,
        [KN_SPEECH] = kn_speech, [KN_METHOD] = kn_method,         [KN_CASE] = kn_case,
        [KN_OATH] = kn_oath,     [KN_SITTING] = kn_sitting,
    };
    int64_t n;
    int k;
    enum core_err rc = kn == KN_NONE
                           ? json_int_value(v, "kind", 0, 100, &n, err)
                           : json_name_value(v, "kind", lists[kn], kind_count(kn), &k, err);
    if (rc == ERR_OK) p->kind = kn == KN_NONE ? (int32_t)n : k;
    return rc;
}

/* Field f from its JSON value v (NULL when the key is missing). */
static enum core_err field_from_value(const cJSON *v, const struct field_desc *f,
                                      enum kind_names kn, struct params *p, struct core_error *err)
{
    if (f->optional && !v) return ERR_OK; /* 0 */
    int64_t n;
    enum core_err rc;
    switch (f->type) {
    case FT_INT:
        rc = json_int_value(v, f->key, f->min, f->max, &n, err);
        if (rc == ERR_OK) *(int32_t *)at(p, f) = (int32_t)n;
        return rc;
    case FT_BOOL:
        return json_bool_value(v, f->key, (bool *)at(p, f), err);
    case FT_STR:
        return json_str_value(v, f->key, (char *)at(p, f), f->size, false, err);
    case FT_TEXT:
        return json_str_value(v, f->key, (char *)at(p, f), f->size, true, err);
    case FT_KIND:
        return kind_from_value(v, kn, p, err);
    case FT_RESULTS:
        return results_from_value(v, p, err);
    case FT_RULES:
        return v ? rules_from_json(v, &p->rules, err)
                 : refuse(err, ERR_BAD_MESSAGE, "'rules' is missing");
    case FT_CHOICES:
        break; /* after the flag: see params_from_json */
    }
    return ERR_OK;
}

/* The field in mask named key; -1 when none (its name is compared with those in mask only). */
static int field_index(uint32_t mask, const char *key)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        if ((mask & fields[i].bit) && strcmp(fields[i].key, key) == 0) return i;
    return -1;
}

/* The keys around the fields (an event's seq, time, type and actor), read by the caller. */
enum { ENVELOPE_MAX = 4 };
struct envelope {
    const char *const *keys; /* NULL-terminated, at most ENVELOPE_MAX */
    const cJSON *found[ENVELOPE_MAX];
};

static int envelope_index(const struct envelope *env, const char *key)
{
    for (int i = 0; env->keys[i]; i++)
        if (strcmp(env->keys[i], key) == 0) return i;
    return -1;
}

/* One walk over o's members: each must be a field in mask or an envelope key, and come once.
 * Every command the hub reads and every event a console applies comes through here. */
static enum core_err members_found(const cJSON *o, uint32_t mask, struct envelope *env,
                                   const cJSON *found[FIELD_COUNT], struct core_error *err)
{
    if (!cJSON_IsObject(o)) return refuse(err, ERR_BAD_MESSAGE, "not an object");
    for (const cJSON *v = o->child; v; v = v->next) {
        const char *key = v->string ? v->string : "";
        int x = envelope_index(env, key), i = x < 0 ? field_index(mask, key) : -1;
        if (i < 0 && x < 0) return refuse(err, ERR_BAD_MESSAGE, "unknown key '%.40s'", key);
        const cJSON **slot = i >= 0 ? &found[i] : &env->found[x];
        if (*slot) return refuse(err, ERR_BAD_MESSAGE, "key '%.40s' twice", key);
        *slot = v;
    }
    return ERR_OK;
}

/* Read exactly the fields in mask (and find the envelope's keys) from o. */
static enum core_err params_from_json(const cJSON *o, uint32_t mask, enum kind_names kn,
                                      struct envelope *env, struct params *p, bool option_optional,
                                      struct core_error *err)
{
    const cJSON *found[FIELD_COUNT] = {NULL};
    memset(p, 0, sizeof *p);
    enum core_err rc = members_found(o, mask, env, found, err);
    int choices = -1;
    for (int i = 0; rc == ERR_OK && i < FIELD_COUNT; i++) {
        if (!(mask & fields[i].bit)) continue;
        if (fields[i].type == FT_CHOICES) choices = i;
        rc = field_from_value(found[i], &fields[i], kn, p, err);
    }
    if (rc == ERR_OK && choices >= 0)
        rc = choices_from_value(found[choices], p, option_optional && p->flag, err);
    return rc;
}

enum core_err command_from_json(const cJSON *o, struct command *c, struct core_error *err)
{
    static const char *const keys[] = {"type", NULL};
    struct envelope env = {keys, {NULL}};
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
    if (!cJSON_IsString(t) || !t->valuestring)
        return refuse(err, ERR_BAD_MESSAGE, "'type' is missing");
    int type = command_type_parse(t->valuestring);
    if (type < 0) return refuse(err, ERR_BAD_MESSAGE, "unknown command '%.40s'", t->valuestring);
    c->type = (enum command_type)type;
    const struct command_spec *spec = &command_specs[type];
    return params_from_json(o, spec->fields, spec->kinds, &env, &c->p, false, err);
}

static const char *role_at(int i)
{
    return role_name((enum role)i);
}

static enum core_err actor_from_value(const cJSON *v, struct actor *a, struct core_error *err)
{
    static const char *const keys[] = {"role", "person", NULL};
    if (!v) return refuse(err, ERR_BAD_MESSAGE, "'actor' is missing");
    enum core_err rc = json_only(v, keys, err);
    int role;
    if (rc == ERR_OK) rc = json_name(v, "role", role_at, ROLE_COUNT, &role, err);
    if (rc == ERR_OK) rc = json_i32(v, "person", 0, INT32_MAX, &a->person, err);
    if (rc == ERR_OK) a->role = (enum role)role;
    return rc;
}

enum core_err event_from_json(const cJSON *o, struct event *e, struct core_error *err)
{
    static const char *const keys[] = {"seq", "time", "type", "actor", NULL};
    struct envelope env = {keys, {NULL}};
    memset(e, 0, offsetof(struct event, p)); /* the params are cleared as they are read */
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
    if (!cJSON_IsString(t) || !t->valuestring)
        return refuse(err, ERR_BAD_MESSAGE, "'type' is missing");
    int type = event_type_parse(t->valuestring);
    if (type < 0) return refuse(err, ERR_BAD_MESSAGE, "unknown event '%.40s'", t->valuestring);
    e->type = (enum event_type)type;
    const struct event_spec *spec = &event_specs[type];
    enum core_err rc = params_from_json(o, spec->fields, spec->kinds, &env, &e->p, true, err);
    if (rc == ERR_OK) rc = json_int_value(env.found[0], "seq", 0, (int64_t)1 << 52, &e->seq, err);
    if (rc == ERR_OK) rc = json_int_value(env.found[1], "time", 0, (int64_t)1 << 52, &e->time, err);
    if (rc == ERR_OK) rc = actor_from_value(env.found[3], &e->actor, err);
    return rc;
}

/* The same checks as decoding, on params built in memory (a console inside the hub's
 * process sends commands without the codec). */
static enum core_err field_check(const struct field_desc *f, enum kind_names kn,
                                 const struct params *p, struct core_error *err)
{
    const char *m = cat(p, f);
    switch (f->type) {
    case FT_INT: {
        int32_t v = *(const int32_t *)m;
        return v < f->min || v > f->max ? refuse(err, ERR_BAD_VALUE, "'%s' out of range", f->key)
                                        : ERR_OK;
    }
    case FT_KIND:
        if (kn == KN_NONE ? p->kind < 0 || p->kind > 100 : !kind_name(kn, p->kind))
            return refuse(err, ERR_BAD_VALUE, "'kind' %d", (int)p->kind);
        return ERR_OK;
    case FT_STR:
    case FT_TEXT:
        if (!memchr(m, '\0', f->size) || !text_ok(m, f->type == FT_TEXT))
            return refuse(err, ERR_BAD_VALUE, "'%s' is not clean UTF-8 text", f->key);
        return ERR_OK;
    case FT_CHOICES:
        if (p->choice_count < 0 || p->choice_count > SUBJECTS_MAX)
            return refuse(err, ERR_BAD_VALUE, "'choices'");
        return ERR_OK;
    case FT_RESULTS:
        if (p->result_count < 0 || p->result_count > SUBJECTS_MAX)
            return refuse(err, ERR_BAD_VALUE, "'results'");
        return ERR_OK;
    case FT_BOOL:
    case FT_RULES:
        break;
    }
    return ERR_OK;
}

enum core_err params_check(uint32_t mask, enum kind_names kn, const struct params *p,
                           struct core_error *err)
{
    enum core_err rc = ERR_OK;
    for (int i = 0; rc == ERR_OK && i < FIELD_COUNT; i++)
        if (mask & fields[i].bit) rc = field_check(&fields[i], kn, p, err);
    return rc;
}

/* Text forms. */

char *command_encode(const struct command *c)
{
    cJSON *o = command_to_json(c);
    char *s = json_print(o);
    cJSON_Delete(o);
    return s;
}

char *event_encode(const struct event *e, bool public_form)
{
    cJSON *o = event_to_json(e, public_form);
    char *s = json_print(o);
    cJSON_Delete(o);
    return s;
}

enum core_err command_decode(const char *text, size_t len, struct command *c,
                             struct core_error *err)
{
    cJSON *o;
    enum core_err rc = json_parse_object(text, len, &o, err);
    if (rc == ERR_OK) rc = command_from_json(o, c, err);
    cJSON_Delete(o);
    return rc;
}

enum core_err event_decode(const char *text, size_t len, struct event *e, struct core_error *err)
{
    cJSON *o;
    enum core_err rc = json_parse_object(text, len, &o, err);
    if (rc == ERR_OK) rc = event_from_json(o, e, err);
    cJSON_Delete(o);
    return rc;
}
