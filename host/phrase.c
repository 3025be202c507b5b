/* phrase.c: compiling and matching phrase sets (see phrase.h). */
#include <stdlib.h>
#include <string.h>
#include "phrase.h"

#define MAX_ALTERNATIVES 50000
#define MAX_LEXICON_DEPTH 4
#define NO_ALT UINT32_MAX
#define NO_WORD UINT32_MAX          /* the wildcard `*` where a word id would be */
#define BLOCK_BYTES 16384

/* Word sequences laid end to end: sequence i is ids[end[i - 1] .. end[i]) (from 0 for the first), so
 * growing, copying and freeing a list of thousands of sequences is a few calls, not one per sequence. */
typedef struct seqs {
    uint32_t *ids;               /* word ids in the book, or NO_WORD */
    size_t n_ids, cap_ids;
    uint32_t *end;
    size_t n, cap;
} seqs;

typedef struct book_word {
    const char *text;            /* lower case, in one of the book's blocks */
    uint64_t hash;               /* what a token's key or root must equal */
} book_word;

/* One lexicon as looked up through one pair of shared and local lexicons, expanded. */
typedef struct expanded {
    const json_t *shared, *local;
    char *name;
    int height;                  /* lexicon levels it spans, itself included: how deep it reaches */
    seqs seqs;
} expanded;

struct nb_phrase_book {
    char **blocks;               /* word text, packed */
    size_t n_blocks, cap_blocks, block_used;
    book_word *words;            /* by id */
    size_t n_words, cap_words;
    uint32_t *table;             /* open addressing over words by hash; NO_WORD is empty */
    size_t table_size;
    expanded *lexicons;
    size_t n_lexicons, cap_lexicons;
};

typedef struct alt {
    uint32_t first;   /* index into words */
    uint32_t n;
} alt;

struct nb_phrase_set {
    uint32_t *words;         /* the alternatives' word ids in the book, NO_WORD for `*` */
    uint64_t *hashes;        /* hash of each word (0 for `*`) */
    size_t n_words, cap_words, cap_hashes;
    alt *alts;
    size_t n_alts, cap_alts;
    size_t id;               /* position in the pack's phrase index */
};

/* One alternative of one set, chained in the index bucket of its first two words (of its first word
 * when it has one word or a `*` second). */
typedef struct entry {
    uint64_t slot;           /* what it is indexed under: pair_key(first, second), or the first word's
                              * hash when there is no second word or it is `*`; its 64 bits stand for
                              * both words, as a word's hash stands for the word */
    uint64_t third;          /* hash of the third word; 0 when there is none or it is `*` */
    uint32_t set, alt, next;
    uint32_t n : 31;         /* words in the alternative */
    uint32_t by_key : 1;     /* the key holds every word it has (entry_matched_by_key) */
} entry;

struct nb_phrase_index {
    const nb_phrase_book *book;
    nb_phrase_set **sets;
    size_t n_sets;
    entry *entries;
    size_t n_entries, cap_entries;
    uint32_t *heads;
    size_t n_buckets;
    uint64_t *filter;        /* one bit per slot value (mod its size) that some entry is indexed under */
    size_t filter_bits;
    entry *wild;             /* alternatives starting with `*`: tried at every token */
    size_t n_wild, cap_wild;
    size_t longest;          /* words in the longest alternative */
};

/* What expanding a phrase needs at hand. */
typedef struct expander {
    nb_phrase_book *book;
    const nb_lexicons *lexicons;
    nb_error *error;
} expander;

/* ---- word sequences ---- */

static void seqs_free(seqs *s)
{
    free(s->ids);
    free(s->end);
    memset(s, 0, sizeof *s);
}

static void seqs_clear(seqs *s) { s->n = s->n_ids = 0; }

static size_t seq_start(const seqs *s, size_t i) { return i ? s->end[i - 1] : 0; }

static int seqs_have_words(const seqs *s)
{
    size_t i;
    for (i = 0; i < s->n; i++)
        if (s->end[i] > seq_start(s, i)) return 1;
    return 0;
}

