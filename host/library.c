/* library.c: finding and caching packs (see library.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "embedded.h"
#include "file.h"
#include "library.h"

#define PACKS_DIR "packs/"
#define LEXICONS_PATH "packs/lexicons.json"
#define WORDS_PATH "packs/words/healthcare.txt"
#define MODEL_PATH "packs/model/model.image"

typedef struct loaded {
    char *name;          /* as asked for: an id or a path */
    nb_pack *pack;
} loaded;

struct nb_library {
    nb_shared shared;
    char **ids;          /* embedded pack ids, sorted */
    const nb_embedded_file **files;
    size_t n_ids;
    loaded *packs;
    size_t n_packs, cap_packs;
};

static const nb_embedded_file *embedded_find(const char *path)
{
    const nb_embedded_file *f;
    for (f = nb_embedded_files; f->path; f++)
        if (strcmp(f->path, path) == 0) return f;
    return NULL;
}

/* "packs/nhs.json" -> "nhs"; NULL for the shared files and anything not directly in packs/. */
static char *pack_id_of(const char *path)
{
    size_t n;
    char *id;
    if (strncmp(path, PACKS_DIR, strlen(PACKS_DIR)) != 0 || strcmp(path, LEXICONS_PATH) == 0) return NULL;
    path += strlen(PACKS_DIR);
    n = strlen(path);
    if (strchr(path, '/') || n <= 5 || strcmp(path + n - 5, ".json") != 0) return NULL;
    id = malloc(n - 4);
    if (!id) abort();
    memcpy(id, path, n - 5);
    id[n - 5] = '\0';
    return id;
}

static int embedded_index(const nb_library *lib, const char *name);

/* Turns a shared file's error into the "FILE:LINE:COL: problem" line users see. */
static void error_name_file(nb_error *error, const char *path)
{
    char where[600];
    snprintf(where, sizeof where, "%s", error->text);
    error_set(error, error->line, error->column, "%s:%d:%d: %s", path, error->line, error->column, where);
}

/* The shared files' find_pack: packs inherit only from embedded packs. */
static int library_find_pack(const void *context, const char *id, nb_pack_text *text)
{
    const nb_library *lib = context;
    int index = embedded_index(lib, id);
    if (index < 0) return 0;
    text->json = (const char *)lib->files[index]->data;
    text->len = lib->files[index]->size;
    text->source = lib->files[index]->path;
    return 1;
}

nb_library *library_new(nb_error *error)
{
    const nb_embedded_file *lex = embedded_find(LEXICONS_PATH), *words = embedded_find(WORDS_PATH), *f;
    const nb_embedded_file *model = embedded_find(MODEL_PATH);
    nb_library *lib = calloc(1, sizeof *lib);
    size_t cap = 0, cap_files = 0;
    if (!lib) abort();
    if (!shared_load(&lib->shared, lex ? (const char *)lex->data : NULL, lex ? lex->size : 0,
                     words ? (const char *)words->data : NULL, words ? words->size : 0, error)) {
        error_name_file(error, LEXICONS_PATH);
        free(lib);
        return NULL;
    }
    if (model && !(lib->shared.model = model_view(model->data, model->size, error))) {
        error_name_file(error, MODEL_PATH);
        shared_free(&lib->shared);
        free(lib);
        return NULL;
    }
    /* The embed tool is given the files in name order, so ids come out sorted. */
    for (f = nb_embedded_files; f->path; f++) {
        char *id = pack_id_of(f->path);
        if (!id) continue;
        lib->ids = array_reserve(lib->ids, &cap, lib->n_ids + 1, sizeof *lib->ids);
        lib->files = array_reserve(lib->files, &cap_files, lib->n_ids + 1, sizeof *lib->files);
        lib->ids[lib->n_ids] = id;
        lib->files[lib->n_ids++] = f;
    }
    lib->shared.find_pack = library_find_pack;
    lib->shared.find_context = lib;
    return lib;
}

void library_free(nb_library *lib)
{
    size_t i;
    if (!lib) return;
    for (i = 0; i < lib->n_ids; i++) free(lib->ids[i]);
    for (i = 0; i < lib->n_packs; i++) {
        free(lib->packs[i].name);
        pack_free(lib->packs[i].pack);
    }
    free(lib->ids);
    free(lib->files);
    free(lib->packs);
    shared_free(&lib->shared);
    free(lib);
}

size_t library_count(const nb_library *lib) { return lib->n_ids; }
const char *library_pack_id(const nb_library *lib, size_t i) { return lib->ids[i]; }

static int embedded_index(const nb_library *lib, const char *name)
{
    size_t i;
    for (i = 0; i < lib->n_ids; i++)
        if (strcmp(lib->ids[i], name) == 0) return (int)i;
    return -1;
}

json_t *library_pack_summary(const nb_library *lib, size_t i)
{
    json_t *doc = json_loadb((const char *)lib->files[i]->data, lib->files[i]->size, 0, NULL), *summary = NULL;
    const char *name, *organisation;
    if (!doc) return NULL;
    name = json_string_value(json_object_get(doc, "name"));
    organisation = json_string_value(json_object_get(doc, "organisation"));
    if (name && organisation)
        summary = json_pack("{s:s, s:s, s:s}", "id", lib->ids[i], "name", name, "organisation", organisation);
    json_decref(doc);
    return summary;
}

int library_has(const nb_library *lib, const char *name) { return embedded_index(lib, name) >= 0; }

static int is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || strchr(name, '\\') || (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static nb_pack *load_named(nb_library *lib, const char *name, nb_error *error)
{
    char formatted[700];
    const char *source = name;
    char *owned = NULL;
    const char *json;
    size_t len;
    nb_pack *pack;
    int index = embedded_index(lib, name);
    if (index >= 0) {
        json = (const char *)lib->files[index]->data;
        len = lib->files[index]->size;
        source = lib->files[index]->path;
    } else if (is_path(name)) {
        json = owned = file_read(name, &len);
        if (!owned) {
            error_set(error, 0, 0, "%s: cannot read the pack file", name);
            return NULL;
        }
    } else {
        if (strcmp(name, DEFAULT_PACK) == 0)
            error_set(error, 0, 0, "the default pack \"%s\" is not built into this host (no packs/%s.json at build time)",
                      name, name);
        else
            error_set(error, 0, 0, "unknown pack \"%s\" (see the `packs` command for the built-in ones)", name);
        return NULL;
    }
    pack = pack_load(json, len, &lib->shared, error);
    free(owned);
    if (!pack) {
        pack_error_format(source, error, formatted, sizeof formatted);
        error_set(error, error->line, error->column, "%s", formatted);
    }
    return pack;
}

nb_pack *library_get(nb_library *lib, const char *name, nb_error *error)
{
    size_t i;
    nb_pack *pack;
    for (i = 0; i < lib->n_packs; i++)
        if (strcmp(lib->packs[i].name, name) == 0) return lib->packs[i].pack;
    pack = load_named(lib, name, error);
    if (!pack) return NULL;
    lib->packs = array_reserve(lib->packs, &lib->cap_packs, lib->n_packs + 1, sizeof *lib->packs);
    lib->packs[lib->n_packs].name = strdup(name);
    lib->packs[lib->n_packs++].pack = pack;
    return pack;
}
