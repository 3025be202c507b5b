/* phrase.c: compiling and matching phrase sets (see phrase.h). */
#include <stdlib.h>
#include <string.h>
#include "phrase.h"

#define MAX_ALTERNATIVES 50000
#define MAX_LEXICON_DEPTH 4
#define NO_ALT UINT32_MAX

typedef struct alt {
    uint32_t first;   /* index into words */
    uint32_t n;
} alt;

struct nb_phrase_set {
    char **strings;          /* every word the set owns, each once however many alternatives use it */
    size_t n_strings, cap_strings;
    char **words;            /* the alternatives' words, borrowed from strings; NULL is the wildcard `*` */
    uint64_t *hashes;        /* hash of each word, what a token's key or root must equal */
    size_t n_words, cap_words, cap_hashes;
    alt *alts;
    size_t n_alts, cap_alts;
    size_t id;               /* position in the pack's phrase index */
};

/* One alternative of one set, chained in the index bucket of its first two words (of its first word
 * when it has one word or a `*` second). */
typedef struct entry {
    uint64_t slot;           /* what it is indexed under: pair_key(first, second), or first */
    uint64_t first;          /* hash of the first word */
    uint64_t second;         /* hash of the second word; 0 when there is none or it is `*` */
    uint32_t set, alt, next;
} entry;

struct nb_phrase_index {
    nb_phrase_set **sets;
    size_t n_sets;
    entry *entries;
    size_t n_entries, cap_entries;
    uint32_t *heads;
    size_t n_buckets;
    entry *wild;             /* alternatives starting with `*`: tried at every token */
    size_t n_wild, cap_wild;
};

/* A growing list of word sequences, used while expanding one phrase. */
typedef struct seqs {
    char ***v;       /* each a NULL-free array of word pointers (borrowed WILDCARD or owned strings) */
    size_t *len;
    size_t n, cap;
} seqs;

static char WILDCARD[] = "*";

nb_phrase_set *phrase_set_new(void)
{
    return calloc(1, sizeof(nb_phrase_set));
}

void phrase_set_free(nb_phrase_set *set)
{
    size_t i;
    if (!set) return;
    for (i = 0; i < set->n_strings; i++) free(set->strings[i]);
    free(set->strings);
    free(set->words);
    free(set->hashes);
    free(set->alts);
    free(set);
}

size_t phrase_set_id(const nb_phrase_set *set) { return set->id; }

static void seqs_push(seqs *s, char **words, size_t n)
{
    size_t cap = s->cap;
    s->v = array_reserve(s->v, &cap, s->n + 1, sizeof *s->v);
    s->len = array_reserve(s->len, &s->cap, s->n + 1, sizeof *s->len);
    s->v[s->n] = words;
    s->len[s->n] = n;
    s->n++;
}

static void seqs_free(seqs *s)
{
    size_t i;
    for (i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    free(s->len);
    memset(s, 0, sizeof *s);
}

/* Every sequence of a with every sequence of b appended; words are borrowed pointers. */
static int seqs_product(seqs *a, const seqs *b, nb_error *error)
{
    seqs out = {0};
    size_t i, j;
    if (a->n * b->n > MAX_ALTERNATIVES) {
        error_set(error, 0, 0, "expands into more than %d alternatives", MAX_ALTERNATIVES);
        return 0;
    }
    for (i = 0; i < a->n; i++)
        for (j = 0; j < b->n; j++) {
            char **w = malloc((a->len[i] + b->len[j] + 1) * sizeof *w);
            if (!w) abort();
            memcpy(w, a->v[i], a->len[i] * sizeof *w);
            memcpy(w + a->len[i], b->v[j], b->len[j] * sizeof *w);
            seqs_push(&out, w, a->len[i] + b->len[j]);
        }
    seqs_free(a);
    *a = out;
    return 1;
}

/* A copy of the word that the set owns. */
static char *set_own(nb_phrase_set *set, const char *w, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy) abort();
    memcpy(copy, w, n);
    copy[n] = '\0';
    if (set->n_strings == set->cap_strings)
        set->strings = array_reserve(set->strings, &set->cap_strings, set->n_strings + 1, sizeof *set->strings);
    set->strings[set->n_strings++] = copy;
    return copy;
}

