/* lexicons.h: reading the shared lexicons file (packs/lexicons.json) quickly.
 *
 * jansson reads a document a byte at a time, about 160 instructions a byte: the 110 kB lexicons file
 * cost 18 M instructions, a third of the host's work from process start to its first result. The
 * file has one plain shape, an object of arrays of strings, so lexicons_parse reads that shape itself
 * and builds the same jansson values. Anything else (an escape, a control character, invalid UTF-8, a
 * repeated name, another shape) gives NULL and the caller lets jansson read the file, so what is
 * accepted and every error message stay jansson's.
 */
#ifndef NB_LEXICONS_H
#define NB_LEXICONS_H

#include <jansson.h>
#include <stddef.h>

/* What json_loadb(json, len, JSON_REJECT_DUPLICATES, ...) gives for a file of that plain shape; NULL
 * for any other text. */
json_t *lexicons_parse(const char *json, size_t len);

#endif
