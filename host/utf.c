/* utf.c: sanitising UTF-8, mapping to UTF-16 offsets, classifying characters (see utf.h).
 *
 * The character classes are deliberately coarse ranges rather than full Unicode tables: they only
 * decide where words start and end, and every script block listed is made of letters.
 */
#include <stdlib.h>
#include <string.h>
#include "span.h"
#include "utf.h"

size_t utf_sequence_length(const unsigned char *s, size_t left)
{
    uint32_t cp;
    size_t n, i;
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) n = 2, cp = s[0] & 0x1F;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) n = 3, cp = s[0] & 0x0F;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) n = 4, cp = s[0] & 0x07;
    else return 0;
    if (left < n) return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

char *utf_sanitize(const char *s, size_t len, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = len + 1, o = 0, i = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    while (i < len) {
        size_t n;
        /* A run of ASCII, the bulk of most posts, is copied at once. */
        size_t run = i;
        while (run < len && u[run] < 0x80) run++;
        if (run > i) {
            out = array_reserve(out, &cap, o + (run - i) + 1, 1);
            memcpy(out + o, s + i, run - i);
            o += run - i;
            i = run;
            continue;
        }
        n = utf_sequence_length(u + i, len - i);
        if (n == 0) {
            out = array_reserve(out, &cap, o + 4, 1);
            o += utf_put(out + o, 0xFFFD);
            i++;
            continue;
        }
        out = array_reserve(out, &cap, o + n + 1, 1);
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out = array_reserve(out, &cap, o + 1 + UTF_PAD, 1);
    memset(out + o, 0, 1 + UTF_PAD);
    *out_len = o;
    return out;
}

uint32_t utf_next(const char *s, size_t len, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s + *pos;
    uint32_t cp;
    if (u[0] < 0x80) { *pos += 1; return u[0]; }
    if (u[0] < 0xE0 && *pos + 1 < len) { *pos += 2; return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); }
    if (u[0] < 0xF0 && *pos + 2 < len) {
        *pos += 3;
        return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    if (*pos + 3 < len) {
        cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
             ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        *pos += 4;
        return cp;
    }
    *pos = len;
    return 0xFFFD;
}

/* Fills map[from..to) from the UTF-16 offset u16 at `from`, a character start; returns the offset at to. */
static uint32_t map_stretch(const char *s, size_t len, size_t from, size_t to, uint32_t u16, uint32_t *map)
{
    size_t pos = from;
    while (pos < to) {
        size_t start = pos, k;
        uint32_t cp;
        if ((unsigned char)s[pos] < 0x80) {
            map[pos++] = u16++;
            continue;
        }
        cp = utf_next(s, len, &pos);
        for (k = start; k < pos; k++) map[k] = u16;
        u16 += cp >= 0x10000 ? 2 : 1;
    }
    return u16;
}

uint32_t *utf_map_utf16(const char *s, size_t len)
{
    uint32_t *map = malloc((len + 1) * sizeof *map);
    if (!map) return NULL;
    map[len] = map_stretch(s, len, 0, len, 0, map);
    return map;
}

uint32_t *utf_map_utf16_edited(const char *s, size_t len, const uint32_t *old, size_t prefix, size_t old_end,
                               size_t new_end)
{
    uint32_t *map = malloc((len + 1) * sizeof *map);
    size_t start = prefix, end = new_end, k, old_at_end;
    uint32_t u16;
    if (!map) return NULL;
    /* The changed stretch, widened to whole characters, is mapped again. */
    while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80) start--;
    while (end < len && ((unsigned char)s[end] & 0xC0) == 0x80) end++;
    memcpy(map, old, start * sizeof *map);
    u16 = map_stretch(s, len, start, end, old[start], map);
    /* After it, the same characters as before: the old offsets, moved. */
    old_at_end = end - new_end + old_end;
    for (k = end; k <= len; k++) map[k] = old[k - new_end + old_end] - old[old_at_end] + u16;
    return map;
}

int utf_is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xD7 || cp == 0xF7) return 0;
    if (cp >= 0xC0 && cp <= 0x2AF) return 1;           /* Latin-1 letters, Latin Extended */
    if (cp >= 0x370 && cp <= 0x1FFF) return 1;         /* Greek, Cyrillic, ... Indic, Latin Ext Add'l */
    if (cp >= 0xFF10 && cp <= 0xFF19) return 1;        /* fullwidth digits */
    if (cp >= 0xFF21 && cp <= 0xFF5A) return !(cp > 0xFF3A && cp < 0xFF41);
    if (cp >= 0x3040 && cp <= 0x9FFF) return 1;        /* kana, CJK */
    if (cp >= 0xAC00 && cp <= 0xD7A3) return 1;        /* Hangul */
    return 0;
}

int utf_is_pictograph(uint32_t cp)
{
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) return 0;      /* skin tones */
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return 1;      /* emoji, regional indicators */
    if (cp >= 0x2600 && cp <= 0x27BF) return 1;        /* symbols and dingbats: sun, heart, snowflake */
    if (cp >= 0x2300 && cp <= 0x23FF) return 1;        /* watch, hourglass, alarm clock */
    return cp >= 0x2B00 && cp <= 0x2BFF;               /* star, arrows */
}

int utf_is_upper(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;
    if (cp >= 0x391 && cp <= 0x3AB) return 1;
    if (cp >= 0x410 && cp <= 0x42F) return 1;
    return 0;
}

uint32_t utf_to_lower(uint32_t cp)
{
    if (!utf_is_upper(cp)) return cp;
    if (cp < 0x80 || (cp >= 0xC0 && cp <= 0xDE) || (cp >= 0x391 && cp <= 0x3AB) || (cp >= 0x410 && cp <= 0x42F))
        return cp + 32;
    return cp + 1;
}

size_t utf_put(char *buf, uint32_t cp)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) { b[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { b[0] = 0xC0 | (cp >> 6); b[1] = 0x80 | (cp & 0x3F); return 2; }
    if (cp < 0x10000) {
        b[0] = 0xE0 | (cp >> 12); b[1] = 0x80 | ((cp >> 6) & 0x3F); b[2] = 0x80 | (cp & 0x3F);
        return 3;
    }
    b[0] = 0xF0 | (cp >> 18); b[1] = 0x80 | ((cp >> 12) & 0x3F);
    b[2] = 0x80 | ((cp >> 6) & 0x3F); b[3] = 0x80 | (cp & 0x3F);
    return 4;
}
