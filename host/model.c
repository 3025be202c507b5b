/* model.c: the word model (see model.h).
 *
 * The file gives every number in thousandths, as a whole number, and each feature's weights as one
 * string ("word pair=OUTPUT:WEIGHT OUTPUT:WEIGHT"): plain JSON that plainjson.c reads without
 * jansson's slower parser, one feature a line for a readable diff. Features are found by a 64-bit hash
 * in an open-addressing table; a row holds only the outputs whose weight is not zero. The table holds
 * row numbers and each row its hash, so a slot costs four bytes, not twelve. Most words of a post are
 * not in the model, and a miss ends at the first empty slot; kept under three-quarters full rather
 * than half, the table of 67,000 rows takes half a megabyte less for 2% more first-level data-cache
 * misses over 1,000 checks (cachegrind), since the slots a probe passes share a cache line. A row
 * number needs only the bits of a slot's place (the table has more slots than rows), so the bits
 * above it hold some of the row's hash: a probe passes a slot whose bits differ without reading that
 * row's hash, which lies anywhere in a megabyte and would cost a cache miss for each slot passed.
 * A row keeps only its hash's low 32 bits: with the tag above them a lookup still compares 45 bits
 * of 64 at the model's size, so a word not in the model takes another's row about once in 10^12
 * lookups, and the rows' hashes take 0.7 MB less of the host's memory.
 *
 * The built-in model is read at build time (host/modelimage.c) and its tables written as an image,
 * which the host views where the binary holds it: the same lookups, with no parsing at start.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "plainjson.h"
#include "utf.h"

/* 4: two words one word apart count as a pair ("swap _ shift" from "swap my shift"). 3: a word of
 * PREFIX_FROM letters or more also counts by its first PREFIX_LEN. 2: a feature counts once in a
 * window however often it recurs; 1 counted each time. */
#define MODEL_FORMAT 4
#define PREFIX_FROM 7
#define PREFIX_LEN 5
#define MAX_OUTPUTS 64
/* Longer words are junk (pasted base64, URLs without a scheme), never a feature. */
#define MAX_WORD 100

struct nb_model {
    char **outputs;
    size_t n_outputs;
    float *bias;
    size_t window;          /* words per window */
    uint32_t *slots;        /* open addressing over rows by their key: slot_tag | row, or SLOT_EMPTY */
    size_t n_slots;         /* any number, so the table grows with the rows and not in doublings */
    size_t mask;            /* the bits of a slot that hold its row: all ones, at least n_slots - 1 */
    uint32_t *keys;         /* each row's feature hash, its low 32 bits */
    size_t n_rows;
    uint32_t *block_start;  /* the first entry of each block of ROW_BLOCK rows, then the count of entries */
    uint8_t *row_len;       /* each row's number of entries: a byte a row rather than a 4-byte start */
    /* An entry is one output's weight for one feature, in thousandths as the file gives it. Weights
     * and outputs lie in two arrays, three bytes an entry, where a struct of the two pads to four: the
     * entries are most of what the model adds to the host's memory. */
    int16_t *milli;
    uint8_t *output;
    const void *image;      /* model_view's: the names, bias and tables lie in it, not on the heap */
};

static uint64_t word_hash(const char *word, size_t len)
{
    uint64_t h = hash_bytes(word, len);
    return h ? h : 1;
}

/* A word pair's key from its words' keys; order matters ("not safe" is not "safe not"). */
static uint64_t pair_hash(uint64_t first, uint64_t second)
{
    uint64_t h = (first * 0x9E3779B97F4A7C15ULL) ^ (second + 0x632BE59BD9B4E019ULL + (first << 6) + (first >> 2));
    return h ? h : 1;
}

#define SLOT_EMPTY UINT32_MAX

/* The weight of entry e as the model reads it. */
static float weight_value(const nb_model *m, uint32_t e) { return (float)m->milli[e] / 1000.0f; }

/* Rows share a 4-byte start per block of this many and keep their own lengths in a byte each; finding
 * a row's first entry adds at most ROW_BLOCK - 1 lengths, and the starts take 0.6 MB less at 200,000
 * rows, which every check reads across. */
#define ROW_BLOCK 16

static size_t row_blocks(size_t rows) { return (rows + ROW_BLOCK - 1) / ROW_BLOCK; }

/* Row r's entries are [row_first(m, r), row_first(m, r) + row_len[r]). */
static uint32_t row_first(const nb_model *m, int32_t row)
{
    uint32_t e = m->block_start[row / ROW_BLOCK];
    int32_t r;
    for (r = row - row % ROW_BLOCK; r < row; r++) e += m->row_len[r];
    return e;
}

/* The bits of key a slot holds above its row number. The table has more slots than rows, so a row
 * number fits the bits of the mask and its low bits are never all ones: no slot is SLOT_EMPTY. The
 * bits are the key's high ones, as its place in the table comes from its low ones. */
static uint32_t slot_tag(const nb_model *m, uint64_t key) { return (uint32_t)(key >> 32) & ~(uint32_t)m->mask; }

