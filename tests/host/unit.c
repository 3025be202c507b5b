/* unit.c: unit tests for the host's pieces, linked against the real modules and dictionary.
 *
 * Covers what the protocol tests cannot see directly: the NHS checksum, every identifier detector,
 * UTF-8 sanitising and UTF-16 offsets (emoji, accents), the tokenizer, phrase stems, merging, and the
 * pack loader's error messages, roots without a dictionary, request parsing and plain JSON (the same
 * as jansson's), the word cache, the word model's loader, image, windows and spans. Prints one line per
 * failure and a closing "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "embedded.h"
#include "ident.h"
#include "model.h"
#include "plainjson.h"
#include "reach.h"
#include "regex.h"
#include "request.h"
#include "roots.h"
#include "utf.h"
#include "wordcache.h"

static int passed, failed;

#define EXPECT(cond, ...) do { \
        if (cond) passed++; \
        else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); putchar('\n'); } \
    } while (0)

static void test_nhs_checksum(void)
{
    static const char *valid[] = { "9434765919", "4010232137", "2213951837", "0032698674", "9434765870",
                                   "9876543210", "4000000632" };
    static const char *invalid[] = { "4010232138", "9434765871", "1234567890", "0000000000", "9999999999",
                                     "1111111111" };
    size_t i;
    for (i = 0; i < sizeof valid / sizeof *valid; i++)
        EXPECT(ident_nhs_number_valid(valid[i]), "%s should be a valid NHS number", valid[i]);
    for (i = 0; i < sizeof invalid / sizeof *invalid; i++)
        EXPECT(!ident_nhs_number_valid(invalid[i]), "%s should not be a valid NHS number", invalid[i]);
}

/* The identifier `kind` finds exactly `want` (a span's text, or NULL for nothing) in text. */
static void expect_ident(nb_ident kind, const char *text, const char *want)
{
    nb_tokens tokens = {0};
    nb_spans spans = {0};
    size_t n;
    tokens_split(text, strlen(text), &tokens);
    n = ident_find(kind, text, strlen(text), &tokens, &spans);
    if (!want) EXPECT(n == 0, "%s: nothing expected in \"%s\", found %zu", ident_name(kind), text, n);
    else
        EXPECT(n == 1 && spans.v[0].end - spans.v[0].start == strlen(want) &&
                   memcmp(text + spans.v[0].start, want, strlen(want)) == 0,
               "%s: expected \"%s\" in \"%s\" (found %zu)", ident_name(kind), want, text, n);
    spans_free(&spans);
    tokens_free(&tokens);
}

static void test_identifiers(void)
{
    /* identifier, post, the one span it must find (NULL: nothing) */
    static const struct { nb_ident kind; const char *text, *want; } cases[] = {
        { IDENT_NHS_NUMBER, "NHS no 943 476 5919, discharged", "943 476 5919" },
        { IDENT_NHS_NUMBER, "number 401-023-2137.", "401-023-2137" },
        { IDENT_NHS_NUMBER, "id 9434765919", "9434765919" },
        { IDENT_NHS_NUMBER, "nbsp 943\xC2\xA0" "476\xC2\xA0" "5919 pasted", "943\xC2\xA0" "476\xC2\xA0" "5919" },
        { IDENT_NHS_NUMBER, "fails checksum 943 476 5918", NULL },
        { IDENT_NHS_NUMBER, "fullwidth \xEF\xBC\x99\xEF\xBC\x94\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x97\xEF\xBC\x96\xEF\xBC\x95\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x99 here", "\xEF\xBC\x99\xEF\xBC\x94\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x97\xEF\xBC\x96\xEF\xBC\x95\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x99" },
        { IDENT_NHS_NUMBER, "repdigit 0000000000", NULL },
        { IDENT_NHS_NUMBER, "longer 94347659190", NULL },
        { IDENT_NHS_NUMBER, "mixed 943-476 5919", NULL },
        { IDENT_HOSPITAL_NUMBER, "look up RX1234567 please", "RX1234567" },
        { IDENT_HOSPITAL_NUMBER, "flight BA2490 now", NULL },
        { IDENT_HOSPITAL_NUMBER, "IT ticket INC0048812 still open", NULL },
        { IDENT_NINO, "NI AB 12 34 56 C thanks", "AB 12 34 56 C" },
        { IDENT_NINO, "NI GB123456A is not valid", NULL },
        { IDENT_POSTCODE, "lives at LE1 5WW now", "LE1 5WW" },
        { IDENT_POSTCODE, "sw1a 1aa", "sw1a 1aa" },
        { IDENT_POSTCODE, "in 2 days", NULL },
        { IDENT_PHONE, "ring 07700 900123 tonight", "07700 900123" },
        { IDENT_PHONE, "ring +44 7700 900123", "+44 7700 900123" },
        { IDENT_PHONE, "NHS 0032698674", NULL },
        { IDENT_EMAIL, "mail jo.bloggs@nhs.net today", "jo.bloggs@nhs.net" },
        { IDENT_DATE, "on 12/03/1950 at", "12/03/1950" },
        { IDENT_DATE, "on 3rd March 2021", "3rd March 2021" },
        { IDENT_DOB, "DOB 12/03/1950", "12/03/1950" },
        { IDENT_DOB, "born on 3 March 1950", "3 March 1950" },
        { IDENT_DOB, "clinic on 12/03/2024", NULL },
        { IDENT_PERSON_NAME, "Mrs Patel in bed 4", "Mrs Patel" },
        { IDENT_PERSON_NAME, "Mr \xC3\x93lafur Arnalds", "Mr \xC3\x93lafur Arnalds" },
        { IDENT_PERSON_NAME, "mrs is lower case", NULL },
        { IDENT_AGE, "a 78 year old man", "78 year old" },
        { IDENT_AGE, "aged 92 and", "aged 92" },
        { IDENT_STREET_ADDRESS, "keys to 14 Orchard Rise, Anstey", "14 Orchard Rise" },
        { IDENT_STREET_ADDRESS, "Flat 3, 22 Lime Tree close", "22 Lime Tree close" },
        { IDENT_STREET_ADDRESS, "5 minutes down the road", NULL },
        { IDENT_STREET_ADDRESS, "2 people in the car park", NULL },
        { IDENT_STREET_ADDRESS, "walked down Orchard Rise", NULL },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) expect_ident(cases[i].kind, cases[i].text, cases[i].want);
}

static void test_utf(void)
{
    /* "é" is 2 bytes, 1 unit; "😀" 4 bytes, 2 units; the invalid byte becomes U+FFFD (3 bytes, 1 unit). */
    const char text[] = "caf\xC3\xA9 \xF0\x9F\x98\x80 x\xFFy";
    size_t len;
    char *clean = utf_sanitize(text, sizeof text - 1, &len);
    uint32_t *map = utf_map_utf16(clean, len);
    EXPECT(len == sizeof text - 1 + 2, "sanitised length %zu", len);
    EXPECT(memcmp(clean + len - 4, "\xEF\xBF\xBDy", 4) == 0, "invalid byte replaced by U+FFFD");
    EXPECT(map[5] == 4, "offset after cafe-acute is 4 units, got %u", map[5]);
    EXPECT(map[10] == 7, "offset after the emoji is 7 units, got %u", map[10]);
    EXPECT(map[len] == 11, "total is 11 units, got %u", map[len]);
    {
        static const char zeros[1 + UTF_PAD];
        EXPECT(memcmp(clean + len, zeros, sizeof zeros) == 0, "the NUL is followed by %d zero bytes for PCRE2's JIT",
               UTF_PAD);
    }
    free(map);
    free(clean);
    clean = utf_sanitize("\xC0\xAF\xED\xA0\x80", 5, &len);  /* overlong and surrogate: all invalid */
    EXPECT(len == 15, "overlong and surrogate bytes each replaced, length %zu", len);
    free(clean);
}

