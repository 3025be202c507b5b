/* child.c: a process the benchmark starts and talks to over pipes (see child.h). */
#include "child.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

void bench_error_set(bench_error *error, const char *format, ...) {
    if (!error) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error->text, sizeof error->text, format, args);
    va_end(args);
}

int child_start(child *c, char *const argv[], bench_error *error) {
    int in[2], out[2];
    if (pipe(in) != 0) {
        bench_error_set(error, "pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe(out) != 0) {
        bench_error_set(error, "pipe: %s", strerror(errno));
        close(in[0]);
        close(in[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        bench_error_set(error, "fork: %s", strerror(errno));
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    c->pid = pid;
    c->to_child = in[1];
    c->from_child = out[0];
    return 0;
}

int child_write_all(child *c, const void *data, size_t size, bench_error *error) {
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(c->to_child, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            bench_error_set(error, "writing to %d: %s", (int)c->pid, strerror(errno));
            return -1;
        }
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Long enough for a 63,206-character check on a loaded machine; a host that takes longer is hung. */
#define CHILD_READ_TIMEOUT_MS 30000

int child_read_exact(child *c, void *data, size_t size, bench_error *error) {
    char *p = data;
    while (size > 0) {
        struct pollfd readable = {c->from_child, POLLIN, 0};
        int ready = poll(&readable, 1, CHILD_READ_TIMEOUT_MS);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) {
            bench_error_set(error, "process %d sent nothing for %d s", (int)c->pid,
                            CHILD_READ_TIMEOUT_MS / 1000);
            return -1;
        }
        ssize_t n = read(c->from_child, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            bench_error_set(error, "reading from %d: %s", (int)c->pid, strerror(errno));
            return -1;
        }
        if (n == 0) {
            bench_error_set(error, "process %d closed its output early", (int)c->pid);
            return -1;
        }
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

void child_close_input(child *c) {
    if (c->to_child >= 0) close(c->to_child);
    c->to_child = -1;
}

long child_exchange(child *c, const void *input, size_t size, bench_error *error) {
    const char *p = input;
    long output = 0;
    char buffer[65536];
    for (;;) {
        struct pollfd fds[2] = {{c->from_child, POLLIN, 0}, {c->to_child, POLLOUT, 0}};
        int n = poll(fds, c->to_child >= 0 ? 2 : 1, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            bench_error_set(error, "poll: %s", strerror(errno));
            return -1;
        }
        if (c->to_child >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t written = size ? write(c->to_child, p, size) : 0;
            if (written < 0 && errno != EINTR && errno != EAGAIN) size = 0;
            if (written > 0) { p += written; size -= (size_t)written; }
            if (size == 0) child_close_input(c);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t got = read(c->from_child, buffer, sizeof buffer);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                bench_error_set(error, "reading from %d: %s", (int)c->pid, strerror(errno));
                return -1;
            }
            if (got == 0) return output;
            output += got;
        }
    }
}

long child_status_kb(const child *c, const char *field) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)c->pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    size_t field_length = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, field_length) == 0 && line[field_length] == ':') {
            kb = strtol(line + field_length + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* /proc/PID/task/TID/schedstat counts each thread's time on a CPU in nanoseconds; /proc/PID/stat only
 * in clock ticks, too coarse for checks that take microseconds. Summed over the threads, so a loader
 * thread counts too. */
long long child_cpu_us(const child *c) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/task", (int)c->pid);
    DIR *tasks = opendir(path);
    if (!tasks) return -1;
    long long total_ns = 0;
    struct dirent *task;
    while ((task = readdir(tasks)) != NULL) {
        if (task->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "/proc/%d/task/%.16s/schedstat", (int)c->pid, task->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;  /* the thread has just ended */
        long long ns = 0;
        if (fscanf(f, "%lld", &ns) == 1) total_ns += ns;
        fclose(f);
    }
    closedir(tasks);
    return total_ns / 1000;
}

int child_finish(child *c, child_exit *result) {
    child_close_input(c);
    close(c->from_child);
    struct rusage usage;
    int status = 0;
    memset(&usage, 0, sizeof usage);
    /* A process that ignores the end of its input would hang the whole run: give it five seconds. */
    for (int waited_ms = 0;; waited_ms++) {
        pid_t done = wait4(c->pid, &status, waited_ms < 5000 ? WNOHANG : 0, &usage);
        if (done == c->pid) break;
        if (done < 0 && errno != EINTR) return -1;
        if (waited_ms == 4999) kill(c->pid, SIGKILL);
        usleep(1000);
    }
    if (result) {
        result->status = status;
        result->peak_kb = usage.ru_maxrss;
        result->cpu_us = (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000 +
                         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    }
    return 0;
}
