// A site in two languages (tests/fixtures/languages/basic: English by default,
// French under /fr/, served under /health/ as its base_url says), in the browser:
// axe finds nothing on a French page, the French home page and an English page
// with the language switcher in the header, in light and dark; at 320 px the
// header with the switcher does not make the page scroll sideways; the switcher's
// links are reached with Tab, show a focus ring, and Enter on "English" opens the
// English page in English; and the French search box finds French words on French
// pages only. The HTML Strata writes is checked in tests/languages.rs.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axe, describeViolations, openPage, setup, typeSearch } from "./helpers.mjs";

const FR_PAGE = "/health/fr/sleep/fundamentals/";
const SWITCHER = "nav.language-nav";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/languages/basic", path: "/health/" });
});
after(async () => {
  await ctx?.close();
});

test("axe finds no violations on French and English pages with the language switcher, light and dark", async () => {
  for (const [path, lang] of [[FR_PAGE, "fr"], ["/health/fr/", "fr"], ["/health/fasting/fundamentals/", "en"]]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, path, { colorScheme });
      assert.equal(await page.getAttribute("html", "lang"), lang, path);
      assert.equal(await page.locator(`${SWITCHER} a[hreflang]`).count(), 2, `${path} shows the switcher`);
      assert.equal(await page.locator(`${SWITCHER} a[aria-current="page"]`).getAttribute("hreflang"), lang, path);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${path}, ${colorScheme}:\n${describeViolations(violations)}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  }
});

test("at 320 px the header with the language switcher does not scroll sideways", async () => {
  for (const path of [FR_PAGE, "/health/fr/fundamentals/"]) {
    const page = await openPage(ctx, path, { viewport: { width: 320, height: 640 } });
    await page.locator(".site-search.is-enhanced").waitFor(); // the search box in place of its link
    const fit = await page.evaluate((nav) => {
      const root = document.scrollingElement;
      const vw = root.clientWidth;
      const outside = (css) =>
        [...document.querySelectorAll(css)].filter((e) => {
          const r = e.getBoundingClientRect();
          return r.left < -0.5 || r.right > vw + 0.5;
        }).length;
      return {
        scrolls: root.scrollWidth > root.clientWidth,
        header: outside(".site-header-inner > *"),
        links: outside(`${nav} a`),
      };
    }, SWITCHER);
    assert.deepEqual(fit, { scrolls: false, header: 0, links: 0 }, path);
    await page.context().close();
  }
});

test("Tab reaches the switcher's links with a focus ring, and Enter on English opens the English page", async () => {
  const page = await openPage(ctx, FR_PAGE);
  await page.locator(".site-search.is-enhanced").waitFor();
  const english = `${SWITCHER} a[hreflang="en"]`;
  // From the top of the page, with the keyboard only.
  const reached = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate((nav) => {
      const a = document.activeElement;
      return a?.closest(nav) ? a.getAttribute("hreflang") : null;
    }, SWITCHER);
    if (at) reached.push(at);
    if (reached.length === 2) break;
  }
  assert.deepEqual(reached, ["en", "fr"], "Tab goes through English, then Français");
  // Back to English, with Shift+Tab.
  await page.keyboard.press("Shift+Tab");
  assert.ok(await page.locator(english).evaluate((a) => a === document.activeElement && a.matches(":focus-visible")));
  const ring = await page.locator(english).evaluate((a) => {
    const style = getComputedStyle(a);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.notEqual(ring.style, "none");
  assert.ok(ring.width >= 2, `outline ${ring.width}px`);
  await Promise.all([page.waitForURL(ctx.base + "/health/sleep/fundamentals/"), page.keyboard.press("Enter")]);
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.locator(`${SWITCHER} a[aria-current="page"]`).getAttribute("hreflang"), "en");
  assert.equal(await page.locator("main h1").innerText(), "Sleep and blood sugar");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const resultUrls = (page) =>
  page.locator('#site-search-results [role="option"]').evaluateAll((os) => os.map((o) => o.getAttribute("data-url")));

test("the search box on a French page finds French words on French pages, not English ones", async () => {
  const page = await openPage(ctx, FR_PAGE);
  await typeSearch(page, "sommeil");
  const urls = await resultUrls(page);
  assert.ok(urls.includes(FR_PAGE), JSON.stringify(urls));
  assert.ok(urls.every((u) => u.startsWith("/health/fr/")), JSON.stringify(urls));
  // Words of the English pages ("insulin" is also what the French stemmer makes of
  // "insuline"): the French box searches the French index alone, so the English
  // pages and glossary never show.
  for (const query of ["insulin", "sleep"]) {
    await typeSearch(page, query);
    const found = await resultUrls(page);
    assert.ok(found.every((u) => u.startsWith("/health/fr/")), `${query}: ${JSON.stringify(found)}`);
    assert.ok(!found.includes("/health/sleep/fundamentals/"), `${query}: ${JSON.stringify(found)}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // And the result is a link to the French page (followed from the French home page).
  const home = await openPage(ctx, "/health/fr/");
  await typeSearch(home, "sommeil");
  await Promise.all([
    home.waitForURL(ctx.base + FR_PAGE),
    home.locator(`#site-search-results [role="option"][data-url="${FR_PAGE}"]`).click(),
  ]);
  assert.equal(await home.getAttribute("html", "lang"), "fr");
  assert.equal(await home.locator("main h1").innerText(), "Sommeil et glycémie");
  await home.context().close();
});
