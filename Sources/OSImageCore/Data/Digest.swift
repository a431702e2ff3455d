import COpenSSL

/// A hash algorithm by the name Glance uses in `os_hash_algo` (Python's hashlib names).
public struct HashAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// Glance's name, e.g. "sha512".
    public let name: String
    /// OpenSSL's name for the same digest.
    let openSSLName: String

    /// Glance's `checksum`, and the `owner_specified.openstack.md5` bookkeeping property.
    public static let md5 = HashAlgorithm(name: "md5", openSSLName: "MD5")
    /// The `owner_specified.openstack.sha256` bookkeeping property.
    public static let sha256 = HashAlgorithm(name: "sha256", openSSLName: "SHA256")
    /// Glance's default `os_hash_algo`.
    public static let sha512 = HashAlgorithm(name: "sha512", openSSLName: "SHA512")

    /// Every name Glance's `hashing_algorithm` may produce that OpenSSL computes.
    static let known: [HashAlgorithm] = [
        .md5, HashAlgorithm(name: "sha1", openSSLName: "SHA1"), HashAlgorithm(name: "sha224", openSSLName: "SHA224"),
        .sha256, HashAlgorithm(name: "sha384", openSSLName: "SHA384"), .sha512,
        HashAlgorithm(name: "sha3_224", openSSLName: "SHA3-224"), HashAlgorithm(name: "sha3_256", openSSLName: "SHA3-256"),
        HashAlgorithm(name: "sha3_384", openSSLName: "SHA3-384"), HashAlgorithm(name: "sha3_512", openSSLName: "SHA3-512"),
        HashAlgorithm(name: "blake2b", openSSLName: "BLAKE2B512"), HashAlgorithm(name: "blake2s", openSSLName: "BLAKE2S256"),
    ]

    /// The algorithm Glance calls `name` (case-insensitive, "sha-512" accepted); throws
    /// `.unsupported` for a name osimage cannot compute, never falling back to another.
    public static func named(_ name: String) throws(OSIError) -> HashAlgorithm {
        func plain(_ text: String) -> String { String(text.asciiLowercased().filter { $0 != "-" && $0 != "_" }) }
        if let found = known.first(where: { plain($0.name) == plain(name) }) { return found }
        throw OSIError(.unsupported, "the hash algorithm '\(name)' is not supported (known: \(known.map(\.name).joined(separator: ", ")))")
    }

    public var description: String { name }
}

/// One running message digest over OpenSSL's EVP interface. One thread at a time.
final class Digest {
    let algorithm: HashAlgorithm
    private let md: OpaquePointer
    private let context: OpaquePointer

    /// A digest of `algorithm`; nil when OpenSSL cannot make one (out of memory, or a
    /// provider that lacks it, e.g. md5 under FIPS).
    init?(_ algorithm: HashAlgorithm) {
        guard let md = EVP_get_digestbyname(algorithm.openSSLName), let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestInit_ex(context, md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            return nil
        }
        self.algorithm = algorithm
        self.md = md
        self.context = context
    }

    /// A digest of `algorithm`, or an error saying it cannot be computed here.
    static func make(_ algorithm: HashAlgorithm) throws(OSIError) -> Digest {
        guard let digest = Digest(algorithm) else {
            throw OSIError(.unsupported, "OpenSSL cannot compute \(algorithm.name) on this system")
        }
        return digest
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Starts over with no bytes.
    func reset() {
        _ = EVP_DigestInit_ex(context, md, nil)
    }

    /// The lowercase hex digest of the bytes so far; the digest starts over afterwards.
    func finishHex() -> String {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &output, &length)
        reset()
        return lowercaseHex(output.prefix(Int(length)))
    }
}

/// Bytes as lowercase hex text.
func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
