#ifndef DESCENT_THREAD_POOL_H
#define DESCENT_THREAD_POOL_H

typedef void (*descent_parallel_body)(void *context, long index);

// Runs body(context, i) for i in [0, count) on up to `threads` threads (the caller and
// workers of a process-wide pool), returning when all are done. Parts may run in any order
// and on any thread, so each must write its own, disjoint output.
void descent_parallel_for(long count, int threads, descent_parallel_body body, void *context);

#endif
