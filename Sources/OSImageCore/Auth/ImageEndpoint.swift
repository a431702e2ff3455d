/// The image API's v2 root and the versions the service advertises.
public struct ImageEndpoint: Sendable {
    /// The URL that resource paths are joined to, ending in "/v2".
    public let baseURL: String
    /// Advertised versions, e.g. ["v2.18", ..., "v2.0"]; empty when discovery was not possible.
    public let versions: [String]
    /// The highest advertised v2 minor version (18 for "v2.18"), or nil when unknown.
    public let maxMinorVersion: Int?

    /// Whether the service advertises at least v2.`minor`; unknown counts as yes.
    public func supports(minor: Int) -> Bool { maxMinorVersion.map { $0 >= minor } ?? true }

    /// The version Glance lists only with several stores configured (enabled_backends).
    public static let multiStoreMinor = 8

    /// Whether v2.`minor` itself is advertised (unknown versions count as yes). Glance lists
    /// v2.14-v2.18 only with its image cache enabled and v2.8-v2.13 only with several stores,
    /// so this detects those features too, where `supports(minor:)` would not.
    public func advertises(minor: Int) -> Bool { versions.isEmpty || versions.contains("v2.\(minor)") }

    /// Throws .unsupported naming `feature` and the version it needs unless v2.`minor` is
    /// advertised; from the versions discovered once when the connection opened.
    public func require(minor: Int, for feature: String) throws(OSIError) {
        guard advertises(minor: minor) else {
            let highest = maxMinorVersion.map { ", highest v2.\($0)" } ?? ""
            throw OSIError(.unsupported, "\(feature) needs image API v2.\(minor), which the image service at \(baseURL) "
                           + "does not advertise (it lists \(versions.count) versions\(highest))")
        }
    }

    /// Discovers the versions at the service root of `url` (a catalog or override URL, with
    /// or without a version suffix) and picks v2. `send` performs an authenticated GET. The
    /// links inside the version document are never followed: the v2 root is always the
    /// configured URL's root + "/v2", so a document naming another host sends nothing there.
    static func discover(_ url: String, send: (String) throws(OSIError) -> HTTPResponse) throws(OSIError) -> ImageEndpoint {
        let root = unversionedRoot(url)
        let response: HTTPResponse
        do {
            response = try send(root + "/")
        } catch where error.code == .notFound || error.code == .http || error.code == .forbidden {
            // No version document here (some proxies; also a redirect, which is not followed):
            // assume the usual layout. The calls themselves treat any 3xx as an error.
            return ImageEndpoint(baseURL: root + "/v2", versions: [], maxMinorVersion: nil)
        }
        let document = try? response.json()
        let versions = (document?["versions"]?.array ?? []).filter { version in
            let status = version["status"]?.string?.asciiLowercased() ?? ""
            return status == "current" || status == "supported" || status == "stable"
        }.compactMap { $0["id"]?.string }
        let minors = versions.compactMap { id -> Int? in
            guard id.hasPrefix("v2.") else { return id == "v2" ? 0 : nil }
            return Int(id.dropFirst(3))
        }
        if !versions.isEmpty && minors.isEmpty {
            throw OSIError(.unsupported, "the image service at \(root) does not offer API v2 (it offers \(versions.joined(separator: ", ")))")
        }
        return ImageEndpoint(baseURL: root + "/v2", versions: versions, maxMinorVersion: minors.max())
    }

    /// `url` without a trailing "/", "/v2" or "/v2.x" suffix.
    static func unversionedRoot(_ url: String) -> String {
        var root = url
        while root.hasSuffix("/") { root.removeLast() }
        if let slash = root.lastIndex(of: "/") {
            let last = root[root.index(after: slash)...]
            if last == "v2" || (last.hasPrefix("v2.") && Int(last.dropFirst(3)) != nil) {
                root = String(root[..<slash])
            }
        }
        return root
    }
}
