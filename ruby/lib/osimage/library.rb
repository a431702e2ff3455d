# frozen_string_literal: true

require "ffi"
require_relative "prototypes"

module OSImage
  # The C functions of libosimage.so, attached from the table that scripts/gen-header
  # generates from the header (prototypes.rb: ABI_MAJOR, CALLBACKS, PROTOTYPES). The library
  # is searched for in $OSIMAGE_LIBRARY (or $OSI_LIBRARY; then nothing else),
  # libosimage.so.<major> next to this file (where the platform gem carries it), the libdir
  # of `pkg-config osimage`, then the system's library path. Every function that may do I/O
  # is attached with `blocking: true`, so other Ruby threads run while it waits (callbacks
  # take the GVL back while they run).
  module Library
    extend FFI::Library

    def self.candidates
      explicit = ENV["OSIMAGE_LIBRARY"].to_s.empty? ? ENV["OSI_LIBRARY"] : ENV["OSIMAGE_LIBRARY"]
      return [explicit] unless explicit.to_s.empty?

      bundled = File.join(__dir__, "libosimage.so.#{ABI_MAJOR}")
      return [bundled] if File.exist?(bundled)

      libdir = IO.popen(%w[pkg-config --variable=libdir osimage], err: File::NULL, &:read).to_s.strip
      found = libdir.empty? ? [] : [File.join(libdir, "libosimage.so.#{ABI_MAJOR}")]
      found.select { |path| File.exist?(path) } + ["libosimage.so.#{ABI_MAJOR}"]
    rescue SystemCallError
      ["libosimage.so.#{ABI_MAJOR}"]
    end

    ffi_lib candidates

    CALLBACKS.each { |name, (arguments, returns)| callback name, arguments, returns }

    # Functions of this binding that the loaded (older) library lacks.
    MISSING = PROTOTYPES.filter_map do |name, (arguments, returns, blocking)|
      attach_function(name, arguments, returns, blocking: blocking)
      nil
    rescue FFI::NotFoundError
      name
    end.freeze

    unless osi_version_number / 10_000 == ABI_MAJOR
      raise LoadError, "libosimage #{osi_version} is not ABI #{ABI_MAJOR}.x"
    end
  end

  # The jansson that libosimage uses: looked up through libosimage's own handle (dlsym on a
  # library searches it and then its dependencies), so it is the copy libosimage links.
  module Jansson
    extend FFI::Library
    ffi_lib Library.ffi_libraries.first.name
    attach_function :json_loads, %i[string size_t pointer], :pointer
    attach_function :json_dumps, %i[pointer size_t], :pointer
    attach_function :json_array, [], :pointer
    attach_function :json_array_append_new, %i[pointer pointer], :int
    attach_function :json_delete, %i[pointer], :void
  end

  # free() for strings that jansson allocated (libosimage's libc, found the same way).
  module LibC
    extend FFI::Library
    ffi_lib Library.ffi_libraries.first.name
    attach_function :free, %i[pointer], :void
  end
end
