/* report.c: JSON and compiler-style output of warnings (see report.h). */
#include <string.h>
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

static json_t *warning_json(const nb_pack *pack, const nb_post *post, const nb_warning *w)
{
    char buf[400];
    const nb_section *sec = warning_section(pack, w);
    json_t *suggestions = w->rule && w->rule->suggestions ? json_deep_copy(w->rule->suggestions) : json_array();
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:{s:s, s:s, s:s, s:s}, s:o}",
                     "rule", w->rule ? w->rule->id : SPELLING_RULE,
                     "category", w->category,
                     "severity", severity_name(w->severity),
                     "start", (json_int_t)post->utf16[w->start],
                     "end", (json_int_t)post->utf16[w->end],
                     "message", report_message(post, w, buf, sizeof buf),
                     "policy", "pack", pack->id, "section", sec ? sec->number : "",
                     "title", sec ? sec->title : pack->name, "url", sec ? sec->url : pack->document_url,
                     "suggestions", suggestions);
}

/* An upper bound on the compact JSON size of v (every character escaped as \uXXXX), found without
 * serialising it: serialising each warning just to measure it cost as much as the reply itself. */
static size_t json_size_bound(const json_t *v)
{
    size_t n = 2, i;
    const char *key;
    json_t *item;
    if (json_is_string(v)) return 2 + 6 * json_string_length(v);
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, item) n += 6 * strlen(key) + 4 + json_size_bound(item);
        return n;
    }
    if (json_is_array(v)) {
        json_array_foreach(v, i, item) n += 1 + json_size_bound(item);
        return n;
    }
    return 24;   /* numbers, true, false, null */
}

json_t *report_warnings(const nb_pack *pack, const nb_post *post, size_t max_warnings, size_t max_bytes,
                        int *truncated)
{
    json_t *list = json_array();
    size_t i, used = 2;
    int exact = 0;
    *truncated = 0;
    for (i = 0; i < post->n_warnings; i++) {
        json_t *w;
        size_t size;
        if (i >= max_warnings) { *truncated = 1; break; }
        w = warning_json(pack, post, &post->warnings[i]);
        if (!w) continue;   /* only invalid UTF-8 in a pack string could cause this; packs are validated */
        size = exact ? json_dumpb(w, NULL, 0, JSON_COMPACT) + 1 : json_size_bound(w) + 1;
        if (!exact && used + size > max_bytes) {
            /* Near the limit: measure what is there exactly and go on measuring exactly. */
            exact = 1;
            used = json_dumpb(list, NULL, 0, JSON_COMPACT);
            size = json_dumpb(w, NULL, 0, JSON_COMPACT) + 1;
        }
        if (used + size > max_bytes) {
            json_decref(w);
            *truncated = 1;
            break;
        }
        used += size;
        json_array_append_new(list, w);
    }
    return list;
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
