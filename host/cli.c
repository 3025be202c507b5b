/* cli.c: command-line parsing and the commands (see cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "cli.h"
#include "model.h"
#include "native.h"
#include "platform.h"
#include "report.h"
#include "utf.h"
#include "version.h"

#define EXIT_FOUND 1
#define EXIT_ERROR 2
/* A post bigger than this is not a post; refuse it rather than exhaust memory. */
#define MAX_INPUT_BYTES (64u * 1024 * 1024)

static const char usage[] =
    "usage: noticeboard-host COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Warns about posts that break an NHS trust's social media policy, and says which section.\n"
    "Nothing you check leaves this computer.\n"
    "\n"
    "commands:\n"
    "  check [FILE...]        check each FILE as one post (standard input when none)\n"
    "                         exit 0: no warnings, 1: warnings, 2: error\n"
    "  packs                  list the built-in policy packs\n"
    "  pack-test [PACK...]    run every rule's flag/pass examples (all built-in packs when none)\n"
    "                         exit 0: all pass, 1: an example failed, 2: a pack does not load\n"
    "  pack-check [PACK...]   validate packs without running examples (PACK: an id or a file)\n"
    "  serve                  speak the browser's native messaging protocol on stdin/stdout\n"
    "  words [FILE...]        print the words the word model reads in each FILE, a JSON array a line\n"
    "                         (what packs/model/train.js trains on; see docs/model.md)\n"
    "\n"
    "options:\n"
    "  --pack ID|FILE         the policy pack to check against (default: " DEFAULT_PACK ")\n"
    "  --json                 check: one JSON object per post, {\"warnings\":[...]}\n"
    "  --no-spelling          check: no spelling warnings\n"
    "  --dict DIR             the directory holding en_GB.dic and en_GB.aff\n"
    "                         (else $NOTICEBOARD_DICT_DIR, beside the binary, /usr/share/hunspell, ...)\n"
    "  -h, --help             this help\n"
    "  --version              the version\n"
    "\n"
    "Browsers start the host with chrome-extension://ID/ (Chrome, Chromium, Edge) or with a manifest\n"
    "path and an extension id (Firefox); it then serves native messaging frames (see docs/protocol.md).\n"
    "\n"
    "examples:\n"
    "  echo 'Mrs Patel in bed 4 was discharged today' | noticeboard-host check\n"
    "  noticeboard-host check --pack uhl --json post.txt\n"
    "  noticeboard-host pack-test my-trust.json\n";

typedef struct cli_args {
    const char *command;
    const char *pack;
    const char *dict;
    int json, spelling;
    char **files;
    int n_files;
} cli_args;

static int fail_usage(const char *message, const char *arg)
{
    fprintf(stderr, "noticeboard-host: %s%s%s\nTry 'noticeboard-host --help'.\n", message, arg ? " " : "",
            arg ? arg : "");
    return EXIT_ERROR;
}

/* Returns -1 when parsing succeeded, else the exit status to return. */
static int args_parse(int argc, char **argv, cli_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    a->spelling = 1;
    a->files = calloc((size_t)argc + 1, sizeof *a->files);
    if (!a->files) abort();
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0 || strcmp(arg, "help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(arg, "--version") == 0 || strcmp(arg, "version") == 0) {
            printf("noticeboard-host %s (protocol %d)\n", NB_VERSION, NB_PROTOCOL);
            return 0;
        } else if (strcmp(arg, "--json") == 0) a->json = 1;
        else if (strcmp(arg, "--no-spelling") == 0) a->spelling = 0;
        else if (strcmp(arg, "--pack") == 0 || strcmp(arg, "--dict") == 0) {
            if (i + 1 >= argc) return fail_usage("missing value after", arg);
            if (arg[2] == 'p') a->pack = argv[++i]; else a->dict = argv[++i];
        } else if (strncmp(arg, "--pack=", 7) == 0) a->pack = arg + 7;
        else if (strncmp(arg, "--dict=", 7) == 0) a->dict = arg + 7;
        else if (strcmp(arg, "-") != 0 && arg[0] == '-') return fail_usage("unknown option", arg);
        else if (!a->command) a->command = arg;
        else a->files[a->n_files++] = argv[i];
    }
    if (!a->command) {
        fputs(usage, stderr);
        return EXIT_ERROR;
    }
    return -1;
}

