/* check.h: checking one post against one pack.
 *
 * The engine holds what every check shares: the pack library, the dictionary and the word cache. A
 * check sanitises the post once, splits it into tokens once, runs every rule of the pack over them,
 * applies `near` and `unless`, merges overlapping warnings of one category (the highest severity, then
 * the rule listed first, wins: docs/pack-format.md) and adds spelling warnings once the dictionary has
 * loaded (until then the post says spelling_pending and carries none). The post keeps its
 * sanitised text, its UTF-16 offset table and its warnings sorted by start, for report.h to print.
 *
 * The engine may keep one checked post (post_keep): the next check then redoes tokenising, the
 * identifier expressions, the pack's patterns and its phrases only around what changed since
 * (recheck.h), with the same result.
 *
 * Ownership: engine_new/engine_free; a post is filled by check_post and released by post_free, or
 * handed to the engine by post_keep.
 */
#ifndef NB_CHECK_H
#define NB_CHECK_H

#include <jansson.h>
#include "ident.h"
#include "library.h"
#include "speller.h"
#include "tokens.h"
#include "wordcache.h"

typedef struct nb_post nb_post;

/* What each pattern rule of the post's pack matched in it, by the rule's place in the pack. */
typedef struct nb_pattern_scans {
    nb_matches *found;
    unsigned char *scanned;
    size_t n;
} nb_pattern_scans;

typedef struct nb_engine {
    nb_library *library;
    nb_speller *speller;
    nb_wordcache *words;
    nb_post *kept;                      /* the post post_keep was last given, or NULL */
} nb_engine;

typedef struct nb_options {
    int spelling;                       /* 0 turns spelling warnings off */
    const json_t *disabled_rules;       /* array of rule ids, or NULL */
    const json_t *disabled_categories;  /* array of categories, or NULL */
} nb_options;

typedef struct nb_warning {
    const nb_rule *rule;                /* NULL for a spelling warning */
    nb_severity severity;
    const char *category;
    uint32_t start, end;                /* bytes of the sanitised text */
} nb_warning;

struct nb_post {
    char *text;                         /* sanitised, NUL-terminated */
    size_t len;
    uint32_t *utf16;                    /* utf_map_utf16 of text */
    nb_tokens tokens;
    const nb_pack *pack;                /* what it was checked against */
    int spelled;                        /* the tokens' spelling verdicts were looked up */
    unsigned roots_generation;          /* wordcache_generation their roots were found in */
    nb_ident_scans idents;              /* what the identifier expressions matched */
    nb_pattern_scans patterns;          /* and the pack's patterns */
    nb_spans *phrases;                  /* matches of each of the pack's phrase sets, by phrase_set_id */
    size_t n_phrases;
    nb_warning *warnings;
    size_t n_warnings, cap_warnings;
    int spelling_pending;               /* spelling was wanted but the dictionary is still loading */
};

/* Starts loading the dictionary in the background; NULL with error when the embedded packs are broken. */
nb_engine *engine_new(const char *dict_dir, const char *binary_dir, nb_error *error);
/* free_dictionary: see speller_free. */
void engine_free(nb_engine *engine, int free_dictionary);

void check_post(nb_engine *engine, nb_pack *pack, const char *text, size_t len, const nb_options *options,
                nb_post *post);
/* How many spans the rule on its own (with its near and unless, before merging) flags in text. */
size_t check_rule_alone(nb_engine *engine, nb_pack *pack, const nb_rule *rule, const char *text, size_t len);
void post_free(nb_post *post);
/* Releases the post, keeping what the next check can reuse (its text, tokens and identifier matches)
 * in the engine, in place of the post kept before. */
void post_keep(nb_engine *engine, nb_post *post);

#endif
