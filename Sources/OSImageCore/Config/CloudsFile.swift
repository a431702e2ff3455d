/// The `clouds` mapping of a clouds.yaml, with the `clouds` of secure.yaml (which holds the
/// secrets) deep-merged over it.
struct CloudsFile {
    /// The clouds.yaml that was read.
    let path: String
    /// Cloud names to their entries.
    let clouds: JSON

    /// Reads `configFile`, or else the first clouds.yaml the search finds, and merges
    /// `secureFile`, or else the first secure.yaml found. A file given explicitly must exist;
    /// finding no clouds.yaml at all is a `.config` error naming every path searched.
    static func load(configFile: String?, secureFile: String?, search: ConfigFileSearch, cloudName: String) throws(OSIError) -> CloudsFile {
        let path: String
        if let configFile {
            guard ConfigFile.exists(configFile) else { throw OSIError(.config, "config_file '\(configFile)' does not exist") }
            path = configFile
        } else if let found = search.cloudsFileCandidates.first(where: ConfigFile.exists) {
            path = found
        } else {
            let searched = search.cloudsFileCandidates.joined(separator: ", ")
            throw OSIError(.config, "cloud '\(cloudName)' was requested but no clouds.yaml was found (searched: \(searched))")
        }
        var clouds = try cloudsMapping(inFileAt: path)
        let securePath: String?
        if let secureFile {
            guard ConfigFile.exists(secureFile) else { throw OSIError(.config, "secure_file '\(secureFile)' does not exist") }
            securePath = secureFile
        } else {
            securePath = search.secureFileCandidates.first(where: ConfigFile.exists)
        }
        if let securePath {
            clouds = try clouds.deepMerged(with: cloudsMapping(inFileAt: securePath))
        }
        return CloudsFile(path: path, clouds: clouds)
    }

    /// The entry `name` (an empty mapping when it is written with no value); `.config` error
    /// listing the known names when there is none.
    func entry(named name: String) throws(OSIError) -> JSON {
        guard let entry = clouds[name] else {
            let known = (clouds.members ?? []).map(\.key).sorted()
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            throw OSIError(.config, "cloud '\(name)' not found in \(path) (known: \(list))")
        }
        if entry.isNull { return .object() }
        guard entry.isObject else { throw OSIError(.config, "cloud '\(name)' in \(path) is not a mapping") }
        return entry
    }

    /// The `clouds` mapping of one file; empty when the file or the key is empty.
    private static func cloudsMapping(inFileAt path: String) throws(OSIError) -> JSON {
        let document = try YAML.load(path: path)
        if document.isNull { return .object() }
        guard document.isObject else { throw OSIError(.config, "\(path): expected a mapping at the top level") }
        guard let clouds = document["clouds"], !clouds.isNull else { return .object() }
        guard clouds.isObject else { throw OSIError(.config, "\(path): 'clouds' must be a mapping of cloud names") }
        return clouds
    }
}
