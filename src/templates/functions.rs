//! Zola's template functions: `get_url`, `get_page`, `get_section`, `load_data`, `now`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use tera::{Function, Result as TeraResult, Tera};

use crate::content::library::Entry;
use crate::input::files::Source;
use crate::templates::deps;
use crate::templates::values::SiteValues;

/// What the functions can look up: the serialised site.
pub struct SiteData {
    /// Site base URL, without trailing slash.
    pub base_url: String,
    /// Content-relative path → permalink, for pages and sections.
    pub permalinks: HashMap<String, String>,
    /// Pages and sections, serialised once and shared with the renderers.
    pub values: Arc<SiteValues>,
    /// Static files by output path, site files over theme files.
    pub static_files: HashMap<String, Source>,
    /// The site root, for `load_data`.
    pub root: PathBuf,
    /// Procedure code → content-relative path of its page, for `get_procedure`.
    pub procedures: HashMap<String, String>,
    /// Each register of documents by its section's content-relative path, as
    /// `get_document_register` returns it.
    pub registers: HashMap<String, Json>,
    /// What `get_disclosures()` returns.
    pub disclosures: Json,
    /// What `procedure_updates()` returns: the page of the catalogue's history, or null.
    pub procedure_updates: Json,
}

fn arg_str<'a>(args: &'a HashMap<String, Json>, fname: &str, key: &str) -> TeraResult<&'a str> {
    match args.get(key) {
        Some(Json::String(s)) => Ok(s),
        Some(other) => {
            Err(format!("{fname}(): đối số `{key}` phải là chuỗi, đang là {other}").into())
        }
        None => Err(format!("{fname}(): thiếu đối số `{key}`").into()),
    }
}

fn arg_bool(
    args: &HashMap<String, Json>,
    fname: &str,
    key: &str,
    default: bool,
) -> TeraResult<bool> {
    match args.get(key) {
        None => Ok(default),
        Some(Json::Bool(b)) => Ok(*b),
        Some(other) => {
            Err(format!("{fname}(): đối số `{key}` phải là true/false, đang là {other}").into())
        }
    }
}

/// The functions that look the site up, which do not exist yet while markdown (and the
/// shortcodes in it) is rendered.
const SITE_FUNCTIONS: [&str; 14] = [
    "get_url",
    "get_page",
    "get_procedure",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "load_data",
    "get_document_register",
    "get_disclosures",
    "procedure_updates",
    "now",
    "get_hash",
    "get_image_metadata",
];

/// Registers, in place of the functions that look the site up, ones that say they cannot be
/// used yet: shortcodes are rendered before the site is, and a preview server's templates
/// would otherwise still hold the previous build's.
pub fn register_unavailable(tera: &mut Tera) {
    for name in SITE_FUNCTIONS {
        tera.register_function(
            name,
            move |_: &HashMap<String, Json>| -> TeraResult<Json> {
                Err(format!(
                    "{name}(): không dùng được trong shortcode, vì shortcode được dựng trước khi có dữ liệu của trang; \
                     hãy gọi hàm này trong mẫu trang (templates/*.html)"
                )
                .into())
            },
        );
    }
}

