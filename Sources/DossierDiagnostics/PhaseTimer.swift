import Dispatch
import Foundation

/// Prints how long each named step of a run took, on standard error, when `DOSSIER_TIMINGS` is set.
/// For profiling only: nothing of it reaches the generated site.
public struct PhaseTimer {
    private let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds

    public init(enabled: Bool = ProcessInfo.processInfo.environment["DOSSIER_TIMINGS"] != nil) {
        self.enabled = enabled
    }

    /// Ends the step called `name`: the time since the previous mark (or since `init`).
    public mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let line = "timing: \(name) " + String(format: "%.3f s\n", Double(now - last) / 1e9)
        FileHandle.standardError.write(Data(line.utf8))
        last = now
    }
}
