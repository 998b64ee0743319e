import Foundation

/// A regular file's size, times (nanoseconds since the epoch) and inode, as `stat` gives them.
public struct FileInfo: Sendable, Hashable {
    public var size: Int64
    public var mtime: Int64
    public var ctime: Int64
    public var inode: UInt64

    public init(size: Int64, mtime: Int64, ctime: Int64, inode: UInt64) {
        self.size = size
        self.mtime = mtime
        self.ctime = ctime
        self.inode = inode
    }

    /// `stat`'s fields; nil unless it describes a regular file.
    public init?(_ info: stat) {
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(info.st_size)
        mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        ctime = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
    }
}
