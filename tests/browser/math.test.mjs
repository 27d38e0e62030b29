// Mathematics on tests/fixtures/math/formulas, as Chromium shows it: the MathML
// is really typeset (every formula has a box, a fraction's numerator sits above
// its denominator, a superscript is raised); a display formula wider than the
// column scrolls on its own, not the page, at 320 px and at 200 % zoom, and is
// reached with Tab, shows a focus ring and scrolls with the arrow keys; axe
// finds nothing in light or dark mode, and formula glyphs have 4.5:1 contrast
// (axe files a too-faint one-character token, <mi>v</mi>, as "incomplete"); a
// glossary tooltip shows its definition's formula and holds nothing focusable.
// The Nu HTML checker validates this fixture's pages in vnu.test.mjs.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axe, describeViolations, openPage, setup, tabTo, tooltipOf } from "./helpers.mjs";

const PAGE = "/energy/fundamentals/"; // pinned by tests/math.rs's snapshot
const WIDE = "/energy/intermediate/"; // a display formula wider than any column
const NUMBERED = "/energy/academic/"; // numbered equations and \eqref links
const KINETIC = '.prose a.term[href$="#kinetic-energy"] >> nth=0';

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/math/formulas" });
});
after(async () => {
  await ctx?.close();
});

describe("typesetting", () => {
  test("every formula has a box; a fraction stacks and a superscript is raised", async () => {
    const page = await openPage(ctx, PAGE);
    const r = await page.evaluate(() => {
      const box = (e) => e.getBoundingClientRect().toJSON();
      // Formulas in closed tooltips are not rendered; the tooltip test opens one.
      const shown = [...document.querySelectorAll("math")].filter((m) => !m.closest("[role=tooltip]"));
      const display = document.querySelector(".math-display > math[display=block]");
      const frac = display.querySelector("mfrac");
      const sup = display.querySelector("msup");
      // The display formula's ink, against the column it is set in.
      const column = box(display.parentElement);
      const ink = box(display.firstElementChild);
      return {
        left: ink.left - column.left,
        right: column.right - ink.right,
        count: shown.length,
        empty: shown.filter((m) => !(box(m).width > 0 && box(m).height > 0)).map((m) => m.textContent),
        num: box(frac.children[0]),
        den: box(frac.children[1]),
        base: box(sup.children[0]),
        script: box(sup.children[1]),
      };
    });
    assert.ok(r.count >= 15, `${r.count} formulas`);
    assert.deepEqual(r.empty, [], "formulas without a box");
    const frac = `numerator ${JSON.stringify(r.num)}, denominator ${JSON.stringify(r.den)}`;
    assert.ok(r.num.bottom <= r.den.top, `numerator above the denominator: ${frac}`);
    assert.ok(r.num.left < r.den.right && r.den.left < r.num.right, `one over the other, not side by side: ${frac}`);
    const sup = `base ${JSON.stringify(r.base)}, superscript ${JSON.stringify(r.script)}`;
    assert.ok(r.script.top < r.base.top, `superscript starts above its base: ${sup}`);
    assert.ok(r.script.bottom < r.base.bottom, `superscript raised off the baseline: ${sup}`);
    assert.ok(r.script.left >= r.base.right - 1, `superscript to the right of its base: ${sup}`);
    assert.ok(r.left > 50 && Math.abs(r.left - r.right) <= 4, `a display formula is centred: ${r.left} px left, ${r.right} px right`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe("a display formula wider than the column", () => {
  for (const [label, options] of [
    ["320 px wide", { viewport: { width: 320, height: 640 } }],
    ["200 % zoom (1280×720 at 2×)", { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }],
  ]) {
    test(`at ${label} it scrolls, not the page, and is reached, shown and scrolled with the keyboard`, async () => {
      const page = await openPage(ctx, WIDE, options);
      const pageScroll = () =>
        page.evaluate(() => {
          const s = document.scrollingElement;
          return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth, scrollX: window.scrollX };
        });
      let p = await pageScroll();
      assert.ok(p.scrollWidth <= p.clientWidth, `no horizontal scroll: ${JSON.stringify(p)}`);

      const wide = page.locator(".math-display");
      assert.equal(await wide.count(), 1);
      const w = await wide.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        right: el.getBoundingClientRect().right,
        vw: document.documentElement.clientWidth,
      }));
      assert.ok(w.scrollWidth > w.clientWidth, `the formula overflows its wrapper: ${JSON.stringify(w)}`);
      assert.ok(w.right <= w.vw, `the wrapper fits the viewport: ${JSON.stringify(w)}`);

      await tabTo(page, ".math-display");
      assert.equal(await wide.evaluate((el) => el === document.activeElement), true, "Tab reaches the formula");
      const ring = await wide.evaluate((el) => {
        const s = getComputedStyle(el);
        return { focusVisible: el.matches(":focus-visible"), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      assert.equal(ring.focusVisible, true);
      assert.notEqual(ring.style, "none", "a focus ring");
      assert.ok(ring.width >= 2, `ring width ${ring.width}`);

      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      const scrolled = await page.waitForFunction(() => document.querySelector(".math-display").scrollLeft > 0).then(
        () => true,
        () => false,
      );
      assert.ok(scrolled, "ArrowRight scrolls the formula");
      p = await pageScroll();
      assert.equal(p.scrollX, 0, "the page itself did not scroll sideways");

      // The page pinned by the snapshot has no sideways scroll either.
      await page.goto(ctx.base + PAGE);
      p = await pageScroll();
      assert.ok(p.scrollWidth <= p.clientWidth, `${PAGE}: no horizontal scroll: ${JSON.stringify(p)}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
});

describe("accessibility", () => {
  test("axe finds no violations, light and dark, and formula glyphs have 4.5:1 contrast", async () => {
    for (const colorScheme of ["light", "dark"]) {
      for (const path of [PAGE, WIDE, NUMBERED]) {
        const page = await openPage(ctx, path, { colorScheme });
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${path}, ${colorScheme}:\n${describeViolations(violations)}`);
        // axe files a too-faint one-character token (<mi>v</mi>, <mn>2</mn>: most
        // of a formula) as "incomplete", not as a violation, so measure them here.
        const low = await page.evaluate(() => {
          // Any CSS colour (rgb(), color(srgb …) from color-mix()) as 0–255 RGB and 0–1 alpha.
          const pixel = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
          const rgb = (c) => {
            pixel.clearRect(0, 0, 1, 1);
            pixel.fillStyle = c;
            pixel.fillRect(0, 0, 1, 1);
            const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
            return [r, g, b, a / 255];
          };
          const lum = ([r, g, b]) => {
            const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          // The backgrounds behind an element, translucent ones (table stripes)
          // laid over the first opaque one.
          const background = (el) => {
            const layers = [];
            for (let e = el; e; e = e.parentElement) {
              const [r, g, b, a] = rgb(getComputedStyle(e).backgroundColor);
              if (a > 0) layers.push([r, g, b, a]);
              if (a === 1) break;
            }
            return layers.reduceRight((under, [r, g, b, a]) => [r, g, b].map((v, i) => v * a + under[i] * (1 - a)), [255, 255, 255]);
          };
          const out = [];
          for (const el of document.querySelectorAll("math *")) {
            const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
            if (!text || el.getClientRects().length === 0) continue; // annotations, closed tooltips
            const under = background(el);
            const [r, g, bl, alpha] = rgb(getComputedStyle(el).color);
            const a = lum([r, g, bl].map((v, i) => v * alpha + under[i] * (1 - alpha)));
            const b = lum(under);
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < 4.5) out.push(`<${el.localName}>${el.textContent}: ${ratio.toFixed(2)}`);
          }
          return out;
        });
        assert.deepEqual(low, [], `${path}, ${colorScheme}: glyphs under 4.5:1`);
        await page.context().close();
      }
    }
  });

  test("focusing a term shows its definition's formula in the tooltip, which holds nothing focusable", async () => {
    const page = await openPage(ctx, PAGE);
    const tip = await tooltipOf(page, KINETIC);
    assert.equal(await tip.isVisible(), false, "hidden before focus");
    await tabTo(page, KINETIC);
    await tip.waitFor({ state: "visible", timeout: 500 });
    const r = await tip.evaluate((t) => {
      const box = (e) => e.getBoundingClientRect().toJSON();
      const maths = [...t.querySelectorAll("math")];
      const frac = t.querySelector("mfrac");
      return {
        sources: maths.map((m) => m.textContent),
        annotations: t.querySelectorAll("annotation").length,
        boxes: maths.map(box),
        num: box(frac.children[0]),
        den: box(frac.children[1]),
        // Every element, MathML included, by the browser's own tab order.
        focusable: [...t.querySelectorAll("*")].filter((e) => e.tabIndex >= 0).map((e) => e.outerHTML),
      };
    });
    assert.equal(r.sources[0], "Ek=12mv2");
    assert.equal(r.annotations, 0, "no TeX annotation in a tooltip");
    // What a screen reader announces for the term: the definition, each formula once
    // (a hidden annotation would be read out after it).
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const term = nodes.find((n) => n.role?.value === "link" && n.name?.value === "kinetic energy");
    // (Chromium names the italic identifiers by their mathematical letters, 𝑚 for m.)
    assert.equal(term?.description?.value.normalize("NFKC"), "The energy of motion, E k = 1 2 m v 2 for a mass m at speed v .");
    for (const [i, b] of r.boxes.entries()) assert.ok(b.width > 0 && b.height > 0, `formula ${r.sources[i]}: ${JSON.stringify(b)}`);
    assert.ok(r.num.bottom <= r.den.top, `the fraction is stacked: ${JSON.stringify(r)}`);
    assert.deepEqual(r.focusable, [], "focusable elements in the tooltip");
    // Tab leaves the term for the next control, not for something in the tooltip.
    await page.keyboard.press("Tab");
    assert.equal(await tip.evaluate((t) => t.contains(document.activeElement)), false, "focus went into the tooltip");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
