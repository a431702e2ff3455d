import Testing
@testable import OSImageCore

/// Header values arrive with a CRLF that Swift reads as one Character; it must not stick to
/// them, or a Keystone token sent back as X-Auth-Token ends the request headers early (the
/// Content-Length after it became body, and every POST in keystone mode lost its body).
@Suite struct HeaderValueTests {
    @Test func lineEndsAreTrimmed() {
        #expect("value\r\n".trimmingWhitespace() == "value")
        #expect(" \t\r\nvalue \r\n\r\n".trimmingWhitespace() == "value")
        #expect("\r\n".trimmingWhitespace() == "")
        #expect("a\r\nb".trimmingWhitespace() == "a\r\nb")
    }

    @Test func keystoneRequestsKeepTheirBodyAndRequestIDsTheirShape() throws {
        let client = try Stack.running(.keystone).client(cloud: "osi-demo")
        let image = try client.seedImage(["name": .string(uniqueName("keystone-post"))])
        defer { client.removeImages([image]) }
        #expect(image["name"]?.string?.hasPrefix("keystone-post") == true)
        let error = try #require(throws: OSIError.self) { try client.getImage("00000000-0000-0000-0000-000000000000") }
        let requestID = try #require(error.requestID)
        #expect(!requestID.contains("\r") && !requestID.contains("\n"))
    }
}
