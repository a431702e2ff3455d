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
    /// Whether a download to a file path may be resumed: on failure the bytes received are
    /// kept beside the target, and a later download with `resume` continues from them with a
    /// Range request when the image is still the same (ImageClient+Resume.swift).
    public var resume = false
    /// Ranged requests run at once over the connection's pool for a whole-image download
    /// (1...`ParallelDownload.maximumConnections`); 1 is one stream.
    public var connections = 1
    /// Part and window sizes of a parallel download (tests make them small).
    var parallelTuning = ParallelTuning()

    /// The whole image, verified, from the default store.
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
    /// "offset", "length": integers; "require_hash", "verify", "resume": bools; "stall_timeout":
    /// seconds; "connections": 1...16 (not with a range or "resume"). nil gives the defaults;
    /// unknown keys and wrong types are refused.
    public static func from(_ json: JSON?) throws(OSIError) -> DownloadOptions {
        let given = try OptionsObject(json, what: "download option", known: [
            "store_preferences", "prefer", "offset", "length", "require_hash", "verify", "stall_timeout",
            "resume", "connections"])
        var options = DownloadOptions()
        let preferences = try given.strings("store_preferences")
        let prefer = try given.strings("prefer")
        options.storePreferences = preferences ?? prefer ?? []
        for store in options.storePreferences { _ = try URLBuilder.segment(store, what: "a preferred store") }
        options.offset = Int64(try given.count("offset") ?? 0)
        options.length = try given.count("length").map(Int64.init)
        if let length = options.length, length > Int64.max - options.offset {
            throw .invalidArgument("download options 'offset' + 'length' must be <= \(Int64.max), the largest byte position")
        }
        options.requireHash = try given.bool("require_hash") ?? false
        options.verify = try given.bool("verify") ?? true
        options.stallTimeout = try given.number("stall_timeout", in: Bounds.timeout)
        if let length = options.length, length <= 0 { throw .invalidArgument("download option 'length' must be at least 1") }
        if options.requireHash && !options.verify { throw .invalidArgument("require_hash and verify false contradict each other") }
        if given.has("connections") { options.connections = try ParallelDownload.connections(given, ranged: options.isRanged) }
        options.resume = try given.bool("resume") ?? false
        try options.checkResume()
        return options
    }
}

extension DownloadOptions {
    /// Refuses `resume` with what it cannot work with: a range (the kept bytes are a prefix of
    /// the whole image) or no verification (a resumed file is only trusted once verified).
    func checkResume() throws(OSIError) {
        guard resume else { return }
        if isRanged { throw .invalidArgument("download option 'resume' cannot be combined with 'offset' or 'length'") }
        if !verify { throw .invalidArgument("download option 'resume' needs verification: it cannot be combined with 'verify' false") }
        if connections > 1 { throw .invalidArgument("download option 'resume' is one stream: it cannot be combined with 'connections' above 1") }
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
    /// For a download with `resume`: how many kept bytes it continued from (0 when it
    /// started at byte 0); nil without `resume`.
    public var resumedFrom: Int64?
    /// How many connections carried the data (1 unless a parallel download ran).
    public var connections = 1
    /// The most image bytes a parallel download's reorder window held at once.
    var windowPeak: Int64 = 0

    /// The result as JSON: {"bytes", "http_status", "hash_algo", "hash_expected",
    /// "hash_actual", "hash_source" ("os_hash_value", "checksum", "content-md5" or null),
    /// "hash_verified", "ranged", "content_range", "connections"}, and "resumed_from" for a
    /// download with `resume`.
    public var json: JSON {
        let result = JSON.object(["bytes": .int(bytes), "http_status": .int(Int64(httpStatus)),
                                  "hash_verified": .bool(verified), "ranged": .bool(contentRange != nil),
                                  "connections": .int(Int64(connections))])
        let optional: [(String, String?)] = [("hash_algo", expected?.algorithm.name), ("hash_expected", expected?.value),
                                             ("hash_actual", actualHash), ("hash_source", expected?.origin.rawValue),
                                             ("content_range", contentRange)]
        for (key, value) in optional { result.set(key, value.map(JSON.string) ?? .null) }
        if let resumedFrom { result.set("resumed_from", .int(resumedFrom)) }
        return result
    }
}
