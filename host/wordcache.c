/* wordcache.c: an open-addressing hash table of words (see wordcache.h). */
#include <stdlib.h>
#include <string.h>
#include "span.h"
#include "tokens.h"
#include "wordcache.h"

typedef struct slot {
    uint64_t hash;
    char *word;        /* NULL when empty */
    nb_word value;
} slot;

struct nb_wordcache {
    slot *slots;
    size_t size, used, max_words;
    uint64_t *stems;           /* open-addressing set of hash(w minus its last letter), 0 = empty */
    size_t stems_size, stems_used;
    int stale;                 /* a phrase word arrived after words were cached */
};

nb_wordcache *wordcache_new(size_t max_words)
{
    nb_wordcache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->max_words = max_words;
    c->size = 1024;
    c->slots = calloc(c->size, sizeof *c->slots);
    if (!c->slots) { free(c); return NULL; }
    return c;
}

static void wordcache_empty(nb_wordcache *c)
{
    size_t i;
    for (i = 0; i < c->size; i++) {
        free(c->slots[i].word);
        c->slots[i].word = NULL;
    }
    c->used = 0;
}

void wordcache_free(nb_wordcache *c)
{
    if (!c) return;
    wordcache_empty(c);
    free(c->slots);
    free(c->stems);
    free(c);
}

static int stems_contains(const nb_wordcache *c, uint64_t h)
{
    size_t j;
    if (!c->stems) return 0;
    for (j = h & (c->stems_size - 1); c->stems[j]; j = (j + 1) & (c->stems_size - 1))
        if (c->stems[j] == h) return 1;
    return 0;
}

static void stems_insert(nb_wordcache *c, uint64_t h)
{
    size_t j, i;
    if ((c->stems_used + 1) * 2 > c->stems_size) {
        uint64_t *old = c->stems;
        size_t old_size = c->stems_size;
        c->stems_size = old_size ? old_size * 2 : 1024;
        c->stems = calloc(c->stems_size, sizeof *c->stems);
        if (!c->stems) abort();
        c->stems_used = 0;
        for (i = 0; i < old_size; i++)
            if (old[i]) stems_insert(c, old[i]);
        free(old);
    }
    for (j = h & (c->stems_size - 1); c->stems[j]; j = (j + 1) & (c->stems_size - 1)) {}
    c->stems[j] = h;
    c->stems_used++;
}

void wordcache_add_phrase_word(nb_wordcache *c, const char *word)
{
    size_t n = strlen(word);
    uint64_t h;
    if (n < 2) return;
    h = hash_bytes(word, n - 1);
    if (!h || stems_contains(c, h)) return;
    stems_insert(c, h);
    /* Words already cached may have skipped a stem this word needs. */
    c->stale = 1;
}

/* Could the word's root be a phrase word? A root is always the word's start (all of it, or all but a
 * last letter that was changed), so some phrase word minus its last letter must be a prefix of it. */
static int root_may_matter(const nb_wordcache *c, const char *lower)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i, n = strlen(lower);
    for (i = 0; i + 1 < n; i++) {
        h ^= (unsigned char)lower[i];
        h *= 1099511628211ULL;
        if (i >= 1 && stems_contains(c, h)) return 1;
    }
    return 0;
}

void wordcache_trim(nb_wordcache *c)
{
    if (c->used > c->max_words || c->stale) wordcache_empty(c);
    c->stale = 0;
}

static void wordcache_grow(nb_wordcache *c)
{
    slot *old = c->slots;
    size_t old_size = c->size, i;
    c->size *= 2;
    c->slots = calloc(c->size, sizeof *c->slots);
    if (!c->slots) abort();
    for (i = 0; i < old_size; i++) {
        size_t j;
        if (!old[i].word) continue;
        for (j = old[i].hash & (c->size - 1); c->slots[j].word; j = (j + 1) & (c->size - 1)) {}
        c->slots[j] = old[i];
    }
    free(old);
}

nb_word *wordcache_get(nb_wordcache *c, nb_speller *speller, const char *word, size_t len, const char *lower)
{
    uint64_t h = hash_bytes(word, len);
    size_t j;
    char root[256];
    slot *s;
    if ((c->used + 1) * 2 > c->size) wordcache_grow(c);
    for (j = h & (c->size - 1); c->slots[j].word; j = (j + 1) & (c->size - 1)) {
        s = &c->slots[j];
        if (s->hash == h && strncmp(s->word, word, len) == 0 && s->word[len] == '\0') return &s->value;
    }
    s = &c->slots[j];
    s->word = malloc(len + 1);
    if (!s->word) abort();
    memcpy(s->word, word, len);
    s->word[len] = '\0';
    s->hash = h;
    if (root_may_matter(c, lower)) {
        speller_root(speller, lower, root, sizeof root);
        s->value.root = hash_bytes(root, strlen(root));
    } else s->value.root = hash_bytes(lower, strlen(lower));
    s->value.spelled = -1;
    c->used++;
    return &s->value;
}
