/* stats.c: latency samples and their summary (see stats.h). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

int64_t clock_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

stats *stats_new(size_t capacity) {
    stats *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->capacity = capacity ? capacity : 16;
    s->samples_ns = malloc(s->capacity * sizeof *s->samples_ns);
    if (!s->samples_ns) abort();
    return s;
}

void stats_free(stats *s) {
    if (!s) return;
    free(s->samples_ns);
    free(s);
}

void stats_add(stats *s, int64_t sample_ns) {
    if (s->count == s->capacity) {
        s->capacity *= 2;
        s->samples_ns = realloc(s->samples_ns, s->capacity * sizeof *s->samples_ns);
        if (!s->samples_ns) abort();
    }
    s->samples_ns[s->count++] = sample_ns;
}

void stats_add_cpu(stats *s, long long cpu_us) {
    s->cpu_us = cpu_us < 0 || s->cpu_us < 0 ? -1 : s->cpu_us + cpu_us;
}

static int compare_int64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least `fraction` of all samples at or below it. */
double stats_percentile_us(stats *s, double fraction) {
    if (s->count == 0) return 0;
    qsort(s->samples_ns, s->count, sizeof *s->samples_ns, compare_int64);
    size_t rank = (size_t)ceil(fraction * (double)s->count);
    if (rank < 1) rank = 1;
    if (rank > s->count) rank = s->count;
    return (double)s->samples_ns[rank - 1] / 1000.0;
}

static double stats_sum_ns(const stats *s) {
    double sum = 0;
    for (size_t i = 0; i < s->count; i++) sum += (double)s->samples_ns[i];
    return sum;
}

json_t *stats_to_json(stats *s) {
    double sum_ns = stats_sum_ns(s);
    double wall_ns = s->wall_ns ? (double)s->wall_ns : sum_ns;
    json_t *cpu = s->cpu_us > 0 && s->count ? json_real((double)s->cpu_us / (double)s->count) : json_null();
    return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:o}",
                     "n", (json_int_t)s->count,
                     "median_us", stats_percentile_us(s, 0.5),
                     "p95_us", stats_percentile_us(s, 0.95),
                     "p99_us", stats_percentile_us(s, 0.99),
                     "mean_us", s->count ? sum_ns / (double)s->count / 1000.0 : 0.0,
                     "max_us", stats_percentile_us(s, 1.0),
                     "per_s", wall_ns > 0 ? (double)s->count * 1e9 / wall_ns : 0.0,
                     "host_cpu_us_per_check", cpu);
}
