import DossierDiagnostics
import Foundation

/// Makes a new staging tree's folders on a thread of its own, ahead of the files that go in them.
///
/// On ext4 a `mkdir` takes the parent folder's lock, so the 10,000 page folders of `articles/` are
/// made one at a time whichever thread makes them, about 30 µs each: made by the writer, they held
/// back the render step, whose threads waited for it (docs/performance.md, items 88 and 89). Started
/// as soon as the content files are listed, this thread makes them while the files are read and
/// analysed.
///
/// It only ever makes folders that the writer would make anyway, and the writer makes any folder it
/// needs that this thread has not yet made (`hasMade` tells it): a folder made twice is no error.
/// A folder made here that no staged file ends up in is removed before the swap (`StagedOutput`).
final class FolderMaker: @unchecked Sendable {
    /// The files whose folders are made, relative to the staging folder.
    let paths: [String]
    private let lock = NSLock()
    /// Set by the thread before it makes any folder: the folders, each after its parent, and where
    /// each is in that order.
    private var folders: [String] = []
    private var place: [String: Int] = [:]
    /// `folders[..<made]` exist.
    private var made = 0
    private var stopping = false
    private var thread: BackgroundThread?

    init(staging: String, paths: [String]) {
        self.paths = paths
        thread = BackgroundThread { [self] in
            let folders = Self.folders(holding: paths)
            var place: [String: Int] = [:]
            place.reserveCapacity(folders.count)
            for (i, folder) in folders.enumerated() { place[folder] = i }
            lock.lock()
            (self.folders, self.place) = (folders, place)
            lock.unlock()
            for folder in folders {
                // Any other failure is left to the writer, which makes the folder again and reports it.
                guard mkdir(staging + "/" + folder, 0o777) == 0 || errno == EEXIST else { break }
                lock.lock()
                made += 1
                let stop = stopping
                lock.unlock()
                if stop { break }
            }
        }
    }

    /// True when `folder` is one of this thread's and exists already (and so do the folders above it).
    func hasMade(_ folder: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let index = place[folder] else { return false }
        return index < made
    }

    /// Returns once every folder is made (or the thread gave up), and what it made, parents first.
    @discardableResult
    func wait() -> ArraySlice<String> {
        thread?.wait()
        thread = nil
        lock.lock()
        defer { lock.unlock() }
        return folders[..<made]
    }

    /// Stops making folders and returns once the thread is done.
    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        wait()
    }

    /// Each page's folder and the folders above it, every folder once and after its parent, for a
    /// site whose files are `paths`.
    static func folders(holding paths: [String]) -> [String] {
        // On the UTF-8 bytes: finding the slashes among `Character`s, and hashing `Substring`s,
        // cost 18,000 instructions a path.
        var seen = Set<String>()
        var folders: [String] = []
        for path in paths {
            let bytes = path.utf8
            var index = bytes.startIndex
            while let slash = bytes[index...].firstIndex(of: UInt8(ascii: "/")) {
                let folder = String(path[..<slash])
                if seen.insert(folder).inserted { folders.append(folder) }
                index = bytes.index(after: slash)
            }
        }
        return folders
    }
}
