// The search box: results grouped by tier from the static index in search/,
// the tier filter, the keyboard (combobox + listbox), what the page fetches (and
// how much, on a generated site of a thousand pages), axe-core with the results
// open, a site built for a subpath, and the link to the glossary that stands in
// for it without JavaScript.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { axe, describeViolations, openPage, setup } from "./helpers.mjs";

const INPUT = "#site-search-input";
const OPTIONS = '#site-search-results [role="option"]';

let ctx;
let meta;
before(async () => {
  ctx = await setup();
  meta = JSON.parse(readFileSync(join(ctx.root, "search", "meta.json"), "utf8"));
});
after(async () => {
  await ctx?.close();
});

/** Types `query` into the search box and waits for its results (or "no results"). */
async function search(page, query) {
  await page.locator(INPUT).click();
  await page.locator(INPUT).fill("");
  await page.keyboard.type(query, { delay: 20 });
  await settled(page, query);
}

/** Waits until the results shown are those of `query` (the listbox says which). */
function settled(page, query) {
  return page.waitForFunction((q) => {
    const list = document.getElementById("site-search-results");
    const input = document.getElementById("site-search-input");
    return input.value === q && list.getAttribute("data-query") === q && !list.hasAttribute("aria-busy") &&
      input.getAttribute("aria-expanded") === "true";
  }, query);
}

/** The shown results: [{group, title, url, selected}] in order. */
function results(page) {
  return page.$$eval('#site-search-results [role="group"]', (groups) =>
    groups.flatMap((g) =>
      [...g.querySelectorAll('[role="option"]')].map((o) => ({
        group: document.getElementById(g.getAttribute("aria-labelledby")).textContent,
        title: o.querySelector(".search-option-title").textContent,
        url: o.getAttribute("data-url"),
        selected: o.getAttribute("aria-selected"),
      })),
    ),
  );
}

/** The search files the page requested, as paths below /search/. */
function recordSearchRequests(page, prefix = "/search/") {
  const seen = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(prefix)) seen.push(path.slice(prefix.length));
  });
  return seen;
}

