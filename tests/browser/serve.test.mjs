// Live reload in `strata serve`: an edit on disk shows in the open page without
// a manual reload and at the same scroll position; a broken site.yaml shows the
// error overlay over the last good page, and fixing it takes the overlay away.
//
// Runs the real binary ($STRATA_BIN, or target/release/strata after `cargo
// build --release`) on a copy of tests/fixtures/core/full, on a free port.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, launch, strataBinary } from "./helpers.mjs";

const PAGE = "/guide/alpha/fundamentals/";
const WAIT = { timeout: 15000 }; // a rebuild on a loaded machine, then a reload

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `strata serve` and resolves once it says where it serves. */
function startServe(bin, root, port) {
  const child = spawn(bin, ["serve", "--root", root, "--port", String(port), "--debounce", "30"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`strata serve did not start:\n${output}`)), 30000);
    const check = () => {
      if (/Serving at http:\/\//.test(output)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`strata serve exited (${code}):\n${output}`));
    });
  });
  return { child, ready, output: () => output };
}

/** A page whose websockets are recorded, so that a test can wait until the
 * live script is connected before it edits a file. */
async function livePage() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 500 } });
  context.setDefaultTimeout(5000);
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__strataSockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__strataSockets.push(this);
      }
    };
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e));
  return page;
}

/** Waits until the page's live-reload socket is open. */
function connected(page) {
  return page.waitForFunction(() => (window.__strataSockets || []).some((s) => s.readyState === 1), null, WAIT);
}

/** Writes a file as many editors save: a temporary file renamed over the old one. */
function atomicWrite(path, text) {
  writeFileSync(path + ".tmp-strata-test", text);
  renameSync(path + ".tmp-strata-test", path);
}

let tmp, site, serve, browser, base;
before(async () => {
  const bin = strataBinary();
  tmp = mkdtempSync(join(tmpdir(), "strata-serve-"));
  site = join(tmp, "site");
  cpSync(join(REPO, "tests", "fixtures", "core", "full"), site, { recursive: true });
  // The default theme on disk, so that a stylesheet can be edited.
  cpSync(join(REPO, "themes", "default"), join(site, "themes", "default"), { recursive: true });
  // Enough text below the fold to scroll through.
  const md = join(site, "content", "alpha", "fundamentals.md");
  const filler = Array.from({ length: 12 }, (_, i) => `Filler paragraph ${i + 1}. ` + "Cells use sugar for energy every day. ".repeat(8)).join("\n\n");
  writeFileSync(md, readFileSync(md, "utf8") + "\n\n## More reading {#more}\n\n" + filler + "\n");
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  serve = startServe(bin, site, port);
  await serve.ready;
  browser = await launch();
});
after(async () => {
  await browser?.close().catch(() => {});
  if (serve && serve.child.exitCode === null) {
    const exited = new Promise((ok) => serve.child.once("exit", ok));
    serve.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
    if (serve.child.exitCode === null) serve.child.kill("SIGKILL");
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("strata serve in the browser", () => {
  test("an edit appears without a reload and keeps the scroll position; a broken config shows the overlay until fixed", async () => {
    const page = await livePage();
    const res = await page.goto(base + PAGE);
    assert.equal(res.status(), 200);
    await connected(page);

    await page.evaluate(() => window.scrollTo(0, 600));
    await page.waitForFunction(() => Math.abs(window.scrollY - 600) < 2);
    await page.evaluate(() => (window.__strataTestMarker = true));

    // 1. Edit the Markdown: the new text appears by itself, at the same place.
    const md = join(site, "content", "alpha", "fundamentals.md");
    writeFileSync(md, readFileSync(md, "utf8").replace("First notes.", "First notes, edited while the page was open."));
    await page.waitForFunction(() => document.body.innerText.includes("edited while the page was open"), null, WAIT);
    assert.equal(await page.evaluate(() => window.__strataTestMarker), undefined, "the page was reloaded by the live script");
    await page.waitForFunction(() => Math.abs(window.scrollY - 600) <= 40, null, WAIT);
    await connected(page);

    // 2. Break site.yaml: the overlay lists the diagnostic with file and line.
    const config = join(site, "site.yaml");
    const good = readFileSync(config, "utf8");
    const lines = good.trimEnd().split("\n").length;
    writeFileSync(config, good.trimEnd() + "\ncolour: red\n");
    const overlay = page.locator("#strata-error-overlay");
    await overlay.waitFor({ state: "visible", ...WAIT });
    const text = await overlay.innerText();
    assert.match(text, /colour/, text);
    assert.match(text, new RegExp(`site\\.yaml:${lines + 1}(:\\d+)?`), text);
    assert.equal(await overlay.getAttribute("role"), "alert");
    // The last good page is still underneath.
    assert.ok((await page.locator("main").innerText()).includes("edited while the page was open"));

    // 3. Fix it (saved the way editors do): the overlay goes, the page is back.
    atomicWrite(config, good);
    await overlay.waitFor({ state: "detached", ...WAIT });
    await page.waitForFunction(() => document.body.innerText.includes("edited while the page was open"), null, WAIT);
    await page.waitForFunction(() => Math.abs(window.scrollY - 600) <= 40, null, WAIT);
    assert.equal(await page.locator("#strata-error-overlay").count(), 0);

    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  // Stylesheets are fingerprinted: live.js must take the new href and integrity from
  // the rebuilt page (regression: it once re-requested the old URL and got a 404).
  test("a stylesheet edit is applied in place, without a reload", async () => {
    const page = await livePage();
    await page.goto(base + PAGE);
    await connected(page);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    await page.evaluate(() => (window.__strataTestMarker = true));
    const css = join(site, "themes", "default", "static", "strata.css");
    writeFileSync(css, readFileSync(css, "utf8") + "\n:root { --strata-live-test: 42px; }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.documentElement).getPropertyValue("--strata-live-test").trim() === "42px",
      null,
      { timeout: 8000 },
    );
    assert.equal(await page.evaluate(() => window.__strataTestMarker), true, "no reload");
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily), font, "the rest of the stylesheet still applies");
    await page.context().close();
  });
});
