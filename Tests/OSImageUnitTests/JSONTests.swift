import Testing
@testable import OSImageCore

@Suite struct JSONTests {
    @Test func parsesAndReadsMembers() throws {
        let value = try JSON.parse(Array(#"{"name":"cirros","size":13,"tags":["a","b"],"protected":false}"#.utf8))
        #expect(value["name"]?.string == "cirros")
        #expect(value["size"]?.int == 13)
        #expect(value["tags"]?.array?.compactMap(\.string) == ["a", "b"])
        #expect(value["protected"]?.bool == false)
        #expect(value["missing"] == nil)
    }

    @Test func buildsAndSerializes() {
        let value = JSON.object(["a": .int(1), "b": .strings(["x"]), "c": .bool(true), "d": .null])
        #expect(value.text == #"{"a":1,"b":["x"],"c":true,"d":null}"#)
    }

    @Test func rejectsInvalidText() {
        #expect(throws: OSIError.self) { try JSON.parse(Array("{nope".utf8)) }
    }

    @Test func keepsNonASCIIStrings() throws {
        let value = JSON.string("Ünïcode ✓")
        #expect(try JSON.parse(value.serialized()).string == "Ünïcode ✓")
    }
}

@Suite struct ServerMessageTests {
    @Test func stripsGlanceJSONArtefacts() {
        let body = #"{"message": "No image found with ID x<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}"#
        #expect(ServerMessage.extract(from: Array(body.utf8), contentType: "application/json", fallback: "") == "No image found with ID x")
    }

    @Test func flattensHTMLPages() {
        let body = "<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>This server could not verify that you are authorized &amp; so on.<br /><br /></body></html>"
        #expect(ServerMessage.extract(from: Array(body.utf8), contentType: "text/html", fallback: "")
            == "401 Unauthorized: This server could not verify that you are authorized & so on.")
    }

    @Test func readsKeystoneErrorObjects() {
        let body = #"{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}"#
        #expect(ServerMessage.extract(from: Array(body.utf8), contentType: "application/json", fallback: "")
            == "The request you have made requires authentication.")
    }
}

@Suite struct TextTests {
    @Test func trimmingRemovesCRLFWhichSwiftTreatsAsOneCharacter() {
        #expect("  req-1\r\n".trimmingWhitespace() == "req-1")
        #expect("\t\r\n".trimmingWhitespace() == "")
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(URLBuilder.percentEncoded("a b/c?d#e%f~g_h.i-j") == "a%20b%2Fc%3Fd%23e%25f~g_h.i-j")
        #expect(URLBuilder.percentEncoded("é") == "%C3%A9")
    }

    @Test func iso8601TimestampsParseWithAndWithoutZone() {
        #expect(Clock.parseISO8601("1970-01-01T00:01:40Z") == 100)
        #expect(Clock.parseISO8601("1970-01-01T00:01:40.500000Z") == 100.5)
        #expect(Clock.parseISO8601("1970-01-01T01:01:40+01:00") == 100)
        #expect(Clock.parseISO8601("2026-11-29T01:11:24.861207").map { $0 > 1.79e9 } == true)
        #expect(Clock.parseISO8601("garbage") == nil)
    }
}
