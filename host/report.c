/* report.c: JSON and compiler-style output of warnings (see report.h). */
#include <stdlib.h>
#include <string.h>
#include "span.h"
#include "report.h"
#include "utf.h"

#define SPELLING_RULE "spelling"
/* A spelling warning's message is a quote, the word, then this. */
#define SPELLING_MESSAGE_AFTER "\" is not in the en_GB dictionary. Check the spelling before you post."

const char *report_message(const nb_post *post, const nb_warning *w, char *buf, size_t cap)
{
    if (w->rule) return w->rule->message;
    snprintf(buf, cap, "\"%.*s" SPELLING_MESSAGE_AFTER, (int)(w->end - w->start), post->text + w->start);
    return buf;
}

static const nb_section *warning_section(const nb_pack *pack, const nb_warning *w)
{
    return w->rule ? w->rule->section : pack->spelling_section;
}

void report_append(nb_text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) t->v = array_reserve(t->v, &t->cap, t->n + n + 1, 1);
    memcpy(t->v + t->n, s, n);
    t->n += n;
    t->v[t->n] = '\0';
}

static void text_puts(nb_text *t, const char *s) { report_append(t, s, strlen(s)); }

/* s inside a JSON string literal, written as jansson writes it: UTF-8 kept, quotes, backslashes and
 * control characters escaped. Runs of ordinary bytes are copied at once. */
static void text_json_chars(nb_text *t, const char *s, size_t n)
{
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        report_append(t, s + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; esc[2] = '\0'; }
        else if (c == '\n') strcpy(esc, "\\n");
        else if (c == '\t') strcpy(esc, "\\t");
        else if (c == '\r') strcpy(esc, "\\r");
        else if (c == '\b') strcpy(esc, "\\b");
        else if (c == '\f') strcpy(esc, "\\f");
        else snprintf(esc, sizeof esc, "\\u%04X", c);
        text_puts(t, esc);
    }
    report_append(t, s + run, n - run);
}

static void text_json_string(nb_text *t, const char *s, size_t n)
{
    report_append(t, "\"", 1);
    text_json_chars(t, s, n);
    report_append(t, "\"", 1);
}

/* "key":"value" and a comma unless last. */
static void text_member(nb_text *t, const char *key, const char *value, int last)
{
    text_json_string(t, key, strlen(key));
    report_append(t, ":", 1);
    text_json_string(t, value, strlen(value));
    if (!last) report_append(t, ",", 1);
}

/* A warning's JSON but for its offsets (and a spelling warning's word), the same for every warning of
 * one rule: written once and copied after. */
typedef struct piece {
    nb_text head;   /* {"rule":...,"severity":..., */
    nb_text tail;   /* "message":...,"policy":{...},"suggestions":[...]}; for spelling, after the word */
} piece;

struct nb_report_cache {
    const nb_pack *pack;
    piece *rules;   /* by the rule's place in the pack */
    piece spelling;
    size_t n;
};

nb_report_cache *report_cache_new(void)
{
    nb_report_cache *c = calloc(1, sizeof *c);
    if (!c) abort();
    return c;
}

static void pieces_free(nb_report_cache *c)
{
    size_t i;
    for (i = 0; i < c->n; i++) free(c->rules[i].head.v), free(c->rules[i].tail.v);
    free(c->rules);
    free(c->spelling.head.v);
    free(c->spelling.tail.v);
    c->rules = NULL;
    memset(&c->spelling, 0, sizeof c->spelling);
    c->n = 0;
}

void report_cache_free(nb_report_cache *c)
{
    if (!c) return;
    pieces_free(c);
    free(c);
}

/* The pieces of the warning's rule, written on first use. A spelling warning's message holds its
 * word, so its tail starts after it: "message":"\"WORD is written per warning. */
static const piece *warning_piece(nb_report_cache *c, const nb_pack *pack, const nb_warning *w)
{
    const nb_section *sec = warning_section(pack, w);
    piece *p;
    if (c->pack != pack) {
        pieces_free(c);
        c->pack = pack;
        c->n = pack->n_rules;
        c->rules = calloc(c->n + 1, sizeof *c->rules);
        if (!c->rules) abort();
    }
    p = w->rule ? &c->rules[w->rule - pack->rules] : &c->spelling;
    if (p->head.v) return p;
    report_append(&p->head, "{", 1);
    text_member(&p->head, "rule", w->rule ? w->rule->id : SPELLING_RULE, 0);
    text_member(&p->head, "category", w->category, 0);
    text_member(&p->head, "severity", severity_name(w->severity), 0);
    if (w->rule) text_member(&p->tail, "message", w->rule->message, 0);
    else {
        text_json_chars(&p->tail, SPELLING_MESSAGE_AFTER, strlen(SPELLING_MESSAGE_AFTER));
        text_puts(&p->tail, "\",");
    }
    text_puts(&p->tail, "\"policy\":{");
    text_member(&p->tail, "pack", pack->id, 0);
    text_member(&p->tail, "section", sec ? sec->number : "", 0);
    text_member(&p->tail, "title", sec ? sec->title : pack->name, 0);
    text_member(&p->tail, "url", sec ? sec->url : pack->document_url, 1);
    text_puts(&p->tail, "},\"suggestions\":");
    if (w->rule && w->rule->suggestions) {
        char *list = json_dumps(w->rule->suggestions, JSON_COMPACT);
        if (!list) abort();
        text_puts(&p->tail, list);
        free(list);
    } else text_puts(&p->tail, "[]");
    report_append(&p->tail, "}", 1);
    return p;
}

