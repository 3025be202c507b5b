/* lexicons.c: an object of arrays of strings read without jansson's reader (see lexicons.h). */
#include <stdlib.h>
#include "lexicons.h"
#include "utf.h"

typedef struct reader {
    const unsigned char *s;
    size_t len, pos;
} reader;

static void reader_skip_space(reader *r)
{
    while (r->pos < r->len &&
           (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' || r->s[r->pos] == '\n' || r->s[r->pos] == '\r'))
        r->pos++;
}

/* Steps over c, after any space; 0 when something else comes first. */
static int reader_take(reader *r, unsigned char c)
{
    reader_skip_space(r);
    if (r->pos >= r->len || r->s[r->pos] != c) return 0;
    r->pos++;
    return 1;
}

/* A string literal with no escapes and valid UTF-8: its text (without quotes) and length; 0 otherwise. */
static int reader_string(reader *r, const char **text, size_t *n)
{
    size_t start;
    if (!reader_take(r, '"')) return 0;
    start = r->pos;
    while (r->pos < r->len && r->s[r->pos] != '"') {
        unsigned char c = r->s[r->pos];
        size_t k;
        if (c >= 0x20 && c < 0x80 && c != '\\') {
            r->pos++;
            continue;
        }
        k = c < 0x80 ? 0 : utf_sequence_length(r->s + r->pos, r->len - r->pos);
        if (!k) return 0;
        r->pos += k;
    }
    if (r->pos >= r->len) return 0;
    *text = (const char *)r->s + start;
    *n = r->pos - start;
    r->pos++;
    return 1;
}

/* An array of such strings, or NULL. */
static json_t *reader_list(reader *r)
{
    json_t *list = json_array();
    const char *text;
    size_t n;
    if (!list) abort();
    if (!reader_take(r, '[')) goto refuse;
    if (reader_take(r, ']')) return list;
    do {
        if (!reader_string(r, &text, &n)) goto refuse;
        json_array_append_new(list, json_stringn_nocheck(text, n));
    } while (reader_take(r, ','));
    if (reader_take(r, ']')) return list;
refuse:
    json_decref(list);
    return NULL;
}

json_t *lexicons_parse(const char *json, size_t len)
{
    reader r = { (const unsigned char *)json, len, 0 };
    json_t *lexicons = json_object(), *list;
    const char *name;
    size_t n;
    if (!lexicons) abort();
    if (!reader_take(&r, '{')) goto refuse;
    if (!reader_take(&r, '}')) {
        do {
            if (!reader_string(&r, &name, &n) || !reader_take(&r, ':') || json_object_getn(lexicons, name, n) ||
                !(list = reader_list(&r)))
                goto refuse;
            json_object_setn_new_nocheck(lexicons, name, n, list);
        } while (reader_take(&r, ','));
        if (!reader_take(&r, '}')) goto refuse;
    }
    reader_skip_space(&r);
    if (r.pos == r.len) return lexicons;
refuse:
    json_decref(lexicons);
    return NULL;
}
