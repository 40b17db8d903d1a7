// Two usernames that look alike must not be two accounts: `Alice`, `ＡＬＩＣＥ` and `alice` are one
// name, and `аlice` (with a Cyrillic а) is refused outright.

/**
 * The form under which usernames are unique and login limits are counted: NFKC (fullwidth and
 * compatibility forms become plain ones) and case folding (upper then lower case folds `ß` to `ss`).
 */
export function canonicalUsername(username: string): string {
  return username.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC");
}

const SCRIPTS = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Syriac",
  "Thaana",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Georgian",
  "Hangul",
  "Ethiopic",
  "Cherokee",
  "Khmer",
  "Mongolian",
  "Hiragana",
  "Katakana",
  "Bopomofo",
  "Han",
] as const;

const SCRIPT_PATTERNS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, "u")] as const);

function scriptOf(character: string): string {
  return SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(character))?.[0] ?? "Other";
}

// Scripts that are written together (Unicode's "highly restrictive" profile, UTS #39).
const WRITTEN_TOGETHER = [
  new Set(["Latin", "Han", "Hiragana", "Katakana"]),
  new Set(["Latin", "Han", "Bopomofo"]),
  new Set(["Latin", "Han", "Hangul"]),
];

/** True when the letters of a name come from scripts that are not written together. */
export function mixesScripts(username: string): boolean {
  const scripts = new Set(
    [...username.normalize("NFKC")].filter((character) => /\p{L}/u.test(character)).map(scriptOf),
  );
  if (scripts.size <= 1) return false;
  return !WRITTEN_TOGETHER.some((group) => [...scripts].every((script) => group.has(script)));
}
