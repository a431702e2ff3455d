/// The version of this osimage build; include/osimage_types.h carries the same numbers.
public enum OSImageVersion {
    public static let major = 0
    public static let minor = 1
    public static let patch = 0
    /// "MAJOR.MINOR.PATCH".
    public static let string = "\(major).\(minor).\(patch)"
}