describe("search box", () => {
  test("results for a term, grouped by tier, from the right tiers", async () => {
    const page = await openPage(ctx, "/insulin-resistance/fundamentals/");
    assert.equal(await page.locator(".search-fallback").count(), 0, "the search box replaces the fallback link");
    await search(page, "insulin");
    const hits = await results(page);
    assert.ok(hits.length > 5 && hits.length <= 20, `${hits.length} results`);
    // Groups in reading order: every tier, then the glossary.
    const groups = [...new Set(hits.map((h) => h.group))];
    assert.deepEqual(groups.slice(0, 4), [...meta.tiers, "Glossary"]);
    // Each tier's group holds that tier's pages, and the glossary group terms.
    const TIER_PATHS = ["/fundamentals/", "/intermediate/", "/academic/"];
    for (const h of hits) {
      const t = meta.tiers.indexOf(h.group);
      if (t >= 0) assert.ok(h.url.includes(TIER_PATHS[t]), `${h.group}: ${h.url}`);
      if (h.group === "Glossary") assert.match(h.url, /^\/glossary\/#/);
      if (h.group !== "Glossary") assert.match(h.title, /insulin/i); // terms match by alias too
    }
    assert.ok(hits.some((h) => h.url === "/glossary/#insulin"), "the glossary entry itself");
    assert.ok(hits.some((h) => h.url === "/insulin-resistance/academic/#insulin-signaling"));
    // Matched words are marked, and the count is announced politely.
    const marked = await page.$$eval(OPTIONS, (os) => os.filter((o) => o.querySelector(".search-option-title mark")).length);
    assert.ok(marked >= hits.filter((h) => h.group !== "Glossary").length, `${marked} titles marked`);
    await page.waitForFunction(() => /\d+ results?/.test(document.querySelector('.site-search [role="status"]').textContent));
    assert.equal(await page.locator('.site-search [role="status"]').getAttribute("aria-live"), "polite");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("AND across words, prefix on the last word, accents and case folded", async () => {
    const page = await openPage(ctx, "/");
    await search(page, "GLYCÉMIC ind");
    const hits = await results(page);
    assert.ok(hits.length >= 2, JSON.stringify(hits));
    assert.ok(hits.some((h) => h.url === "/glossary/#glycemic-index"));
    assert.ok(hits.some((h) => h.url === "/insulin-resistance/intermediate/#glycemic-index"));
    for (const h of hits) assert.match(h.title.toLowerCase(), /glycemic.*\bind/);
    // A word that occurs nowhere empties the results.
    await search(page, "insulin zzzz");
    assert.equal(await page.locator(OPTIONS).count(), 0);
    assert.match(await page.locator("#site-search-note").textContent(), /No results/);
    await page.context().close();
  });

  test("fetches only the buckets of the query's words and the record files of its results", async () => {
    const page = await openPage(ctx, "/insulin-resistance/academic/");
    const seen = recordSearchRequests(page);
    await search(page, "sleep deprivation");
    const urls = (await results(page)).map((h) => h.url);
    assert.ok(urls.length > 0);
    const buckets = seen.filter((p) => p.startsWith("t/")).sort();
    assert.deepEqual(buckets, ["t/de.json", "t/sl.json"]);
    assert.ok(meta.buckets.length > 20, `the index has ${meta.buckets.length} buckets`);
    // Any record file fetched holds a result shown (the others came with the buckets).
    for (const p of seen.filter((p) => !p.startsWith("t/") && p !== "meta.json")) {
      assert.match(p, /^e\/\d+\.json$/);
      const rows = JSON.parse(readFileSync(join(ctx.root, "search", p), "utf8"));
      assert.ok(rows.some((r) => urls.includes(r[1])), `${p} holds no result shown`);
    }
    assert.ok(seen.includes("meta.json"));
    // Each file once: typing more of a word or searching again refetches nothing.
    await search(page, "sleep");
    await search(page, "sleep deprivation");
    assert.equal(seen.length, new Set(seen).size, seen.join(" "));
    await page.context().close();
  });

  test("the tier filter keeps one tier's results", async () => {
    const page = await openPage(ctx, "/insulin-resistance/intermediate/");
    await search(page, "insulin");
    const academic = meta.tiers.indexOf("Academic");
    const options = await page.locator("#site-search-tier option").allTextContents();
    assert.deepEqual(options, ["All depths", ...meta.tiers]);
    await page.locator("#site-search-tier").selectOption(String(academic));
    await page.waitForFunction(() => /Academic depth/.test(document.getElementById("site-search-note").textContent));
    const hits = await results(page);
    assert.ok(hits.length >= 3, JSON.stringify(hits));
    assert.deepEqual([...new Set(hits.map((h) => h.group))], ["Academic"]);
    for (const h of hits) assert.match(h.url, /^\/insulin-resistance\/academic\//);
    // The panel stays open while the filter has the focus.
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "true");
    await page.context().close();
  });

  test("keyboard: arrows choose, Enter follows to the section, Escape closes then clears", async () => {
    const page = await openPage(ctx, "/");
    await search(page, "ectopic");
    const hits = await results(page);
    const target = hits.findIndex((h) => h.url === "/insulin-resistance/academic/#ectopic-fat");
    assert.ok(target >= 0, JSON.stringify(hits));
    // Up from nothing wraps to the last; down from the last wraps to the first.
    await page.keyboard.press("ArrowUp");
    assert.equal((await results(page)).at(-1).selected, "true");
    await page.keyboard.press("ArrowDown");
    for (let i = 0; i < target; i++) await page.keyboard.press("ArrowDown");
    const active = await page.locator(INPUT).getAttribute("aria-activedescendant");
    assert.equal(await page.locator(`#${active}`).getAttribute("data-url"), "/insulin-resistance/academic/#ectopic-fat");
    assert.equal(await page.locator(`#${active}`).getAttribute("aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input", "focus stays in the field");
    // Escape closes and keeps the text; a second Escape empties the field.
    await page.keyboard.press("Escape");
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator(".search-panel").isHidden(), true);
    assert.equal(await page.locator(INPUT).inputValue(), "ectopic");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "true");
    for (let i = 0; i < target; i++) await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL("**/insulin-resistance/academic/#ectopic-fat"), page.keyboard.press("Enter")]);
    const top = await page.locator("#ectopic-fat").evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `the section's heading is at the top of the viewport (${top})`);
    // Back on the first page, a second Escape clears the field.
    await page.goto(ctx.base + "/");
    await search(page, "ectopic");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator(INPUT).inputValue(), "");
    await page.context().close();
  });

  test("keyboard only: filter with the select, then a section of this very page gets the focus", async () => {
    const page = await openPage(ctx, "/insulin-resistance/academic/");
    await search(page, "ectopic");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-tier");
    for (let i = 0; i < meta.tiers.indexOf("Academic") + 1; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator("#site-search-tier").inputValue(), String(meta.tiers.indexOf("Academic")));
    await page.waitForFunction(() => /Academic depth/.test(document.getElementById("site-search-note").textContent));
    await page.keyboard.press("Shift+Tab");
    await settled(page, "ectopic");
    const hits = await results(page);
    const target = hits.findIndex((h) => h.url.endsWith("/academic/#ectopic-fat"));
    assert.ok(target >= 0, JSON.stringify(hits));
    for (let i = 0; i <= target; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/insulin-resistance/academic/#ectopic-fat");
    await page.waitForFunction(() => document.activeElement.id === "ectopic-fat");
    const top = await page.locator("#ectopic-fat").evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `the section's heading is at the top of the viewport (${top})`);
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "false");
    await page.context().close();
  });

  test("Enter right after typing follows the best result; a click follows a result", async () => {
    const page = await openPage(ctx, "/about/");
    await page.locator(INPUT).click();
    await page.keyboard.type("hepatocyte");
    await Promise.all([page.waitForURL("**/glossary/#hepatocyte"), page.keyboard.press("Enter")]);
    await search(page, "adiponectin");
    await Promise.all([page.waitForURL("**/glossary/#adiponectin"), page.locator(OPTIONS).first().click()]);
    await page.context().close();
  });

  test("the results close when focus or a click goes elsewhere", async () => {
    const page = await openPage(ctx, "/");
    await search(page, "sleep");
    await page.mouse.click(5, 400);
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "false");
    await page.locator(INPUT).click();
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "true");
    // Tab goes through the filter and the panel's link, then out.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-tier");
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "true");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Browse the glossary");
    await page.keyboard.press("Tab");
    assert.equal(await page.locator(INPUT).getAttribute("aria-expanded"), "false");
    await page.context().close();
  });

  test("axe-core finds no violations with the results open, light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const page = await openPage(ctx, "/insulin-resistance/academic/", { colorScheme });
      await search(page, "insulin");
      await page.keyboard.press("ArrowDown");
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${colorScheme}:\n${describeViolations(violations)}`);
      await page.context().close();
    }
  });

  test("at 320 px the box and its results fit the viewport", async () => {
    const page = await openPage(ctx, "/insulin-resistance/fundamentals/", { viewport: { width: 320, height: 640 } });
    await search(page, "insulin");
    const box = await page.locator(".search-panel").boundingBox();
    const field = await page.locator(INPUT).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `panel ${JSON.stringify(box)}`);
    assert.ok(field.width >= 150, `field ${JSON.stringify(field)}`);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    assert.ok(scrollWidth <= clientWidth, `scrollWidth ${scrollWidth} > ${clientWidth}`);
    await page.context().close();
  });

  test("without JavaScript the header links to the glossary instead", async () => {
    const page = await openPage(ctx, "/insulin-resistance/fundamentals/", { javaScriptEnabled: false });
    const link = page.locator(".site-search a.search-fallback");
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute("href"), "/glossary/");
    assert.ok(await link.isVisible());
    assert.equal(await page.locator(INPUT).count(), 0);
    await page.context().close();
  });
});

describe("search under a subpath", () => {
  let sub;
  before(async () => {
    sub = await setup({ baseUrl: "https://example.org/guide/", path: "/guide/" });
  });
  after(async () => {
    await sub?.close();
  });

  test("fetches the index and links results below the base path", async () => {
    const page = await openPage(sub, "/guide/insulin-resistance/academic/");
    const all = [];
    page.on("request", (r) => all.push(new URL(r.url())));
    const seen = recordSearchRequests(page, "/guide/search/");
    await search(page, "ketogenic");
    const hits = await results(page);
    assert.ok(hits.length >= 2, JSON.stringify(hits));
    for (const h of hits) assert.match(h.url, /^\/guide\//);
    assert.deepEqual(seen.filter((p) => !p.startsWith("e/")).sort(), ["meta.json", "t/ke.json"]);
    assert.ok(all.every((u) => u.host === new URL(sub.base).host), "no request leaves the site");
    const glossary = hits.find((h) => h.group === "Glossary");
    await page.locator(`${OPTIONS}[data-url="${glossary.url}"]`).click();
    await page.waitForURL(`**${glossary.url}`);
    assert.equal(await page.locator("h1").textContent(), "Glossary");
    await page.context().close();
  });
});

// A site of 1,200 tier pages whose titles and headings draw on a small vocabulary,
// so that two common words occur together in a few hundred of its ~6,000 entries,
// spread over the whole index (as in ../shared/bench/gen_corpus.py's corpora).
function writeLargeSite(dir, topics = 400) {
  const words = ("weather pressure pattern variable signal growth market surface energy cell " +
    "model river climate theory number shape orbit plant motion memory").split(" ");
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (n) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]);
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  writeFileSync(join(dir, "site.yaml"), [
    'title: "Large"',
    'base_url: "/"',
    "tiers:",
    '  - { id: fundamentals, label: Fundamentals, summary: "Basics." }',
    '  - { id: intermediate, label: Intermediate, summary: "More." }',
    '  - { id: academic, label: Academic, summary: "Most." }',
    "",
  ].join("\n"));
  for (let t = 0; t < topics; t++) {
    const topic = join(dir, "content", `topic-${t}`);
    mkdirSync(topic, { recursive: true });
    writeFileSync(join(topic, "_topic.yaml"), `title: "${cap(pick(3).join(" "))} ${t}"\nsummary: "${cap(pick(12).join(" "))}."\n`);
    for (const tier of ["fundamentals", "intermediate", "academic"]) {
      const sections = Array.from({ length: 4 }, (_, i) => `## ${cap(pick(3).join(" "))} ${i}\n\n${cap(pick(30).join(" "))}.\n`);
      writeFileSync(join(topic, `${tier}.md`),
        `---\ntitle: "${cap(pick(4).join(" "))}"\nsummary: "${cap(pick(20).join(" "))}."\n---\n\n${sections.join("\n")}`);
    }
  }
}

