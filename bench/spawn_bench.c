/* spawn_bench.c: the process-per-check baseline (see spawn_bench.h). */
#include "spawn_bench.h"

#include <sys/wait.h>

#include "stats.h"

static int64_t hunspell_check_once(const char *text, size_t size, long *peak_kb, bench_error *error) {
    char *argv[] = {"hunspell", "-l", "-d", "en_GB", NULL};
    child c;
    int64_t start = clock_now_ns();
    if (child_start(&c, argv, error) != 0) return -1;
    long output = child_exchange(&c, text, size, error);
    child_exit result;
    if (child_finish(&c, &result) != 0) {
        bench_error_set(error, "could not reap hunspell");
        return -1;
    }
    int64_t elapsed = clock_now_ns() - start;
    if (output < 0) return -1;
    if (!WIFEXITED(result.status) || WEXITSTATUS(result.status) != 0) {
        bench_error_set(error, "hunspell -l -d en_GB failed (status 0x%x); is hunspell-en-gb installed?",
                        result.status);
        return -1;
    }
    if (result.peak_kb > *peak_kb) *peak_kb = result.peak_kb;
    return elapsed;
}

static json_t *hunspell_check_each(const posts *p, size_t limit, long *peak_kb, bench_error *error) {
    if (limit > p->count) limit = p->count;
    stats *s = stats_new(limit);
    json_t *out = NULL;
    for (size_t i = 0; i < limit; i++) {
        int64_t elapsed = hunspell_check_once(p->text[i], p->size[i], peak_kb, error);
        if (elapsed < 0) goto done;
        stats_add(s, elapsed);
    }
    out = stats_to_json(s);
done:
    stats_free(s);
    return out;
}

json_t *spawn_bench_run(const posts *short_posts, const posts *long_posts, const bench_sizes *sizes,
                        bench_error *error) {
    long peak_kb = 0;
    json_t *short_result = hunspell_check_each(short_posts, sizes->spawned_short, &peak_kb, error);
    if (!short_result) return NULL;
    json_t *long_result = hunspell_check_each(long_posts, sizes->spawned_long, &peak_kb, error);
    if (!long_result) {
        json_decref(short_result);
        return NULL;
    }
    return json_pack("{s:s, s:o, s:o, s:I}", "engine", "hunspell -l (a process per check)",
                     "check_280", short_result, "first_63k", long_result, "peak_rss_kb",
                     (json_int_t)peak_kb);
}
