import { z } from "zod";

export const usageQuerySchema = z.object({
  days: z.coerce
    .number({ error: "days must be a number" })
    .int()
    .min(1, "days is 1 to 365")
    .max(365, "days is 1 to 365")
    .default(30),
});
