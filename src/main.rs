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
