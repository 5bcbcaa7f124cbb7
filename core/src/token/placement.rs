//! Where a batch's threads start: one per CPU, spread over the CPUs this process may use.
//!
//! A scheduler may queue a thread just started behind the busy thread that started it, on the
//! same CPU, while another CPU sits idle: measured on a 2-vCPU Firecracker VM
//! (`sched_vcpu_pack`), a new worker started 1.5–2.4 ms late (median) and up to 4 ms, most after
//! the starting thread had slept. So each worker, first thing, moves itself onto a CPU of its own
//! (the next ones after the caller's, in turn) if it is not on it, then gives back the whole set
//! it may run on: the scheduler is free again from there. The caller yields once per worker
//! after starting them, so that a worker queued behind it runs at once and moves. Off Linux,
//! or if the CPUs cannot be read, nothing is moved.

/// Where the workers of one batch go.
pub struct Placement {
    #[cfg(target_os = "linux")]
    spread: Option<Spread>,
}

#[cfg(target_os = "linux")]
struct Spread {
    /// The CPUs the caller may run on (and so each worker, which inherits them).
    allowed: nix::sched::CpuSet,
    /// Their numbers, in order.
    cpus: alloc::vec::Vec<usize>,
    /// The position in `cpus` of the caller's CPU.
    caller: usize,
}

impl Placement {
    /// The placement for workers started from this thread now.
    pub fn here() -> Placement {
        Placement {
            #[cfg(target_os = "linux")]
            spread: Spread::here(),
        }
    }

    /// Run first by worker `i` (0-based): moves it onto its own CPU if it is elsewhere.
    pub fn settle(&self, i: usize) {
        #[cfg(target_os = "linux")]
        if let Some(spread) = &self.spread {
            spread.settle(i);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = i;
    }

    /// Run by the caller once `started` workers are started: lets any of them queued on this
    /// CPU run now, and so move.
    pub fn let_start(&self, started: usize) {
        #[cfg(target_os = "linux")]
        if self.spread.is_some() {
            for _ in 0..started {
                std::thread::yield_now();
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = started;
    }
}

#[cfg(target_os = "linux")]
impl Spread {
    fn here() -> Option<Spread> {
        use nix::sched::{CpuSet, sched_getaffinity, sched_getcpu};
        use nix::unistd::Pid;
        let allowed = sched_getaffinity(Pid::from_raw(0)).ok()?;
        let cpus: alloc::vec::Vec<usize> = (0..CpuSet::count())
            .filter(|&c| allowed.is_set(c).unwrap_or(false))
            .collect();
        let mine = sched_getcpu().ok()?;
        let caller = cpus.iter().position(|&c| c == mine)?;
        (cpus.len() > 1).then_some(Spread {
            allowed,
            cpus,
            caller,
        })
    }

    /// Worker `i`'s CPU: the `i + 1`-th after the caller's, in turn.
    fn target(&self, i: usize) -> usize {
        self.cpus[(self.caller + 1 + i) % self.cpus.len()]
    }

    fn settle(&self, i: usize) {
        use nix::sched::{CpuSet, sched_getcpu, sched_setaffinity};
        use nix::unistd::Pid;
        let target = self.target(i);
        if sched_getcpu().is_ok_and(|now| now == target) {
            return;
        }
        let mut only = CpuSet::new();
        if only.set(target).is_ok() && sched_setaffinity(Pid::from_raw(0), &only).is_ok() {
            let _ = sched_setaffinity(Pid::from_raw(0), &self.allowed);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use nix::sched::sched_getaffinity;
    use nix::unistd::Pid;

    #[test]
    fn workers_go_to_the_cpus_after_the_callers_one_each() {
        let Some(spread) = Spread::here() else {
            return; // one CPU: nothing to spread
        };
        let n = spread.cpus.len();
        let caller = spread.cpus[spread.caller];
        let targets: Vec<usize> = (0..n).map(|i| spread.target(i)).collect();
        // The first n - 1 workers each get a CPU of their own, none the caller's; the n-th (a
        // background batch's, whose caller goes back to other work) gets the caller's.
        assert!(targets[..n - 1].iter().all(|&c| c != caller));
        assert_eq!(targets[n - 1], caller);
        let mut distinct = targets.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), n);
        assert!(targets.iter().all(|c| spread.cpus.contains(c)));
    }

    #[test]
    fn a_worker_that_moved_may_run_anywhere_it_could_before() {
        let before = sched_getaffinity(Pid::from_raw(0)).expect("affinity");
        let placement = Placement::here();
        // In a thread of its own, as a worker: whether it moves or not, it ends with the whole
        // set it inherited, not pinned to one CPU.
        let after = std::thread::spawn(move || {
            for i in 0..4 {
                placement.settle(i);
            }
            sched_getaffinity(Pid::from_raw(0)).expect("affinity")
        })
        .join()
        .expect("worker");
        assert_eq!(after, before);
    }
}
