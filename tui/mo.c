/* GNU MO catalogues (https://www.gnu.org/software/gettext/manual/html_node/MO-Files.html):
 *
 *   offset  0  magic 0x950412de, in the byte order of the machine that wrote the file
 *           4  revision: major (high 16 bits) 0 or 1
 *           8  N, the number of messages
 *          12  O, the offset of the table of originals
 *          16  T, the offset of the table of translations
 *          20  the size and offset of a hash table (not used here)
 *
 * Each table has N entries of two words, (length, offset); the string at offset has length
 * bytes and a NUL after them.  A plural entry holds its forms one after another, each ended
 * by a NUL.  msgfmt sorts the originals with strcmp, so a lookup is a binary search. */
#define _POSIX_C_SOURCE 200809L

#include "tui/mo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { HEADER_SIZE = 28, ENTRY_SIZE = 8, WHY_MAX = 160 };

static const uint32_t MO_MAGIC = 0x950412deu;
static const uint32_t MO_MAGIC_SWAPPED = 0xde120495u;

struct mo_catalog {
    unsigned char *data;
    size_t size;
    bool swapped; /* written in the other byte order */
    uint32_t count;
    uint32_t originals, translations; /* offsets of the two tables */
};

/* ---- reading words and strings (offsets checked by mo_from_bytes) ---- */

static uint32_t swap32(uint32_t v)
{
    return v >> 24 | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) | v << 24;
}

/* The word at off; off + 4 <= size. */
static uint32_t word(const struct mo_catalog *c, size_t off)
{
    uint32_t v;
    memcpy(&v, c->data + off, sizeof v);
    return c->swapped ? swap32(v) : v;
}

/* Entry i of the table at offset table: the string's length and offset. */
static void entry(const struct mo_catalog *c, uint32_t table, uint32_t i, uint32_t *len,
                  uint32_t *at)
{
    size_t e = (size_t)table + (size_t)i * ENTRY_SIZE;
    *len = word(c, e);
    *at = word(c, e + 4);
}

static const char *text(const struct mo_catalog *c, uint32_t at)
{
    return (const char *)c->data + at;
}

/* ---- checks ---- */

static bool table_fits(const struct mo_catalog *c, uint32_t table)
{
    return table <= c->size && c->count <= (c->size - table) / ENTRY_SIZE;
}

static bool check_header(struct mo_catalog *c, char *why, size_t len)
{
    uint32_t magic;
    if (c->size < HEADER_SIZE) {
        snprintf(why, len, "too short for a message catalogue (%zu bytes)", c->size);
        return false;
    }
    memcpy(&magic, c->data, sizeof magic);
    if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED) {
        snprintf(why, len, "not a message catalogue (bad magic number)");
        return false;
    }
    c->swapped = magic == MO_MAGIC_SWAPPED;
    uint32_t revision = word(c, 4);
    if (revision >> 16 > 1) {
        snprintf(why, len, "unsupported catalogue revision %" PRIu32, revision >> 16);
        return false;
    }
    c->count = word(c, 8);
    c->originals = word(c, 12);
    c->translations = word(c, 16);
    if (!table_fits(c, c->originals) || !table_fits(c, c->translations)) {
        snprintf(why, len, "%" PRIu32 " messages do not fit in the file", c->count);
        return false;
    }
    return true;
}

/* Does entry i of the table lie inside the file, with its NUL? */
static bool check_string(const struct mo_catalog *c, uint32_t table, uint32_t i, char *why,
                         size_t len)
{
    uint32_t n, at;
    entry(c, table, i, &n, &at);
    if (at >= c->size || n >= c->size - at) {
        snprintf(why, len, "message %" PRIu32 " lies past the end of the file", i);
        return false;
    }
    if (c->data[at + n] != '\0') {
        snprintf(why, len, "message %" PRIu32 " is not ended by a NUL", i);
        return false;
    }
    return true;
}

static bool check_strings(const struct mo_catalog *c, char *why, size_t len)
{
    for (uint32_t i = 0; i < c->count; i++)
        if (!check_string(c, c->originals, i, why, len) ||
            !check_string(c, c->translations, i, why, len))
            return false;
    return true;
}

