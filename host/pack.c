/* pack.c: loading and validating policy packs and the shared files (see pack.h).
 *
 * Validation reads the pack in document order and stops at the first problem, so the message a pack
 * author sees always names the earliest thing to fix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pack.h"
#include "plainjson.h"
#include "utf.h"

#define MIN_EXAMPLES 3
#define DEFAULT_WITHIN 10
/* A model rule without "percent" warns when the model thinks the category more likely than not. */
#define DEFAULT_MODEL_PERCENT 50

static const char *const categories[] = {
    "patient-identifiable", "patient-discussion", "patient-contact", "colleague", "discrimination-abuse",
    "concern-raising", "speaking-for-employer", "organisation-confidential", "sickness-absence", "shift-swap",
    "personal-security", "safeguarding", "public-incident", "legal", "images-consent", "spelling", NULL
};

static const char *const severities[] = { "suggestion", "warning", "error" };

/* The packs being loaded, innermost first: a pack may not inherit from one that is waiting for it. */
typedef struct chain {
    const char *id;
    const struct chain *outer;
} chain;

/* What the loader carries while it works: where the text is, for line numbers, and what it inherits. */
typedef struct loader {
    const char *json;
    size_t len;
    nb_lexicons lexicons;
    nb_error *error;
    const chain *waiting;       /* the packs that inherit from this one, while they load it */
    const json_t *inherit;      /* the pack's "inherit" block, or NULL */
    nb_pack *parent;            /* the pack inherited from, until its rules are taken over */
    nb_phrase_book *book;       /* the pack's phrase book, once its own rules are parsed */
    const nb_shared *shared;
} loader;

int category_known(const char *category)
{
    int i;
    for (i = 0; categories[i]; i++)
        if (strcmp(categories[i], category) == 0) return 1;
    return 0;
}

const char *severity_name(nb_severity severity) { return severities[severity]; }

/* Errors are never second-guessed, and neither is an identifier (an NHS number is an NHS number)
 * unless its rule says "ask_model": what it found is certain, whose it is may not be. */
int rule_certain(const nb_rule *rule)
{
    return rule->severity == SEVERITY_ERROR || (rule->kind == MATCH_IDENTIFIER && !rule->asks_model);
}

/* The severity called `name`, or -1. */
static int severity_lookup(const char *name)
{
    int s;
    for (s = 0; s < 3; s++)
        if (strcmp(severities[s], name) == 0) return s;
    return -1;
}

void pack_error_format(const char *source, const nb_error *error, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s:%d:%d: %s", source, error->line ? error->line : 1, error->column ? error->column : 1,
             error->text);
}

/* Where the quoted string `needle` first occurs at or after `from`; NULL when it does not. */
static const char *find_quoted(const loader *ld, const char *from, const char *needle)
{
    char quoted[300];
    const char *hit;
    size_t n = (size_t)snprintf(quoted, sizeof quoted, "\"%s\"", needle);
    if (n >= sizeof quoted) return NULL;
    for (hit = from; hit + n <= ld->json + ld->len; hit++)
        if (memcmp(hit, quoted, n) == 0) return hit;
    return NULL;
}

/* Line and column of `where` (a quoted string) in the pack text, searched after `anchor` (a rule's id,
 * or "inherit") so a field is found in its own rule or block; the anchor itself when `where` is not there. */
static void locate(const loader *ld, const char *anchor, const char *where, int *line, int *column)
{
    const char *at = NULL, *p, *from = anchor ? find_quoted(ld, ld->json, anchor) : NULL;
    if (where) at = find_quoted(ld, from ? from : ld->json, where);
    if (!at) at = from;
    *line = 1;
    *column = 1;
    if (!at) return;
    for (p = ld->json; p < at; p++) {
        if (*p == '\n') { (*line)++; *column = 1; }
        else if (((unsigned char)*p & 0xC0) != 0x80) (*column)++;
    }
}

/* Reports a problem in rule `rule_id` (or at the pack level when NULL), located at `where`. */
static int fail(const loader *ld, const char *rule_id, const char *where, const char *problem)
{
    int line, column;
    locate(ld, rule_id, where, &line, &column);
    if (rule_id) error_set(ld->error, line, column, "rule %s: %s", rule_id, problem);
    else error_set(ld->error, line, column, "%s", problem);
    return 0;
}

/* Reports a problem in the pack's "inherit" block, located at `where` inside it. */
static int fail_inherit(const loader *ld, const char *where, const char *problem)
{
    int line, column;
    locate(ld, "inherit", where, &line, &column);
    error_set(ld->error, line, column, "inherit: %s", problem);
    return 0;
}

