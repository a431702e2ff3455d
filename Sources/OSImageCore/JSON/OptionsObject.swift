/// A caller's JSON object of named options, read key by key with type checks. Unknown keys
/// are refused, so a misspelt option is an error rather than silently ignored; null counts as
/// absent.
public struct OptionsObject {
    private let values: [String: JSON]
    private let what: String

    /// Reads `json` (nil or null: no options), which must be an object whose keys are all in
    /// `known`; `what` names the options in error messages ("import option").
    public init(_ json: JSON?, what: String, known: Set<String>) throws(OSIError) {
        self.what = what
        guard let json, !json.isNull else {
            values = [:]
            return
        }
        guard let members = json.members else { throw .invalidArgument("the \(what)s must be a JSON object") }
        var values: [String: JSON] = [:]
        for (key, value) in members where !value.isNull {
            guard known.contains(key) else {
                throw .invalidArgument("unknown \(what) '\(key)' (known: \(known.sorted().joined(separator: ", ")))")
            }
            values[key] = value
        }
        self.values = values
    }

    /// The string under `key`, nil when absent; another type -> .invalidArgument.
    public func string(_ key: String) throws(OSIError) -> String? {
        guard let value = values[key] else { return nil }
        guard let text = value.string else { throw .invalidArgument("\(what) '\(key)' must be a string") }
        return text
    }

    /// The boolean under `key`, nil when absent; another type -> .invalidArgument.
    public func bool(_ key: String) throws(OSIError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard let flag = value.bool else { throw .invalidArgument("\(what) '\(key)' must be a boolean") }
        return flag
    }

    /// The integer >= 0 (and <= `maximum`) under `key`, nil when absent; another value ->
    /// .invalidArgument naming the range.
    public func count(_ key: String, maximum: Int64 = Bounds.maximumCount) throws(OSIError) -> Int? {
        guard let value = values[key] else { return nil }
        guard let count = value.int, count >= 0, count <= maximum, let result = Int(exactly: count) else {
            throw .invalidArgument("\(what) '\(key)' must be an integer >= 0 and <= \(maximum)")
        }
        return result
    }

    /// The number (integer or real) under `key` inside `range` (see `Bounds`), nil when
    /// absent; another value -> .invalidArgument naming the key and the range.
    public func number(_ key: String, in range: NumberRange) throws(OSIError) -> Double? {
        guard let value = values[key] else { return nil }
        guard let number = value.double, range.contains(number) else {
            throw .invalidArgument(range.refusal("\(what) '\(key)'"))
        }
        return number
    }

    /// The finite number (integer or real) >= `minimum` under `key`, nil when absent; another
    /// value -> .invalidArgument.
    public func number(_ key: String, atLeast minimum: Double) throws(OSIError) -> Double? {
        guard let value = values[key] else { return nil }
        guard let number = value.double, number.isFinite, number >= minimum else {
            throw .invalidArgument("\(what) '\(key)' must be a number >= \(minimum)")
        }
        return number
    }

    /// Whether `key` was given (null counts as absent).
    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The array of strings under `key`, nil when absent; another type -> .invalidArgument.
    public func strings(_ key: String) throws(OSIError) -> [String]? {
        guard let value = values[key] else { return nil }
        guard let texts = value.stringArray else {
            throw .invalidArgument("\(what) '\(key)' must be an array of strings")
        }
        return texts
    }
}