/* Appends an owned word (NULL for `*`) and its hash to the alternatives' words. */
static void set_word(nb_phrase_set *set, char *w)
{
    set->words = array_reserve(set->words, &set->cap_words, set->n_words + 1, sizeof *set->words);
    set->hashes = array_reserve(set->hashes, &set->cap_hashes, set->n_words + 1, sizeof *set->hashes);
    set->hashes[set->n_words] = w ? hash_bytes(w, strlen(w)) : 0;
    set->words[set->n_words++] = w;
}

static int expand(nb_phrase_set *set, const char *phrase, const nb_lexicons *lex, int depth, seqs *out,
                  nb_error *error);

static int expand_lexicon(nb_phrase_set *set, const char *name, size_t n, const nb_lexicons *lex, int depth,
                          seqs *out, nb_error *error)
{
    const json_t *lists[2];
    char key[128];
    int i, found = 0;
    if (depth >= MAX_LEXICON_DEPTH) {
        error_set(error, 0, 0, "lexicons refer to each other too deeply (at @%.*s)", (int)n, name);
        return 0;
    }
    if (n >= sizeof key) n = sizeof key - 1;
    memcpy(key, name, n);
    key[n] = '\0';
    lists[0] = lex && lex->shared ? json_object_get(lex->shared, key) : NULL;
    lists[1] = lex && lex->local ? json_object_get(lex->local, key) : NULL;
    for (i = 0; i < 2; i++) {
        size_t k;
        json_t *entry;
        if (!lists[i]) continue;
        found = 1;
        json_array_foreach(lists[i], k, entry) {
            seqs one = {0};
            size_t m;
            if (!json_is_string(entry) ||
                !expand(set, json_string_value(entry), lex, depth + 1, &one, error)) {
                if (!json_is_string(entry)) error_set(error, 0, 0, "lexicon @%s has an entry that is not a string", key);
                seqs_free(&one);
                return 0;
            }
            for (m = 0; m < one.n; m++) seqs_push(out, one.v[m], one.len[m]);
            free(one.v);
            free(one.len);
            if (out->n > MAX_ALTERNATIVES) {
                error_set(error, 0, 0, "@%s expands into more than %d alternatives", key, MAX_ALTERNATIVES);
                return 0;
            }
        }
    }
    if (!found) {
        error_set(error, 0, 0, "unknown lexicon @%s", key);
        return 0;
    }
    return 1;
}

/* Letters and digits only: one token that is the whole piece (the common case, lexicon words). */
static int piece_is_one_word(const char *piece, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)piece[i];
        if (!((unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u)) return 0;
    }
    return n > 0 && n < 256;
}

/* The word sequences of one whitespace-separated piece: `*`, `@name`, or plain words. */
static int expand_piece(nb_phrase_set *set, const char *piece, size_t n, const nb_lexicons *lex, int depth,
                        seqs *out, nb_error *error)
{
    nb_tokens toks = {0};
    char **w;
    size_t i;
    if (n == 1 && piece[0] == '*') {
        w = malloc(sizeof *w);
        if (!w) abort();
        w[0] = WILDCARD;
        seqs_push(out, w, 1);
        return 1;
    }
    if (piece[0] == '@' && n > 1) return expand_lexicon(set, piece + 1, n - 1, lex, depth, out, error);
    if (piece_is_one_word(piece, n)) {
        char lower[256];
        for (i = 0; i < n; i++) lower[i] = (char)(piece[i] >= 'A' && piece[i] <= 'Z' ? piece[i] + 32 : piece[i]);
        w = malloc(sizeof *w);
        if (!w) abort();
        w[0] = set_own(set, lower, n);
        seqs_push(out, w, 1);
        return 1;
    }
    tokens_split(piece, n, &toks);
    w = malloc((toks.n + 1) * sizeof *w);
    if (!w) abort();
    for (i = 0; i < toks.n; i++) {
        char lower[256];
        size_t len = tokens_lower(piece, &toks.v[i], lower, sizeof lower);
        w[i] = set_own(set, lower, len);
    }
    if (toks.n) seqs_push(out, w, toks.n); else free(w);
    tokens_free(&toks);
    return 1;
}

