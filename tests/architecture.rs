//! The layout rules of ARCHITECTURE.md, checked from the source so they stay true: who may
//! import whom, no import cycle between files, no file over 800 lines and no function over
//! 150 lines (test modules not counted).
//!
//! Every `crate::`, `super::` and `self::` path counts: `use` items and inline paths in code
//! (`crate::x::f()`, types, patterns). Paths inside macro invocations are token streams and are
//! not seen; `#[cfg(test)]` items are skipped (tests may reach anything they check).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

/// The modules each top-level module may import (itself always allowed).
///
/// Lower stages never import higher ones: `model` is the ground floor, each pipeline stage
/// (config → content → kpi → render → downloads/search → site) imports the stages it consumes
/// and `model`, and only the commands at the top see everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    ("fingerprint", &[]),
    ("model", &["diagnostics"]),
    ("config", &["model", "diagnostics"]),
    (
        "content",
        &["model", "config", "diagnostics", "fingerprint"],
    ),
    ("kpi", &["model", "config", "diagnostics", "fingerprint"]),
    (
        "render",
        &["model", "config", "kpi", "diagnostics", "fingerprint"],
    ),
    (
        "downloads",
        &[
            "model",
            "config",
            "kpi",
            "render",
            "diagnostics",
            "fingerprint",
        ],
    ),
    (
        "search",
        &[
            "model",
            "config",
            "kpi",
            "render",
            "diagnostics",
            "fingerprint",
        ],
    ),
    (
        "check",
        &[
            "model",
            "config",
            "content",
            "kpi",
            "render",
            "diagnostics",
            "fingerprint",
        ],
    ),
    (
        "site",
        &[
            "model",
            "config",
            "content",
            "kpi",
            "render",
            "downloads",
            "search",
            "check",
            "diagnostics",
            "fingerprint",
        ],
    ),
    ("scaffold", &["model", "config", "diagnostics"]),
    (
        "sheet",
        &["model", "config", "content", "kpi", "diagnostics"],
    ),
    ("cli", &["model", "config", "diagnostics"]),
    (
        "serve",
        &[
            "model",
            "config",
            "content",
            "kpi",
            "render",
            "downloads",
            "search",
            "check",
            "site",
            "diagnostics",
            "fingerprint",
        ],
    ),
    (
        "cmd",
        &[
            "model",
            "config",
            "content",
            "kpi",
            "render",
            "downloads",
            "search",
            "check",
            "site",
            "sheet",
            "scaffold",
            "serve",
            "cli",
            "diagnostics",
            "fingerprint",
        ],
    ),
];

/// The stages that may read or write files; the others get what they need from them.
const FILE_SYSTEM: &[&str] = &["config", "content", "site", "sheet", "serve", "cmd"];

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 150;

/// One source file of the crate.
struct SourceFile {
    /// Path relative to the repository (`src/kpi/engine.rs`).
    path: String,
    /// Module path without `crate` (`["kpi", "engine"]`; empty for lib.rs).
    module: Vec<String>,
    /// Parsed file.
    ast: syn::File,
    /// Lines of the file.
    lines: usize,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_string());
    }
    parts
}

fn read_sources() -> Vec<SourceFile> {
    let root = src_dir();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("readable src/");
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(&root).expect("under src/");
        // The binary's entry point is not part of the library's module tree.
        if rel == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("readable source");
        let ast = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("src/{} does not parse: {e}", rel.display()));
        files.push(SourceFile {
            path: format!("src/{}", rel.display()),
            module: module_of(rel),
            ast,
            lines: text.lines().count(),
        });
    }
    files
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Collects every crate-internal path of one file, resolved to absolute module paths.
struct PathCollector<'a> {
    /// The module the visited code is in (grows inside inline modules).
    module: Vec<String>,
    /// Child modules of each module (for `use child::x` relative paths).
    children: &'a BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Absolute paths found, without `crate`, and whether each is a `pub use` re-export.
    found: Vec<(Vec<String>, bool)>,
    /// `pub use` items: the name they give (in `module`) and the absolute path they name.
    reexports: Vec<(Vec<String>, Vec<String>)>,
    /// Inside a `pub use` item.
    in_reexport: bool,
}

