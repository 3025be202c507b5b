/* pack.h: a policy pack, loaded, validated and compiled (docs/pack-format.md).
 *
 * pack_load parses the JSON, checks every field and compiles every rule, so a pack that loads can be
 * checked against without further errors; the first problem comes back as an nb_error whose text is
 * "rule ID: what is wrong" (or just what is wrong, outside rules) and whose line and column point into
 * the file. pack_error_format turns that into the "FILE:LINE:COL: …" line users see.
 *
 * A pack may inherit the rules of another (its "inherit" block): the loader loads that pack too, takes
 * over its compiled rules, re-points each at a section of the inheriting pack, and keeps the other pack's
 * JSON document alive for the strings that point into it (ancestors). Packs are found by id through the
 * shared files' find_pack, so only packs the host knows (the embedded ones) can be inherited from.
 *
 * The pack owns its JSON document, its ancestors' documents, every compiled rule and the phrase book
 * their phrase sets share (taken over with the inherited rules): pack_free releases everything.
 */
#ifndef NB_PACK_H
#define NB_PACK_H

#include <jansson.h>
#include "error.h"
#include "ident.h"
#include "model.h"
#include "phrase.h"
#include "regex.h"

typedef enum nb_severity { SEVERITY_SUGGESTION, SEVERITY_WARNING, SEVERITY_ERROR } nb_severity;
typedef enum nb_match_kind { MATCH_PHRASES, MATCH_PATTERN, MATCH_IDENTIFIER, MATCH_MODEL } nb_match_kind;

#define CUES_WITHIN_POST (-1)

/* Things that must appear near a match (`near`), or that cancel it (`unless`). */
typedef struct nb_cues {
    nb_phrase_set *phrases;
    unsigned idents;        /* bit (1 << nb_ident) per `id:` cue */
    int within;             /* words either side, or CUES_WITHIN_POST */
} nb_cues;

typedef struct nb_section {
    const char *number, *title, *summary, *url;
} nb_section;

typedef struct nb_rule {
    size_t index;                    /* position in the pack: earlier rules win ties */
    const char *id, *category, *message;
    nb_severity severity;
    const nb_section *section;
    json_t *suggestions;             /* array of strings, borrowed from the pack document */
    json_t *flag_examples, *pass_examples;
    nb_match_kind kind;
    nb_phrase_set *phrases;
    nb_regex *pattern;
    nb_ident ident;
    int model_output;                /* the word model's output (model.h) */
    double model_above;              /* and the probability it must reach, from its "percent" */
    double doubt_share;              /* 0, or: withdrawn where the model puts the category under this
                                      * share of its prior (the rule's own "doubt_below_percent_of_prior",
                                      * else the pack's "model_doubt"; model_output set) */
    double doubt_floor;              /* and withdrawn under this probability too (the pack's
                                      * "below_percent"; 0 for none) */
    float *agree;                    /* NULL, or the pack's "model_agree" weights for the rule's category
                                      * (model_agreement): owned, and moved with the rule when inherited */
    double agree_above;              /* the warning is withdrawn where the agreement is under this */
    int asks_model;                  /* an identifier rule below error that the agreement may withdraw
                                      * (its "ask_model"; rule_certain) */
    nb_cues *near;
    size_t n_near;
    nb_cues unless;                  /* unless.phrases NULL and idents 0 when there is none */
    const json_t *replaces;          /* inherited rule ids this own rule stands in for, or NULL */
} nb_rule;

/* The text of a pack another may inherit from, and the name its errors are reported under. */
typedef struct nb_pack_text {
    const char *json;
    size_t len;
    const char *source;
} nb_pack_text;

/* The files every pack shares: lexicons, the spelling checker's healthcare words, the word model
 * (NULL: rules of kind model do not load), and the packs that can be inherited from (find_pack fills
 * text and returns 1 for a known id; NULL: none can be). */
typedef struct nb_shared {
    json_t *lexicons;
    char **words;                    /* lower case, sorted */
    size_t n_words;
    nb_model *model;                 /* owned */
    int (*find_pack)(const void *context, const char *id, nb_pack_text *text);
    const void *find_context;
} nb_shared;

typedef struct nb_pack {
    json_t *doc;
    json_t *ancestors;                     /* documents of the packs inherited from, or NULL */
    const char *id, *name, *organisation, *version, *document_url;
    nb_section *sections;
    size_t n_sections;
    const nb_section *spelling_section;   /* NULL: spelling warnings cite the pack with no section */
    nb_rule *rules;
    size_t n_rules;
    char **allow;                          /* lower case, sorted */
    size_t n_allow;
    const nb_shared *shared;
    nb_phrase_book *book;                  /* the words and lexicon expansions of its phrase sets */
    nb_phrase_index *phrases;              /* every phrase set of the pack, matched in one pass */
    int words_registered;                  /* its phrase words are known to the engine's word cache */
} nb_pack;

nb_pack *pack_load(const char *json, size_t len, const nb_shared *shared, nb_error *error);
void pack_free(nb_pack *pack);
/* 1 when spelling accepts the lower-case word in this pack (its allow list or the shared words). */
int pack_allows_word(const nb_pack *pack, const char *lower);
const char *severity_name(nb_severity severity);
int category_known(const char *category);
/* 1 for an error, or an identifier whose rule does not "ask_model": a rule whose warnings never ask the
 * model's second opinion, and keep their category's warnings from it ("model_agree"). */
int rule_certain(const nb_rule *rule);
void pack_error_format(const char *source, const nb_error *error, char *buf, size_t cap);

/* Shared files: lexicons JSON text and the word list (one a line). The caller may then give it a
 * word model, which shared_free frees. */
int shared_load(nb_shared *shared, const char *lexicons, size_t lexicons_len, const char *words,
                size_t words_len, nb_error *error);
void shared_free(nb_shared *shared);

#endif
