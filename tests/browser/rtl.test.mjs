// A right-to-left site (tests/fixtures/i18n/arabic, `language: ar`): the page
// is mirrored — on a wide screen the outline sits left of the text, a tooltip
// starts at its term's right edge — but code is not: a block keeps its indentation
// on the left and inline code its punctuation at the end; nothing scrolls sideways at 320 px, the
// search panel stays in the viewport, the result count takes Arabic's plural
// forms (six of them) by the browser's rules, and axe-core finds nothing.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axe, describeViolations, openPage, setup, tabTo, typeSearch } from "./helpers.mjs";

const PAGE = "/alkhaliya/asasiyat/";
const TERM = '.prose a.term[href$="#khaliya"]';

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/i18n/arabic" });
});
after(async () => {
  await ctx?.close();
});

const box = (page, css) => page.locator(css).first().evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
});

test("on a wide screen the outline is left of the text, and the page reads from the right", async () => {
  const page = await openPage(ctx, PAGE, { viewport: { width: 1400, height: 900 } });
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).direction), "rtl");
  const toc = await box(page, ".toc");
  const prose = await box(page, ".prose");
  assert.ok(toc.right <= prose.left, `outline ${toc.left}–${toc.right}, text ${prose.left}–${prose.right}`);
  // A heading starts at the column's right edge.
  const heading = await page.locator(".prose h2").first().evaluate((h) => {
    const range = document.createRange();
    range.selectNodeContents(h.firstChild);
    return { text: range.getBoundingClientRect().toJSON(), block: h.getBoundingClientRect().toJSON() };
  });
  assert.ok(Math.abs(heading.text.right - heading.block.right) < 2, `heading text ends at ${heading.text.right}, its box at ${heading.block.right}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a tooltip opens at its term's right edge, inside the viewport", async () => {
  const page = await openPage(ctx, PAGE, { viewport: { width: 1280, height: 800 } });
  await tabTo(page, TERM);
  const tip = page.locator(`#${await page.locator(TERM).getAttribute("aria-describedby")}`);
  await tip.waitFor({ state: "visible" });
  const term = await box(page, TERM);
  const t = await tip.evaluate((e) => e.getBoundingClientRect().toJSON());
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  assert.ok(t.left >= 0 && t.right <= width, `tooltip ${t.left}–${t.right} in 0–${width}`);
  assert.ok(Math.abs(t.right - term.right) <= 1, `tooltip's right edge ${t.right} at the term's ${term.right}`);
  await page.context().close();
});

test("at 320 px nothing scrolls sideways, with a tooltip or the search panel open", async () => {
  const page = await openPage(ctx, PAGE, { viewport: { width: 320, height: 640 } });
  const sideways = () => page.evaluate(() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await sideways(), 0);
  await tabTo(page, TERM);
  const tip = page.locator(`#${await page.locator(TERM).getAttribute("aria-describedby")}`);
  await tip.waitFor({ state: "visible" });
  const t = await tip.evaluate((e) => e.getBoundingClientRect().toJSON());
  assert.ok(t.left >= 0 && t.right <= 320, `tooltip ${t.left}–${t.right}`);
  await page.keyboard.press("Escape");
  await typeSearch(page, "الخلية");
  const panel = await box(page, ".search-panel");
  assert.ok(panel.left >= 0 && panel.right <= 320, `panel ${panel.left}–${panel.right}`);
  assert.equal(await sideways(), 0);
  await page.context().close();
});

test("the result count takes the Arabic form for its number", async () => {
  const page = await openPage(ctx, PAGE);
  assert.equal(await page.locator("#site-search-input").getAttribute("placeholder"), "بحث");
  await typeSearch(page, "الخلية");
  const n = await page.locator('#site-search-results [role="option"]').count();
  const forms = { zero: "لا نتائج", one: "نتيجة واحدة", two: "نتيجتان", few: `${n} نتائج`, many: `${n} نتيجة`, other: `${n} نتيجة` };
  const category = await page.evaluate((count) => new Intl.PluralRules("ar").select(count), n);
  assert.ok(n > 2, `${n} results`);
  assert.equal(await page.locator(".search-note").innerText(), forms[category]);
  await page.context().close();
});

test("axe finds nothing on the right-to-left page", async () => {
  const page = await openPage(ctx, PAGE);
  const violations = await axe(page);
  assert.deepEqual(violations, [], describeViolations(violations));
  await page.context().close();
});

test("code reads left to right on a right-to-left page, in a block and inline", async () => {
  const page = await openPage(ctx, "/alkhaliya/mutawassit/", { viewport: { width: 1000, height: 900 } });
  const code = await page.evaluate(() => {
    const pre = document.querySelector(".prose pre");
    const lines = pre.querySelector("code");
    // The first character of each line, against the block's left edge.
    const starts = [];
    const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
    const text = lines.textContent;
    const at = (offset) => {
      let seen = 0;
      for (let n = walker.currentNode = lines; (n = walker.nextNode()); ) {
        if (seen + n.length > offset) {
          const r = document.createRange();
          r.setStart(n, offset - seen);
          r.setEnd(n, offset - seen + 1);
          return r.getBoundingClientRect();
        }
        seen += n.length;
      }
      return null;
    };
    const second = text.indexOf("return");
    const inline = document.querySelector(".prose p code");
    const r = document.createRange();
    r.selectNodeContents(inline);
    const rects = [...r.getClientRects()];
    const semicolon = document.createRange();
    const node = inline.firstChild;
    semicolon.setStart(node, node.length - 1);
    semicolon.setEnd(node, node.length);
    return {
      direction: getComputedStyle(pre).direction,
      inlineDirection: getComputedStyle(inline).direction,
      blockLeft: pre.getBoundingClientRect().left + parseFloat(getComputedStyle(pre).paddingLeft),
      first: at(0).left,
      second: at(second).left,
      inlineRight: Math.max(...rects.map((x) => x.right)),
      semicolonRight: semicolon.getBoundingClientRect().right,
    };
  });
  assert.equal(code.direction, "ltr");
  assert.equal(code.inlineDirection, "ltr");
  assert.ok(Math.abs(code.first - code.blockLeft) < 2, `"def" starts at ${code.first}, the block's text at ${code.blockLeft}`);
  assert.ok(code.second > code.first + 10, `"return" (indented) starts at ${code.second}, "def" at ${code.first}`);
  assert.ok(Math.abs(code.semicolonRight - code.inlineRight) < 2, `the ";" of inline code ends at ${code.semicolonRight}, the code at ${code.inlineRight}`);
  await page.context().close();
});
