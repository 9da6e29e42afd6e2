//! `niemyet init`: a new site that builds at once.

use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `niemyet init`.
#[derive(clap::Args)]
pub struct Args {
    /// Thư mục cho trang mới (chưa có hoặc rỗng)
    #[arg(value_name = "THƯ_MỤC")]
    dir: PathBuf,
}

/// Creates the site in `args.dir`.
pub fn run(args: Args) -> ExitCode {
    let dir = args.dir;
    match niemyet::init::init(&dir) {
        Ok(files) => {
            for f in files {
                eprintln!("  đã tạo {}", dir.join(f).display());
            }
            eprintln!(
                "Xong. Dựng thử: cd {} && niemyet build (kết quả trong public/)",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}
