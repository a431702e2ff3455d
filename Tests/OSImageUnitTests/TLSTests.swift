import Glibc
import Testing
@testable import OSImageCore

/// TLS verification against a local HTTPS server with a self-signed certificate (a threaded
/// Python server that answers Glance's version document): refused by default, accepted
/// with `cacert` or `verify: false`.
@Suite(.serialized) struct TLSTests {
    /// A self-signed certificate for 127.0.0.1 and an HTTPS server using it.
    final class HTTPSServer {
        let directory: String
        let port: Int
        let process: ChildProcess

        init() throws {
            directory = "/tmp/osimage-tls-" + uniqueName("cert")
            try ChildProcess.run(["mkdir", "-p", directory])
            try ChildProcess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                  "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem"])
            // The server binds port 0 (the kernel picks a free one, as FaultServer does) and
            // writes the port it got to a file once it listens: no port guessed, no probing.
            let portFile = directory + "/port"
            process = try ChildProcess(["python3", "-c", Self.server, portFile, directory + "/cert.pem", directory + "/key.pem"])
            for _ in 0..<200 {
                if let text = readFile(portFile), text.hasSuffix("\n"), let bound = Int(text.dropLast()), bound > 0 {
                    port = bound
                    return
                }
                usleep(50_000)
            }
            process.terminate()
            try? ChildProcess.run(["rm", "-rf", directory])
            throw StackError("the HTTPS server did not start (no port in \(portFile))")
        }

        /// Answers every GET with a version document that offers v2.9.
        static let server = """
            import http.server, os, ssl, sys
            class Versions(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b'{"versions": [{"id": "v2.9", "status": "CURRENT"}]}'
                    self.send_response(300)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Versions)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            server.socket = context.wrap_socket(server.socket, server_side=True)
            with open(sys.argv[1] + ".tmp", "w") as port:
                port.write("%d\\n" % server.server_address[1])
            os.rename(sys.argv[1] + ".tmp", sys.argv[1])
            server.serve_forever()
            """

        var certificate: String { directory + "/cert.pem" }
        var url: String { "https://127.0.0.1:\(port)" }

        deinit {
            process.terminate()
            try? ChildProcess.run(["rm", "-rf", directory])
        }
    }

    private func connect(_ server: HTTPSServer, _ extra: KeyValuePairs<String, JSON>) throws -> ImageClient {
        let options = JSON.object(["auth_type": .string("none"), "endpoint": .string(server.url), "connect_retries": .int(0)])
        for (key, value) in extra { options.set(key, value) }
        return try ImageClient(config: CloudConfigLoader.load(options: options, environment: Environment([:])))
    }

    @Test func verificationIsOnByDefaultAndTheCACertOrInsecureAcceptTheServer() throws {
        let server = try HTTPSServer()
        let refused = try #require(throws: OSIError.self) { try connect(server, [:]) }
        #expect(refused.code == .transport)
        #expect(refused.message.contains("certificate") || refused.message.contains("SSL"))

        // Version discovery went through TLS both ways.
        let trusted = try connect(server, ["cacert": .string(server.certificate)])
        #expect(trusted.endpoint.baseURL == server.url + "/v2")
        #expect(trusted.endpoint.versions == ["v2.9"])
        let insecure = try connect(server, ["verify": .bool(false)])
        #expect(insecure.endpoint.maxMinorVersion == 9)
    }
}
