/*
 * test_transfers.c - issue 14 through C: osi_source_decompress (files compressed here by
 * the gzip, xz and zstd tools, uploaded to the noauth stack) and osi_copy_image from the
 * noauth stack into the keystone stack, including an abort that leaves no copy.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "check.h"
#include "support.h"

#define DATA_SIZE (5 * 1024 * 1024 + 77)

static unsigned char data[DATA_SIZE];

static void fill_data(void)
{
    unsigned int state = 4242;
    for (size_t i = 0; i < DATA_SIZE; i++) {
        state = state * 1103515245u + 12345u;
        /* Half random, half runs: compressible. */
        data[i] = (i / 4096) % 2 ? (unsigned char)(state >> 16) : (unsigned char)(i / 65536);
    }
}

static json_t *new_image(osi_conn *conn, const char *prefix)
{
    char name[128];
    osi_error *err = NULL;
    json_t *image = NULL;
    unique_name(name, sizeof name, prefix);
    json_t *options = json_pack("{s:b, s:s}", "allow_duplicates", 1, "disk_format", "raw");
    CHECK_STATUS(OSI_OK, osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err), err);
    json_decref(options);
    return image;
}

static const char *id_of(const json_t *image)
{
    return json_string_value(json_object_get(image, "id"));
}

struct collected {
    unsigned char *bytes;
    size_t len;
};

static int collect(const void *chunk, size_t len, void *userdata)
{
    struct collected *c = userdata;
    if (c->len + len > DATA_SIZE)
        return 1;
    memcpy(c->bytes + c->len, chunk, len);
    c->len += len;
    return 0;
}

/* Whether the image's data downloads verified and equals `data`. */
static int holds_data(osi_conn *conn, const char *id)
{
    osi_error *err = NULL;
    osi_sink *sink = NULL;
    json_t *result = NULL;
    struct collected c = {malloc(DATA_SIZE), 0};
    CHECK_STATUS(OSI_OK, osi_sink_callback(collect, &c, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, NULL, NULL, NULL, &result, &err), err);
    int same = result != NULL && json_is_true(json_object_get(result, "hash_verified")) && c.len == DATA_SIZE &&
               memcmp(c.bytes, data, DATA_SIZE) == 0;
    json_decref(result);
    osi_sink_free(sink);
    free(c.bytes);
    return same;
}

