/// Where a configuration came from, so that messages name it and spell keys the way the user
/// wrote them: `auth.password` in clouds.yaml and options, `OS_PASSWORD` in the environment.
enum ConfigSource: Equatable {
    /// An entry of a clouds.yaml file.
    case cloud(name: String, file: String)
    /// Keys given inline in the options object.
    case options
    /// OS_* environment variables.
    case environment

    /// How messages introduce this source, e.g. "cloud 'dev' (/etc/openstack/clouds.yaml)".
    var label: String {
        switch self {
        case .cloud(let name, let file): "cloud '\(name)' (\(file))"
        case .options: "options"
        case .environment: "environment"
        }
    }

    /// How the user writes `key` (a top-level key, or one of the `auth` section).
    func spelling(of key: String, inAuth: Bool = false) -> String {
        switch self {
        case .environment: "OS_" + key.uppercased()
        case .cloud, .options: inAuth ? "auth." + key : key
        }
    }

    /// An `.invalidArgument` error for a value of the wrong JSON type. It names the key and
    /// the type found, never the value (it may be a secret).
    func typeError(_ key: String, inAuth: Bool = false, expected: String, found: JSON) -> OSIError {
        let kind = found.isObject ? "a mapping" : found.isArray ? "a list" : found.isString ? "a string"
            : found.isNumber ? "a number" : found.isBool ? "a boolean" : "null"
        let hint = found.isBool && expected == "a string" ? " (quote it in YAML: yes/no/on/off are booleans there)" : ""
        return .invalidArgument("\(label): \(spelling(of: key, inAuth: inAuth)) must be \(expected), not \(kind)\(hint)")
    }
}
