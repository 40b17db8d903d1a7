import type { SelectHTMLAttributes } from "react";

/** A labelled select that lines up with TextField: the same label, border and height. */
export function SelectField({
  label,
  id,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; id: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-sm">
        {label}
      </label>
      <select
        id={id}
        className="h-10 rounded-lg border border-neutral-300 bg-transparent px-3 outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/30 dark:border-neutral-700 dark:bg-neutral-950"
        {...props}
      >
        {children}
      </select>
    </div>
  );
}
