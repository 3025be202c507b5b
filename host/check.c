/* check.c: running a pack over a post (see check.h). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "reach.h"
#include "recheck.h"
#include "utf.h"

/* Words that long are never real words (pasted junk, base64) and hunspell calls them misspelt. */
#define MAX_WORD_BYTES 100
/* A pattern is run again from this many more whitespace-separated chunks before an edit than it can
 * read across (reach.h): one for the chunk it starts in, one for the character it looks at last, and
 * one for the chunk the edit is in. */
#define PATTERN_WINDOW_SLACK 3
/* Word cache bound: a few days of typing, under a few MB. */
#define WORD_CACHE_WORDS 50000

/* Where one set of cues matched in this post: token ranges sorted by first token. */
typedef struct cue_matches {
    const nb_cues *cues;
    nb_spans ranges;
    size_t longest;      /* tokens in the longest range, to bound the search */
} cue_matches;

/* Per-check scratch: identifier spans and cue matches are found once and shared by every span of
 * every rule, so a long post with many matches stays linear rather than quadratic. */
typedef struct scan {
    nb_engine *engine;
    const nb_pack *pack;
    nb_post *post;
    const nb_post *before;   /* the kept post the edit turned into this one, or NULL */
    nb_edit edit;
    nb_spans idents[IDENT_COUNT];
    unsigned idents_found;
    cue_matches *cues;
    size_t n_cues, cap_cues;
    nb_model_reading model;  /* the word model's reading, made for the first model rule */
    int model_read;
} scan;

nb_engine *engine_new(const char *dict_dir, const char *binary_dir, nb_error *error)
{
    nb_engine *e = calloc(1, sizeof *e);
    if (!e) abort();
    e->library = library_new(error);
    if (!e->library) {
        free(e);
        return NULL;
    }
    e->speller = speller_new(dict_dir, binary_dir);
    e->words = wordcache_new(WORD_CACHE_WORDS);
    if (!e->speller || !e->words) abort();
    return e;
}

void engine_free(nb_engine *e, int free_dictionary)
{
    if (!e) return;
    if (e->kept) post_free(e->kept);
    free(e->kept);
    library_free(e->library);
    wordcache_free(e->words);
    speller_free(e->speller, free_dictionary);
    ident_cleanup();
    free(e);
}

void post_free(nb_post *post)
{
    size_t i;
    free(post->text);
    free(post->utf16);
    tokens_free(&post->tokens);
    ident_scans_free(&post->idents);
    for (i = 0; i < post->patterns.n; i++) matches_free(&post->patterns.found[i]);
    for (i = 0; i < post->n_phrases; i++) spans_free(&post->phrases[i]);
    free(post->phrases);
    free(post->patterns.found);
    free(post->patterns.scanned);
    free(post->warnings);
    memset(post, 0, sizeof *post);
}

void post_keep(nb_engine *engine, nb_post *post)
{
    if (!engine->kept) {
        engine->kept = calloc(1, sizeof *engine->kept);
        if (!engine->kept) abort();
    }
    post_free(engine->kept);
    *engine->kept = *post;
    /* The next check needs none of these. */
    free(engine->kept->warnings);
    engine->kept->warnings = NULL;
    engine->kept->n_warnings = engine->kept->cap_warnings = 0;
    memset(post, 0, sizeof *post);
}

/* Capitalised words inside a sentence are nearly always names and places the dictionary lacks;
 * flagging them would make the checker cry wolf on every post that mentions a colleague or a town. */
static int spelling_applies(const nb_token *t)
{
    if ((t->flags & TOK_CAPITALISED) && !(t->flags & TOK_SENTENCE_START)) return 0;
    return !(t->flags & (TOK_LINK | TOK_HASHTAG | TOK_MENTION | TOK_DIGIT | TOK_ALL_CAPS)) &&
           t->end - t->start < MAX_WORD_BYTES && t->end - t->start > 1;
}

static void register_word(void *cache, const char *word) { wordcache_add_phrase_word(cache, word); }

