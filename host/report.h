/* report.h: warnings as users and the extension see them.
 *
 * report_warnings writes the `warnings` array shared by `check --json` and the native `result` reply
 * (CONTRACT.md) as compact JSON text, dropping warnings past a count or a byte budget so a reply can
 * never exceed the browser's 1 MB limit. It writes the text itself rather than build jansson objects
 * and serialise them: for a long post's ~230 warnings that took longer than the check. The JSON of
 * a warning but for its offsets is the same for every warning of one rule, so a cache
 * (report_warnings_with) writes it once per rule and copies it after.
 * report_human prints them like a compiler: location, the line, an underline, and the policy section
 * to read.
 */
#ifndef NB_REPORT_H
#define NB_REPORT_H

#include <stdio.h>
#include <jansson.h>
#include "check.h"

/* A growing NUL-terminated string; the owner frees v. */
typedef struct nb_text {
    char *v;
    size_t n, cap;
} nb_text;

void report_append(nb_text *text, const char *s, size_t n);
typedef struct nb_report_cache nb_report_cache;

nb_report_cache *report_cache_new(void);
void report_cache_free(nb_report_cache *cache);
/* Appends to out a JSON array of at most max_warnings warnings, max_bytes at most; sets *truncated
 * when any were dropped. */
void report_warnings(const nb_pack *pack, const nb_post *post, size_t max_warnings, size_t max_bytes, int *truncated,
                     nb_text *out);
/* The same, with the warnings' JSON pieces kept in cache from one post to the next. */
void report_warnings_with(nb_report_cache *cache, const nb_pack *pack, const nb_post *post, size_t max_warnings,
                          size_t max_bytes, int *truncated, nb_text *out);
void report_human(FILE *out, const char *name, const nb_pack *pack, const nb_post *post);
/* The message of a warning (a spelling warning's is built into buf). */
const char *report_message(const nb_post *post, const nb_warning *w, char *buf, size_t cap);

#endif
