/*
 * test_caller_input.c - issue 8 through the C API: numbers past their range, options that
 * share sub-objects (a jansson DAG), invalid UTF-8, endpoints with a query, and a download
 * range that would overflow are refused with a status, never a trap or a runaway.
 */
#include <stdint.h>
#include <time.h>
#include "check.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Inline no-auth options pointing at a port nothing listens on (never reached). */
static json_t *inline_options(void)
{
    return json_pack("{s:s, s:s}", "auth_type", "none", "endpoint", "http://127.0.0.1:9/v2");
}

/* osi_conn_open(options) must fail with `want` and a message containing `text`. */
static void check_refused(json_t *options, osi_status want, const char *text)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    osi_status rc = osi_conn_open(options, &conn, &err);
    CHECK(rc == want);
    CHECK(conn == NULL);
    if (err != NULL && strstr(osi_error_message(err), text) == NULL) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", osi_error_message(err), text);
        CHECK(0);
    }
    osi_error_free(err);
    osi_conn_free(conn);
}

static void test_timeouts_past_their_range_are_config_errors(void)
{
    const char *keys[] = {"connect_timeout", "api_timeout", "stall_timeout"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *values[] = {json_real(1e16), json_real(1e300), json_real(9223372036854775808.0),
                            json_integer(INT64_MAX), json_string("1e300"), json_real(-1), json_integer(0)};
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            json_t *options = inline_options();
            json_object_set_new(options, keys[k], values[v]);
            check_refused(options, OSI_CONFIG, keys[k]);
            json_decref(options);
        }
    }
}

static void test_timeouts_from_the_environment_are_range_checked(void)
{
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    setenv("OS_AUTH_TYPE", "none", 1);
    setenv("OS_ENDPOINT", "http://127.0.0.1:9/v2", 1);
    setenv("OS_CONNECT_TIMEOUT", "1e300", 1);
    CHECK_STATUS(OSI_CONFIG, osi_conn_open_env(&conn, &err), err);
    unsetenv("OS_CONNECT_TIMEOUT");
    setenv("OS_API_TIMEOUT", "9223372036854775807", 1);
    osi_status rc = osi_conn_open_env(&conn, &err);
    CHECK(rc == OSI_CONFIG && err != NULL && strstr(osi_error_message(err), "OS_API_TIMEOUT") != NULL);
    osi_error_free(err);
    unsetenv("OS_API_TIMEOUT");
    unsetenv("OS_ENDPOINT");
    unsetenv("OS_AUTH_TYPE");
    CHECK(conn == NULL);
}

static void test_options_sharing_sub_objects_fail_fast(void)
{
    /* Nine levels of ten references to the level below: 10^9 values when expanded. */
    json_t *level = json_pack("{s:s}", "k", "v");
    for (int depth = 0; depth < 9; depth++) {
        json_t *next = json_object();
        for (int i = 0; i < 10; i++) {
            char key[8];
            snprintf(key, sizeof key, "m%d", i);
            json_object_set(next, key, level);
        }
        json_decref(level);
        level = next;
    }
    json_t *options = inline_options();
    json_object_set_new(options, "region_name", json_string("r"));
    json_object_set(options, "x", level);
    json_object_set_new(options, "regions", json_pack("[{s:s, s:{s:O}}]", "name", "r", "values", "x", level));
    double started = now();
    check_refused(options, OSI_INVALID_ARGUMENT, "100000");
    CHECK(now() - started < 1.0);
    json_decref(options);
    json_decref(level);
}

static void test_invalid_utf8_inside_options_is_refused(void)
{
    json_t *options = inline_options();
    json_object_set_new(options, "region_name", json_stringn_nocheck("a\xff\xfe", 3));
    check_refused(options, OSI_INVALID_ARGUMENT, "UTF-8");
    json_decref(options);
}

static void test_endpoints_with_a_query_or_fragment_are_refused(void)
{
    const char *urls[] = {"http://127.0.0.1:9/glance?x=1", "http://127.0.0.1:9/glance#f", "http:///v2", "glance"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        json_t *options = json_pack("{s:s, s:s}", "auth_type", "none", "endpoint", urls[i]);
        check_refused(options, OSI_CONFIG, "endpoint");
        json_decref(options);
    }
}

static void test_control_characters_never_reach_the_user_agent(void)
{
    json_t *options = inline_options();
    json_object_set_new(options, "app_name", json_string("tool\r\nX-Injected: 1"));
    check_refused(options, OSI_CONFIG, "app_name");
    json_decref(options);
}

static void test_a_download_range_that_would_overflow_is_refused(void)
{
    osi_conn *conn = NULL;
    osi_sink *sink = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s}", "cloud", "osi-noauth", "config_file", required_env("OSI_TEST_NOAUTH_CLOUDS"));
    CHECK_STATUS(OSI_OK, osi_conn_open(options, &conn, &err), err);
    json_decref(options);
    CHECK_STATUS(OSI_OK, osi_sink_memory(1024, &sink, &err), err);
    json_t *range = json_pack("{s:I, s:I}", "offset", (json_int_t)INT64_MAX, "length", (json_int_t)2);
    osi_status rc = osi_download_image(conn, "00000000-0000-0000-0000-000000000000", sink, range, NULL, NULL, NULL, &err);
    CHECK(rc == OSI_INVALID_ARGUMENT && err != NULL && strstr(osi_error_message(err), "offset") != NULL);
    osi_error_free(err);
    json_decref(range);
    osi_sink_free(sink);
    osi_conn_free(conn);
}

int main(void)
{
    static const struct check_test tests[] = {
        {"timeouts_past_their_range_are_config_errors", test_timeouts_past_their_range_are_config_errors},
        {"timeouts_from_the_environment_are_range_checked", test_timeouts_from_the_environment_are_range_checked},
        {"options_sharing_sub_objects_fail_fast", test_options_sharing_sub_objects_fail_fast},
        {"invalid_utf8_inside_options_is_refused", test_invalid_utf8_inside_options_is_refused},
        {"endpoints_with_a_query_or_fragment_are_refused", test_endpoints_with_a_query_or_fragment_are_refused},
        {"control_characters_never_reach_the_user_agent", test_control_characters_never_reach_the_user_agent},
        {"a_download_range_that_would_overflow_is_refused", test_a_download_range_that_would_overflow_is_refused},
        {NULL, NULL},
    };
    return run_tests("caller_input", tests);
}
