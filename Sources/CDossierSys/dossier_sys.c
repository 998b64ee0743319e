#define _GNU_SOURCE
#include "dossier_sys.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/uio.h>

#if defined(__linux__)
#include <sys/syscall.h>
#include <linux/fs.h>
#endif

int dossier_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

int dossier_open_direct(const char *path, int mode) {
#if defined(O_DIRECT)
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, mode);
#else
    (void)path;
    (void)mode;
    errno = EINVAL;
    return -1;
#endif
}

int dossier_clear_direct(int fd) {
#if defined(O_DIRECT)
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags & ~O_DIRECT);
#else
    (void)fd;
    return 0;
#endif
}

ssize_t dossier_pread_cached(int fd, void *buffer, size_t count, off_t offset) {
#if defined(__linux__) && defined(RWF_NOWAIT)
    struct iovec vector = {.iov_base = buffer, .iov_len = count};
    return preadv2(fd, &vector, 1, offset, RWF_NOWAIT);
#else
    (void)fd;
    (void)buffer;
    (void)count;
    (void)offset;
    errno = EOPNOTSUPP;
    return -1;
#endif
}