/* Where a key's probe starts: its low 32 bits scaled to the table by a multiply, not a remainder,
 * so the table need not be a power of two. At three-quarters full a power of two doubles the
 * table's memory each time the rows pass a threshold; at 200,000 rows that was a megabyte. */
static size_t slot_first(const nb_model *m, uint64_t key)
{
    return (size_t)(((uint64_t)(uint32_t)key * m->n_slots) >> 32);
}

static size_t slot_next(const nb_model *m, size_t i) { return i + 1 == m->n_slots ? 0 : i + 1; }

/* The row-number mask for a table of n slots: all ones, covering n - 1. */
static size_t slots_mask(size_t n)
{
    size_t mask = 15;
    while (mask < n - 1) mask = mask << 1 | 1;
    return mask;
}

/* The row slot i holds if that row's key is key, else -1. The tag is compared first, and the key,
 * far away in memory, only when the tags agree: a tag alone can match another key. */
static int32_t slot_row(const nb_model *m, uint64_t key, uint32_t tag, size_t i)
{
    uint32_t slot = m->slots[i];
    uint32_t row = slot & (uint32_t)m->mask;
    return (slot & ~(uint32_t)m->mask) == tag && m->keys[row] == (uint32_t)key ? (int32_t)row : -1;
}

static int32_t row_find(const nb_model *m, uint64_t key)
{
    uint32_t tag = slot_tag(m, key);
    size_t i = slot_first(m, key);
    for (; m->slots[i] != SLOT_EMPTY; i = slot_next(m, i)) {
        int32_t row = slot_row(m, key, tag, i);
        if (row >= 0) return row;
    }
    return -1;
}

/* Returns 0 when the key is already there. */
static int row_insert(nb_model *m, uint64_t key, int32_t row)
{
    uint32_t tag = slot_tag(m, key);
    size_t i = slot_first(m, key);
    for (; m->slots[i] != SLOT_EMPTY; i = slot_next(m, i))
        if (slot_row(m, key, tag, i) >= 0) return 0;
    m->slots[i] = tag | (uint32_t)row;
    m->keys[row] = (uint32_t)key;
    return 1;
}

/* A feature of words joined by spaces is the pair of all but its last word and its last word: "is a"
 * pairs "is" with "a", and "swap _ shift" pairs "swap _" with "shift", as reader_take keys them. */
static uint64_t feature_hash(const char *feature, size_t len)
{
    size_t space = len;
    while (space > 0 && feature[space - 1] != ' ') space--;
    if (space == 0) return word_hash(feature, len);
    return pair_hash(feature_hash(feature, space - 1), word_hash(feature + space, len - space));
}

static int weight_fail(nb_error *error, size_t entry, const char *problem)
{
    error_set(error, 1, 1, "model: weights entry %lu: %s", (unsigned long)entry + 1, problem);
    return 0;
}

/* A whole number at p, before end: digits after an optional '-', no more than nine of them (so no
 * overflow; a longer one leaves a digit after it, which the caller refuses). strtol would do, but it
 * is a third of loading the model, most of the host's work before its first result. Returns where
 * the number ends, or NULL when there is none. */
static const char *number_read(const char *p, const char *end, long *value)
{
    int negative = p < end && *p == '-';
    const char *first;
    long v = 0;
    if (negative) p++;
    first = p;
    while (p < end && *p >= '0' && *p <= '9' && p - first < 9) v = v * 10 + (*p++ - '0');
    if (p == first) return NULL;
    *value = negative ? -v : v;
    return p;
}

/* The weights as they are read, one "feature=OUT:MILLI OUT:MILLI ..." entry at a time. The table
 * grows as rows come, so one reader serves both sources: plainjson_read_list, which hands each line
 * over while it reads the file, before "outputs" is known, and jansson's array. */
typedef struct weights_reader {
    nb_model *m;
    size_t cap_rows, n_entries, cap_entries;
    size_t max_output;               /* outputs allowed: the model's, or MAX_OUTPUTS until known */
    const char *file, *file_end;     /* plainjson: the model file, which each entry must lie in */
    nb_error *error;
} weights_reader;

/* Room for `rows` rows, the table kept under three-quarters full. Sized once when the number is
 * known or guessed, so the rows' arrays and the table take no more than they need; at least doubled
 * if the guess was short. A row keeps only part of its key, so a grown table takes the rest from the
 * old slots' tags: the new tags are those bits less the ones the wider mask now takes for a row
 * number. */