static const char *string_field(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int required_string(const loader *ld, const json_t *obj, const char *key, const char *rule_id,
                           const char **out)
{
    char problem[128];
    *out = string_field(obj, key);
    if (*out && **out) return 1;
    snprintf(problem, sizeof problem, "\"%s\" must be a non-empty string", key);
    return fail(ld, rule_id, json_object_get(obj, key) ? key : rule_id, problem);
}

/* A whole number from lo to hi: every count and percentage a pack gives. */
static int is_integer_in(const json_t *v, json_int_t lo, json_int_t hi)
{
    return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

static int is_string_array(const json_t *v)
{
    size_t i;
    json_t *item;
    if (!json_is_array(v)) return 0;
    json_array_foreach(v, i, item) if (!json_is_string(item)) return 0;
    return 1;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lower_copy(const char *s)
{
    size_t len = strlen(s), pos = 0, o = 0;
    char *out = malloc(len * 2 + 1);
    if (!out) abort();
    while (pos < len) {
        uint32_t cp = utf_next(s, len, &pos);
        o += utf_put(out + o, utf_to_lower(cp == 0x2019 ? '\'' : cp));
    }
    out[o] = '\0';
    return out;
}

static int word_listed(char *const *words, size_t n, const char *lower)
{
    return n && bsearch(&lower, words, n, sizeof *words, compare_strings) != NULL;
}

int pack_allows_word(const nb_pack *pack, const char *lower)
{
    return word_listed(pack->allow, pack->n_allow, lower) ||
           (pack->shared && word_listed(pack->shared->words, pack->shared->n_words, lower));
}

/* ---- cues ---- */

static int cues_parse(loader *ld, const json_t *list, const char *rule_id, const char *field, nb_cues *cues)
{
    size_t i;
    json_t *item;
    char problem[700];
    if (!is_string_array(list) || json_array_size(list) == 0)
        return fail(ld, rule_id, field, "cues must be a non-empty array of strings");
    cues->phrases = phrase_set_new();
    json_array_foreach(list, i, item) {
        const char *cue = json_string_value(item);
        if (strncmp(cue, "id:", 3) == 0) {
            int kind = ident_lookup(cue + 3);
            if (kind < 0) {
                snprintf(problem, sizeof problem, "unknown identifier \"%s\" in %s", cue + 3, field);
                return fail(ld, rule_id, cue, problem);
            }
            cues->idents |= 1u << kind;
        } else if (!phrase_set_add(cues->phrases, ld->book, cue, &ld->lexicons, ld->error)) {
            snprintf(problem, sizeof problem, "%s cue \"%.100s\": %s", field, cue, ld->error->text);
            return fail(ld, rule_id, cue, problem);
        }
    }
    return 1;
}

static void cues_free(nb_cues *cues) { phrase_set_free(cues->phrases); }

static int near_parse(loader *ld, const json_t *near, nb_rule *rule)
{
    size_t i;
    json_t *cond;
    if (!json_is_array(near)) return fail(ld, rule->id, "near", "\"near\" must be an array of conditions");
    rule->n_near = json_array_size(near);
    rule->near = calloc(rule->n_near + 1, sizeof *rule->near);
    if (!rule->near) abort();
    json_array_foreach(near, i, cond) {
        json_t *within = json_object_get(cond, "within");
        nb_cues *c = &rule->near[i];
        if (!json_is_object(cond)) return fail(ld, rule->id, "near", "each \"near\" condition must be an object");
        if (!cues_parse(ld, json_object_get(cond, "any"), rule->id, "near", c)) return 0;
        if (!within) c->within = DEFAULT_WITHIN;
        else if (json_is_string(within) && strcmp(json_string_value(within), "post") == 0) c->within = CUES_WITHIN_POST;
        else if (is_integer_in(within, 0, 10000))
            c->within = (int)json_integer_value(within);
        else return fail(ld, rule->id, "within", "\"within\" must be a number of words or \"post\"");
    }
    return 1;
}

/* ---- rules ---- */

static const nb_section *section_find(const nb_pack *pack, const char *number)
{
    size_t i;
    for (i = 0; i < pack->n_sections; i++)
        if (strcmp(pack->sections[i].number, number) == 0) return &pack->sections[i];
    return NULL;
}

/* "match": {"model": CATEGORY, "percent": N}: the word model's output for a category, warning from a
 * probability of N%. A whole number, so the pack stays plain JSON that plainjson.c reads quickly. */
static int model_match_parse(loader *ld, const json_t *match, nb_rule *rule)
{
    const json_t *model = json_object_get(match, "model"), *percent = json_object_get(match, "percent");
    const nb_model *m = ld->shared ? ld->shared->model : NULL;
    char problem[300];
    rule->kind = MATCH_MODEL;
    if (!m) return fail(ld, rule->id, "model", "the word model is not loaded, so rules of kind model cannot be");
    if (!json_is_string(model) || (rule->model_output = model_output(m, json_string_value(model))) < 0) {
        snprintf(problem, sizeof problem, "the word model has no output \"%.100s\"",
                 json_is_string(model) ? json_string_value(model) : "(not a string)");
        return fail(ld, rule->id, "model", problem);
    }
    if (percent && !is_integer_in(percent, 1, 99))
        return fail(ld, rule->id, "percent", "\"percent\" must be a whole number from 1 to 99");
    rule->model_above = (percent ? (double)json_integer_value(percent) : DEFAULT_MODEL_PERCENT) / 100.0;
    return 1;
}

static int match_parse(loader *ld, const json_t *match, nb_rule *rule)
{
    json_t *phrases = json_object_get(match, "phrases"), *pattern = json_object_get(match, "pattern");
    json_t *ident = json_object_get(match, "identifier"), *model = json_object_get(match, "model");
    char problem[700];
    size_t i;
    json_t *item;
    if (!json_is_object(match) || (!!phrases + !!pattern + !!ident + !!model) != 1 ||
        json_object_size(match) != (model && json_object_get(match, "percent") ? 2u : 1u))
        return fail(ld, rule->id, "match", "\"match\" must have exactly one of phrases, pattern, identifier, model");
    if (model) return model_match_parse(ld, match, rule);
    if (phrases) {
        rule->kind = MATCH_PHRASES;
        if (!is_string_array(phrases) || json_array_size(phrases) == 0)
            return fail(ld, rule->id, "phrases", "\"phrases\" must be a non-empty array of strings");
        rule->phrases = phrase_set_new();
        json_array_foreach(phrases, i, item) {
            if (!phrase_set_add(rule->phrases, ld->book, json_string_value(item), &ld->lexicons,
                                ld->error)) {
                snprintf(problem, sizeof problem, "phrase \"%.100s\": %s", json_string_value(item), ld->error->text);
                return fail(ld, rule->id, json_string_value(item), problem);
            }
        }
    } else if (pattern) {
        nb_error re_error;
        rule->kind = MATCH_PATTERN;
        if (!json_is_string(pattern) || !*json_string_value(pattern))
            return fail(ld, rule->id, "pattern", "\"pattern\" must be a non-empty string");
        rule->pattern = regex_new(json_string_value(pattern), &re_error);
        if (!rule->pattern) return fail(ld, rule->id, "pattern", re_error.text);
    } else {
        rule->kind = MATCH_IDENTIFIER;
        if (!json_is_string(ident) || ident_lookup(json_string_value(ident)) < 0) {
            snprintf(problem, sizeof problem, "unknown identifier \"%.100s\"",
                     json_is_string(ident) ? json_string_value(ident) : "(not a string)");
            return fail(ld, rule->id, "identifier", problem);
        }
        rule->ident = (nb_ident)ident_lookup(json_string_value(ident));
    }
    return 1;
}

static nb_rule *rule_find(const nb_pack *pack, const char *id)
{
    size_t i;
    for (i = 0; i < pack->n_rules; i++)
        if (strcmp(pack->rules[i].id, id) == 0) return &pack->rules[i];
    return NULL;
}

/* An own rule's "replaces": inherited rules it does the job of, which are then not inherited. */
static int replaces_parse(loader *ld, const json_t *obj, nb_rule *rule)
{
    char problem[300];
    size_t i;
    json_t *item;
    rule->replaces = json_object_get(obj, "replaces");
    if (!rule->replaces) return 1;
    if (!ld->parent) return fail(ld, rule->id, "replaces", "\"replaces\" names inherited rules, but the pack has no \"inherit\"");
    if (!is_string_array(rule->replaces)) return fail(ld, rule->id, "replaces", "\"replaces\" must be an array of rule ids");
    json_array_foreach(rule->replaces, i, item) {
        if (!rule_find(ld->parent, json_string_value(item))) {
            snprintf(problem, sizeof problem, "\"replaces\" names \"%.100s\", which is not a rule of pack \"%.100s\"",
                     json_string_value(item), ld->parent->id);
            return fail(ld, rule->id, json_string_value(item), problem);
        }
    }
    return 1;
}

static int examples_parse(loader *ld, const json_t *examples, nb_rule *rule)
{
    char problem[160];
    rule->flag_examples = json_object_get(examples, "flag");
    rule->pass_examples = json_object_get(examples, "pass");
    if (!json_is_object(examples) || !is_string_array(rule->flag_examples) || !is_string_array(rule->pass_examples) ||
        json_array_size(rule->flag_examples) < MIN_EXAMPLES || json_array_size(rule->pass_examples) < MIN_EXAMPLES) {
        snprintf(problem, sizeof problem,
                 "\"examples\" must have \"flag\" and \"pass\" arrays of at least %d posts each", MIN_EXAMPLES);
        return fail(ld, rule->id, "examples", problem);
    }
    return 1;
}

/* Only what a rule's own words found can the model doubt: an identifier is a fact, and a model rule is
 * the model's reading already. */
static int rule_doubtable(const nb_rule *rule)
{
    return rule->kind == MATCH_PHRASES || rule->kind == MATCH_PATTERN;
}

static int rule_parse(loader *ld, nb_pack *pack, const json_t *obj, nb_rule *rule)
{
    const char *severity, *section;
    json_t *near = json_object_get(obj, "near"), *unless = json_object_get(obj, "unless");
    json_t *unless_within = json_object_get(obj, "unless_within");
    json_t *doubt = json_object_get(obj, "doubt_below_percent_of_prior");
    json_t *ask = json_object_get(obj, "ask_model");
    char problem[700];
    size_t i;
    int s;
    if (!json_is_object(obj)) return fail(ld, NULL, "rules", "every rule must be an object");
    rule->id = string_field(obj, "id");
    if (!rule->id || !*rule->id) return fail(ld, NULL, "rules", "a rule has no \"id\"");
    for (i = 0; i < rule->index; i++)
        if (strcmp(pack->rules[i].id, rule->id) == 0) return fail(ld, rule->id, NULL, "duplicate rule id");
    if (!required_string(ld, obj, "category", rule->id, &rule->category)) return 0;
    if (!category_known(rule->category) || strcmp(rule->category, "spelling") == 0) {
        snprintf(problem, sizeof problem, "unknown category \"%.100s\" (see CONTRACT.md)", rule->category);
        return fail(ld, rule->id, rule->category, problem);
    }
    if (!required_string(ld, obj, "severity", rule->id, &severity)) return 0;
    s = severity_lookup(severity);
    if (s < 0) return fail(ld, rule->id, severity, "\"severity\" must be error, warning or suggestion");
    rule->severity = (nb_severity)s;
    if (!required_string(ld, obj, "section", rule->id, &section)) return 0;
    rule->section = section_find(pack, section);
    if (!rule->section) {
        snprintf(problem, sizeof problem, "section \"%.100s\" is not in the pack's sections", section);
        return fail(ld, rule->id, section, problem);
    }
    if (!required_string(ld, obj, "message", rule->id, &rule->message)) return 0;
    rule->suggestions = json_object_get(obj, "suggestions");
    if (rule->suggestions && !is_string_array(rule->suggestions))
        return fail(ld, rule->id, "suggestions", "\"suggestions\" must be an array of strings");
    if (!match_parse(ld, json_object_get(obj, "match"), rule)) return 0;
    if (near && !near_parse(ld, near, rule)) return 0;
    if (unless && !cues_parse(ld, unless, rule->id, "unless", &rule->unless)) return 0;
    if (unless_within) {
        if (!is_integer_in(unless_within, 0, 10000))
            return fail(ld, rule->id, "unless_within", "\"unless_within\" must be a number of words");
        rule->unless.within = (int)json_integer_value(unless_within);
    }
    if (doubt) {
        if (!is_integer_in(doubt, 1, 5000) || !rule_doubtable(rule))
            return fail(ld, rule->id, "doubt_below_percent_of_prior",
                        "\"doubt_below_percent_of_prior\" must be a whole number from 1 to 5000, on a phrase or pattern rule");
        rule->doubt_share = (double)json_integer_value(doubt) / 100.0;  /* doubt_parse finds its model output */
    }
    if (ask) {
        if (!json_is_boolean(ask) || rule->kind != MATCH_IDENTIFIER || rule->severity == SEVERITY_ERROR)
            return fail(ld, rule->id, "ask_model", "\"ask_model\" must be true or false, on an identifier rule below error");
        rule->asks_model = json_is_true(ask);
    }
    if (!replaces_parse(ld, obj, rule)) return 0;
    return examples_parse(ld, json_object_get(obj, "examples"), rule);
}

static int sections_parse(loader *ld, nb_pack *pack)
{
    json_t *list = json_object_get(pack->doc, "sections"), *obj;
    size_t i;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(ld, NULL, "sections", "\"sections\" must be a non-empty array");
    pack->n_sections = json_array_size(list);
    pack->sections = calloc(pack->n_sections, sizeof *pack->sections);
    if (!pack->sections) abort();
    json_array_foreach(list, i, obj) {
        nb_section *sec = &pack->sections[i];
        if (!json_is_object(obj)) return fail(ld, NULL, "sections", "every section must be an object");
        sec->number = string_field(obj, "number");
        sec->title = string_field(obj, "title");
        sec->summary = string_field(obj, "summary");
        sec->url = string_field(obj, "url");
        if (!sec->number || !*sec->number || !sec->title || !*sec->title || !sec->summary)
            return fail(ld, NULL, sec->number ? sec->number : "sections",
                        "every section needs a \"number\", a \"title\" and a \"summary\"");
        if (!sec->url || !*sec->url) sec->url = pack->document_url;
    }
    return 1;
}

static int header_parse(loader *ld, nb_pack *pack)
{
    json_t *format = json_object_get(pack->doc, "format");
    const char *p;
    if (!json_is_integer(format) || json_integer_value(format) != 1)
        return fail(ld, NULL, "format", "\"format\" must be 1");
    if (!required_string(ld, pack->doc, "id", NULL, &pack->id) ||
        !required_string(ld, pack->doc, "name", NULL, &pack->name) ||
        !required_string(ld, pack->doc, "organisation", NULL, &pack->organisation) ||
        !required_string(ld, pack->doc, "version", NULL, &pack->version) ||
        !required_string(ld, pack->doc, "document_url", NULL, &pack->document_url))
        return 0;
    for (p = pack->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return fail(ld, NULL, "id", "\"id\" must be lower-case letters, digits and hyphens");
    return 1;
}

/* The pack's own allowed words, and those of the pack it inherits from (taken over from it). */
static int allow_parse(loader *ld, nb_pack *pack)
{
    json_t *allow = json_object_get(pack->doc, "allow"), *item;
    nb_pack *parent = ld->parent;
    size_t i;
    if (allow && !is_string_array(allow)) return fail(ld, NULL, "allow", "\"allow\" must be an array of strings");
    pack->allow = calloc(json_array_size(allow) + (parent ? parent->n_allow : 0) + 1, sizeof *pack->allow);
    if (!pack->allow) abort();
    json_array_foreach(allow, i, item) pack->allow[pack->n_allow++] = lower_copy(json_string_value(item));
    for (i = 0; parent && i < parent->n_allow; i++) pack->allow[pack->n_allow++] = parent->allow[i];
    if (parent) parent->n_allow = 0;
    qsort(pack->allow, pack->n_allow, sizeof *pack->allow, compare_strings);
    return 1;
}

/* The pack's own rules (none is fine when it inherits), with room after them for the rules it inherits. */
static int rules_parse(loader *ld, nb_pack *pack)
{
    json_t *rules = json_object_get(pack->doc, "rules"), *obj;
    size_t i, inherited = ld->parent ? ld->parent->n_rules : 0;
    if (ld->parent ? rules && !json_is_array(rules) : !json_is_array(rules) || json_array_size(rules) == 0)
        return fail(ld, NULL, "rules", ld->parent ? "\"rules\" must be an array" : "\"rules\" must be a non-empty array");
    pack->rules = calloc(json_array_size(rules) + inherited + 1, sizeof *pack->rules);
    if (!pack->rules) abort();
    json_array_foreach(rules, i, obj) {
        nb_rule *rule = &pack->rules[i];
        rule->index = i;
        pack->n_rules = i + 1;
        if (!rule_parse(ld, pack, obj, rule)) return 0;
    }
    return 1;
}

/* "model_doubt": {"below_percent_of_prior": N}: the pack's own phrase and pattern rules below error
 * severity are withdrawn where the word model gives their category under N% of what it gives a post
 * with no words. Up to 100 only words against the category withdraw a warning; above it the words
 * must argue for the category to keep one. N stops at 5000: at fifty times a prior of 1% the bar is
 * past the model rules' own 50%, and such a category's phrase rules would add nothing to them.
 * Errors are doubted only when the pack also gives "errors_below_percent_of_prior", and only by words
 * against their category (up to 100): a missed threat costs more than a false alarm, so a post the
 * model does not know keeps its error. "below_percent": F (1 to 50) also withdraws the rules below
 * error where the model gives their category under F% outright: the rarer categories' no-words
 * probability is so small (0.015% for shift swaps) that fifty times it is cleared by faint words. A
 * rule's own "doubt_below_percent_of_prior" (1 to 5000, any severity) overrides all of these for that
 * rule: a rule whose words are often innocent, such as a first name near "bed", can ask the model to
 * agree before it warns. Identifiers are never doubted. Inherited rules keep what their own pack said. */
static int doubt_parse(loader *ld, nb_pack *pack)
{
    const json_t *doubt = json_object_get(pack->doc, "model_doubt");
    const json_t *percent = json_object_get(doubt, "below_percent_of_prior");
    const json_t *errors = json_object_get(doubt, "errors_below_percent_of_prior");
    const json_t *least = json_object_get(doubt, "below_percent");
    const nb_model *m = ld->shared ? ld->shared->model : NULL;
    size_t i;
    if (doubt &&
        (!json_is_object(doubt) || json_object_size(doubt) != (size_t)(1 + (errors != NULL) + (least != NULL)) ||
         !is_integer_in(percent, 1, 5000) || (errors && !is_integer_in(errors, 1, 100)) ||
         (least && !is_integer_in(least, 1, 50))))
        return fail(ld, NULL, "model_doubt",
                    "\"model_doubt\" must be {\"below_percent_of_prior\": N} with N a whole number from 1 to 5000, "
                    "and may add \"errors_below_percent_of_prior\": M with M from 1 to 100 and \"below_percent\": F "
                    "with F from 1 to 50");
    for (i = 0; i < pack->n_rules; i++) {
        nb_rule *rule = &pack->rules[i];
        int own = rule->doubt_share > 0;    /* the rule's own, from rule_parse */
        const json_t *share = rule->severity == SEVERITY_ERROR ? errors : percent;
        int output;
        if (!rule_doubtable(rule) || (!own && !share)) continue;
        if (!m)
            return fail(ld, own ? rule->id : NULL, own ? "doubt_below_percent_of_prior" : "model_doubt",
                        "the word model is not loaded, so the model cannot doubt rules");
        output = model_output(m, rule->category);
        if (output < 0) {
            rule->doubt_share = 0;
            continue;
        }
        rule->model_output = output;
        if (own) continue;
        rule->doubt_share = (double)json_integer_value(share) / 100.0;
        if (least && rule->severity != SEVERITY_ERROR) rule->doubt_floor = (double)json_integer_value(least) / 100.0;
    }
    return 1;
}

#define AGREE_MAX_MILLI 1000000

/* One category's weights of "model_agree" into out (MODEL_AGREE_FIXED, then one per model output; an
 * output the entry leaves out weighs 0). They are whole thousandths, as the model's own are, so the
 * embedded pack stays plain JSON (plainjson.h). */
static int agree_weights_read(loader *ld, const nb_model *m, const char *category, const json_t *entry, float *out)
{
    static const char *const fixed[MODEL_AGREE_FIXED] = {"bias", "rule", "model", "length"};
    const json_t *outputs = json_object_get(entry, "outputs"), *v;
    const char *name;
    char problem[320];
    size_t k;
    snprintf(problem, sizeof problem,
             "\"model_agree\" weights for \"%.60s\" must be {\"bias\", \"rule\", \"model\", \"length\": thousandths, "
             "\"outputs\": {OUTPUT: thousandths}} for a category of the contract, in whole numbers", category);
    if (!category_known(category) || !json_is_object(entry) || json_object_size(entry) != MODEL_AGREE_FIXED + 1 ||
        !json_is_object(outputs))
        return fail(ld, NULL, "model_agree", problem);
    for (k = 0; k < MODEL_AGREE_FIXED; k++) {
        v = json_object_get(entry, fixed[k]);
        if (!is_integer_in(v, -AGREE_MAX_MILLI, AGREE_MAX_MILLI)) return fail(ld, NULL, "model_agree", problem);
        out[k] = (float)json_integer_value(v) / 1000.0f;
    }
    memset(out + MODEL_AGREE_FIXED, 0, model_outputs(m) * sizeof *out);
    json_object_foreach((json_t *)outputs, name, v) {
        int output = model_output(m, name);
        if (output < 0) {
            snprintf(problem, sizeof problem, "\"model_agree\" weighs \"%.60s\", which the word model has no output for", name);
            return fail(ld, NULL, "model_agree", problem);
        }
        if (!is_integer_in(v, -AGREE_MAX_MILLI, AGREE_MAX_MILLI)) return fail(ld, NULL, "model_agree", problem);
        out[MODEL_AGREE_FIXED + output] = (float)json_integer_value(v) / 1000.0f;
    }
    return 1;
}

/* "model_agree": {"below_percent": P, "weights": {CATEGORY: {...}}}: the model's second opinion on the
 * pack's own rules below error, identifiers apart (model_agreement). Each category's weights read every
 * output of the model, not only the category's own, with whether phrases or the model raised it; its
 * warnings are withdrawn where the agreement is under P%. The weights are fitted by
 * packs/model/agree.js on the development posts' cross-validated probabilities (docs/model.md), so
 * they belong to the model they were fitted with. Each rule gets its own copy, so inherited rules keep
 * what their own pack said. */
static int agree_parse(loader *ld, nb_pack *pack)
{
    const json_t *agree = json_object_get(pack->doc, "model_agree");
    const json_t *percent = json_object_get(agree, "below_percent");
    const json_t *weights = json_object_get(agree, "weights"), *entry;
    const nb_model *m = ld->shared ? ld->shared->model : NULL;
    const char *category;
    size_t i, n;
    float *scratch;
    if (!agree) return 1;
    if (!json_is_object(agree) || json_object_size(agree) != 2 || !is_integer_in(percent, 1, 99) ||
        !json_is_object(weights))
        return fail(ld, NULL, "model_agree",
                    "\"model_agree\" must be {\"below_percent\": P, \"weights\": {CATEGORY: {...}}} with P a whole "
                    "number from 1 to 99");
    if (!m) return fail(ld, NULL, "model_agree", "the word model is not loaded, so the model cannot be asked to agree");
    n = MODEL_AGREE_FIXED + model_outputs(m);
    scratch = malloc(n * sizeof *scratch);
    if (!scratch) abort();
    json_object_foreach((json_t *)weights, category, entry) {
        if (!agree_weights_read(ld, m, category, entry, scratch)) {
            free(scratch);
            return 0;
        }
    }
    free(scratch);
    for (i = 0; i < pack->n_rules; i++) {
        nb_rule *rule = &pack->rules[i];
        entry = json_object_get(weights, rule->category);
        if (!entry || rule_certain(rule)) continue;
        rule->agree = malloc(n * sizeof *rule->agree);
        if (!rule->agree) abort();
        agree_weights_read(ld, m, rule->category, entry, rule->agree);
        rule->agree_above = (double)json_integer_value(percent) / 100.0;
    }
    return 1;
}

/* ---- inheritance ---- */

static nb_pack *pack_load_within(const char *json, size_t len, const nb_shared *shared, const chain *waiting,
                                 nb_error *error);

static int id_listed(const json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) if (json_is_string(item) && strcmp(json_string_value(item), id) == 0) return 1;
    return 0;
}

/* "a -> b -> a": the packs waiting, outermost first, then `id` again. */
static void chain_describe(const chain *inner, const char *id, char *buf, size_t cap)
{
    size_t used;
    if (!inner) {
        snprintf(buf, cap, "%s", id);
        return;
    }
    chain_describe(inner->outer, inner->id, buf, cap);
    used = strlen(buf);
    snprintf(buf + used, cap - used, " -> %s", id);
}

/* Loads the pack named in "inherit" into ld->parent and keeps its documents for the strings its rules
 * point into; refuses a pack that is already waiting for this one. */
static int inherit_load_parent(loader *ld, nb_pack *pack)
{
    const char *id = string_field(ld->inherit, "pack");
    chain here = { pack->id, ld->waiting };
    const chain *c;
    nb_pack_text text;
    nb_error parent_error;
    char problem[800], where[600];
    if (!id || !*id) return fail_inherit(ld, "pack", "\"pack\" must be the id of a built-in pack");
    for (c = &here; c; c = c->outer) {
        if (strcmp(c->id, id) == 0) {
            chain_describe(&here, id, where, sizeof where);
            snprintf(problem, sizeof problem, "inheritance cycle %s", where);
            return fail_inherit(ld, id, problem);
        }
    }
    if (!pack->shared || !pack->shared->find_pack || !pack->shared->find_pack(pack->shared->find_context, id, &text)) {
        snprintf(problem, sizeof problem, "unknown pack \"%.100s\" (only built-in packs can be inherited from)", id);
        return fail_inherit(ld, id, problem);
    }
    ld->parent = pack_load_within(text.json, text.len, pack->shared, &here, &parent_error);
    if (!ld->parent) {
        pack_error_format(text.source, &parent_error, where, sizeof where);
        snprintf(problem, sizeof problem, "pack \"%.100s\" does not load: %s", id, where);
        return fail_inherit(ld, id, problem);
    }
    pack->ancestors = json_array();
    json_array_append(pack->ancestors, ld->parent->doc);
    if (ld->parent->ancestors) json_array_extend(pack->ancestors, ld->parent->ancestors);
    return 1;
}

static int inherit_check_section_number(loader *ld, const nb_pack *pack, const char *key, const char *number)
{
    char problem[300];
    if (section_find(pack, number)) return 1;
    snprintf(problem, sizeof problem, "section \"%.100s\" (for %.100s) is not in the pack's sections", number, key);
    return fail_inherit(ld, key, problem);
}

/* An override, per section in "sections" (where "section" is required) or per rule in "rules": an
 * object of "section", "message" and "severity". */
static int inherit_check_override(loader *ld, const nb_pack *pack, const char *key, const json_t *override,
                                  int needs_section)
{
    static const char *const fields[] = { "section", "message", "severity", NULL };
    const char *field, *section = string_field(override, "section"), *severity = string_field(override, "severity");
    json_t *value;
    int i;
    if (!json_is_object(override) || json_object_size(override) == 0 || (needs_section && !section))
        return fail_inherit(ld, key, needs_section ? "a section maps to null, a section number, or an object with "
                                                     "\"section\" (and \"message\", \"severity\")"
                                                   : "an override must be an object of \"section\", \"message\", \"severity\"");
    json_object_foreach((json_t *)override, field, value) {
        for (i = 0; fields[i] && strcmp(fields[i], field) != 0; i++) {}
        if (!fields[i] || !json_is_string(value) || !*json_string_value(value))
            return fail_inherit(ld, key, "an override has only \"section\", \"message\" and \"severity\", each a non-empty string");
    }
    if (severity && severity_lookup(severity) < 0)
        return fail_inherit(ld, key, "\"severity\" must be error, warning or suggestion");
    return !section || inherit_check_section_number(ld, pack, key, section);
}

/* "sections": every key a section of the parent, mapped to null, a section of this pack, or an override. */
static int inherit_check_sections(loader *ld, const nb_pack *pack)
{
    json_t *map = json_object_get(ld->inherit, "sections"), *value;
    const char *number;
    char problem[300];
    if (!map) return 1;
    if (!json_is_object(map))
        return fail_inherit(ld, "sections", "\"sections\" must map the inherited pack's sections to this pack's");
    json_object_foreach(map, number, value) {
        if (!section_find(ld->parent, number)) {
            snprintf(problem, sizeof problem, "\"%.100s\" is not a section of pack \"%.100s\"", number, ld->parent->id);
            return fail_inherit(ld, number, problem);
        }
        if (json_is_null(value)) continue;
        if (json_is_string(value) ? !inherit_check_section_number(ld, pack, number, json_string_value(value))
                                  : !inherit_check_override(ld, pack, number, value, 1))
            return 0;
    }
    return 1;
}

/* "except": rule ids of the parent. */
static int inherit_check_except(loader *ld)
{
    json_t *except = json_object_get(ld->inherit, "except"), *item;
    char problem[300];
    size_t i;
    if (!except) return 1;
    if (!is_string_array(except)) return fail_inherit(ld, "except", "\"except\" must be an array of rule ids");
    json_array_foreach(except, i, item) {
        if (!rule_find(ld->parent, json_string_value(item))) {
            snprintf(problem, sizeof problem, "\"except\" names \"%.100s\", which is not a rule of pack \"%.100s\"",
                     json_string_value(item), ld->parent->id);
            return fail_inherit(ld, json_string_value(item), problem);
        }
    }
    return 1;
}

/* "rules": an override per parent rule. */
static int inherit_check_overrides(loader *ld, const nb_pack *pack)
{
    json_t *rules = json_object_get(ld->inherit, "rules"), *override;
    const char *id;
    char problem[300];
    if (!rules) return 1;
    if (!json_is_object(rules)) return fail_inherit(ld, "rules", "\"rules\" must map inherited rule ids to overrides");
    json_object_foreach(rules, id, override) {
        if (!rule_find(ld->parent, id)) {
            snprintf(problem, sizeof problem, "\"rules\" names \"%.100s\", which is not a rule of pack \"%.100s\"", id,
                     ld->parent->id);
            return fail_inherit(ld, id, problem);
        }
        if (!inherit_check_override(ld, pack, id, override, 0)) return 0;
    }
    return 1;
}

static int inherit_parse(loader *ld, nb_pack *pack)
{
    static const char *const fields[] = { "pack", "sections", "rules", "except", NULL };
    const char *key;
    json_t *value;
    char problem[200];
    int i;
    if (!json_is_object(ld->inherit)) return fail(ld, NULL, "inherit", "\"inherit\" must be an object");
    json_object_foreach((json_t *)ld->inherit, key, value) {
        for (i = 0; fields[i] && strcmp(fields[i], key) != 0; i++) {}
        if (!fields[i]) {
            snprintf(problem, sizeof problem, "unknown field \"%.100s\" (pack, sections, rules, except)", key);
            return fail_inherit(ld, key, problem);
        }
    }
    return inherit_load_parent(ld, pack) && inherit_check_sections(ld, pack) && inherit_check_except(ld) &&
           inherit_check_overrides(ld, pack);
}

/* How the pack inherits one of the parent's rules: the section it cites (NULL: not inherited), and its
 * own message and severity where it overrides them (NULL, -1: the parent's). */
typedef struct placement {
    const nb_section *section;
    const char *message;
    int severity;
} placement;

/* A rule's own override decides; without a section of its own, the rule goes where its parent section
 * maps, with that mapping's message and severity. Excepted and replaced rules are not inherited. */
static placement inherit_place(const loader *ld, const nb_pack *pack, size_t n_own, const nb_rule *rule)
{
    placement place = { NULL, NULL, -1 };
    const json_t *by_rule = json_object_get(json_object_get(ld->inherit, "rules"), rule->id);
    const json_t *by_section = json_object_get(json_object_get(ld->inherit, "sections"), rule->section->number);
    const json_t *where = string_field(by_rule, "section") ? by_rule : by_section;
    const char *number = json_is_string(where) ? json_string_value(where) : string_field(where, "section");
    const char *severity = string_field(by_rule, "severity");
    size_t i;
    if (id_listed(json_object_get(ld->inherit, "except"), rule->id)) return place;
    for (i = 0; i < n_own; i++)
        if (pack->rules[i].replaces && id_listed(pack->rules[i].replaces, rule->id)) return place;
    place.section = number ? section_find(pack, number) : NULL;
    place.message = string_field(by_rule, "message");
    if (!place.message && where == by_section) place.message = string_field(by_section, "message");
    if (!severity && where == by_section) severity = string_field(by_section, "severity");
    place.severity = severity ? severity_lookup(severity) : -1;
    return place;
}

/* Moves the parent's inherited rules, compiled, after the pack's own rules, citing this pack's sections. */
static int inherit_take_rules(loader *ld, nb_pack *pack)
{
    nb_pack *parent = ld->parent;
    size_t i, n_own = pack->n_rules;
    char problem[300];
    for (i = 0; i < parent->n_rules; i++) {
        nb_rule *from = &parent->rules[i], *to;
        placement place = inherit_place(ld, pack, n_own, from);
        if (!place.section) {
            if (!json_object_get(json_object_get(ld->inherit, "rules"), from->id)) continue;
            snprintf(problem, sizeof problem,
                     "rule \"%.100s\" is overridden but not inherited (excepted, replaced, or %.100s is not mapped)",
                     from->id, from->section->number);
            return fail_inherit(ld, from->id, problem);
        }
        if (rule_find(pack, from->id))
            return fail(ld, from->id, NULL, "an own rule has the id of an inherited rule; rename it, or list the inherited one in \"replaces\"");
        to = &pack->rules[pack->n_rules];
        *to = *from;
        memset(from, 0, sizeof *from);      /* the compiled rule now belongs to this pack */
        to->index = pack->n_rules++;
        to->section = place.section;
        if (place.message) to->message = place.message;
        if (place.severity >= 0) to->severity = (nb_severity)place.severity;
    }
    if (pack->n_rules == 0) return fail_inherit(ld, NULL, "the pack has no rules of its own and inherits none");
    return 1;
}

/* Every phrase set of every rule (matches, near, unless) goes into one index. */
static void pack_index_phrases(nb_pack *pack)
{
    nb_phrase_set **sets = NULL;
    size_t n = 0, cap = 0, i, k;
    for (i = 0; i < pack->n_rules; i++) {
        nb_rule *r = &pack->rules[i];
        nb_phrase_set *found[64];
        size_t m = 0;
        if (r->phrases) found[m++] = r->phrases;
        for (k = 0; k < r->n_near && m < 63; k++) found[m++] = r->near[k].phrases;
        if (r->unless.phrases) found[m++] = r->unless.phrases;
        sets = array_reserve(sets, &cap, n + m, sizeof *sets);
        memcpy(sets + n, found, m * sizeof *found);
        n += m;
    }
    pack->phrases = phrase_index_new(pack->book, sets, n);
    free(sets);
}

/* The book of the pack inherited from carries on with this pack's own phrases: its words and lexicons
 * serve both, and the inherited rules' phrase sets were added with it. */
static void pack_take_book(loader *ld, nb_pack *pack)
{
    if (ld->parent) {
        pack->book = ld->parent->book;
        ld->parent->book = NULL;
    } else {
        pack->book = phrase_book_new();
    }
    ld->book = pack->book;
}

static nb_pack *pack_load_within(const char *json, size_t len, const nb_shared *shared, const chain *waiting,
                                 nb_error *error)
{
    json_error_t jerr;
    loader ld = { json, len, { NULL, NULL }, error, waiting, NULL, NULL, NULL, shared };
    nb_pack *pack = calloc(1, sizeof *pack);
    const char *spelling;
    json_t *lexicons;
    if (!pack) abort();
    pack->shared = shared;
    pack->doc = plainjson_read(json, len);
    if (!pack->doc) pack->doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!pack->doc) {
        error_set(error, jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1, "%s", jerr.text);
        free(pack);
        return NULL;
    }
    ld.lexicons.shared = shared ? shared->lexicons : NULL;
    lexicons = json_object_get(pack->doc, "lexicons");
    ld.lexicons.local = lexicons;
    ld.inherit = json_object_get(pack->doc, "inherit");
    if (!json_is_object(pack->doc)) { fail(&ld, NULL, NULL, "a pack must be a JSON object"); goto bad; }
    if (lexicons && !json_is_object(lexicons)) { fail(&ld, NULL, "lexicons", "\"lexicons\" must be an object"); goto bad; }
    if (!header_parse(&ld, pack) || !sections_parse(&ld, pack)) goto bad;
    if (ld.inherit && !inherit_parse(&ld, pack)) goto bad;
    if (!allow_parse(&ld, pack)) goto bad;
    spelling = string_field(pack->doc, "spelling_section");
    if (spelling && !(pack->spelling_section = section_find(pack, spelling))) {
        fail(&ld, NULL, "spelling_section", "\"spelling_section\" is not in the pack's sections");
        goto bad;
    }
    pack_take_book(&ld, pack);
    if (!rules_parse(&ld, pack) || !doubt_parse(&ld, pack) || !agree_parse(&ld, pack) ||
        (ld.parent && !inherit_take_rules(&ld, pack)))
        goto bad;
    pack_free(ld.parent);
    pack_index_phrases(pack);
    return pack;
bad:
    pack_free(ld.parent);
    pack_free(pack);
    return NULL;
}

nb_pack *pack_load(const char *json, size_t len, const nb_shared *shared, nb_error *error)
{
    return pack_load_within(json, len, shared, NULL, error);
}

void pack_free(nb_pack *pack)
{
    size_t i, k;
    if (!pack) return;
    for (i = 0; i < pack->n_rules; i++) {
        nb_rule *r = &pack->rules[i];
        phrase_set_free(r->phrases);
        regex_free(r->pattern);
        for (k = 0; k < r->n_near; k++) cues_free(&r->near[k]);
        free(r->near);
        cues_free(&r->unless);
        free(r->agree);
    }
    phrase_index_free(pack->phrases);
    phrase_book_free(pack->book);
    for (i = 0; i < pack->n_allow; i++) free(pack->allow[i]);
    free(pack->allow);
    free(pack->rules);
    free(pack->sections);
    json_decref(pack->doc);
    json_decref(pack->ancestors);
    free(pack);
}

/* ---- shared files ---- */

int shared_load(nb_shared *shared, const char *lexicons, size_t lexicons_len, const char *words, size_t words_len,
                nb_error *error)
{
    json_error_t jerr;
    size_t cap = 0, i = 0;
    memset(shared, 0, sizeof *shared);
    if (lexicons) {
        const char *name;
        json_t *list;
        shared->lexicons = plainjson_read(lexicons, lexicons_len);
        if (!shared->lexicons) shared->lexicons = json_loadb(lexicons, lexicons_len, JSON_REJECT_DUPLICATES, &jerr);
        if (!shared->lexicons || !json_is_object(shared->lexicons)) {
            error_set(error, jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1, "%s",
                      shared->lexicons ? "lexicons must be a JSON object of arrays" : jerr.text);
            shared_free(shared);
            return 0;
        }
        json_object_foreach(shared->lexicons, name, list) {
            if (!is_string_array(list)) {
                error_set(error, 1, 1, "lexicon \"%s\" must be an array of strings", name);
                shared_free(shared);
                return 0;
            }
        }
    }
    while (words && i < words_len) {
        size_t end = i, n;
        char line[256];
        while (end < words_len && words[end] != '\n') end++;
        n = end - i;
        while (n && (words[i + n - 1] == '\r' || words[i + n - 1] == ' ')) n--;
        if (n && n < sizeof line && words[i] != '#') {
            memcpy(line, words + i, n);
            line[n] = '\0';
            shared->words = array_reserve(shared->words, &cap, shared->n_words + 1, sizeof *shared->words);
            shared->words[shared->n_words++] = lower_copy(line);
        }
        i = end + 1;
    }
    if (shared->n_words) qsort(shared->words, shared->n_words, sizeof *shared->words, compare_strings);
    return 1;
}

void shared_free(nb_shared *shared)
{
    size_t i;
    for (i = 0; i < shared->n_words; i++) free(shared->words[i]);
    free(shared->words);
    json_decref(shared->lexicons);
    model_free(shared->model);
    memset(shared, 0, sizeof *shared);
}
