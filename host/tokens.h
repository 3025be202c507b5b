/* tokens.h: splitting a post into words, once per check.
 *
 * Every word-based matcher (phrases, cues, spelling) works on this one token list, so a post is
 * scanned once however many rules a pack has. A token is a run of letters and digits, with inner
 * apostrophes kept ("patient's"); hyphens and other punctuation separate words, so "follow-up" is two
 * words. URLs and email addresses become single tokens flagged TOK_LINK, which spelling and phrases
 * skip. The checker fills `key`, `root` and `spelled` from the word cache (wordcache.h).
 */
#ifndef NB_TOKENS_H
#define NB_TOKENS_H

#include <stddef.h>
#include <stdint.h>

enum {
    TOK_DIGIT = 1 << 0,          /* contains a digit */
    TOK_ALL_DIGITS = 1 << 1,
    TOK_CAPITALISED = 1 << 2,    /* first letter upper case */
    TOK_ALL_CAPS = 1 << 3,       /* two or more letters, all upper case */
    TOK_HASHTAG = 1 << 4,        /* preceded by '#' */
    TOK_MENTION = 1 << 5,        /* preceded by '@' */
    TOK_LINK = 1 << 6,           /* a URL or an email address */
    TOK_SENTENCE_START = 1 << 7, /* first word of the post, a line or a sentence */
    TOK_PLAIN = 1 << 8           /* ASCII letters only, no digits or apostrophes */
};

typedef struct nb_token {
    uint32_t start, end;   /* bytes */
    uint32_t flags;
    int spelled;           /* 1 known word, 0 misspelt, -1 not looked up */
    uint64_t key;          /* hash of the lower-case word */
    uint64_t root;         /* hash of the word's accepted stem (or of the word) */
} nb_token;

typedef struct nb_tokens {
    nb_token *v;
    size_t n, cap;
} nb_tokens;

/* Where tokenising stands between two characters, so that it can stop and go on later. */
typedef struct nb_tokenizer {
    size_t at;
    int sentence;      /* the next word starts a sentence */
    int chunk_start;   /* `at` starts a whitespace-delimited chunk: a link or email address may start here */
} nb_tokenizer;

/* Replaces the contents of `out` with the tokens of text (valid UTF-8). */
void tokens_split(const char *text, size_t len, nb_tokens *out);
/* Appends the tokens of text from where `state` stands, as tokens_split finds them, until it has
 * appended a word (not a link) starting at or after `until`: returns 1 then, standing just after it,
 * and 0 at the end of the text. */
int tokens_split_from(const char *text, size_t len, nb_tokenizer *state, size_t until, nb_tokens *out);
void tokens_free(nb_tokens *tokens);
/* Writes the token's lower-case form (curly apostrophes made straight) into buf, NUL-terminated;
 * returns its length, or 0 when it does not fit in cap. */
size_t tokens_lower(const char *text, const nb_token *token, char *buf, size_t cap);
/* The first token ending after `start` and the last token starting before `end`; returns 0 when the
 * span covers no token. */
int tokens_range(const nb_tokens *tokens, uint32_t start, uint32_t end, size_t *first, size_t *last);
uint64_t hash_bytes(const char *s, size_t len);
/* The ASCII white space that separates chunks (links, email addresses). */
int tokens_is_space(char c);

#endif
