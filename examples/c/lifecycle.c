/*
 * lifecycle - an image's whole life with osimage: create it, upload 4 MiB of data into it
 * with progress, find it in the image list, download it to a file (verified against its sha512
 * while it streams), share it with another project, delete it (also when a step fails).
 *
 *   lifecycle CLOUD OTHER_PROJECT_ID
 *
 * Build: cc lifecycle.c $(pkg-config --cflags --libs osimage) -o lifecycle
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <osimage.h>

#define SIZE (4 << 20)

static int show_progress(int64_t done, int64_t total, void *userdata)
{
    int *quarter = userdata;
    if (total > 0 && done * 4 / total > *quarter) {
        *quarter = (int)(done * 4 / total);
        fprintf(stderr, "upload: %3d%%\n", *quarter * 25);
    }
    return 0;
}

/* Whether the file at path holds exactly data[0..size). */
static int same_bytes(const char *path, const unsigned char *data, size_t size)
{
    unsigned char buffer[65536];
    size_t at = 0, got;
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return 0;
    while ((got = fread(buffer, 1, sizeof buffer, file)) > 0 && at + got <= size && memcmp(buffer, data + at, got) == 0)
        at += got;
    fclose(file);
    return at == size && got == 0;
}

int main(int argc, char **argv)
{
    osi_conn *conn = NULL;
    osi_source *source = NULL;
    osi_sink *sink = NULL;
    osi_iter *listed = NULL;
    osi_error *err = NULL;
    json_t *image = NULL, *uploaded = NULL, *item = NULL, *result = NULL, *member = NULL;
    unsigned char *data = malloc(SIZE);
    char name[64], path[96];
    const char *id = NULL;
    int quarter = 0, count = 0;
    osi_status rc;
    if (argc != 3 || data == NULL) {
        fprintf(stderr, "usage: lifecycle CLOUD OTHER_PROJECT_ID\n");
        return 2;
    }
    for (size_t i = 0; i < SIZE; i++)
        data[i] = (unsigned char)i; /* no disk format signature in it */
    snprintf(name, sizeof name, "lifecycle-c-%ld", (long)getpid());
    snprintf(path, sizeof path, "/tmp/%s.raw", name);

    json_t *options = json_pack("{s:s}", "cloud", argv[1]);
    rc = osi_conn_open(options, &conn, &err);
    json_decref(options);
    if (rc != OSI_OK)
        goto done;

    /* create, then upload with progress */
    json_t *attrs = json_pack("{s:s, s:s, s:s}", "disk_format", "raw", "container_format", "bare",
                              "visibility", "shared");
    rc = osi_create_image(conn, name, attrs, NULL, NULL, NULL, &image, &err);
    json_decref(attrs);
    if (rc != OSI_OK)
        goto done;
    id = json_string_value(json_object_get(image, "id"));
    printf("created  %s %s\n", id, json_string_value(json_object_get(image, "status")));
    if ((rc = osi_source_memory(data, SIZE, &source, &err)) != OSI_OK)
        goto done;
    if ((rc = osi_upload_image(conn, id, source, NULL, show_progress, &quarter, &uploaded, &err)) != OSI_OK)
        goto done;
    printf("uploaded %lld bytes: %s, %s\n", (long long)json_integer_value(json_object_get(uploaded, "size")),
           json_string_value(json_object_get(uploaded, "status")),
           json_string_value(json_object_get(uploaded, "os_hash_algo")));

    /* list */
    json_t *query = json_pack("{s:s}", "name", name);
    rc = osi_images(conn, query, &listed, &err);
    json_decref(query);
    while (rc == OSI_OK && (rc = osi_iter_next(listed, &item, &err)) == OSI_OK && item != NULL) {
        count += strcmp(json_string_value(json_object_get(item, "id")), id) == 0;
        json_decref(item);
    }
    if (rc != OSI_OK)
        goto done;
    printf("listed   %d image named %s\n", count, name);

    /* download, verified while it streams, then compared byte for byte */
    if ((rc = osi_sink_file(path, &sink, &err)) != OSI_OK)
        goto done;
    if ((rc = osi_download_image(conn, id, sink, NULL, NULL, NULL, &result, &err)) != OSI_OK)
        goto done;
    int same = same_bytes(path, data, SIZE);
    printf("download %lld bytes, %s verified: %s, same bytes: %s\n",
           (long long)json_integer_value(json_object_get(result, "bytes")),
           json_string_value(json_object_get(result, "hash_algo")),
           json_is_true(json_object_get(result, "hash_verified")) ? "yes" : "no", same ? "yes" : "no");
    if (!same || !json_is_true(json_object_get(result, "hash_verified"))) {
        rc = OSI_CHECKSUM;
        goto done;
    }

    /* share */
    if ((rc = osi_add_member(conn, id, argv[2], &member, &err)) != OSI_OK)
        goto done;
    printf("shared   with project %s: member %s\n", json_string_value(json_object_get(member, "member_id")),
           json_string_value(json_object_get(member, "status")));

done:
    if (rc != OSI_OK)
        fprintf(stderr, "lifecycle: %s: %s\n", osi_status_str(rc), err ? osi_error_message(err) : "");
    if (id != NULL) { /* delete, whatever happened before */
        osi_error *delete_err = NULL;
        osi_status deleted = osi_delete_image(conn, id, 0, NULL, &delete_err); /* 0: missing is an error */
        printf("deleted  %s: %s\n", id, osi_status_str(deleted));
        osi_error_free(delete_err);
        rc = rc == OSI_OK ? deleted : rc;
    }
    remove(path);
    json_decref(member);
    json_decref(result);
    json_decref(uploaded);
    json_decref(image);
    osi_iter_free(listed);
    osi_sink_free(sink);
    osi_source_free(source);
    osi_error_free(err);
    osi_conn_free(conn);
    free(data);
    return rc == OSI_OK ? 0 : 1;
}
