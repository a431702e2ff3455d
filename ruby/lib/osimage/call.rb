# frozen_string_literal: true

module OSImage
  # The one place that calls a C function: converts the arguments, passes the out-parameter
  # and the osi_error, frees what it made, and turns a failure into an exception.
  module Call
    # Marks an argument to pass as a borrowed json_t (nil passes NULL).
    JSONArgument = Struct.new(:value)

    module_function

    # A wait's "timeout" option: nil (JSON null: no limit) for nil or infinity.
    def time_limit(seconds)
      seconds.nil? || seconds.to_f.infinite? ? nil : seconds.to_f
    end

    # Calls Library.<name>(*arguments, [&out,] &err); returns the out pointer when out.
    # Strings are checked here, JSONArgument values become json_t for the call, Callback
    # objects pass their Proc. A failure raises the status's exception, or the exception a
    # callback (in callbacks) raised.
    def invoke(name, arguments, out: false, callbacks: [])
      raise UnsupportedError, "the loaded libosimage has no #{name}" if Library::MISSING.include?(name)

      owned = []
      converted = arguments.map do |argument|
        case argument
        when JSONArgument
          argument.value.nil? ? nil : JSONValue.new_reference(argument.value).tap { |json| owned << json }
        when Callback then argument.function
        when String then text(argument)
        else argument
        end
      end
      result = FFI::MemoryPointer.new(:pointer)
      error = FFI::MemoryPointer.new(:pointer)
      converted << result if out
      status = Library.public_send(name, *converted, error)
      fail_with(status, error.read_pointer, callbacks) unless status.zero?
      out ? result.read_pointer : nil
    ensure
      owned&.each { |json| JSONValue.release(json) }
    end

    # A String argument as UTF-8 without NUL (the library checks the UTF-8 itself).
    def text(value)
      raise InvalidArgumentError.new("string argument contains a NUL character", code: Status::INVALID_ARGUMENT) if value.include?("\0")

      value.encode(Encoding::UTF_8)
    rescue EncodingError => e
      raise InvalidArgumentError.new(e.message, code: Status::INVALID_ARGUMENT)
    end

    # The id of a resource given as an id String or a Hash with "id" (or :id; members:
    # key "member_id").
    def id_of(resource, key = "id")
      return resource if resource.is_a?(String)

      id = resource[key] || resource[key.to_sym] if resource.is_a?(Hash)
      raise TypeError, "expected an id or a resource with an id, got #{resource.inspect}" unless id.is_a?(String)

      id
    end

    def fail_with(status, error, callbacks)
      failure = Error.from_c(status, error)
      kept = callbacks.compact.filter_map(&:take_error).first
      raise failure unless kept

      raise kept, cause: failure
    end
  end
end
