/* A nominee's law exam (任前法律知识考试) in words of the interface, the same on the members'
 * consoles, the display, the examinee's console and in the minutes (tui/exam_words.c). */
#ifndef CMTE_TUI_EXAM_WORDS_H
#define CMTE_TUI_EXAM_WORDS_H

#include <stddef.h>

#include "core/core.h"

/* The result as the members see it: "考试成绩 82 分 通过", "补考成绩 70 分 通过（首次 50 分）",
 * "未参加考试", "考试中". */
void exam_result_words(const struct exam_record *x, char *buf, size_t n);

/* One attempt handed in (a from 0): "第1次考试 50 分 未通过", "补考 70 分 通过". */
void exam_attempt_words(const struct exam_record *x, int a, char *buf, size_t n);

/* What the nominee can do next: start, retake, or nothing more. */
void exam_next_words(const struct exam_record *x, const struct exam_rules *r, char *buf, size_t n);

#endif
