/* The state's life cycle, lookups, counts and the small helpers every domain file uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

struct core_state *core_state_new(const struct core_rules *rules)
{
    struct core_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (rules)
        s->rules = *rules;
    else
        rules_default(&s->rules);
    s->next_id = 1;
    return s;
}

void item_free(struct item *it)
{
    free(it->sitting_notes);
    free(it->speakers);
    free(it->respondents);
    free(it->questions);
    free(it->ballot.marks);
    free(it->ballot.subjects);
    memset(it, 0, sizeof *it);
}

void core_state_free(struct core_state *s)
{
    if (!s) return;
    for (int i = 0; i < s->item_count; i++) item_free(&s->items[i]);
    free(s->items);
    free(s->people);
    free(s->person_slots);
    free(s->papers);
    free(s->opinions);
    free(s);
}

int grow(void **arr, int *cap, int need, size_t elem)
{
    if (need <= *cap) return 0;
    int n = *cap ? *cap * 2 : 8;
    while (n < need) n *= 2;
    void *p = realloc(*arr, (size_t)n * elem);
    if (!p) return -1;
    memset((char *)p + (size_t)*cap * elem, 0, (size_t)(n - *cap) * elem);
    *arr = p;
    *cap = n;
    return 0;
}

struct subject *ballot_subject_new(struct ballot *b)
{
    if (b->subject_count >= SUBJECTS_MAX ||
        grow((void **)&b->subjects, &b->subject_cap, b->subject_count + 1, sizeof *b->subjects))
        return NULL;
    struct subject *sub = &b->subjects[b->subject_count++];
    memset(sub, 0, sizeof *sub);
    return sub;
}

void remove_at(void *arr, int *count, int i, size_t elem)
{
    char *a = arr;
    memmove(a + (size_t)i * elem, a + (size_t)(i + 1) * elem, (size_t)(*count - i - 1) * elem);
    (*count)--;
}

void gap_at(void *arr, int *count, int i, size_t elem)
{
    char *a = arr;
    memmove(a + (size_t)(i + 1) * elem, a + (size_t)i * elem, (size_t)(*count - i) * elem);
    (*count)++;
}

void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) { /* cut at a character boundary, never inside a UTF-8 sequence */
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

struct event *emit(struct event_batch *b, enum event_type t, const struct params *p)
{
    struct event *e = &b->events[b->count++];
    memset(e, 0, sizeof *e);
    e->type = t;
    if (p) e->p = *p;
    return e;
}

enum core_err refuse(struct core_error *err, enum core_err code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->detail[0] = '\0';
        if (fmt) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err->detail, sizeof err->detail, fmt, ap);
            va_end(ap);
        }
    }
    return code;
}

/* Lookups. */

/* People are found by id through a hash table (every ballot cast and link change looks one up:
 * a linear search made a 1000-member replica quadratic). */
static uint32_t person_slot(int32_t id, int cap)
{
    return ((uint32_t)id * 2654435761u) & (uint32_t)(cap - 1);
}

static void person_slot_put(struct core_state *s, int i)
{
    uint32_t h = person_slot(s->people[i].id, s->person_slot_cap);
    while (s->person_slots[h]) h = (h + 1) & (uint32_t)(s->person_slot_cap - 1);
    s->person_slots[h] = i + 1;
}

int core_people_indexed(struct core_state *s)
{
    int cap = 16;
    while (cap < 2 * s->person_count) cap *= 2;
    if (cap != s->person_slot_cap) {
        int32_t *slots = realloc(s->person_slots, (size_t)cap * sizeof *slots);
        if (!slots) return -1;
        s->person_slots = slots;
        s->person_slot_cap = cap;
    }
    memset(s->person_slots, 0, (size_t)cap * sizeof *s->person_slots);
    for (int i = 0; i < s->person_count; i++) person_slot_put(s, i);
    return 0;
}

int core_person_added(struct core_state *s)
{
    if (2 * s->person_count > s->person_slot_cap) return core_people_indexed(s);
    person_slot_put(s, s->person_count - 1);
    return 0;
}

int core_person_index(const struct core_state *s, int32_t id)
{
    if (!s->person_slot_cap) return -1;
    uint32_t mask = (uint32_t)(s->person_slot_cap - 1);
    for (uint32_t h = person_slot(id, s->person_slot_cap);; h = (h + 1) & mask) {
        int32_t v = s->person_slots[h];
        if (!v) return -1;
        if (s->people[v - 1].id == id) return v - 1;
    }
}

