// check_openapi.mjs OPENAPI.json RESPONSES.jsonl: validates the OpenAPI
// document with a real OpenAPI 3.1 validator, then checks every response
// the HTTP tests saw against the schema of its path, method and status.
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";

const [docPath, responsesPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
const validator = new Validator();
const result = await validator.validate(doc);
if (!result.valid) {
  console.error("openapi.json is not valid OpenAPI 3.1:", JSON.stringify(result.errors, null, 1));
  process.exit(1);
}
console.log(`openapi.json: valid OpenAPI ${validator.version}, ${Object.keys(doc.paths).length} paths`);

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "api", components: doc.components });
const routes = Object.keys(doc.paths).map((p) => ({
  path: p,
  re: new RegExp("^" + p.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
  literal: !p.includes("{"),
}));
function resolve(schema) {
  // Component references point into the "api" schema added above.
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"api#/components/'));
}
let checked = 0, failed = 0;
const seen = new Set();
for (const line of readFileSync(responsesPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  const path = r.path.split("?")[0];
  const route = routes.find((x) => x.literal && x.path === path) || routes.find((x) => x.re.test(path));
  const fail = (why) => { failed++; console.error(`${r.method} ${r.path} -> ${r.status}: ${why}`); };
  if (!route) {
    if (r.status !== 404 && r.status !== 405) fail("no such path in the document");
    continue;
  }
  const op = doc.paths[route.path][r.method.toLowerCase()];
  if (!op) {
    if (r.status !== 405) fail("method not in the document");
    continue;
  }
  let resp = op.responses[String(r.status)];
  if (!resp) { fail("status not in the document"); continue; }
  if (resp.$ref) resp = doc.components.responses[resp.$ref.split("/").pop()];
  seen.add(`${r.method} ${route.path}`);
  checked++;
  if (!resp.content) {
    if (r.body !== "") fail("a body where none is documented");
    continue;
  }
  const type = Object.keys(resp.content)[0];
  if (!r.content_type || !r.content_type.startsWith(type)) { fail(`content type ${r.content_type}, documented ${type}`); continue; }
  const validate = ajv.compile(resolve(resp.content[type].schema));
  // JSON types are parsed; a text type (text/calendar) is its string.
  let body = r.body;
  if (/json$/.test(type)) {
    try { body = JSON.parse(r.body); } catch { fail("body is not JSON"); continue; }
  }
  if (!validate(body)) fail(ajv.errorsText(validate.errors));
}
let operations = 0;
for (const p of Object.keys(doc.paths)) operations += Object.keys(doc.paths[p]).length;
console.log(`${checked} responses checked against their schema, ${failed} failed; ${seen.size} of ${operations} operations exercised`);
process.exit(failed ? 1 : 0);
