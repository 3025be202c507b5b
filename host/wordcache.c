/* wordcache.c: an open-addressing hash table of words (see wordcache.h). */
#include <stdlib.h>
#include <string.h>
#include "roots.h"
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
    uint64_t *phrase_words;    /* open-addressing set of hash_bytes of each phrase word, 0 = empty */
    size_t phrase_words_size, phrase_words_used;
    int stale;                 /* a phrase word arrived after words were cached */
    unsigned generation;       /* phrase words registered so far */
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
    free(c->phrase_words);
    free(c);
}

static int phrase_words_contain(const void *cache, uint64_t h)
{
    const nb_wordcache *c = cache;
    size_t j, mask = c->phrase_words_size - 1;
    if (!c->phrase_words) return 0;
    for (j = h & mask; c->phrase_words[j]; j = (j + 1) & mask)
        if (c->phrase_words[j] == h) return 1;
    return 0;
}

static void phrase_words_insert(nb_wordcache *c, uint64_t h)
{
    size_t j, i;
    if ((c->phrase_words_used + 1) * 2 > c->phrase_words_size) {
        uint64_t *old = c->phrase_words;
        size_t old_size = c->phrase_words_size;
        c->phrase_words_size = old_size ? old_size * 2 : 1024;
        c->phrase_words = calloc(c->phrase_words_size, sizeof *c->phrase_words);
        if (!c->phrase_words) abort();
        c->phrase_words_used = 0;
        for (i = 0; i < old_size; i++)
            if (old[i]) phrase_words_insert(c, old[i]);
        free(old);
    }
    for (j = h & (c->phrase_words_size - 1); c->phrase_words[j]; j = (j + 1) & (c->phrase_words_size - 1)) {}
    c->phrase_words[j] = h;
    c->phrase_words_used++;
}

void wordcache_add_phrase_word(nb_wordcache *c, const char *word)
{
    uint64_t h = hash_bytes(word, strlen(word));
    if (!h || phrase_words_contain(c, h)) return;
    phrase_words_insert(c, h);
    /* Words already cached may have missed a root this word gives them. */
    c->stale = 1;
    c->generation++;
}

unsigned wordcache_generation(const nb_wordcache *c) { return c->generation; }

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

nb_word *wordcache_get(nb_wordcache *c, const char *word, size_t len, const char *lower, size_t lower_len)
{
    uint64_t h = hash_bytes(word, len);
    size_t j;
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
    s->value.root = roots_find(lower, lower_len, phrase_words_contain, c);
    s->value.spelled = -1;
    c->used++;
    return &s->value;
}
