/*
 * test_foundation.c - the C API of connections, errors, lists and service info, against the
 * real stack (scripts/test sets OSI_TEST_NOAUTH_CLOUDS and OSI_TEST_KEYSTONE_CLOUDS), with
 * bad input of every kind: NULLs, wrong JSON types, invalid UTF-8, forbidden characters.
 */
#include "check.h"

/* Opens `cloud` from the clouds.yaml in environment variable `clouds_var`. */
static osi_status open_cloud(const char *clouds_var, const char *cloud, const char *password,
                             osi_conn **conn, osi_error **err)
{
    json_t *options = json_pack("{s:s, s:s}", "cloud", cloud, "config_file", required_env(clouds_var));
    if (password != NULL)
        json_object_set_new(options, "auth", json_pack("{s:s}", "password", password));
    osi_status rc = osi_conn_open(options, conn, err);
    json_decref(options);
    return rc;
}

static osi_conn *noauth(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    CHECK_STATUS(OSI_OK, open_cloud("OSI_TEST_NOAUTH_CLOUDS", "osi-noauth", NULL, &conn, &err), err);
    return conn;
}

static void test_version_matches_the_header(void)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", OSI_VERSION_MAJOR, OSI_VERSION_MINOR, OSI_VERSION_PATCH);
    CHECK_STR(OSI_VERSION_STRING, osi_version());
    CHECK_STR(expected, osi_version());
    CHECK(OSI_VERSION_NUMBER == OSI_VERSION_MAJOR * 10000 + OSI_VERSION_MINOR * 100 + OSI_VERSION_PATCH);
    CHECK(osi_version_number() == OSI_VERSION_NUMBER);
    CHECK(osi_version_number() / 10000 == OSI_VERSION_MAJOR);
}

static void test_every_status_has_a_description(void)
{
    CHECK_STR("ok", osi_status_str(OSI_OK));
    CHECK_STR("not found", osi_status_str(OSI_NOT_FOUND));
    CHECK_STR("authentication failed", osi_status_str(OSI_AUTH));
    for (int code = OSI_INVALID_ARGUMENT; code <= OSI_INTERNAL; code++) {
        const char *text = osi_status_str((osi_status)code);
        CHECK(text != NULL && strlen(text) > 2 && strcmp(text, "unknown status") != 0);
    }
    CHECK_STR("unknown status", osi_status_str((osi_status)999));
}

