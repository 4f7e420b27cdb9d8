//! A real Chromium driven through WebDriver (chromedriver from Debian), with axe-core injected
//! to check every page for accessibility violations.

use fantoccini::{Client, ClientBuilder};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// axe-core 4 (MPL-2.0), vendored so that tests never download anything.
const AXE: &str = include_str!("../assets/axe.min.js");

/// A chromedriver process and a browser session; both end when dropped or closed.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _slot: tokio::sync::OwnedSemaphorePermit,
}

/// At most two browsers at once: more only make each slower on a 2-core machine, until the
/// journeys' waits run out.
fn slots() -> Arc<tokio::sync::Semaphore> {
    static SLOTS: OnceLock<Arc<tokio::sync::Semaphore>> = OnceLock::new();
    SLOTS.get_or_init(|| Arc::new(tokio::sync::Semaphore::new(2))).clone()
}

/// The first file called `name` in a folder of PATH.
fn on_path(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| format!("{d}/{name}"))
        .find(|p| std::path::Path::new(p).is_file())
}

fn chromedriver() -> Option<String> {
    on_path("chromedriver")
}

/// Debian's Chromium, wherever PATH has it (`/usr/bin/chromium` on Debian).
fn chromium() -> String {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| on_path(n))
        .unwrap_or_else(|| "/usr/bin/chromium".to_owned())
}

impl Browser {
    /// Start Chromium headless at the given viewport width (a phone is emulated below 500 px), or `None` (skip) when chromedriver is
    /// not installed and `LOGBOG_REQUIRE_BROWSER` is not `1`.
    pub async fn start(width: u32) -> Option<Self> {
        let Some(driver_path) = chromedriver() else {
            if std::env::var("LOGBOG_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("LOGBOG_REQUIRE_BROWSER=1 but chromedriver is not on PATH");
            }
            eprintln!("skipping browser test: chromedriver is not on PATH");
            return None;
        };
        let slot = slots().acquire_owned().await.expect("browser slot");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = std::env::temp_dir().join(format!("logbog-chrome-{}", uuid::Uuid::now_v7().simple()));
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-extensions",
                    format!("--window-size={width},900"),
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let mut caps = caps.as_object().cloned().unwrap_or_default();
        if width < 500 {
            // Desktop Chromium will not make a window narrower than 500 px: emulate a phone.
            caps["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": 780, "pixelRatio": 2.0, "touch": true }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("http://127.0.0.1:{port}");
        let client = loop {
            let connector = hyper_connector();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("cannot start a Chromium session: {e}"),
            }
        };
        Some(Self {
            client,
            driver,
            _slot: slot,
        })
    }

    /// Run axe-core on the current page; returns violations as "rule: target" lines.
    pub async fn axe_violations(&self) -> Vec<String> {
        self.client.execute(AXE, vec![]).await.expect("inject axe");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })\
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe");
        serde_json::from_value(result).unwrap_or_else(|_| vec!["axe returned no list".to_owned()])
    }

    /// Assert that the current page has no accessibility violations.
    pub async fn assert_accessible(&self, what: &str) {
        let v = self.axe_violations().await;
        assert!(v.is_empty(), "axe found violations on {what}: {v:#?}");
    }

    /// Assert that nothing on the current page reaches past the right edge of the viewport: the
    /// page does not scroll sideways, and no element sticks out (unless a scrolling or clipping
    /// box of its own holds it, like a wide table in `.table-wrap`). Names the elements that do.
    pub async fn assert_no_horizontal_overflow(&self, what: &str) {
        let result = self
            .client
            .execute(
                "const root = document.documentElement;\
                 const width = Math.min(window.innerWidth, root.clientWidth);\
                 const clipped = el => {\
                   for (let p = el.parentElement; p && p !== document.body && p !== root; p = p.parentElement) {\
                     if (getComputedStyle(p).overflowX !== 'visible') { return true; }\
                   }\
                   return false;\
                 };\
                 const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')\
                   + Array.from(el.classList).map(c => '.' + c).join('')\
                   + (el.getAttribute('href') ? '[href=\"' + el.getAttribute('href') + '\"]' : '');\
                 const path = el => { const names = []; for (let e = el; e && e !== document.body; e = e.parentElement) { names.unshift(name(e)); } return names.join(' > '); };\
                 const over = [];\
                 for (const el of document.body.querySelectorAll('*')) {\
                   const r = el.getBoundingClientRect();\
                   if (r.width === 0 || r.height === 0 || r.right <= width + 1) { continue; }\
                   if (getComputedStyle(el).position === 'fixed' || clipped(el)) { continue; }\
                   if (over.some(o => o.el.contains(el))) { continue; }\
                   over.push({ el, text: path(el) + ' ends at ' + Math.round(r.right) + ' px: \"'\
                     + (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 60) + '\"' });\
                 }\
                 return { scroll: root.scrollWidth, width, inner: window.innerWidth, client: root.clientWidth,\
                          over: over.map(o => o.text) };",
                vec![],
            )
            .await
            .expect("measure the page");
        let scroll = result["scroll"].as_f64().unwrap_or(0.0);
        let width = result["width"].as_f64().unwrap_or(0.0);
        let over: Vec<String> = serde_json::from_value(result["over"].clone()).unwrap_or_default();
        assert!(
            scroll <= width && over.is_empty(),
            "{what} overflows horizontally: the page is {scroll} px wide in a viewport of {width} px \
             (innerWidth {}, clientWidth {}); sticking out: {over:#?}",
            result["inner"],
            result["client"],
        );
    }

    /// Assert the page is accessible and fits its viewport's width.
    pub async fn assert_accessible_and_fits(&self, what: &str) {
        self.assert_accessible(what).await;
        self.assert_no_horizontal_overflow(what).await;
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn hyper_connector() -> hyper_util::client::legacy::connect::HttpConnector {
    hyper_util::client::legacy::connect::HttpConnector::new()
}
