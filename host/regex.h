/* regex.h: PCRE2 compiled once, JIT-matched safely.
 *
 * Every regular expression in the host (pack patterns, identifier detectors) goes through here so
 * the same safety rules hold everywhere: UTF mode, JIT when available, and a match limit so a
 * pathological pattern gives up in well under a millisecond instead of hanging the host. Subjects
 * are sanitised UTF-8 (utf.h), so matching skips PCRE2's UTF validity check.
 */
#ifndef NB_REGEX_H
#define NB_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "error.h"
#include "span.h"

typedef struct nb_regex nb_regex;

/* NULL with error (column = offset in the pattern, 1-based) when the pattern does not compile. */
nb_regex *regex_new(const char *pattern, nb_error *error);
void regex_free(nb_regex *re);
/* Appends every non-overlapping match to out: the span of capture group 1 when the pattern has one
 * and it took part, else the whole match. Returns how many. */
size_t regex_find_all(nb_regex *re, const char *text, size_t len, nb_spans *out);
/* The same as regex_find_all for a pattern whose every match has an ASCII digit `min` to `max` bytes
 * after its start, found by trying only those starts (anchored) rather than every character: a few
 * attempts per digit instead of one per word of a long post. */
size_t regex_find_all_before_digits(nb_regex *re, const char *text, size_t len, size_t min, size_t max, nb_spans *out);

#endif
