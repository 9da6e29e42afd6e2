//! Which page fields the templates can read from pages in lists.
//!
//! A page in a list (a pager, `section.pages`, a term's pages, `page.lower`) is a copy of the
//! page for Tera, and Tera copies such values again for every context. Most themes read a few
//! fields of listed pages (title, permalink, date, summary), so copying the whole page (its
//! content, table of contents and the rest) for each of tens of thousands of list entries costs
//! most of the build. This module reads the templates' syntax trees and collects every field
//! name a template could read from a listed page; lists then carry only those fields.
//!
//! The analysis is conservative: a name counts wherever it appears as an attribute, except
//! where the template reads the page or section it is rendering (`page.content` in a context
//! that binds `page` and nothing rebinds it). Anything it cannot follow (a subscript by
//! variable, `json_encode`, iterating a page's keys, `__tera_context`) turns slimming off.

use std::collections::{BTreeSet, HashMap, HashSet};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

/// The fields list entries must keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFields {
    /// Every field: the templates read listed pages in a way the analysis cannot follow.
    All,
    /// Only these field names.
    Only(BTreeSet<String>),
}

impl ListFields {
    /// Whether list entries keep `field`.
    pub fn keeps(&self, field: &str) -> bool {
        match self {
            ListFields::All => true,
            ListFields::Only(names) => names.contains(field),
        }
    }
}

/// Context variables holding the whole page or section being rendered (never a list entry).
const CONTEXT_ROOTS: [&str; 2] = ["page", "section"];

/// Filters whose `attribute` argument names a field of each item.
const ATTRIBUTE_FILTERS: [&str; 5] = ["map", "filter", "group_by", "sort", "unique"];

#[derive(Default)]
struct Collector {
    names: BTreeSet<String>,
    /// Fields read from the page or section being rendered (`page.content`).
    root_fields: BTreeSet<String>,
    /// Fields read from a listed page's `procedure` (`p.procedure.code`).
    procedure: BTreeSet<String>,
    /// A listed page's `procedure` is used whole (passed on, bound to a name, iterated).
    procedure_whole: bool,
    /// Inside an `{% if %}` test of a bare name, which reads no field of its value.
    testing: bool,
    dynamic: bool,
}

/// The record-valued field of a page whose own fields are analysed: a procedure's record is
/// large (steps, documents), and lists such as the catalogue read three or four of its keys.
const NESTED: &str = crate::procedure::keys::TABLE;

/// What templates read: from listed pages, and from anything at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Fields of pages in lists and sections from functions.
    pub listed: ListFields,
    /// Fields of anything, the rendered page and `config` included.
    pub anywhere: ListFields,
    /// Keys of the `procedure` of pages in lists.
    pub procedure: ListFields,
}

/// Collects the fields the templates of `tera` read from listed pages and from anything.
/// `feed_templates` are rendered with full pages in `pages`, so their loops over `pages` read
/// full pages.
pub fn analyse(tera: &Tera, feed_templates: &[String]) -> Usage {
    let components = components(tera);
    let mut unsafe_roots: HashMap<usize, HashSet<String>> = HashMap::new();
    for (name, t) in &tera.templates {
        let mut bound = HashSet::new();
        bindings(&t.ast, &mut bound);
        unsafe_roots
            .entry(components[name.as_str()])
            .or_default()
            .extend(bound);
    }
    let mut c = Collector::default();
    for (name, t) in &tera.templates {
        let rebound = &unsafe_roots[&components[name.as_str()]];
        let roots: Vec<String> = CONTEXT_ROOTS
            .iter()
            .filter(|r| !rebound.contains(**r))
            .map(|r| r.to_string())
            .collect();
        let feed = feed_templates.iter().any(|f| f == name);
        c.nodes(&t.ast, &roots, feed);
    }
    if c.dynamic {
        return Usage {
            listed: ListFields::All,
            anywhere: ListFields::All,
            procedure: ListFields::All,
        };
    }
    let anywhere = c.names.union(&c.root_fields).cloned().collect();
    Usage {
        listed: ListFields::Only(c.names),
        anywhere: ListFields::Only(anywhere),
        procedure: if c.procedure_whole {
            ListFields::All
        } else {
            ListFields::Only(c.procedure)
        },
    }
}

