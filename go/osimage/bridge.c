/* bridge.c - the C side of the Go package: trampolines that turn osimage's callbacks
 * (void *userdata) into calls of the exported Go functions (a cgo.Handle as uintptr_t). */
#include <math.h>
#include <jansson.h>
#include "bridge.h"
#include "_cgo_export.h"

void osigo_decref(json_t *value) { json_decref(value); }

json_t *osigo_loads(const char *text, size_t len) {
    return json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
}

char *osigo_dumps(const json_t *value) {
    return json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
}

static int64_t read_trampoline(void *buf, size_t cap, void *userdata) {
    return osigoRead(buf, cap, (uintptr_t)userdata);
}

static int write_trampoline(const void *data, size_t len, void *userdata) {
    return osigoWrite((void *)data, len, (uintptr_t)userdata);
}

static int progress_trampoline(int64_t done, int64_t total, void *userdata) {
    return osigoProgress(done, total, (uintptr_t)userdata);
}

static int wait_trampoline(const json_t *resource, void *userdata) {
    (void)resource;
    return osigoProgress(-1, -1, (uintptr_t)userdata);
}

osi_status osigo_source_callback(uintptr_t handle, int64_t size, osi_source **out, osi_error **err) {
    return osi_source_callback(read_trampoline, (void *)handle, size, out, err);
}

osi_status osigo_sink_callback(uintptr_t handle, osi_sink **out, osi_error **err) {
    return osi_sink_callback(write_trampoline, (void *)handle, out, err);
}

osi_status osigo_create_image(osi_conn *conn, const char *name, const json_t *options,
                              osi_source *source, uintptr_t handle, json_t **out, osi_error **err) {
    return osi_create_image(conn, name, options, source, progress_trampoline, (void *)handle, out, err);
}

osi_status osigo_upload_image(osi_conn *conn, const char *id, osi_source *source,
                              const json_t *options, uintptr_t handle, json_t **out,
                              osi_error **err) {
    return osi_upload_image(conn, id, source, options, progress_trampoline, (void *)handle, out, err);
}

osi_status osigo_download_image(osi_conn *conn, const char *id, osi_sink *sink,
                                const json_t *options, uintptr_t handle, json_t **out,
                                osi_error **err) {
    return osi_download_image(conn, id, sink, options, progress_trampoline, (void *)handle, out, err);
}

/* The one call of osi_wait_for_image: timeout (INFINITY: none) and interval as its options. */
osi_status osigo_wait_for_image(osi_conn *conn, const char *id, const char *status,
                                double timeout, double interval, uintptr_t handle,
                                json_t **out, osi_error **err) {
    json_t *options = json_pack("{s:f}", "interval", interval);
    json_object_set_new(options, "timeout", isinf(timeout) ? json_null() : json_real(timeout));
    osi_status rc = osi_wait_for_image(conn, id, status, options, wait_trampoline, (void *)handle, out, err);
    json_decref(options);
    return rc;
}
