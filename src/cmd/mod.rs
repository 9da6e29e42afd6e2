//! The command line: one file per command, each with its arguments and what it prints; this
//! file holds what they share (the parser, Vietnamese usage errors, printing diagnostics).

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand};
use niemyet::diagnostics::Diagnostics;

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;

/// The help layout of every command, with Vietnamese headings.
pub const HELP_TEMPLATE: &str = "{about}\n\nCách dùng: {usage}\n\n{all-args}";

/// The arguments of `niemyet`.
#[derive(Parser)]
#[command(
    name = "niemyet",
    version,
    about = "niemyet: tạo cổng thông tin điện tử của xã/phường từ các tệp văn bản (tương thích Zola)",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Lệnh",
    next_help_heading = "Tùy chọn",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    override_usage = "niemyet [TÙY_CHỌN] <LỆNH>"
)]
pub struct Cli {
    /// Thư mục của trang, nơi có config.toml (mặc định: thư mục hiện tại)
    #[arg(
        short,
        long,
        global = true,
        default_value = ".",
        hide_default_value = true,
        value_name = "THƯ_MỤC"
    )]
    pub root: PathBuf,

    /// In hướng dẫn sử dụng
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// In phiên bản
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Tạo trang web vào thư mục đầu ra (mặc định public/)
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn",
        override_usage = "niemyet build [TÙY_CHỌN]"
    )]
    Build(build::Args),
    /// Xem trước trang web trên máy này; sửa tệp nào, trang tự tải lại
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn",
        override_usage = "niemyet serve [TÙY_CHỌN]"
    )]
    Serve(serve::Args),
    /// Kiểm tra toàn bộ nội dung và mẫu, không ghi tệp nào
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn",
        override_usage = "niemyet check [TÙY_CHỌN]"
    )]
    Check(check::Args),
    /// Nhập danh mục thủ tục hành chính (Excel của CSDL quốc gia, danh sách CSV/Excel, procedures.json)
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn",
        override_usage = "niemyet import [TÙY_CHỌN] <TỆP>"
    )]
    Import(import::Args),
    /// Tạo một trang mới trong THƯ_MỤC, dựng được ngay
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Tùy chọn",
        override_usage = "niemyet init <THƯ_MỤC>"
    )]
    Init(init::Args),
}

/// Says in Vietnamese what clap found wrong with the command line.
pub fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let suggestion = match ctx(ContextKind::SuggestedSubcommand) {
        s if s.is_empty() => match ctx(ContextKind::SuggestedArg) {
            a if a.is_empty() => String::new(),
            a => format!(" Có phải ý bạn là {a}?"),
        },
        s => format!(" Có phải ý bạn là `{s}`?"),
    };
    let what = match e.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh: build, check, import hoặc init.".to_string()
        }
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh `{}`.", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::UnknownArgument => {
            format!("không có tùy chọn `{}`.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu {}.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            format!("{} cần một giá trị.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "giá trị `{}` không dùng được cho {}.",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!(
                "{} viết quá một lần hoặc không đi cùng tùy chọn khác.",
                ctx(ContextKind::InvalidArg)
            )
        }
        _ => "lệnh hoặc tùy chọn không đúng.".to_string(),
    };
    format!("{what}{suggestion}")
}

/// Prints every diagnostic, in file order.
pub fn print_diagnostics(d: &Diagnostics) {
    for item in d.sorted() {
        eprintln!("{item}");
    }
}

/// Errors first, then warnings, each under a heading with its count.
pub fn print_grouped(d: &Diagnostics) {
    let sorted = d.sorted();
    for (errors, heading) in [(true, "Lỗi"), (false, "Cảnh báo")] {
        let group: Vec<_> = sorted.iter().filter(|x| x.is_error() == errors).collect();
        if group.is_empty() {
            continue;
        }
        eprintln!("== {heading} ({}) ==", group.len());
        for item in group {
            eprintln!("{item}");
        }
    }
}
