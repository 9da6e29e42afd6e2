//! Zola's extra template functions and filters: get_hash, get_image_metadata, base64, regex.

use crate::common::*;

#[test]
fn asset_functions_and_filters() {
    let dir = fixture("parity");
    build_ok(dir.path());
    let s = read(dir.path(), "thu-tuc/index.html");
    for expected in [
        "IMAGE=3x2 png image/png",
        "MISSING=none",
        "B64=WMOjIEjDsmEgUGhvbmc=|Xã Hòa Phong",
        "RE=Thủ tục 001193-1",
        "MD=<strong>đậm</strong> và <em>nghiêng</em>",
    ] {
        assert!(s.contains(expected), "missing {expected:?} in\n{s}");
    }
    let hash_line = s.lines().find(|l| l.starts_with("HASH=")).unwrap();
    assert_eq!(hash_line, format!("HASH={}", sha256_hex("xã".as_bytes())));
    let b64_line = s.lines().find(|l| l.starts_with("HASH64=")).unwrap();
    assert_eq!(
        b64_line.len(),
        "HASH64=".len() + 64,
        "sha384 in base64 is 64 characters: {b64_line}"
    );
}

#[test]
fn unsupported_zola_functions_say_so() {
    let dir = fixture("parity");
    write(
        dir.path(),
        "templates/section.html",
        "{{ resize_image(path=\"a.png\", width=10) }}",
    );
    let d = build_err(dir.path());
    let e = find(&d, "resize_image");
    assert!(e.message.contains("chưa thu nhỏ ảnh"), "{e}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x");
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("sha256sum").arg(&p).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}
