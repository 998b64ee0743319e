import Foundation
import Testing

/// The `dossier` executable links Debian's mimalloc, which must take the place of glibc's malloc in
/// the whole process: the Swift runtime and cmark-gfm allocate through `malloc` too, and linking
/// the library without it winning the symbol look-up would change nothing (docs/performance.md).
@Suite struct AllocatorTests {
    private typealias S = TrustTestSupport

    #if os(Linux)
    @Test("the Swift runtime's and cmark-gfm's malloc and free bind to mimalloc, not to glibc")
    func mallocIsMimalloc() throws {
        guard let binary = S.dossierBinary() else {
            Issue.record("the dossier executable is not built: run `swift build` first")
            return
        }
        // glibc's loader reports where each symbol was bound.
        let (status, errors) = try S.runCapturingErrors(binary, ["--help"], environment: ["LD_DEBUG": "bindings"])
        #expect(status == 0)

        // Lines such as "binding file /…/libswiftCore.so [0] to /…/libmimalloc.so.2 [0]: normal symbol `malloc'".
        var boundTo: [String: Set<String>] = [:]
        for line in errors.split(separator: "\n") {
            guard let from = line.range(of: "binding file "), let to = line.range(of: " to "),
                let symbol = line.range(of: "normal symbol `")
            else { continue }
            let name = line[symbol.upperBound...].prefix { $0 != "'" }
            guard name == "malloc" || name == "free" else { continue }
            let user = line[from.upperBound..<to.lowerBound].split(separator: " ").first.map(String.init) ?? ""
            let library = line[to.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            let file = (user as NSString).lastPathComponent
            boundTo["\(file) \(name)", default: []].insert((library as NSString).lastPathComponent)
        }
        for user in ["libswiftCore.so", "libcmark-gfm.so"] {
            for name in ["malloc", "free"] {
                let libraries = boundTo.filter { $0.key.hasPrefix(user) && $0.key.hasSuffix(" " + name) }.values
                    .reduce(into: Set<String>()) { $0.formUnion($1) }
                #expect(!libraries.isEmpty, "no binding of \(name) from \(user) was reported")
                #expect(libraries.allSatisfy { $0.hasPrefix("libmimalloc.so") }, "\(user) \(name) -> \(libraries.sorted())")
            }
        }
    }
    #endif
}
