/// TLS settings: certificates are verified unless the configuration turns that off.
public struct TLSSettings: Sendable, Equatable {
    /// Whether the server certificate is verified (`verify`, or the inverse of `insecure`).
    public var verify: Bool = true
    /// A CA bundle to verify against instead of the system's (`cacert`, or a path in `verify`).
    public var cacert: String?
    /// A client certificate to present (`cert`).
    public var cert: String?
    /// The client certificate's private key (`key`).
    public var key: String?

    /// Settings that verify against the system's CA bundle and present no client certificate.
    public init(verify: Bool = true, cacert: String? = nil, cert: String? = nil, key: String? = nil) {
        self.verify = verify
        self.cacert = cacert
        self.cert = cert
        self.key = key
    }
}
