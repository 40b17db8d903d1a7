"use client";

import { useState } from "react";
import type { ApiModel } from "@/lib/ai/api-model";
import type { ApiPreset } from "@/lib/chat/api-preset";
import { ConversationSettingsDialog } from "./conversation-settings";
import { ModelPicker } from "./model-picker";
import { ShareDialog } from "./share-dialog";
import { StrokeIcon } from "./ui/stroke-icon";
import type { ConversationSettings } from "./use-conversation-settings";

const SLIDERS = "M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M16 4v4M10 10v4M18 16v4";

/** Above the chat: its name (on a wide screen), its model, its settings, and sharing it. */
export function ChatHeader({
  title,
  models,
  presets,
  settings,
  presetName,
  disabled,
  onChange,
  conversationId,
  allowPublicShares,
}: {
  title: string;
  models: ApiModel[];
  presets: ApiPreset[];
  settings: ConversationSettings;
  presetName: string | null;
  disabled: boolean;
  onChange: (changes: Partial<ConversationSettings>) => Promise<void>;
  /** Null until the conversation has a first message: only then is there anything to share. */
  conversationId: string | null;
  allowPublicShares: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [sharing, setSharing] = useState(false);
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
        {conversationId && (
          <button
            type="button"
            onClick={() => setSharing(true)}
            aria-label="Share"
            title="Share a link to this conversation"
            className="rounded-lg p-2 text-sm hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800"
          >
            <StrokeIcon path="M4 12v7h16v-7M12 3v12M7 8l5-5 5 5" className="size-4" />
          </button>
        )}
      </div>
      {conversationId && (
        <ShareDialog
          conversationId={conversationId}
          allowPublic={allowPublicShares}
          open={sharing}
          onClose={() => setSharing(false)}
        />
      )}
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
