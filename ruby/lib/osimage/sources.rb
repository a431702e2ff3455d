# frozen_string_literal: true

module OSImage
  # The data of an upload, a stage or a create, as an osi_source for one call:
  #   filename (String or Pathname)    osi_source_file
  #   data: a String of bytes          osi_source_memory (the String is kept alive)
  #   data: a File                     osi_source_fd from its current position
  #   data: anything with #read        osi_source_callback (read once, never resent)
  # decompress: true (format from the magic bytes) or "xz"/"gzip"/"zstd" wraps it in
  # osi_source_decompress (size: is then the decompressed size; without it, chunked).
  class Source
    attr_reader :handle, :callback

    def initialize(filename: nil, data: nil, size: nil, decompress: nil)
      raise ArgumentError, "give filename or data, not both" if filename && data

      inner_size = decompress ? nil : size
      @handle = if filename then create(:osi_source_file, filename.to_s)
                elsif data.is_a?(String) then memory(data)
                elsif data.is_a?(File) then file(data, inner_size)
                elsif data.respond_to?(:read) then reader(data, inner_size)
                elsif data then raise TypeError, "data must be a String, a File or respond to read"
                end
      decompressing(decompress, size) if decompress
    end

    # Runs the block with the source and frees it afterwards.
    def self.using(**options)
      source = new(**options)
      yield source
    ensure
      source&.free
    end

    # Frees the source now (the garbage collector would otherwise).
    def free
      @handle&.free
      @handle = nil
    end

    private

    # Wraps the source in osi_source_decompress, which keeps its own reference to it.
    def decompressing(decompress, size)
      raise ArgumentError, "decompress needs filename or data" unless @handle
      unless decompress == true || decompress.is_a?(String)
        raise TypeError, "decompress must be true (detect) or \"xz\", \"gzip\" or \"zstd\""
      end

      inner = @handle
      @handle = create(:osi_source_decompress, inner, decompress == true ? nil : decompress,
                       Call::JSONArgument.new(size ? { size: size } : nil))
    ensure
      inner&.free
    end

    def create(name, *arguments)
      FFI::AutoPointer.new(Call.invoke(name, arguments, out: true), Library.method(:osi_source_free))
    end

    # The descriptor goes where the File reads: IO#seek drops its read-ahead buffer.
    def file(io, size)
      position = io.seek(io.pos) && io.pos
      create(:osi_source_fd, io.fileno, size || (io.size - position))
    end

    def memory(bytes)
      @buffer = FFI::MemoryPointer.from_string(bytes) # one copy, alive as long as this source
      create(:osi_source_memory, @buffer, bytes.bytesize)
    end

    def reader(io, size)
      @callback = Callback.new(returns: true, abort: -1) do |buffer, capacity, _userdata|
        chunk = io.read(capacity)
        next 0 if chunk.nil? || chunk.empty?
        # Never copy past the library's buffer: a reader giving more than asked is an error.
        raise ArgumentError, "read(#{capacity}) returned #{chunk.bytesize} bytes, more than asked" if chunk.bytesize > capacity

        buffer.put_bytes(0, chunk)
        chunk.bytesize
      end
      create(:osi_source_callback, @callback, nil, size || -1)
    end
  end
end
