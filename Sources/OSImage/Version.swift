import COSImageTypes
import OSImageCore

/// The version of the loaded library, "MAJOR.MINOR.PATCH"; compare with OSI_VERSION_STRING.
/// Static storage; thread-safe.
@c public func osi_version() -> UnsafePointer<CChar> {
    versionText?.pointer ?? staticText("")
}

/// The version of the loaded library as MAJOR * 10000 + MINOR * 100 + PATCH, the form of
/// OSI_VERSION_NUMBER: a program built against these headers needs the same MAJOR
/// (osi_version_number() / 10000 == OSI_VERSION_MAJOR). Thread-safe.
@c public func osi_version_number() -> UInt32 {
    UInt32(OSI_VERSION_MAJOR) * 10000 + UInt32(OSI_VERSION_MINOR) * 100 + UInt32(OSI_VERSION_PATCH)
}

/// OSI_VERSION_STRING of the headers the library was built with, as C text.
private let versionText = ImmortalText("\(OSI_VERSION_MAJOR).\(OSI_VERSION_MINOR).\(OSI_VERSION_PATCH)")
