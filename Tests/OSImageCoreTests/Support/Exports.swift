// The helpers shared with the unit tests (Tests/OSImageTestSupport), for every file here.
@_exported import OSImageTestSupport