/* The whole of a file (or standard input for NULL or "-"), malloc'd; NULL with a message printed. */
static char *input_read(const char *path, size_t *len)
{
    FILE *f = !path || strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    if (!f) {
        fprintf(stderr, "noticeboard-host: cannot read %s\n", path);
        return NULL;
    }
    do {
        buf = array_reserve(buf, &cap, n + 65536, 1);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0 && n <= MAX_INPUT_BYTES);
    if (ferror(f) || n > MAX_INPUT_BYTES) {
        fprintf(stderr, "noticeboard-host: %s: %s\n", path ? path : "<stdin>",
                ferror(f) ? "read error" : "input is over 64 MB, which is not a post");
        free(buf);
        buf = NULL;
    }
    if (f != stdin) fclose(f);
    *len = n;
    return buf;
}

static nb_engine *engine_start(const cli_args *a, const char *binary_dir)
{
    nb_error error;
    nb_engine *engine = engine_new(a->dict, binary_dir, &error);
    if (!engine) fprintf(stderr, "noticeboard-host: %s\n", error.text);
    return engine;
}

/* Frees the engine only when asked: the dictionary's teardown costs more than a whole check, and
 * the process is about to end anyway. Leak checkers set NOTICEBOARD_FREE_AT_EXIT=1. */
static void engine_stop(nb_engine *engine)
{
    const char *free_all = getenv("NOTICEBOARD_FREE_AT_EXIT");
    if (free_all && strcmp(free_all, "1") == 0) engine_free(engine, 1);
}

static nb_pack *pack_open(nb_engine *engine, const char *name)
{
    nb_error error;
    nb_pack *pack = library_get(engine->library, name ? name : DEFAULT_PACK, &error);
    if (!pack) fprintf(stderr, "noticeboard-host: %s\n", error.text);
    return pack;
}

static int check_one(nb_engine *engine, nb_pack *pack, const cli_args *a, const char *path)
{
    nb_options options = { a->spelling, NULL, NULL };
    size_t len;
    char *text = input_read(path, &len);
    nb_post post;
    int found;
    if (!text) return EXIT_ERROR;
    check_post(engine, pack, text, len, &options, &post);
    free(text);
    if (a->json) {
        int truncated;
        nb_text out = {0};
        report_append(&out, "{\"warnings\":", 12);
        report_warnings(pack, &post, (size_t)-1, (size_t)-1, &truncated, &out);
        report_append(&out, "}\n", 2);
        fwrite(out.v, 1, out.n, stdout);
        free(out.v);
    } else report_human(stdout, path ? path : "<stdin>", pack, &post);
    found = post.n_warnings > 0;
    post_free(&post);
    return found ? EXIT_FOUND : 0;
}

static int command_check(nb_engine *engine, const cli_args *a)
{
    nb_pack *pack = pack_open(engine, a->pack);
    int i, status = 0;
    if (!pack) return EXIT_ERROR;
    if (a->spelling) {
        speller_wait(engine->speller);
        if (!speller_loaded(engine->speller))
            fprintf(stderr, "noticeboard-host: spelling is off: %s\n", speller_error(engine->speller));
    }
    if (a->n_files == 0) return check_one(engine, pack, a, NULL);
    for (i = 0; i < a->n_files; i++) {
        int s = check_one(engine, pack, a, a->files[i]);
        if (s > status) status = s;
    }
    return status;
}

static void word_append(void *words, const char *word, size_t len, nb_span at, int opens)
{
    (void)at;
    (void)opens;
    json_array_append_new(words, json_stringn(word, len));
}

/* One JSON array of the post's words, as model_read sees them. */
static int words_one(const char *path)
{
    size_t len, clean_len;
    char *text = input_read(path, &len), *clean, *line;
    nb_tokens tokens = {0};
    json_t *words = json_array();
    if (!text) return EXIT_ERROR;
    clean = utf_sanitize(text, len, &clean_len);
    if (!clean || !words) abort();
    free(text);
    tokens_split(clean, clean_len, &tokens);
    model_words(clean, &tokens, word_append, words);
    line = json_dumps(words, JSON_COMPACT);
    if (!line) abort();
    puts(line);
    free(line);
    json_decref(words);
    tokens_free(&tokens);
    free(clean);
    return 0;
}

