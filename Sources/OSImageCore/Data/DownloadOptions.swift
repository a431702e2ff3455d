/// How to download an image's data.
public struct DownloadOptions: Sendable {
    /// Stores to read from, in order of preference (sent as `?prefer=a,b`).
    public var storePreferences: [String] = []
    /// The first byte wanted; with `length`, a ranged download (HTTP 206) that skips
    /// whole-image verification.
    public var offset: Int64 = 0
    /// How many bytes from `offset`; nil for the rest of the image.
    public var length: Int64?
    /// Whether a download without any hash to check against fails (`.checksum`).
    public var requireHash = false
    /// Whether to verify at all; false skips hashing (for a caller that checks the data
    /// itself, or when every cycle counts).
    public var verify = true
    /// Seconds without a byte received before the download fails (`.timeout`); nil for the
    /// connection's `stall_timeout`.
    public var stallTimeout: Double?

    public init() {}

    /// Whether only part of the image is asked for.
    public var isRanged: Bool { offset > 0 || length != nil }

    /// Whether the whole image is hashed and checked.
    var verifiesWholeImage: Bool { verify && !isRanged }

    /// The `Range` header value, or nil for the whole image.
    var rangeHeader: String? {
        guard isRanged else { return nil }
        if let length { return "bytes=\(offset)-\(offset + length - 1)" }
        return "bytes=\(offset)-"
    }

    /// Options from a JSON object: "store_preferences" (or "prefer"): array of store ids;
    /// "offset", "length": integers; "require_hash", "verify": bools; "stall_timeout": seconds. nil
    /// gives the defaults; unknown keys and wrong types are refused.
    public static func from(_ json: JSON?) throws(OSIError) -> DownloadOptions {
        var options = DownloadOptions()
        guard let json, !json.isNull else { return options }
        guard let members = json.members else { throw .invalidArgument("the download options must be a JSON object") }
        for (key, value) in members where !value.isNull {
            func wrongType(_ expected: String) -> OSIError { .invalidArgument("download option '\(key)' must be \(expected)") }
            switch key {
            case "store_preferences", "prefer":
                guard let stores = value.array?.compactMap(\.string), stores.count == value.array?.count else {
                    throw wrongType("an array of store ids")
                }
                for store in stores { _ = try URLBuilder.segment(store, what: "a preferred store") }
                options.storePreferences = stores
            case "offset":
                guard let offset = value.int else { throw wrongType("an integer") }
                options.offset = offset
            case "length":
                guard let length = value.int else { throw wrongType("an integer") }
                options.length = length
            case "require_hash":
                guard let flag = value.bool else { throw wrongType("a boolean") }
                options.requireHash = flag
            case "verify":
                guard let flag = value.bool else { throw wrongType("a boolean") }
                options.verify = flag
            case "stall_timeout":
                guard let seconds = value.double else { throw wrongType("a number of seconds") }
                options.stallTimeout = seconds
            default:
                throw .invalidArgument("unknown download option '\(key)' (known: length, offset, prefer, require_hash, "
                    + "stall_timeout, store_preferences, verify)")
            }
        }
        guard options.offset >= 0 else { throw .invalidArgument("offset must not be negative") }
        if let length = options.length, length <= 0 { throw .invalidArgument("length must be at least 1") }
        if let stall = options.stallTimeout, stall <= 0 { throw .invalidArgument("stall_timeout must be positive") }
        if options.requireHash && !options.verify { throw .invalidArgument("require_hash and verify false contradict each other") }
        return options
    }
}

/// What a download did: how many bytes, and how (or whether) they were verified.
public struct DownloadResult: Sendable {
    /// Bytes written to the sink.
    public var bytes: Int64 = 0
    /// The HTTP status of the data response (200, or 206 for a range).
    public var httpStatus = 0
    /// The hash checked against, nil when none was available or the download was ranged.
    public var expected: HashExpectation?
    /// The hash of the received bytes, when one was computed.
    public var actualHash: String?
    /// Whether the bytes matched `expected`.
    public var verified = false
    /// The `Content-Range` of a ranged answer.
    public var contentRange: String?

    /// The result as JSON: {"bytes", "http_status", "hash_algo", "hash_expected",
    /// "hash_actual", "hash_source" ("os_hash_value", "checksum", "content-md5" or null),
    /// "hash_verified", "ranged", "content_range"}.
    public var json: JSON {
        let result = JSON.object(["bytes": .int(bytes), "http_status": .int(Int64(httpStatus)),
                                  "hash_verified": .bool(verified), "ranged": .bool(contentRange != nil)])
        let optional: [(String, String?)] = [("hash_algo", expected?.algorithm.name), ("hash_expected", expected?.value),
                                             ("hash_actual", actualHash), ("hash_source", expected?.origin.rawValue),
                                             ("content_range", contentRange)]
        for (key, value) in optional { result.set(key, value.map(JSON.string) ?? .null) }
        return result
    }
}