static void test_tokens(void)
{
    const char *text = "The patient's follow-up #ShiftSwap @ward4 see https://nhs.uk/x, mail a.b@nhs.net NHS";
    nb_tokens t = {0};
    char buf[64];
    tokens_split(text, strlen(text), &t);
    EXPECT(t.n == 11, "11 tokens, got %zu", t.n);
    if (t.n == 11) {
        tokens_lower(text, &t.v[1], buf, sizeof buf);
        EXPECT(strcmp(buf, "patient's") == 0, "inner apostrophe kept: %s", buf);
        EXPECT(t.v[0].flags & TOK_SENTENCE_START, "first word starts a sentence");
        EXPECT(t.v[2].end - t.v[2].start == 6 && t.v[3].end - t.v[3].start == 2, "hyphen splits follow-up");
        EXPECT(t.v[4].flags & TOK_HASHTAG, "hashtag flagged");
        EXPECT(t.v[5].flags & TOK_MENTION, "mention flagged");
        EXPECT((t.v[7].flags & TOK_LINK) && text[t.v[7].end] == ',', "URL is one token without its comma");
        EXPECT(t.v[9].flags & TOK_LINK, "email is one link token");
        EXPECT(t.v[10].flags & TOK_ALL_CAPS, "NHS is an acronym");
    }
    tokens_split("x", 1, &t);
    tokens_split("", 0, &t);
    EXPECT(t.n == 0, "empty text has no tokens");
    tokens_free(&t);
}

/* Loads a pack from text and expects the error to contain `want` at `line`. */
static void expect_pack_error(nb_engine *e, const char *json, int line, const char *want)
{
    nb_error error;
    nb_pack *pack, *nhs = library_get(e->library, "nhs", &error);
    error_clear(&error);
    pack = pack_load(json, strlen(json), nhs ? nhs->shared : NULL, &error);
    EXPECT(!pack && strstr(error.text, want) && (line == 0 || error.line == line),
           "pack error \"%s\" at line %d expected, got \"%s\" at line %d", want, line, error.text, error.line);
    pack_free(pack);
}

#define PACK_HEAD "{\"format\":1,\"id\":\"t\",\"name\":\"n\",\"organisation\":\"o\",\"version\":\"1\"," \
    "\"document_url\":\"u\",\"sections\":[{\"number\":\"1\",\"title\":\"T\",\"summary\":\"s\"}],\n\"rules\":[\n"
#define EXAMPLES "\"examples\":{\"flag\":[\"a\",\"b\",\"c\"],\"pass\":[\"d\",\"e\",\"f\"]}"
/* A rule of section 1 with message "m"; MORE is further members, each ending in a comma, or "". */
#define RULE(ID, CATEGORY, SEVERITY, MORE, MATCH)                                                          \
    "{\"id\":\"" ID "\",\"category\":\"" CATEGORY "\",\"severity\":\"" SEVERITY "\",\"section\":\"1\"," MORE \
    "\"message\":\"m\",\"match\":" MATCH "," EXAMPLES "}"

static void test_pack_errors(nb_engine *e)
{
    expect_pack_error(e, "{\"format\":1,\n\"id\": }", 2, "");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"gossip\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}]}", 3,
                      "rule r1: unknown category \"gossip\"");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"9\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}]}", 3,
                      "rule r1: section \"9\" is not in the pack's sections");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"pattern\":\"(unclosed\"}," EXAMPLES "}]}", 3,
                      "rule r1: pattern does not compile");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"@nowhere\"]}," EXAMPLES "}]}", 3,
                      "rule r1: phrase \"@nowhere\": unknown lexicon @nowhere");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"identifier\":\"shoe-size\"}," EXAMPLES "}]}", 3,
                      "rule r1: unknown identifier \"shoe-size\"");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]},\"examples\":{\"flag\":[\"a\"],\"pass\":[]}}]}",
                      3, "rule r1: \"examples\" must have");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"model\":\"gossip\"}," EXAMPLES "}]}", 3,
                      "rule r1: the word model has no output \"gossip\"");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"model\":\"legal\",\"percent\":0.5}," EXAMPLES "}]}", 3,
                      "rule r1: \"percent\" must be a whole number from 1 to 99");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"],\"percent\":50}," EXAMPLES "}]}", 3,
                      "rule r1: \"match\" must have exactly one of phrases, pattern, identifier, model");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"fatal\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}]}", 3,
                      "rule r1: \"severity\" must be");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"warning\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}],\n\n"
                         "\"model_doubt\":{\"below_percent_of_prior\":5001}}", 5,
                      "\"model_doubt\" must be {\"below_percent_of_prior\": N} with N a whole number from 1 to 5000");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"warning\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}],\n"
                         "\"model_doubt\":{\"below_percent_of_prior\":500,\"errors_below_percent_of_prior\":101}}", 4,
                      "may add \"errors_below_percent_of_prior\": M with M from 1 to 100");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"warning\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}],\n"
                         "\"model_doubt\":{\"below_percent_of_prior\":500,\"below_percent\":51}}", 4,
                      "and \"below_percent\": F with F from 1 to 50");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"warning\",\"section\":\"1\","
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}],\n"
                         "\"model_doubt\":{\"errors_below_percent_of_prior\":10}}", 4,
                      "must be {\"below_percent_of_prior\": N}");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"doubt_below_percent_of_prior\":5001,"
                         "\"message\":\"m\",\"match\":{\"phrases\":[\"x\"]}," EXAMPLES "}]}", 3,
                      "rule r1: \"doubt_below_percent_of_prior\" must be a whole number from 1 to 5000, on a phrase or pattern rule");
    expect_pack_error(e, PACK_HEAD "{\"id\":\"r1\",\"category\":\"legal\",\"severity\":\"error\",\"section\":\"1\","
                         "\"doubt_below_percent_of_prior\":50,"
                         "\"message\":\"m\",\"match\":{\"identifier\":\"nhs-number\"}," EXAMPLES "}]}", 3,
                      "on a phrase or pattern rule");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "\"ask_model\":true,", "{\"phrases\":[\"x\"]}") "]}", 3,
                      "rule r1: \"ask_model\" must be true or false, on an identifier rule below error");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "error", "\"ask_model\":true,", "{\"identifier\":\"postcode\"}") "]}", 3,
                      "on an identifier rule below error");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "\"ask_model\":1,", "{\"identifier\":\"postcode\"}") "]}", 3,
                      "must be true or false");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "", "{\"phrases\":[\"x\"]}") "],\n"
                         "\"model_agree\":{\"below_percent\":100,\"weights\":{}}}", 4,
                      "\"model_agree\" must be {\"below_percent\": P, \"weights\": {CATEGORY: {...}}} with P a whole number from 1 to 99");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "", "{\"phrases\":[\"x\"]}") "],\n"
                         "\"model_agree\":{\"below_percent\":60,\"weights\":{\"gossip\":{}}}}", 4,
                      "\"model_agree\" weights for \"gossip\" must be");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "", "{\"phrases\":[\"x\"]}") "],\n"
                         "\"model_agree\":{\"below_percent\":60,\"weights\":{\"legal\":{\"bias\":1,\"rule\":1,"
                         "\"model\":1,\"length\":0.5,\"outputs\":{}}}}}", 4,
                      "\"model_agree\" weights for \"legal\" must be");
    expect_pack_error(e, PACK_HEAD RULE("r1", "legal", "warning", "", "{\"phrases\":[\"x\"]}") "],\n"
                         "\"model_agree\":{\"below_percent\":60,\"weights\":{\"legal\":{\"bias\":1,\"rule\":1,"
                         "\"model\":1,\"length\":1,\"outputs\":{\"gossip\":1}}}}}", 4,
                      "\"model_agree\" weighs \"gossip\", which the word model has no output for");
}

/* model_doubt reaches the pack's phrase and pattern rules below error, errors only at their own share
 * when the pack gives one, its floor only rules below error, and never an identifier or another kind
 * of rule; a rule's own doubt_below_percent_of_prior outranks all of it, with or without a model_doubt. */
