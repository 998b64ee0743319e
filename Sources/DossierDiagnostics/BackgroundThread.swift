import Dispatch
import Foundation

/// Work run on a thread of its own, not one of the dispatch pool's, so that work which waits
/// (on the disk, say) never holds a thread that `Parallel.map` would use. `wait()` waits for it.
public final class BackgroundThread: Sendable {
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> Void) {
        let done = self.done
        Thread {
            work()
            done.signal()
        }.start()
    }

    /// Returns once the work has finished. Call it once.
    public func wait() {
        done.wait()
    }
}
