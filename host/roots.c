/* roots.c: undoing English inflections to reach a phrase word (see roots.h). */
#include <string.h>
#include "roots.h"
#include "tokens.h"

/* Longer than this, a word is no inflection of a phrase word. */
#define MAX_ROOT_BYTES 64

typedef struct ending {
    const char *suffix, *replace;
    size_t min_stem;   /* bytes the word keeps before the replacement: derived forms need a real stem */
    int undouble;      /* "swapped" -> "swap": also drop one of a doubled final consonant */
} ending;

/* Inflections, then the derivations that stay near their root's meaning (rudely, sedation). -er wants
 * a long stem: "matter" is no form of "matt", "photographer" one of "photograph". */
static const ending ENDINGS[] = {
    { "ies", "y", 2, 0 }, { "ied", "y", 2, 0 }, { "s", "", 2, 0 }, { "es", "", 2, 0 },
    { "iest", "y", 2, 0 }, { "est", "", 4, 1 }, { "est", "e", 3, 0 },
    { "er", "", 5, 0 }, { "ers", "", 5, 0 }, { "er", "e", 4, 0 }, { "ers", "e", 4, 0 },
    { "ed", "", 2, 1 }, { "ed", "e", 2, 0 }, { "ing", "", 2, 1 }, { "ing", "e", 2, 0 },
    { "ly", "", 4, 0 }, { "ily", "y", 3, 0 }, { "ness", "", 4, 0 }, { "iness", "y", 3, 0 },
    { "ation", "", 4, 0 }, { "ation", "ate", 3, 0 }, { "ion", "", 4, 0 }, { "ion", "e", 4, 0 },
    { "ist", "", 4, 0 }, { "ist", "y", 4, 0 },
};

typedef struct search {
    nb_root_known known;
    const void *words;
    uint64_t best;
    size_t best_len;   /* 0 until a phrase word is found */
} search;

/* The longest root found wins: "timed" is "time" rather than "tim", "nurses" "nurse" rather than "nurs". */
static void search_try(search *s, const char *word, size_t len)
{
    uint64_t h;
    if (len < 2 || len <= s->best_len) return;
    h = hash_bytes(word, len);
    if (s->known(s->words, h)) {
        s->best = h;
        s->best_len = len;
    }
}

/* Tries word minus `cut` bytes plus `replace`, and with undouble the same minus one of a doubled
 * final consonant. */
static void search_ending(search *s, const char *word, size_t len, const ending *e)
{
    char buf[MAX_ROOT_BYTES + 8];
    size_t cut = strlen(e->suffix), stem = len - cut, add = strlen(e->replace);
    if (len < cut + e->min_stem || memcmp(word + stem, e->suffix, cut) != 0) return;
    memcpy(buf, word, stem);
    memcpy(buf + stem, e->replace, add);
    search_try(s, buf, stem + add);
    if (e->undouble && stem >= 3 && word[stem - 1] == word[stem - 2] && !strchr("aeiou", word[stem - 1]))
        search_try(s, buf, stem - 1);
}

/* Every candidate of a word with no possessive ending: each ending undone. */
static void search_inflections(search *s, const char *word, size_t len)
{
    size_t i;
    for (i = 0; i < sizeof ENDINGS / sizeof ENDINGS[0]; i++) search_ending(s, word, len, &ENDINGS[i]);
}

uint64_t roots_find(const char *lower, size_t len, nb_root_known known, const void *words)
{
    search s;
    s.known = known;
    s.words = words;
    s.best = 0;
    s.best_len = 0;
    if (len > MAX_ROOT_BYTES) return hash_bytes(lower, len);
    search_inflections(&s, lower, len);
    /* "patient's", "nurses'": the possessive goes, then any plural under it. */
    if (len > 3 && lower[len - 2] == '\'' && lower[len - 1] == 's') {
        search_try(&s, lower, len - 2);
        search_inflections(&s, lower, len - 2);
    } else if (len > 3 && lower[len - 1] == '\'') {
        search_try(&s, lower, len - 1);
        search_inflections(&s, lower, len - 1);
    }
    return s.best_len ? s.best : hash_bytes(lower, len);
}
