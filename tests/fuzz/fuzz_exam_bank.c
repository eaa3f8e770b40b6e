/* libFuzzer target: the law exam's question bank decoder (db/exam_bank.c) on any bytes.  It may
 * not crash, leak or hang; every bad row is reported as "NAME:LINE: reason"; no report means
 * no bad row; and every question it keeps is whole: a kind, a text, options that fit the kind
 * and an answer among them, no text twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/exam_bank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_report(const char *report)
{
    for (const char *l = report; *l; l = strchr(l, '\n') + 1) {
        if (strncmp(l, "in:", 3) != 0 || l[3] < '0' || l[3] > '9') __builtin_trap();
        if (!strchr(l, '\n')) __builtin_trap();
    }
}

static void check_question(const struct exam_bank *b, int i)
{
    const struct exam_question *q = &b->q[i];
    int options = q->kind == EXAM_TRUEFALSE ? 2 : q->option_count;
    if ((int)q->kind < 0 || q->kind >= EXAM_KIND_COUNT || !q->text[0]) __builtin_trap();
    if ((q->kind == EXAM_TRUEFALSE) != (q->option_count == 0) || options < 2) __builtin_trap();
    if (q->answer == 0 || q->answer >> options) __builtin_trap();
    int bits = __builtin_popcount(q->answer);
    if ((q->kind == EXAM_MULTIPLE) != (bits > 1)) __builtin_trap();
    for (int j = 0; j < i; j++)
        if (strcmp(b->q[j].text, q->text) == 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *report = NULL;
    size_t report_len = 0;
    FILE *rep = open_memstream(&report, &report_len);
    struct exam_bank b = {0};
    int bad = exam_bank_decode("in", (const char *)data, size, &b, rep);
    fclose(rep);
    check_report(report);
    if ((bad == 0) != (report_len == 0)) __builtin_trap();
    for (int i = 0; i < b.count; i++) check_question(&b, i);
    (void)exam_bank_header((const char *)data, size);
    free(report);
    exam_bank_free(&b);
    return 0;
}
