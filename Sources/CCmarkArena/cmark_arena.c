#include "cmark_arena.h"

#include <cmark-gfm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Each allocation is preceded by a 16-byte header holding its size, for `realloc`.
// Allocations are 16-byte aligned, as malloc's are on x86-64 and arm64.
#define HEADER 16
#define CHUNK_SIZE (256 * 1024)

struct chunk {
    struct chunk *previous;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

static __thread struct chunk *current = NULL;

static void *fail(void) {
    fprintf(stderr, "[dossier] out of memory in the Markdown arena, aborting\n");
    abort();
}

static void *arena_alloc(size_t bytes) {
    if (bytes > SIZE_MAX - HEADER - 15) return fail();
    size_t need = (bytes + HEADER + 15) & ~(size_t)15;
    if (current == NULL || current->size - current->used < need) {
        size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
        struct chunk *fresh = malloc(sizeof(struct chunk) + size);
        if (fresh == NULL) return fail();
        fresh->previous = current;
        fresh->size = size;
        fresh->used = 0;
        current = fresh;
    }
    unsigned char *block = current->data + current->used;
    current->used += need;
    *(size_t *)block = bytes;
    return block + HEADER;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return fail();
    void *memory = arena_alloc(count * size);
    memset(memory, 0, count * size);
    return memory;
}

static void *arena_realloc(void *memory, size_t size) {
    if (memory == NULL) return arena_alloc(size);
    size_t old = *(size_t *)((unsigned char *)memory - HEADER);
    if (size <= old) return memory;
    // The newest block of the chunk grows in place when the chunk has room.
    unsigned char *block = (unsigned char *)memory - HEADER;
    size_t oldNeed = (old + HEADER + 15) & ~(size_t)15;
    if (block + oldNeed == current->data + current->used && size <= SIZE_MAX - HEADER - 15) {
        size_t need = (size + HEADER + 15) & ~(size_t)15;
        if (current->size - (size_t)(block - current->data) >= need) {
            current->used = (size_t)(block - current->data) + need;
            *(size_t *)block = size;
            return memory;
        }
    }
    void *moved = arena_alloc(size);
    memcpy(moved, memory, old);
    return moved;
}

static void arena_free(void *memory) { (void)memory; }

static cmark_mem allocator = {arena_calloc, arena_realloc, arena_free};

void *dossier_cmark_arena(void) { return &allocator; }

void dossier_cmark_arena_reset(void) {
    if (current == NULL) return;
    // Keep the oldest chunk if it is the usual size; a larger one made for one big block goes.
    while (current->previous != NULL) {
        struct chunk *previous = current->previous;
        free(current);
        current = previous;
    }
    if (current->size > CHUNK_SIZE) {
        free(current);
        current = NULL;
        return;
    }
    current->used = 0;
}

unsigned long dossier_cmark_arena_held(void) {
    unsigned long held = 0;
    for (struct chunk *c = current; c != NULL; c = c->previous) held += c->size;
    return held;
}
