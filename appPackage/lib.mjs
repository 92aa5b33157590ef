// Shared helpers for the Teams app package scripts (build.mjs, validate.mjs, icons/draw-icons.mjs).
// Node built-ins only, plus ajv / ajv-draft-04 / ajv-formats and the schemas shipped by
// @microsoft/app-manifest, all from the repo's node_modules.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const appPackageDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = dirname(appPackageDir);
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- placeholders
// `${{NAME}}` in manifest.json is replaced from the environment variable NAME
// (azd exports its outputs to hooks as environment variables).
// required: build fails without it; dummy: the value validate.mjs uses instead;
// normalize/check: clean up and verify a real value; fallback: value when unset.
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

function projectVersion() {
  try {
    const props = readFileSync(join(repoRoot, 'Directory.Build.props'), 'utf8');
    return /<Version>\s*([^<\s]+)\s*<\/Version>/.exec(props)?.[1];
  } catch {
    return undefined;
  }
}

export const PLACEHOLDERS = {
  TEAMS_APP_ID: {
    required: true,
    dummy: '00000000-0000-4000-8000-000000000001',
    what: 'Teams app id (azd output TEAMS_APP_ID)',
    check: (v) => GUID.test(v) || 'must be a GUID',
  },
  BOT_ID: {
    required: true,
    dummy: '00000000-0000-4000-8000-000000000002',
    what: 'Entra app (client) id of the bot (azd output BOT_ID)',
    check: (v) => GUID.test(v) || 'must be a GUID',
  },
  BOT_DOMAIN: {
    required: true,
    dummy: 'aims.example.com',
    what: 'host name of the bot endpoint, e.g. func-aims-xyz.azurewebsites.net (azd output BOT_DOMAIN)',
    normalize: (v) => v.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, '').toLowerCase(),
    check: (v) => HOST.test(v) || 'must be a bare host name (no scheme, path or port)',
  },
  APP_VERSION: {
    required: false,
    dummy: '1.0.0',
    what: 'Teams app version (semver); bump it for every package you upload',
    fallback: () => projectVersion() ?? '1.0.0',
    check: (v) => SEMVER.test(v) || 'must be a semantic version like 1.2.3',
  },
  AIMS_WEBSITE_URL: {
    required: false,
    dummy: 'https://aims.example.com/',
    what: 'developer website shown in Teams (your intranet page about AIMS)',
    fallback: (vals) => `https://${vals.BOT_DOMAIN}/`,
    check: (v) => /^https:\/\/\S+$/.test(v) || 'must be an https URL',
  },
  AIMS_PRIVACY_URL: {
    required: false,
    dummy: 'https://aims.example.com/privacy',
    what: 'privacy statement URL shown in Teams',
    fallback: (vals) => vals.AIMS_WEBSITE_URL,
    check: (v) => /^https:\/\/\S+$/.test(v) || 'must be an https URL',
  },
  AIMS_TERMS_URL: {
    required: false,
    dummy: 'https://aims.example.com/terms',
    what: 'terms of use URL shown in Teams',
    fallback: (vals) => vals.AIMS_WEBSITE_URL,
    check: (v) => /^https:\/\/\S+$/.test(v) || 'must be an https URL',
  },
};

const PLACEHOLDER_RE = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function placeholdersIn(text) {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]))];
}

/**
 * Resolves every placeholder used in `text`.
 * mode 'env': values from `env`, fallbacks for optional ones, errors for missing required ones
 *             (unless allowPlaceholders, which substitutes dummies for missing values);
 * mode 'dummy': syntactically valid dummy values everywhere (schema validation only).
 * Returns { values, errors }.
 */
