// Why this file exists: the Node host's embedders, ported from the Rust host
// (host/src/embedders.rs, whose module documentation gives the sources for every limit here):
// which model turns a tenant's (already redacted) texts into vectors, and how each provider's
// embeddings API is spoken — request bodies, batching within the provider's limits, and strict
// reading of the answer. Both hosts must send the same bytes and keep the same vectors, bit for
// bit, so a page indexed through Forge ranks as it would through wasmtime;
// tests/fixtures/embeddings/cases.json holds both to that.
//
// The embedder is explicit tenant configuration (`embedder: {model, dimensions}`), never inferred
// from the generation model; the default is the offline embedder (256 dimensions). A provider
// embedder uses the tenant's generation provider, origin, region, account and credential.
// Anthropic has no embeddings API, so anthropic tenants use the offline embedder. Every vector
// handed back is unit length; an empty or whitespace-only text is not sent and gets the zero
// vector. Token counts are bounded by one per UTF-8 byte plus 2 per text. Where the requests go is
// providers.js (`embeddingEndpoint`).

import { NETWORK_PROVIDERS } from './providers.js';

/** The offline embedder's model name. */
export const OFFLINE_MODEL = 'offline';
/** The offline embedder's dimension. */
export const OFFLINE_DIMENSIONS = 256;
/** Tokens counted per text on top of its bytes (start and end markers). */
export const TOKEN_OVERHEAD = 2;
/** The largest embeddings answer read: 8 MiB. */
export const MAX_EMBED_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Bytes one value takes in a provider's JSON answer, at most, and the JSON around one vector. */
const BYTES_PER_VALUE = 24;
const BYTES_PER_VECTOR = 1024;

/** The embedding models each provider offers: allowed dimensions, native first. */
const CATALOGUE = {
  'vertex-gemini': { 'text-embedding-005': [768], 'text-embedding-004': [768] },
  'gemini-api': { 'gemini-embedding-001': [3072, 1536, 768] },
  openai: { 'text-embedding-3-small': [1536, 768, 512] },
};
/** Dimensions an Azure OpenAI embedding deployment (of `text-embedding-3-small`) may have. */
const AZURE_DIMENSIONS = [1536, 768, 512];
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** A tenant's embedder configuration refused (`message` says what and what was expected). */
export class EmbedderError extends Error {
  constructor(message) {
    super(message);
    this.name = 'EmbedderError';
  }
}

/** A provider's embeddings answer that is not usable; never quotes the answer. */
export class ResponseError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ResponseError';
  }
}

/**
 * The embedder `embedder` resolves to on `provider`: `null` for the offline embedder, else
 * `{provider, model, dimensions, native}`; throws EmbedderError when it cannot be used.
 * @param {string} provider the tenant's generation provider
 * @param {{model: string, dimensions: number}} embedder
 */
export function resolveEmbedder(provider, embedder) {
  const { model, dimensions } = embedder;
  if (model === OFFLINE_MODEL) {
    if (dimensions !== OFFLINE_DIMENSIONS) throw new EmbedderError(`${OFFLINE_MODEL} does not produce ${dimensions}-dimensional vectors; expected one of [${OFFLINE_DIMENSIONS}]`);
    return null;
  }
  if (!NETWORK_PROVIDERS.includes(provider)) {
    throw new EmbedderError(`the offline provider has only the offline embedder (${OFFLINE_MODEL}, ${OFFLINE_DIMENSIONS} dimensions); set a network provider first`);
  }
  if (provider === 'anthropic') {
    throw new EmbedderError(`anthropic has no embeddings API: tenants on anthropic use the offline embedder (${OFFLINE_MODEL}, ${OFFLINE_DIMENSIONS} dimensions)`);
  }
  let allowed;
  if (provider === 'azure-openai') {
    if (typeof model !== 'string' || !NAME.test(model)) throw new EmbedderError(`embedding deployment ${JSON.stringify(model)} must be 1 to 64 letters, digits, '.', '_' or '-'`);
    allowed = AZURE_DIMENSIONS;
  } else {
    allowed = Object.hasOwn(CATALOGUE[provider], model) ? CATALOGUE[provider][model] : null;
    if (allowed === null) {
      throw new EmbedderError(`${provider} has no embedding model ${JSON.stringify(model)}; expected ${OFFLINE_MODEL} or one of ${JSON.stringify(Object.keys(CATALOGUE[provider]))}`);
    }
  }
  if (!allowed.includes(dimensions)) throw new EmbedderError(`${model} does not produce ${dimensions}-dimensional vectors; expected one of ${JSON.stringify(allowed)}`);
  return { provider, model, dimensions, native: allowed[0] };
}

/** Whether `text` has no content to embed: empty or only Unicode White_Space (as Rust's
 * `str::trim`; `String.prototype.trim` differs on U+FEFF and U+0085). Such a text is not sent and
 * gets the zero vector. */
export const isBlank = (text) => /^\p{White_Space}*$/u.test(text);

/** The conservative token bound for one text: its UTF-8 bytes plus TOKEN_OVERHEAD. */
export const tokenBound = (text) => Buffer.byteLength(text, 'utf8') + TOKEN_OVERHEAD;

/** The provider's limits `{maxTexts, maxRequestTokens, maxTextTokens}`, texts per request also
 * bounded by the response cap for the embedder's dimension. */
export function batchLimits(embedder) {
  const [maxTexts, maxRequestTokens, maxTextTokens] = {
    'vertex-gemini': [250, 20_000, 20_000],
    openai: [2048, 300_000, 8192],
    'azure-openai': [2048, 300_000, 8192],
    'gemini-api': [100, 100 * 2048, 2048],
  }[embedder.provider];
  const fit = Math.floor(MAX_EMBED_RESPONSE_BYTES / (embedder.dimensions * BYTES_PER_VALUE + BYTES_PER_VECTOR));
  return { maxTexts: Math.max(1, Math.min(maxTexts, fit)), maxRequestTokens, maxTextTokens };
}

