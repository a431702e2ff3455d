/// Credentials and scope from the `auth` section; which ones are needed depends on the
/// `AuthType`. Printing or dumping a value shows `<redacted>` for the password, token and
/// application credential secret.
public struct AuthSettings: Sendable, Equatable {
    /// Keystone's URL (`auth_url`).
    public var authURL: String?
    /// The user's name (`username`).
    public var username: String?
    /// The user's ID (`user_id`).
    public var userID: String?
    /// The user's password (`password`).
    public var password: String?
    /// The name of the user's domain (`user_domain_name`, else `domain_name`).
    public var userDomainName: String?
    /// The ID of the user's domain (`user_domain_id`, else `domain_id`).
    public var userDomainID: String?
    /// The project to scope to (`project_name`, or `tenant_name`).
    public var projectName: String?
    /// The project to scope to (`project_id`, or `tenant_id`).
    public var projectID: String?
    /// The name of the project's domain (`project_domain_name`, else `domain_name`).
    public var projectDomainName: String?
    /// The ID of the project's domain (`project_domain_id`, else `domain_id`).
    public var projectDomainID: String?
    /// `domain_name` as written: already copied into the user and project domain when those
    /// were unset; on its own (no project) it asks for a domain-scoped token.
    public var domainName: String?
    /// `domain_id` as written; see `domainName`.
    public var domainID: String?
    /// An existing token (`token`).
    public var token: String?
    /// The application credential's ID (`application_credential_id`).
    public var applicationCredentialID: String?
    /// The application credential's name (`application_credential_name`, needs a user).
    public var applicationCredentialName: String?
    /// The application credential's secret (`application_credential_secret`).
    public var applicationCredentialSecret: String?

    /// Settings with nothing set.
    public init() {}
}

extension AuthSettings: CustomReflectable {
    /// The fields with secrets replaced by `<redacted>`, so `print`, `dump` and string
    /// interpolation never show them.
    public var customMirror: Mirror {
        let redacted: (String?) -> String? = { $0 == nil ? nil : "<redacted>" }
        return Mirror(self, children: [
            "authURL": authURL as Any, "username": username as Any, "userID": userID as Any,
            "password": redacted(password) as Any,
            "userDomainName": userDomainName as Any, "userDomainID": userDomainID as Any,
            "projectName": projectName as Any, "projectID": projectID as Any,
            "projectDomainName": projectDomainName as Any, "projectDomainID": projectDomainID as Any,
            "domainName": domainName as Any, "domainID": domainID as Any,
            "token": redacted(token) as Any,
            "applicationCredentialID": applicationCredentialID as Any,
            "applicationCredentialName": applicationCredentialName as Any,
            "applicationCredentialSecret": redacted(applicationCredentialSecret) as Any,
        ], displayStyle: .struct)
    }
}
