//! The `strata` binary: parse the command line and hand over to [`strata::cli`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("STRATA_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = strata::cli::Cli::parse();
    strata::cli::run(cli)
}

/// jemalloc instead of the system allocator: a build allocates millions of small
/// strings from two threads, and it is about 5 % faster here (bench/RESULTS.md). Two
/// arenas (one per core of the machines we measure on; more only fragment) and short
/// decay times keep the 10,000-page build's peak under 200 MiB.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read at start-up.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &[u8] = b"narenas:2,dirty_decay_ms:200,muzzy_decay_ms:0\0";
