import Foundation

extension String {
    /// True when `self` sorts before `other` byte by byte in UTF-8: the order in which dossier lists
    /// paths and ids wherever the list is written or digested, the same on every machine. By
    /// `memcmp`: the generic `utf8.lexicographicallyPrecedes` showed in the profiles.
    public func bytesPrecede(_ other: String) -> Bool {
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}
