#ifndef DOSSIER_SYS_H
#define DOSSIER_SYS_H

#include <sys/types.h>

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, or -1 with errno set (ENOSYS or EINVAL where unsupported).
int dossier_rename_exchange(const char *a, const char *b);

/// Creates or truncates `path` for writing with O_DIRECT, so that what is written goes to the disk
/// without passing through the page cache. Returns the descriptor, or -1 with errno set (EINVAL
/// where the file system has no direct I/O, as tmpfs).
int dossier_open_direct(const char *path, int mode);

/// Turns O_DIRECT off on `fd`, for a file system that refuses a direct write. Returns 0 or -1.
int dossier_clear_direct(int fd);

/// Reads up to `count` bytes at `offset` only from what is already in memory (Linux preadv2 with
/// RWF_NOWAIT): returns the bytes read, or -1 with errno EAGAIN when none are in memory, or
/// another errno (EOPNOTSUPP, ENOSYS) where the system cannot tell.
ssize_t dossier_pread_cached(int fd, void *buffer, size_t count, off_t offset);

#endif
