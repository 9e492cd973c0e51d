//! Rust's `tempfile` crate against the bare system calls, printed in Go's
//! benchmark format so that benchstat reads it beside the Go figures:
//!
//!     tempfile-bench-rust FS DIR IMPL [SECONDS]
//!
//! prints one line `BenchmarkRust/fs=FS/impl=IMPL-1 N ns/op cpu-ns/op`,
//! where cpu-ns/op is user + system CPU time (getrusage) per operation, as
//! in bench_linux_test.go. IMPL is one of
//!   floor-createexcl  open(O_CREAT|O_EXCL) + close + unlink (libc)
//!   floor-tmpfile     open(O_TMPFILE) + close (libc)
//!   floor-mkdir       mkdir + rmdir (libc)
//!   rust-named        tempfile::NamedTempFile::new_in + drop
//!   rust-anon         tempfile::tempfile_in + drop
//!   rust-dir          tempfile::TempDir::new_in + drop
use std::ffi::CString;
use std::time::{Duration, Instant};

fn cpu() -> Duration {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        panic!("getrusage: {}", std::io::Error::last_os_error());
    }
    let t = |tv: libc::timeval| Duration::new(tv.tv_sec as u64, tv.tv_usec as u32 * 1000);
    t(ru.ru_utime) + t(ru.ru_stime)
}

fn check(ret: libc::c_int, what: &str) -> libc::c_int {
    if ret < 0 {
        panic!("{what}: {}", std::io::Error::last_os_error());
    }
    ret
}

/// One operation of impl; i numbers the floors' names, as the Go floors do.
fn op(imp: &str, dir: &str, cdir: &CString, i: u64) {
    match imp {
        "floor-createexcl" => {
            let name = CString::new(format!("{dir}/f{i}")).unwrap();
            let fd = check(
                unsafe { libc::open(name.as_ptr(), libc::O_RDWR | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC, 0o600) },
                "open",
            );
            check(unsafe { libc::close(fd) }, "close");
            check(unsafe { libc::unlink(name.as_ptr()) }, "unlink");
        }
        "floor-tmpfile" => {
            let fd = check(
                unsafe { libc::open(cdir.as_ptr(), libc::O_TMPFILE | libc::O_RDWR | libc::O_CLOEXEC, 0o600) },
                "open O_TMPFILE",
            );
            check(unsafe { libc::close(fd) }, "close");
        }
        "floor-mkdir" => {
            let name = CString::new(format!("{dir}/d{i}")).unwrap();
            check(unsafe { libc::mkdir(name.as_ptr(), 0o700) }, "mkdir");
            check(unsafe { libc::rmdir(name.as_ptr()) }, "rmdir");
        }
        "rust-named" => drop(tempfile::NamedTempFile::new_in(dir).expect("NamedTempFile::new_in")),
        "rust-anon" => drop(tempfile::tempfile_in(dir).expect("tempfile_in")),
        "rust-dir" => tempfile::TempDir::new_in(dir).expect("TempDir::new_in").close().expect("TempDir::close"),
        _ => panic!("unknown impl {imp}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: tempfile-bench-rust FS DIR IMPL [SECONDS]");
        std::process::exit(2);
    }
    let (fs, dir, imp) = (&args[1], &args[2], &args[3]);
    let secs: f64 = args.get(4).map_or(1.0, |s| s.parse().expect("SECONDS"));
    let cdir = CString::new(dir.as_str()).unwrap();
    // As testing.B does: grow the count until one run lasts long enough.
    let mut i = 0u64;
    let mut n = 1u64;
    loop {
        let (w0, c0) = (Instant::now(), cpu());
        for _ in 0..n {
            op(imp, dir, &cdir, i);
            i += 1;
        }
        let (wall, cpu_t) = (w0.elapsed(), cpu() - c0);
        if wall.as_secs_f64() >= secs || n >= 1_000_000_000 {
            println!(
                "BenchmarkRust/fs={fs}/impl={imp}-1 \t{n}\t{:.0} ns/op\t{:.0} cpu-ns/op",
                wall.as_nanos() as f64 / n as f64,
                cpu_t.as_nanos() as f64 / n as f64
            );
            return;
        }
        let per = wall.as_secs_f64().max(1e-9) / n as f64;
        n = ((secs * 1.2 / per) as u64).clamp(n + 1, n * 100);
    }
}
