/*
 * test_image_ops.c - the C API of image operations other than the data path: import, wait,
 * delete, update, deactivate/reactivate, tags and an image's tasks, against the real noauth
 * stack (scripts/test sets OSI_TEST_NOAUTH_CLOUDS, OSI_TEST_NOAUTH_WEB_DIR and
 * OSI_TEST_NOAUTH_WEB_URL), with bad input of every kind.
 *
 * Queued images are made with a raw POST through curl: osi_create_image belongs to the
 * data path and is tested with it. Data arrives by web-download from the stack's web server.
 */
#include "check.h"
#include "support.h"

/* Creates a queued raw/bare image named `name` with a raw POST; returns its id (free()) or NULL. */
static char *seed_image(osi_conn *conn, const char *name)
{
    json_t *info = NULL;
    osi_error *err = NULL;
    char command[1024], output[4096];
    char *id = NULL;
    CHECK_STATUS(OSI_OK, osi_conn_info(conn, &info, &err), err);
    if (info == NULL)
        return NULL;
    snprintf(command, sizeof command,
             "curl -sf -X POST -H 'Content-Type: application/json' "
             "-d '{\"name\": \"%s\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}' %s/images",
             name, json_string_value(json_object_get(info, "image_endpoint")));
    json_decref(info);
    FILE *pipe = popen(command, "r");
    if (pipe == NULL)
        return NULL;
    size_t length = fread(output, 1, sizeof output - 1, pipe);
    output[length] = '\0';
    pclose(pipe);
    json_t *image = json_loads(output, 0, NULL);
    const char *text = json_string_value(json_object_get(image, "id"));
    if (text != NULL)
        id = strdup(text);
    json_decref(image);
    CHECK(id != NULL);
    return id;
}

/* Deletes an image, ignoring a missing one, and frees its id. */
static void remove_image(osi_conn *conn, char *id)
{
    osi_error *err = NULL;
    if (id != NULL)
        CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 1, NULL, &err), err);
    free(id);
}

struct polls {
    int count;
    int stop_after; /* 0: never stop */
    char last_status[32];
};

static int count_polls(const json_t *image, void *userdata)
{
    struct polls *polls = userdata;
    const char *status = json_string_value(json_object_get(image, "status"));
    polls->count++;
    snprintf(polls->last_status, sizeof polls->last_status, "%s", status ? status : "");
    return polls->stop_after > 0 && polls->count >= polls->stop_after;
}

/* A new active image of `size` bytes, through osi_import_image(web-download) and
 * osi_wait_for_image(); returns its id (free()) or NULL. */
static char *active_image(osi_conn *conn, const char *prefix, size_t size)
{
    char name[96], url[512], path[512];
    osi_error *err = NULL;
    json_t *image = NULL;
    unique_name(name, sizeof name, prefix);
    char *id = seed_image(conn, name);
    if (id == NULL)
        return NULL;
    web_file("OSI_TEST_NOAUTH_WEB_DIR", "OSI_TEST_NOAUTH_WEB_URL", size, url, sizeof url, path, sizeof path);
    json_t *options = json_pack("{s:s, s:s}", "method", "web-download", "uri", url);
    CHECK_STATUS(OSI_OK, osi_import_image(conn, id, options, &err), err);
    CHECK_STATUS(OSI_OK, wait_image(conn, id, "active", 120, 0.2, NULL, NULL, &image, &err), err);
    CHECK_STR("active", json_string_value(json_object_get(image, "status")));
    json_decref(image);
    json_decref(options);
    unlink(path);
    return id;
}

