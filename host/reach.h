/* reach.h: how much white space one attempt of a regular expression can read across.
 *
 * A re-check after an edit re-runs a pack's patterns only near the edit (recheck.h). That holds only
 * if no attempt that starts far enough before the edit can read up to it, which depends on the
 * pattern: `\b\w+\b` never leaves a word, `swap[^.]{0,60}` reads across at most sixty spaces, and
 * `.*` reads to the end of the line. reach_spaces reads the pattern and says how many white space
 * characters an attempt can match along its longest path, or REACH_UNBOUNDED when it cannot say.
 */
#ifndef NB_REACH_H
#define NB_REACH_H

#include <stddef.h>

#define REACH_UNBOUNDED ((size_t)-1)

size_t reach_spaces(const char *pattern);

#endif
