/* native.c: the request loop and one handler per request type (see native.h). */
#include <stdlib.h>
#include <string.h>
#include "frame.h"
#include "native.h"
#include "platform.h"
#include "report.h"
#include "request.h"
#include "utf.h"
#include "version.h"

#define MAX_SUGGESTIONS 8
/* Room kept for the reply's envelope (type, id, pack, timings) around the warnings. */
#define ENVELOPE_BYTES 4096
/* A frame's header, before the JSON is written after it. */
static const char FRAME_ROOM[FRAME_HEADER_BYTES] = { 0 };

typedef struct session {
    nb_engine *engine;
    char active[256];     /* what a request without "pack" gets */
    char started[256];    /* the pack given on the command line */
    FILE *out;
    nb_report_cache *pieces;   /* the warnings' JSON, kept from one reply to the next */
} session;

/* Sends reply (taking ownership) in one frame; `warnings`, a JSON array written as text (report.h),
 * becomes its last member when given. Returns 0 when the output is gone. */
static int send_reply(session *s, json_t *reply, const nb_text *warnings)
{
    /* Compact JSON escapes NUL, so the text's length is the frame's. */
    char *buf = json_dumps(reply, JSON_COMPACT);
    nb_text frame = {0};
    int ok;
    if (!buf) abort();
    json_decref(reply);
    report_append(&frame, FRAME_ROOM, FRAME_HEADER_BYTES);
    if (warnings) {
        /* {"type":"result",...} becomes {"type":"result",...,"warnings":[...]}. */
        report_append(&frame, buf, strlen(buf) - 1);
        report_append(&frame, ",\"warnings\":", 12);
        report_append(&frame, warnings->v, warnings->n);
        report_append(&frame, "}", 1);
    } else {
        report_append(&frame, buf, strlen(buf));
    }
    free(buf);
    ok = frame_write(s->out, frame.v, frame.n);
    free(frame.v);
    return ok;
}

static json_t *reply_new(const char *type, const json_t *id)
{
    json_t *r = json_pack("{s:s}", "type", type);
    if (id) json_object_set(r, "id", (json_t *)id);
    return r;
}

static json_t *error_reply(const json_t *id, const char *code, const char *message)
{
    json_t *r = reply_new("error", id), *text = json_string(message);
    json_object_set_new(r, "code", json_string(code));
    /* A parser's message can quote the bad bytes themselves; never let that lose the reply. */
    json_object_set_new(r, "message", text ? text : json_string(code));
    return r;
}

static json_t *dictionary_json(nb_speller *speller)
{
    speller_wait(speller);
    if (!speller_loaded(speller)) return json_null();
    return json_pack("{s:s, s:s, s:b}", "language", "en_GB", "path", speller_path(speller), "loaded", 1);
}

static json_t *handle_hello(session *s, const json_t *id)
{
    json_t *r = reply_new("hello", id), *packs = json_array();
    nb_library *lib = s->engine->library;
    size_t i;
    for (i = 0; i < library_count(lib); i++) {
        json_t *summary = library_pack_summary(lib, i);
        if (summary) json_array_append_new(packs, summary);
    }
    json_object_set_new(r, "version", json_string(NB_VERSION));
    json_object_set_new(r, "protocol", json_integer(NB_PROTOCOL));
    json_object_set_new(r, "packs", packs);
    json_object_set_new(r, "active_pack", json_string(s->active));
    json_object_set_new(r, "dictionary", dictionary_json(s->engine->speller));
    if (!speller_loaded(s->engine->speller))
        json_object_set_new(r, "dictionary_error", json_string(speller_error(s->engine->speller)));
    json_object_set_new(r, "limits", json_pack("{s:I, s:I, s:I, s:I}", "max_frame_bytes", (json_int_t)MAX_FRAME_BYTES,
                                               "max_text_bytes", (json_int_t)MAX_TEXT_BYTES, "max_reply_bytes",
                                               (json_int_t)MAX_REPLY_BYTES, "max_warnings", (json_int_t)MAX_WARNINGS));
    return r;
}

/* The pack a request names (or the active one); NULL with the error reply in *error_out. */
static nb_pack *request_pack(session *s, const json_t *req, const json_t *id, json_t **error_out)
{
    const json_t *name = json_object_get(req, "pack");
    nb_error error;
    nb_pack *pack;
    if (name && !json_is_string(name)) {
        *error_out = error_reply(id, "bad-request", "\"pack\" must be a string");
        return NULL;
    }
    /* The browser may only name built-in packs (or the one the host was started with): a path would
     * let a page's script probe the disk through error messages. */
    if (name && !library_has(s->engine->library, json_string_value(name)) &&
        strcmp(json_string_value(name), s->started) != 0) {
        *error_out = error_reply(id, "unknown-pack", "\"pack\" names no built-in pack");
        return NULL;
    }
    pack = library_get(s->engine->library, name ? json_string_value(name) : s->active, &error);
    if (!pack) *error_out = error_reply(id, "unknown-pack", error.text);
    return pack;
}

