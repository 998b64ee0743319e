import DossierDiagnostics
import DossierMarkdown
import Foundation

/// The link checker's distinct link values, numbered in the order first seen, looked up by their
/// UTF-8 bytes: a page's links are found in its bytes and numbered there, without making a
/// `String` for a value the table already holds (a string made and hashed per link was most of
/// the link scan, docs/performance.md). Values are equal when their bytes are.
struct LinkValueTable: Sendable {
    /// Open addressing: each slot holds a value's number, or -1. Twice as many slots as values, at least.
    private var slots = [Int32](repeating: -1, count: 1024)
    /// By number: FNV-1a of the value's bytes, and where its bytes end in `bytes`.
    private var hashes: [UInt64] = []
    private var ends: [Int] = []
    /// Every value's bytes, one after the other.
    private var bytes: [UInt8] = []

    var count: Int { hashes.count }

    /// The number of the value with these bytes, or nil.
    func number(of value: UnsafeBufferPointer<UInt8>) -> Int32? {
        number(of: value, hash: FNV1a.hash(value))
    }

    func number(of value: String) -> Int32? {
        value.withUTF8InPlace { number(of: $0) }
    }

    private func number(of value: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let n = slots[slot]
                if n < 0 { return nil }
                if hashes[Int(n)] == hash && holds(Int(n), value) { return n }
                slot = (slot + 1) & mask
            }
        }
    }

    private func holds(_ n: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = n == 0 ? 0 : ends[n - 1]
        guard ends[n] - start == value.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            value.isEmpty || memcmp(stored.baseAddress! + start, value.baseAddress!, value.count) == 0
        }
    }

    /// The value's number, numbering it next when it is new.
    mutating func insert(_ value: String) -> Int32 {
        value.withUTF8InPlace { value in
            let hash = FNV1a.hash(value)
            if let known = number(of: value, hash: hash) { return known }
            let n = Int32(hashes.count)
            hashes.append(hash)
            bytes.append(contentsOf: value)
            ends.append(bytes.count)
            if hashes.count * 2 > slots.count {
                rehash(slots.count * 2)
            } else {
                place(n, hash: hash)
            }
            return n
        }
    }

    private mutating func place(_ n: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = n
    }

    private mutating func rehash(_ size: Int) {
        slots = [Int32](repeating: -1, count: size)
        for n in hashes.indices { place(Int32(n), hash: hashes[n]) }
    }
}
