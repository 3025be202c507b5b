/* cli.h: the command line (CONTRACT.md): check, pack-test, pack-check, packs, serve, --help, --version.
 *
 * main.c hands over everything that is not a browser starting the host. Exit status: 0 nothing found
 * or all passed, 1 warnings found or tests failed, 2 an error (bad pack, bad input, unreadable file)
 * with a one-line reason on standard error.
 */
#ifndef NB_CLI_H
#define NB_CLI_H

int cli_run(int argc, char **argv, const char *binary_dir);
/* The native messaging session main.c starts for a browser; pack and dict_dir may be NULL. */
int cli_serve_native(const char *pack, const char *dict_dir, const char *binary_dir);

#endif
