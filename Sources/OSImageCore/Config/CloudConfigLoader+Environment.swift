extension CloudConfigLoader {
    /// Loads from the environment. OS_CLOUD names a clouds.yaml entry (OS_REGION_NAME then
    /// picks its region); otherwise every setting comes from OS_<KEY> for the key's name in
    /// clouds.yaml: OS_AUTH_URL, OS_USERNAME, OS_USER_ID, OS_PASSWORD, OS_PROJECT_NAME (or
    /// OS_TENANT_NAME), OS_PROJECT_ID (or OS_TENANT_ID), OS_USER_DOMAIN_NAME/_ID,
    /// OS_PROJECT_DOMAIN_NAME/_ID, OS_DOMAIN_NAME/_ID, OS_REGION_NAME, OS_INTERFACE (or
    /// OS_ENDPOINT_TYPE), OS_AUTH_TYPE, OS_TOKEN, OS_APPLICATION_CREDENTIAL_ID/_NAME/_SECRET,
    /// OS_CACERT, OS_CERT, OS_KEY, OS_INSECURE, OS_IMAGE_ENDPOINT_OVERRIDE, OS_ENDPOINT,
    /// OS_API_TIMEOUT, OS_CONNECT_TIMEOUT, OS_STALL_TIMEOUT and so on. Empty variables count
    /// as unset; with none set the error says what to set.
    public static func loadFromEnvironment(_ environment: Environment) throws(OSIError) -> CloudConfig {
        try loadFromEnvironment(search: ConfigFileSearch(environment: environment))
    }

    /// `loadFromEnvironment(_:)` with the places to search for files given.
    static func loadFromEnvironment(search: ConfigFileSearch) throws(OSIError) -> CloudConfig {
        let environment = search.environment
        if let cloud = environment.nonEmpty("OS_CLOUD") {
            let options = JSON.object(["cloud": .string(cloud)])
            if let region = environment.nonEmpty("OS_REGION_NAME") { options.set("region_name", .string(region)) }
            return try load(options: options, search: search)
        }
        let options = JSON.object()
        for key in ConfigKeys.settings + ConfigKeys.auth + ConfigKeys.aliases.map(\.old) {
            if let value = environment.nonEmpty("OS_" + key.uppercased()) { options.set(key, .string(value)) }
        }
        guard options.members?.contains(where: { $0.key != "region_name" }) ?? false else {
            throw OSIError(.config, "environment: no cloud configured: set OS_CLOUD to a clouds.yaml entry, "
                + "or OS_AUTH_URL with credentials (or OS_AUTH_TYPE=none with OS_ENDPOINT)")
        }
        let overrides = try ConfigKeys.normalized(options, source: .environment)
        return try CloudConfigBuilder(source: .environment, cloudName: nil, home: environment.homeDirectory)
            .build(base: .object(), overrides: overrides)
    }
}
