/*
 * stress.c - 8 OS threads x mixed operations on ONE osi_conn, for ThreadSanitizer
 * (scripts/sanitize builds the library with -sanitize=thread and this with
 * -fsanitize=thread).
 *
 * The connection is opened from OSI_STRESS_OPTIONS (JSON options for osi_conn_open). With
 * scripts/sanitize they name an application credential of the keystone stack that expires in
 * under two minutes: Keystone caps its tokens at the credential's expiry, which is inside
 * osimage's refresh margin (120 s), so every request refreshes the token: the token lock is
 * contended from all threads the whole time. The log callback counts the refreshes
 * (POST .../auth/tokens lines).
 *
 * With OSI_STRESS_EXPECT_REFRESH set, the run fails unless the token was refreshed.
 *
 * Each thread runs, for OSI_STRESS_SECONDS (default 20), in turn: a list of images, a get, a
 * find by name, a verified download into a memory sink, an osi_conn_set_log change (on, off,
 * other levels), osi_conn_info, the import info, the members and the stores. Every call must
 * succeed. Ends with "N passed, N failed" (one check per thread, the clean-up, and with
 * OSI_STRESS_EXPECT_REFRESH "the token was refreshed"); ThreadSanitizer's own reports are
 * counted by scripts/sanitize.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <osimage.h>

#define THREADS 8
#define DATA_SIZE (256 * 1024)

static osi_conn *conn;
static char image_id[64];
static char image_name[96];
static unsigned char data[DATA_SIZE];
static double seconds = 20;
static atomic_long refreshes, log_lines;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int log_cb(osi_log_level level, const char *line, void *userdata)
{
    (void)level;
    (void)userdata;
    atomic_fetch_add(&log_lines, 1);
    if (strstr(line, "POST") != NULL && strstr(line, "/auth/tokens") != NULL)
        atomic_fetch_add(&refreshes, 1);
    return 0;
}

typedef struct worker {
    int index;
    long calls;
    long failures;
    char first_failure[300];
} worker;

static void check(worker *w, const char *what, osi_status rc, osi_error *err)
{
    w->calls++;
    if (rc != OSI_OK) {
        if (w->failures++ == 0)
            snprintf(w->first_failure, sizeof w->first_failure, "%s: %s: %s", what, osi_status_str(rc),
                     err ? osi_error_message(err) : "-");
    }
    osi_error_free(err);
}

static void drain(worker *w, const char *what, osi_status rc, osi_iter *iter, osi_error *err)
{
    if (rc == OSI_OK) {
        json_t *item = NULL;
        while ((rc = osi_iter_next(iter, &item, &err)) == OSI_OK && item != NULL)
            json_decref(item);
    }
    osi_iter_free(iter);
    check(w, what, rc, err);
}

static void *run(void *arg)
{
    worker *w = arg;
    double end = now() + seconds;
    for (int i = w->index; now() < end; i++) {
        osi_error *err = NULL;
        osi_iter *iter = NULL;
        json_t *out = NULL;
        switch (i % 9) {
        case 0: {
            json_t *query = json_pack("{s:i, s:i}", "limit", 2, "max_items", 4);
            osi_status rc = osi_images(conn, query, &iter, &err);
            json_decref(query);
            drain(w, "osi_images", rc, iter, err);
            break;
        }
        case 1:
            check(w, "osi_get_image", osi_get_image(conn, image_id, &out, &err), err);
            break;
        case 2:
            check(w, "osi_find_image", osi_find_image(conn, image_name, 0, &out, &err), err);
            break;
        case 3: {
            osi_sink *sink = NULL;
            osi_sink_memory(DATA_SIZE, &sink, NULL);
            osi_status rc = osi_download_image(conn, image_id, sink, NULL, NULL, NULL, &out, &err);
            size_t len = 0;
            const void *bytes = osi_sink_memory_data(sink, &len);
            if (rc == OSI_OK && (len != DATA_SIZE || memcmp(bytes, data, DATA_SIZE) != 0))
                rc = OSI_INTERNAL;
            osi_sink_free(sink);
            check(w, "osi_download_image", rc, err);
            break;
        }
        case 4: {
            /* on at a level that depends on the turn, or off */
            int turn = (i / 9) % 4;
            osi_status rc = turn == 3 ? osi_conn_set_log(conn, OSI_LOG_NONE, NULL, NULL, NULL)
                                      : osi_conn_set_log(conn, (osi_log_level)(OSI_LOG_INFO + (turn & 1)), log_cb, NULL, NULL);
            check(w, "osi_conn_set_log", rc, NULL);
            break;
        }
        case 5:
            check(w, "osi_conn_info", osi_conn_info(conn, &out, &err), err);
            break;
        case 6:
            check(w, "osi_get_import_info", osi_get_import_info(conn, &out, &err), err);
            break;
        case 7: {
            osi_status rc = osi_members(conn, image_id, NULL, &iter, &err);
            drain(w, "osi_members", rc, iter, err);
            break;
        }
        default: {
            osi_status rc = osi_stores(conn, 0, &iter, &err);
            drain(w, "osi_stores", rc, iter, err);
            break;
        }
        }
        json_decref(out);
    }
    return NULL;
}

