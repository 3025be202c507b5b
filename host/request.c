/* request.c: parsing a request frame, the post's text decoded here (see request.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "plainjson.h"
#include "request.h"
#include "utf.h"

/* The structure of the frame, as far as the fast path needs it: where the top-level "text" string's
 * literal starts and ends (quotes included). */
typedef struct scanner {
    const unsigned char *s;
    size_t len, pos;
} scanner;

static void skip_space(scanner *sc) { sc->pos = plainjson_space_end(sc->s, sc->len, sc->pos); }

/* Past a string literal at pos (on its opening quote); 0 when it does not end. */
static int skip_string(scanner *sc)
{
    sc->pos++;
    while (sc->pos < sc->len) {
        const unsigned char *q = memchr(sc->s + sc->pos, '"', sc->len - sc->pos), *b;
        if (!q) return 0;
        /* The quote ends the string unless an odd run of backslashes precedes it. */
        for (b = q; b > sc->s + sc->pos && b[-1] == '\\'; b--) {}
        sc->pos = (size_t)(q - sc->s) + 1;
        if ((q - b) % 2 == 0) return 1;
    }
    return 0;
}

/* Past one value of any kind, to the ',' or '}' after it; jansson judges later whether it is well
 * formed. */
static int skip_value(scanner *sc)
{
    int depth = 0;
    while (sc->pos < sc->len) {
        unsigned char c = sc->s[sc->pos];
        if (c == '"') {
            if (!skip_string(sc)) return 0;
            continue;
        }
        if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') {
            if (depth == 0) return 1;
            depth--;
        } else if (c == ',' && depth == 0) return 1;
        sc->pos++;
    }
    return 0;
}

/* Finds the one top-level "text" member whose value is a string; 0 for anything else. */
static int find_text(const char *body, size_t len, size_t *start, size_t *end)
{
    scanner sc = { (const unsigned char *)body, len, 0 };
    int found = 0;
    skip_space(&sc);
    if (sc.pos >= len || sc.s[sc.pos] != '{') return 0;
    sc.pos++;
    for (;;) {
        size_t key;
        int is_text;
        skip_space(&sc);
        if (sc.pos >= len || sc.s[sc.pos] != '"') return 0;
        key = sc.pos;
        if (!skip_string(&sc)) return 0;
        /* An escaped key could spell "text" a second time: leave such frames to jansson. */
        if (memchr(body + key, '\\', sc.pos - key)) return 0;
        is_text = sc.pos - key == 6 && memcmp(body + key, "\"text\"", 6) == 0;
        skip_space(&sc);
        if (sc.pos >= len || sc.s[sc.pos] != ':') return 0;
        sc.pos++;
        skip_space(&sc);
        if (is_text) {
            if (found || sc.pos >= len || sc.s[sc.pos] != '"') return 0;
            *start = sc.pos;
            if (!skip_string(&sc)) return 0;
            *end = sc.pos;
            found = 1;
        } else if (!skip_value(&sc)) {
            return 0;
        }
        skip_space(&sc);
        if (sc.pos < len && sc.s[sc.pos] == ',') { sc.pos++; continue; }
        if (sc.pos < len && sc.s[sc.pos] == '}') break;
        return 0;
    }
    return found;
}

static int hex4(const unsigned char *s, uint32_t *out)
{
    int i;
    *out = 0;
    for (i = 0; i < 4; i++) {
        unsigned char c = s[i];
        uint32_t v = 16;
        if (c >= '0' && c <= '9') v = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') v = (uint32_t)((c | 0x20) - 'a' + 10);
        if (v == 16) return 0;
        *out = *out * 16 + v;
    }
    return 1;
}

/* Decodes the string literal s[0..n) (quotes excluded) into out (room for n bytes); returns the
 * length, or -1 for anything jansson would refuse (jansson then reports it). */
static long decode_string(const unsigned char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == '\\') {
            uint32_t cp, low;
            if (i + 1 >= n) return -1;
            c = s[i + 1];
            i += 2;
            switch (c) {
            case '"': case '\\': case '/': out[o++] = (char)c; continue;
            case 'b': out[o++] = '\b'; continue;
            case 'f': out[o++] = '\f'; continue;
            case 'n': out[o++] = '\n'; continue;
            case 'r': out[o++] = '\r'; continue;
            case 't': out[o++] = '\t'; continue;
            case 'u': break;
            default: return -1;
            }
            if (i + 4 > n || !hex4(s + i, &cp)) return -1;
            i += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return -1;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u' || !hex4(s + i + 2, &low) || low < 0xDC00 ||
                    low > 0xDFFF)
                    return -1;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            o += utf_put(out + o, cp);   /* at most as long as the escape it replaces */
        } else if (c < 0x20) {
            return -1;
        } else if (c < 0x80) {
            /* A run of plain ASCII, the bulk of most posts, is copied at once. */
            size_t run = i + 1;
            while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '\\') run++;
            memcpy(out + o, s + i, run - i);
            o += run - i;
            i = run;
        } else {
            size_t k = utf_sequence_length(s + i, n - i);
            if (!k) return -1;
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        }
    }
    return (long)o;
}

/* The fast path: the frame without its text parsed by jansson, the text decoded here. NULL when the
 * frame is anything but a plain object with one "text" string that jansson would accept. */
static json_t *parse_with_text_apart(const char *body, size_t len)
{
    size_t start = 0, end = 0, rest;
    char *stripped, *text;
    long n;
    json_t *req;
    json_error_t error;
    if (!find_text(body, len, &start, &end)) return NULL;
    rest = len - (end - start);
    stripped = malloc(rest + 3);
    text = malloc(end - start);
    if (!stripped || !text) abort();
    memcpy(stripped, body, start);
    memcpy(stripped + start, "\"\"", 2);
    memcpy(stripped + start + 2, body + end, len - end);
    req = json_loadb(stripped, rest + 2, JSON_ALLOW_NUL, &error);
    free(stripped);
    n = req && json_is_object(req) ? decode_string((const unsigned char *)body + start + 1, end - start - 2, text) : -1;
    if (n >= 0) json_object_set_new(req, "text", json_stringn_nocheck(text, (size_t)n));
    free(text);
    if (n < 0) {
        json_decref(req);
        return NULL;
    }
    return req;
}

json_t *request_parse(const char *body, size_t len, json_error_t *error)
{
    json_t *req = parse_with_text_apart(body, len);
    return req ? req : json_loadb(body, len, JSON_ALLOW_NUL, error);
}
