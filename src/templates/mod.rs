//! Tera 1.x set up as Zola does: built-in templates, then the theme's, then the site's own.

pub mod deps;
pub mod filters;
pub mod functions;
pub mod usage;
pub mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::input::files::{folder_files, FolderFile};
use crate::theme::Theme;

/// Templates Zola ships and a site may override.
const BUILTINS: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtins/sitemap.xml")),
    ("robots.txt", include_str!("builtins/robots.txt")),
    ("404.html", include_str!("builtins/404.html")),
    (
        "anchor-link.html",
        include_str!("builtins/anchor-link.html"),
    ),
    (
        "internal/alias.html",
        include_str!("builtins/internal/alias.html"),
    ),
    ("atom.xml", include_str!("builtins/atom.xml")),
    ("rss.xml", include_str!("builtins/rss.xml")),
    // niemyet's own: the feed of the catalogue's history (render::procedure_updates).
    (
        "procedure-updates.xml",
        include_str!("builtins/procedure-updates.xml"),
    ),
    // niemyet's own: the printable posters (render::posters).
    (
        "posters/macros.html",
        include_str!("builtins/posters/macros.html"),
    ),
    (
        "posters/sheets.html",
        include_str!("builtins/posters/sheets.html"),
    ),
    (
        "posters/poster.html",
        include_str!("builtins/posters/poster.html"),
    ),
    (
        "posters/index.html",
        include_str!("builtins/posters/index.html"),
    ),
];

/// Where a template's text came from, to point at it in messages.
#[derive(Debug, Clone)]
struct Origin {
    display: PathBuf,
    text: String,
}

/// The parsed templates and where each came from.
pub struct Templates {
    /// The Tera instance.
    pub tera: Tera,
    origins: HashMap<String, Origin>,
    user_defined: std::collections::HashSet<String>,
}

impl Templates {
    /// Parses built-in, theme and site templates; every syntax error is reported.
    pub fn load(root: &Path, theme: Option<&Theme>) -> (Option<Templates>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut sources: Vec<(String, Origin)> = BUILTINS
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Origin {
                        display: PathBuf::from(format!("(mẫu có sẵn)/{name}")),
                        text: text.to_string(),
                    },
                )
            })
            .collect();
        let mut user_defined = std::collections::HashSet::new();
        let mut add =
            |files: Vec<FolderFile>, prefix: Option<String>, diags: &mut Vec<Diagnostic>| {
                for f in files {
                    let bytes = match f.source.read() {
                        Ok(b) => b,
                        Err(e) => {
                            diags.push(
                                Diagnostic::error(format!("không đọc được mẫu: {e}"))
                                    .in_file(&f.display),
                            );
                            continue;
                        }
                    };
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            diags.push(crate::input::text::invalid_utf8(
                                &f.display,
                                e.as_bytes(),
                                e.utf8_error(),
                            ));
                            continue;
                        }
                    };
                    let origin = Origin {
                        display: f.display.clone(),
                        text,
                    };
                    if let Some(p) = &prefix {
                        sources.push((format!("{p}{}", f.relative), origin.clone()));
                    }
                    user_defined.insert(f.relative.clone());
                    sources.push((f.relative, origin));
                }
            };
        if let Some(theme) = theme {
            add(
                theme.files(root, "templates").files,
                Some(format!("{}/templates/", theme.name)),
                &mut diags,
            );
        }
        add(
            folder_files(root, &root.join("templates"), true).files,
            None,
            &mut diags,
        );

        // Later sources override earlier ones: site over theme over built-in.
        let mut by_name: HashMap<String, Origin> = HashMap::new();
        for (name, origin) in sources {
            by_name.insert(name, origin);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        let mut names: Vec<&String> = by_name.keys().collect();
        names.sort();
        for name in names {
            let origin = &by_name[name];
            match tera::Template::new(name, None, &origin.text) {
                Ok(t) => {
                    tera.templates.insert(name.clone(), t);
                }
                Err(e) => diags.push(syntax_error(origin, &e)),
            }
        }
        if !diags.is_empty() {
            return (None, diags);
        }
        if let Err(e) = tera
            .build_inheritance_chains()
            .and_then(|_| tera.check_macro_files())
        {
            diags.push(
                Diagnostic::error(format!("mẫu kế thừa hoặc nhập sai: {}", error_chain(&e)))
                    .in_file(root.join("templates").strip_prefix(root).unwrap_or(Path::new("templates")))
                    .with_hint("kiểm tra tên mẫu trong {% extends \"...\" %}, {% include %} và {% import %}"),
            );
            return (None, diags);
        }
        (
            Some(Templates {
                tera,
                origins: by_name,
                user_defined,
            }),
            diags,
        )
    }

    /// True if a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.templates.contains_key(name)
    }

    /// True if the site or theme defines it (not only the built-in fallback).
    pub fn is_user_defined(&self, name: &str) -> bool {
        self.user_defined.contains(name)
    }

    /// Renders `name`; a failure becomes a located Vietnamese diagnostic. `what` names the content.
    pub fn render(&self, name: &str, ctx: &Context, what: &str) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| self.runtime_error(name, &e, what))
    }

    fn runtime_error(&self, name: &str, e: &tera::Error, what: &str) -> Diagnostic {
        let chain = error_chain(e);
        let chain_names = self.chain_of(name);
        if let Some(var) = between(&chain, "Variable `", "` not found") {
            let (display, line) = self.locate(&chain_names, &var);
            return Diagnostic::error(format!(
                "mẫu {name} dùng biến `{var}` nhưng khi dựng {what} biến này không có"
            ))
            .in_file(display)
            .at(line.map(|l| (l, 1)))
            .with_hint(format!(
                "kiểm tra tên biến; nếu biến có thể vắng, bọc trong {{% if {var} %}}…{{% endif %}} \
                 hoặc dùng {var} | default(value=\"\")"
            ));
        }
        if let Some(func) = between(&chain, "Function call '", "' failed") {
            let (display, line) = self.locate(&chain_names, &format!("{func}("));
            let detail = chain.rsplit(" — ").next().unwrap_or(&chain).to_string();
            return Diagnostic::error(format!(
                "mẫu {name}: hàm {func}() lỗi khi dựng {what}: {detail}"
            ))
            .in_file(display)
            .at(line.map(|l| (l, 1)))
            .with_hint("kiểm tra đối số của hàm (đường dẫn tệp, tên trang)");
        }
        if let Some(missing) = between(&chain, "Template '", "' not found") {
            return Diagnostic::error(format!(
                "mẫu {name} cần mẫu \"{missing}\" nhưng không có (khi dựng {what})"
            ))
            .in_file(self.display_of(name))
            .with_hint(format!(
                "tạo templates/{missing} hoặc sửa tên mẫu trong {name}"
            ));
        }
        Diagnostic::error(format!("mẫu {name} lỗi khi dựng {what}: {chain}"))
            .in_file(self.display_of(name))
            .with_hint("đọc chi tiết lỗi ở trên và sửa mẫu")
    }

    fn display_of(&self, name: &str) -> PathBuf {
        self.origins.get(name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |o| o.display.clone(),
        )
    }

    /// The template and the ones it extends, nearest first, then every other template.
    fn chain_of(&self, name: &str) -> Vec<String> {
        let mut out = vec![name.to_string()];
        if let Some(t) = self.tera.templates.get(name) {
            out.extend(t.parents.iter().cloned());
        }
        let mut rest: Vec<&String> = self.origins.keys().filter(|k| !out.contains(k)).collect();
        rest.sort();
        out.extend(rest.into_iter().cloned());
        out
    }

    /// The first template in `names` whose text contains `needle`, and the line it is on.
    fn locate(&self, names: &[String], needle: &str) -> (PathBuf, Option<usize>) {
        for n in names {
            if let Some(o) = self.origins.get(n) {
                if let Some(i) = o.text.lines().position(|l| l.contains(needle)) {
                    return (o.display.clone(), Some(i + 1));
                }
            }
        }
        (self.display_of(&names[0]), None)
    }
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let a = s.find(start)? + start.len();
    let b = s[a..].find(end)? + a;
    Some(s[a..b].to_string())
}

