#ifndef DESCENT_THREAD_POOL_H
#define DESCENT_THREAD_POOL_H

// descent_parallel_for, the pool's entry point, is declared in the public header (Swift's
// elementwise kernels split work with it too).
#include "CDescentKernels.h"

#endif
