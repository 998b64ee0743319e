#ifndef DOSSIER_SYS_H
#define DOSSIER_SYS_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, or -1 with errno set (ENOSYS or EINVAL where unsupported).
int dossier_rename_exchange(const char *a, const char *b);

#endif
