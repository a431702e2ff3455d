import Testing
@testable import OSImageCore

/// Inline options: every setting, the auth types, validation and type errors.
@Suite struct CloudConfigTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func load(_ text: String) throws -> CloudConfig {
        try loadConfig(text, in: directory)
    }

    private func error(_ text: String) throws -> OSIError? {
        try loadError(text, in: directory)
    }

    private let password = #""auth_url": "https://keystone:5000/v3", "username": "demo", "password": "s3cret""#

    @Test func readsEverySettingFromInlineOptions() throws {
        let config = try load("""
            {"auth_type": "password", "region_name": "RegionTwo", "interface": "internal",
             "auth": {"auth_url": "https://keystone:5000/v3", "username": "demo", "user_id": "u1", "password": "s3cret",
                      "user_domain_name": "Users", "user_domain_id": "ud", "project_name": "demo-project", "project_id": "p1",
                      "project_domain_name": "Projects", "project_domain_id": "pd", "domain_name": "D", "domain_id": "d"},
             "image_endpoint_override": "https://glance:9292", "image_service_type": "image-v2",
             "verify": true, "cacert": "/ca.pem", "cert": "/client.pem", "key": "/client.key",
             "connect_timeout": 5, "stall_timeout": 7.5, "api_timeout": 120, "status_code_retries": 2,
             "connect_retries": 1, "app_name": "mirror", "app_version": "1.2", "compute_api_version": "2.1"}
            """)
        var auth = AuthSettings()
        auth.authURL = "https://keystone:5000/v3"
        auth.username = "demo"
        auth.userID = "u1"
        auth.password = "s3cret"
        auth.userDomainName = "Users"
        auth.userDomainID = "ud"
        auth.projectName = "demo-project"
        auth.projectID = "p1"
        auth.projectDomainName = "Projects"
        auth.projectDomainID = "pd"
        auth.domainName = "D"
        auth.domainID = "d"
        let expected = CloudConfig(
            cloudName: nil, authType: .password, auth: auth, regionName: "RegionTwo", interface: "internal",
            imageEndpointOverride: "https://glance:9292", imageServiceType: "image-v2",
            tls: TLSSettings(verify: true, cacert: "/ca.pem", cert: "/client.pem", key: "/client.key"),
            connectTimeout: 5, stallTimeout: 7.5, apiTimeout: 120, statusCodeRetries: 2, connectRetries: 1,
            userAgent: "mirror/1.2")
        #expect(config == expected)
    }

    @Test func appliesDefaults() throws {
        let config = try load("{\(password)}")
        #expect(config.authType == .password)
        #expect(config.cloudName == nil)
        #expect(config.regionName == nil)
        #expect(config.interface == "public")
        #expect(config.imageEndpointOverride == nil)
        #expect(config.imageServiceType == "image")
        #expect(config.tls == TLSSettings(verify: true, cacert: nil, cert: nil, key: nil))
        #expect(config.connectTimeout == 30)
        #expect(config.stallTimeout == 60)
        #expect(config.apiTimeout == nil)
        #expect(config.statusCodeRetries == 5)
        #expect(config.connectRetries == 2)
        #expect(config.userAgent == nil)
        #expect(config.auth.username == "demo")
        #expect(config.auth.password == "s3cret")
    }

    @Test func acceptsTopLevelAuthKeysDashesAndTenantNames() throws {
        let config = try load("""
            {"auth-url": "https://k/v3", "user-id": "u1", "password": "p", "tenant-name": "legacy", "tenant_id": "t1",
             "auth": {"password": "loses to the top level", "project_name": "loses to tenant at the top"}}
            """)
        #expect(config.auth.authURL == "https://k/v3")
        #expect(config.auth.userID == "u1")
        #expect(config.auth.password == "p")
        #expect(config.auth.projectName == "legacy")
        #expect(config.auth.projectID == "t1")
        let current = try load(#"{"auth": {"auth_url": "http://u", "username": "x", "password": "p", "project_name": "new", "tenant_name": "old"}}"#)
        #expect(current.auth.projectName == "new")
    }

    @Test func domainStandsInForUnsetUserAndProjectDomains() throws {
        let config = try load(#"{\#(password), "domain_id": "default", "user_domain_name": "Users"}"#)
        #expect(config.auth.userDomainName == "Users")
        #expect(config.auth.userDomainID == nil)
        #expect(config.auth.projectDomainID == "default")
        #expect(config.auth.projectDomainName == nil)
        #expect(config.auth.domainID == "default")
    }

    @Test(arguments: [
        ("password", AuthType.password), ("v3password", .password), ("V3Password", .password),
        ("token", .token), ("v3token", .token),
        ("v3applicationcredential", .applicationCredential), ("applicationcredential", .applicationCredential),
        ("none", .none), ("noauth", .none),
    ])
    func readsAuthTypeNames(name: String, type: AuthType) throws {
        let config = try load("""
            {"auth_type": "\(name)", "auth_url": "https://k/v3", "username": "u", "password": "p", "token": "t",
             "application_credential_id": "ac", "application_credential_secret": "s", "endpoint": "https://glance"}
            """)
        #expect(config.authType == type)
    }

    @Test func infersTheAuthTypeFromTheCredentials() throws {
        #expect(try load(#"{"auth_url": "http://u", "application_credential_id": "ac", "application_credential_secret": "s"}"#).authType == .applicationCredential)
        #expect(try load(#"{"auth_url": "http://u", "application_credential_name": "n", "username": "x", "application_credential_secret": "s", "password": "p"}"#).authType == .applicationCredential)
        #expect(try load(#"{"auth_url": "http://u", "token": "t"}"#).authType == .token)
        #expect(try load(#"{"auth_url": "http://u", "token": "t", "username": "x", "password": "p"}"#).authType == .password)
        #expect(try load("{\(password)}").authType == .password)
    }

    @Test func readsEachAuthType() throws {
        let credential = try load(#"{"auth_url": "http://u", "application_credential_id": "ac", "application_credential_secret": "s"}"#)
        #expect(credential.auth.applicationCredentialID == "ac")
        #expect(credential.auth.applicationCredentialSecret == "s")
        let named = try load(#"{"auth_url": "http://u", "application_credential_name": "n", "user_id": "x", "application_credential_secret": "s"}"#)
        #expect(named.auth.applicationCredentialName == "n")
        #expect(named.auth.userID == "x")
        let token = try load(#"{"auth_type": "token", "auth": {"auth_url": "http://u", "token": "gAAAA"}}"#)
        #expect(token.auth.token == "gAAAA")
        let none = try load(#"{"auth_type": "none", "auth": {"endpoint": "http://glance:9292"}}"#)
        #expect(none.imageEndpointOverride == "http://glance:9292")
        let both = try load(#"{"auth_type": "noauth", "endpoint": "http://a", "image_endpoint_override": "http://b"}"#)
        #expect(both.imageEndpointOverride == "http://b")
        let passwordWithEndpoint = try load(#"{\#(password), "endpoint": "http://ignored"}"#)
        #expect(passwordWithEndpoint.imageEndpointOverride == nil)
    }

    @Test func refusesUnknownAuthTypes() throws {
        let error = try error(#"{\#(password), "auth_type": "v3oidcpassword"}"#)
        #expect(error?.code == .unsupported)
        #expect(error?.message == "options: auth_type 'v3oidcpassword' is not supported (use one of \(AuthType.pluginNames))")
    }

    @Test(arguments: [
        (#"{"username": "u", "password": "p"}"#, "options: auth_type password needs auth.auth_url"),
        (#"{"auth_url": "http://u", "password": "p"}"#, "options: auth_type password needs auth.username or auth.user_id"),
        (#"{"auth_url": "http://u", "username": "x"}"#, "options: auth_type password needs auth.password"),
        (#"{"auth_type": "v3applicationcredential", "auth_url": "http://u", "application_credential_id": "a"}"#,
         "options: auth_type v3applicationcredential needs auth.application_credential_secret"),
        (#"{"auth_url": "http://u", "application_credential_secret": "s"}"#,
         "options: auth_type v3applicationcredential needs auth.application_credential_id, or auth.application_credential_name with auth.username or auth.user_id"),
        (#"{"auth_url": "http://u", "application_credential_secret": "s", "application_credential_name": "n"}"#,
         "options: auth_type v3applicationcredential needs auth.application_credential_id, or auth.application_credential_name with auth.username or auth.user_id"),
        (#"{"application_credential_id": "a", "application_credential_secret": "s"}"#, "options: auth_type v3applicationcredential needs auth.auth_url"),
        (#"{"auth_type": "token", "auth_url": "http://u"}"#, "options: auth_type token needs auth.token"),
        (#"{"auth_type": "token", "token": "t"}"#, "options: auth_type token needs auth.auth_url"),
        (#"{"auth_type": "none"}"#, "options: auth_type none needs image_endpoint_override or auth.endpoint"),
        ("{}", "options: auth_type password needs auth.auth_url"),
    ])
    func namesWhatIsMissing(text: String, message: String) throws {
        let error = try error(text)
        #expect(error?.code == .config)
        #expect(error?.message == message)
    }

    @Test(arguments: [
        (#"{"auth": "x"}"#, "options: auth must be a mapping, not a string"),
        (#"{"auth": ["x"]}"#, "options: auth must be a mapping, not a list"),
        (#"{"connect_timeout": "soon"}"#, "options: connect_timeout must be a number, not a string"),
        (#"{"api_timeout": true}"#, "options: api_timeout must be a number, not a boolean"),
        (#"{"stall_timeout": {}}"#, "options: stall_timeout must be a number, not a mapping"),
        (#"{"connect_retries": 1.5}"#, "options: connect_retries must be a whole number, not a number"),
        (#"{"status_code_retries": "many"}"#, "options: status_code_retries must be a whole number, not a string"),
        (#"{"region_name": ["a"]}"#, "options: region_name must be a string, not a list"),
        (#"{"insecure": "maybe"}"#, "options: insecure must be true or false, not a string"),
        (#"{"verify": 2}"#, "options: verify must be true or false, not a number"),
        (#"{"regions": "RegionOne"}"#, "options: regions must be a list, not a string"),
        (#"{"auth": {"project_name": true}}"#, "options: auth.project_name must be a string, not a boolean (quote it in YAML: yes/no/on/off are booleans there)"),
        (#"{"auth_url": {"x": 1}}"#, "options: auth.auth_url must be a string, not a mapping"),
    ])
    func namesKeysOfTheWrongType(text: String, message: String) throws {
        let error = try error("{\(password), " + text.dropFirst())
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == message)
    }

    @Test func refusesOptionsThatAreNotAnObject() throws {
        let error = thrownError { () throws(OSIError) in try CloudConfigLoader.load(options: .strings(["x"]), environment: Environment([:])) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "options must be a JSON object")
    }

    @Test func acceptsNumbersWrittenAsText() throws {
        let config = try load(#"{\#(password), "connect_timeout": "12", "stall_timeout": " 2.5 ", "api_timeout": "30", "connect_retries": "0", "status_code_retries": 3.0, "project_id": 12345}"#)
        #expect(config.connectTimeout == 12)
        #expect(config.stallTimeout == 2.5)
        #expect(config.apiTimeout == 30)
        #expect(config.connectRetries == 0)
        #expect(config.statusCodeRetries == 3)
        #expect(config.auth.projectID == "12345")
    }

    @Test func refusesTimeoutsAndRetriesOutOfRange() throws {
        let seconds = "a number of seconds > 0 and <= 31536000"
        #expect(try error(#"{\#(password), "connect_timeout": 0}"#)?.message == "options: connect_timeout must be \(seconds)")
        #expect(try error(#"{\#(password), "api_timeout": "-1"}"#)?.message == "options: api_timeout must be \(seconds)")
        #expect(try error(#"{\#(password), "connect_retries": -1}"#)?.message == "options: connect_retries must be a whole number >= 0 and <= 100")
        #expect(try error(#"{\#(password), "connect_timeout": "inf"}"#)?.message == "options: connect_timeout must be \(seconds)")
        #expect(try error(#"{\#(password), "connect_timeout": "soon"}"#)?.message == "options: connect_timeout must be a number, not a string")
    }

    @Test func prefersImageStatusCodeRetries() throws {
        #expect(try load(#"{\#(password), "status_code_retries": 2, "image_status_code_retries": 7}"#).statusCodeRetries == 7)
        #expect(try load(#"{\#(password), "status_code_retries": 2}"#).statusCodeRetries == 2)
    }

    @Test func neverPutsSecretsIntoMessages() throws {
        let secrets = ["hunter2", "tok-123", "app-secret"]
        let texts = [
            #"{"auth_url": "http://u", "username": "x", "password": "hunter2", "auth_type": "bogus"}"#,
            #"{"auth_url": "http://u", "password": "hunter2"}"#,
            #"{"token": "tok-123", "auth_type": "token"}"#,
            #"{"application_credential_secret": "app-secret", "auth_url": "http://u"}"#,
            #"{"password": "hunter2", "connect_timeout": "hunter2"}"#,
        ]
        for text in texts {
            let message = try #require(try error(text)).description
            for secret in secrets { #expect(!message.contains(secret), "\(message)") }
        }
    }

    @Test func redactsSecretsWhenPrinted() throws {
        let config = try load(#"{\#(password), "token": "tok-123", "application_credential_secret": "app-secret", "auth_type": "password"}"#)
        for text in [String(describing: config), "\(config.auth)", String(reflecting: config)] {
            #expect(!text.contains("s3cret"))
            #expect(!text.contains("tok-123"))
            #expect(!text.contains("app-secret"))
            #expect(text.contains("<redacted>"))
            #expect(text.contains("https://keystone:5000/v3"))
        }
    }

    @Test(arguments: [
        (#""interface": "publicURL""#, "public"), (#""interface": "internalURL""#, "internal"), (#""interface": "adminURL""#, "admin"),
        (#""interface": "Internal""#, "internal"), (#""endpoint_type": "internalURL""#, "internal"),
        (#""interface": "admin", "endpoint_type": "internal""#, "admin"),
        (#""interface": "admin", "image_interface": "internal""#, "internal"),
    ])
    func mapsInterfaces(text: String, interface: String) throws {
        #expect(try load("{\(password), \(text)}").interface == interface)
    }

    @Test func refusesUnknownInterfaces() throws {
        let error = try error(#"{\#(password), "image_interface": "private"}"#)
        #expect(error?.code == .config)
        #expect(error?.message == "options: image_interface 'private' is not one of public, internal, admin")
    }

    @Test(arguments: [
        (#""verify": false"#, TLSSettings(verify: false)),
        (#""verify": "False""#, TLSSettings(verify: false)),
        (#""verify": "/etc/ssl/private-ca.pem""#, TLSSettings(verify: true, cacert: "/etc/ssl/private-ca.pem")),
        (#""verify": "/ignored.pem", "cacert": "/ca.pem""#, TLSSettings(verify: true, cacert: "/ca.pem")),
        (#""insecure": true"#, TLSSettings(verify: false)),
        (#""insecure": "yes", "verify": true"#, TLSSettings(verify: false)),
        (#""insecure": false, "verify": false"#, TLSSettings(verify: true)),
        (#""verify": 0"#, TLSSettings(verify: false)),
        (#""cacert": "~/ca.pem", "cert": "~/c.pem", "key": "/k.pem""#, TLSSettings(verify: true, cacert: "/home/me/ca.pem", cert: "/home/me/c.pem", key: "/k.pem")),
    ])
    func readsTLSSettings(text: String, tls: TLSSettings) throws {
        let config = try loadConfig("{\(password), \(text)}", in: directory, environment: ["HOME": "/home/me"])
        #expect(config.tls == tls)
    }

    @Test func buildsTheUserAgentPrefix() throws {
        #expect(try load(#"{\#(password), "app_name": "mirror"}"#).userAgent == "mirror")
        #expect(try load(#"{\#(password), "app_name": "mirror", "app_version": 2}"#).userAgent == "mirror/2")
        #expect(try load(#"{\#(password), "app_version": "2"}"#).userAgent == nil)
    }

    @Test func choosesTheRegionFromTheRegionsList() throws {
        let regions = #""regions": ["RegionOne", {"name": "RegionTwo", "values": {"interface": "internal", "image-endpoint-override": "https://two"}}]"#
        let first = try load("{\(password), \(regions)}")
        #expect(first.regionName == "RegionOne")
        #expect(first.interface == "public")
        let second = try load(#"{\#(password), \#(regions), "region_name": "RegionTwo"}"#)
        #expect(second.regionName == "RegionTwo")
        #expect(second.interface == "internal")
        #expect(second.imageEndpointOverride == "https://two")
        let explicit = try load(#"{\#(password), \#(regions), "region_name": "RegionTwo", "interface": "admin"}"#)
        #expect(explicit.interface == "admin")
        let error = try error(#"{\#(password), \#(regions), "region_name": "RegionNine"}"#)
        #expect(error?.code == .config)
        #expect(error?.message == "options: region 'RegionNine' is not one of its regions (RegionOne, RegionTwo)")
        #expect(try load(#"{\#(password), "regions": [], "region_name": "Any"}"#).regionName == "Any")
    }

    @Test func treatsNullAndEmptyTextAsUnset() throws {
        let config = try load(#"{\#(password), "region_name": "", "interface": null, "api_timeout": "", "user_id": null}"#)
        #expect(config.regionName == nil)
        #expect(config.interface == "public")
        #expect(config.apiTimeout == nil)
        #expect(config.auth.userID == nil)
    }
}
