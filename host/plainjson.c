/* plainjson.c: plain JSON read without jansson's reader (see plainjson.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "plainjson.h"
#include "span.h"
#include "utf.h"

/* Deeper nesting than any pack has, well inside jansson's own limit. */
#define MAX_DEPTH 64
/* Integers of up to 15 digits cannot overflow; longer ones are left to jansson. */
#define MAX_DIGITS 15

typedef struct reader {
    const unsigned char *s;
    size_t len, pos;
    char *unescaped;         /* a string's text with \\ and \" undone, when it has them */
    size_t cap;
    const char *list_key;    /* plainjson_read_list: the top-level member handed to list_item */
    plainjson_item_fn list_item;
    void *list_ctx;
} reader;

static json_t *reader_value(reader *r, int depth);

size_t plainjson_space_end(const unsigned char *s, size_t len, size_t pos)
{
    while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) pos++;
    return pos;
}

static void reader_skip_space(reader *r) { r->pos = plainjson_space_end(r->s, r->len, r->pos); }

/* Steps over c, after any space; 0 when something else comes first. */
static int reader_take(reader *r, unsigned char c)
{
    reader_skip_space(r);
    if (r->pos >= r->len || r->s[r->pos] != c) return 0;
    r->pos++;
    return 1;
}

/* Undoes the \\ and \" escapes of text[0..n) into the reader's buffer. */
static const char *reader_unescape(reader *r, const char *text, size_t *n)
{
    size_t i, o = 0;
    r->unescaped = array_reserve(r->unescaped, &r->cap, *n, 1);
    for (i = 0; i < *n; i++) {
        if (text[i] == '\\') i++;
        r->unescaped[o++] = text[i];
    }
    *n = o;
    return r->unescaped;
}

#define BYTES_OF(c) (0x0101010101010101ULL * (c))

/* Whether any of eight bytes is a control character, non-ASCII, '"' or '\\': the bytes a string
 * scan must stop at. Each test is exact for "any byte": a borrow can only spread from a byte that
 * already matched. */
static int bytes_need_a_look(uint64_t v)
{
    uint64_t below_space = (v - BYTES_OF(0x20)) & ~v;
    uint64_t quote = v ^ BYTES_OF('"'), backslash = v ^ BYTES_OF('\\');
    quote = (quote - BYTES_OF(1)) & ~quote;
    backslash = (backslash - BYTES_OF(1)) & ~backslash;
    return ((below_space | quote | backslash | v) & BYTES_OF(0x80)) != 0;
}

static int byte_is_plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

/* A string literal in valid UTF-8 whose only escapes are \\ and \" (none at all in a key): its text
 * and length, valid until the next string is read; 0 for anything else. The model's file is mostly
 * such strings: stepping over eight plain bytes at a time takes its scan from 36 to 21 million
 * instructions, and the loading of packs and model from 100 to 85 million. */
