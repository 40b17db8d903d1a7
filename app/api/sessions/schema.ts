import { z } from "zod";

export const sessionsQuerySchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  // The Archived view lists only archived conversations; the others leave them out.
  archived: z.enum(["true", "false"]).optional(),
  folder_id: z.uuid().optional(),
});
