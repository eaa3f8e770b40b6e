/* Import of a committee's roster (CSV) and a meeting's agenda (INI) as commands.
 * Every row becomes a command sent as the secretary through the core, in order, so an
 * imported meeting is exactly what a secretary could have typed.  Every bad row is reported
 * with FILE:LINE: reason; the caller appends the events only when there was none. */
#ifndef CMTE_DB_IMPORT_H
#define CMTE_DB_IMPORT_H

#include <stdio.h>

#include "core/core.h"

struct event_list {
    int count, cap;
    struct event *events; /* owned; free with event_list_free */
};

/* Append a copy of e; 0, or -1 when out of memory. */
int event_list_push(struct event_list *l, const struct event *e);

/* A seat PIN from the roster: hashed and kept by the hub, never in the core's state. */
struct imported_pin {
    int32_t person;
    char pin[9]; /* 4 to 8 digits */
};

/* A document's text, read from the file an agenda names (document = title | path), checked:
 * at most max_bytes, UTF-8, no control characters but newline, tab and CR. */
struct imported_document {
    int32_t id; /* of its document_added event */
    char sha256[65];
    char *text; /* owned, len bytes */
    size_t len;
};

enum { DOCUMENT_MAX_BYTES_DEFAULT = 1 << 20 };

struct import_result {
    struct event_list events;
    int pin_count, pin_cap;
    struct imported_pin *pins;
    size_t document_max; /* set by the caller: the bound on a document; 0 for the default */
    int document_count, document_cap;
    struct imported_document *documents;
};

void import_result_free(struct import_result *r);

/* What a file holds, told by its extension and first line. */
enum import_kind { IMPORT_UNKNOWN, IMPORT_ROSTER, IMPORT_AGENDA };
enum import_kind import_kind_of(const char *path);

/* Import one file into s (validated and applied command by command, stamped `now`),
 * appending the events (and PINs) to out and reporting each bad row to report.  Returns the number
 * of bad rows (0 when all went in), or -1 when the file cannot be read at all. */
int import_file(const char *path, struct core_state *s, int64_t now, struct import_result *out,
                FILE *report);

/* The same for text already in memory (len bytes; no NUL needed), reported under name. */
int import_buffer(const char *name, enum import_kind kind, const char *text, size_t len,
                  struct core_state *s, int64_t now, struct import_result *out, FILE *report);

/* CSV as the importers read it (RFC 4180 quoting; CR LF or LF). */
enum { CSV_FIELDS_MAX = 16 };
struct csv {
    const char *p, *end;
    int line;
};
/* Read one record into buf as NUL-separated fields.  Returns the field count, 0 at the end,
 * -1 with *why set on a malformed record.  *line is the line the record starts on. */
int csv_record(struct csv *c, char *buf, size_t cap, char **fields, int *line, const char **why);

#endif
