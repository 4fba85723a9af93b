// A small pool of worker threads for splitting a product across cores.
//
// Why not a fresh thread or libdispatch per product: waking a sleeping thread takes 50 to 100
// µs on Linux, as long as a whole 256 × 256 product on one core. So workers that finish a job
// spin for a short while (SPIN_NANOSECONDS) waiting for the next one, as a training loop
// issues products back to back, and only then sleep on a condition variable.
//
// One job runs at a time; a caller that finds the pool busy (another thread's product, or a
// product started from inside a job) runs its job's parts itself, which gives the same result.

#include "thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

// How long an idle worker spins before it sleeps.
#define SPIN_NANOSECONDS 200000L
// The most workers the pool starts, beside the calling thread.
#define MAX_WORKERS 63

typedef struct {
  descent_parallel_body body;
  void *context;
  long count;
  _Atomic long next;  // the next part to take
  _Atomic long done;  // parts finished
} job_t;

static struct {
  pthread_mutex_t job_lock;  // held by the thread whose job runs
  pthread_mutex_t mutex;     // guards sleeping and waking
  pthread_cond_t wake;
  _Atomic unsigned long generation;  // bumped for every job
  _Atomic(job_t *) current;          // the running job, or NULL
  _Atomic int active;                // workers inside `current`
  int workers;                       // workers started (under `mutex`)
} pool = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL, 0,
    0};

static long elapsed_nanoseconds(const struct timespec *since) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - since->tv_sec) * 1000000000L + (now.tv_nsec - since->tv_nsec);
}

// Takes and runs parts of `job` until none are left.
static void run_parts(job_t *job) {
  for (;;) {
    long index = atomic_fetch_add(&job->next, 1);
    if (index >= job->count) return;
    job->body(job->context, index);
    atomic_fetch_add(&job->done, 1);
  }
}

static void *worker_main(void *unused) {
  (void)unused;
  unsigned long seen = atomic_load(&pool.generation);
  for (;;) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long spins = 0;
    while (atomic_load(&pool.generation) == seen) {
      CPU_RELAX();
      if (++spins % 256 == 0 && elapsed_nanoseconds(&start) > SPIN_NANOSECONDS) {
        pthread_mutex_lock(&pool.mutex);
        while (atomic_load(&pool.generation) == seen) pthread_cond_wait(&pool.wake, &pool.mutex);
        pthread_mutex_unlock(&pool.mutex);
      }
    }
    seen = atomic_load(&pool.generation);
    // Announce before looking: the caller clears `current` and then waits for `active` to
    // reach 0, so a job is never read after its caller has returned (sequentially consistent
    // atomics order the two sides).
    atomic_fetch_add(&pool.active, 1);
    job_t *job = atomic_load(&pool.current);
    if (job) run_parts(job);
    atomic_fetch_sub(&pool.active, 1);
  }
  return NULL;
}

// Starts workers until there are `wanted` (at most MAX_WORKERS); returns how many there are.
static int ensure_workers(int wanted) {
  if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
  pthread_mutex_lock(&pool.mutex);
  while (pool.workers < wanted) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attributes, worker_main, NULL);
    pthread_attr_destroy(&attributes);
    if (failed) break;
    pool.workers++;
  }
  int workers = pool.workers;
  pthread_mutex_unlock(&pool.mutex);
  return workers;
}

void descent_parallel_for(long count, int threads, descent_parallel_body body, void *context) {
  if (count <= 0) return;
  if (threads <= 1 || count == 1 || ensure_workers(threads - 1) == 0 ||
      pthread_mutex_trylock(&pool.job_lock) != 0) {
    for (long index = 0; index < count; index++) body(context, index);
    return;
  }
  job_t job = {body, context, count, 0, 0};
  atomic_store(&pool.current, &job);
  pthread_mutex_lock(&pool.mutex);
  atomic_fetch_add(&pool.generation, 1);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.mutex);
  run_parts(&job);
  while (atomic_load(&job.done) < count) CPU_RELAX();
  atomic_store(&pool.current, NULL);
  while (atomic_load(&pool.active) > 0) CPU_RELAX();
  pthread_mutex_unlock(&pool.job_lock);
}
