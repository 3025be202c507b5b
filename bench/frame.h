/* frame.h: native messaging frames, as the browser writes and reads them.
 *
 * A frame is a 32-bit length in native byte order followed by that many bytes of UTF-8 JSON
 * (docs/protocol.md). The driver encodes every request before it starts a clock, so a measured latency
 * is the write, the host's work and the read, and nothing of the driver's own JSON handling.
 *
 * Ownership: frame_encode and frame_receive return malloc'd buffers the caller frees.
 */
#ifndef NOTICEBOARD_BENCH_FRAME_H
#define NOTICEBOARD_BENCH_FRAME_H

#include <jansson.h>
#include "child.h"

typedef struct frame {
    char *bytes;     /* length prefix and JSON */
    size_t size;
} frame;

int frame_encode(json_t *message, frame *out);
void frame_release(frame *f);
int frame_send(child *c, const frame *f, bench_error *error);
/* The next frame's JSON, NUL-terminated; NULL with `error` set on end of file or a bad length. */
char *frame_receive(child *c, size_t *size, bench_error *error);
/* frame_receive, parsed; NULL with `error` set when the frame is missing or not JSON. */
json_t *frame_receive_json(child *c, bench_error *error);

#endif
