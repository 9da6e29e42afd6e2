//! The pages about the commune that Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c requires a
//! portal to have; a page says which it is with `commune_info = "…"` in its front matter.

/// The kinds, as `commune_info` names them, with what each is.
pub const KINDS: [(&str, &str); 6] = [
    ("to-chuc-bo-may", "tổ chức bộ máy hành chính"),
    ("ban-do-dia-gioi", "bản đồ địa giới hành chính"),
    ("dieu-kien-tu-nhien", "điều kiện tự nhiên"),
    ("lich-su-van-hoa", "lịch sử, truyền thống văn hóa"),
    ("di-tich-danh-thang", "di tích, danh thắng"),
    ("lanh-dao", "tiểu sử tóm tắt và nhiệm vụ của lãnh đạo"),
];

/// The names `commune_info` accepts.
pub const KIND_NAMES: [&str; 6] = [
    KINDS[0].0, KINDS[1].0, KINDS[2].0, KINDS[3].0, KINDS[4].0, KINDS[5].0,
];
