@testable import OSImageCore

/// clouds.yaml / secure.yaml text: parsed, merged, normalized and built into a configuration
/// for each cloud it names.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let document = try? YAML.parse(bytes: input.bytes, source: "clouds.yaml") else { return 0 }
    let secure = (try? YAML.parse(bytes: Array("clouds: {a: {auth: {password: p}}}".utf8), source: "secure.yaml")) ?? .object()
    let merged = document.deepMerged(with: secure)
    for (name, entry) in merged["clouds"]?.members ?? [] {
        let source = ConfigSource.cloud(name: name, file: "clouds.yaml")
        guard let base = try? ConfigKeys.normalized(entry, source: source) else { continue }
        _ = try? CloudConfigBuilder(source: source, cloudName: name, home: "/home/u").build(base: base, overrides: .object())
    }
    return 0
}
