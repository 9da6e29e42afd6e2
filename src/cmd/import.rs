//! `niemyet import`: a procedure catalogue merged into `content/`, keeping editors' edits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use niemyet::import::command::{import, ImportOptions};

/// The arguments of `niemyet import`.
#[derive(clap::Args)]
pub struct Args {
    /// Tệp cần nhập: .xlsx xuất từ CSDL quốc gia, danh sách .csv/.xlsx của tỉnh, hoặc procedures.json
    #[arg(value_name = "TỆP")]
    file: PathBuf,
    /// Chỉ in báo cáo, không ghi tệp nào
    #[arg(long)]
    dry_run: bool,
    /// Đánh dấu bãi bỏ các thủ tục có trên trang nhưng không có trong tệp (không xóa tệp)
    #[arg(long)]
    withdraw_missing: bool,
}

/// Imports `args.file` into the site in `root`; on any error nothing is written.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let opts = ImportOptions {
        dry_run: args.dry_run,
        withdraw_missing: args.withdraw_missing,
    };
    match import(root, &args.file, &opts) {
        Ok(plan) => {
            for w in &plan.report.warnings {
                eprintln!("{w}");
            }
            print!("{}", plan.report);
            if args.dry_run {
                println!(
                    "Chạy thử (--dry-run): chưa ghi tệp nào; sẽ ghi {} tệp.",
                    plan.writes.len()
                );
            } else {
                println!("Đã ghi {} tệp.", plan.writes.len());
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "\nCó {} lỗi. Không có tệp nào bị thay đổi; sửa các lỗi trên rồi nhập lại.",
                errors.len()
            );
            ExitCode::from(1)
        }
    }
}