static int options_parse(const json_t *obj, nb_options *options, const char **problem)
{
    const json_t *spelling, *rules, *cats;
    memset(options, 0, sizeof *options);
    options->spelling = 1;
    if (!obj) return 1;
    if (!json_is_object(obj)) { *problem = "check: \"options\" must be an object"; return 0; }
    spelling = json_object_get(obj, "spelling");
    rules = json_object_get(obj, "disabled_rules");
    cats = json_object_get(obj, "disabled_categories");
    if (spelling && !json_is_boolean(spelling)) { *problem = "check: \"options.spelling\" must be true or false"; return 0; }
    if ((rules && !json_is_array(rules)) || (cats && !json_is_array(cats))) {
        *problem = "check: \"options.disabled_rules\" and \"disabled_categories\" must be arrays";
        return 0;
    }
    options->spelling = !spelling || json_is_true(spelling);
    options->disabled_rules = rules;
    options->disabled_categories = cats;
    return 1;
}

/* Checks the post: returns the result's envelope, its warnings written into *warnings as text, or an
 * error reply when the request is wrong. */
static json_t *handle_check(session *s, const json_t *req, const json_t *id, nb_text *warnings)
{
    const json_t *text = json_object_get(req, "text"), *site = json_object_get(req, "site");
    json_t *r = NULL;
    nb_options options;
    const char *problem = NULL;
    nb_pack *pack;
    nb_post post;
    long long t0 = platform_now_us();
    int truncated;
    size_t room;
    if (!json_is_string(text)) return error_reply(id, "bad-request", "check: \"text\" must be a string");
    if (site && !json_is_string(site)) return error_reply(id, "bad-request", "check: \"site\" must be a string");
    if (!options_parse(json_object_get(req, "options"), &options, &problem)) return error_reply(id, "bad-request", problem);
    if (json_string_length(text) > MAX_TEXT_BYTES) return error_reply(id, "too-large", "check: \"text\" is over max_text_bytes");
    pack = request_pack(s, req, id, &r);
    if (!pack) return r;
    if (json_is_string(json_object_get(req, "pack")))
        snprintf(s->active, sizeof s->active, "%s", json_string_value(json_object_get(req, "pack")));
    check_post(s->engine, pack, json_string_value(text), json_string_length(text), &options, &post);
    /* The id is echoed, and a page could make it as large as it likes. */
    room = MAX_REPLY_BYTES - ENVELOPE_BYTES - (id ? json_dumpb(id, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY) : 0);
    report_warnings_with(s->pieces, pack, &post, MAX_WARNINGS, room > MAX_REPLY_BYTES ? 0 : room, &truncated,
                         warnings);
    r = reply_new("result", id);
    json_object_set_new(r, "pack", json_string(pack->id));
    json_object_set_new(r, "truncated", json_boolean(truncated));
    if (post.spelling_pending) json_object_set_new(r, "spelling", json_string("pending"));
    json_object_set_new(r, "elapsed_us", json_integer(platform_now_us() - t0));
    /* The next check is most likely this post again after an edit. */
    post_keep(s->engine, &post);
    return r;
}

/* Suggestions only for what a person would type as a word: hunspell gets nothing else. */
static int suggestable(const char *word, size_t len)
{
    size_t pos = 0;
    if (len == 0 || len > 64) return 0;
    while (pos < len) {
        uint32_t cp = utf_next(word, len, &pos);
        if (!utf_is_word_char(cp) && cp != '\'' && cp != 0x2019) return 0;
    }
    return 1;
}

static json_t *handle_suggest(session *s, const json_t *req, const json_t *id)
{
    const json_t *word = json_object_get(req, "word");
    json_t *r, *list = json_array();
    char *found[MAX_SUGGESTIONS];
    int n, i;
    if (!json_is_string(word)) {
        json_decref(list);
        return error_reply(id, "bad-request", "suggest: \"word\" must be a string");
    }
    speller_wait(s->engine->speller);
    if (suggestable(json_string_value(word), json_string_length(word)) &&
        strlen(json_string_value(word)) == json_string_length(word)) {
        n = speller_suggest(s->engine->speller, json_string_value(word), found, MAX_SUGGESTIONS);
        for (i = 0; i < n; i++) {
            json_array_append_new(list, json_string(found[i]));
            free(found[i]);
        }
    }
    r = reply_new("suggestions", id);
    json_object_set(r, "word", (json_t *)word);
    json_object_set_new(r, "suggestions", list);
    return r;
}

