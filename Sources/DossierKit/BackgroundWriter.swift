import DossierOutput
import DossierSite

/// Writes rendered batches on a stage of its own, so the next batch renders while this one's
/// folders and files are made: creating a folder is kernel work that one core does while the
/// other would otherwise wait (docs/performance.md). Batches are written in the order they are
/// submitted, at most `depth` are in flight (memory stays bounded), and the first error stops
/// the rest and is thrown by the next `submit` or by `finish`.
final class BackgroundWriter: @unchecked Sendable {
    private let writer: any SiteOutputWriter
    private let width: Int
    private let stage: OrderedStage

    init(_ writer: any SiteOutputWriter, width: Int, depth: Int = 2) {
        self.writer = writer
        self.width = width
        stage = OrderedStage(label: "dossier.writer", depth: depth)
    }

    func submit(_ batch: PageBatch) throws {
        try stage.submit {
            try self.writer.writeAll(batch.rendered.map { ($0.path, $0.bytes) }, width: self.width)
            try self.writer.keep(batch.kept)
        }
    }

    /// Waits for every submitted batch; throws the first error.
    func finish() throws {
        try stage.finish()
    }
}