/* The word cache looks for roots among the phrase words: it must know the pack's words. */
static void pack_register_words(nb_engine *engine, nb_pack *pack)
{
    if (pack->words_registered) return;
    phrase_index_each_word(pack->phrases, register_word, engine->words);
    pack->words_registered = 1;
}

/* Gives the token its key, root and (when spelling is on and the dictionary loaded) its spelling verdict. */
static void token_look_up(nb_engine *engine, const char *text, nb_token *t, int spelling)
{
    char lower[4 * MAX_WORD_BYTES + 8], exact[MAX_WORD_BYTES + 1];
    size_t n = t->end - t->start, lower_len;
    nb_word *w;
    if ((t->flags & TOK_LINK) || n >= MAX_WORD_BYTES) return;
    lower_len = tokens_lower(text, t, lower, sizeof lower);
    if (lower_len == 0) return;
    t->key = hash_bytes(lower, lower_len);
    w = wordcache_get(engine->words, text + t->start, n, lower, lower_len);
    if (spelling && w->spelled < 0 && spelling_applies(t)) {
        /* Only word characters and inner apostrophes reach hunspell (never markup). */
        memcpy(exact, text + t->start, n);
        exact[n] = '\0';
        w->spelled = speller_check_word(engine->speller, exact);
    }
    t->root = w->root;
    t->spelled = w->spelled;
}

/* Sanitises and tokenises the post and looks its words up. After `before` (a kept post, or NULL)
 * only the tokens an edit touched, [*first, *last), are made and looked up; the rest are before's,
 * when its roots and spelling were found as these would be. */
static void post_prepare(nb_engine *engine, const nb_post *before, const char *text, size_t len, int spelling,
                         nb_post *post, nb_edit *edit, size_t *first, size_t *last)
{
    size_t i;
    memset(post, 0, sizeof *post);
    post->text = utf_sanitize(text, len, &post->len);
    if (!post->text) abort();
    if (before) recheck_edit(before->text, before->len, post->text, post->len, edit);
    post->utf16 = before ? utf_map_utf16_edited(post->text, post->len, before->utf16, edit->prefix, edit->old_end,
                                                edit->new_end)
                         : utf_map_utf16(post->text, post->len);
    if (!post->utf16) abort();
    post->spelled = spelling;
    post->roots_generation = wordcache_generation(engine->words);
    wordcache_trim(engine->words);
    if (before && before->spelled == spelling && before->roots_generation == post->roots_generation) {
        recheck_tokens(&before->tokens, post->text, post->len, edit, &post->tokens, first, last);
    } else {
        tokens_split(post->text, post->len, &post->tokens);
        *first = 0;
        *last = post->tokens.n;
    }
    for (i = *first; i < *last; i++) token_look_up(engine, post->text, &post->tokens.v[i], spelling);
}

static const nb_spans *scan_idents(scan *s, nb_ident kind)
{
    if (!(s->idents_found & (1u << kind))) {
        ident_find_in(kind, s->post->text, s->post->len, &s->post->tokens, s->before ? &s->before->idents : NULL,
                      &s->edit, &s->post->idents, &s->idents[kind]);
        s->idents_found |= 1u << kind;
    }
    return &s->idents[kind];
}

static void scan_free(scan *s)
{
    size_t i;
    for (i = 0; i < IDENT_COUNT; i++) spans_free(&s->idents[i]);
    for (i = 0; i < s->n_cues; i++) spans_free(&s->cues[i].ranges);
    free(s->cues);
    model_reading_free(&s->model);
}

/* Matches the pack's phrases. After an edit only matches that could read a new token are looked for
 * again: those starting from `longest` - 1 tokens before the first new one to the last; the others are
 * the kept post's, those after the edit moved by the change in the number of tokens. */
