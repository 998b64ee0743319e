import DossierOutput
import DossierSite
import Dispatch

/// Writes rendered batches on a queue of its own, so the next batch renders while this one's
/// folders and files are made: creating a folder is kernel work that one core does while the
/// other would otherwise wait (docs/performance.md). Batches are written in the order they are
/// submitted, at most `depth` are in flight (memory stays bounded), and the first error stops
/// the rest and is thrown by the next `submit` or by `finish`.
final class BackgroundWriter: @unchecked Sendable {
    private let writer: any SiteOutputWriter
    private let width: Int
    private let queue = DispatchQueue(label: "dossier.writer")
    private let slots: DispatchSemaphore
    private let lock = DispatchSemaphore(value: 1)
    private var failure: Error?

    init(_ writer: any SiteOutputWriter, width: Int, depth: Int = 2) {
        self.writer = writer
        self.width = width
        slots = DispatchSemaphore(value: depth)
    }

    func submit(_ batch: PageBatch) throws {
        try throwIfFailed()
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.currentFailure == nil else { return }
            do {
                try self.writer.writeAll(batch.rendered.map { ($0.path, $0.bytes) }, width: self.width)
                try self.writer.keep(batch.kept)
            } catch {
                self.lock.wait()
                self.failure = error
                self.lock.signal()
            }
        }
    }

    /// Waits for every submitted batch; throws the first error.
    func finish() throws {
        queue.sync {}
        try throwIfFailed()
    }

    private var currentFailure: Error? {
        lock.wait()
        defer { lock.signal() }
        return failure
    }

    private func throwIfFailed() throws {
        if let failure = currentFailure { throw failure }
    }
}
