//! Field paths as the API server prints them: `spec.containers[0].resources.limits[cpu]`.
//!
//! A [`Path`] is a chain of borrowed segments on the stack, so building one costs nothing until
//! an error needs its text.

use std::fmt;

#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The empty root (no leading dot on the first field).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// `self.name`
    pub fn child(&'a self, name: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Field(name),
        }
    }

    /// `self[i]`
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(i),
        }
    }

    /// `self[key]` (map keys are printed unquoted)
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::with_capacity(8);
        let mut at = Some(self);
        while let Some(p) = at {
            segments.push(p.segment);
            at = p.parent;
        }
        let mut first = true;
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Field(name) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(name)?;
                    first = false;
                }
                Segment::Index(i) => {
                    write!(f, "[{i}]")?;
                    first = false;
                }
                Segment::Key(k) => {
                    write!(f, "[{k}]")?;
                    first = false;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn renders_like_field_path() {
        let spec = Path::ROOT.child("spec");
        let containers = spec.child("containers");
        let c0 = containers.index(0);
        let limits = c0.child("resources");
        let limits = limits.child("limits");
        assert_eq!(
            limits.key("cpu").to_string(),
            "spec.containers[0].resources.limits[cpu]"
        );
        assert_eq!(Path::ROOT.to_string(), "");
    }
}
