/* wordcache.c: an open-addressing hash table of words (see wordcache.h). */
#include <stdlib.h>
#include <string.h>
#include "roots.h"
#include "span.h"
#include "tokens.h"
#include "wordcache.h"

/* A slot is 24 bytes and the word itself lives in one shared buffer: the cache holds tens of thousands
 * of short words, and a pointer and an allocation for each would cost more than the words. */
typedef struct slot {
    nb_word value;
    uint32_t hash;     /* low bits of hash_bytes of the word */
    uint32_t at;       /* offset of the word in `text`; 0 when empty */
} slot;

struct nb_wordcache {
    slot *slots;
    size_t size, used, max_words;
    char *text;                /* the cached words, each ending in NUL; byte 0 is unused */
    size_t text_len, text_cap;
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
    c->text_len = 1;
    return c;
}

static void wordcache_empty(nb_wordcache *c)
{
    memset(c->slots, 0, c->size * sizeof *c->slots);
    c->used = 0;
    c->text_len = 1;
}

void wordcache_free(nb_wordcache *c)
{
    if (!c) return;
    free(c->slots);
    free(c->text);
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

/* Words average under 16 bytes; a cache of that many bytes a word is full even when it holds fewer
 * words (long tokens of a huge post). */
void wordcache_trim(nb_wordcache *c)
{
    if (c->used > c->max_words || c->text_len > c->max_words * 16 || c->stale) wordcache_empty(c);
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
        if (!old[i].at) continue;
        for (j = old[i].hash & (c->size - 1); c->slots[j].at; j = (j + 1) & (c->size - 1)) {}
        c->slots[j] = old[i];
    }
    free(old);
}

nb_word *wordcache_get(nb_wordcache *c, const char *word, size_t len, const char *lower, size_t lower_len)
{
    uint32_t h = (uint32_t)hash_bytes(word, len);
    size_t j;
    slot *s;
    if ((c->used + 1) * 2 > c->size) wordcache_grow(c);
    for (j = h & (c->size - 1); c->slots[j].at; j = (j + 1) & (c->size - 1)) {
        const char *cached;
        s = &c->slots[j];
        cached = c->text + s->at;
        if (s->hash == h && strncmp(cached, word, len) == 0 && cached[len] == '\0') return &s->value;
    }
    c->text = array_reserve(c->text, &c->text_cap, c->text_len + len + 1, 1);
    s = &c->slots[j];
    s->at = (uint32_t)c->text_len;
    memcpy(c->text + c->text_len, word, len);
    c->text[c->text_len + len] = '\0';
    c->text_len += len + 1;
    s->hash = h;
    s->value.root = roots_find(lower, lower_len, phrase_words_contain, c);
    s->value.spelled = -1;
    c->used++;
    return &s->value;
}
