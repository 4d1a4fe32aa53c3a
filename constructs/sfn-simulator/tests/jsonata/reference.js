// Evaluates each expression of a corpus with the reference JSONata implementation (the
// jsonata package pinned through tools/package-lock.json) and prints the results as JSON.
// usage: node reference.js CORPUS.json NODE_MODULES
const fs = require("fs");
const path = require("path");
const jsonata = require(path.resolve(process.argv[3], "jsonata"));
const corpus = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
(async () => {
  const out = [];
  for (const c of corpus) {
    try {
      const v = await jsonata(c.expr).evaluate(undefined, c.bindings);
      // Sequences are arrays with a flag; JSON.stringify drops it.
      out.push(v === undefined ? { undefined: true } : { value: JSON.parse(JSON.stringify(v)) });
    } catch (e) {
      out.push({ error: String(e.message || e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
