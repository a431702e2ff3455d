# frozen_string_literal: true

module OSImage
  # An osi_iter (images, stores, members, tasks) as an Enumerable of Hashes that fetches
  # pages as it goes. Each `each` starts a new list on the server and frees it at the
  # end (also when the block breaks or raises). One thread at a time per `each`.
  class ListIterator
    include Enumerable

    # start: a lambda returning a new osi_iter pointer; callbacks: for re-raising.
    def initialize(callbacks: [], &start)
      @start = start
      @callbacks = callbacks
    end

    def each
      return enum_for(:each) unless block_given?

      iterator = FFI::AutoPointer.new(@start.call, Library.method(:osi_iter_free))
      begin
        loop do
          item = Call.invoke(:osi_iter_next, [iterator], out: true, callbacks: @callbacks)
          break if item.null?

          yield JSONValue.take(item)
        end
      ensure
        iterator.free
      end
      self
    end
  end
end
