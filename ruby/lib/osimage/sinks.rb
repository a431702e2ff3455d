# frozen_string_literal: true

module OSImage
  # Where downloaded data goes, as an osi_sink for one call:
  #   nil                          osi_sink_memory: the bytes are returned
  #   a String or Pathname path    osi_sink_file (renamed into place only when verified)
  #   a File                       osi_sink_fd, from its current position (flushed first)
  #   consume: a Proc, or an IO    osi_sink_callback: each chunk as a binary String
  class Sink
    UNLIMITED = (1 << 63) - 1

    attr_reader :handle, :callback

    def initialize(output, max_bytes: nil, consume: nil)
      consume ||= output.method(:write) if output.respond_to?(:write) && !output.is_a?(File)
      @in_memory = output.nil? && consume.nil?
      handle = if output.is_a?(File)
                output.flush
                Call.invoke(:osi_sink_fd, [output.fileno], out: true)
              elsif consume
                @callback = Callback.new { |data, length, _userdata| consume.call(data.read_bytes(length)) }
                Call.invoke(:osi_sink_callback, [@callback, nil], out: true)
              elsif output
                Call.invoke(:osi_sink_file, [output.to_s], out: true)
              else
                Call.invoke(:osi_sink_memory, [max_bytes || UNLIMITED], out: true)
              end
      @handle = FFI::AutoPointer.new(handle, Library.method(:osi_sink_free))
    end

    def in_memory? = @in_memory

    # A copy of what a memory sink received.
    def memory_bytes
      length = FFI::MemoryPointer.new(:size_t)
      data = Library.osi_sink_memory_data(@handle, length)
      data.null? ? "".b : data.read_bytes(length.read(:size_t))
    end

    # Runs the block with the sink and frees it afterwards.
    def self.using(output, **options)
      sink = new(output, **options)
      yield sink
    ensure
      sink&.free
    end

    # Frees the sink now (the garbage collector would otherwise).
    def free
      @handle&.free
      @handle = nil
    end
  end
end
