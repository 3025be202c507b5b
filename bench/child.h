/* child.h: a process the benchmark starts and talks to over pipes.
 *
 * Both the host under test and the process-per-check baseline (`hunspell -l`) are started here, the
 * same way a browser starts a native host: fork and exec, standard input and output on pipes, standard
 * error passed through (the host's diagnostics never contain post text). /proc gives the resident
 * memory and CPU time of the child while it runs; wait4 gives its peak memory once it has exited.
 *
 * Ownership: child_start fills a caller-owned struct; child_finish closes the pipes and reaps the
 * process, and must be called exactly once for each successful child_start.
 */
#ifndef NOTICEBOARD_BENCH_CHILD_H
#define NOTICEBOARD_BENCH_CHILD_H

#include <stddef.h>
#include <sys/types.h>

typedef struct bench_error {
    char text[256];
} bench_error;

typedef struct child {
    pid_t pid;
    int to_child;    /* its standard input; -1 once closed */
    int from_child;  /* its standard output */
} child;

typedef struct child_exit {
    int status;      /* as from waitpid */
    long peak_kb;    /* ru_maxrss: the child's peak resident memory */
    long long cpu_us; /* user plus system time over its whole life */
} child_exit;

int child_start(child *c, char *const argv[], bench_error *error);
int child_write_all(child *c, const void *data, size_t size, bench_error *error);
/* Reads exactly `size` bytes; 0 on success, -1 on end of file or error. */
int child_read_exact(child *c, void *data, size_t size, bench_error *error);
void child_close_input(child *c);
/* Writes all of `input`, closes standard input and reads standard output to its end, at the same time so
 * neither pipe can fill and stall the other. Returns the number of output bytes, or -1. */
long child_exchange(child *c, const void *input, size_t size, bench_error *error);
/* A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1. */
long child_status_kb(const child *c, const char *field);
/* CPU time so far, all threads, in microseconds, or -1. */
long long child_cpu_us(const child *c);
int child_finish(child *c, child_exit *result);

void bench_error_set(bench_error *error, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