static void test_pack_doubt(nb_engine *e)
{
    static const char rules[] = PACK_HEAD
        RULE("w", "legal", "warning", "", "{\"phrases\":[\"x\"]}") ","
        RULE("e", "legal", "error", "", "{\"phrases\":[\"x\"]}") ","
        RULE("n", "patient-identifiable", "error", "", "{\"identifier\":\"nhs-number\"}") ","
        RULE("p", "colleague", "suggestion", "", "{\"pattern\":\"x\"}") ","
        RULE("o", "colleague", "error", "\"doubt_below_percent_of_prior\":3000,", "{\"pattern\":\"x\"}") ","
        RULE("q", "legal", "warning", "\"doubt_below_percent_of_prior\":200,", "{\"phrases\":[\"x\"]}") "]";
    static const char *const doubts[] = {
        "}",
        ",\"model_doubt\":{\"below_percent_of_prior\":40}}",
        ",\"model_doubt\":{\"below_percent_of_prior\":40,\"errors_below_percent_of_prior\":10}}",
        ",\"model_doubt\":{\"below_percent_of_prior\":40,\"errors_below_percent_of_prior\":10,\"below_percent\":3}}",
    };
    nb_error error;
    nb_pack *nhs = library_get(e->library, "nhs", &error);
    size_t d;
    for (d = 0; d < 4; d++) {
        char json[sizeof rules + 120];
        nb_pack *pack;
        int colleague;
        snprintf(json, sizeof json, "%s%s", rules, doubts[d]);
        pack = pack_load(json, strlen(json), nhs ? nhs->shared : NULL, &error);
        EXPECT(pack != NULL, "a pack with model_doubt loads: %s", error.text);
        if (!pack) continue;
        colleague = model_output(pack->shared->model, "colleague");
        EXPECT(pack->rules[0].doubt_share == (d ? 0.4 : 0) &&
                   (!d || pack->rules[0].model_output == model_output(pack->shared->model, "legal")),
               "a warning phrase rule is doubted at %s", d ? "40%% of the prior" : "nothing unless the pack says");
        EXPECT(pack->rules[1].doubt_share == (d >= 2 ? 0.1 : 0), "an error phrase rule is doubted at %s",
               d >= 2 ? "its own 10%" : "nothing unless the pack says");
        EXPECT(pack->rules[2].doubt_share == 0, "identifiers are never doubted");
        EXPECT(pack->rules[3].doubt_share == pack->rules[0].doubt_share && (!d || pack->rules[3].model_output == colleague),
               "a suggestion pattern rule is doubted for its own category");
        EXPECT(pack->rules[0].doubt_floor == (d == 3 ? 0.03 : 0) && pack->rules[3].doubt_floor == pack->rules[0].doubt_floor,
               "rules below error are doubted under %s", d == 3 ? "the pack's floor of 3%%" : "no floor");
        EXPECT(pack->rules[1].doubt_floor == 0 && pack->rules[2].doubt_floor == 0, "errors and identifiers have no floor");
        EXPECT(pack->rules[4].doubt_share == 30 && pack->rules[4].doubt_floor == 0 && pack->rules[4].model_output == colleague,
               "an error rule with its own share is doubted at 30 times its prior and no floor, %s",
               d ? "over the pack's" : "with no model_doubt");
        EXPECT(pack->rules[5].doubt_share == 2 && pack->rules[5].doubt_floor == 0,
               "a warning rule with its own share is doubted at twice its prior and no floor, %s",
               d ? "over the pack's" : "with no model_doubt");
        pack_free(pack);
    }
}

/* Checks text against the test pack and expects warnings of exactly these rules (comma-separated). */
static void expect_rules(nb_engine *e, nb_pack *pack, const char *text, const char *want)
{
    nb_post post;
    nb_options options = { 0, NULL, NULL };
    char got[512] = "";
    size_t i;
    check_post(e, pack, text, strlen(text), &options, &post);
    for (i = 0; i < post.n_warnings; i++) {
        if (i) strcat(got, ",");
        strncat(got, post.warnings[i].rule ? post.warnings[i].rule->id : "spelling", 100);
    }
    EXPECT(strcmp(got, want) == 0, "\"%s\": expected [%s], got [%s]", text, want, got);
    post_free(&post);
}

/* model_agree reaches the pack's own phrase, pattern and model rules below error, and identifiers only
 * where their rule says "ask_model"; it withdraws a category's warnings where the agreement is under its
 * bar, unless an error or an identifier that does not ask warns in the category too, and a rule checked
 * alone (pack-test) is judged the same way. Weights of a bias alone make the agreement certain either
 * way. */
static void test_pack_agree(nb_engine *e)
{
    static const char rules[] = PACK_HEAD
        RULE("w", "legal", "warning", "", "{\"phrases\":[\"xylo\"]}") ","
        RULE("e", "legal", "error", "", "{\"phrases\":[\"yurt\"]}") ","
        RULE("n", "legal", "suggestion", "", "{\"identifier\":\"nhs-number\"}") ","
        RULE("c", "colleague", "warning", "", "{\"phrases\":[\"zebu\"]}") ","
        RULE("a", "legal", "warning", "\"ask_model\":true,", "{\"identifier\":\"postcode\"}") "],"
        "\"model_agree\":{\"below_percent\":50,\"weights\":{\"legal\":{\"bias\":%d,\"rule\":0,\"model\":0,"
        "\"length\":0,\"outputs\":{\"legal\":0}}}}}";
    static const int biases[] = { -50000, 50000 };
    nb_error error;
    nb_pack *nhs = library_get(e->library, "nhs", &error);
    size_t b;
    for (b = 0; b < 2; b++) {
        char json[sizeof rules + 16];
        nb_pack *pack;
        int agrees = biases[b] > 0;
        snprintf(json, sizeof json, rules, biases[b]);
        pack = pack_load(json, strlen(json), nhs ? nhs->shared : NULL, &error);
        EXPECT(pack != NULL, "a pack with model_agree loads: %s", error.text);
        if (!pack) continue;
        EXPECT(pack->rules[0].agree && pack->rules[0].agree_above == 0.5 && pack->rules[0].agree[0] == biases[b] / 1000,
               "a warning rule of a weighed category asks the model to agree, at 50%%");
        EXPECT(!pack->rules[1].agree && !pack->rules[2].agree, "errors and identifiers never ask");
        EXPECT(!pack->rules[3].agree, "a category with no weights does not ask");
        EXPECT(pack->rules[4].agree != NULL, "an identifier rule that says \"ask_model\" asks");
        expect_rules(e, pack, "xylo", agrees ? "w" : "");
        expect_rules(e, pack, "xylo at LE1 5WW", agrees ? "w,a" : "");
        expect_rules(e, pack, "LE1 5WW yurt", "a,e");
        expect_rules(e, pack, "xylo yurt", "w,e");
        expect_rules(e, pack, "xylo zebu", agrees ? "w,c" : "c");
        EXPECT(check_rule_alone(e, pack, &pack->rules[0], "xylo", 4) == (size_t)agrees,
               "a rule checked alone is %s", agrees ? "kept where the model agrees" : "withdrawn where it does not");
        pack_free(pack);
    }
}

static void test_check(nb_engine *e)
{
    nb_error error;
    nb_pack *pack = library_get(e->library, "tests/host/fixtures/mini.json", &error);
    nb_post post;
    nb_options spelling = { 1, NULL, NULL };
    const char *typo = "\xF0\x9F\x98\x80 recieve the obs and Sats";
    EXPECT(pack != NULL, "fixture pack loads: %s", pack ? "" : error.text);
    if (!pack) return;
    /* The strict and loose NHS rules overlap in one category: only the stricter one is reported. */
    expect_rules(e, pack, "Patient 943 476 5919", "mini.discharge,mini.nhs-strict");
    expect_rules(e, pack, "ref 943 476 5919", "mini.nhs");
    expect_rules(e, pack, "order number 943 476 5919", "");
    expect_rules(e, pack, "was discharged, two patients", "mini.discharge,mini.discharge");
    expect_rules(e, pack, "please be patient", "");
    expect_rules(e, pack, "can I swap my shift", "mini.swap");
    expect_rules(e, pack, "", "");
    /* The dictionary loads on a thread of its own; a check made before it is done skips spelling, so the
     * test waits rather than let the loader's pace decide whether spelling is tested at all. */
    speller_wait(e->speller);
    EXPECT(speller_loaded(e->speller), "the en_GB dictionary loads (the hunspell-en-gb package)");
    check_post(e, pack, typo, strlen(typo), &spelling, &post);
    EXPECT(post.n_warnings == 1, "one spelling warning (obs, Sats allowed), got %zu", post.n_warnings);
    if (post.n_warnings == 1)
        EXPECT(post.utf16[post.warnings[0].start] == 3 && post.utf16[post.warnings[0].end] == 10,
               "spelling span is UTF-16 [3,10), got [%u,%u)", post.utf16[post.warnings[0].start],
               post.utf16[post.warnings[0].end]);
    post_free(&post);
}