describe("search on a large site", () => {
  let large;
  let fixture;
  before(async () => {
    fixture = mkdtempSync(join(tmpdir(), "strata-large-"));
    writeLargeSite(fixture);
    large = await setup({ root: fixture });
  });
  after(async () => {
    await large?.close();
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  /** Types `query` and returns what the search fetched: [[path, bytes]]. */
  async function transfer(page, query) {
    const bodies = [];
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/search/")) bodies.push(r.body().then((b) => [path, b.length]));
    });
    await search(page, query);
    return Promise.all(bodies);
  }

  test("a two-word query transfers a few tens of kilobytes, whatever the index's size", async () => {
    const files = readdirSync(join(large.root, "search", "t")).length + readdirSync(join(large.root, "search", "e")).length;
    assert.ok(files > 25, `a large index: ${files} files`);
    for (const query of ["weather pressure", "pattern variable"]) {
      const page = await openPage(large, "/");
      const fetched = await transfer(page, query);
      const hits = await results(page);
      assert.equal(hits.length, 20, `${query}: ${hits.length} results`);
      for (const h of hits) assert.match(h.title.toLowerCase(), new RegExp(query.split(" ").join("|")));
      const bytes = fetched.reduce((sum, [, n]) => sum + n, 0);
      const list = fetched.map(([p, n]) => `${p} ${n}`).join("\n");
      // Before the record files were small and the buckets carried the postings'
      // tiers, this query fetched ~10 entry files of ~55 KB each.
      assert.ok(bytes < 60_000, `${query}: ${bytes} bytes in ${fetched.length} files\n${list}`);
      // meta.json, a bucket per word and at most one record file per result shown.
      assert.ok(fetched.length <= 3 + hits.length, `${query}: ${fetched.length} files\n${list}`);
      await page.context().close();
    }
  });

  test("a one-word query needs its bucket alone; the tier filter fetches only its tier's records", async () => {
    const page = await openPage(large, "/");
    const fetched = await transfer(page, "signal");
    assert.equal((await results(page)).length, 20);
    assert.deepEqual(fetched.map(([p]) => p).sort(), ["/search/meta.json", "/search/t/si.json"]);
    const academic = ["Fundamentals", "Intermediate", "Academic"].indexOf("Academic");
    const more = [];
    page.on("request", (r) => more.push(new URL(r.url()).pathname));
    await page.locator("#site-search-tier").selectOption(String(academic));
    await page.waitForFunction(() => /Academic depth/.test(document.getElementById("site-search-note").textContent));
    const hits = await results(page);
    assert.equal(hits.length, 20);
    for (const h of hits) assert.match(h.url, /\/academic\//);
    assert.ok(more.every((p) => /^\/search\/e\/\d+\.json$/.test(p)) && more.length <= 20, more.join(" "));
    await page.context().close();
  });
});

// The ranking itself is pinned in tests/search_relevance.rs, which reads the index
// as this script does; here the script, on the same fixture, must agree.
describe("search relevance in the browser", () => {
  let rel;
  before(async () => {
    rel = await setup({ root: "tests/fixtures/search/relevance" });
  });
  after(async () => {
    await rel?.close();
  });

  test("the term named by the word leads the glossary group; a shorter title leads its group", async () => {
    const page = await openPage(rel, "/");
    await search(page, "insulin ");
    const glossary = async () => (await results(page)).filter((h) => h.group === "Glossary").map((h) => h.title);
    assert.deepEqual(await glossary(), ["Insulin", "Insulin resistance", "Insulin sensitivity"]);
    // While the word is being typed, the words it begins count half: "Insulinoma"
    // comes after the terms that hold "insulin" itself.
    await search(page, "insulin");
    assert.deepEqual(await glossary(), ["Insulin", "Insulin resistance", "Insulin sensitivity", "Insulinoma"]);
    await search(page, "sleep ");
    const titles = (await results(page)).map((h) => h.title);
    const at = (t) => titles.indexOf(t);
    assert.ok(at("Sleep") >= 0 && at("Sleep") < at("How sleep shapes appetite and the hunger hormones"), titles.join(" | "));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("on an English site a word finds its plural, which is marked in the title", async () => {
    const page = await openPage(rel, "/");
    await search(page, "hormone ");
    const option = page.locator(OPTIONS, { hasText: "How sleep shapes appetite" });
    assert.equal(await option.count(), 1);
    assert.equal(await option.locator(".search-option-title mark").textContent(), "hormones");
    await search(page, "bodies");
    // "body" is in the summaries of Jet lag and its page: the plural typed finds it.
    assert.ok((await results(page)).some((h) => h.url === "/jet-lag/"), "typed plural finds the singular");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("Greek is found without accents, in capitals and by a prefix", async () => {
    const page = await openPage(rel, "/");
    for (const query of ["ΥΠΝΟΣ ", "υπνος ", "ὕπνος ", "ύπν"]) {
      await search(page, query);
      const hits = await results(page);
      assert.deepEqual(hits.map((h) => h.url), ["/glossary/#hypnos"], query);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
