// swift-tools-version:6.0
// osimage: the OpenStack Image service (Glance v2) for C, Python and Ruby.
// OSImageCore does the work in Swift types; OSImage exports it as `osi_*` C functions.
import Foundation
import PackageDescription

// The ABI version has one source, OSI_VERSION_MAJOR in include/osimage_types.h; the SONAME
// (libosimage.so.MAJOR) is derived from it here, as scripts/install and the bindings do.
let typesHeader = "\(Context.packageDirectory)/include/osimage_types.h"
let abiMajor: String = {
    let text = (try? String(contentsOfFile: typesHeader, encoding: .utf8)) ?? ""
    let prefix = "#define OSI_VERSION_MAJOR "
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
          let major = Int(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) else {
        fatalError("Package.swift: no '\(prefix)N' line in \(typesHeader)")
    }
    return String(major)
}()

let package = Package(
    name: "osimage",
    products: [
        .library(name: "osimage", type: .dynamic, targets: ["OSImage"]),
    ],
    targets: [
        // Hand-written C types of the public API (include/osimage_types.h) plus the pointer
        // spellings only the Swift declarations use (Sources/COSImageTypes, not installed).
        .systemLibrary(name: "COSImageTypes"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // The decompressors of compressed sources (xz, gzip, zstd).
        .systemLibrary(name: "CLZMA", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "OSImageCore",
            dependencies: ["CCurl", "CJansson", "COpenSSL", "CYAML", "CLZMA", "CZlib", "CZstd"]
        ),
        .target(
            name: "OSImage",
            dependencies: ["OSImageCore", "COSImageTypes", "CJansson"],
            exclude: ["osimage.map"],
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/OSImage/osimage.map",
                    "-Xlinker", "-soname=libosimage.so.\(abiMajor)",
                ]),
            ]
        ),
        // The tests. OSImageUnitTests need nothing running (config, YAML, JSON, header values,
        // the in-process fault server, a local TLS server): `swift test --filter OSImageUnitTests`.
        // OSImageCoreTests are the integration tests against the Glance + Keystone of
        // scripts/stack: `swift test --filter OSImageCoreTests`. Both share OSImageTestSupport
        // (a regular target only the tests depend on; it imports OSImageCore @testable, so it
        // builds in debug, and release builds name the product: `--product osimage`).
        .target(name: "OSImageTestSupport", dependencies: ["OSImageCore"], path: "Tests/OSImageTestSupport"),
        .testTarget(name: "OSImageUnitTests", dependencies: ["OSImageTestSupport", "OSImageCore", "CJansson"]),
        .testTarget(name: "OSImageCoreTests", dependencies: ["OSImageTestSupport", "OSImageCore", "CJansson"]),
    ]
)
