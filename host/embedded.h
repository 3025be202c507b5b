/* embedded.h: the pack files compiled into the binary.
 *
 * At build time host/embed.c turns every pack file (packs/ID.json), packs/lexicons.json,
 * packs/words/healthcare.txt and the word model packs/model/model.json into build/embedded.c, so a
 * deployed host needs no files beside it. Paths are kept as in the source tree ("packs/nhs.json").
 * The table ends with an entry whose path is NULL.
 */
#ifndef NB_EMBEDDED_H
#define NB_EMBEDDED_H

#include <stddef.h>

typedef struct nb_embedded_file {
    const char *path;
    const unsigned char *data;
    size_t size;
} nb_embedded_file;

extern const nb_embedded_file nb_embedded_files[];

#endif
