"""The C signature of every function in osimage.h, in ctypes terms: one line per function.

A test compares this table with include/osimage.h (names and parameter counts), so a
function added to the library and not here is noticed.
"""
from ctypes import (CFUNCTYPE, POINTER, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t, c_ssize_t,
                    c_void_p)

# Opaque handles (osi_conn *, osi_iter *, osi_error *, json_t *, ...) and out-parameters.
HANDLE = c_void_p
OUT = POINTER(c_void_p)
STATUS = c_int
TEXT = c_char_p

# int (*osi_log_cb)(osi_log_level level, const char *line, void *userdata)
LOG_CB = CFUNCTYPE(c_int, c_int, c_char_p, c_void_p)
# int (*osi_progress_cb)(int64_t done, int64_t total, void *userdata)
PROGRESS_CB = CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)
# int (*osi_wait_cb)(const json_t *resource, void *userdata)
WAIT_CB = CFUNCTYPE(c_int, c_void_p, c_void_p)

# int64_t (*osi_read_cb)(void *buffer, size_t capacity, void *userdata)
READ_CB = CFUNCTYPE(c_int64, c_void_p, c_size_t, c_void_p)
# int (*osi_write_cb)(const void *data, size_t length, void *userdata)
WRITE_CB = CFUNCTYPE(c_int, c_void_p, c_size_t, c_void_p)

