import Glibc
import Testing
@testable import OSImageCore

/// Configuration from OS_* variables, OS_CLOUD, and the Environment value itself.
@Suite struct EnvironmentConfigTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func load(_ variables: [String: String]) throws -> CloudConfig {
        try CloudConfigLoader.loadFromEnvironment(search: directory.search(variables))
    }

    private func error(_ variables: [String: String]) -> OSIError? {
        let search = directory.search(variables)
        return thrownError { () throws(OSIError) in try CloudConfigLoader.loadFromEnvironment(search: search) }
    }

    @Test func readsEveryVariable() throws {
        let config = try load([
            "OS_AUTH_URL": "https://keystone:5000/v3", "OS_USERNAME": "demo", "OS_USER_ID": "u1", "OS_PASSWORD": "pw",
            "OS_TENANT_NAME": "legacy-project", "OS_TENANT_ID": "t1",
            "OS_USER_DOMAIN_NAME": "Users", "OS_USER_DOMAIN_ID": "ud", "OS_PROJECT_DOMAIN_NAME": "Projects", "OS_PROJECT_DOMAIN_ID": "pd",
            "OS_DOMAIN_NAME": "D", "OS_DOMAIN_ID": "d", "OS_REGION_NAME": "RegionTwo", "OS_ENDPOINT_TYPE": "internalURL",
            "OS_AUTH_TYPE": "v3password", "OS_CACERT": "~/ca.pem", "OS_CERT": "/c.pem", "OS_KEY": "/k.pem",
            "OS_IMAGE_ENDPOINT_OVERRIDE": "https://glance:9292", "OS_API_TIMEOUT": "90", "OS_CONNECT_TIMEOUT": "4.5",
            "OS_STALL_TIMEOUT": "20", "OS_STATUS_CODE_RETRIES": "1", "OS_APP_NAME": "tool",
        ])
        #expect(config.cloudName == nil)
        #expect(config.authType == .password)
        #expect(config.auth.authURL == "https://keystone:5000/v3")
        #expect(config.auth.username == "demo")
        #expect(config.auth.userID == "u1")
        #expect(config.auth.password == "pw")
        #expect(config.auth.projectName == "legacy-project")
        #expect(config.auth.projectID == "t1")
        #expect(config.auth.userDomainName == "Users")
        #expect(config.auth.userDomainID == "ud")
        #expect(config.auth.projectDomainName == "Projects")
        #expect(config.auth.projectDomainID == "pd")
        #expect(config.auth.domainName == "D")
        #expect(config.auth.domainID == "d")
        #expect(config.regionName == "RegionTwo")
        #expect(config.interface == "internal")
        #expect(config.tls == TLSSettings(verify: true, cacert: directory.subpath("home/ca.pem"), cert: "/c.pem", key: "/k.pem"))
        #expect(config.imageEndpointOverride == "https://glance:9292")
        #expect(config.apiTimeout == 90)
        #expect(config.connectTimeout == 4.5)
        #expect(config.stallTimeout == 20)
        #expect(config.statusCodeRetries == 1)
        #expect(config.userAgent == "tool")
    }

    @Test func prefersCurrentNamesOverOldOnes() throws {
        let config = try load([
            "OS_AUTH_URL": "http://u", "OS_USERNAME": "x", "OS_PASSWORD": "p", "OS_PROJECT_NAME": "new", "OS_TENANT_NAME": "old",
            "OS_INTERFACE": "admin", "OS_ENDPOINT_TYPE": "internalURL",
        ])
        #expect(config.auth.projectName == "new")
        #expect(config.interface == "admin")
    }

    @Test func readsTheOtherAuthTypes() throws {
        let token = try load(["OS_AUTH_URL": "http://u", "OS_TOKEN": "gAAAA"])
        #expect(token.authType == .token)
        #expect(token.auth.token == "gAAAA")
        let credential = try load(["OS_AUTH_URL": "http://u", "OS_APPLICATION_CREDENTIAL_NAME": "n", "OS_USERNAME": "x", "OS_APPLICATION_CREDENTIAL_SECRET": "s"])
        #expect(credential.authType == .applicationCredential)
        #expect(credential.auth.applicationCredentialName == "n")
        #expect(credential.auth.applicationCredentialSecret == "s")
        let byID = try load(["OS_AUTH_URL": "http://u", "OS_APPLICATION_CREDENTIAL_ID": "i", "OS_APPLICATION_CREDENTIAL_SECRET": "s"])
        #expect(byID.auth.applicationCredentialID == "i")
        let none = try load(["OS_AUTH_TYPE": "none", "OS_ENDPOINT": "http://glance:9292"])
        #expect(none.authType == .none)
        #expect(none.imageEndpointOverride == "http://glance:9292")
    }

    @Test(arguments: [("true", false), ("1", false), ("True", false), ("false", true), ("no", true)])
    func readsInsecure(value: String, verify: Bool) throws {
        #expect(try load(["OS_AUTH_TYPE": "none", "OS_ENDPOINT": "http://g", "OS_INSECURE": value]).tls.verify == verify)
    }

    @Test func spellsVariablesInErrors() {
        #expect(error(["OS_AUTH_URL": "http://u", "OS_USERNAME": "x"])?.message == "environment: auth_type password needs OS_PASSWORD")
        #expect(error(["OS_AUTH_TYPE": "none"])?.message == "environment: auth_type none needs OS_IMAGE_ENDPOINT_OVERRIDE or OS_ENDPOINT")
        #expect(error(["OS_AUTH_URL": "http://u", "OS_APPLICATION_CREDENTIAL_SECRET": "s"])?.message
            == "environment: auth_type v3applicationcredential needs OS_APPLICATION_CREDENTIAL_ID, or OS_APPLICATION_CREDENTIAL_NAME with OS_USERNAME or OS_USER_ID")
        let type = error(["OS_AUTH_TYPE": "none", "OS_ENDPOINT": "http://g", "OS_CONNECT_TIMEOUT": "soon"])
        #expect(type?.code == .invalidArgument)
        #expect(type?.message == "environment: OS_CONNECT_TIMEOUT must be a number, not a string")
        let insecure = error(["OS_AUTH_TYPE": "none", "OS_ENDPOINT": "http://g", "OS_INSECURE": "perhaps"])
        #expect(insecure?.message == "environment: OS_INSECURE must be true or false, not a string")
        let auth = error(["OS_AUTH_TYPE": "kerberos", "OS_AUTH_URL": "http://u"])
        #expect(auth?.code == .unsupported)
        #expect(auth?.message.hasPrefix("environment: auth_type 'kerberos' is not supported") == true)
    }

    @Test func saysWhatToSetWhenNothingIsConfigured() {
        let message = "environment: no cloud configured: set OS_CLOUD to a clouds.yaml entry, or OS_AUTH_URL with credentials (or OS_AUTH_TYPE=none with OS_ENDPOINT)"
        for variables in [[:], ["OS_REGION_NAME": "RegionOne", "PATH": "/bin"], ["OS_AUTH_URL": "", "OS_CLOUD": ""]] {
            let error = error(variables)
            #expect(error?.code == .config)
            #expect(error?.message == message)
        }
    }

    @Test func osCloudNamesAnEntryAndOSRegionNamePicksItsRegion() throws {
        try directory.write("home/.config/openstack/clouds.yaml", """
            clouds:
              dev:
                regions: [RegionOne, RegionTwo]
                auth: {auth_url: "https://k/v3", username: demo, password: p}
            """)
        let config = try load(["OS_CLOUD": "dev", "OS_USERNAME": "ignored-with-os-cloud"])
        #expect(config.cloudName == "dev")
        #expect(config.auth.username == "demo")
        #expect(config.regionName == "RegionOne")
        #expect(try load(["OS_CLOUD": "dev", "OS_REGION_NAME": "RegionTwo"]).regionName == "RegionTwo")
        let error = error(["OS_CLOUD": "nope"])
        #expect(error?.message.hasPrefix("cloud 'nope' not found in \(directory.subpath("home/.config/openstack/clouds.yaml"))") == true)
    }

    @Test func osCloudUsesOSClientConfigFile() throws {
        let path = try directory.write("elsewhere.yaml", "clouds:\n  lab:\n    auth_type: none\n    image_endpoint_override: http://lab:9292\n")
        let config = try load(["OS_CLOUD": "lab", "OS_CLIENT_CONFIG_FILE": path])
        #expect(config.cloudName == "lab")
        #expect(config.imageEndpointOverride == "http://lab:9292")
    }

    @Test func publicEntryPointsUseTheGivenEnvironment() throws {
        let path = try directory.write("public.yaml", "clouds:\n  lab:\n    auth_type: none\n    endpoint: http://lab:9292\n")
        let environment = directory.environment(["OS_CLOUD": "lab", "OS_CLIENT_CONFIG_FILE": path])
        #expect(try CloudConfigLoader.loadFromEnvironment(environment).imageEndpointOverride == "http://lab:9292")
        let inline = try options(#"{"auth_type": "none", "endpoint": "http://inline"}"#)
        #expect(try CloudConfigLoader.load(options: inline, environment: environment).imageEndpointOverride == "http://inline")
    }

    @Test func environmentValueReadsVariablesAndHome() throws {
        let environment = Environment(["HOME": "/home/me", "EMPTY": ""])
        #expect(environment["HOME"] == "/home/me")
        #expect(environment["EMPTY"] == "")
        #expect(environment["MISSING"] == nil)
        #expect(environment.homeDirectory == "/home/me")
        let passwdHome = try #require(getpwuid(getuid())?.pointee.pw_dir.map { String(cString: $0) })
        #expect(Environment(["HOME": ""]).homeDirectory == passwdHome)
        #expect(Environment([:]).homeDirectory == passwdHome)
    }

    @Test func currentEnvironmentMatchesGetenv() throws {
        let current = Environment.current()
        let path = try #require(getenv("PATH").map { String(cString: $0) })
        #expect(current["PATH"] == path)
        #expect(current.variables.count > 1)
    }
}
