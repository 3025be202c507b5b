/* library.h: the packs a host can use, embedded or from files, loaded once and kept.
 *
 * The library knows the embedded pack files by id (packs/<id>.json) and loads a pack the first time it
 * is asked for, by id or by path (anything containing a '/' or '\\' or ending in ".json"), keeping it
 * for the life of the library: a browser session switches between a handful of packs at most.
 * Errors come back with their text already in the "FILE:LINE:COL: problem" form.
 */
#ifndef NB_LIBRARY_H
#define NB_LIBRARY_H

#include "pack.h"

#define DEFAULT_PACK "nhs"

typedef struct nb_library nb_library;

/* NULL with error when the embedded shared files are broken. */
nb_library *library_new(nb_error *error);
void library_free(nb_library *library);
size_t library_count(const nb_library *library);
/* The id of the i-th embedded pack, in name order. */
const char *library_pack_id(const nb_library *library, size_t i);
/* {"id","name","organisation"} of the i-th embedded pack (a new object), read without compiling the
 * pack, so `hello` can list every pack cheaply; NULL when its JSON lacks them. */
json_t *library_pack_summary(const nb_library *library, size_t i);
/* The pack named by id or path; NULL with error when it is unknown, unreadable or invalid. */
nb_pack *library_get(nb_library *library, const char *name, nb_error *error);
/* 1 when name is an embedded pack id. */
int library_has(const nb_library *library, const char *name);

#endif
