/* report.h: warnings as users and the extension see them.
 *
 * report_warnings builds the `warnings` array shared by `check --json` and the native `result` reply
 * (CONTRACT.md), dropping warnings past a count or a byte budget so a reply can never exceed the
 * browser's 1 MB limit. report_human prints them like a compiler: location, the line, an underline,
 * and the policy section to read.
 */
#ifndef NB_REPORT_H
#define NB_REPORT_H

#include <stdio.h>
#include <jansson.h>
#include "check.h"

/* A new array (caller decrefs) of at most max_warnings warnings whose JSON fits in max_bytes; sets
 * *truncated when any were dropped. */
json_t *report_warnings(const nb_pack *pack, const nb_post *post, size_t max_warnings, size_t max_bytes,
                        int *truncated);
void report_human(FILE *out, const char *name, const nb_pack *pack, const nb_post *post);
/* The message of a warning (a spelling warning's is built into buf). */
const char *report_message(const nb_post *post, const nb_warning *w, char *buf, size_t cap);

#endif