static void phrases_match(const nb_pack *pack, nb_post *post, const nb_post *before, size_t first, size_t last)
{
    size_t n = post->tokens.n, reach = phrase_index_longest(pack->phrases), from, to, k, i;
    size_t old_last = before ? last - n + before->tokens.n : 0;
    nb_tokens view;
    nb_spans *found;
    if (!before || (first == 0 && last == n)) {
        phrase_index_match(pack->phrases, &post->tokens, post->phrases);
        return;
    }
    from = first + 1 > reach ? first + 1 - reach : 0;
    to = last + reach < n ? last + reach : n;
    view.v = post->tokens.v + from;
    view.n = to - from;
    view.cap = 0;
    found = calloc(post->n_phrases, sizeof *found);
    if (!found) abort();
    phrase_index_match(pack->phrases, &view, found);
    for (k = 0; k < post->n_phrases; k++) {
        const nb_spans *old = &before->phrases[k];
        nb_spans *out = &post->phrases[k];
        for (i = 0; i < old->n && old->v[i].start < from; i++) spans_push(out, old->v[i].start, old->v[i].end);
        for (i = 0; i < found[k].n && found[k].v[i].start + from < last; i++)
            spans_push(out, (uint32_t)(found[k].v[i].start + from), (uint32_t)(found[k].v[i].end + from));
        for (i = 0; i < old->n; i++)
            if (old->v[i].start >= old_last)
                spans_push(out, (uint32_t)(old->v[i].start - old_last + last), (uint32_t)(old->v[i].end - old_last + last));
        spans_free(&found[k]);
    }
    free(found);
}

static void scan_start(scan *s, nb_engine *engine, const nb_pack *pack, nb_post *post, const nb_post *before,
                       const nb_edit *edit, size_t first, size_t last)
{
    memset(s, 0, sizeof *s);
    s->engine = engine;
    s->pack = pack;
    s->post = post;
    s->before = before;
    if (before) s->edit = *edit;
    post->pack = pack;
    post->n_phrases = phrase_index_count(pack->phrases);
    post->phrases = calloc(post->n_phrases + 1, sizeof *post->phrases);
    if (!post->phrases) abort();
    if (post->n_phrases)
        phrases_match(pack, post, before && before->pack == pack && before->n_phrases ? before : NULL, first, last);
}

/* What the rule's pattern matches in the post: near an edit found again, elsewhere the kept post's
 * when its reach is known (reach.h). */
static const nb_matches *scan_pattern(scan *s, const nb_rule *rule)
{
    nb_pattern_scans *now = &s->post->patterns;
    const nb_pattern_scans *before = s->before ? &s->before->patterns : NULL;
    size_t r = (size_t)(rule - s->pack->rules), spaces = regex_reach_spaces(rule->pattern);
    const char *text = s->post->text;
    if (!now->found) {
        now->n = s->pack->n_rules;
        now->found = calloc(now->n + 1, sizeof *now->found);
        now->scanned = calloc(now->n + 1, 1);
        if (!now->found || !now->scanned) abort();
    }
    if (!now->scanned[r]) {
        now->scanned[r] = 1;
        if (before && s->before->pack == s->pack && before->scanned && before->scanned[r] && !before->found[r].gave_up &&
            spaces < REACH_UNBOUNDED - PATTERN_WINDOW_SLACK)
            recheck_matches(rule->pattern, text, s->post->len, &before->found[r], &s->edit,
                            recheck_back_chunks(text, s->edit.prefix, spaces + PATTERN_WINDOW_SLACK, 1), 0, 0,
                            &now->found[r]);
        else
            regex_scan(rule->pattern, text, s->post->len, 0, REGEX_SCAN_DONE, 0, 0, &now->found[r]);
    }
    return &now->found[r];
}

static void append_spans(nb_spans *out, const nb_spans *from)
{
    size_t i;
    for (i = 0; i < from->n; i++) spans_push(out, from->v[i].start, from->v[i].end);
}

/* The token range a byte span covers; a span between tokens sits at the next token. */
static void span_tokens(const nb_tokens *tokens, nb_span span, size_t *first, size_t *last)
{
    size_t i;
    if (tokens_range(tokens, span.start, span.end, first, last)) return;
    for (i = 0; i < tokens->n && tokens->v[i].start < span.start; i++) {}
    *first = *last = i;
}

