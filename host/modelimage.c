/* modelimage.c: a build tool that turns the word model into the image the host uses (see model.h).
 *
 * Usage: modelimage MODEL.json OUTPUT.  Parsing the model's JSON (about 3 MB) was most of the host's
 * work before its first result; done once here, with model_load's own checks, the host only views the
 * tables. A model that does not load fails the build with its FILE:LINE:COL: problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include "file.h"
#include "model.h"

int main(int argc, char **argv)
{
    nb_error error;
    nb_model *model;
    FILE *out;
    size_t len;
    char *json;
    int ok;
    if (argc != 3) {
        fputs("usage: modelimage MODEL.json OUTPUT\n", stderr);
        return 2;
    }
    if (!(json = file_read(argv[1], &len))) {
        fprintf(stderr, "modelimage: cannot read %s\n", argv[1]);
        return 1;
    }
    model = model_load(json, len, &error);
    free(json);
    if (!model) {
        fprintf(stderr, "%s:%d:%d: %s\n", argv[1], error.line, error.column, error.text);
        return 1;
    }
    out = fopen(argv[2], "wb");
    ok = out && model_image_write(model, out);
    if (out && fclose(out) != 0) ok = 0;
    model_free(model);
    if (!ok) {
        fprintf(stderr, "modelimage: cannot write %s\n", argv[2]);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