export function resolvePlaceholders(text, { mode = 'env', env = process.env, allowPlaceholders = false } = {}) {
  const errors = [];
  const values = {};
  const used = placeholdersIn(text);
  for (const name of used) {
    if (!PLACEHOLDERS[name]) errors.push(`unknown placeholder \${{${name}}}: declare it in appPackage/lib.mjs PLACEHOLDERS`);
  }
  // Required ones first: fallbacks may refer to them.
  const order = Object.keys(PLACEHOLDERS).filter((n) => used.includes(n) || n === 'AIMS_WEBSITE_URL');
  for (const name of order) {
    const spec = PLACEHOLDERS[name];
    let value;
    if (mode === 'dummy') {
      value = spec.dummy;
    } else {
      value = env[name];
      if (value !== undefined && value.trim() === '') value = undefined;
      if (value === undefined && !spec.required && spec.fallback) value = spec.fallback(values);
      if (value === undefined) {
        if (allowPlaceholders) value = spec.dummy;
        else {
          errors.push(`missing environment variable ${name}: ${spec.what}`);
          continue;
        }
      }
      if (spec.normalize) value = spec.normalize(value);
    }
    const ok = spec.check ? spec.check(value) : true;
    if (ok !== true) errors.push(`${name}=${JSON.stringify(value)} ${ok}`);
    values[name] = value;
  }
  return { values, errors };
}

