/** What the forms that create an account (the first one, sign-up) are told back. */
export type NewAccountState = { error?: string; username?: string; created?: { username: string } };