/* Words from one token range to another: 0 when they overlap, 1 when adjacent. */
static size_t token_gap(size_t af, size_t al, size_t bf, size_t bl)
{
    if (bl < af) return af - bl;
    if (bf > al) return bf - al;
    return 0;
}

static int by_first_token(const void *a, const void *b)
{
    const nb_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static const cue_matches *scan_cues(scan *s, const nb_cues *cues)
{
    const nb_tokens *tokens = &s->post->tokens;
    cue_matches *m;
    size_t i, k;
    for (i = 0; i < s->n_cues; i++)
        if (s->cues[i].cues == cues) return &s->cues[i];
    s->cues = array_reserve(s->cues, &s->cap_cues, s->n_cues + 1, sizeof *s->cues);
    m = &s->cues[s->n_cues++];
    memset(m, 0, sizeof *m);
    m->cues = cues;
    if (cues->phrases) append_spans(&m->ranges, &s->post->phrases[phrase_set_id(cues->phrases)]);
    for (k = 0; k < IDENT_COUNT; k++) {
        const nb_spans *ids;
        if (!(cues->idents & (1u << k))) continue;
        ids = scan_idents(s, (nb_ident)k);
        for (i = 0; i < ids->n; i++) {
            size_t cf, cl;
            span_tokens(tokens, ids->v[i], &cf, &cl);
            spans_push(&m->ranges, (uint32_t)cf, (uint32_t)cl);
        }
    }
    qsort(m->ranges.v, m->ranges.n, sizeof *m->ranges.v, by_first_token);
    for (i = 0; i < m->ranges.n; i++)
        if (m->ranges.v[i].end - m->ranges.v[i].start + 1 > m->longest)
            m->longest = m->ranges.v[i].end - m->ranges.v[i].start + 1;
    return m;
}

/* Does any cue of `cues` match within cues->within words of tokens [first, last]? */
static int cues_hold(scan *s, const nb_cues *cues, size_t first, size_t last)
{
    const cue_matches *m = scan_cues(s, cues);
    size_t lo = 0, hi = m->ranges.n, reach = (size_t)cues->within;
    if (m->ranges.n == 0) return 0;
    if (cues->within == CUES_WITHIN_POST) return 1;
    /* The first range starting after last + within cannot be near; look back from there. */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->ranges.v[mid].start <= last + reach) lo = mid + 1; else hi = mid;
    }
    while (lo-- > 0) {
        const nb_span *r = &m->ranges.v[lo];
        if (token_gap(first, last, r->start, r->end) <= reach) return 1;
        if (r->start + m->longest + reach < first) break;
    }
    return 0;
}

static int span_survives(scan *s, const nb_rule *rule, nb_span span)
{
    size_t first, last, i;
    span_tokens(&s->post->tokens, span, &first, &last);
    if ((rule->unless.phrases || rule->unless.idents) && cues_hold(s, &rule->unless, first, last)) return 0;
    for (i = 0; i < rule->n_near; i++)
        if (!cues_hold(s, &rule->near[i], first, last)) return 0;
    return 1;
}

/* The word model's reading of the post, made the first time a rule asks for it. */
static const nb_model_reading *scan_model(scan *s)
{
    if (!s->model_read) {
        model_read(s->pack->shared->model, s->post->text, &s->post->tokens, &s->model);
        s->model_read = 1;
    }
    return &s->model;
}

static int span_doubted(scan *s, const nb_rule *rule, nb_span span)
{
    return rule->doubt_share > 0 &&
           model_doubts(s->pack->shared->model, scan_model(s), rule->model_output, rule->doubt_share,
                        rule->doubt_floor, span);
}

