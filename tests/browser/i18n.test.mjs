// The script's words in the site's language (tests/fixtures/i18n/german, served
// under /zellen/ as its base_url says): the search box's labels and messages,
// with the result count's plural form chosen by the browser's rules for the
// page's lang; a German word that English drops as a stop word found by search;
// the toggletip's link on touch; and axe-core on the German page with the
// results open. The HTML Strata writes is checked in tests/i18n.rs.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axe, describeViolations, openPage, setup, typeSearch } from "./helpers.mjs";

const INPUT = "#site-search-input";
const PAGE = "/zellen/zelle/grundlagen/";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/i18n/german", path: "/zellen/" });
});
after(async () => {
  await ctx?.close();
});

const note = (page) => page.locator(".search-note").innerText();
const options = (page) => page.locator('#site-search-results [role="option"]').count();

test("the search box is labelled in German", async () => {
  const page = await openPage(ctx, PAGE);
  const input = page.locator(INPUT);
  await input.waitFor();
  assert.equal(await input.getAttribute("placeholder"), "Suche");
  assert.equal(await page.locator('label[for="site-search-input"]').innerText(), "Website durchsuchen");
  assert.equal(await page.locator("#site-search-tier option").first().innerText(), "Alle Stufen");
  assert.equal(await page.locator("#site-search-results").getAttribute("aria-label"), "Suchergebnisse");
  assert.equal(await page.locator("form.search-form").getAttribute("aria-label"), "Website");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("result counts take the German singular and plural, and no result says so in German", async () => {
  const page = await openPage(ctx, PAGE);
  // "Methoden" is one section's heading; "Zelle" is everywhere.
  await typeSearch(page, "methoden");
  assert.equal(await options(page), 1);
  assert.equal(await note(page), "1 Ergebnis");
  await typeSearch(page, "zelle");
  const n = await options(page);
  assert.ok(n > 1, `${n} results`);
  assert.equal(await note(page), `${n} Ergebnisse`);
  const groups = await page.locator(".search-group-label").allTextContents();
  assert.ok(groups.includes("Glossar") && groups.includes("Sonstiges"), groups.join(", "));
  await typeSearch(page, "xyzzy");
  assert.equal(await note(page), "Keine Ergebnisse für „xyzzy“.");
  // With a depth chosen, the messages name it.
  await page.locator("#site-search-tier").selectOption({ label: "Wissenschaft" });
  await page.waitForFunction(() => /Wissenschaft/.test(document.querySelector(".search-note").textContent));
  assert.equal(await note(page), "Keine Ergebnisse für „xyzzy“ auf der Stufe Wissenschaft.");
  await typeSearch(page, "methoden");
  assert.equal(await note(page), "1 Ergebnis auf der Stufe Wissenschaft");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a German word that English drops as a stop word is found as a whole word", async () => {
  const page = await openPage(ctx, PAGE);
  // The space makes "was" a complete word; on an English site it would be dropped
  // and the query left empty.
  await typeSearch(page, "was ");
  const titles = await page.locator("#site-search-results .search-option-title").allInnerTexts();
  assert.ok(titles.includes("Was eine Zelle braucht"), titles.join(" | "));
  await page.context().close();
});

test("on touch the toggletip offers the glossary in German", async () => {
  const page = await openPage(ctx, PAGE, { viewport: { width: 390, height: 780 }, hasTouch: true, isMobile: true });
  const trigger = page.locator('.prose a.term[href$="#zelle"]').first();
  await trigger.tap();
  const more = page.locator(".tooltip a.tooltip-more");
  await more.waitFor();
  assert.equal(await more.innerText(), "Mehr dazu im Glossar");
  await page.context().close();
});

test("axe finds nothing on the German page with the search results open", async () => {
  const page = await openPage(ctx, PAGE);
  await typeSearch(page, "zelle");
  const violations = await axe(page);
  assert.deepEqual(violations, [], describeViolations(violations));
  await page.context().close();
});
