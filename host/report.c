/* report.c: JSON and compiler-style output of warnings (see report.h). */
#include <stdlib.h>
#include <string.h>
#include "span.h"
#include "report.h"
#include "utf.h"

#define SPELLING_RULE "spelling"

const char *report_message(const nb_post *post, const nb_warning *w, char *buf, size_t cap)
{
    if (w->rule) return w->rule->message;
    snprintf(buf, cap, "\"%.*s\" is not in the en_GB dictionary. Check the spelling before you post.",
             (int)(w->end - w->start), post->text + w->start);
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

/* s as a JSON string literal, written as jansson writes it: UTF-8 kept, quotes, backslashes and
 * control characters escaped. Runs of ordinary bytes are copied at once. */
static void text_json_string(nb_text *t, const char *s, size_t n)
{
    size_t i, run = 0;
    report_append(t, "\"", 1);
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

static void warning_write(nb_text *t, const nb_pack *pack, const nb_post *post, const nb_warning *w)
{
    char buf[400], number[64];
    const nb_section *sec = warning_section(pack, w);
    report_append(t, "{", 1);
    text_member(t, "rule", w->rule ? w->rule->id : SPELLING_RULE, 0);
    text_member(t, "category", w->category, 0);
    text_member(t, "severity", severity_name(w->severity), 0);
    snprintf(number, sizeof number, "\"start\":%u,\"end\":%u,", (unsigned)post->utf16[w->start],
             (unsigned)post->utf16[w->end]);
    text_puts(t, number);
    text_member(t, "message", report_message(post, w, buf, sizeof buf), 0);
    text_puts(t, "\"policy\":{");
    text_member(t, "pack", pack->id, 0);
    text_member(t, "section", sec ? sec->number : "", 0);
    text_member(t, "title", sec ? sec->title : pack->name, 0);
    text_member(t, "url", sec ? sec->url : pack->document_url, 1);
    text_puts(t, "},\"suggestions\":");
    if (w->rule && w->rule->suggestions) {
        char *list = json_dumps(w->rule->suggestions, JSON_COMPACT);
        if (!list) abort();
        text_puts(t, list);
        free(list);
    } else text_puts(t, "[]");
    report_append(t, "}", 1);
}

void report_warnings(const nb_pack *pack, const nb_post *post, size_t max_warnings, size_t max_bytes, int *truncated,
                     nb_text *out)
{
    size_t i, from = out->n;
    *truncated = 0;
    report_append(out, "[", 1);
    for (i = 0; i < post->n_warnings; i++) {
        size_t before = out->n;
        if (i >= max_warnings) { *truncated = 1; break; }
        if (i) report_append(out, ",", 1);
        warning_write(out, pack, post, &post->warnings[i]);
        /* The closing bracket must fit too. */
        if (out->n + 1 - from > max_bytes) {
            out->n = before;
            *truncated = 1;
            break;
        }
    }
    report_append(out, "]", 1);
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
