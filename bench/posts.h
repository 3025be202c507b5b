/* posts.h: the benchmark's posts, as bench/posts.mjs wrote them.
 *
 * A posts file holds UTF-8 posts separated by NUL bytes; every engine in the run reads the same file,
 * so every engine checks exactly the same text.
 *
 * Ownership: posts_load fills a caller-owned struct whose buffers posts_release frees.
 */
#ifndef NOTICEBOARD_BENCH_POSTS_H
#define NOTICEBOARD_BENCH_POSTS_H

#include <stddef.h>
#include "child.h"

typedef struct posts {
    char *data;       /* the whole file; each post is NUL-terminated inside it */
    char **text;
    size_t *size;     /* bytes, without the NUL */
    size_t count;
} posts;

int posts_load(const char *path, posts *out, bench_error *error);
void posts_release(posts *p);

#endif
