/// Turns normalized configuration layers into a validated `CloudConfig`: picks the region,
/// reads every setting with its default, and checks that the auth type has what it needs.
struct CloudConfigBuilder {
    /// Where the configuration came from, for messages.
    let source: ConfigSource
    /// The clouds.yaml entry name, nil for inline options and the environment.
    let cloudName: String?
    /// The home directory that `~` in file paths stands for.
    let home: String?

    /// Builds from `base` (a clouds.yaml entry, or an empty object) and `overrides` laid over
    /// it; the chosen region's `values` go between the two, as in openstacksdk. What is not
    /// set keeps the default of `CloudConfig.init`.
    func build(base: JSON, overrides: JSON) throws(OSIError) -> CloudConfig {
        let region = try RegionChoice(base.deepMerged(with: overrides), source: source)
        let values = ConfigValues(config: base.deepMerged(with: region.values).deepMerged(with: overrides), source: source)
        var config = try CloudConfig(cloudName: cloudName, authType: authType(values), auth: authSettings(values))
        config.regionName = region.name
        config.interface = try interface(values) ?? config.interface
        config.imageEndpointOverride = try values.string("image_endpoint_override")
        if config.authType == .none, config.imageEndpointOverride == nil {
            config.imageEndpointOverride = try values.authString("endpoint")
        }
        config.imageServiceType = try values.string("image_service_type") ?? config.imageServiceType
        config.tls = try tlsSettings(values)
        config.connectTimeout = try seconds(values, "connect_timeout") ?? config.connectTimeout
        config.stallTimeout = try seconds(values, "stall_timeout") ?? config.stallTimeout
        config.apiTimeout = try seconds(values, "api_timeout")
        let generalRetries = try count(values, "status_code_retries")
        config.statusCodeRetries = try count(values, "image_status_code_retries") ?? generalRetries ?? config.statusCodeRetries
        config.connectRetries = try count(values, "connect_retries") ?? config.connectRetries
        config.userAgent = try userAgent(values)
        config.limits = try limits(values)
        try checkCredentials(config)
        try checkURL(config.auth.authURL, "auth_url", inAuth: true)
        let overridden = try values.string("image_endpoint_override") != nil
        try checkURL(config.imageEndpointOverride, overridden ? "image_endpoint_override" : "endpoint", inAuth: !overridden)
        return config
    }

    /// `auth_type`, or when absent the type the credentials imply: an application credential
    /// id or secret means v3applicationcredential, a token without a password means token,
    /// anything else password.
    private func authType(_ values: ConfigValues) throws(OSIError) -> AuthType {
        if let name = try values.string("auth_type") {
            guard let type = AuthType(pluginName: name) else {
                throw OSIError(.unsupported, "\(source.label): auth_type '\(name)' is not supported (use one of \(AuthType.pluginNames))")
            }
            return type
        }
        let credentialID = try values.authString("application_credential_id")
        let credentialSecret = try values.authString("application_credential_secret")
        if credentialID != nil || credentialSecret != nil { return .applicationCredential }
        let token = try values.authString("token")
        let password = try values.authString("password")
        return token != nil && password == nil ? .token : .password
    }

    /// The `auth` section, with `domain_name`/`domain_id` standing in for unset user and
    /// project domains.
    private func authSettings(_ values: ConfigValues) throws(OSIError) -> AuthSettings {
        var auth = AuthSettings()
        auth.authURL = try values.authString("auth_url")
        auth.username = try values.authString("username")
        auth.userID = try values.authString("user_id")
        auth.password = try values.authString("password")
        auth.projectName = try values.authString("project_name")
        auth.projectID = try values.authString("project_id")
        auth.domainName = try values.authString("domain_name")
        auth.domainID = try values.authString("domain_id")
        auth.userDomainName = try values.authString("user_domain_name")
        auth.userDomainID = try values.authString("user_domain_id")
        if auth.userDomainName == nil, auth.userDomainID == nil {
            auth.userDomainName = auth.domainName
            auth.userDomainID = auth.domainID
        }
        auth.projectDomainName = try values.authString("project_domain_name")
        auth.projectDomainID = try values.authString("project_domain_id")
        if auth.projectDomainName == nil, auth.projectDomainID == nil {
            auth.projectDomainName = auth.domainName
            auth.projectDomainID = auth.domainID
        }
        auth.token = try headerText(values, "token", inAuth: true)
        auth.applicationCredentialID = try values.authString("application_credential_id")
        auth.applicationCredentialName = try values.authString("application_credential_name")
        auth.applicationCredentialSecret = try values.authString("application_credential_secret")
        return auth
    }

