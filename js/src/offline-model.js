// Why this file exists: the `offline` provider and the offline embedder of the Rust host
// (host/src/model.rs, `mod offline`), ported line for line so that the Node host and the wasmtime
// host hand the guest byte-identical answers, and a sync gives byte-identical pages in both.
// Every Rust string operation used there is reproduced with its exact semantics: `str::lines`,
// Unicode `White_Space` trimming (not JavaScript's `trim`, which differs on U+0085 and U+FEFF),
// `char::is_control` (general category Cc), `char::is_alphanumeric`, byte slicing on UTF-8, and f32
// arithmetic for the embedding (every operation rounded to f32, as Rust does).

/** The request format this provider reads. */
export const FORMAT = 'synco-offline/1';
/** Dimension of the offline embedder's vectors. */
export const OFFLINE_DIMENSIONS = 256;

const utf8 = new TextEncoder();

/** Rust's `char::is_whitespace`: the Unicode `White_Space` property. */
const WHITE_SPACE = '\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_START = new RegExp(`^[${WHITE_SPACE}]+`, 'u');
const TRIM_END = new RegExp(`[${WHITE_SPACE}]+$`, 'u');
const trimStart = (s) => s.replace(TRIM_START, '');
const trimEnd = (s) => s.replace(TRIM_END, '');
const trim = (s) => trimEnd(trimStart(s));
const CONTROL = /\p{Cc}/u;
/** Rust's `char::is_alphanumeric`: `Alphabetic` or a numeric general category (Nd, Nl, No). */
const NOT_ALPHANUMERIC = /[^\p{Alphabetic}\p{N}]/u;

/** The documented token estimator shared with the guest: one token per 4 bytes, rounded up. */
export function estimateTokens(text) {
  return Math.ceil(utf8.encode(text).length / 4);
}

/** Why the offline provider refused a body (maps to `model-error::bad-request`). */
export class OfflineBadRequest extends Error {
  constructor(message) {
    super(message);
    this.name = 'OfflineBadRequest';
  }
}

/**
 * Answers one offline generation: the body the guest built → the provider's JSON answer, exactly
 * as the Rust host serializes it (serde_json without `preserve_order`: keys sorted).
 * @param {string} body
 * @returns {{status: number, body: string, inputTokens: number, outputTokens: number}}
 */
export function generate(body) {
  const request = parseRequest(body);
  const text = render(request.data);
  const outputTokens = estimateTokens(text);
  const inputTokens = estimateTokens(body);
  const reply = JSON.stringify({
    finish_reason: 'stop',
    format: FORMAT,
    text,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  });
  return { status: 200, body: reply, inputTokens, outputTokens };
}

// Deserialization with serde's rules for the Rust structs: required strings, `Option<String>`
// (absent or null), `#[serde(default)]` lists; unknown fields ignored.
function parseRequest(body) {
  const bad = (why) => new OfflineBadRequest(`expected a ${FORMAT} request: ${why}`);
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw bad(e.message);
  }
  const object = (v, what) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(`${what}: expected an object`);
    return v;
  };
  const string = (o, field) => {
    if (!(field in o)) throw bad(`missing field \`${field}\``);
    if (typeof o[field] !== 'string') throw bad(`${field}: expected a string`);
    return o[field];
  };
  const optString = (o, field) => {
    if (o[field] === undefined || o[field] === null) return null;
    if (typeof o[field] !== 'string') throw bad(`${field}: expected a string or null`);
    return o[field];
  };
  const list = (o, field, item) => {
    if (o[field] === undefined) return [];
    if (!Array.isArray(o[field])) throw bad(`${field}: expected a sequence`);
    return o[field].map(item);
  };
  const top = object(value, 'request');
  const format = string(top, 'format');
  if (!('data' in top)) throw bad('missing field `data`');
  const data = object(top.data, 'data');
  if (!('issue' in data)) throw bad('missing field `issue`');
  const i = object(data.issue, 'issue');
  const issue = {
    key: string(i, 'key'),
    summary: string(i, 'summary'),
    status: string(i, 'status'),
    issueType: string(i, 'issue_type'),
    priority: optString(i, 'priority'),
    labels: list(i, 'labels', (l) => {
      if (typeof l !== 'string') throw bad('labels: expected strings');
      return l;
    }),
    assignee: optString(i, 'assignee'),
    reporter: optString(i, 'reporter'),
    description: string(i, 'description'),
    comments: list(i, 'comments', (c) => {
      const o = object(c, 'comment');
      return { author: optString(o, 'author'), created: string(o, 'created'), body: string(o, 'body') };
    }),
  };
  const excerpts = list(data, 'excerpts', (e) => ({ title: string(object(e, 'excerpt'), 'title') }));
  if (format !== FORMAT) {
    throw new OfflineBadRequest(`expected format ${JSON.stringify(FORMAT)}, found ${JSON.stringify(format)}`);
  }
  return { format, data: { issue, excerpts } };
}

