/* libFuzzer target: the importer on any bytes, as a roster CSV (first byte even) or as an
 * agenda INI (odd; over a committee of three already imported).  It may not crash, leak or
 * hang; every bad row is reported as "NAME:LINE: reason"; and when a file goes in whole, its
 * events replayed on a fresh state give the same state, as a replica's would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "db/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char roster[] = "id,name,kind\n1,甲,member\n2,乙,member\n3,丙,attendee\n";

/* Every line of the report starts with the name and a line number. */
static void check_report(const char *report, const char *name)
{
    for (const char *l = report; *l; l = strchr(l, '\n') + 1) {
        size_t n = strlen(name);
        if (strncmp(l, name, n) != 0 || l[n] != ':' || l[n + 1] < '0' || l[n + 1] > '9')
            __builtin_trap();
        if (!strchr(l, '\n')) __builtin_trap();
    }
}

static void check_replay(const struct core_state *s, const struct import_result *r)
{
    struct core_state *again = core_state_new(NULL);
    for (int i = 0; i < r->events.count; i++)
        if (core_apply(again, &r->events.events[i]) != ERR_OK) __builtin_trap();
    char *a = snapshot_encode(s), *b = snapshot_encode(again);
    if (!a || !b || strcmp(a, b) != 0) __builtin_trap();
    free(a);
    free(b);
    core_state_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    enum import_kind kind = data[0] % 2 ? IMPORT_AGENDA : IMPORT_ROSTER;
    char *text = malloc(size); /* the rest of the input, and a byte to spare */
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    struct core_state *s = core_state_new(NULL);
    struct import_result r = {0};
    char *report = NULL;
    size_t report_len = 0;
    FILE *rep = open_memstream(&report, &report_len);
    if (kind == IMPORT_AGENDA &&
        import_buffer("r.csv", IMPORT_ROSTER, roster, strlen(roster), s, 1, &r, rep) != 0)
        __builtin_trap();
    int bad = import_buffer("in", kind, text, size - 1, s, 1, &r, rep);
    fclose(rep);
    if (bad < 0) __builtin_trap();
    check_report(report, "in");
    if ((bad == 0) != (report_len == 0)) __builtin_trap();
    if (bad == 0) check_replay(s, &r);
    free(report);
    import_result_free(&r);
    core_state_free(s);
    free(text);
    return 0;
}
