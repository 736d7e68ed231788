//! What the kernel says about a worker process: its CPU time and its address space, read from
//! `/proc/<pid>/stat` and `/proc/<pid>/status`.

use std::io;

/// Clock ticks per second in `/proc/<pid>/stat`: the kernel reports CPU times in USER_HZ,
/// which is 100 on every Linux architecture (whatever the kernel's own HZ).
const TICKS_PER_SECOND: u64 = 100;

/// The CPU time (user + system, all threads) the process has used, in milliseconds.
pub(crate) fn cpu_ms(pid: u32) -> io::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    parse_cpu_ms(&stat).ok_or_else(|| io::Error::other(format!("unreadable /proc/{pid}/stat")))
}

fn parse_cpu_ms(stat: &str) -> Option<u64> {
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so fields are
    // counted after the last ')'. utime and stime are fields 14 and 15 (1-based), i.e. the
    // 12th and 13th after the state field.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_ascii_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) * 1000 / TICKS_PER_SECOND)
}

/// The process's address-space size (what RLIMIT_AS bounds), in bytes.
pub(crate) fn vm_bytes(pid: u32) -> io::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmSize:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .ok_or_else(|| io::Error::other(format!("no VmSize in /proc/{pid}/status")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_after_the_command_name() {
        let stat = "42 (a (weird) name) R 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 1 0";
        assert_eq!(parse_cpu_ms(stat), Some(3_000));
    }

    #[test]
    fn this_process_has_cpu_time_and_memory() {
        let pid = std::process::id();
        assert!(cpu_ms(pid).is_ok());
        assert!(vm_bytes(pid).unwrap() > 1024 * 1024);
    }
}