/** Renders the page-section template. */
function render(data) {
  const { issue } = data;
  let out = `<h2>${esc(issue.key)}: ${esc(issue.summary)}</h2>`;
  out += factsTable(issue);
  out += '<h3>Description</h3>';
  out += textToStorage(issue.description);
  out += comments(issue.comments);
  out += related(data.excerpts);
  out += `<p><em>Maintained by Sync-o from ${esc(issue.key)}. Edits inside this section are kept and merged.</em></p>`;
  return out;
}

function factsTable(issue) {
  const none = '—';
  const rows = [
    ['Status', issue.status],
    ['Type', issue.issueType],
    ['Priority', issue.priority ?? none],
    ['Assignee', issue.assignee ?? 'Unassigned'],
    ['Reporter', issue.reporter ?? none],
    ['Labels', issue.labels.length === 0 ? none : issue.labels.join(', ')],
  ];
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

function comments(list) {
  if (list.length === 0) return '';
  const items = list
    .slice(Math.max(0, list.length - 3))
    .map((c) => {
      const who = c.author ?? 'someone';
      const date = byteSlicePrefix(c.created, 10) ?? c.created;
      const first = c.body.split('\n\n')[0];
      return `<li><strong>${esc(who)}</strong> (${esc(date)}): ${esc(shorten(first, 300))}</li>`;
    })
    .join('');
  return `<h3>Latest comments</h3><ul>${items}</ul>`;
}

function related(excerpts) {
  if (excerpts.length === 0) return '';
  const items = excerpts.map((e) => `<li><ac:link><ri:page ri:content-title="${esc(e.title)}" /></ac:link></li>`).join('');
  return `<h3>Related pages</h3><ul>${items}</ul>`;
}

/** Rust's `str::get(..n)` on UTF-8 bytes: the prefix, or null when `n` is past the end or not on
 * a character boundary. */
function byteSlicePrefix(text, n) {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    if (bytes === n) return out;
    bytes += utf8.encode(ch).length;
    if (bytes > n) return null;
    out += ch;
  }
  return bytes === n ? out : null;
}

/** Rust's `str::lines`: split after each `\n`, drop it and one `\r` before it. */
function rustLines(text) {
  const lines = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      lines.push(text.slice(start));
      break;
    }
    let line = text.slice(start, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lines.push(line);
    start = nl + 1;
  }
  return lines;
}

/** Markdown-like text (as the guest normalizes ADF) to storage format. */
function textToStorage(text) {
  let out = '';
  const lines = rustLines(text);
  let at = 0;
  const next = () => lines[at++];
  const nextIf = (pred) => (at < lines.length && pred(lines[at]) ? lines[at++] : undefined);
  while (at < lines.length) {
    const line = next();
    const trimmed = trimEnd(line);
    if (trimmed.startsWith('```')) {
      const lang = trimmed.slice(3);
      const code = [];
      while (at < lines.length) {
        const l = next();
        if (trimEnd(l) === '```') break;
        code.push(l);
      }
      out += codeMacro(trim(lang), code.join('\n'));
    } else if (trimmed.startsWith('|')) {
      const rows = [trimmed];
      for (let l; (l = nextIf((x) => trimStart(x).startsWith('|'))) !== undefined; ) rows.push(trimEnd(l));
      out += table(rows);
    } else if (isListItem(trimmed)) {
      const items = [trimmed];
      for (let l; (l = nextIf((x) => isListItem(trimEnd(x)))) !== undefined; ) items.push(trimEnd(l));
      out += listHtml(items);
    } else if (heading(trimmed) !== null) {
      out += `<h4>${esc(heading(trimmed))}</h4>`;
    } else if (trimmed.startsWith('> ') || trimmed === '>') {
      out += `<blockquote><p>${esc(trimmed.startsWith('> ') ? trimmed.slice(2) : '')}</p></blockquote>`;
    } else if (trimmed === '---') {
      out += '<hr />';
    } else if (trim(trimmed) !== '') {
      out += `<p>${esc(trim(trimmed))}</p>`;
    }
  }
  return out;
}

