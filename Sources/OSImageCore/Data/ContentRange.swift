/// A `Content-Range` of a 206 answer (RFC 9110 14.4): "bytes first-last/complete" with
/// `complete` a number or "*".
public struct ContentRange: Equatable, Sendable {
    public let first: Int64
    public let last: Int64
    /// The whole representation's length, nil for "*".
    public let complete: Int64?

    /// Parses the header; nil when it is not a valid byte range (first <= last < complete).
    public init?(_ text: String) {
        let value = text.trimmingWhitespace()
        guard value.hasASCIIPrefixIgnoringCase("bytes ") else { return nil }
        let spec = value.dropFirst(6).trimmingWhitespace()
        let halves = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let ends = halves[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard ends.count == 2, let first = Self.number(ends[0]), let last = Self.number(ends[1]), first <= last else { return nil }
        if halves[1] == "*" {
            complete = nil
        } else {
            guard let total = Self.number(halves[1]), last < total else { return nil }
            complete = total
        }
        self.first = first
        self.last = last
    }

    /// A non-negative decimal of at most 18 digits (so it fits an Int64).
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int64(text)
    }
}