static void weights_reserve(weights_reader *w, size_t rows)
{
    nb_model *m = w->m;
    uint32_t *old = m->slots, old_mask = (uint32_t)m->mask;
    size_t old_slots = m->n_slots, need = (4 * rows + 2) / 3, cap, i;  /* need: 3 * need >= 4 * rows */
    if (rows + 1 > w->cap_rows) {
        size_t want = rows + 1 > 2 * w->cap_rows ? rows + 1 : 2 * w->cap_rows;
        m->keys = realloc(m->keys, want * sizeof *m->keys);
        m->row_len = realloc(m->row_len, want * sizeof *m->row_len);
        m->block_start = realloc(m->block_start, (row_blocks(want) + 1) * sizeof *m->block_start);
        if (!m->keys || !m->row_len || !m->block_start) abort();
        w->cap_rows = want;
    }
    if (old && need <= old_slots) return;
    cap = old && 2 * old_slots > need ? 2 * old_slots : need;
    if (cap < 16) cap = 16;
    m->slots = malloc(cap * sizeof *m->slots);
    if (!m->slots) abort();
    memset(m->slots, 0xff, cap * sizeof *m->slots);
    m->n_slots = cap;
    m->mask = slots_mask(cap);
    for (i = 0; old && i < old_slots; i++) {
        uint32_t row = old[i] & old_mask;
        if (old[i] != SLOT_EMPTY) row_insert(m, (uint64_t)(old[i] & ~old_mask) << 32 | m->keys[row], (int32_t)row);
    }
    free(old);
}

/* Room for `entries` weights in both arrays: each grows from the same capacity, so they stay alike. */
static void entries_reserve(weights_reader *w, size_t entries)
{
    size_t cap = w->cap_entries;
    w->m->milli = array_reserve(w->m->milli, &w->cap_entries, entries, sizeof *w->m->milli);
    w->m->output = array_reserve(w->m->output, &cap, entries, sizeof *w->m->output);
}

/* One entry of len bytes: its row in the table and its weights. Reading stops at the first entry
 * refused, so each entry read so far is a row and this one's number is the count of rows. */
static int weight_add(weights_reader *w, const char *text, size_t len)
{
    nb_model *m = w->m;
    const char *eq = memchr(text, '=', len), *q, *end = text + len;
    size_t entry = m->n_rows;
    char problem[300];
    if (!eq || eq == text)
        return weight_fail(w->error, entry, "expected a feature, '=' and its weights");
    weights_reserve(w, m->n_rows + 1);
    if (!row_insert(m, feature_hash(text, (size_t)(eq - text)), (int32_t)m->n_rows)) {
        snprintf(problem, sizeof problem, "\"%.*s\" is listed twice", (int)(eq - text), text);
        return weight_fail(w->error, entry, problem);
    }
    if (m->n_rows % ROW_BLOCK == 0) m->block_start[m->n_rows / ROW_BLOCK] = (uint32_t)w->n_entries;
    m->row_len[m->n_rows++] = 0;
    for (q = eq + 1; q < end;) {
        long output, milli;
        const char *after = number_read(q, end, &output);
        if (!after || after == end || *after != ':' || output < 0 || (size_t)output >= w->max_output) {
            snprintf(problem, sizeof problem, "expected OUTPUT:WEIGHT with an output below %zu", w->max_output);
            return weight_fail(w->error, entry, problem);
        }
        if (m->row_len[entry] == w->max_output) {
            snprintf(problem, sizeof problem, "more weights than the %zu outputs", w->max_output);
            return weight_fail(w->error, entry, problem);
        }
        q = after + 1;
        after = number_read(q, end, &milli);
        if (!after || (after < end && *after != ' ') || milli < -INT16_MAX || milli > INT16_MAX)
            return weight_fail(w->error, entry, "a weight must be a whole number of thousandths from -32767 to 32767");
        entries_reserve(w, w->n_entries + 1);
        m->output[w->n_entries] = (uint8_t)output;
        m->milli[w->n_entries++] = (int16_t)milli;
        m->row_len[entry]++;
        q = after < end ? after + 1 : after;
    }
    return 1;
}

/* plainjson_item_fn. An entry with escapes comes as a copy, not a place in the file: refuse it, and
 * jansson reads the file. */
static int weight_take(void *ctx, const char *text, size_t len)
{
    weights_reader *w = ctx;
    return text >= w->file && text + len <= w->file_end && weight_add(w, text, len);
}

/* Ends the table; 0 when an entry names an output the model does not have, or has more weights than
 * it has outputs (plainjson's reader could not know how many there are). */
static int weights_finish(weights_reader *w)
{
    nb_model *m = w->m;
    size_t i;
    for (i = 0; i < w->n_entries; i++)
        if (m->output[i] >= m->n_outputs) return 0;
    for (i = 0; i < m->n_rows; i++)
        if (m->row_len[i] > m->n_outputs) return 0;
    weights_reserve(w, m->n_rows);
    m->block_start[row_blocks(m->n_rows)] = (uint32_t)w->n_entries;
    return 1;
}