    /// Throws `.config` naming the first setting the auth type needs and lacks.
    private func checkCredentials(_ config: CloudConfig) throws(OSIError) {
        let auth = config.auth
        let hasUser = auth.username != nil || auth.userID != nil
        let missing: String?
        switch config.authType {
        case .password:
            missing = auth.authURL == nil ? spelled("auth_url")
                : !hasUser ? spelled("username", "user_id")
                : auth.password == nil ? spelled("password") : nil
        case .applicationCredential:
            let named = auth.applicationCredentialName != nil && hasUser
            missing = auth.authURL == nil ? spelled("auth_url")
                : auth.applicationCredentialSecret == nil ? spelled("application_credential_secret")
                : auth.applicationCredentialID == nil && !named
                    ? "\(spelled("application_credential_id")), or \(spelled("application_credential_name")) with \(spelled("username", "user_id"))"
                    : nil
        case .token:
            missing = auth.authURL == nil ? spelled("auth_url") : auth.token == nil ? spelled("token") : nil
        case .none:
            missing = config.imageEndpointOverride == nil ? spelled("image_endpoint_override", "endpoint") : nil
        }
        if let missing {
            throw OSIError(.config, "\(source.label): auth_type \(config.authType.rawValue) needs \(missing)")
        }
    }

    /// Keys as the user writes them in this source, joined by "or".
    private func spelled(_ keys: String...) -> String {
        keys.map { source.spelling(of: $0, inAuth: ConfigKeys.auth.contains($0)) }.joined(separator: " or ")
    }

    /// `image_interface`, else `interface`; "publicURL" and the like lose "URL". Nil when
    /// neither is set.
    private func interface(_ values: ConfigValues) throws(OSIError) -> String? {
        for key in ["image_interface", "interface"] {
            guard let text = try values.string(key) else { continue }
            var name = text.asciiLowercased()
            if name.hasSuffix("url") { name.removeLast(3) }
            guard ["public", "internal", "admin"].contains(name) else {
                throw OSIError(.config, "\(source.label): \(source.spelling(of: key)) '\(text)' is not one of public, internal, admin")
            }
            return name
        }
        return nil
    }

    /// `verify` (a boolean, or a CA bundle path that also means true), overruled by
    /// `insecure`; `cacert` wins over a path in `verify`. `~` in paths is expanded.
    private func tlsSettings(_ values: ConfigValues) throws(OSIError) -> TLSSettings {
        var tls = TLSSettings()
        if let verify = values.value("verify") {
            if let path = verify.string, ConfigValues.boolean(fromText: path) == nil, !path.isEmpty {
                tls.cacert = path
            } else if let flag = try values.boolean("verify") {
                tls.verify = flag
            }
        }
        if let insecure = try values.boolean("insecure") { tls.verify = !insecure }
        tls.cacert = try values.string("cacert") ?? tls.cacert
        tls.cert = try values.string("cert")
        tls.key = try values.string("key")
        tls.cacert = tls.cacert.map { ConfigFile.expandingTilde($0, home: home) }
        tls.cert = tls.cert.map { ConfigFile.expandingTilde($0, home: home) }
        tls.key = tls.key.map { ConfigFile.expandingTilde($0, home: home) }
        return tls
    }

    /// A timeout in seconds, inside `Bounds.timeout`.
    private func seconds(_ values: ConfigValues, _ key: String) throws(OSIError) -> Double? {
        guard let value = try values.number(key) else { return nil }
        guard Bounds.timeout.contains(value) else {
            throw OSIError(.config, "\(source.label): " + Bounds.timeout.refusal(source.spelling(of: key)))
        }
        return value
    }

    /// A retry count, from 0 to `Bounds.maximumRetries`.
    private func count(_ values: ConfigValues, _ key: String) throws(OSIError) -> Int? {
        guard let value = try values.integer(key) else { return nil }
        guard value >= 0, value <= Bounds.maximumRetries else {
            throw OSIError(.config, "\(source.label): \(source.spelling(of: key)) must be a whole number >= 0 and <= \(Bounds.maximumRetries)")
        }
        return value
    }

    /// Throws `.config` naming the key when `url` is not a usable base URL.
    private func checkURL(_ url: String?, _ key: String, inAuth: Bool) throws(OSIError) {
        guard let url, let problem = URLBuilder.baseURLProblem(url) else { return }
        throw OSIError(.config, "\(source.label): \(source.spelling(of: key, inAuth: inAuth)) \(problem): \(URLBuilder.printable(url))")
    }

    /// `app_name`, with "/" and `app_version` when both are set.
    private func userAgent(_ values: ConfigValues) throws(OSIError) -> String? {
        guard let name = try headerText(values, "app_name") else { return nil }
        guard let version = try headerText(values, "app_version") else { return name }
        return name + "/" + version
    }

    /// A setting that goes into a header, refused (`.config`) with control characters.
    private func headerText(_ values: ConfigValues, _ key: String, inAuth: Bool = false) throws(OSIError) -> String? {
        guard let text = try values.string(key, inAuth: inAuth) else { return nil }
        guard HeaderValue.isValid(text) else {
            throw OSIError(.config, "\(source.label): \(source.spelling(of: key, inAuth: inAuth)) must not contain control characters (CR, LF, NUL, TAB, ...)")
        }
        return text
    }
}
