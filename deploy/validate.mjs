// Every object in deploy/*.yaml, checked against the Kubernetes API's own schemas (kubernetes-models validates each
// object with the JSON Schema generated from the Kubernetes OpenAPI spec): unknown fields, wrong types and missing
// required fields fail. Exit 1 naming the file, the object and the problem.
import { readFileSync, readdirSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const dir = new URL(".", import.meta.url);
let objects = 0;
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of parseAllDocuments(readFileSync(new URL(file, dir), "utf8"))) {
    const object = doc.toJS();
    if (!object) continue;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}`);
    const Model = module[object.kind];
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    if (!Model) {
      console.error(`${where}: no such kind in ${object.apiVersion}`);
      failed++;
      continue;
    }
    try {
      new Model(object).validate();
      objects++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      failed++;
    }
  }
}
console.log(`${objects} objects valid, ${failed} invalid`);
process.exit(failed === 0 && objects > 0 ? 0 : 1);