static int outputs_parse(nb_model *m, const json_t *outputs, const json_t *bias, nb_error *error)
{
    size_t i;
    json_t *item;
    if (!json_is_array(outputs) || json_array_size(outputs) == 0 || json_array_size(outputs) > MAX_OUTPUTS) {
        error_set(error, 1, 1, "model: \"outputs\" must be an array of 1 to %d names", MAX_OUTPUTS);
        return 0;
    }
    if (!json_is_array(bias) || json_array_size(bias) != json_array_size(outputs)) {
        error_set(error, 1, 1, "model: \"bias\" must be an array of whole numbers of thousandths, one per output");
        return 0;
    }
    m->n_outputs = json_array_size(outputs);
    m->outputs = calloc(m->n_outputs, sizeof *m->outputs);
    m->bias = calloc(m->n_outputs, sizeof *m->bias);
    if (!m->outputs || !m->bias) abort();
    json_array_foreach(outputs, i, item) {
        const json_t *b = json_array_get(bias, i);
        if (!json_is_string(item) || !json_is_integer(b)) {
            error_set(error, 1, 1, "model: output %lu needs a name and a whole number for its bias", (unsigned long)i + 1);
            return 0;
        }
        m->outputs[i] = strdup(json_string_value(item));
        if (!m->outputs[i]) abort();
        m->bias[i] = (float)json_integer_value(b) / 1000.0f;
    }
    return 1;
}

/* What the file says besides its weights; the same checks, in the same order, for both readers. */
static int model_head_parse(nb_model *m, const json_t *doc, nb_error *error)
{
    const json_t *window = json_object_get(doc, "window");
    if (!json_is_object(doc) || json_integer_value(json_object_get(doc, "format")) != MODEL_FORMAT)
        error_set(error, 1, 1, "model: \"format\" must be %d", MODEL_FORMAT);
    else if (!json_is_integer(window) || json_integer_value(window) < 8 || json_integer_value(window) > 10000)
        error_set(error, 1, 1, "model: \"window\" must be a number of words from 8 to 10000");
    else if (!json_is_array(json_object_get(doc, "weights")))
        error_set(error, 1, 1, "model: \"weights\" must be an array of \"feature=OUTPUT:WEIGHT ...\" strings");
    else if (outputs_parse(m, json_object_get(doc, "outputs"), json_object_get(doc, "bias"), error)) {
        m->window = (size_t)json_integer_value(window);
        return 1;
    }
    return 0;
}

static nb_model *model_new(void)
{
    nb_model *m = calloc(1, sizeof *m);
    if (!m) abort();
    return m;
}

/* The model file as train.js writes it, read by plainjson with each weights line taken where it lies,
 * so that 80,000 lines never become jansson strings. NULL for anything it cannot take or any error in
 * the file, which the jansson reader then reports. The table is sized for one entry a line of the
 * file, as train.js writes it. */
static nb_model *model_read_plain(const char *json, size_t len)
{
    nb_error ignored;
    nb_model *m = model_new();
    weights_reader w = { m, 0, 0, 0, MAX_OUTPUTS, json, json + len, &ignored };
    const char *q = json, *end = json + len;
    size_t lines = 1;
    json_t *doc;
    int ok;
    while ((q = memchr(q, '\n', (size_t)(end - q)))) lines++, q++;
    weights_reserve(&w, lines);
    doc = plainjson_read_list(json, len, "weights", weight_take, &w);
    ok = doc && model_head_parse(m, doc, &ignored) && weights_finish(&w);
    json_decref(doc);
    if (ok) return m;
    model_free(m);
    return NULL;
}

static nb_model *model_read_jansson(const char *json, size_t len, nb_error *error)
{
    json_error_t jerr;
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr), *item;
    nb_model *m;
    weights_reader w = { NULL, 0, 0, 0, 0, NULL, NULL, error };
    size_t i;
    int ok;
    if (!doc) {
        error_set(error, jerr.line, jerr.column, "%s", jerr.text);
        return NULL;
    }
    m = w.m = model_new();
    ok = model_head_parse(m, doc, error);
    if (ok) {
        w.max_output = m->n_outputs;
        weights_reserve(&w, json_array_size(json_object_get(doc, "weights")));
        json_array_foreach(json_object_get(doc, "weights"), i, item) {
            if (!json_is_string(item)) ok = weight_fail(error, i, "must be a string");
            else ok = weight_add(&w, json_string_value(item), json_string_length(item));
            if (!ok) break;
        }
        ok = ok && weights_finish(&w);
    }
    json_decref(doc);
    if (ok) return m;
    model_free(m);
    return NULL;
}

nb_model *model_load(const char *json, size_t len, nb_error *error)
{
    nb_model *m = model_read_plain(json, len);
    return m ? m : model_read_jansson(json, len, error);
}

/* The image: a head, then the output names (each NUL-terminated), the biases, and the tables as they
 * lie in memory; each part starts on an 8-byte boundary. The magic number reads back only in the byte
 * order that wrote it, and names the tables' layout ("NBM6": tagged slots in a table of any size,
 * 32-bit keys, rows' starts by blocks and their lengths in bytes, weights apart from their outputs),
 * which the host reads as they lie. */
#define IMAGE_MAGIC 0x364d424eu
#define IMAGE_ALIGN 8

