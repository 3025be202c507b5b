/* spawn_bench.h: the process-per-check baseline, `hunspell -l -d en_GB` started once for every post.
 *
 * This is the naive design the host exists to beat: no warm process, every check pays for loading the
 * dictionary. Each sample is fork/exec to the end of hunspell's output and its exit; peak memory is
 * the largest ru_maxrss of any of the processes.
 *
 * Ownership: spawn_bench_run returns a new JSON object the caller owns, or NULL with `error` set.
 */
#ifndef NOTICEBOARD_BENCH_SPAWN_BENCH_H
#define NOTICEBOARD_BENCH_SPAWN_BENCH_H

#include <jansson.h>
#include "child.h"
#include "host_bench.h"
#include "posts.h"

json_t *spawn_bench_run(const posts *short_posts, const posts *long_posts, const bench_sizes *sizes,
                        bench_error *error);

#endif
