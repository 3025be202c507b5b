/* frame.h: native messaging frames on a stream.
 *
 * A frame is a 32-bit length in native byte order followed by that many bytes of UTF-8 JSON
 * (docs/protocol.md). Reading distinguishes a clean end of input (between frames) from a frame that
 * cannot be trusted, because the host answers them differently.
 */
#ifndef NB_FRAME_H
#define NB_FRAME_H

#include <stdint.h>
#include <stdio.h>

typedef enum nb_frame_status {
    FRAME_OK,
    FRAME_END,         /* end of input before a new frame: the browser closed the port */
    FRAME_TOO_LARGE,   /* the declared length is over the cap; nothing after it can be trusted */
    FRAME_TRUNCATED    /* input ended inside the length or the body */
} nb_frame_status;

/* On FRAME_OK, *body is a malloc'd NUL-terminated buffer of *len bytes that the caller frees. */
nb_frame_status frame_read(FILE *in, size_t max_bytes, char **body, size_t *len);
#define FRAME_HEADER_BYTES 4

/* Sends the JSON at frame + FRAME_HEADER_BYTES (len bytes in all, header room included) as one
 * frame: fills in the header and hands header and body to the system in one write, then flushes.
 * Returns 0 when the output is gone. */
int frame_write(FILE *out, char *frame, size_t len);

#endif
