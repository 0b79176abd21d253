//! The changes of a re-solve on top of its report: the `changes` figures, then every change
//! of every pupil and member of staff (the first [`SHOWN`] rows; `changes.csv` has all).

use crate::solution::changes::{Change, Figures};

/// Rows shown in the report.
pub const SHOWN: usize = 500;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The changes section, as HTML.
pub fn section(f: &Figures, rows: &[Change]) -> String {
    let mut h =
        String::from("<section id=\"changes\">\n<h2>Changes from the published timetable</h2>\n");
    h += &format!(
        "<p>From <code>{}</code>: <strong>{}</strong> pupils' weeks changed ({} of them their classes, at most {} classes for one pupil); {} pupils joined, {} left; {} staff affected; {} classes opened, {} closed; {} meetings moved, {} given another teacher or room.</p>\n",
        esc(&f.from), f.pupils_changed, f.pupils_class_changed, f.most_classes_changed,
        f.pupils_joined, f.pupils_left, f.staff_changed, f.classes_opened, f.classes_closed,
        f.meetings_moved, f.meetings_restaffed
    );
    if let Some(n) = f.limits.max_changes {
        h += &format!("<p>Limit: at most {n} pupils' classes change.</p>\n");
    }
    if let Some(k) = f.limits.max_changes_per_pupil {
        h += &format!("<p>Limit: at most {k} classes changed per pupil.</p>\n");
    }
    h += "<table class=\"changes\"><thead><tr><th>who</th><th>change</th><th>before</th><th>after</th></tr></thead><tbody>\n";
    for c in rows.iter().take(SHOWN) {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&c.person),
            c.kind.as_str(),
            esc(&c.before),
            esc(&c.after)
        );
    }
    h += "</tbody></table>\n";
    if rows.len() > SHOWN {
        h += &format!(
            "<p>… and {} more rows in changes.csv.</p>\n",
            rows.len() - SHOWN
        );
    }
    h + "</section>\n"
}

/// `html` (a report) with the changes section first in its main part.
pub fn on_top(html: &str, f: &Figures, rows: &[Change]) -> String {
    let mark = "<main class=\"wrap\">";
    match html.find(mark) {
        Some(i) => {
            let at = i + mark.len();
            format!("{}\n{}{}", &html[..at], section(f, rows), &html[at..])
        }
        None => format!("{}{html}", section(f, rows)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solution::changes::Kind;

    #[test]
    fn the_changes_come_first_and_are_escaped() {
        let rows = vec![Change {
            person: "P<1>".into(),
            kind: Kind::Class,
            before: "GEO-1".into(),
            after: "HIS-1".into(),
        }];
        let html = on_top(
            "<html><main class=\"wrap\"><h2>Blocks</h2></main>",
            &Figures::default(),
            &rows,
        );
        let changes = html.find("Changes from").unwrap();
        assert!(changes < html.find("Blocks").unwrap());
        assert!(html.contains("P&lt;1&gt;") && html.contains("HIS-1"));
    }
}