static void seqs_push(seqs *s, const uint32_t *ids, size_t n)
{
    s->ids = array_reserve(s->ids, &s->cap_ids, s->n_ids + n, sizeof *s->ids);
    s->end = array_reserve(s->end, &s->cap, s->n + 1, sizeof *s->end);
    if (n) memcpy(s->ids + s->n_ids, ids, n * sizeof *ids);
    s->n_ids += n;
    s->end[s->n++] = (uint32_t)s->n_ids;
}

/* Appends every sequence of from to s. */
static void seqs_append(seqs *s, const seqs *from)
{
    size_t i;
    s->ids = array_reserve(s->ids, &s->cap_ids, s->n_ids + from->n_ids, sizeof *s->ids);
    s->end = array_reserve(s->end, &s->cap, s->n + from->n, sizeof *s->end);
    memcpy(s->ids + s->n_ids, from->ids, from->n_ids * sizeof *s->ids);
    for (i = 0; i < from->n; i++) s->end[s->n + i] = (uint32_t)(s->n_ids + from->end[i]);
    s->n_ids += from->n_ids;
    s->n += from->n;
}

/* Every sequence of a with every sequence of b appended, in place of a. */
static int seqs_product(seqs *a, seqs *b, nb_error *error)
{
    seqs out = {0};
    size_t i, j;
    if (a->n * b->n > MAX_ALTERNATIVES) {
        error_set(error, 0, 0, "expands into more than %d alternatives", MAX_ALTERNATIVES);
        return 0;
    }
    if (a->n == 1 && a->n_ids == 0) {        /* the phrase's first piece: the product is b itself */
        seqs_free(a);
        *a = *b;
        memset(b, 0, sizeof *b);
        return 1;
    }
    out.ids = array_reserve(NULL, &out.cap_ids, a->n_ids * b->n + b->n_ids * a->n, sizeof *out.ids);
    out.end = array_reserve(NULL, &out.cap, a->n * b->n, sizeof *out.end);
    for (i = 0; i < a->n; i++) {
        const uint32_t *head = a->ids + seq_start(a, i);
        size_t head_n = a->end[i] - seq_start(a, i);
        for (j = 0; j < b->n; j++) {
            size_t tail = seq_start(b, j), tail_n = b->end[j] - tail;
            memcpy(out.ids + out.n_ids, head, head_n * sizeof *head);
            memcpy(out.ids + out.n_ids + head_n, b->ids + tail, tail_n * sizeof *head);
            out.n_ids += head_n + tail_n;
            out.end[out.n++] = (uint32_t)out.n_ids;
        }
    }
    seqs_free(a);
    *a = out;
    return 1;
}

/* Appends the words to every sequence of s; in place when there is one sequence, as in most phrases. */
static int seqs_extend(seqs *s, const uint32_t *ids, size_t n, nb_error *error)
{
    seqs one = {0};
    int ok;
    if (!n) return 1;
    if (s->n == 1) {
        s->ids = array_reserve(s->ids, &s->cap_ids, s->n_ids + n, sizeof *s->ids);
        memcpy(s->ids + s->n_ids, ids, n * sizeof *ids);
        s->n_ids += n;
        s->end[0] = (uint32_t)s->n_ids;
        return 1;
    }
    seqs_push(&one, ids, n);
    ok = seqs_product(s, &one, error);
    seqs_free(&one);
    return ok;
}

/* ---- the phrase book ---- */

nb_phrase_book *phrase_book_new(void)
{
    nb_phrase_book *book = calloc(1, sizeof *book);
    if (!book) abort();
    return book;
}

void phrase_book_free(nb_phrase_book *book)
{
    size_t i;
    if (!book) return;
    for (i = 0; i < book->n_blocks; i++) free(book->blocks[i]);
    for (i = 0; i < book->n_lexicons; i++) {
        free(book->lexicons[i].name);
        seqs_free(&book->lexicons[i].seqs);
    }
    free(book->blocks);
    free(book->words);
    free(book->table);
    free(book->lexicons);
    free(book);
}

