"use client";

import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import type { ApiModel } from "@/lib/ai/api-model";
import { StrokeIcon } from "./ui/stroke-icon";

type Props = {
  models: ApiModel[];
  /** The conversation's model; null for the default. */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
};

/** The model of the conversation: a filterable list grouped by server, worked with the keyboard alone. */
export function ModelPicker({ models, value, onChange, disabled }: Props) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  const fallback = models.find((model) => model.default);
  const current = models.find((model) => model.id === value);
  const label = current ? current.name : value ? value : fallback ? fallback.name : "No model";

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return models.filter(
      (model) =>
        !needle ||
        model.name.toLowerCase().includes(needle) ||
        model.id.toLowerCase().includes(needle) ||
        model.connection.toLowerCase().includes(needle),
    );
  }, [models, filter]);
  const choosable = shown.filter((model) => model.available);
  const groups = useMemo(() => {
    const byConnection = new Map<string, ApiModel[]>();
    for (const model of shown)
      byConnection.set(model.connection, [...(byConnection.get(model.connection) ?? []), model]);
    return [...byConnection];
  }, [shown]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when it opens
  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    const selected = choosable.findIndex((model) => model.id === (value ?? fallback?.id));
    setActive(Math.max(0, selected));
    const onPointerDown = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node))
        setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, listId]);

  function close() {
    setOpen(false);
    setFilter("");
    button.current?.focus();
  }

  function choose(model: ApiModel) {
    onChange(model.default && value === null ? null : model.id);
    close();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (choosable.length === 0) return;
      setActive((at) => (at + (event.key === "ArrowDown" ? 1 : -1) + choosable.length) % choosable.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const model = choosable[active];
      if (model) choose(model);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  }

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className="flex max-w-[16rem] items-center gap-1.5 rounded-lg px-2.5 py-1.5 font-medium text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-50 dark:hover:bg-neutral-800"
      >
        <span className="sr-only">Model: </span>
        <span className="truncate" data-testid="current-model">
          {label}
        </span>
        <StrokeIcon path="M6 9l6 6 6-6" className="size-4 shrink-0 text-neutral-500" />
      </button>
      {open && (
        <div
          ref={panel}
          className="absolute top-full left-0 z-40 mt-1 w-80 md:right-0 md:left-auto max-w-[calc(100vw-1.5rem)] rounded-xl border border-neutral-200 bg-white shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
        >
          <input
            ref={input}
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={choosable[active] ? `${listId}-${active}` : undefined}
            aria-label="Filter models"
            placeholder="Filter models"
            className="w-full rounded-t-xl border-neutral-200 border-b bg-transparent px-3 py-2 text-sm outline-none dark:border-neutral-700"
          />
          <div id={listId} role="listbox" aria-label="Models" className="max-h-80 overflow-y-auto p-1">
            {groups.length === 0 && <p className="px-3 py-2 text-neutral-500 text-sm">No model matches.</p>}
            {groups.map(([connection, members]) => (
              // biome-ignore lint/a11y/useSemanticElements: options of a listbox are grouped by role
              <div key={connection} role="group" aria-label={connection}>
                <p className="px-3 pt-2 pb-1 font-medium text-neutral-500 text-xs dark:text-neutral-400">
                  {connection}
                </p>
                {members.map((model) => {
                  const index = choosable.indexOf(model);
                  const selected = model.id === (value ?? fallback?.id);
                  return (
                    <div
                      key={model.id}
                      id={index >= 0 ? `${listId}-${index}` : undefined}
                      role="option"
                      tabIndex={-1}
                      aria-selected={selected}
                      aria-disabled={!model.available}
                      title={model.reason}
                      onMouseEnter={() => index >= 0 && setActive(index)}
                      onClick={() => model.available && choose(model)}
                      onKeyDown={() => {}}
                      className={`flex cursor-pointer items-center gap-2 rounded-lg px-3 py-1.5 text-sm ${
                        !model.available
                          ? "cursor-not-allowed text-neutral-400 dark:text-neutral-600"
                          : index === active
                            ? "bg-neutral-100 dark:bg-neutral-800"
                            : ""
                      }`}
                    >
                      <span aria-hidden="true" className="w-4 shrink-0">
                        {selected ? "✓" : ""}
                      </span>
                      <span className="min-w-0 flex-1">
                        <span className="block truncate">{model.name}</span>
                        {!model.available && model.reason && (
                          <span className="block truncate text-xs">{model.reason}</span>
                        )}
                      </span>
                      {model.default && (
                        <span className="text-neutral-600 text-xs dark:text-neutral-400">default</span>
                      )}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
