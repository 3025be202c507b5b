/* host_bench.c: the host's scenarios (see host_bench.h). */
#include "host_bench.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frame.h"
#include "stats.h"

/* The extension's fixed origin (docs/identity.md): the host may check who is calling. */
#define EXTENSION_ORIGIN "chrome-extension://bnalbfjhmnlchfmjgkalbiaphjodpaam/"
/* Chrome drops the connection on a reply over 1 MB; the host promises never to send one. */
#define BROWSER_MAX_REPLY_BYTES 1000000

typedef struct host_run {
    const char *host_path;
    const posts *short_posts;
    const posts *long_posts;
    const bench_sizes *sizes;
    frame *short_frames;          /* one check request per short post, id = index + 1 */
} host_run;

static int host_start(const host_run *run, child *host, bench_error *error) {
    char *argv[] = {(char *)run->host_path, EXTENSION_ORIGIN, NULL};
    return child_start(host, argv, error);
}

static int check_frame_encode(const char *text, json_int_t id, frame *out) {
    json_t *request = json_pack("{s:s, s:I, s:s}", "type", "check", "id", id, "text", text);
    if (!request) return -1;
    int rc = frame_encode(request, out);
    json_decref(request);
    return rc;
}

/* Accepts only a `result` echoing `id`; an `error` reply is reported with its code and message. */
static int reply_check_result(json_t *reply, json_int_t id, bench_error *error) {
    const char *type = json_string_value(json_object_get(reply, "type"));
    if (!type) {
        bench_error_set(error, "reply has no type");
        return -1;
    }
    if (strcmp(type, "error") == 0) {
        bench_error_set(error, "host replied error %s: %s",
                        json_string_value(json_object_get(reply, "code")),
                        json_string_value(json_object_get(reply, "message")));
        return -1;
    }
    if (strcmp(type, "result") != 0 || !json_is_array(json_object_get(reply, "warnings"))) {
        bench_error_set(error, "expected a result with warnings, got type \"%s\"", type);
        return -1;
    }
    if (json_integer_value(json_object_get(reply, "id")) != id) {
        bench_error_set(error, "result for id %lld answered request %lld",
                        (long long)json_integer_value(json_object_get(reply, "id")), (long long)id);
        return -1;
    }
    return 0;
}

/* One request, one reply; the clock covers only the write, the host's work and the read. The host's
 * own `elapsed_us` for the check goes to `inside` when given, to tell its work from the pipes'. */
static int64_t check_round_trip(child *host, const frame *request, json_int_t id, stats *inside,
                                bench_error *error) {
    int64_t start = clock_now_ns();
    if (frame_send(host, request, error) != 0) return -1;
    size_t size;
    char *reply_text = frame_receive(host, &size, error);
    int64_t elapsed = clock_now_ns() - start;
    if (!reply_text) return -1;
    if (size > BROWSER_MAX_REPLY_BYTES) {
        bench_error_set(error, "reply of %zu bytes is over the browser's 1 MB limit", size);
        free(reply_text);
        return -1;
    }
    json_error_t parse_error;
    json_t *reply = json_loadb(reply_text, size, 0, &parse_error);
    free(reply_text);
    if (!reply) {
        bench_error_set(error, "reply is not JSON: %s", parse_error.text);
        return -1;
    }
    int rc = reply_check_result(reply, id, error);
    json_t *host_elapsed = json_object_get(reply, "elapsed_us");
    if (rc == 0 && inside && json_is_integer(host_elapsed)) stats_add(inside, json_integer_value(host_elapsed) * 1000);
    json_decref(reply);
    return rc == 0 ? elapsed : -1;
}

/* Checks of pattern rules may start before the dictionary is in; spelling measurements must not. */
static int host_wait_for_dictionary(child *host, bench_error *error) {
    json_t *hello = json_pack("{s:s, s:i}", "type", "hello", "id", 0);
    frame request;
    frame_encode(hello, &request);
    json_decref(hello);
    int rc = -1;
    for (int attempt = 0; attempt < 1000; attempt++) {
        if (frame_send(host, &request, error) != 0) break;
        json_t *reply = frame_receive_json(host, error);
        if (!reply) break;
        json_t *dictionary = json_object_get(reply, "dictionary");
        int ready = !json_is_object(dictionary) || json_is_true(json_object_get(dictionary, "loaded"));
        json_decref(reply);
        if (ready) {
            rc = 0;
            break;
        }
        usleep(5000);
    }
    if (rc != 0 && !error->text[0]) bench_error_set(error, "dictionary still loading after 5 s");
    frame_release(&request);
    return rc;
}

