/// Everything needed to reach one cloud's image service, validated for its `authType`
/// (see `CloudConfigLoader` for where each value comes from and what is checked).
public struct CloudConfig: Sendable, Equatable {
    /// The clouds.yaml entry this came from; nil for inline options and OS_* variables.
    public var cloudName: String?
    /// How the client authenticates.
    public var authType: AuthType
    /// Credentials and scope.
    public var auth: AuthSettings
    /// The region whose endpoints to use (`region_name`, else the first of `regions`).
    public var regionName: String?
    /// The catalog interface: "public", "internal" or "admin" (`image_interface`, else
    /// `interface`, else "public"; the old "publicURL" forms are accepted).
    public var interface: String
    /// The image endpoint to use instead of the catalog's (`image_endpoint_override`; with
    /// auth type none also `endpoint`).
    public var imageEndpointOverride: String?
    /// The catalog service type of the image service (`image_service_type`, default "image").
    public var imageServiceType: String
    /// TLS verification and client certificate.
    public var tls: TLSSettings
    /// Seconds to wait for a connection (`connect_timeout`, default 30).
    public var connectTimeout: Double
    /// Seconds a transfer may move no bytes before it fails (`stall_timeout`, default 60).
    public var stallTimeout: Double
    /// Seconds a call that moves no image data may take in all (`api_timeout`); nil for
    /// `Limits.defaultAPITimeout`.
    public var apiTimeout: Double?
    /// How often a retriable status (503) is retried (`image_status_code_retries`, else
    /// `status_code_retries`, default 5 as in openstacksdk).
    public var statusCodeRetries: Int
    /// How often a failed connection is retried (`connect_retries`, default 2).
    public var connectRetries: Int
    /// Text to put before the User-Agent (`app_name`, plus "/" and `app_version` when set).
    public var userAgent: String?
    /// Deadlines and size limits on what a server may do (`Limits`).
    public var limits = Limits()

    /// A configuration with the loader's defaults for everything not given.
    public init(
        cloudName: String? = nil, authType: AuthType, auth: AuthSettings = AuthSettings(),
        regionName: String? = nil, interface: String = "public", imageEndpointOverride: String? = nil,
        imageServiceType: String = "image", tls: TLSSettings = TLSSettings(),
        connectTimeout: Double = 30, stallTimeout: Double = 60, apiTimeout: Double? = nil,
        statusCodeRetries: Int = 5, connectRetries: Int = 2, userAgent: String? = nil
    ) {
        self.cloudName = cloudName
        self.authType = authType
        self.auth = auth
        self.regionName = regionName
        self.interface = interface
        self.imageEndpointOverride = imageEndpointOverride
        self.imageServiceType = imageServiceType
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.apiTimeout = apiTimeout
        self.statusCodeRetries = statusCodeRetries
        self.connectRetries = connectRetries
        self.userAgent = userAgent
    }
}
