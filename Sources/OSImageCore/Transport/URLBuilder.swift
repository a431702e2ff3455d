/// Builds request URLs: path segments are checked and percent-encoded, queries form-encoded.
/// This is the only place osimage turns caller strings into URL text.
public enum URLBuilder {
    /// The longest path segment accepted, in UTF-8 bytes (Glance's ids and names are at most
    /// 255 characters; libcurl refuses a request over 1 MiB as out of memory).
    public static let maxSegmentBytes = 4096

    /// The longest request URL sent (query included), in bytes; the transport refuses a longer
    /// one as an invalid argument before anything is sent.
    public static let maxURLBytes = 65536

    /// Checks one caller-supplied path segment (an image id, tag, member id, store id) and
    /// percent-encodes it. Refused: empty text, "." and "..", "/" and control characters
    /// (CR, LF, NUL...), which could otherwise reach another resource or inject a header, and
    /// more than `maxSegmentBytes` bytes.
    public static func segment(_ text: String, what: String) throws(OSIError) -> String {
        guard !text.isEmpty else { throw .invalidArgument("\(what) must not be empty") }
        guard text.utf8.count <= maxSegmentBytes else {
            throw .invalidArgument("\(what) must be at most \(maxSegmentBytes) bytes, not \(text.utf8.count)")
        }
        guard text != "." && text != ".." else { throw .invalidArgument("\(what) must not be '\(text)'") }
        if text.utf8.contains(UInt8(ascii: "/")) {
            throw .invalidArgument("\(what) must not contain '/': \(printable(text))")
        }
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalidArgument("\(what) must not contain control characters (CR, LF, ...): \(printable(text))")
        }
        return percentEncoded(text)
    }

    /// Whether `segment(_:what:)` would accept the text.
    public static func isValidSegment(_ text: String) -> Bool {
        (try? segment(text, what: "")) != nil
    }

    /// `base` + "/" + the encoded segments (already checked with `segment`).
    public static func join(_ base: String, _ encodedSegments: [String]) -> String {
        var url = base
        while url.hasSuffix("/") { url.removeLast() }
        for segment in encodedSegments { url += "/" + segment }
        return url
    }

    /// `url` with `parameters` appended as a form-encoded query (repeated keys allowed).
    public static func withQuery(_ url: String, _ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return url }
        let query = parameters.map { percentEncoded($0.0) + "=" + percentEncoded($0.1) }.joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    public static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What is wrong with a base URL that paths will be joined to (an auth URL, an endpoint
    /// override, a catalog endpoint), or nil when it is fine: it must be http:// or https://
    /// with a host, optionally a port and a path, and nothing else: no query or fragment
    /// (paths joined after them would land in them), no spaces, control or
    /// non-ASCII characters.
    public static func baseURLProblem(_ url: String) -> String? {
        let bytes = Array(url.utf8)
        if bytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { return "must not contain spaces, control or non-ASCII characters" }
        let lower = url.asciiLowercased()
        guard let schemeEnd = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : nil else {
            return "must start with http:// or https://"
        }
        if url.contains("?") { return "must not have a query ('?')" }
        if url.contains("#") { return "must not have a fragment ('#')" }
        let rest = bytes[schemeEnd...]
        let whole = rest.prefix { $0 != UInt8(ascii: "/") }
        // User info (user:password@) is allowed: it becomes basic auth for this origin alone
        // and is never shown (Session.trust); the host follows the last '@'.
        let authority = whole.lastIndex(of: UInt8(ascii: "@")).map { whole[(whole.index(after: $0))...] } ?? whole[...]
        var host = authority[...]
        var port = authority[authority.endIndex...]
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return "has an unterminated IPv6 address" }
            port = host[(close + 1)...]
            host = host[...close]
        } else if let colon = host.firstIndex(of: UInt8(ascii: ":")) {
            port = host[colon...]
            host = host[..<colon]
        }
        if host.isEmpty || host == [UInt8(ascii: "["), UInt8(ascii: "]")] { return "has no host" }
        if !port.isEmpty {
            let digits = port.dropFirst()
            guard port.first == UInt8(ascii: ":"), !digits.isEmpty, digits.count <= 5,
                  digits.allSatisfy({ (48...57).contains($0) }) else { return "has an invalid port" }
        }
        return nil
    }

    /// The scheme, host and port of an absolute URL ("http://h:1/a/b" -> "http://h:1").
    public static func origin(of url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return String(url[..<hostEnd])
    }

    /// A caller string shown in an error message: control characters escaped, long text cut.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(80) {
            result += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "'" + result + (text.unicodeScalars.count > 80 ? "...'" : "'")
    }
}
