/// The origin (scheme, host, port) of an absolute URL, and the userinfo a configured URL may
/// carry. osimage contacts only the origins of the endpoints it was configured with (the
/// image endpoint, from the options or the catalog, and the identity endpoint); links a server
/// returns that name another origin are rebased onto the configured endpoint.
public struct URLOrigin: Hashable, Sendable, CustomStringConvertible {
    /// Lower-cased scheme, e.g. "https".
    public let scheme: String
    /// Lower-cased host, brackets kept for IPv6.
    public let host: String
    /// The port, explicit or the scheme's default.
    public let port: Int

    /// The origin of `url`; nil when it is not an absolute http(s) URL with a host.
    public init?(_ url: String) {
        guard let parts = URLOrigin.split(url) else { return nil }
        let scheme = parts.scheme.asciiLowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = parts.authority
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = Substring(authority)
        var port = scheme == "https" ? 443 : 80
        if let close = authority.lastIndex(of: "]") {
            host = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let value = Int(rest.dropFirst()), (0...65535).contains(value) else { return nil }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            let digits = authority[authority.index(after: colon)...]
            if !digits.isEmpty {
                guard digits.count <= 5, let value = Int(digits), (0...65535).contains(value) else { return nil }
                port = value
            }
        }
        guard !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host.asciiLowercased()
        self.port = port
    }

    public var description: String { "\(scheme)://\(host):\(port)" }

    /// Splits "scheme://authority/rest" into its three parts; nil without "://".
    static func split(_ url: String) -> (scheme: Substring, authority: Substring, rest: Substring)? {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let afterScheme = url[separator.upperBound...]
        let end = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        return (scheme, afterScheme[..<end], afterScheme[end...])
    }

    /// `url` without its userinfo, and the userinfo ("user:password", percent-decoded parts)
    /// when it had one: credentials in a configured URL go to libcurl separately and never
    /// appear in a URL osimage shows.
    public static func removingUserinfo(_ url: String) -> (url: String, user: String?, password: String?) {
        guard let parts = split(url), let at = parts.authority.lastIndex(of: "@") else { return (url, nil, nil) }
        let userinfo = parts.authority[..<at]
        let host = parts.authority[parts.authority.index(after: at)...]
        let clean = "\(parts.scheme)://\(host)\(parts.rest)"
        if let colon = userinfo.firstIndex(of: ":") {
            return (clean, percentDecoded(userinfo[..<colon]), percentDecoded(userinfo[userinfo.index(after: colon)...]))
        }
        return (clean, percentDecoded(userinfo), nil)
    }

    /// The path, query and fragment of an absolute URL ("" -> "/"); the text itself when it
    /// is not absolute. "//host/x" (scheme-relative) counts as absolute.
    public static func pathAndQuery(of link: String) -> String {
        if link.hasPrefix("//") {
            let rest = link.dropFirst(2)
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            let tail = rest[end...]
            return tail.isEmpty ? "/" : String(tail)
        }
        guard let parts = split(link) else { return link }
        return parts.rest.isEmpty ? "/" : String(parts.rest)
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