/// Registers every function on `tera`.
pub fn register(tera: &mut Tera, data: Arc<SiteData>) {
    tera.register_function(
        "get_url",
        GetUrl {
            data: data.clone(),
            hashes: Mutex::new(HashMap::new()),
        },
    );
    tera.register_function("get_page", GetPage(data.clone()));
    tera.register_function("get_procedure", GetProcedure(data.clone()));
    tera.register_function("get_section", GetSection(data.clone()));
    tera.register_function("get_taxonomy", GetTaxonomy(data.clone()));
    tera.register_function("get_taxonomy_url", GetTaxonomyUrl(data.clone()));
    tera.register_function("get_taxonomy_term", GetTaxonomyTerm(data.clone()));
    tera.register_function(
        "load_data",
        LoadData {
            data: data.clone(),
            cache: Mutex::new(HashMap::new()),
        },
    );
    tera.register_function("get_document_register", GetRegister(data.clone()));
    // `get_disclosures()`: the 14 categories of information a commune makes public (Luật
    // 10/2022/QH15, Điều 11), each with its current and past items, and the quarterly lists.
    tera.register_function(
        "get_disclosures",
        PreparedValue {
            data: data.clone(),
            value: |d| &d.disclosures,
            follows: |r| r.disclosures = true,
        },
    );
    // `procedure_updates()`: the page of the catalogue's history (`permalink`, `feed_url`,
    // `count`, `latest`, `latest_label`), or null. Where it goes follows the procedure pages;
    // a change to the history rebuilds everything.
    tera.register_function(
        "procedure_updates",
        PreparedValue {
            data: data.clone(),
            value: |d| &d.procedure_updates,
            follows: |r| r.codes = true,
        },
    );
    tera.register_function("now", now);
    tera.register_function("qr", qr);
    tera.register_function("get_hash", GetHash(data.clone()));
    tera.register_function("get_image_metadata", GetImageMetadata(data.clone()));
    tera.register_function(
        "resize_image",
        unsupported(
            "resize_image",
            "niemyet chưa thu nhỏ ảnh; hãy dùng ảnh đã thu nhỏ sẵn (rộng tối đa 1200 px)",
        ),
    );
    tera.register_function(
        "trans",
        unsupported(
            "trans",
            "niemyet chưa hỗ trợ trang nhiều ngôn ngữ; viết thẳng chữ tiếng Việt vào mẫu",
        ),
    );
}

struct GetUrl {
    data: Arc<SiteData>,
    /// Cachebust hashes by file: base templates ask for the same stylesheet on every page.
    hashes: Mutex<HashMap<String, String>>,
}

impl GetUrl {
    fn hash(&self, file: &str) -> TeraResult<String> {
        if let Some(h) = self.hashes.lock().ok().and_then(|m| m.get(file).cloned()) {
            return Ok(h);
        }
        let source = self.data.static_files.get(file).ok_or_else(|| {
            tera::Error::msg(format!(
                "get_url(): cachebust cần tệp \"static/{file}\" nhưng không thấy trong static/ của trang hay giao diện"
            ))
        })?;
        let bytes = source
            .read()
            .map_err(|e| tera::Error::msg(format!("get_url(): không đọc được {file}: {e}")))?;
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .take(10)
            .map(|b| format!("{b:02x}"))
            .collect();
        if let Ok(mut m) = self.hashes.lock() {
            m.insert(file.to_string(), hex.clone());
        }
        Ok(hex)
    }
}

impl Function for GetUrl {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let path = arg_str(args, "get_url", "path")?;
        let cachebust = arg_bool(args, "get_url", "cachebust", false)?;
        let trailing_slash = arg_bool(args, "get_url", "trailing_slash", false)?;
        if let Some(rel) = path.strip_prefix("@/") {
            let (file, anchor) = rel
                .split_once('#')
                .map_or((rel, None), |(f, a)| (f, Some(a)));
            let link = self.data.permalinks.get(file).ok_or_else(|| {
                tera::Error::msg(format!(
                    "get_url(): không có trang nội dung \"content/{file}\" (đường dẫn {path})"
                ))
            })?;
            return Ok(Json::String(match anchor {
                Some(a) => format!("{link}#{a}"),
                None => link.clone(),
            }));
        }
        if path.starts_with("http://") || path.starts_with("https://") {
            return Ok(Json::String(path.to_string()));
        }
        let clean = path.trim_start_matches('/');
        let mut url = format!("{}/{}", self.data.base_url, clean);
        if trailing_slash && !url.ends_with('/') {
            url.push('/');
        }
        if cachebust {
            let file = clean.split(['?', '#']).next().unwrap_or(clean);
            url = format!("{url}?h={}", self.hash(file)?);
        }
        Ok(Json::String(url))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

struct GetPage(Arc<SiteData>);

impl Function for GetPage {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let path = arg_str(args, "get_page", "path")?;
        let path = path.trim_start_matches("@/");
        match self.0.values.entry(path) {
            Some(Entry::Page(i)) => return Ok(self.0.values.full_page(i)),
            Some(Entry::Section(_)) => {
                return Err(tera::Error::msg(format!(
                "get_page(): \"content/{path}\" là một mục, không phải trang; dùng get_section()"
            )))
            }
            None => {}
        }
        Err(tera::Error::msg(format!(
            "get_page(): không có trang \"content/{path}\" (viết đường dẫn tính từ content/, ví dụ \"tin-tuc/bai-1.md\")"
        )))
    }
}

