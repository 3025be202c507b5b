/* roots.h: a word's root among the phrase words, found by undoing English inflections.
 *
 * A phrase word matches a token that is that word or whose root is that word (phrase.h), so a root
 * only matters when it is a phrase word. Rather than ask the dictionary for every stem of a token
 * (2 us a word, and only once the dictionary has loaded), roots_find undoes the regular English
 * endings - plurals and possessives, -ed, -ing, -er, -est, y to -ies/-ied, a doubled final consonant,
 * a dropped final e - and keeps the shortest result that is a phrase word. Irregular forms (ran, went)
 * have no root, as they had none when stems came from the dictionary: a stem had to begin the word.
 * Needing no dictionary, phrase, cue and identifier rules answer before the dictionary has loaded.
 */
#ifndef NB_ROOTS_H
#define NB_ROOTS_H

#include <stddef.h>
#include <stdint.h>

/* Answers whether hash (hash_bytes of a lower-case word) is a phrase word. */
typedef int (*nb_root_known)(const void *words, uint64_t hash);

/* The hash of the shortest root of the lower-case word that known accepts; of the word itself when
 * none does. */
uint64_t roots_find(const char *lower, size_t len, nb_root_known known, const void *words);

#endif
