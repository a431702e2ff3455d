import Testing
@testable import OSImageCore

/// Named clouds: where clouds.yaml and secure.yaml are found, how entries, secure.yaml and
/// overrides merge, and the errors for missing files and clouds.
@Suite struct CloudsFileTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A clouds.yaml with one cloud whose region tells which file it came from.
    private func cloudsYAML(region: String) -> String {
        """
        clouds:
          dev:
            region_name: \(region)
            auth:
              auth_url: https://keystone:5000/v3
              username: demo
              password: from-clouds
        """
    }

    private func region(_ environment: [String: String] = [:]) throws -> String? {
        try loadConfig(#"{"cloud": "dev"}"#, in: directory, environment: environment).regionName
    }

    @Test func listsCandidatesInSearchOrder() {
        let search = directory.search(["OS_CLIENT_CONFIG_FILE": "~/my-clouds.yaml", "OS_CLIENT_SECURE_FILE": "/s.yaml"])
        let d = directory.path
        #expect(search.cloudsFileCandidates == [
            "\(d)/home/my-clouds.yaml",
            "\(d)/cwd/clouds.yaml", "\(d)/cwd/clouds.yml", "\(d)/cwd/clouds.json",
            "\(d)/home/.config/openstack/clouds.yaml", "\(d)/home/.config/openstack/clouds.yml", "\(d)/home/.config/openstack/clouds.json",
            "\(d)/etc/clouds.yaml", "\(d)/etc/clouds.yml", "\(d)/etc/clouds.json",
        ])
        #expect(search.secureFileCandidates.first == "/s.yaml")
        #expect(search.secureFileCandidates.dropFirst().first == "\(d)/cwd/secure.yaml")
        let xdg = directory.search(["XDG_CONFIG_HOME": "/xdg"])
        #expect(xdg.directories == ["\(d)/cwd", "/xdg/openstack", "\(d)/etc"])
        #expect(ConfigFileSearch(environment: Environment(["HOME": "/h"])).siteDirectory == "/etc/openstack")
    }

    @Test func firstExistingFileWins() throws {
        try directory.write("etc/clouds.yaml", cloudsYAML(region: "site"))
        #expect(try region() == "site")
        try directory.write("home/.config/openstack/clouds.yml", cloudsYAML(region: "user-yml"))
        #expect(try region() == "user-yml")
        try directory.write("home/.config/openstack/clouds.yaml", cloudsYAML(region: "user"))
        #expect(try region() == "user")
        try directory.write("xdg/openstack/clouds.yaml", cloudsYAML(region: "xdg"))
        #expect(try region(["XDG_CONFIG_HOME": directory.subpath("xdg")]) == "xdg")
        try directory.write("cwd/clouds.yaml", cloudsYAML(region: "cwd"))
        #expect(try region() == "cwd")
        let named = try directory.write("named.yaml", cloudsYAML(region: "named"))
        #expect(try region(["OS_CLIENT_CONFIG_FILE": named]) == "named")
        #expect(try region(["OS_CLIENT_CONFIG_FILE": directory.subpath("absent.yaml")]) == "cwd")
        let explicit = try directory.write("explicit.yaml", cloudsYAML(region: "explicit"))
        let config = try loadConfig(#"{"cloud": "dev", "config_file": "\#(explicit)"}"#, in: directory, environment: ["OS_CLIENT_CONFIG_FILE": named])
        #expect(config.regionName == "explicit")
        #expect(config.cloudName == "dev")
    }

    @Test func readsCloudsJSON() throws {
        try directory.write("cwd/clouds.json", #"{"clouds": {"dev": {"auth_type": "none", "endpoint": "http://glance"}}}"#)
        #expect(try loadConfig(#"{"cloud": "dev"}"#, in: directory).imageEndpointOverride == "http://glance")
    }

    @Test func mergesSecureYAMLOverCloudsYAML() throws {
        try directory.write("cwd/clouds.yaml", """
            clouds:
              dev:
                region_name: RegionOne
                auth: {auth_url: "https://keystone:5000/v3", username: demo, project_name: p}
            """)
        try directory.write("etc/secure.yaml", "clouds:\n  dev:\n    auth:\n      password: from-secure\n")
        let config = try loadConfig(#"{"cloud": "dev"}"#, in: directory)
        #expect(config.auth.password == "from-secure")
        #expect(config.auth.username == "demo")
        #expect(config.auth.projectName == "p")
        #expect(config.regionName == "RegionOne")
        let override = try directory.write("other-secure.yml", "clouds:\n  dev:\n    auth:\n      password: from-variable\n")
        #expect(try loadConfig(#"{"cloud": "dev"}"#, in: directory, environment: ["OS_CLIENT_SECURE_FILE": override]).auth.password == "from-variable")
        let explicit = try directory.write("explicit-secure.yaml", "clouds:\n  dev:\n    region_name: RegionTwo\n    auth:\n      password: from-option\n")
        let config2 = try loadConfig(#"{"cloud": "dev", "secure_file": "\#(explicit)"}"#, in: directory)
        #expect(config2.auth.password == "from-option")
        #expect(config2.regionName == "RegionTwo")
    }

    @Test func deepMergesOverridesOverTheEntry() throws {
        try directory.write("cwd/clouds.yaml", """
            defaults: &defaults
              interface: internal
              connect_timeout: 10
            clouds:
              dev:
                <<: *defaults
                auth_type: password
                region_name: RegionOne
                auth:
                  auth_url: https://keystone:5000/v3
                  username: demo
                  project_name: demo
                  project_domain_name: Default
                compute_api_version: 2
              prod: {}
            """)
        let config = try loadConfig("""
            {"cloud": "dev", "auth": {"password": "p", "project_name": "other"}, "connect_timeout": "3", "tenant_id": "t9"}
            """, in: directory)
        #expect(config.cloudName == "dev")
        #expect(config.auth.authURL == "https://keystone:5000/v3")
        #expect(config.auth.username == "demo")
        #expect(config.auth.password == "p")
        #expect(config.auth.projectName == "other")
        #expect(config.auth.projectID == "t9")
        #expect(config.auth.projectDomainName == "Default")
        #expect(config.interface == "internal")
        #expect(config.connectTimeout == 3)
        #expect(config.regionName == "RegionOne")
        let overrideTopLevel = try loadConfig(#"{"cloud": "dev", "password": "p", "username": "other-user"}"#, in: directory)
        #expect(overrideTopLevel.auth.username == "other-user")
    }

    @Test func namesTheKnownCloudsWhenOneIsMissing() throws {
        let path = try directory.write("cwd/clouds.yaml", "clouds:\n  zeta: {}\n  alpha: {}\n")
        let error = try loadError(#"{"cloud": "beta"}"#, in: directory)
        #expect(error?.code == .config)
        #expect(error?.message == "cloud 'beta' not found in \(path) (known: alpha, zeta)")
        try directory.write("cwd/clouds.yml", "# nothing\n")
        let emptyPath = try directory.write("empty.yaml", "")
        #expect(try loadError(#"{"cloud": "beta", "config_file": "\#(emptyPath)"}"#, in: directory)?.message == "cloud 'beta' not found in \(emptyPath) (known: none)")
    }

    @Test func namesTheSearchedPathsWhenThereIsNoCloudsYAML() throws {
        let error = try loadError(#"{"cloud": "dev"}"#, in: directory)
        #expect(error?.code == .config)
        let searched = directory.search().cloudsFileCandidates.joined(separator: ", ")
        #expect(error?.message == "cloud 'dev' was requested but no clouds.yaml was found (searched: \(searched))")
        #expect(searched.contains("/cwd/clouds.yaml"))
    }

    @Test func refusesMissingExplicitFiles() throws {
        try directory.write("cwd/clouds.yaml", cloudsYAML(region: "cwd"))
        let missing = directory.subpath("nope.yaml")
        #expect(try loadError(#"{"cloud": "dev", "config_file": "\#(missing)"}"#, in: directory)?.message == "config_file '\(missing)' does not exist")
        #expect(try loadError(#"{"cloud": "dev", "secure_file": "\#(missing)"}"#, in: directory)?.message == "secure_file '\(missing)' does not exist")
    }

    @Test func reportsBadFilesAndEntries() throws {
        let path = try directory.write("cwd/clouds.yaml", "clouds:\n  dev: [1]\n  empty:\n  other: x\n")
        #expect(try loadError(#"{"cloud": "dev"}"#, in: directory)?.message == "cloud 'dev' in \(path) is not a mapping")
        #expect(try loadError(#"{"cloud": "empty"}"#, in: directory)?.message == "cloud 'empty' (\(path)): auth_type password needs auth.auth_url")
        let list = try directory.write("list.yaml", "- a\n")
        #expect(try loadError(#"{"cloud": "dev", "config_file": "\#(list)"}"#, in: directory)?.message == "\(list): expected a mapping at the top level")
        let scalar = try directory.write("scalar.yaml", "clouds: 3\n")
        #expect(try loadError(#"{"cloud": "dev", "config_file": "\#(scalar)"}"#, in: directory)?.message == "\(scalar): 'clouds' must be a mapping of cloud names")
        let broken = try directory.write("broken.yaml", "clouds:\n  dev: {a: 1\n")
        let error = try loadError(#"{"cloud": "dev", "config_file": "\#(broken)"}"#, in: directory)
        #expect(error?.code == .config)
        #expect(error?.message.hasPrefix("\(broken):3:1: ") == true)
    }

    @Test func namesTheCloudInValidationErrors() throws {
        let path = try directory.write("cwd/clouds.yaml", "clouds:\n  dev:\n    auth:\n      auth_url: https://k/v3\n      username: demo\n    api_timeout: [1]\n")
        #expect(try loadError(#"{"cloud": "dev", "password": "p"}"#, in: directory)?.message == "cloud 'dev' (\(path)): api_timeout must be a number, not a list")
        #expect(try loadError(#"{"cloud": "dev"}"#, in: directory)?.message == "cloud 'dev' (\(path)): api_timeout must be a number, not a list")
        let error = try loadError(#"{"cloud": "dev", "api_timeout": 5}"#, in: directory)
        #expect(error?.message == "cloud 'dev' (\(path)): auth_type password needs auth.password")
    }

    @Test func readsYAMLTypedValuesFromTheFile() throws {
        try directory.write("cwd/clouds.yaml", """
            clouds:
              dev:
                auth: {auth_url: "https://k/v3", username: demo, password: "yes", project_id: 12345}
                verify: off
                connect_timeout: "15"
                stall_timeout: 2.5
                status_code_retries: 0
                cacert: ~/ca.pem
            """)
        let config = try loadConfig(#"{"cloud": "dev"}"#, in: directory, environment: ["HOME": "/home/me"])
        #expect(config.auth.password == "yes")
        #expect(config.auth.projectID == "12345")
        #expect(config.tls == TLSSettings(verify: false, cacert: "/home/me/ca.pem"))
        #expect(config.connectTimeout == 15)
        #expect(config.stallTimeout == 2.5)
        #expect(config.statusCodeRetries == 0)
        try directory.write("cwd/clouds.yaml", "clouds:\n  dev:\n    auth: {auth_url: u, username: demo, password: yes}\n")
        let error = try loadError(#"{"cloud": "dev"}"#, in: directory)
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("auth.password must be a string, not a boolean (quote it in YAML") == true)
    }
}