static void test_null_arguments_are_refused_not_crashed(void)
{
    osi_conn *conn = (osi_conn *)0x1; /* must be reset to NULL by the failed call */
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s}", "cloud", "x");

    CHECK(osi_conn_open(NULL, &conn, &err) == OSI_INVALID_ARGUMENT);
    CHECK(conn == NULL);
    CHECK(err != NULL && osi_error_code(err) == OSI_INVALID_ARGUMENT);
    CHECK(err != NULL && strstr(osi_error_message(err), "options") != NULL);
    CHECK(osi_error_http_status(err) == 0);
    CHECK(osi_error_request_id(err) == NULL);
    osi_error_free(err);
    err = NULL;

    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_open(options, NULL, &err), err);
    CHECK(osi_conn_open(options, NULL, NULL) == OSI_INVALID_ARGUMENT); /* err may be NULL */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_open_env(NULL, &err), err);

    json_t *out = (json_t *)0x1;
    osi_iter *iter = (osi_iter *)0x1;
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(NULL, "id", &out, &err), err);
    CHECK(out == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_image(NULL, "x", 1, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_images(NULL, NULL, &iter, &err), err);
    CHECK(iter == NULL);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_iter_next(NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_stores(NULL, 0, &iter, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_import_info(NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image_schema(NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_info(NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_set_log(NULL, OSI_LOG_INFO, NULL, NULL, &err), err);

    osi_conn *live = noauth();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(live, NULL, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(live, "id", NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_image(live, NULL, 1, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_images(live, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_tasks_schema(live, NULL, &err), err);
    osi_conn_free(live);

    /* Freeing and reading NULL is harmless. */
    osi_conn_free(NULL);
    osi_iter_free(NULL);
    osi_error_free(NULL);
    CHECK(osi_error_message(NULL) == NULL);
    CHECK(osi_error_code(NULL) == OSI_INVALID_ARGUMENT);
    CHECK(osi_error_url(NULL) == NULL && osi_error_method(NULL) == NULL);
    json_decref(options);
}

static void test_wrong_json_types_are_refused(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *array = json_array();
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_open(array, &conn, &err), err);
    json_t *bad_auth = json_pack("{s:s, s:i}", "auth_type", "password", "auth", 5);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_open(bad_auth, &conn, &err), err);

    conn = noauth();
    json_t *text = json_string("name=x");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_images(conn, text, &iter, &err), err);
    json_t *nested = json_pack("{s:{s:s}}", "name", "a", "b");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_images(conn, nested, &iter, &err), err);
    CHECK(iter == NULL);
    json_t *bad_max = json_pack("{s:s}", "max_items", "ten");
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_images(conn, bad_max, &iter, &err), err);
    /* Borrowed means borrowed: the caller's references are intact. */
    CHECK(array->refcount == 1 && text->refcount == 1 && nested->refcount == 1);
    json_decref(array);
    json_decref(bad_auth);
    json_decref(text);
    json_decref(nested);
    json_decref(bad_max);
    osi_conn_free(conn);
}

static void test_invalid_utf8_and_forbidden_characters(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *out = NULL;
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(conn, "\xff\xfe", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_image(conn, "caf\xc3", 1, &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(conn, "a/b", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_get_image(conn, "id\r\nX-Injected: yes", &out, &err), err);
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_find_image(conn, "name\nline", 1, &out, &err), err);

    /* '?' is percent-encoded: one unknown id, not a query. */
    CHECK(osi_get_image(conn, "x?limit=1", &out, &err) == OSI_NOT_FOUND);
    CHECK(err != NULL && strstr(osi_error_url(err), "/v2/images/x%3Flimit%3D1") != NULL);
    osi_error_free(err);
    err = NULL;
    /* A name with '/' cannot be an id but can still be searched for by name. */
    CHECK_STATUS(OSI_OK, osi_find_image(conn, "no/such?image", 1, &out, &err), err);
    CHECK(out == NULL);
    osi_conn_free(conn);
}

static void test_configuration_and_auth_failures(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    CHECK_STATUS(OSI_CONFIG, open_cloud("OSI_TEST_KEYSTONE_CLOUDS", "no-such-cloud", NULL, &conn, &err), err);

    CHECK(open_cloud("OSI_TEST_KEYSTONE_CLOUDS", "osi-demo", "not-the-password", &conn, &err) == OSI_AUTH);
    CHECK(conn == NULL);
    CHECK(osi_error_http_status(err) == 401);
    CHECK(strstr(osi_error_message(err), "not-the-password") == NULL);
    CHECK(strstr(osi_error_url(err), "/v3/auth/tokens") != NULL);
    osi_error_free(err);
    err = NULL;

    json_t *unreachable = json_pack("{s:s, s:s, s:i}", "auth_type", "none", "endpoint", "http://127.0.0.1:9",
                                    "connect_retries", 0);
    CHECK_STATUS(OSI_TRANSPORT, osi_conn_open(unreachable, &conn, &err), err);
    json_decref(unreachable);
}

/* Clears the OS_* variables these tests set. */
static void clear_os_environment(void)
{
    const char *names[] = {"OS_CLOUD", "OS_CLIENT_CONFIG_FILE", "OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD",
                           "OS_PROJECT_NAME", "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "OS_REGION_NAME"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unsetenv(names[i]);
}

static void test_open_env_with_os_cloud(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *info = NULL;
    clear_os_environment();
    setenv("OS_CLIENT_CONFIG_FILE", required_env("OSI_TEST_KEYSTONE_CLOUDS"), 1);
    setenv("OS_CLOUD", "osi-alt", 1);
    CHECK_STATUS(OSI_OK, osi_conn_open_env(&conn, &err), err);
    CHECK_STATUS(OSI_OK, osi_conn_info(conn, &info, &err), err);
    CHECK_STR("osi-alt", json_string_value(json_object_get(info, "cloud")));
    json_decref(info);
    osi_conn_free(conn);

    setenv("OS_CLOUD", "no-such-cloud", 1);
    CHECK_STATUS(OSI_CONFIG, osi_conn_open_env(&conn, &err), err);
    clear_os_environment();
}

static void test_open_env_with_os_variables(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *info = NULL;
    char auth_url[256];
    snprintf(auth_url, sizeof auth_url, "%s/v3", required_env("OSI_TEST_KEYSTONE_URL"));
    clear_os_environment();
    setenv("OS_AUTH_URL", auth_url, 1);
    setenv("OS_USERNAME", "demo", 1);
    setenv("OS_PASSWORD", "osi-demo-secret", 1);
    setenv("OS_PROJECT_NAME", "demo", 1);
    setenv("OS_USER_DOMAIN_NAME", "Default", 1);
    setenv("OS_PROJECT_DOMAIN_NAME", "Default", 1);
    setenv("OS_REGION_NAME", "RegionOne", 1);
    CHECK_STATUS(OSI_OK, osi_conn_open_env(&conn, &err), err);
    CHECK_STATUS(OSI_OK, osi_conn_info(conn, &info, &err), err);
    CHECK(json_is_null(json_object_get(info, "cloud")));
    CHECK_STR("RegionOne", json_string_value(json_object_get(info, "region_name")));
    CHECK(json_string_value(json_object_get(info, "project_id")) != NULL);
    json_decref(info);
    osi_conn_free(conn);

    unsetenv("OS_PASSWORD");
    CHECK_STATUS(OSI_CONFIG, osi_conn_open_env(&conn, &err), err);
    clear_os_environment();
}

struct log_lines {
    int count;
    int with_request_id;
};

static int count_log_lines(osi_log_level level, const char *line, void *userdata)
{
    struct log_lines *lines = userdata;
    (void)level;
    lines->count++;
    if (strstr(line, "req-") != NULL)
        lines->with_request_id++;
    return 0;
}

static int stop_logging(osi_log_level level, const char *line, void *userdata)
{
    (void)level;
    (void)line;
    (void)userdata;
    return 1;
}

static void test_password_connection_lists_and_logs(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    osi_iter *iter = NULL;
    json_t *item = NULL, *info = NULL;
    struct log_lines lines = {0, 0};

    CHECK_STATUS(OSI_OK, open_cloud("OSI_TEST_KEYSTONE_CLOUDS", "osi-demo", NULL, &conn, &err), err);
    CHECK_STATUS(OSI_OK, osi_conn_info(conn, &info, &err), err);
    CHECK_STR("password", json_string_value(json_object_get(info, "auth_type")));
    CHECK(json_string_value(json_object_get(info, "project_id")) != NULL);
    CHECK(strstr(json_string_value(json_object_get(info, "image_endpoint")), "/v2") != NULL);
    CHECK(json_array_size(json_object_get(info, "versions")) > 0);
    json_decref(info);

    /* A level osi_log_level does not have is refused. */
    CHECK_STATUS(OSI_INVALID_ARGUMENT, osi_conn_set_log(conn, (osi_log_level)7, count_log_lines, &lines, &err), err);
    CHECK(osi_conn_set_log(conn, OSI_LOG_INFO, count_log_lines, &lines, NULL) == OSI_OK);
    json_t *query = json_pack("{s:s, s:b}", "sort", "name:asc", "paginated", 0);
    CHECK_STATUS(OSI_OK, osi_images(conn, query, &iter, &err), err);
    json_decref(query);
    while (osi_iter_next(iter, &item, &err) == OSI_OK && item != NULL)
        json_decref(item);
    CHECK(err == NULL);
    CHECK(item == NULL);
    osi_iter_free(iter);
    CHECK(lines.count == 1);
    CHECK(lines.with_request_id == 1);

    /* A non-zero return from the log callback aborts the call that logged. */
    CHECK_STATUS(OSI_OK, osi_conn_set_log(conn, OSI_LOG_INFO, stop_logging, NULL, &err), err);
    CHECK_STATUS(OSI_ABORTED, osi_get_import_info(conn, &info, &err), err);
    CHECK_STATUS(OSI_OK, osi_conn_set_log(conn, OSI_LOG_NONE, NULL, NULL, &err), err);
    CHECK_STATUS(OSI_OK, osi_get_import_info(conn, &info, &err), err);
    json_decref(info);
    osi_conn_free(conn);
}

static void test_get_and_find_missing_images(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *image = (json_t *)0x1;
    CHECK(osi_get_image(conn, "00000000-0000-0000-0000-000000000000", &image, &err) == OSI_NOT_FOUND);
    CHECK(image == NULL);
    CHECK(osi_error_http_status(err) == 404);
    CHECK(osi_error_request_id(err) != NULL && strncmp(osi_error_request_id(err), "req-", 4) == 0);
    CHECK_STR("GET", osi_error_method(err));
    CHECK(strstr(osi_error_message(err), "<br") == NULL);
    osi_error_free(err);
    err = NULL;
    CHECK_STATUS(OSI_OK, osi_find_image(conn, "osi-c-test-no-such-image", 1, &image, &err), err);
    CHECK(image == NULL);
    CHECK_STATUS(OSI_NOT_FOUND, osi_find_image(conn, "osi-c-test-no-such-image", 0, &image, &err), err);
    osi_conn_free(conn);
}

static void test_schemas_stores_and_import_info(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    json_t *value = NULL;
    osi_status (*const getters[])(osi_conn *, json_t **, osi_error **) = {
        osi_get_image_schema, osi_get_images_schema, osi_get_member_schema,
        osi_get_members_schema, osi_get_task_schema, osi_get_tasks_schema,
    };
    const char *names[] = {"image", "images", "member", "members", "task", "tasks"};
    for (size_t i = 0; i < sizeof getters / sizeof getters[0]; i++) {
        CHECK_STATUS(OSI_OK, getters[i](conn, &value, &err), err);
        CHECK_STR(names[i], json_string_value(json_object_get(value, "name")));
        json_decref(value);
        value = NULL;
    }

    CHECK_STATUS(OSI_OK, osi_get_import_info(conn, &value, &err), err);
    CHECK(json_array_size(json_object_get(json_object_get(value, "import-methods"), "value")) == 4);
    json_decref(value);

    for (int details = 0; details <= 1; details++) {
        osi_iter *stores = NULL;
        int count = 0, with_type = 0;
        CHECK_STATUS(OSI_OK, osi_stores(conn, details, &stores, &err), err);
        while (osi_iter_next(stores, &value, &err) == OSI_OK && value != NULL) {
            count++;
            with_type += json_object_get(value, "type") != NULL;
            json_decref(value);
        }
        CHECK(count == 3); /* fast, slow (file) and web (http, for the locations API) */
        CHECK(with_type == (details ? 3 : 0));
        osi_iter_free(stores);
    }
    osi_conn_free(conn);
}

static void test_iterator_outlives_its_connection(void)
{
    osi_conn *conn = noauth();
    osi_error *err = NULL;
    osi_iter *stores = NULL;
    json_t *store = NULL;
    CHECK_STATUS(OSI_OK, osi_stores(conn, 0, &stores, &err), err);
    osi_conn_free(conn);
    CHECK_STATUS(OSI_OK, osi_iter_next(stores, &store, &err), err);
    CHECK(store != NULL);
    json_decref(store);
    osi_iter_free(stores);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"version_matches_the_header", test_version_matches_the_header},
        {"every_status_has_a_description", test_every_status_has_a_description},
        {"null_arguments_are_refused_not_crashed", test_null_arguments_are_refused_not_crashed},
        {"wrong_json_types_are_refused", test_wrong_json_types_are_refused},
        {"invalid_utf8_and_forbidden_characters", test_invalid_utf8_and_forbidden_characters},
        {"configuration_and_auth_failures", test_configuration_and_auth_failures},
        {"open_env_with_os_cloud", test_open_env_with_os_cloud},
        {"open_env_with_os_variables", test_open_env_with_os_variables},
        {"password_connection_lists_and_logs", test_password_connection_lists_and_logs},
        {"get_and_find_missing_images", test_get_and_find_missing_images},
        {"schemas_stores_and_import_info", test_schemas_stores_and_import_info},
        {"iterator_outlives_its_connection", test_iterator_outlives_its_connection},
        {NULL, NULL},
    };
    return run_tests("foundation", tests);
}