/* n in decimal, without the cost of printf. */
static void text_number(nb_text *t, uint32_t n)
{
    char digits[10];
    size_t k = sizeof digits;
    do digits[--k] = (char)('0' + n % 10); while ((n /= 10) > 0);
    report_append(t, digits + k, sizeof digits - k);
}

static void warning_write(nb_text *t, nb_report_cache *cache, const nb_pack *pack, const nb_post *post,
                          const nb_warning *w)
{
    const piece *p = warning_piece(cache, pack, w);
    report_append(t, p->head.v, p->head.n);
    text_puts(t, "\"start\":");
    text_number(t, post->utf16[w->start]);
    text_puts(t, ",\"end\":");
    text_number(t, post->utf16[w->end]);
    report_append(t, ",", 1);
    if (!w->rule) {
        text_puts(t, "\"message\":\"\\\"");   /* "message":"\" */
        text_json_chars(t, post->text + w->start, w->end - w->start);
    }
    report_append(t, p->tail.v, p->tail.n);
}

void report_warnings_with(nb_report_cache *cache, const nb_pack *pack, const nb_post *post, size_t max_warnings,
                          size_t max_bytes, int *truncated, nb_text *out)
{
    size_t i, from = out->n;
    *truncated = 0;
    report_append(out, "[", 1);
    for (i = 0; i < post->n_warnings; i++) {
        size_t before = out->n;
        if (i >= max_warnings) { *truncated = 1; break; }
        if (i) report_append(out, ",", 1);
        warning_write(out, cache, pack, post, &post->warnings[i]);
        /* The closing bracket must fit too. */
        if (out->n + 1 - from > max_bytes) {
            out->n = before;
            *truncated = 1;
            break;
        }
    }
    report_append(out, "]", 1);
}

void report_warnings(const nb_pack *pack, const nb_post *post, size_t max_warnings, size_t max_bytes, int *truncated,
                     nb_text *out)
{
    nb_report_cache cache = {0};
    report_warnings_with(&cache, pack, post, max_warnings, max_bytes, truncated, out);
    pieces_free(&cache);
}

/* 1-based line and column (in characters) of byte offset `at`, and where that line starts and ends. */
static void locate_line(const nb_post *post, uint32_t at, int *line, int *column, size_t *line_start,
                        size_t *line_end)
{
    size_t pos = 0, start = 0;
    *line = 1;
    while (pos < at) {
        if (post->text[pos] == '\n') { (*line)++; start = pos + 1; }
        pos++;
    }
    *line_start = start;
    *column = 1;
    for (pos = start; pos < at;) { utf_next(post->text, post->len, &pos); (*column)++; }
    for (pos = at; pos < post->len && post->text[pos] != '\n'; pos++) {}
    *line_end = pos;
}

/* The underline: spaces (tabs kept, so it lines up) to the span, then ^~~~ to its end on this line. */
static void underline(FILE *out, const nb_post *post, size_t line_start, size_t line_end, uint32_t start,
                      uint32_t end)
{
    size_t pos = line_start;
    int first = 1;
    while (pos < start) {
        fputc(post->text[pos] == '\t' ? '\t' : ' ', out);
        utf_next(post->text, post->len, &pos);
    }
    while (pos < end && pos < line_end) {
        fputc(first ? '^' : '~', out);
        first = 0;
        utf_next(post->text, post->len, &pos);
    }
    if (first) fputc('^', out);
    fputc('\n', out);
}

void report_human(FILE *out, const char *name, const nb_pack *pack, const nb_post *post)
{
    size_t i, line_start, line_end;
    char buf[400];
    for (i = 0; i < post->n_warnings; i++) {
        const nb_warning *w = &post->warnings[i];
        const nb_section *sec = warning_section(pack, w);
        int line, column;
        locate_line(post, w->start, &line, &column, &line_start, &line_end);
        fprintf(out, "%s:%d:%d: %s: %s [%s]\n", name, line, column, severity_name(w->severity),
                report_message(post, w, buf, sizeof buf), w->rule ? w->rule->id : SPELLING_RULE);
        fprintf(out, "%.*s\n", (int)(line_end - line_start), post->text + line_start);
        underline(out, post, line_start, line_end, w->start, w->end);
        if (sec) fprintf(out, "  see %s \xC2\xA7%s %s %s\n", pack->id, sec->number, sec->title, sec->url);
        else fprintf(out, "  see %s %s %s\n", pack->id, pack->name, pack->document_url);
    }
}