static json_t *handle_pack(session *s, const json_t *req, const json_t *id)
{
    json_t *r = NULL, *sections = json_array(), *rules = json_array();
    nb_pack *pack = request_pack(s, req, id, &r);
    size_t i;
    if (!pack) {
        json_decref(sections);
        json_decref(rules);
        return r;
    }
    for (i = 0; i < pack->n_sections; i++) {
        const nb_section *sec = &pack->sections[i];
        json_array_append_new(sections, json_pack("{s:s, s:s, s:s, s:s}", "number", sec->number, "title", sec->title,
                                                  "summary", sec->summary, "url", sec->url));
    }
    for (i = 0; i < pack->n_rules; i++) {
        const nb_rule *rule = &pack->rules[i];
        json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", rule->id, "category", rule->category,
                                               "severity", severity_name(rule->severity), "section",
                                               rule->section->number, "message", rule->message));
    }
    r = reply_new("pack", id);
    json_object_set_new(r, "pack", json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", pack->id, "name", pack->name,
                                             "organisation", pack->organisation, "version", pack->version,
                                             "document_url", pack->document_url, "sections", sections, "rules", rules));
    return r;
}

/* Answers one request; returns 0 when the output is gone. */
static int handle_request(session *s, const char *body, size_t len)
{
    json_error_t jerr;
    json_t *req = request_parse(body, len, &jerr), *reply;
    nb_text warnings = {0};
    int ok;
    const json_t *id, *type;
    const char *t;
    char message[300];
    if (!req) {
        snprintf(message, sizeof message, "the frame is not valid JSON (%s, at byte %d)", jerr.text, jerr.position);
        return send_reply(s, error_reply(NULL, "bad-json", message), NULL);
    }
    if (!json_is_object(req)) {
        json_decref(req);
        return send_reply(s, error_reply(NULL, "bad-request", "a request must be a JSON object"), NULL);
    }
    id = json_object_get(req, "id");
    type = json_object_get(req, "type");
    t = json_is_string(type) ? json_string_value(type) : NULL;
    if (!t) reply = error_reply(id, "bad-request", "a request needs a \"type\" string");
    else if (strcmp(t, "hello") == 0) reply = handle_hello(s, id);
    else if (strcmp(t, "check") == 0) reply = handle_check(s, req, id, &warnings);
    else if (strcmp(t, "suggest") == 0) reply = handle_suggest(s, req, id);
    else if (strcmp(t, "pack") == 0) reply = handle_pack(s, req, id);
    else {
        snprintf(message, sizeof message, "unknown request type \"%.100s\"", t);
        reply = error_reply(id, "bad-request", message);
    }
    json_decref(req);
    ok = send_reply(s, reply, warnings.v ? &warnings : NULL);
    free(warnings.v);
    return ok;
}

/* Answers frames until the input ends (0) or a frame cannot be read or answered (1). */
static int serve_frames(session *s, FILE *in)
{
    for (;;) {
        char *body = NULL, message[200];
        size_t len = 0;
        nb_frame_status status = frame_read(in, MAX_FRAME_BYTES, &body, &len);
        if (status == FRAME_END) return 0;
        if (status == FRAME_TOO_LARGE) {
            snprintf(message, sizeof message, "frame of %zu bytes is over max_frame_bytes (%u)", len, MAX_FRAME_BYTES);
            send_reply(s, error_reply(NULL, "bad-frame", message), NULL);
            fprintf(stderr, "noticeboard-host: %s; closing\n", message);
            return 1;
        }
        if (status == FRAME_TRUNCATED) {
            send_reply(s, error_reply(NULL, "bad-frame", "the input ended inside a frame"), NULL);
            fputs("noticeboard-host: the input ended inside a frame; closing\n", stderr);
            return 1;
        }
        if (!handle_request(s, body, len)) {
            free(body);
            return 1;
        }
        free(body);
    }
}

int native_serve(nb_engine *engine, const char *pack, FILE *in, FILE *out)
{
    session s;
    int status;
    s.engine = engine;
    s.out = out;
    s.pieces = report_cache_new();
    /* Every frame is written whole in one call: unbuffered, it goes to the pipe in one write rather
     * than a buffer's worth and the rest. */
    setvbuf(out, NULL, _IONBF, 0);
    snprintf(s.active, sizeof s.active, "%s", pack);
    snprintf(s.started, sizeof s.started, "%s", pack);
    status = serve_frames(&s, in);
    report_cache_free(s.pieces);
    return status;
}