/// A Tera error and its causes, joined.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.join(" — ")
}

fn syntax_error(origin: &Origin, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    // Tera's parser reports "--> LINE:COL".
    let pos = chain.find("--> ").and_then(|i| {
        let rest = &chain[i + 4..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (l, c) = rest[..end].split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    });
    let expected = chain
        .lines()
        .find(|l| l.trim_start().starts_with('='))
        .map(|l| l.trim_start().trim_start_matches('=').trim().to_string())
        .unwrap_or_else(|| chain.lines().last().unwrap_or("").to_string());
    Diagnostic::error(format!("mẫu viết sai cú pháp Tera ({expected})"))
        .in_file(&origin.display)
        .at(pos)
        .with_hint("kiểm tra các cặp {{ }}, {% %} và {% endif %}/{% endfor %}/{% endblock %} quanh dòng này")
}

/// Shortcodes rendered from `templates/shortcodes/NAME.html` or `NAME.md`.
pub struct ShortcodeTemplates<'a> {
    /// The site's templates.
    pub templates: &'a Templates,
    /// `config` as templates see it.
    pub config: serde_json::Value,
    /// Site language.
    pub lang: String,
}

impl crate::shortcodes::Renderer for ShortcodeTemplates<'_> {
    fn kind(&self, name: &str) -> Option<crate::shortcodes::Kind> {
        use crate::shortcodes::Kind;
        if self.templates.has(&format!("shortcodes/{name}.html")) {
            Some(Kind::Html)
        } else if self.templates.has(&format!("shortcodes/{name}.md")) {
            Some(Kind::Markdown)
        } else {
            None
        }
    }

    fn render(
        &self,
        call: &crate::shortcodes::Call,
        nth: usize,
        kind: crate::shortcodes::Kind,
        context: &serde_json::Value,
    ) -> Result<String, Diagnostic> {
        let ext = match kind {
            crate::shortcodes::Kind::Html => "html",
            crate::shortcodes::Kind::Markdown => "md",
        };
        let mut ctx = Context::new();
        ctx.insert("config", &self.config);
        ctx.insert("lang", &self.lang);
        ctx.insert("nth", &nth);
        if let serde_json::Value::Object(m) = context {
            for (k, v) in m {
                ctx.insert(k.as_str(), v);
            }
        }
        for (k, v) in &call.args {
            ctx.insert(k.as_str(), v);
        }
        if let Some(body) = &call.body {
            ctx.insert("body", body);
        }
        let what = format!("shortcode {}", call.name);
        self.templates
            .render(&format!("shortcodes/{}.{ext}", call.name), &ctx, &what)
    }

    fn names(&self) -> Vec<String> {
        self.templates
            .tera
            .templates
            .keys()
            .filter_map(|k| k.strip_prefix("shortcodes/"))
            .filter_map(|k| k.strip_suffix(".html").or_else(|| k.strip_suffix(".md")))
            .map(str::to_string)
            .collect()
    }
}