impl PathCollector<'_> {
    /// Resolves a path's leading `crate`/`super`/`self`/child-module segment; `None` for
    /// paths that leave the crate (std, dependencies) or name local items.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let first = segments.first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut m = self.module.clone();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    m.pop()?;
                    rest = &rest[1..];
                }
                m.extend(rest.iter().cloned());
                return Some(m);
            }
            name if self
                .children
                .get(&self.module)
                .is_some_and(|c| c.contains(name)) =>
            {
                let mut m = self.module.clone();
                m.push(name.to_string());
                m.extend(segments[1..].iter().cloned());
                return Some(m);
            }
            _ => return None,
        };
        base.extend(segments[1..].iter().cloned());
        Some(base)
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                let name = full.last().cloned().unwrap_or_default();
                self.push_use(&full, name);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.push_use(&full, r.rename.to_string());
            }
            syn::UseTree::Glob(_) => {
                let full = prefix.clone();
                self.push(&full);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    /// A `use` of `segments` under the local `name`: a re-export inside `pub use`.
    fn push_use(&mut self, segments: &[String], name: String) {
        self.push(segments);
        if self.in_reexport
            && let Some(target) = self.absolute(segments)
        {
            let mut at = self.module.clone();
            at.push(name);
            self.reexports.push((at, target));
        }
    }

    fn push(&mut self, segments: &[String]) {
        if let Some(p) = self.absolute(segments) {
            self.found.push((p, self.in_reexport));
        }
    }
}

impl<'ast> Visit<'ast> for PathCollector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_cfg_test(attrs) {
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.module.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.module.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.in_reexport = !matches!(u.vis, syn::Visibility::Inherited);
        self.use_tree(&mut Vec::new(), &u.tree);
        self.in_reexport = false;
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            if matches!(
                segments.first().map(String::as_str),
                Some("crate" | "super" | "self")
            ) && segments.len() > 1
            {
                self.push(&segments);
            }
        }
        syn::visit::visit_path(self, path);
    }
}

/// Every crate path of every file, as (file index, absolute module path), and the re-exports
/// (`pub use`) as (name they give, path they name).
fn crate_paths(files: &[SourceFile]) -> CratePaths {
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        if let Some((last, parent)) = f.module.split_last() {
            children
                .entry(parent.to_vec())
                .or_default()
                .insert(last.clone());
        }
    }
    let mut out = CratePaths::default();
    for (i, f) in files.iter().enumerate() {
        let mut c = PathCollector {
            module: f.module.clone(),
            children: &children,
            found: Vec::new(),
            reexports: Vec::new(),
            in_reexport: false,
        };
        c.visit_file(&f.ast);
        out.paths
            .extend(c.found.into_iter().map(|(p, reexport)| (i, p, reexport)));
        out.reexports.extend(c.reexports);
    }
    out
}

/// What [`crate_paths`] found.
#[derive(Default)]
struct CratePaths {
    /// Every crate path, with the file it is written in and whether it is a `pub use`.
    paths: Vec<(usize, Vec<String>, bool)>,
    /// Absolute name a `pub use` gives -> absolute path it names.
    reexports: BTreeMap<Vec<String>, Vec<String>>,
}

/// The file a module path lands in: the longest prefix that is a file's module.
fn file_of(files: &[SourceFile], path: &[String]) -> Option<usize> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.iter().position(|f| f.module == path[..n]))
}

/// The file that defines what `path` names, following `pub use` re-exports (a `mod.rs` that
/// re-exports `pages::render_site` does not make its users depend on the `mod.rs`).
fn defining_file(
    files: &[SourceFile],
    reexports: &BTreeMap<Vec<String>, Vec<String>>,
    path: &[String],
) -> Option<usize> {
    let mut path = path.to_vec();
    for _ in 0..16 {
        let Some(n) = (1..=path.len())
            .rev()
            .find(|&n| reexports.contains_key(&path[..n]))
        else {
            break;
        };
        let mut next = reexports[&path[..n]].clone();
        next.extend(path[n..].iter().cloned());
        if next == path {
            break;
        }
        path = next;
    }
    file_of(files, &path)
}

/// Which file uses which: an edge for every path in code or a plain `use`, to the file that
/// defines the item; `pub use` re-exports are followed, not counted as uses themselves.
fn file_edges(files: &[SourceFile]) -> BTreeMap<usize, BTreeSet<usize>> {
    let found = crate_paths(files);
    let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, path, reexport) in &found.paths {
        if *reexport {
            continue;
        }
        if let Some(j) = defining_file(files, &found.reexports, path)
            && j != *i
        {
            edges.entry(*i).or_default().insert(j);
        }
    }
    edges
}

#[test]
fn every_top_level_module_has_a_rule() {
    let files = read_sources();
    let rules: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let missing: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.module.first().map(String::as_str))
        .filter(|m| !rules.contains(m))
        .collect();
    assert!(
        missing.is_empty(),
        "top-level modules without a rule in tests/architecture.rs ALLOWED (add them and \
         to ARCHITECTURE.md): {missing:?}"
    );
}

