export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className="rounded-lg bg-red-50 px-3 py-2 text-red-700 text-sm dark:bg-red-950 dark:text-red-300"
    >
      {message}
    </p>
  );
}
