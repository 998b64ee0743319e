import Dispatch

/// A value computed on another thread, started at once; `wait()` waits for it.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Value?

    init(_ compute: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: done) { self.result = compute() }
    }

    /// A value there already: `wait()` returns it at once.
    init(ready value: Value) {
        result = value
    }

    /// The value, once computed (waits until then).
    @discardableResult
    func wait() -> Value {
        done.wait()
        return result!
    }
}
