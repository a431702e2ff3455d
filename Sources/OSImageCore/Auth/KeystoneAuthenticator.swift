/// Gets tokens from Keystone v3 (`POST /v3/auth/tokens`) for the password,
/// application-credential and token methods.
struct KeystoneAuthenticator: Sendable {
    let auth: AuthSettings
    let authType: AuthType
    let http: HTTPClient

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

    /// Asks Keystone for a new token.
    func authenticate(log: RequestLog?) throws(OSIError) -> KeystoneToken {
        let url = try identityURL + "/auth/tokens"
        let body = try requestBody()
        let request = HTTPRequest(method: .post, url: url, headers: [("Content-Type", "application/json")],
                                  body: BytesBody(json: body))
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
        guard let value = response.headers["x-subject-token"], !value.isEmpty else {
            throw OSIError(.internal, "the identity service answered without an X-Subject-Token header")
        }
        let token = try response.json()["token"]
        return KeystoneToken(value: value,
                             expiresAt: token?["expires_at"]?.string.flatMap(Clock.parseISO8601),
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
