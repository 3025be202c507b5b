/* main.c: noticeboard-host's entry point: a browser's native messaging host or a command-line checker.
 *
 * Browsers start the host with arguments of their own: Chrome, Chromium and Edge pass the caller's
 * origin (chrome-extension://ID/), Firefox the path of the host manifest and the extension id. Those
 * start a native messaging session (native.h); anything else is the command line (cli.h).
 */
#include <string.h>
#include "cli.h"
#include "platform.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int started_by_browser(int argc, char **argv)
{
    if (argc >= 2 && strncmp(argv[1], "chrome-extension://", 19) == 0) return 1;
    /* Firefox: <manifest path> <extension id>. */
    return argc == 3 && ends_with(argv[1], ".json") && argv[2][0] != '-' &&
           (strchr(argv[2], '@') != NULL || argv[2][0] == '{');
}

int main(int argc, char **argv)
{
    char dir[4096];
    const char *binary_dir = platform_binary_dir(argv[0], dir, sizeof dir) ? dir : NULL;
    platform_untranslated_stdio();
    if (started_by_browser(argc, argv)) return cli_serve_native(NULL, NULL, binary_dir);
    return cli_run(argc, argv, binary_dir);
}
