// The Nu HTML checker (vnu-jar from npm, on the installed Java) on every page of
// the bundled site, and on the DOM of a page with the search box open (the
// markup strata.js builds), with --errors-only: it must print nothing and exit 0.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openPage, setup } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");

let ctx;
before(async () => {
  ctx = await setup();
});
after(async () => {
  await ctx?.close();
});

test("the Nu HTML checker reports no errors on the built site nor on the live search box", async () => {
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

  const java = spawnSync("java", ["-jar", VNU, "--errors-only", "--skip-non-html", ctx.root], {
    encoding: "utf8",
    timeout: 120000,
  });
  assert.equal(java.error, undefined, `could not run java (${java.error}); install a Java runtime: apt-get install -y default-jre-headless`);
  const output = (java.stdout + java.stderr).trim();
  assert.equal(output, "", output);
  assert.equal(java.status, 0);
});