/// `get_procedure(code="1.001193")`: the page of a procedure by its national code, as
/// `get_page` returns it; `required=false` gives null instead of an error when there is none.
struct GetProcedure(Arc<SiteData>);

impl Function for GetProcedure {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let code = arg_str(args, "get_procedure", "code")?;
        let required = arg_bool(args, "get_procedure", "required", true)?;
        deps::note(|r| r.codes = true);
        match self.0.procedures.get(code.trim()) {
            Some(path) => match self.0.values.entry(path) {
                Some(Entry::Page(i)) => Ok(self.0.values.full_page(i)),
                _ => Ok(Json::Null),
            },
            None if !required => Ok(Json::Null),
            None => Err(tera::Error::msg(format!(
                "get_procedure(): không có thủ tục mã \"{code}\" trong content/ (mã viết như 1.001193)"
            ))),
        }
    }
}

struct GetSection(Arc<SiteData>);

impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let path = arg_str(args, "get_section", "path")?;
        let path = path.trim_start_matches("@/");
        let metadata_only = arg_bool(args, "get_section", "metadata_only", false)?;
        match self.0.values.entry(path) {
            Some(Entry::Section(i)) => Ok(self.0.values.listed_section(i, metadata_only)),
            _ => Err(tera::Error::msg(format!(
                "get_section(): không có mục \"content/{path}\" (viết đường dẫn tới _index.md, ví dụ \"tin-tuc/_index.md\")"
            ))),
        }
    }
}

/// Finds taxonomy `kind`; `Ok(None)` when it is absent and not `required`.
fn taxonomy(
    data: &SiteData,
    fname: &str,
    args: &HashMap<String, Json>,
) -> TeraResult<Option<usize>> {
    let kind = arg_str(args, fname, "kind")?;
    let required = arg_bool(args, fname, "required", true)?;
    match data.values.taxonomy_index(kind) {
        Some(i) => Ok(Some(i)),
        None if !required => Ok(None),
        None => Err(format!(
            "{fname}(): không có phân loại \"{kind}\"; khai báo trong config.toml: taxonomies = [{{ name = \"{kind}\" }}]"
        )
        .into()),
    }
}

/// Finds a term of taxonomy `t` by the argument `key`; `Ok(None)` when absent and not required.
fn term(
    data: &SiteData,
    fname: &str,
    args: &HashMap<String, Json>,
    t: usize,
    key: &str,
) -> TeraResult<Option<usize>> {
    let name = arg_str(args, fname, key)?;
    let required = arg_bool(args, fname, "required", true)?;
    match data.values.term_index(t, name) {
        Some(k) => Ok(Some(k)),
        None if !required => Ok(None),
        None => Err(format!(
            "{fname}(): phân loại \"{}\" không có mục \"{name}\" (chưa trang nào dùng nó)",
            data.values.taxonomies[t].name
        )
        .into()),
    }
}

struct GetTaxonomy(Arc<SiteData>);

impl Function for GetTaxonomy {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let Some(t) = taxonomy(&self.0, "get_taxonomy", args)? else {
            return Ok(Json::Null);
        };
        let tv = &self.0.values.taxonomies[t];
        let items: Vec<Json> = (0..tv.terms.len())
            .map(|k| self.0.values.term(t, k, true))
            .collect();
        Ok(serde_json::json!({
            "kind": tv.config,
            "items": items,
            "lang": tv.config.get("lang"),
            "permalink": tv.permalink,
        }))
    }
}

