/* plainjson.h: reading the embedded JSON files quickly.
 *
 * jansson reads a document a byte at a time, about 140-160 instructions a byte: the 110 kB lexicons
 * file and the 90 kB nhs pack cost 30 M instructions, most of the host's work from process start to
 * its first result. The embedded files are JSON of a plain kind: objects, arrays, strings whose only
 * escapes are \\ and \", small integers, true, false and null. plainjson_read reads that kind itself and
 * builds the same jansson values; anything else (another escape, a control character, invalid UTF-8, a
 * repeated key, a real number, a syntax error) gives NULL and the caller lets jansson read the text,
 * so what is accepted and every error message stay jansson's.
 */
#ifndef NB_PLAINJSON_H
#define NB_PLAINJSON_H

#include <jansson.h>
#include <stddef.h>

/* What json_loadb(text, len, JSON_REJECT_DUPLICATES, ...) gives for plain JSON; NULL for anything else. */
json_t *plainjson_read(const char *text, size_t len);

/* Called with each string of the list plainjson_read_list streams, in order. text is valid only
 * during the call: it points into the document, or into a copy when the string had escapes. Returns 0
 * to stop the read. */
typedef int (*plainjson_item_fn)(void *ctx, const char *text, size_t len);
/* As plainjson_read, except that the top-level member `key`, an array of strings, is not built: each
 * string goes to item as it is read, and the document holds an empty array under key. For a long list
 * that saves a value and an allocation per string (the word model's 44,000 weights lines). NULL, as
 * from plainjson_read, when the text is not plain JSON, an item of that list is not a string, or item
 * returned 0; the caller then reads the text with jansson. */
json_t *plainjson_read_list(const char *text, size_t len, const char *key, plainjson_item_fn item, void *ctx);
/* Where the JSON whitespace (space, tab, newline, carriage return) from s[pos] ends, at most len. */
size_t plainjson_space_end(const unsigned char *s, size_t len, size_t pos);

#endif
