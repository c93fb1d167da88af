//! Writes the site: into a temporary folder beside the output, swapped in only when every file
//! was written, so a failed build never leaves a half-written or emptied `public/`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Output;

/// Refuses output folders whose replacement would delete the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let abs = absolute(out);
    if root.starts_with(&abs) {
        return Err(format!(
            "the output folder {} contains the site itself; choose another folder (default: public)",
            out.display()
        ));
    }
    for protected in ["content", "templates", "static", "src", "catalog"] {
        if abs == root.join(protected) {
            return Err(format!(
                "the output folder {} is the site's `{protected}` folder; choose another folder (default: public)",
                out.display()
            ));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// Writes every output under `out`, replacing its previous contents as one step.
pub fn write_site(out: &Path, outputs: &[Output]) -> io::Result<()> {
    let out = absolute(out);
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public")
        .to_string();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;
    let result = (|| {
        let mut dirs: Vec<PathBuf> = outputs
            .iter()
            .filter_map(|o| Path::new(&o.path).parent().map(|p| tmp.join(p)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            fs::create_dir_all(d)?;
        }
        outputs
            .par_iter()
            .try_for_each(|o| fs::write(tmp.join(&o.path), &o.bytes))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        fs::rename(&out, &old)?;
    }
    if let Err(e) = fs::rename(&tmp, &out) {
        if old.exists() {
            let _ = fs::rename(&old, &out);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_previous_output_and_drops_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                Output {
                    path: "a/index.html".into(),
                    bytes: b"1".to_vec(),
                },
                Output {
                    path: "stale.txt".into(),
                    bytes: b"x".to_vec(),
                },
            ],
        )
        .unwrap();
        write_site(
            &out,
            &[Output {
                path: "a/index.html".into(),
                bytes: b"2".to_vec(),
            }],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"2");
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_replace_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
