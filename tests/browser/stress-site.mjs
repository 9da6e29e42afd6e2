// Writes a site whose procedures are as awkward to print as real data gets, to test that
// posters never overflow a sheet: names of every length up to a paragraph, a field with many
// procedures, one procedure with dozens of documents and long steps, long unbroken addresses,
// fees and time limits written out in full, and more fields than a board sheet holds.
//
// Usage: node stress-site.mjs FOLDER (created or emptied).

import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node stress-site.mjs FOLDER');
  process.exit(2);
}
fs.rmSync(dir, { recursive: true, force: true });
const write = (rel, text) => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};
const s = JSON.stringify; // a TOML basic string

write('config.toml', `base_url = "https://xa.example.vn"
title = "Xã Thử Nghiệm In Ấn"
theme = "niemyet"

[commune]
name = "Xã Thử Nghiệm In Ấn Có Tên Rất Dài"
province = "Tỉnh Lam Giang"
address = "Thôn Phú Xuân, Xã Thử Nghiệm In Ấn Có Tên Rất Dài, Tỉnh Lam Giang"
hotline = "0200 3 812 345"
email = "ubnd@xa.example.vn"
feedback_address = "Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân Xã Thử Nghiệm In Ấn Có Tên Rất Dài, thôn Phú Xuân, Tỉnh Lam Giang"
feedback_hotline = "0200 3 812 346"
feedback_email = "phan-anh-kien-nghi-thu-tuc-hanh-chinh@xa-thu-nghiem-in-an.example.gov.vn"

[posters]
online_guide = "huong-dan/nop.md"
`);
write('content/_index.md', '+++\ntitle = "Xã Thử"\n+++\n');
write('content/huong-dan/_index.md', '+++\ntitle = "Hướng dẫn"\n+++\n');
const guideSteps = Array.from({ length: 14 }, (_, i) => `## Bước ${i + 1}: ${'Làm theo hướng dẫn trên màn hình của Cổng Dịch vụ công quốc gia, '.repeat(1 + (i % 3))}xong\n\nNội dung.\n`);
write('content/huong-dan/nop.md', `+++\ntitle = "Nộp hồ sơ trực tuyến"\n+++\n${guideSteps.join('\n')}`);
write('content/thu-tuc/_index.md', '+++\ntitle = "Thủ tục hành chính"\ntemplate = "procedures.html"\n+++\n');

const words = 'đăng ký thay đổi cải chính bổ sung thông tin hộ tịch xác định lại dân tộc cho người nước ngoài cư trú tại Việt Nam có yếu tố nước ngoài liên quan'.split(' ');
const phrase = (n, seed) => Array.from({ length: n }, (_, i) => words[(i * 7 + seed) % words.length]).join(' ');

let code = 100;
const procedure = (field, fieldName, i, opts = {}) => {
  code += 1;
  const c = `1.${String(code).padStart(6, '0')}`;
  const name = opts.name || `Thủ tục ${phrase(3 + ((i * 13) % 60), i)}`;
  const docs = (opts.docs || 1);
  const steps = (opts.steps || 1);
  let text = `+++
title = ${s(name)}

[procedure]
code = "${c}"
field = ${s(fieldName)}
audience = [${s('Công dân Việt Nam; người Việt Nam định cư ở nước ngoài; người nước ngoài thường trú tại Việt Nam')}]
agency = "Ủy ban nhân dân xã"
submit_at = ${s('Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân xã, thôn Phú Xuân (sáng thứ Bảy cũng nhận hồ sơ)')}
online = "toan-trinh"
online_url = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=${c}&co_quan=000.00.00.H99&nguon=niemyet"
steps = [${Array.from({ length: steps }, (_, k) => s(`Bước ${k + 1}. ${phrase(20 + ((k * 17) % 60), k)}. ${phrase(30, k + 3)}`)).join(', ')}]

[[procedure.channels]]
way = "truc-tiep"
time = ${s(i % 3 === 0 ? '5 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định' : '3 ngày làm việc')}
fee = ${s(i % 4 === 0 ? 'Miễn phí đối với hộ nghèo, hộ cận nghèo; 10.000 đồng/trường hợp đối với các trường hợp khác' : '8.000 đồng')}
`;
  for (let k = 0; k < docs; k += 1) {
    text += `
[[procedure.documents]]
group = "${k % 5 === 4 ? 'xuat-trinh' : 'nop'}"
name = ${s(`Giấy tờ số ${k + 1}: ${phrase(8 + ((k * 11) % 70), k)}`)}
originals = 1
copies = ${k % 2}
`;
  }
  write(`content/thu-tuc/${field}/${c}.md`, `${text}+++\n`);
};

// A field with many procedures of every length.
write('content/thu-tuc/ho-tich/_index.md', '+++\ntitle = "Hộ tịch"\n+++\n');
for (let i = 0; i < 26; i += 1) procedure('ho-tich', 'Hộ tịch', i);
// One procedure with everything long, and a name that is a paragraph.
procedure('ho-tich', 'Hộ tịch', 99, {
  name: `Thủ tục ${phrase(75, 5)}`,
  docs: 40,
  steps: 16,
});
// One name that is a single unbroken word, as pasted addresses are.
procedure('ho-tich', 'Hộ tịch', 98, { name: `Thủ tục ${'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-8e22-77ef-819f-e49460350904'.repeat(2)}` });
// More fields than one board sheet holds, one with a very long name.
for (let f = 0; f < 16; f += 1) {
  const slug = `linh-vuc-${f}`;
  const title = f === 3
    ? 'Thành lập và hoạt động doanh nghiệp, hợp tác xã, tổ hợp tác và hộ kinh doanh trên địa bàn xã, kể cả hộ kinh doanh lưu động'
    : `Lĩnh vực ${phrase(2 + (f % 5), f)}`;
  write(`content/thu-tuc/${slug}/_index.md`, `+++\ntitle = ${s(title)}\n+++\n`);
  procedure(slug, title, f);
}
console.log(`wrote ${code - 100} procedures to ${dir}`);
