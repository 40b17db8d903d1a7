import { StatusPage } from "@/components/status-page";

export default function Forbidden() {
  return <StatusPage title="Not allowed" message="This page is for administrators." />;
}
