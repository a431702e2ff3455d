/// Typed reading of one normalized, merged configuration. Null and empty strings count as
/// unset. Numbers and booleans may also be written as strings (as OS_* variables and quoted
/// YAML give them); any other type mismatch is an `.invalidArgument` error naming the key.
struct ConfigValues {
    /// The configuration, as `ConfigKeys.normalized` shapes it (`auth` is a mapping).
    let config: JSON
    /// Where it came from, for messages.
    let source: ConfigSource

    /// The `auth` section.
    private var auth: JSON { config["auth"] ?? .object() }

    /// The value under `key` at the top level or in `auth`; nil when unset or null.
    func value(_ key: String, inAuth: Bool = false) -> JSON? {
        guard let value = inAuth ? auth[key] : config[key], !value.isNull else { return nil }
        return value
    }

    /// A text value; numbers are taken in their decimal form (`project_id: 12345`).
    func string(_ key: String, inAuth: Bool = false) throws(OSIError) -> String? {
        guard let value = value(key, inAuth: inAuth) else { return nil }
        if value.isString || value.isNumber, let text = value.scalarText {
            return text.isEmpty ? nil : text
        }
        throw source.typeError(key, inAuth: inAuth, expected: "a string", found: value)
    }

    /// A value of the `auth` section as text.
    func authString(_ key: String) throws(OSIError) -> String? {
        try string(key, inAuth: true)
    }

    /// A boolean; also true/false, yes/no, on/off and 1/0 as text (any ASCII case) or 1/0 as numbers.
    func boolean(_ key: String) throws(OSIError) -> Bool? {
        guard let value = value(key) else { return nil }
        if let flag = value.bool { return flag }
        if let flag = value.int, flag == 0 || flag == 1 { return flag == 1 }
        if let text = value.string {
            if let flag = Self.boolean(fromText: text) { return flag }
            if text.trimmingWhitespace().isEmpty { return nil }
        }
        throw source.typeError(key, expected: "true or false", found: value)
    }

    /// A number; also as text ("30", "2.5", "1e300", "nan": the caller checks the range).
    func number(_ key: String) throws(OSIError) -> Double? {
        guard let value = value(key) else { return nil }
        if let number = value.double { return number }
        if let text = value.string {
            let trimmed = text.trimmingWhitespace()
            if trimmed.isEmpty { return nil }
            if let number = Double(trimmed) { return number }
        }
        throw source.typeError(key, expected: "a number", found: value)
    }

    /// A whole number; also as text ("4") or as a float without a fraction (4.0).
    func integer(_ key: String) throws(OSIError) -> Int? {
        guard let value = value(key) else { return nil }
        if let number = value.int.flatMap({ Int(exactly: $0) }) ?? value.double.flatMap({ Int(exactly: $0) }) {
            return number
        }
        if let text = value.string {
            let trimmed = text.trimmingWhitespace()
            if trimmed.isEmpty { return nil }
            if let number = Int(trimmed) { return number }
        }
        throw source.typeError(key, expected: "a whole number", found: value)
    }

    /// The boolean a word stands for: true/yes/on/1 or false/no/off/0 in any ASCII case.
    static func boolean(fromText text: String) -> Bool? {
        switch text.trimmingWhitespace().asciiLowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }
}