/* Every rule of every built-in pack, inherited or its own, cites one of that pack's own sections. */
static void test_packs_cite_own_sections(nb_engine *e)
{
    size_t i, r;
    for (i = 0; i < library_count(e->library); i++) {
        nb_error error;
        nb_pack *pack = library_get(e->library, library_pack_id(e->library, i), &error);
        EXPECT(pack != NULL, "built-in pack %s loads: %s", library_pack_id(e->library, i), pack ? "" : error.text);
        for (r = 0; pack && r < pack->n_rules; r++) {
            const nb_rule *rule = &pack->rules[r];
            EXPECT(rule->section >= pack->sections && rule->section < pack->sections + pack->n_sections &&
                       *rule->section->title && *rule->section->url,
                   "%s: rule %s cites a section of another pack", pack->id, rule->id);
            EXPECT(rule->index == r, "%s: rule %s is at %zu but numbered %zu", pack->id, rule->id, r, rule->index);
        }
    }
}

static int rule_listed(const nb_pack *pack, const char *id)
{
    size_t r;
    for (r = 0; r < pack->n_rules; r++)
        if (strcmp(pack->rules[r].id, id) == 0) return 1;
    return 0;
}

/* The fixture inherits nhs: its own rule first, replaced, excepted and unmapped rules left out, the
 * parent's allowed words kept. */
static void test_inherit_fixture(nb_engine *e)
{
    nb_error error;
    nb_pack *pack = library_get(e->library, "tests/host/fixtures/inherit.json", &error);
    EXPECT(pack != NULL, "inheriting fixture loads: %s", pack ? "" : error.text);
    if (!pack) return;
    EXPECT(pack->n_rules > 1 && strcmp(pack->rules[0].id, "heir.swap-board") == 0, "own rules come first");
    EXPECT(rule_listed(pack, "nhs.shift-swap") && rule_listed(pack, "nhs.patient-name"), "mapped rules inherited");
    EXPECT(!rule_listed(pack, "nhs.shift-swap-date"), "a replaced rule is not inherited");
    EXPECT(!rule_listed(pack, "nhs.nhs-number"), "an excepted rule is not inherited");
    EXPECT(!rule_listed(pack, "nhs.slur"), "a rule of a section mapped to null is not inherited");
    EXPECT(!rule_listed(pack, "nhs.own-phone"), "a rule of an unmapped section is not inherited");
    EXPECT(pack_allows_word(pack, "lol"), "the parent's allowed words are inherited");
}

#define LEXICON_RULE(id, category, phrase) "{\"id\":\"" id "\",\"category\":\"" category "\",\"severity\":\"error\"," \
    "\"section\":\"1\",\"message\":\"m\",\"match\":{\"phrases\":[\"" phrase "\"]}," EXAMPLES "}"
#define LEXICON_PACK(lexicons, rules) "{\"format\":1,\"id\":\"t\",\"name\":\"n\",\"organisation\":\"o\"," \
    "\"version\":\"1\",\"document_url\":\"u\",\"sections\":[{\"number\":\"1\",\"title\":\"T\",\"summary\":\"s\"}]," \
    "\n\"lexicons\":" lexicons ",\n\"rules\":[\n" rules "]}"

/* A lexicon is expanded once per pack and reused: every reference still sees all its alternatives,
 * and a reference from too deep still fails as it would have the first time. */
static void test_lexicon_reuse(nb_engine *e)
{
    static const char reused[] = LEXICON_PACK("{\"who\":[\"the patient\",\"my @whom\"],\"whom\":[\"nurse\",\"mate *\"]}",
        LEXICON_RULE("alone", "patient-discussion", "@who") ",\n"
        LEXICON_RULE("after", "colleague", "saw @who") ",\n"
        LEXICON_RULE("nested", "legal", "@whom today"));
    nb_error error;
    nb_pack *pack;
    expect_pack_error(e, LEXICON_PACK("{\"d\":[\"x\"],\"c\":[\"@d\"],\"b\":[\"@c\"],\"a\":[\"@b\"],\"e\":[\"@a\"]}",
                                      LEXICON_RULE("first", "legal", "@c") ",\n" LEXICON_RULE("deep", "legal", "@e")),
                      5, "rule deep: phrase \"@e\": lexicons refer to each other too deeply (at @d)");
    expect_pack_error(e, LEXICON_PACK("{\"cheer\":[\"party\",\"\xF0\x9F\x8E\x89\"]}",
                                      LEXICON_RULE("emoji", "safeguarding", "@cheer")),
                      4, "rule emoji: phrase \"@cheer\": lexicon @cheer: entry \"\xF0\x9F\x8E\x89\" has no words");
    expect_pack_error(e, LEXICON_PACK("{}", LEXICON_RULE("bare", "legal", "!! ...")), 4,
                      "rule bare: phrase \"!! ...\": phrase \"!! ...\" has no words");
    error_clear(&error);
    pack = pack_load(reused, strlen(reused), NULL, &error);
    EXPECT(pack != NULL, "pack reusing lexicons loads: %s", pack ? "" : error.text);
    if (!pack) return;
    expect_rules(e, pack, "I saw the patient", "after,alone");
    expect_rules(e, pack, "I saw my nurse today", "after,alone,nested");
    expect_rules(e, pack, "saw my mate Jo", "after,alone");
    expect_rules(e, pack, "my mate Jo today", "alone,nested");
    expect_rules(e, pack, "the mate today", "");
    pack_free(pack);
}

/* Two packs served from memory, each inheriting the other. */
static const char *const cycle_a = "{\"format\":1,\"id\":\"a\",\"name\":\"n\",\"organisation\":\"o\",\"version\":\"1\","
    "\"document_url\":\"u\",\"sections\":[{\"number\":\"1\",\"title\":\"T\",\"summary\":\"s\"}],\n\"inherit\":{\"pack\":\"b\"}}";
static const char *const cycle_b = "{\"format\":1,\"id\":\"b\",\"name\":\"n\",\"organisation\":\"o\",\"version\":\"1\","
    "\"document_url\":\"u\",\"sections\":[{\"number\":\"1\",\"title\":\"T\",\"summary\":\"s\"}],\n\"inherit\":{\"pack\":\"a\"}}";

static int cycle_find(const void *context, const char *id, nb_pack_text *text)
{
    (void)context;
    text->json = strcmp(id, "a") == 0 ? cycle_a : strcmp(id, "b") == 0 ? cycle_b : NULL;
    text->len = text->json ? strlen(text->json) : 0;
    text->source = strcmp(id, "a") == 0 ? "a.json" : "b.json";
    return text->json != NULL;
}

static void test_inherit_cycle(void)
{
    nb_shared shared = { NULL, NULL, 0, NULL, cycle_find, NULL };
    nb_error error;
    nb_pack *pack;
    error_clear(&error);
    pack = pack_load(cycle_a, strlen(cycle_a), &shared, &error);
    EXPECT(!pack && error.line == 2 &&
               strstr(error.text, "inherit: pack \"b\" does not load: b.json:2:") &&
               strstr(error.text, "inheritance cycle a -> b -> a"),
           "cycle reported through the outer pack, got \"%s\" at line %d", error.text, error.line);
    pack_free(pack);
}

/* request_parse must give what json_loadb gives, or fail where it fails. */
static void expect_parse_as_jansson(const char *body, size_t len)
{
    json_error_t e1, e2;
    json_t *fast = request_parse(body, len, &e1), *slow = json_loadb(body, len, JSON_ALLOW_NUL, &e2);
    EXPECT((!fast && !slow) || (fast && slow && json_equal(fast, slow)), "request parsed unlike jansson: %.*s",
           (int)len, body);
    json_decref(fast);
    json_decref(slow);
}

/* plainjson_read reads only plain JSON; it must never accept what jansson refuses, nor read anything
 * differently, and it must take every embedded file (or it saves nothing). */
static int plainjson_reads_as_jansson(const char *text, size_t len)
{
    json_error_t error;
    json_t *fast = plainjson_read(text, len), *slow = json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
    int same = !fast || (slow && json_equal(fast, slow));
    EXPECT(same, "plain JSON read unlike jansson: %.*s", (int)(len < 200 ? len : 200), text);
    json_decref(slow);
    json_decref(fast);
    return fast != NULL;
}

