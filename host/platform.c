/* platform.c: threads, binary directory, dictionary folders, stdio mode, clock (see platform.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "platform.h"

#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>

struct nb_thread { HANDLE handle; void (*fn)(void *); void *arg; };

static DWORD WINAPI thread_main(LPVOID p)
{
    struct nb_thread *t = p;
    t->fn(t->arg);
    return 0;
}

nb_thread *platform_thread_start(void (*fn)(void *), void *arg)
{
    nb_thread *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fn = fn;
    t->arg = arg;
    t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
    if (!t->handle) { free(t); return NULL; }
    return t;
}

int platform_thread_done(nb_thread *t) { return WaitForSingleObject(t->handle, 0) == WAIT_OBJECT_0; }

void platform_thread_join(nb_thread *t)
{
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    free(t);
}

int platform_binary_dir(const char *argv0, char *buf, size_t cap)
{
    DWORD n = GetModuleFileNameA(NULL, buf, (DWORD)cap);
    char *slash;
    (void)argv0;
    if (n == 0 || n >= cap) return 0;
    slash = strrchr(buf, '\\');
    if (!slash) return 0;
    *slash = '\0';
    return 1;
}

void platform_untranslated_stdio(void)
{
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
}

/* Windows has no SIGPIPE: a write to a closed pipe already fails. */
void platform_binary_stdio(void) { platform_untranslated_stdio(); }

/* Read once, on the thread that finds the dictionary, before any other thread starts. */
const char *const *platform_dictionary_dirs(void)
{
    static char installed[MAX_PATH + 16];
    static const char *dirs[2];
    const char *program_files = getenv("ProgramFiles");
    if (program_files && *program_files) {
        snprintf(installed, sizeof installed, "%s\\noticeboard", program_files);
        dirs[0] = installed;
    }
    return dirs;
}

int platform_file_exists(const char *path)
{
    DWORD a = GetFileAttributesA(path);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

long long platform_now_us(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (long long)(c.QuadPart * 1000000 / f.QuadPart);
}

#else
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct nb_thread { pthread_t id; void (*fn)(void *); void *arg; int done; };

static void *thread_main(void *p)
{
    struct nb_thread *t = p;
    t->fn(t->arg);
    /* Release: whoever sees done also sees everything fn wrote. */
    __atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

int platform_thread_done(nb_thread *t) { return __atomic_load_n(&t->done, __ATOMIC_ACQUIRE); }

nb_thread *platform_thread_start(void (*fn)(void *), void *arg)
{
    nb_thread *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->id, NULL, thread_main, t) != 0) { free(t); return NULL; }
    return t;
}

void platform_thread_join(nb_thread *t)
{
    pthread_join(t->id, NULL);
    free(t);
}

int platform_binary_dir(const char *argv0, char *buf, size_t cap)
{
    char *slash;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n > 0) buf[n] = '\0';
    else {
        char *real = argv0 && strchr(argv0, '/') ? realpath(argv0, NULL) : NULL;
        if (!real) return 0;
        if (strlen(real) >= cap) { free(real); return 0; }
        strcpy(buf, real);
        free(real);
    }
    slash = strrchr(buf, '/');
    if (!slash) return 0;
    *slash = '\0';
    return 1;
}

void platform_untranslated_stdio(void) {}

/* A browser that closes the port mid-reply must not kill the host with SIGPIPE: the write fails
 * instead and the host exits cleanly. */
void platform_binary_stdio(void) { signal(SIGPIPE, SIG_IGN); }

const char *const *platform_dictionary_dirs(void)
{
    static const char *const dirs[] = {
        "/usr/share/hunspell", "/usr/local/share/hunspell", "/Library/Spelling", NULL
    };
    return dirs;
}

int platform_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

long long platform_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
#endif
