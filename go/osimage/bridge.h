/* bridge.h - C trampolines between osimage's callbacks and the Go package (bridge.c).
 * Userdata is a runtime/cgo.Handle carried as uintptr_t: C never holds a Go pointer. */
#ifndef OSIMAGE_GO_BRIDGE_H
#define OSIMAGE_GO_BRIDGE_H

#include <stdint.h>
#include <stdlib.h>
#include <osimage.h>

void osigo_decref(json_t *value);
json_t *osigo_loads(const char *text, size_t len);
char *osigo_dumps(const json_t *value);

osi_status osigo_source_callback(uintptr_t handle, int64_t size, osi_source **out, osi_error **err);
osi_status osigo_sink_callback(uintptr_t handle, osi_sink **out, osi_error **err);
osi_status osigo_create_image(osi_conn *conn, const char *name, const json_t *options,
                              osi_source *source, uintptr_t handle, json_t **out, osi_error **err);
osi_status osigo_upload_image(osi_conn *conn, const char *id, osi_source *source,
                              const json_t *options, uintptr_t handle, json_t **out,
                              osi_error **err);
osi_status osigo_download_image(osi_conn *conn, const char *id, osi_sink *sink,
                                const json_t *options, uintptr_t handle, json_t **out,
                                osi_error **err);
osi_status osigo_wait_for_image(osi_conn *conn, const char *id, const char *status,
                                double timeout, double interval, uintptr_t handle,
                                json_t **out, osi_error **err);

#endif
