/* stats.h: latency samples and their summary, for the benchmark driver.
 *
 * The driver records one sample (in nanoseconds) per request and turns the lot into the numbers the
 * report prints: median, p95, p99, mean, max and requests per second. Percentiles are nearest-rank on
 * the sorted samples, so a p99 is always a latency that really happened.
 *
 * Ownership: stats_new allocates, stats_free frees; stats_to_json returns a new jansson reference the
 * caller owns.
 */
#ifndef NOTICEBOARD_BENCH_STATS_H
#define NOTICEBOARD_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

typedef struct stats {
    int64_t *samples_ns;
    size_t count;
    size_t capacity;
    int64_t wall_ns;    /* whole run, for requests per second; 0 means the sum of the samples */
    long long cpu_us;   /* the host's CPU time over the samples, when known; reported per sample */
} stats;

stats *stats_new(size_t capacity);
void stats_free(stats *s);
void stats_add(stats *s, int64_t sample_ns);
/* Adds CPU time spent on the samples; -1 (unknown) makes the per-sample CPU time unknown. */
void stats_add_cpu(stats *s, long long cpu_us);
double stats_percentile_us(stats *s, double fraction);
json_t *stats_to_json(stats *s);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t clock_now_ns(void);

#endif
