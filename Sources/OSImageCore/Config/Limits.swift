/// The bounds osimage puts on what a server may make it do: how long a call may take, how
/// slowly data may trickle, how many pages a listing may have and how large an answer may be.
/// Each has a configuration key (in clouds.yaml, the options object or `OS_<KEY>`).
public struct Limits: Sendable, Equatable {
    /// Seconds a non-data call takes in all when `api_timeout` is not set: every request of
    /// the call (pages of a find, retries, Retry-After waits, re-authentication) counts.
    public static let defaultAPITimeout = 300.0
    /// Pages one listing may have before it ends with an error (`max_pages`, default 10000:
    /// ten million images at Glance's largest page).
    public var maxPages = 10_000
    /// Bytes of a JSON (non-data) response body kept in memory (`max_response_size`, default
    /// 64 MiB); a larger body fails at once, without reading the rest.
    public var maxResponseSize = 64 * 1024 * 1024
    /// Bytes of a response's header block (`max_header_size`, default 256 KiB).
    public var maxHeaderSize = 256 * 1024
    /// A data transfer slower than this many bytes per second, averaged over
    /// `minTransferRateTime`, fails with `.timeout` (`min_transfer_rate`, default 1024; 0 turns
    /// the check off). The stall timeout still applies on its own.
    public var minTransferRate = 1024
    /// Seconds over which `minTransferRate` is averaged (`min_transfer_rate_time`, default 120).
    public var minTransferRateTime = 120.0
    /// The longest Retry-After osimage waits for (`max_retry_after`, default 60 s); a longer one,
    /// or one beyond the call's deadline, fails at once with the server's status.
    public var maxRetryAfter = 60.0
    /// Bytes of an error response body kept for its message; the rest is not read.
    public static let errorBodySize = 64 * 1024
    /// Characters of a server's message kept in an error (the request id, method and URL are
    /// reported in full beside it).
    public static let messageSize = 4096

    public init() {}
}