/* Appends to out the byte spans the rule flags. */
static void rule_spans(scan *s, const nb_rule *rule, nb_spans *out)
{
    const nb_post *post = s->post;
    size_t i, from = out->n, kept;
    if (rule->kind == MATCH_PHRASES) {
        append_spans(out, &s->post->phrases[phrase_set_id(rule->phrases)]);
        for (i = from; i < out->n; i++) {
            out->v[i].start = post->tokens.v[out->v[i].start].start;
            out->v[i].end = post->tokens.v[out->v[i].end].end;
        }
    } else if (rule->kind == MATCH_PATTERN) {
        const nb_matches *m = scan_pattern(s, rule);
        for (i = 0; i < m->n; i++) spans_push(out, m->v[i].span.start, m->v[i].span.end);
    } else if (rule->kind == MATCH_MODEL) {
        model_spans(s->pack->shared->model, scan_model(s), rule->model_output, rule->model_above, out);
    } else {
        const nb_spans *ids = scan_idents(s, rule->ident);
        for (i = 0; i < ids->n; i++) spans_push(out, ids->v[i].start, ids->v[i].end);
    }
    for (i = kept = from; i < out->n; i++)
        if (span_survives(s, rule, out->v[i]) && !span_doubted(s, rule, out->v[i])) out->v[kept++] = out->v[i];
    out->n = kept;
}

static int listed(const json_t *list, const char *value)
{
    size_t i;
    json_t *item;
    if (!list) return 0;
    json_array_foreach(list, i, item) if (json_is_string(item) && strcmp(json_string_value(item), value) == 0) return 1;
    return 0;
}

static void warning_push(nb_post *post, const nb_rule *rule, nb_severity severity, const char *category,
                         uint32_t start, uint32_t end)
{
    nb_warning *w;
    post->warnings = array_reserve(post->warnings, &post->cap_warnings, post->n_warnings + 1, sizeof *post->warnings);
    w = &post->warnings[post->n_warnings++];
    w->rule = rule;
    w->severity = severity;
    w->category = category;
    w->start = start;
    w->end = end;
}

