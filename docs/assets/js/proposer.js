// The web form that writes a case sheet (routes.proposer()).
// The page is generated from scripts/contract/schema.py; this script reads the form,
// checks the front matter against the published JSON Schema (schema.json, with
// its French messages under "x-messages"), writes the Markdown sheet exactly as
// the validator accepts it, and offers three ways to send it: GitHub, e-mail,
// file. Nothing leaves the browser until the contributor clicks one of them.
import { Validator } from "../vendor/cfworker-json-schema/index.js";

const DATA = JSON.parse(document.getElementById("proposer-donnees").textContent);
const form = document.getElementById("proposer");
// The fields the form asks, each with how it is read and filled (its box's data-genre), from the schema.
const FIELDS = DATA.champs;
const POINT = Object.keys(FIELDS).find((key) => FIELDS[key] === "point");
const NBSP = "\u00a0";
const NNBSP = "\u202f";

// --- Ids from titles: the same rule as scripts/contract/slug.py -----------------------------

const LIGATURES = { "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss" };

export function fold(text) {
  const spelt = Array.from(text, (c) => LIGATURES[c] || c).join("");
  return spelt.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase();
}

export function slugify(text, maxLength = 80) {
  const words = fold(text).match(/[a-z0-9]+/g) || [];
  let slug = words.join("-");
  if (slug.length > maxLength) {
    slug = slug.slice(0, maxLength);
    const cut = slug.lastIndexOf("-");
    if (cut !== -1) slug = slug.slice(0, cut);
  }
  return slug;
}

// --- Reading the form ---------------------------------------------------------------

const state = { cas: null, existing: null, ids: new Map(), schema: null, validator: null };

function fieldBox(key) {
  return document.getElementById("champ-" + key);
}

function checkedValues(key) {
  return Array.from(form.querySelectorAll(`input[name="${key}"]:checked`), (box) => box.value);
}

