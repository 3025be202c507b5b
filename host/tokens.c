/* tokens.c: the tokenizer (see tokens.h). */
#include <stdlib.h>
#include <string.h>
#include "span.h"
#include "tokens.h"
#include "utf.h"

#define APOSTROPHE_CURLY 0x2019

uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Most posts are mostly ASCII: decode and classify it here, leaving the rest to utf.c. */
static uint32_t next_char(const char *text, size_t len, size_t *pos)
{
    unsigned char c = (unsigned char)text[*pos];
    if (c < 0x80) {
        *pos += 1;
        return c;
    }
    return utf_next(text, len, pos);
}

static int is_word_char(uint32_t cp)
{
    if (cp < 0x80) return (cp | 0x20) - 'a' < 26 || cp - '0' < 10;
    return utf_is_word_char(cp);
}

static int starts_link(const char *s, size_t left)
{
    if (left == 0 || (s[0] != 'h' && s[0] != 'w')) return 0;
    return (left > 7 && strncmp(s, "http://", 7) == 0) || (left > 8 && strncmp(s, "https://", 8) == 0) ||
           (left > 4 && strncmp(s, "www.", 4) == 0);
}

int tokens_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* End of the whitespace-delimited chunk at i, with trailing sentence punctuation left out. */
static size_t chunk_end(const char *text, size_t len, size_t i)
{
    size_t e = i;
    while (e < len && !tokens_is_space(text[e])) e++;
    while (e > i && strchr(".,;:!?)]}'\"", text[e - 1])) e--;
    return e;
}

/* Most chunks are plain words: only one with an '@' can be an email address. */
static int chunk_has_at(const char *text, size_t len, size_t i)
{
    for (; i < len && !tokens_is_space(text[i]); i++)
        if (text[i] == '@') return 1;
    return 0;
}

static int chunk_is_email(const char *text, size_t start, size_t end)
{
    const char *at = memchr(text + start, '@', end - start);
    return at && at > text + start && memchr(at, '.', (size_t)(text + end - at)) != NULL &&
           utf_is_word_char((unsigned char)at[1]);
}

static void push(nb_tokens *out, uint32_t start, uint32_t end, uint32_t flags)
{
    nb_token *t;
    if (out->n == out->cap) out->v = array_reserve(out->v, &out->cap, out->n + 1, sizeof *out->v);
    t = &out->v[out->n++];
    t->start = start;
    t->end = end;
    t->flags = flags;
    t->spelled = -1;
    t->key = t->root = 0;
}

/* Scans the word at *pos and returns its flags. */
static uint32_t scan_word(const char *text, size_t len, size_t *pos)
{
    uint32_t flags = TOK_PLAIN, letters = 0, uppers = 0, first = 1;
    size_t p = *pos;
    while (p < len) {
        size_t q = p;
        uint32_t cp = next_char(text, len, &q);
        if (cp == '\'' || cp == APOSTROPHE_CURLY) {
            size_t r = q;
            if (r < len && is_word_char(next_char(text, len, &r))) {
                flags &= ~(uint32_t)TOK_PLAIN;
                p = q;
                continue;
            }
            break;
        }
        if (!is_word_char(cp)) break;
        if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) flags |= TOK_DIGIT, flags &= ~(uint32_t)TOK_PLAIN;
        else {
            letters++;
            if (cp < 0x80 ? cp - 'A' < 26 : utf_is_upper(cp)) { uppers++; if (first) flags |= TOK_CAPITALISED; }
            if (cp >= 0x80) flags &= ~(uint32_t)TOK_PLAIN;
        }
        first = 0;
        p = q;
    }
    if (letters == 0 && (flags & TOK_DIGIT)) flags |= TOK_ALL_DIGITS;
    if (letters >= 2 && uppers == letters) flags |= TOK_ALL_CAPS;
    *pos = p;
    return flags;
}

int tokens_split_from(const char *text, size_t len, nb_tokenizer *state, size_t until, nb_tokens *out)
{
    size_t i = state->at;
    int sentence = state->sentence, chunk_start = state->chunk_start, done = 0;
    /* Without an '@' ahead, no chunk is an email address: skip looking in each one. */
    int any_at = i < len && memchr(text + i, '@', len - i) != NULL;
    while (i < len && !done) {
        unsigned char c = (unsigned char)text[i];
        size_t q = i;
        uint32_t cp;
        if (chunk_start && (starts_link(text + i, len - i) ||
                            (any_at && chunk_has_at(text, len, i) && chunk_is_email(text, i, chunk_end(text, len, i))))) {
            size_t e = chunk_end(text, len, i);
            if (e > i) {
                push(out, (uint32_t)i, (uint32_t)e, TOK_LINK);
                i = e;
                chunk_start = 0;
                continue;
            }
        }
        cp = next_char(text, len, &q);
        if (is_word_char(cp)) {
            uint32_t flags = 0;
            size_t start = i;
            if (i > 0 && text[i - 1] == '#') flags |= TOK_HASHTAG;
            if (i > 0 && text[i - 1] == '@') flags |= TOK_MENTION;
            if (sentence) flags |= TOK_SENTENCE_START;
            flags |= scan_word(text, len, &i);
            push(out, (uint32_t)start, (uint32_t)i, flags);
            sentence = 0;
            chunk_start = 0;
            done = start >= until;
            continue;
        }
        if (c == '.' || c == '!' || c == '?' || c == '\n') sentence = 1;
        chunk_start = tokens_is_space((char)c) || c == '(' || c == '<' || c == '"';
        i = q;
    }
    state->at = i;
    state->sentence = sentence;
    state->chunk_start = chunk_start;
    return done;
}

void tokens_split(const char *text, size_t len, nb_tokens *out)
{
    nb_tokenizer state = { 0, 1, 1 };
    out->n = 0;
    tokens_split_from(text, len, &state, (size_t)-1, out);
}

void tokens_free(nb_tokens *tokens)
{
    free(tokens->v);
    tokens->v = NULL;
    tokens->n = tokens->cap = 0;
}

size_t tokens_lower(const char *text, const nb_token *token, char *buf, size_t cap)
{
    size_t pos = token->start, o = 0;
    if (token->flags & TOK_PLAIN) {   /* ASCII letters only: the common case, without decoding */
        size_t n = token->end - token->start, i;
        if (n + 1 > cap) return 0;
        for (i = 0; i < n; i++) {
            char c = text[token->start + i];
            buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        buf[n] = '\0';
        return n;
    }
    while (pos < token->end) {
        uint32_t cp = utf_next(text, token->end, &pos);
        if (cp == APOSTROPHE_CURLY) cp = '\'';
        if (o + 5 > cap) return 0;
        o += utf_put(buf + o, utf_to_lower(cp));
    }
    buf[o] = '\0';
    return o;
}

int tokens_range(const nb_tokens *tokens, uint32_t start, uint32_t end, size_t *first, size_t *last)
{
    size_t lo = 0, hi = tokens->n;
    while (lo < hi) {                     /* first token with end > start */
        size_t mid = (lo + hi) / 2;
        if (tokens->v[mid].end <= start) lo = mid + 1; else hi = mid;
    }
    if (lo >= tokens->n || tokens->v[lo].start >= end) return 0;
    *first = lo;
    hi = tokens->n;
    while (lo < hi) {                     /* first token starting at or after end */
        size_t mid = (lo + hi) / 2;
        if (tokens->v[mid].start < end) lo = mid + 1; else hi = mid;
    }
    *last = lo - 1;
    return 1;
}
