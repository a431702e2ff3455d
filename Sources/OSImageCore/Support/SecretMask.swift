import Synchronization

/// The secrets a connection knows (its tokens, the password, application-credential secret,
/// configured token, URL userinfo) and their removal from any text osimage builds: error
/// messages, URLs and log lines, even when a server echoes a secret back. Secrets shorter
/// than `minimumLength` characters are not masked (they would garble ordinary words).
public final class SecretMask: Sendable {
    /// What a secret is replaced with.
    public static let replacement = "***"
    /// Shorter secrets are left alone.
    public static let minimumLength = 4
    private static let keptTokens = 8
    private let secrets = Mutex<[String]>([])

    public init(_ initial: [String?] = []) {
        for secret in initial { add(secret) }
    }

    /// Adds a secret (nil, short and known ones are ignored). Tokens come and go: only the
    /// last few added are kept beside the first, configured ones.
    public func add(_ secret: String?) {
        guard let secret, secret.utf8.count >= Self.minimumLength else { return }
        secrets.withLock { list in
            guard !list.contains(secret) else { return }
            list.append(secret)
            if list.count > 32 { list.remove(at: list.count - Self.keptTokens - 1) }
        }
    }

    /// `text` with every known secret replaced by "***" (linear in the text per secret).
    public func apply(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        var result = text
        // Longest first, so a password inside a longer token does not leave the rest showing.
        for secret in known.sorted(by: { $0.utf8.count > $1.utf8.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.replacement)
        }
        return result
    }

    /// The error with its message and URL masked.
    public func apply(_ error: OSIError) -> OSIError {
        var masked = error
        masked.message = apply(error.message)
        masked.url = error.url.map(apply)
        masked.requestID = error.requestID.map(apply)
        return masked
    }

    /// A log that masks every line before `log` sees it.
    public func apply(_ log: RequestLog?) -> RequestLog? {
        guard let log else { return nil }
        let handler = log.handler
        return RequestLog(level: log.level) { [self] level, line in handler(level, apply(line)) }
    }
}
