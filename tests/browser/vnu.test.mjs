// The Nu HTML checker (vnu-jar from npm, on the installed Java) on every page of
// the bundled site, on the DOM of a page with the search box open (the markup
// strata.js builds), and on every page of tests/fixtures/math/formulas (MathML
// in prose, a display formula, a table and glossary tooltips) and of
// tests/fixtures/redirects/moved (the redirect pages of aliases among them) and
// of tests/fixtures/images/sizes (sized images and figures with captions) and
// of tests/fixtures/i18n/german (the script's words in a JSON block) and
// tests/fixtures/i18n/arabic (right to left) and of tests/fixtures/tags/basic (the
// tags page, each tag's page, tag lists on topic and tier pages) and of
// tests/fixtures/languages/basic (English and French, the language switcher and
// hreflang links on every page) and of tests/fixtures/shortcodes/basic (the site's
// own shortcodes, alone in a paragraph, with a body and inside a sentence), with
// --errors-only: it must print nothing and
// exit 0 — but for one message, below.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildSite, openPage, setup } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");

// math-core writes MathML Core, which browsers implement: there `displaystyle` and
// `scriptlevel` are attributes of every MathML element (\tfrac gives
// <mfrac displaystyle="false">, a numbered equation <mtable scriptlevel="0">); the
// checker's MathML 3 schema allows them on a few elements only. Exactly these two
// messages are let through, on MathML elements; anything else fails the test.
const MATHML_ELEMENTS = "math|mrow|mfrac|msqrt|mroot|mstyle|merror|mpadded|mphantom|msub|msup|msubsup|munder|mover|munderover|mmultiscripts|mtable|mtr|mtd|mi|mn|mo|mtext|mspace|ms|semantics";
const MATHML_CORE_ONLY = new RegExp(
  `: error: Attribute “(displaystyle|scriptlevel)” not allowed on element “(${MATHML_ELEMENTS})” at this point\\.$`,
);

let ctx;
let math;
let moved;
let images;
let german;
let arabic;
let tags;
let languages;
let shortcodes;
before(async () => {
  ctx = await setup();
  math = buildSite({ root: "tests/fixtures/math/formulas" });
  moved = buildSite({ root: "tests/fixtures/redirects/moved" });
  images = buildSite({ root: "tests/fixtures/images/sizes" });
  german = buildSite({ root: "tests/fixtures/i18n/german" });
  arabic = buildSite({ root: "tests/fixtures/i18n/arabic" });
  tags = buildSite({ root: "tests/fixtures/tags/basic" });
  languages = buildSite({ root: "tests/fixtures/languages/basic" });
  shortcodes = buildSite({ root: "tests/fixtures/shortcodes/basic" });
});
after(async () => {
  await ctx?.close();
  for (const built of [math, moved, images, german, arabic, tags, languages, shortcodes]) if (built) rmSync(built.tmp, { recursive: true, force: true });
});

test("the Nu HTML checker reports no errors on the built site, the live search box, the math fixture, redirect pages nor figures", async () => {
  // The page as the script leaves it with results open and one chosen.
  const page = await openPage(ctx, "/insulin-resistance/academic/");
  await page.locator("#site-search-input").click();
  await page.keyboard.type("insulin");
  await page.waitForFunction(() => document.getElementById("site-search-results")?.getAttribute("data-query") === "insulin");
  await page.keyboard.press("ArrowDown");
  const dom = await page.evaluate(() => "<!DOCTYPE html>\n" + document.documentElement.outerHTML);
  await page.context().close();
  assert.match(dom, /role="combobox"/);
  const live = join(ctx.root, "__live-dom");
  mkdirSync(live);
  writeFileSync(join(live, "search-open.html"), dom);

  const java = spawnSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", ctx.root, math.out, moved.out, images.out, german.out, arabic.out, tags.out, languages.out, shortcodes.out], {
    encoding: "utf8",
    timeout: 120000,
  });
  assert.equal(java.error, undefined, `could not run java (${java.error}); install a Java runtime: apt-get install -y default-jre-headless`);
  const lines = (java.stdout + java.stderr).split("\n").filter((l) => l.trim());
  const allowed = lines.filter((l) => MATHML_CORE_ONLY.test(l));
  const output = lines.filter((l) => !allowed.includes(l)).join("\n");
  assert.equal(output, "", output);
  assert.equal(java.status, allowed.length ? 1 : 0);
});
