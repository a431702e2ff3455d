/// Gets tokens from Keystone v3 (`POST /v3/auth/tokens`) for the password,
/// application-credential and token methods.
struct KeystoneAuthenticator: Sendable {
    let auth: AuthSettings
    let authType: AuthType
    let http: HTTPClient
    /// Basic-auth credentials from the userinfo of auth_url (which no longer carries them).
    var basicUser: String?
    var basicPassword: String?

    /// The `.../v3` URL of the identity service.
    var identityURL: String {
        get throws(OSIError) {
            guard var url = auth.authURL, !url.isEmpty else { throw OSIError(.config, "auth_url is required for auth_type \(authType.rawValue)") }
            while url.hasSuffix("/") { url.removeLast() }
            if url.hasSuffix("/v3") { return url }
            if url.hasSuffix("/v2.0") { throw OSIError(.unsupported, "Keystone v2.0 is not supported; use a v3 auth_url") }
            return url + "/v3"
        }
    }

    /// Asks Keystone for a new token, within `deadline` (monotonic seconds) when given.
    /// Keystone's answer must be a 2xx: a redirect or an error status is an error.
    func authenticate(log: RequestLog?, deadline: Double? = nil) throws(OSIError) -> KeystoneToken {
        let url = try identityURL + "/auth/tokens"
        let body = try requestBody()
        var request = HTTPRequest(method: .post, url: url, headers: [("Content-Type", "application/json")],
                                  body: BytesBody(json: body))
        request.deadline = deadline
        request.user = basicUser
        request.password = basicPassword
        let response: HTTPResponse
        do {
            response = try http.perform(request)
        } catch {
            try log?.failed(request, error)
            throw error.prefixed("reaching the identity service")
        }
        try log?.completed(request, response)
        guard (200..<300).contains(response.status) else {
            let detail = ServerMessage.extract(from: response.body, contentType: response.headers["content-type"],
                                               fallback: "HTTP \(response.status)")
            throw OSIError(httpStatus: response.status, context: .identity,
                           message: "the identity service refused the credentials: \(detail)",
                           requestID: response.requestID, method: "POST", url: url)
        }
        return try Self.token(from: response, url: url)
    }

    /// The token of a 2xx answer to POST /v3/auth/tokens: X-Subject-Token plus the body's
    /// `token` (expiry, catalog, project, user); an already expired token is `.auth`.
    static func token(from response: HTTPResponse, url: String) throws(OSIError) -> KeystoneToken {
        guard let value = response.headers["x-subject-token"], !value.isEmpty else {
            throw OSIError(.internal, "the identity service answered without an X-Subject-Token header")
        }
        let token = try response.json()["token"]
        let expiresAt = token?["expires_at"]?.string.flatMap(Clock.parseISO8601)
        if let expiresAt, expiresAt <= Clock.wallClock() {
            // Using it would fail with 401 and ask for another, just as dead: stop here.
            var error = OSIError(.auth, "the identity service issued a token that had already expired "
                + "(expires_at \(token?["expires_at"]?.string ?? "?")); check the clocks of this host and of Keystone")
            error.method = "POST"
            error.url = url
            error.requestID = response.requestID
            throw error
        }
        return KeystoneToken(value: value,
                             expiresAt: expiresAt,
                             catalog: token?["catalog"],
                             projectID: token?["project"]?["id"]?.string,
                             userID: token?["user"]?["id"]?.string)
    }

    /// The JSON document of the token request for this auth type.
    func requestBody() throws(OSIError) -> JSON {
        let identity: JSON
        var scoped = true
        switch authType {
        case .password:
            guard let password = auth.password else { throw OSIError(.config, "auth_type password needs a password") }
            identity = .object(["methods": .strings(["password"]),
                                "password": .object(["user": try user(with: password)])])
        case .applicationCredential:
            guard let secret = auth.applicationCredentialSecret else {
                throw OSIError(.config, "auth_type v3applicationcredential needs application_credential_secret")
            }
            let credential = JSON.object(["secret": .string(secret)])
            if let id = auth.applicationCredentialID {
                credential.set("id", .string(id))
            } else if let name = auth.applicationCredentialName {
                credential.set("name", .string(name))
                credential.set("user", try user(with: nil))
            } else {
                throw OSIError(.config, "auth_type v3applicationcredential needs application_credential_id or _name")
            }
            identity = .object(["methods": .strings(["application_credential"]), "application_credential": credential])
            // An application credential carries its own scope; Keystone refuses another one.
            scoped = false
        case .token:
            guard let token = auth.token else { throw OSIError(.config, "auth_type token needs a token") }
            identity = .object(["methods": .strings(["token"]), "token": .object(["id": .string(token)])])
        case .none:
            throw OSIError(.internal, "auth_type none does not talk to Keystone")
        }
        let authDocument = JSON.object(["identity": identity])
        if scoped, let scope = projectScope() { authDocument.set("scope", scope) }
        return .object(["auth": authDocument])
    }

    private func user(with password: String?) throws(OSIError) -> JSON {
        let user = JSON.object()
        if let id = auth.userID {
            user.set("id", .string(id))
        } else if let name = auth.username {
            user.set("name", .string(name))
            user.set("domain", domain(name: auth.userDomainName, id: auth.userDomainID))
        } else {
            throw OSIError(.config, "auth needs username or user_id")
        }
        if let password { user.set("password", .string(password)) }
        return user
    }

    private func projectScope() -> JSON? {
        if let id = auth.projectID { return .object(["project": .object(["id": .string(id)])]) }
        if let name = auth.projectName {
            return .object(["project": .object(["name": .string(name),
                                                "domain": domain(name: auth.projectDomainName, id: auth.projectDomainID)])])
        }
        if auth.domainID != nil || auth.domainName != nil {
            return .object(["domain": domain(name: auth.domainName, id: auth.domainID)])
        }
        return nil
    }

    /// A domain reference: the specific name/id, else domain_name/domain_id, else "default".
    private func domain(name: String?, id: String?) -> JSON {
        if let id = id ?? (name == nil ? auth.domainID : nil) { return .object(["id": .string(id)]) }
        if let name = name ?? auth.domainName { return .object(["name": .string(name)]) }
        return .object(["id": .string("default")])
    }
}
