import "server-only";
import { newId } from "@/lib/ids";
import { prisma } from "./client";
import { queryRaw } from "./raw";

export type ConnectionRecord = {
  id: string;
  name: string;
  baseUrl: string;
  /** Sealed (lib/crypto/secret-box.ts). */
  apiKey: string | null;
  prefix: string | null;
  enabled: boolean;
  /** Model ids the server does not list itself. */
  models: string[];
  createdAt: Date;
  updatedAt: Date;
};

type Row = Omit<ConnectionRecord, "models"> & { models: string };

const CONNECTION_COLUMNS = `"id", "name", "base_url" AS "baseUrl", "api_key" AS "apiKey", "prefix", "enabled",
  "models", "created_at" AS "createdAt", "updated_at" AS "updatedAt"`;

function toRecord(row: Row): ConnectionRecord {
  let models: unknown = [];
  try {
    models = JSON.parse(row.models);
  } catch {
    models = [];
  }
  return {
    ...row,
    models: Array.isArray(models) ? models.filter((m): m is string => typeof m === "string") : [],
  };
}

export type ConnectionChanges = Partial<
  Pick<ConnectionRecord, "name" | "baseUrl" | "apiKey" | "prefix" | "enabled" | "models">
>;

function toData(changes: ConnectionChanges) {
  const { models, ...rest } = changes;
  return { ...rest, ...(models === undefined ? {} : { models: JSON.stringify(models) }) };
}

export async function listConnections(): Promise<ConnectionRecord[]> {
  const rows = await queryRaw<Row>(`SELECT ${CONNECTION_COLUMNS} FROM "connections" ORDER BY "created_at"`);
  return rows.map(toRecord);
}

export async function getConnection({ id }: { id: string }): Promise<ConnectionRecord | null> {
  const row = await (await prisma()).connection.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function createConnection(
  fields: Pick<ConnectionRecord, "name" | "baseUrl" | "apiKey" | "prefix" | "enabled" | "models">,
): Promise<ConnectionRecord> {
  const now = new Date();
  const { models, ...rest } = fields;
  return toRecord(
    await (await prisma()).connection.create({
      data: { id: newId(), ...rest, models: JSON.stringify(models), createdAt: now, updatedAt: now },
    }),
  );
}

export async function updateConnection({
  id,
  changes,
}: {
  id: string;
  changes: ConnectionChanges;
}): Promise<ConnectionRecord | null> {
  const { count } = await (await prisma()).connection.updateMany({
    where: { id },
    data: { ...toData(changes), updatedAt: new Date() },
  });
  return count > 0 ? getConnection({ id }) : null;
}

export async function deleteConnection({ id }: { id: string }): Promise<boolean> {
  const { count } = await (await prisma()).connection.deleteMany({ where: { id } });
  return count > 0;
}

/** Whether the prefix is taken by a connection other than `exceptId`. */
export async function prefixTaken({
  prefix,
  exceptId,
}: {
  prefix: string;
  exceptId?: string;
}): Promise<boolean> {
  const client = await prisma();
  const others = await client.connection.count({
    where: { prefix, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  return others > 0;
}
