/* wordcache.h: what the dictionary said about each word, remembered between checks.
 *
 * The extension re-checks a post on every pause in typing, so nearly every word was seen a moment ago.
 * The cache maps a word's exact form to its spelling verdict and the hash of its root (roots_find of
 * its lower-case form among the phrase words), so a re-check costs little more than tokenising. It is bounded: when it holds
 * more than `max_words` words, or more than 16 bytes of words for each, it is emptied before the next
 * check (never during one).
 *
 * A root only matters when a phrase could match it, so the cache is told every phrase word of the
 * packs in use and roots are looked for among them (roots.h).
 */
#ifndef NB_WORDCACHE_H
#define NB_WORDCACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct nb_word {
    uint64_t root;
    int spelled;   /* 1 known, 0 misspelt, -1 not asked yet */
} nb_word;

typedef struct nb_wordcache nb_wordcache;

nb_wordcache *wordcache_new(size_t max_words);
void wordcache_free(nb_wordcache *cache);
/* Registers a phrase word; when it is new the next wordcache_trim empties the cache, since cached
 * roots may lack it. */
void wordcache_add_phrase_word(nb_wordcache *cache, const char *word);
/* Counts the phrase words that changed roots: a root found in one generation may differ in the next. */
unsigned wordcache_generation(const nb_wordcache *cache);
/* Empties the cache if it has grown past its bound or is stale; call between checks. */
void wordcache_trim(nb_wordcache *cache);
/* The entry for word (exact form) with its lower-case form; computes the root on first sight. The
 * pointer is good until the next wordcache_get, which may move the entries. */
nb_word *wordcache_get(nb_wordcache *cache, const char *word, size_t len, const char *lower, size_t lower_len);

#endif