static int command_words(const cli_args *a)
{
    int i, status = 0;
    if (a->n_files == 0) return words_one(NULL);
    for (i = 0; i < a->n_files && status == 0; i++) status = words_one(a->files[i]);
    return status;
}

static int command_packs(nb_engine *engine)
{
    size_t i;
    for (i = 0; i < library_count(engine->library); i++) {
        nb_pack *pack = pack_open(engine, library_pack_id(engine->library, i));
        if (!pack) return EXIT_ERROR;
        printf("%-6s %s, %s (%s)%s\n", pack->id, pack->name, pack->organisation, pack->version,
               strcmp(pack->id, DEFAULT_PACK) == 0 ? " [default]" : "");
    }
    return 0;
}

/* One example: 1 when the rule did what the example says. */
static int example_ok(nb_engine *engine, nb_pack *pack, const nb_rule *rule, const json_t *example, int flag)
{
    size_t hits = check_rule_alone(engine, pack, rule, json_string_value(example), json_string_length(example));
    if ((hits > 0) == flag) return 1;
    printf("%s: rule %s: %s example \"%s\": %s\n", pack->id, rule->id, flag ? "flag" : "pass",
           json_string_value(example), flag ? "not flagged" : "flagged");
    return 0;
}

static int command_pack_test(nb_engine *engine, const cli_args *a, int run_examples)
{
    size_t passed = 0, failed = 0, broken = 0, p, r, k;
    size_t n = a->n_files ? (size_t)a->n_files : library_count(engine->library);
    for (p = 0; p < n; p++) {
        nb_pack *pack = pack_open(engine, a->n_files ? a->files[p] : library_pack_id(engine->library, p));
        if (!pack) {
            broken++;
            continue;
        }
        if (!run_examples) {
            passed++;
            continue;
        }
        for (r = 0; r < pack->n_rules; r++) {
            const nb_rule *rule = &pack->rules[r];
            json_t *example;
            json_array_foreach(rule->flag_examples, k, example)
                if (example_ok(engine, pack, rule, example, 1)) passed++; else failed++;
            json_array_foreach(rule->pass_examples, k, example)
                if (example_ok(engine, pack, rule, example, 0)) passed++; else failed++;
        }
    }
    printf("%zu passed, %zu failed\n", passed, failed + broken);
    return broken ? EXIT_ERROR : failed ? EXIT_FOUND : 0;
}

int cli_serve_native(const char *pack, const char *dict_dir, const char *binary_dir)
{
    nb_error error;
    nb_engine *engine;
    int status;
    platform_binary_stdio();
    engine = engine_new(dict_dir, binary_dir, &error);
    if (!engine) {
        fprintf(stderr, "noticeboard-host: %s\n", error.text);
        return EXIT_ERROR;
    }
    status = native_serve(engine, pack ? pack : DEFAULT_PACK, stdin, stdout);
    engine_stop(engine);
    return status;
}

int cli_run(int argc, char **argv, const char *binary_dir)
{
    cli_args a;
    nb_engine *engine;
    int status = args_parse(argc, argv, &a);
    if (status >= 0) {
        free(a.files);
        return status;
    }
    /* Neither needs this engine: serve makes its own, and words reads no pack or dictionary. */
    if (strcmp(a.command, "serve") == 0 || strcmp(a.command, "words") == 0) {
        status = strcmp(a.command, "serve") == 0 ? cli_serve_native(a.pack, a.dict, binary_dir) : command_words(&a);
        fflush(stdout);
        free(a.files);
        return status;
    }
    if (strcmp(a.command, "check") && strcmp(a.command, "packs") && strcmp(a.command, "pack-test") &&
        strcmp(a.command, "pack-check")) {
        free(a.files);
        return fail_usage("unknown command", a.command);
    }
    engine = engine_start(&a, binary_dir);
    if (!engine) {
        free(a.files);
        return EXIT_ERROR;
    }
    if (strcmp(a.command, "check") == 0) status = command_check(engine, &a);
    else if (strcmp(a.command, "packs") == 0) status = command_packs(engine);
    else status = command_pack_test(engine, &a, strcmp(a.command, "pack-test") == 0);
    fflush(stdout);
    engine_stop(engine);
    free(a.files);
    return status;
}
