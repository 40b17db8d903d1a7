export const dynamic = "force-dynamic";

export default function Page() {
  return <p>A bare Next.js page.</p>;
}
