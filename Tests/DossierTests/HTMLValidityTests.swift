import Foundation
import Testing

/// The generated pages are checked by a real HTML validator: the Nu HTML Checker (vnu.jar), which
/// `Scripts/with-deps swift test` fetches. Without it this test fails rather than passing silently.
@Suite("HTML validity")
struct HTMLValidityTests {
    static var validatorJar: String? {
        if let path = ProcessInfo.processInfo.environment["DOSSIER_VNU_JAR"], FileManager.default.fileExists(atPath: path) {
            return path
        }
        let local = TestSupport.repositoryRoot.appendingPathComponent(".build/tools/vnu.jar").path
        return FileManager.default.fileExists(atPath: local) ? local : nil
    }

    /// Runs vnu on every HTML file under `folder` and returns its messages (errors and warnings).
    static func validate(_ folder: URL) throws -> String {
        let jar = try #require(validatorJar, "vnu.jar not found: run the tests with Scripts/with-deps swift test")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["java", "-jar", jar, "--format", "gnu", "--skip-non-html", folder.path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("every page of the fixture dossier is valid HTML5, with no warnings")
    func fixture() throws {
        let (output, _) = try TestSupport.build(TestSupport.fixture("mini"))
        let messages = try Self.validate(output)
        #expect(messages.isEmpty, "\(messages)")
    }

    @Test("every page of the Bamako dossier is valid HTML5, with no warnings")
    func bamako() throws {
        let (output, result) = try TestSupport.build(TestSupport.repositoryRoot)
        #expect(!result.diagnostics.hasErrors)
        let messages = try Self.validate(output)
        #expect(messages.isEmpty, "\(messages)")
    }

    @Test("the validator does report a broken page (so a clean result means something)")
    func validatorCatchesErrors() throws {
        let folder = try TestSupport.temporaryFolder("vnu")
        try "<!doctype html><html><head></head><body><p><div></p></body></html>"
            .write(to: folder.appendingPathComponent("bad.html"), atomically: true, encoding: .utf8)
        let messages = try Self.validate(folder)
        #expect(messages.contains("error"))
    }
}