/* A copy of the n bytes at w, NUL-terminated, in the book's current block (a new one when it is full). */
static const char *book_copy_text(nb_phrase_book *book, const char *w, size_t n)
{
    char *copy;
    if (!book->n_blocks || book->block_used + n + 1 > BLOCK_BYTES) {
        book->blocks = array_reserve(book->blocks, &book->cap_blocks, book->n_blocks + 1, sizeof *book->blocks);
        book->blocks[book->n_blocks] = malloc(n + 1 > BLOCK_BYTES ? n + 1 : BLOCK_BYTES);
        if (!book->blocks[book->n_blocks++]) abort();
        book->block_used = 0;
    }
    copy = book->blocks[book->n_blocks - 1] + book->block_used;
    memcpy(copy, w, n);
    copy[n] = '\0';
    book->block_used += n + 1;
    return copy;
}

static void book_table_insert(nb_phrase_book *book, uint32_t id)
{
    size_t j, mask = book->table_size - 1;
    for (j = book->words[id].hash & mask; book->table[j] != NO_WORD; j = (j + 1) & mask) {}
    book->table[j] = id;
}

/* Keeps the table at most half full, so a lookup probes a slot or two. */
static void book_table_grow(nb_phrase_book *book)
{
    size_t i;
    if ((book->n_words + 1) * 2 <= book->table_size) return;
    free(book->table);
    book->table_size = book->table_size ? book->table_size * 2 : 1024;
    book->table = malloc(book->table_size * sizeof *book->table);
    if (!book->table) abort();
    memset(book->table, 0xFF, book->table_size * sizeof *book->table);   /* every slot NO_WORD */
    for (i = 0; i < book->n_words; i++) book_table_insert(book, (uint32_t)i);
}

/* The id of the lower-case word w (n bytes), added to the book the first time it is seen. */
static uint32_t book_word_id(nb_phrase_book *book, const char *w, size_t n)
{
    uint64_t hash = hash_bytes(w, n);
    size_t j, mask;
    uint32_t id;
    book_table_grow(book);
    mask = book->table_size - 1;
    for (j = hash & mask; (id = book->table[j]) != NO_WORD; j = (j + 1) & mask) {
        const book_word *bw = &book->words[id];
        if (bw->hash == hash && strncmp(bw->text, w, n) == 0 && bw->text[n] == '\0') return id;
    }
    book->words = array_reserve(book->words, &book->cap_words, book->n_words + 1, sizeof *book->words);
    book->words[book->n_words].text = book_copy_text(book, w, n);
    book->words[book->n_words].hash = hash;
    id = (uint32_t)book->n_words++;
    book->table[j] = id;
    return id;
}

/* The expansion of lexicon `name` as looked up through these lexicons, when the book has it. */
static const expanded *book_lexicon(const nb_phrase_book *book, const nb_lexicons *lex, const char *name)
{
    size_t i;
    const json_t *shared = lex ? lex->shared : NULL, *local = lex ? lex->local : NULL;
    for (i = 0; i < book->n_lexicons; i++) {
        const expanded *e = &book->lexicons[i];
        if (e->shared == shared && e->local == local && strcmp(e->name, name) == 0) return e;
    }
    return NULL;
}

static void book_keep_lexicon(nb_phrase_book *book, const nb_lexicons *lex, const char *name, const seqs *s,
                              int height)
{
    expanded *e;
    book->lexicons = array_reserve(book->lexicons, &book->cap_lexicons, book->n_lexicons + 1, sizeof *book->lexicons);
    e = &book->lexicons[book->n_lexicons++];
    memset(e, 0, sizeof *e);
    e->shared = lex ? lex->shared : NULL;
    e->local = lex ? lex->local : NULL;
    e->name = strdup(name);
    if (!e->name) abort();
    e->height = height;
    seqs_append(&e->seqs, s);
}

/* ---- expansion ---- */

static int expand(const expander *x, const char *phrase, int depth, seqs *out, int *height);

/* Fills out (empty) with the alternatives of @name and height with the lexicon levels they span. A
 * lexicon is expanded once per book; the book's copy serves later references from no deeper than the
 * first reference could have been made, so a reference too deep still fails with the usual message. */
