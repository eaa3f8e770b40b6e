/* A nominee's law exam in words (see exam_words.h). */
#include "tui/exam_words.h"

#include <stdio.h>

#include "tui/i18n.h"

static const char *verdict(bool passed)
{
    return passed ? _("passed") : _("failed");
}

void exam_attempt_words(const struct exam_record *x, int a, char *buf, size_t n)
{
    bool last = a == x->attempts - 1;
    bool passed = last && x->passed;
    if (a == 0)
        snprintf(buf, n, _("Exam: %d points, %s"), (int)x->scores[a], verdict(passed));
    else
        snprintf(buf, n, _("Retake %d: %d points, %s"), a, (int)x->scores[a], verdict(passed));
}

void exam_result_words(const struct exam_record *x, char *buf, size_t n)
{
    if (x->attempts == 0) {
        snprintf(buf, n, "%s", _("law exam not taken"));
    } else if (x->state == EXAM_RUNNING) {
        snprintf(buf, n, "%s", x->attempts > 1 ? _("retake in progress") : _("exam in progress"));
    } else if (x->attempts == 1) {
        snprintf(buf, n, _("law exam %d points, %s"), (int)x->scores[0], verdict(x->passed));
    } else {
        snprintf(buf, n, _("law exam retake %d points, %s (first %d points)"),
                 (int)x->scores[x->attempts - 1], verdict(x->passed), (int)x->scores[0]);
    }
}

void exam_next_words(const struct exam_record *x, const struct exam_rules *r, char *buf, size_t n)
{
    if (x->passed)
        snprintf(buf, n, "%s", _("The law exam is passed."));
    else if (x->attempts == 0)
        snprintf(buf, n, _("S: start the exam (%d minutes; %d points of 100 pass)."),
                 (int)r->minutes, (int)r->pass_mark);
    else if (x->attempts < 1 + r->retakes && x->attempts < EXAM_ATTEMPTS_MAX)
        snprintf(buf, n, _("S: start the retake (%d minutes; %d points of 100 pass)."),
                 (int)r->minutes, (int)r->pass_mark);
    else
        snprintf(buf, n, "%s", _("Not passed, and no retake is left."));
}
