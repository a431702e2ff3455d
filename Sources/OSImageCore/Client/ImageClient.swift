/// The image service of one cloud: a session plus the discovered v2 endpoint. Every
/// operation lives in an extension (`ImageClient+Images.swift`, ...). Thread-safe.
public final class ImageClient: Sendable {
    /// Authenticated HTTP.
    public let session: Session
    /// The v2 root and the advertised versions.
    public let endpoint: ImageEndpoint

    /// Connects: authenticates (unless auth_type is none), finds the image endpoint in the
    /// catalog (or takes the override) and discovers its versions. The token is replaced
    /// when it has less than `tokenRefreshMargin` seconds left.
    public init(config: CloudConfig, log: RequestLog? = nil, tokenRefreshMargin: Double = 120) throws(OSIError) {
        session = try Session(config: config, log: log, tokenRefreshMargin: tokenRefreshMargin)
        let url: String
        if let override = config.imageEndpointOverride, !override.isEmpty {
            url = override
        } else {
            let token = try session.tokenDetails
            url = try ServiceCatalog.endpoint(in: token?.catalog, type: config.imageServiceType,
                                              interface: config.interface, region: config.regionName)
        }
        let session = self.session
        let configured = session.trust(url)
        endpoint = try session.call { () throws(OSIError) in
            try ImageEndpoint.discover(configured) { (url: String) throws(OSIError) -> HTTPResponse in
                var request = HTTPRequest(method: .get, url: url)
                request.acceptsMultipleChoices = true
                return try session.send(request)
            }
        }
    }

    /// What the connection knows about itself: "image_endpoint" (the v2 root), "versions"
    /// (advertised API versions), "auth_type", "interface", and "region_name", "cloud",
    /// "project_id" and "user_id" (of the token; null when unknown).
    public func connectionInfo() throws(OSIError) -> JSON {
        let config = session.config
        let token = try session.tokenDetails
        let info = JSON.object(["image_endpoint": .string(endpoint.baseURL),
                                "versions": .strings(endpoint.versions),
                                "auth_type": .string(config.authType.rawValue),
                                "interface": .string(config.interface)])
        let optional: [(String, String?)] = [("region_name", config.regionName), ("cloud", config.cloudName),
                                             ("project_id", token?.projectID), ("user_id", token?.userID)]
        for (key, value) in optional { info.set(key, value.map(JSON.string) ?? .null) }
        return info
    }

    /// The absolute URL of a path below the v2 root; `segments` come from `URLBuilder.segment`
    /// or are constants.
    func url(_ segments: [String], query: [(String, String)] = []) -> String {
        URLBuilder.withQuery(URLBuilder.join(endpoint.baseURL, segments), query)
    }

    /// The URL of an image's data (`/v2/images/{id}/file`) for a download with `options`: its
    /// preferred stores, if any, as `?prefer=a,b`. `segment` comes from `URLBuilder.segment`.
    func dataURL(_ segment: String, _ options: DownloadOptions) -> String {
        let prefer = options.storePreferences.joined(separator: ",")
        return url(["images", segment, "file"], query: prefer.isEmpty ? [] : [("prefer", prefer)])
    }

    /// An absolute URL for a link Glance returned (`/v2/images?marker=...` or absolute). An
    /// absolute link naming another origin than the endpoint's is rebased onto the endpoint
    /// (its path and query kept): Glance builds links from its own idea of its host, which a
    /// proxy in front of it does not share, and the token must not go anywhere else.
    func resolve(link: String) -> String { Self.resolve(link: link, baseURL: endpoint.baseURL) }

    /// `resolve(link:)` against the v2 root `baseURL`.
    static func resolve(link: String, baseURL: String) -> String {
        var link = link
        if link.contains("://") || link.hasPrefix("//") {
            if let origin = URLOrigin(link), origin == URLOrigin(baseURL) { return URLOrigin.removingUserinfo(link).url }
            link = URLOrigin.pathAndQuery(of: link)
        }
        if link.hasPrefix("/v2/") || link == "/v2" { return baseURL + link.dropFirst(3) }
        if link.hasPrefix("/") { return URLBuilder.origin(of: baseURL) + link }
        return baseURL + "/" + link
    }

    /// GETs a JSON document.
    func getJSON(_ segments: [String], query: [(String, String)] = []) throws(OSIError) -> JSON {
        try session.send(HTTPRequest(method: .get, url: url(segments, query: query))).json()
    }

    /// Sends a JSON body and returns the JSON answer (nil for an empty body, e.g. 202/204).
    func sendJSON(_ method: HTTPMethod, _ segments: [String], body: JSON?, contentType: String = "application/json",
                  headers: [(String, String)] = []) throws(OSIError) -> JSON? {
        var request = HTTPRequest(method: method, url: url(segments), headers: headers)
        if let body {
            request.body = BytesBody(json: body)
            request.headers.append(("Content-Type", contentType))
        }
        let response = try session.send(request)
        return response.body.isEmpty ? nil : try response.json()
    }
}
