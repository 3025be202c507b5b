/* ident.c: identifier detectors (see ident.h). */
#include <stdlib.h>
#include <string.h>
#include "ident.h"
#include "regex.h"

#define MONTH "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
              "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#define DAY "(?:0?[1-9]|[12][0-9]|3[01])"
#define ND "[0-9\\x{FF10}-\\x{FF19}]"
/* Chunks of text before an edit that a rescan starts back from: more than any expression reads. */
#define IDENT_WINDOW_CHUNKS 24
/* Words within this many tokens of a date make it a date of birth. */
#define DOB_CUE_DISTANCE 6

static const char *const names[IDENT_COUNT] = {
    "nhs-number", "hospital-number", "nino", "postcode", "dob", "date", "phone", "email", "person-name", "age",
    "street-address"
};

/* IDENT_DOB reuses the date expression; its slot holds the birth cues. */
static const char *const patterns[IDENT_COUNT] = {
    /* 3-3-4 with spaces (non-breaking too, via \h), 3-3-4 with dashes, or a run of ten; fullwidth
     * digits too, as pasted from East Asian input methods. */
    "(?<![0-9A-Za-z])(?<!\\+44\\h)(?<![0-9][\\h-])"
    "(" ND "{3}\\h+" ND "{3}\\h+" ND "{4}|" ND "{3}-" ND "{3}-" ND "{4}|" ND "{10})(?![0-9A-Za-z]|[\\h-][0-9])",
    /* A letter prefix and 6-8 digits, unless the prefix is an IT service desk's (INC0048812 is a
     * ticket, not a patient). */
    "\\b(?!(?:INC|REQ|CHG|PRB)[0-9])([A-Z]{1,3}[0-9]{6,8})\\b|"
    "(?i:\\b(?:hospital|unit|hosp|patient|case)\\h+(?:number|no\\.?|num)|\\bMRN)"
    "\\h*[:#]?\\h*([A-Z]{0,3}[0-9]{5,10})\\b",
    "\\b((?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\\h?[0-9]{2}\\h?[0-9]{2}\\h?[0-9]{2}\\h?[A-D])\\b",
    "(?i)\\b((?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|"
    "[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])\\h?[0-9][ABD-HJLNP-UW-Z]{2})\\b",
    "(?i)\\b(?:dob|d\\.o\\.b|born|birth|birthday|bday|aged?)\\b",
    "(?i)\\b(" DAY "[/.\\-](?:0?[1-9]|1[0-2])[/.\\-](?:19|20)?[0-9]{2}|(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-" DAY
    "|" DAY "(?:st|nd|rd|th)?\\h+(?:of\\h+)?" MONTH "\\b\\.?(?:,?\\h+(?:19|20)[0-9]{2}\\b)?"
    "|" MONTH "\\.?\\h+" DAY "(?:st|nd|rd|th)?\\b(?:,?\\h+(?:19|20)[0-9]{2}\\b)?)(?![0-9])",
    "(?<![0-9A-Za-z+])(\\+44\\h?(?:\\(0\\)\\h?)?(?:[0-9][\\h-]?){9}[0-9]|\\(0[0-9]{2,4}\\)\\h?(?:[0-9][\\h-]?){5,7}[0-9]"
    "|0(?:[0-9][\\h-]?){9}[0-9])(?![0-9])",
    "\\b([A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,})\\b",
    "\\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\\.?\\h+\\p{Lu}[\\p{Ll}'\\x{2019}\\-]+(?:\\h+\\p{Lu}[\\p{Ll}'\\x{2019}\\-]+)?",
    "(?i)\\b([0-9]{1,3}\\h*(?:-\\h*)?(?:years?|yrs?)[\\h-]*old|aged\\h+[0-9]{1,3}|[0-9]{1,3}\\h*(?:yo|y/o)(?![A-Za-z]))",
    /* A house number, one to three capitalised words and a street word: "14 Orchard Rise", "3 Lime Tree
     * Close". Capitals keep out "5 minutes down the road"; the street word may be in any case. */
    "\\b[0-9]{1,4}[A-Za-z]?,?\\h{1,3}(?:\\p{Lu}[\\p{Ll}'\\x{2019}\\-]+\\h{1,3}){1,3}"
    "(?i:road|rd|street|st|avenue|ave|lane|close|drive|court|crescent|grove|gardens|place|rise|way|terrace|walk|"
    "mews|square|row|hill|view|green|park|fields|croft|chase|parade|vale)\\b"
};