struct GetTaxonomyUrl(Arc<SiteData>);

impl Function for GetTaxonomyUrl {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let Some(t) = taxonomy(&self.0, "get_taxonomy_url", args)? else {
            return Ok(Json::Null);
        };
        let Some(k) = term(&self.0, "get_taxonomy_url", args, t, "name")? else {
            return Ok(Json::Null);
        };
        Ok(self.0.values.taxonomies[t].terms[k]["permalink"].clone())
    }
}

struct GetTaxonomyTerm(Arc<SiteData>);

impl Function for GetTaxonomyTerm {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let Some(t) = taxonomy(&self.0, "get_taxonomy_term", args)? else {
            return Ok(Json::Null);
        };
        let Some(k) = term(&self.0, "get_taxonomy_term", args, t, "term")? else {
            return Ok(Json::Null);
        };
        let include_pages = arg_bool(args, "get_taxonomy_term", "include_pages", true)?;
        Ok(self.0.values.term(t, k, include_pages))
    }
}

/// A Zola function niemyet does not have yet: using it is an error that says so.
fn unsupported(name: &'static str, why: &'static str) -> impl Function {
    move |_: &HashMap<String, Json>| -> TeraResult<Json> { Err(format!("{name}(): {why}").into()) }
}

/// Finds a file the way Zola's asset functions do: static folders first, then the site root.
fn find_file(data: &SiteData, fname: &str, raw: &str) -> TeraResult<Option<Vec<u8>>> {
    // Files on disk are not followed between rebuilds: whatever reads one renders every time.
    deps::note(|r| r.untracked = true);
    let rel = raw.trim_start_matches('/');
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!("{fname}(): đường dẫn \"{raw}\" trỏ ra ngoài thư mục trang").into());
    }
    if let Some(source) = data.static_files.get(rel) {
        return source
            .read()
            .map(Some)
            .map_err(|e| format!("{fname}(): không đọc được {raw}: {e}").into());
    }
    for base in [data.root.join("content"), data.root.clone()] {
        let p = base.join(rel_path);
        if p.is_file() {
            return std::fs::read(&p)
                .map(Some)
                .map_err(|e| format!("{fname}(): không đọc được {raw}: {e}").into());
        }
    }
    Ok(None)
}

struct GetHash(Arc<SiteData>);

impl Function for GetHash {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        use base64::Engine as _;
        use sha2::{Sha384, Sha512};
        let bytes = match (args.get("path"), args.get("literal")) {
            (Some(_), _) => {
                let raw = arg_str(args, "get_hash", "path")?;
                find_file(&self.0, "get_hash", raw)?.ok_or_else(|| {
                    tera::Error::msg(format!(
                        "get_hash(): không thấy tệp \"{raw}\" trong static/ hay thư mục trang"
                    ))
                })?
            }
            (None, Some(_)) => arg_str(args, "get_hash", "literal")?.as_bytes().to_vec(),
            (None, None) => return Err("get_hash(): cần đối số path hoặc literal".into()),
        };
        let sha = match args.get("sha_type") {
            None => 384,
            Some(v) => v
                .as_u64()
                .ok_or("get_hash(): sha_type phải là 256, 384 hoặc 512")?,
        };
        let digest: Vec<u8> = match sha {
            256 => Sha256::digest(&bytes).to_vec(),
            384 => Sha384::digest(&bytes).to_vec(),
            512 => Sha512::digest(&bytes).to_vec(),
            _ => return Err("get_hash(): sha_type phải là 256, 384 hoặc 512".into()),
        };
        Ok(Json::String(
            if arg_bool(args, "get_hash", "base64", true)? {
                base64::engine::general_purpose::STANDARD.encode(digest)
            } else {
                digest.iter().map(|b| format!("{b:02x}")).collect()
            },
        ))
    }
}

struct GetImageMetadata(Arc<SiteData>);