function number(text) {
  const t = text.trim().replace(",", ".");
  if (t === "") return undefined;
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

function rows(key) {
  return Array.from(document.querySelectorAll(`#lignes-${key} > li`));
}

// The front matter as an object, keys in the contract's order.
function readFront() {
  const out = {};
  const put = {};
  document.querySelectorAll("#proposer [data-cle]").forEach((box) => {
    const key = box.dataset.cle;
    const kind = box.dataset.genre;
    if (key === "corps") return;
    if (kind === "texte") {
      const value = document.getElementById("f-" + key).value.trim();
      const required = document.getElementById("f-" + key).getAttribute("aria-required") === "true";
      if (value !== "" || required) put[key] = value;
    } else if (kind === "liste" || kind === "choix") {
      const value = kind === "liste" ? document.getElementById("f-" + key).value : checkedValues(key)[0];
      if (value) put[key] = value;
    } else if (kind === "choix-multiple" || kind === "axes") {
      const values = checkedValues(key).map((v) => (kind === "axes" ? Number(v) : v));
      // A correction keeps the order the sheet had (its first category may matter to its author).
      const before = (state.existing && state.existing[key]) || [];
      const rank = (v) => (before.includes(v) ? before.indexOf(v) : before.length);
      values.sort((a, b) => rank(a) - rank(b));
      const required = box.querySelector(".obligatoire") !== null;
      if (values.length || required) put[key] = values;
    } else if (kind === "case") {
      if (document.getElementById("f-" + key).checked) put[key] = true;
    } else if (kind === "entier") {
      const value = number(document.getElementById("f-" + key).value);
      if (value !== undefined) put[key] = value;
    } else if (kind === "point") {
      const lat = number(document.getElementById(`f-${key}-lat`).value);
      const lon = number(document.getElementById(`f-${key}-lon`).value);
      if (lat !== undefined || lon !== undefined) {
        put[key] = {};
        if (lat !== undefined) put[key].lat = lat;
        if (lon !== undefined) put[key].lon = lon;
      }
    } else if (kind === "groupe") {
      const item = {};
      box.querySelectorAll("[data-sous-cle]").forEach((control) => {
        const sub = control.dataset.sousCle;
        const value = control.value.trim();
        if (value === "") return;
        if (control.dataset.sousGenre === "nombre") item[sub] = number(value) ?? value;
        else if (control.dataset.sousGenre === "liste") {
          const lines = value.split(/\n/).map((line) => line.trim()).filter(Boolean);
          if (lines.length) item[sub] = lines;
        } else item[sub] = value;
      });
      if (Object.keys(item).length) put[key] = item;
    } else if (kind === "lignes") {
      const items = rows(key).map((row) => {
        const item = {};
        row.querySelectorAll("input[data-sous-cle]").forEach((input) => {
          const value = input.value.trim();
          if (value !== "") item[input.dataset.sousCle] = input.dataset.nombre === "oui" ? (number(value) ?? value) : value;
        });
        return item;
      }).filter((item) => Object.keys(item).length);
      const required = box.querySelector(".obligatoire") !== null;
      if (items.length || required) put[key] = items;
    }
  });
  if (state.existing) {
    // A correction keeps what the form does not ask (its id, its status, the maintainers' keys).
    for (const key of DATA.gardes) {
      if (key in state.existing) put[key] = state.existing[key];
    }
  } else {
    put.id = slugify(put.titre || "", DATA.idMax);
    put.statut = DATA.statut;
  }
  for (const key of DATA.ordre) if (key in put) out[key] = put[key];
  return out;
}

function readBody() {
  return Array.from(form.querySelectorAll("textarea[name=corps]"), (area) => ({
    titre: area.dataset.partie, texte: area.value.replace(/\r\n?/g, "\n").trim(), area,
  }));
}

// --- Writing the sheet: the validator's YAML, as scripts/tools/new.py writes it ------------

const quote = (text) => JSON.stringify(text);
const PLAIN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function scalar(value) {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string" && PLAIN.test(value) && !/^\d/.test(value)) return value;
  return quote(String(value));
}

// How each key is written comes from its kind in the schema (formulaire.writing): DATA.ecriture.
function yamlScalar(style, value) {
  if (style === "guillemets" || style === "texte") return quote(String(value));
  if (style === "date" || style === "brut") return String(value);
  if (style === "point") return `{lat: ${value.lat}, lon: ${value.lon}}`;
  if (Array.isArray(value)) return "[" + value.map(scalar).join(", ") + "]";
  if (typeof value === "string" && style !== "mot") return quote(value);
  return scalar(value);
}

function yamlValue(key, value) {
  const style = DATA.ecriture[key];
  if (style && typeof style === "object") {
    const entries = (item) => Object.entries(item).map(([sub, v]) => `${sub}: ${yamlScalar(style.cles[sub], v)}`);
    if (style.forme === "carte") {
      return "{" + Object.entries(value).map(([sub, v]) => `${sub}: ${yamlScalar(style.cles[sub], v)}`).join(", ") + "}";
    }
    if (style.forme === "bloc") {
      return "\n" + value.map((item) => entries(item).map((e, i) => (i ? "    " : "  - ") + e).join("\n")).join("\n");
    }
    return "[" + value.map((item) => "{" + entries(item).join(", ") + "}").join(", ") + "]";
  }
  return yamlScalar(style, value);
}

export function sheet(front, sections) {
  const lines = ["---"];
  for (const [key, value] of Object.entries(front)) {
    const text = yamlValue(key, value);
    lines.push(text.startsWith("\n") ? key + ":" + text : `${key}: ${text}`);
  }
  lines.push("---");
  let out = lines.join("\n") + "\n";
  for (const s of sections) if (s.texte) out += `\n## ${s.titre}\n\n${s.texte}\n`;
  return out;
}

// --- Checking: the JSON Schema with its French messages, then what it cannot say ------

const FALLBACK = {
  required: "champ obligatoire, à remplir",
  minLength: "ne doit pas être vide",
  maxLength: `trop long ({longueur} caractères${NNBSP}; au plus {limite})${NBSP}: raccourcissez-le`,
  pattern: `valeur « {valeur} » refusée`,
  enum: `valeur « {valeur} » inconnue`,
  type: "valeur de type incorrect",
  minItems: "la liste ne doit pas être vide",
  maxItems: `liste trop longue ({longueur} éléments${NNBSP}; au plus {limite})`,
  uniqueItems: "un élément est répété : gardez-le une seule fois",
  minimum: `« {valeur} » hors limites${NBSP}: au moins {limite}`,
  maximum: `« {valeur} » hors limites${NBSP}: au plus {limite}`,
  format: `« {valeur} » n'est pas au bon format`,
  additionalProperties: "champ inconnu",
};
FALLBACK.pattern = FALLBACK.pattern.replace("« ", "«" + NNBSP).replace(" »", NNBSP + "»");
FALLBACK.enum = FALLBACK.enum.replace("« ", "«" + NNBSP).replace(" »", NNBSP + "»");
// What the form says of the page address it derives from the title (schema.FORM_MESSAGES).
const french = (text) => text.replace(/« /g, "«" + NNBSP).replace(/ »/g, NNBSP + "»").replace(/ :/g, NBSP + ":");
const SAID = Object.fromEntries(Object.entries(DATA.messages).map(([k, v]) => [k, french(v)]));
const GENERIC = "valeur refusée";

function pointer(location) {
  return location.replace(/^#\/?/, "").split("/").filter(Boolean).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function subschema(path) {
  let node = state.schema;
  for (const part of path) {
    if (!node) return null;
    if (node.properties && part in node.properties) node = node.properties[part];
    else if (node.items && /^\d+$/.test(part)) node = node.items;
    else return null;
  }
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

// A value as the validator shows it in a message (problems.shown): one line, shortened.
const SHOWN_MAX = 60;
const ESCAPED = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
function shown(value) {
  let text = value === true ? "true" : value === false ? "false" : value == null ? "vide" : String(value);
  // The validator's escapes (contract/problems.py: its characters, Python's « unicode_escape »).
  text = text.replace(new RegExp(DATA.invisibles, "g"), (c) => ESCAPED[c] || (c.charCodeAt(0) < 0x100
    ? "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0") : "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")));
  return text.length <= SHOWN_MAX ? text : text.slice(0, SHOWN_MAX - 1) + "…";
}

// A validator error as (field key, row index or null, French message), or null when
// another error says it better (the summary keywords, a failed branch of anyOf).
function explain(error, front) {
  const path = pointer(error.instanceLocation);
  const keyword = error.keyword;
  // A rule between fields (schema.json's allOf): its key and message are declared with it.
  const rule = error.keywordLocation.match(/^#\/allOf\/(\d+)\//);
  if (rule) {
    const declared = (state.schema.allOf || [])[Number(rule[1])] || {};
    if (!declared["x-message"]) return null;
    return { key: declared["x-cle"], row: null, message: declared["x-message"], rule: rule[1] };
  }
  if (/\/anyOf\/\d+\//.test(error.keywordLocation)) return null;
  let at = path.slice();
  if (keyword === "required" || keyword === "dependentRequired") {
    const names = error.error.match(/"([^"]+)"/g) || [];
    if (path.length === 0) at = at.concat(names[names.length - 1].slice(1, -1));
  }
  if (at.length === 0) return null;
  const key = at[0];
  const row = at.length > 1 && /^\d+$/.test(at[1]) ? Number(at[1]) : null;
  const own = subschema(at) || {};
  const messages = Object.assign({}, path.length === 0 ? state.schema["x-messages"] : {}, own["x-messages"] || {});
  if (SUMMARY.includes(keyword) && !messages[keyword]) return null;
  const value = at.reduce((node, part) => (node == null ? undefined : node[part]), front);
  let valeur = value;
  if (keyword === "anyOf" && value && typeof value === "object" && "lat" in value) valeur = `(${value.lat}, ${value.lon})`;
  else if (keyword === "uniqueItems" && Array.isArray(value)) valeur = value.find((v, i) => value.indexOf(v) !== i);
  const template = messages[keyword] || FALLBACK[keyword] || GENERIC;
  const message = fill(template, {
    valeur: shown(valeur),
    suggestion: "",
    longueur: value == null ? 0 : (typeof value === "string" ? Array.from(value).length : (value.length || 0)),
  });
  return { key, row, message, keyword };
}

// The territory test of the validator (geo.territory): land, or close to it, cell by cell.
function inFrance(lat, lon) {
  const grid = DATA.territoire;
  return Object.values(grid.territoires).some((t) => {
    const [south, north, west, east] = t.boite;
    if (!(south <= lat && lat <= north && west <= lon && lon <= east)) return false;
    const row = Math.floor((lat - t.origine[0]) / grid.pas);
    const col = Math.floor((lon - t.origine[1]) / grid.pas);
    return (t.lignes[row] || []).some(([start, end]) => start <= col && col <= end);
  });
}

function extraProblems(front, body) {
  const out = [];
  const point = POINT && front[POINT];
  if (point && typeof point.lat === "number" && typeof point.lon === "number" && !inFrance(point.lat, point.lon)) {
    const template = ((subschema([POINT]) || {})["x-messages"] || {}).anyOf || GENERIC;
    out.push({ key: POINT, row: null, message: fill(template, { valeur: `(${point.lat}, ${point.lon})` }) });
  }
  if (!state.existing && front.id) {
    const owner = state.ids.get(front.id);
    if (owner) out.push({ key: "titre", row: null, message: fill(SAID.pris, { adresse: "/" + form.dataset.pageCas.replace("{id}", front.id) }) });
  }
  // A list's items against the rest of the sheet (a result's source among the sheet's sources).
  for (const rule of DATA.elements) {
    const [list, sub] = rule.parmi;
    const allowed = (front[list] || []).map((item) => item[sub]).filter((v) => typeof v === "string");
    (front[rule.cle] || []).forEach((item, row) => {
      const value = item[rule.sousCle];
      if (typeof value === "string" && !allowed.includes(value)) {
        out.push({ key: rule.cle, row, message: fill(rule.message, { valeur: shown(value), suggestion: "" }) });
      }
    });
  }
  const html = new RegExp(DATA.corps.html);
  const autolink = new RegExp(DATA.corps.autolien, "gi");
  const attrs = new RegExp(DATA.corps.attributs);
  body.forEach((section, i) => {
    // Read as the checker reads it: without the characters XML forbids (the renderer drops them).
    const text = section.texte.replace(new RegExp(DATA.corps.invalides, "gu"), "").replace(/^(~{3,}|`{3,})[^\n]*\n[\s\S]*?\n\1[ \t]*$/gm, "").replace(/(`+)(?:(?!\1)[^\n])+?\1/g, " ");
    const problems = new Set();
    // The whole part at once: a tag may go on over the next line (« <img⏎src=… »), as the parser reads it.
    const scan = text.replace(autolink, " ");
    if (html.test(scan)) problems.add(DATA.corps.messageHtml);
    if (attrs.test(scan)) problems.add(DATA.corps.messageAttributs);
    for (const problem of targetProblems(text)) problems.add(problem);
    problems.forEach((message) => out.push({ key: "corps-" + (i + 1), row: null, message }));
  });
  // The size limit of a sheet (load.py), in UTF-8 bytes, named at the longest part of the text.
  const bytes = new TextEncoder().encode(sheet(front, body)).length;
  if (bytes > DATA.corps.limite && body.length) {
    const longest = body.reduce((best, s, i) => (s.texte.length > body[best].texte.length ? i : best), 0);
    out.push({ key: "corps-" + (longest + 1), row: null,
               message: fill(DATA.corps.messageLimite, { octets: bytes, limite: DATA.corps.limite }) });
  }
  return out;
}

// The checker's rules for link and image targets (sheets/body.py, safe_markdown.py) in a part of the body:
// a scheme read as a browser reads it, http, https, mailto or a path inside the site for a link,
// a path inside the site for an image.
function targetProblems(text) {
  const rules = DATA.corps.cibles;
  const found = [];
  for (const pattern of [rules.lien, rules.imbrique]) {
    for (const m of text.matchAll(new RegExp(pattern, "g"))) found.push([unescaped(m[2] ?? m[3]), m[1] === "!"]);
  }
  for (const m of text.matchAll(new RegExp(rules.definition, "gm"))) found.push([unescaped(m[1] ?? m[2]), false]);
  for (const m of text.matchAll(new RegExp(rules.autolien, "g"))) found.push([m[1], false]);
  return found.map(([target, image]) => targetProblem(target, image)).filter(Boolean);
}

// A link's target as the parser reads it: backslash escapes and character references undone, with the
// parser's own pattern (DATA.corps.echappements); a named reference read by the browser's HTML parser,
// whose table of names is the one CommonMark uses.
const NAMED = document.createElement("textarea");

function unescaped(target) {
  return target.replace(new RegExp(DATA.corps.echappements, "gi"), (match, escaped, name) => {
    if (escaped !== undefined) return escaped;
    const number = name.match(/^#(x[0-9a-f]+|[0-9]+)$/i);
    if (number) {
      const code = number[1][0].toLowerCase() === "x" ? parseInt(number[1].slice(1), 16) : parseInt(number[1], 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : match;
    }
    NAMED.innerHTML = match;
    return NAMED.value;
  });
}

function targetProblem(target, image) {
  let bare = target;
  try { bare = decodeURIComponent(target); } catch (error) { /* malformed: read as written */ }
  const read = bare;  // shown as the validator shows it: decoded, its tabs and line breaks escaped
  bare = bare.replace(/[\t\n\r]/g, "").replace(/^[\x00-\x20]+/, "");
  const scheme = (bare.match(/^([A-Za-z][A-Za-z0-9+.-]*):/) || [])[1];
  const leaves = bare.startsWith("/") || bare.startsWith("\\");
  const say = (kind) => fill(DATA.corps.messagesCibles[kind], { cible: shown(read) });
  if (image) return scheme !== undefined || leaves ? say("image") : null;
  if (scheme === undefined && leaves) return say(target.startsWith("//") || target.startsWith("\\\\") ? "hote" : "racine");
  if (scheme !== undefined && !DATA.corps.schemas.includes(scheme.toLowerCase())) return say("schema");
  return null;
}

// Summary keywords that only repeat what a deeper error says.
const SUMMARY = ["properties", "items", "prefixItems", "allOf", "if", "then", "else", "anyOf", "oneOf", "$ref"];

function check(front, body) {
  const problems = [];
  const placed = new Set();
  const result = state.validator.validate(front);
  for (const error of result.errors) {
    const problem = explain(error, front);
    // One message per place, as the validator gives one per key (an empty text
    // breaks both minLength and pattern: the first says it).
    const place = problem && (problem.rule !== undefined ? `regle/${problem.rule}` : `${problem.key}/${problem.row}`);
    if (problem && !placed.has(place)) {
      placed.add(place);
      problems.push(problem);
    }
  }
  // The territory test is finer than schema.json's boxes: one message for the point.
  const extra = extraProblems(front, body).filter((p) => !problems.some((q) => q.key === p.key && q.row === p.row));
  return problems.concat(extra);
}

// --- Showing problems at their fields -------------------------------------------------

function controlsOf(key) {
  const box = fieldBox(key);
  return box ? Array.from(box.querySelectorAll("input, select, textarea")) : [];
}

function clearProblems() {
  form.querySelectorAll(".champ-erreur").forEach((p) => { p.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
  const summary = document.getElementById("proposer-erreurs");
  summary.hidden = true;
  summary.textContent = "";
  document.querySelectorAll("#proposer-etapes .etape-a-corriger").forEach((mark) => mark.remove());
}

function showProblems(problems) {
  // An id derived from an empty or faulty title says the same as the title: show the title's.
  const keys = new Set(problems.map((p) => p.key));
  problems = problems.filter((p) => !(p.key === "id" && keys.has("titre")))
    .map((p) => (p.key !== "id" ? p : { ...p, key: "titre", message: fill(p.keyword === "not" ? SAID.reservee : SAID.adresse,
      { adresse: "/" + form.dataset.pageCas.replace("{id}", readFront().id) }) }));
  const seen = new Set();
  const listed = [];
  for (const p of problems) {
    const id = p.row !== null && document.getElementById(`erreur-${p.key}-${p.row}`) ? `${p.key}-${p.row}` : p.key;
    const where = document.getElementById("erreur-" + id);
    if (!where || seen.has(id + p.message)) continue;
    seen.add(id + p.message);
    where.textContent = where.textContent ? where.textContent + " " + p.message : p.message;
    const controls = p.row !== null && document.getElementById(`ligne-${p.key}-${p.row}`)
      ? Array.from(document.getElementById(`ligne-${p.key}-${p.row}`).querySelectorAll("input"))
      : (p.key.startsWith("corps-") ? [document.getElementById("f-" + p.key)] : controlsOf(p.key));
    controls.forEach((c) => c.setAttribute("aria-invalid", "true"));
    listed.push({ id, control: controls[0], label: labelOf(p.key), message: p.message });
  }
  // In the order of the form, not of the schema.
  listed.sort((a, b) => {
    const x = document.getElementById("erreur-" + a.id);
    const y = document.getElementById("erreur-" + b.id);
    return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  const summary = document.getElementById("proposer-erreurs");
  const count = listed.length;
  const title = document.createElement("p");
  title.textContent = count === 1 ? "La fiche a 1 problème" + NBSP + ": corrigez-le, puis vérifiez à nouveau."
    : `La fiche a ${count} problèmes${NBSP}: corrigez-les, puis vérifiez à nouveau.`;
  const list = document.createElement("ul");
  for (const item of listed) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "#" + (item.control ? item.control.id : "champ-" + item.id);
    a.textContent = `${item.label}${NBSP}: ${item.message}`;
    a.addEventListener("click", (event) => {
      if (item.control) { event.preventDefault(); showStepOf(item.control); item.control.focus(); }
    });
    li.appendChild(a);
    list.appendChild(li);
  }
  summary.append(title, list);
  markSteps();
  summary.hidden = false;
  summary.setAttribute("role", "alert");
  summary.focus();
}

function labelOf(key) {
  const box = fieldBox(key);
  if (key.startsWith("corps-")) return `Texte de la fiche, partie «${NNBSP}${box.querySelector("textarea").dataset.partie}${NNBSP}»`;
  const label = box && box.querySelector(".champ-libelle");
  if (!label) return key;
  const copy = label.cloneNode(true);
  copy.querySelectorAll(".obligatoire").forEach((n) => n.remove());
  return copy.textContent.trim();
}

// --- The three ways to send -----------------------------------------------------------

const MAILTO_MAX = 6000; // beyond this, some mail programs cut a mailto: link
const GITHUB_MAX = 8000; // beyond this, GitHub refuses the address

let downloadUrl = null;

function prepareSending(front, text) {
  const ident = front.id;
  const envoi = document.getElementById("proposer-envoi");
  const github = document.getElementById("envoi-github");
  const githubLong = document.getElementById("envoi-github-long");
  if (state.existing) {
    github.href = `${DATA.depot}/edit/${DATA.branche}/cases/${ident}.md`;
    github.textContent = "Modifier la fiche sur GitHub";
    document.getElementById("envoi-github-aide").textContent = "Le lien ouvre la fiche actuelle dans l'éditeur de GitHub, le site qui héberge la base. Connectez-vous, remplacez tout le texte par la fiche corrigée (bouton « Copier la fiche » plus bas), puis validez : GitHub vous propose d'en demander l'ajout ; dans la description de la demande, recopiez ce que la correction change (ci-dessus)."
      .replace(/« /g, "«" + NNBSP).replace(/ »/g, NNBSP + "»").replace(/ :/g, NBSP + ":");
    githubLong.hidden = true;
  } else {
    const url = `${DATA.depot}/new/${DATA.branche}?filename=${encodeURIComponent(`cases/${ident}.md`)}&value=${encodeURIComponent(text)}`;
    const tooLong = url.length > GITHUB_MAX;
    github.href = tooLong ? `${DATA.depot}/tree/${DATA.branche}/cases` : url;
    githubLong.hidden = !tooLong;
  }
  const page = casePage(ident, DATA.site);
  const changed = state.existing ? changes(state.existing, front, readBody()) : [];
  const changedText = !state.existing ? ""
    : changed.length ? `Ce que la correction change${NBSP}: ${changed.join(", ")}.`
      : `La correction ne change rien${NBSP}: la fiche est identique à celle publiée.`;
  const note = document.getElementById("envoi-changements");
  note.textContent = changedText;
  note.hidden = !state.existing;
  const subject = state.existing ? `Correction de la fiche ${ident}` : `Proposition de fiche : ${front.titre}`.replace(" :", NBSP + ":");
  const intro = state.existing
    ? `Bonjour,\n\nVoici la fiche ${ident} corrigée (${page}).\n${changedText}\nSource de la correction${NBSP}:\n\nLa fiche complète, à enregistrer sous cases/${ident}.md${NBSP}:\n\n`
    : `Bonjour,\n\nVoici une proposition de fiche pour la base, à enregistrer sous cases/${ident}.md${NBSP}:\n\n`;
  let mail = `mailto:${DATA.courriel}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent((intro + text).replace(/\n/g, "\r\n"))}`;
  const mailLong = mail.length > MAILTO_MAX;
  if (mailLong) {
    const note = `Bonjour,\n\nVoici une proposition de fiche pour la base${NBSP}: le fichier ${ident}.md est joint à ce courriel.\n`;
    mail = `mailto:${DATA.courriel}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(note.replace(/\n/g, "\r\n"))}`;
  }
  document.getElementById("envoi-courriel").href = mail;
  document.getElementById("envoi-courriel-long").hidden = !mailLong;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
  const file = document.getElementById("envoi-fichier");
  file.href = downloadUrl;
  file.setAttribute("download", `${ident}.md`);
  document.getElementById("proposer-apercu").textContent = text;
  envoi.dataset.fiche = text;
  envoi.hidden = false;
  envoi.focus();
}

function withdrawSending() {
  const envoi = document.getElementById("proposer-envoi");
  if (envoi.hidden) return;
  envoi.hidden = true;
  for (const id of ["envoi-github", "envoi-courriel", "envoi-fichier"]) document.getElementById(id).removeAttribute("href");
  delete envoi.dataset.fiche;
}

// --- Building and wiring the form -----------------------------------------------------

function addRow(key, values = {}) {
  const list = document.getElementById("lignes-" + key);
  const index = list.children.length;
  const li = document.createElement("li");
  li.id = `ligne-${key}-${index}`;
  for (const { cle: sub, libelle: text, type, nombre, obligatoire } of DATA.lignes[key].champs) {
    const id = `f-${key}-${index}-${sub}`;
    const p = document.createElement("p");
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = obligatoire ? text : `${text} (facultatif)`;
    const input = document.createElement("input");
    input.type = type;
    input.id = id;
    input.dataset.sousCle = sub;
    if (nombre) { input.dataset.nombre = "oui"; input.inputMode = "numeric"; }
    input.setAttribute("aria-describedby", `erreur-${key}-${index}`);
    if (values[sub] !== undefined) input.value = values[sub];
    p.append(label, document.createElement("br"), input);
    li.appendChild(p);
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "bouton-secondaire";
  remove.textContent = `Retirer${NBSP}: ${DATA.lignes[key].libelle.toLowerCase()} ${index + 1}`;
  remove.addEventListener("click", () => { li.remove(); renumber(key); changed(); });
  const error = document.createElement("p");
  error.className = "champ-erreur";
  error.id = `erreur-${key}-${index}`;
  li.append(error, remove);
  list.appendChild(li);
  return li;
}

function renumber(key) {
  // Rows keep ids that follow their order, so an error at sources/1 lands on the second row.
  const values = rows(key).map((row) => Object.fromEntries(
    Array.from(row.querySelectorAll("input[data-sous-cle]"), (i) => [i.dataset.sousCle, i.value])));
  document.getElementById("lignes-" + key).textContent = "";
  values.forEach((v) => addRow(key, v));
}

function updateCounters() {
  form.querySelectorAll(".champ-compteur").forEach((counter) => {
    const key = counter.id.replace("compteur-", "");
    const length = Array.from(document.getElementById("f-" + key).value).length;
    counter.textContent = `${length} / ${counter.dataset.limite} caractères`;
  });
  const id = state.existing ? state.existing.id : slugify(document.getElementById("f-titre").value, DATA.idMax);
  document.getElementById("proposer-id").textContent = id ? "/" + form.dataset.pageCas.replace("{id}", id) : "…";
}

function syncImpacts() {
  // The predominant impact is not repeated among the others.
  const principal = checkedValues("impact_principal")[0];
  form.querySelectorAll('input[name="impacts"]').forEach((box) => {
    box.disabled = box.value === principal;
    if (box.disabled) box.checked = false;
  });
}

// The map: a click becomes (lat, lon) through the panel's inverse projection.
function wireMap() {
  const svg = document.querySelector("#proposer-carte-cadre svg");
  if (!svg || !POINT) return;
  const lat = document.getElementById(`f-${POINT}-lat`);
  const lon = document.getElementById(`f-${POINT}-lon`);
  const SVGNS = "http://www.w3.org/2000/svg";
  const marker = document.createElementNS(SVGNS, "circle");
  marker.setAttribute("class", "carte-cible");  // the map's marker (its colours, RGAA 3.3)
  marker.setAttribute("r", "6");
  marker.setAttribute("fill", "#b3261e");
  marker.setAttribute("stroke", "#ffffff");
  marker.setAttribute("stroke-width", "2");
  marker.setAttribute("visibility", "hidden");
  svg.appendChild(marker);
  const round = (v) => Math.round(v * 10000) / 10000;
  function draw() {
    const y = number(lat.value);
    const x = number(lon.value);
    marker.setAttribute("visibility", "hidden");
    if (typeof x !== "number" || typeof y !== "number") return;
    for (const p of DATA.carte) {
      const [lon0, lon1] = p.lon;
      const [lat0, lat1] = p.lat;
      if (x >= Math.min(lon0, lon1) && x <= Math.max(lon0, lon1) && y >= Math.min(lat0, lat1) && y <= Math.max(lat0, lat1)) {
        marker.setAttribute("cx", p.x[0] + (x - lon0) / (lon1 - lon0) * (p.x[1] - p.x[0]));
        marker.setAttribute("cy", p.y[0] + (y - lat0) / (lat1 - lat0) * (p.y[1] - p.y[0]));
        marker.setAttribute("visibility", "visible");
        return;
      }
    }
  }
  svg.addEventListener("click", (event) => {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const at = point.matrixTransform(svg.getScreenCTM().inverse());
    for (const p of DATA.carte) {
      const [fx, fy, fw, fh] = p.cadre;
      if (at.x < fx || at.x > fx + fw || at.y < fy || at.y > fy + fh) continue;
      lon.value = round(p.lon[0] + (at.x - p.x[0]) / (p.x[1] - p.x[0]) * (p.lon[1] - p.lon[0]));
      lat.value = round(p.lat[0] + (at.y - p.y[0]) / (p.y[1] - p.y[0]) * (p.lat[1] - p.lat[0]));
      draw();
      changed();
      return;
    }
  });
  lat.addEventListener("input", draw);
  lon.addEventListener("input", draw);
  document.getElementById("proposer-effacer-point").addEventListener("click", () => {
    lat.value = "";
    lon.value = "";
    draw();
    changed();
  });
  state.drawMarker = draw;
}

// --- Opening a case to correct it: the form's address with ?cas=<id> ---------------------

// A case page's address, from the route the page gives (data-page-cas, from the router).
function casePage(ident, root) {
  return new URL(form.dataset.pageCas.replace("{id}", encodeURIComponent(ident)), new URL(root, location.href)).href;
}

function splitBody(texte) {
  const parts = {};
  let current = DATA.sections[0];
  for (const line of (texte || "").split("\n")) {
    const heading = line.match(/^## (.+?)\s*$/);
    if (heading && DATA.sections.includes(heading[1])) { current = heading[1]; continue; }
    parts[current] = (parts[current] || "") + line + "\n";
  }
  return parts;
}

// Fill every field the form asks from a front matter, the way its kind is read (readFront), and the
// body's parts from their texts.
function fillForm(front, parts) {
  const set = (id, value) => { const el = document.getElementById(id); if (el) el.value = value === undefined ? "" : String(value); };
  for (const [key, kind] of Object.entries(FIELDS)) {
    const value = front[key];
    if (kind === "texte" || kind === "liste" || kind === "entier") {
      set("f-" + key, value);
    } else if (kind === "point") {
      set(`f-${key}-lat`, value ? value.lat : undefined);
      set(`f-${key}-lon`, value ? value.lon : undefined);
    } else if (kind === "choix" || kind === "choix-multiple" || kind === "axes") {
      const values = [].concat(value === undefined ? [] : value).map(String);
      form.querySelectorAll(`input[name="${key}"]`).forEach((box) => { box.checked = values.includes(box.value); });
    } else if (kind === "case") {
      document.getElementById("f-" + key).checked = value === true;
    } else if (kind === "groupe") {
      fieldBox(key).querySelectorAll("[data-sous-cle]").forEach((control) => {
        const v = (value || {})[control.dataset.sousCle];
        control.value = v === undefined ? "" : (Array.isArray(v) ? v.join("\n") : String(v));
      });
    } else if (kind === "lignes") {
      document.getElementById("lignes-" + key).textContent = "";
      (Array.isArray(value) ? value : []).forEach((item) => addRow(key, item));
      if (!rows(key).length && fieldBox(key).querySelector(".obligatoire")) addRow(key);
    }
  }
  form.querySelectorAll("textarea[name=corps]").forEach((area) => { area.value = (parts[area.dataset.partie] || "").trim(); });
  syncImpacts();
  updateCounters();
  if (state.drawMarker) state.drawMarker();
}

// A correction asks first what a porteur updates (formulaire.FIRST_IN_CORRECTION), then the rest.
function orderForCorrection() {
  let after = document.getElementById("proposer-erreurs");
  for (const id of DATA.ordreCorrection) {
    const part = document.getElementById(id);
    if (part) { after.after(part); after = part; }
  }
}

// What a correction changes, field by field (their labels) and part by part of the text.
function canonical(value) {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return "";
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  if (typeof value === "object") return "{" + Object.keys(value).sort().map((k) => k + ":" + canonical(value[k])).join(",") + "}";
  return JSON.stringify(value);
}

export function changes(before, front, body) {
  const out = DATA.ordre.filter((key) => !DATA.gardes.includes(key) && canonical(before[key]) !== canonical(front[key]))
    .map((key) => DATA.libelles[key]);
  const parts = splitBody(before.texte || "");
  for (const s of body) {
    if ((parts[s.titre] || "").trim() !== s.texte) out.push(`texte, partie «${NNBSP}${s.titre}${NNBSP}»`);
  }
  return out;
}

function showCorrection(cas) {
  orderForCorrection();
  state.step = null;
  buildSteps();
  const note = document.getElementById("proposer-correction");
  const page = casePage(cas.id, form.dataset.racine);
  note.textContent = "";
  note.append(`Vous corrigez la fiche «${NNBSP}${cas.titre}${NNBSP}» (`);
  const link = document.createElement("a");
  link.href = page;
  link.textContent = "voir sa page";
  note.append(link, `). Ses valeurs actuelles sont déjà remplies${NBSP}: changez ce qui est inexact et citez la source de la correction dans «${NNBSP}Sources${NNBSP}». Son identifiant reste ${cas.id}.`);
  note.hidden = false;
  document.querySelector("h1").textContent = "Corriger une fiche";
}

function loadCase(cas) {
  state.existing = cas;
  fillForm(cas, splitBody(cas.texte));
  showCorrection(cas);
}
// --- Steps: one part of the form at a time, the progress shown --------------------------------

function parts() {
  return Array.from(form.querySelectorAll(".proposer-partie"));
}

function partTitle(part) {
  return part.querySelector("h2").textContent;
}

function stepButton(text, id, style) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = style;
  button.dataset.vers = id;
  button.textContent = text;
  button.addEventListener("click", () => showStep(id, true));
  return button;
}

// The steps, in the order of the parts on the page (a correction puts some first).
function buildSteps() {
  const list = document.querySelector("#proposer-etapes ol");
  list.textContent = "";
  const all = parts();
  all.forEach((part, i) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "proposer-etape";
    button.dataset.etape = part.id;
    button.textContent = partTitle(part);
    button.addEventListener("click", () => showStep(part.id, true));
    li.appendChild(button);
    list.appendChild(li);
    let foot = part.querySelector(":scope > .proposer-partie-pied");
    if (!foot) {
      foot = document.createElement("p");
      foot.className = "proposer-partie-pied";
      part.appendChild(foot);
    }
    foot.textContent = "";
    if (i > 0) foot.append(stepButton(`Étape précédente${NBSP}: ${partTitle(all[i - 1])}`, all[i - 1].id, "bouton-secondaire"));
    if (i < all.length - 1) foot.append(" ", stepButton(`Étape suivante${NBSP}: ${partTitle(all[i + 1])}`, all[i + 1].id, "bouton-principal"));
  });
  showStep(state.step && all.some((p) => p.id === state.step) ? state.step : all[0].id, false);
}

function showStep(id, focus) {
  const all = parts();
  const index = all.findIndex((p) => p.id === id);
  if (index < 0) return;
  state.step = id;
  all.forEach((p) => { p.hidden = p.id !== id; });
  document.querySelectorAll("#proposer-etapes [data-etape]").forEach((button) => {
    if (button.dataset.etape === id) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
  });
  document.getElementById("proposer-progression").textContent = `Étape ${index + 1} sur ${all.length}${NBSP}: ${partTitle(all[index])}`;
  const bar = document.getElementById("proposer-barre");
  bar.max = all.length;
  bar.value = index + 1;
  if (focus) {
    const heading = all[index].querySelector("h2");
    heading.tabIndex = -1;
    heading.focus();
  }
}

// The step that holds a control (to show an error's field).
function showStepOf(control) {
  const part = control && control.closest(".proposer-partie");
  if (part && part.hidden) showStep(part.id, false);
}

// After a check, each step with a problem says so in the list of steps.
function markSteps() {
  document.querySelectorAll("#proposer-etapes [data-etape]").forEach((button) => {
    const part = document.getElementById(button.dataset.etape);
    const faulty = Array.from(part.querySelectorAll(".champ-erreur")).some((p) => p.textContent.trim() !== "");
    let mark = button.querySelector(".etape-a-corriger");
    if (faulty && !mark) {
      mark = document.createElement("span");
      mark.className = "etape-a-corriger";
      mark.textContent = " (à corriger)";
      button.appendChild(mark);
    } else if (!faulty && mark) {
      mark.remove();
    }
  });
}

// --- Keeping the work: a draft in this browser, a sheet saved to a file and loaded back ---------

// One draft per address (a new case, or the correction of one case); it never leaves the browser.
const DRAFT_KEY = "proposer-brouillon:" + (new URLSearchParams(location.search).get("cas") || "");
const DRAFT_VERSION = 1;

function say(text) {
  document.getElementById("proposer-travail-etat").textContent = text;
}

function clock(date) {
  return `${date.getHours()}${NBSP}h${NBSP}${String(date.getMinutes()).padStart(2, "0")}`;
}

function bodyParts() {
  return Object.fromEntries(readBody().map((s) => [s.titre, s.texte]));
}

function saveDraft() {
  if (!state.ready) return;
  const draft = { version: DRAFT_VERSION, enregistre: new Date().toISOString(), existant: state.existing,
    entete: readFront(), corps: bodyParts() };
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    say(`Brouillon gardé dans ce navigateur à ${clock(new Date())}. Il n'est envoyé nulle part.`);
  } catch (error) {
    say("Ce navigateur ne peut pas garder de brouillon" + NBSP + ": enregistrez la fiche dans un fichier pour ne pas perdre votre travail.");
  }
}

function readDraft() {
  try {
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
    return draft && draft.version === DRAFT_VERSION && draft.entete ? draft : null;
  } catch (error) {
    return null;
  }
}

function restoreDraft(draft) {
  state.existing = draft.existant || null;
  fillForm(draft.entete, draft.corps || {});
  if (state.existing) showCorrection(state.existing);
  say(`Votre brouillon du ${new Date(draft.enregistre).toLocaleDateString("fr-FR")} à ${clock(new Date(draft.enregistre))} a été rétabli. Il est gardé dans ce navigateur seulement.`);
}

// Every change keeps the draft and withdraws a sheet prepared before.
function changed() {
  saveDraft();
  withdrawSending();
}

function emptyForm() {
  form.reset();
  for (const key of Object.keys(DATA.lignes)) {
    document.getElementById("lignes-" + key).textContent = "";
    if (fieldBox(key).querySelector(".obligatoire")) addRow(key);
  }
  state.existing = null;
  document.getElementById("proposer-correction").hidden = true;
  clearProblems();
  withdrawSending();
  syncImpacts();
  updateCounters();
  if (state.drawMarker) state.drawMarker();
}

function clearDraft() {
  try { localStorage.removeItem(DRAFT_KEY); } catch (error) { /* nothing kept */ }
  emptyForm();
  if (state.case) loadCase(state.case);
  say(state.case ? "Brouillon effacé : la fiche est revenue à ses valeurs publiées.".replace(" :", NBSP + ":")
    : "Brouillon effacé : le formulaire est vide.".replace(" :", NBSP + ":"));
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The sheet as it stands, complete or not, in a file to keep (no check: it is work in progress).
function saveFile() {
  const front = readFront();
  download(`${front.id || "fiche"}.md`, sheet(front, readBody()));
  say("La fiche est enregistrée dans vos téléchargements. « Reprendre une fiche » la rouvrira ici."
    .replace(/« /g, "«" + NNBSP).replace(/ »/g, NNBSP + "»"));
}

// A sheet: its front matter between two lines of three dashes, then its text.
export function splitSheet(text) {
  const m = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").match(/^---\n([\s\S]*?)\n---[ \t]*(?:\n([\s\S]*))?$/);
  return m ? { entete: m[1], texte: m[2] || "" } : null;
}

async function resumeFile(file) {
  const NOT_A_SHEET = `Ce fichier n'est pas une fiche de la base${NBSP}: choisissez un fichier enregistré par ce formulaire ou une fiche de la base (fichier .md).`;
  const parts = splitSheet(await file.text());
  if (!parts) { say(NOT_A_SHEET); return; }
  let front;
  try {
    const yaml = await import("../vendor/js-yaml/js-yaml.mjs");
    // The core schema: dates stay as they are written (2017-02-01), as the sheet writes them.
    front = yaml.load(parts.entete, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    say(NOT_A_SHEET);
    return;
  }
  if (!front || typeof front !== "object" || Array.isArray(front)) { say(NOT_A_SHEET); return; }
  // A sheet of the base keeps its identifier and what the maintainers hold: it is a correction.
  const owner = typeof front.id === "string" && state.ids.get(front.id);
  const known = owner === `cases/${front.id}.md` || (front.statut && front.statut !== DATA.statut);
  emptyForm();
  state.existing = known ? { ...front, texte: parts.texte } : null;
  fillForm(front, splitBody(parts.texte));
  if (state.existing) showCorrection(state.existing);
  saveDraft();
  say(`La fiche «${NNBSP}${front.titre || file.name}${NNBSP}» est rouverte${NBSP}: continuez, puis vérifiez-la.`);
}

function wireWork() {
  document.getElementById("proposer-enregistrer").addEventListener("click", saveFile);
  document.getElementById("proposer-effacer").addEventListener("click", clearDraft);
  const input = document.getElementById("proposer-reprendre");
  document.getElementById("proposer-reprendre-bouton").addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    if (input.files && input.files[0]) resumeFile(input.files[0]).finally(() => { input.value = ""; });
  });
}

async function start() {
  document.getElementById("proposer-sans-js").hidden = true;
  document.getElementById("proposer-zone").hidden = false;
  buildSteps();
  // A list of records the sheet requires starts with one row.
  for (const key of Object.keys(DATA.lignes)) if (fieldBox(key).querySelector(".obligatoire")) addRow(key);
  form.querySelectorAll("[data-ajouter]").forEach((button) => {
    button.addEventListener("click", () => {
      const li = addRow(button.dataset.ajouter);
      li.querySelector("input").focus();
      changed();
    });
  });
  wireMap();
  form.addEventListener("input", () => { updateCounters(); changed(); });
  form.addEventListener("change", () => { syncImpacts(); changed(); });
  wireWork();
  updateCounters();
  const [schemaText, cases] = await Promise.all([
    fetch(new URL(DATA.schema, location.href)).then((r) => r.json()),
    fetch(new URL(DATA.cas, location.href)).then((r) => r.json()).catch(() => []),
  ]);
  state.schema = schemaText;
  state.validator = new Validator(schemaText, "2020-12", false);
  for (const cas of cases) {
    state.ids.set(cas.id, `cases/${cas.id}.md`);
    for (const old of cas.anciens_ids || []) state.ids.set(old, `cases/${cas.id}.md (anciens_ids)`);
  }
  const wanted = new URLSearchParams(location.search).get("cas");
  const found = wanted && cases.find((c) => c.id === wanted);
  state.case = found || null;
  const draft = readDraft();
  if (draft) restoreDraft(draft);
  else if (found) loadCase(found);
  updateCounters();
  state.ready = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblems();
    const front = readFront();
    const body = readBody();
    const problems = check(front, body);
    if (problems.length) {
      withdrawSending();
      showProblems(problems);
      return;
    }
    prepareSending(front, sheet(front, body));
  });
  document.getElementById("proposer-copier").addEventListener("click", async () => {
    const status = document.getElementById("proposer-copie");
    try {
      await navigator.clipboard.writeText(document.getElementById("proposer-envoi").dataset.fiche || "");
      status.textContent = "Fiche copiée.";
    } catch (error) {
      status.textContent = "La copie a échoué" + NBSP + ": sélectionnez le texte ci-dessous et copiez-le.";
    }
  });
  form.dataset.pret = "oui";
}

start();
