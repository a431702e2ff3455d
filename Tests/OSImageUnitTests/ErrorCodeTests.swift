import Testing
@testable import OSImageCore

/// The one mapping from HTTP statuses to error codes (no stack needed).
@Suite struct ErrorCodeTests {
    @Test func imageAPIStatuses() {
        let expected: [(Int, ErrorCode)] = [(400, .http), (401, .auth), (403, .forbidden), (404, .notFound),
                                            (409, .conflict), (413, .http), (415, .http), (416, .http),
                                            (500, .http), (503, .http), (204, .internal), (302, .http), (304, .http)]
        for (status, code) in expected { #expect(ErrorCode(httpStatus: status) == code, "HTTP \(status)") }
    }

    @Test func whatTheRequestWasForChangesAFewStatuses() {
        #expect(ErrorCode(httpStatus: 400, context: .identity) == .auth)
        #expect(ErrorCode(httpStatus: 401, context: .identity) == .auth)
        #expect(ErrorCode(httpStatus: 500, context: .identity) == .http)
        #expect(ErrorCode(httpStatus: 204, context: .download) == .conflict)
        #expect(ErrorCode(httpStatus: 403, context: .download) == .forbidden)
        for status in [400, 403, 404] { #expect(ErrorCode(httpStatus: status, context: .lookupByID) == .notFound) }
        #expect(ErrorCode(httpStatus: 500, context: .lookupByID) == .http)
    }

    @Test func anErrorForAnHTTPAnswerTakesItsCodeFromTheMapping() {
        let error = OSIError(httpStatus: 400, context: .identity, message: "refused", requestID: nil, method: "POST",
                             url: "http://127.0.0.1/v3/auth/tokens")
        #expect(error.code == .auth)
        #expect(error.httpStatus == 400)
    }
}