impl Function for GetImageMetadata {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let raw = arg_str(args, "get_image_metadata", "path")?;
        let allow_missing = arg_bool(args, "get_image_metadata", "allow_missing", false)?;
        let Some(bytes) = find_file(&self.0, "get_image_metadata", raw)? else {
            if allow_missing {
                return Ok(Json::Null);
            }
            return Err(format!("get_image_metadata(): không thấy ảnh \"{raw}\" trong static/, content/ hay thư mục trang").into());
        };
        let size = imagesize::blob_size(&bytes).map_err(|e| {
            tera::Error::msg(format!(
                "get_image_metadata(): \"{raw}\" không phải ảnh đọc được: {e:?}"
            ))
        })?;
        let format = imagesize::image_type(&bytes)
            .map(|t| format!("{t:?}").to_lowercase())
            .unwrap_or_default();
        let mime = match format.as_str() {
            "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "avif" => "image/avif",
            "bmp" => "image/bmp",
            "tiff" => "image/tiff",
            "ico" => "image/x-icon",
            _ => "application/octet-stream",
        };
        Ok(serde_json::json!({
            "width": size.width,
            "height": size.height,
            "format": format,
            "mime": mime,
        }))
    }
}

struct LoadData {
    data: Arc<SiteData>,
    cache: Mutex<HashMap<(PathBuf, String), Json>>,
}

impl Function for LoadData {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        if args.contains_key("url") {
            return Err("load_data(): tải dữ liệu từ địa chỉ web (url) chưa được hỗ trợ; hãy lưu tệp vào trang và dùng path".into());
        }
        let raw = arg_str(args, "load_data", "path")?;
        let required = arg_bool(args, "load_data", "required", true)?;
        deps::note(|r| r.untracked = true);
        let rel = match raw.strip_prefix("@/") {
            Some(r) => Path::new("content").join(r),
            None => PathBuf::from(raw.trim_start_matches('/')),
        };
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(
                format!("load_data(): đường dẫn \"{raw}\" trỏ ra ngoài thư mục trang").into(),
            );
        }
        let format = match args.get("format") {
            Some(Json::String(f)) => f.clone(),
            Some(_) => return Err("load_data(): đối số `format` phải là chuỗi".into()),
            None => rel
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_else(|| "plain".into()),
        };
        let key = (rel.clone(), format.clone());
        if let Some(v) = self
            .cache
            .lock()
            .map_err(|_| "load_data(): lỗi nội bộ")?
            .get(&key)
        {
            return Ok(v.clone());
        }
        let full = self.data.root.join(&rel);
        let text = match std::fs::read_to_string(&full) {
            Ok(t) => t,
            Err(_) if !required => return Ok(Json::Null),
            Err(e) => {
                return Err(
                    format!("load_data(): không đọc được \"{}\": {e}", rel.display()).into(),
                )
            }
        };
        let value = parse_data(&text, &format)
            .map_err(|e| tera::Error::msg(format!("load_data(): tệp \"{}\" {e}", rel.display())))?;
        self.cache
            .lock()
            .map_err(|_| "load_data(): lỗi nội bộ")?
            .insert(key, value.clone());
        Ok(value)
    }
}

/// Parses data-file text in one of Zola's `load_data` formats.
pub fn parse_data(text: &str, format: &str) -> Result<Json, String> {
    match format {
        "toml" => toml::from_str::<toml::Table>(text)
            .map(|t| crate::input::toml_doc::toml_to_json(toml::Value::Table(t)))
            .map_err(|e| format!("không phải TOML hợp lệ: {}", e.message())),
        "json" => serde_json::from_str(text).map_err(|e| {
            format!(
                "không phải JSON hợp lệ (dòng {}, cột {}): {e}",
                e.line(),
                e.column()
            )
        }),
        "csv" => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(text.as_bytes());
            let headers: Vec<String> = reader
                .headers()
                .map_err(|e| format!("không phải CSV hợp lệ: {e}"))?
                .iter()
                .map(str::to_string)
                .collect();
            let mut records = Vec::new();
            for (i, row) in reader.records().enumerate() {
                let row = row.map_err(|e| format!("dòng {} của CSV sai: {e}", i + 2))?;
                records.push(Json::Array(
                    row.iter().map(|c| Json::String(c.to_string())).collect(),
                ));
            }
            Ok(serde_json::json!({ "headers": headers, "records": records }))
        }
        "plain" | "txt" | "md" | "html" => Ok(Json::String(text.to_string())),
        other => Err(format!(
            "có định dạng \"{other}\" chưa được hỗ trợ (dùng toml, json, csv hoặc plain)"
        )),
    }
}