typedef struct image_head {
    uint32_t magic, format, n_outputs, window;
    uint32_t n_rows, n_entries, n_slots, names_size;
} image_head;

/* Where each part of an image with this head lies, and its whole size. */
typedef struct image_layout {
    uint64_t names, bias, keys, slots, block_start, row_len, milli, output, size;
} image_layout;

static uint64_t image_aligned(uint64_t n) { return (n + IMAGE_ALIGN - 1) / IMAGE_ALIGN * IMAGE_ALIGN; }

static image_layout image_layout_of(const image_head *h)
{
    image_layout l;
    l.names = image_aligned(sizeof *h);
    l.bias = image_aligned(l.names + h->names_size);
    l.keys = image_aligned(l.bias + (uint64_t)h->n_outputs * sizeof(float));
    l.slots = image_aligned(l.keys + (uint64_t)h->n_rows * sizeof(uint32_t));
    l.block_start = image_aligned(l.slots + (uint64_t)h->n_slots * sizeof(uint32_t));
    l.row_len = image_aligned(l.block_start + ((uint64_t)row_blocks(h->n_rows) + 1) * sizeof(uint32_t));
    l.milli = image_aligned(l.row_len + h->n_rows);
    l.output = image_aligned(l.milli + (uint64_t)h->n_entries * sizeof(int16_t));
    l.size = l.output + h->n_entries;
    return l;
}

static int image_part_write(FILE *out, uint64_t *at, uint64_t start, const void *data, uint64_t size)
{
    static const char zeros[IMAGE_ALIGN];
    if (start - *at > 0 && fwrite(zeros, 1, (size_t)(start - *at), out) != start - *at) return 0;
    if (size && fwrite(data, 1, (size_t)size, out) != size) return 0;
    *at = start + size;
    return 1;
}

int model_image_write(const nb_model *m, FILE *out)
{
    image_head h = { IMAGE_MAGIC, MODEL_FORMAT, (uint32_t)m->n_outputs, (uint32_t)m->window,
                     (uint32_t)m->n_rows, m->block_start[row_blocks(m->n_rows)], (uint32_t)m->n_slots, 0 };
    image_layout l;
    uint64_t at = 0;
    size_t i;
    int ok;
    for (i = 0; i < m->n_outputs; i++) h.names_size += (uint32_t)strlen(m->outputs[i]) + 1;
    l = image_layout_of(&h);
    ok = image_part_write(out, &at, 0, &h, sizeof h);
    for (i = 0; ok && i < m->n_outputs; i++)
        ok = image_part_write(out, &at, at, m->outputs[i], strlen(m->outputs[i]) + 1);
    return ok && image_part_write(out, &at, l.bias, m->bias, (uint64_t)h.n_outputs * sizeof *m->bias) &&
           image_part_write(out, &at, l.keys, m->keys, (uint64_t)h.n_rows * sizeof *m->keys) &&
           image_part_write(out, &at, l.slots, m->slots, (uint64_t)h.n_slots * sizeof *m->slots) &&
           image_part_write(out, &at, l.block_start, m->block_start,
                            ((uint64_t)row_blocks(h.n_rows) + 1) * sizeof *m->block_start) &&
           image_part_write(out, &at, l.row_len, m->row_len, h.n_rows) &&
           image_part_write(out, &at, l.milli, m->milli, (uint64_t)h.n_entries * sizeof *m->milli) &&
           image_part_write(out, &at, l.output, m->output, h.n_entries);
}

static int image_fail(nb_error *error, const char *problem)
{
    error_set(error, 1, 1, "model image: %s", problem);
    return 0;
}

/* The head's promises that lookups rely on: a table with room to end a miss, names that end. */
static int image_check(const unsigned char *image, size_t len, const image_head *h, nb_error *error)
{
    image_layout l = image_layout_of(h);
    const char *names = (const char *)image + l.names;
    uint32_t i, ends = 0;
    if (h->magic != IMAGE_MAGIC) return image_fail(error, "not a model image, or one built for another byte order");
    if (h->format != MODEL_FORMAT) return image_fail(error, "built from a model of another format; rebuild the host");
    if (l.size != len) return image_fail(error, "its size does not match its head");
    if (h->n_outputs == 0 || h->n_outputs > MAX_OUTPUTS || h->n_slots < 16 ||
        (uint64_t)4 * h->n_rows > (uint64_t)3 * h->n_slots)
        return image_fail(error, "its head is not one model_image_write writes");
    for (i = 0; i < h->names_size; i++) ends += names[i] == '\0';
    if (ends != h->n_outputs || names[h->names_size - 1] != '\0')
        return image_fail(error, "its output names do not match its head");
    if (((const uint32_t *)(image + l.block_start))[row_blocks(h->n_rows)] != h->n_entries)
        return image_fail(error, "its rows do not match its head");
    return 1;
}

