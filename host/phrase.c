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
    char **words;            /* NULL is the wildcard `*` */
    uint64_t *roots;         /* hash of each word, what tokens' key or root must equal */
    size_t n_words, cap_words;
    alt *alts;
    size_t n_alts, cap_alts;
    uint32_t *heads, *next;  /* index: bucket -> first alternative; alternative -> next in bucket */
    size_t n_buckets;
    uint32_t *wild;          /* alternatives starting with `*` */
    size_t n_wild;
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
    for (i = 0; i < set->n_words; i++) free(set->words[i]);
    free(set->words);
    free(set->roots);
    free(set->alts);
    free(set->heads);
    free(set->next);
    free(set->wild);
    free(set);
}

size_t phrase_set_size(const nb_phrase_set *set) { return set->n_alts; }

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

/* Words are interned in the set so sequences can share them. */
static char *set_word(nb_phrase_set *set, const char *w, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy) abort();
    memcpy(copy, w, n);
    copy[n] = '\0';
    set->words = array_reserve(set->words, &set->cap_words, set->n_words + 1, sizeof *set->words);
    set->words[set->n_words++] = copy;
    return copy;
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
    tokens_split(piece, n, &toks);
    w = malloc((toks.n + 1) * sizeof *w);
    if (!w) abort();
    for (i = 0; i < toks.n; i++) {
        char lower[256];
        size_t len = tokens_lower(piece, &toks.v[i], lower, sizeof lower);
        w[i] = set_word(set, lower, len);
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
        /* Sequences borrow the set's words; an alternative stores its own consecutive run of them. */
        for (k = 0; k < s.len[i]; k++) {
            char *w = s.v[i][k];
            if (w == WILDCARD) {
                set->words = array_reserve(set->words, &set->cap_words, set->n_words + 1, sizeof *set->words);
                set->words[set->n_words++] = NULL;
            } else set_word(set, w, strlen(w));
        }
    }
    if (ok && set->n_alts == before) {
        error_set(error, 0, 0, "phrase \"%s\" has no words", phrase);
        ok = 0;
    }
    seqs_free(&s);
    return ok;
}

void phrase_set_bind(nb_phrase_set *set)
{
    size_t i;
    free(set->roots);
    free(set->heads);
    free(set->next);
    free(set->wild);
    set->roots = calloc(set->n_words + 1, sizeof *set->roots);
    set->n_buckets = 16;
    while (set->n_buckets < set->n_alts * 2) set->n_buckets *= 2;
    set->heads = malloc(set->n_buckets * sizeof *set->heads);
    set->next = malloc((set->n_alts + 1) * sizeof *set->next);
    set->wild = malloc((set->n_alts + 1) * sizeof *set->wild);
    set->n_wild = 0;
    if (!set->roots || !set->heads || !set->next || !set->wild) abort();
    for (i = 0; i < set->n_words; i++)
        if (set->words[i]) set->roots[i] = hash_bytes(set->words[i], strlen(set->words[i]));
    for (i = 0; i < set->n_buckets; i++) set->heads[i] = NO_ALT;
    for (i = set->n_alts; i-- > 0;) {
        const alt *a = &set->alts[i];
        size_t b;
        if (!set->words[a->first]) { set->wild[set->n_wild++] = (uint32_t)i; continue; }
        b = set->roots[a->first] & (set->n_buckets - 1);
        set->next[i] = set->heads[b];
        set->heads[b] = (uint32_t)i;
    }
}

/* Does alternative a match starting at token i (the first word already known to match)? */
static int alt_matches_at(const nb_phrase_set *set, const alt *a, const nb_tokens *tokens, size_t i)
{
    size_t k;
    if (i + a->n > tokens->n) return 0;
    for (k = 0; k < a->n; k++) {
        const nb_token *t = &tokens->v[i + k];
        size_t w = a->first + k;
        if (t->flags & TOK_LINK) return 0;
        if (set->words[w] && set->roots[w] != t->key && set->roots[w] != t->root) return 0;
    }
    return 1;
}

static void push_unique(nb_spans *out, size_t first, size_t last, size_t since)
{
    size_t k;
    for (k = since; k < out->n; k++)
        if (out->v[k].start == first && out->v[k].end == last) return;
    spans_push(out, (uint32_t)first, (uint32_t)last);
}

size_t phrase_set_match(const nb_phrase_set *set, const nb_tokens *tokens, nb_spans *out)
{
    size_t before = out->n, i, w;
    if (!set->heads) return 0;
    for (i = 0; i < tokens->n; i++) {
        const nb_token *t = &tokens->v[i];
        size_t since = out->n;
        uint32_t a;
        if (t->flags & TOK_LINK) continue;
        for (a = set->heads[t->key & (set->n_buckets - 1)]; a != NO_ALT; a = set->next[a])
            if (alt_matches_at(set, &set->alts[a], tokens, i))
                push_unique(out, i, i + set->alts[a].n - 1, since);
        if (t->root != t->key)
            for (a = set->heads[t->root & (set->n_buckets - 1)]; a != NO_ALT; a = set->next[a])
                if (alt_matches_at(set, &set->alts[a], tokens, i))
                    push_unique(out, i, i + set->alts[a].n - 1, since);
        for (w = 0; w < set->n_wild; w++)
            if (alt_matches_at(set, &set->alts[set->wild[w]], tokens, i))
                push_unique(out, i, i + set->alts[set->wild[w]].n - 1, since);
    }
    return out->n - before;
}
