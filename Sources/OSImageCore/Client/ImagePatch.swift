/// The JSON patch (`application/openstack-images-v2.1-json-patch`) that turns an image as it
/// is on the server into what the caller asked for, without openstacksdk's hazards:
///
/// - an existing key whose value differs -> `replace`, a new key -> `add`, an equal value ->
///   nothing; `remove` only for a custom property the caller set to null, so properties the
///   caller did not name are never touched;
/// - `tags` is replaced as a whole list (`/tags`), compared as a set;
/// - custom property values are sent as strings (Glance accepts nothing else): numbers in
///   decimal, booleans as "true"/"false";
/// - openstacksdk's names are accepted (`is_protected` -> `protected`, ...), and read-only
///   attributes (`id`, `status`, `size`, `checksum`, ...) are refused before any request;
/// - paths are JSON pointers (`~` -> `~0`, `/` -> `~1`) sorted by path.
struct ImagePatch {
    /// openstacksdk's attribute names that Glance spells differently.
    static let aliases = [
        "is_protected": "protected", "is_hidden": "os_hidden", "owner_id": "owner",
        "hash_algo": "os_hash_algo", "hash_value": "os_hash_value", "needs_config_drive": "img_config_drive",
        "needs_secure_boot": "os_secure_boot", "is_hw_vif_multiqueue_enabled": "hw_vif_multiqueue_enabled",
        "is_hw_boot_menu_enabled": "hw_boot_menu", "has_auto_disk_config": "auto_disk_config",
    ]

    /// Attributes Glance sets itself; a patch of them is refused (Glance would answer 403).
    static let readOnly: Set<String> = [
        "id", "status", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at",
        "updated_at", "file", "schema", "self", "direct_url", "stores", "locations",
    ]

    /// Glance's typed attributes and the JSON they take; every other key is a custom property.
    private enum Kind { case text, nullableText, flag, count, tagList }
    private static let typed: [String: Kind] = [
        "name": .nullableText, "visibility": .text, "protected": .flag, "os_hidden": .flag, "owner": .nullableText,
        "min_disk": .count, "min_ram": .count, "tags": .tagList, "container_format": .nullableText,
        "disk_format": .nullableText,
    ]

    /// One wanted attribute: Glance's name, its kind (nil for a custom property) and the
    /// value to send (custom values already strings; null removes a custom property).
    private struct Change {
        let key: String
        let kind: Kind?
        let value: JSON
    }

    private let changes: [Change]

    /// Checks `changes` (a JSON object of attributes, custom properties, and optionally
    /// "properties": an object of more custom properties) without asking the server:
    /// aliases resolved, read-only and mistyped attributes refused.
    init(_ changes: JSON) throws(OSIError) {
        guard let members = changes.members else { throw .invalidArgument("the image changes must be a JSON object") }
        var given: [(key: String, value: JSON)] = []
        for (key, value) in members {
            if key == "properties", let nested = value.members {
                given += nested
            } else {
                given.append((key, value))
            }
        }
        var seen: Set<String> = []
        var checked: [Change] = []
        for (name, value) in given {
            let key = Self.aliases[name] ?? name
            guard !key.isEmpty else { throw .invalidArgument("an image attribute name must not be empty") }
            guard !Self.readOnly.contains(key), !key.hasPrefix("os_glance_") else {
                throw .invalidArgument("image attribute '\(name)' is read-only: Glance sets it")
            }
            guard seen.insert(key).inserted else { throw .invalidArgument("image attribute '\(key)' is given twice") }
            if let kind = Self.typed[key] {
                checked.append(Change(key: key, kind: kind, value: try Self.checked(value, kind, key)))
            } else if value.isNull {
                checked.append(Change(key: key, kind: nil, value: value))
            } else {
                guard let text = value.scalarText else {
                    throw .invalidArgument("custom image property '\(name)' must be a string, number, boolean or null")
                }
                checked.append(Change(key: key, kind: nil, value: .string(text)))
            }
        }
        self.changes = checked
    }

    /// The wanted attributes as the body of a create (POST /v2/images): typed attributes as
    /// given, custom properties as strings; nulls left out.
    var attributes: JSON {
        let body = JSON.object()
        for change in changes where !change.value.isNull { body.set(change.key, change.value) }
        return body
    }

    /// The operations that turn `image` (as GET returned it) into the wanted one, sorted by
    /// path; empty when there is nothing to change.
    func operations(against image: JSON) -> [JSON] {
        var operations: [(path: String, op: JSON)] = []
        for change in changes {
            let path = "/" + Self.pointerEscaped(change.key)
            let current = image[change.key]
            let op: String?
            switch (current, change.kind) {
            case (nil, _):
                op = change.value.isNull ? nil : "add"
            case (let current?, nil):
                op = change.value.isNull ? "remove" : (current.isEqual(to: change.value) ? nil : "replace")
            case (let current?, let kind?):
                op = Self.same(current, change.value, kind) ? nil : "replace"
            }
            guard let op else { continue }
            operations.append((path, Self.operation(op, path, op == "remove" ? nil : change.value)))
        }
        return operations.sorted { $0.path < $1.path }.map(\.op)
    }

    /// `key` as one JSON pointer token (RFC 6901).
    static func pointerEscaped(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func operation(_ op: String, _ path: String, _ value: JSON?) -> JSON {
        let operation = JSON.object(["op": .string(op), "path": .string(path)])
        if let value { operation.set("value", value) }
        return operation
    }

    private static func checked(_ value: JSON, _ kind: Kind, _ key: String) throws(OSIError) -> JSON {
        let valid: Bool
        switch kind {
        case .text: valid = value.isString
        case .nullableText: valid = value.isString || value.isNull
        case .flag: valid = value.isBool
        case .count: valid = (value.int ?? -1) >= 0
        case .tagList: valid = value.stringArray != nil
        }
        guard valid else {
            let expected = switch kind {
            case .text: "a string"
            case .nullableText: "a string or null"
            case .flag: "a boolean"
            case .count: "an integer >= 0"
            case .tagList: "an array of strings"
            }
            throw .invalidArgument("image attribute '\(key)' must be \(expected)")
        }
        return value
    }

    private static func same(_ current: JSON, _ target: JSON, _ kind: Kind) -> Bool {
        guard kind == .tagList else { return current.isEqual(to: target) }
        guard let old = current.stringArray, let new = target.stringArray else { return false }
        return Set(old) == Set(new)
    }
}
