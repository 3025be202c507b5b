/* error.c: filling nb_error (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "error.h"

void error_set(nb_error *error, int line, int column, const char *format, ...)
{
    va_list ap;
    if (!error) return;
    va_start(ap, format);
    vsnprintf(error->text, sizeof error->text, format, ap);
    va_end(ap);
    error->line = line;
    error->column = column;
}

void error_clear(nb_error *error)
{
    if (!error) return;
    error->text[0] = '\0';
    error->line = error->column = 0;
}