static void test_null_and_malformed_arguments_are_refused(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *out = (json_t *)0x1;
    osi_iter *iter = (osi_iter *)0x1;
    const char *id = "00000000-0000-0000-0000-000000000000";
    const char *bad_ids[] = {NULL, "", "a/b", "id\r\nX-Injected: 1", "\xff\xfe", ".."};
    json_t *changes = json_pack("{s:s}", "name", "x");

    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        const char *bad = bad_ids[i];
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_import_image(conn, bad, NULL, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_delete_image(conn, bad, 1, NULL, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image(conn, bad, changes, &out, &err), err);
        CHECK(out == NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_deactivate_image(conn, bad, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reactivate_image(conn, bad, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_tag(conn, bad, "t", &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_tag(conn, bad, "t", &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(conn, bad, "active", 1, 0.1, NULL, NULL, &out, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_image_tasks(conn, bad, &iter, &err), err);
        CHECK(iter == NULL);
        /* A bad tag is as bad as a bad id. */
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_tag(conn, id, bad, &err), err);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_tag(conn, id, bad, &err), err);
    }
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_tag(conn, id, "line\nbreak", &err), err);

    /* NULL connection and NULL out-parameters. */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_import_image(NULL, id, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_delete_image(NULL, id, 1, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image(NULL, id, changes, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image(conn, id, changes, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image(conn, id, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_deactivate_image(NULL, id, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_reactivate_image(NULL, id, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_add_tag(NULL, id, "t", &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_remove_tag(NULL, id, "t", &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(NULL, id, "active", 1, 0.1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(conn, id, NULL, 1, 0.1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(conn, id, "", 1, 0.1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(conn, id, "active", -1, 0.1, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, wait_image(conn, id, "active", 1, -0.5, NULL, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_image_tasks(NULL, id, &iter, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_image_tasks(conn, id, NULL, &err), err);
    CHECK(osi_delete_image(conn, "a/b", 1, NULL, NULL) == OSI_INVALID_ARGUMENT); /* err may be NULL */

    json_decref(changes);
    osi_conn_free(conn);
}

static void test_wrong_json_types_and_conflicting_options(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *out = NULL;
    const char *id = "00000000-0000-0000-0000-000000000000";
    const char *bad_import[] = {
        "[\"glance-direct\"]",
        "{\"method\": 5}",
        "{\"all_stores\": true, \"stores\": [\"fast\"]}",
        "{\"all_stores\": true, \"store\": \"fast\"}",
        "{\"store\": \"fast\", \"stores\": [\"slow\"]}",
        "{\"method\": \"glance-direct\", \"uri\": \"http://127.0.0.1/x\"}",
        "{\"method\": \"web-download\"}",
        "{\"method\": \"glance-download\", \"remote_region\": \"RegionTwo\"}",
        "{\"method\": \"web-download\", \"uri\": \"http://127.0.0.1/x\", \"remote_image_id\": \"x\"}",
        "{\"stores\": [\"fast\", 1]}",
        "{\"all_stores_must_succeed\": \"no\"}",
        "{\"stor\": \"fast\"}",
    };
    for (size_t i = 0; i < sizeof bad_import / sizeof bad_import[0]; i++) {
        json_t *options = json_loads(bad_import[i], 0, NULL);
        CHECK(options != NULL);
        if (osi_import_image(conn, id, options, &err) != OSI_INVALID_ARGUMENT) {
            check_failures_in_test++;
            fprintf(stderr, "  import options %s were not refused\n", bad_import[i]);
        }
        osi_error_free(err);
        err = NULL;
        CHECK(options->refcount == 1);
        json_decref(options);
    }

    /* ignore_missing is a positional argument, not a key of the options. */
    const char *bad_delete[] = {"[]", "{\"ignore_missing\": false}", "{\"store\": 1}", "{\"stores\": \"fast\"}",
                                "{\"store\": \"a/b\"}"};
    for (size_t i = 0; i < sizeof bad_delete / sizeof bad_delete[0]; i++) {
        json_t *options = json_loads(bad_delete[i], 0, NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_delete_image(conn, id, 1, options, &err), err);
        json_decref(options);
    }

    /* Wait options: unknown keys (the old positional names too), wrong types, bad numbers. */
    const char *bad_waits[] = {"[]", "{\"wait\": 1}", "{\"poll_interval\": 1}", "{\"timeout\": \"1\"}",
                               "{\"interval\": -1}", "{\"timeout\": -0.5}", "{\"failures\": [\"killed\"]}"};
    for (size_t i = 0; i < sizeof bad_waits / sizeof bad_waits[0]; i++) {
        json_t *options = json_loads(bad_waits[i], 0, NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_image(conn, id, "active", options, NULL, NULL, &out, &err), err);
        CHECK(out == NULL);
        if (i < 6)
            CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_task(conn, id, NULL, options, NULL, NULL, &out, &err), err);
        CHECK(options->refcount == 1);
        json_decref(options);
    }

    const char *bad_changes[] = {"[]", "\"name\"", "{\"status\": \"active\"}", "{\"checksum\": \"x\"}",
                                 "{\"is_protected\": \"yes\"}", "{\"tags\": \"a\"}", "{\"min_ram\": -1}",
                                 "{\"custom\": {\"nested\": 1}}", "{\"os_glance_import_task\": \"x\"}"};
    for (size_t i = 0; i < sizeof bad_changes / sizeof bad_changes[0]; i++) {
        json_t *changes = json_loads(bad_changes[i], JSON_DECODE_ANY, NULL);
        CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image(conn, id, changes, &out, &err), err);
        CHECK(out == NULL);
        json_decref(changes);
    }
    osi_conn_free(conn);
}

/* Checks one task of an image's successful import; `userdata` is the image id. */
static void check_import_task(const json_t *task, void *userdata)
{
    CHECK_STR("success", json_string_value(json_object_get(task, "status")));
    CHECK_STR((const char *)userdata, json_string_value(json_object_get(task, "image_id")));
}

static void test_web_download_import_wait_and_image_tasks(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    char name[96], url[512], path[512];
    json_t *image = NULL;
    osi_iter *tasks = NULL;
    struct polls polls = {0, 0, ""};

    unique_name(name, sizeof name, "import");
    char *id = seed_image(conn, name);
    web_file("OSI_TEST_NOAUTH_WEB_DIR", "OSI_TEST_NOAUTH_WEB_URL", 100000, url, sizeof url, path, sizeof path);
    json_t *options = json_pack("{s:s, s:s, s:[s]}", "method", "web-download", "uri", url, "stores", "slow");
    CHECK_STATUS(OSI_OK, osi_import_image(conn, id, options, &err), err);
    CHECK_STATUS(OSI_OK, wait_image(conn, id, "active", 120, 0.2, count_polls, &polls, &image, &err), err);
    CHECK(polls.count >= 1);
    CHECK_STR("active", polls.last_status);
    CHECK(json_integer_value(json_object_get(image, "size")) == 100000);
    CHECK_STR("slow", json_string_value(json_object_get(image, "stores")));
    CHECK(options->refcount == 1);

    CHECK_STATUS(OSI_OK, osi_image_tasks(conn, id, &tasks, &err), err);
    CHECK(drain(tasks, check_import_task, id) == 1);

    /* Importing into an active image is a conflict the server reports. */
    CHECK_STATUS(OSI_CONFLICT, osi_import_image(conn, id, options, &err), err);

    json_decref(options);
    json_decref(image);
    unlink(path);
    remove_image(conn, id);
    osi_conn_free(conn);
}

static void test_failed_import_timeout_and_abort(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    char name[96], url[512];
    json_t *image = (json_t *)0x1;
    struct polls polls = {0, 2, ""};

    unique_name(name, sizeof name, "fails");
    char *id = seed_image(conn, name);
    /* Still queued: a short wait times out and says so; a callback can stop it. */
    CHECK(wait_image(conn, id, "active", 0.5, 0.2, NULL, NULL, &image, &err) == OSI_TIMEOUT);
    CHECK(image == NULL);
    CHECK(err != NULL && strstr(osi_error_message(err), "'queued'") != NULL);
    osi_error_free(err);
    err = NULL;
    CHECK_STATUS(OSI_ABORTED, wait_image(conn, id, "active", 60, 0.1, count_polls, &polls, &image, &err), err);
    CHECK(polls.count == 2);

    /* glance-direct before any data was staged: 409 from the server. */
    CHECK_STATUS(OSI_CONFLICT, osi_import_image(conn, id, NULL, &err), err);

    snprintf(url, sizeof url, "%s/%s-missing.raw", required_env("OSI_TEST_NOAUTH_WEB_URL"), name);
    json_t *options = json_pack("{s:s, s:s}", "import_method", "web-download", "uri", url);
    CHECK_STATUS(OSI_OK, osi_import_image(conn, id, options, &err), err);
    CHECK(wait_image(conn, id, "active", 120, 0.2, NULL, NULL, NULL, &err) == OSI_TASK_FAILED);
    CHECK(err != NULL && strstr(osi_error_message(err), id) != NULL);
    osi_error_free(err);
    json_decref(options);
    remove_image(conn, id);
    osi_conn_free(conn);
}

static void test_update_tags_and_actions(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = NULL;
    char *id = active_image(conn, "update", 4096);

    json_t *changes = json_pack("{s:s, s:i, s:b, s:[s,s], s:n, s:{s:s}}", "os_distro", "debian", "hw_cpu_cores", 2,
                                "is_hidden", 1, "tags", "a", "b", "not_there", "properties", "owner_specified.x", "1");
    CHECK_STATUS(OSI_OK, osi_update_image(conn, id, changes, &image, &err), err);
    CHECK_STR("debian", json_string_value(json_object_get(image, "os_distro")));
    CHECK_STR("2", json_string_value(json_object_get(image, "hw_cpu_cores")));
    CHECK(json_is_true(json_object_get(image, "os_hidden")));
    CHECK(json_array_size(json_object_get(image, "tags")) == 2);
    CHECK_STR("1", json_string_value(json_object_get(image, "owner_specified.x")));
    CHECK(changes->refcount == 1);
    json_decref(changes);
    json_decref(image);

    /* null removes only the named property. */
    changes = json_pack("{s:n}", "os_distro");
    CHECK_STATUS(OSI_OK, osi_update_image(conn, id, changes, &image, &err), err);
    CHECK(json_object_get(image, "os_distro") == NULL);
    CHECK_STR("2", json_string_value(json_object_get(image, "hw_cpu_cores")));
    json_decref(changes);
    json_decref(image);

    CHECK_STATUS(OSI_OK, osi_add_tag(conn, id, "c d?", &err), err);
    CHECK_STATUS(OSI_OK, osi_remove_tag(conn, id, "a", &err), err);
    CHECK_STATUS(OSI_NOT_FOUND, osi_remove_tag(conn, id, "a", &err), err);
    CHECK_STATUS(OSI_OK, osi_get_image(conn, id, &image, &err), err);
    CHECK(json_array_size(json_object_get(image, "tags")) == 2);
    json_decref(image);

    CHECK_STATUS(OSI_OK, osi_deactivate_image(conn, id, &err), err);
    CHECK_STATUS(OSI_OK, wait_image(conn, id, "deactivated", 10, 0.1, NULL, NULL, &image, &err), err);
    json_decref(image);
    CHECK_STATUS(OSI_OK, osi_reactivate_image(conn, id, &err), err);
    CHECK_STATUS(OSI_OK, osi_get_image(conn, id, &image, &err), err);
    CHECK_STR("active", json_string_value(json_object_get(image, "status")));
    json_decref(image);

    remove_image(conn, id);
    osi_conn_free(conn);
}

static void test_delete_protected_missing_and_from_a_store(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = NULL;
    char name[96];
    unique_name(name, sizeof name, "protected");
    char *id = seed_image(conn, name);

    json_t *protect = json_pack("{s:b}", "protected", 1);
    CHECK_STATUS(OSI_OK, osi_update_image(conn, id, protect, &image, &err), err);
    json_decref(image);
    CHECK(osi_delete_image(conn, id, 1, NULL, &err) == OSI_FORBIDDEN);
    CHECK(osi_error_http_status(err) == 403);
    CHECK(err != NULL && strstr(osi_error_message(err), "protected") != NULL);
    osi_error_free(err);
    err = NULL;
    json_t *unprotect = json_pack("{s:b}", "is_protected", 0);
    CHECK_STATUS(OSI_OK, osi_update_image(conn, id, unprotect, &image, &err), err);
    json_decref(image);

    CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 0, NULL, &err), err);
    CHECK_STATUS(OSI_OK, wait_image(conn, id, "deleted", 30, 0.1, NULL, NULL, &image, &err), err);
    CHECK(image == NULL);
    CHECK_STATUS(OSI_NOT_FOUND, osi_delete_image(conn, id, 0, NULL, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 1, NULL, &err), err);
    json_t *from_store = json_pack("{s:s}", "store", "slow");
    CHECK(osi_delete_image(conn, id, 0, from_store, &err) == OSI_NOT_FOUND);
    CHECK(err != NULL && strstr(osi_error_url(err), "/v2/stores/slow/") != NULL);
    osi_error_free(err);

    json_decref(protect);
    json_decref(unprotect);
    json_decref(from_store);
    free(id);
    osi_conn_free(conn);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"null_and_malformed_arguments_are_refused", test_null_and_malformed_arguments_are_refused},
        {"wrong_json_types_and_conflicting_options", test_wrong_json_types_and_conflicting_options},
        {"web_download_import_wait_and_image_tasks", test_web_download_import_wait_and_image_tasks},
        {"failed_import_timeout_and_abort", test_failed_import_timeout_and_abort},
        {"update_tags_and_actions", test_update_tags_and_actions},
        {"delete_protected_missing_and_from_a_store", test_delete_protected_missing_and_from_a_store},
        {NULL, NULL},
    };
    return run_tests("image_ops", tests);
}