# name: (restype, argtypes)
PROTOTYPES = {
    # Library version and status codes
    "osi_status_str": (TEXT, [c_int]),
    "osi_version": (TEXT, []),
    # Errors
    "osi_error_code": (STATUS, [HANDLE]),
    "osi_error_free": (None, [HANDLE]),
    "osi_error_http_status": (c_int32, [HANDLE]),
    "osi_error_message": (TEXT, [HANDLE]),
    "osi_error_method": (TEXT, [HANDLE]),
    "osi_error_request_id": (TEXT, [HANDLE]),
    "osi_error_url": (TEXT, [HANDLE]),
    # Connections
    "osi_conn_free": (None, [HANDLE]),
    "osi_conn_info": (STATUS, [HANDLE, OUT, OUT]),
    "osi_conn_open": (STATUS, [HANDLE, OUT, OUT]),
    "osi_conn_open_env": (STATUS, [OUT, OUT]),
    "osi_conn_set_log": (STATUS, [HANDLE, c_int, LOG_CB, c_void_p]),
    # Lists
    "osi_iter_free": (None, [HANDLE]),
    "osi_iter_next": (STATUS, [HANDLE, OUT, OUT]),
    # Images
    "osi_find_image": (STATUS, [HANDLE, TEXT, c_int32, OUT, OUT]),
    "osi_get_image": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    "osi_images": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_update_image": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_delete_image": (STATUS, [HANDLE, TEXT, HANDLE, OUT]),
    "osi_deactivate_image": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_reactivate_image": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_add_tag": (STATUS, [HANDLE, TEXT, TEXT, OUT]),
    "osi_remove_tag": (STATUS, [HANDLE, TEXT, TEXT, OUT]),
    "osi_import_image": (STATUS, [HANDLE, TEXT, HANDLE, OUT]),
    "osi_wait_for_image": (STATUS, [HANDLE, TEXT, TEXT, c_double, c_double, WAIT_CB, c_void_p, OUT, OUT]),
    "osi_image_tasks": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    # Members
    "osi_add_member": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_remove_member": (STATUS, [HANDLE, TEXT, TEXT, c_int32, OUT]),
    "osi_find_member": (STATUS, [HANDLE, TEXT, TEXT, c_int32, OUT, OUT]),
    "osi_get_member": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_members": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_update_member": (STATUS, [HANDLE, TEXT, TEXT, TEXT, OUT, OUT]),
    # Tasks
    "osi_tasks": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_get_task": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    "osi_create_task": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_wait_for_task": (STATUS, [HANDLE, TEXT, TEXT, HANDLE, c_double, c_double, WAIT_CB, c_void_p, OUT, OUT]),
    # Data: sources, sinks, upload, stage, download
    "osi_source_file": (STATUS, [TEXT, OUT, OUT]),
    "osi_source_fd": (STATUS, [c_int32, c_int64, OUT, OUT]),
    "osi_source_memory": (STATUS, [c_void_p, c_ssize_t, OUT, OUT]),
    "osi_source_callback": (STATUS, [READ_CB, c_void_p, c_int64, OUT, OUT]),
    "osi_source_decompress": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_source_free": (None, [HANDLE]),
    "osi_sink_callback": (STATUS, [WRITE_CB, c_void_p, OUT, OUT]),
    "osi_sink_file": (STATUS, [TEXT, OUT, OUT]),
    "osi_sink_fd": (STATUS, [c_int32, OUT, OUT]),
    "osi_sink_memory": (STATUS, [c_ssize_t, OUT, OUT]),
    "osi_sink_memory_data": (c_void_p, [HANDLE, POINTER(c_ssize_t)]),
    "osi_sink_free": (None, [HANDLE]),
    "osi_upload_image": (STATUS, [HANDLE, TEXT, HANDLE, HANDLE, PROGRESS_CB, c_void_p, OUT, OUT]),
    "osi_stage_image": (STATUS, [HANDLE, TEXT, HANDLE, PROGRESS_CB, c_void_p, OUT, OUT]),
    "osi_copy_image": (STATUS, [HANDLE, TEXT, HANDLE, HANDLE, PROGRESS_CB, c_void_p, OUT, OUT]),
    "osi_download_image": (STATUS, [HANDLE, TEXT, HANDLE, HANDLE, PROGRESS_CB, c_void_p, OUT, OUT]),
    "osi_create_image": (STATUS, [HANDLE, TEXT, HANDLE, HANDLE, PROGRESS_CB, c_void_p, OUT, OUT]),
    # Schemas and service info
    "osi_get_image_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_images_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_member_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_members_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_task_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_tasks_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_import_info": (STATUS, [HANDLE, OUT, OUT]),
    "osi_stores": (STATUS, [HANDLE, c_int32, OUT, OUT]),
    # Metadata definitions
    "osi_add_tag_to_metadef_namespace": (STATUS, [HANDLE, TEXT, TEXT, OUT]),
    "osi_create_metadef_namespace": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_create_metadef_object": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_create_metadef_property": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_create_metadef_resource_type_association": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_create_metadef_tag": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_delete_all_metadef_objects": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_delete_all_metadef_properties": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_delete_metadef_namespace": (STATUS, [HANDLE, TEXT, c_int32, OUT]),
    "osi_delete_metadef_object": (STATUS, [HANDLE, TEXT, TEXT, c_int32, OUT]),
    "osi_delete_metadef_property": (STATUS, [HANDLE, TEXT, TEXT, c_int32, OUT]),
    "osi_delete_metadef_resource_type_association": (STATUS, [HANDLE, TEXT, TEXT, c_int32, OUT]),
    "osi_delete_metadef_tag": (STATUS, [HANDLE, TEXT, TEXT, OUT]),
    "osi_get_metadef_namespace": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    "osi_get_metadef_namespace_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_namespaces_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_object": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_get_metadef_object_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_objects_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_properties_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_property": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_get_metadef_property_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_resource_type_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_resource_types_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_tag": (STATUS, [HANDLE, TEXT, TEXT, OUT, OUT]),
    "osi_get_metadef_tag_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_get_metadef_tags_schema": (STATUS, [HANDLE, OUT, OUT]),
    "osi_metadef_namespaces": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_metadef_objects": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_metadef_properties": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_metadef_resource_type_associations": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_metadef_resource_types": (STATUS, [HANDLE, HANDLE, OUT, OUT]),
    "osi_metadef_tags": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_remove_tag_from_metadef_namespace": (STATUS, [HANDLE, TEXT, TEXT, OUT]),
    "osi_remove_tags_from_metadef_namespace": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_set_metadef_tags": (STATUS, [HANDLE, TEXT, HANDLE, c_int32, OUT, OUT]),
    "osi_update_metadef_namespace": (STATUS, [HANDLE, TEXT, HANDLE, OUT, OUT]),
    "osi_update_metadef_object": (STATUS, [HANDLE, TEXT, TEXT, HANDLE, OUT, OUT]),
    "osi_update_metadef_property": (STATUS, [HANDLE, TEXT, TEXT, HANDLE, OUT, OUT]),
    "osi_update_metadef_tag": (STATUS, [HANDLE, TEXT, TEXT, TEXT, OUT, OUT]),
    # Image cache
    "osi_cache_delete_image": (STATUS, [HANDLE, TEXT, c_int32, OUT]),
    "osi_cached_image_nodes": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    "osi_clean_cache": (STATUS, [HANDLE, OUT]),
    "osi_clear_cache": (STATUS, [HANDLE, TEXT, OUT]),
    "osi_get_image_cache": (STATUS, [HANDLE, OUT, OUT]),
    "osi_prune_cache": (STATUS, [HANDLE, OUT, OUT]),
    "osi_queue_image": (STATUS, [HANDLE, TEXT, OUT]),
    # Image locations
    "osi_add_image_location": (STATUS, [HANDLE, TEXT, TEXT, HANDLE, OUT]),
    "osi_image_locations": (STATUS, [HANDLE, TEXT, OUT, OUT]),
    # Quota usage
    "osi_get_usage_info": (STATUS, [HANDLE, OUT, OUT]),
}

