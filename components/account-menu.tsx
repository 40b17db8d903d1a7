"use client";

import Link from "next/link";
import { type ChangeEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { applyTheme, readTheme, THEMES, type Theme } from "@/lib/client/theme";
import { useShell } from "./shell-context";
import { StrokeIcon } from "./ui/stroke-icon";

const item =
  "flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-neutral-100 focus:bg-neutral-100 focus:outline-none dark:focus:bg-neutral-800 dark:hover:bg-neutral-800";

/** The account's menu at the foot of the sidebar: settings, administration, export and import, theme, log out. */
export function AccountMenu({ username, isAdmin }: { username: string; isAdmin: boolean }) {
  const { list } = useShell();
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState<Theme>("system");
  const [status, setStatus] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => setTheme(readTheme()), []);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function close() {
    setOpen(false);
    button.current?.focus();
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (at + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      items[event.key === "Home" ? 0 : items.length - 1]?.focus();
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  }

  function chooseTheme(next: Theme) {
    setTheme(next);
    applyTheme(next);
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setStatus(`Importing ${file.name}…`);
    const type = file.name.toLowerCase().endsWith(".zip") ? "application/zip" : "application/json";
    try {
      const result = await fetchJson<{ imported: number; skipped: number }>("/api/import", {
        method: "POST",
        headers: { "content-type": type },
        body: file,
      });
      const skipped = result.skipped ? `, ${result.skipped} already here` : "";
      setStatus(`Imported ${result.imported} conversation${result.imported === 1 ? "" : "s"}${skipped}.`);
      await list.refresh();
    } catch (caught) {
      setStatus((caught as Error).message);
    }
  }

  return (
    <div className="relative border-neutral-200 border-t p-2 text-sm dark:border-neutral-800">
      {status && (
        <p role="status" className="mb-2 px-2 text-neutral-600 text-xs dark:text-neutral-400">
          {status}
        </p>
      )}
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json,application/zip,.zip"
        className="hidden"
        aria-hidden="true"
        tabIndex={-1}
        onChange={importFile}
      />
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label="Account"
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
          className="absolute right-2 bottom-full left-2 z-40 mb-1 rounded-xl border border-neutral-200 bg-white p-1 shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
        >
          <Link
            role="menuitem"
            tabIndex={-1}
            href="/settings"
            className={item}
            onClick={() => setOpen(false)}
          >
            Settings
          </Link>
          {isAdmin && (
            <Link role="menuitem" tabIndex={-1} href="/admin" className={item} onClick={() => setOpen(false)}>
              Administration
            </Link>
          )}
          <a
            role="menuitem"
            tabIndex={-1}
            href="/api/export"
            download
            className={item}
            onClick={() => setOpen(false)}
          >
            Export all conversations
          </a>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item}
            onClick={() => {
              setOpen(false);
              fileInput.current?.click();
            }}
          >
            Import conversations…
          </button>
          {/* biome-ignore lint/a11y/useSemanticElements: a group of menu items, which a fieldset cannot hold */}
          <div
            role="group"
            aria-label="Theme"
            className="my-1 border-neutral-200 border-y py-1 dark:border-neutral-700"
          >
            <p className="px-3 py-1 text-neutral-500 text-xs dark:text-neutral-400">Theme</p>
            {THEMES.map((option) => (
              <button
                key={option.value}
                type="button"
                role="menuitemradio"
                aria-checked={theme === option.value}
                tabIndex={-1}
                className={item}
                onClick={() => chooseTheme(option.value)}
              >
                <span aria-hidden="true" className="w-4">
                  {theme === option.value ? "✓" : ""}
                </span>
                {option.label}
              </button>
            ))}
          </div>
          <form action="/logout" method="post">
            <button type="submit" role="menuitem" tabIndex={-1} className={item}>
              Log out
            </button>
          </form>
        </div>
      )}
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-2 rounded-lg px-2 py-2 hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800"
      >
        <span
          aria-hidden="true"
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-neutral-300 font-medium text-xs uppercase dark:bg-neutral-700"
        >
          {username.slice(0, 1)}
        </span>
        <span className="min-w-0 flex-1 truncate text-left" title={username}>
          {username}
        </span>
        <StrokeIcon path="M6 15l6-6 6 6" className="size-4 text-neutral-500" />
        <span className="sr-only">Account menu</span>
      </button>
    </div>
  );
}
