/// The region a configuration asks for: `region_name`, else the first entry of `regions`
/// (names, or mappings with `name` and optional `values` that apply in that region only).
struct RegionChoice {
    /// The region's name; nil when neither key is set.
    var name: String?
    /// The chosen region's `values`, normalized; an empty object when it has none.
    var values: JSON

    /// Reads the choice from a normalized, merged configuration. A `region_name` that is not
    /// in a non-empty `regions` list is a `.config` error, as in openstacksdk.
    init(_ config: JSON, source: ConfigSource) throws(OSIError) {
        let reader = ConfigValues(config: config, source: source)
        let requested = try reader.string("region_name")
        name = requested
        values = .object()
        guard let list = reader.value("regions") else { return }
        guard let entries = list.array else {
            throw source.typeError("regions", expected: "a list", found: list)
        }
        var regions: [(name: String, values: JSON?)] = []
        for entry in entries {
            if let name = entry.string, !name.isEmpty {
                regions.append((name, nil))
            } else if let name = entry["name"]?.string, !name.isEmpty {
                regions.append((name, entry["values"]))
            } else {
                throw source.typeError("regions", expected: "a list of names or of mappings with a name", found: entry)
            }
        }
        guard let first = regions.first else { return }
        let chosen = requested ?? first.name
        guard let region = regions.first(where: { $0.name == chosen }) else {
            let known = regions.map(\.name).joined(separator: ", ")
            throw OSIError(.config, "\(source.label): region '\(chosen)' is not one of its regions (\(known))")
        }
        name = chosen
        if let extra = region.values, !extra.isNull {
            guard extra.isObject else {
                throw source.typeError("regions", expected: "a list whose values are mappings", found: extra)
            }
            values = try ConfigKeys.normalized(extra, source: source)
        }
    }
}