function heading(line) {
  const rest = line.replace(/^#+/, '');
  return rest.length < line.length && rest.startsWith(' ') ? trim(rest) : null;
}

/** Rust's `split_once(". ")`. */
function splitOnceDot(l) {
  const at = l.indexOf('. ');
  return at === -1 ? null : [l.slice(0, at), l.slice(at + 2)];
}

function isListItem(line) {
  const l = trimStart(line);
  if (l.startsWith('- ')) return true;
  const split = splitOnceDot(l);
  return split !== null && split[0] !== '' && /^[0-9]+$/.test(split[0]);
}

function listHtml(items) {
  const ordered = !(items.length > 0 && trimStart(items[0]).startsWith('- '));
  const body = items
    .map((item) => {
      const l = trimStart(item);
      const text = l.startsWith('- ') ? l.slice(2) : (splitOnceDot(l)?.[1] ?? l);
      return `<li>${esc(text)}</li>`;
    })
    .join('');
  const tag = ordered ? 'ol' : 'ul';
  return `<${tag}>${body}</${tag}>`;
}

function table(rows) {
  const body = rows
    .filter((r) => ![...r].every((c) => c === '|' || c === '-' || c === ':' || c === ' '))
    .map((r) => {
      const cells = trim(r)
        .replace(/^\|+/, '')
        .replace(/\|+$/, '')
        .split('|')
        .map((c) => `<td>${esc(trim(c))}</td>`)
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('');
  return `<table><tbody>${body}</tbody></table>`;
}

function codeMacro(language, code) {
  const lang = /^[A-Za-z0-9-]*$/.test(language) ? language : '';
  // `]]>` cannot appear inside CDATA: split it across two sections.
  const body = code.replaceAll(']]>', ']]]]><![CDATA[>');
  return `<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">${lang}</ac:parameter><ac:plain-text-body><![CDATA[${body}]]></ac:plain-text-body></ac:structured-macro>`;
}

function shorten(text, maxChars) {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, maxChars).join('')}…`;
}

/** Escapes text for XML element content and attribute values; drops control characters but
 * newline and tab. */
function esc(text) {
  let out = '';
  for (const c of text) {
    switch (c) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      default:
        if (c !== '\n' && c !== '\t' && CONTROL.test(c)) break;
        out += c;
    }
  }
  return out;
}

/**
 * The offline embedder: lowercase words, word bigrams and character trigrams of words, each
 * hashed (FNV-1a 64) into `dims` buckets with a hash-derived sign and weights 1, ½ and ¼, then
 * L2-normalized, all in f32. An all-zero vector when the text has no word.
 * @param {string} text
 * @param {number} [dims]
 * @returns {Float32Array}
 */
export function embed(text, dims = OFFLINE_DIMENSIONS) {
  const v = new Float32Array(Math.max(1, dims));
  const words = text
    .toLowerCase()
    .split(NOT_ALPHANUMERIC_SPLIT)
    .filter((w) => w !== '');
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    add(v, word, 1.0);
    if (i + 1 < words.length) add(v, `${word} ${words[i + 1]}`, 0.5);
    const padded = ['^', ...word, '$'];
    for (let j = 0; j + 3 <= padded.length; j++) add(v, padded[j] + padded[j + 1] + padded[j + 2], 0.25);
  }
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum = Math.fround(sum + Math.fround(v[i] * v[i]));
  const norm = Math.fround(Math.sqrt(sum));
  if (norm > 0) {
    for (let i = 0; i < v.length; i++) v[i] = v[i] / norm; // stored rounded to f32
  }
  return v;
}

const NOT_ALPHANUMERIC_SPLIT = new RegExp(NOT_ALPHANUMERIC.source, 'gu');

function add(v, feature, weight) {
  const [hi, lo] = fnv1a(utf8.encode(feature));
  const d = v.length;
  const idx = ((hi % d) * (2 ** 32 % d) + (lo % d)) % d;
  const sign = hi >>> 31 === 0 ? 1 : -1;
  v[idx] += sign * weight; // f32 + exact small multiple of ¼, rounded once to f32
}

/** FNV-1a 64 over bytes, as [high 32 bits, low 32 bits]. */
export function fnv1a(bytes) {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const b of bytes) {
    lo = (lo ^ b) >>> 0;
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40), modulo 2^64.
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 2 ** 32);
    const hiProduct = hi * 0x1b3 + carry + ((lo << 8) >>> 0);
    lo = loProduct >>> 0;
    hi = hiProduct >>> 0;
  }
  return [hi, lo];
}
