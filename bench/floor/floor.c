/* floor.c: a process that speaks the host's protocol and checks nothing: the bench's floor.
 *
 * It reads each native-messaging frame whole, as the host does, and answers with an empty `result`
 * for the request's id, at once. `make bench` measures it with the same driver, posts and scenarios
 * as the host (the "floor" row), so the table shows what the pipes and the two process wake-ups of a
 * round trip cost on the machine in that run, and how much of the host's latency is its own work.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The browser never sends a frame over 4 GB; the host refuses far less, and so may this. */
#define MAX_FRAME (64u << 20)

static int input_read(char *into, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(STDIN_FILENO, into + got, size - got);
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 0;
}

static int output_write(const char *from, size_t size)
{
    while (size > 0) {
        ssize_t n = write(STDOUT_FILENO, from, size);
        if (n <= 0) return -1;
        from += n;
        size -= (size_t)n;
    }
    return 0;
}

/* The first "id" outside a string is the request's: a quote inside a JSON string is escaped. */
static long long request_id(const char *json)
{
    const char *key = strstr(json, "\"id\"");
    if (!key) return 0;
    key += 4;
    while (*key == ' ' || *key == ':') key++;
    return strtoll(key, NULL, 10);
}

int main(void)
{
    char *request = NULL;
    uint32_t capacity = 0, size;
    char reply[128];
    while (input_read((char *)&size, sizeof size) == 0) {
        if (size > MAX_FRAME) return 1;
        if (size >= capacity) {
            capacity = size + 1;
            request = realloc(request, capacity);
            if (!request) return 1;
        }
        if (input_read(request, size) != 0) return 1;
        request[size] = '\0';
        int n = snprintf(reply + 4, sizeof reply - 4, "{\"type\":\"result\",\"id\":%lld,\"warnings\":[]}",
                         request_id(request));
        uint32_t length = (uint32_t)n;
        memcpy(reply, &length, sizeof length);
        if (output_write(reply, sizeof length + length) != 0) return 1;
    }
    free(request);
    return 0;
}
