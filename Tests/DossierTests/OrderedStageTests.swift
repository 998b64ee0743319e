import Foundation
import Synchronization
import Testing

@testable import DossierKit

@Suite("Ordered stage")
struct OrderedStageTests {
    struct Stop: Error, Equatable { var at: Int }

    @Test("items run one at a time, in the order submitted, with at most `depth` waiting or running")
    func orderAndDepth() throws {
        for depth in [1, 2, 4] {
            let stage = OrderedStage(label: "test", depth: depth)
            let seen = Mutex<[Int]>([])
            let inFlight = Mutex(0)
            let most = Mutex(0)
            for item in 0..<200 {
                inFlight.withLock { $0 += 1 }
                try stage.submit {
                    let running = inFlight.withLock { $0 }
                    most.withLock { $0 = max($0, running) }
                    if item % 17 == 0 { usleep(200) }
                    seen.withLock { $0.append(item) }
                    inFlight.withLock { $0 -= 1 }
                }
            }
            try stage.finish()
            #expect(seen.withLock { $0 } == Array(0..<200))
            // Counted before `submit` waits for a slot, so one more than the stage holds.
            #expect(most.withLock { $0 } <= depth + 1)
        }
    }

    @Test("the first error stops the items after it, queued ones included, and is thrown by the next submit or by finish")
    func firstErrorStops() throws {
        let stage = OrderedStage(label: "test", depth: 4)
        let ran = Mutex<[Int]>([])
        var thrownBySubmit: Error?
        for item in 0..<50 {
            do {
                try stage.submit {
                    ran.withLock { $0.append(item) }
                    // Item 5 fails late, once the items after it are queued behind it.
                    if item == 5 { usleep(50_000) }
                    if item == 5 || item == 7 { throw Stop(at: item) }
                }
            } catch {
                thrownBySubmit = error
                break
            }
        }
        #expect(throws: Stop(at: 5)) { try stage.finish() }
        if let thrownBySubmit { #expect(thrownBySubmit as? Stop == Stop(at: 5)) }
        #expect(ran.withLock { $0 } == [0, 1, 2, 3, 4, 5])
    }
}