int main(void)
{
    const char *text = getenv("OSI_STRESS_OPTIONS");
    if (text == NULL) {
        fprintf(stderr, "stress: set OSI_STRESS_OPTIONS to the JSON options of osi_conn_open\n");
        return 2;
    }
    if (getenv("OSI_STRESS_SECONDS") != NULL)
        seconds = atof(getenv("OSI_STRESS_SECONDS"));
    json_error_t jerr;
    json_t *options = json_loads(text, 0, &jerr);
    osi_error *err = NULL;
    if (options == NULL || osi_conn_open(options, &conn, &err) != OSI_OK) {
        fprintf(stderr, "stress: cannot open the connection: %s\n", err ? osi_error_message(err) : jerr.text);
        return 2;
    }
    json_decref(options);
    osi_conn_set_log(conn, OSI_LOG_INFO, log_cb, NULL, NULL);

    for (size_t i = 0; i < DATA_SIZE; i++)
        data[i] = (unsigned char)(i * 131 + 17);
    snprintf(image_name, sizeof image_name, "osi-stress-%ld", (long)time(NULL));
    osi_source *source = NULL;
    json_t *image = NULL;
    json_t *create = json_pack("{s:s, s:s, s:b}", "disk_format", "raw", "container_format", "bare", "wait", 1);
    osi_source_memory(data, DATA_SIZE, &source, NULL);
    if (osi_create_image(conn, image_name, create, source, NULL, NULL, &image, &err) != OSI_OK) {
        fprintf(stderr, "stress: cannot create the image: %s\n", osi_error_message(err));
        return 2;
    }
    snprintf(image_id, sizeof image_id, "%s", json_string_value(json_object_get(image, "id")));
    json_decref(image);
    json_decref(create);
    osi_source_free(source);

    pthread_t threads[THREADS];
    worker workers[THREADS];
    memset(workers, 0, sizeof workers);
    long before = atomic_load(&refreshes);
    double started = now();
    for (int i = 0; i < THREADS; i++) {
        workers[i].index = i;
        pthread_create(&threads[i], NULL, run, &workers[i]);
    }
    int passed = 0, failed = 0;
    long calls = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        calls += workers[i].calls;
        if (workers[i].failures == 0) {
            passed++;
        } else {
            failed++;
            printf("FAIL thread %d: %ld of %ld calls failed; first: %s\n", i, workers[i].failures, workers[i].calls,
                   workers[i].first_failure);
        }
    }
    long refreshed = atomic_load(&refreshes) - before;
    printf("stress: %d threads, %ld calls in %.1f s on one connection, %ld token refreshes seen, %ld log lines\n", THREADS,
           calls, now() - started, refreshed, atomic_load(&log_lines));
    if (getenv("OSI_STRESS_EXPECT_REFRESH") != NULL) {
        if (refreshed > 1) {
            passed++;
        } else {
            failed++;
            printf("FAIL the token was refreshed %ld times during the run (expected: at every request)\n", refreshed);
        }
    }
    osi_conn_set_log(conn, OSI_LOG_NONE, NULL, NULL, NULL);
    if (osi_delete_image(conn, image_id, 0, NULL, &err) != OSI_OK) {
        printf("FAIL deleting the image: %s\n", osi_error_message(err));
        osi_error_free(err);
        failed++;
    } else {
        passed++;
    }
    osi_conn_free(conn);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