struct person *core_person(const struct core_state *s, int32_t id)
{
    int i = core_person_index(s, id);
    return i < 0 ? NULL : &s->people[i];
}

struct person *core_person_at_seat(const struct core_state *s, int32_t seat)
{
    for (int i = 0; seat > 0 && i < s->person_count; i++)
        if (s->people[i].seat == seat) return &s->people[i];
    return NULL;
}

struct item *core_item(const struct core_state *s, int32_t id)
{
    for (int i = 0; i < s->item_count; i++)
        if (s->items[i].id == id) return &s->items[i];
    return NULL;
}

struct item *core_open_item(const struct core_state *s)
{
    return s->meeting.current_item ? core_item(s, s->meeting.current_item) : NULL;
}

struct speaker *core_speaker(const struct item *it, int32_t id)
{
    for (int i = 0; i < it->speaker_count; i++)
        if (it->speakers[i].id == id) return &it->speakers[i];
    return NULL;
}

struct speaker *core_floor(const struct item *it, int32_t sitting)
{
    for (int i = 0; i < it->speaker_count; i++)
        if (it->speakers[i].state == SPK_SPEAKING && it->speakers[i].sitting == sitting)
            return &it->speakers[i];
    return NULL;
}

struct question *core_question(const struct item *it, int32_t id)
{
    for (int i = 0; i < it->question_count; i++)
        if (it->questions[i].id == id) return &it->questions[i];
    return NULL;
}

struct question *core_active_question(const struct item *it)
{
    for (int i = 0; i < it->question_count; i++) {
        enum question_state q = it->questions[i].state;
        if (q != Q_WAITING && q != Q_DONE) return &it->questions[i];
    }
    return NULL;
}

struct respondent *core_respondent(const struct item *it, int32_t id)
{
    for (int i = 0; i < it->respondent_count; i++)
        if (it->respondents[i].id == id) return &it->respondents[i];
    return NULL;
}

struct subject *core_subject(const struct ballot *b, int32_t id)
{
    for (int i = 0; i < b->subject_count; i++)
        if (b->subjects[i].id == id) return (struct subject *)&b->subjects[i];
    return NULL;
}

/* The counts. */

int32_t core_members(const struct core_state *s)
{
    int32_t n = 0;
    for (int i = 0; i < s->person_count; i++) n += s->people[i].kind == PERSON_MEMBER;
    return n;
}

int32_t core_signed_in(const struct core_state *s)
{
    int32_t n = 0;
    for (int i = 0; i < s->person_count; i++)
        n += s->people[i].kind == PERSON_MEMBER && s->people[i].attendance == ATT_PRESENT;
    return n;
}

bool core_quorum(const struct core_state *s)
{
    return quorum_met(&s->rules, core_members(s), core_signed_in(s));
}

int64_t speech_remaining_ms(int64_t started_at, int32_t limit_s, int32_t extension_s, int64_t now)
{
    return started_at + ((int64_t)limit_s + extension_s) * 1000 - now;
}

/* Ballot marks: one byte per (person, subject). */

uint8_t *ballot_mark(const struct ballot *b, int person_index, int subject_index)
{
    if (!b->marks || person_index < 0 || person_index >= b->marks_people) return NULL;
    return &b->marks[(size_t)person_index * SUBJECTS_MAX + (size_t)subject_index];
}

bool core_has_cast(const struct core_state *s, const struct item *it, int32_t person, int k)
{
    if (k < 0 || k >= it->ballot.subject_count) return false;
    const uint8_t *m = ballot_mark(&it->ballot, core_person_index(s, person), k);
    return m && *m != 0;
}

bool core_cast_done(const struct core_state *s, const struct item *it, int32_t person)
{
    for (int k = 0; k < it->ballot.subject_count; k++)
        if (core_on_vote(&it->ballot, k) && !core_has_cast(s, it, person, k)) return false;
    return true;
}

int ballot_resize_marks(struct ballot *b, int people)
{
    if (people <= b->marks_people && b->marks) return 0;
    size_t n = (size_t)(people ? people : 1) * SUBJECTS_MAX;
    uint8_t *m = realloc(b->marks, n);
    if (!m) return -1;
    size_t old = (size_t)b->marks_people * SUBJECTS_MAX;
    memset(m + old, 0, n - old);
    b->marks = m;
    b->marks_people = people;
    return 0;
}

void ballot_reset(struct ballot *b)
{
    free(b->marks);
    b->marks = NULL;
    b->marks_people = 0;
}
