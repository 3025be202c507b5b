/* speller.h: the en_GB dictionary, found, loaded in the background, and asked about words.
 *
 * Loading a hunspell dictionary takes 35-60 ms, longer than a whole check, so speller_new starts it
 * on a background thread and returns at once. Only spelling needs it (roots come from roots.h): a
 * check asks speller_ready and, while the dictionary is still loading, answers without spelling
 * rather than wait; suggestions and `hello` call speller_wait. A missing dictionary is not an
 * error: checks run without spelling and speller_error says why.
 *
 * Search order for en_GB.dic/en_GB.aff: the explicit directory (--dict), $NOTICEBOARD_DICT_DIR,
 * <binary dir>/../share/noticeboard, <binary dir>, /usr/share/hunspell, /usr/local/share/hunspell,
 * /Library/Spelling.
 *
 * Suggestions cost tens of milliseconds a word, so they are only computed on request and cached.
 * A hunspell handle is not thread-safe: after speller_wait, only the calling thread uses it.
 */
#ifndef NB_SPELLER_H
#define NB_SPELLER_H

#include <stddef.h>

typedef struct nb_speller nb_speller;

/* dict_dir may be NULL; binary_dir may be NULL. Never NULL unless memory runs out. */
nb_speller *speller_new(const char *dict_dir, const char *binary_dir);
/* free_dictionary: 0 skips Hunspell_destroy (17 ms) when the process is about to exit anyway. */
void speller_free(nb_speller *speller, int free_dictionary);
void speller_wait(nb_speller *speller);
/* 1 when loading has finished (then as after speller_wait), 0 while it is still going; never waits. */
int speller_ready(nb_speller *speller);
/* After speller_wait: 1 when a dictionary is loaded. */
int speller_loaded(nb_speller *speller);
const char *speller_path(nb_speller *speller);   /* the .dic in use, or NULL */
const char *speller_error(nb_speller *speller);  /* why there is none, or NULL */
/* 1 correct, 0 misspelt. word must be word characters only (never markup: see docs/host.md). */
int speller_check_word(nb_speller *speller, const char *word);
/* Up to `max` suggestions for word, written as malloc'd strings into out (caller frees each);
 * returns how many. Cached, so asking twice costs nothing. */
int speller_suggest(nb_speller *speller, const char *word, char **out, int max);

#endif
