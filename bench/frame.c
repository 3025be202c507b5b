/* frame.c: native messaging frames (see frame.h). */
#include "frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The protocol's own limit (limits.max_frame_bytes); anything longer means the stream is garbage. */
#define FRAME_MAX_BYTES (16u * 1024 * 1024)

int frame_encode(json_t *message, frame *out) {
    char *json = json_dumps(message, JSON_COMPACT);
    if (!json) return -1;
    uint32_t length = (uint32_t)strlen(json);
    out->size = sizeof length + length;
    out->bytes = malloc(out->size);
    if (!out->bytes) abort();
    memcpy(out->bytes, &length, sizeof length);
    memcpy(out->bytes + sizeof length, json, length);
    free(json);
    return 0;
}

void frame_release(frame *f) {
    free(f->bytes);
    f->bytes = NULL;
    f->size = 0;
}

int frame_send(child *c, const frame *f, bench_error *error) {
    return child_write_all(c, f->bytes, f->size, error);
}

char *frame_receive(child *c, size_t *size, bench_error *error) {
    uint32_t length;
    if (child_read_exact(c, &length, sizeof length, error) != 0) return NULL;
    if (length > FRAME_MAX_BYTES) {
        bench_error_set(error, "reply frame of %u bytes is over the protocol's limit", length);
        return NULL;
    }
    char *json = malloc((size_t)length + 1);
    if (!json) abort();
    if (child_read_exact(c, json, length, error) != 0) {
        free(json);
        return NULL;
    }
    json[length] = '\0';
    if (size) *size = length;
    return json;
}

json_t *frame_receive_json(child *c, bench_error *error) {
    size_t size;
    char *json = frame_receive(c, &size, error);
    if (!json) return NULL;
    json_error_t parse_error;
    json_t *message = json_loadb(json, size, 0, &parse_error);
    free(json);
    if (!message) bench_error_set(error, "reply is not JSON: %s", parse_error.text);
    return message;
}
