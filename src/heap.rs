//! Giving back to the system the memory a finished phase of the load freed.
//!
//! glibc's allocator keeps what a thread frees in that thread's arena, for
//! that arena to reuse. The load's phases run on different threads (essays
//! on the pool, maps beside them, anchoring on the pool again, the
//! resolver's last phase on the caller), so each arena keeps its own
//! high-water mark and the process's peak is nearer the sum of the phases'
//! peaks than the largest. Trimming between phases returns the free pages:
//! on the adversarial shapes of issue 13 (`tools/hostile-bench.sh`), about
//! 4 MB of a 35 MB peak for `check`, at no measurable time.

/// Return the heap's free pages to the system (glibc's `malloc_trim`);
/// nothing on other platforms, whose allocators keep no per-thread arenas
/// of this kind or return memory on their own.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only releases free memory;
    // glibc documents it as safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
