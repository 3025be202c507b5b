/* reach.c: how much white space one attempt of a pattern can read across (see reach.h).
 *
 * A small reader of the PCRE2 syntax packs use. It counts, along the pattern's longest path, the
 * characters that could be ASCII white space: `.`, `\s`, `\h`, a negated class, a class holding a
 * space, a literal space and so on, times how often they repeat. Lookarounds count as if they were
 * read forwards, which can only overcount. Whatever it does not know (back references, recursion,
 * conditionals, extended mode) makes the pattern's reach unbounded, as does white space under `*`,
 * `+` or `{n,}`.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "reach.h"

typedef struct reader {
    const char *p;
    int failed;
} reader;

static size_t add(size_t a, size_t b) { return a >= REACH_UNBOUNDED - b ? REACH_UNBOUNDED : a + b; }

static size_t times(size_t a, size_t n)
{
    if (a == 0 || n == 0) return 0;
    if (a == REACH_UNBOUNDED || n == REACH_UNBOUNDED || a > REACH_UNBOUNDED / n) return REACH_UNBOUNDED;
    return a * n;
}

static int space_char(unsigned c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* \p{...} and \P{...}: only letters and numbers are sure not to be white space. */
static int property_may_be_space(reader *r, int negated)
{
    const char *name = r->p;
    size_t n;
    if (*name == '{') {
        const char *end = strchr(name, '}');
        if (!end) { r->failed = 1; return 1; }
        r->p = end + 1;
        name++;
        n = (size_t)(end - name);
    } else {
        if (!*name) { r->failed = 1; return 1; }
        r->p = name + 1;
        n = 1;
    }
    if (negated || n == 0 || *name == '^') return 1;
    return !(name[0] == 'L' || name[0] == 'N');
}

/* Reads the escape after a backslash; returns whether what it matches may be white space. */
static int escape_may_be_space(reader *r, int in_class)
{
    char c = *r->p++;
    switch (c) {
    case '\0': r->failed = 1; return 1;
    case 'w': case 'd': case 'S': case 'b': case 'B': case 'A': case 'z': case 'Z':
        return 0;
    case 's': case 'h': case 'v': case 'W': case 'D': case 'H': case 'V': case 'N': case 'R': case 'X':
    case 't': case 'n': case 'r': case 'f': case 'c': case 'o': case '0': case 'e': case 'a':
        return 1;
    case 'p': case 'P':
        return property_may_be_space(r, c == 'P');
    case 'x': {
        unsigned long v;
        char *end;
        if (*r->p == '{') {
            v = strtoul(r->p + 1, &end, 16);
            if (*end != '}') { r->failed = 1; return 1; }
            r->p = end + 1;
        } else {
            char hex[3] = { 0 };
            size_t k = 0;
            while (k < 2 && isxdigit((unsigned char)r->p[k])) hex[k] = r->p[k], k++;
            v = strtoul(hex, NULL, 16);
            r->p += k;
        }
        return space_char((unsigned)v);
    }
    default:
        /* back references, \g, \k, \Q, and \G and \K (which tie a match to where a search starts) */
        if (isalnum((unsigned char)c) && !(in_class && c == 'E')) { r->failed = 1; return 1; }
        return space_char((unsigned char)c);
    }
}

/* Reads a class after its '['; returns whether it may match white space. */
static int class_may_be_space(reader *r)
{
    int negated = 0, may = 0, first = 1;
    if (*r->p == '^') negated = 1, r->p++;
    for (;;) {
        unsigned char c = (unsigned char)*r->p;
        if (c == '\0') { r->failed = 1; return 1; }
        if (c == ']' && !first) { r->p++; break; }
        first = 0;
        if (c == '[' && r->p[1] == ':') {
            const char *end = strstr(r->p + 2, ":]");
            if (!end) { r->failed = 1; return 1; }
            if (strncmp(r->p + 2, "space", 5) == 0 || strncmp(r->p + 2, "blank", 5) == 0 ||
                strncmp(r->p + 2, "cntrl", 5) == 0 || strncmp(r->p + 2, "print", 5) == 0 || r->p[2] == '^')
                may = 1;
            r->p = end + 2;
            continue;
        }
        r->p++;
        if (c == '\\') {
            may |= escape_may_be_space(r, 1);
            if (*r->p == '-' && r->p[1] != ']') may = 1;   /* a range from an escape: whatever it spans */
            continue;
        }
        if (*r->p == '-' && r->p[1] != ']' && r->p[1] != '\0') {   /* a range c-d */
            unsigned char d = (unsigned char)r->p[1];
            r->p += 2;
            if (d == '\\') { r->failed = 1; return 1; }
            if (c <= ' ' && d >= '\t') may = 1;
            continue;
        }
        may |= space_char(c);
    }
    return negated || may;
}

