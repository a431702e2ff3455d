/// The hash a downloaded image must have, and where it was found.
public struct HashExpectation: Sendable, Equatable {
    /// Where an expected hash comes from, in the order they are looked for.
    public enum Origin: String, Sendable {
        /// The image's `os_hash_algo` / `os_hash_value` (sha512 by default on Glance).
        case osHashValue = "os_hash_value"
        /// The image's `checksum` (md5).
        case checksum
        /// The download's `Content-MD5` header.
        case contentMD5 = "content-md5"
    }

    /// The algorithm to compute.
    public let algorithm: HashAlgorithm
    /// The expected digest, lowercase hex.
    public let value: String
    /// Where `value` came from.
    public let origin: Origin

    /// What an image's metadata promises: `os_hash_algo` + `os_hash_value` when both are set,
    /// else `checksum` as md5, else nil. An algorithm osimage cannot compute is an error
    /// (`.unsupported`), not a reason to fall back to md5.
    public static func of(image: JSON) throws(OSIError) -> HashExpectation? {
        if let algorithm = nonEmpty(image["os_hash_algo"]), let value = nonEmpty(image["os_hash_value"]) {
            return HashExpectation(algorithm: try HashAlgorithm.named(algorithm), value: value.asciiLowercased(), origin: .osHashValue)
        }
        if let checksum = nonEmpty(image["checksum"]) {
            return HashExpectation(algorithm: .md5, value: checksum.asciiLowercased(), origin: .checksum)
        }
        return nil
    }

    /// What a `Content-MD5` header promises: hex (as Glance sends it) or base64 (RFC 1864).
    static func of(contentMD5 header: String?) -> HashExpectation? {
        guard let text = header.map({ String($0.trimmingWhitespace()) }), !text.isEmpty else { return nil }
        let hex = text.count == 32 && text.utf8.allSatisfy(isHexDigit) ? text.asciiLowercased() : base64ToHex(text)
        return hex.map { HashExpectation(algorithm: .md5, value: $0, origin: .contentMD5) }
    }

    /// The `.checksum` error for data of image `imageID` that hashed to `actual` instead.
    func mismatch(_ imageID: String, actual: String) -> OSIError {
        OSIError(.checksum, "the data of image \(imageID) does not match its \(algorithm) "
            + "(from \(origin.rawValue)): expected \(value), got \(actual)")
    }

    private static func nonEmpty(_ value: JSON?) -> String? {
        guard let text = value?.string, !text.isEmpty else { return nil }
        return text
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }

    /// Base64 text as lowercase hex, or nil when it is not base64.
    private static func base64ToHex(_ text: String) -> String? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var bits = 0
        var bitCount = 0
        var bytes: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "=") {
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            bits = (bits << 6) | index
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8((bits >> bitCount) & 0xFF))
            }
        }
        return bytes.isEmpty ? nil : lowercaseHex(bytes)
    }
}
