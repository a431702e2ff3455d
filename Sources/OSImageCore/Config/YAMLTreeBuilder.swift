import CYAML

/// Builds one JSON value from libyaml's event stream: open mappings and sequences wait on a
/// stack, anchored nodes are remembered by name, and `<<` merge keys are applied when their
/// mapping ends (keys written in the mapping win over merged ones; among merged mappings the
/// earlier one wins).
///
/// An alias shares the anchored value instead of copying it, so a document that repeats an
/// alias many times stays small. Nothing changes a value after its node has ended.
struct YAMLTreeBuilder {
    /// How deep mappings and sequences may nest (jansson frees values recursively).
    static let maximumDepth = JSON.maximumDepth

    /// The key a mapping is waiting to receive a value for.
    private enum Key {
        case name(String)
        case merge
    }

    /// A mapping or sequence whose end event has not come yet.
    private enum Container {
        case sequence(JSON)
        case mapping(JSON, pendingKey: Key?, merges: [JSON])
    }

    /// An open container, the anchor it will be known by, and where it starts.
    private struct Frame {
        var container: Container
        var anchor: String?
        var start: yaml_mark_t
    }

    /// An anchored node; scalars keep their text so an alias can also serve as a mapping key.
    private struct Anchored {
        var value: JSON
        var keyText: String?
    }

    /// Names the text in error messages (a path, or what the caller passed).
    let source: String
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var documentCount = 0
    /// The finished document, nil until its root node has ended.
    private(set) var root: JSON?

    /// A builder whose errors name `source`.
    init(source: String) {
        self.source = source
    }

    /// Takes one event; throws `.config` with the event's position for what JSON cannot express.
    mutating func handle(_ event: yaml_event_t) throws(OSIError) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            guard documentCount == 1 else {
                throw problem("expected a single document, found another", at: event.start_mark)
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag = scalar.tag.map { String(cString: $0) }
            let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            guard let value = YAMLScalar.value(of: text, isPlain: isPlain, tag: tag) else {
                throw problem("scalar does not match its tag \(tag ?? "")", at: event.start_mark)
            }
            if let anchor = scalar.anchor {
                anchors[String(cString: anchor)] = Anchored(value: value, keyText: text)
            }
            let isMergeKey = isPlain && tag == nil && text == "<<"
            try add(value, keyText: text, isMergeKey: isMergeKey, at: event.start_mark)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let anchored = anchors[name] else {
                throw problem("undefined alias '*\(name)'", at: event.start_mark)
            }
            try add(anchored.value, keyText: anchored.keyText, isMergeKey: false, at: event.start_mark)
        case YAML_SEQUENCE_START_EVENT:
            try open(.sequence(.array()), anchor: event.data.sequence_start.anchor, at: event.start_mark)
        case YAML_MAPPING_START_EVENT:
            try open(.mapping(.object(), pendingKey: nil, merges: []), anchor: event.data.mapping_start.anchor, at: event.start_mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let value = Self.finish(frame.container)
            if let anchor = frame.anchor { anchors[anchor] = Anchored(value: value, keyText: nil) }
            try add(value, keyText: nil, isMergeKey: false, at: frame.start)
        default:
            break
        }
    }

    /// Pushes a new container, refusing it as a mapping key and beyond the depth limit.
    private mutating func open(_ container: Container, anchor: UnsafeMutablePointer<yaml_char_t>?, at mark: yaml_mark_t) throws(OSIError) {
        if case .mapping(_, pendingKey: nil, _) = stack.last?.container {
            throw problem("mapping keys must be scalars", at: mark)
        }
        guard stack.count < Self.maximumDepth else {
            throw problem("nested deeper than \(Self.maximumDepth) levels", at: mark)
        }
        stack.append(Frame(container: container, anchor: anchor.map { String(cString: $0) }, start: mark))
    }

    /// Puts a finished node where it belongs: the root, the next sequence element, a mapping
    /// key (`keyText`, nil for containers), a mapping value, or the sources of a merge key.
    private mutating func add(_ value: JSON, keyText: String?, isMergeKey: Bool, at mark: yaml_mark_t) throws(OSIError) {
        guard let top = stack.indices.last else {
            root = value
            return
        }
        switch stack[top].container {
        case .sequence(let array):
            array.append(value)
        case .mapping(let object, pendingKey: nil, let merges):
            let key: Key
            if isMergeKey {
                key = .merge
            } else if let keyText {
                key = .name(keyText)
            } else {
                throw problem("mapping keys must be scalars", at: mark)
            }
            stack[top].container = .mapping(object, pendingKey: key, merges: merges)
        case .mapping(let object, pendingKey: .name(let key), let merges):
            object.set(key, value)
            stack[top].container = .mapping(object, pendingKey: nil, merges: merges)
        case .mapping(let object, pendingKey: .merge, let merges):
            let sources = value.isObject ? [value] : (value.array ?? [])
            guard !sources.isEmpty, sources.allSatisfy(\.isObject) else {
                throw problem("the merge key '<<' needs a mapping or a sequence of mappings", at: mark)
            }
            stack[top].container = .mapping(object, pendingKey: nil, merges: merges + sources)
        }
    }

    /// The value of a container at its end event, merge keys applied.
    private static func finish(_ container: Container) -> JSON {
        switch container {
        case .sequence(let array):
            return array
        case .mapping(let object, _, let merges):
            for source in merges {
                for (key, value) in source.members ?? [] where object[key] == nil {
                    object.set(key, value)
                }
            }
            return object
        }
    }

    /// A `.config` error at `mark`, in the form "<source>:<line>:<column>: <text>".
    private func problem(_ text: String, at mark: yaml_mark_t) -> OSIError {
        YAML.error(source: source, mark: mark, text)
    }
}
