#ifndef DOSSIER_CMARK_ARENA_H
#define DOSSIER_CMARK_ARENA_H

/// A cmark-gfm allocator (a `cmark_mem *`, returned untyped so that this header does not include
/// cmark's) that hands out memory from per-thread chunks: `free` does nothing, and
/// `dossier_cmark_arena_reset` takes back everything the calling thread was given.
/// cmark allocates every node and buffer on its own; one parse of an article made thousands of
/// `calloc`/`free` calls.
void *dossier_cmark_arena(void);

/// Ends the calling thread's use of everything the arena gave it since the last reset. Keeps one
/// chunk for the next document and frees the others.
void dossier_cmark_arena_reset(void);

/// Bytes the calling thread holds in chunks (for tests).
unsigned long dossier_cmark_arena_held(void);

#endif
