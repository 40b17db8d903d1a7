import { z } from "zod";
import { messageTextSchema } from "@/app/api/schema";

const streamFlag = z.boolean({ error: "must be true or false" }).optional();

export const regenerateRequestSchema = z.object({ stream: streamFlag }, { error: "must be a JSON object" });

export const editRequestSchema = z.object(
  { data: messageTextSchema, stream: streamFlag },
  { error: "must be a JSON object with data" },
);
