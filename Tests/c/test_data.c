/*
 * test_data.c - the data path through C: sources, sinks, osi_upload_image,
 * osi_stage_image, osi_download_image and osi_create_image against the real noauth stack,
 * with bad input of every kind (NULLs, bad paths, negative sizes, invalid UTF-8).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "check.h"
#include "support.h"

#define DATA_SIZE (2 * 1024 * 1024 + 333)

static unsigned char *test_data(void)
{
    static unsigned char *data;
    return seeded_data(&data, DATA_SIZE, 12345);
}

static int file_exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}

/* Whether the file at `path` holds exactly the test data. */
static int file_holds_test_data(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return 0;
    unsigned char *copy = malloc(DATA_SIZE + 1);
    size_t length = fread(copy, 1, DATA_SIZE + 1, file);
    fclose(file);
    int same = length == DATA_SIZE && memcmp(copy, test_data(), DATA_SIZE) == 0;
    free(copy);
    return same;
}

struct progress_log {
    int calls;
    int64_t last_done, last_total;
    int64_t stop_after; /* abort once done passes this; 0 never */
};

static int on_progress(int64_t done, int64_t total, void *userdata)
{
    struct progress_log *log = userdata;
    log->calls++;
    log->last_done = done;
    log->last_total = total;
    return log->stop_after > 0 && done > log->stop_after;
}

struct reader {
    size_t offset, piece;
    int calls;
};

static int64_t read_test_data(void *buf, size_t cap, void *userdata)
{
    struct reader *reader = userdata;
    reader->calls++;
    size_t count = DATA_SIZE - reader->offset;
    if (count > cap)
        count = cap;
    if (count > reader->piece)
        count = reader->piece;
    memcpy(buf, test_data() + reader->offset, count);
    reader->offset += count;
    return (int64_t)count;
}

static int64_t failing_read(void *buf, size_t cap, void *userdata)
{
    (void)buf, (void)cap, (void)userdata;
    return -1;
}

struct collector {
    unsigned char *bytes;
    size_t length;
    int calls;
    size_t stop_after; /* abort once length passes this; 0 never */
};

static int collect(const void *data, size_t len, void *userdata)
{
    struct collector *collector = userdata;
    collector->calls++;
    if (collector->length + len <= DATA_SIZE)
        memcpy(collector->bytes + collector->length, data, len);
    collector->length += len;
    return collector->stop_after > 0 && collector->length > collector->stop_after;
}

