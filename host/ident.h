/* ident.h: the built-in identifier detectors (`"match": {"identifier": …}` and `id:…` cues).
 *
 * Each detector is a regular expression that finds candidates plus, where the identifier has one, a
 * real validation: NHS numbers must pass the mod-11 checksum and not be a repdigit, phone numbers must
 * have a UK number's length, a date of birth must be a date near a birth cue. A candidate that fails
 * validation is not an identifier, which is what keeps the checker quiet about order numbers.
 *
 * The expressions are compiled on first use and shared; ident_cleanup frees them at exit.
 *
 * A re-check after an edit re-runs each expression only over a window around it (ident_find_in): no
 * expression can read across two dozen whitespace-separated chunks holding a letter or a digit (the
 * most, a phone number typed a digit at a time, reads thirteen), so what an attempt that
 * starts that far before the edit found still holds, and once the new scan stands past the edit
 * where the old one stood, the rest is the old scan's, moved by the edit's change in length.
 */
#ifndef NB_IDENT_H
#define NB_IDENT_H

#include <stddef.h>
#include "recheck.h"
#include "regex.h"
#include "span.h"
#include "tokens.h"

typedef enum nb_ident {
    IDENT_NHS_NUMBER,
    IDENT_HOSPITAL_NUMBER,
    IDENT_NINO,
    IDENT_POSTCODE,
    IDENT_DOB,
    IDENT_DATE,
    IDENT_PHONE,
    IDENT_EMAIL,
    IDENT_PERSON_NAME,
    IDENT_AGE,
    IDENT_STREET_ADDRESS,
    IDENT_COUNT
} nb_ident;

/* The detector called `name` (as in docs/pack-format.md), or -1. */
int ident_lookup(const char *name);
const char *ident_name(nb_ident kind);
/* What each expression matched in one text, kept so the text after an edit is rescanned only near it. */
typedef struct nb_ident_scans {
    nb_matches found[IDENT_COUNT];   /* by the kind whose expression it is (IDENT_DOB: the birth cues) */
    unsigned scanned;                /* a bit per kind: found holds its expression's matches */
    unsigned clues;                  /* what the text holds that expressions need (ident.c), once known */
} nb_ident_scans;

/* Appends the byte spans of every `kind` identifier in text (sanitised UTF-8) to out. */
size_t ident_find(nb_ident kind, const char *text, size_t len, const nb_tokens *tokens, nb_spans *out);
/* The same, keeping the expressions' matches in `now` (which reuses them within one text) and, when
 * `before` holds the scans of the text that `edit` turned into this one, rescanning only near it. */
size_t ident_find_in(nb_ident kind, const char *text, size_t len, const nb_tokens *tokens, const nb_ident_scans *before,
                     const nb_edit *edit, nb_ident_scans *now, nb_spans *out);
void ident_scans_free(nb_ident_scans *scans);
/* 1 when the ten digits pass the NHS mod-11 checksum and are not all the same digit. */
int ident_nhs_number_valid(const char digits[10]);
void ident_cleanup(void);

#endif
