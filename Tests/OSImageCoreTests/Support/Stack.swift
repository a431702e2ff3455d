@testable import OSImageCore

/// The local Glance (+ Keystone) that `scripts/stack up` started, read from its stack.env.
///
/// The test runner (`scripts/test`) starts both modes and exports OSI_NOAUTH_ENV and
/// OSI_KEYSTONE_ENV; without them the default state directory of scripts/stack is used.
struct Stack {
    enum Mode: String { case noauth, keystone }

    let mode: Mode
    let values: [String: String]

    /// The running stack of `mode`; fails the test when it is not up.
    static func running(_ mode: Mode) throws -> Stack {
        let variable = mode == .noauth ? "OSI_NOAUTH_ENV" : "OSI_KEYSTONE_ENV"
        let home = Environment.current().homeDirectory ?? "/root"
        let stateRoot = Environment.current()["OSI_STACK_STATE"] ?? "\(home)/.cache/osimage-stack/state"
        let path = Environment.current()[variable] ?? "\(stateRoot)/\(mode.rawValue)/stack.env"
        guard let text = readFile(path) else {
            throw StackError("no \(path): start the stack with `scripts/stack up \(mode.rawValue)` or run scripts/test")
        }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[String(line[..<equals]).replacingOccurrences(of: "export ", with: "")] = value
        }
        return Stack(mode: mode, values: values)
    }

    subscript(key: String) -> String {
        get throws {
            guard let value = values[key], !value.isEmpty else { throw StackError("stack.env has no \(key)") }
            return value
        }
    }

    var glanceURL: String { get throws { try self["OSI_GLANCE_URL"] } }
    var cloudsFile: String { get throws { try self["OS_CLIENT_CONFIG_FILE"] } }

    /// Every secret this stack has, read from its files: the passwords and application
    /// credential secrets of its clouds.yaml and Glance's service password (keystone mode).
    var secrets: [String] {
        get throws {
            var files = [try cloudsFile]
            if mode == .keystone { files.append(try self["OSI_STACK_DIR"] + "/etc/glance/glance-api.conf") }
            var found: [String] = []
            for path in files {
                guard let text = readFile(path) else { throw StackError("cannot read \(path)") }
                for line in text.split(separator: "\n") {
                    guard let separator = line.firstIndex(where: { $0 == ":" || $0 == "=" }) else { continue }
                    let key = line[..<separator].trimmingWhitespace()
                    guard key == "password" || key.hasSuffix("secret") else { continue }
                    var value = line[line.index(after: separator)...].trimmingWhitespace()
                    if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                        value = value.dropFirst().dropLast()
                    }
                    if !value.isEmpty { found.append(String(value)) }
                }
            }
            return found
        }
    }

    /// Options naming `cloud` in this stack's clouds.yaml.
    func options(cloud: String, extra: KeyValuePairs<String, JSON> = [:]) throws -> JSON {
        let options = JSON.object(["cloud": .string(cloud), "config_file": .string(try cloudsFile)])
        for (key, value) in extra { options.set(key, value) }
        return options
    }

    /// A client for `cloud` (default: the mode's main cloud).
    func client(cloud: String? = nil, log: RequestLog? = nil) throws -> ImageClient {
        let name = cloud ?? (mode == .noauth ? "osi-noauth" : "osi-demo")
        let config = try CloudConfigLoader.load(options: options(cloud: name), environment: Environment([:]))
        return try ImageClient(config: config, log: log)
    }
}

extension ImageClient {
    /// Creates a metadata-only image through the raw API, for tests of reading calls.
    func seedImage(_ body: KeyValuePairs<String, JSON>) throws -> JSON {
        let document = JSON.object(["disk_format": .string("raw"), "container_format": .string("bare")])
        for (key, value) in body { document.set(key, value) }
        guard let image = try sendJSON(.post, ["images"], body: document) else { throw StackError("POST /images gave no body") }
        return image
    }

    /// Deletes images by id, ignoring ones already gone.
    func removeImages(_ images: [JSON]) {
        for image in images {
            guard let id = image["id"]?.string else { continue }
            _ = try? sendJSON(.delete, ["images", id], body: nil)
        }
    }
}