/** `text` cut to at most `maxTokens` by tokenBound, at a character boundary. */
export function truncate(text, maxTokens) {
  const maxBytes = Math.max(0, maxTokens - TOKEN_OVERHEAD);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Splits texts with token bounds `bounds`, in order, into requests within `limits`: index
 * ranges `[start, end)`. */
export function planBatches(bounds, limits) {
  const batches = [];
  let start = 0;
  let tokens = 0;
  bounds.forEach((bound, i) => {
    if (i > start && (i - start === limits.maxTexts || tokens + bound > limits.maxRequestTokens)) {
      batches.push([start, i]);
      start = i;
      tokens = 0;
    }
    tokens += bound;
  });
  if (start < bounds.length) batches.push([start, bounds.length]);
  return batches;
}

const googleTask = (task) => (task === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT');

/** The request body for `texts` (already cut to the limits, none empty), byte for byte the Rust
 * host's (serde_json writes object keys sorted). */
export function requestBody(embedder, task, texts) {
  const reduced = embedder.dimensions !== embedder.native ? embedder.dimensions : undefined;
  switch (embedder.provider) {
    case 'vertex-gemini':
      return JSON.stringify({
        instances: texts.map((content) => ({ content, task_type: googleTask(task) })),
        parameters: reduced === undefined ? { autoTruncate: true } : { autoTruncate: true, outputDimensionality: reduced },
      });
    case 'gemini-api':
      return JSON.stringify({
        requests: texts.map((text) => ({
          content: { parts: [{ text }] },
          model: `models/${embedder.model}`,
          ...(reduced === undefined ? {} : { outputDimensionality: reduced }),
          taskType: googleTask(task),
        })),
      });
    default: {
      const body = {};
      if (reduced !== undefined) body.dimensions = reduced;
      body.input = texts;
      if (embedder.provider === 'openai') body.model = embedder.model;
      return JSON.stringify(body);
    }
  }
}

/** A token count as a provider writes it: a non-negative number, sometimes written as a float
 * (`12.0`), rounded down (as the Rust host reads counts); null otherwise. */
const tokenCount = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumbers = (v) => Array.isArray(v) && v.every((x) => typeof x === 'number');

/** The raw vectors and reported input tokens of an answer, checked for shape. */
function readAnswer(embedder, value, expected) {
  const malformed = (what) => new ResponseError(`malformed embeddings answer: ${what}`);
  if (!isObject(value)) throw malformed('expected a json object');
  switch (embedder.provider) {
    case 'vertex-gemini': {
      if (!Array.isArray(value.predictions)) throw malformed('expected predictions');
      // Tokens are reported only if every prediction reports its count, as in the Rust host.
      let tokens = 0;
      const raw = value.predictions.map((p) => {
        if (!isObject(p) || !isObject(p.embeddings) || !isNumbers(p.embeddings.values)) throw malformed('expected predictions[].embeddings.values');
        const reported = tokenCount(p.embeddings.statistics?.token_count);
        tokens = reported !== null && tokens !== null ? tokens + reported : null;
        return p.embeddings.values;
      });
      return [raw, tokens];
    }
    case 'gemini-api':
      if (!Array.isArray(value.embeddings) || !value.embeddings.every((e) => isObject(e) && isNumbers(e.values))) throw malformed('expected embeddings[].values');
      return [value.embeddings.map((e) => e.values), null];
    default: {
      if (!Array.isArray(value.data) || !value.data.every((d) => isObject(d) && Number.isInteger(d.index) && d.index >= 0 && isNumbers(d.embedding))) {
        throw malformed('expected data[].index and data[].embedding');
      }
      if (value.data.length !== expected) throw new ResponseError(`the answer has ${value.data.length} vectors for ${expected} texts`);
      const sorted = [...value.data].sort((a, b) => a.index - b.index);
      if (sorted.some((d, i) => d.index !== i)) throw new ResponseError(`the answer's indices are not 0..${expected}, each once`);
      const prompt = value.usage?.prompt_tokens;
      return [sorted.map((d) => d.embedding), tokenCount(prompt)];
    }
  }
}

/**
 * Reads a provider's answer to a request of `expected` texts: `{vectors, inputTokens}`, one
 * unit-length Float32Array per text in request order, and the input tokens reported (or null).
 */
export function parseResponse(embedder, body, expected) {
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ResponseError('malformed embeddings answer: not json');
  }
  const [raw, inputTokens] = readAnswer(embedder, value, expected);
  if (raw.length !== expected) throw new ResponseError(`the answer has ${raw.length} vectors for ${expected} texts`);
  const vectors = raw.map((values, index) => {
    if (values.length !== embedder.dimensions) throw new ResponseError(`vector ${index} has ${values.length} dimensions, not the configured ${embedder.dimensions}`);
    const unit = normalize(values);
    if (unit === null) throw new ResponseError(`vector ${index} holds a non-finite value or is all zeros`);
    return unit;
  });
  return { vectors, inputTokens: inputTokens === null ? null : Math.min(inputTokens, 0xffffffff) };
}

/** `values` scaled to unit length as the Rust host does it (in f64, scaled by the largest
 * magnitude first so no square overflows, summed in order, then rounded to f32); null when a
 * value is not finite or all are zero. */
export function normalize(values) {
  if (values.some((v) => !Number.isFinite(v))) return null;
  const scale = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (scale === 0) return null;
  let sum = 0;
  for (const v of values) sum += (v / scale) * (v / scale);
  const norm = Math.sqrt(sum);
  return Float32Array.from(values, (v) => v / scale / norm);
}
