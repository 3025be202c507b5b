/* utf.h: UTF-8 in, UTF-16 offsets out.
 *
 * Posts arrive as bytes that may not be valid UTF-8 (a file on the command line, a broken paste). The
 * checker sanitises each post once, replacing every invalid sequence with U+FFFD as a browser would
 * show it, so the matchers can then run without re-validating and every offset agrees with what the
 * extension highlights. Offsets reported to users are UTF-16 code units, what JavaScript strings index.
 */
#ifndef NB_UTF_H
#define NB_UTF_H

#include <stddef.h>
#include <stdint.h>

/* Zeroed bytes after the NUL of utf_sanitize's copy. PCRE2's JIT searches a subject with 16-byte
 * vector loads that can reach up to 15 bytes past its end (never across a page, so it cannot fault),
 * which memcheck rightly reports as reads outside the block; with this room they stay inside it. */
#define UTF_PAD 16

/* A malloc'd, NUL-terminated copy of s with invalid UTF-8 replaced by U+FFFD, followed by UTF_PAD
 * zero bytes; caller frees. */
char *utf_sanitize(const char *s, size_t len, size_t *out_len);
/* Length of the well-formed UTF-8 sequence at s (1-4; at most `left` bytes), or 0: no overlong forms,
 * surrogates or code points past U+10FFFF. */
size_t utf_sequence_length(const unsigned char *s, size_t left);
/* Decodes the code point at s[*pos] of valid UTF-8 and advances *pos. */
uint32_t utf_next(const char *s, size_t len, size_t *pos);
/* A malloc'd table of len+1 entries: the UTF-16 offset of each byte offset that starts a character
 * (and of len). Caller frees. */
uint32_t *utf_map_utf16(const char *s, size_t len);
/* The same for s after an edit of a text whose table was `old`: the texts share bytes [0, prefix) and
 * all after old_end in the old text and new_end in s. Only the changed stretch is mapped again. */
uint32_t *utf_map_utf16_edited(const char *s, size_t len, const uint32_t *old, size_t prefix, size_t old_end,
                               size_t new_end);
/* Letters and digits of the scripts people post in; emoji and punctuation are not word characters. */
int utf_is_word_char(uint32_t cp);
/* Emoji and other pictographs (hearts, stars, flags' letters); not skin tones, joiners or selectors,
 * which only shape the pictograph before them. */
int utf_is_pictograph(uint32_t cp);
int utf_is_upper(uint32_t cp);
uint32_t utf_to_lower(uint32_t cp);
/* Appends cp as UTF-8 to buf (at most 4 bytes); returns the bytes written. */
size_t utf_put(char *buf, uint32_t cp);

#endif
