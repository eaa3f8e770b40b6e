/* The law exam's question bank (任前法律知识考试题库): the file format, its decoder, and the
 * bank in the hub's database.  The bank never enters the journal and is never broadcast:
 * only the hub reads it, to draw papers and to send a paper's texts (never its answers) to
 * the examinee's console.
 *
 * The file is CSV in UTF-8 (RFC 4180 quoting; a BOM, blank lines and lines starting with '#'
 * are skipped).  The first row is the header, exactly
 *     type,question,A,B,C,D,answer
 * then one question a row:
 *     type      single (单选), multiple (多选) or truefalse (判断)
 *     question  the text, at most EXAM_TEXT_MAX - 1 bytes
 *     A..D      the options, from A on without a gap: two to four for single and multiple
 *               choice, none for true/false (the console shows 正确 and 错误)
 *     answer    the letters of the right options ("B", "ACD"; one for a single choice, two or
 *               more for a multiple choice), or T / F (对 / 错) for true/false
 * Every bad row is reported as FILE:LINE: reason, and then nothing is imported. */
#ifndef CMTE_DB_EXAM_BANK_H
#define CMTE_DB_EXAM_BANK_H

#include <stdint.h>
#include <stdio.h>

#include "core/core.h"

enum {
    EXAM_TEXT_MAX = 512,
    EXAM_OPTION_MAX = 256,
    EXAM_BANK_MAX = 20000, /* questions in one file */
};

enum exam_kind { EXAM_SINGLE, EXAM_MULTIPLE, EXAM_TRUEFALSE, EXAM_KIND_COUNT };

struct exam_question {
    int32_t id; /* in the database; 0 before it is stored */
    enum exam_kind kind;
    char text[EXAM_TEXT_MAX];
    int option_count; /* 0 for true/false */
    char options[EXAM_OPTIONS_MAX][EXAM_OPTION_MAX];
    uint8_t answer; /* bit 0 = A (or 正确), bit 1 = B (or 错误), ... */
    int line;       /* in the file it came from */
};

struct exam_bank {
    int count, cap;
    struct exam_question *q; /* owned: exam_bank_free */
};

void exam_bank_free(struct exam_bank *b);
/* Append a copy of q; false when out of memory. */
bool exam_bank_push(struct exam_bank *b, const struct exam_question *q);

/* Decode a bank file's text (len bytes, no NUL needed) reported under name, appending its
 * questions to out.  Returns the number of bad rows (0 when all are good). */
int exam_bank_decode(const char *name, const char *text, size_t len, struct exam_bank *out,
                     FILE *report);

/* Does this text look like a bank file (its first row, after comments, is the header)? */
bool exam_bank_header(const char *text, size_t len);

/* The names of a kind as written in the file ("single", ...). */
const char *exam_kind_name(enum exam_kind k);

#endif
