/// Small text helpers, so the core needs no Foundation.
extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> Substring {
        // "\r\n" is one Character in Swift, so compare scalars: a header line ends with it.
        let isSpace: (Character) -> Bool = { $0.unicodeScalars.allSatisfy { " \t\n\r".unicodeScalars.contains($0) } }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return Substring(self[first...last])
    }

    /// The text lower-cased for ASCII letters only (header names, hex digests).
    func asciiLowercased() -> String {
        String(decoding: utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Whether the text starts with `prefix`, ignoring ASCII case.
    func hasASCIIPrefixIgnoringCase(_ prefix: String) -> Bool {
        asciiLowercased().hasPrefix(prefix.asciiLowercased())
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement`.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
