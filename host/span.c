/* span.c: growable span lists (see span.h). */
#include <stdio.h>
#include <stdlib.h>
#include "span.h"

void *array_reserve(void *v, size_t *cap, size_t want, size_t size)
{
    size_t n;
    if (want <= *cap) return v;
    n = *cap ? *cap : 8;
    while (n < want) n *= 2;
    v = realloc(v, n * size);
    if (!v) {
        fputs("noticeboard-host: out of memory\n", stderr);
        abort();
    }
    *cap = n;
    return v;
}

void spans_push(nb_spans *spans, uint32_t start, uint32_t end)
{
    spans->v = array_reserve(spans->v, &spans->cap, spans->n + 1, sizeof *spans->v);
    spans->v[spans->n].start = start;
    spans->v[spans->n].end = end;
    spans->n++;
}

void spans_clear(nb_spans *spans) { spans->n = 0; }

void spans_free(nb_spans *spans)
{
    free(spans->v);
    spans->v = NULL;
    spans->n = spans->cap = 0;
}