static nb_regex *compiled[IDENT_COUNT];

int ident_lookup(const char *name)
{
    int i;
    for (i = 0; i < IDENT_COUNT; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

const char *ident_name(nb_ident kind) { return names[kind]; }

static nb_regex *detector(nb_ident kind)
{
    if (!compiled[kind]) {
        nb_error error;
        compiled[kind] = regex_new(patterns[kind], &error);
        if (!compiled[kind]) abort();   /* a built-in expression that does not compile is a build bug */
    }
    return compiled[kind];
}

void ident_cleanup(void)
{
    int i;
    for (i = 0; i < IDENT_COUNT; i++) {
        regex_free(compiled[i]);
        compiled[i] = NULL;
    }
}

int ident_nhs_number_valid(const char d[10])
{
    int i, sum = 0, check, same = 1;
    for (i = 0; i < 10; i++) {
        if (d[i] < '0' || d[i] > '9') return 0;
        if (d[i] != d[0]) same = 0;
    }
    if (same) return 0;
    for (i = 0; i < 9; i++) sum += (d[i] - '0') * (10 - i);
    check = 11 - sum % 11;
    if (check == 11) check = 0;
    return check != 10 && check == d[9] - '0';
}

/* Copies up to cap digits of the span (ASCII or fullwidth, as ASCII) into out; returns how many
 * digits the span has. */
static size_t span_digits(const char *text, nb_span s, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = 0, i;
    for (i = s.start; i < s.end; i++) {
        char d = 0;
        if (u[i] >= '0' && u[i] <= '9') d = (char)u[i];
        else if (u[i] == 0xEF && i + 2 < s.end && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99) {
            d = (char)('0' + u[i + 2] - 0x90);   /* U+FF10..U+FF19 */
            i += 2;
        }
        if (!d) continue;
        if (n < cap) out[n] = d;
        n++;
    }
    return n;
}

static int nhs_candidate_valid(const char *text, nb_span s)
{
    char d[10];
    return span_digits(text, s, d, 10) == 10 && ident_nhs_number_valid(d);
}

/* A UK number: +44 then ten digits, or 0 then ten digits not starting 0. */
static int phone_candidate_valid(const char *text, nb_span s)
{
    char d[16];
    size_t n = span_digits(text, s, d, sizeof d);
    if (text[s.start] == '+') {
        int bracket_zero = memchr(text + s.start, '(', s.end - s.start) != NULL;
        return n == 12u + (size_t)bracket_zero;
    }
    return n == 11 && d[0] == '0' && d[1] != '0';
}

/* Keeps the spans from `from` on that pass `valid`. */
static void spans_filter(nb_spans *out, size_t from, const char *text, int (*valid)(const char *, nb_span))
{
    size_t i, kept = from;
    for (i = from; i < out->n; i++)
        if (valid(text, out->v[i])) out->v[kept++] = out->v[i];
    out->n = kept;
}

static int near_cue(const nb_tokens *tokens, nb_span date, const nb_spans *cues)
{
    size_t df, dl, i;
    if (!tokens_range(tokens, date.start, date.end, &df, &dl)) return 0;
    for (i = 0; i < cues->n; i++) {
        size_t cf, cl;
        if (!tokens_range(tokens, cues->v[i].start, cues->v[i].end, &cf, &cl)) continue;
        if ((cl < df && df - cl <= DOB_CUE_DISTANCE) || (cf > dl && cf - dl <= DOB_CUE_DISTANCE) ||
            (cf <= dl && cl >= df))
            return 1;
    }
    return 0;
}

/* What the text holds that expressions need, found in one pass and kept with the text's scans:
 * every kind but names and birth cues needs a digit (ASCII, or fullwidth: EF BC 90-99), a hospital
 * number five ASCII digits in a row and an email address an '@'. Most posts have none of them, and
 * one pass is far cheaper than a regex pass, or a pass per kind. */
enum {
    CLUES_KNOWN = 1,
    CLUE_DIGIT = 2,
    CLUE_DIGIT_RUN = 4,
    CLUE_AT = 8,
};

static unsigned clues_find(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    unsigned clues = CLUES_KNOWN;
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        if (u[i] >= '0' && u[i] <= '9') {
            clues |= CLUE_DIGIT;
            if (++run == 5) clues |= CLUE_DIGIT_RUN;
            continue;
        }
        run = 0;
        if (u[i] == '@') clues |= CLUE_AT;
        else if (u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99)
            clues |= CLUE_DIGIT;
    }
    return clues;
}

static unsigned text_clues(const char *text, size_t len, nb_ident_scans *now)
{
    if (!now->clues) now->clues = clues_find(text, len);
    return now->clues;
}

/* Can the text hold a match of this kind's expression at all? */
static int ident_possible(nb_ident kind, const char *text, size_t len, nb_ident_scans *now)
{
    if (kind == IDENT_PERSON_NAME || kind == IDENT_DOB) return 1;
    if (kind == IDENT_EMAIL) return (text_clues(text, len, now) & CLUE_AT) != 0;
    if (kind == IDENT_HOSPITAL_NUMBER) return (text_clues(text, len, now) & CLUE_DIGIT_RUN) != 0;
    return (text_clues(text, len, now) & CLUE_DIGIT) != 0;
}

/* A postcode has a digit one or two letters in (M1, SW1A); a National Insurance number two letters
 * and perhaps a space (a horizontal space is up to 3 bytes) in: only those starts are tried. */
static const size_t digits_min[IDENT_COUNT] = { [IDENT_POSTCODE] = 1, [IDENT_NINO] = 2 };
static const size_t digits_max[IDENT_COUNT] = { [IDENT_POSTCODE] = 2, [IDENT_NINO] = 5 };

/* What kind's expression matches in text, scanned once per text. */
static const nb_matches *kind_matches(nb_ident kind, const char *text, size_t len, const nb_ident_scans *before,
                                      const nb_edit *edit, nb_ident_scans *now)
{
    nb_matches *m = &now->found[kind];
    unsigned bit = 1u << kind;
    if (now->scanned & bit) return m;
    now->scanned |= bit;
    if (!ident_possible(kind, text, len, now)) return m;
    if (before && edit && (before->scanned & bit) && !before->found[kind].gave_up)
        recheck_matches(detector(kind), text, len, &before->found[kind], edit,
                        recheck_back_chunks(text, edit->prefix, IDENT_WINDOW_CHUNKS, 0), digits_min[kind],
                        digits_max[kind], m);
    else
        regex_scan(detector(kind), text, len, 0, REGEX_SCAN_DONE, digits_min[kind], digits_max[kind], m);
    return m;
}

static void spans_push_matches(nb_spans *out, const nb_matches *m)
{
    size_t i;
    for (i = 0; i < m->n; i++) spans_push(out, m->v[i].span.start, m->v[i].span.end);
}

static void find_dates_of_birth(const char *text, size_t len, const nb_tokens *tokens, const nb_ident_scans *before,
                                const nb_edit *edit, nb_ident_scans *now, nb_spans *out)
{
    nb_spans cues = {0};
    size_t from = out->n, i, kept;
    if (!(text_clues(text, len, now) & CLUE_DIGIT)) return;   /* a date of birth is a date */
    spans_push_matches(&cues, kind_matches(IDENT_DOB, text, len, before, edit, now));
    if (cues.n == 0) return;
    spans_push_matches(out, kind_matches(IDENT_DATE, text, len, before, edit, now));
    for (i = kept = from; i < out->n; i++)
        if (near_cue(tokens, out->v[i], &cues)) out->v[kept++] = out->v[i];
    out->n = kept;
    spans_free(&cues);
}

size_t ident_find_in(nb_ident kind, const char *text, size_t len, const nb_tokens *tokens, const nb_ident_scans *before,
                     const nb_edit *edit, nb_ident_scans *now, nb_spans *out)
{
    size_t from = out->n;
    if (kind == IDENT_DOB) {
        find_dates_of_birth(text, len, tokens, before, edit, now, out);
        return out->n - from;
    }
    spans_push_matches(out, kind_matches(kind, text, len, before, edit, now));
    if (kind == IDENT_NHS_NUMBER) spans_filter(out, from, text, nhs_candidate_valid);
    if (kind == IDENT_PHONE) spans_filter(out, from, text, phone_candidate_valid);
    return out->n - from;
}

size_t ident_find(nb_ident kind, const char *text, size_t len, const nb_tokens *tokens, nb_spans *out)
{
    nb_ident_scans now = {0};
    size_t n = ident_find_in(kind, text, len, tokens, NULL, NULL, &now, out);
    ident_scans_free(&now);
    return n;
}

void ident_scans_free(nb_ident_scans *scans)
{
    size_t i;
    for (i = 0; i < IDENT_COUNT; i++) matches_free(&scans->found[i]);
    scans->scanned = 0;
    scans->clues = 0;
}