static void test_bad_input_is_refused(void)
{
    osi_source *source = (osi_source *)0x1;
    osi_sink *sink = (osi_sink *)0x1;
    osi_error *err = NULL;
    json_t *out = (json_t *)0x1;
    const char bad_utf8[] = {'/', 't', 'm', 'p', '/', (char)0xC3, (char)0x28, 0};

    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_file(NULL, &source, &err), err);
    CHECK(source == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_file("/tmp/x", NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_file(bad_utf8, &source, &err), err);
    CHECK_STATUS(OSI_IO, osi_source_file("/nonexistent/osimage/file", &source, &err), err);
    CHECK_STATUS(OSI_IO, osi_source_file("/tmp", &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_fd(-1, -1, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_fd(0, -2, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_memory(NULL, 10, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_callback(NULL, NULL, -1, &source, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_source_callback(read_test_data, NULL, -5, &source, &err), err);
    CHECK(source == NULL);

    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_file(NULL, &sink, &err), err);
    CHECK(sink == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_file(bad_utf8, &sink, &err), err);
    CHECK_STATUS(OSI_IO, osi_sink_file("/nonexistent/osimage/dir/file", &sink, &err), err);
    CHECK_STATUS(OSI_IO, osi_sink_file("/tmp", &sink, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_file("", &sink, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_fd(-1, &sink, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_callback(NULL, NULL, &sink, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_sink_memory(1024, NULL, &err), err);
    size_t length = 99;
    CHECK(osi_sink_memory_data(NULL, &length) == NULL && length == 0);
    osi_source_free(NULL);
    osi_sink_free(NULL);

    osi_conn *conn = noauth();
    CHECK_STATUS(OSI_OK, osi_source_memory(test_data(), 10, &source, &err), err);
    CHECK_STATUS(OSI_OK, osi_sink_memory(100, &sink, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(NULL, "id", source, NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, NULL, source, NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, "id", NULL, NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, "a/b", source, NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, bad_utf8, source, NULL, NULL, NULL, NULL, &err), err);
    json_t *bad_options = json_pack("{s:s}", "validate_checksum", "yes");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, "id", source, bad_options, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_stage_image(conn, "id", NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_download_image(conn, "id", NULL, NULL, NULL, NULL, &out, &err), err);
    CHECK(out == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_download_image(conn, "x\r\ny", sink, NULL, NULL, NULL, NULL, &err), err);
    json_t *negative = json_pack("{s:I}", "offset", (json_int_t)-1);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_download_image(conn, "id", sink, negative, NULL, NULL, NULL, &err), err);
    json_t *unknown = json_pack("{s:b}", "verify_harder", 1);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_download_image(conn, "id", sink, unknown, NULL, NULL, NULL, &err), err);
    json_t *array = json_array();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_download_image(conn, "id", sink, array, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, NULL, NULL, NULL, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, "x", array, NULL, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, "x", NULL, NULL, NULL, NULL, NULL, &err), err);
    json_t *exclusive = json_pack("{s:[s], s:b}", "stores", "fast", "all_stores", 1);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, "x", exclusive, NULL, NULL, NULL, &out, &err), err);
    json_t *copy = json_pack("{s:s}", "import_method", "copy-image");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, "x", copy, NULL, NULL, NULL, &out, &err), err);
    CHECK(bad_options->refcount == 1 && array->refcount == 1);
    json_decref(bad_options);
    json_decref(negative);
    json_decref(unknown);
    json_decref(array);
    json_decref(exclusive);
    json_decref(copy);
    osi_source_free(source);
    osi_sink_free(sink);
    osi_conn_free(conn);
}

static void test_upload_and_download_round_trip_through_every_sink(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    osi_source *source = NULL;
    json_t *image = NULL, *result = NULL;
    char *id = queued_image_id(conn, "roundtrip");
    struct progress_log up = {0};

    CHECK_STATUS(OSI_OK, osi_source_memory(test_data(), DATA_SIZE, &source, &err), err);
    json_t *validate = json_pack("{s:b}", "validate_checksum", 1);
    CHECK_STATUS(OSI_OK, osi_upload_image(conn, id, source, validate, on_progress, &up, &image, &err), err);
    CHECK(image != NULL && strcmp(json_string_value(json_object_get(image, "status")), "active") == 0);
    CHECK(json_integer_value(json_object_get(image, "size")) == DATA_SIZE);
    CHECK(up.calls > 0 && up.last_done == DATA_SIZE && up.last_total == DATA_SIZE);
    json_decref(image);
    json_decref(validate);
    osi_source_free(source);

    /* A file sink: renamed into place after verification, no temporary file left. */
    char dir[] = "/tmp/osimage-c-data-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], fd_path[256];
    snprintf(path, sizeof path, "%s/image.raw", dir);
    snprintf(fd_path, sizeof fd_path, "%s/fd.raw", dir);
    osi_sink *sink = NULL;
    struct progress_log down = {0};
    CHECK_STATUS(OSI_OK, osi_sink_file(path, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, NULL, on_progress, &down, &result, &err), err);
    CHECK(file_holds_test_data(path));
    CHECK(down.last_done == DATA_SIZE && down.last_total == DATA_SIZE);
    CHECK(json_is_true(json_object_get(result, "hash_verified")));
    CHECK_STR("sha512", json_string_value(json_object_get(result, "hash_algo")));
    CHECK_STR("os_hash_value", json_string_value(json_object_get(result, "hash_source")));
    CHECK(json_integer_value(json_object_get(result, "bytes")) == DATA_SIZE);
    json_decref(result);
    osi_sink_free(sink);

    int fd = open(fd_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK_STATUS(OSI_OK, osi_sink_fd(fd, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, NULL, NULL, NULL, NULL, &err), err);
    close(fd);
    CHECK(file_holds_test_data(fd_path));
    osi_sink_free(sink);

    struct collector collector = {malloc(DATA_SIZE), 0, 0, 0};
    CHECK_STATUS(OSI_OK, osi_sink_callback(collect, &collector, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, NULL, NULL, NULL, NULL, &err), err);
    CHECK(collector.length == DATA_SIZE && memcmp(collector.bytes, test_data(), DATA_SIZE) == 0);
    CHECK(collector.calls > 1);
    osi_sink_free(sink);

    size_t length = 0;
    CHECK_STATUS(OSI_OK, osi_sink_memory(DATA_SIZE, &sink, &err), err);
    json_t *range = json_pack("{s:I, s:I}", "offset", (json_int_t)1000, "length", (json_int_t)5000);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, range, NULL, NULL, &result, &err), err);
    const void *bytes = osi_sink_memory_data(sink, &length);
    CHECK(length == 5000 && bytes != NULL && memcmp(bytes, test_data() + 1000, 5000) == 0);
    CHECK(json_integer_value(json_object_get(result, "http_status")) == 206);
    CHECK(json_is_false(json_object_get(result, "hash_verified")));
    json_decref(result);
    json_decref(range);

    /* An offset at the end: HTTP 416, nothing written. */
    range = json_pack("{s:I}", "offset", (json_int_t)DATA_SIZE);
    osi_sink *file_sink = NULL;
    char past[256];
    snprintf(past, sizeof past, "%s/past.raw", dir);
    CHECK_STATUS(OSI_OK, osi_sink_file(past, &file_sink, &err), err);
    osi_status rc = osi_download_image(conn, id, file_sink, range, NULL, NULL, NULL, &err);
    CHECK(rc == OSI_HTTP && osi_error_http_status(err) == 416);
    CHECK(!file_exists(past));
    osi_error_free(err);
    err = NULL;
    json_decref(range);

    /* Aborts: from the progress callback and from the write callback; no file is left. */
    struct progress_log stop = {0, 0, 0, 100000};
    CHECK_STATUS(OSI_ABORTED, osi_download_image(conn, id, file_sink, NULL, on_progress, &stop, NULL, &err), err);
    CHECK(!file_exists(past));
    osi_sink *stopping = NULL;
    struct collector partial = {malloc(DATA_SIZE), 0, 0, 100000};
    CHECK_STATUS(OSI_OK, osi_sink_callback(collect, &partial, &stopping, &err), err);
    CHECK_STATUS(OSI_ABORTED, osi_download_image(conn, id, stopping, NULL, NULL, NULL, NULL, &err), err);
    osi_sink_free(stopping);
    osi_sink_free(file_sink);
    osi_sink_free(sink);
    free(collector.bytes);
    free(partial.bytes);
    unlink(path);
    unlink(fd_path);
    rmdir(dir);
    delete_image_id(conn, id);
    osi_conn_free(conn);
}

static void test_callback_and_fd_sources_and_read_once(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    osi_source *source = NULL;
    osi_sink *sink = NULL;
    char *id = queued_image_id(conn, "callback");
    char *second = queued_image_id(conn, "callback-again");
    struct reader reader = {0, 100000, 0};

    CHECK_STATUS(OSI_OK, osi_source_callback(read_test_data, &reader, -1, &source, &err), err);
    CHECK_STATUS(OSI_OK, osi_upload_image(conn, id, source, NULL, NULL, NULL, NULL, &err), err);
    CHECK(reader.calls > 1 && reader.offset == DATA_SIZE);
    /* Read once: the same source cannot serve another upload. */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_upload_image(conn, second, source, NULL, NULL, NULL, NULL, &err), err);
    osi_source_free(source);

    CHECK_STATUS(OSI_OK, osi_source_callback(failing_read, NULL, 100, &source, &err), err);
    CHECK_STATUS(OSI_ABORTED, osi_upload_image(conn, second, source, NULL, NULL, NULL, NULL, &err), err);
    osi_source_free(source);

    /* An fd source, from a file written here, into a fresh image (Glance may still be
     * reverting the aborted one from "saving" to "queued"). */
    char *third = queued_image_id(conn, "fd");
    char path[] = "/tmp/osimage-c-fd-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, test_data(), DATA_SIZE) == DATA_SIZE);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK_STATUS(OSI_OK, osi_source_fd(fd, -1, &source, &err), err);
    CHECK_STATUS(OSI_OK, osi_upload_image(conn, third, source, NULL, NULL, NULL, NULL, &err), err);
    osi_source_free(source);
    close(fd);
    unlink(path);

    size_t length = 0;
    CHECK_STATUS(OSI_OK, osi_sink_memory(DATA_SIZE, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, third, sink, NULL, NULL, NULL, NULL, &err), err);
    const void *bytes = osi_sink_memory_data(sink, &length);
    CHECK(length == DATA_SIZE && memcmp(bytes, test_data(), DATA_SIZE) == 0);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, id, sink, NULL, NULL, NULL, NULL, &err), err);
    bytes = osi_sink_memory_data(sink, &length);
    CHECK(length == DATA_SIZE && memcmp(bytes, test_data(), DATA_SIZE) == 0);
    osi_sink_free(sink);
    delete_image_id(conn, id);
    delete_image_id(conn, second);
    delete_image_id(conn, third);
    osi_conn_free(conn);
}

