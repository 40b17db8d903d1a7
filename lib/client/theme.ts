// The theme a user chose: the system's (the default), light or dark. It is kept in a cookie, so
// that the server renders the page in it and nothing flashes while it loads.
export type Theme = "system" | "light" | "dark";

export const THEME_COOKIE = "theme";

export const THEMES: { value: Theme; label: string }[] = [
  { value: "system", label: "Same as the system" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

export function readTheme(): Theme {
  return parseTheme(/(?:^|;\s*)theme=([^;]+)/.exec(document.cookie)?.[1]);
}

/** The class on <html> for a theme: none follows the system. */
export function themeClass(theme: Theme): string | undefined {
  return theme === "system" ? undefined : theme;
}

export function applyTheme(theme: Theme): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser yet
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${60 * 60 * 24 * 400}; samesite=lax`;
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  const chosen = themeClass(theme);
  if (chosen) root.classList.add(chosen);
}
