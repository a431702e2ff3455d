import CYAML

/// YAML text or files read into JSON values, with libyaml's event parser.
///
/// Mappings become objects, sequences arrays, and scalars are typed as YAML 1.1 (and PyYAML,
/// which openstacksdk uses) types them: unquoted true/false/yes/no/on/off are booleans,
/// null, ~ and empty are null, integers and floats are numbers, quoted text is a string.
/// Anchors, aliases and the `<<` merge key work. Aliases share the anchored value, so call
/// `deepCopy()` before changing part of a result. A document is limited as caller JSON is
/// (`JSON.checkBounds`: 100000 values with aliases expanded, 256 levels), its file to
/// `ConfigFile.maximumSize`. Errors are `.config` errors reading
/// "<source>:<line>:<column>: <problem>".
public enum YAML {
    /// Parses YAML text; `source` names the text in error messages (a path, say).
    public static func parse(_ text: String, source: String) throws(OSIError) -> JSON {
        try parse(bytes: Array(text.utf8), source: source)
    }

    /// Reads and parses the YAML file at `path`.
    public static func load(path: String) throws(OSIError) -> JSON {
        try parse(bytes: ConfigFile.read(path), source: path)
    }

    /// Parses YAML bytes (UTF-8, or UTF-16 with a byte order mark); an empty stream is null.
    static func parse(bytes: [UInt8], source: String) throws(OSIError) -> JSON {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw OSIError(.noMemory, "\(source): out of memory starting the YAML parser")
        }
        defer { yaml_parser_delete(parser) }
        var builder = YAMLTreeBuilder(source: source)
        try bytes.withUnsafeBufferPointer { (buffer) throws(OSIError) in
            // libyaml asserts on a NULL input; an empty buffer may have no address.
            guard let start = buffer.baseAddress, !buffer.isEmpty else { return }
            yaml_parser_set_input_string(parser, start, buffer.count)
            var event = yaml_event_t()
            var finished = false
            while !finished {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    throw parserError(parser.pointee, source: source)
                }
                defer { yaml_event_delete(&event) }
                finished = event.type == YAML_STREAM_END_EVENT
                try builder.handle(event)
            }
        }
        let document = builder.root ?? .null
        // Aliases share values; what a merge or copy would walk is bounded all the same.
        try document.checkBounds(what: source, code: .config)
        return document
    }

    /// A `.config` error for a position in the text, "<source>:<line>:<column>: <text>"
    /// (libyaml counts from 0, people from 1).
    static func error(source: String, mark: yaml_mark_t, _ text: String) -> OSIError {
        OSIError(.config, "\(source):\(mark.line + 1):\(mark.column + 1): \(text)")
    }

    /// The error libyaml recorded in a parser whose last call failed.
    private static func parserError(_ parser: yaml_parser_t, source: String) -> OSIError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return OSIError(.noMemory, "\(source): out of memory parsing YAML")
        case YAML_READER_ERROR:
            return OSIError(.config, "\(source): \(problem) at byte \(parser.problem_offset)")
        default:
            var text = problem
            if let context = parser.context {
                let mark = parser.context_mark
                text += " (\(String(cString: context)) at line \(mark.line + 1), column \(mark.column + 1))"
            }
            return error(source: source, mark: parser.problem_mark, text)
        }
    }
}
