/* request.h: parsing a request frame.
 *
 * jansson decodes a string a byte at a time, about 240 instructions a byte: parsing a 63,206-character
 * check cost more than tokenising it. So request_parse scans the frame's structure once, decodes the
 * top-level "text" string itself (escapes undone, UTF-8 checked as strictly as jansson checks it) and
 * leaves jansson only the rest. A frame that is not a plain object with one "text" string, or whose
 * text jansson would refuse, goes to jansson whole, so results and error messages are jansson's.
 */
#ifndef NB_REQUEST_H
#define NB_REQUEST_H

#include <jansson.h>
#include <stddef.h>

/* As json_loadb(body, len, JSON_ALLOW_NUL, error). */
json_t *request_parse(const char *body, size_t len, json_error_t *error);

#endif
