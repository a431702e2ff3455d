// swift-tools-version:6.0
// osimage: the OpenStack Image service (Glance v2) for C, Python and Ruby.
// OSImageCore does the work in Swift types; OSImage exports it as `osi_*` C functions.
import PackageDescription

let package = Package(
    name: "osimage",
    products: [
        .library(name: "osimage", type: .dynamic, targets: ["OSImage"]),
    ],
    targets: [
        // Hand-written C types of the public API (include/osimage_types.h).
        .systemLibrary(name: "COSImageTypes", path: "include"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "OSImageCore",
            dependencies: ["CCurl", "CJansson", "COpenSSL", "CYAML"]
        ),
        .target(
            name: "OSImage",
            dependencies: ["OSImageCore", "COSImageTypes", "CJansson"],
            exclude: ["osimage.map"],
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/OSImage/osimage.map",
                    "-Xlinker", "-soname=libosimage.so.0",
                ]),
            ]
        ),
        .testTarget(name: "OSImageCoreTests", dependencies: ["OSImageCore", "CJansson"]),
    ]
)
