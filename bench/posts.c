/* posts.c: the benchmark's posts (see posts.h). */
#include "posts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *file_read_all(const char *path, size_t *size, bench_error *error) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        bench_error_set(error, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t capacity = 1 << 20, used = 0;
    char *data = malloc(capacity + 1);
    if (!data) abort();
    size_t n;
    while ((n = fread(data + used, 1, capacity - used, f)) > 0) {
        used += n;
        if (used == capacity) {
            capacity *= 2;
            data = realloc(data, capacity + 1);
            if (!data) abort();
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        bench_error_set(error, "%s: read error", path);
        free(data);
        return NULL;
    }
    data[used] = '\0';
    *size = used;
    return data;
}

int posts_load(const char *path, posts *out, bench_error *error) {
    memset(out, 0, sizeof *out);
    size_t size;
    out->data = file_read_all(path, &size, error);
    if (!out->data) return -1;
    size_t capacity = 0;
    for (size_t i = 0; i < size; i++) capacity += out->data[i] == '\0';
    out->text = malloc((capacity + 1) * sizeof *out->text);
    out->size = malloc((capacity + 1) * sizeof *out->size);
    if (!out->text || !out->size) abort();
    for (size_t start = 0; start < size;) {
        size_t length = strlen(out->data + start);
        if (length > 0) {
            out->text[out->count] = out->data + start;
            out->size[out->count] = length;
            out->count++;
        }
        start += length + 1;
    }
    if (out->count == 0) {
        bench_error_set(error, "%s: no posts (run bench/posts.mjs first)", path);
        posts_release(out);
        return -1;
    }
    return 0;
}

void posts_release(posts *p) {
    free(p->data);
    free(p->text);
    free(p->size);
    memset(p, 0, sizeof *p);
}
