/* recheck.h: what an edit changed between two versions of a post, and the tokens of the new one.
 *
 * The extension checks a post again on every pause in typing, so a check usually follows a check of
 * nearly the same text. An edit is where the two differ: a shared prefix, then a changed stretch,
 * then a shared suffix. Tokenising is redone from a little before the changed stretch until a word
 * comes out where and as it was before; every other token is the old one, moved by the change in
 * length, with its key, root and spelling. The identifier detectors do the same with their matches
 * (ident.h). The result is the same as checking the new text from scratch, byte for byte:
 * tests/host/recheck.mjs compares the two over many edits.
 */
#ifndef NB_RECHECK_H
#define NB_RECHECK_H

#include <stddef.h>
#include "tokens.h"

/* Bytes [0, prefix) are the same in both texts, and so are old[old_end..] and new[new_end..]. */
typedef struct nb_edit {
    size_t prefix, old_end, new_end;
} nb_edit;

void recheck_edit(const char *old, size_t old_len, const char *text, size_t len, nb_edit *edit);
/* The start of the `chunks`-th whitespace-separated chunk with a letter, a digit or any non-ASCII
 * character that ends before `at` (counting the one `at` is in), or 0. */
size_t recheck_back_chunks(const char *text, size_t at, size_t chunks);
/* The first character boundary at or after at (at most len). */
size_t recheck_char_boundary(const char *text, size_t len, size_t at);
/* Fills out with the tokens of text, the old text's tokens changed by edit; tokens [*first, *last)
 * are new and need their key, root and spelling, the others are copies with theirs. */
void recheck_tokens(const nb_tokens *old, const char *text, size_t len, const nb_edit *edit, nb_tokens *out,
                    size_t *first, size_t *last);

#endif
