/* A reader of GNU MO message catalogues (the files msgfmt writes), for when gettext itself does
 * not answer: glibc 2.39 and later ignore LANGUAGE under C.UTF-8 (TUI.md 4.3).
 * The whole file is read and checked once, every offset and length against its size, so a
 * lookup can never read outside it.  Both byte orders; the catalogue must be UTF-8. */
#ifndef CMTE_TUI_MO_H
#define CMTE_TUI_MO_H

#include <stddef.h>
#include <stdint.h>

enum { MO_SIZE_MAX = 16 << 20 }; /* a larger file is refused */

struct mo_catalog;

/* Read and check the catalogue at path.  Returns it (free with mo_close), or NULL with
 * err = "PATH: reason". */
struct mo_catalog *mo_open(const char *path, char *err, size_t errlen);

/* The same from size bytes in memory (copied); name is used in messages. */
struct mo_catalog *mo_from_bytes(const void *bytes, size_t size, const char *name, char *err,
                                 size_t errlen);

void mo_close(struct mo_catalog *c);

/* The translation of msgid (its first plural form), or NULL when there is none. */
const char *mo_lookup(const struct mo_catalog *c, const char *msgid);

/* The messages in file order, the header ("" -> "Content-Type: ...") among them. */
uint32_t mo_count(const struct mo_catalog *c);
void mo_entry(const struct mo_catalog *c, uint32_t i, const char **msgid, const char **msgstr);

#endif