static int expand(nb_phrase_set *set, const char *phrase, const nb_lexicons *lex, int depth, seqs *out,
                  nb_error *error)
{
    const char *p = phrase;
    char **empty = malloc(sizeof *empty);
    if (!empty) abort();
    seqs_push(out, empty, 0);
    while (*p) {
        const char *end;
        seqs piece = {0};
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        if (!*p) break;
        end = p;
        while (*end && *end != ' ' && *end != '\t' && *end != '\n') end++;
        if (!expand_piece(set, p, (size_t)(end - p), lex, depth, &piece, error)) {
            seqs_free(&piece);
            return 0;
        }
        if (piece.n && !seqs_product(out, &piece, error)) {
            seqs_free(&piece);
            return 0;
        }
        seqs_free(&piece);
        p = end;
    }
    return 1;
}

int phrase_set_add(nb_phrase_set *set, const char *phrase, const nb_lexicons *lex, nb_error *error)
{
    seqs s = {0};
    size_t i, k, before = set->n_alts;
    int ok = expand(set, phrase, lex, 0, &s, error);
    for (i = 0; ok && i < s.n; i++) {
        alt *a;
        if (s.len[i] == 0) continue;
        set->alts = array_reserve(set->alts, &set->cap_alts, set->n_alts + 1, sizeof *set->alts);
        a = &set->alts[set->n_alts++];
        a->first = (uint32_t)set->n_words;
        a->n = (uint32_t)s.len[i];
        /* Sequences borrow the set's strings; an alternative stores its own consecutive run of pointers to them. */
        for (k = 0; k < s.len[i]; k++) {
            char *w = s.v[i][k];
            set_word(set, w == WILDCARD ? NULL : w);
        }
    }
    if (ok && set->n_alts == before) {
        error_set(error, 0, 0, "phrase \"%s\" has no words", phrase);
        ok = 0;
    }
    seqs_free(&s);
    return ok;
}

/* Does alternative a of set match starting at token i? */
static int alt_matches_at(const nb_phrase_set *set, const alt *a, const nb_tokens *tokens, size_t i)
{
    size_t k;
    if (i + a->n > tokens->n) return 0;
    for (k = 0; k < a->n; k++) {
        const nb_token *t = &tokens->v[i + k];
        size_t w = a->first + k;
        if (t->flags & TOK_LINK) return 0;
        if (set->words[w] && set->hashes[w] != t->key && set->hashes[w] != t->root) return 0;
    }
    return 1;
}

/* Common first words ("the", "my") start hundreds of alternatives: keying on two words keeps each
 * bucket down to the alternatives that can really match. */
static uint64_t pair_key(uint64_t first, uint64_t second) { return first * 0x9E3779B97F4A7C15ULL ^ second; }

static void index_add(nb_phrase_index *index, uint32_t set, uint32_t alt_index)
{
    const nb_phrase_set *ps = index->sets[set];
    const alt *a = &ps->alts[alt_index];
    entry e;
    e.first = ps->hashes[a->first];
    e.second = a->n > 1 ? ps->hashes[a->first + 1] : 0;
    e.slot = e.second ? pair_key(e.first, e.second) : e.first;
    e.set = set;
    e.alt = alt_index;
    e.next = NO_ALT;
    if (!ps->words[a->first]) {
        index->wild = array_reserve(index->wild, &index->cap_wild, index->n_wild + 1, sizeof *index->wild);
        index->wild[index->n_wild++] = e;
        return;
    }
    index->entries = array_reserve(index->entries, &index->cap_entries, index->n_entries + 1, sizeof *index->entries);
    index->entries[index->n_entries++] = e;
}

