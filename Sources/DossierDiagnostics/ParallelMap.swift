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
        let results = UnsafeMutableBufferPointer<U?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let box = UnsafeSendable(results)
        // Chunks keep the scheduling overhead low for many small items.
        let chunks = min(items.count, width * 8)
        let chunkSize = (items.count + chunks - 1) / chunks
        items.withUnsafeBufferPointer { input in
            let inputBox = UnsafeSendable(input)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                let end = min(start + chunkSize, items.count)
                guard start < end else { return }
                for index in start..<end {
                    box.value[index] = transform(inputBox.value[index])
                }
            }
        }
        return results.map { $0! }
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