export function substitute(text, values) {
  return text.replace(PLACEHOLDER_RE, (whole, name) => {
    if (!(name in values)) return whole;
    // Values land inside JSON strings: escape them as JSON would.
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
}

// ---------------------------------------------------------------- manifest validation
const SCHEMA_URL = (v) => `https://developer.microsoft.com/en-us/json-schemas/teams/v${v}/MicrosoftTeams.schema.json`;

function loadAjvFor(schema) {
  const draft = String(schema.$schema ?? '');
  let Ajv;
  try {
    if (draft.includes('draft-04')) Ajv = require('ajv-draft-04');
    else if (draft.includes('2020-12')) Ajv = require('ajv/dist/2020');
    else if (draft.includes('2019-09')) Ajv = require('ajv/dist/2019');
    else Ajv = require('ajv'); // draft-06/07
  } catch (e) {
    throw new Error(`cannot load a JSON Schema validator for ${draft || 'an unknown draft'} (${e.message}); run npm ci at the repo root`);
  }
  Ajv = Ajv.default ?? Ajv;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = require('ajv-formats');
  (addFormats.default ?? addFormats)(ajv);
  return ajv;
}

export function schemaPathFor(manifestVersion) {
  const pkgDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(pkgDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Validates a parsed, placeholder-free manifest. Returns a list of error strings. */
export function validateManifest(manifest) {
  const errors = [];
  const v = manifest.manifestVersion;
  if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) return ['manifestVersion must be a string like "1.30"'];
  if (v === 'devPreview') return ['manifestVersion devPreview is not allowed: use a released schema'];
  const schemaPath = schemaPathFor(v);
  if (!existsSync(schemaPath)) return [`no bundled schema for manifestVersion ${v} (${schemaPath})`];
  if (manifest.$schema !== SCHEMA_URL(v)) errors.push(`$schema must be ${SCHEMA_URL(v)}`);

  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const validate = loadAjvFor(schema).compile(schema);
  if (!validate(manifest)) {
    for (const e of validate.errors) {
      const detail = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
      errors.push(`schema v${v}: ${e.instancePath || '/'} ${e.message}${detail}`);
    }
  }

  // Rules the schema cannot express.
  const bots = manifest.bots ?? [];
  if (bots.length !== 1) errors.push('exactly one bot is expected');
  for (const bot of bots) {
    for (const scope of ['personal', 'team', 'groupChat']) {
      if (!bot.scopes?.includes(scope)) errors.push(`bot must be available in the ${scope} scope`);
    }
    if (bot.supportsFiles !== false) errors.push('bot.supportsFiles must be false');
    const seen = new Map();
    for (const list of bot.commandLists ?? []) {
      for (const scope of list.scopes ?? []) {
        if (!bot.scopes?.includes(scope)) errors.push(`command list scope ${scope} is not a bot scope`);
      }
      for (const c of list.commands ?? []) {
        if (!c.description) errors.push(`command "${c.title}" needs a description`);
        for (const scope of list.scopes ?? []) {
          const key = `${scope}:${c.title.toLowerCase()}`;
          if (seen.has(key)) errors.push(`command "${c.title}" is listed twice for scope ${scope}`);
          seen.set(key, true);
        }
      }
    }
    if (manifest.webApplicationInfo && manifest.webApplicationInfo.id !== bot.botId) {
      errors.push('webApplicationInfo.id must equal bots[0].botId (one Entra app registration)');
    }
  }
  for (const d of manifest.validDomains ?? []) {
    if (/^[a-z]+:\/\//i.test(d) || d.includes('/')) errors.push(`validDomains entry "${d}" must be a bare host name`);
  }
  errors.push(...tabProblems(manifest));
  if (manifest.icons?.color !== 'color.png' || manifest.icons?.outline !== 'outline.png') {
    errors.push('icons must be "color.png" and "outline.png" (the names used inside the package)');
  }
  const left = placeholdersIn(JSON.stringify(manifest));
  if (left.length) errors.push(`unresolved placeholders: ${left.join(', ')}`);
  return errors;
}

/**
 * The workspace tab next to the bot: Teams SSO and nested app authentication ask for a token for webApplicationInfo.resource,
 * which for a bot-and-tab app must be api://<domain>/botid-<bot id> with the domain lower case and in validDomains; every
 * tab page is served over HTTPS from a valid domain; the personal scope keeps the bot's chat among the tabs.
 */
function tabProblems(manifest) {
  const errors = [];
  const domains = manifest.validDomains ?? [];
  const botId = manifest.bots?.[0]?.botId;
  const resource = manifest.webApplicationInfo?.resource;
  const tabs = manifest.staticTabs ?? [];
  const configurable = manifest.configurableTabs ?? [];
  if (tabs.length || configurable.length) {
    const m = /^api:\/\/([^/]+)\/botid-(.+)$/.exec(resource ?? '');
    if (!m) errors.push('webApplicationInfo.resource must be api://<domain>/botid-<bot id> (the bot-and-tab form)');
    else {
      if (m[1] !== m[1].toLowerCase()) errors.push('webApplicationInfo.resource: the domain must be lower case');
      if (!domains.includes(m[1])) errors.push(`webApplicationInfo.resource: the domain ${m[1]} must be in validDomains`);
      if (m[2] !== botId) errors.push('webApplicationInfo.resource must end with botid-<bots[0].botId>');
    }
  }
  const urls = [
    ...tabs.flatMap((t) => [['staticTabs ' + t.entityId + ' contentUrl', t.contentUrl], ['staticTabs ' + t.entityId + ' websiteUrl', t.websiteUrl]]),
    ...configurable.map((t) => ['configurableTabs configurationUrl', t.configurationUrl]),
  ].filter(([, u]) => u !== undefined);
  for (const [what, url] of urls) {
    let parsed;
    try { parsed = new URL(url); } catch { errors.push(`${what} is not a URL`); continue; }
    if (parsed.protocol !== 'https:') errors.push(`${what} must use https`);
    if (!domains.includes(parsed.hostname)) errors.push(`${what}: ${parsed.hostname} must be in validDomains`);
  }
  if (tabs.length && !tabs.some((t) => t.entityId === 'conversations')) {
    errors.push('staticTabs must keep the reserved "conversations" entry, so the bot chat stays beside the workspace');
  }
  return errors;
}

/** The bot commands of a manifest: [{ title, description, scopes }], one entry per title. */
export function botCommands(manifest) {
  const byTitle = new Map();
  for (const bot of manifest.bots ?? []) {
    for (const list of bot.commandLists ?? []) {
      for (const c of list.commands ?? []) {
        const entry = byTitle.get(c.title) ?? { title: c.title, description: c.description ?? '', scopes: [] };
        for (const s of list.scopes ?? []) if (!entry.scopes.includes(s)) entry.scopes.push(s);
        byTitle.set(c.title, entry);
      }
    }
  }
  return [...byTitle.values()];
}

// ---------------------------------------------------------------- CRC32, PNG, ZIP
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(...buffers) {
  let c = 0xffffffff;
  for (const buf of buffers) for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes 8-bit RGBA pixels (Uint8Array, width*height*4) as a PNG. */
export function encodePng(width, height, rgba) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const t = Buffer.from(type, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(t, data));
    return Buffer.concat([len, t, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Decodes a non-interlaced 8-bit PNG (grey, RGB, palette, grey+alpha, RGBA) to RGBA.
 * Throws with a clear message on anything else or on corruption.
 */
export function decodePng(buf) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  let pos = 8;
  let ihdr;
  let palette;
  let trns;
  const idat = [];
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new Error('truncated PNG chunk');
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (data.length !== len) throw new Error(`truncated ${type} chunk`);
    const crc = buf.readUInt32BE(pos + 8 + len);
    if (crc !== crc32(buf.subarray(pos + 4, pos + 8), data)) throw new Error(`CRC mismatch in ${type} chunk`);
    if (type === 'IHDR') {
      ihdr = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8],
        colorType: data[9],
        interlace: data[12],
      };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!ihdr) throw new Error('PNG has no IHDR chunk');
  const { width, height, bitDepth, colorType, interlace } = ihdr;
  if (bitDepth !== 8) throw new Error(`unsupported PNG bit depth ${bitDepth} (use 8)`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is too short');
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let p;
      switch (f) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter type ${f} on row ${y}`);
      }
      out[x] = (line[x] + p) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    let r, g, b, a = 255;
    switch (colorType) {
      case 0: r = g = b = px[s]; if (trns && trns.length >= 2 && px[s] === trns.readUInt16BE(0)) a = 0; break;
      case 2: [r, g, b] = [px[s], px[s + 1], px[s + 2]]; break;
      case 3: {
        const k = px[s];
        if (!palette || k * 3 + 2 >= palette.length) throw new Error('PNG palette index out of range');
        [r, g, b] = [palette[k * 3], palette[k * 3 + 1], palette[k * 3 + 2]];
        if (trns && k < trns.length) a = trns[k];
        break;
      }
      case 4: r = g = b = px[s]; a = px[s + 1]; break;
      case 6: [r, g, b, a] = [px[s], px[s + 1], px[s + 2], px[s + 3]]; break;
    }
    rgba.set([r, g, b, a], i * 4);
  }
  return { width, height, colorType, hasAlpha: colorType === 4 || colorType === 6 || !!trns, rgba };
}

/** Teams icon rules: color 192x192; outline 32x32, white on transparent. Returns error strings. */
export function checkIcons(colorPath, outlinePath) {
  const errors = [];
  const load = (label, path) => {
    try {
      return decodePng(readFileSync(path));
    } catch (e) {
      errors.push(`${label} ${path}: ${e.message}`);
      return undefined;
    }
  };
  const color = load('color icon', colorPath);
  if (color && (color.width !== 192 || color.height !== 192)) {
    errors.push(`color icon ${colorPath}: must be 192x192, is ${color.width}x${color.height}`);
  }
  const outline = load('outline icon', outlinePath);
  if (outline) {
    if (outline.width !== 32 || outline.height !== 32) {
      errors.push(`outline icon ${outlinePath}: must be 32x32, is ${outline.width}x${outline.height}`);
    }
    if (!outline.hasAlpha) errors.push(`outline icon ${outlinePath}: needs an alpha channel (transparent background)`);
    let bad = 0, opaque = 0, clear = 0, first;
    for (let i = 0; i < outline.width * outline.height; i++) {
      const [r, g, b, a] = outline.rgba.subarray(i * 4, i * 4 + 4);
      if (a === 0) { clear++; continue; }
      opaque++;
      if (r !== 255 || g !== 255 || b !== 255) {
        bad++;
        first ??= `(${i % outline.width},${Math.floor(i / outline.width)}) is rgba(${r},${g},${b},${a})`;
      }
    }
    if (bad) errors.push(`outline icon ${outlinePath}: ${bad} visible pixel(s) are not white, e.g. ${first}`);
    if (!opaque) errors.push(`outline icon ${outlinePath}: has no visible pixels`);
    if (!clear) errors.push(`outline icon ${outlinePath}: has no transparent pixels`);
  }
  return errors;
}

/** Writes a ZIP archive (deflate) of [{ name, data }] with a fixed timestamp, so builds are reproducible. */
export function createZip(entries) {
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (1 << 5) | 1; // 1980-01-01
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}
