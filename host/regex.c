/* regex.c: PCRE2 wrapper (see regex.h). */
#include <stdlib.h>
#include "reach.h"
#include "regex.h"

/* ~100k steps stop catastrophic backtracking in about 0.1 ms (measured: ^(a+)+$ under JIT). */
#define MATCH_LIMIT 100000

struct nb_regex {
    pcre2_code *code;
    pcre2_match_data *data;
    pcre2_match_context *context;
    int jit;
    int groups;
    size_t spaces;   /* reach_spaces of the pattern */
};

nb_regex *regex_new(const char *pattern, nb_error *error)
{
    int code;
    PCRE2_SIZE offset;
    nb_regex *re = calloc(1, sizeof *re);
    uint32_t count = 0;
    if (!re) abort();
    /* The offset limit lets a scan of part of a text stop searching where that part ends. */
    re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_USE_OFFSET_LIMIT, &code, &offset, NULL);
    if (!re->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(code, message, sizeof message);
        error_set(error, 0, (int)offset + 1, "pattern does not compile at offset %d: %s", (int)offset, message);
        free(re);
        return NULL;
    }
    re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
    re->data = pcre2_match_data_create_from_pattern(re->code, NULL);
    re->context = pcre2_match_context_create(NULL);
    if (!re->data || !re->context) abort();
    pcre2_set_match_limit(re->context, MATCH_LIMIT);
    pcre2_set_depth_limit(re->context, MATCH_LIMIT / 10);
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &count);
    re->groups = (int)count;
    re->spaces = reach_spaces(pattern);
    return re;
}

void regex_free(nb_regex *re)
{
    if (!re) return;
    pcre2_match_context_free(re->context);
    pcre2_match_data_free(re->data);
    pcre2_code_free(re->code);
    free(re);
}

static int match_at(nb_regex *re, const char *text, size_t len, size_t from)
{
    if (re->jit)
        return pcre2_jit_match(re->code, (PCRE2_SPTR)text, len, from, 0, re->data, re->context);
    return pcre2_match(re->code, (PCRE2_SPTR)text, len, from, PCRE2_NO_UTF_CHECK, re->data, re->context);
}

/* The byte after the character at pos, so an empty match never loops. */
static size_t next_char(const char *text, size_t len, size_t pos)
{
    pos++;
    while (pos < len && ((unsigned char)text[pos] & 0xC0) == 0x80) pos++;
    return pos;
}

static void match_record(const nb_regex *re, nb_matches *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->data);
    nb_match *m;
    out->v = array_reserve(out->v, &out->cap, out->n + 1, sizeof *out->v);
    m = &out->v[out->n++];
    m->start = (uint32_t)ov[0];
    m->end = (uint32_t)ov[1];
    if (re->groups >= 1 && ov[2] != PCRE2_UNSET && ov[3] > ov[2]) m->span.start = (uint32_t)ov[2], m->span.end = (uint32_t)ov[3];
    else m->span.start = m->start, m->span.end = m->end;
}

/* A search from `from`: pcre2 tries every start in order, up to `stop` (without it, a search near
 * the end of a part of the text would go on to the next match however far away). */
static size_t scan_every_start(nb_regex *re, const char *text, size_t len, size_t from, size_t stop, nb_matches *out)
{
    size_t at = REGEX_SCAN_DONE;
    pcre2_set_offset_limit(re->context, stop < len ? stop : PCRE2_UNSET);
    while (from <= len) {
        PCRE2_SIZE *ov;
        int rc;
        if (from >= stop) {
            at = from;
            break;
        }
        rc = match_at(re, text, len, from);
        if (rc == PCRE2_ERROR_NOMATCH && stop < len) {
            at = stop;
            break;
        }
        if (rc < 0) {
            out->gave_up = rc != PCRE2_ERROR_NOMATCH;
            break;
        }
        ov = pcre2_get_ovector_pointer(re->data);
        if (ov[0] >= stop) {
            at = stop;
            break;
        }
        if (ov[1] == ov[0]) {                 /* an empty match marks nothing */
            from = next_char(text, len, ov[0]);
            continue;
        }
        match_record(re, out);
        from = ov[1];
    }
    pcre2_set_offset_limit(re->context, PCRE2_UNSET);
    return at;
}

/* Anchored attempts at the starts min to max bytes before each digit; `next` is the first start not
 * yet tried or passed. Starts with no digit in reach cannot match, so skipping them is trying them. */
static size_t scan_before_digits(nb_regex *re, const char *text, size_t len, size_t from, size_t stop, size_t min,
                                 size_t max, nb_matches *out)
{
    size_t next = from, d;
    for (d = from + min; d < len; d++) {
        size_t c, last = d - min;
        if (text[d] < '0' || text[d] > '9') continue;
        c = d >= max ? d - max : 0;
        for (c = c < next ? next : c; c <= last; c++) {
            PCRE2_SIZE *ov;
            int rc;
            if (c >= stop) return c;
            if (((unsigned char)text[c] & 0xC0) == 0x80) continue;   /* inside a character */
            rc = pcre2_match(re->code, (PCRE2_SPTR)text, len, c, PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, re->data,
                             re->context);
            if (rc < 0) continue;
            ov = pcre2_get_ovector_pointer(re->data);
            if (ov[1] == ov[0]) continue;   /* an empty match marks nothing */
            match_record(re, out);
            next = ov[1];
            c = next - 1;
        }
        if (last + 1 > next) next = last + 1;
    }
    return REGEX_SCAN_DONE;
}

size_t regex_scan(nb_regex *re, const char *text, size_t len, size_t from, size_t stop, size_t min, size_t max,
                  nb_matches *out)
{
    if (max > 0) return scan_before_digits(re, text, len, from, stop, min, max, out);
    return scan_every_start(re, text, len, from, stop, out);
}

/* Appends the spans of a whole scan to out. */
static size_t find_spans(nb_regex *re, const char *text, size_t len, size_t min, size_t max, nb_spans *out)
{
    nb_matches found = {0};
    size_t i;
    regex_scan(re, text, len, 0, REGEX_SCAN_DONE, min, max, &found);
    for (i = 0; i < found.n; i++) spans_push(out, found.v[i].span.start, found.v[i].span.end);
    matches_free(&found);
    return i;
}

size_t regex_find_all(nb_regex *re, const char *text, size_t len, nb_spans *out)
{
    return find_spans(re, text, len, 0, 0, out);
}

size_t regex_find_all_before_digits(nb_regex *re, const char *text, size_t len, size_t min, size_t max, nb_spans *out)
{
    return find_spans(re, text, len, min, max, out);
}

size_t regex_lookbehind_bytes(const nb_regex *re)
{
    uint32_t chars = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND, &chars);
    return (size_t)chars * 4;   /* a character is at most four bytes of UTF-8 */
}

size_t regex_reach_spaces(const nb_regex *re) { return re->spaces; }

void matches_free(nb_matches *matches)
{
    free(matches->v);
    matches->v = NULL;
    matches->n = matches->cap = 0;
    matches->gave_up = 0;
}
