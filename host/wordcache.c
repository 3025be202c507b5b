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
    free(c);
}

void wordcache_trim(nb_wordcache *c)
{
    if (c->used > c->max_words) wordcache_empty(c);
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
    speller_root(speller, lower, root, sizeof root);
    s->value.root = hash_bytes(root, strlen(root));
    s->value.spelled = -1;
    c->used++;
    return &s->value;
}
