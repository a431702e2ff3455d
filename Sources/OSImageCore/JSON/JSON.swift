import CJansson

/// An immutable-by-convention JSON value backed by a jansson `json_t` reference.
///
/// `JSON` owns one reference and releases it when the last copy goes away. Values that came
/// from C are borrowed with `init(borrowing:)` (the caller's reference is never stolen);
/// values handed to C leave with `retainedPointer()` (a new reference).
public struct JSON: @unchecked Sendable {
    // Sendable: jansson's reference counts are atomic, and osimage never mutates a JSON value
    // after it was shared; builders below work on values that no other thread has seen.
    final class Reference {
        let pointer: UnsafeMutablePointer<json_t>
        init(_ pointer: UnsafeMutablePointer<json_t>) { self.pointer = pointer }
        deinit { json_decref(pointer) }
    }

    let reference: Reference

    /// The underlying `json_t`, valid while this value lives.
    public var pointer: UnsafeMutablePointer<json_t> { reference.pointer }

    /// Takes over a reference the caller owns (a "new reference" in jansson's words).
    init(owning pointer: UnsafeMutablePointer<json_t>) {
        reference = Reference(pointer)
    }

    /// Shares a value whose reference belongs to someone else (a "borrowed reference").
    public init(borrowing pointer: UnsafeMutablePointer<json_t>) {
        json_incref(pointer)
        reference = Reference(pointer)
    }

    /// Returns a new reference for a caller that will `json_decref` it.
    public func retainedPointer() -> UnsafeMutablePointer<json_t> {
        json_incref(pointer)
        return pointer
    }

    // MARK: - Building

    /// A new empty object.
    public static func object() -> JSON { make(json_object()) }
    /// A new empty array.
    public static func array() -> JSON { make(json_array()) }
    /// JSON `null`.
    public static var null: JSON { make(json_null()) }
    /// A JSON boolean.
    public static func bool(_ value: Bool) -> JSON { make(value ? json_true() : json_false()) }
    /// A JSON integer.
    public static func int(_ value: Int64) -> JSON { make(json_integer(json_int_t(value))) }
    /// A JSON real number.
    public static func real(_ value: Double) -> JSON { make(json_real(value)) }
    /// A JSON string (Swift strings are always valid UTF-8).
    public static func string(_ value: String) -> JSON {
        let utf8 = Array(value.utf8)
        return utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { make(json_stringn_nocheck($0.baseAddress, buffer.count)) }
        }
    }

    /// An object from key/value pairs, in order.
    public static func object(_ pairs: KeyValuePairs<String, JSON>) -> JSON {
        let result = object()
        for (key, value) in pairs { result.set(key, value) }
        return result
    }

    /// An array of the given values.
    public static func array(_ values: [JSON]) -> JSON {
        let result = array()
        for value in values { result.append(value) }
        return result
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSON { array(values.map(string)) }

    private static func make(_ pointer: UnsafeMutablePointer<json_t>?) -> JSON {
        // jansson returns NULL only when malloc fails. Never trap inside a host process: fall
        // back to jansson's static null, which needs no memory; the call then fails later.
        JSON(owning: pointer ?? json_null())
    }

    /// Sets `key` on an object (no effect on other types).
    public func set(_ key: String, _ value: JSON) {
        json_object_set(pointer, key, value.pointer)
    }

    /// Removes `key` from an object.
    public func remove(_ key: String) {
        json_object_del(pointer, key)
    }

    /// Appends to an array (no effect on other types).
    public func append(_ value: JSON) {
        json_array_append(pointer, value.pointer)
    }

    /// A deep copy that the caller may change freely.
    public func deepCopy() -> JSON { JSON.make(json_deep_copy(pointer)) }

    // MARK: - Reading

    /// The JSON type of this value.
    public var type: json_type { pointer.pointee.type }
    public var isObject: Bool { type == JSON_OBJECT }
    public var isArray: Bool { type == JSON_ARRAY }
    public var isString: Bool { type == JSON_STRING }
    public var isNull: Bool { type == JSON_NULL }
    public var isBool: Bool { type == JSON_TRUE || type == JSON_FALSE }
    public var isInteger: Bool { type == JSON_INTEGER }
    public var isNumber: Bool { type == JSON_INTEGER || type == JSON_REAL }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSON? {
        guard isObject, let member = json_object_get(pointer, key) else { return nil }
        return JSON(borrowing: member)
    }

    /// The string value, or nil for other types.
    public var string: String? {
        guard isString, let text = json_string_value(pointer) else { return nil }
        let length = json_string_length(pointer)
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// The integer value, or nil for other types.
    public var int: Int64? { isInteger ? Int64(json_integer_value(pointer)) : nil }

    /// The number value (integer or real), or nil.
    public var double: Double? { isNumber ? json_number_value(pointer) : nil }

    /// The boolean value, or nil for other types.
    public var bool: Bool? { isBool ? type == JSON_TRUE : nil }

    /// The elements of an array, or nil.
    public var array: [JSON]? {
        guard isArray else { return nil }
        return (0..<json_array_size(pointer)).compactMap { index in
            json_array_get(pointer, index).map { JSON(borrowing: $0) }
        }
    }

    /// The members of an object in jansson's order, or nil.
    public var members: [(key: String, value: JSON)]? {
        guard isObject else { return nil }
        var result: [(key: String, value: JSON)] = []
        var iterator = json_object_iter(pointer)
        while let current = iterator {
            if let key = json_object_iter_key(current), let value = json_object_iter_value(current) {
                result.append((String(cString: key), JSON(borrowing: value)))
            }
            iterator = json_object_iter_next(pointer, current)
        }
        return result
    }

    /// A scalar rendered the way a query string or a property value wants it:
    /// strings as they are, numbers in decimal, booleans as `true`/`false`; nil otherwise.
    public var scalarText: String? {
        if let string { return string }
        if let int { return String(int) }
        if let bool { return bool ? "true" : "false" }
        if let double { return String(double) }
        return nil
    }

    /// Whether two values are equal (jansson's deep comparison).
    public func isEqual(to other: JSON) -> Bool { json_equal(pointer, other.pointer) != 0 }

    // MARK: - Text

    /// Parses JSON text; `what` names the text in the error message.
    public static func parse(_ bytes: [UInt8], what: String = "response") throws(OSIError) -> JSON {
        var error = json_error_t()
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                json_loadb($0.baseAddress, buffer.count, Int(JSON_DECODE_ANY | JSON_ALLOW_NUL), &error)
            }
        }
        guard let parsed else {
            let reason = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw OSIError(.internal, "could not parse the \(what) as JSON: \(reason)")
        }
        return JSON(owning: parsed)
    }

    /// Compact JSON text of this value.
    public func serialized() -> [UInt8] {
        let flags = Int(JSON_COMPACT | JSON_ENCODE_ANY)
        let size = json_dumpb(pointer, nil, 0, flags)
        var bytes = [UInt8](repeating: 0, count: size)
        _ = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { json_dumpb(pointer, $0.baseAddress, size, flags) }
        }
        return bytes
    }

    /// Compact JSON text of this value, as a String.
    public var text: String { String(decoding: serialized(), as: UTF8.self) }
}
