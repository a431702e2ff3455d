# frozen_string_literal: true

module OSImage
  # A Ruby block behind a C function pointer. An exception must never unwind through C:
  # the trampoline rescues it, keeps it and returns non-zero, so the library aborts the call
  # (OSI_ABORTED) and the caller raises the kept exception. Callbacks run on the thread that
  # made the call. The Proc (#function) is kept alive by this object, which the caller holds.
  class Callback
    GO_ON = 0
    ABORT = 1

    attr_reader :function

    # adapt receives the C arguments; its result is ignored (returns: true gives it back, for
    # a read callback's byte count); an exception returns abort.
    def initialize(returns: false, abort: ABORT, &adapt)
      @errors = {}
      @function = proc do |*arguments|
        next abort if @errors[Thread.current]

        begin
          result = adapt.call(*arguments)
          returns ? result : GO_ON
        rescue Exception => e # rubocop:disable Lint/RescueException
          @errors[Thread.current] = e
          abort
        end
      end
    end

    # The exception kept on this thread (nil if none), forgotten once taken.
    def take_error
      @errors.delete(Thread.current)
    end

    # A progress callback calling block.call(done, total); total is nil when unknown.
    def self.progress(block)
      return nil unless block

      new { |done, total, _userdata| block.call(done, total.negative? ? nil : total) }
    end

    # A wait callback calling block.call(resource) with the Hash seen by each poll.
    def self.watcher(block)
      return nil unless block

      new { |resource, _userdata| block.call(JSONValue.value_of(resource)) }
    end
  end
end