static void test_queued_image_has_no_data(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    osi_sink *sink = NULL;
    char *id = queued_image_id(conn, "nodata");
    char path[] = "/tmp/osimage-c-nodata.raw";
    unlink(path);
    CHECK_STATUS(OSI_OK, osi_sink_file(path, &sink, &err), err);
    osi_status rc = osi_download_image(conn, id, sink, NULL, NULL, NULL, NULL, &err);
    CHECK(rc == OSI_CONFLICT && osi_error_http_status(err) == 204);
    CHECK(!file_exists(path));
    osi_error_free(err);
    osi_sink_free(sink);
    delete_image_id(conn, id);
    osi_conn_free(conn);
}

static void test_create_image_from_a_file_stage_and_import(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = NULL;
    char name[128], path[256];
    unique_name(name, sizeof name, "create");
    snprintf(path, sizeof path, "/tmp/%s.img", name);
    FILE *file = fopen(path, "wb");
    CHECK(file != NULL && fwrite(test_data(), 1, DATA_SIZE, file) == DATA_SIZE);
    fclose(file);

    /* The wait's old key name is refused before anything is created. */
    json_t *old_name = json_pack("{s:s, s:b, s:f}", "filename", path, "wait", 1, "poll_interval", 0.3);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_create_image(conn, NULL, old_name, NULL, NULL, NULL, &image, &err), err);
    CHECK(image == NULL);
    json_decref(old_name);

    json_t *options = json_pack("{s:s, s:b, s:b, s:f, s:[s]}", "filename", path, "wait", 1, "validate_checksum", 1,
                                "interval", 0.3, "tags", "c-test");
    struct progress_log upload = {0};
    CHECK_STATUS(OSI_OK, osi_create_image(conn, NULL, options, NULL, on_progress, &upload, &image, &err), err);
    CHECK(upload.calls > 0 && upload.last_done == DATA_SIZE && upload.last_total == DATA_SIZE);
    CHECK_STR(name, json_string_value(json_object_get(image, "name")));
    CHECK_STR("active", json_string_value(json_object_get(image, "status")));
    CHECK_STR("raw", json_string_value(json_object_get(image, "disk_format")));
    char *id = image ? strdup(json_string_value(json_object_get(image, "id"))) : NULL;
    json_decref(image);
    image = NULL;

    /* The same name and data again: the existing image comes back. */
    osi_source *source = NULL;
    CHECK_STATUS(OSI_OK, osi_source_file(path, &source, &err), err);
    json_t *plain = json_object();
    CHECK_STATUS(OSI_OK, osi_create_image(conn, name, plain, source, NULL, NULL, &image, &err), err);
    CHECK(id != NULL && image != NULL && strcmp(id, json_string_value(json_object_get(image, "id"))) == 0);
    json_decref(image);
    image = NULL;

    /* Stage + glance-direct through the C calls. */
    char *staged = queued_image_id(conn, "staged");
    CHECK_STATUS(OSI_OK, osi_stage_image(conn, staged, source, NULL, NULL, &image, &err), err);
    CHECK_STR("uploading", json_string_value(json_object_get(image, "status")));
    json_decref(image);
    image = NULL;
    CHECK_STATUS(OSI_OK, osi_import_image(conn, staged, NULL, &err), err);
    CHECK_STATUS(OSI_OK, wait_image(conn, staged, "active", 120, 0.3, NULL, NULL, &image, &err), err);
    CHECK(json_integer_value(json_object_get(image, "size")) == DATA_SIZE);
    json_decref(image);
    osi_sink *sink = NULL;
    json_t *result = NULL;
    json_t *require = json_pack("{s:b}", "require_hash", 1);
    CHECK_STATUS(OSI_OK, osi_sink_memory(DATA_SIZE, &sink, &err), err);
    CHECK_STATUS(OSI_OK, osi_download_image(conn, staged, sink, require, NULL, NULL, &result, &err), err);
    CHECK(json_is_true(json_object_get(result, "hash_verified")));
    json_decref(result);
    json_decref(require);
    osi_sink_free(sink);

    /* A progress callback that asks to stop aborts the create, and the record is deleted. */
    char aborted[128];
    unique_name(aborted, sizeof aborted, "aborted");
    json_t *fresh = json_pack("{s:b}", "allow_duplicates", 1);
    struct progress_log stop = {0, 0, 0, 1};
    CHECK_STATUS(OSI_ABORTED, osi_create_image(conn, aborted, fresh, source, on_progress, &stop, &image, &err), err);
    CHECK(stop.calls > 0 && image == NULL);
    json_t *gone = (json_t *)0x1;
    CHECK_STATUS(OSI_OK, osi_find_image(conn, aborted, 1, &gone, &err), err);
    CHECK(gone == NULL);
    json_decref(fresh);

    /* A failure after the image exists deletes it: random bytes declared qcow2 (HTTP 415). */
    char failing[128];
    unique_name(failing, sizeof failing, "mismatch");
    json_t *qcow2 = json_pack("{s:s}", "disk_format", "qcow2");
    osi_status rc = osi_create_image(conn, failing, qcow2, source, NULL, NULL, &image, &err);
    CHECK(rc == OSI_HTTP && osi_error_http_status(err) == 415 && image == NULL);
    CHECK(err != NULL && strstr(osi_error_message(err), "deleted") != NULL);
    osi_error_free(err);
    err = NULL;
    json_t *found = (json_t *)0x1;
    CHECK_STATUS(OSI_OK, osi_find_image(conn, failing, 1, &found, &err), err);
    CHECK(found == NULL);

    json_decref(qcow2);
    json_decref(plain);
    json_decref(options);
    osi_source_free(source);
    unlink(path);
    delete_image_id(conn, staged);
    delete_image_id(conn, id);
    osi_conn_free(conn);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"bad_input_is_refused", test_bad_input_is_refused},
        {"upload_and_download_round_trip_through_every_sink", test_upload_and_download_round_trip_through_every_sink},
        {"callback_and_fd_sources_and_read_once", test_callback_and_fd_sources_and_read_once},
        {"queued_image_has_no_data", test_queued_image_has_no_data},
        {"create_image_from_a_file_stage_and_import", test_create_image_from_a_file_stage_and_import},
        {NULL, NULL},
    };
    int status = run_tests("data", tests);
    free(test_data());
    return status;
}
