// Whole-page checks: axe-core on every kind of page, the tier switcher landing
// on the same section, and the narrow layout (320 px, tables as cards).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axe, clickInPlace, describeViolations, hover, openPage, setup, tooltipOf } from "./helpers.mjs";

let ctx;
before(async () => {
  ctx = await setup();
});
after(async () => {
  await ctx?.close();
});

describe("axe-core (wcag2a, wcag2aa, wcag21aa, wcag22aa)", () => {
  const PAGES = [
    ["home", "/"],
    ["tier page", "/insulin-resistance/intermediate/"],
    ["glossary", "/glossary/"],
    ["about", "/about/"],
  ];
  for (const [name, path] of PAGES) {
    test(`${name} has no violations, light and dark`, async () => {
      for (const colorScheme of ["light", "dark"]) {
        const page = await openPage(ctx, path, { colorScheme });
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
        assert.deepEqual(page.errors, []);
        await page.context().close();
      }
    });
  }

  test("an open tooltip has no violations (its contrast included), light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, "/insulin-resistance/academic/", { colorScheme });
      const trigger = ".prose a.term >> nth=0";
      await hover(page, trigger);
      await (await tooltipOf(page, trigger)).waitFor({ state: "visible" });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
      await page.context().close();
    }
  });
});

describe("tier switcher", () => {
  const ACADEMIC = '.tier-option[href*="/academic/"]';
  const FUNDAMENTALS = '.tier-option[href*="/fundamentals/"]';

  test("stays in view while reading and lands on the same section in the other tier", async () => {
    const page = await openPage(ctx, "/insulin-resistance/fundamentals/");
    const sections = (await page.locator(ACADEMIC).getAttribute("data-sections")).split(" ");
    // A section this page shares with the academic page, from the middle of the page.
    const ids = await page.$$eval(".prose h2[id]", (hs) => hs.map((h) => h.id));
    const shared = ids.filter((id) => sections.includes(id));
    assert.ok(shared.length >= 3, `shared sections: ${shared}`);
    const id = shared[Math.floor(shared.length / 2)];
    // Read a little way into the section.
    await page.locator(`#${id}`).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + scrollY + 40));
    const bar = await page.locator("#tier-switcher").boundingBox();
    assert.ok(bar.y >= 0 && bar.y < 5, `the switcher sticks to the top (${bar.y})`);
    await Promise.all([page.waitForURL(`**/insulin-resistance/academic/#${id}`), clickInPlace(page, ACADEMIC)]);
    const top = await page.locator(`#${id}`).evaluate((h) => h.getBoundingClientRect().top);
    const below = (await page.locator("#tier-switcher").boundingBox()).y + (await page.locator("#tier-switcher").boundingBox()).height;
    assert.ok(top >= below - 1 && top < 150, `heading #${id} just below the switcher (${top}, switcher ends at ${below})`);
    // And back again: the same section.
    await Promise.all([page.waitForURL(`**/insulin-resistance/fundamentals/#${id}`), clickInPlace(page, FUNDAMENTALS)]);
    await page.context().close();
  });

  test("a plain link at the top of the page and where the other tier lacks the section", async () => {
    const page = await openPage(ctx, "/insulin-resistance/intermediate/");
    const sections = (await page.locator(FUNDAMENTALS).getAttribute("data-sections")).split(" ");
    const ids = await page.$$eval(".prose h2[id], .prose h3[id]", (hs) => hs.map((h) => h.id));
    const own = ids.find((id) => !sections.includes(id));
    assert.ok(own, "the intermediate page has a section the fundamentals page lacks");
    await Promise.all([page.waitForURL(/\/insulin-resistance\/fundamentals\/$/), clickInPlace(page, FUNDAMENTALS)]);
    await page.goBack();
    await page.locator(`#${own}`).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + scrollY + 5));
    await page.waitForFunction((id) => Math.abs(document.getElementById(id).getBoundingClientRect().top + 5) < 2, own);
    await Promise.all([page.waitForURL(/\/insulin-resistance\/fundamentals\/$/), clickInPlace(page, FUNDAMENTALS)]);
    await page.context().close();
  });
});

describe("layout", () => {
  test("no horizontal scroll at 320 px on any kind of page", async () => {
    const PATHS = ["/", "/insulin-resistance/", "/insulin-resistance/intermediate/", "/insulin-resistance/academic/", "/academic/", "/glossary/", "/about/", "/404.html"];
    const page = await openPage(ctx, "/", { viewport: { width: 320, height: 640 } });
    for (const path of PATHS) {
      await page.goto(ctx.base + path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `${path}: scrollWidth ${scrollWidth} > ${clientWidth}`);
    }
    await page.context().close();
  });

  test("keyboard focus is never hidden under the sticky tier switcher (WCAG 2.4.11)", async () => {
    const page = await openPage(ctx, "/insulin-resistance/academic/", { viewport: { width: 320, height: 640 } });
    const count = await page.evaluate(() => [...document.querySelectorAll("a[href], [tabindex='0']")].filter((e) => e.getClientRects().length).length);
    const hiddenUnder = [];
    // Forward to the end, then back: going back is when focus scrolls upward,
    // where the bar is.
    for (let i = 0; i < 2 * count; i++) {
      await page.keyboard.press(i < count ? "Tab" : "Shift+Tab");
      const r = await page.evaluate(() => {
        const a = document.activeElement;
        const bar = document.getElementById("tier-switcher").getBoundingClientRect();
        if (!a || a === document.body || document.getElementById("tier-switcher").contains(a)) return null;
        const b = a.getBoundingClientRect();
        const across = b.left < bar.right && bar.left < b.right;
        return across && bar.top <= 1 && b.bottom <= bar.bottom && b.bottom > 0 ? a.outerHTML.slice(0, 80) : null;
      });
      if (r) hiddenUnder.push(r);
    }
    assert.deepEqual(hiddenUnder, []);
    await page.context().close();
  });

  test("data tables stack into labelled cards under 40rem", async () => {
    const page = await openPage(ctx, "/insulin-resistance/intermediate/", { viewport: { width: 320, height: 640 } });
    const cell = page.locator(".data-table td[data-label] >> nth=0");
    const label = await cell.getAttribute("data-label");
    const shown = await cell.evaluate((td) => getComputedStyle(td, "::before").content);
    assert.equal(shown, JSON.stringify(label));
    assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), "block");
    const wide = await openPage(ctx, "/insulin-resistance/intermediate/");
    assert.equal(await wide.locator(".data-table td[data-label] >> nth=0").evaluate((td) => getComputedStyle(td).display), "table-cell");
    await page.context().close();
    await wide.context().close();
  });

  test("the skip link appears on focus and moves focus to the main content", async () => {
    const page = await openPage(ctx, "/insulin-resistance/intermediate/");
    await page.keyboard.press("Tab");
    const skip = page.locator(".skip-link");
    assert.equal(await skip.evaluate((a) => a === document.activeElement), true);
    const box = await skip.boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 10, "visible when focused");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement.id === "main");
    await page.context().close();
  });
});
