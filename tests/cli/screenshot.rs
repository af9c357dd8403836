//! report.html in a real browser: headless Chromium renders the sample report at desktop and
//! phone widths, saves screenshots to `target/screenshots/` for a person to look at, and the
//! page is checked for sideways scrolling on a phone. Skipped with a notice when Chromium is
//! not installed (Debian: `apt-get install chromium`).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::{analyse, root};

const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

fn browser() -> Option<&'static str> {
    let found = BROWSERS.into_iter().find(|b| {
        Process::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("notice: no Chromium found; skipping the screenshot test");
    }
    found
}

fn headless(browser: &str, width: u32, height: u32) -> Process {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut cmd = Process::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--window-size={width},{height}"));
    cmd
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn html_report_renders_at_desktop_and_phone_widths() {
    let Some(browser) = browser() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    assert!(analyse(
        &root().join("corpus"),
        out.path(),
        &["--format", "html,json"]
    )
    .status
    .success());
    let html = out.path().join("report.html");

    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, width) in [("desktop", 1280), ("phone", 390)] {
        let png = shots.join(format!("report-{name}.png"));
        let _ = std::fs::remove_file(&png);
        let run = headless(browser, width, 3000)
            .arg(format!("--screenshot={}", png.display()))
            .arg(url(&html))
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 20_000, "{name} screenshot is {size} bytes");
        eprintln!("screenshot: {}", png.display());
    }

    // Laid out by the browser: the page must not be wider than a phone's screen, and every
    // chart must have been drawn with some size. A copy of the page reports its measurements
    // in its title, read back with --dump-dom.
    let probe = out.path().join("probe.html");
    let page = std::fs::read_to_string(&html).unwrap().replace(
        "</body>",
        "<script>addEventListener('load', () => { const s = [...document.querySelectorAll('svg')]\
         .map(e => Math.round(e.getBoundingClientRect().width)); document.title = \
         'measured ' + document.documentElement.scrollWidth + ' ' + innerWidth + ' ' + s.join(','); });\
         </script></body>",
    );
    std::fs::write(&probe, page).unwrap();
    let run = headless(browser, 390, 800)
        .args(["--virtual-time-budget=2000", "--dump-dom"])
        .arg(url(&probe))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&run.stdout);
    let title = dom
        .split("<title>measured ")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_else(|| {
            panic!(
                "no measurements in the page: {}",
                &dom[..dom.len().min(500)]
            )
        });
    let numbers: Vec<&str> = title.split(' ').collect();
    let scroll: u32 = numbers[0].parse().unwrap();
    let inner: u32 = numbers[1].parse().unwrap();
    assert!(
        scroll <= inner,
        "page scrolls sideways on a phone: {scroll} > {inner}"
    );
    let charts: Vec<u32> = numbers[2].split(',').map(|w| w.parse().unwrap()).collect();
    let k = super::read_json(&out.path().join("report.json"))["clusters"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        charts.len(),
        2 + k,
        "sizes, map and one terms chart per topic"
    );
    // The sizes chart is hidden on a phone (the topics table shows the sizes); every other
    // chart spans most of the screen.
    assert_eq!(charts[0], 0, "sizes chart hidden on a phone");
    assert!(
        charts[1..].iter().all(|&w| w >= 300),
        "chart widths {charts:?}"
    );
}
