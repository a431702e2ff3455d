import CJansson
import Glibc

extension JSON {
    /// The most values a caller's JSON (or a YAML document) may hold, counting a shared
    /// sub-object (a jansson DAG, a YAML alias) once for every place it appears: what a copy,
    /// a merge or a serialization would have to visit.
    public static let maximumNodes = 100_000
    /// The deepest nesting of objects and arrays.
    public static let maximumDepth = 256

    /// Checks a value from outside (C options, a YAML document) before anything walks it:
    /// at most `maximumNodes` values counted as expanded, at most `maximumDepth` levels, no
    /// cycle, and valid UTF-8 in every string and key. Shared parts are examined once, so the
    /// check itself takes time proportional to the distinct values. Throws `code` with a
    /// message that starts with `what`.
    public func checkBounds(what: String, code: ErrorCode = .invalidArgument) throws(OSIError) {
        var walker = BoundsWalker()
        do {
            _ = try walker.visit(pointer, depth: 0, key: nil)
        } catch {
            throw OSIError(code, "\(what): \(error.text)")
        }
    }
}

/// Why a value failed the bounds check.
struct BoundsProblem: Error {
    let text: String
}

/// Walks a JSON DAG once per distinct value, remembering each value's expanded size and
/// height, so a billion-laughs structure is measured in microseconds.
private struct BoundsWalker {
    private var measured: [UnsafeMutableRawPointer: (size: Int, height: Int)] = [:]
    private var active: Set<UnsafeMutableRawPointer> = []
    private var total = 0

    /// The expanded size and height of `value`, reached at `depth` under `key`.
    mutating func visit(_ value: UnsafeMutablePointer<json_t>, depth: Int, key: String?) throws(BoundsProblem) -> (size: Int, height: Int) {
        let address = UnsafeMutableRawPointer(value)
        if let known = measured[address] {
            try count(known.size, depth: depth + known.height)
            return known
        }
        try count(1, depth: depth)
        var size = 1
        var height = 0
        switch value.pointee.type {
        case JSON_STRING:
            if let text = json_string_value(value) {
                let bytes = UnsafeRawBufferPointer(start: text, count: json_string_length(value))
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    throw BoundsProblem(text: "a string\(key.map { " under '\($0)'" } ?? "") is not valid UTF-8")
                }
            }
        case JSON_OBJECT, JSON_ARRAY:
            guard depth < JSON.maximumDepth else {
                throw BoundsProblem(text: "nested deeper than \(JSON.maximumDepth) levels")
            }
            guard active.insert(address).inserted else { throw BoundsProblem(text: "contains itself (a cycle)") }
            defer { active.remove(address) }
            for (childKey, child) in try children(of: value) {
                let measure = try visit(child, depth: depth + 1, key: childKey ?? key)
                size += measure.size
                height = max(height, measure.height + 1)
            }
        default:
            break
        }
        measured[address] = (size, height)
        return (size, height)
    }

    /// Adds `size` expanded values; throws past the limits.
    private mutating func count(_ size: Int, depth: Int) throws(BoundsProblem) {
        guard depth <= JSON.maximumDepth else { throw BoundsProblem(text: "nested deeper than \(JSON.maximumDepth) levels") }
        total += size
        guard total <= JSON.maximumNodes else {
            throw BoundsProblem(text: "more than \(JSON.maximumNodes) values when every shared part (a YAML alias, a "
                + "json_t used twice) is counted where it appears")
        }
    }

    /// The members of an object (with their keys, checked for UTF-8) or the elements of an array.
    private func children(of value: UnsafeMutablePointer<json_t>) throws(BoundsProblem) -> [(String?, UnsafeMutablePointer<json_t>)] {
        var result: [(String?, UnsafeMutablePointer<json_t>)] = []
        if value.pointee.type == JSON_ARRAY {
            for index in 0..<json_array_size(value) {
                if let element = json_array_get(value, index) { result.append((nil, element)) }
            }
            return result
        }
        var iterator = json_object_iter(value)
        while let current = iterator {
            if let rawKey = json_object_iter_key(current), let member = json_object_iter_value(current) {
                let bytes = UnsafeRawBufferPointer(start: rawKey, count: strlen(rawKey))
                guard let key = String(validating: bytes, as: UTF8.self) else {
                    throw BoundsProblem(text: "a key is not valid UTF-8")
                }
                result.append((key, member))
            }
            iterator = json_object_iter_next(value, current)
        }
        return result
    }
}
