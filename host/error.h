/* error.h: how every module reports a problem to its caller.
 *
 * Modules never print. They fill an nb_error with a one-line reason and, where the problem sits in a
 * file, the line and column (1-based, 0 when unknown). The caller decides whether the reason goes to
 * standard error (command line) or into an error frame (native messaging).
 */
#ifndef NB_ERROR_H
#define NB_ERROR_H

typedef struct nb_error {
    char text[512];
    int line;
    int column;
} nb_error;

#if defined(__GNUC__)
#define NB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NB_PRINTF(a, b)
#endif

void error_set(nb_error *error, int line, int column, const char *format, ...) NB_PRINTF(4, 5);
void error_clear(nb_error *error);

#endif
