import Dispatch
import Foundation

/// Prints how long each named step of a run took, on standard error, when `DOSSIER_TIMINGS` is set.
/// For profiling only: nothing of it reaches the generated site.
public struct PhaseTimer {
    private let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = PhaseTimer.usage().cpuSeconds

    public init(enabled: Bool = ProcessInfo.processInfo.environment["DOSSIER_TIMINGS"] != nil) {
        self.enabled = enabled
    }

    /// Ends the step called `name`: the time since the previous mark (or since `init`).
    public mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let (cpu, peakMiB) = PhaseTimer.usage()
        let line = "timing: \(name) "
            + String(format: "%.3f s (cpu %.3f s, peak RSS so far %d MiB)\n", Double(now - last) / 1e9, cpu - lastCPU, peakMiB)
        FileHandle.standardError.write(Data(line.utf8))
        last = now
        lastCPU = cpu
    }

    /// User and system CPU time of the process so far (all threads), and its peak resident size.
    private static func usage() -> (cpuSeconds: Double, peakMiB: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss / 1024)
    }
}
