import Dispatch
import Foundation

/// Order-preserving parallel map: results come back in input order, whatever the thread count or timing.
public enum Parallel {
    /// Worker count: `DOSSIER_THREADS` if set to a positive number, else the active processor count.
    public static var defaultWidth: Int {
        if let text = ProcessInfo.processInfo.environment["DOSSIER_THREADS"], let value = Int(text), value > 0 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    public static func map<T: Sendable, U: Sendable>(
        _ items: [T], width: Int = Parallel.defaultWidth, _ transform: @Sendable (T) -> U
    ) -> [U] {
        if items.isEmpty { return [] }
        if width <= 1 || items.count == 1 { return items.map(transform) }
        // Enough chunks that the last one to finish keeps the other threads waiting only briefly: with
        // 8 a thread, one thread analysed articles alone for about 60 ms at the end of the step. Few
        // enough that scheduling stays cheap for many small items.
        let chunks = min(items.count, width * 32)
        let chunkSize = (items.count + chunks - 1) / chunks
        // Each result is made in its place in the array: collecting optionals and unwrapping them
        // into a new array copied every result on one thread, after the parallel part.
        return [U](unsafeUninitializedCapacity: items.count) { buffer, count in
            let output = UnsafeSendable(buffer.baseAddress!)
            items.withUnsafeBufferPointer { input in
                let inputBox = UnsafeSendable(input)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = chunk * chunkSize
                    let end = min(start + chunkSize, items.count)
                    guard start < end else { return }
                    for index in start..<end {
                        (output.value + index).initialize(to: transform(inputBox.value[index]))
                    }
                }
            }
            // Every index is in exactly one chunk (chunks × chunkSize ≥ count), so all are set.
            count = items.count
        }
    }
}

extension Parallel {
    /// How many threads `mapWaitingOnDisk` is given for file-system work (folder walks, stamps).
    public static let diskThreads = 16

    /// `map` on `threads` threads of their own, for work that mostly waits on the disk: `map` runs
    /// on the dispatch pool, which is as wide as the machine has cores, so it never has more than
    /// that many reads outstanding. Results come back in input order.
    public static func mapWaitingOnDisk<T: Sendable, U: Sendable>(
        _ items: [T], threads: Int, _ transform: @escaping @Sendable (T) -> U
    ) -> [U] {
        if items.isEmpty { return [] }
        if threads <= 1 || items.count == 1 { return items.map(transform) }
        let next = NextIndex()
        let results = UnsafeMutableBufferPointer<U?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let output = UnsafeSendable(results)
        let workers = (0..<min(threads, items.count)).map { _ in
            BackgroundThread {
                while let index = next.take(below: items.count) { output.value[index] = transform(items[index]) }
            }
        }
        for worker in workers { worker.wait() }
        return results.map { $0! }
    }
}

/// The next index to take, shared by threads.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < count else { return nil }
        value += 1
        return value - 1
    }
}

extension Parallel {
    /// Runs two independent computations at once and returns both results.
    public static func both<A: Sendable, B: Sendable>(
        _ first: @Sendable () -> A, _ second: @Sendable () -> B
    ) -> (A, B) {
        var a: A?
        var b: B?
        withUnsafeMutablePointer(to: &a) { pa in
            withUnsafeMutablePointer(to: &b) { pb in
                let boxes = UnsafeSendable((pa, pb))
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { boxes.value.0.pointee = first() } else { boxes.value.1.pointee = second() }
                }
            }
        }
        return (a!, b!)
    }
}

/// Wraps a value that is shared across threads in a way the compiler cannot check:
/// each thread touches disjoint indices only.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
