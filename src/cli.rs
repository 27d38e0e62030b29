//! The command line: one clap-derive struct per command, each with its own `run`.
//!
//! This is the only module that prints. It turns diagnostics into text (with colour on
//! a terminal) or JSON, and decides the exit code: 1 when any error was found.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Diagnostics;
use crate::load::LoadOptions;

/// Strata builds tiered educational sites: every topic at several depths, a glossary
/// whose terms explain themselves, and tables from data.
#[derive(Debug, Parser)]
#[command(name = "strata", version, about, long_about = None)]
pub struct Cli {
    /// The site's folder (the one holding site.yaml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Run every check of a build without writing anything.
    Check(CheckArgs),
    /// Create a new site that builds as it is.
    Init(InitArgs),
    /// Add a topic to the site: its folder, _topic.yaml and a draft page per tier.
    New(NewArgs),
    /// Build in memory, serve on localhost and rebuild on every change (live reload).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default; anything else is reachable by other machines).
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    pub interface: std::net::IpAddr,
    /// Port to listen on [default: 1111, or the next free one]. A busy port given here is an error.
    #[arg(long, short)]
    pub port: Option<u16>,
    /// Milliseconds to wait for a burst of file events to settle before rebuilding.
    #[arg(long, default_value_t = 20, value_name = "MS")]
    pub debounce: u64,
    /// Poll the file system instead of using native events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
    #[command(flatten)]
    pub site: SiteArgs,
}

/// Options shared by the commands that build.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// Override site.yaml's base_url (e.g. https://example.org/guide/ or /guide/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            one_shot: false,
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (replaced as a whole, only when the build succeeds).
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub output: PathBuf,
    /// Build twice and fail if the two results differ in any byte (reproducibility check).
    #[arg(long)]
    pub verify: bool,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (it must be empty or not exist).
    pub dir: PathBuf,
    /// The new site's title.
    #[arg(long, default_value = "My tiered guide")]
    pub title: String,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The topic's folder name, which is also its URL segment (e.g. `insulin-resistance`).
    pub topic: String,
    /// The topic's title [default: made from its name].
    #[arg(long)]
    pub title: Option<String>,
    /// Write a page for this tier only (repeat for several) [default: every tier].
    #[arg(long = "tier", value_name = "ID")]
    pub tiers: Vec<String>,
    /// Write the topic in this language of a multilingual site, into
    /// `content/<CODE>/` [default: the site's default language, into `content/`].
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => run_build(&cli.root, &args),
        Command::Check(args) => run_check(&cli.root, &args),
        Command::Init(args) => run_init(&args),
        Command::New(args) => run_new(&cli.root, &args),
        Command::Serve(args) => run_serve(cli.root, &args),
    }
}