static size_t read_alternation(reader *r);

/* Reads a group after its '('; returns its white space. */
static size_t read_group(reader *r)
{
    size_t w;
    if (*r->p == '?') {
        r->p++;
        if (*r->p == '#') {                                      /* a comment */
            while (*r->p && *r->p != ')') r->p++;
            if (*r->p) r->p++;
            return 0;
        }
        if (*r->p == '<' && (r->p[1] == '=' || r->p[1] == '!')) r->p += 2;
        else if (*r->p == '=' || *r->p == '!' || *r->p == '>' || *r->p == '|' || *r->p == ':') r->p++;
        else if (*r->p == '<' || (*r->p == 'P' && r->p[1] == '<')) {  /* a named group */
            const char *end = strchr(r->p, '>');
            if (!end) { r->failed = 1; return 0; }
            r->p = end + 1;
        } else {                                                 /* options: (?i) or (?i:...) */
            /* extended mode (x) reads the pattern otherwise; anything else is no option */
            while (*r->p && strchr("imnsJU-^", *r->p)) r->p++;
            if (*r->p == ')') { r->p++; return 0; }
            if (*r->p != ':') { r->failed = 1; return 0; }
            r->p++;
        }
    }
    w = read_alternation(r);
    if (*r->p != ')') { r->failed = 1; return w; }
    r->p++;
    return w;
}

/* The most times the quantifier at r->p (if any) repeats what precedes it. */
static size_t read_quantifier(reader *r)
{
    size_t most = 1;
    if (*r->p == '*' || *r->p == '+') most = REACH_UNBOUNDED, r->p++;
    else if (*r->p == '?') most = 1, r->p++;
    else if (*r->p == '{' && isdigit((unsigned char)r->p[1])) {
        char *end;
        unsigned long lo = strtoul(r->p + 1, &end, 10), hi = lo;
        if (*end == ',') {
            if (end[1] == '}') hi = (unsigned long)-1, end++;
            else hi = strtoul(end + 1, &end, 10);
        }
        if (*end != '}') return 1;                               /* not a quantifier: a literal '{' */
        r->p = end + 1;
        most = hi == (unsigned long)-1 ? REACH_UNBOUNDED : (size_t)hi;
    } else return 1;
    if (*r->p == '?' || *r->p == '+') r->p++;                    /* lazy or possessive */
    return most;
}

static size_t read_sequence(reader *r)
{
    size_t total = 0;
    while (*r->p && *r->p != '|' && *r->p != ')' && !r->failed) {
        char c = *r->p++;
        size_t w;
        if (c == '(' && *r->p == '*') { r->failed = 1; return total; }   /* verbs move where attempts start */
        if (c == '(') w = read_group(r);
        else if (c == '[') w = class_may_be_space(r);
        else if (c == '\\') w = escape_may_be_space(r, 0);
        else if (c == '^' || c == '$') w = 0;
        else if (c == '.') w = 1;
        else w = space_char((unsigned char)c);
        total = add(total, times(w, read_quantifier(r)));
    }
    return total;
}

static size_t read_alternation(reader *r)
{
    size_t most = read_sequence(r);
    while (*r->p == '|' && !r->failed) {
        size_t w;
        r->p++;
        w = read_sequence(r);
        if (w > most) most = w;
    }
    return most;
}

size_t reach_spaces(const char *pattern)
{
    reader r = { pattern, 0 };
    size_t w = read_alternation(&r);
    if (r.failed || *r.p != '\0') return REACH_UNBOUNDED;
    return w;
}