static void test_plainjson_read(void)
{
    static const char *const taken[] = {
        "{}", " [ ]\r\n", "{\"a\":[\"x y\",\"\"],\"b\":{\"c\":[1,-20,0,true,false,null,{}]},\"d\":\"\\\\b\\\"q\\\"\"}",
        "[\"caf\xC3\xA9 \xF0\x9F\x98\x80\", 123456789012345, \"\\\\\\\\\"]", "{\"\":\"\"}",
    };
    static const char *const refused[] = {
        "", "\"x\"", "12", "{\"a\":\"\\n\"}", "{\"a\":\"\\u0041\"}", "{\"a\\\\\":1}", "{\"a\":1,\"a\":2}",
        "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}", "{\"a\":-0}", "{\"a\":1234567890123456}", "{\"a\":-}",
        "{\"a\":tru}", "{\"a\":truex}", "{\"a\":\"\x01\"}", "{\"a\":\"\xC3\"}", "{\"a\":\"\xED\xA0\x80\"}",
        "{\"a\":1} x", "{\"a\":1,}", "[1,]", "{\"a\":[1}", "{\"a\":\"x", "\xEF\xBB\xBF{}", "{'a':1}",
    };
    const nb_embedded_file *f;
    char buf[128];
    size_t i, k, n = strlen(taken[2]);
    unsigned seed = 7;
    for (f = nb_embedded_files; f->path; f++)
        if (strstr(f->path, ".json"))
            EXPECT(plainjson_reads_as_jansson((const char *)f->data, f->size), "%s is read without jansson", f->path);
    for (i = 0; i < sizeof taken / sizeof *taken; i++)
        EXPECT(plainjson_reads_as_jansson(taken[i], strlen(taken[i])), "plain JSON taken: %s", taken[i]);
    for (i = 0; i < sizeof refused / sizeof *refused; i++)
        EXPECT(!plainjson_reads_as_jansson(refused[i], strlen(refused[i])), "left to jansson: %s", refused[i]);
    EXPECT(!plainjson_reads_as_jansson("{}\0", 3), "a NUL byte after the object is left to jansson");
    /* Strings are scanned eight bytes at a time: each byte that must stop the scan, at every place in
     * a string longer than eight, is taken or refused as jansson does, and refused where it should. */
    for (i = 0; i < 40; i++) {
        static const char *const stops[] = { "\x01", "\x80", "\xC3\xA9", "\\\\", "\\\"", "\"", "\\n", "\x1F" };
        static const int taken_stop[] = { 0, 0, 1, 1, 1, 0, 0, 0 };
        for (k = 0; k < sizeof stops / sizeof *stops; k++) {
            int len = snprintf(buf, sizeof buf, "[\"%.*s%s%.*s\"]", (int)i, "abcdefghijklmnopqrstuvwxyz0123456789ABCD",
                               stops[k], (int)(39 - i), "abcdefghijklmnopqrstuvwxyz0123456789ABCD");
            EXPECT(plainjson_reads_as_jansson(buf, (size_t)len) == taken_stop[k], "stop %zu at %zu", k, i);
        }
    }
    /* A plain document with bytes changed at random: whatever is taken must be what jansson reads. */
    for (i = 0; i < 5000; i++) {
        memcpy(buf, taken[2], n);
        for (k = 0; k < 1 + i % 3; k++) {
            static const char pool[] = "\"\\{}[],:-0.e \x01\x80\xC3\xA9\xED";
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = pool[(seed >> 20) % (sizeof pool - 1)];
        }
        plainjson_reads_as_jansson(buf, n);
    }
}

/* plainjson_item_fn for the tests: joins the items with '|', and stops at one that says "stop". */
static int list_join(void *ctx, const char *text, size_t len)
{
    char *joined = ctx;
    if (len == 4 && memcmp(text, "stop", 4) == 0) return 0;
    if (*joined) strcat(joined, "|");
    strncat(joined, text, len);
    return 1;
}

/* plainjson_read_list hands over the top-level list's strings, unescaped, and leaves an empty array
 * where jansson would put them; a list that is not all strings, or an item refused, gives NULL. */
static void test_plainjson_read_list(void)
{
    static const char doc[] = "{\"w\":[\"x=0:1\",\"a \\\"q\\\"\",\"\"],\"n\":{\"w\":[\"deep\"]},\"k\":1}";
    static const char *const refused[] = {
        "{\"w\":[\"a\",2]}", "{\"w\":\"a\"}", "{\"w\":[\"a\",\"stop\",\"b\"]}", "{\"w\":[\"a\"}",
    };
    char joined[128] = "";
    json_error_t error;
    json_t *fast = plainjson_read_list(doc, strlen(doc), "w", list_join, joined), *slow;
    size_t i;
    slow = json_loadb(doc, strlen(doc), 0, &error);
    json_object_set_new(slow, "w", json_array());
    EXPECT(fast && json_equal(fast, slow), "the document keeps an empty array in the list's place");
    EXPECT(strcmp(joined, "x=0:1|a \"q\"|") == 0, "the list's strings in order, unescaped: [%s]", joined);
    json_decref(fast);
    json_decref(slow);
    for (i = 0; i < sizeof refused / sizeof *refused; i++) {
        joined[0] = '\0';
        fast = plainjson_read_list(refused[i], strlen(refused[i]), "w", list_join, joined);
        EXPECT(!fast, "plainjson_read_list refuses %s", refused[i]);
        json_decref(fast);
    }
}

static void test_request_parse(void)
{
    static const char *frames[] = {
        "{\"type\":\"check\",\"id\":1,\"text\":\"Mrs Patel in bed 4\"}",
        " { \"text\" : \"a\\nb\\t\\\"q\\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00 \\u0000 caf\xC3\xA9\" , \"id\" : [1,{\"x\":\"}\"}] } ",
        "{\"options\":{\"text\":\"nested\"},\"text\":\"top\",\"pack\":\"uhl\"}",
        "{\"text\":\"one\",\"text\":\"two\"}", "{\"te\\u0078t\":\"escaped key\",\"text\":\"x\"}",
        "{\"text\":\"lone \\ud800 surrogate\"}", "{\"text\":\"low \\udc00 first\"}", "{\"text\":\"bad \\x escape\"}",
        "{\"text\":\"raw\ttab\"}", "{\"text\":\"overlong \xC0\xAF\"}", "{\"text\":\"surrogate \xED\xA0\x80\"}",
        "{\"text\":\"cut \xE2\x82\"}", "{\"text\":12}", "{\"text\":\"unterminated}", "{\"text\":\"x\"", "[\"text\"]",
        "{\"text\":\"x\"} trailing", "{\"text\":\"x\",}", "{\"id\":tru,\"text\":\"x\"}", "{}", "",
        "{\"text\":\"ends in backslashes \\\\\\\\\"}",
    };
    char buf[256];
    size_t i, k;
    unsigned seed = 1;
    for (i = 0; i < sizeof frames / sizeof *frames; i++) expect_parse_as_jansson(frames[i], strlen(frames[i]));
    /* Every frame with bytes changed at random, so the structural scan meets broken frames everywhere. */
    for (i = 0; i < 3000; i++) {
        const char *f = frames[i % 3];
        size_t n = strlen(f);
        memcpy(buf, f, n);
        for (k = 0; k < 1 + i % 3; k++) {
            static const char pool[] = "\"\\{}[],:u0 \x80\xC3\xA9\xED";
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = pool[(seed >> 20) % (sizeof pool - 1)];
        }
        expect_parse_as_jansson(buf, n);
    }
}

static int known_word(const void *words, uint64_t h)
{
    const char *const *w;
    for (w = words; *w; w++)
        if (hash_bytes(*w, strlen(*w)) == h) return 1;
    return 0;
}

/* roots_find reaches the phrase word an inflected form comes from, and only a phrase word. */
static void expect_root(const char *word, const char *root)
{
    static const char *const words[] = { "discharge", "patient", "swap", "time", "tim", "worry", "nurse",
                                         "photograph", "matt", "rude", "sedate", "on", NULL };
    uint64_t got = roots_find(word, strlen(word), known_word, words);
    EXPECT(got == hash_bytes(root, strlen(root)), "root of %s should be %s", word, root);
}

static void test_roots(void)
{
    expect_root("discharged", "discharge");
    expect_root("patients", "patient");
    expect_root("patient's", "patient");
    expect_root("swapping", "swap");
    expect_root("swapped", "swap");
    expect_root("timed", "time");
    expect_root("worries", "worry");
    expect_root("nurses'", "nurse");
    expect_root("photographers", "photograph");
    expect_root("rudely", "rude");
    expect_root("sedation", "sedate");
    expect_root("matter", "matter");
    expect_root("only", "only");
    expect_root("discharge", "discharge");
}

/* The cache's words share one buffer: an entry must keep its verdict as the table grows and the buffer
 * moves, a word must never be taken for a longer one it begins, and either bound empties it. */
