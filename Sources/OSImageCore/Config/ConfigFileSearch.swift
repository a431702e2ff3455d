/// Where clouds.yaml and secure.yaml are looked for, in openstacksdk's order: the file an
/// environment variable names, then the working directory, the user's configuration
/// directory ($XDG_CONFIG_HOME/openstack, by default ~/.config/openstack) and /etc/openstack,
/// each with a .yaml, .yml and .json name. The first file that exists wins.
struct ConfigFileSearch {
    /// Supplies OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE, XDG_CONFIG_HOME and the home directory.
    var environment: Environment
    /// The directory `./clouds.yaml` is relative to; nil when unknown.
    var workingDirectory: String?
    /// The system-wide directory.
    var siteDirectory: String

    /// A search of the usual places; tests pass their own directories.
    init(environment: Environment, workingDirectory: String? = ConfigFile.currentDirectory(), siteDirectory: String = "/etc/openstack") {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.siteDirectory = siteDirectory
    }

    /// The directories searched, in order.
    var directories: [String] {
        var result: [String] = []
        if let workingDirectory { result.append(workingDirectory) }
        if let configHome = environment.nonEmpty("XDG_CONFIG_HOME") ?? environment.homeDirectory.map({ $0 + "/.config" }) {
            result.append(configHome + "/openstack")
        }
        result.append(siteDirectory)
        return result
    }

    /// Where clouds.yaml may be, in order.
    var cloudsFileCandidates: [String] { candidates(named: "clouds", variable: "OS_CLIENT_CONFIG_FILE") }

    /// Where secure.yaml may be, in order.
    var secureFileCandidates: [String] { candidates(named: "secure", variable: "OS_CLIENT_SECURE_FILE") }

    /// `~` in a path the user gave, expanded to the home directory.
    func expandingTilde(_ path: String) -> String {
        ConfigFile.expandingTilde(path, home: environment.homeDirectory)
    }

    /// The file `variable` names, then `<name>.yaml`, `.yml` and `.json` in each directory.
    private func candidates(named name: String, variable: String) -> [String] {
        let named = environment.nonEmpty(variable).map { [expandingTilde($0)] } ?? []
        return named + directories.flatMap { directory in
            ["yaml", "yml", "json"].map { "\(directory)/\(name).\($0)" }
        }
    }
}