/// Whether any template `template` can reach (its parents, what it includes, the macro files
/// they import) reads `attribute` of anything, or reads something the analysis cannot follow.
pub fn reads(tera: &Tera, template: &str, attribute: &str) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![template];
    let mut c = Collector::default();
    while let Some(name) = todo.pop() {
        let Some(t) = tera.templates.get(name) else {
            continue;
        };
        if !seen.insert(t.name.as_str()) {
            continue;
        }
        c.nodes(&t.ast, &[], false);
        todo.extend(t.parents.iter().map(String::as_str));
        todo.extend(t.imported_macro_files.iter().map(|(file, _)| file.as_str()));
        includes(&t.ast, &mut todo);
    }
    c.dynamic || c.names.contains(attribute)
}

/// Groups templates that share variables: a template with its parent and what it includes.
fn components(tera: &Tera) -> HashMap<&str, usize> {
    let names: Vec<&str> = tera.templates.keys().map(String::as_str).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while p[r] != r {
            r = p[r];
        }
        p[i] = r;
        r
    }
    for (name, t) in &tera.templates {
        let mut linked: Vec<&str> = t.parent.iter().map(String::as_str).collect();
        includes(&t.ast, &mut linked);
        for other in linked {
            if let (Some(&a), Some(&b)) = (index.get(name.as_str()), index.get(other)) {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[ra] = rb;
            }
        }
    }
    (0..names.len())
        .map(|i| (names[i], find(&mut parent, i)))
        .collect()
}

fn includes<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
    walk_bodies(nodes, &mut |n| {
        if let Node::Include(_, names, _) = n {
            out.extend(names.iter().map(String::as_str));
        }
    });
}

/// Names a template binds outside macro bodies (loop variables and `set`).
fn bindings(nodes: &[Node], out: &mut HashSet<String>) {
    walk_bodies(nodes, &mut |n| match n {
        Node::Set(_, s) => {
            out.insert(s.key.clone());
        }
        Node::Forloop(_, f, _) => {
            out.insert(f.value.clone());
            out.extend(f.key.clone());
        }
        _ => {}
    });
}

/// Visits every node outside macro definitions, depth first.
fn walk_bodies<'a>(nodes: &'a [Node], visit: &mut dyn FnMut(&'a Node)) {
    for n in nodes {
        visit(n);
        match n {
            Node::Block(_, b, _) => walk_bodies(&b.body, visit),
            Node::Forloop(_, f, _) => {
                walk_bodies(&f.body, visit);
                if let Some(e) = &f.empty_body {
                    walk_bodies(e, visit);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    walk_bodies(body, visit);
                }
                if let Some((_, body)) = &i.otherwise {
                    walk_bodies(body, visit);
                }
            }
            Node::FilterSection(_, f, _) => walk_bodies(&f.body, visit),
            _ => {}
        }
    }
}

impl Collector {
    fn nodes(&mut self, nodes: &[Node], roots: &[String], feed: bool) {
        for n in nodes {
            match n {
                Node::VariableBlock(_, e) => self.expr(e, roots),
                Node::MacroDefinition(_, m, _) => {
                    // Macros see only their arguments, which may be listed pages.
                    for e in m.args.values().flatten() {
                        self.expr(e, &[]);
                    }
                    self.nodes(&m.body, &[], false);
                }
                Node::Set(_, s) => self.expr(&s.value, roots),
                Node::FilterSection(_, f, _) => {
                    self.call(&f.filter, roots);
                    self.nodes(&f.body, roots, feed);
                }
                Node::Block(_, b, _) => self.nodes(&b.body, roots, feed),
                Node::Forloop(_, f, _) => {
                    self.expr(&f.container, roots);
                    if f.key.is_some() {
                        self.key_value_loop(&f.container);
                    }
                    let mut inner: Vec<String> = roots
                        .iter()
                        .filter(|r| **r != f.value && Some(*r) != f.key.as_ref())
                        .cloned()
                        .collect();
                    // A feed's `pages` holds whole pages; its loop variable reads one.
                    let mut rebound = HashSet::new();
                    bindings(&f.body, &mut rebound);
                    if feed
                        && matches!(&f.container.val, ExprVal::Ident(i) if i == "pages")
                        && !rebound.contains(&f.value)
                    {
                        inner.push(f.value.clone());
                    }
                    self.nodes(&f.body, &inner, feed);
                    if let Some(e) = &f.empty_body {
                        self.nodes(e, roots, feed);
                    }
                }
                Node::If(i, _) => {
                    for (_, cond, body) in &i.conditions {
                        self.testing = cond.filters.is_empty()
                            && matches!(cond.val, ExprVal::Ident(_) | ExprVal::Test(_));
                        self.expr(cond, roots);
                        self.testing = false;
                        self.nodes(body, roots, feed);
                    }
                    if let Some((_, body)) = &i.otherwise {
                        self.nodes(body, roots, feed);
                    }
                }
                _ => {}
            }
        }
    }