nb_phrase_index *phrase_index_new(nb_phrase_set *const *sets, size_t n)
{
    nb_phrase_index *index = calloc(1, sizeof *index);
    size_t i, a;
    if (!index) abort();
    index->sets = malloc((n + 1) * sizeof *index->sets);
    if (!index->sets) abort();
    memcpy(index->sets, sets, n * sizeof *sets);
    index->n_sets = n;
    for (i = 0; i < n; i++) {
        index->sets[i]->id = i;
        for (a = 0; a < index->sets[i]->n_alts; a++) index_add(index, (uint32_t)i, (uint32_t)a);
    }
    index->n_buckets = 16;
    while (index->n_buckets < index->n_entries * 2) index->n_buckets *= 2;
    index->heads = malloc(index->n_buckets * sizeof *index->heads);
    if (!index->heads) abort();
    for (i = 0; i < index->n_buckets; i++) index->heads[i] = NO_ALT;
    for (i = index->n_entries; i-- > 0;) {
        size_t b = index->entries[i].slot & (index->n_buckets - 1);
        index->entries[i].next = index->heads[b];
        index->heads[b] = (uint32_t)i;
    }
    return index;
}

void phrase_index_free(nb_phrase_index *index)
{
    if (!index) return;
    free(index->sets);
    free(index->entries);
    free(index->heads);
    free(index->wild);
    free(index);
}

size_t phrase_index_count(const nb_phrase_index *index) { return index ? index->n_sets : 0; }

void phrase_index_each_word(const nb_phrase_index *index, void (*fn)(void *arg, const char *word), void *arg)
{
    size_t i, a, k;
    for (i = 0; index && i < index->n_sets; i++) {
        const nb_phrase_set *set = index->sets[i];
        for (a = 0; a < set->n_alts; a++)
            for (k = 0; k < set->alts[a].n; k++)
                if (set->words[set->alts[a].first + k]) fn(arg, set->words[set->alts[a].first + k]);
    }
}

/* Records a match of entry e at token i, once: alternatives of one set can match the same words. */
static void entry_try(const nb_phrase_index *index, const entry *e, const nb_tokens *tokens, size_t i,
                      nb_spans *matches)
{
    const nb_phrase_set *set = index->sets[e->set];
    const alt *a = &set->alts[e->alt];
    nb_spans *out = &matches[e->set];
    size_t k, last = i + a->n - 1;
    if (!alt_matches_at(set, a, tokens, i)) return;
    for (k = out->n; k > 0 && out->v[k - 1].start == i; k--)
        if (out->v[k - 1].end == last) return;
    spans_push(out, (uint32_t)i, (uint32_t)last);
}

static void bucket_try(const nb_phrase_index *index, uint64_t first, uint64_t second, const nb_tokens *tokens,
                       size_t i, nb_spans *matches)
{
    uint64_t slot = second ? pair_key(first, second) : first;
    uint32_t e;
    for (e = index->heads[slot & (index->n_buckets - 1)]; e != NO_ALT; e = index->entries[e].next) {
        const entry *en = &index->entries[e];
        if (en->slot == slot && en->first == first && en->second == second) entry_try(index, en, tokens, i, matches);
    }
}

/* Tries the alternatives that start with this token's form or root, followed by the next token's. */
static void token_try(const nb_phrase_index *index, uint64_t first, const nb_tokens *tokens, size_t i,
                      nb_spans *matches)
{
    const nb_token *next = i + 1 < tokens->n ? &tokens->v[i + 1] : NULL;
    bucket_try(index, first, 0, tokens, i, matches);
    if (!next || (next->flags & TOK_LINK) || !next->key) return;
    bucket_try(index, first, next->key, tokens, i, matches);
    if (next->root != next->key) bucket_try(index, first, next->root, tokens, i, matches);
}

void phrase_index_match(const nb_phrase_index *index, const nb_tokens *tokens, nb_spans *matches)
{
    size_t i, w;
    for (i = 0; i < index->n_sets; i++) spans_clear(&matches[i]);
    for (i = 0; i < tokens->n; i++) {
        const nb_token *t = &tokens->v[i];
        if (t->flags & TOK_LINK) continue;
        if (!t->key) continue;   /* too long to be a word */
        token_try(index, t->key, tokens, i, matches);
        if (t->root != t->key) token_try(index, t->root, tokens, i, matches);
        for (w = 0; w < index->n_wild; w++) entry_try(index, &index->wild[w], tokens, i, matches);
    }
}
