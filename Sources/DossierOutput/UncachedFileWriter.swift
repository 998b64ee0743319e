import CDossierSys
import Foundation

/// Writes a new file front to back, in pieces, past the page cache where the file system allows it
/// (`O_DIRECT`): for the build cache's files, tens of megabytes that only the next build reads.
/// Written through the page cache, each of their pages was a new page for the kernel to find and
/// fill: encoding and writing the analyses file was 4.6 % of a cold build's profile samples, and
/// 1.2 % written this way (docs/performance.md, item 102).
///
/// Direct writes need whole blocks from block-aligned memory, so the pieces are gathered in an
/// aligned buffer and written a megabyte at a time; the last, partial block is written padded with
/// zeros and the file is then cut to its length. Where a direct write is refused (a file system
/// without direct I/O, such as tmpfs), the writer goes on with ordinary writes.
public final class UncachedFileWriter {
    /// The alignment of the buffer, and of every direct write's length: the largest logical block
    /// size of the usual devices.
    static let alignment = 4096
    static let capacity = 1 << 20

    private var fd: Int32
    /// Writing with `O_DIRECT`.
    public private(set) var direct: Bool
    private let buffer: UnsafeMutableRawPointer
    private var filled = 0
    /// The bytes handed to `write` so far: the file's length once `finish` has run.
    private var length = 0
    private var failed = false

    /// Creates (or truncates) the file at `path`; nil if it cannot be opened. `direct: false`
    /// writes through the page cache (tests take both ways).
    public init?(path: String, mode: mode_t = 0o644, direct: Bool = true) {
        var fd: Int32 = -1
        if direct { fd = dossier_open_direct(path, Int32(mode)) }
        self.direct = fd >= 0
        if fd < 0 { fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        guard fd >= 0 else { return nil }
        self.fd = fd
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: Self.alignment)
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Appends `bytes`. False once anything failed.
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while !failed, offset < bytes.count {
            let count = min(bytes.count - offset, Self.capacity - filled)
            (buffer + filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
            filled += count
            offset += count
            length += count
            if filled == Self.capacity {
                failed = !writeOut(Self.capacity)
                filled = 0
            }
        }
        return !failed
    }

    /// Writes what is left and closes the file. True when every byte reached it.
    public func finish() -> Bool {
        if !failed, filled > 0 {
            if direct {
                // Even if the padding goes out through the page cache after all (`writeOut`).
                let padded = (filled + Self.alignment - 1) / Self.alignment * Self.alignment
                (buffer + filled).initializeMemory(as: UInt8.self, repeating: 0, count: padded - filled)
                failed = !writeOut(padded) || ftruncate(fd, off_t(length)) != 0
            } else {
                failed = !writeOut(filled)
            }
            filled = 0
        }
        let closed = close(fd) == 0
        fd = -1
        return !failed && closed
    }

    /// Writes the first `count` bytes of the buffer at the file's current end.
    private func writeOut(_ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let written = posixWrite(fd, buffer + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                // A direct write refused: the rest goes through the page cache (the unwritten
                // padding, if any, is cut off by the same `ftruncate` as before).
                if direct, errno == EINVAL, dossier_clear_direct(fd) == 0 {
                    direct = false
                    continue
                }
                return false
            }
            offset += written
        }
        return true
    }
}
