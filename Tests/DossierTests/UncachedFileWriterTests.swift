import Foundation
import Testing

@testable import DossierOutput

@Suite("Cache files written past the page cache")
struct UncachedFileWriterTests {
    /// Writes `pieces` with a writer and returns the file's bytes and whether the writer wrote directly.
    private func roundTrip(_ pieces: [[UInt8]], direct: Bool, in folder: URL) throws -> (bytes: [UInt8], direct: Bool) {
        let path = folder.appendingPathComponent("file-\(pieces.count)-\(direct)").path
        let writer = try #require(UncachedFileWriter(path: path, direct: direct))
        for piece in pieces {
            #expect(piece.withUnsafeBytes { writer.write($0) })
        }
        let wasDirect = writer.direct
        #expect(writer.finish())
        return (try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) }), wasDirect)
    }

    @Test("the file holds exactly the bytes written, in pieces of any size, both ways",
          arguments: [true, false])
    func exactBytes(direct: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uncached-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        // Sizes around the block and buffer boundaries, and an empty file.
        let shapes: [[Int]] = [
            [], [0], [1], [4095], [4096], [4097], [UncachedFileWriter.capacity],
            [UncachedFileWriter.capacity - 1, 2], [3, UncachedFileWriter.capacity + 5000, 17],
            (0..<40).map { _ in Int.random(in: 0..<200_000, using: &generator) },
        ]
        for shape in shapes {
            let pieces = shape.map { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            let (bytes, _) = try roundTrip(pieces, direct: direct, in: folder)
            #expect(bytes == pieces.flatMap { $0 }, "pieces of \(shape.prefix(5)) bytes")
        }
    }

    @Test("a writer asked not to write directly does not")
    func buffered() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uncached-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (bytes, direct) = try roundTrip([[1, 2, 3]], direct: false, in: folder)
        #expect(bytes == [1, 2, 3])
        #expect(!direct)
    }
}