static int expand_lexicon(const expander *x, const char *name, size_t n, int depth, seqs *out, int *height)
{
    const nb_lexicons *lex = x->lexicons;
    const json_t *lists[2];
    const expanded *known;
    seqs one = {0};          /* each entry's alternatives, in turn */
    char key[128];
    int i, found = 0, deepest = 0;
    if (depth >= MAX_LEXICON_DEPTH) {
        error_set(x->error, 0, 0, "lexicons refer to each other too deeply (at @%.*s)", (int)n, name);
        return 0;
    }
    if (n >= sizeof key) n = sizeof key - 1;
    memcpy(key, name, n);
    key[n] = '\0';
    known = book_lexicon(x->book, lex, key);
    if (known && depth + known->height <= MAX_LEXICON_DEPTH) {
        seqs_append(out, &known->seqs);
        *height = known->height;
        return 1;
    }
    lists[0] = lex && lex->shared ? json_object_get(lex->shared, key) : NULL;
    lists[1] = lex && lex->local ? json_object_get(lex->local, key) : NULL;
    for (i = 0; i < 2; i++) {
        size_t k;
        json_t *entry;
        if (!lists[i]) continue;
        found = 1;
        json_array_foreach(lists[i], k, entry) {
            int h = 0;
            seqs_clear(&one);
            if (!json_is_string(entry) || !expand(x, json_string_value(entry), depth + 1, &one, &h)) {
                if (!json_is_string(entry)) error_set(x->error, 0, 0, "lexicon @%s has an entry that is not a string", key);
                seqs_free(&one);
                return 0;
            }
            /* Emoji and punctuation are not words, so such an entry could never match: say so rather
             * than keep a cue that only looks as if it works. */
            if (!seqs_have_words(&one)) {
                error_set(x->error, 0, 0, "lexicon @%s: entry \"%s\" has no words (emoji and punctuation are not read)",
                          key, json_string_value(entry));
                seqs_free(&one);
                return 0;
            }
            seqs_append(out, &one);
            if (h > deepest) deepest = h;
            if (out->n > MAX_ALTERNATIVES) {
                error_set(x->error, 0, 0, "@%s expands into more than %d alternatives", key, MAX_ALTERNATIVES);
                seqs_free(&one);
                return 0;
            }
        }
    }
    seqs_free(&one);
    if (!found) {
        error_set(x->error, 0, 0, "unknown lexicon @%s", key);
        return 0;
    }
    *height = deepest + 1;
    if (!known) book_keep_lexicon(x->book, lex, key, out, *height);
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

/* Appends a plain piece to every sequence so far: `*`, one word, or the words the tokeniser finds in it. */
static int expand_words(const expander *x, const char *piece, size_t n, seqs *out)
{
    nb_tokens toks = {0};
    uint32_t id, *ids;
    size_t i;
    int ok;
    if (n == 1 && piece[0] == '*') {
        id = NO_WORD;
        return seqs_extend(out, &id, 1, x->error);
    }
    if (piece_is_one_word(piece, n)) {
        char lower[256];
        for (i = 0; i < n; i++) lower[i] = (char)(piece[i] >= 'A' && piece[i] <= 'Z' ? piece[i] + 32 : piece[i]);
        id = book_word_id(x->book, lower, n);
        return seqs_extend(out, &id, 1, x->error);
    }
    tokens_split(piece, n, &toks);
    ids = malloc((toks.n + 1) * sizeof *ids);
    if (!ids) abort();
    for (i = 0; i < toks.n; i++) {
        char lower[256];
        size_t len = tokens_lower(piece, &toks.v[i], lower, sizeof lower);
        ids[i] = book_word_id(x->book, lower, len);
    }
    ok = seqs_extend(out, ids, toks.n, x->error);
    free(ids);
    tokens_free(&toks);
    return ok;
}

/* Fills out (empty) with the phrase's alternatives, and height with the lexicon levels they span:
 * each whitespace-separated piece, `@name` or plain, follows every alternative so far. */
static int expand(const expander *x, const char *phrase, int depth, seqs *out, int *height)
{
    const char *p = phrase;
    seqs_push(out, NULL, 0);
    while (*p) {
        const char *end;
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        if (!*p) break;
        end = p;
        while (*end && *end != ' ' && *end != '\t' && *end != '\n') end++;
        if (p[0] == '@' && end - p > 1) {
            seqs piece = {0};
            int h = 0;
            if (!expand_lexicon(x, p + 1, (size_t)(end - p) - 1, depth, &piece, &h) ||
                (piece.n && !seqs_product(out, &piece, x->error))) {
                seqs_free(&piece);
                return 0;
            }
            seqs_free(&piece);
            if (h > *height) *height = h;
        } else if (!expand_words(x, p, (size_t)(end - p), out)) {
            return 0;
        }
        p = end;
    }
    return 1;
}

/* ---- phrase sets ---- */

nb_phrase_set *phrase_set_new(void)
{
    return calloc(1, sizeof(nb_phrase_set));
}

void phrase_set_free(nb_phrase_set *set)
{
    if (!set) return;
    free(set->words);
    free(set->hashes);
    free(set->alts);
    free(set);
}

size_t phrase_set_id(const nb_phrase_set *set) { return set->id; }

int phrase_set_add(nb_phrase_set *set, nb_phrase_book *book, const char *phrase, const nb_lexicons *lex,
                   nb_error *error)
{
    expander x = { book, lex, error };
    seqs s = {0};
    size_t i, k;
    int height = 0, ok = expand(&x, phrase, 0, &s, &height);
    if (ok && !seqs_have_words(&s)) {
        error_set(error, 0, 0, "phrase \"%s\" has no words", phrase);
        ok = 0;
    }
    if (ok) {
        set->alts = array_reserve(set->alts, &set->cap_alts, set->n_alts + s.n, sizeof *set->alts);
        set->words = array_reserve(set->words, &set->cap_words, set->n_words + s.n_ids, sizeof *set->words);
        set->hashes = array_reserve(set->hashes, &set->cap_hashes, set->n_words + s.n_ids, sizeof *set->hashes);
    }
    for (i = 0; ok && i < s.n; i++) {
        size_t start = seq_start(&s, i);
        alt *a;
        if (s.end[i] == start) continue;
        a = &set->alts[set->n_alts++];
        a->first = (uint32_t)set->n_words;
        a->n = (uint32_t)(s.end[i] - start);
        for (k = start; k < s.end[i]; k++) {
            uint32_t id = s.ids[k];
            set->words[set->n_words] = id;
            set->hashes[set->n_words++] = id == NO_WORD ? 0 : book->words[id].hash;
        }
    }
    seqs_free(&s);
    return ok;
}

/* Does alternative a of set match starting at token i? */
/* A token is a phrase word when its form or its root is that word. */
static int token_is_word(const nb_token *t, uint64_t hash) { return t->key == hash || t->root == hash; }

static int alt_matches_at(const nb_phrase_set *set, const alt *a, const nb_tokens *tokens, size_t i)
{
    size_t k;
    if (i + a->n > tokens->n) return 0;
    for (k = 0; k < a->n; k++) {
        const nb_token *t = &tokens->v[i + k];
        size_t w = a->first + k;
        if (t->flags & TOK_LINK) return 0;
        if (set->words[w] != NO_WORD && !token_is_word(t, set->hashes[w])) return 0;
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
    uint64_t first = ps->hashes[a->first], second = a->n > 1 ? ps->hashes[a->first + 1] : 0;
    entry e;
    e.third = a->n > 2 ? ps->hashes[a->first + 2] : 0;
    e.slot = second ? pair_key(first, second) : first;
    e.set = set;
    e.alt = alt_index;
    e.n = a->n;
    e.by_key = first && (a->n == 1 || (a->n == 2 && second));
    e.next = NO_ALT;
    if (ps->words[a->first] == NO_WORD) {
        index->wild = array_reserve(index->wild, &index->cap_wild, index->n_wild + 1, sizeof *index->wild);
        index->wild[index->n_wild++] = e;
        return;
    }
    index->entries = array_reserve(index->entries, &index->cap_entries, index->n_entries + 1, sizeof *index->entries);
    index->entries[index->n_entries++] = e;
}

/* Most words of a post start no alternative, and the buckets and entries are too big to stay in the
 * cache between checks: a bit per slot, eight bits an entry, answers "no" for nearly all of them
 * from a table small enough to stay there. */
static void index_build_filter(nb_phrase_index *index)
{
    size_t i;
    index->filter_bits = 512;
    while (index->filter_bits < index->n_entries * 8) index->filter_bits *= 2;
    index->filter = calloc(index->filter_bits / 64, sizeof *index->filter);
    if (!index->filter) abort();
    for (i = 0; i < index->n_entries; i++) {
        uint64_t bit = index->entries[i].slot & (index->filter_bits - 1);
        index->filter[bit / 64] |= 1ULL << (bit % 64);
    }
}

static int index_may_hold(const nb_phrase_index *index, uint64_t slot)
{
    uint64_t bit = slot & (index->filter_bits - 1);
    return (index->filter[bit / 64] >> (bit % 64)) & 1;
}

nb_phrase_index *phrase_index_new(const nb_phrase_book *book, nb_phrase_set *const *sets, size_t n)
{
    nb_phrase_index *index = calloc(1, sizeof *index);
    size_t i, a;
    if (!index) abort();
    index->book = book;
    index->sets = malloc((n + 1) * sizeof *index->sets);
    if (!index->sets) abort();
    memcpy(index->sets, sets, n * sizeof *sets);
    index->n_sets = n;
    for (i = 0; i < n; i++) {
        index->sets[i]->id = i;
        for (a = 0; a < index->sets[i]->n_alts; a++) {
            index_add(index, (uint32_t)i, (uint32_t)a);
            if (index->sets[i]->alts[a].n > index->longest) index->longest = index->sets[i]->alts[a].n;
        }
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
    index_build_filter(index);
    return index;
}

void phrase_index_free(nb_phrase_index *index)
{
    if (!index) return;
    free(index->sets);
    free(index->entries);
    free(index->heads);
    free(index->filter);
    free(index->wild);
    free(index);
}

size_t phrase_index_count(const nb_phrase_index *index) { return index ? index->n_sets : 0; }

size_t phrase_index_longest(const nb_phrase_index *index) { return index ? index->longest : 0; }

void phrase_index_each_word(const nb_phrase_index *index, void (*fn)(void *arg, const char *word), void *arg)
{
    unsigned char *seen;
    size_t i, w;
    if (!index) return;
    seen = calloc(index->book->n_words + 1, 1);
    if (!seen) abort();
    for (i = 0; i < index->n_sets; i++) {
        const nb_phrase_set *set = index->sets[i];
        for (w = 0; w < set->n_words; w++) {
            uint32_t id = set->words[w];
            if (id == NO_WORD || seen[id]) continue;
            seen[id] = 1;
            fn(arg, index->book->words[id].text);
        }
    }
    free(seen);
}

/* An entry found under its key already matches when its key holds every word it has: one word, or
 * two with no `*` (the callers never key on a link). Its alternative's words, far from the entry in
 * memory, are then not read. An entry starting with `*` has no key. */
static int entry_matched_by_key(const entry *e) { return e->by_key; }

/* Most longer alternatives found under their first two words fail on the third: the entry holds
 * its hash, so they fail without their words, far from the entry in memory, being read. */
static int entry_fails_third(const entry *e, const nb_tokens *tokens, size_t i)
{
    if (!e->third) return 0;
    return i + 2 >= tokens->n || !token_is_word(&tokens->v[i + 2], e->third);
}

/* Records a match of entry e at token i, once: alternatives of one set can match the same words. */
static void entry_try(const nb_phrase_index *index, const entry *e, const nb_tokens *tokens, size_t i,
                      nb_spans *matches)
{
    nb_spans *out = &matches[e->set];
    size_t k, last = i + e->n - 1;
    if (!entry_matched_by_key(e)) {
        const nb_phrase_set *set = index->sets[e->set];
        if (entry_fails_third(e, tokens, i) || !alt_matches_at(set, &set->alts[e->alt], tokens, i)) return;
    }
    for (k = out->n; k > 0 && out->v[k - 1].start == i; k--)
        if (out->v[k - 1].end == last) return;
    spans_push(out, (uint32_t)i, (uint32_t)last);
}

static void bucket_try(const nb_phrase_index *index, uint64_t first, uint64_t second, const nb_tokens *tokens,
                       size_t i, nb_spans *matches)
{
    uint64_t slot = second ? pair_key(first, second) : first;
    uint32_t e;
    if (!index_may_hold(index, slot)) return;
    for (e = index->heads[slot & (index->n_buckets - 1)]; e != NO_ALT; e = index->entries[e].next) {
        const entry *en = &index->entries[e];
        if (en->slot == slot) entry_try(index, en, tokens, i, matches);
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
