/* model.h: the word model, a trained reading of how a post is told.
 *
 * Phrase and pattern rules catch the words someone wrote down; staff tell the same story, grievance or
 * insult in words nobody wrote down. The word model (packs/model/model.json, trained by
 * packs/model/train.js on the labelled corpus with general English as its counter-examples, see
 * docs/model.md) reads a post as a bag of its words, its pairs of words side by side or one word apart,
 * and long words' first letters, and gives it, for each category it was trained on, a probability by
 * logistic regression. A pack rule of kind `model`
 * (docs/pack-format.md) warns when that probability reaches its threshold, so every such warning still
 * cites the policy section of the rule that asked for it.
 *
 * The model reads the checker's own tokens (tokens.h): lower case, digits read as 0, links left out;
 * and, unlike phrases, emoji, each a word of its own, since an eye-roll or a snowflake says as much in
 * a post as a word does. model_words gives that sequence and `noticeboard-host words` prints it, so
 * training sees exactly the words the host sees. A post longer than the model's window is read in
 * overlapping windows, because the weights were fitted on post-sized texts; each window is scored on
 * its own. A warning's span is the sentence of its window that adds most to the category's score,
 * which is where the card points.
 *
 * A pack may also let the model doubt its phrase and pattern rules (its "model_doubt", see
 * docs/pack-format.md): such a rule's warning is withdrawn where the words around it give the rule's
 * category less than a share of what no words at all would give (model_doubts): under 1, only words
 * against the category doubt it; over 1, the words must argue for it, and a floor can ask them to give
 * it at least so much outright. Errors are doubted only when the pack asks, at its own share of at
 * most 1. And a pack may ask for a second opinion on each category its warnings below error raise (its
 * "model_agree"): model_agreement weighs every output, not only the category's own, with what raised
 * the category, and a category it does not agree with loses those warnings.
 *
 * The host does not parse the built-in model at every start: at build time host/modelimage.c loads
 * model.json and writes its tables as one block of bytes (model_image_write), which is compiled into
 * the binary and used where it lies (model_view).
 *
 * Ownership: model_load or model_view, then model_free; model_read fills an nb_model_reading that
 * model_reading_free releases.
 */
#ifndef NB_MODEL_H
#define NB_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "error.h"
#include "span.h"
#include "tokens.h"

typedef struct nb_model nb_model;

/* One word of a post as the model read it. */
typedef struct nb_model_word {
    nb_span at;             /* its bytes in the text */
    int32_t unigram;        /* its row in the model, or -1 */
    int32_t prefix;         /* the row of its first letters when it is a long word, or -1 */
    int32_t bigram;         /* the row of it and the next word as a pair, or -1 */
    int32_t skip;           /* the row of it and the word after next as a pair ("swap _ shift"), or -1 */
    int opens;              /* 1 when it begins a sentence */
} nb_model_word;

/* A post as the model read it: its words (model_words) and every window's probability per output. */
typedef struct nb_model_reading {
    nb_model_word *words;
    size_t n_words, cap_words;
    nb_spans windows;       /* word ranges [start, end) */
    float *probability;     /* windows.n x outputs */
    double *log_odds;       /* per output, the log-odds of its highest probability over the windows,
                             * held between 0.1% and 99.9% (model_agreement reads them) */
} nb_model_reading;

/* Parses and validates model JSON; NULL with error (line and column into the JSON) when it is wrong. */
nb_model *model_load(const char *json, size_t len, nb_error *error);
/* Writes the model's names, biases and tables to out as an image for model_view; 0 when out fails. */
int model_image_write(const nb_model *model, FILE *out);
/* A model over an image model_image_write wrote, which must start on an 8-byte boundary and outlive
 * the model; NULL with error when it is not such an image. Its shape is checked, not every number:
 * images are written at build time from a model model_load validated. */
nb_model *model_view(const void *image, size_t len, nb_error *error);
void model_free(nb_model *model);
/* The output trained for a category name, or -1 when the model has none. */
int model_output(const nb_model *model, const char *name);
/* Writes the word the model reads for token (lower case, digits as 0) into buf, NUL-terminated;
 * returns its length, or 0 for a link or a word that does not fit in cap. */
size_t model_word(const char *text, const nb_token *token, char *buf, size_t cap);
/* Called for each word the model reads, in order: the word (not NUL-terminated), its bytes in the
 * text, and 1 when it begins a sentence. */
typedef void (*model_word_fn)(void *ctx, const char *word, size_t len, nb_span at, int opens);
/* The words of text (NUL-terminated, valid UTF-8) that the model reads: each token's model_word, and
 * each pictograph between tokens (utf_is_pictograph) as itself. */
void model_words(const char *text, const nb_tokens *tokens, model_word_fn fn, void *ctx);
void model_read(const nb_model *model, const char *text, const nb_tokens *tokens, nb_model_reading *reading);
/* Appends to out one byte span per window whose probability for output reaches `above`: the
 * sentence of that window that adds most to the output's score. */
void model_spans(const nb_model *model, const nb_model_reading *reading, int output, double above, nb_spans *out);
/* 1 when every window holding the byte span gives output a probability under `share` of the one it
 * gives a post with no words, or under `least` (0 for none): at a share up to 1 the words around the
 * span argue against the category; above 1, or under the floor, they fail to argue for it strongly
 * enough. */
int model_doubts(const nb_model *model, const nb_model_reading *reading, int output, double share, double least,
                 nb_span span);
/* How many outputs the model has. */
size_t model_outputs(const nb_model *model);
/* model_agreement's weights: bias, rule, model and length, then one per output. */
#define MODEL_AGREE_FIXED 4
/* The model's second opinion on a category a warning was raised in: the logistic of weights[0] +
 * weights[1] * rule + weights[2] * model + weights[3] * ln(1 + words the post has) + the sum over every
 * output j of weights[MODEL_AGREE_FIXED + j] times j's log-odds (its highest over the post's windows,
 * held between 0.1% and 99.9%). rule is 1 when a phrase or pattern rule warns in the category, model
 * when a model rule does. A category the words give little is not all the model knows: a grievance
 * that also reads strongly as a story about a patient is less often a grievance (docs/model.md). */
double model_agreement(const nb_model *model, const nb_model_reading *reading, const float *weights, int rule,
                       int model_warns);
void model_reading_free(nb_model_reading *reading);

#endif
