/* platform.h: the few things that differ between Linux/macOS and Windows.
 *
 * Kept in one file so a Windows port touches nothing else: a background thread (the dictionary loads
 * on one), the directory holding the running binary (dictionaries may sit beside it), the system
 * folders where a dictionary may be installed, and binary mode for standard input and output (native
 * messaging frames are binary, and offsets count the post's own line breaks).
 */
#ifndef NB_PLATFORM_H
#define NB_PLATFORM_H

#include <stddef.h>

typedef struct nb_thread nb_thread;

/* Starts fn(arg) on a new thread; NULL when threads are unavailable (the caller then runs fn itself). */
nb_thread *platform_thread_start(void (*fn)(void *), void *arg);
/* 1 once fn has returned (what it wrote is then visible), without waiting. */
int platform_thread_done(nb_thread *thread);
/* Waits for the thread to finish and frees it. */
void platform_thread_join(nb_thread *thread);
/* Writes the directory of the running executable into buf; returns 0 when it cannot be found. */
int platform_binary_dir(const char *argv0, char *buf, size_t cap);
/* Standard input and output pass bytes unchanged, as they do on Linux and macOS. Windows would
 * otherwise read "\r\n" as "\n", moving every offset after a line break, and write "\n" as "\r\n",
 * so --json output would differ from other systems'. */
void platform_untranslated_stdio(void);
/* Binary standard input and output, and writes to a closed pipe fail rather than end the process. */
void platform_binary_stdio(void);
/* The system folders that may hold an installed en_GB dictionary, NULL-terminated: Unix's hunspell
 * folders, or %ProgramFiles%\noticeboard on Windows (where Unix paths would name the current drive). */
const char *const *platform_dictionary_dirs(void);
int platform_file_exists(const char *path);
/* Microseconds from a monotonic clock. */
long long platform_now_us(void);

#endif
