# frozen_string_literal: true

require "json"

module OSImage
  # Ruby values to and from jansson's json_t, through jansson's json_loads and json_dumps.
  # json_decref() is inline in jansson.h; release drops a reference with jansson's exported
  # functions instead, keeping the count atomic.
  module JSONValue
    DECODE_ANY = 0x4
    ENCODE_ANY_COMPACT = 0x200 | 0x20

    module_function

    # A new json_t reference holding value; free it with release.
    def new_reference(value)
      error = FFI::MemoryPointer.new(:char, 512)
      pointer = Jansson.json_loads(::JSON.generate(value), DECODE_ANY, error)
      raise ArgumentError, "jansson refused the JSON: #{error.get_string(92)}" if pointer.null?

      pointer
    end

    # The Ruby value of a json_t (nil for NULL); the reference is not consumed.
    def value_of(pointer)
      return nil if pointer.null?

      text = Jansson.json_dumps(pointer, ENCODE_ANY_COMPACT)
      raise NoMemoryError, "json_dumps failed" if text.null?

      begin
        ::JSON.parse(text.read_string.force_encoding(Encoding::UTF_8))
      ensure
        LibC.free(text)
      end
    end

    # Drops one reference (NULL allowed), like json_decref().
    def release(pointer)
      return if pointer.nil? || pointer.null?

      holder = Jansson.json_array
      Jansson.json_array_append_new(holder, pointer)
      Jansson.json_delete(holder)
    end

    # The Ruby value of a new reference, which is released.
    def take(pointer)
      value_of(pointer)
    ensure
      release(pointer)
    end
  end
end
