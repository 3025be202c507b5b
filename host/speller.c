/* speller.c: dictionary discovery, background loading, spell and suggest (see speller.h). */
#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "platform.h"
#include "speller.h"

#define SUGGEST_CACHE 64
#define SUGGEST_MAX 8

typedef struct suggest_entry {
    char *word;
    char *list[SUGGEST_MAX];
    int n;
} suggest_entry;

struct nb_speller {
    Hunhandle *handle;
    nb_thread *loader;
    char aff[4096], dic[4096];
    char error[4400];
    int found;
    suggest_entry cache[SUGGEST_CACHE];
    int cache_next;
};

static int dictionary_in(nb_speller *s, const char *dir)
{
    if (!dir || !*dir) return 0;
    snprintf(s->dic, sizeof s->dic, "%s/en_GB.dic", dir);
    snprintf(s->aff, sizeof s->aff, "%s/en_GB.aff", dir);
    return platform_file_exists(s->dic) && platform_file_exists(s->aff);
}

static int dictionary_find(nb_speller *s, const char *dict_dir, const char *binary_dir)
{
    const char *const *system_dirs = platform_dictionary_dirs();
    char share[4096];
    int i;
    if (dict_dir) {
        if (dictionary_in(s, dict_dir)) return 1;
        snprintf(s->error, sizeof s->error, "no en_GB.dic and en_GB.aff in %s", dict_dir);
        return 0;
    }
    if (dictionary_in(s, getenv("NOTICEBOARD_DICT_DIR"))) return 1;
    if (binary_dir) {
        snprintf(share, sizeof share, "%s/../share/noticeboard", binary_dir);
        if (dictionary_in(s, share) || dictionary_in(s, binary_dir)) return 1;
    }
    for (i = 0; system_dirs[i]; i++)
        if (dictionary_in(s, system_dirs[i])) return 1;
    snprintf(s->error, sizeof s->error,
             "no en_GB dictionary found (install hunspell-en-gb, or use --dict DIR or NOTICEBOARD_DICT_DIR)");
    return 0;
}

static void dictionary_load(void *arg)
{
    nb_speller *s = arg;
    s->handle = Hunspell_create(s->aff, s->dic);
}

nb_speller *speller_new(const char *dict_dir, const char *binary_dir)
{
    nb_speller *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->found = dictionary_find(s, dict_dir, binary_dir);
    if (!s->found) return s;
    s->loader = platform_thread_start(dictionary_load, s);
    if (!s->loader) dictionary_load(s);
    return s;
}

void speller_wait(nb_speller *s)
{
    if (s->loader) {
        platform_thread_join(s->loader);
        s->loader = NULL;
        if (!s->handle) snprintf(s->error, sizeof s->error, "could not load the dictionary %s", s->dic);
    }
}

int speller_ready(nb_speller *s)
{
    if (s->loader && platform_thread_done(s->loader)) speller_wait(s);
    return s->loader == NULL;
}

void speller_free(nb_speller *s, int free_dictionary)
{
    int i, k;
    if (!s) return;
    speller_wait(s);
    for (i = 0; i < SUGGEST_CACHE; i++) {
        free(s->cache[i].word);
        for (k = 0; k < s->cache[i].n; k++) free(s->cache[i].list[k]);
    }
    if (s->handle && free_dictionary) Hunspell_destroy(s->handle);
    free(s);
}

int speller_loaded(nb_speller *s) { return s->handle != NULL; }
const char *speller_path(nb_speller *s) { return s->handle ? s->dic : NULL; }
const char *speller_error(nb_speller *s) { return s->handle ? NULL : s->error; }

int speller_check_word(nb_speller *s, const char *word)
{
    return !s->handle || Hunspell_spell(s->handle, word) != 0;
}

int speller_suggest(nb_speller *s, const char *word, char **out, int max)
{
    suggest_entry *e = NULL;
    char **list = NULL;
    int i, n;
    if (!s->handle) return 0;
    for (i = 0; i < SUGGEST_CACHE && !e; i++)
        if (s->cache[i].word && strcmp(s->cache[i].word, word) == 0) e = &s->cache[i];
    if (!e) {
        e = &s->cache[s->cache_next];
        s->cache_next = (s->cache_next + 1) % SUGGEST_CACHE;
        free(e->word);
        for (i = 0; i < e->n; i++) free(e->list[i]);
        e->n = 0;
        e->word = strdup(word);
        n = Hunspell_suggest(s->handle, &list, word);
        for (i = 0; i < n && e->n < SUGGEST_MAX; i++) e->list[e->n++] = strdup(list[i]);
        Hunspell_free_list(s->handle, &list, n);
    }
    for (i = 0; i < e->n && i < max; i++) out[i] = strdup(e->list[i]);
    return i;
}
