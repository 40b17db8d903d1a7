import "server-only";
import { Decimal } from "@prisma/client/runtime/client";
import {
  type ArgType,
  type ColumnType,
  ColumnTypeEnum,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";

// Raw SQL run on Prisma's own adapter (and so its connection, or its pool) without going through
// the client: the client turns every raw query into a request for its query compiler and
// interpreter, which cost about 0.3 ms of CPU each, several times what the database takes for the
// app's statements, and load a WebAssembly module of some 36 MB (docs/performance-history.md).
// The rows come back as the client would give them: the conversions below are what
// @prisma/client 7.10's runtime applies to a raw result (serializeRawResult, then
// deserializeRawResult), for the column types the adapters report (the arrays of Postgres, which
// the app does not read, are left as they come). tests/integration/raw-sql compares the two on
// every kind of column the app reads.

const ANY_ARGUMENT: ArgType = { scalarType: "unknown", arity: "scalar" };

/** A query as the adapter takes it: each argument bound as it is. */
function toQuery(sql: string, args: unknown[]) {
  return { sql, args: args.map(toArgument), argTypes: args.map(() => ANY_ARGUMENT) };
}

/**
 * An argument as the adapter binds it: undefined as null, as the client binds it, and bytes as a
 * Buffer (better-sqlite3 takes no bare Uint8Array).
 */
function toArgument(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

function toValue(value: unknown, type: ColumnType): unknown {
  if (value === null) return null;
  switch (type) {
    case ColumnTypeEnum.Int32:
      return Math.trunc(Number(value));
    case ColumnTypeEnum.Int64:
      return typeof value === "number" ? BigInt(Math.trunc(value)) : BigInt(value as string);
    case ColumnTypeEnum.Boolean:
      return typeof value === "boolean" ? value : value === 1 || value === "true" || value === "1";
    case ColumnTypeEnum.Json:
      return typeof value === "string" ? JSON.parse(value) : value;
    case ColumnTypeEnum.Date:
    case ColumnTypeEnum.DateTime:
      return new Date(value as string);
    case ColumnTypeEnum.Time:
      return new Date(`1970-01-01T${value}Z`);
    case ColumnTypeEnum.Bytes:
      return new Uint8Array(value as Buffer);
    case ColumnTypeEnum.Numeric:
      return new Decimal(value as string);
    default:
      return value;
  }
}

/**
 * The adapter's error names only the kind of failure ("TableDoesNotExist"); the client's says what
 * SQLite said. The adapter's is kept as the cause (lib/db/unavailable.ts reads its kind).
 */
function withReason(error: unknown): never {
  const cause = (error as { cause?: { originalMessage?: unknown; message?: unknown } } | null)?.cause;
  const reason = cause?.originalMessage ?? cause?.message;
  if (typeof reason === "string") throw new Error(`Raw query failed: ${reason}`, { cause: error });
  throw error;
}

/** The rows of `sql` (with the adapter's placeholders), as Prisma's $queryRawUnsafe would return them. */
export async function adapterQueryRaw<Row>(
  adapter: SqlQueryable,
  sql: string,
  args: unknown[],
): Promise<Row[]> {
  const result = await adapter.queryRaw(toQuery(sql, args)).catch(withReason);
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (let index = 0; index < columnNames.length; index++) {
      record[columnNames[index] as string] = toValue(row[index], columnTypes[index] as ColumnType);
    }
    return record as Row;
  });
}

/** How many rows `sql` changed, as Prisma's $executeRawUnsafe would say. */
export function adapterExecuteRaw(adapter: SqlQueryable, sql: string, args: unknown[]): Promise<number> {
  return adapter.executeRaw(toQuery(sql, args)).catch(withReason);
}
