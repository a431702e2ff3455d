/// Loads a `CloudConfig` the way openstacksdk users already write their configuration: a
/// clouds.yaml entry (plus secure.yaml), inline options, or OS_* environment variables.
///
/// Key spellings follow openstacksdk: `-` and `_` are the same, `tenant_*` means `project_*`,
/// auth keys may stand at the top level instead of in `auth`, and unknown keys are ignored
/// (clouds.yaml carries settings for other services). Missing credentials are `.config`
/// errors, values of the wrong type `.invalidArgument` errors naming the key, an unknown
/// auth_type `.unsupported`. No message ever contains a password, token or secret.
public enum CloudConfigLoader {
    /// Loads from a JSON options object: either {"cloud": "<name>", ...overrides}, naming an
    /// entry of clouds.yaml with the overrides deep-merged on top (e.g.
    /// {"cloud": "x", "auth": {"password": "p"}}), or the same keys inline without "cloud", in
    /// which case no clouds.yaml is read. With "cloud", "config_file" names a clouds.yaml to
    /// use instead of the search path and "secure_file" a secure.yaml (both must exist).
    /// `environment` supplies the search path and the home directory. The options are not changed.
    public static func load(options: JSON, environment: Environment) throws(OSIError) -> CloudConfig {
        try load(options: options, search: ConfigFileSearch(environment: environment))
    }

    /// `load(options:environment:)` with the places to search for files given.
    static func load(options: JSON, search: ConfigFileSearch) throws(OSIError) -> CloudConfig {
        guard options.isObject else { throw .invalidArgument("options must be a JSON object") }
        try options.checkBounds(what: "options")
        let controls = ConfigValues(config: options, source: .options)
        let home = search.environment.homeDirectory
        let overrides = try ConfigKeys.normalized(options, source: .options)
        guard let cloudName = try controls.string("cloud") else {
            return try CloudConfigBuilder(source: .options, cloudName: nil, home: home).build(base: .object(), overrides: overrides)
        }
        let file = try CloudsFile.load(
            configFile: controls.string("config_file").map(search.expandingTilde),
            secureFile: controls.string("secure_file").map(search.expandingTilde),
            search: search, cloudName: cloudName)
        let source = ConfigSource.cloud(name: cloudName, file: file.path)
        let entry = try ConfigKeys.normalized(file.entry(named: cloudName), source: source)
        return try CloudConfigBuilder(source: source, cloudName: cloudName, home: home).build(base: entry, overrides: overrides)
    }
}
