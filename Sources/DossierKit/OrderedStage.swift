import Dispatch

/// Work run on a queue of its own, one item at a time, in the order submitted, while the
/// submitter goes on: a stage of the render pipeline. At most `depth` items wait or run (memory
/// stays bounded: `submit` waits for a slot), and the first error stops the rest and is thrown by
/// the next `submit` or by `finish`.
final class OrderedStage: @unchecked Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private let lock = DispatchSemaphore(value: 1)
    private var failure: Error?

    init(label: String, depth: Int = 2) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: depth)
    }

    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        try throwIfFailed()
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.currentFailure == nil else { return }
            do {
                try work()
            } catch {
                self.lock.wait()
                self.failure = error
                self.lock.signal()
            }
        }
    }

    /// Waits for every submitted item; throws the first error.
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
