//! `niemyet import`: a procedure catalogue merged into `content/`, keeping editors' edits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use niemyet::import::command::{import, ImportOptions};
use niemyet::import::select::{read_codes, Selection};

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
    /// Chỉ nhập thủ tục thuộc lĩnh vực này, viết có dấu hay không dấu đều được ("Hộ tịch" hoặc ho-tich); ghi nhiều lần để chọn nhiều lĩnh vực
    #[arg(long = "field", value_name = "LĨNH_VỰC")]
    fields: Vec<String>,
    /// Chỉ nhập các thủ tục có mã trong danh sách: tệp văn bản mỗi dòng một mã, hoặc các mã cách nhau bằng dấu phẩy (1.001193,1.000656)
    #[arg(long = "codes", value_name = "TỆP_HOẶC_DANH_SÁCH_MÃ")]
    codes: Vec<String>,
}

/// Imports `args.file` into the site in `root`; on any error nothing is written.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let mut selection = Selection {
        fields: args.fields,
        codes: Vec::new(),
    };
    let mut errors = Vec::new();
    for list in &args.codes {
        match read_codes(list) {
            Ok(codes) => {
                for code in codes {
                    if !selection.codes.contains(&code) {
                        selection.codes.push(code);
                    }
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let opts = ImportOptions {
        dry_run: args.dry_run,
        withdraw_missing: args.withdraw_missing,
        selection,
        today: None,
    };
    let result = if errors.is_empty() {
        import(root, &args.file, &opts)
    } else {
        Err(errors)
    };
    match result {
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
