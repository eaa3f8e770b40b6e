/* Names of everything that is encoded or shown, and text checks. */
#include <string.h>

#include "core/internal.h"

#define X_NAME(e, s) s,
static const char *const command_names[] = {CORE_COMMANDS(X_NAME)};
static const char *const event_names[] = {CORE_EVENTS(X_NAME)};
static const char *const error_messages[] = {CORE_ERRORS(X_NAME)};
#undef X_NAME

static const char *const role_names[ROLE_COUNT] = {
    "hub",        "chair",   "secretary", "member",   "attendee",
    "respondent", "display", "visitor",   "examinee",
};
static const char *const item_kind_names[ITEM_KIND_COUNT] = {
    "deliberation", "inquiry", "evaluation", "vote", "appointment", "other", "choice",
};
static const char *const meeting_state_names[MEETING_STATE_COUNT] = {
    "none", "scheduled", "open", "suspended", "closed",
};
static const char *const person_kind_names[PERSON_KIND_COUNT] = {"member", "attendee"};
static const char *const attendance_names[ATT_COUNT] = {"absent", "present", "leave"};
static const char *const method_names[COUNT_METHOD_COUNT] = {"keypad", "hands", "paper", "other"};
static const char *const case_kind_names[CASE_KIND_COUNT] = {"appoint", "dismiss", "remove",
                                                             "acting"};
static const char *const oath_form_names[OATH_FORM_COUNT] = {"none", "individual", "collective"};
static const char *const sitting_mode_names[SITS_MODE_COUNT] = {"plenary", "groups", "joint"};
static const char *const speech_kind_names[SPEECH_KIND_COUNT] = {
    "plenary",  "joint",           "group_first", "group_next", "question",      "answer",
    "followup", "followup_answer", "statement",   "defence",    "motion_answer",
};

#define NAME_OF(table, i)                                                                          \
    ((i) >= 0 && (size_t)(i) < sizeof(table) / sizeof(table)[0] ? (table)[i] : NULL)

const char *command_name(enum command_type t)
{
    return NAME_OF(command_names, (int)t);
}
const char *event_name(enum event_type t)
{
    return NAME_OF(event_names, (int)t);
}
const char *role_name(enum role r)
{
    return NAME_OF(role_names, (int)r);
}
const char *item_kind_name(enum item_kind k)
{
    return NAME_OF(item_kind_names, (int)k);
}
const char *meeting_state_name(enum meeting_state s)
{
    return NAME_OF(meeting_state_names, (int)s);
}

const char *case_kind_name(enum case_kind k)
{
    return NAME_OF(case_kind_names, (int)k);
}
const char *sitting_mode_name(enum sitting_mode m)
{
    return NAME_OF(sitting_mode_names, (int)m);
}
const char *oath_form_name(enum oath_form f)
{
    return NAME_OF(oath_form_names, (int)f);
}

const char *core_err_message(enum core_err e)
{
    const char *m = NAME_OF(error_messages, (int)e);
    return m ? m : "unknown error";
}

struct name_list {
    const char *const *names;
    int count;
};

static struct name_list kind_list(enum kind_names kn)
{
    switch (kn) {
    case KN_PERSON:
        return (struct name_list){person_kind_names, PERSON_KIND_COUNT};
    case KN_ATTENDANCE:
        return (struct name_list){attendance_names, ATT_COUNT};
    case KN_ITEM:
        return (struct name_list){item_kind_names, ITEM_KIND_COUNT};
    case KN_SPEECH:
        return (struct name_list){speech_kind_names, SPEECH_KIND_COUNT};
    case KN_METHOD:
        return (struct name_list){method_names, COUNT_METHOD_COUNT};
    case KN_CASE:
        return (struct name_list){case_kind_names, CASE_KIND_COUNT};
    case KN_OATH:
        return (struct name_list){oath_form_names, OATH_FORM_COUNT};
    case KN_SITTING:
        return (struct name_list){sitting_mode_names, SITS_MODE_COUNT};
    case KN_NONE:
        break;
    }
    return (struct name_list){NULL, 0};
}

const char *kind_name(enum kind_names kn, int32_t k)
{
    struct name_list l = kind_list(kn);
    return k >= 0 && k < l.count ? l.names[k] : NULL;
}

int kind_count(enum kind_names kn)
{
    return kind_list(kn).count;
}

int command_type_parse(const char *s)
{
    for (int i = 0; i < CMD_COUNT; i++)
        if (strcmp(command_names[i], s) == 0) return i;
    return -1;
}

int event_type_parse(const char *s)
{
    for (int i = 0; i < EV_COUNT; i++)
        if (strcmp(event_names[i], s) == 0) return i;
    return -1;
}

int role_parse(const char *s)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(role_names[i], s) == 0) return i;
    return -1;
}

/* Length of the UTF-8 sequence starting at s, or 0 when it is not well formed (overlong
 * forms, surrogates and values past U+10FFFF are refused). */
static int utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    int n = c < 0x80             ? 1
            : (c & 0xE0) == 0xC0 ? 2
            : (c & 0xF0) == 0xE0 ? 3
            : (c & 0xF8) == 0xF0 ? 4
                                 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4)) return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && c == 0xE0 && s[1] < 0xA0) return 0;
    if (n == 3 && c == 0xED && s[1] >= 0xA0) return 0;
    if (n == 4 && c == 0xF0 && s[1] < 0x90) return 0;
    if (n == 4 && c == 0xF4 && s[1] >= 0x90) return 0;
    return n;
}

bool text_ok(const char *s, bool multiline)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        if (*u < 0x20 || *u == 0x7F) {
            if (!(multiline && *u == '\n')) return false;
        }
        /* C1 controls U+0080..U+009F are C2 80..C2 9F */
        if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) return false;
        int n = utf8_seq(u);
        if (n == 0) return false;
        u += n;
    }
    return true;
}
