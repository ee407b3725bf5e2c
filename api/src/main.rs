//! `iam-api`: the server (default) and the admin commands.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    iam_api::telemetry::init();
    let cli = iam_api::cli::Cli::parse();
    match iam_api::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
