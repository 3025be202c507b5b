/* file.h: reading a whole file into memory.
 *
 * Packs named by path (library.c) and the model at build time (modelimage.c) are read whole before
 * they are parsed. Ownership: the caller frees what file_read returns.
 */
#ifndef NB_FILE_H
#define NB_FILE_H

#include <stddef.h>

/* The whole file, malloc'd, its length in *len; NULL when it cannot be read. */
char *file_read(const char *path, size_t *len);

#endif