    /// `{% for k, v in x %}` over something that may be a page would read every field.
    fn key_value_loop(&mut self, container: &Expr) {
        match &container.val {
            ExprVal::Ident(i) => {
                let segs = segments(i);
                let bare = segs.len() == 1 && !i.contains('[');
                let indexed =
                    i.ends_with(']') || segs.last().is_some_and(|s| s.parse::<usize>().is_ok());
                if (bare && segs[0] != "config") || indexed {
                    self.dynamic = true;
                }
            }
            ExprVal::FunctionCall(_) | ExprVal::MacroCall(_) => {}
            _ => self.dynamic = true,
        }
    }

    fn expr(&mut self, e: &Expr, roots: &[String]) {
        self.val(&e.val, roots);
        for f in &e.filters {
            self.filter(f, roots);
        }
    }

    fn val(&mut self, v: &ExprVal, roots: &[String]) {
        match v {
            ExprVal::Ident(i) => self.ident(i, roots),
            ExprVal::Math(m) => {
                self.expr(&m.lhs, roots);
                self.expr(&m.rhs, roots);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs, roots);
                self.expr(&l.rhs, roots);
            }
            ExprVal::Test(t) => {
                self.ident(&t.ident, roots);
                for a in &t.args {
                    self.expr(a, roots);
                }
            }
            ExprVal::MacroCall(m) => {
                for a in m.args.values() {
                    self.expr(a, roots);
                }
            }
            ExprVal::FunctionCall(f) => self.call(f, roots),
            ExprVal::Array(items) => {
                for a in items {
                    self.expr(a, roots);
                }
            }
            ExprVal::StringConcat(s) => {
                for v in &s.values {
                    self.val(v, roots);
                }
            }
            ExprVal::In(i) => {
                // `"field" in page` tests a key.
                if let ExprVal::String(s) = &i.lhs.val {
                    self.names.insert(s.clone());
                }
                self.expr(&i.lhs, roots);
                self.expr(&i.rhs, roots);
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }

    fn call(&mut self, f: &FunctionCall, roots: &[String]) {
        for a in f.args.values() {
            self.expr(a, roots);
        }
    }

    fn filter(&mut self, f: &FunctionCall, roots: &[String]) {
        self.call(f, roots);
        let literal = |key: &str| match f.args.get(key).map(|e| &e.val) {
            Some(ExprVal::String(s)) => Some(Some(s.clone())),
            Some(_) => Some(None),
            None => None,
        };
        match f.name.as_str() {
            "json_encode" => self.dynamic = true,
            "get" => match literal("key") {
                Some(Some(k)) => {
                    self.nested(std::slice::from_ref(&k), false);
                    self.names.insert(k);
                }
                _ => self.dynamic = true,
            },
            name if ATTRIBUTE_FILTERS.contains(&name) => match literal("attribute") {
                Some(Some(a)) => {
                    let parts: Vec<String> = a.split('.').map(str::to_string).collect();
                    self.nested(&parts, false);
                    self.names.extend(parts);
                }
                Some(None) => self.dynamic = true,
                None => {}
            },
            _ => {}
        }
    }

    /// Counts the attribute names of `a.b[c].d`; the root is a variable, not a field, and
    /// the first attribute of a context root is a field of the page being rendered.
    fn ident(&mut self, ident: &str, roots: &[String]) {
        if ident == "__tera_context" {
            self.dynamic = true;
            return;
        }
        let segs = segments(ident);
        let skip = if roots.iter().any(|r| *r == segs[0]) {
            2
        } else {
            1
        };
        if let (2, Some(field)) = (skip, segs.get(1)) {
            match subscript(field) {
                Some(Subscript::Literal(name)) => {
                    self.root_fields.insert(name);
                }
                Some(Subscript::Index) => {}
                Some(Subscript::Variable(inner)) => {
                    self.dynamic = true;
                    self.ident(&inner, roots);
                }
                None => {
                    self.root_fields.insert(field.clone());
                }
            }
        }
        let fields: Vec<String> = segs
            .iter()
            .skip(skip)
            .map(|s| match subscript(s) {
                Some(Subscript::Literal(name)) => name,
                _ => s.clone(),
            })
            .collect();
        self.nested(&fields, self.testing);
        for s in segs.iter().skip(skip) {
            match subscript(s) {
                Some(Subscript::Literal(name)) => {
                    self.names.insert(name);
                }
                Some(Subscript::Index) => {}
                Some(Subscript::Variable(inner)) => {
                    self.dynamic = true;
                    self.ident(&inner, roots);
                }
                None => {
                    self.names.insert(s.clone());
                }
            }
        }
    }
}

impl Collector {
    /// Notes what a chain of fields read from a listed value (`procedure.code`) reads of a
    /// procedure: the key after `procedure`, or the whole of it when the chain ends there
    /// (unless that is only tested for being set).
    fn nested(&mut self, fields: &[String], testing: bool) {
        if let Some(i) = fields.iter().position(|f| f == NESTED) {
            match fields.get(i + 1) {
                Some(key) if key.starts_with('[') => self.procedure_whole = true,
                Some(key) => {
                    self.procedure.insert(key.clone());
                }
                None if testing => {}
                None => self.procedure_whole = true,
            }
        }
    }
}

enum Subscript {
    Literal(String),
    Index,
    Variable(String),
}

/// A `[...]` segment: a quoted name, an index, or a variable.
fn subscript(seg: &str) -> Option<Subscript> {
    let inner = seg.strip_prefix('[')?.strip_suffix(']')?;
    let quoted = ['"', '\'', '`']
        .iter()
        .find_map(|q| inner.strip_prefix(*q)?.strip_suffix(*q));
    Some(if let Some(name) = quoted {
        Subscript::Literal(name.to_string())
    } else if inner.parse::<i64>().is_ok() {
        Subscript::Index
    } else {
        Subscript::Variable(inner.to_string())
    })
}

/// Splits `a.b[c.d].e` into `a`, `b`, `[c.d]`, `e`.
fn segments(ident: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for ch in ident.chars() {
        if let Some(q) = quote {
            cur.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' | '`' if depth > 0 => {
                quote = Some(ch);
                cur.push(ch);
            }
            '[' => {
                if depth == 0 && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                depth += 1;
                cur.push(ch);
            }
            ']' => {
                cur.push(ch);
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                }
            }
            '.' if depth == 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(ch),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(templates: &[(&str, &str)]) -> ListFields {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        analyse(&tera, &["atom.xml".to_string()]).listed
    }

    fn only(names: &[&str]) -> ListFields {
        ListFields::Only(names.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn splits_dotted_and_bracketed_idents() {
        assert_eq!(segments("a.b[c.d].e"), ["a", "b", "[c.d]", "e"]);
        assert_eq!(segments("p[\"x.y\"]"), ["p", "[\"x.y\"]"]);
        assert_eq!(segments("a.0.b"), ["a", "0", "b"]);
    }

    #[test]
    fn the_rendered_page_does_not_count_but_lists_do() {
        let f = fields(&[
            (
                "page.html",
                "{{ page.content | safe }}{{ page.lower.title }}",
            ),
            (
                "section.html",
                "{{ section.content }}{% for p in paginator.pages %}{{ p.summary }}{% endfor %}",
            ),
        ]);
        assert_eq!(f, only(&["pages", "summary", "title"]));
        assert!(!f.keeps("content"));
    }

    #[test]
    fn anywhere_adds_the_rendered_pages_fields() {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![(
            "page.html",
            "{{ page.content }}{{ config.title }}{% for p in paginator.pages %}{{ p.date }}{% endfor %}",
        )])
        .unwrap();
        let u = analyse(&tera, &[]);
        assert_eq!(u.listed, only(&["date", "pages", "title"]));
        assert_eq!(u.anywhere, only(&["content", "date", "pages", "title"]));
        tera.add_raw_template("x.html", "{{ page[k] }}").unwrap();
        assert_eq!(analyse(&tera, &[]).anywhere, ListFields::All);
    }

    #[test]
    fn rebinding_page_makes_its_fields_count() {
        let f = fields(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            (
                "section.html",
                "{% extends \"base.html\" %}{% block main %}{% for page in section.pages %}\
                 {% include \"item.html\" %}{% endfor %}{% endblock main %}",
            ),
            ("item.html", "{{ page.content }}"),
        ]);
        assert!(f.keeps("content"));
    }

    #[test]
    fn macro_arguments_may_be_listed_pages() {
        let f = fields(&[(
            "macros.html",
            "{% macro item(page) %}{{ page.toc }}{% endmacro item %}",
        )]);
        assert!(f.keeps("toc"));
    }

    #[test]
    fn feed_loops_read_whole_pages() {
        let f = fields(&[(
            "atom.xml",
            "{% for page in pages %}{{ page.content }}{% endfor %}",
        )]);
        assert!(!f.keeps("content"));
        let f = fields(&[(
            "other.xml",
            "{% for page in pages %}{{ page.content }}{% endfor %}",
        )]);
        assert!(f.keeps("content"));
    }

    #[test]
    fn filters_and_subscripts() {
        let f = fields(&[(
            "a.html",
            "{{ pages | map(attribute=\"extra.x\") | join }}{{ p[\"word_count\"] }}\
             {{ p.authors[0] }}{{ q | get(key=\"reading_time\") }}{% if \"toc\" in p %}{% endif %}",
        )]);
        assert_eq!(
            f,
            only(&["authors", "extra", "reading_time", "toc", "word_count", "x"])
        );
    }

    #[test]
    fn reads_follows_parents_includes_and_macro_files() {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            ("base.html", "{% import \"m.html\" as m %}{% block b %}{% endblock b %}"),
            ("m.html", "{% macro count(t) %}{{ t.pages | length }}{% endmacro count %}"),
            (
                "list.html",
                "{% extends \"base.html\" %}{% block b %}{% for t in terms %}{{ t.name }}{% endfor %}{% endblock b %}",
            ),
            ("plain.html", "{% for t in terms %}{{ t.name }}{% endfor %}"),
        ])
        .unwrap();
        assert!(
            reads(&tera, "list.html", "pages"),
            "through the imported macro file"
        );
        assert!(!reads(&tera, "plain.html", "pages"));
        assert!(reads(&tera, "plain.html", "name"));
    }

    fn procedure_keys(templates: &[(&str, &str)]) -> ListFields {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        analyse(&tera, &[]).procedure
    }

    #[test]
    fn listed_procedures_keep_the_keys_read_from_them() {
        let keys = procedure_keys(&[
            (
                "procedure.html",
                "{% set pr = page.procedure %}{{ pr.steps }}{{ page.procedure.documents }}",
            ),
            (
                "list.html",
                "{% for p in section.pages | filter(attribute=\"procedure.status\", value=\"x\") %}\
                 {% if p.procedure %}{{ p.procedure.code }}{{ p[\"procedure\"][\"fee_summary\"] }}\
                 {% endif %}{% endfor %}{{ page.lower.procedure.online }}",
            ),
        ]);
        assert_eq!(keys, only(&["code", "fee_summary", "online", "status"]));
        for whole in [
            "{% set r = p.procedure %}{{ r.steps }}",
            "{{ p.procedure | json_encode }}",
            "{{ m::item(r=p.procedure) }}",
            "{% for k, v in p.procedure %}{% endfor %}",
            "{{ pages | map(attribute=\"procedure\") | length }}",
            "{{ p.procedure[key] }}",
        ] {
            assert_eq!(
                procedure_keys(&[("a.html", whole)]),
                ListFields::All,
                "{whole}"
            );
        }
    }

    #[test]
    fn what_cannot_be_followed_keeps_everything() {
        for t in [
            "{{ p[key] }}",
            "{{ pages | json_encode }}",
            "{% for k, v in p %}{{ v }}{% endfor %}",
            "{{ __tera_context }}",
            "{{ pages | sort(attribute=by) }}",
        ] {
            assert_eq!(fields(&[("a.html", t)]), ListFields::All, "{t}");
        }
        assert_ne!(
            fields(&[(
                "a.html",
                "{% for name, terms in page.taxonomies %}{{ name }}{% endfor %}"
            )]),
            ListFields::All
        );
    }
}