/* Ends the host as the browser does, by closing its input; its lifetime CPU time goes to `cpu`. */
static int host_stop(child *host, stats *cpu, bench_error *error) {
    child_exit result;
    if (child_finish(host, &result) != 0) {
        bench_error_set(error, "could not reap the host");
        return -1;
    }
    if (!WIFEXITED(result.status) || WEXITSTATUS(result.status) != 0) {
        bench_error_set(error, "host did not exit cleanly at the end of its input (status 0x%x)",
                        result.status);
        return -1;
    }
    if (cpu) stats_add_cpu(cpu, result.cpu_us);
    return 0;
}

static json_t *scenario_cold_start(const host_run *run, bench_error *error) {
    stats *s = stats_new(run->sizes->cold_starts);
    json_t *out = NULL;
    for (size_t i = 0; i < run->sizes->cold_starts; i++) {
        child host;
        int64_t start = clock_now_ns();
        if (host_start(run, &host, error) != 0) goto done;
        int64_t round_trip = check_round_trip(&host, &run->short_frames[0], 1, NULL, error);
        int64_t elapsed = clock_now_ns() - start;
        if (host_stop(&host, s, round_trip < 0 ? NULL : error) != 0 || round_trip < 0) goto done;
        stats_add(s, elapsed);
    }
    out = stats_to_json(s);
done:
    stats_free(s);
    return out;
}

static json_t *scenario_check_280(const host_run *run, bench_error *error) {
    const bench_sizes *sizes = run->sizes;
    size_t count = run->short_posts->count;
    stats *s = stats_new(sizes->timed_checks), *inside = stats_new(sizes->timed_checks);
    json_t *out = NULL;
    child host;
    if (host_start(run, &host, error) != 0) goto done;
    if (host_wait_for_dictionary(&host, error) != 0) goto stop;
    /* Warm up on the last posts, then time posts the host has not seen. */
    for (size_t i = 0; i < sizes->warmup_checks; i++) {
        size_t k = count - 1 - i % count;
        if (check_round_trip(&host, &run->short_frames[k], (json_int_t)k + 1, NULL, error) < 0) goto stop;
    }
    long long cpu_before = child_cpu_us(&host);
    int64_t wall_start = clock_now_ns();
    for (size_t i = 0; i < sizes->timed_checks; i++) {
        size_t k = i % count;
        int64_t elapsed = check_round_trip(&host, &run->short_frames[k], (json_int_t)k + 1, inside, error);
        if (elapsed < 0) goto stop;
        stats_add(s, elapsed);
    }
    s->wall_ns = clock_now_ns() - wall_start;
    stats_add_cpu(s, child_cpu_us(&host) - cpu_before);
    out = stats_to_json(s);
    if (inside->count) {
        json_object_set_new(out, "host_elapsed_median_us", json_real(stats_percentile_us(inside, 0.5)));
        json_object_set_new(out, "host_elapsed_p99_us", json_real(stats_percentile_us(inside, 0.99)));
    }
stop:
    if (host_stop(&host, NULL, out ? error : NULL) != 0) {
        json_decref(out);
        out = NULL;
    }
done:
    stats_free(s);
    stats_free(inside);
    return out;
}

typedef struct pipelined_writer {
    const host_run *run;
    child *host;
    size_t checks;
    bench_error error;
    int failed;
} pipelined_writer;

static void *pipelined_write_all(void *arg) {
    pipelined_writer *w = arg;
    size_t count = w->run->short_posts->count;
    for (size_t i = 0; i < w->checks; i++) {
        if (frame_send(w->host, &w->run->short_frames[i % count], &w->error) != 0) {
            w->failed = 1;
            break;
        }
    }
    return NULL;
}

