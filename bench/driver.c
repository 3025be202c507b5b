/* driver.c: the benchmark driver's command line.
 *
 *   bench-driver host HOST POSTS_280 POSTS_63K [--quick]
 *   bench-driver hunspell POSTS_280 POSTS_63K [--quick]
 *   bench-driver round-trips HOST POSTS_280 POSTS_63K [--quick]
 *
 * `host` measures the real host through its framed protocol (host_bench.c); `round-trips` only its
 * 280-character round trips, for a run under `taskset` that puts driver and host on one CPU (on a
 * virtual machine, waking an idle CPU is most of a round trip: docs/performance.md); `hunspell` the
 * process-per-check baseline (spawn_bench.c). Either prints one JSON object on standard output for
 * bench/report.mjs to put in the table; --quick runs a few iterations only, for the smoke test that
 * keeps the harness from rotting. On failure it prints the reason on standard error and exits 1.
 * The driver is written in C so that the client adds as little as possible to what it measures.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "host_bench.h"
#include "posts.h"
#include "spawn_bench.h"

static const bench_sizes FULL_SIZES = {
    .cold_starts = 20, .warmup_checks = 500, .timed_checks = 5000,
    .throughput_checks = 10000, .memory_first_sample = 1000,
    .long_posts = 3, .edits_per_long_post = 20,
    .spawned_short = 200, .spawned_long = 3,
};

static const bench_sizes QUICK_SIZES = {
    .cold_starts = 2, .warmup_checks = 5, .timed_checks = 20,
    .throughput_checks = 100, .memory_first_sample = 10,
    .long_posts = 1, .edits_per_long_post = 2,
    .spawned_short = 3, .spawned_long = 1,
};

static int usage(FILE *to) {
    fputs("usage: bench-driver host HOST POSTS_280 POSTS_63K [--quick]\n"
          "       bench-driver round-trips HOST POSTS_280 POSTS_63K [--quick]\n"
          "       bench-driver hunspell POSTS_280 POSTS_63K [--quick]\n"
          "Measures the noticeboard host (or the hunspell -l baseline) on the posts that\n"
          "bench/posts.mjs wrote, and prints the results as one JSON object.\n"
          "  round-trips   the host's 280-character round trips only\n"
          "  --quick       a few iterations of everything (checks the harness, not the speed)\n", to);
    return to == stdout ? 0 : 2;
}

int main(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) return usage(stdout);
    int quick = argc > 1 && strcmp(argv[argc - 1], "--quick") == 0;
    int args = argc - quick;
    int round_trips_only = args == 5 && strcmp(argv[1], "round-trips") == 0;
    int is_host = args == 5 && (strcmp(argv[1], "host") == 0 || round_trips_only);
    int is_hunspell = args == 4 && strcmp(argv[1], "hunspell") == 0;
    if (!is_host && !is_hunspell) return usage(stderr);

    /* A host that dies mid-run must fail the run with a reason, not kill the driver silently. */
    signal(SIGPIPE, SIG_IGN);
    const bench_sizes *sizes = quick ? &QUICK_SIZES : &FULL_SIZES;
    const char *short_path = argv[is_host ? 3 : 2], *long_path = argv[is_host ? 4 : 3];
    bench_error error = {{0}};
    posts short_posts, long_posts;
    if (posts_load(short_path, &short_posts, &error) != 0) goto fail;
    if (posts_load(long_path, &long_posts, &error) != 0) {
        posts_release(&short_posts);
        goto fail;
    }
    json_t *result = is_host
        ? host_bench_run(argv[2], &short_posts, &long_posts, sizes, round_trips_only, &error)
        : spawn_bench_run(&short_posts, &long_posts, sizes, &error);
    posts_release(&short_posts);
    posts_release(&long_posts);
    if (!result) goto fail;
    json_dumpf(result, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
    putchar('\n');
    json_decref(result);
    return 0;
fail:
    fprintf(stderr, "bench-driver: %s\n", error.text);
    return 1;
}
