/* frame.c: reading and writing frames (see frame.h). */
#include <stdlib.h>
#include <string.h>
#include "frame.h"

nb_frame_status frame_read(FILE *in, size_t max_bytes, char **body, size_t *len)
{
    unsigned char header[4];
    uint32_t declared;
    size_t got = fread(header, 1, sizeof header, in);
    char *buf;
    if (got == 0) return FRAME_END;
    if (got < sizeof header) return FRAME_TRUNCATED;
    memcpy(&declared, header, sizeof declared);
    *len = declared;
    if (declared > max_bytes) return FRAME_TOO_LARGE;
    buf = malloc((size_t)declared + 1);
    if (!buf) return FRAME_TOO_LARGE;
    if (fread(buf, 1, declared, in) != declared) {
        free(buf);
        return FRAME_TRUNCATED;
    }
    buf[declared] = '\0';
    *body = buf;
    return FRAME_OK;
}

int frame_write(FILE *out, char *frame, size_t len)
{
    uint32_t n = (uint32_t)(len - FRAME_HEADER_BYTES);
    memcpy(frame, &n, FRAME_HEADER_BYTES);
    return fwrite(frame, 1, len, out) == len && fflush(out) == 0;
}
