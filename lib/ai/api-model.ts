import type { CatalogueModel } from "./model-catalogue";

/** A model as GET /api/models lists it; the client's type is derived from this mapper. */
export type ApiModel = ReturnType<typeof toApiModel>;

export function toApiModel(model: CatalogueModel) {
  return {
    id: model.id,
    name: model.name,
    /** The name of the connection (model server) it is on. */
    connection: model.connection.name,
    available: model.available,
    ...(model.reason ? { reason: model.reason } : {}),
    default: model.isDefault,
    vision: model.vision,
  };
}

/** A model as GET /api/admin/models lists it, with what an administrator may change. */
export type ApiAdminModel = ReturnType<typeof toApiAdminModel>;

export function toApiAdminModel(model: CatalogueModel) {
  return {
    ...toApiModel(model),
    upstream_id: model.upstreamId,
    connection_id: model.connection.id,
    enabled: model.enabled,
  };
}
