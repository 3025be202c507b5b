/* phrase.h: word-sequence matching for `phrases`, `near` and `unless` (docs/pack-format.md).
 *
 * phrase_set_add parses phrases at pack load, expanding `@lexicon` references into alternatives so a
 * bad reference is reported at start. A pack then indexes all its sets together (phrase_index_new) on
 * their first words, so matching a post against every rule and cue at once is one pass over its
 * tokens: a table lookup or two per token plus a check of the few alternatives that start with that
 * word. `*` matches any one word.
 *
 * The sets of one pack share a phrase book: it keeps every distinct phrase word once, in blocks, and
 * each lexicon's expansion, so a lexicon that a dozen rules and cues refer to is expanded once per
 * pack load rather than once per reference. The book must outlive the index of those sets.
 *
 * A phrase word matches a token that is that word, or whose dictionary root is that word: "discharge"
 * matches "discharged", "patient" matches "patients". It is one-way on purpose: an inflected entry
 * ("cows" in an allow list) means just that form, never every form of its stem.
 *
 * Matches are reported as token index ranges: nb_span.start is the first token, .end the last.
 */
#ifndef NB_PHRASE_H
#define NB_PHRASE_H

#include <jansson.h>
#include "error.h"
#include "span.h"
#include "tokens.h"

/* Where `@name` is looked up: the pack's own lexicons extend the shared ones of the same name. */
typedef struct nb_lexicons {
    const json_t *shared;   /* object name -> array of phrases, or NULL */
    const json_t *local;    /* the same, from the pack, or NULL */
} nb_lexicons;

typedef struct nb_phrase_book nb_phrase_book;
typedef struct nb_phrase_set nb_phrase_set;
typedef struct nb_phrase_index nb_phrase_index;

nb_phrase_book *phrase_book_new(void);
void phrase_book_free(nb_phrase_book *book);

nb_phrase_set *phrase_set_new(void);
void phrase_set_free(nb_phrase_set *set);
/* Adds the phrase's alternatives, their words kept in book. Returns 0 and fills error (without
 * line/column) when the phrase is empty, names an unknown lexicon, or expands into too many
 * alternatives. */
int phrase_set_add(nb_phrase_set *set, nb_phrase_book *book, const char *phrase, const nb_lexicons *lexicons,
                   nb_error *error);
/* The set's position in its index (valid once indexed). */
size_t phrase_set_id(const nb_phrase_set *set);

/* Indexes the sets together, numbering them 0..n-1 in order; the sets (all added with book) and the
 * book must outlive the index. */
nb_phrase_index *phrase_index_new(const nb_phrase_book *book, nb_phrase_set *const *sets, size_t n);
void phrase_index_free(nb_phrase_index *index);
size_t phrase_index_count(const nb_phrase_index *index);
/* Words in the longest alternative: a match starting at a token reads no further than that many. */
size_t phrase_index_longest(const nb_phrase_index *index);
/* Calls fn once for each distinct word of the indexed alternatives (wildcards left out). */
void phrase_index_each_word(const nb_phrase_index *index, void (*fn)(void *arg, const char *word), void *arg);
/* Replaces the contents of matches[i] (an array of phrase_index_count lists) with every match of set
 * i in tokens, whose keys and roots are filled in. */
void phrase_index_match(const nb_phrase_index *index, const nb_tokens *tokens, nb_spans *matches);

#endif
