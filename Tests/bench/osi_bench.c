/*
 * osi_bench.c - the C side of scripts/bench: one transfer per process, so the script can
 * measure its wall time, CPU time and peak RSS from outside (wait4).
 *
 *   osi_bench CLOUDS_YAML CLOUD download IMAGE_ID verified|unverified
 *   osi_bench CLOUDS_YAML CLOUD upload IMAGE_ID FILE
 *   osi_bench CLOUDS_YAML CLOUD roundtrip FILE     create + upload + verified download + delete
 *   osi_bench CLOUDS_YAML CLOUD save IMAGE_ID CONNECTIONS FILE
 *       verified download to FILE with the option "connections"; prints the result with the
 *       seconds the call took, the seconds until its last byte arrived (progress reached the
 *       total; verification and the file's fsync and rename come after) and the peak RSS (getrusage, /proc/self/status VmHWM)
 *
 * Downloads go to /dev/null through an fd sink. Prints one line of JSON (the result) and
 * exits 0, or prints the error and exits 1.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <osimage.h>

static int fail(const char *what, osi_error *err)
{
    fprintf(stderr, "osi_bench: %s: %s: %s\n", what, osi_status_str(osi_error_code(err)),
            err ? osi_error_message(err) : "");
    osi_error_free(err);
    return 1;
}

static int download(osi_conn *conn, const char *id, int verify)
{
    osi_error *err = NULL;
    osi_sink *sink = NULL;
    json_t *result = NULL;
    int fd = open("/dev/null", O_WRONLY);
    json_t *options = json_pack("{s:b}", "verify", verify);
    if (osi_sink_fd(fd, &sink, &err) != OSI_OK)
        return fail("osi_sink_fd", err);
    if (osi_download_image(conn, id, sink, options, NULL, NULL, &result, &err) != OSI_OK)
        return fail("osi_download_image", err);
    char *text = json_dumps(result, JSON_COMPACT);
    printf("%s\n", text);
    free(text);
    json_decref(result);
    json_decref(options);
    osi_sink_free(sink);
    close(fd);
    return 0;
}

/* The process's peak resident set in KiB from /proc/self/status (VmHWM), -1 if unknown. */
static long vm_hwm_kib(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (status && fgets(line, sizeof line, status))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    if (status)
        fclose(status);
    return kib;
}

static double now_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Notes when the last byte arrived (done reaches total), before verification ends and the
 * file is flushed and renamed. */
static int note_last_byte(int64_t done, int64_t total, void *userdata)
{
    double *when = userdata;
    if (total > 0 && done >= total && *when == 0)
        *when = now_seconds();
    return 0;
}

static int save(osi_conn *conn, const char *id, const char *connections, const char *path)
{
    osi_error *err = NULL;
    osi_sink *sink = NULL;
    json_t *result = NULL;
    json_t *options = json_pack("{s:I}", "connections", (json_int_t)strtol(connections, NULL, 10));
    if (osi_sink_file(path, &sink, &err) != OSI_OK)
        return fail("osi_sink_file", err);
    double last_byte = 0, began = now_seconds();
    if (osi_download_image(conn, id, sink, options, note_last_byte, &last_byte, &result, &err) != OSI_OK)
        return fail("osi_download_image", err);
    double ended = now_seconds();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    json_object_set_new(result, "seconds", json_real(ended - began));
    json_object_set_new(result, "last_byte_seconds", json_real((last_byte > 0 ? last_byte : ended) - began));
    json_object_set_new(result, "peak_rss_kib", json_integer(usage.ru_maxrss));
    json_object_set_new(result, "vm_hwm_kib", json_integer(vm_hwm_kib()));
    char *text = json_dumps(result, JSON_COMPACT);
    printf("%s\n", text);
    free(text);
    json_decref(result);
    json_decref(options);
    osi_sink_free(sink);
    return 0;
}

static int upload(osi_conn *conn, const char *id, const char *path)
{
    osi_error *err = NULL;
    osi_source *source = NULL;
    if (osi_source_file(path, &source, &err) != OSI_OK)
        return fail("osi_source_file", err);
    if (osi_upload_image(conn, id, source, NULL, NULL, NULL, NULL, &err) != OSI_OK)
        return fail("osi_upload_image", err);
    osi_source_free(source);
    printf("{\"uploaded\": \"%s\"}\n", id);
    return 0;
}

static int roundtrip(osi_conn *conn, const char *path)
{
    osi_error *err = NULL;
    json_t *image = NULL;
    char name[64];
    snprintf(name, sizeof name, "osi-bench-roundtrip-%ld", (long)getpid());
    json_t *options = json_pack("{s:b, s:s}", "allow_duplicates", 1, "disk_format", "raw");
    if (osi_create_image(conn, name, options, NULL, NULL, NULL, &image, &err) != OSI_OK)
        return fail("osi_create_image", err);
    const char *id = json_string_value(json_object_get(image, "id"));
    int status = upload(conn, id, path) || download(conn, id, 1);
    if (osi_delete_image(conn, id, 1, NULL, &err) != OSI_OK)
        status = fail("osi_delete_image", err);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("{\"peak_rss_kib\": %ld}\n", usage.ru_maxrss);
    json_decref(image);
    json_decref(options);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: osi_bench CLOUDS_YAML CLOUD download ID verified|unverified | upload ID FILE | roundtrip FILE | save ID N FILE\n");
        return 2;
    }
    osi_conn *conn = NULL;
    osi_error *err = NULL;
    json_t *options = json_pack("{s:s, s:s}", "config_file", argv[1], "cloud", argv[2]);
    if (osi_conn_open(options, &conn, &err) != OSI_OK)
        return fail("osi_conn_open", err);
    json_decref(options);
    int status = 2;
    if (strcmp(argv[3], "download") == 0 && argc == 6)
        status = download(conn, argv[4], strcmp(argv[5], "verified") == 0);
    else if (strcmp(argv[3], "upload") == 0 && argc == 6)
        status = upload(conn, argv[4], argv[5]);
    else if (strcmp(argv[3], "save") == 0 && argc == 7)
        status = save(conn, argv[4], argv[5], argv[6]);
    else if (strcmp(argv[3], "roundtrip") == 0)
        status = roundtrip(conn, argv[4]);
    osi_conn_free(conn);
    return status;
}
