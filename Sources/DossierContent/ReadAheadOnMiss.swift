import DossierDiagnostics
import Foundation

/// Asks for files ahead of the loader's workers once one of their reads finds a file not in memory.
///
/// Reading files that are not in memory one after the other left the disk with at most two reads
/// in flight (docs/performance.md, item 70), so a cold load asks for every file at once. When the
/// dossier is already in memory, as for a build soon after the last one, asking costs three
/// system calls a file (`open`, `posix_fadvise`, `close`) and no read waits: then it is not done.
final class ReadAheadOnMiss: @unchecked Sendable {
    private let lock = NSLock()
    private var thread: BackgroundThread?
    private let work: @Sendable () -> Void

    init(_ work: @escaping @Sendable () -> Void) { self.work = work }

    /// Starts the read-ahead on its own thread, the first time only.
    func start() {
        lock.withLock {
            if thread == nil { thread = BackgroundThread(work) }
        }
    }

    /// Returns once the read-ahead, if started, has finished.
    func wait() {
        lock.withLock { thread }?.wait()
    }
}
