import Foundation
import Synchronization
import Testing

@testable import DossierDiagnostics

@Suite("Parallel map")
struct ParallelMapTests {
    final class Box: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    @Test("results come back in input order, each item transformed once, for any count and width")
    func orderAndCoverage() {
        for count in [1, 2, 3, 31, 63, 64, 65, 127, 1000, 10_007] {
            for width in [1, 2, 3, 8] {
                let items = Array(0..<count)
                let calls = Mutex([Int](repeating: 0, count: count))
                let results = Parallel.map(items, width: width) { item -> (Int, Box) in
                    calls.withLock { $0[item] += 1 }
                    return (item * 3, Box("item \(item)"))
                }
                #expect(results.count == count)
                #expect(results.map(\.0) == items.map { $0 * 3 }, "count \(count), width \(width)")
                #expect(results.map(\.1.text) == items.map { "item \($0)" }, "count \(count), width \(width)")
                #expect(calls.withLock { $0.allSatisfy { $0 == 1 } }, "count \(count), width \(width)")
            }
        }
    }

    @Test("on threads of its own, results also come back in input order, each item transformed once")
    func waitingOnDisk() {
        for count in [0, 1, 2, 7, 100, 1000] {
            for threads in [1, 2, 16] {
                let items = Array(0..<count)
                let calls = Mutex([Int](repeating: 0, count: count))
                let results = Parallel.mapWaitingOnDisk(items, threads: threads) { item -> (Int, Box) in
                    calls.withLock { $0[item] += 1 }
                    return (item * 3, Box("item \(item)"))
                }
                #expect(results.map(\.0) == items.map { $0 * 3 }, "count \(count), threads \(threads)")
                #expect(results.map(\.1.text) == items.map { "item \($0)" }, "count \(count), threads \(threads)")
                #expect(calls.withLock { $0.allSatisfy { $0 == 1 } }, "count \(count), threads \(threads)")
            }
        }
    }

    @Test("on threads of its own, no result outlives the array it is returned in")
    func waitingOnDiskReleasesResults() {
        weak var first: Box?
        weak var last: Box?
        do {
            let results = Parallel.mapWaitingOnDisk(Array(0..<50), threads: 4) { Box("item \($0)") }
            first = results.first
            last = results.last
            #expect(first?.text == "item 0" && last?.text == "item 49")
        }
        #expect(first == nil && last == nil)
    }
}
