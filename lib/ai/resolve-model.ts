import "server-only";
import { AppError } from "@/lib/errors";
import type { ModelTarget } from "./client";
import { type CatalogueModel, modelCatalogue } from "./model-catalogue";
import { MODEL_NOT_CONFIGURED } from "./model-not-configured";

export type ResolvedModel = { model: CatalogueModel; target: ModelTarget };

function toResolved(model: CatalogueModel): ResolvedModel {
  return {
    model,
    target: { client: model.connection.client, serverKey: model.connection.id, model: model.upstreamId },
  };
}

/**
 * The one way from a model id to the server that answers it: every path that calls a model (a
 * message, a regeneration, an edit, a summary, a new conversation's or a preset's model) comes
 * through here. A model that is unknown, disabled, or whose connection is turned off cannot be
 * used (400, naming it); no id means the default model (503 when there is none).
 */
export async function resolveModel({ id }: { id: string | null | undefined }): Promise<ResolvedModel> {
  const catalogue = await modelCatalogue();
  if (id === null || id === undefined) {
    const fallback = catalogue.find((model) => model.isDefault);
    if (!fallback) throw new AppError("unavailable:model", MODEL_NOT_CONFIGURED);
    return toResolved(fallback);
  }
  const model = catalogue.find((candidate) => candidate.id === id);
  if (!model?.enabled || !model.connection.enabled) {
    throw new AppError("bad_request:model", `The model "${id}" is unknown or disabled: pick another.`);
  }
  return toResolved(model);
}

/** Checks that a model id (of a conversation, a preset) may be used; null stands for the default. */
export async function assertUsableModel(id: string | null | undefined): Promise<void> {
  if (id !== null && id !== undefined) await resolveModel({ id });
}
