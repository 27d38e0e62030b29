// Whole-page checks: axe-core on every kind of page, the tier switcher landing
// on the same section, and the narrow layout (320 px, tables as cards).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axe, describeViolations, hover, openPage, setup, tooltipOf } from "./helpers.mjs";

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
  test("lands on the same section in the other tier", async () => {
    const page = await openPage(ctx, "/insulin-resistance/fundamentals/");
    const sections = await page.locator('.tier-option[href*="/academic/"]').getAttribute("data-sections");
    // A section of this page that the academic page shares, not the first one.
    const ids = await page.$$eval(".prose h2[id]", (hs) => hs.map((h) => h.id));
    const shared = ids.filter((id) => sections.split(" ").includes(id));
    assert.ok(shared.length >= 2, `shared sections: ${shared}`);
    const id = shared[shared.length - 1];
    await page.locator(`#${id}`).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 10));
    // Scroll a little into the section, as a reader would.
    await page.mouse.wheel(0, 120);
    await page.waitForFunction((hid) => document.getElementById(hid).getBoundingClientRect().top < 0, id);
    await Promise.all([page.waitForURL(`**/insulin-resistance/academic/#${id}`), page.locator('.tier-option[href*="/academic/"]').click()]);
    const top = await page.locator(`#${id}`).evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 100, `heading #${id} near the top of the viewport (${top})`);
    await page.context().close();
  });

  test("keeps the plain link where the other tier lacks the section, and at the top of the page", async () => {
    const page = await openPage(ctx, "/insulin-resistance/intermediate/");
    const option = '.tier-option[href*="/fundamentals/"]';
    const sections = (await page.locator(option).getAttribute("data-sections")).split(" ");
    const ids = await page.$$eval(".prose h2[id], .prose h3[id]", (hs) => hs.map((h) => h.id));
    const own = ids.find((id) => !sections.includes(id));
    assert.ok(own, "the intermediate page has a section the fundamentals page lacks");
    // At the top: no section yet.
    await Promise.all([page.waitForURL(/\/insulin-resistance\/fundamentals\/$/), page.locator(option).click()]);
    await page.goBack();
    await page.locator(`#${own}`).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + scrollY + 5));
    await Promise.all([page.waitForURL(/\/insulin-resistance\/fundamentals\/$/), page.locator(option).click()]);
    await page.context().close();
  });
});

describe("layout", () => {
  for (const path of ["/", "/insulin-resistance/intermediate/", "/insulin-resistance/academic/", "/glossary/", "/about/"]) {
    test(`no horizontal scroll at 320 px: ${path}`, async () => {
      const page = await openPage(ctx, path, { viewport: { width: 320, height: 640 } });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `scrollWidth ${scrollWidth} > ${clientWidth}`);
      await page.context().close();
    });
  }

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
