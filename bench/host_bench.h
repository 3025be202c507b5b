/* host_bench.h: the host's scenarios, measured through the real framed protocol over pipes.
 *
 * Each scenario starts the real build/noticeboard-host the way Chrome does (with the extension's
 * origin as its argument) and measures what a user would feel:
 *   cold_start  fork/exec to the first `result` of a check sent at once (a new process per sample);
 *   check_280   warm round trips of 280-character posts, one at a time, as the extension sends them;
 *   throughput  10,000 checks written back to back; checks per second of wall time and of host CPU,
 *               and the host's resident memory after 1,000 and after all of them; then the same
 *               10,000 again and the memory after those (growth there is a leak, not vocabulary);
 *   first_63k   the first check of a 63,206-character post in a host that has loaded its dictionary and
 *               checked one short post (so its pack is compiled), but met none of the long post's words;
 *   recheck_63k the same post re-checked after each of a series of one-character edits.
 * Every reply must be a `result` for the request's id; anything else fails the run with the reason.
 *
 * Ownership: host_bench_run returns a new JSON object the caller owns, or NULL with `error` set.
 */
#ifndef NOTICEBOARD_BENCH_HOST_BENCH_H
#define NOTICEBOARD_BENCH_HOST_BENCH_H

#include <jansson.h>
#include "child.h"
#include "posts.h"

typedef struct bench_sizes {
    size_t cold_starts;
    size_t warmup_checks;
    size_t timed_checks;
    size_t throughput_checks;
    size_t memory_first_sample;    /* checks after which the first resident-memory sample is taken */
    size_t long_posts;
    size_t edits_per_long_post;
    size_t spawned_short;          /* process-per-check baseline: posts of each length */
    size_t spawned_long;
} bench_sizes;

/* round_trips_only: the check_280 scenario alone. */
json_t *host_bench_run(const char *host_path, const posts *short_posts, const posts *long_posts,
                       const bench_sizes *sizes, int round_trips_only, bench_error *error);

#endif
