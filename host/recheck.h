/* recheck.h: what an edit changed between two versions of a post, and the tokens of the new one.
 *
 * The extension checks a post again on every pause in typing, so a check usually follows a check of
 * nearly the same text. An edit is where the two differ: a shared prefix, then a changed stretch,
 * then a shared suffix. Tokenising is redone from a little before the changed stretch until a word
 * comes out where and as it was before; every other token is the old one, moved by the change in
 * length, with its key, root and spelling. Regular expressions (identifiers, ident.h, and the pack's
 * patterns) are run again from a window before the edit until their scan stands where it stood
 * before; the rest of their matches are the old ones, moved. The result is the same as checking the new text from scratch, byte for byte:
 * tests/host/recheck.mjs compares the two over many edits.
 */
#ifndef NB_RECHECK_H
#define NB_RECHECK_H

#include <stddef.h>
#include "regex.h"
#include "tokens.h"

/* Bytes [0, prefix) are the same in both texts, and so are old[old_end..] and new[new_end..]. */
typedef struct nb_edit {
    size_t prefix, old_end, new_end;
} nb_edit;

void recheck_edit(const char *old, size_t old_len, const char *text, size_t len, nb_edit *edit);
/* The start of the `chunks`-th whitespace-separated chunk back from `at` (counting the one `at` is
 * in), or 0; unless `any`, only chunks with a letter, a digit or a non-ASCII character count. */
size_t recheck_back_chunks(const char *text, size_t at, size_t chunks, int any);
/* The first character boundary at or after at (at most len). */
size_t recheck_char_boundary(const char *text, size_t len, size_t at);
/* Fills out with the tokens of text, the old text's tokens changed by edit; tokens [*first, *last)
 * are new and need their key, root and spelling, the others are copies with theirs. */
void recheck_tokens(const nb_tokens *old, const char *text, size_t len, const nb_edit *edit, nb_tokens *out,
                    size_t *first, size_t *last);
/* Appends to now the matches of re in text (regex_scan from 0, with min and max), given old, its
 * matches in the old text: the old ones starting before `window`, which must be far enough before
 * the edit that no attempt starting before it reads up to the edit, then a scan from there until it
 * stands past the edit where the old scan stood, then the old ones after that, moved. */
void recheck_matches(nb_regex *re, const char *text, size_t len, const nb_matches *old, const nb_edit *edit,
                     size_t window, size_t min, size_t max, nb_matches *now);

#endif