/* Requests written back to back while replies are read: the host is never waiting for the client.
 * The posts are then sent a second time: by then the host has met all their words, so memory that
 * still grows is a leak, not a cache filling with new vocabulary. */
static json_t *scenario_throughput(const host_run *run, bench_error *error) {
    const bench_sizes *sizes = run->sizes;
    size_t count = run->short_posts->count, checks = sizes->throughput_checks;
    json_t *out = NULL;
    child host;
    if (host_start(run, &host, error) != 0) return NULL;
    if (host_wait_for_dictionary(&host, error) != 0) goto stop;
    long rss_first = -1, rss_last = -1;
    long long cpu_before = child_cpu_us(&host), cpu_used = 0;
    pipelined_writer writer = {run, &host, 2 * checks, {{0}}, 0};
    int64_t start = clock_now_ns(), wall = 0;
    pthread_t thread;
    if (pthread_create(&thread, NULL, pipelined_write_all, &writer) != 0) {
        bench_error_set(error, "cannot start the writer thread");
        goto stop;
    }
    int failed = 0;
    for (size_t i = 0; i < 2 * checks && !failed; i++) {
        json_t *reply = frame_receive_json(&host, error);
        failed = !reply || reply_check_result(reply, (json_int_t)(i % count) + 1, error) != 0;
        json_decref(reply);
        if (i + 1 == sizes->memory_first_sample) rss_first = child_status_kb(&host, "VmRSS");
        if (i + 1 == checks) {
            wall = clock_now_ns() - start;
            cpu_used = child_cpu_us(&host) - cpu_before;
            rss_last = child_status_kb(&host, "VmRSS");
        }
    }
    if (failed) child_close_input(&host);  /* unblocks the writer if the host has stopped reading */
    pthread_join(thread, NULL);
    if (failed || writer.failed) {
        if (!failed) *error = writer.error;
        goto stop;
    }
    out = json_pack("{s:I, s:f, s:f, s:o, s:I, s:I, s:I, s:I, s:I}",
                    "checks", (json_int_t)checks,
                    "wall_s", (double)wall / 1e9,
                    "per_s", (double)checks * 1e9 / (double)wall,
                    "per_cpu_s", cpu_used > 0 ? json_real((double)checks * 1e6 / (double)cpu_used) : json_null(),
                    "rss_first_after", (json_int_t)sizes->memory_first_sample,
                    "rss_kb_first", (json_int_t)rss_first,
                    "rss_kb_last", (json_int_t)rss_last,
                    "rss_kb_repeat", (json_int_t)child_status_kb(&host, "VmRSS"),
                    "peak_rss_kb", (json_int_t)child_status_kb(&host, "VmHWM"));
stop:
    if (host_stop(&host, NULL, out ? error : NULL) != 0) {
        json_decref(out);
        out = NULL;
    }
    return out;
}

/* A person editing: change one ASCII letter to another, so the length in bytes and in UTF-16 units
 * stays the same. Even edits touch the last word (typing at the end), odd ones a word in the middle. */
static void text_edit_one_letter(char *text, size_t size, size_t edit) {
    size_t at = edit % 2 == 0 ? size - 1 : (edit * 7919 + size / 3) % size;
    for (size_t tries = 0; tries < size; tries++, at = at == 0 ? size - 1 : at - 1) {
        char c = text[at];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            text[at] = c == 'e' ? 'a' : c == 'E' ? 'A' : (c | 0x20) == c ? 'e' : 'E';
            return;
        }
    }
}

