// The helpers shared with the integration tests (Tests/OSImageTestSupport), for every file here.
@_exported import OSImageTestSupport