static void test_wordcache(void)
{
    char word[32];
    size_t i, kept = 0;
    nb_wordcache *c = wordcache_new(3002);
    wordcache_get(c, "care", 4, "care", 4)->spelled = 1;
    EXPECT(wordcache_get(c, "carer", 5, "carer", 5)->spelled == -1, "\"carer\" is not \"care\"");
    EXPECT(wordcache_get(c, "carers", 5, "carer", 5)->spelled == -1, "a length counts, not the NUL");
    for (i = 0; i < 3000; i++) {
        snprintf(word, sizeof word, "w%zu", i);
        wordcache_get(c, word, strlen(word), word, strlen(word))->spelled = (int)(i % 2);
    }
    EXPECT(wordcache_get(c, "care", 4, "care", 4)->spelled == 1, "\"care\" kept its verdict through growth");
    for (i = 0; i < 3000; i++) {
        snprintf(word, sizeof word, "w%zu", i);
        kept += wordcache_get(c, word, strlen(word), word, strlen(word))->spelled == (int)(i % 2);
    }
    EXPECT(kept == 3000, "every word kept its verdict: %zu of 3000", kept);
    wordcache_trim(c);
    EXPECT(wordcache_get(c, "care", 4, "care", 4)->spelled == 1, "3,002 words are within a bound of 3,002");
    wordcache_get(c, "one-more", 8, "one-more", 8);
    wordcache_trim(c);
    EXPECT(wordcache_get(c, "care", 4, "care", 4)->spelled == -1, "past 3,002 words the cache empties");
    wordcache_free(c);

    c = wordcache_new(10);
    memset(word, 'x', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    for (i = 0; i < 6; i++) {
        word[0] = (char)('a' + i);
        wordcache_get(c, word, sizeof word - 1, word, sizeof word - 1)->spelled = 0;
    }
    wordcache_trim(c);
    EXPECT(wordcache_get(c, word, sizeof word - 1, word, sizeof word - 1)->spelled == -1,
           "six 31-byte words pass 16 bytes a word for a 10-word cache, so it empties");
    wordcache_free(c);
}

/* Trying only the starts before digits finds what a full scan finds, on random text full of near
 * misses (letters, digits, spaces of 1, 2 and 3 bytes, a combining accent). */
static void test_regex_before_digits(void)
{
    static const char *const pieces[] = { "A", "b", "Z", "1", "2", " ", "\xC2\xA0", "\xE3\x80\x80", "-", "e\xCC\x81" };
    static const struct { const char *pattern; size_t min, max; } cases[] = {
        { "\\b([A-Z]{2}\\h?[0-9]{2})\\b", 2, 5 }, { "(?i)\\b[a-z][0-9]+[a-z]?\\b", 1, 1 },
        { "(?i)\\b(?:[a-z][0-9]|[a-z]{2}[0-9])\\h?[0-9][a-z]{2}\\b", 1, 2 },
    };
    unsigned seed = 7;
    size_t c, i, k;
    nb_error error;
    for (c = 0; c < sizeof cases / sizeof *cases; c++) {
        nb_regex *re = regex_new(cases[c].pattern, &error);
        for (i = 0; re && i < 2000; i++) {
            char text[512];
            size_t len = 0;
            nb_spans all = {0}, near = {0};
            for (k = 0; k < 40; k++) {
                const char *p;
                seed = seed * 1103515245u + 12345u;
                p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
                memcpy(text + len, p, strlen(p));
                len += strlen(p);
            }
            regex_find_all(re, text, len, &all);
            regex_find_all_before_digits(re, text, len, cases[c].min, cases[c].max, &near);
            EXPECT(all.n == near.n && memcmp(all.v, near.v, all.n * sizeof *all.v) == 0,
                   "%s: %zu matches in a full scan, %zu before digits in \"%.*s\"", cases[c].pattern, all.n, near.n,
                   (int)len, text);
            spans_free(&all);
            spans_free(&near);
        }
        EXPECT(re != NULL, "%s compiles", cases[c].pattern);
        regex_free(re);
    }
}

/* White space a pattern can read across: counted along its longest path, unbounded when repeated
 * without limit or when the pattern uses what reach.c does not read. */
static void test_reach(void)
{
    static const struct { const char *pattern; size_t spaces; } cases[] = {
        { "\\bfoo\\b", 0 }, { "\\w+", 0 }, { "a b", 1 }, { "a\\h?b|c d e", 2 }, { "(?i)x[^.]{0,60}?y", 60 },
        { "(?: a){3}", 3 }, { "[ -~]", 1 }, { "[!-~]+", 0 }, { "[\\x00-\\x1f]", 1 }, { "(?<n>a b)", 1 },
        { "(?#a b)c", 0 }, { "x{3", 0 }, { "[]a]", 0 }, { "\\p{Lu}+", 0 }, { "\\p{Zs}", 1 },
        { ".*", REACH_UNBOUNDED }, { "a\\s+b", REACH_UNBOUNDED }, { " {2,}", REACH_UNBOUNDED },
        { "(?x)a b", REACH_UNBOUNDED }, { "(\\w+) \\1", REACH_UNBOUNDED }, { "(?R)", REACH_UNBOUNDED },
        { "(*SKIP)a", REACH_UNBOUNDED }, { "\\Ga", REACH_UNBOUNDED }, { "a\\Kb", REACH_UNBOUNDED },
        { "(a", REACH_UNBOUNDED }, { "[a", REACH_UNBOUNDED },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got = reach_spaces(cases[i].pattern);
        EXPECT(got == cases[i].spaces, "reach of %s: %zu, not %zu", cases[i].pattern, got, cases[i].spaces);
    }
}

static void expect_model_error(const char *json, const char *want)
{
    nb_error error;
    nb_model *m = model_load(json, strlen(json), &error);
    EXPECT(!m && strstr(error.text, want), "model %s: expected error \"%s\", got \"%s\"", json, want,
           m ? "(loaded)" : error.text);
    model_free(m);
}

#define MODEL(weights) "{\"format\":4,\"window\":8,\"outputs\":[\"legal\",\"colleague\"],\"bias\":[-1000,-5000]," \
    "\"weights\":[" weights "]}"

/* Reads text with the model and returns the number of windows; span_out gets the legal spans. */
static size_t model_try(const nb_model *m, const char *text, double above, nb_spans *legal)
{
    nb_tokens tokens = {0};
    nb_model_reading r;
    size_t n;
    tokens_split(text, strlen(text), &tokens);
    model_read(m, text, &tokens, &r);
    model_spans(m, &r, model_output(m, "legal"), above, legal);
    n = r.windows.n;
    model_reading_free(&r);
    tokens_free(&tokens);
    return n;
}

/* Whether the model doubts legal over the whole of text, at `share` of its prior or under `least`. */
static int model_try_doubt(const nb_model *m, const char *text, double share, double least)
{
    nb_tokens tokens = {0};
    nb_model_reading r;
    nb_span all = { 0, (uint32_t)strlen(text) + 1 };
    int doubted;
    tokens_split(text, strlen(text), &tokens);
    model_read(m, text, &tokens, &r);
    doubted = model_doubts(m, &r, model_output(m, "legal"), share, least, all);
    model_reading_free(&r);
    tokens_free(&tokens);
    return doubted;
}

static void word_join(void *out, const char *word, size_t len, nb_span at, int opens)
{
    char *joined = out;
    size_t n = strlen(joined);
    snprintf(joined + n, 256 - n, "%s%.*s@%u%s", n ? "|" : "", (int)len, word, (unsigned)at.start, opens ? "^" : "");
}

/* The words model_words finds in text, as "word@byte" joined by '|', '^' marking a sentence start. */
static const char *model_words_of(const char *text)
{
    static char joined[256];
    nb_tokens tokens = {0};
    joined[0] = '\0';
    tokens_split(text, strlen(text), &tokens);
    model_words(text, &tokens, word_join, joined);
    tokens_free(&tokens);
    return joined;
}

typedef struct span_case {
    const char *text;
    size_t spans;
} span_case;

/* A model of one feature worth 3 reads each text: z = -1 + 3 where the feature is found, a
 * probability of 0.88, so at 0.5 a text with it gives one legal span and a text without none. */
static void expect_one_feature_spans(const char *json, const span_case *cases, size_t n)
{
    nb_error error;
    nb_model *m = model_load(json, strlen(json), &error);
    size_t i;
    EXPECT(m != NULL, "%s loads: %s", json, m ? "" : error.text);
    for (i = 0; m && i < n; i++) {
        nb_spans legal = {0};
        model_try(m, cases[i].text, 0.5, &legal);
        EXPECT(legal.n == cases[i].spans, "\"%s\": %zu spans, not %zu", cases[i].text, legal.n, cases[i].spans);
        spans_free(&legal);
    }
    model_free(m);
}

/* The i-th three-letter word: "aaa", "aab", ... */
static void word_of(size_t i, char w[4])
{
    w[0] = (char)('a' + i / 676), w[1] = (char)('a' + i / 26 % 26), w[2] = (char)('a' + i % 26), w[3] = '\0';
}

/* A model of n three-letter words ("aaa", "aab", ...), each legal at 1000, every other one with a
 * colleague weight before it, so rows differ in length and a row read from the wrong place loses its
 * legal weight; the entries joined by sep: "," puts them on one line, where the table is sized for one
 * entry and must grow; ",\n" one a line, where it is sized for them all at once. The caller frees it. */
static char *model_of_words(size_t n, const char *sep)
{
    size_t size = strlen(MODEL("")) + n * (16 + strlen(sep)) + 1, i;
    char *json = malloc(size);
    size_t at = (size_t)snprintf(json, size, "%s", MODEL("")) - 2; /* back over "]}" */
    char w[4];
    for (i = 0; i < n; i++) {
        word_of(i, w);
        at += (size_t)snprintf(json + at, size - at, "%s\"%s=%s0:1000\"", i ? sep : "", w, i % 2 ? "1:7 " : "");
    }
    snprintf(json + at, size - at, "]}");
    return json;
}

/* How many of model_of_words' first n words m finds, and one unknown word besides: one known word
 * gives z = -1 + 1, a probability of 0.5; an unknown one stays at the prior, 0.27. */
static size_t model_words_found(const nb_model *m, size_t n)
{
    nb_spans legal = {0};
    char w[4];
    size_t i, found;
    for (i = 0; i < n; i++) {
        word_of(i, w);
        model_try(m, w, 0.45, &legal);
    }
    model_try(m, "zzz", 0.45, &legal);
    found = legal.n;
    spans_free(&legal);
    return found;
}

/* m's image as model_image_write writes it, read back into doubles so that it starts on an 8-byte
 * boundary, with one to spare for moving it off; NULL if it could not be. The caller frees it. */
static double *image_of(const nb_model *m, size_t *len, const char *what)
{
    FILE *f = tmpfile();
    double *image = NULL;
    EXPECT(m && f && model_image_write(m, f), "%s: the image is written", what);
    if (m && f) {
        *len = (size_t)ftell(f);
        image = malloc(*len + sizeof *image);
        rewind(f);
        EXPECT(image && fread(image, 1, *len, f) == *len, "%s: the image reads back", what);
    }
    if (f) fclose(f);
    return image;
}

/* The image of a model, as the build writes the built-in one, read back where it lies: the same words
 * give the same spans and doubts, and an image cut short, moved off its boundary or of another byte
 * order is refused. */
static void test_model_image(void)
{
    static const char good[] = MODEL("\"fraud=0:3000\",\"is a=0:500 1:20\",\"lovely=0:-2000\"");
    static const char *texts[] = { "He is a fraud. It is lovely.", "lovely lovely", "fraud", "nothing here" };
    nb_error error;
    nb_model *loaded = model_load(good, strlen(good), &error), *viewed;
    size_t len = 0, i;
    double *image = image_of(loaded, &len, "the test model");
    if (!image) {
        model_free(loaded);
        return;
    }
    viewed = model_view(image, len, &error);
    EXPECT(viewed != NULL, "the image is viewed: %s", viewed ? "" : error.text);
    if (viewed) {
        EXPECT(model_output(viewed, "colleague") == 1 && model_output(viewed, "legal") == 0, "outputs by name");
        for (i = 0; i < sizeof texts / sizeof *texts; i++) {
            nb_spans a = {0}, b = {0};
            model_try(loaded, texts[i], 0.3, &a);
            model_try(viewed, texts[i], 0.3, &b);
            EXPECT(a.n == b.n && (!a.n || (a.v[0].start == b.v[0].start && a.v[0].end == b.v[0].end)) &&
                   model_try_doubt(loaded, texts[i], 0.9, 0) == model_try_doubt(viewed, texts[i], 0.9, 0),
                   "\"%s\" reads the same from the image", texts[i]);
            spans_free(&a);
            spans_free(&b);
        }
    }
    model_free(viewed);
    EXPECT(!model_view(image, len - 4, &error) && strstr(error.text, "size does not match"), "cut short: %s", error.text);
    memmove((char *)image + 4, image, len);
    EXPECT(!model_view((char *)image + 4, len, &error) && strstr(error.text, "8-byte boundary"), "moved: %s", error.text);
    memmove(image, (char *)image + 4, len);
    ((unsigned char *)image)[0] ^= 0xff;
    EXPECT(!model_view(image, len, &error) && strstr(error.text, "byte order"), "another magic: %s", error.text);
    free(image);
    model_free(loaded);
    {
        /* 1000 entries one a line: a table of 1,334 slots, not a power of two, reads the same viewed. */
        char *json = model_of_words(1000, ",\n");
        loaded = model_load(json, strlen(json), &error);
        image = image_of(loaded, &len, "the 1000-word model");
        if (image) {
            viewed = model_view(image, len, &error);
            EXPECT(viewed && model_words_found(loaded, 1000) == 1000 && model_words_found(viewed, 1000) == 1000,
                   "all 1000 entries are found loaded and viewed, an unknown word is not");
            model_free(viewed);
            free(image);
        }
        model_free(loaded);
        free(json);
    }
}

static void test_model(void)
{
    static const char good[] = MODEL("\"fraud=0:3000\",\"is a=0:500 1:20\",\"lovely=0:-2000\"");
    static const char first[] = "He is a fraud. It is lovely.";
    nb_error error;
    nb_model *m = model_load(good, strlen(good), &error);
    nb_spans legal = {0};
    char word[64];
    nb_tokens tokens = {0};
    expect_model_error("{\"format\":4,\n\"window\": }", "");
    expect_model_error("{\"format\":1}", "\"format\" must be 4");
    expect_model_error("{\"format\":4,\"window\":3}", "\"window\" must be");
    expect_model_error(MODEL("\"x=0:1\",\"x=1:2\""), "entry 2: \"x\" is listed twice");
    expect_model_error(MODEL("\"x=2:1\""), "entry 1: expected OUTPUT:WEIGHT with an output below 2");
    expect_model_error(MODEL("\"x=0:0.5\""), "entry 1: a weight must be a whole number of thousandths");
    expect_model_error(MODEL("\"x=0:32768\""), "entry 1: a weight must be a whole number of thousandths from -32767");
    expect_model_error(MODEL("\"x=0:1234567890\""), "entry 1: a weight must be a whole number of thousandths");
    expect_model_error(MODEL("\"x=0:-\""), "entry 1: a weight must be a whole number of thousandths");
    expect_model_error(MODEL("\"x=-1:5\""), "entry 1: expected OUTPUT:WEIGHT with an output below 2");
    expect_model_error(MODEL("\"x=0\""), "entry 1: expected OUTPUT:WEIGHT with an output below 2");
    expect_model_error(MODEL("\"x=0:1 1:2 0:3\""), "entry 1: more weights than the 2 outputs");
    expect_model_error(MODEL("\"no equals sign\""), "entry 1: expected a feature, '=' and its weights");
    expect_model_error(MODEL("7"), "entry 1: must be a string");
    expect_model_error("{\"format\":4,\"window\":8,\"outputs\":[\"legal\"],\"bias\":[],\"weights\":[]}",
                       "\"bias\" must be an array of whole numbers of thousandths, one per output");
    expect_model_error("{\"format\":4,\"window\":8,\"outputs\":[\"legal\"],\"bias\":[0.5],\"weights\":[]}",
                       "output 1 needs a name and a whole number for its bias");
    EXPECT(m != NULL, "the test model does not load: %s", error.text);
    if (!m) return;
    {
        /* A thousand entries on one line, where the table is sized for one: it grows, and keeps them all
         * (each growth moved every entry so far, from what its slot kept of its key). */
        char *big = model_of_words(1000, ",");
        nb_model *b = model_load(big, strlen(big), &error);
        EXPECT(b != NULL, "a model of 1000 entries on one line loads: %s", b ? "" : error.text);
        if (b) EXPECT(model_words_found(b, 1000) == 1000, "all 1000 entries are found, an unknown word is not");
        model_free(b);
        free(big);
    }
    {
        /* An entry with an escape is not one plainjson_read_list can leave in place: jansson reads it. */
        static const char escaped[] = MODEL("\"fraud=0:3000\",\"say \\\"hi\\\"=1:20\"");
        nb_model *e = model_load(escaped, strlen(escaped), &error);
        EXPECT(e != NULL && model_output(e, "colleague") == 1, "a model with an escaped feature loads: %s",
               e ? "" : error.text);
        model_free(e);
    }
    {
        /* A word of seven letters or more also counts by its first five; a shorter one, or one with a
         * digit or an accent, does not. */
        static const span_case cases[] = {
            { "complaining", 1 }, { "Complaints!", 1 }, { "complai", 1 }, { "compla", 0 }, { "compl", 0 },
            { "compl4ining", 0 }, { "complétely", 0 }, { "incomplete", 0 },
        };
        expect_one_feature_spans(MODEL("\"compl*=0:3000\""), cases, sizeof cases / sizeof *cases);
    }
    {
        /* Two words one word apart are a pair of their own, in order and only at that distance. */
        static const span_case cases[] = {
            { "swap my shift", 1 }, { "Swap a shift?", 1 }, { "can I swap 🙏 shift", 1 }, { "swap shift", 0 },
            { "swap my night shift", 0 }, { "shift my swap", 0 }, { "swap _ shift", 0 },
        };
        expect_one_feature_spans(MODEL("\"swap _ shift=0:3000\""), cases, sizeof cases / sizeof *cases);
    }
    EXPECT(model_output(m, "colleague") == 1 && model_output(m, "gossip") == -1, "model outputs by name");
    /* Seven words, one window: z = -1 + (3 + 0.5 - 2) / sqrt(7), a probability of about 0.39, so the
     * model warns at 0.35 and not at 0.5, on the sentence that adds most (the fraud, not the lovely). */
    EXPECT(model_try(m, first, 0.5, &legal) == 1 && legal.n == 0, "one window, below 0.5: %zu spans", legal.n);
    model_try(m, first, 0.35, &legal);
    EXPECT(legal.n == 1 && legal.v[0].start == 0 && legal.v[0].end == 13, "the span is the fraud sentence: %zu spans",
           legal.n);
    spans_clear(&legal);
    /* Eight words: z = -1 + (3 + 0.5 - 2) / sqrt(8), about 0.38. Counted each time, "fraud" three times
     * would make the first sentence the strongest (9 - 2 against 3.5); counted once, as the window
     * counts it, it adds 3 - 2 and the second sentence is underlined. */
    model_try(m, "Fraud fraud fraud lovely. He is a fraud.", 0.35, &legal);
    EXPECT(legal.n == 1 && legal.v[0].start == 26 && legal.v[0].end == 39,
           "a word repeated in a sentence counts once for its span: %zu spans, first at %u",
           legal.n, legal.n ? legal.v[0].start : 0);
    spans_clear(&legal);
    /* 20 words in windows of 8 overlapping by 4: [0,8) [4,12) [8,16) [12,20). */
    EXPECT(model_try(m, "a b c d e f g h i j k l m n o p q r s t", 0.5, &legal) == 4, "windows of a long post");
    EXPECT(model_try(m, "", 0.5, &legal) == 0 && legal.n == 0, "no words, no windows");
    /* A word counts once in a window however often it recurs: "fraud" four times gives z = -1 + 3 / 2,
     * about 0.62 (counted four times it would be 0.99). */
    model_try(m, "fraud fraud fraud fraud", 0.65, &legal);
    EXPECT(legal.n == 0, "a repeated word counts once: no warning at 0.65");
    model_try(m, "fraud fraud fraud fraud", 0.6, &legal);
    EXPECT(legal.n == 1, "but one at 0.6: %zu spans", legal.n);
    spans_clear(&legal);
    /* The prior of legal is 1 / (1 + e) = 0.27. Words the model does not know leave a post at the
     * prior, which is never doubted; "lovely" three times gives z = -1 - 2 / sqrt(3), about 0.104,
     * 0.386 of the prior. */
    EXPECT(!model_try_doubt(m, "He is a fraud. It is lovely.", 0.5, 0), "words for the category: no doubt");
    EXPECT(!model_try_doubt(m, "quite unknown words here", 0.99, 0), "unknown words sit at the prior: no doubt");
    EXPECT(model_try_doubt(m, "lovely lovely lovely", 0.39, 0), "words against the category: doubted at 39%%");
    EXPECT(!model_try_doubt(m, "lovely lovely lovely", 0.38, 0), "but not at 38%% of the prior");
    EXPECT(!model_try_doubt(m, "", 0.5, 0), "no words: no window, no doubt");
    /* Above the prior the words must argue for the category: the fraud post's 0.39 is 1.46 times
     * 0.27, and unknown words, at the prior, are doubted as soon as the share passes 1. */
    EXPECT(!model_try_doubt(m, "He is a fraud. It is lovely.", 1.4, 0), "words for the category: kept at 140%%");
    EXPECT(model_try_doubt(m, "He is a fraud. It is lovely.", 1.5, 0), "but doubted at 150%%");
    EXPECT(model_try_doubt(m, "quite unknown words here", 1.01, 0), "unknown words: doubted above 100%%");
    /* A floor asks the words for so much outright: the fraud post's 0.39 clears 0.38, not 0.40, and a
     * floor under share times the prior changes nothing. */
    EXPECT(!model_try_doubt(m, "He is a fraud. It is lovely.", 0.5, 0.38), "words for the category: kept over a floor of 38%%");
    EXPECT(model_try_doubt(m, "He is a fraud. It is lovely.", 0.5, 0.40), "but doubted under a floor of 40%%");
    EXPECT(!model_try_doubt(m, "lovely lovely lovely", 0.38, 0.05), "a floor under the share's bar: the share decides");
    /* Pictographs are words to the model, in their place among the tokens: the variation selector
     * after the snowflake and the skin tone after the wave shape them and are not words. */
    EXPECT(strcmp(model_words_of("Nights \xF0\x9F\x99\x84 again. \xE2\x9D\x84\xEF\xB8\x8F\xF0\x9F\x91\x8B"
                                 "\xF0\x9F\x8F\xBD #ward"),
                  "nights@0^|\xF0\x9F\x99\x84@7|again@12|\xE2\x9D\x84@19|\xF0\x9F\x91\x8B@25|ward@35^") == 0,
           "pictographs read as words: %s", model_words_of("Nights \xF0\x9F\x99\x84 again. \xE2\x9D\x84\xEF\xB8\x8F"
                                                             "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD #ward"));
    EXPECT(strcmp(model_words_of("\xE2\x80\x94 \xC2\xA3 & \xE2\x80\x99"), "") == 0,
           "dashes, currency and quotes are not pictographs: %s", model_words_of("\xE2\x80\x94 \xC2\xA3 & \xE2\x80\x99"));
    tokens_split("Bed 14 https://example.org/x", 28, &tokens);
    EXPECT(tokens.n == 3 && model_word("Bed 14 https://example.org/x", &tokens.v[1], word, sizeof word) == 2 &&
           strcmp(word, "00") == 0, "digits are read as 0");
    EXPECT(model_word("Bed 14 https://example.org/x", &tokens.v[2], word, sizeof word) == 0, "links are not words");
    tokens_free(&tokens);
    spans_free(&legal);
    model_free(m);
}

int main(void)
{
    nb_error error;
    nb_engine *engine = engine_new(getenv("NOTICEBOARD_DICT_DIR"), NULL, &error);
    if (!engine) {
        printf("engine: %s\n0 passed, 1 failed\n", error.text);
        return 1;
    }
    test_nhs_checksum();
    test_identifiers();
    test_utf();
    test_tokens();
    test_roots();
    test_wordcache();
    test_request_parse();
    test_plainjson_read();
    test_plainjson_read_list();
    test_regex_before_digits();
    test_reach();
    test_model();
    test_model_image();
    test_pack_errors(engine);
    test_pack_doubt(engine);
    test_pack_agree(engine);
    test_check(engine);
    test_packs_cite_own_sections(engine);
    test_inherit_fixture(engine);
    test_inherit_cycle();
    test_lexicon_reuse(engine);
    engine_free(engine, 1);
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
