/* native.h: the native messaging host: frames in, frames out, until the browser goes away.
 *
 * Serves hello, check, suggest and pack requests in order (docs/protocol.md). Anything wrong inside a
 * well-formed frame gets an error reply and the host carries on; a frame that cannot be trusted gets
 * an error reply if possible and ends the session. Nothing but frames is written to `out`.
 */
#ifndef NB_NATIVE_H
#define NB_NATIVE_H

#include <stdio.h>
#include "check.h"

#define MAX_FRAME_BYTES (16u * 1024 * 1024)
#define MAX_TEXT_BYTES (2u * 1024 * 1024)
#define MAX_REPLY_BYTES 1000000u
#define MAX_WARNINGS 500u

/* Returns the process exit status: 0 at the end of input, 1 after an untrustworthy frame or when
 * the output is gone. */
int native_serve(nb_engine *engine, const char *pack, FILE *in, FILE *out);

#endif
