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
/* One match of a scan: where the whole match lies (a scan goes on from its end) and the span it
 * reports: capture group 1 when the pattern has one and it took part, else the whole match. */
typedef struct nb_match {
    uint32_t start, end;
    nb_span span;
} nb_match;

/* A scan's matches in order; gave_up when a match attempt hit the match limit, which ends a scan. */
typedef struct nb_matches {
    nb_match *v;
    size_t n, cap;
    int gave_up;
} nb_matches;

/* Where a scan stands once nothing is left to find. */
#define REGEX_SCAN_DONE ((size_t)-1)

/* Appends every non-overlapping match to out: its span (see nb_match). Returns how many. */
size_t regex_find_all(nb_regex *re, const char *text, size_t len, nb_spans *out);
/* The same as regex_find_all for a pattern whose every match has an ASCII digit `min` to `max` bytes
 * after its start, found by trying only those starts (anchored) rather than every character: a few
 * attempts per digit instead of one per word of a long post. */
size_t regex_find_all_before_digits(nb_regex *re, const char *text, size_t len, size_t min, size_t max, nb_spans *out);
/* The scan behind both: from `from`, appends to out each match starting before `stop` (trying only the
 * starts `min` to `max` bytes before an ASCII digit when max > 0). Returns where it then stands, at
 * or past stop: every start before it tried or inside a match. REGEX_SCAN_DONE when no match is left
 * (or it gave up). A scan resumed from where one stood finds what the one scan would have. */
size_t regex_scan(nb_regex *re, const char *text, size_t len, size_t from, size_t stop, size_t min, size_t max,
                  nb_matches *out);
/* How far before a match attempt's start the pattern can look (lookbehinds, \b), in bytes. */
size_t regex_lookbehind_bytes(const nb_regex *re);
/* How many white space characters one attempt can read across, or REACH_UNBOUNDED (reach.h). */
size_t regex_reach_spaces(const nb_regex *re);
void matches_free(nb_matches *matches);

#endif
