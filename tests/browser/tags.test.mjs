// Tag pages (tests/fixtures/tags/basic, served under /health/): axe finds nothing on
// the tags page, a tag's page and a tier page with its topic's tags, in light and
// dark; at 320 px the tag lists wrap instead of making the page scroll sideways;
// every tag is a link in the tab order with a visible focus ring. And the search box
// folds a Greek query as the index does (a final capital sigma as ς).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axe, describeViolations, openPage, setup, tabTo, typeSearch } from "./helpers.mjs";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/tags/basic", path: "/health/" });
});
after(async () => {
  await ctx?.close();
});

const PAGES = ["/health/tags/", "/health/tags/type-2-diabetes/", "/health/sleep/fundamentals/"];

test("axe finds no violations on the tag pages and a tagged tier page, light and dark", async () => {
  for (const path of PAGES) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, path, { colorScheme });
      assert.ok((await page.locator("a.tag").count()) >= 2, `${path} shows its tags`);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${path}, ${colorScheme}:\n${describeViolations(violations)}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  }
});

test("at 320 px the tag lists wrap and nothing scrolls sideways", async () => {
  for (const path of PAGES) {
    const page = await openPage(ctx, path, { viewport: { width: 320, height: 640 } });
    const fit = await page.evaluate(() => ({
      scrolls: document.documentElement.scrollWidth > innerWidth,
      outside: [...document.querySelectorAll("a.tag")].filter((a) => a.getBoundingClientRect().right > innerWidth + 0.5).length,
    }));
    assert.deepEqual(fit, { scrolls: false, outside: 0 }, path);
    await page.context().close();
  }
});

test("a tag is reached with Tab and shows a focus ring", async () => {
  const page = await openPage(ctx, "/health/sleep/fundamentals/");
  const selector = '.page-header a.tag[href="/health/tags/sleep/"]';
  await tabTo(page, selector);
  const ring = await page.evaluate((s) => {
    const style = getComputedStyle(document.querySelector(s));
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  }, selector);
  assert.notEqual(ring.style, "none");
  assert.ok(ring.width >= 2, `outline ${ring.width}px`);
  await page.context().close();
});

test("the search box finds Greek words typed in capitals, and composed or not", async () => {
  const page = await openPage(ctx, "/health/tags/");
  for (const query of ["ΎΠΝΟΣ", "ύπνος", "υ\u0301πνος"]) {
    await typeSearch(page, query);
    const titles = await page.locator("#site-search-results .search-option-title").allInnerTexts();
    assert.ok(titles.includes("Νηστεία και ύπνος"), `${query}: ${JSON.stringify(titles)}`);
  }
  await page.context().close();
});