fn run_serve(root: PathBuf, args: &ServeArgs) -> ExitCode {
    let options = crate::serve::ServeOptions {
        root,
        interface: args.interface,
        port: args.port,
        debounce: std::time::Duration::from_millis(args.debounce),
        poll: args.poll,
        load: args.site.load_options(),
    };
    // Whether a build has succeeded yet: until one has, there is nothing good to serve.
    let served = std::sync::atomic::AtomicBool::new(false);
    let result = crate::serve::run(options, move |event| match event {
        crate::serve::ServeEvent::Listening { url, polling, note } => {
            if let Some(note) = note {
                eprintln!("warning: {note}");
            }
            let how = if polling {
                " (polling for changes)"
            } else {
                ""
            };
            println!("Serving at {url}{how} — press Ctrl+C to stop");
        }
        crate::serve::ServeEvent::Built {
            pages,
            files,
            elapsed,
            changed,
            partial,
            warnings,
        } => {
            served.store(true, std::sync::atomic::Ordering::Relaxed);
            print_diagnostics(&warnings);
            let (verb, what) = match changed {
                0 => ("Built", String::new()),
                1 => ("Rebuilt", " after 1 change".to_string()),
                n => ("Rebuilt", format!(" after {n} changes")),
            };
            let scope = if partial { "affected " } else { "" };
            println!(
                "{verb} {pages} {scope}pages ({files} files) in {} ms{what}{}",
                elapsed.as_millis(),
                warning_suffix(&warnings)
            );
        }
        crate::serve::ServeEvent::Failed(diags) => {
            print_diagnostics(&diags);
            let serving = if served.load(std::sync::atomic::Ordering::Relaxed) {
                "still serving the last good build"
            } else {
                "the pages show the errors until a build succeeds"
            };
            eprintln!(
                "error: the build failed with {} error(s); {serving}",
                diags.error_count()
            );
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(root: &std::path::Path, args: &BuildArgs) -> ExitCode {
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        root.join(&args.output)
    };
    let staging = match crate::output::Staging::new(&output, root) {
        Ok(staging) => staging,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let options = LoadOptions {
        one_shot: true,
        ..args.site.load_options()
    };
    let done = match crate::build::build_into(
        root,
        &options,
        &crate::build::BuildCache::default(),
        &staging,
    ) {
        Ok(done) => done,
        Err(diags) => {
            return fail(
                &diags,
                "the build failed with {} error{}; the previous output was left untouched",
            );
        }
    };
    print_diagnostics(&done.warnings);
    if args.verify {
        let first = crate::build::build(root, &options);
        let second = crate::build::build(root, &options);
        match (first, second) {
            (Ok(a), Ok(b)) if a.files == b.files => {}
            (Ok(a), Ok(b)) => {
                let differing = a
                    .files
                    .iter()
                    .zip(&b.files)
                    .find(|(x, y)| x != y)
                    .map(|(x, _)| x.path.clone());
                eprintln!(
                    "error: two builds of the same input differ (first difference: {})",
                    differing.unwrap_or_else(|| "the file list".into())
                );
                return ExitCode::FAILURE;
            }
            (Err(diags), _) | (_, Err(diags)) => {
                return fail(&diags, "a verification build failed with {} error{}");
            }
        }
    }
    if let Err(err) = staging.commit() {
        eprintln!("error: {err}");
        return ExitCode::FAILURE;
    }
    println!(
        "Built {} pages ({} files) in {} ms → {}{}",
        done.pages,
        done.file_count,
        done.elapsed.as_millis(),
        output.display(),
        warning_suffix(&done.warnings)
    );
    // The process ends here: freeing the site model page by page would only cost time.
    std::mem::forget(done);
    ExitCode::SUCCESS
}

fn run_check(root: &std::path::Path, args: &CheckArgs) -> ExitCode {
    let options = LoadOptions {
        one_shot: true,
        ..args.site.load_options()
    };
    let checked = crate::linkcheck::check_site(root, &options);
    let diags = &checked.diagnostics;
    let ok = !diags.has_errors();
    let links = checked.links.as_ref();
    if args.format == Format::Json {
        let report = serde_json::json!({
            "ok": ok,
            "errors": diags.error_count(),
            "warnings": diags.warning_count(),
            "diagnostics": diags,
            "links_followed": links.is_some(),
            "links_checked": links.map_or(0, |l| l.checked),
            "external_links": links.map(|l| l.external.iter().collect::<Vec<_>>()).unwrap_or_default(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if !ok {
        let summary = if links.is_some() {
            "the check found {} error{}"
        } else {
            "the check found {} error{}; the links of the built pages were not followed, since not every page could be rendered"
        };
        return fail(diags, summary);
    }
    print_diagnostics(diags);
    let (checked_links, external) = links.map_or((0, 0), |l| (l.checked, l.external.len()));
    println!(
        "Checked {} pages and {checked_links} internal links: no errors{}; {external} external links listed, not fetched (see --format json)",
        checked.pages,
        warning_suffix(diags),
    );
    ExitCode::SUCCESS
}

fn run_init(args: &InitArgs) -> ExitCode {
    match crate::scaffold::create(&args.dir, &args.title) {
        Ok(count) => {
            println!(
                "Created a new Strata site in {} ({count} files).",
                args.dir.display()
            );
            println!("Next: cd {} && strata build", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run_new(root: &std::path::Path, args: &NewArgs) -> ExitCode {
    let request = crate::scaffold::NewTopic {
        slug: args.topic.clone(),
        title: args.title.clone(),
        tiers: args.tiers.clone(),
        language: args.language.clone(),
    };
    let created = crate::load::read_config(root)
        .and_then(|config| crate::scaffold::create_topic(root, &config, &request));
    match created {
        Ok(files) => {
            for file in &files {
                println!("Created {}", crate::diagnostic::display_path(file));
            }
            println!(
                "The pages are drafts: `strata serve --drafts` shows them; remove `draft: true` from a page to publish it."
            );
            ExitCode::SUCCESS
        }
        Err(diags) => fail(&diags, "nothing was created ({} error{})"),
    }
}

fn fail(diags: &Diagnostics, summary: &str) -> ExitCode {
    print_diagnostics(diags);
    let errors = diags.error_count();
    let plural = if errors == 1 { "" } else { "s" };
    eprintln!(
        "error: {}",
        summary
            .replacen("{}", &errors.to_string(), 1)
            .replacen("{}", plural, 1)
    );
    ExitCode::FAILURE
}

fn print_diagnostics(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diags.iter() {
        let _ = writeln!(err, "{}\n", d.render(color));
    }
}

fn warning_suffix(diags: &Diagnostics) -> String {
    match diags.warning_count() {
        0 => String::new(),
        1 => " (1 warning)".into(),
        n => format!(" ({n} warnings)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
