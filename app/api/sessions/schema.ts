import { z } from "zod";

export const sessionsQuerySchema = z.object({
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
