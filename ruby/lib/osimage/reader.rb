# frozen_string_literal: true

module OSImage
  # An image download pulled into Ruby's buffers (osi_reader_*), IO-like: read, each_chunk,
  # close. The data is verified as it passes; the read that reaches the end checks the hash
  # (ChecksumError on a mismatch). Constant memory, no thread; one thread at a time per
  # reader, many readers per connection. close (or the garbage collector) stops a partly
  # read download and frees its connection.
  #
  #   conn.open_image(image) { |reader| reader.each_chunk(1 << 20) { |chunk| out.write(chunk) } }
  class ImageReader
    DEFAULT_CHUNK_SIZE = 1 << 20

    def initialize(handle, callbacks: [])
      @handle = FFI::AutoPointer.new(handle, Library.method(:osi_reader_free))
      @callbacks = callbacks
      @buffer = FFI::MemoryPointer.new(:uint8, DEFAULT_CHUNK_SIZE)
      @count = FFI::MemoryPointer.new(:size_t)
      @eof = false
    end

    # Up to length bytes (default 1 MiB) as a binary String; nil at the end (verified), as
    # IO#read(length) does. With outbuf the bytes replace its content.
    def read(length = nil, outbuf = nil)
      raise IOError, "the reader is closed" if closed?

      if length.nil?
        whole = +"".b
        each_chunk { |chunk| whole << chunk }
        return outbuf ? outbuf.replace(whole) : whole
      end
      raise ArgumentError, "negative length" if length.negative?
      return +"".b if length.zero?

      @buffer = FFI::MemoryPointer.new(:uint8, length) if length > @buffer.size
      Call.invoke(:osi_reader_read, [@handle, @buffer, length, @count], callbacks: @callbacks)
      count = @count.read(:size_t)
      if count.zero?
        @eof = true
        return nil
      end
      data = @buffer.read_bytes(count)
      outbuf ? outbuf.replace(data) : data
    end

    # Yields the data in pieces of at most size bytes until the end; returns self.
    def each_chunk(size = DEFAULT_CHUNK_SIZE)
      return enum_for(:each_chunk, size) unless block_given?

      while (chunk = read(size))
        yield chunk
      end
      self
    end

    # Whether the end was reached (and verified).
    def eof? = @eof

    # The reader's state: "http_status", "headers", "content_length", "bytes", "eof",
    # "hash_algo", ... and after the end "hash_verified".
    def info
      JSONValue.take(Call.invoke(:osi_reader_info, [@handle], out: true))
    end

    # The response headers (lower-case names).
    def headers = info["headers"]

    # Stops the download (idempotent).
    def close
      @handle.free unless @closed
      @closed = true
      nil
    end

    def closed? = @closed == true
  end
end
