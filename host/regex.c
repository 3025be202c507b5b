/* regex.c: PCRE2 wrapper (see regex.h). */
#include <stdlib.h>
#include "regex.h"

/* ~100k steps stop catastrophic backtracking in about 0.1 ms (measured: ^(a+)+$ under JIT). */
#define MATCH_LIMIT 100000

struct nb_regex {
    pcre2_code *code;
    pcre2_match_data *data;
    pcre2_match_context *context;
    int jit;
    int groups;
};

nb_regex *regex_new(const char *pattern, nb_error *error)
{
    int code;
    PCRE2_SIZE offset;
    nb_regex *re = calloc(1, sizeof *re);
    uint32_t count = 0;
    if (!re) abort();
    re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_NO_UTF_CHECK, &code,
                             &offset, NULL);
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

size_t regex_find_all(nb_regex *re, const char *text, size_t len, nb_spans *out)
{
    size_t from = 0, before = out->n;
    while (from <= len) {
        PCRE2_SIZE *ov;
        if (match_at(re, text, len, from) < 0) break;
        ov = pcre2_get_ovector_pointer(re->data);
        if (ov[1] == ov[0]) {                 /* an empty match marks nothing */
            from = next_char(text, len, ov[0]);
            continue;
        }
        if (re->groups >= 1 && ov[2] != PCRE2_UNSET && ov[3] > ov[2]) spans_push(out, (uint32_t)ov[2], (uint32_t)ov[3]);
        else spans_push(out, (uint32_t)ov[0], (uint32_t)ov[1]);
        from = ov[1];
    }
    return out->n - before;
}

size_t regex_find_all_before_digits(nb_regex *re, const char *text, size_t len, size_t min, size_t max, nb_spans *out)
{
    size_t before = out->n, next = 0, d;   /* next: the first start not yet tried or passed */
    for (d = min; d < len; d++) {
        size_t c, last = d - min;
        if (text[d] < '0' || text[d] > '9') continue;
        c = d >= max ? d - max : 0;
        for (c = c < next ? next : c; c <= last; c++) {
            PCRE2_SIZE *ov;
            if (((unsigned char)text[c] & 0xC0) == 0x80) continue;   /* inside a character */
            if (pcre2_match(re->code, (PCRE2_SPTR)text, len, c, PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, re->data,
                            re->context) < 0)
                continue;
            ov = pcre2_get_ovector_pointer(re->data);
            if (ov[1] == ov[0]) continue;   /* an empty match marks nothing */
            if (re->groups >= 1 && ov[2] != PCRE2_UNSET && ov[3] > ov[2]) spans_push(out, (uint32_t)ov[2], (uint32_t)ov[3]);
            else spans_push(out, (uint32_t)ov[0], (uint32_t)ov[1]);
            next = ov[1];
            c = next - 1;
        }
        if (last + 1 > next) next = last + 1;
    }
    return out->n - before;
}
