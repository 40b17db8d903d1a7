-- A user's recent messages, for the daily message quota: "messages_user_id_id_idx" exists since 0003.
SELECT 1;
