import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password";
import { mixesScripts } from "./username";

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "Enter a username.")
  .max(64, "Usernames are at most 64 characters.")
  .regex(/^[\p{L}\p{N}._-]+$/u, "Usernames may contain letters, digits, dots, dashes and underscores.")
  .refine(
    (username) => !mixesScripts(username),
    "Usernames may not mix alphabets (such as Latin and Cyrillic letters) that are not written together.",
  );

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Passwords are at most ${MAX_PASSWORD_LENGTH} characters.`);

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
