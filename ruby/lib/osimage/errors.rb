# frozen_string_literal: true

module OSImage
  # osi_status: the result code of every call; the numbers are generated into
  # prototypes.rb from osimage_types.h.
  module Status
    # The library's short description of a code, e.g. "not found".
    def self.describe(code)
      Library.osi_status_str(code)
    end
  end

  # A failed osimage call: code (a Status number), http_status (0 when the failure was not
  # an HTTP answer), message, request_id, http_method and url (nil when unknown).
  class Error < StandardError
    attr_reader :code, :http_status, :request_id, :http_method, :url

    def initialize(message, code: Status::INTERNAL, http_status: 0, request_id: nil, http_method: nil, url: nil)
      super(message)
      @code = code
      @http_status = http_status
      @request_id = request_id
      @http_method = http_method
      @url = url
    end

    # The exception for a failed call's status and osi_error pointer (whose own code wins);
    # frees the osi_error.
    def self.from_c(code, error)
      return CLASSES.fetch(code, Error).new(Status.describe(code), code: code) if error.null?

      code = Library.osi_error_code(error)
      klass = CLASSES.fetch(code, Error)
      klass.new(Library.osi_error_message(error) || Status.describe(code), code: code,
                http_status: Library.osi_error_http_status(error),
                request_id: Library.osi_error_request_id(error),
                http_method: Library.osi_error_method(error), url: Library.osi_error_url(error))
    ensure
      Library.osi_error_free(error) unless error.null?
    end
  end

  # One class per status; the comment of each is the header's.
  CLASSES = {
    Status::INVALID_ARGUMENT => (InvalidArgumentError = Class.new(Error)), # NULL, wrong JSON type, bad UTF-8
    Status::NOT_FOUND => (NotFoundError = Class.new(Error)),         # HTTP 404, or nothing matched a find
    Status::CONFLICT => (ConflictError = Class.new(Error)),          # HTTP 409: wrong state, duplicate
    Status::AUTH => (AuthError = Class.new(Error)),                  # HTTP 401, or credentials refused
    Status::FORBIDDEN => (ForbiddenError = Class.new(Error)),        # HTTP 403
    Status::AMBIGUOUS => (AmbiguousError = Class.new(Error)),        # a find matched several resources
    Status::HTTP => (HTTPError = Class.new(Error)),                  # any other HTTP error status
    Status::TRANSPORT => (TransportError = Class.new(Error)),        # no connection, TLS, dropped
    Status::TIMEOUT => (TimeoutError = Class.new(Error)),            # connect, stall, api or wait timeout
    Status::CHECKSUM => (ChecksumError = Class.new(Error)),          # data did not match its checksum
    Status::ABORTED => (AbortedError = Class.new(Error)),            # a callback asked to stop
    Status::TASK_FAILED => (TaskFailedError = Class.new(Error)),     # a task or import failed
    Status::UNSUPPORTED => (UnsupportedError = Class.new(Error)),    # the cloud or library lacks it
    Status::NO_MEMORY => (NoMemoryError = Class.new(Error)),         # out of memory
    Status::CONFIG => (ConfigError = Class.new(Error)),              # clouds.yaml / options
    Status::IO => (LocalIOError = Class.new(Error)),                 # a local file could not be used
    Status::INTERNAL => (InternalError = Class.new(Error)),          # a bug or an unexpected answer
  }.freeze
end
