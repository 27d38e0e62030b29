// Code blocks and task lists on tests/fixtures/code/blocks: highlighted Rust,
// Python and JavaScript (comments, parameters, types, numbers, strings) must pass
// axe's color-contrast in light and in dark mode; a block wider than the page must
// be reachable and scrollable with the keyboard, with a visible focus ring; and
// task-list checkboxes must have an accessible name.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axe, describeViolations, openPage, setup } from "./helpers.mjs";

const PAGE = "/code/fundamentals/";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/code/blocks" });
});
after(async () => {
  await ctx?.close();
});

describe("highlighted code", () => {
  test("every token has enough contrast, light and dark (axe color-contrast)", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, PAGE, { colorScheme });
      // The page really has the token kinds the audit found too faint.
      for (const cls of ["hl-comment", "hl-variable.hl-parameter", "hl-storage.hl-type", "hl-constant.hl-numeric", "hl-string"]) {
        assert.ok((await page.locator(`pre.highlight .${cls}`).count()) > 0, `${cls} present`);
      }
      for (const lang of ["rust", "python", "js"]) {
        assert.equal(await page.locator(`pre.highlight[data-lang=${lang}]`).count(), 1, lang);
      }
      const violations = (await axe(page, ["wcag2aa"])).filter((v) => v.id === "color-contrast");
      assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
      await page.context().close();
    }
  });

  test("no light-mode colour applies in dark mode", async () => {
    const colours = {};
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, PAGE, { colorScheme });
      colours[colorScheme] = await page.$$eval("pre.highlight[data-lang=rust] span[class]", (spans) =>
        spans.map((s) => `${s.className}=${getComputedStyle(s).color}`),
      );
      await page.context().close();
    }
    // A parameter is #323232 in the light theme; dark mode must not inherit it.
    const dark = colours.dark.filter((c) => c.startsWith("hl-variable hl-parameter"));
    assert.ok(dark.length > 0);
    for (const c of dark) assert.ok(!c.endsWith("rgb(50, 50, 50)"), c);
  });

  test("the whole page has no axe violations, light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, PAGE, { colorScheme });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  });
});

describe("keyboard and forms", () => {
  test("a code block wider than the page is focusable, shows focus and scrolls with the arrow keys", async () => {
    const page = await openPage(ctx, PAGE);
    const wide = page.locator("pre.code:not(.highlight)");
    const [scrollWidth, clientWidth] = await wide.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(scrollWidth > clientWidth, "the block overflows");
    const violations = (await axe(page, ["wcag2a"])).filter((v) => v.id === "scrollable-region-focusable");
    assert.equal(violations.length, 0, describeViolations(violations));
    // Tab from the focusable element before it lands on it.
    await wide.evaluate((el) => {
      const all = [...document.querySelectorAll("a[href], [tabindex]")].filter((e) => e.tabIndex >= 0);
      all[all.indexOf(el) - 1].focus();
    });
    await page.keyboard.press("Tab");
    assert.equal(await wide.evaluate((el) => el === document.activeElement), true, "Tab reaches the block");
    const outline = await wide.evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.outlineStyle, parseFloat(s.outlineWidth)];
    });
    assert.notEqual(outline[0], "none", "a focus ring");
    assert.ok(outline[1] >= 2, `ring width ${outline[1]}`);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector("pre.code:not(.highlight)").scrollLeft > 0);
    await page.context().close();
  });

  test("task-list checkboxes are named after their items (axe label)", async () => {
    const page = await openPage(ctx, PAGE);
    const boxes = page.locator(".prose input[type=checkbox]");
    assert.equal(await boxes.count(), 2);
    assert.equal(await page.getByRole("checkbox", { name: "Write the examples" }).isChecked(), true);
    assert.equal(await page.getByRole("checkbox", { name: "Check their colours" }).isChecked(), false);
    const violations = (await axe(page, ["wcag2a"])).filter((v) => v.id === "label");
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.context().close();
  });
});