static int reader_string(reader *r, int is_key, const char **text, size_t *n)
{
    size_t start;
    int escaped = 0;
    if (!reader_take(r, '"')) return 0;
    start = r->pos;
    while (r->pos < r->len && r->s[r->pos] != '"') {
        unsigned char c;
        size_t k;
        uint64_t eight;
        if (r->len - r->pos >= 8) {
            memcpy(&eight, r->s + r->pos, 8);
            if (!bytes_need_a_look(eight)) {
                r->pos += 8;
                continue;
            }
        }
        while (r->pos < r->len && byte_is_plain(r->s[r->pos])) r->pos++;
        if (r->pos >= r->len || (c = r->s[r->pos]) == '"') continue;
        if (c == '\\') {
            if (is_key || r->pos + 1 >= r->len || (r->s[r->pos + 1] != '\\' && r->s[r->pos + 1] != '"')) return 0;
            escaped = 1;
            r->pos += 2;
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
    if (escaped) *text = reader_unescape(r, *text, n);
    return 1;
}

/* An integer without sign tricks or leading zeros, short enough not to overflow. */
static json_t *reader_integer(reader *r)
{
    json_int_t value = 0;
    int negative = r->s[r->pos] == '-';
    size_t first;
    if (negative) r->pos++;
    first = r->pos;
    while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9') {
        if (r->pos - first == MAX_DIGITS) return NULL;
        value = value * 10 + (r->s[r->pos++] - '0');
    }
    if (r->pos == first || (r->s[first] == '0' && (r->pos - first > 1 || negative))) return NULL;
    if (r->pos < r->len && (r->s[r->pos] == '.' || r->s[r->pos] == 'e' || r->s[r->pos] == 'E')) return NULL;
    return json_integer(negative ? -value : value);
}

/* true, false or null. */
static json_t *reader_literal(reader *r)
{
    static const char *const words[] = { "true", "false", "null" };
    int i;
    for (i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (r->len - r->pos >= n && memcmp(r->s + r->pos, words[i], n) == 0) {
            r->pos += n;
            return i == 0 ? json_true() : i == 1 ? json_false() : json_null();
        }
    }
    return NULL;
}

/* The top-level member plainjson_read_list streams: an array of strings, each handed to list_item
 * as it is read; what stays in the document is an empty array. */
static json_t *reader_list(reader *r)
{
    const char *text;
    size_t n;
    json_t *empty;
    if (!reader_take(r, '[')) return NULL;
    if (!reader_take(r, ']')) {
        do {
            if (!reader_string(r, 0, &text, &n) || !r->list_item(r->list_ctx, text, n)) return NULL;
        } while (reader_take(r, ','));
        if (!reader_take(r, ']')) return NULL;
    }
    if (!(empty = json_array())) abort();
    return empty;
}

static int reader_is_list_key(const reader *r, int depth, const char *key, size_t n)
{
    return depth == 0 && r->list_key && strlen(r->list_key) == n && memcmp(r->list_key, key, n) == 0;
}

/* The members of an object whose '{' has been read. */
static json_t *reader_object(reader *r, int depth)
{
    json_t *object = json_object(), *value;
    const char *key;
    size_t n;
    if (!object) abort();
    if (reader_take(r, '}')) return object;
    do {
        if (!reader_string(r, 1, &key, &n) || !reader_take(r, ':') || json_object_getn(object, key, n) ||
            !(value = reader_is_list_key(r, depth, key, n) ? reader_list(r) : reader_value(r, depth + 1)))
            goto refuse;
        json_object_setn_new_nocheck(object, key, n, value);
    } while (reader_take(r, ','));
    if (reader_take(r, '}')) return object;
refuse:
    json_decref(object);
    return NULL;
}

/* The items of an array whose '[' has been read. */
static json_t *reader_array(reader *r, int depth)
{
    json_t *array = json_array(), *value;
    if (!array) abort();
    if (reader_take(r, ']')) return array;
    do {
        if (!(value = reader_value(r, depth + 1))) goto refuse;
        json_array_append_new(array, value);
    } while (reader_take(r, ','));
    if (reader_take(r, ']')) return array;
refuse:
    json_decref(array);
    return NULL;
}

static json_t *reader_value(reader *r, int depth)
{
    const char *text;
    size_t n;
    unsigned char c;
    reader_skip_space(r);
    if (r->pos >= r->len || depth > MAX_DEPTH) return NULL;
    c = r->s[r->pos];
    if (c == '"') return reader_string(r, 0, &text, &n) ? json_stringn_nocheck(text, n) : NULL;
    if (c == '-' || (c >= '0' && c <= '9')) return reader_integer(r);
    if (c != '{' && c != '[') return reader_literal(r);
    r->pos++;
    return c == '{' ? reader_object(r, depth) : reader_array(r, depth);
}

json_t *plainjson_read(const char *text, size_t len)
{
    return plainjson_read_list(text, len, NULL, NULL, NULL);
}

json_t *plainjson_read_list(const char *text, size_t len, const char *key, plainjson_item_fn item, void *ctx)
{
    reader r = { (const unsigned char *)text, len, 0, NULL, 0, key, item, ctx };
    json_t *doc = NULL;
    reader_skip_space(&r);
    if (r.pos < len && (text[r.pos] == '{' || text[r.pos] == '[')) doc = reader_value(&r, 0);
    reader_skip_space(&r);
    free(r.unescaped);
    if (doc && r.pos == len) return doc;
    json_decref(doc);
    return NULL;
}
