/* recheck.c: the edit between two versions of a post, and retokenising and rescanning only what it
 * touched (see recheck.h). */
#include <string.h>
#include "recheck.h"
#include "span.h"

/* Tokenising at a byte reads at most this far on, except to the end of its whitespace-delimited
 * chunk: a link's "https://", a word's closing apostrophe and the character after it. */
#define TOKEN_READ_AHEAD 16

void recheck_edit(const char *old, size_t old_len, const char *text, size_t len, nb_edit *edit)
{
    size_t prefix = 0, suffix = 0, most = old_len < len ? old_len : len;
    /* Eight bytes at a time while they agree, then byte by byte. */
    while (prefix + 8 <= most && memcmp(old + prefix, text + prefix, 8) == 0) prefix += 8;
    while (prefix < most && old[prefix] == text[prefix]) prefix++;
    while (suffix < most - prefix && old[old_len - 1 - suffix] == text[len - 1 - suffix]) suffix++;
    edit->prefix = prefix;
    edit->old_end = old_len - suffix;
    edit->new_end = len - suffix;
}

static int chunk_counts(unsigned char c, int any)
{
    return any || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

size_t recheck_back_chunks(const char *text, size_t at, size_t chunks, int any)
{
    size_t p = at, seen = 0;
    if (chunks == 0) return at;
    while (p > 0) {
        int counts = 0;
        while (p > 0 && tokens_is_space(text[p - 1])) p--;
        while (p > 0 && !tokens_is_space(text[p - 1])) counts |= chunk_counts((unsigned char)text[--p], any);
        if (counts && ++seen == chunks) return p;
    }
    return 0;
}

size_t recheck_char_boundary(const char *text, size_t len, size_t at)
{
    if (at >= len) return len;
    while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80) at++;
    return at;
}

/* The last old token tokenising can start again from: a word (links leave the sentence state
 * unknown) after white space, far enough before the edit that nothing before it read what changed. */
static size_t restart_token(const nb_tokens *old, const char *text, size_t prefix)
{
    size_t lo = 0, k = old->n;
    while (lo < k) {                      /* k: the first token starting too close to the edit */
        size_t mid = (lo + k) / 2;
        if (old->v[mid].start + TOKEN_READ_AHEAD <= prefix) lo = mid + 1; else k = mid;
    }
    while (k-- > 0) {
        const nb_token *t = &old->v[k];
        if (!(t->flags & TOK_LINK) && (t->start == 0 || tokens_is_space(text[t->start - 1]))) return k;
    }
    return 0;
}

/* The old token at `start`, or -1. */
static long old_token_at(const nb_tokens *old, size_t start)
{
    size_t lo = 0, hi = old->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (old->v[mid].start < start) lo = mid + 1; else hi = mid;
    }
    return lo < old->n && old->v[lo].start == start ? (long)lo : -1;
}

static void tokens_append_moved(nb_tokens *out, const nb_tokens *old, size_t from, const nb_edit *edit)
{
    size_t i;
    out->v = array_reserve(out->v, &out->cap, out->n + (old->n - from), sizeof *out->v);
    for (i = from; i < old->n; i++) {
        nb_token *t = &out->v[out->n++];
        *t = old->v[i];
        t->start = (uint32_t)(t->start - edit->old_end + edit->new_end);
        t->end = (uint32_t)(t->end - edit->old_end + edit->new_end);
    }
}

void recheck_tokens(const nb_tokens *old, const char *text, size_t len, const nb_edit *edit, nb_tokens *out,
                    size_t *first, size_t *last)
{
    size_t k = restart_token(old, text, edit->prefix), until = edit->new_end + 1;
    nb_tokenizer state = { 0, 1, 1 };
    out->n = 0;
    out->v = array_reserve(out->v, &out->cap, old->n + 16, sizeof *out->v);
    if (k > 0) {
        memcpy(out->v, old->v, k * sizeof *out->v);
        out->n = k;
        /* After white space a chunk starts, and a word's flag says whether a sentence did. */
        state.at = old->v[k].start;
        state.sentence = (old->v[k].flags & TOK_SENTENCE_START) != 0;
    }
    *first = k;
    /* Once a word past the edit comes out as it was, everything after it will too: after a word the
     * state is the same whatever came before, and the text from there on is the old text's. */
    while (tokens_split_from(text, len, &state, until, out)) {
        const nb_token *t = &out->v[out->n - 1];
        long j = old_token_at(old, t->start - edit->new_end + edit->old_end);
        if (j >= 0 && old->v[j].end - edit->old_end + edit->new_end == t->end && old->v[j].flags == t->flags) {
            *last = out->n;
            tokens_append_moved(out, old, (size_t)j + 1, edit);
            return;
        }
        until = state.at;
    }
    *last = out->n;
}

static void matches_push(nb_matches *out, const nb_match *m, size_t old_end, size_t new_end)
{
    nb_match *to;
    out->v = array_reserve(out->v, &out->cap, out->n + 1, sizeof *out->v);
    to = &out->v[out->n++];
    to->start = (uint32_t)(m->start - old_end + new_end);
    to->end = (uint32_t)(m->end - old_end + new_end);
    to->span.start = (uint32_t)(m->span.start - old_end + new_end);
    to->span.end = (uint32_t)(m->span.end - old_end + new_end);
}

/* The first of the old matches ending after `at`. */
static size_t first_ending_after(const nb_matches *old, size_t at)
{
    size_t lo = 0, hi = old->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (old->v[mid].end <= at) lo = mid + 1; else hi = mid;
    }
    return lo;
}

void recheck_matches(nb_regex *re, const char *text, size_t len, const nb_matches *old, const nb_edit *edit,
                     size_t window, size_t min, size_t max, nb_matches *now)
{
    size_t i = 0, from, stop = recheck_char_boundary(text, len, edit->new_end + regex_lookbehind_bytes(re));
    /* Attempts that start before the window read nothing the edit changed. */
    while (i < old->n && old->v[i].start < window) matches_push(now, &old->v[i++], 0, 0);
    from = now->n && now->v[now->n - 1].end > window ? now->v[now->n - 1].end : window;
    for (;;) {
        size_t at = regex_scan(re, text, len, from, stop, min, max, now), j;
        if (at == REGEX_SCAN_DONE) return;
        /* Past the edit and its lookbehind, attempts read what they read in the old text: from where
         * the old scan stood too, the rest is the old scan's. */
        j = first_ending_after(old, at - edit->new_end + edit->old_end);
        if (j < old->n && old->v[j].start < at - edit->new_end + edit->old_end) {
            /* the old scan was inside a match here: go on to where it ends */
            from = at;
            stop = old->v[j].end - edit->old_end + edit->new_end;
            continue;
        }
        for (; j < old->n; j++) matches_push(now, &old->v[j], edit->old_end, edit->new_end);
        return;
    }
}
