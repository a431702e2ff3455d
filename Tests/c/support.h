/*
 * support.h - helpers shared by osimage's C tests that create things on the real stack.
 * Include after check.h. The helpers are static inline so a test may use only some of them.
 */
#ifndef OSIMAGE_TEST_SUPPORT_H
#define OSIMAGE_TEST_SUPPORT_H

#include <unistd.h>

/* A name no other run uses: osi-c-<prefix>-<pid>-<counter>. */
static inline void unique_name(char *out, size_t size, const char *prefix)
{
    static int counter;
    snprintf(out, size, "osi-c-%s-%ld-%d", prefix, (long)getpid(), ++counter);
}

/* `size` bytes of a fixed pseudo-random sequence from `seed`, made into *cache the first
 * time (kept for the whole run: free(*cache) at the end) and returned. */
static inline unsigned char *seeded_data(unsigned char **cache, size_t size, unsigned int seed)
{
    if (*cache == NULL) {
        *cache = malloc(size);
        if (*cache == NULL)
            abort();
        unsigned int state = seed;
        for (size_t i = 0; i < size; i++) {
            state = state * 1103515245u + 12345u;
            (*cache)[i] = (unsigned char)(state >> 16);
        }
    }
    return *cache;
}

/* A connection to the noauth stack's osi-noauth cloud (the test fails when it cannot open). */
static inline osi_conn *noauth(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s}", "cloud", "osi-noauth", "config_file", required_env("OSI_TEST_NOAUTH_CLOUDS"));
    CHECK_STATUS(OSI_OK, osi_conn_open(options, &conn, &err), err);
    json_decref(options);
    return conn;
}

/* A connection to `cloud` of the keystone stack's clouds.yaml (OSI_TEST_KEYSTONE_CLOUDS). */
static inline osi_conn *open_cloud(const char *cloud)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s}", "cloud", cloud, "config_file", required_env("OSI_TEST_KEYSTONE_CLOUDS"));
    CHECK_STATUS(OSI_OK, osi_conn_open(options, &conn, &err), err);
    json_decref(options);
    return conn;
}

/* A queued image made by osi_create_image without data; returns its id (free(), or
 * delete_image_id()) or NULL. The test fails unless it is queued. */
static inline char *queued_image_id(osi_conn *conn, const char *prefix)
{
    char name[128];
    osi_error *err = NULL;
    json_t *image = NULL;
    unique_name(name, sizeof name, prefix);
    json_t *options = json_pack("{s:b}", "allow_duplicates", 1);
    CHECK_STATUS(OSI_OK, osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err), err);
    json_decref(options);
    char *id = image ? strdup(json_string_value(json_object_get(image, "id"))) : NULL;
    CHECK(image != NULL && strcmp(json_string_value(json_object_get(image, "status")), "queued") == 0);
    json_decref(image);
    return id;
}

/* Deletes the image `id` (NULL: nothing; already gone is no failure) and frees id. */
static inline void delete_image_id(osi_conn *conn, char *id)
{
    osi_error *err = NULL;
    if (id != NULL)
        CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 1, NULL, &err), err);
    free(id);
}

/* Writes `size` bytes under a unique name in the web server directory named by the
 * environment variable `dir_var`; fills `url` (from `url_var`) and `path` (unlink it). */
static inline void web_file(const char *dir_var, const char *url_var, size_t size, char *url, size_t url_size, char *path,
                     size_t path_size)
{
    char name[96];
    unique_name(name, sizeof name, "web");
    snprintf(path, path_size, "%s/%s.raw", required_env(dir_var), name);
    snprintf(url, url_size, "%s/%s.raw", required_env(url_var), name);
    FILE *file = fopen(path, "wb");
    CHECK(file != NULL);
    if (file == NULL)
        return;
    for (size_t i = 0; i < size; i++)
        fputc((int)((i * 31 + 7) & 0xff), file);
    fclose(file);
}

/* Runs through an iterator, calling `visit` (may be NULL) on each item, and frees it;
 * returns how many items there were. A failed osi_iter_next() fails the test. */
static inline int drain(osi_iter *iter, void (*visit)(const json_t *item, void *userdata), void *userdata)
{
    osi_error *err = NULL;
    json_t *item = NULL;
    int count = 0;
    while (osi_iter_next(iter, &item, &err) == OSI_OK && item != NULL) {
        count++;
        if (visit != NULL)
            visit(item, userdata);
        json_decref(item);
    }
    CHECK(err == NULL);
    osi_error_free(err);
    osi_iter_free(iter);
    return count;
}

/* osi_wait_for_image with the options {"timeout": timeout, "interval": interval}. */
static inline osi_status wait_image(osi_conn *conn, const char *id, const char *status, double timeout, double interval,
                                    osi_wait_cb callback, void *userdata, json_t **out_image, osi_error **err)
{
    json_t *options = json_pack("{s:f, s:f}", "timeout", timeout, "interval", interval);
    osi_status rc = osi_wait_for_image(conn, id, status, options, callback, userdata, out_image, err);
    json_decref(options);
    return rc;
}

/* osi_wait_for_task with the options {"interval": interval, "timeout": timeout} and, when not
 * NULL, "failures" (borrowed). */
static inline osi_status wait_task(osi_conn *conn, const char *id, const char *status, json_t *failures,
                                   double interval, double timeout, osi_wait_cb callback, void *userdata,
                                   json_t **out_task, osi_error **err)
{
    json_t *options = json_pack("{s:f, s:f}", "timeout", timeout, "interval", interval);
    if (failures)
        json_object_set(options, "failures", failures);
    osi_status rc = osi_wait_for_task(conn, id, status, options, callback, userdata, out_task, err);
    json_decref(options);
    return rc;
}

#endif
