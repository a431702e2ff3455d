/// How the client proves who it is.
public enum AuthType: String, Sendable {
    /// Keystone v3 password authentication.
    case password
    /// Keystone v3 application credential (id, or name with user, plus secret).
    case applicationCredential = "v3applicationcredential"
    /// An existing Keystone token.
    case token
    /// No authentication: requests go straight to the image endpoint override.
    case none

    /// The auth type for an `auth_type` value of clouds.yaml (keystoneauth plugin names such
    /// as `v3password` or `noauth` included, any ASCII case); nil when osimage has no such plugin.
    init?(pluginName: String) {
        switch pluginName.asciiLowercased() {
        case "password", "v3password": self = .password
        case "v3applicationcredential", "applicationcredential": self = .applicationCredential
        case "token", "v3token": self = .token
        case "none", "noauth": self = .none
        default: return nil
        }
    }

    /// The plugin names `init(pluginName:)` accepts, for messages.
    static let pluginNames = "password, v3password, v3applicationcredential, applicationcredential, token, v3token, none, noauth"
}
