//! `niemyet serve`: the live preview.

use std::path::Path;
use std::process::ExitCode;

use niemyet::diagnostics::Diagnostics;
use niemyet::serve::ServeOptions;

use super::print_diagnostics;

/// The arguments of `niemyet serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Cổng (0: chọn một cổng còn trống)
    #[arg(short, long, default_value_t = 1111, value_name = "CỔNG")]
    port: u16,
    /// Địa chỉ mạng để nghe; mặc định chỉ máy này (127.0.0.1). Mở cho máy khác xem là không an toàn
    #[arg(short, long, default_value = "127.0.0.1", value_name = "ĐỊA_CHỈ")]
    interface: std::net::IpAddr,
    /// Mở trang trong trình duyệt
    #[arg(short = 'O', long)]
    open: bool,
    /// Hiện cả các bài nháp (draft = true)
    #[arg(long)]
    drafts: bool,
    /// In thời gian của từng bước mỗi lần dựng lại
    #[arg(long)]
    timings: bool,
}

/// Serves the site in `root` until interrupted.
pub fn run(root: &Path, args: Args) -> ExitCode {
    if !args.interface.is_loopback() {
        eprintln!(
            "cảnh báo: trang xem trước mở cho các máy khác ({}): ai vào được mạng này đều \
             xem được cả nội dung chưa đăng. Chỉ dùng trong mạng tin cậy.",
            args.interface
        );
    }
    let opts = ServeOptions {
        root: root.to_path_buf(),
        interface: args.interface,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        timings: args.timings,
    };
    match niemyet::serve::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            let mut all = Diagnostics::new();
            all.push(d);
            print_diagnostics(&all);
            ExitCode::from(1)
        }
    }
}