static void test_compressed_files_upload_decompressed(void)
{
    static const char *tools[][3] = {{"gzip", "gzip -k -f", ".gz"}, {"xz", "xz -k -f -T1", ".xz"}, {"zstd", "zstd -q -k -f", ".zst"}};
    char dir[] = "/tmp/osi-c-compressed-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char raw[256], packed[300], command[800];
    snprintf(raw, sizeof raw, "%s/disk.raw", dir);
    FILE *file = fopen(raw, "wb");
    CHECK(file != NULL && fwrite(data, 1, DATA_SIZE, file) == DATA_SIZE);
    fclose(file);
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    for (int t = 0; t < 3; t++) {
        snprintf(command, sizeof command, "%s %s", tools[t][1], raw);
        CHECK(system(command) == 0);
        snprintf(packed, sizeof packed, "%s%s", raw, tools[t][2]);
        osi_source *inner = NULL, *source = NULL;
        CHECK_STATUS(OSI_OK, osi_source_file(packed, &inner, &err), err);
        /* Detected (NULL) for gzip, named for the others; the source keeps its own reference
         * to inner, which is freed at once. */
        CHECK_STATUS(OSI_OK, osi_source_decompress(inner, t == 0 ? NULL : tools[t][0], NULL, &source, &err), err);
        osi_source_free(inner);
        json_t *image = new_image(conn, tools[t][0]);
        json_t *validate = json_pack("{s:b}", "validate_checksum", 1);
        json_t *uploaded = NULL;
        CHECK_STATUS(OSI_OK, osi_upload_image(conn, id_of(image), source, validate, NULL, NULL, &uploaded, &err), err);
        CHECK(json_integer_value(json_object_get(uploaded, "size")) == DATA_SIZE);
        CHECK(holds_data(conn, id_of(image)));
        json_decref(uploaded);
        json_decref(validate);
        osi_source_free(source);
        CHECK_STATUS(OSI_OK, osi_delete_image(conn, id_of(image), 1, NULL, &err), err);
        json_decref(image);
        unlink(packed);
    }
    /* Refused at once: a plain file, an unknown format, a bad option. */
    osi_source *plain = NULL, *source = NULL;
    CHECK_STATUS(OSI_OK, osi_source_file(raw, &plain, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_decompress(plain, NULL, NULL, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_decompress(plain, "bzip2", NULL, &source, &err), err);
    json_t *bad = json_pack("{s:i}", "size", -5);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_decompress(plain, "gzip", bad, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_decompress(NULL, NULL, NULL, &source, &err), err);
    CHECK(source == NULL);
    json_decref(bad);
    osi_source_free(plain);
    /* A truncated stream fails the upload with OSI_IO. */
    snprintf(command, sizeof command, "gzip -k -f %s && truncate -s 100000 %s.gz", raw, raw);
    CHECK(system(command) == 0);
    snprintf(packed, sizeof packed, "%s.gz", raw);
    osi_source *inner = NULL;
    CHECK_STATUS(OSI_OK, osi_source_file(packed, &inner, &err), err);
    CHECK_STATUS(OSI_OK, osi_source_decompress(inner, NULL, NULL, &source, &err), err);
    json_t *image = new_image(conn, "truncated");
    CHECK(osi_upload_image(conn, id_of(image), source, NULL, NULL, NULL, NULL, &err) == OSI_IO);
    CHECK(err != NULL && strstr(osi_error_message(err), "truncated") != NULL);
    osi_error_free(err);
    err = NULL;
    CHECK_STATUS(OSI_OK, osi_delete_image(conn, id_of(image), 1, NULL, &err), err);
    json_decref(image);
    osi_source_free(source);
    osi_source_free(inner);
    unlink(packed);
    unlink(raw);
    rmdir(dir);
    osi_conn_free(conn);
}

static int stop_early(int64_t done, int64_t total, void *userdata)
{
    (void)total;
    (void)userdata;
    return done > 1024 * 1024;
}

static void test_copy_image_between_clouds(void)
{
    osi_conn *src = noauth();
    osi_conn *dst = open_cloud("osi-demo");
    osi_error *err = NULL;
    json_t *image = new_image(src, "copy-src");
    osi_source *source = NULL;
    CHECK_STATUS(OSI_OK, osi_source_memory(data, DATA_SIZE, &source, &err), err);
    CHECK_STATUS(OSI_OK, osi_upload_image(src, id_of(image), source, NULL, NULL, NULL, NULL, &err), err);
    osi_source_free(source);
    json_t *tags = json_pack("{s:[s]}", "tags", "copied");
    json_t *updated = NULL;
    CHECK_STATUS(OSI_OK, osi_update_image(src, id_of(image), tags, &updated, &err), err);
    json_decref(updated);
    json_decref(tags);

    char name[160];
    snprintf(name, sizeof name, "%s-copy", json_string_value(json_object_get(image, "name")));
    json_t *options = json_pack("{s:s, s:{s:s}}", "name", name, "properties", "stage", "prod");
    json_t *copy = NULL;
    CHECK_STATUS(OSI_OK, osi_copy_image(src, id_of(image), dst, options, NULL, NULL, &copy, &err), err);
    CHECK(copy != NULL && strcmp(json_string_value(json_object_get(copy, "status")), "active") == 0);
    CHECK(copy != NULL && strcmp(json_string_value(json_object_get(copy, "stage")), "prod") == 0);
    const char *tag = json_string_value(json_array_get(json_object_get(copy, "tags"), 0));
    CHECK(tag != NULL && strcmp(tag, "copied") == 0);
    if (copy != NULL) {
        CHECK(holds_data(dst, id_of(copy)));
        CHECK_STATUS(OSI_OK, osi_delete_image(dst, id_of(copy), 1, NULL, &err), err);
    }
    json_decref(copy);

    /* Aborted by the progress callback: OSI_ABORTED and no image of that name left. */
    copy = NULL;
    CHECK_STATUS(OSI_ABORTED, osi_copy_image(src, id_of(image), dst, options, stop_early, NULL, &copy, &err), err);
    CHECK(copy == NULL);
    json_t *found = NULL;
    CHECK_STATUS(OSI_NOT_FOUND, osi_find_image(dst, name, 0, &found, &err), err);
    json_decref(found);
    json_decref(options);
    CHECK_STATUS(OSI_OK, osi_delete_image(src, id_of(image), 1, NULL, &err), err);
    json_decref(image);
    osi_conn_free(dst);
    osi_conn_free(src);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"compressed_files_upload_decompressed", test_compressed_files_upload_decompressed},
        {"copy_image_between_clouds", test_copy_image_between_clouds},
        {NULL, NULL},
    };
    fill_data();
    return run_tests("transfers", tests);
}
