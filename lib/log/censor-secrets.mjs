// @ts-check
// What a log line may never carry: the value of any of these fields, at the top of the line or one
// level down (`{ user: { password } }`). pino's own `redact` option does this too, but the library
// behind it (@pinojs/redact 0.4) parses its paths again for every line and clones the fields it
// looks into: about 10 KB of garbage for each request's one line, on every request.

const SECRET_FIELDS = new Set(["password", "token", "apiKey", "authorization", "cookie"]);
const CENSORED = "[redacted]";

/**
 * Only plain objects are looked into: not a Buffer's bytes, say. (An error is made a plain object
 * by its serializer first: logger.mjs.)
 * @param {unknown} value
 */
function isPlainObject(value) {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `object` with its secret fields' values replaced, one level down too; the same object when it has
 * none (nearly always), else a copy: the caller's own object is never changed.
 * @param {Record<string, unknown>} object
 * @param {boolean} [deeper]
 * @returns {Record<string, unknown>}
 */
export function censorSecrets(object, deeper = true) {
  /** @type {Record<string, unknown> | null} */
  let copy = null;
  for (const key of Object.keys(object)) {
    const value = object[key];
    let censored = value;
    if (SECRET_FIELDS.has(key)) {
      censored = value === undefined ? value : CENSORED;
    } else if (deeper && isPlainObject(value)) {
      censored = censorSecrets(/** @type {Record<string, unknown>} */ (value), false);
    }
    if (censored !== value) {
      copy ??= { ...object };
      copy[key] = censored;
    }
  }
  return copy ?? object;
}
