/*
 * test_reader.c - the pulled download (osi_reader_open/read/info/free) against the real
 * noauth stack: the data in the caller's pieces, verified by the read that reaches the end;
 * readers freed half-read; several readers on one connection, from several threads; ranges;
 * and bad input of every kind.
 */
#include <pthread.h>
#include "check.h"
#include "support.h"

#define DATA_SIZE (3 * 1024 * 1024 + 77)

static unsigned char *test_data(void)
{
    static unsigned char *data;
    return seeded_data(&data, DATA_SIZE, 4242);
}

static osi_conn *shared_conn;
static char *image_id;

/* The connection and an active image holding the test data, made once. */
static void set_up(void)
{
    if (shared_conn != NULL)
        return;
    shared_conn = noauth();
    char name[128];
    osi_error *err = NULL;
    osi_source *source = NULL;
    json_t *image = NULL;
    unique_name(name, sizeof name, "reader");
    CHECK_STATUS(OSI_OK, osi_source_memory(test_data(), DATA_SIZE, &source, &err), err);
    json_t *options = json_pack("{s:s, s:s, s:b}", "disk_format", "raw", "container_format", "bare", "allow_duplicates", 1);
    CHECK_STATUS(OSI_OK, osi_create_image(shared_conn, name, options, source, NULL, NULL, &image, &err), err);
    json_decref(options);
    osi_source_free(source);
    image_id = image ? strdup(json_string_value(json_object_get(image, "id"))) : NULL;
    json_decref(image);
}

/* Reads a reader to its end in pieces of `piece` bytes into `out` (DATA_SIZE bytes);
 * returns the status of the last read and the byte count in *total. */
static osi_status read_all(osi_reader *reader, size_t piece, unsigned char *out, size_t *total, osi_error **err)
{
    *total = 0;
    for (;;) {
        size_t n = 0;
        size_t room = DATA_SIZE - *total;
        osi_status rc = osi_reader_read(reader, out + *total, piece < room ? piece : room, &n, err);
        if (rc != OSI_OK || n == 0)
            return rc;
        *total += n;
        if (*total == DATA_SIZE) {
            /* The buffer is full: the next read must be the end (and verify). */
            unsigned char extra[16];
            rc = osi_reader_read(reader, extra, sizeof extra, &n, err);
            return rc == OSI_OK && n != 0 ? OSI_INTERNAL : rc;
        }
    }
}

static void test_whole_image_in_pieces_verified(void)
{
    set_up();
    osi_error *err = NULL;
    osi_reader *reader = NULL;
    CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, NULL, &reader, &err), err);
    CHECK(reader != NULL);
    json_t *info = NULL;
    CHECK_STATUS(OSI_OK, osi_reader_info(reader, &info, &err), err);
    CHECK(json_integer_value(json_object_get(info, "http_status")) == 200);
    CHECK(json_integer_value(json_object_get(info, "content_length")) == DATA_SIZE);
    CHECK(json_is_false(json_object_get(info, "eof")));
    CHECK_STR("sha512", json_string_value(json_object_get(info, "hash_algo")));
    CHECK(json_is_object(json_object_get(info, "headers")));
    json_decref(info);

    unsigned char *out = malloc(DATA_SIZE);
    size_t total = 0;
    CHECK_STATUS(OSI_OK, read_all(reader, 4099, out, &total, &err), err);
    CHECK(total == DATA_SIZE && memcmp(out, test_data(), DATA_SIZE) == 0);
    CHECK_STATUS(OSI_OK, osi_reader_info(reader, &info, &err), err);
    CHECK(json_is_true(json_object_get(info, "eof")));
    CHECK(json_is_true(json_object_get(info, "hash_verified")));
    CHECK(json_integer_value(json_object_get(info, "bytes")) == DATA_SIZE);
    json_decref(info);
    size_t n = 99;
    CHECK_STATUS(OSI_OK, osi_reader_read(reader, out, 10, &n, &err), err);
    CHECK(n == 0);
    osi_reader_free(reader);
    free(out);
}

static void test_range_is_206_and_unverified(void)
{
    set_up();
    osi_error *err = NULL;
    osi_reader *reader = NULL;
    json_t *options = json_pack("{s:i, s:i}", "offset", 100, "length", 1000);
    CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, options, &reader, &err), err);
    json_decref(options);
    unsigned char *out = malloc(DATA_SIZE);
    size_t total = 0;
    CHECK_STATUS(OSI_OK, read_all(reader, 1 << 20, out, &total, &err), err);
    CHECK(total == 1000 && memcmp(out, test_data() + 100, 1000) == 0);
    json_t *info = NULL;
    CHECK_STATUS(OSI_OK, osi_reader_info(reader, &info, &err), err);
    CHECK(json_integer_value(json_object_get(info, "http_status")) == 206);
    CHECK(json_is_false(json_object_get(info, "hash_verified")));
    json_decref(info);
    osi_reader_free(reader);
    free(out);
}

