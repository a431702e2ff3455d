import Testing
@testable import OSImageCore

/// Header values arrive with a CRLF that Swift reads as one Character; it must not stick to
/// them, or a Keystone token sent back as X-Auth-Token ends the request headers early (the
/// Content-Length after it became body, and every POST in keystone mode lost its body; the
/// stack's side of this is ConnectionTests.keystoneRequestsKeepTheirBodyAndRequestIDsTheirShape).
@Suite struct HeaderValueTests {
    @Test func lineEndsAreTrimmed() {
        #expect("value\r\n".trimmingWhitespace() == "value")
        #expect(" \t\r\nvalue \r\n\r\n".trimmingWhitespace() == "value")
        #expect("\r\n".trimmingWhitespace() == "")
        #expect("a\r\nb".trimmingWhitespace() == "a\r\nb")
    }
}
