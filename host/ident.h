/* ident.h: the built-in identifier detectors (`"match": {"identifier": …}` and `id:…` cues).
 *
 * Each detector is a regular expression that finds candidates plus, where the identifier has one, a
 * real validation: NHS numbers must pass the mod-11 checksum and not be a repdigit, phone numbers must
 * have a UK number's length, a date of birth must be a date near a birth cue. A candidate that fails
 * validation is not an identifier, which is what keeps the checker quiet about order numbers.
 *
 * The expressions are compiled on first use and shared; ident_cleanup frees them at exit.
 */
#ifndef NB_IDENT_H
#define NB_IDENT_H

#include <stddef.h>
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
    IDENT_COUNT
} nb_ident;

/* The detector called `name` (as in docs/pack-format.md), or -1. */
int ident_lookup(const char *name);
const char *ident_name(nb_ident kind);
/* Appends the byte spans of every `kind` identifier in text (sanitised UTF-8) to out. */
size_t ident_find(nb_ident kind, const char *text, size_t len, const nb_tokens *tokens, nb_spans *out);
/* 1 when the ten digits pass the NHS mod-11 checksum and are not all the same digit. */
int ident_nhs_number_valid(const char digits[10]);
void ident_cleanup(void);

#endif
