import CJansson

/// How one YAML scalar becomes a JSON value, following YAML 1.1 the way PyYAML's safe loader
/// (which openstacksdk uses) reads clouds.yaml.
///
/// Only plain (unquoted) scalars are typed; quoted and block scalars stay strings. An explicit
/// core tag (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) asks for that type.
enum YAMLScalar {
    /// The tag prefix libyaml expands `!!` to.
    private static let corePrefix = "tag:yaml.org,2002:"

    /// The value of a scalar; nil when an explicit core tag does not fit the text.
    static func value(of text: String, isPlain: Bool, tag: String?) -> JSON? {
        guard let tag, tag != "!" else {
            return isPlain ? implicitValue(of: text) : .string(text)
        }
        guard tag.hasPrefix(corePrefix) else {
            // Application tags mean nothing to a config reader: read the text as if untagged.
            return isPlain ? implicitValue(of: text) : .string(text)
        }
        switch tag.dropFirst(corePrefix.count) {
        case "str": return .string(text)
        case "null": return isNull(text) ? .null : nil
        case "bool": return boolean(text).map(JSON.bool)
        case "int": return integer(text).map(JSON.int)
        case "float": return (float(text) ?? integer(text).map(Double.init)).flatMap(real)
        default: return isPlain ? implicitValue(of: text) : .string(text)
        }
    }

    /// The type YAML 1.1 gives an untagged plain scalar: null, bool, int, float, else string.
    /// Integers beyond 64 bits and the non-finite floats (`.inf`, `.nan`), which JSON cannot
    /// hold, stay strings with their text.
    static func implicitValue(of text: String) -> JSON {
        if isNull(text) { return .null }
        if let value = boolean(text) { return .bool(value) }
        if let value = integer(text) { return .int(value) }
        if let value = float(text).flatMap(real) { return value }
        return .string(text)
    }

    /// `~`, `null`, `Null`, `NULL` and the empty scalar.
    static func isNull(_ text: String) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// yes/no, true/false and on/off in lower, capitalised or upper case.
    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": false
        default: nil
        }
    }

    /// Decimal, `0b` binary, `0x` hex and leading-zero octal integers, with optional sign and
    /// `_` separators; nil for other text and for values that do not fit in 64 bits.
    static func integer(_ text: String) -> Int64? {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            rest = rest.dropFirst()
        }
        let radix: Int
        if rest.hasPrefix("0b") {
            radix = 2
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("0x") {
            radix = 16
            rest = rest.dropFirst(2)
        } else if rest == "0" {
            return 0
        } else if rest.hasPrefix("0") {
            radix = 8
            rest = rest.dropFirst()
        } else if let first = rest.first, ("1"..."9").contains(first) {
            radix = 10
        } else {
            return nil
        }
        let digits = rest.filter { $0 != "_" }
        guard !digits.isEmpty else { return nil }
        return Int64(sign + digits, radix: radix)
    }

    /// Floats with a decimal point (`1.5`, `.5`, `-2.`, `1.5e-3`, `6.0e+2`), `_` separators allowed.
    static func float(_ text: String) -> Double? {
        var rest = Substring(text)
        if let first = rest.first, first == "-" || first == "+" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponent = rest.dropFirst(mantissa.count)
        guard let point = mantissa.firstIndex(of: ".") else { return nil }
        let whole = mantissa[..<point]
        let fraction = mantissa[mantissa.index(after: point)...]
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") } }
        guard isDigits(whole), isDigits(fraction), whole.first != "_" else { return nil }
        guard whole.contains(where: \.isNumber) || fraction.contains(where: \.isNumber) else { return nil }
        if !exponent.isEmpty {
            var power = exponent.dropFirst()
            if let first = power.first, first == "-" || first == "+" { power = power.dropFirst() }
            guard !power.isEmpty, power.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        return Double(text.filter { $0 != "_" })
    }

    /// A JSON real; nil for infinities and NaN, which JSON has no form for.
    private static func real(_ value: Double) -> JSON? {
        guard value.isFinite, let pointer = json_real(value) else { return nil }
        return JSON(owning: pointer)
    }
}
