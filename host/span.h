/* span.h: growable lists of byte spans, the currency between the matchers and the checker.
 *
 * A span is [start, end) in bytes of the sanitised post. Lists own their array; spans_free releases it.
 */
#ifndef NB_SPAN_H
#define NB_SPAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct nb_span {
    uint32_t start, end;
} nb_span;

typedef struct nb_spans {
    nb_span *v;
    size_t n, cap;
} nb_spans;

void spans_push(nb_spans *spans, uint32_t start, uint32_t end);
void spans_clear(nb_spans *spans);
void spans_free(nb_spans *spans);
/* Grows any array of `size`-byte items to hold at least `want`; aborts when memory runs out, since a
 * checker that silently drops warnings would be worse than one that stops. */
void *array_reserve(void *v, size_t *cap, size_t want, size_t size);

#endif
