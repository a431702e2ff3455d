# frozen_string_literal: true

require "ffi"

module OSImage
  # The C functions of libosimage.so. The library is searched for in $OSIMAGE_LIBRARY (or
  # $OSI_LIBRARY), the libdir of `pkg-config osimage`, then the system's library path.
  # Every function that may do I/O is attached with `blocking: true`, so other Ruby threads
  # run while it waits (callbacks take the GVL back while they run).
  module Library
    extend FFI::Library

    ABI_MAJOR = 0

    def self.candidates
      explicit = ENV["OSIMAGE_LIBRARY"].to_s.empty? ? ENV["OSI_LIBRARY"] : ENV["OSIMAGE_LIBRARY"]
      return [explicit] unless explicit.to_s.empty?

      libdir = IO.popen(%w[pkg-config --variable=libdir osimage], err: File::NULL, &:read).to_s.strip
      found = libdir.empty? ? [] : [File.join(libdir, "libosimage.so.#{ABI_MAJOR}")]
      found.select { |path| File.exist?(path) } + ["libosimage.so.#{ABI_MAJOR}"]
    rescue SystemCallError
      ["libosimage.so.#{ABI_MAJOR}"]
    end

    ffi_lib candidates

    # int (*osi_log_cb)(osi_log_level level, const char *line, void *userdata)
    callback :osi_log_cb, %i[int string pointer], :int
    # int (*osi_progress_cb)(int64_t done, int64_t total, void *userdata)
    callback :osi_progress_cb, %i[int64 int64 pointer], :int
    # int (*osi_wait_cb)(const json_t *resource, void *userdata)
    callback :osi_wait_cb, %i[pointer pointer], :int
    # int64_t (*osi_read_cb)(void *buf, size_t cap, void *userdata)
    callback :osi_read_cb, %i[pointer size_t pointer], :int64
    # int (*osi_write_cb)(const void *data, size_t len, void *userdata)
    callback :osi_write_cb, %i[pointer size_t pointer], :int

    # name => [argument types, return type, does I/O]
    PROTOTYPES = {
      # Library version and status codes
      osi_status_str: [%i[int], :string, false],
      osi_version: [[], :string, false],
      # Errors
      osi_error_code: [%i[pointer], :int, false],
      osi_error_free: [%i[pointer], :void, false],
      osi_error_http_status: [%i[pointer], :int32, false],
      osi_error_message: [%i[pointer], :string, false],
      osi_error_method: [%i[pointer], :string, false],
      osi_error_request_id: [%i[pointer], :string, false],
      osi_error_url: [%i[pointer], :string, false],
      # Connections
      osi_conn_free: [%i[pointer], :void, false],
      osi_conn_info: [%i[pointer pointer pointer], :int, true],
      osi_conn_open: [%i[pointer pointer pointer], :int, true],
      osi_conn_open_env: [%i[pointer pointer], :int, true],
      osi_conn_set_log: [%i[pointer int osi_log_cb pointer], :int, false],
      # Lists
      osi_iter_free: [%i[pointer], :void, false],
      osi_iter_next: [%i[pointer pointer pointer], :int, true],
      # Images
      osi_find_image: [%i[pointer string int32 pointer pointer], :int, true],
      osi_get_image: [%i[pointer string pointer pointer], :int, true],
      osi_images: [%i[pointer pointer pointer pointer], :int, true],
      osi_update_image: [%i[pointer string pointer pointer pointer], :int, true],
      osi_delete_image: [%i[pointer string pointer pointer], :int, true],
      osi_deactivate_image: [%i[pointer string pointer], :int, true],
      osi_reactivate_image: [%i[pointer string pointer], :int, true],
      osi_add_tag: [%i[pointer string string pointer], :int, true],
      osi_remove_tag: [%i[pointer string string pointer], :int, true],
      osi_import_image: [%i[pointer string pointer pointer], :int, true],
      osi_wait_for_image: [%i[pointer string string double double osi_wait_cb pointer pointer pointer], :int, true],
      osi_image_tasks: [%i[pointer string pointer pointer], :int, true],
      # Members
      osi_add_member: [%i[pointer string string pointer pointer], :int, true],
      osi_remove_member: [%i[pointer string string int32 pointer], :int, true],
      osi_find_member: [%i[pointer string string int32 pointer pointer], :int, true],
      osi_get_member: [%i[pointer string string pointer pointer], :int, true],
      osi_members: [%i[pointer string pointer pointer pointer], :int, true],
      osi_update_member: [%i[pointer string string string pointer pointer], :int, true],
      # Tasks
      osi_tasks: [%i[pointer pointer pointer pointer], :int, true],
      osi_get_task: [%i[pointer string pointer pointer], :int, true],
      osi_create_task: [%i[pointer pointer pointer pointer], :int, true],
      osi_wait_for_task: [%i[pointer string string pointer double double osi_wait_cb pointer pointer pointer], :int, true],
      # Data: sources, sinks, upload, stage, download
      osi_source_file: [%i[string pointer pointer], :int, true],
      osi_source_fd: [%i[int32 int64 pointer pointer], :int, false],
      osi_source_memory: [%i[pointer ptrdiff_t pointer pointer], :int, false],
      osi_source_callback: [%i[osi_read_cb pointer int64 pointer pointer], :int, false],
      osi_source_decompress: [%i[pointer string pointer pointer pointer], :int, true],
      osi_source_free: [%i[pointer], :void, false],
      osi_sink_callback: [%i[osi_write_cb pointer pointer pointer], :int, false],
      osi_sink_file: [%i[string pointer pointer], :int, true],
      osi_sink_fd: [%i[int32 pointer pointer], :int, false],
      osi_sink_memory: [%i[ptrdiff_t pointer pointer], :int, false],
      osi_sink_memory_data: [%i[pointer pointer], :pointer, false],
      osi_sink_free: [%i[pointer], :void, false],
      osi_upload_image: [%i[pointer string pointer pointer osi_progress_cb pointer pointer pointer], :int, true],
      osi_stage_image: [%i[pointer string pointer osi_progress_cb pointer pointer pointer], :int, true],
      osi_copy_image: [%i[pointer string pointer pointer osi_progress_cb pointer pointer pointer], :int, true],
      osi_download_image: [%i[pointer string pointer pointer osi_progress_cb pointer pointer pointer], :int, true],
      osi_create_image: [%i[pointer string pointer pointer osi_progress_cb pointer pointer pointer], :int, true],
      # Schemas and service info
      osi_get_image_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_images_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_member_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_members_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_task_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_tasks_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_import_info: [%i[pointer pointer pointer], :int, true],
      osi_stores: [%i[pointer int32 pointer pointer], :int, true],
      # Metadata definitions
      osi_add_tag_to_metadef_namespace: [%i[pointer string string pointer], :int, true],
      osi_create_metadef_namespace: [%i[pointer pointer pointer pointer], :int, true],
      osi_create_metadef_object: [%i[pointer string pointer pointer pointer], :int, true],
      osi_create_metadef_property: [%i[pointer string pointer pointer pointer], :int, true],
      osi_create_metadef_resource_type_association: [%i[pointer string pointer pointer pointer], :int, true],
      osi_create_metadef_tag: [%i[pointer string string pointer pointer], :int, true],
      osi_delete_all_metadef_objects: [%i[pointer string pointer], :int, true],
      osi_delete_all_metadef_properties: [%i[pointer string pointer], :int, true],
      osi_delete_metadef_namespace: [%i[pointer string int32 pointer], :int, true],
      osi_delete_metadef_object: [%i[pointer string string int32 pointer], :int, true],
      osi_delete_metadef_property: [%i[pointer string string int32 pointer], :int, true],
      osi_delete_metadef_resource_type_association: [%i[pointer string string int32 pointer], :int, true],
      osi_delete_metadef_tag: [%i[pointer string string pointer], :int, true],
      osi_get_metadef_namespace: [%i[pointer string pointer pointer], :int, true],
      osi_get_metadef_namespace_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_namespaces_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_object: [%i[pointer string string pointer pointer], :int, true],
      osi_get_metadef_object_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_objects_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_properties_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_property: [%i[pointer string string pointer pointer], :int, true],
      osi_get_metadef_property_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_resource_type_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_resource_types_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_tag: [%i[pointer string string pointer pointer], :int, true],
      osi_get_metadef_tag_schema: [%i[pointer pointer pointer], :int, true],
      osi_get_metadef_tags_schema: [%i[pointer pointer pointer], :int, true],
      osi_metadef_namespaces: [%i[pointer pointer pointer pointer], :int, true],
      osi_metadef_objects: [%i[pointer string pointer pointer pointer], :int, true],
      osi_metadef_properties: [%i[pointer string pointer pointer pointer], :int, true],
      osi_metadef_resource_type_associations: [%i[pointer string pointer pointer pointer], :int, true],
      osi_metadef_resource_types: [%i[pointer pointer pointer pointer], :int, true],
      osi_metadef_tags: [%i[pointer string pointer pointer pointer], :int, true],
      osi_remove_tag_from_metadef_namespace: [%i[pointer string string pointer], :int, true],
      osi_remove_tags_from_metadef_namespace: [%i[pointer string pointer], :int, true],
      osi_set_metadef_tags: [%i[pointer string pointer int32 pointer pointer], :int, true],
      osi_update_metadef_namespace: [%i[pointer string pointer pointer pointer], :int, true],
      osi_update_metadef_object: [%i[pointer string string pointer pointer pointer], :int, true],
      osi_update_metadef_property: [%i[pointer string string pointer pointer pointer], :int, true],
      osi_update_metadef_tag: [%i[pointer string string string pointer pointer], :int, true],
      # Image cache
      osi_cache_delete_image: [%i[pointer string int32 pointer], :int, true],
      osi_cached_image_nodes: [%i[pointer string pointer pointer], :int, true],
      osi_clean_cache: [%i[pointer pointer], :int, true],
      osi_clear_cache: [%i[pointer string pointer], :int, true],
      osi_get_image_cache: [%i[pointer pointer pointer], :int, true],
      osi_prune_cache: [%i[pointer pointer pointer], :int, true],
      osi_queue_image: [%i[pointer string pointer], :int, true],
      # Image locations
      osi_add_image_location: [%i[pointer string string pointer pointer], :int, true],
      osi_image_locations: [%i[pointer string pointer pointer], :int, true],
      # Quota usage
      osi_get_usage_info: [%i[pointer pointer pointer], :int, true],
    }.freeze

    # Functions of this binding that the loaded (older) library lacks.
    MISSING = PROTOTYPES.filter_map do |name, (arguments, returns, io)|
      attach_function(name, arguments, returns, blocking: io)
      nil
    rescue FFI::NotFoundError
      name
    end.freeze

    major = osi_version.split(".").first.to_i
    raise LoadError, "libosimage #{osi_version} is not ABI #{ABI_MAJOR}.x" unless major == ABI_MAJOR
  end

  # The jansson that libosimage uses (the dynamic loader hands out the same copy).
  module Jansson
    extend FFI::Library
    ffi_lib "libjansson.so.4"
    attach_function :json_loads, %i[string size_t pointer], :pointer
    attach_function :json_dumps, %i[pointer size_t], :pointer
    attach_function :json_array, [], :pointer
    attach_function :json_array_append_new, %i[pointer pointer], :int
    attach_function :json_delete, %i[pointer], :void
  end

  # free() for strings that jansson allocated.
  module LibC
    extend FFI::Library
    ffi_lib FFI::Library::LIBC
    attach_function :free, %i[pointer], :void
  end
end
