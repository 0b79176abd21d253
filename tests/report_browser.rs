//! `report.html` in a real browser: the demo school is solved (the whole week), rendered, and
//! opened in headless Chromium. The test reads the DOM the page's own script built (the blocks
//! grid, a pupil's and a teacher's week found through `#who=`), checks the page raised no
//! script error, and keeps a screenshot under `target/test-artifacts/`.
//!
//! Without a browser it prints `SKIPPED: chromium not found` and returns, before any solving;
//! under `CI=true` (CI installs one) a missing browser fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use tailor::ids::*;
use tailor::report::{self, Meta};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");

fn browser() -> Option<PathBuf> {
    let named = std::env::var_os("TAILOR_CHROMIUM").map(PathBuf::from);
    named
        .into_iter()
        .chain(
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .map(PathBuf::from),
        )
        .find(|p| p.is_file())
}

fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("artefact folder");
    dir
}

/// Runs Chromium headless on `url` with `extra` flags; returns (stdout, stderr).
fn chromium(bin: &Path, profile: &Path, url: &str, extra: &[String]) -> (String, String) {
    let out = profile.with_extension("out");
    let err = profile.with_extension("err");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("chromium starts");
    let began = Instant::now();
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if began.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium ran for more than 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (
        std::fs::read_to_string(out).unwrap_or_default(),
        std::fs::read_to_string(err).unwrap_or_default(),
    )
}

/// The DOM of `page#fragment` after its script ran, checked for script errors.
fn dom(bin: &Path, dir: &Path, page: &Path, fragment: &str, name: &str) -> String {
    let url = format!("file://{}#{fragment}", page.display());
    let (out, err) = chromium(bin, &dir.join(name), &url, &["--dump-dom".to_owned()]);
    assert!(
        out.contains("</html>"),
        "no DOM from chromium for {url}; stderr:\n{err}"
    );
    let html_tag = &out[out.find("<html").expect("html tag")..];
    let html_tag = &html_tag[..html_tag.find('>').unwrap()];
    assert!(
        !html_tag.contains("data-js-error"),
        "the page raised a script error: {html_tag}"
    );
    assert!(
        !err.contains("Uncaught"),
        "console shows an uncaught error:\n{err}"
    );
    let body_tag = &out[out.find("<body").expect("body tag")..];
    let body_tag = &body_tag[..body_tag.find('>').unwrap()];
    assert!(
        body_tag.contains("data-ready=\"1\""),
        "the page's script did not finish: {body_tag}"
    );
    out
}

/// The part of the DOM inside `<div id="who-view">`.
fn who_view(dom: &str) -> &str {
    let start = dom.find("<div id=\"who-view\">").expect("who-view");
    let rest = &dom[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn report_opens_in_a_real_browser() {
    let Some(bin) = browser() else {
        common::missing("chromium not found (set TAILOR_CHROMIUM or install chromium)");
        return;
    };
    let began = Instant::now();
    let scenario = tailor::load::load_dir(Path::new(DEMO))
        .expect("the demo school loads")
        .scenario;
    let mut options = tailor::solve::Options::from_scenario(&scenario);
    options.threads = 1;
    options.time_limit_s = 8.0;
    options.mip_gap = 0.1;
    let solution = tailor::solve::solve(&scenario, &options).expect("the demo solves");
    assert!(!solution.meetings.is_empty(), "the solve placed a week");
    let meta = Meta {
        generated: "2025-03-01 14:05".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let page = report::html(&scenario, &solution, &meta);

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("report.html");
    std::fs::write(&path, &page).unwrap();
    let artifacts = artifacts();
    std::fs::write(artifacts.join("report.html"), &page).unwrap();

    // The pupil with the most lessons, and what their week must show.
    let class_meetings = solution.class_meetings();
    let lessons_of = |p: PupilId| -> usize {
        solution
            .enrolments
            .iter()
            .filter(|e| e.pupil == p)
            .map(|e| class_meetings[e.class].len())
            .sum()
    };
    let pupil = scenario
        .pupils
        .keys()
        .max_by_key(|&p| (lessons_of(p), std::cmp::Reverse(p)))
        .unwrap();
    let expected = lessons_of(pupil);
    assert!(expected > 0, "the chosen pupil has lessons");
    let pupil_id = &scenario.pupils[pupil].id;

    let dom_pupil = dom(&bin, tmp.path(), &path, &format!("who={pupil_id}"), "p1");
    // The blocks grid: one column per block, one card per option class.
    let option_classes = solution
        .classes
        .iter()
        .filter(|c| c.block.is_some())
        .count();
    assert_eq!(
        dom_pupil.matches("class=\"block-col\"").count(),
        scenario.blocks.len()
    );
    assert_eq!(
        dom_pupil.matches("class=\"card tone-").count(),
        option_classes
    );
    // The pupil's week: their own name, one lesson cell per meeting.
    let view = who_view(&dom_pupil);
    assert!(view.contains("<table class=\"week\">"), "{view}");
    assert!(view.contains(pupil_id.as_str()));
    assert_eq!(view.matches("class=\"lesson\"").count(), expected, "{view}");
    assert_eq!(
        view.matches("<th>").count(),
        scenario.week.days.len(),
        "one column per day"
    );

    // A teacher's week, through the `staff:` prefix.
    let (staff, taught) = scenario
        .staff
        .iter_enumerated()
        .map(|(s, st)| {
            let n = solution
                .meetings
                .iter()
                .filter(|m| m.staff == Some(s))
                .count();
            (st, n)
        })
        .max_by_key(|&(_, n)| n)
        .unwrap();
    let dom_staff = dom(
        &bin,
        tmp.path(),
        &path,
        &format!("who=staff:{}", staff.id),
        "s1",
    );
    let view = who_view(&dom_staff);
    assert!(view.contains(&staff.name), "{view}");
    assert_eq!(view.matches("class=\"lesson\"").count(), taught);

    // A search that matches nobody says so and draws no week.
    let dom_none = dom(&bin, tmp.path(), &path, "who=nobody-by-this-name", "n1");
    assert!(dom_none.contains("No pupil, teacher or room matches"));
    assert_eq!(who_view(&dom_none).matches("class=\"lesson\"").count(), 0);

    // A screenshot for people to look at.
    let shot = artifacts.join("report.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &bin,
        &tmp.path().join("shot"),
        &format!("file://{}#who={pupil_id}", path.display()),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1366,3000".to_owned(),
        ],
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    assert!(png.len() > 20_000, "the screenshot shows something");
    println!(
        "report: {} bytes, screenshot {} in {:.1} s",
        page.len(),
        shot.display(),
        began.elapsed().as_secs_f64()
    );
}
