/*
 * check.h - the little test harness of osimage's C tests.
 *
 * A test is a `static void test_name(void)` listed in a TESTS table; CHECK and friends record
 * failures with file and line, run_tests() prints "ok"/"FAIL" per test and ends with the line
 * "N passed, N failed" that the test runner reads. OSI_TEST_ONLY=text runs only the tests
 * whose names contain that text.
 */
#ifndef OSIMAGE_TEST_CHECK_H
#define OSIMAGE_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <osimage.h>

static int check_failures_in_test;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            check_failures_in_test++;                                               \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        }                                                                           \
    } while (0)

/* Checks that `call` returns `want`; prints the osi_error when it does not. `err` must be
 * an `osi_error *` variable that the call fills; it is freed and reset here. */
#define CHECK_STATUS(want, call, err)                                               \
    do {                                                                            \
        osi_status check_rc_ = (call);                                              \
        if (check_rc_ != (want)) {                                                  \
            check_failures_in_test++;                                               \
            fprintf(stderr, "  %s:%d: %s returned %s (%d), want %s: %s\n", __FILE__, __LINE__, #call, \
                    osi_status_str(check_rc_), (int)check_rc_, osi_status_str(want),  \
                    (err) ? osi_error_message(err) : "(no error object)");          \
        }                                                                           \
        osi_error_free(err);                                                        \
        (err) = NULL;                                                               \
    } while (0)

#define CHECK_STR(want, got)                                                        \
    do {                                                                            \
        const char *check_got_ = (got);                                             \
        if (check_got_ == NULL || strcmp((want), check_got_) != 0) {                \
            check_failures_in_test++;                                               \
            fprintf(stderr, "  %s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, \
                    check_got_ ? check_got_ : "(null)", (want));                    \
        }                                                                           \
    } while (0)

struct check_test {
    const char *name;
    void (*run)(void);
};

/* Runs every test in `tests` (ended by {NULL, NULL}); returns the process exit status. */
static int run_tests(const char *suite, const struct check_test *tests)
{
    int passed = 0, failed = 0;
    const char *only = getenv("OSI_TEST_ONLY"); /* run just the tests whose name contains this */
    for (const struct check_test *t = tests; t->name != NULL; t++) {
        if (only != NULL && strstr(t->name, only) == NULL)
            continue;
        check_failures_in_test = 0;
        t->run();
        if (check_failures_in_test == 0) {
            passed++;
            printf("ok   %s.%s\n", suite, t->name);
        } else {
            failed++;
            printf("FAIL %s.%s (%d failed checks)\n", suite, t->name, check_failures_in_test);
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/* An environment variable the test runner must set. */
static const char *required_env(const char *name)
{
    const char *value = getenv(name);
    if (value == NULL || *value == '\0') {
        fprintf(stderr, "the test runner must set %s (run scripts/test)\n", name);
        exit(2);
    }
    return value;
}

#endif