static int scenario_long_post(const host_run *run, size_t k, stats *first, stats *recheck,
                              bench_error *error) {
    size_t size = run->long_posts->size[k];
    char *text = malloc(size + 1);
    if (!text) abort();
    memcpy(text, run->long_posts->text[k], size + 1);
    child host;
    int rc = -1;
    if (host_start(run, &host, error) != 0) {
        free(text);
        return -1;
    }
    if (host_wait_for_dictionary(&host, error) != 0) goto stop;
    /* Warm means ready: one short check first compiles the pack, which is the cold start's cost. */
    if (check_round_trip(&host, &run->short_frames[0], 1, NULL, error) < 0) goto stop;
    long long cpu_before = 0;
    for (size_t edit = 0; edit <= run->sizes->edits_per_long_post; edit++) {
        if (edit > 0) text_edit_one_letter(text, size, edit);
        if (edit <= 1) {
            long long cpu_now = child_cpu_us(&host);
            if (edit == 1) stats_add_cpu(first, cpu_now - cpu_before);
            cpu_before = cpu_now;
        }
        frame request;
        json_int_t id = (json_int_t)edit + 1;
        if (check_frame_encode(text, id, &request) != 0) {
            bench_error_set(error, "long post %zu is not valid UTF-8", k + 1);
            goto stop;
        }
        int64_t elapsed = check_round_trip(&host, &request, id, NULL, error);
        frame_release(&request);
        if (elapsed < 0) goto stop;
        stats_add(edit == 0 ? first : recheck, elapsed);
    }
    stats_add_cpu(recheck, child_cpu_us(&host) - cpu_before);
    rc = 0;
stop:
    if (host_stop(&host, NULL, rc == 0 ? error : NULL) != 0) rc = -1;
    free(text);
    return rc;
}

/* Both long-post measurements come from the same hosts, so they are returned together. */
static json_t *scenario_long_posts(const host_run *run, bench_error *error) {
    size_t posts_to_use = run->sizes->long_posts;
    if (posts_to_use > run->long_posts->count) posts_to_use = run->long_posts->count;
    stats *first = stats_new(posts_to_use);
    stats *recheck = stats_new(posts_to_use * run->sizes->edits_per_long_post);
    json_t *out = NULL;
    for (size_t k = 0; k < posts_to_use; k++) {
        if (scenario_long_post(run, k, first, recheck, error) != 0) goto done;
    }
    out = json_pack("{s:o, s:o}", "first_63k", stats_to_json(first),
                    "recheck_63k", stats_to_json(recheck));
done:
    stats_free(first);
    stats_free(recheck);
    return out;
}

/* In run order; `key` NULL means the scenario returns several named results at once. */
static const struct {
    const char *name;
    const char *key;
    json_t *(*measure)(const host_run *run, bench_error *error);
} SCENARIOS[] = {
    {"cold start", "cold_start", scenario_cold_start},
    {"280-character checks", "check_280", scenario_check_280},
    {"throughput", "throughput", scenario_throughput},
    {"63,206-character posts", NULL, scenario_long_posts},
};

json_t *host_bench_run(const char *host_path, const posts *short_posts, const posts *long_posts,
                       const bench_sizes *sizes, int round_trips_only, bench_error *error) {
    host_run run = {host_path, short_posts, long_posts, sizes, NULL};
    run.short_frames = calloc(short_posts->count, sizeof *run.short_frames);
    if (!run.short_frames) abort();
    for (size_t k = 0; k < short_posts->count; k++) {
        if (check_frame_encode(short_posts->text[k], (json_int_t)k + 1, &run.short_frames[k]) != 0) {
            bench_error_set(error, "post %zu is not valid UTF-8", k + 1);
            for (size_t i = 0; i < k; i++) frame_release(&run.short_frames[i]);
            free(run.short_frames);
            return NULL;
        }
    }

    const char *slash = strrchr(host_path, '/');
    json_t *out = json_pack("{s:s}", "engine", slash ? slash + 1 : host_path);
    for (size_t i = 0; i < sizeof SCENARIOS / sizeof SCENARIOS[0]; i++) {
        if (round_trips_only && SCENARIOS[i].measure != scenario_check_280) continue;
        json_t *result = SCENARIOS[i].measure(&run, error);
        if (result && SCENARIOS[i].key) {
            json_object_set_new(out, SCENARIOS[i].key, result);
            continue;
        }
        if (result) {
            json_object_update(out, result);
            json_decref(result);
            continue;
        }
        char reason[sizeof error->text];
        memcpy(reason, error->text, sizeof reason);
        bench_error_set(error, "%s: %s", SCENARIOS[i].name, reason);
        json_decref(out);
        out = NULL;
        break;
    }
    for (size_t k = 0; k < short_posts->count; k++) frame_release(&run.short_frames[k]);
    free(run.short_frames);
    return out;
}
