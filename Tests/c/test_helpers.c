/*
 * test_helpers.c - openstacksdk's generic helpers in C against the real noauth stack:
 * osi_wait_for_status and osi_wait_for_delete on images, osi_update_image_properties with
 * openstacksdk's type conversion, and osi_conn_open_log logging the opening requests.
 */
#include "check.h"
#include "support.h"

static json_t *queued_image(osi_conn *conn)
{
    char name[128];
    osi_error *err = NULL;
    json_t *image = NULL;
    unique_name(name, sizeof name, "helpers");
    json_t *options = json_pack("{s:b}", "allow_duplicates", 1);
    CHECK_STATUS(OSI_OK, osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err), err);
    json_decref(options);
    return image;
}

static int polls;
static int count_polls(const json_t *resource, void *userdata)
{
    (void)resource;
    (void)userdata;
    polls++;
    return 0;
}

static void test_wait_for_status(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = queued_image(conn);
    json_t *seen = NULL;
    polls = 0;
    CHECK_STATUS(OSI_OK, osi_wait_for_status(conn, image, "QUEUED", NULL, count_polls, NULL, &seen, &err), err);
    CHECK(polls == 1 && seen != NULL);
    CHECK_STR("queued", json_string_value(json_object_get(seen, "status")));
    json_decref(seen);
    /* A failure status ends the wait at once; the timeout ends it otherwise. */
    json_t *options = json_pack("{s:[s], s:f}", "failures", "queued", "interval", 0.1);
    CHECK_STATUS(OSI_TASK_FAILED, osi_wait_for_status(conn, image, "active", options, NULL, NULL, &seen, &err), err);
    CHECK(seen == NULL);
    json_decref(options);
    options = json_pack("{s:f, s:f}", "timeout", 0.3, "interval", 0.1);
    CHECK_STATUS(OSI_TIMEOUT, osi_wait_for_status(conn, image, "active", options, NULL, NULL, &seen, &err), err);
    json_decref(options);
    options = json_pack("{s:s}", "attribute", "visibility");
    CHECK_STATUS(OSI_OK, osi_wait_for_status(conn, image, "shared", options, NULL, NULL, NULL, &err), err);
    json_decref(options);
    options = json_pack("{s:s}", "attribute", "no_such_attribute");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_status(conn, image, "x", options, NULL, NULL, NULL, &err), err);
    json_decref(options);
    options = json_pack("{s:b}", "ignore_missing", 1);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_status(conn, image, "queued", options, NULL, NULL, NULL, &err), err);
    json_decref(options);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_status(conn, NULL, "queued", NULL, NULL, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_wait_for_status(conn, image, NULL, NULL, NULL, NULL, NULL, &err), err);

    /* wait_for_delete: times out while the image exists, returns once it is gone. */
    const char *id = json_string_value(json_object_get(image, "id"));
    options = json_pack("{s:f, s:f}", "timeout", 0.3, "interval", 0.1);
    CHECK_STATUS(OSI_TIMEOUT, osi_wait_for_delete(conn, image, options, NULL, NULL, &seen, &err), err);
    CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 1, NULL, &err), err);
    json_decref(options);
    options = json_pack("{s:f}", "timeout", 30.0);
    CHECK_STATUS(OSI_OK, osi_wait_for_delete(conn, image, options, NULL, NULL, &seen, &err), err);
    CHECK(seen != NULL && json_is_string(json_object_get(seen, "id")));
    json_decref(seen);
    json_decref(options);
    json_decref(image);
    osi_conn_free(conn);
}

static void test_update_image_properties_converts_like_openstacksdk(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = queued_image(conn);
    const char *id = json_string_value(json_object_get(image, "id"));
    json_t *properties = json_pack("{s:s, s:i, s:b}", "min_disk", "5", "os_distro_version", 12, "os_osi_flag", 1);
    json_t *meta = json_pack("{s:i}", "min_ram", 256);
    json_t *updated = NULL;
    int32_t changed = -1;
    CHECK_STATUS(OSI_OK, osi_update_image_properties(conn, id, meta, properties, &changed, &updated, &err), err);
    CHECK(changed == 1);
    CHECK(json_integer_value(json_object_get(updated, "min_disk")) == 5);
    CHECK(json_integer_value(json_object_get(updated, "min_ram")) == 256);
    CHECK_STR("12", json_string_value(json_object_get(updated, "os_distro_version")));
    CHECK_STR("true", json_string_value(json_object_get(updated, "os_osi_flag")));
    json_decref(updated);
    /* The same again changes nothing and sends nothing. */
    CHECK_STATUS(OSI_OK, osi_update_image_properties(conn, id, meta, properties, &changed, &updated, &err), err);
    CHECK(changed == 0 && updated != NULL);
    json_decref(updated);
    json_decref(properties);
    properties = json_pack("{s:s}", "min_disk", "five");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_update_image_properties(conn, id, NULL, properties, &changed, NULL, &err), err);
    json_decref(properties);
    json_decref(meta);
    CHECK_STATUS(OSI_OK, osi_delete_image(conn, id, 1, NULL, &err), err);
    json_decref(image);
    osi_conn_free(conn);
}

struct lines {
    int token, discovery, secret, debug;
};

static int collect(osi_log_level level, const char *line, void *userdata)
{
    struct lines *seen = userdata;
    if (strstr(line, "/auth/tokens") != NULL)
        seen->token++;
    if (strstr(line, "GET ") != NULL && strstr(line, "/v2") == NULL && strstr(line, "/v3") == NULL)
        seen->discovery++;
    if (level == OSI_LOG_DEBUG && strstr(line, "headers:") != NULL)
        seen->debug++;
    if (strstr(line, "gAAAAA") != NULL || strstr(line, "password") != NULL)
        seen->secret++;
    return 0;
}

static void test_open_with_a_log_sees_the_opening_requests(void)
{
    const char *clouds = getenv("OSI_TEST_KEYSTONE_CLOUDS");
    if (clouds == NULL) {
        fprintf(stderr, "  (OSI_TEST_KEYSTONE_CLOUDS not set)\n");
        CHECK(clouds != NULL);
        return;
    }
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    struct lines seen = {0, 0, 0, 0};
    json_t *options = json_pack("{s:s, s:s}", "cloud", "osi-admin", "config_file", clouds);
    CHECK_STATUS(OSI_OK, osi_conn_open_log(options, OSI_LOG_DEBUG, collect, &seen, &conn, &err), err);
    CHECK(seen.token == 1);
    CHECK(seen.debug >= 2);
    CHECK(seen.secret == 0);
    osi_conn_free(conn);
    conn = NULL;
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_open_log(options, (osi_log_level)9, collect, &seen, &conn, &err), err);
    CHECK(conn == NULL);
    json_decref(options);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"wait for status and delete", test_wait_for_status},
        {"update image properties converts like openstacksdk", test_update_image_properties_converts_like_openstacksdk},
        {"open with a log sees the opening requests", test_open_with_a_log_sees_the_opening_requests},
        {NULL, NULL},
    };
    return run_tests("helpers", tests);
}
