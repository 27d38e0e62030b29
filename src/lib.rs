//! Strata: a static-site generator for tiered educational content.
//!
//! The pipeline runs one way: [`config`] → [`load`] (a typed, immutable [`model::Site`])
//! → [`markdown`] (HTML and what each page refers to) → [`render`] (every output file,
//! in memory) → [`output`] (an atomic write). [`build`] strings them together for the
//! `build` and `check` commands in [`cli`]. Library code never prints; every problem an
//! author can cause is a [`diagnostic::Diagnostic`].

pub mod build;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod i18n;
pub mod incremental;
pub mod languages;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod math;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod suggest;
pub mod theme;
pub mod urls;
pub mod yaml;
