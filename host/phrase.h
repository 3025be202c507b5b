/* phrase.h: word-sequence matching for `phrases`, `near` and `unless` (docs/pack-format.md).
 *
 phrase_set_add parses phrases at pack load, expanding `@lexicon` references into alternatives so a
 * bad reference is reported at start; phrase_set_bind then builds a hash index on the first word, so
 * matching a post is a table lookup or two per token plus a check of the few alternatives that start
 * with that word. `*` matches any one word.
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

typedef struct nb_phrase_set nb_phrase_set;

nb_phrase_set *phrase_set_new(void);
void phrase_set_free(nb_phrase_set *set);
/* Returns 0 and fills error (without line/column) when the phrase is empty, names an unknown
 * lexicon, or expands into too many alternatives. */
int phrase_set_add(nb_phrase_set *set, const char *phrase, const nb_lexicons *lexicons, nb_error *error);
size_t phrase_set_size(const nb_phrase_set *set);
/* Call after the last phrase_set_add, before matching. */
void phrase_set_bind(nb_phrase_set *set);
/* Appends every match in tokens (whose keys and roots are filled in) to out; returns how many. */
size_t phrase_set_match(const nb_phrase_set *set, const nb_tokens *tokens, nb_spans *out);

#endif
