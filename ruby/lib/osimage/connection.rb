# frozen_string_literal: true

module OSImage
  # A connection to one cloud's image service: credentials, endpoint and reused HTTP
  # connections. Opens and authenticates at once (bad credentials raise AuthError).
  #
  #   Connection.new(cloud: "mycloud")                   an entry of clouds.yaml
  #   Connection.new(cloud: "mycloud", config_file: path)
  #   Connection.new(auth_url: ..., username: ..., password: ..., project_name: ...)
  #   Connection.new / Connection.from_env               OS_CLOUD or OS_* variables
  #   Connection.open(...) { |conn| ... }                closed when the block ends
  #
  # Options are openstacksdk's. One Connection may be used by many threads at once; calls
  # that wait on the network release the GVL. Freed by #close or the garbage collector
  # (FFI::AutoPointer); #close must not run while another thread is in a call on it.
  class Connection
    include ImageOperations
    include DataOperations
    include MemberOperations
    include TaskOperations
    include ServiceInfoOperations
    include MetadefOperations
    include CacheOperations

    # log: a Proc (level, line) that gets the log lines up to log_level from the start, the
    # requests made while the connection opens (token, catalog, discovery) included.
    def initialize(log: nil, log_level: LogLevel::INFO, **options)
      opening = log && Callback.new { |line_level, line, _userdata| log.call(line_level, line) }
      handle = if options.empty?
                 Call.invoke(:osi_conn_open_env, [], out: true)
               elsif opening
                 Call.invoke(:osi_conn_open_log, [Call::JSONArgument.new(options), log_level, opening, nil],
                             out: true, callbacks: [opening])
               else
                 Call.invoke(:osi_conn_open, [Call::JSONArgument.new(options)], out: true)
               end
      @handle = FFI::AutoPointer.new(handle, Library.method(:osi_conn_free))
      @log = opening
      # Every log callback ever set lives as long as this object: a call on another thread
      # may still be using an earlier one.
      @log_callbacks = [opening].compact
    end

    # A connection from OS_CLOUD or OS_AUTH_URL, OS_USERNAME, ... variables.
    def self.from_env
      new
    end

    # Opens a connection, yields it and closes it when the block ends; without a block,
    # returns it.
    def self.open(**options)
      connection = new(**options)
      return connection unless block_given?

      begin
        yield connection
      ensure
        connection.close
      end
    end

    # Frees the connection now (idempotent).
    def close
      @handle.free unless closed?
      @closed = true
      nil
    end

    def closed?
      @closed == true
    end

    # What the connection knows about itself: image_endpoint, versions, auth_type, ...
    def info
      value(:osi_conn_info)
    end

    # Sends log lines up to level (a LogLevel: INFO logs one line per HTTP request) to the
    # block (level, line); nil or no block turns it off. An exception raised in the block
    # aborts the call that logged and is raised there. An unknown level raises
    # InvalidArgumentError.
    def set_log(level = LogLevel::INFO, &block)
      if block.nil? || level == LogLevel::NONE
        action(:osi_conn_set_log, level, nil, nil)
        @log = nil
      else
        log = Callback.new { |line_level, line, _userdata| block.call(line_level, line) }
        @log_callbacks << log
        action(:osi_conn_set_log, level, log.function, nil)
        @log = log
      end
    end

    private

    def live
      raise IOError, "the connection is closed" if closed?

      @handle
    end

    # ---- the calls, all through these (the operation modules use them) ----

    def call(name, *arguments, out: false, callbacks: [])
      Call.invoke(name, [live, *arguments], out: out, callbacks: [*callbacks, @log])
    end

    # A call whose out-parameter is a new json_t: its Ruby value (nil for NULL).
    def value(name, *arguments, callbacks: [])
      JSONValue.take(call(name, *arguments, out: true, callbacks: callbacks))
    end

    # A call whose out-parameter is an osi_iter: a lazy ListIterator.
    def listing(name, *arguments)
      ListIterator.new(callbacks: [@log]) { call(name, *arguments, out: true) }
    end

    # A call without an out-parameter.
    def action(name, *arguments, callbacks: [])
      call(name, *arguments, callbacks: callbacks)
      nil
    end
  end
end