static void test_readers_freed_half_read_release_their_connections(void)
{
    set_up();
    osi_error *err = NULL;
    /* More than the 32 handles a connection keeps, each read a little and freed. */
    for (int i = 0; i < 40; i++) {
        osi_reader *reader = NULL;
        unsigned char buf[512];
        size_t n = 0;
        CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, NULL, &reader, &err), err);
        CHECK_STATUS(OSI_OK, osi_reader_read(reader, buf, sizeof buf, &n, &err), err);
        CHECK(n > 0 && memcmp(buf, test_data(), n) == 0);
        osi_reader_free(reader);
    }
    /* Interleaved readers on one connection, and other calls between their reads. */
    osi_reader *first = NULL, *second = NULL;
    CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, NULL, &first, &err), err);
    CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, NULL, &second, &err), err);
    unsigned char *a = malloc(DATA_SIZE), *b = malloc(DATA_SIZE);
    size_t at = 0, bt = 0;
    int a_done = 0, b_done = 0;
    while (!(a_done && b_done) && first && second) {
        size_t n = 0;
        if (!a_done) {
            CHECK_STATUS(OSI_OK, osi_reader_read(first, a + at, at + 65536 <= DATA_SIZE ? 65536 : DATA_SIZE - at, &n, &err), err);
            at += n;
            a_done = n == 0;
        }
        if (!b_done) {
            CHECK_STATUS(OSI_OK, osi_reader_read(second, b + bt, bt + 30000 <= DATA_SIZE ? 30000 : DATA_SIZE - bt, &n, &err), err);
            bt += n;
            b_done = n == 0;
        }
        json_t *image = NULL;
        CHECK_STATUS(OSI_OK, osi_get_image(shared_conn, image_id, &image, &err), err);
        json_decref(image);
        if (check_failures_in_test)
            break;
    }
    CHECK(at == DATA_SIZE && memcmp(a, test_data(), DATA_SIZE) == 0);
    CHECK(bt == DATA_SIZE && memcmp(b, test_data(), DATA_SIZE) == 0);
    osi_reader_free(first);
    osi_reader_free(second);
    free(a);
    free(b);
}

static void *read_on_thread(void *result)
{
    osi_error *err = NULL;
    osi_reader *reader = NULL;
    unsigned char *out = malloc(DATA_SIZE);
    size_t total = 0;
    osi_status rc = osi_reader_open(shared_conn, image_id, NULL, &reader, &err);
    if (rc == OSI_OK)
        rc = read_all(reader, 8192, out, &total, &err);
    *(int *)result = rc == OSI_OK && total == DATA_SIZE && memcmp(out, test_data(), DATA_SIZE) == 0;
    osi_error_free(err);
    osi_reader_free(reader);
    free(out);
    return NULL;
}

static void test_readers_on_several_threads_share_a_connection(void)
{
    set_up();
    pthread_t threads[4];
    int results[4] = {0};
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&threads[i], NULL, read_on_thread, &results[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        CHECK(results[i] == 1);
    }
}

static void test_bad_input_and_failures_at_open(void)
{
    set_up();
    osi_error *err = NULL;
    osi_reader *reader = NULL;
    unsigned char buf[8];
    size_t n = 7;
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_open(NULL, image_id, NULL, &reader, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_open(shared_conn, NULL, NULL, &reader, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_open(shared_conn, image_id, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_open(shared_conn, "a/b", NULL, &reader, &err), err);
    json_t *bad = json_pack("{s:b}", "stream", 1);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_open(shared_conn, image_id, bad, &reader, &err), err);
    json_decref(bad);
    CHECK(reader == NULL);
    CHECK_STATUS(OSI_NOT_FOUND, osi_reader_open(shared_conn, "00000000-0000-0000-0000-000000000000", NULL, &reader, &err), err);
    CHECK(reader == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_read(NULL, buf, sizeof buf, &n, &err), err);
    CHECK(n == 0);

    char *queued = queued_image_id(shared_conn, "reader-queued");
    CHECK_STATUS(OSI_CONFLICT, osi_reader_open(shared_conn, queued, NULL, &reader, &err), err);
    delete_image_id(shared_conn, queued);

    CHECK_STATUS(OSI_OK, osi_reader_open(shared_conn, image_id, NULL, &reader, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_read(reader, NULL, 10, &n, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_read(reader, buf, sizeof buf, NULL, &err), err);
    CHECK_STATUS(OSI_OK, osi_reader_read(reader, NULL, 0, &n, &err), err);
    CHECK(n == 0);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_info(reader, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reader_info(NULL, NULL, &err), err);
    osi_reader_free(reader);
    osi_reader_free(NULL);
}

static void test_tear_down(void)
{
    delete_image_id(shared_conn, image_id);
    image_id = NULL;
    osi_conn_free(shared_conn);
    shared_conn = NULL;
    free(test_data());
}

int main(void)
{
    static const struct check_test tests[] = {
        {"whole image in pieces, verified", test_whole_image_in_pieces_verified},
        {"range is 206 and unverified", test_range_is_206_and_unverified},
        {"readers freed half-read release their connections", test_readers_freed_half_read_release_their_connections},
        {"readers on several threads share a connection", test_readers_on_several_threads_share_a_connection},
        {"bad input and failures at open", test_bad_input_and_failures_at_open},
        {"tear down", test_tear_down},
        {NULL, NULL},
    };
    return run_tests("reader", tests);
}