nb_model *model_view(const void *image, size_t len, nb_error *error)
{
    const unsigned char *bytes = image;
    image_head h;
    image_layout l;
    nb_model *m;
    const char *name;
    size_t i;
    if ((uintptr_t)image % IMAGE_ALIGN || len < sizeof h) {
        image_fail(error, "too short, or not on an 8-byte boundary");
        return NULL;
    }
    memcpy(&h, image, sizeof h);
    if (!image_check(bytes, len, &h, error)) return NULL;
    l = image_layout_of(&h);
    m = model_new();
    m->image = image;
    m->n_outputs = h.n_outputs;
    m->outputs = calloc(m->n_outputs, sizeof *m->outputs);
    if (!m->outputs) abort();
    for (i = 0, name = (const char *)bytes + l.names; i < m->n_outputs; name += strlen(name) + 1)
        m->outputs[i++] = (char *)name;
    /* Only read once viewed; the casts drop const for fields model_load fills on the heap. */
    m->bias = (float *)(bytes + l.bias);
    m->window = h.window;
    m->keys = (uint32_t *)(bytes + l.keys);
    m->slots = (uint32_t *)(bytes + l.slots);
    m->n_slots = h.n_slots;
    m->mask = slots_mask(h.n_slots);
    m->n_rows = h.n_rows;
    m->block_start = (uint32_t *)(bytes + l.block_start);
    m->row_len = (uint8_t *)(bytes + l.row_len);
    m->milli = (int16_t *)(bytes + l.milli);
    m->output = (uint8_t *)(bytes + l.output);
    return m;
}

void model_free(nb_model *m)
{
    size_t i;
    if (!m) return;
    if (m->image) {
        free(m->outputs);
        free(m);
        return;
    }
    for (i = 0; i < m->n_outputs; i++) free(m->outputs[i]);
    free(m->outputs);
    free(m->bias);
    free(m->slots);
    free(m->keys);
    free(m->block_start);
    free(m->row_len);
    free(m->milli);
    free(m->output);
    free(m);
}

int model_output(const nb_model *m, const char *name)
{
    size_t i;
    for (i = 0; i < m->n_outputs; i++)
        if (strcmp(m->outputs[i], name) == 0) return (int)i;
    return -1;
}

size_t model_word(const char *text, const nb_token *token, char *buf, size_t cap)
{
    size_t n, i;
    if ((token->flags & TOK_LINK) || token->end - token->start > MAX_WORD) return 0;
    n = tokens_lower(text, token, buf, cap);
    if (token->flags & TOK_DIGIT)
        for (i = 0; i < n; i++)
            if (buf[i] >= '1' && buf[i] <= '9') buf[i] = '0';
    return n;
}

static float row_weight(const nb_model *m, int32_t row, int output)
{
    uint32_t e, end;
    if (row < 0) return 0.0f;
    for (e = row_first(m, row), end = e + m->row_len[row]; e < end; e++)
        if (m->output[e] == output) return weight_value(m, e);
    return 0.0f;
}

/* The whole post when it fits one window; else windows overlapping by half, the last ending with the post. */
static void windows_place(const nb_model *m, nb_model_reading *r)
{
    size_t from = 0, step = m->window / 2;
    if (r->n_words == 0) return;
    if (r->n_words <= m->window) {
        spans_push(&r->windows, 0, (uint32_t)r->n_words);
        return;
    }
    for (;;) {
        if (from + m->window >= r->n_words) {
            spans_push(&r->windows, (uint32_t)(r->n_words - m->window), (uint32_t)r->n_words);
            return;
        }
        spans_push(&r->windows, (uint32_t)from, (uint32_t)(from + m->window));
        from += step;
    }
}

/* Rows already counted in the stretch of words being scored: open addressing over row numbers, -1
 * empty, more than twice as many slots as the stretch has features, so a probe ends soon. */
typedef struct row_set {
    int32_t *slots;
    size_t mask;
} row_set;

static void row_set_clear(row_set *set) { memset(set->slots, 0xff, (set->mask + 1) * sizeof *set->slots); }

/* The rows a word adds to a stretch of words (word_rows). */
#define WORD_ROWS 4

/* An empty set for stretches of up to `words` words (at most WORD_ROWS rows a word, in twice as many
 * slots, so a probe ends soon); row_set_free frees it. */
static row_set row_set_new(size_t words)
{
    row_set set;
    size_t slots = 8;
    while (slots < 2 * WORD_ROWS * words) slots *= 2;
    set.slots = malloc(slots * sizeof *set.slots);
    if (!set.slots) abort();
    set.mask = slots - 1;
    row_set_clear(&set);
    return set;
}

static void row_set_free(row_set *set) { free(set->slots); }

/* Whether row was new to the set (and is now in it). */
static int row_set_add(row_set *set, int32_t row)
{
    size_t at = ((uint32_t)row * 2654435761u) & set->mask;
    while (set->slots[at] >= 0) {
        if (set->slots[at] == row) return 0;
        at = (at + 1) & set->mask;
    }
    set->slots[at] = row;
    return 1;
}

