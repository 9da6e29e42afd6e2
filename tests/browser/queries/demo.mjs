// The queries search.mjs types on the demo site (the repository's root), with the page each
// must find. What citizens type on a phone without Vietnamese input: no marks, any case, with
// and without đ, codes, partial names. `first`: the page that must come first; `top3`: among
// the first 3.
export default [
  { q: 'dang ky khai sinh', first: '/thu-tuc/ho-tich/1-001193/' },
  { q: 'DANG KY KET HON', first: '/thu-tuc/ho-tich/1-000894/' },
  { q: 'Dang Ky Thuong Tru', first: '/thu-tuc/dang-ky-quan-ly-cu-tru/1-004222/' },
  { q: 'dang ky tam tru', first: '/thu-tuc/dang-ky-quan-ly-cu-tru/1-004194/' },
  { q: 'dat dai', first: '/thu-tuc/dat-dai/' },
  { q: 'tranh chap dat dai', top3: '/thu-tuc/dat-dai/1-012812/' },
  { q: 'chung thuc', first: '/thu-tuc/chung-thuc/' },
  { q: 'chung thuc di chuc', first: '/thu-tuc/chung-thuc/2-001019/' },
  { q: '1.001193', first: '/thu-tuc/ho-tich/1-001193/' },
  { q: '2.000815', first: '/thu-tuc/chung-thuc/2-000815/' },
  { q: '1.013978', first: '/thu-tuc/dat-dai/1-013978/' },
  { q: 'khai tu', top3: '/thu-tuc/ho-tich/1-000656/' },
  { q: 'giam ho', top3: '/thu-tuc/ho-tich/1-004837/' },
  { q: 'ho ngheo', top3: '/thu-tuc/giam-ngheo/1-011607/' },
  { q: 'hoa giai vien', first: '/thu-tuc/hoa-giai-o-co-so/1-002211/' },
  { q: 'ban sao giay khai sinh', top3: '/thu-tuc/ho-tich/2-000635/' },
  { q: 'xac nhan tinh trang hon nhan', first: '/thu-tuc/ho-tich/1-004873/' },
  { q: 'ho kinh doanh', top3: '/thu-tuc/thanh-lap-va-hoat-dong-doanh-nghiep-ho-kinh-doanh/1-001612/' },
  { q: 'con nuoi', top3: '/thu-tuc/nuoi-con-nuoi/1-003005/' },
  { q: 'dang ky khai si', top3: '/thu-tuc/ho-tich/1-001193/' },
  { q: 'vneid', first: '/huong-dan/tao-tai-khoan-vneid-muc-2/' },
  { q: 'thanh toan phi', first: '/huong-dan/thanh-toan-phi-truc-tuyen/' },
  { q: 'chuyen doi so', first: '/van-ban/ke-hoach-chuyen-doi-so-2026-2030/' },
  { q: 'du toan ngan sach 2026', first: '/van-ban/nghi-quyet-du-toan-ngan-sach-2026/' },
  { q: 'lich tiep cong dan', top3: '/cong-khai/lich-tiep-cong-dan-quy-4-2026/' },
  { q: 'dieu kien tu nhien', first: '/gioi-thieu/dieu-kien-tu-nhien/' },
  { q: 'nghia vu quan su', first: '/van-ban/thong-bao-kham-suc-khoe-nghia-vu-quan-su-2027/' },
  { q: 'bao hiem y te', top3: '/tin-tuc/thu-nhan-ho-so-bhyt-ho-gia-dinh-2026/' },
  { q: 'duong lien thon', top3: '/tin-tuc/khoi-cong-duong-lien-thon-phu-xuan-dong-lac/' },
  // Typed with marks, the same pages come first.
  { q: 'đăng ký khai sinh', first: '/thu-tuc/ho-tich/1-001193/' },
  { q: 'Đất đai', first: '/thu-tuc/dat-dai/' },
];

// The first search ("dang ky khai sinh" from a cold cache) of the demo's 78 indexed pages:
// 155.8 KB, of which 11.8 KB are the data of results 9 to 24, read to rank them by title.
export const firstSearchBudget = 160 * 1000;
