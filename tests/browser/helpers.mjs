// Shared set-up for the browser tests: build the bundled site into a temporary
// folder, serve it on 127.0.0.1, and drive Debian's Chromium with playwright-core.
//
//   node --test tests/browser/
//
// STRATA_BIN=path/to/strata uses a built binary instead of `cargo run --release`.
// CHROMIUM=path overrides /usr/bin/chromium.

import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Builds the repository's own site (or, with `root`, the site in that folder,
 * relative to the repository) into a fresh temporary folder. `www` is the
 * folder to serve; the site is written to `out`, which is `www` itself or, with
 * `path` (e.g. "/guide/"), that subfolder of it — for a site built for a subpath
 * (`baseUrl`, e.g. "/guide/"). */
export function buildSite({ baseUrl, path = "", root } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), "strata-browser-"));
  const www = join(tmp, "site");
  const out = join(www, ...path.split("/").filter(Boolean));
  const build = [
    ...(root ? ["--root", resolve(REPO, root)] : []),
    "build",
    "--output",
    out,
    ...(baseUrl ? ["--base-url", baseUrl] : []),
  ];
  const bin = process.env.STRATA_BIN;
  const [cmd, args] = bin ? [bin, build] : ["cargo", ["run", "--release", "-q", "--", ...build]];
  execFileSync(cmd, args, { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  return { tmp, out, www };
}

/** The path of a strata binary: $STRATA_BIN, or target/release/strata after
 * `cargo build --release` (for tests that run it as a long-lived process). */
export function strataBinary() {
  if (process.env.STRATA_BIN) return resolve(process.env.STRATA_BIN);
  execFileSync("cargo", ["build", "--release", "-q"], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
  return join(REPO, "target", "release", "strata");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

/** A small static file server for `root` on 127.0.0.1 and a free port. */
export function serve(root) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let stat = statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { Location: path + "/" }).end();
        return;
      }
      file = join(file, "index.html");
      stat = statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) {
      const notFound = join(root, "404.html");
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      res.end(statSync(notFound, { throwIfNoEntry: false }) ? readFileSync(notFound) : "not found");
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] || "application/octet-stream",
      "Content-Length": stat.size,
      "Cache-Control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({
        base: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

export function launch() {
  // Playwright gives every launch a fresh temporary profile (it refuses a
  // --user-data-dir argument), so no state leaks between runs.
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** Build, serve and launch; `close()` undoes all three. `options` as for buildSite(). */
export async function setup(options) {
  const { tmp, out, www } = buildSite(options);
  const server = await serve(www);
  const browser = await launch();
  return {
    base: server.base,
    root: out,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A new page in a new context; `options` are Playwright context options. */
export async function openPage(ctx, path, options = {}) {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(5000); // fail fast rather than at Playwright's 30 s
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(ctx.base + path);
  page.errors = errors;
  return page;
}

/** Runs axe-core on the page and returns its violations. */
export async function axe(page, tags = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(
    (runOnly) => window.axe.run(document, { runOnly: { type: "tag", values: runOnly }, resultTypes: ["violations"] }),
    tags,
  ).then((r) => r.violations);
}

/** A readable summary of axe violations, for assertion messages. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary}`).join("\n"))
    .join("\n");
}

/** The tooltip element of a trigger (by aria-describedby). */
export function tooltipOf(page, triggerSelector) {
  return page.locator(triggerSelector).evaluate((el) => "#" + el.getAttribute("aria-describedby")).then((id) => page.locator(id));
}

/** Number of tooltips that are currently rendered (not display:none). */
export function openTooltipCount(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="tooltip"]')].filter((t) => t.getClientRects().length > 0).length,
  );
}

/** Bounding boxes (viewport coordinates) of the trigger and its tooltip, and the viewport. */
export function geometry(page, triggerSelector) {
  return page.locator(triggerSelector).evaluate((el) => {
    const tip = document.getElementById(el.getAttribute("aria-describedby"));
    const r = (e) => {
      const b = e.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
    };
    return {
      trigger: r(el),
      rects: [...el.getClientRects()].map((b) => ({ left: b.left, top: b.top, right: b.right, bottom: b.bottom })),
      tip: r(tip),
      vw: document.documentElement.clientWidth,
      vh: document.documentElement.clientHeight,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

/** Scrolls so that the element's top sits at `fraction` of the viewport's height. */
export function scrollToFraction(page, selector, fraction) {
  return page.locator(selector).evaluate((el, f) => {
    const top = el.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, Math.max(0, top - window.innerHeight * f));
  }, fraction);
}

/** Moves the mouse straight (one step, so it crosses no other term) to the
 * centre of the element's first line box. */
export async function hover(page, selector) {
  const box = await page.locator(selector).evaluate((el) => {
    let r = el.getClientRects()[0];
    const bar = document.querySelector(".tier-switcher");
    const covered = bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0;
    if (r.top < covered || r.bottom > document.documentElement.clientHeight) {
      el.scrollIntoView({ block: "center" });
      r = el.getClientRects()[0];
    }
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.move(box.x, box.y);
  return box;
}

/** Clicks the centre of the element where it is, as a person would: unlike
 * locator.click(), without scrolling a sticky element to its static place. */
export async function clickInPlace(page, selector) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Focuses the element with the keyboard: focus what precedes it in tab order, then Tab. */
export async function tabTo(page, selector) {
  await page.locator(selector).evaluate((target) => {
    const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(
      (e) => e.tabIndex >= 0 && e.getClientRects().length > 0,
    );
    const i = all.indexOf(target);
    if (i > 0) all[i - 1].focus();
    else document.activeElement?.blur();
  });
  await page.keyboard.press("Tab");
}

/** Types `query` into the header's search box and waits until the results (or the
 *  message that there are none) for it are shown. */
export async function typeSearch(page, query) {
  const input = page.locator("#site-search-input");
  await input.click();
  await input.fill("");
  await page.keyboard.type(query, { delay: 20 });
  await page.waitForFunction((q) => {
    const list = document.getElementById("site-search-results");
    return list.getAttribute("data-query") === q && !list.hasAttribute("aria-busy");
  }, query);
}