/* The rows word i adds to a stretch of words ending before `to`: its own, its first letters', and its
 * pairs with the next word and the one after, where those lie in the stretch; -1 where there is none.
 * The window's score and the strongest sentence both count a word through this, so they agree. */
static void word_rows(const nb_model_reading *r, size_t i, size_t to, int32_t rows[WORD_ROWS])
{
    const nb_model_word *w = &r->words[i];
    rows[0] = w->unigram;
    rows[1] = w->prefix;
    rows[2] = i + 1 < to ? w->bigram : -1;
    rows[3] = i + 2 < to ? w->skip : -1;
}

/* Adds row's weights to z if the set has not counted it yet. */
static void row_add_once(const nb_model *m, int32_t row, row_set *set, float *z)
{
    uint32_t e, end;
    if (row < 0 || !row_set_add(set, row)) return;
    for (e = row_first(m, row), end = e + m->row_len[row]; e < end; e++) z[m->output[e]] += weight_value(m, e);
}

/* Each known row of words [from, to) and of their pairs counts once, however often it recurs: a name
 * listed five times is no more a patient story than one (docs/model.md). */
static void window_add(const nb_model *m, const nb_model_reading *r, size_t from, size_t to, row_set *set, float *z)
{
    int32_t rows[WORD_ROWS];
    size_t i, k;
    row_set_clear(set);
    for (i = from; i < to; i++) {
        word_rows(r, i, to, rows);
        for (k = 0; k < WORD_ROWS; k++) row_add_once(m, rows[k], set, z);
    }
}

/* Log-odds of a probability held where training could see it: agree.js fits the second opinion on
 * probabilities kept in thousandths. */
static double log_odds_held(float p)
{
    double q = fmin(fmax((double)p, 0.001), 0.999);
    return log(q / (1.0 - q));
}

static void windows_score(const nb_model *m, nb_model_reading *r)
{
    float z[MAX_OUTPUTS], most[MAX_OUTPUTS] = {0};
    size_t w, o;
    row_set set = row_set_new(r->n_words < m->window ? r->n_words : m->window);
    r->probability = calloc(r->windows.n * m->n_outputs + 1, sizeof *r->probability);
    r->log_odds = calloc(m->n_outputs, sizeof *r->log_odds);
    if (!r->probability || !r->log_odds) abort();
    for (w = 0; w < r->windows.n; w++) {
        size_t from = r->windows.v[w].start, to = r->windows.v[w].end;
        float scale = 1.0f / sqrtf((float)(to - from));
        memset(z, 0, sizeof z);
        window_add(m, r, from, to, &set, z);
        for (o = 0; o < m->n_outputs; o++) {
            float p = 1.0f / (1.0f + expf(-(m->bias[o] + z[o] * scale)));
            r->probability[w * m->n_outputs + o] = p;
            most[o] = fmaxf(most[o], p);
        }
    }
    for (o = 0; o < m->n_outputs; o++) r->log_odds[o] = log_odds_held(most[o]);
    row_set_free(&set);
}

/* The pictographs in text[from, to), a stretch between tokens, each as a word that opens nothing. */
static void pictographs_between(const char *text, size_t from, size_t to, model_word_fn fn, void *ctx)
{
    size_t at = from;
    while (at < to) {
        size_t start = at;
        uint32_t cp = utf_next(text, to, &at);
        if (utf_is_pictograph(cp)) fn(ctx, text + start, at - start, (nb_span){ (uint32_t)start, (uint32_t)at }, 0);
    }
}

void model_words(const char *text, const nb_tokens *tokens, model_word_fn fn, void *ctx)
{
    char word[4 * MAX_WORD + 8];
    size_t t, after = 0;
    for (t = 0; t < tokens->n; t++) {
        const nb_token *token = &tokens->v[t];
        size_t n;
        pictographs_between(text, after, token->start, fn, ctx);
        after = token->end;
        n = model_word(text, token, word, sizeof word);
        if (n) fn(ctx, word, n, (nb_span){ token->start, token->end }, (token->flags & TOK_SENTENCE_START) != 0);
    }
    pictographs_between(text, after, strlen(text + after) + after, fn, ctx);
}

typedef struct reader {
    const nb_model *model;
    nb_model_reading *reading;
    uint64_t previous, before;  /* the keys of the last word and the one before it */
    uint64_t gap;               /* the key of "_", the word a pair one word apart skips */
} reader;

/* The row of a long word's first letters ("compl*" for "complaining", "complaints"): one grievance
 * told with another form of a word the posts had. Only plain letters, so no emoji or digit is cut. */