/* The header (the translation of "") must say charset=UTF-8: nothing here converts. */
static bool check_charset(const struct mo_catalog *c, char *why, size_t len)
{
    const char *header = mo_lookup(c, "");
    const char *charset = header ? strstr(header, "charset=") : NULL;
    if (!charset) {
        snprintf(why, len, "no charset in the catalogue's header");
        return false;
    }
    charset += strlen("charset=");
    size_t n = strcspn(charset, " ;\n");
    if (n != 5 || strncasecmp(charset, "UTF-8", 5) != 0) {
        snprintf(why, len, "the charset is %.*s, not UTF-8", (int)(n < 40 ? n : 40), charset);
        return false;
    }
    return true;
}

/* ---- the public functions ---- */

/* Take data (size bytes, malloc'd) as a catalogue, or free it and say why not. */
static struct mo_catalog *adopt(unsigned char *data, size_t size, const char *name, char *err,
                                size_t errlen)
{
    struct mo_catalog *c = calloc(1, sizeof *c);
    char why[WHY_MAX] = "out of memory";
    if (c) {
        c->data = data;
        c->size = size;
    }
    if (c && check_header(c, why, sizeof why) && check_strings(c, why, sizeof why) &&
        check_charset(c, why, sizeof why))
        return c;
    snprintf(err, errlen, "%s: %s", name, why);
    free(c);
    free(data);
    return NULL;
}

struct mo_catalog *mo_from_bytes(const void *bytes, size_t size, const char *name, char *err,
                                 size_t errlen)
{
    if (size > MO_SIZE_MAX) {
        snprintf(err, errlen, "%s: larger than %d bytes", name, MO_SIZE_MAX);
        return NULL;
    }
    unsigned char *data = malloc(size + 1);
    if (!data) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    if (size > 0) memcpy(data, bytes, size);
    return adopt(data, size, name, err, errlen);
}

/* The whole of the open file f, at most MO_SIZE_MAX bytes; or NULL with why. */
static unsigned char *read_all(FILE *f, size_t *size, char *why, size_t len)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        snprintf(why, len, "%s", strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, len, "not a regular file");
        return NULL;
    }
    if (st.st_size > MO_SIZE_MAX) {
        snprintf(why, len, "larger than %d bytes", MO_SIZE_MAX);
        return NULL;
    }
    *size = (size_t)st.st_size;
    unsigned char *data = malloc(*size + 1);
    if (!data) {
        snprintf(why, len, "out of memory");
    } else if (fread(data, 1, *size, f) != *size) {
        snprintf(why, len, "cannot read: %s", ferror(f) ? strerror(errno) : "the file shrank");
        free(data);
        data = NULL;
    }
    return data;
}

struct mo_catalog *mo_open(const char *path, char *err, size_t errlen)
{
    char why[WHY_MAX];
    size_t size = 0;
    unsigned char *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, sizeof why, "%s", strerror(errno));
    } else {
        data = read_all(f, &size, why, sizeof why);
        fclose(f);
    }
    if (!data) {
        snprintf(err, errlen, "%s: %s", path, why);
        return NULL;
    }
    return adopt(data, size, path, err, errlen);
}

void mo_close(struct mo_catalog *c)
{
    if (!c) return;
    free(c->data);
    free(c);
}

const char *mo_lookup(const struct mo_catalog *c, const char *msgid)
{
    uint32_t lo = 0, hi = c->count, n, at;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        entry(c, c->originals, mid, &n, &at);
        int cmp = strcmp(msgid, text(c, at));
        if (cmp == 0) {
            entry(c, c->translations, mid, &n, &at);
            return n > 0 ? text(c, at) : NULL;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

uint32_t mo_count(const struct mo_catalog *c)
{
    return c->count;
}

void mo_entry(const struct mo_catalog *c, uint32_t i, const char **msgid, const char **msgstr)
{
    uint32_t n, at;
    if (i >= c->count) {
        *msgid = *msgstr = NULL;
        return;
    }
    entry(c, c->originals, i, &n, &at);
    *msgid = text(c, at);
    entry(c, c->translations, i, &n, &at);
    *msgstr = text(c, at);
}