static int by_category_then_start(const void *a, const void *b)
{
    const nb_warning *x = a, *y = b;
    int c = strcmp(x->category, y->category);
    if (c) return c;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int by_priority(const void *a, const void *b)
{
    const nb_warning *x = a, *y = b;
    if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
    if (x->rule->index != y->rule->index) return x->rule->index < y->rule->index ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    /* Of two matches of one rule at one place, the shorter, as glibc's qsort mostly left them. */
    return x->end < y->end ? -1 : x->end > y->end;
}

/* A total order, as qsort is not stable and C libraries break ties differently (Windows' differs
 * from glibc's): ties go by category, the order warnings_merge leaves them in, and after merging a
 * span holds at most one warning of a category. */
static int by_start(const void *a, const void *b)
{
    const nb_warning *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return strcmp(x->category, y->category);
}

static int overlaps(const nb_warning *a, const nb_warning *b) { return a->start < b->end && b->start < a->end; }

/* Within each cluster of overlapping same-category candidates, keeps the best and whatever does not
 * overlap an already kept one. Clusters are found in one pass over candidates sorted by start. */
static void warnings_merge(nb_post *post)
{
    nb_warning *w = post->warnings;
    size_t n = post->n_warnings, i = 0, kept = 0;
    qsort(w, n, sizeof *w, by_category_then_start);
    while (i < n) {
        size_t j = i + 1, a, b, first_kept = kept;
        uint32_t end = w[i].end;
        while (j < n && strcmp(w[j].category, w[i].category) == 0 && w[j].start < end) {
            if (w[j].end > end) end = w[j].end;
            j++;
        }
        qsort(w + i, j - i, sizeof *w, by_priority);
        for (a = i; a < j; a++) {
            int clash = 0;
            for (b = first_kept; b < kept && !clash; b++) clash = overlaps(&w[a], &w[b]);
            if (!clash) w[kept++] = w[a];
        }
        i = j;
    }
    post->n_warnings = kept;
}

/* 1 when the model's second opinion (the pack's "model_agree") withdraws the rule's warnings in a
 * category that phrase or pattern rules (phrased) or model rules (modelled) raised. A certain rule has
 * no weights (agree_parse), so it is never withdrawn. */
static int rule_disagreed(scan *s, const nb_rule *rule, int phrased, int modelled)
{
    return rule->agree &&
           model_agreement(s->pack->shared->model, scan_model(s), rule->agree, phrased, modelled) < rule->agree_above;
}

/* A category keeps its warnings where the model agrees with them, reading every output and what raised
 * the category (model_agreement); one certain rule among them keeps them all. Warnings are left
 * grouped by category, as warnings_merge wants them. */
static void warnings_agree(scan *s)
{
    nb_post *post = s->post;
    nb_warning *w = post->warnings;
    size_t n = post->n_warnings, i = 0, j, kept = 0;
    for (j = 0; j < n && !w[j].rule->agree; j++) continue;
    if (j == n) return;
    qsort(w, n, sizeof *w, by_category_then_start);
    while (i < n) {
        size_t end = i;
        int certain = 0, phrased = 0, modelled = 0;
        while (end < n && strcmp(w[end].category, w[i].category) == 0) end++;
        for (j = i; j < end; j++) {
            const nb_rule *r = w[j].rule;
            certain |= rule_certain(r);
            if (r->kind == MATCH_MODEL) modelled = 1;
            else phrased = 1;
        }
        for (j = i; j < end; j++)
            if (certain || !rule_disagreed(s, w[j].rule, phrased, modelled)) w[kept++] = w[j];
        i = end;
    }
    post->n_warnings = kept;
}

static void spelling_check(const nb_pack *pack, nb_post *post)
{
    char lower[4 * MAX_WORD_BYTES + 8];
    size_t i;
    for (i = 0; i < post->tokens.n; i++) {
        const nb_token *t = &post->tokens.v[i];
        if (t->spelled != 0 || !spelling_applies(t)) continue;
        if (tokens_lower(post->text, t, lower, sizeof lower) && !pack_allows_word(pack, lower))
            warning_push(post, NULL, SEVERITY_SUGGESTION, "spelling", t->start, t->end);
    }
}

void check_post(nb_engine *engine, nb_pack *pack, const char *text, size_t len, const nb_options *options,
                nb_post *post)
{
    scan s;
    nb_spans spans = {0};
    size_t r, i;
    int wanted = (!options || options->spelling) && !(options && listed(options->disabled_categories, "spelling"));
    /* Rules need no dictionary: while it loads, answer without spelling rather than wait for it. */
    int spelling = wanted && speller_ready(engine->speller);
    const nb_post *before = engine->kept && engine->kept->text ? engine->kept : NULL;
    nb_edit edit;
    size_t first, last;
    pack_register_words(engine, pack);
    post_prepare(engine, before, text, len, spelling, post, &edit, &first, &last);
    post->spelling_pending = wanted && !spelling;
    scan_start(&s, engine, pack, post, before, &edit, first, last);
    for (r = 0; r < pack->n_rules; r++) {
        const nb_rule *rule = &pack->rules[r];
        if (options && (listed(options->disabled_rules, rule->id) || listed(options->disabled_categories, rule->category)))
            continue;
        spans_clear(&spans);
        rule_spans(&s, rule, &spans);
        for (i = 0; i < spans.n; i++)
            warning_push(post, rule, rule->severity, rule->category, spans.v[i].start, spans.v[i].end);
    }
    warnings_agree(&s);
    warnings_merge(post);
    if (spelling && speller_loaded(engine->speller)) spelling_check(pack, post);
    qsort(post->warnings, post->n_warnings, sizeof *post->warnings, by_start);
    spans_free(&spans);
    scan_free(&s);
}

size_t check_rule_alone(nb_engine *engine, nb_pack *pack, const nb_rule *rule, const char *text, size_t len)
{
    nb_post post;
    scan s;
    nb_spans spans = {0};
    size_t n, first, last;
    pack_register_words(engine, pack);
    post_prepare(engine, NULL, text, len, 0, &post, NULL, &first, &last);
    scan_start(&s, engine, pack, &post, NULL, NULL, first, last);
    rule_spans(&s, rule, &spans);
    n = spans.n;
    if (n && rule_disagreed(&s, rule, rule->kind != MATCH_MODEL, rule->kind == MATCH_MODEL))
        n = 0;
    spans_free(&spans);
    scan_free(&s);
    post_free(&post);
    return n;
}
