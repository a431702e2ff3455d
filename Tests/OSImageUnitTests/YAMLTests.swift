import Testing
@testable import OSImageCore

@Suite struct YAMLTests {
    /// Parses `text` named "test.yaml".
    private func parse(_ text: String) throws -> JSON {
        try YAML.parse(text, source: "test.yaml")
    }

    /// The message of the error parsing `text` gives.
    private func parseError(_ text: String) -> OSIError? {
        thrownError { () throws(OSIError) in try YAML.parse(text, source: "test.yaml") }
    }

    @Test func readsMappingsAndSequences() throws {
        let value = try parse("""
            clouds:
              dev:
                auth: {auth_url: "https://k:5000/v3", username: demo}
                regions:
                  - RegionOne
                  - RegionTwo
            """)
        #expect(value.text == #"{"clouds":{"dev":{"auth":{"auth_url":"https://k:5000/v3","username":"demo"},"regions":["RegionOne","RegionTwo"]}}}"#)
    }

    @Test(arguments: [
        ("true", "true"), ("True", "true"), ("TRUE", "true"), ("yes", "true"), ("Yes", "true"), ("on", "true"), ("ON", "true"),
        ("false", "false"), ("no", "false"), ("NO", "false"), ("off", "false"), ("Off", "false"),
        ("null", "null"), ("Null", "null"), ("~", "null"), ("", "null"),
        ("42", "42"), ("-7", "-7"), ("+3", "3"), ("0", "0"), ("1_000", "1000"), ("0x1F", "31"), ("0b101", "5"), ("017", "15"),
        ("3.5", "3.5"), (".5", "0.5"), ("-2.", "-2.0"), ("1.5e3", "1500.0"), ("6.0e+2", "600.0"), ("1_0.5", "10.5"),
        ("y", #""y""#), ("n", #""n""#), ("08", #""08""#), ("1e3", #""1e3""#), (".inf", #"".inf""#), ("-.inf", #""-.inf""#), (".nan", #"".nan""#),
        ("99999999999999999999", #""99999999999999999999""#), ("1.2.3", #""1.2.3""#), ("0x", #""0x""#), ("abc", #""abc""#),
        ("2024-01-02", #""2024-01-02""#), ("publicURL", #""publicURL""#),
    ])
    func typesPlainScalarsAsYAML11(text: String, json: String) throws {
        #expect(try parse("v: \(text)")["v"]?.text == json)
    }

    @Test(arguments: [
        (#""yes""#, #""yes""#), ("'42'", #""42""#), (#""null""#, #""null""#), ("'3.5'", #""3.5""#), (#""""#, #""""#),
        ("!!str 42", #""42""#), ("!!str yes", #""yes""#), (#"!!int "7""#, "7"), ("!!float 2", "2.0"), (#"!!bool "on""#, "true"),
        ("!!null ''", "null"), ("!custom yes", "true"), (#"! "5""#, #""5""#),
    ])
    func keepsQuotedScalarsAsStringsAndHonoursCoreTags(text: String, json: String) throws {
        #expect(try parse("v: \(text)")["v"]?.text == json)
    }

    @Test func readsBlockScalars() throws {
        let value = try parse("""
            literal: |
              line one
              line two
            folded: >
              joined
              words
            plain: true
            """)
        #expect(value["literal"]?.string == "line one\nline two\n")
        #expect(value["folded"]?.string == "joined words\n")
        #expect(value["plain"]?.bool == true)
    }

    @Test func sharesAnchoredValuesThroughAliases() throws {
        let value = try parse("""
            base: &auth {auth_url: "https://k/v3", user: demo}
            one: *auth
            port: &port 5000
            two: [*port, *auth]
            &key name: value
            *key : again
            """)
        #expect(value["one"]?.text == #"{"auth_url":"https://k/v3","user":"demo"}"#)
        #expect(value["two"]?.text == #"[5000,{"auth_url":"https://k/v3","user":"demo"}]"#)
        #expect(value["name"]?.string == "again")
    }

    @Test func mergeKeysAddOnlyMissingKeysEarlierSourcesFirst() throws {
        let value = try parse("""
            defaults: &defaults {region_name: R1, interface: internal, verify: false}
            extra: &extra {region_name: R9, app_name: tool}
            one:
              <<: *defaults
              interface: public
            two:
              interface: admin
              <<: [*defaults, *extra]
            three:
              <<: {a: 1}
              "<<": quoted is a plain key
            """)
        #expect(value["one"]?.text == #"{"interface":"public","region_name":"R1","verify":false}"#)
        #expect(value["two"]?.text == #"{"interface":"admin","region_name":"R1","verify":false,"app_name":"tool"}"#)
        #expect(value["three"]?.text == #"{"<<":"quoted is a plain key","a":1}"#)
        #expect(value["defaults"]?.text == #"{"region_name":"R1","interface":"internal","verify":false}"#)
    }

    @Test func emptyTextIsNull() throws {
        #expect(try parse("").isNull)
        #expect(try parse("# only a comment\n").isNull)
        #expect(try parse("---\n...\n").isNull)
    }

    @Test func reportsSyntaxErrorsWithLineAndColumn() {
        let error = parseError("clouds:\n  dev:\n    auth: {a: 1\n  other: 2\n")
        #expect(error?.code == .config)
        #expect(error?.message.hasPrefix("test.yaml:4:") == true)
        let indentation = parseError("a: 1\n b: 2\n")
        #expect(indentation?.message == "test.yaml:2:3: mapping values are not allowed in this context")
    }

    @Test func reportsStructureJSONCannotHold() {
        #expect(parseError("a: *missing\n")?.message == "test.yaml:1:4: undefined alias '*missing'")
        #expect(parseError("a: 1\n? [x, y]\n: 2\n")?.message == "test.yaml:2:3: mapping keys must be scalars")
        #expect(parseError("a:\n  <<: 5\n")?.message == "test.yaml:2:7: the merge key '<<' needs a mapping or a sequence of mappings")
        #expect(parseError("a:\n  <<: [{x: 1}, 2]\n")?.message == "test.yaml:2:7: the merge key '<<' needs a mapping or a sequence of mappings")
        #expect(parseError("a: 1\n---\nb: 2\n")?.message == "test.yaml:2:1: expected a single document, found another")
        #expect(parseError("v: !!int abc\n")?.message == "test.yaml:1:4: scalar does not match its tag tag:yaml.org,2002:int")
        #expect(parseError("a: &x [*x]\n")?.message == "test.yaml:1:8: undefined alias '*x'")
    }

    @Test func limitsNesting() throws {
        let deep = String(repeating: "[", count: YAMLTreeBuilder.maximumDepth + 1) + String(repeating: "]", count: YAMLTreeBuilder.maximumDepth + 1)
        let error = parseError(deep)
        #expect(error?.message == "test.yaml:1:\(YAMLTreeBuilder.maximumDepth + 1): nested deeper than \(YAMLTreeBuilder.maximumDepth) levels")
        let allowed = String(repeating: "[", count: YAMLTreeBuilder.maximumDepth) + String(repeating: "]", count: YAMLTreeBuilder.maximumDepth)
        #expect(try parse(allowed).isArray)
    }

    @Test func rejectsBadEncodingWithByteOffset() {
        let error = thrownError { () throws(OSIError) in try YAML.parse(bytes: [0x61, 0x3A, 0x20, 0xFF, 0x0A], source: "bytes.yaml") }
        #expect(error?.code == .config)
        #expect(error?.message == "bytes.yaml: invalid leading UTF-8 octet at byte 3")
    }

    @Test func loadsFilesAndNamesThemInErrors() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.yaml", "clouds:\n  dev:\n    region_name: RegionOne\n")
        #expect(try YAML.load(path: good)["clouds"]?["dev"]?["region_name"]?.string == "RegionOne")
        let bad = try directory.write("bad.yaml", "clouds:\n  dev: [1, 2\n")
        let error = thrownError { () throws(OSIError) in try YAML.load(path: bad) }
        #expect(error?.code == .config)
        #expect(error?.message.hasPrefix("\(bad):3:1: ") == true)
        let missing = directory.subpath("missing.yaml")
        #expect(thrownError { () throws(OSIError) in try YAML.load(path: missing) }?.message == "\(missing): cannot open: No such file or directory")
        #expect(thrownError { () throws(OSIError) in try YAML.load(path: directory.path) }?.message == "\(directory.path): cannot read: Is a directory")
    }
}