static int32_t prefix_row(const nb_model *m, const char *word, size_t len)
{
    char prefix[PREFIX_LEN + 1];
    size_t i;
    if (len < PREFIX_FROM) return -1;
    for (i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z') return -1;
    memcpy(prefix, word, PREFIX_LEN);
    prefix[PREFIX_LEN] = '*';
    return row_find(m, word_hash(prefix, sizeof prefix));
}

static void reader_take(void *ctx, const char *word, size_t len, nb_span at, int opens)
{
    reader *rd = ctx;
    nb_model_reading *r = rd->reading;
    uint64_t key = word_hash(word, len);
    nb_model_word *w;
    r->words = array_reserve(r->words, &r->cap_words, r->n_words + 1, sizeof *r->words);
    if (r->n_words) r->words[r->n_words - 1].bigram = row_find(rd->model, pair_hash(rd->previous, key));
    if (r->n_words > 1)
        r->words[r->n_words - 2].skip = row_find(rd->model, pair_hash(pair_hash(rd->before, rd->gap), key));
    w = &r->words[r->n_words++];
    w->at = at;
    w->unigram = row_find(rd->model, key);
    w->prefix = prefix_row(rd->model, word, len);
    w->bigram = w->skip = -1;
    w->opens = opens;
    rd->before = rd->previous;
    rd->previous = key;
}

void model_read(const nb_model *m, const char *text, const nb_tokens *tokens, nb_model_reading *r)
{
    reader rd = { m, r, 0, 0, word_hash("_", 1) };
    memset(r, 0, sizeof *r);
    model_words(text, tokens, reader_take, &rd);
    windows_place(m, r);
    windows_score(m, r);
}

/* The weight of row for output if the set has not counted it yet, else 0. */
static float row_weight_once(const nb_model *m, int32_t row, int output, row_set *set)
{
    return row >= 0 && row_set_add(set, row) ? row_weight(m, row, output) : 0.0f;
}

/* The sentence of words [from, to) whose words add most to the output's score, as a byte span. Each
 * word and pair counts once in a sentence, as it does in the window's score: a sentence that repeats
 * one word is not the strongest for that. */
static nb_span sentence_strongest(const nb_model *m, const nb_model_reading *r, size_t from, size_t to, int output)
{
    int32_t rows[WORD_ROWS];
    size_t i, k, start = from, best_first = from, best_last = to - 1;
    float sum = 0.0f, best = -HUGE_VALF, word_sum;
    row_set set = row_set_new(to - from);
    nb_span span;
    for (i = from; i <= to; i++) {
        if (i == to || (i > start && r->words[i].opens)) {
            if (sum > best) {
                best = sum;
                best_first = start;
                best_last = i - 1;
            }
            if (i == to) break;
            start = i;
            sum = 0.0f;
            row_set_clear(&set);
        }
        word_rows(r, i, to, rows);
        for (k = 0, word_sum = 0.0f; k < WORD_ROWS; k++) word_sum += row_weight_once(m, rows[k], output, &set);
        sum += word_sum;
    }
    row_set_free(&set);
    span.start = r->words[best_first].at.start;
    span.end = r->words[best_last].at.end;
    return span;
}

void model_spans(const nb_model *m, const nb_model_reading *r, int output, double above, nb_spans *out)
{
    size_t w;
    for (w = 0; w < r->windows.n; w++) {
        nb_span s;
        if (r->probability[w * m->n_outputs + (size_t)output] < above) continue;
        s = sentence_strongest(m, r, r->windows.v[w].start, r->windows.v[w].end, output);
        spans_push(out, s.start, s.end);
    }
}

/* A post with no words the model knows sits at the output's prior, the bias alone. At a share up to
 * 1 only words that pull the probability below `share` of it count as the model's doubt, so a short
 * or unfamiliar post is never doubted for being short or unfamiliar; above 1 it is, and the pack
 * that asks for that has chosen it (docs/model.md). A floor matters for the rarer categories, whose
 * prior is so small that even fifty times it is a bar the faintest words clear. */
int model_doubts(const nb_model *m, const nb_model_reading *r, int output, double share, double least, nb_span span)
{
    float most = -1.0f, prior = 1.0f / (1.0f + expf(-m->bias[output]));
    float bar = fmaxf((float)share * prior, (float)least);
    size_t w;
    for (w = 0; w < r->windows.n; w++) {
        uint32_t start = r->words[r->windows.v[w].start].at.start;
        uint32_t end = r->words[r->windows.v[w].end - 1].at.end;
        float p = r->probability[w * m->n_outputs + (size_t)output];
        if (start < span.end && end > span.start && p > most) most = p;
    }
    return most >= 0.0f && most < bar;
}

size_t model_outputs(const nb_model *m) { return m->n_outputs; }

double model_agreement(const nb_model *m, const nb_model_reading *r, const float *weights, int rule, int model_warns)
{
    double z = weights[0] + weights[1] * rule + weights[2] * model_warns + weights[3] * log(1.0 + (double)r->n_words);
    size_t j;
    for (j = 0; j < m->n_outputs; j++) z += weights[MODEL_AGREE_FIXED + j] * r->log_odds[j];
    return 1.0 / (1.0 + exp(-z));
}

void model_reading_free(nb_model_reading *r)
{
    free(r->words);
    spans_free(&r->windows);
    free(r->probability);
    free(r->log_odds);
    memset(r, 0, sizeof *r);
}