/// `get_document_register(path="van-ban/_index.md")`: a section's documents grouped by kind,
/// year and field, each group with its count and the address of its page.
struct GetRegister(Arc<SiteData>);

impl Function for GetRegister {
    fn call(&self, args: &HashMap<String, Json>) -> TeraResult<Json> {
        let path = arg_str(args, "get_document_register", "path")?;
        deps::note(|r| r.registers = true);
        let path = path.trim_start_matches("@/");
        self.0.registers.get(path).cloned().ok_or_else(|| {
            format!(
                "get_document_register(): mục \"{path}\" không có văn bản nào (trang có bảng \
                 [document])"
            )
            .into()
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A function returning one value the build prepared (`get_disclosures()`,
/// `procedure_updates()`), noting for rebuilds what the value follows.
struct PreparedValue {
    data: Arc<SiteData>,
    value: fn(&SiteData) -> &Json,
    follows: fn(&mut deps::Reads),
}

impl Function for PreparedValue {
    fn call(&self, _args: &HashMap<String, Json>) -> TeraResult<Json> {
        deps::note(self.follows);
        Ok((self.value)(&self.data).clone())
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `now()`: the build time, or `SOURCE_DATE_EPOCH` when set, so builds can be reproducible.
/// `qr(url=…, label=…)`: an inline SVG QR code of an http(s) address, for procedure pages and
/// posters. The label names the code for screen readers.
fn qr(args: &HashMap<String, Json>) -> TeraResult<Json> {
    let url = match args.get("url") {
        Some(Json::String(s)) => s.as_str(),
        _ => return Err(
            "qr(): cần đối số `url` là một địa chỉ http(s), ví dụ qr(url=page.procedure.qr_url)"
                .into(),
        ),
    };
    let label = match args.get("label") {
        Some(Json::String(s)) => s.as_str(),
        None => "Mã QR",
        Some(other) => {
            return Err(format!("qr(): đối số `label` phải là chuỗi, đang là {other}").into())
        }
    };
    crate::qr::svg(url, label)
        .map(Json::String)
        .map_err(|e| format!("qr(): {e}").into())
}

fn now(args: &HashMap<String, Json>) -> TeraResult<Json> {
    let utc = arg_bool(args, "now", "utc", false)?;
    let timestamp = arg_bool(args, "now", "timestamp", false)?;
    // The time moves on: a page showing it is rendered again on every rebuild.
    deps::note(|r| r.untracked = true);
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    let moment = fixed.unwrap_or_else(chrono::Utc::now);
    if timestamp {
        return Ok(Json::from(moment.timestamp()));
    }
    Ok(Json::String(if utc || fixed.is_some() {
        moment.to_rfc3339()
    } else {
        moment.with_timezone(&chrono::Local).to_rfc3339()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_matches_zola_shape() {
        let v = parse_data("Chỉ tiêu,Năm\nHồ sơ trực tuyến,2026\n", "csv").unwrap();
        assert_eq!(v["headers"][0], "Chỉ tiêu");
        assert_eq!(v["records"][0][1], "2026");
    }

    #[test]
    fn bad_data_is_explained() {
        assert!(parse_data("{", "json").unwrap_err().contains("JSON"));
        assert!(parse_data("a = ", "toml").unwrap_err().contains("TOML"));
        assert!(parse_data("x", "yaml").unwrap_err().contains("yaml"));
    }
}
