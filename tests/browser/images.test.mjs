// Image sizes (tests/fixtures/images/sizes, served under /guide/): while the
// images above a section are still on their way, a reader who arrived at that
// section by its #fragment stays on it when they arrive — each has its room
// from the start, because the build gave it its width and height. The images
// still fit the column at 320 px, with their proportions, and axe finds nothing
// on the page (figures and their captions among it) in light or dark mode.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axe, describeViolations, openPage, setup } from "./helpers.mjs";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/images/sizes", path: "/guide/" });
});
after(async () => {
  await ctx?.close();
});

/** A page whose own images are held back until `release()` is called; other
 * hosts' requests fail at once (nothing leaves the machine). */
async function openHolding(width) {
  const context = await ctx.browser.newContext({ viewport: { width, height: 600 } });
  context.setDefaultTimeout(10000);
  let release;
  const held = new Promise((ok) => (release = ok));
  await context.route(/\.(png|jpg|svg|gif)$/, async (route) => {
    if (!route.request().url().startsWith(ctx.base)) return route.abort();
    await held;
    return route.continue();
  });
  const page = await context.newPage();
  return { page, release };
}

// Where the section starts in the document (not in the window: Chromium's scroll
// anchoring would hide a shift above a reader who arrived by a fragment; Safari
// has none).
const sectionTop = (page) =>
  page.evaluate(() => document.getElementById("below").getBoundingClientRect().top + scrollY);

const imagesArrived = (page) =>
  page.waitForFunction(() =>
    [...document.querySelectorAll(".prose img")].slice(0, 4).every((i) => i.complete && i.naturalWidth > 0),
  );

for (const [name, path] of [
  ["a reader at the top of the page", "/guide/cells/fundamentals/"],
  ["a reader who followed a link to the section", "/guide/cells/fundamentals/#below"],
]) {
  test(`the text below the images keeps its place while they arrive, for ${name}`, async () => {
    const { page, release } = await openHolding(1280);
    await page.goto(ctx.base + path, { waitUntil: "domcontentloaded" });
    const pending = await page.evaluate(() => [...document.querySelectorAll(".prose img")].filter((i) => !i.complete).length);
    assert.ok(pending >= 4, `${pending} images still loading when measured`);
    const before = await sectionTop(page);
    const shown = await page.evaluate(() => document.getElementById("below").getBoundingClientRect().top);
    release();
    await imagesArrived(page);
    const after = await sectionTop(page);
    assert.ok(Math.abs(after - before) < 1, `the section moved from ${before} to ${after} px down the page`);
    // And in the window: where the reader sees it.
    const now = await page.evaluate(() => document.getElementById("below").getBoundingClientRect().top);
    assert.ok(Math.abs(now - shown) < 1, `the section moved in the window from ${shown} to ${now}`);
    await page.context().close();
  });
}

test("at 320 px the images fit the column and keep their proportions", async () => {
  const { page, release } = await openHolding(320);
  release();
  await page.goto(`${ctx.base}/guide/cells/fundamentals/`);
  await imagesArrived(page);
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll(".prose img")].slice(0, 4).map((i) => {
      const r = i.getBoundingClientRect();
      return { src: i.getAttribute("src"), width: r.width, height: r.height, ratio: i.width / i.height, declared: +i.getAttribute("width") / +i.getAttribute("height"), column: i.closest(".prose").clientWidth };
    }),
  );
  for (const b of boxes) {
    assert.ok(b.width <= b.column + 0.5, `${b.src} is ${b.width} px wide in a ${b.column} px column`);
    assert.ok(Math.abs(b.width / b.height - b.declared) < 0.02, `${b.src} drawn ${b.width} × ${b.height}, declared ratio ${b.declared}`);
  }
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  assert.equal(scrolls, false, "the page scrolls sideways");
  await page.context().close();
});

test("axe finds no violations on the page of images and figures, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openPage(ctx, "/guide/cells/fundamentals/", { colorScheme });
    await imagesArrived(page);
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
    assert.equal(await page.locator(".prose figure figcaption").count(), 2);
    await page.context().close();
  }
});