#[test]
fn modules_import_only_what_the_layering_allows() {
    let files = read_sources();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut broken = BTreeSet::new();
    for (i, path, _) in crate_paths(&files).paths {
        let (Some(from), Some(to)) = (files[i].module.first(), path.first()) else {
            continue;
        };
        if from == to {
            continue;
        }
        let ok = allowed
            .get(from.as_str())
            .is_some_and(|a| a.contains(&to.as_str()));
        // Names that are not modules (items of lib.rs) are not imports of a stage.
        let is_module = files.iter().any(|f| f.module.first() == Some(to));
        if !ok && is_module {
            broken.insert(format!("{} uses crate::{}", files[i].path, path.join("::")));
        }
    }
    assert!(
        broken.is_empty(),
        "imports that break the layering of ARCHITECTURE.md:\n  {}",
        broken.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn no_import_cycle_between_files() {
    let files = read_sources();
    let edges = file_edges(&files);
    let described: Vec<String> = cycles(files.len(), &edges)
        .iter()
        .map(|c| {
            one_cycle(c, &edges)
                .iter()
                .map(|&i| files[i].path.as_str())
                .collect::<Vec<_>>()
                .join(" -> ")
        })
        .collect();
    assert!(
        described.is_empty(),
        "files that import each other (directly or through others), one cycle per group:\n  {}",
        described.join("\n  ")
    );
}

/// Strongly connected components of more than one file (Tarjan), each sorted.
fn cycles(n: usize, edges: &BTreeMap<usize, BTreeSet<usize>>) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a BTreeMap<usize, BTreeSet<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in s.edges.get(&v).into_iter().flatten() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

/// A shortest cycle through the first file of a strongly connected group, for the message.
fn one_cycle(component: &[usize], edges: &BTreeMap<usize, BTreeSet<usize>>) -> Vec<usize> {
    let start = component[0];
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in edges.get(&v).into_iter().flatten() {
            if w == start {
                let mut path = vec![start];
                let mut at = v;
                while at != start {
                    path.push(at);
                    at = came_from[&at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path;
            }
            if component.contains(&w) && !came_from.contains_key(&w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    component.to_vec()
}

/// Lines of the `#[cfg(test)]` items of a file.
fn test_lines(ast: &syn::File) -> usize {
    ast.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if is_cfg_test(&m.attrs) => Some(m.span()),
            syn::Item::Fn(f) if is_cfg_test(&f.attrs) => Some(f.span()),
            _ => None,
        })
        .map(|span| span.end().line - span.start().line + 1)
        .sum()
}

#[test]
fn no_file_over_800_lines_without_its_tests() {
    let files = read_sources();
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, f.lines - test_lines(&f.ast)))
        .filter(|(_, n)| *n > MAX_FILE_LINES)
        .map(|(f, n)| format!("{}: {n} lines", f.path))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines (not counting #[cfg(test)]): split them by job:\n  {}",
        long.join("\n  ")
    );
}

/// Collects the length of every function with a body outside test modules.
struct FnLengths {
    /// Module-qualified name and lines.
    found: Vec<(String, usize)>,
    /// Enclosing impl's type or trait, for the message.
    owner: Vec<String>,
}

impl FnLengths {
    fn record(&mut self, name: &syn::Ident, span: proc_macro2::Span) {
        let lines = span.end().line - span.start().line + 1;
        let owner = self
            .owner
            .last()
            .map(|o| format!("{o}::"))
            .unwrap_or_default();
        self.found.push((format!("{owner}{name}"), lines));
    }
}

impl<'ast> Visit<'ast> for FnLengths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_cfg_test(&f.attrs) {
            self.record(&f.sig.ident, f.span());
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let ty = &i.self_ty;
        self.owner.push(quote_type(ty));
        syn::visit::visit_item_impl(self, i);
        self.owner.pop();
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.record(&f.sig.ident, f.span());
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if f.default.is_some() {
            self.record(&f.sig.ident, f.span());
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

fn quote_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => "impl".to_string(),
    }
}

#[test]
fn no_function_over_150_lines() {
    let files = read_sources();
    let mut long = Vec::new();
    for f in &files {
        let mut v = FnLengths {
            found: Vec::new(),
            owner: Vec::new(),
        };
        v.visit_file(&f.ast);
        for (name, lines) in v.found {
            if lines > MAX_FN_LINES {
                long.push(format!("{} {name}: {lines} lines", f.path));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: split them into named steps:\n  {}",
        long.join("\n  ")
    );
}

#[test]
fn the_checker_sees_use_items_inline_paths_and_cycles() {
    // The checks above pass only if they can fail: a hand-made tree with a layering break
    // through an inline call, a `super` path, and a two-file cycle.
    let lib = syn::parse_file("mod kpi; mod content;").unwrap();
    let kpi = syn::parse_file("pub fn f() { crate::content::g(); }").unwrap();
    let content = syn::parse_file("use crate::kpi::f; pub fn g() { super::kpi::f(); }").unwrap();
    let tests_only = syn::parse_file("#[cfg(test)] mod tests { use crate::render::x; }").unwrap();
    let file = |path: &str, module: &[&str], ast: syn::File| SourceFile {
        path: path.into(),
        module: module.iter().map(|s| s.to_string()).collect(),
        ast,
        lines: 1,
    };
    let files = vec![
        file("src/lib.rs", &[], lib),
        file("src/kpi.rs", &["kpi"], kpi),
        file("src/content.rs", &["content"], content),
        file("src/render.rs", &["render"], tests_only),
    ];
    let paths = crate_paths(&files).paths;
    let seen: BTreeSet<(usize, String)> =
        paths.iter().map(|(i, p, _)| (*i, p.join("::"))).collect();
    assert!(seen.contains(&(1, "content::g".into())), "{seen:?}");
    assert!(seen.contains(&(2, "kpi::f".into())), "{seen:?}");
    assert!(
        !seen.iter().any(|(i, _)| *i == 3),
        "#[cfg(test)] code is skipped: {seen:?}"
    );
    let edges = file_edges(&files);
    assert_eq!(cycles(files.len(), &edges), vec![vec![1, 2]]);
    assert_eq!(one_cycle(&[1, 2], &edges), vec![1, 2, 1]);
}

/// Finds file-system access outside `#[cfg(test)]`: `std::fs`, `walkdir`, and the `Path`
/// methods that ask the disk.
#[derive(Default)]
struct FileSystemUse {
    /// What was found, for the message.
    found: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for FileSystemUse {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_cfg_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.starts_with(&["std".into(), "fs".into()])
            || segments
                .first()
                .is_some_and(|s| s == "walkdir" || s == "WalkDir")
        {
            self.found.insert(segments.join("::"));
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        if let syn::UseTree::Path(p) = tree
            && (p.ident == "walkdir" || (p.ident == "std" && names_fs(&p.tree)))
        {
            self.found.insert(format!("use {}::…", p.ident));
        }
        syn::visit::visit_use_tree(self, tree);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if matches!(
            name.as_str(),
            "exists"
                | "is_file"
                | "is_dir"
                | "metadata"
                | "read_dir"
                | "canonicalize"
                | "try_exists"
        ) {
            self.found.insert(format!(".{name}()"));
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// Whether a `use std::…` tree reaches `fs`.
fn names_fs(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(p) => p.ident == "fs",
        syn::UseTree::Name(n) => n.ident == "fs",
        syn::UseTree::Rename(r) => r.ident == "fs",
        syn::UseTree::Group(g) => g.items.iter().any(names_fs),
        syn::UseTree::Glob(_) => false,
    }
}

#[test]
fn only_the_input_and_output_stages_touch_the_file_system() {
    let files = read_sources();
    let mut broken = Vec::new();
    for f in &files {
        let top = f.module.first().map(String::as_str).unwrap_or("");
        if FILE_SYSTEM.contains(&top) {
            continue;
        }
        let mut v = FileSystemUse::default();
        v.visit_file(&f.ast);
        if !v.found.is_empty() {
            broken.push(format!(
                "{}: {}",
                f.path,
                v.found.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "file-system access outside {FILE_SYSTEM:?} (pass the data in from the load or write \
         stage instead):\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_file_system_check_sees_std_fs_walkdir_and_path_queries() {
    let ast = syn::parse_file(
        "use std::fs; fn a(p: &std::path::Path) -> bool { std::fs::read(p).is_ok() && p.exists() } \
         fn b() { for _ in walkdir::WalkDir::new(\".\") {} } \
         #[cfg(test)] mod tests { fn c(p: &std::path::Path) { p.is_dir(); } }",
    )
    .unwrap();
    let mut v = FileSystemUse::default();
    v.visit_file(&ast);
    let found: Vec<&str> = v.found.iter().map(String::as_str).collect();
    assert_eq!(
        found,
        [
            ".exists()",
            "std::fs::read",
            "use std::…",
            "walkdir::WalkDir::new"
        ]
    );
}
