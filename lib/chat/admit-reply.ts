import "server-only";
import type { ModelTarget } from "@/lib/ai/client";
import type { ResolvedModel } from "@/lib/ai/resolve-model";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { releaseReply } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { uuidv7 } from "@/lib/ids";
import { reserveReplyQuota } from "./quota";
import { type ReplySlot, takeReplySlot } from "./reply-slots";
import { assertNotDraining } from "./shutdown";

/** A reply that may be written: its id, its place in its user's line, and its count in the ledger. */
export type AdmittedReply = {
  id: string;
  /** For the user's message the reply answers, if it is new: ids are in order of time. */
  userMessageId: string;
  user: SessionUser;
  /** The model's id, as the catalogue knows it, and how to call it. */
  model: string;
  target: ModelTarget;
  /** Whether the model may be sent images (an administrator says so). */
  vision: boolean;
  controller: AbortController;
  slot: ReplySlot;
  /** The reply's row in the ledger; already written when a quota is set (it was the check). */
  ledger: Promise<void>;
  /** Gives the place and the count back, for a reply that will not be started after all. */
  cancel: () => void;
};

/**
 * Lets a reply in, or refuses it with 429 before anything is saved: when the user already has as
 * many replies waiting as allowed, or has reached a quota. Every way to ask for a reply (a message,
 * a regeneration, an edit) comes through here.
 */
export async function admitReply({
  user,
  resolved,
}: {
  user: SessionUser;
  resolved: ResolvedModel;
}): Promise<AdmittedReply> {
  assertNotDraining();
  const model = resolved.model.id;
  const controller = new AbortController();
  const slot = takeReplySlot(user.id, controller.signal);
  const userMessageId = uuidv7();
  const id = uuidv7();
  const ledger = reserveReplyQuota({ user, replyId: id, model });
  const limited = env().MESSAGES_PER_DAY !== undefined || env().TOKENS_PER_DAY !== undefined;
  if (limited) {
    try {
      await ledger;
    } catch (error) {
      slot.release();
      throw error;
    }
  } else {
    // Without a limit nothing waits for the ledger: it is written alongside the messages.
    ledger.catch(() => {});
  }
  const cancel = () => {
    slot.release();
    void ledger.then(() => releaseReply({ id })).catch(() => {});
  };
  return {
    id,
    userMessageId,
    user,
    model,
    target: resolved.target,
    vision: resolved.model.vision,
    controller,
    slot,
    ledger,
    cancel,
  };
}
