"use client";

import { useState } from "react";
import type { ApiModel } from "@/lib/ai/api-model";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { ConversationSettingsDialog } from "./conversation-settings";
import { ModelPicker } from "./model-picker";
import { StrokeIcon } from "./ui/stroke-icon";
import type { ConversationSettings } from "./use-conversation-settings";

const SLIDERS = "M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M16 4v4M10 10v4M18 16v4";

/** Above the chat: its name (on a wide screen), its model, and its settings. */
export function ChatHeader({
  title,
  models,
  presets,
  settings,
  presetName,
  disabled,
  onChange,
}: {
  title: string;
  models: ApiModel[];
  presets: ApiPreset[];
  settings: ConversationSettings;
  presetName: string | null;
  disabled: boolean;
  onChange: (changes: Partial<ConversationSettings>) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const customised = settings.system_prompt !== null || settings.temperature !== null;
  return (
    <div className="flex items-center gap-2 border-neutral-200 border-b px-3 py-1.5 dark:border-neutral-800">
      <h1 className="hidden min-w-0 flex-1 truncate font-semibold md:block" data-testid="chat-title">
        {title}
      </h1>
      <div className="flex min-w-0 flex-1 items-center gap-1 md:flex-none">
        <ModelPicker
          models={models}
          value={settings.model}
          disabled={disabled}
          onChange={(model) => void onChange({ model })}
        />
        <button
          type="button"
          onClick={() => setOpen(true)}
          disabled={disabled}
          aria-label="Conversation settings"
          title="Conversation settings: system prompt, temperature, preset"
          className="relative flex items-center gap-1.5 rounded-lg p-2 text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-50 dark:hover:bg-neutral-800"
        >
          <StrokeIcon path={SLIDERS} className="size-4" />
          {(customised || presetName) && (
            <span className="max-w-[10rem] truncate text-neutral-600 text-xs dark:text-neutral-400">
              {presetName ?? "Custom instructions"}
            </span>
          )}
        </button>
      </div>
      <ConversationSettingsDialog
        open={open}
        value={settings}
        presets={presets}
        onSave={onChange}
        onClose={() => setOpen(false)}
      />
    </div>
  );
}
